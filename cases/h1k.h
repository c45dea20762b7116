/*
 * h1k — the case loader of h1conform.
 *
 * This header is the manual. A case is one JSON file (cases/FORMAT.md is the
 * format); the loader turns it into the in-memory model below, or into
 * diagnostics that say exactly which file, line, column, JSON path and what
 * is wrong. Nothing is skipped silently: a bad file is an error for the
 * caller to report, never a case that quietly disappears.
 *
 * Design
 *  - Validation is complete at load time: every key known, every type and
 *    range checked, error ids and leniency flags looked up in reference/,
 *    placeholders parsed, hex and base64 decoded. A loaded case is valid, so
 *    users of the model need no checks of their own.
 *  - Octet strings keep their placeholders ({host}, {{, }}) until a profile
 *    expands them (h1k_expand); the case records which placeholders it
 *    needs so the harness can skip cases its target profile cannot serve.
 *  - Ownership: a case owns every string and array it points to (one arena
 *    per case); h1k_case_free() releases all of it. Strings in the model
 *    are NUL-terminated for convenience, but octet strings (struct h1k_text)
 *    may contain NUL, so use their length.
 *  - Every function accepts NULL for its diagnostics argument.
 *
 * Typical use (the harness):
 *
 *     struct h1k_set set = {0};
 *     struct h1k_diags diags = {0};
 *     if (h1k_load_dir("cases", &set, &diags) != H1K_OK) {
 *         for (i = 0; i < diags.n; i++) h1k_diag_print(stderr, &diags.v[i]);
 *         exit 2;
 *     }
 *     for each set.v[i]: if (h1k_profile_lacks(&profile, c->needs)) skip;
 *                        else for each step: h1k_step_bytes(step, &profile, &bytes) ...
 *     h1k_set_free(&set); h1k_diags_free(&diags);
 */
#ifndef H1K_H
#define H1K_H

#include <stddef.h>
#include <stdio.h>

struct h1k__arena; /* private allocator of a case (cases/h1k_internal.h) */

/* Return statuses. 0 is success; loader failures are described in diags. */
enum h1k_status {
	H1K_OK = 0,
	H1K_ELOAD = 1,   /* one or more case files are bad; see the diagnostics */
	H1K_ENEED = 2,   /* the profile lacks a placeholder the text uses */
	H1K_ELIMIT = 3,  /* a result would exceed H1K_MAX_SEND */
	H1K_ENOMEM = -1, /* out of memory */
	H1K_EINVAL = -2  /* API misuse (NULL argument), or a profile value with CR, LF or NUL */
};

/* Bounds (cases/FORMAT.md lists them for case authors). */
#define H1K_MAX_FILE  ((size_t)1 << 20)  /* bytes of one case file */
#define H1K_MAX_SEND  ((size_t)16 << 20) /* bytes of one case's send, expanded */
#define H1K_MAX_ID    200                /* bytes of an id */
#define H1K_MAX_CASES 100000             /* case files in one load */
#define H1K_MAX_DEPTH 16                 /* directory nesting below the load root */

/* ---------------------------------------------------------------------- */
/* Diagnostics                                                            */

/* One error in one file. line/col are 1-based (col counts characters);
 * 0 when not known (I/O errors). path is a JSON path like
 * "$.expect.outcomes[1].status", "" when the error is not about a value. */
struct h1k_diag {
	char *file;
	int line;
	int col;
	char *path;
	char *message; /* one sentence on one line: control characters appear as \u00XX */
};

/* A growing list of diagnostics. Zero-initialise; h1k_diags_free() releases
 * it. After H1K_MAX_DIAGS entries further ones are only counted. */
struct h1k_diags {
	struct h1k_diag *v;
	size_t n;
	size_t cap;
	size_t dropped;
};
#define H1K_MAX_DIAGS 10000

void h1k_diags_free(struct h1k_diags *d);

/* Format one diagnostic as "file:line:col: path: message" (the parts that
 * are unknown are left out) into out[0..cap), NUL-terminated and truncated
 * if needed. Returns the full length, as snprintf does. */
