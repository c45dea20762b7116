/*
 * Positions of values in a JSON text, for diagnostics.
 *
 * jansson reports line and column for syntax errors only; the values it
 * returns carry no position. A case author needs "file:line:col" for a
 * wrong value too, so after jansson has accepted a text (it is therefore
 * valid JSON without duplicate keys) this file walks the text again along a
 * JSON path and returns the byte offset of the value, of its key, or of one
 * character inside a string. The walk only skips and compares; it allocates
 * nothing and is bounded by the text length.
 */
#include <string.h>

#include "cases/h1k.h"
#include "cases/h1k_internal.h"

static size_t skip_ws(const char *t, size_t len, size_t i)
{
	while (i < len && (t[i] == ' ' || t[i] == '\t' || t[i] == '\r' || t[i] == '\n'))
		i++;
	return i;
}

static int hex4(const char *t, size_t len, size_t i, unsigned long *v)
{
	size_t k;

	*v = 0;
	if (i + 4 > len)
		return -1;
	for (k = 0; k < 4; k++) {
		char c = t[i + k];
		unsigned d;
		if (c >= '0' && c <= '9')
			d = (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			d = (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			d = (unsigned)(c - 'A' + 10);
		else
			return -1;
		*v = *v << 4 | d;
	}
	return 0;
}

/* Read one character of a string body at *i (not the closing quote);
 * returns its code point and advances *i past it. */
static unsigned long next_char(const char *t, size_t len, size_t *i)
{
	const unsigned char *u = (const unsigned char *)t;
	unsigned long cp;
	size_t n, k;

	if (t[*i] == '\\' && *i + 1 < len) {
		char e = t[*i + 1];
		*i += 2;
		switch (e) {
		case 'b':
			return '\b';
		case 'f':
			return '\f';
		case 'n':
			return '\n';
		case 'r':
			return '\r';
		case 't':
			return '\t';
		case 'u':
			if (hex4(t, len, *i, &cp))
				return 0xFFFD;
			*i += 4;
			/* a surrogate pair is one character (RFC 8259 §7) */
			if (cp >= 0xD800 && cp <= 0xDBFF && *i + 6 <= len && t[*i] == '\\' &&
			    t[*i + 1] == 'u') {
				unsigned long lo;
				if (hex4(t, len, *i + 2, &lo) == 0 && lo >= 0xDC00 && lo <= 0xDFFF) {
					*i += 6;
					cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
				}
			}
			return cp;
		default:
			return (unsigned char)e;
		}
	}
	cp = u[*i];
	n = cp < 0x80 ? 1 : cp >= 0xF0 ? 4 : cp >= 0xE0 ? 3 : 2;
	if (n > 1)
		cp &= 0x3Fu >> (n - 1);
	for (k = 1; k < n && *i + k < len; k++)
		cp = cp << 6 | (u[*i + k] & 0x3F);
	*i += n;
	return cp;
}

static size_t encode_utf8(unsigned long cp, unsigned char *o)
{
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | cp >> 6);
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | cp >> 12);
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | cp >> 18);
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

/* Does the string starting at t[i] == '"' decode to key? Sets *end past
 * its closing quote either way. */
static int string_equals(const char *t, size_t len, size_t i, const char *key, size_t *end)
{
	size_t klen = strlen(key), kpos = 0;
	int same = 1;

	i++;
	while (i < len && t[i] != '"') {
		unsigned char enc[4];
		size_t n = encode_utf8(next_char(t, len, &i), enc);
		if (same && (kpos + n > klen || memcmp(key + kpos, enc, n) != 0))
			same = 0;
		kpos += n;
	}
	*end = i < len ? i + 1 : len;
	return same && kpos == klen;
}

static size_t skip_string(const char *t, size_t len, size_t i)
{
	for (i++; i < len && t[i] != '"'; i++)
		if (t[i] == '\\')
			i++;
	return i < len ? i + 1 : len;
}

static size_t skip_value(const char *t, size_t len, size_t i)
{
	size_t depth = 0;

	if (i < len && t[i] == '"')
		return skip_string(t, len, i);
	if (i < len && t[i] != '{' && t[i] != '[') {
		while (i < len && !strchr(",]} \t\r\n", t[i]))
			i++;
		return i;
	}
	while (i < len) {
		char c = t[i];
		if (c == '"') {
			i = skip_string(t, len, i);
			continue;
		}
		if (c == '{' || c == '[')
			depth++;
		else if ((c == '}' || c == ']') && --depth == 0)
			return i + 1;
		i++;
	}
	return len;
}

/* Step into member key of the object at t[*i]; *keypos gets the key's
 * quote. Returns 0 with *i at the member's value, or -1. */
static int enter_key(const char *t, size_t len, size_t *i, const char *key, size_t *keypos)
{
	size_t p = *i;

	if (p >= len || t[p] != '{')
		return -1;
	p = skip_ws(t, len, p + 1);
	while (p < len && t[p] == '"') {
		size_t after;
		int same = string_equals(t, len, p, key, &after);
		size_t k = p;
		p = skip_ws(t, len, after);
		if (p >= len || t[p] != ':')
			return -1;
		p = skip_ws(t, len, p + 1);
		if (same) {
			*keypos = k;
			*i = p;
			return 0;
		}
		p = skip_ws(t, len, skip_value(t, len, p));
		if (p < len && t[p] == ',')
			p = skip_ws(t, len, p + 1);
	}
	return -1;
}

static int enter_index(const char *t, size_t len, size_t *i, size_t index)
{
	size_t p = *i, k;

	if (p >= len || t[p] != '[')
		return -1;
	p = skip_ws(t, len, p + 1);
	for (k = 0; p < len && t[p] != ']'; k++) {
		if (k == index) {
			*i = p;
			return 0;
		}
		p = skip_ws(t, len, skip_value(t, len, p));
		if (p < len && t[p] == ',')
			p = skip_ws(t, len, p + 1);
	}
	return -1;
}

int h1k__locate(const char *text, size_t len, const struct h1k__seg *segs, size_t n, int at,
                size_t char_index, size_t *offset)
{
	size_t i = skip_ws(text, len, 0), keypos = 0, k;

	for (k = 0; k < n; k++) {
		int rc = segs[k].key ? enter_key(text, len, &i, segs[k].key, &keypos)
		                     : enter_index(text, len, &i, segs[k].index);
		if (rc)
			return -1;
	}
	if (at == H1K__AT_KEY && n > 0 && segs[n - 1].key) {
		*offset = keypos;
		return 0;
	}
	if (at == H1K__AT_CHAR && i < len && text[i] == '"') {
		size_t c = 0, p = i + 1;
		while (p < len && text[p] != '"' && c < char_index) {
			next_char(text, len, &p);
			c++;
		}
		*offset = p;
		return 0;
	}
	*offset = i;
	return 0;
}

void h1k__line_col(const char *text, size_t len, size_t offset, int *line, int *col)
{
	size_t i;
	int l = 1, c = 1;

	if (offset > len)
		offset = len;
	for (i = 0; i < offset; i++) {
		unsigned char b = (unsigned char)text[i];
		if (b == '\n') {
			l++;
			c = 1;
		} else if ((b & 0xC0) != 0x80) {
			c++;
		}
	}
	*line = l;
	*col = c;
}
