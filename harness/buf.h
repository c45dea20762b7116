/*
 * A growable byte buffer with a hard size limit, and the JSON and base64
 * writers the commands share. Every octet written as a JSON string becomes
 * one code point U+0000..U+00FF (an ISO-8859-1 reading), so arbitrary bytes
 * from a peer round-trip exactly and never produce invalid UTF-8.
 */
#ifndef H1C_BUF_H
#define H1C_BUF_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct h1c_buf {
	char *data;
	size_t len;
	size_t cap;
	size_t max;   /* growth limit; 0 = default (1 GiB) */
	int overflow; /* a write was refused because of max */
};

/* Append n bytes; returns 0, or -1 if the limit or memory refused it (the
 * buffer then keeps what it had and sets overflow). */
int h1c_buf_put(struct h1c_buf *b, const void *p, size_t n);
int h1c_buf_puts(struct h1c_buf *b, const char *s);
/* Append formatted text (printf-style). */
int h1c_buf_printf(struct h1c_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void h1c_buf_free(struct h1c_buf *b);

/* Append p[0..n) as a quoted JSON string, one code point per octet. */
int h1c_json_latin1(struct h1c_buf *b, const char *p, size_t n);

/* Streaming base64 (RFC 4648, with padding). */
struct h1c_b64 {
	unsigned char carry[3];
	size_t ncarry;
};
int h1c_b64_put(struct h1c_b64 *st, struct h1c_buf *b, const char *p, size_t n);
int h1c_b64_end(struct h1c_b64 *st, struct h1c_buf *b);

/* Read a whole file ("-" for stdin) of at most max bytes. Returns 0, or -1
 * with a message in err (errno text or "larger than N bytes"). */
int h1c_read_all(const char *path, size_t max, struct h1c_buf *out, char *err, size_t errlen);

#endif