size_t h1k_diag_format(const struct h1k_diag *d, char *out, size_t cap);
/* Print h1k_diag_format()'s text and a newline to f. */
void h1k_diag_print(FILE *f, const struct h1k_diag *d);

/* ---------------------------------------------------------------------- */
/* The case model                                                          */

/* An octet string: len octets at p (followed by a NUL not counted in len).
 * Unless stated otherwise it may hold placeholders; see h1k_expand(). */
struct h1k_text {
	char *p;
	size_t len;
};

enum h1k_level { H1K_MUST = 1, H1K_SHOULD, H1K_MAY };

struct h1k_requirement {
	char *document; /* "RFC 9112" */
	char *section;  /* "6.3" */
	int level;      /* enum h1k_level */
	char *text;
};

enum h1k_step_kind {
	H1K_STEP_DATA = 1,     /* send data (repeat times), after waiting delay_ms */
	H1K_STEP_DELAY,        /* wait delay_ms */
	H1K_STEP_AWAIT,        /* wait for one more complete final response */
	H1K_STEP_HALF_CLOSE,   /* shut down the sending side */
	H1K_STEP_AWAIT_INTERIM /* wait for an interim (1xx) or final response */
};

struct h1k_step {
	int kind;             /* enum h1k_step_kind */
	struct h1k_text data; /* H1K_STEP_DATA */
	int raw;              /* data came from hex/base64: no placeholders */
	unsigned long repeat; /* H1K_STEP_DATA: >= 1 */
	unsigned delay_ms;    /* H1K_STEP_DELAY, or the wait before a data step */
};

/* One [name, value] pair of reference.messages. */
struct h1k_pair {
	struct h1k_text name;
	struct h1k_text value;
};

/* Which keys a reference message gave (the others are not compared). */
#define H1K_HAS_METHOD   0x01u
#define H1K_HAS_TARGET   0x02u
#define H1K_HAS_VERSION  0x04u
#define H1K_HAS_HEADERS  0x08u
#define H1K_HAS_BODY     0x10u
#define H1K_HAS_TRAILERS 0x20u

struct h1k_message {
	unsigned has; /* H1K_HAS_* */
	struct h1k_text method, target, version, body;
	struct h1k_pair *headers;
	size_t nheaders;
	struct h1k_pair *trailers;
	size_t ntrailers;
};

enum h1k_verdict { H1K_ACCEPT = 1, H1K_REJECT };

/* What the reference parser must do under one leniency setting. */
struct h1k_oracle {
	int verdict;            /* enum h1k_verdict */
	int error;              /* H1_E_* code with H1K_REJECT, else 0 */
	const char *error_name; /* borrowed from reference/'s table; NULL with accept */
	int has_messages;       /* messages were given: compare their number too */
	struct h1k_message *messages;
	size_t nmessages;
};

struct h1k_lenient {
	char *name;     /* the key as written: "obs-fold" or "bare-lf,obs-fold" */
	unsigned flags; /* H1_LENIENT_* */
	struct h1k_oracle oracle;
};

struct h1k_reference {
	struct h1k_oracle strict;
	struct h1k_lenient *lenient; /* in file order */
	size_t nlenient;
};

enum h1k_interim { H1K_INTERIM_ALLOWED = 0, H1K_INTERIM_REQUIRED, H1K_INTERIM_FORBIDDEN };
enum h1k_body { H1K_BODY_ANY = 0, H1K_BODY_EMPTY, H1K_BODY_NONEMPTY };
enum h1k_connection { H1K_CONN_ANY = 0, H1K_CONN_CLOSED, H1K_CONN_OPEN };
enum h1k_match_kind { H1K_MATCH_EQUALS = 1, H1K_MATCH_CONTAINS, H1K_MATCH_TOKEN };

/* A status code (lo == hi) or class ("4xx": 400..499). */
struct h1k_status_range {
	int lo, hi;
};

