/*
 * Character classes of the HTTP and URI grammars, as one 256-entry table of
 * bit masks (internal to reference/).
 *
 * Every byte-level decision in the parser is a table lookup and a mask test,
 * so hot loops have no per-byte branches on ranges. The classes follow the
 * ABNF of RFC 9110 §5.6.2 (token), RFC 9110 §5.5 (field-vchar), RFC 3986
 * (unreserved, sub-delims, pchar) and RFC 5234 (HEXDIG).
 */
#ifndef H1_CHARS_H
#define H1_CHARS_H

#include <stddef.h>
#include <stdint.h>

enum {
	H1C_TCHAR = 1u << 0,     /* token: "!#$%&'*+-.^_`|~" DIGIT ALPHA */
	H1C_VCHAR = 1u << 1,     /* field-vchar: VCHAR / obs-text (0x21-0x7E, 0x80-0xFF) */
	H1C_PCHAR = 1u << 2,     /* unreserved / sub-delims / ":" / "@" (pct-encoded apart) */
	H1C_HEX = 1u << 3,       /* HEXDIG */
	H1C_DIGIT = 1u << 4,     /* DIGIT */
	H1C_SCHEME = 1u << 5,    /* ALPHA / DIGIT / "+" / "-" / "." */
	H1C_REGNAME = 1u << 6,   /* unreserved / sub-delims (pct-encoded apart) */
	H1C_LAXTARGET = 1u << 7, /* extra bytes tolerated by H1_LENIENT_TARGET_CHARS */
	H1C_QDTEXT = 1u << 8,    /* qdtext: HTAB / SP / 0x21 / 0x23-5B / 0x5D-7E / obs-text */
	H1C_OWS = 1u << 9,       /* SP / HTAB */
	H1C_ALPHA = 1u << 10,    /* ALPHA */
	H1C_PATH = 1u << 11      /* path and query bytes: pchar / "/" / "?" (pct-encoded apart) */
};

extern const uint16_t h1__chars[256];

#define H1_IS(c, cls) ((h1__chars[(unsigned char)(c)] & (cls)) != 0)

/* Index of the first byte in p[0..n) that is a control character (0x00-0x1F
 * or 0x7F), or n if there is none. HTAB counts as a control here; callers
 * that allow it continue past it. Uses SSE2 where available. */
size_t h1__find_ctl(const char *p, size_t n);

/* Like h1__find_ctl() for base[from..to), but it may read any byte of
 * base[0..readable), which lets the last partial block be one overlapping
 * vector load instead of a byte loop. Requires to < readable. */
size_t h1__find_ctl_in(const char *base, size_t readable, size_t from, size_t to);

/* ASCII case-insensitive comparison of a span with a lower-case literal. */
int h1__lower_eq(const char *p, size_t n, const char *lower, size_t lower_len);

/* Value of a hex digit (the byte must be H1C_HEX). */
static inline unsigned h1__hexval(unsigned char c)
{
	return c <= '9' ? (unsigned)(c - '0') : (unsigned)((c | 0x20) - 'a' + 10);
}

#endif
