/*
 * The checked driver and the helpers shared by the fuzz targets (see
 * fuzz_common.h for what each guarantees).
 *
 * The checks here restate the contract of reference/h1.h and the framing
 * rules of RFC 9112 §6.3 independently of the parser's code: character
 * classes are written out again rather than taken from reference/, so a
 * mistake in the parser's tables is not hidden by sharing them.
 */
#include "fuzz/fuzz_common.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FZ_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) && !defined(FZ_ASAN)
#define FZ_ASAN 1
#endif
#ifdef FZ_ASAN
#include <sanitizer/asan_interface.h>
#endif

uint8_t fz_u8(struct fz_in *in)
{
	uint8_t b;

	if (in->n == 0)
		return 0;
	b = in->p[0];
	in->p++;
	in->n--;
	return b;
}

unsigned fz_lenient_from_byte(uint8_t b)
{
	static const unsigned groups[8] = {
	        H1_LENIENT_BARE_LF | H1_LENIENT_BARE_CR,
	        H1_LENIENT_OBS_FOLD | H1_LENIENT_CTL_IN_VALUE,
	        H1_LENIENT_WS_BEFORE_COLON | H1_LENIENT_REQUEST_LINE_WS,
	        H1_LENIENT_MISSING_HOST | H1_LENIENT_HOST_DUPLICATE,
	        H1_LENIENT_HTTP09 | H1_LENIENT_TARGET_CHARS,
	        H1_LENIENT_TE_AND_CL | H1_LENIENT_CL_LIST,
	        H1_LENIENT_CHUNK_SIZE_WS | H1_LENIENT_TE_UNKNOWN | H1_LENIENT_TE_HTTP10,
	        H1_LENIENT_TRAILER_FIELDS | H1_LENIENT_STATUS_NO_SP | H1_LENIENT_NO_BODY_FRAMING,
	};
	unsigned flags = 0, i;

	for (i = 0; i < 8; i++)
		if (b & (1u << i))
			flags |= groups[i];
	return flags;
}

const char *fz_method_name(unsigned code)
{
	static const char *const names[4] = {"GET", "HEAD", "CONNECT", "POST"};
	return names[code & 3];
}