struct h1k_header_match {
	char *name;            /* as written; compare case-insensitively */
	int kind;              /* enum h1k_match_kind */
	struct h1k_text value; /* octet string; placeholders */
};

struct h1k_response {
	struct h1k_status_range *status; /* any of these; nstatus 0 = any final status */
	size_t nstatus;
	int interim;        /* enum h1k_interim */
	int interim_status; /* 100..199 required among the interim responses, 0 = none */
	char **headers_required;
	size_t nrequired;
	char **headers_forbidden;
	size_t nforbidden;
	struct h1k_header_match *headers_match;
	size_t nmatch;
	int body; /* enum h1k_body */
	int has_body_equals;
	struct h1k_text body_equals; /* placeholders */
};

struct h1k_outcome {
	struct h1k_response *responses;
	size_t nresponses;
	int extra_responses;
	int connection; /* enum h1k_connection */
	int timeout;
};

/* Placeholders, in the order of cases/FORMAT.md. */
enum h1k_placeholder {
	H1K_PH_HOST = 0,
	H1K_PH_PATH,
	H1K_PH_MISSING,
	H1K_PH_STATIC,
	H1K_PH_ETAG,
	H1K_PH_LAST_MODIFIED,
	H1K_PH_WRITABLE,
	H1K_PH_ECHO,
	H1K_PH__COUNT
};

struct h1k_case {
	char *id;   /* "rfc9112/6.3/te-and-cl" */
	char *file; /* the path it was loaded from */
	char *title;
	struct h1k_requirement requirement;
	char **tags;
	size_t ntags;
	struct h1k_step *steps; /* a send string becomes one data step */
	size_t nsteps;
	char **methods;
	size_t nmethods;
	struct h1k_reference reference;
	struct h1k_outcome *outcomes;
	size_t noutcomes;
	unsigned timeout_ms;      /* 0: the run's default */
	unsigned needs;           /* placeholders used anywhere: bit (1u << H1K_PH_*) */
	struct h1k__arena *arena; /* private: owns everything above */
};

/* A loaded corpus, sorted by id. */
struct h1k_set {
	struct h1k_case **v;
	size_t n;
	size_t cap;
};

/* ---------------------------------------------------------------------- */
/* Loading                                                                 */

/*
 * Load one case from data[0..len). file names it in diagnostics (and is
 * copied into the case); id is the case id to record (not checked here).
 * On H1K_OK *out is a new case the caller frees with h1k_case_free(). On
 * H1K_ELOAD one diagnostic was appended and *out is NULL. H1K_ENOMEM and
 * H1K_EINVAL also leave *out NULL.
 */
int h1k_load_buffer(const char *data, size_t len, const char *file, const char *id, struct h1k_case **out,
                    struct h1k_diags *diags);

/*
 * Load the case file at path (at most H1K_MAX_FILE bytes). Its id is
 * derived with h1k_id_from_path() from path as written or, when that names
 * no document directory ("./x.json" inside rfc9112/), from its resolved
 * absolute path; a path that gives no valid id is a load error. Returns and
 * owns like h1k_load_buffer().
 */
int h1k_load_file(const char *path, struct h1k_case **out, struct h1k_diags *diags);

/*
 * The case id of a file path: the part from the last directory named
 * "rfc" + digits, without ".json". "cases/rfc9112/6.3/x.json" gives
 * "rfc9112/6.3/x". Writes a NUL-terminated id to out[0..cap). Returns 0, or
 * -1 with a sentence in why (static storage) when there is no document
 * directory, the name does not end in ".json", a character is outside
 * [a-z0-9./-], a segment is empty or starts with '.', or the id is longer
 * than H1K_MAX_ID.
 */
int h1k_id_from_path(const char *path, char *out, size_t cap, const char **why);

