/*
 * fuzz_roundtrip: parse, serialize, parse again; the two parses must agree.
 *
 * Every message the strict parser accepts is turned into an h1_message
 * (method, target or status and reason, version, fields in order, content,
 * trailers) and written by h1_serialize(). The canonical bytes are parsed
 * again, strictly, and must give the same message: same start line, same
 * fields byte for byte, same content, same trailers, same framing and
 * flags. Serializing the second parse must reproduce the canonical bytes
 * exactly (the canonical form is a fixed point).
 *
 * Input: byte 0: bit 0 responses instead of requests; bits 1..7 the chunk
 * size the serializer uses for chunked content (0: one chunk). Then the
 * stream, parsed strictly; responses answer GET.
 *
 * Descriptions the serializer refuses by design are skipped, each for a
 * stated reason (see refused_by_design()). Any other refusal of a message
 * the strict parser accepted is a finding: the serializer promises to
 * refuse only what the parser would reject.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fuzz/fuzz_common.h"

#define MAX_MSGS   32
#define MAX_FIELDS 128

/* A parsed message, as offsets into the stream. */
struct span_off {
	size_t off, len;
};
struct fld {
	struct span_off name, value;
};
struct msg {
	struct h1_head head; /* spans and fields not used */
	struct span_off method, target, reason;
	struct fld *fields; /* nfields of them, malloc'ed */
	size_t nfields;
	struct fld *trailers;
	size_t ntrailers;
	uint8_t *body;
	size_t body_len;
	int complete;
};

struct collection {
	struct msg *m;
	size_t n;
	const uint8_t *stream; /* for data, during the run */
	size_t cap_body;
};

static struct span_off off_of(struct h1_span s, const uint8_t *stream)
{
	struct span_off o;

	o.off = s.len ? (size_t)((const uint8_t *)s.p - stream) : 0;
	o.len = s.len;
	return o;
}

static void collect(void *ctx, struct h1_parser *p, const struct h1_event *ev, const uint8_t *s)
{
	struct collection *c = ctx;
	struct msg *m;
	size_t i;

	(void)p;
	if (ev->type == H1_EV_HEAD) {
		if (c->n == MAX_MSGS)
			return;
		m = &c->m[c->n++];
		memset(m, 0, sizeof(*m));
		m->head = ev->head;
		m->method = off_of(ev->head.method, s);
		m->target = off_of(ev->head.target, s);
		m->reason = off_of(ev->head.reason, s);
		m->nfields = ev->head.nfields < MAX_FIELDS ? ev->head.nfields : MAX_FIELDS;
		m->fields = malloc((m->nfields + 1) * sizeof(*m->fields));
		m->body = malloc(c->cap_body + 1);
		if (m->fields == NULL || m->body == NULL)
			fz_die("out of memory");
		for (i = 0; i < m->nfields; i++) {
			m->fields[i].name = off_of(ev->head.fields[i].name, s);
			m->fields[i].value = off_of(ev->head.fields[i].value, s);
		}
		return;
	}
	if (c->n == 0 || c->m[c->n - 1].complete)
		return; /* past MAX_MSGS */
	m = &c->m[c->n - 1];
	if (ev->type == H1_EV_DATA) {
		memcpy(m->body + m->body_len, ev->data.p, ev->data.len);
		m->body_len += ev->data.len;
	} else if (ev->type == H1_EV_TRAILERS) {
		m->ntrailers = ev->head.nfields < MAX_FIELDS ? ev->head.nfields : MAX_FIELDS;
		m->trailers = malloc((m->ntrailers + 1) * sizeof(*m->trailers));
		if (m->trailers == NULL)
			fz_die("out of memory");
		for (i = 0; i < m->ntrailers; i++) {
			m->trailers[i].name = off_of(ev->head.fields[i].name, s);
			m->trailers[i].value = off_of(ev->head.fields[i].value, s);
		}
	} else if (ev->type == H1_EV_END) {
		m->complete = 1;
	}
}

static void free_collection(struct collection *c)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		free(c->m[i].body);
		free(c->m[i].fields);
		free(c->m[i].trailers);
	}
	free(c->m);
}

static struct h1_span at(const uint8_t *s, struct span_off o)
{
	struct h1_span r;

	r.p = (const char *)s + o.off;
	r.len = o.len;
	return r;
}

/* The description of m, with spans into stream s. fields/trailers are
 * caller arrays of MAX_FIELDS. */
static void describe(const struct msg *m, const uint8_t *s, int kind, size_t chunk_size,
                     struct h1_field *fields, struct h1_field *trailers, struct h1_message *out)
{
	size_t i;

