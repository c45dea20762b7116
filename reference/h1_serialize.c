/*
 * The canonical serializer: a message description to the bytes a strict
 * sender would put on the wire (RFC 9112 §2.1, §3, §4, §5, §7.1).
 *
 * Canonical means: single SP separators, CRLF line ends, "name: value" with
 * exactly one SP after the colon, chunk sizes in lower-case hex without
 * leading zeros. It refuses descriptions the reference parser would reject,
 * so that parse(serialize(m)) == m is a property the tests and the fuzzers
 * can rely on. The writer measures as it goes, so one pass both checks the
 * capacity and reports the size needed.
 */
#include "reference/h1.h"

#include <string.h>

#include "reference/h1_chars.h"
#include "reference/h1_uri.h"

struct writer {
	char *out;
	size_t cap;
	size_t len;
};

static void put(struct writer *w, const void *p, size_t n)
{
	if (w->len < w->cap && n > 0) {
		size_t room = w->cap - w->len;
		memcpy(w->out + w->len, p, n < room ? n : room);
	}
	w->len += n;
}

static void put_str(struct writer *w, const char *s)
{
	put(w, s, strlen(s));
}

static void put_span(struct writer *w, struct h1_span s)
{
	put(w, s.p, s.len);
}

static void put_hex(struct writer *w, uint64_t v)
{
	char tmp[16];
	size_t i = sizeof(tmp);

	do {
		tmp[--i] = "0123456789abcdef"[v & 15];
		v >>= 4;
	} while (v);
	put(w, tmp + i, sizeof(tmp) - i);
}

static void put_dec(struct writer *w, uint64_t v)
{
	char tmp[20];
	size_t i = sizeof(tmp);

	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	put(w, tmp + i, sizeof(tmp) - i);
}

static int is_token(struct h1_span s)
{
	size_t i;

	if (s.len == 0)
		return 0;
	for (i = 0; i < s.len; i++)
		if (!H1_IS(s.p[i], H1C_TCHAR))
			return 0;
	return 1;
}

/* A field value that reads back unchanged: field-vchar, SP and HTAB, and no
 * OWS at either end (a parser strips it). */
static int is_clean_value(struct h1_span v)
{
	size_t i;

	if (v.len && (H1_IS(v.p[0], H1C_OWS) || H1_IS(v.p[v.len - 1], H1C_OWS)))
		return 0;
	for (i = 0; i < v.len; i++)
		if (!H1_IS(v.p[i], H1C_VCHAR) && !H1_IS(v.p[i], H1C_OWS))
			return 0;
	return 1;
}

static int check_fields(const struct h1_field *f, size_t n, int *bad_code)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (!is_token(f[i].name)) {
			*bad_code = f[i].name.len ? H1_E_FIELD_NAME_CHAR : H1_E_FIELD_NAME_EMPTY;
			return -1;
		}
		if (!is_clean_value(f[i].value)) {
			*bad_code = H1_E_FIELD_VALUE_CHAR;
			return -1;
		}
	}
	return 0;
}

static const struct h1_field *find_field(const struct h1_field *f, size_t n, const char *lower)
{
	size_t i, len = strlen(lower);

	for (i = 0; i < n; i++)
		if (h1__lower_eq(f[i].name.p, f[i].name.len, lower, len))
			return &f[i];
	return NULL;
}

/* Quick framing checks that give a precise reason; verify() below is the
 * final word on everything else. */
static int check_framing(const struct h1_message *m, int *bad_code)
{
	const struct h1_field *cl = find_field(m->fields, m->nfields, "content-length");

	if (m->chunked && cl) {
		*bad_code = H1_E_TE_AND_CL;
		return -1;
	}
	if (!m->chunked && m->ntrailers) {
		*bad_code = H1_E_TRAILER_FORBIDDEN;
		return -1;
	}
	if (!m->chunked && cl) {
		uint64_t v = 0;
		size_t i;
		for (i = 0; i < cl->value.len; i++) {
			if (!H1_IS(cl->value.p[i], H1C_DIGIT) || v > (UINT64_MAX - 9) / 10) {
				*bad_code = H1_E_CL_INVALID;
				return -1;
			}
			v = v * 10 + (uint64_t)(cl->value.p[i] - '0');
		}
		if (cl->value.len == 0 || v != m->content.len) {
			*bad_code = H1_E_CL_INVALID;
			return -1;
		}
	} else if (!m->chunked && m->content.len && m->kind == H1_REQUEST) {
		/* a request without framing fields has no content (RFC 9112 §6.3) */
		*bad_code = H1_E_CL_INVALID;
		return -1;
	}
	return 0;
}

/* Most fields of a message the serializer can check on the way out. */
#define VERIFY_FIELDS 256

/*
 * The promise of h1_serialize() is that the strict parser reads its output
 * back as the message described. Rather than restating every rule of the
 * parser here (Host, list syntax, framing by status, trailers, ...), parse
 * the bytes: one message must come out, framed the way the description
 * says, with all of its content. Limits are as large as the message, so
 * only the RFC rules can refuse it.
 */