/*
 * Load every case below dir and add them to set, which stays sorted by id
 * (byte order). If dir lies inside a document directory (a path component
 * "rfc" + digits, as written or once resolved), every file below dir is a
 * case file; otherwise the
 * document directories directly inside dir are loaded and everything else
 * in dir is ignored (FORMAT.md, schema.json, tools/, tests/).
 * Every bad file gets a diagnostic; loading goes on after one, so all are
 * reported. Returns H1K_OK, or H1K_ELOAD when any file was bad, an id was
 * already in set, or no case at all was found below dir; the good cases
 * are in set either way. The caller frees set with h1k_set_free().
 */
int h1k_load_dir(const char *dir, struct h1k_set *set, struct h1k_diags *diags);

/* Load path as a directory (h1k_load_dir) or as one case file, adding to
 * set (a duplicate id is a load error). Same returns as h1k_load_dir(). */
int h1k_load_path(const char *path, struct h1k_set *set, struct h1k_diags *diags);

/* Free a case (NULL is fine). */
void h1k_case_free(struct h1k_case *c);
/* Free every case of a set and the set's array; the set is empty after. */
void h1k_set_free(struct h1k_set *set);

/* ---------------------------------------------------------------------- */
/* Placeholders and bytes                                                 */

/* Values for the placeholders of one target; NULL = not available. The
 * strings are borrowed; they must not contain CR, LF or NUL. */
struct h1k_profile {
	const char *value[H1K_PH__COUNT];
};

/* The offline profile of cases/FORMAT.md (static storage; borrowed). */
const struct h1k_profile *h1k_profile_offline(void);
/* "host", "last_modified", ...; NULL for an unknown index. */
const char *h1k_placeholder_name(int ph);
/* The placeholders in needs (bit 1u << H1K_PH_*) that p has no value for. */
unsigned h1k_profile_lacks(const struct h1k_profile *p, unsigned needs);

/* A growable byte buffer for results (bounded by H1K_MAX_SEND). Zero-
 * initialise; free with h1k_bytes_free(). Once anything was appended,
 * p[len] is a NUL (not counted); p stays NULL while nothing was. */
struct h1k_bytes {
	char *p;
	size_t len;
	size_t cap;
};
void h1k_bytes_free(struct h1k_bytes *b);

/*
 * Append t to out with its placeholders replaced from p and "{{" / "}}"
 * made single braces. raw != 0 appends t unchanged (hex/base64 data).
 * Returns H1K_OK; H1K_ENEED if p lacks a value the text uses (out then
 * unchanged); H1K_EINVAL for a profile value with CR, LF or NUL, or a
 * malformed text (impossible for texts from a loaded case); H1K_ELIMIT
 * when out would exceed H1K_MAX_SEND; H1K_ENOMEM.
 */
int h1k_expand(const struct h1k_text *t, int raw, const struct h1k_profile *p, struct h1k_bytes *out);

/* Append the octets of one data step (expanded, repeat times) to out.
 * Other steps append nothing. Returns as h1k_expand(). */
int h1k_step_bytes(const struct h1k_step *s, const struct h1k_profile *p, struct h1k_bytes *out);

/* Append the octets of every data step of c, in order: the whole stream
 * check-cases parses and the fuzz seeds use. Returns as h1k_expand(). */
int h1k_send_bytes(const struct h1k_case *c, const struct h1k_profile *p, struct h1k_bytes *out);

/*
 * Convert a UTF-8 string whose code points are all U+0000..U+00FF (the
 * Latin-1 convention of case files and of 'h1conform parse') to octets.
 * out must have room for len bytes; *outlen receives the octet count.
 * Returns 0, or -1 with *bad_index set to the character index (from 0) of
 * the first code point above U+00FF or of invalid UTF-8.
 */
int h1k_octets_from_utf8(const char *s, size_t len, char *out, size_t *outlen, size_t *bad_index);

/*
 * Strict base64 (RFC 4648 §4): length a multiple of 4, '=' only as final
 * padding, unused bits zero, no whitespace. out must have room for
 * len / 4 * 3 bytes. Returns 0, or -1 with *bad_index at the offending
 * character (len when the length is wrong).
 */
int h1k_base64_decode(const char *s, size_t len, char *out, size_t *outlen, size_t *bad_index);

#endif
