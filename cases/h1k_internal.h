/*
 * Internals shared by the files of cases/ (not part of the API in h1k.h).
 * Names carry a double underscore: h1k__*.
 */
#ifndef H1K_INTERNAL_H
#define H1K_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>

#include "cases/h1k.h"

/* The arena of one case: every allocation is released at once by
 * h1k__arena_free(), so the loader never has to undo half-built models. */
struct h1k__arena;

/* Allocate n zeroed bytes in *a (creating the arena on first use). NULL
 * when out of memory. */
void *h1k__alloc(struct h1k__arena **a, size_t n);
/* Copy p[0..n) and add a NUL; NULL when out of memory. */
char *h1k__memdup(struct h1k__arena **a, const char *p, size_t n);
void h1k__arena_free(struct h1k__arena *a);

/* Append a diagnostic; the strings are copied. path may be NULL. Returns 0,
 * or -1 when out of memory (the diagnostic is then counted as dropped). */
int h1k__diag_add(struct h1k_diags *d, const char *file, int line, int col, const char *path, const char *fmt,
                  ...) __attribute__((format(printf, 6, 7)));
int h1k__diag_vadd(struct h1k_diags *d, const char *file, int line, int col, const char *path,
                   const char *fmt, va_list ap) __attribute__((format(printf, 6, 0)));

/* One step of a JSON path: an object key, or an array index when key is NULL. */
struct h1k__seg {
	const char *key;
	size_t index;
};

/* Where h1k__locate() should point. */
enum h1k__at {
	H1K__AT_VALUE = 0, /* the first character of the value */
	H1K__AT_KEY,       /* the opening quote of the last segment's key */
	H1K__AT_CHAR       /* character char_index inside the string value */
};

/*
 * Find the byte offset, in the JSON text[0..len), of the value at path
 * segs[0..n) (n == 0: the top-level value). The text must be valid JSON
 * (jansson accepted it). Returns 0 and sets *offset, or -1 when the path
 * does not lead anywhere.
 */
int h1k__locate(const char *text, size_t len, const struct h1k__seg *segs, size_t n, int at,
                size_t char_index, size_t *offset);
/* 1-based line and character column of byte offset in text. */
void h1k__line_col(const char *text, size_t len, size_t offset, int *line, int *col);

/*
 * Check the braces of an octet string: "{{", "}}" and known "{name}" only.
 * Adds the placeholders used to *needs. Returns 0, or -1 with *bad_index at
 * the offending brace and *why a sentence fragment (static storage).
 */
int h1k__scan_placeholders(const char *p, size_t len, unsigned *needs, size_t *bad_index, const char **why);
/* The placeholder named p[0..n), or -1. */
int h1k__placeholder_from_name(const char *p, size_t n);

/*
 * Decode hex pairs with optional SP/HTAB/CR/LF between pairs. out needs
 * len / 2 bytes. Returns 0, or -1 with *bad_index at the offending
 * character (len for an odd number of digits).
 */
int h1k__hex_decode(const char *s, size_t len, char *out, size_t *outlen, size_t *bad_index);

/* Grow b to hold n more bytes (bounded by H1K_MAX_SEND). */
int h1k__bytes_reserve(struct h1k_bytes *b, size_t n);

#endif
