/*
 * Character class table and the few scanning primitives built on it.
 *
 * The table is computed once, by hand, as data: a static initializer keeps
 * it in read-only memory and free of start-up code. Each entry ORs the
 * classes a byte belongs to; see h1_chars.h for the grammar behind each.
 */
#include "reference/h1_chars.h"

#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* Shorthands for the initializer. */
#define T  H1C_TCHAR
#define V  H1C_VCHAR
#define P  (H1C_PCHAR | H1C_PATH)
#define X  H1C_HEX
#define D  H1C_DIGIT
#define S  H1C_SCHEME
#define R  H1C_REGNAME
#define L  H1C_LAXTARGET
#define Q  H1C_QDTEXT
#define W  H1C_OWS
#define A  H1C_ALPHA
#define PA H1C_PATH

/* unreserved letters and digits: token, vchar, pchar, scheme, reg-name, qdtext */
#define ALNUM (T | V | P | S | R | Q)
#define OBS   (V | L | Q)

/* clang-format off */
const uint16_t h1__chars[256] = {
	/* 0x00-0x08 */ 0, 0, 0, 0, 0, 0, 0, 0, 0,
	/* 0x09 HTAB */ Q | W,
	/* 0x0A-0x1F */ 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	/* ' ' */ Q | W,
	/* '!' sub-delim, tchar */ T | V | P | R | Q,
	/* '"' */ V | L,
	/* '#' gen-delim, tchar */ T | V | Q,
	/* '$' sub-delim */ T | V | P | R | Q,
	/* '%' pct (handled apart), tchar */ T | V | Q,
	/* '&' */ T | V | P | R | Q,
	/* '\'' */ T | V | P | R | Q,
	/* '(' sub-delim, not tchar */ V | P | R | Q,
	/* ')' */ V | P | R | Q,
	/* '*' */ T | V | P | R | Q,
	/* '+' */ T | V | P | R | S | Q,
	/* ',' sub-delim, not tchar */ V | P | R | Q,
	/* '-' unreserved */ T | V | P | R | S | Q,
	/* '.' unreserved */ T | V | P | R | S | Q,
	/* '/' gen-delim, path separator */ V | Q | PA,
	/* '0'-'9' */ ALNUM | X | D, ALNUM | X | D, ALNUM | X | D, ALNUM | X | D, ALNUM | X | D,
	ALNUM | X | D, ALNUM | X | D, ALNUM | X | D, ALNUM | X | D, ALNUM | X | D,
	/* ':' pchar */ V | P | Q,
	/* ';' sub-delim */ V | P | R | Q,
	/* '<' */ V | L | Q,
	/* '=' sub-delim */ V | P | R | Q,
	/* '>' */ V | L | Q,
	/* '?' gen-delim, starts the query */ V | Q | PA,
	/* '@' pchar */ V | P | Q,
	/* 'A'-'F' */ ALNUM | X | A, ALNUM | X | A, ALNUM | X | A, ALNUM | X | A, ALNUM | X | A,
	ALNUM | X | A,
	/* 'G'-'Z' */ ALNUM | A, ALNUM | A, ALNUM | A, ALNUM | A, ALNUM | A, ALNUM | A, ALNUM | A,
	ALNUM | A, ALNUM | A, ALNUM | A, ALNUM | A, ALNUM | A, ALNUM | A, ALNUM | A, ALNUM | A,
	ALNUM | A, ALNUM | A, ALNUM | A, ALNUM | A, ALNUM | A,
	/* '[' gen-delim */ V | Q,
	/* '\\' not qdtext */ V | L,
	/* ']' */ V | Q,
	/* '^' tchar */ T | V | L | Q,
	/* '_' unreserved */ T | V | P | R | Q,
	/* '`' tchar */ T | V | L | Q,
	/* 'a'-'f' */ ALNUM | X | A, ALNUM | X | A, ALNUM | X | A, ALNUM | X | A, ALNUM | X | A,
	ALNUM | X | A,
	/* 'g'-'z' */ ALNUM | A, ALNUM | A, ALNUM | A, ALNUM | A, ALNUM | A, ALNUM | A, ALNUM | A,
	ALNUM | A, ALNUM | A, ALNUM | A, ALNUM | A, ALNUM | A, ALNUM | A, ALNUM | A, ALNUM | A,
	ALNUM | A, ALNUM | A, ALNUM | A, ALNUM | A, ALNUM | A,
	/* '{' */ V | L | Q,
	/* '|' tchar */ T | V | L | Q,
	/* '}' */ V | L | Q,
	/* '~' unreserved */ T | V | P | R | Q,
	/* 0x7F DEL */ 0,
	/* 0x80-0xFF obs-text */
	OBS, OBS, OBS, OBS, OBS, OBS, OBS, OBS, OBS, OBS, OBS, OBS, OBS, OBS, OBS, OBS,
	OBS, OBS, OBS, OBS, OBS, OBS, OBS, OBS, OBS, OBS, OBS, OBS, OBS, OBS, OBS, OBS,
	OBS, OBS, OBS, OBS, OBS, OBS, OBS, OBS, OBS, OBS, OBS, OBS, OBS, OBS, OBS, OBS,
	OBS, OBS, OBS, OBS, OBS, OBS, OBS, OBS, OBS, OBS, OBS, OBS, OBS, OBS, OBS, OBS,
	OBS, OBS, OBS, OBS, OBS, OBS, OBS, OBS, OBS, OBS, OBS, OBS, OBS, OBS, OBS, OBS,
	OBS, OBS, OBS, OBS, OBS, OBS, OBS, OBS, OBS, OBS, OBS, OBS, OBS, OBS, OBS, OBS,
	OBS, OBS, OBS, OBS, OBS, OBS, OBS, OBS, OBS, OBS, OBS, OBS, OBS, OBS, OBS, OBS,
	OBS, OBS, OBS, OBS, OBS, OBS, OBS, OBS, OBS, OBS, OBS, OBS, OBS, OBS, OBS, OBS,
};
/* clang-format on */

