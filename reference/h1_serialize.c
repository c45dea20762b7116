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

/* Framing fields must agree with how the content is written. */
static int check_framing(const struct h1_message *m, int *bad_code)
{
	const struct h1_field *cl = find_field(m->fields, m->nfields, "content-length");
	const struct h1_field *te = find_field(m->fields, m->nfields, "transfer-encoding");

	if (m->chunked) {
		const char *v;
		size_t n;
		if (cl) {
			*bad_code = H1_E_TE_AND_CL;
			return -1;
		}
		if (!te || te->value.len < 7) {
			*bad_code = H1_E_TE_NOT_CHUNKED_FINAL;
			return -1;
		}
		v = te->value.p + te->value.len - 7;
		n = 7;
		if (!h1__lower_eq(v, n, "chunked", 7)) {
			*bad_code = H1_E_TE_NOT_CHUNKED_FINAL;
			return -1;
		}
		return 0;
	}
	if (m->ntrailers) {
		*bad_code = H1_E_TRAILER_FORBIDDEN;
		return -1;
	}
	if (te) {
		*bad_code = H1_E_TE_NOT_CHUNKED_FINAL;
		return -1;
	}
	if (cl) {
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
	} else if (m->content.len && m->kind == H1_REQUEST) {
		/* a request without framing fields has no content (RFC 9112 §6.3) */
		*bad_code = H1_E_CL_INVALID;
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
	return w.len <= cap ? H1_OK : H1_NEED_MORE;
}