_Noreturn void fz__die(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("fuzz oracle: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

/* The build passes fuzz/known-bugs in as FZ_KNOWN_BUGS ("id,id"). */
#ifndef FZ_KNOWN_BUGS
#define FZ_KNOWN_BUGS ""
#endif

static int in_list(const char *list, const char *id)
{
	const char *p;
	size_t n = strlen(id);

	for (p = list; p && *p;) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (len == n && memcmp(p, id, n) == 0)
			return 1;
		p = e ? e + 1 : p + len;
	}
	return 0;
}

int fz_known_bug(const char *id)
{
	const char *env = getenv("FUZZ_KNOWN_BUGS");

	return in_list(env ? env : FZ_KNOWN_BUGS, id);
}

/* ---------------------------------------------------------------------- */
/* traces                                                                 */

static void trace_put(struct fz_trace *t, const char *s, size_t n)
{
	if (t->len + n + 1 > t->cap) {
		size_t cap = t->cap ? t->cap : 256;
		char *nt;
		while (cap < t->len + n + 1)
			cap *= 2;
		nt = realloc(t->text, cap);
		if (nt == NULL)
			fz_die("out of memory for a trace of %zu bytes", cap);
		t->text = nt;
		t->cap = cap;
	}
	memcpy(t->text + t->len, s, n);
	t->len += n;
	t->text[t->len] = '\0';
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void
trace_printf(struct fz_trace *t, const char *fmt, ...)
{
	char tmp[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(tmp))
		fz_die("trace line too long");
	trace_put(t, tmp, (size_t)n);
}

static void trace_flush_run(struct fz_trace *t)
{
	if (t->run_open)
		trace_printf(t, "D@%llu+%llu\n", (unsigned long long)t->run_off,
		             (unsigned long long)t->run_len);
	t->run_open = 0;
}

void fz_trace_free(struct fz_trace *t)
{
	free(t->text);
	memset(t, 0, sizeof(*t));
}

static void print_trace(const char *label, const struct fz_trace *t)
{
	fprintf(stderr, "--- %s\n%s", label, t->text ? t->text : "(empty)\n");
}

void fz_trace_expect_equal(const struct fz_trace *want, const struct fz_trace *got, const char *what)
{
	if (want->len == got->len && (want->len == 0 || memcmp(want->text, got->text, want->len) == 0))
		return;
	print_trace("expected", want);
	print_trace("got", got);
	fz_die("%s: the event traces differ", what);
}

void fz_trace_expect_prefix(const struct fz_trace *want, const struct fz_trace *got, const char *what)
{
	size_t n = want->last_end;

	if (n == 0 || (got->len >= n && memcmp(want->text, got->text, n) == 0))
		return;
	print_trace("expected a prefix", want);
	print_trace("got", got);
	fz_die("%s: the complete messages differ", what);
}

/* ---------------------------------------------------------------------- */
/* independent character classes                                          */

static int is_tchar(unsigned char c)
{
	/* RFC 9110 §5.6.2 */
	if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
		return 1;
	return c != 0 && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

static int is_token(struct h1_span s)
{
	size_t i;

	if (s.len == 0)
		return 0;
	for (i = 0; i < s.len; i++)
		if (!is_tchar((unsigned char)s.p[i]))
			return 0;
	return 1;
}

static int lower_eq(struct h1_span s, const char *lower)
{
	size_t i, n = strlen(lower);

	if (s.len != n)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s.p[i];
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c + 32);
		if (c != (unsigned char)lower[i])
			return 0;
	}
	return 1;
}

/* ---------------------------------------------------------------------- */
/* the driver                                                             */

/* Under ASan: only buf[lo..hi) may be read; the rest of the copy is
 * poisoned. ASan tracks 8-byte granules, so the front fence is rounded
 * down (the copy is malloc'ed, hence aligned). */
static void fence(const uint8_t *buf, size_t n, size_t lo, size_t hi)
{
#ifdef FZ_ASAN
	ASAN_UNPOISON_MEMORY_REGION(buf, n);
	if (hi < n)
		ASAN_POISON_MEMORY_REGION(buf + hi, n - hi);
	lo &= ~(size_t)7;
	if (lo)
		ASAN_POISON_MEMORY_REGION(buf, lo);
#else
	(void)buf;
	(void)n;
	(void)lo;
	(void)hi;
#endif
}

/* What the driver knows between calls. */
struct drive {
	const struct fz_run *cfg;
	const uint8_t *buf;
	size_t n;
	struct fz_trace *trace;
	struct h1_field *fields;
	size_t fields_limit;
	size_t mi;      /* responses: index of the method answered */
	int in_message; /* a HEAD was seen and its END not yet */
	int after_trailers;
	int body; /* of the current message */
	int status;
	unsigned flags;
	int method_class; /* requests: 1 for CONNECT */
	uint64_t content_length, data_total;
	uint64_t last_offset;
	unsigned ends;
	int expect_done; /* 0 none, else the enum h1_done the next DONE must carry */
	int must_stop;   /* the last message ended the stream */
};

static const char *current_method(const struct drive *d)
{
	const struct fz_run *c = d->cfg;

	if (c->nmethods == 0)
		return "GET";
	return c->methods[d->mi < c->nmethods ? d->mi : c->nmethods - 1];
}

static int current_method_is(const struct drive *d, const char *name)
{
	return strcmp(current_method(d), name) == 0;
}

static void set_method(struct drive *d, struct h1_parser *p)
{
	const struct fz_run *c = d->cfg;
	const char *m;

	if (c->kind != H1_RESPONSE || c->nmethods == 0)
		return;
	m = c->methods[d->mi < c->nmethods ? d->mi : c->nmethods - 1];
	h1_parser_set_request_method(p, m, strlen(m));
}

/* The span is empty, or lies inside [lo, hi) of the copy. Returns its
 * stream offset (or UINT64_MAX for an empty span) for the trace. */
static uint64_t span_in(const struct drive *d, struct h1_span s, uint64_t lo, uint64_t hi, const char *what)
{
	const char *base = (const char *)d->buf;

	if (s.len == 0)
		return UINT64_MAX;
	FZ_ASSERT(s.p != NULL && s.p >= base + lo && s.p <= base + hi && s.len <= (size_t)(base + hi - s.p),
	          "%s span (%p, %zu) outside the bytes [%llu, %llu) of its section", what, (const void *)s.p,
	          s.len, (unsigned long long)lo, (unsigned long long)hi);
	return (uint64_t)(s.p - base);
}

static void trace_span(struct drive *d, const char *key, struct h1_span s, uint64_t lo, uint64_t hi)
{
	uint64_t off = span_in(d, s, lo, hi, key);

	if (d->trace == NULL)
		return;
	if (off == UINT64_MAX)
		trace_printf(d->trace, " %s=-", key);
	else
		trace_printf(d->trace, " %s=%llu+%zu", key, (unsigned long long)off, s.len);
}

static int is_fold_byte(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/*
 * h1_field_value_copy() on a value accepted with obs-fold or bare CR. The
 * RFC lets the repair use one or more SP per fold, so the exact spacing is
 * not pinned down here; what is: the result is no longer than the span,
 * has no CR or LF, starts and ends where the span does, keeps every other
 * byte in order, and does not depend on the capacity it is given.
 */
static void check_repair(const struct h1_field *f, size_t idx)
{
	struct h1_span v = f->value;
	size_t need = h1_field_value_copy(f, NULL, 0), got, i, k;
	char *out;

	if (need > v.len && fz_known_bug("value-copy"))
		return;
	FZ_ASSERT(need <= v.len, "field %zu: repaired value of %zu bytes from a span of %zu", idx, need,
	          v.len);
	out = malloc(v.len + 1);
	if (out == NULL)
		fz_die("out of memory");
	got = h1_field_value_copy(f, out, v.len + 1);
	FZ_ASSERT(got == need, "field %zu: repaired length %zu, then %zu", idx, need, got);
	for (i = k = 0; i < v.len || k < got;) {
		while (i < v.len && is_fold_byte((unsigned char)v.p[i]))
			i++;
		while (k < got && (out[k] == ' ' || out[k] == '\t'))
			k++;
		if (i == v.len && k == got)
			break;
		if (i == v.len || k == got || v.p[i] != out[k]) {
			if (fz_known_bug("value-copy"))
				break;
			free(out);
			fz_die("field %zu: repair changed the value's bytes (at %zu of the span)", idx, i);
		}
		i++;
		k++;
	}
	for (k = 0; k < got; k++)
		FZ_ASSERT(out[k] != '\r' && out[k] != '\n', "field %zu: repaired value keeps a line break",
		          idx);
	FZ_ASSERT(got == 0 ||
	                  (!is_fold_byte((unsigned char)out[0]) &&
	                   !is_fold_byte((unsigned char)out[got - 1])) ||
	                  fz_known_bug("value-copy"),
	          "field %zu: repaired value starts or ends with whitespace", idx);
	free(out);
}

static void check_fields(struct drive *d, const struct h1_field *f, size_t nf, uint64_t lo, uint64_t hi)
{
	unsigned lenient = d->cfg->lenient;
	size_t i, k;

	FZ_ASSERT(f == d->fields, "fields do not point at the array given to h1_parser_init()");
	FZ_ASSERT(nf <= d->fields_limit, "%zu fields but the limit is %zu", nf, d->fields_limit);
	for (i = 0; i < nf; i++) {
		struct h1_span v = f[i].value;
		span_in(d, f[i].name, lo, hi, "field name");
		span_in(d, v, lo, hi, "field value");
		FZ_ASSERT(is_token(f[i].name), "field %zu: name is not a token", i);
		FZ_ASSERT((f[i].flags & ~H1_FIELD_NEEDS_REPAIR) == 0, "field %zu: unknown flags %#x", i,
		          f[i].flags);
		FZ_ASSERT(lenient || f[i].flags == 0, "field %zu: needs repair under the strict parser", i);
		if (v.len) {
			unsigned char a = (unsigned char)v.p[0], z = (unsigned char)v.p[v.len - 1];
			FZ_ASSERT(a != ' ' && a != '\t' && z != ' ' && z != '\t',
			          "field %zu: value keeps leading or trailing whitespace", i);
		}
		if (f[i].flags & H1_FIELD_NEEDS_REPAIR) {
			check_repair(&f[i], i);
			continue;
		}
		for (k = 0; k < v.len; k++) {
			unsigned char c = (unsigned char)v.p[k];
			int ctl = c < 0x20 || c == 0x7f;
			if (!ctl || c == '\t')
				continue;
			/* RFC 9110 §5.5: CR, LF and NUL never; other controls
			 * only with ctl-in-value */
			FZ_ASSERT(c != '\r' && c != '\n' && c != 0 && (lenient & H1_LENIENT_CTL_IN_VALUE),
			          "field %zu: value byte 0x%02x at %zu accepted", i, c, k);
		}
	}
}

/* RFC 9112 §6.3 restated from the head's flags, the status and the method
 * answered. */
static void check_framing(struct drive *d, const struct h1_head *h)
{
	int te = (h->flags & H1_MSG_HAS_TE) != 0, cl = (h->flags & H1_MSG_HAS_CL) != 0;

	FZ_ASSERT(h->body >= H1_BODY_NONE && h->body <= H1_BODY_TUNNEL, "unknown body kind %d", h->body);
	FZ_ASSERT(h->body == H1_BODY_LENGTH || h->content_length == 0,
	          "content_length %llu without a Content-Length body", (unsigned long long)h->content_length);
	if (h->version_major == 0) {
		FZ_ASSERT(h->body == H1_BODY_NONE, "HTTP/0.9 request with a body");
		return;
	}
	if (h->kind == H1_REQUEST) {
		int want = te ? H1_BODY_CHUNKED : cl ? H1_BODY_LENGTH : H1_BODY_NONE;
		FZ_ASSERT(h->body == want, "request framing %d, RFC 9112 §6.3 says %d", h->body, want);
		return;
	}
	if (h->status == 101) {
		FZ_ASSERT(h->body == H1_BODY_TUNNEL, "101 response not a switch of protocol");
	} else if (current_method_is(d, "CONNECT") && h->status >= 200 && h->status < 300) {
		/* RFC 9110 §9.3.6: any 2xx, 204 included, switches to the tunnel */
		FZ_ASSERT(h->body == H1_BODY_TUNNEL, "%d to CONNECT is not a tunnel", h->status);
	} else if (h->status < 200 || h->status == 204 || h->status == 304) {
		FZ_ASSERT(h->body == H1_BODY_NONE, "%d response framed as %d (answering %s)", h->status,
		          h->body, current_method(d));
	} else if (current_method_is(d, "HEAD")) {
		FZ_ASSERT(h->body == H1_BODY_NONE, "response to HEAD with content");
	} else if (te) {
		FZ_ASSERT(h->body == H1_BODY_CHUNKED || h->body == H1_BODY_CLOSE,
		          "Transfer-Encoding response framed as %d", h->body);
	} else if (cl) {
		FZ_ASSERT(h->body == H1_BODY_LENGTH, "Content-Length response framed as %d", h->body);
	} else {
		FZ_ASSERT(h->body == H1_BODY_CLOSE, "unframed response not read until close");
	}
}

static void on_head(struct drive *d, const struct h1_event *ev, uint64_t hi)
{
	const struct fz_run *c = d->cfg;
	const struct h1_head *h = &ev->head;
	uint64_t lo = ev->offset;

	FZ_ASSERT(!d->in_message, "HEAD inside a message");
	FZ_ASSERT(h->kind == c->kind, "head of kind %d", h->kind);
	FZ_ASSERT((h->flags & ~0x7fu) == 0, "unknown message flags %#x", h->flags);
	FZ_ASSERT(c->lenient || !(h->flags & H1_MSG_LENIENT), "strict parser set H1_MSG_LENIENT");
	FZ_ASSERT(
	        (h->version_major == 1 && h->version_minor >= 0 && h->version_minor <= 9) ||
	                (h->version_major == 0 && h->version_minor == 9 && (c->lenient & H1_LENIENT_HTTP09)),
	        "version %d.%d", h->version_major, h->version_minor);
	FZ_ASSERT(h->host_index >= -1 && h->host_index < (int)h->nfields, "host_index %d of %zu",
	          h->host_index, h->nfields);
	check_fields(d, h->fields, h->nfields, lo, hi);
	if (h->kind == H1_REQUEST) {
		size_t k;
		FZ_ASSERT(is_token(h->method), "method is not a token");
		FZ_ASSERT(h->target.len > 0, "empty request-target");
		for (k = 0; k < h->target.len; k++) {
			unsigned char t = (unsigned char)h->target.p[k];
			FZ_ASSERT(t > 0x20 && t != 0x7f, "target byte 0x%02x", t);
		}
		FZ_ASSERT(h->target_form >= H1_FORM_ORIGIN || h->version_major == 0,
		          "request without a target form");
		FZ_ASSERT(h->host_index < 0 || lower_eq(h->fields[h->host_index].name, "host"),
		          "host_index points at another field");
		FZ_ASSERT(h->host_index >= 0 || h->version_minor == 0 || h->version_major == 0 ||
		                  (c->lenient & H1_LENIENT_MISSING_HOST),
		          "HTTP/1.1 request without Host accepted");
		if (c->lenient == 0)
			FZ_ASSERT(h->method.p == (const char *)d->buf + ev->offset,
			          "request-line does not start at the event offset");
		d->method_class = h->method.len == 7 && memcmp(h->method.p, "CONNECT", 7) == 0;
	} else {
		FZ_ASSERT(h->status >= 100 && h->status <= 599, "status %d", h->status);
		FZ_ASSERT(h->method.len == 0 && h->target.len == 0, "response with a method or target");
	}
	check_framing(d, h);

	if (d->trace) {
		trace_printf(d->trace, "H@%llu k=%d", (unsigned long long)ev->offset, h->kind);
		trace_span(d, "m", h->method, lo, hi);
		trace_span(d, "t", h->target, lo, hi);
		trace_printf(d->trace, " tf=%d st=%d", h->target_form, h->status);
		trace_span(d, "r", h->reason, lo, hi);
		trace_printf(d->trace, " v=%d.%d b=%d cl=%llu fl=%#x hi=%d n=%zu", h->version_major,
		             h->version_minor, h->body, (unsigned long long)h->content_length, h->flags,
		             h->host_index, h->nfields);
		for (size_t i = 0; i < h->nfields; i++) {
			trace_span(d, "f", h->fields[i].name, lo, hi);
			trace_span(d, "v", h->fields[i].value, lo, hi);
			trace_printf(d->trace, "/%u", h->fields[i].flags);
		}
		trace_put(d->trace, "\n", 1);
	}
	d->in_message = 1;
	d->after_trailers = 0;
	d->body = h->body;
	d->status = h->status;
	d->flags = h->flags;
	d->content_length = h->content_length;
	d->data_total = 0;
}

static void on_data(struct drive *d, const struct h1_event *ev, uint64_t hi)
{
	struct fz_trace *t = d->trace;

	FZ_ASSERT(d->in_message && !d->after_trailers, "DATA outside content");
	FZ_ASSERT(d->body == H1_BODY_LENGTH || d->body == H1_BODY_CHUNKED || d->body == H1_BODY_CLOSE,
	          "DATA in a message framed as %d", d->body);
	FZ_ASSERT(ev->data.len > 0, "empty DATA event");
	FZ_ASSERT(ev->offset + ev->data.len == hi, "DATA does not end where consumption ends");
	FZ_ASSERT(ev->data.p == (const char *)d->buf + ev->offset, "DATA span is not at its event offset");
	d->data_total += ev->data.len;
	FZ_ASSERT(d->body != H1_BODY_LENGTH || d->data_total <= d->content_length,
	          "more content than Content-Length");
	if (t == NULL)
		return;
	if (t->run_open && t->run_off + t->run_len == ev->offset) {
		t->run_len += ev->data.len;
		return;
	}
	trace_flush_run(t);
	t->run_open = 1;
	t->run_off = ev->offset;
	t->run_len = ev->data.len;
}

static void on_trailers(struct drive *d, const struct h1_event *ev, uint64_t hi)
{
	const struct h1_head *h = &ev->head;

	FZ_ASSERT(d->in_message && d->body == H1_BODY_CHUNKED && !d->after_trailers,
	          "TRAILERS outside chunked content");
	FZ_ASSERT(h->nfields > 0, "TRAILERS event without fields");
	check_fields(d, h->fields, h->nfields, ev->offset, hi);
	if (!(d->cfg->lenient & H1_LENIENT_TRAILER_FIELDS)) {
		for (size_t i = 0; i < h->nfields; i++) {
			struct h1_span nm = h->fields[i].name;
			/* RFC 9110 §6.5.1 */
			FZ_ASSERT(!lower_eq(nm, "content-length") && !lower_eq(nm, "transfer-encoding") &&
			                  !lower_eq(nm, "host"),
			          "framing or routing field accepted as a trailer");
		}
	}
	d->after_trailers = 1;
	if (d->trace) {
		trace_flush_run(d->trace);
		trace_printf(d->trace, "T@%llu n=%zu", (unsigned long long)ev->offset, h->nfields);
		for (size_t i = 0; i < h->nfields; i++) {
			trace_span(d, "f", h->fields[i].name, ev->offset, hi);
			trace_span(d, "v", h->fields[i].value, ev->offset, hi);
			trace_printf(d->trace, "/%u", h->fields[i].flags);
		}
		trace_put(d->trace, "\n", 1);
	}
}

static void on_end(struct drive *d, struct h1_parser *p, const struct h1_event *ev, uint64_t hi)
{
	int interim;

	FZ_ASSERT(d->in_message, "END without a HEAD");
	FZ_ASSERT(ev->offset == hi, "END offset %llu, consumption ends at %llu",
	          (unsigned long long)ev->offset, (unsigned long long)hi);
	FZ_ASSERT(d->body != H1_BODY_LENGTH || d->data_total == d->content_length,
	          "message ended after %llu of %llu content bytes", (unsigned long long)d->data_total,
	          (unsigned long long)d->content_length);
	FZ_ASSERT(d->body == H1_BODY_LENGTH || d->body == H1_BODY_CHUNKED || d->body == H1_BODY_CLOSE ||
	                  d->data_total == 0,
	          "content in a message without a body");
	d->in_message = 0;
	d->ends++;
	if (d->trace) {
		trace_flush_run(d->trace);
		trace_printf(d->trace, "E@%llu\n", (unsigned long long)ev->offset);
		d->trace->last_end = d->trace->len;
	}

	/* RFC 9112 §9.3, §9.6: what must come next */
	interim = d->cfg->kind == H1_RESPONSE && d->status >= 100 && d->status < 200 && d->status != 101;
	if (interim)
		d->expect_done = 0;
	else if (d->body == H1_BODY_TUNNEL)
		d->expect_done = d->status == 101 ? H1_DONE_UPGRADE : H1_DONE_TUNNEL;
	else if (d->cfg->kind == H1_REQUEST && d->method_class)
		d->expect_done = H1_DONE_TUNNEL;
	else if (!(d->flags & H1_MSG_KEEP_ALIVE))
		d->expect_done = H1_DONE_CLOSE;
	else
		d->expect_done = 0;
	d->must_stop = d->expect_done != 0;
	if (!interim && d->cfg->kind == H1_RESPONSE) {
		d->mi++;
		set_method(d, p);
	}
}

static void check_error(const struct drive *d, const struct h1_parser *p, uint64_t lo, uint64_t presented_end)
{
	const struct h1_error *e = &p->error;

	FZ_ASSERT(e->code > H1_E_NONE && e->code < H1_E__LAST, "violation with code %d", e->code);
	FZ_ASSERT(e->name && e->section && e->message && e->name[0] && e->section[0] && e->message[0],
	          "violation %d without a name, section or message", e->code);
	FZ_ASSERT(h1_error_name(e->code) == e->name && h1_error_from_name(e->name) == e->code,
	          "violation %d does not match the error table", e->code);
	FZ_ASSERT(strncmp(e->section, "RFC ", 4) == 0, "section \"%s\" cites no RFC", e->section);
	FZ_ASSERT(e->offset >= lo && e->offset <= presented_end,
	          "violation %s at offset %llu, outside the unconsumed bytes [%llu, %llu]", e->name,
	          (unsigned long long)e->offset, (unsigned long long)lo, (unsigned long long)presented_end);
	(void)d;
}

/* The next arrival point after avail. */
static size_t next_arrival(const struct fz_run *c, size_t avail, size_t n, size_t *ci)
{
	switch (c->feed) {
	case FZ_FEED_BYTES:
		return avail + 1;
	case FZ_FEED_CUTS:
		while (*ci < c->ncuts && c->cuts[*ci] <= avail)
			(*ci)++;
		if (*ci < c->ncuts && c->cuts[*ci] < n)
			return c->cuts[(*ci)++];
		return n;
	default:
		return n;
	}
}

void fz_run_stream(const struct fz_run *cfg, const uint8_t *data, size_t n, struct fz_trace *trace,
                   struct fz_result *res)
{
	struct drive d;
	struct h1_parser p;
	struct h1_event ev;
	size_t cap = cfg->fields_cap ? cfg->fields_cap : 128, pos = 0, avail, ci = 0;
	uint8_t *buf = malloc(n ? n : 1);
	struct h1_field *fields = calloc(cap, sizeof(*fields));
	unsigned long steps = 0, max_steps = 4ul * n + 64;
	int finishing = 0, rc;

	if (buf == NULL || fields == NULL)
		fz_die("out of memory");
	if (n)
		memcpy(buf, data, n);
	memset(&d, 0, sizeof(d));
	d.cfg = cfg;
	d.buf = buf;
	d.n = n;
	d.trace = trace;
	d.fields = fields;
	rc = h1_parser_init(&p, cfg->kind, fields, cap, cfg->limits, cfg->lenient);
	FZ_ASSERT(rc == H1_OK, "h1_parser_init failed");
	d.fields_limit = p.limits.fields;
	set_method(&d, &p);
	avail = cfg->feed == FZ_FEED_WHOLE ? n : next_arrival(cfg, 0, n, &ci);
	if (avail > n)
		avail = n;

	for (;;) {
		size_t used = (size_t)-1, presented = avail - pos;
		uint64_t hi;

		FZ_ASSERT(++steps <= max_steps, "no progress after %lu calls (%zu of %zu bytes consumed)",
		          steps, pos, n);
		fence(buf, n, pos, avail);
		memset(&ev, 0xa5, sizeof(ev));
		if (finishing)
			rc = h1_finish(&p, (const char *)buf + pos, presented, &used, &ev);
		else
			rc = h1_parse(&p, (const char *)buf + pos, presented, &used, &ev);
		fence(buf, n, 0, n);
		FZ_ASSERT(used <= presented, "consumed %zu of %zu presented bytes", used, presented);
		FZ_ASSERT(p.consumed == (uint64_t)(pos + used),
		          "parser counts %llu bytes consumed, the caller %zu", (unsigned long long)p.consumed,
		          pos + used);
		hi = pos + used;

		if (rc == H1_OK) {
			FZ_ASSERT(ev.offset >= pos && ev.offset <= hi,
			          "event offset %llu outside [%zu, %llu]", (unsigned long long)ev.offset, pos,
			          (unsigned long long)hi);
			FZ_ASSERT(ev.offset >= d.last_offset, "event offsets go backwards");
			d.last_offset = ev.offset;
			FZ_ASSERT(!d.must_stop, "an event after a message that ends the stream");
			switch (ev.type) {
			case H1_EV_HEAD:
				on_head(&d, &ev, hi);
				break;
			case H1_EV_DATA:
				on_data(&d, &ev, hi);
				break;
			case H1_EV_TRAILERS:
				on_trailers(&d, &ev, hi);
				break;
			case H1_EV_END:
				on_end(&d, &p, &ev, hi);
				break;
			default:
				fz_die("unknown event type %d", ev.type);
			}
			if (cfg->on_event)
				cfg->on_event(cfg->ctx, &p, &ev, buf);
			pos = (size_t)hi;
			continue;
		}
		pos = (size_t)hi;
		if (rc == H1_NEED_MORE) {
			FZ_ASSERT(!finishing, "h1_finish() asked for more input");
			if (avail == n)
				finishing = 1;
			else
				avail = next_arrival(cfg, avail, n, &ci);
			continue;
		}
		if (rc == H1_DONE) {
			FZ_ASSERT(p.done >= H1_DONE_EOF && p.done <= H1_DONE_UPGRADE, "done reason %d",
			          p.done);
			FZ_ASSERT(!d.in_message, "H1_DONE inside a message");
			if (d.expect_done)
				FZ_ASSERT(p.done == d.expect_done, "stream ended with reason %d, expected %d",
				          p.done, d.expect_done);
			else
				FZ_ASSERT(p.done == H1_DONE_EOF,
				          "stream ended with reason %d after a persistent message", p.done);
			FZ_ASSERT(p.done != H1_DONE_EOF || pos == n,
			          "end of input reported with %zu bytes left", n - pos);
		} else if (rc == H1_VIOLATION) {
			check_error(&d, &p, pos - used, avail);
		} else {
			fz_die("h1_%s returned %d", finishing ? "finish" : "parse", rc);
		}
		break;
	}

	/* sticky: asking again changes nothing */
	{
		struct h1_error before = p.error;
		size_t used = (size_t)-1;
		int again = h1_parse(&p, (const char *)buf + pos, n - pos, &used, &ev);
		FZ_ASSERT(again == rc && used == 0, "after %d a second call returned %d consuming %zu", rc,
		          again, used);
		FZ_ASSERT(memcmp(&before, &p.error, sizeof(before)) == 0, "the violation changed");
	}
	FZ_ASSERT(p.messages == d.ends, "%u END events, parser counts %u messages", d.ends, p.messages);

	if (trace) {
		trace_flush_run(trace);
		if (rc == H1_DONE)
			trace_printf(trace, "X done=%d consumed=%llu messages=%u\n", p.done,
			             (unsigned long long)p.consumed, p.messages);
		else
			trace_printf(trace, "X violation=%s offset=%llu\n", p.error.name,
			             (unsigned long long)p.error.offset);
		trace->violation = rc == H1_VIOLATION;
	}
	if (res) {
		memset(res, 0, sizeof(*res));
		res->status = rc;
		res->done = p.done;
		res->error = p.error;
		res->consumed = p.consumed;
		res->messages = p.messages;
	}
	free(fields);
	free(buf);
}