	memset(out, 0, sizeof(*out));
	out->kind = kind;
	out->method = at(s, m->method);
	out->target = at(s, m->target);
	out->status = m->head.status;
	out->reason = at(s, m->reason);
	out->version_minor = m->head.version_minor;
	for (i = 0; i < m->nfields; i++) {
		fields[i].name = at(s, m->fields[i].name);
		fields[i].value = at(s, m->fields[i].value);
		fields[i].flags = 0;
	}
	for (i = 0; i < m->ntrailers; i++) {
		trailers[i].name = at(s, m->trailers[i].name);
		trailers[i].value = at(s, m->trailers[i].value);
		trailers[i].flags = 0;
	}
	out->fields = fields;
	out->nfields = m->nfields;
	out->trailers = trailers;
	out->ntrailers = m->ntrailers;
	out->content.p = (const char *)m->body;
	out->content.len = m->body_len;
	out->chunked = m->head.body == H1_BODY_CHUNKED;
	out->chunk_size = chunk_size;
}

/*
 * Messages the serializer cannot describe, by design: its description has
 * no way to say "framing fields present but no content follows" (HEAD-like
 * responses such as 304 with Content-Length, which the parser reads as
 * having no content) or "Transfer-Encoding without chunked, content until
 * close" (a response whose final coding is not chunked). Returns the
 * reason, or NULL.
 */
static const char *refused_by_design(const struct msg *m)
{
	const struct h1_head *h = &m->head;

	if ((h->body == H1_BODY_NONE || h->body == H1_BODY_TUNNEL) &&
	    (h->flags & (H1_MSG_HAS_CL | H1_MSG_HAS_TE)))
		return "framing fields on a message without content";
	if (h->body == H1_BODY_CLOSE && (h->flags & H1_MSG_HAS_TE))
		return "Transfer-Encoding without final chunked, content until close";
	return NULL;
}

/*
 * Known bug serialize-te-list (fuzz/known-bugs): the serializer reads only
 * the first Transfer-Encoding field line and requires its raw value to
 * end in "chunked", so it refuses codings listed over several lines or
 * with an empty list element after chunked, which the parser (rightly,
 * RFC 9110 §5.3 and §5.6.1) accepts. True if m has such a form.
 */
static int te_list_form(const struct h1_message *m)
{
	size_t i, lines = 0;
	const struct h1_field *first = NULL;

	for (i = 0; i < m->nfields; i++) {
		const struct h1_span nm = m->fields[i].name;
		if (nm.len == 17 && strncasecmp(nm.p, "transfer-encoding", 17) == 0) {
			if (first == NULL)
				first = &m->fields[i];
			lines++;
		}
	}
	if (first == NULL)
		return 0;
	return lines > 1 || first->value.len < 7 ||
	       strncasecmp(first->value.p + first->value.len - 7, "chunked", 7) != 0;
}

static int span_eq(struct h1_span a, struct h1_span b)
{
	return a.len == b.len && (a.len == 0 || memcmp(a.p, b.p, a.len) == 0);
}

static void expect_same(const struct h1_message *a, const struct h1_message *b, const struct msg *ma,
                        const struct msg *mb)
{
	size_t i;

	FZ_ASSERT(span_eq(a->method, b->method) && span_eq(a->target, b->target),
	          "round trip changed the method or target");
	FZ_ASSERT(a->status == b->status && span_eq(a->reason, b->reason),
	          "round trip changed the status line");
	FZ_ASSERT(a->version_minor == b->version_minor, "round trip changed the version");
	FZ_ASSERT(a->nfields == b->nfields, "round trip: %zu fields became %zu", a->nfields, b->nfields);
	for (i = 0; i < a->nfields; i++)
		FZ_ASSERT(span_eq(a->fields[i].name, b->fields[i].name) &&
		                  span_eq(a->fields[i].value, b->fields[i].value),
		          "round trip changed field %zu", i);
	FZ_ASSERT(a->ntrailers == b->ntrailers, "round trip: %zu trailers became %zu", a->ntrailers,
	          b->ntrailers);
	for (i = 0; i < a->ntrailers; i++)
		FZ_ASSERT(span_eq(a->trailers[i].name, b->trailers[i].name) &&
		                  span_eq(a->trailers[i].value, b->trailers[i].value),
		          "round trip changed trailer %zu", i);
	FZ_ASSERT(span_eq(a->content, b->content), "round trip changed the content (%zu -> %zu bytes)",
	          a->content.len, b->content.len);
	FZ_ASSERT(ma->head.body == mb->head.body && ma->head.content_length == mb->head.content_length,
	          "round trip changed the framing (%d -> %d)", ma->head.body, mb->head.body);
	FZ_ASSERT(ma->head.flags == mb->head.flags, "round trip changed the message flags (%#x -> %#x)",
	          ma->head.flags, mb->head.flags);
	FZ_ASSERT(ma->head.target_form == mb->head.target_form && ma->head.host_index == mb->head.host_index,
	          "round trip changed the target form or Host");
}

