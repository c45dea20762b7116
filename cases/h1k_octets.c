/*
 * Octet notations of case files: Latin-1 strings, hex and base64.
 *
 * A case file is UTF-8 JSON, but HTTP messages are octets. The convention
 * (shared with 'h1conform parse') is that each character of a string is one
 * octet, so only U+0000..U+00FF may appear; anything above is a mistake the
 * author must hear about with its position, never a silent re-encoding.
 * Hex and base64 are decoded strictly for the same reason: a lenient decoder
 * would send bytes the author did not write.
 */
#include <stdlib.h>
#include <string.h>

#include "cases/h1k.h"
#include "cases/h1k_internal.h"

int h1k_octets_from_utf8(const char *s, size_t len, char *out, size_t *outlen, size_t *bad_index)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, n = 0, chars = 0;

	while (i < len) {
		unsigned c = u[i];
		if (c < 0x80) {
			out[n++] = (char)c;
			i++;
		} else if ((c == 0xC2 || c == 0xC3) && i + 1 < len && (u[i + 1] & 0xC0) == 0x80) {
			/* U+0080..U+00FF are exactly the two-byte forms led by C2 or C3 */
			out[n++] = (char)(((c & 0x03) << 6) | (u[i + 1] & 0x3F));
			i += 2;
		} else {
			*bad_index = chars;
			return -1;
		}
		chars++;
	}
	*outlen = n;
	return 0;
}

static int hex_value(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int h1k__hex_decode(const char *s, size_t len, char *out, size_t *outlen, size_t *bad_index)
{
	size_t i = 0, n = 0;

	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		int hi, lo;
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
			i++;
			continue;
		}
		hi = hex_value(c);
		if (hi < 0) {
			*bad_index = i;
			return -1;
		}
		/* whitespace is allowed between pairs only, never inside one */
		if (i + 1 >= len) {
			*bad_index = len;
			return -1;
		}
		lo = hex_value((unsigned char)s[i + 1]);
		if (lo < 0) {
			*bad_index = i + 1;
			return -1;
		}
		out[n++] = (char)(hi << 4 | lo);
		i += 2;
	}
	*outlen = n;
	return 0;
}

static int b64_value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

int h1k_base64_decode(const char *s, size_t len, char *out, size_t *outlen, size_t *bad_index)
{
	size_t i, n = 0;

	/* a character outside the alphabet is the likelier mistake (a space,
	 * a URL-safe '-'), so report it before a wrong length */
	for (i = 0; i < len; i++) {
		if (s[i] != '=' && b64_value((unsigned char)s[i]) < 0) {
			*bad_index = i;
			return -1;
		}
	}
	if (len % 4 != 0) {
		*bad_index = len;
		return -1;
	}
	for (i = 0; i < len; i += 4) {
		int v[4], k, pad = 0;
		unsigned long bits;
		for (k = 0; k < 4; k++) {
			unsigned char c = (unsigned char)s[i + (size_t)k];
			/* '=' is padding only in the last quantum, only at its
			 * end, and at most twice (RFC 4648 §4) */
			if (c == '=' && i + 4 == len && k >= 2 && (k == 3 || s[i + 3] == '=')) {
				v[k] = 0;
				pad++;
				continue;
			}
			v[k] = b64_value(c);
			if (v[k] < 0 || pad) {
				*bad_index = i + (size_t)k;
				return -1;
			}
		}
		bits = (unsigned long)v[0] << 18 | (unsigned long)v[1] << 12 | (unsigned long)v[2] << 6 |
		       (unsigned long)v[3];
		/* the bits that padding leaves unused must be zero, otherwise two
		 * different texts would decode to the same octets */
		if ((pad == 1 && (bits & 0xFF) != 0) || (pad == 2 && (bits & 0xFFFF) != 0)) {
			*bad_index = i + 3 - (size_t)pad;
			return -1;
		}
		out[n++] = (char)(bits >> 16);
		if (pad < 2)
			out[n++] = (char)(bits >> 8);
		if (pad < 1)
			out[n++] = (char)bits;
	}
	*outlen = n;
	return 0;
}

int h1k__bytes_reserve(struct h1k_bytes *b, size_t n)
{
	size_t need, cap;
	char *p;

	if (n > H1K_MAX_SEND || b->len > H1K_MAX_SEND - n)
		return H1K_ELIMIT;
	need = b->len + n + 1; /* room for a NUL terminator */
	if (need <= b->cap)
		return H1K_OK;
	cap = b->cap ? b->cap : 256;
	while (cap < need)
		cap *= 2;
	p = realloc(b->p, cap);
	if (p == NULL)
		return H1K_ENOMEM;
	b->p = p;
	b->cap = cap;
	return H1K_OK;
}

void h1k_bytes_free(struct h1k_bytes *b)
{
	if (b == NULL)
		return;
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}
