/*
 * Internal interface shared by the files of reports/ (not installed, not for
 * other modules). Names carry the h1r__ prefix.
 *
 * The escaping functions are the single place where untrusted text meets an
 * output medium; every writer goes through them, so a fix here protects the
 * HTML, the JUnit XML and the terminal alike.
 */
#ifndef H1R_INTERNAL_H
#define H1R_INTERNAL_H

#include <jansson.h>
#include <stdio.h>

#include "reports/h1r.h"

#if defined(__GNUC__) || defined(__clang__)
#define H1R__PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define H1R__PRINTF(f, a)
#endif

/*
 * Ensure *ptr (an array of elem-sized items with capacity *cap) can hold
 * need items, doubling. H1R_OK or H1R_ENOMEM (also on size overflow); on
 * failure *ptr and *cap are unchanged.
 */
int h1r__grow(void **ptr, size_t *cap, size_t need, size_t elem);

/*
 * The run's label (see h1r_run_label) as a borrowed view with its length;
 * never to be freed.
 */
struct h1r_str h1r__label(const struct h1r_run *run);

/* Free a text field and mark it absent. */
void h1r__str_clear(struct h1r_str *s);

/* Set a text field to a copy of s[0..len) without UTF-8 repair (the loader's data is valid). */
int h1r__str_copy(struct h1r_str *dst, const char *s, size_t len);

/* The bytes of a text field, "" when absent. */
const char *h1r__s(const struct h1r_str *s);

/*
 * Decode one UTF-8 sequence at s (len >= 1 bytes available). Returns the
 * code point and stores its length in *adv, or returns -1 with *adv = 1 when
 * the byte at s does not start a valid, shortest-form, non-surrogate
 * sequence.
 */
long h1r__utf8_next(const unsigned char *s, size_t len, size_t *adv);

/* 1 when s[0..len) is valid UTF-8, else 0. */
int h1r__utf8_valid(const char *s, size_t len);

/* Fill *e (when not NULL) with a status and a formatted one-line text. */
void h1r__error(struct h1r_error *e, int status, int line, int column, const char *fmt, ...)
        H1R__PRINTF(5, 6);

/*
 * Copy at most max bytes of s[0..len) into dst (capacity cap >= 8) as
 * printable ASCII: other bytes become \xNN, a backslash \\, and a cut is
 * marked "...". For quoting untrusted values in error messages.
 */
void h1r__ascii_quote(char *dst, size_t cap, const char *s, size_t len, size_t max);

/*
 * Output media for the escapers:
 *   XML  - entities for & < > " ', characters XML 1.0 cannot carry and
 *          invisible/format characters as visible \xNN or \u{NNNN} text, a
 *          backslash as \\ (so an escape cannot be forged by the data);
 *   HTML - as XML, but visible escapes are wrapped in <span class="x">
 *          (so they are told apart by style, and a backslash stays as is);
 *   TERM - no markup; controls (C0, DEL, C1, ESC...) and invisible or
 *          direction-changing characters become \xNN / \u{NNNN}; \ is \\.
 * In text, CR, LF and TAB are written \r \n \t (they are C0 controls too).
 */
enum h1r__mode { H1R__XML, H1R__HTML, H1R__TERM };

/*
 * Write UTF-8 text s[0..len) escaped for mode. Invalid UTF-8 bytes appear
 * as \xNN. At most limit input bytes are consumed (0: no limit), never
 * splitting a sequence. Returns the number of input bytes consumed.
 */
size_t h1r__put_text(FILE *f, enum h1r__mode m, const char *s, size_t len, size_t limit);

/* h1r__put_text of a field, cut at limit input bytes with an ellipsis after a cut. */
void h1r__put_str(FILE *f, enum h1r__mode m, const struct h1r_str *s, size_t limit);

/*
 * Write raw octets as a visible transcript: printable ASCII as is (escaped
 * for the medium), CR, LF and TAB as \r \n \t, every other octet as \xNN;
 * after each LF a real line break follows. At most limit bytes (0: all).
 * Returns the number consumed.
 */
size_t h1r__put_bytes(FILE *f, enum h1r__mode m, const unsigned char *p, size_t len, size_t limit);

/*
 * Compare two strings "naturally": runs of digits compare by numeric value
 * (so 6.3 < 6.10 < 10.1), other bytes by value; ties broken bytewise.
 */
int h1r__natcmp(const struct h1r_str *a, const struct h1r_str *b);

/*
 * Build the rfc-editor.org URL for a document and section into buf (cap
 * bytes): "RFC 9112" + "6.3" -> https://www.rfc-editor.org/rfc/rfc9112#section-6.3,
 * an appendix section "A.2" -> #appendix-A.2, an empty section -> no
 * fragment. Returns 1 when the document is "RFC <1-5 digits>" (and the
 * section, when present and not of those shapes, is left out), else 0:
 * no link is made from anything else, so the data cannot choose a URL.
 */
