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
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#define H1__HAVE_SSE2 1
#else
#define H1__HAVE_SSE2 0
#endif

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

/* Value of each byte as a hex digit, 0xFF for bytes that are not HEXDIG. */
extern const uint8_t h1__hexv[256];

#define H1_IS(c, cls) ((h1__chars[(unsigned char)(c)] & (cls)) != 0)

/* Index of the first byte in p[0..n) that is a control character (0x00-0x1F
 * or 0x7F), or n if there is none. HTAB counts as a control here; callers
 * that allow it continue past it. Uses SSE2 where available. */
size_t h1__find_ctl(const char *p, size_t n);

/* Like h1__find_ctl() for base[from..to), but it may read any byte of
 * base[0..readable), which lets the last partial block be one overlapping
 * vector load instead of a byte loop. Requires to < readable. */
size_t h1__find_ctl_in(const char *base, size_t readable, size_t from, size_t to);

/* Index of the first control character other than HTAB in base[from..n),
 * or n if there is none. Reads only base[0..n). This is the line scanner:
 * on a well-formed line the byte found is the line's CR or LF, and finding
 * it proves the line free of every byte a field value may not hold. */
size_t h1__find_line_ctl(const char *base, size_t n, size_t from);

#if defined(__SSE2__)
/* Bit k set when byte k of the 16 at p is a control byte (0x00-0x1F, 0x7F). */
static inline unsigned h1__ctl16(const char *p)
{
	const __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
	return (unsigned)_mm_movemask_epi8(
	        _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1F)), v),
	                     _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7F))));
}
#endif

/* h1__find_line_ctl() for the line scanner's own loop, inlined there: a
 * line is found in a few vector tests, without a call. */
static inline size_t h1__find_line_ctl_inline(const char *base, size_t n, size_t from)
{
	size_t i = from;

	for (;;) {
#if defined(__SSE2__)
		unsigned mask = 0;

		/* 32 bytes per branch while they are there (lines are mostly
		 * longer than 16 bytes), then 16 */
		while (n - i >= 32 && (mask = h1__ctl16(base + i) | h1__ctl16(base + i + 16) << 16) == 0)
			i += 32;
		if (mask == 0)
			while (n - i >= 16 && (mask = h1__ctl16(base + i)) == 0)
				i += 16;
		if (mask == 0 && i < n && n >= 16) {
			/* the last partial block: one load ending at n, the bytes
			 * before i shifted out */
			mask = h1__ctl16(base + n - 16) >> (i - (n - 16));
			if (mask == 0)
				return n;
		}
		if (mask != 0)
			i += (size_t)__builtin_ctz(mask);
		else
#endif
			while (i < n && (unsigned char)base[i] >= 0x20 && base[i] != 0x7F)
				i++;
		/* HTAB is allowed wherever the others are not; rare, so it is
		 * cheaper to step over it here than to mask it in every block */
		if (i < n && base[i] == '\t') {
			i++;
			continue;
		}
		return i;
	}
}

/*
 * Bit k set when p[k] is ALPHA, DIGIT or "-", for k in 0..15: one vector
 * test for the bytes of nearly every field name (all of them tchar), where
 * the table costs a lookup per byte. Reads p[0..16), which the caller must
 * have. Without SSE2 it is 0 and the caller's table loop does the work.
 */
static inline unsigned h1__alnum_dash_bits16(const char *p)
{
#if defined(__SSE2__)
	const __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
	/* unsigned range tests: x - lo <= hi - lo, as min(x - lo, hi - lo) == x - lo */
	const __m128i l = _mm_sub_epi8(_mm_or_si128(v, _mm_set1_epi8(0x20)), _mm_set1_epi8('a'));
	const __m128i d = _mm_sub_epi8(v, _mm_set1_epi8('0'));
	const __m128i ok = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(l, _mm_set1_epi8(25)), l),
	                                             _mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(9)), d)),
	                                _mm_cmpeq_epi8(v, _mm_set1_epi8('-')));
	return (unsigned)_mm_movemask_epi8(ok);
#else
	(void)p;
	return 0;
#endif
}

/* The number of leading bytes of p[0..16) that are ALPHA, DIGIT or "-",
 * 16 if all are (0 without SSE2). */
static inline size_t h1__alnum_dash16(const char *p)
{
	return H1__HAVE_SSE2 ? (size_t)__builtin_ctz(~h1__alnum_dash_bits16(p)) : 0;
}

/*
 * The number of leading bytes of p[0..16) that are letters, digits or one
 * of "-./_=&?", 16 if all are: the bytes of nearly every origin-form
 * target, all of them path bytes (H1C_PATH). As h1__alnum_dash16().
 */