static int verify(const struct h1_message *m, const char *buf, size_t len, int *bad_code)
{
	struct h1_field fields[VERIFY_FIELDS];
	struct h1_limits lim;
	struct h1_parser p;
	struct h1_event ev;
	size_t pos = 0, used, content = 0;
	int heads = 0, ends = 0, body = -1, rc;

	if (m->nfields > VERIFY_FIELDS || m->ntrailers > VERIFY_FIELDS) {
		*bad_code = H1_E_TOO_MANY_FIELDS;
		return -1;
	}
	lim.start_line = lim.field_line = lim.head = lim.chunk_ext = len + 1;
	lim.fields = VERIFY_FIELDS;
	h1_parser_init(&p, m->kind, fields, VERIFY_FIELDS, &lim, 0);
	for (;;) {
		rc = pos < len ? h1_parse(&p, buf + pos, len - pos, &used, &ev)
		               : h1_finish(&p, buf + pos, len - pos, &used, &ev);
		pos += used;
		if (rc == H1_NEED_MORE && pos < len) {
			*bad_code = H1_E_INCOMPLETE_HEAD;
			return -1;
		}
		if (rc == H1_NEED_MORE)
			continue;
		if (rc == H1_VIOLATION) {
			/* bytes left over after the message: the content was not
			 * framed the way the fields say */
			if (ends > 0)
				*bad_code = m->chunked ? H1_E_TE_NOT_CHUNKED_FINAL : H1_E_CL_INVALID;
			else
				*bad_code = p.error.code;
			return -1;
		}
		if (rc != H1_OK)
			break;
		if (ev.type == H1_EV_HEAD) {
			heads++;
			body = ev.head.body;
		} else if (ev.type == H1_EV_DATA) {
			content += ev.data.len;
		} else if (ev.type == H1_EV_END) {
			ends++;
		}
	}
	/* one message (a 1xx is followed by nothing here), read to its end */
	if (heads != 1 || ends != 1 || pos != len) {
		*bad_code = H1_E_INCOMPLETE_BODY;
		return -1;
	}
	if ((m->chunked != 0) != (body == H1_BODY_CHUNKED) || content != m->content.len) {
		*bad_code = m->chunked ? H1_E_TE_NOT_CHUNKED_FINAL : H1_E_CL_INVALID;
		return -1;
	}
	return 0;
}

static int check_start(const struct h1_message *m, int *bad_code)
{
	size_t i, bad;
	int form;

	if (m->version_minor < 0 || m->version_minor > 9) {
		*bad_code = H1_E_VERSION;
		return -1;
	}
	if (m->kind == H1_REQUEST) {
		if (!is_token(m->method)) {
			*bad_code = H1_E_METHOD;
			return -1;
		}
		*bad_code = h1__check_target(m->target.p, m->target.len,
		                             h1__method_class(m->method.p, m->method.len), 0, &form, &bad);
		return *bad_code ? -1 : 0;
	}
	if (m->status < 100 || m->status > 599) {
		*bad_code = H1_E_STATUS_RANGE;
		return -1;
	}
	for (i = 0; i < m->reason.len; i++) {
		if (!H1_IS(m->reason.p[i], H1C_VCHAR) && !H1_IS(m->reason.p[i], H1C_OWS)) {
			*bad_code = H1_E_REASON_CHAR;
			return -1;
		}
	}
	return 0;
}

static void put_fields(struct writer *w, const struct h1_field *f, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		put_span(w, f[i].name);
		put(w, ": ", 2);
		put_span(w, f[i].value);
		put(w, "\r\n", 2);
	}
}

int h1_serialize(const struct h1_message *m, char *out, size_t cap, size_t *len, int *bad_code)
{
	struct writer w;
	int dummy = 0;

	if (bad_code == NULL)
		bad_code = &dummy;
	*bad_code = H1_E_NONE;
	if (m == NULL || len == NULL || (out == NULL && cap) ||
	    (m->kind != H1_REQUEST && m->kind != H1_RESPONSE))
		return H1_EINVAL;
	if (check_start(m, bad_code) || check_fields(m->fields, m->nfields, bad_code) ||
	    check_fields(m->trailers, m->ntrailers, bad_code) || check_framing(m, bad_code))
		return H1_EINVAL;

	w.out = out;
	w.cap = cap;
	w.len = 0;
	if (m->kind == H1_REQUEST) {
		put_span(&w, m->method);
		put(&w, " ", 1);
		put_span(&w, m->target);
		put_str(&w, " HTTP/1.");
		put_dec(&w, (uint64_t)m->version_minor);
	} else {
		put_str(&w, "HTTP/1.");
		put_dec(&w, (uint64_t)m->version_minor);
		put(&w, " ", 1);
		put_dec(&w, (uint64_t)m->status);
		put(&w, " ", 1);
		put_span(&w, m->reason);
	}
	put(&w, "\r\n", 2);
	put_fields(&w, m->fields, m->nfields);
	put(&w, "\r\n", 2);

	if (!m->chunked) {
		put_span(&w, m->content);
	} else {
		size_t step = m->chunk_size ? m->chunk_size : m->content.len, off = 0, k = 0;
		while (off < m->content.len) {
			size_t n = m->content.len - off < step ? m->content.len - off : step;
			put_hex(&w, n);
			if (k < m->nchunk_exts)
				put_span(&w, m->chunk_exts[k]);
			put(&w, "\r\n", 2);
			put(&w, m->content.p + off, n);
			put(&w, "\r\n", 2);
			off += n;
			k++;
		}
		put(&w, "0", 1);
		if (k < m->nchunk_exts)
			put_span(&w, m->chunk_exts[k]);
		put(&w, "\r\n", 2);
		put_fields(&w, m->trailers, m->ntrailers);
		put(&w, "\r\n", 2);
	}
	*len = w.len;
	if (w.len > cap)
		return H1_NEED_MORE;
	return verify(m, out, w.len, bad_code) == 0 ? H1_OK : H1_EINVAL;
}