int h1r__rfc_url(const struct h1r_str *doc, const struct h1r_str *section, char *buf, size_t cap);

/*
 * Write "RFC 9112 §6.3" for a case's document and section, escaped for mode;
 * the parts are cut at 64 and 32 bytes (_cut: at doc_max and section_max).
 */
void h1r__put_group(FILE *f, enum h1r__mode m, const struct h1r_str *doc, const struct h1r_str *section);
void h1r__put_group_cut(FILE *f, enum h1r__mode m, const struct h1r_str *doc, const struct h1r_str *section,
                        size_t doc_max, size_t section_max);

/* 1 when two cases belong to the same group (same document and section). */
int h1r__same_group(const struct h1r_case *a, const struct h1r_case *b);

/*
 * The cases of several runs arranged for reporting: rows ordered by
 * document, section (natural order), then id; one row per case id within a
 * group, with one cell per run (NULL when that run lacks the case). A case
 * id repeated within one run gets its own row. Rows of one group are
 * contiguous (h1r__same_group of their first cases).
 */
struct h1r__row {
	const struct h1r_case *first;  /* the first run's case: document, section, title */
	const struct h1r_case **cells; /* n_runs cells */
};

struct h1r__table {
	size_t n_runs;
	size_t n_rows;
	struct h1r__row *rows;
	const struct h1r_case **cells;
};

/* Build t from runs. H1R_OK or H1R_ENOMEM (t is then empty). */
int h1r__table_build(struct h1r__table *t, const struct h1r_run *const *runs, size_t n_runs);
void h1r__table_free(struct h1r__table *t);

/*
 * v as an array index: a value outside the enum (a caller's bug; the loader
 * never produces one) counts as H1R_ERROR rather than indexing out of bounds.
 */
unsigned h1r__vi(enum h1r_verdict v);

/* 1 when the case should be shown in detail: not a pass, or has findings. */
int h1r__case_notable(const struct h1r_case *c);

/* Write "0.012" for a duration in milliseconds (seconds with 3 decimals). */
void h1r__put_seconds(FILE *f, uint64_t ms);

/*
 * Loading helpers shared by the results and baseline loaders. A loader
 * context names the source in messages; the getters check a key's type and
 * report "source: $.path.key: message" (H1R_ESCHEMA) when it is wrong or a
 * required key is missing. Optional keys that are absent leave *out as is.
 */
struct h1r__ld {
	const char *src;
	struct h1r_error *err;
};

/* Read a whole file, at most H1R_MAX_INPUT_BYTES. *buf is new (free). */
int h1r__read_file(const char *path, char **buf, size_t *len, struct h1r_error *err);

/* Parse JSON text (objects and arrays at the top); NULL with a file:line:col error. */
json_t *h1r__parse_json(const char *buf, size_t len, const char *src, struct h1r_error *err);

/* Record a schema error at path (a JSON path such as "$.cases[3]"); returns H1R_ESCHEMA. */
int h1r__ld_fail(struct h1r__ld *L, const char *path, const char *fmt, ...) H1R__PRINTF(3, 4);

/*
 * Check the "schema" member of obj: "<prefix><major>[.<minor>]" with major
 * equal to 1. what names the file kind for messages ("results").
 */
int h1r__ld_schema(struct h1r__ld *L, json_t *obj, const char *prefix, const char *what);

/* Getters: a member of the object obj at path; required: missing is an error. */
int h1r__ld_str(struct h1r__ld *L, json_t *obj, const char *path, const char *key, int required,
                struct h1r_str *out);
int h1r__ld_uint(struct h1r__ld *L, json_t *obj, const char *path, const char *key, int required,
                 uint64_t *out);
int h1r__ld_verdict(struct h1r__ld *L, json_t *obj, const char *path, const char *key, enum h1r_verdict *out);
/* A member that must be an object (or array when want_array); NULL when absent and optional. */
int h1r__ld_member(struct h1r__ld *L, json_t *obj, const char *path, const char *key, int required,
                   int want_array, json_t **out);

/* A JSON string holding s (validated UTF-8); NULL when invalid or out of memory. */
json_t *h1r__json_str(const struct h1r_str *s);

/* Dump root to out sorted, indent 2, ASCII, with a final newline. H1R_OK or H1R_EIO. */
int h1r__json_dump(FILE *out, json_t *root);

/* fflush + ferror: H1R_OK or H1R_EIO. */
int h1r__finish(FILE *f);

#endif
