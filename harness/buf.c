/*
 * Growable buffers, JSON string escaping and base64 for the commands.
 *
 * The buffers are bounded: a peer or an input file can never make the tool
 * allocate more than the limit a caller set, and hitting it is reported,
 * never silently truncated.
 */
#include "harness/buf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_MAX ((size_t)1 << 30)

static int grow(struct h1c_buf *b, size_t need)
{
	size_t max = b->max ? b->max : DEFAULT_MAX, cap;
	char *p;

	if (need > max || need < b->len) {
		b->overflow = 1;
		return -1;
	}
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 256;
	while (cap < need)
		cap = cap > max / 2 ? max : cap * 2;
	p = realloc(b->data, cap);
	if (p == NULL) {
		b->overflow = 1;
		return -1;
	}
	b->data = p;
	b->cap = cap;
	return 0;
}

int h1c_buf_put(struct h1c_buf *b, const void *p, size_t n)
{
	if (n == 0)
		return 0;
	if (grow(b, b->len + n))
		return -1;
	memcpy(b->data + b->len, p, n);
	b->len += n;
	return 0;
}

int h1c_buf_puts(struct h1c_buf *b, const char *s)
{
	return h1c_buf_put(b, s, strlen(s));
}

int h1c_buf_printf(struct h1c_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || grow(b, b->len + (size_t)n + 1))
		return -1;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

void h1c_buf_free(struct h1c_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

int h1c_json_latin1(struct h1c_buf *b, const char *p, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;
	int rc = h1c_buf_put(b, "\"", 1);

	for (i = 0; i < n && rc == 0; i++) {
		unsigned char c = (unsigned char)p[i];
		char esc[6];
		if (c == '"' || c == '\\') {
			esc[0] = '\\';
			esc[1] = (char)c;
			rc = h1c_buf_put(b, esc, 2);
		} else if (c < 0x20 || c == 0x7f) {
			esc[0] = '\\';
			esc[1] = 'u';
			esc[2] = '0';
			esc[3] = '0';
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			rc = h1c_buf_put(b, esc, 6);
		} else if (c >= 0x80) {
			/* U+0080..U+00FF in UTF-8 */
			esc[0] = (char)(0xC0 | (c >> 6));
			esc[1] = (char)(0x80 | (c & 0x3F));
			rc = h1c_buf_put(b, esc, 2);
		} else {
			rc = h1c_buf_put(b, &p[i], 1);
		}
	}
	return rc ? rc : h1c_buf_put(b, "\"", 1);
}

static const char b64chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static int b64_block(struct h1c_buf *b, const unsigned char *in, size_t n)
{
	char out[4];
	uint32_t v = (uint32_t)in[0] << 16 | (n > 1 ? (uint32_t)in[1] << 8 : 0) | (n > 2 ? in[2] : 0);

	out[0] = b64chars[(v >> 18) & 63];
	out[1] = b64chars[(v >> 12) & 63];
	out[2] = n > 1 ? b64chars[(v >> 6) & 63] : '=';
	out[3] = n > 2 ? b64chars[v & 63] : '=';
	return h1c_buf_put(b, out, 4);
}

int h1c_b64_put(struct h1c_b64 *st, struct h1c_buf *b, const char *p, size_t n)
{
	const unsigned char *in = (const unsigned char *)p;

	while (n > 0 && st->ncarry > 0 && st->ncarry < 3) {
		st->carry[st->ncarry++] = *in++;
		n--;
	}
	if (st->ncarry == 3) {
		if (b64_block(b, st->carry, 3))
			return -1;
		st->ncarry = 0;
	}
	for (; n >= 3; in += 3, n -= 3)
		if (b64_block(b, in, 3))
			return -1;
	while (n > 0) {
		st->carry[st->ncarry++] = *in++;
		n--;
	}
	return 0;
}

int h1c_b64_end(struct h1c_b64 *st, struct h1c_buf *b)
{
	int rc = st->ncarry ? b64_block(b, st->carry, st->ncarry) : 0;

	st->ncarry = 0;
	return rc;
}

int h1c_read_all(const char *path, size_t max, struct h1c_buf *out, char *err, size_t errlen)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	char chunk[65536];
	size_t n;

	out->max = max;
	if (f == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (h1c_buf_put(out, chunk, n)) {
			snprintf(err, errlen, "%s: input is larger than %zu bytes", path, max);
			if (f != stdin)
				fclose(f);
			return -1;
		}
	}
	if (ferror(f)) {
		snprintf(err, errlen, "%s: read error: %s", path, strerror(errno));
		if (f != stdin)
			fclose(f);
		return -1;
	}
	if (f != stdin)
		fclose(f);
	return 0;
}