/* Serialize into a new buffer of the exact size, checking the two-call
 * protocol (measure, then write). Returns the buffer or NULL with
 * *bad_code set when the description is refused. */
static char *serialize(const struct h1_message *m, size_t *len, int *bad_code)
{
	size_t need = 0, got = 0;
	int rc = h1_serialize(m, NULL, 0, &need, bad_code);
	char *out;

	if (rc == H1_EINVAL)
		return NULL;
	FZ_ASSERT(rc == H1_NEED_MORE || (rc == H1_OK && need == 0), "measuring returned %d", rc);
	FZ_ASSERT(*bad_code == H1_E_NONE, "accepted with bad_code %d", *bad_code);
	out = malloc(need ? need : 1);
	if (out == NULL)
		fz_die("out of memory");
	rc = h1_serialize(m, out, need, &got, bad_code);
	if (rc == H1_EINVAL) {
		/* refused once written, after parsing its own output */
		free(out);
		return NULL;
	}
	FZ_ASSERT(rc == H1_OK && got == need, "writing %zu measured bytes returned %d (%zu)", need, rc, got);
	*len = need;
	return out;
}

static void roundtrip_one(const struct msg *m, const uint8_t *s, int kind, size_t chunk_size)
{
	static struct h1_field f1[MAX_FIELDS], t1[MAX_FIELDS], f2[MAX_FIELDS], t2[MAX_FIELDS];
	struct h1_message d1, d2;
	struct collection again = {0};
	struct fz_run cfg = {0};
	struct fz_result res;
	size_t len = 0, len2 = 0;
	int bad = 0;
	char *wire, *wire2;

	describe(m, s, kind, chunk_size, f1, t1, &d1);
	wire = serialize(&d1, &len, &bad);
	if (wire == NULL) {
		const char *why = refused_by_design(m);
		if (why == NULL && te_list_form(&d1) && fz_known_bug("serialize-te-list"))
			return;
		FZ_ASSERT(why != NULL, "serializer refused a message the strict parser accepted: %s",
		          h1_error_name(bad) ? h1_error_name(bad) : "(no code)");
		return;
	}

	again.m = calloc(MAX_MSGS, sizeof(*again.m));
	if (again.m == NULL)
		fz_die("out of memory");
	again.cap_body = len;
	cfg.kind = kind;
	cfg.on_event = collect;
	cfg.ctx = &again;
	fz_run_stream(&cfg, (const uint8_t *)wire, len, NULL, &res);
	if (res.status != H1_DONE)
		fz_die("the strict parser rejects the serializer's output: %s at %llu", res.error.name,
		       (unsigned long long)res.error.offset);
	FZ_ASSERT(again.n == 1 && again.m[0].complete, "serialized message parsed as %zu messages", again.n);
	FZ_ASSERT(res.consumed == len, "serialized message leaves %llu bytes unread",
	          (unsigned long long)(len - res.consumed));
	describe(&again.m[0], (const uint8_t *)wire, kind, chunk_size, f2, t2, &d2);
	expect_same(&d1, &d2, m, &again.m[0]);

	wire2 = serialize(&d2, &len2, &bad);
	FZ_ASSERT(wire2 != NULL, "serializer refused its own output's parse");
	FZ_ASSERT(len2 == len && memcmp(wire, wire2, len) == 0, "canonical form is not a fixed point");
	free(wire2);
	free(wire);
	free_collection(&again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_in in = {data, size};
	struct fz_run cfg = {0};
	struct collection c = {0};
	uint8_t mode = fz_u8(&in);
	size_t i;

	cfg.kind = (mode & 1) ? H1_RESPONSE : H1_REQUEST;
	c.m = calloc(MAX_MSGS, sizeof(*c.m));
	if (c.m == NULL)
		fz_die("out of memory");
	c.cap_body = in.n;
	cfg.on_event = collect;
	cfg.ctx = &c;
	fz_run_stream(&cfg, in.p, in.n, NULL, NULL);
	for (i = 0; i < c.n; i++)
		if (c.m[i].complete)
			roundtrip_one(&c.m[i], in.p, cfg.kind, mode >> 1);
	free_collection(&c);
	return 0;
}