static inline size_t h1__path16(const char *p)
{
#if defined(__SSE2__)
	const __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
	const __m128i l = _mm_sub_epi8(_mm_or_si128(v, _mm_set1_epi8(0x20)), _mm_set1_epi8('a'));
	const __m128i d = _mm_sub_epi8(v, _mm_set1_epi8('-')); /* "-./" and the digits: 0x2D-0x39 */
	__m128i ok = _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(l, _mm_set1_epi8(25)), l),
	                          _mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(12)), d));
	ok = _mm_or_si128(ok, _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('_')),
	                                   _mm_cmpeq_epi8(v, _mm_set1_epi8('='))));
	ok = _mm_or_si128(ok, _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('&')),
	                                   _mm_cmpeq_epi8(v, _mm_set1_epi8('?'))));
	return (size_t)__builtin_ctz(~(unsigned)_mm_movemask_epi8(ok));
#else
	(void)p;
	return 0;
#endif
}

/* ASCII case-insensitive comparison of a span with a lower-case literal. */
int h1__lower_eq(const char *p, size_t n, const char *lower, size_t lower_len);

/*
 * h1__lit_eq(p, n, lit, len): h1__lower_eq() for a string literal, inlined
 * into a few word compares. Each word of p is ORed with 0x20 exactly where
 * the literal has a letter and compared with the literal's word; both words
 * fold to constants because lit is a literal. Little-endian only (the
 * words are built in that order); elsewhere it is h1__lower_eq().
 */
#define H1__CB(c)      ((unsigned char)((unsigned char)(c) - 'a') < 26u ? (uint64_t)0x20 : 0)
#define H1__B(s, k, j) ((uint64_t)(unsigned char)(s)[(k) + (j)] << (8 * (j)))
#define H1__M(s, k, j) (H1__CB((s)[(k) + (j)]) << (8 * (j)))
#define H1__W4(s, k)   (H1__B(s, k, 0) | H1__B(s, k, 1) | H1__B(s, k, 2) | H1__B(s, k, 3))
#define H1__M4(s, k)   (H1__M(s, k, 0) | H1__M(s, k, 1) | H1__M(s, k, 2) | H1__M(s, k, 3))
#define H1__W8(s, k)   (H1__W4(s, k) | H1__W4(s, (k) + 4) << 32)
#define H1__M8(s, k)   (H1__M4(s, k) | H1__M4(s, (k) + 4) << 32)

static inline uint64_t h1__ld8(const char *p)
{
	uint64_t x;
	memcpy(&x, p, 8);
	return x;
}

static inline unsigned h1__ld2(const char *p)
{
	uint16_t x;
	memcpy(&x, p, 2);
	return x;
}

/* CR LF as h1__ld2() reads it: one compare instead of two. */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define H1__CRLF16 0x0D0Au
#else
#define H1__CRLF16 0x0A0Du
#endif

static inline uint64_t h1__ld4(const char *p)
{
	uint32_t x;
	memcpy(&x, p, 4);
	return x;
}

#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline int
h1__lit_eq(const char *p, size_t n, const char *lit, size_t len)
{
	if (n != len)
		return 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	if (len >= 8 && len <= 24) {
		if ((h1__ld8(p) | H1__M8(lit, 0)) != H1__W8(lit, 0))
			return 0;
		if (len > 16 && (h1__ld8(p + 8) | H1__M8(lit, 8)) != H1__W8(lit, 8))
			return 0;
		return (h1__ld8(p + len - 8) | H1__M8(lit, len - 8)) == H1__W8(lit, len - 8);
	}
	if (len >= 4 && len < 8)
		return (h1__ld4(p) | H1__M4(lit, 0)) == H1__W4(lit, 0) &&
		       (h1__ld4(p + len - 4) | H1__M4(lit, len - 4)) == H1__W4(lit, len - 4);
#endif
	return h1__lower_eq(p, n, lit, len);
}

/* Whether every byte of p[0..n) is of class cls (a single class bit), four
 * bytes per table test while four are left. */
static inline int h1__all_of(const char *p, size_t n, unsigned cls)
{
	size_t i = 0;

	while (n - i >= 4 && (h1__chars[(unsigned char)p[i]] & h1__chars[(unsigned char)p[i + 1]] &
	                      h1__chars[(unsigned char)p[i + 2]] & h1__chars[(unsigned char)p[i + 3]] & cls))
		i += 4;
	while (i < n && H1_IS(p[i], cls))
		i++;
	return i == n;
}

/* Value of a hex digit (the byte must be H1C_HEX). */
static inline unsigned h1__hexval(unsigned char c)
{
	return c <= '9' ? (unsigned)(c - '0') : (unsigned)((c | 0x20) - 'a' + 10);
}

#endif