/* clang-format off */
#define F 0xFF
const uint8_t h1__hexv[256] = {
	/* 0x00 */ F, F, F, F, F, F, F, F, F, F, F, F, F, F, F, F,
	/* 0x10 */ F, F, F, F, F, F, F, F, F, F, F, F, F, F, F, F,
	/* 0x20 */ F, F, F, F, F, F, F, F, F, F, F, F, F, F, F, F,
	/* 0x30 */ 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, F, F, F, F, F, F,
	/* 0x40 */ F, 10, 11, 12, 13, 14, 15, F, F, F, F, F, F, F, F, F,
	/* 0x50 */ F, F, F, F, F, F, F, F, F, F, F, F, F, F, F, F,
	/* 0x60 */ F, 10, 11, 12, 13, 14, 15, F, F, F, F, F, F, F, F, F,
	/* 0x70 */ F, F, F, F, F, F, F, F, F, F, F, F, F, F, F, F,
	/* 0x80 */ F, F, F, F, F, F, F, F, F, F, F, F, F, F, F, F,
	/* 0x90 */ F, F, F, F, F, F, F, F, F, F, F, F, F, F, F, F,
	/* 0xA0 */ F, F, F, F, F, F, F, F, F, F, F, F, F, F, F, F,
	/* 0xB0 */ F, F, F, F, F, F, F, F, F, F, F, F, F, F, F, F,
	/* 0xC0 */ F, F, F, F, F, F, F, F, F, F, F, F, F, F, F, F,
	/* 0xD0 */ F, F, F, F, F, F, F, F, F, F, F, F, F, F, F, F,
	/* 0xE0 */ F, F, F, F, F, F, F, F, F, F, F, F, F, F, F, F,
	/* 0xF0 */ F, F, F, F, F, F, F, F, F, F, F, F, F, F, F, F,
};
#undef F
/* clang-format on */

size_t h1__find_ctl(const char *p, size_t n)
{
	size_t i = 0;

#if defined(__SSE2__)
	/* 16 bytes at a time: a byte is a control iff min(b, 0x1F) == b (that
	 * is, b <= 0x1F unsigned) or b == 0x7F. Loads never pass p + n. */
	const __m128i lim = _mm_set1_epi8(0x1F);
	const __m128i del = _mm_set1_epi8(0x7F);
	for (; i + 16 <= n; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
		__m128i ctl = _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(v, lim), v), _mm_cmpeq_epi8(v, del));
		int mask = _mm_movemask_epi8(ctl);
		if (mask != 0)
			return i + (size_t)__builtin_ctz((unsigned)mask);
	}
#endif
	for (; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c < 0x20 || c == 0x7F)
			return i;
	}
	return n;
}

size_t h1__find_ctl_in(const char *base, size_t readable, size_t from, size_t to)
{
	size_t i = from;

#if defined(__SSE2__)
	const __m128i lim = _mm_set1_epi8(0x1F);
	const __m128i del = _mm_set1_epi8(0x7F);
	for (; i + 16 <= to; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(base + i));
		int mask = _mm_movemask_epi8(
		        _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(v, lim), v), _mm_cmpeq_epi8(v, del)));
		if (mask != 0)
			return i + (size_t)__builtin_ctz((unsigned)mask);
	}
	if (i < to && readable >= 16) {
		/* one load over [w, w+16), which covers [i, to) and stays inside
		 * base[0..readable); bits outside [i, to) are masked off */
		size_t w = to >= 16 ? to - 16 : 0;
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(base + w));
		unsigned mask = (unsigned)_mm_movemask_epi8(
		        _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(v, lim), v), _mm_cmpeq_epi8(v, del)));
		mask &= ~0u << (i - w);
		mask &= (1u << (to - w)) - 1u;
		return mask ? w + (size_t)__builtin_ctz(mask) : to;
	}
#else
	(void)readable;
#endif
	for (; i < to; i++) {
		unsigned char c = (unsigned char)base[i];
		if (c < 0x20 || c == 0x7F)
			return i;
	}
	return to;
}

size_t h1__find_line_ctl(const char *base, size_t n, size_t from)
{
	return h1__find_line_ctl_inline(base, n, from);
}

int h1__lower_eq(const char *p, size_t n, const char *lower, size_t lower_len)
{
	size_t i;

	if (n != lower_len)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c | 0x20);
		if (c != (unsigned char)lower[i])
			return 0;
	}
	return 1;
}
