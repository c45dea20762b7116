/*
 * reports/: the result model of h1conform and every writer that renders it.
 *
 * A run is what one execution of the suite against one target produced: the
 * target, the tool that ran, and one record per case with its verdict, the
 * human-readable expectation and outcome, the findings of the generic rules
 * and the raw transcript. The harness builds a run with the functions below
 * (h1r_run_new, h1r_run_add_case, h1r_case_add_*), then hands it to the
 * writers; 'h1conform report' instead loads runs from results files, which
 * may have been made on another machine or by an older version. Nothing here
 * knows about the harness, libcurl or the reference parser.
 *
 * Trust: every string and byte in a run is treated as hostile. The writers
 * escape everything for their medium (HTML, XML, terminal), make control
 * bytes visible instead of emitting them, and bound what they show of long
 * transcripts. The loaders bound what they read (H1R_MAX_INPUT_BYTES) and
 * allocate in proportion to the input only.
 *
 * Conventions: functions returning int return H1R_OK (0) or one of the
 * codes of H1R_STATUS_TABLE. Pointers returned by the library are either
 * "new" (the caller frees them with the named function) or "borrowed"
 * (owned by the object they came from, valid as long as it lives). Every
 * function taking a struct h1r_error * accepts NULL there.
 */
#ifndef H1R_H
#define H1R_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* The results schema this code writes, and the one major version it reads. */
#define H1R_SCHEMA          "h1conform-results/1"
#define H1R_BASELINE_SCHEMA "h1conform-baseline/1"

/* Largest results or baseline file the loaders accept (bytes). */
#define H1R_MAX_INPUT_BYTES ((size_t)256 << 20)

/*
 * Most transcript bytes one case keeps when built through the API
 * (h1r_case_add_transcript): beyond this, entries are cut and marked
 * truncated. Loaded files are not cut; they are bounded by their size.
 */
#define H1R_MAX_CASE_TRANSCRIPT ((size_t)1 << 20)

/*
 * Status codes: code, stable name, message. Append only; the numbers are
 * part of the API.
 */
#define H1R_STATUS_TABLE(X)                                                                                  \
	X(H1R_OK, 0, "ok", "success")                                                                        \
	X(H1R_ENOMEM, 1, "nomem", "out of memory")                                                           \
	X(H1R_EIO, 2, "io", "reading or writing a file failed")                                              \
	X(H1R_ESYNTAX, 3, "syntax", "the input is not valid JSON")                                           \
	X(H1R_ESCHEMA, 4, "schema", "the input does not follow its schema")                                  \
	X(H1R_ETOOBIG, 5, "too-big", "the input exceeds a size limit")                                       \
	X(H1R_EINVAL, 6, "invalid", "an argument or model field is invalid")

enum h1r_status {
#define H1R__STATUS_ENUM(code, num, name, msg) code = num,
	H1R_STATUS_TABLE(H1R__STATUS_ENUM)
#undef H1R__STATUS_ENUM
};

/* Stable name ("nomem") and sentence for a status; "unknown" when out of range. */
const char *h1r_status_name(int status);
const char *h1r_status_message(int status);

/*
 * What a loader reports when it fails. text is one line, already escaped
 * (printable ASCII only), shaped like a compiler diagnostic:
 *   "results.json:12:7: message"        for JSON syntax errors,
 *   "results.json: $.cases[3].verdict: message"  for schema errors.
 * line and column are 1-based when known, 0 otherwise.
 */
struct h1r_error {
	int status;
	int line;
	int column;
	char text[512];
};

enum h1r_verdict { H1R_PASS, H1R_FAIL, H1R_WARN, H1R_SKIP, H1R_ERROR };
#define H1R_VERDICT_COUNT 5

enum h1r_level { H1R_MUST, H1R_SHOULD, H1R_MAY };

/* Direction of a transcript entry: bytes sent, bytes received, or an event. */
enum h1r_dir { H1R_SEND, H1R_RECV, H1R_EVENT };

/* Names as written in the JSON: "pass", "MUST", "send"... */
const char *h1r_verdict_name(enum h1r_verdict v);
const char *h1r_level_name(enum h1r_level l);
const char *h1r_dir_name(enum h1r_dir d);

/*
 * Parse a name of exactly len bytes. Return H1R_OK and store the value, or
 * H1R_EINVAL when the name is not one of the above (case-sensitive).
 */
int h1r_verdict_from_name(const char *s, size_t len, enum h1r_verdict *out);
int h1r_level_from_name(const char *s, size_t len, enum h1r_level *out);
int h1r_dir_from_name(const char *s, size_t len, enum h1r_dir *out);

/*
 * Whether a verdict makes a run fail (exit status 1): fail and error always,
 * warn only under strict mode (a SHOULD not met fails under --strict).
 */
int h1r_verdict_gates(enum h1r_verdict v, int strict);

/*
 * A text field: UTF-8, owned by the struct holding it. ptr is NULL for an
 * absent or never-set field (writers treat that as ""); otherwise it holds
 * len bytes followed by a NUL. len is authoritative: the text itself may
 * contain U+0000. Fields set through h1r_str_set are always valid UTF-8.
 */
struct h1r_str {
	char *ptr;
	size_t len;
};

/* Raw octets (a transcript entry), owned; ptr NULL when len is 0. */
struct h1r_bytes {
	unsigned char *ptr;
	size_t len;
};

/*
 * Copy len bytes of s into dst, replacing its previous value (which is
 * freed). Bytes that do not form valid UTF-8 are kept as the code point of
 * the same number (ISO-8859-1 reading), so nothing is lost and the result is
 * valid UTF-8. s may be NULL when len is 0 (sets the empty string).
 * Returns H1R_OK or H1R_ENOMEM (dst unchanged).
 */
int h1r_str_set(struct h1r_str *dst, const char *s, size_t len);

/* h1r_str_set for a NUL-terminated string; s NULL clears the field (absent). */
int h1r_str_setz(struct h1r_str *dst, const char *s);

/* A generic-rule violation seen in a response. All fields owned. */
struct h1r_finding {
	struct h1r_str rule;
	enum h1r_level level;
	struct h1r_str document;
	struct h1r_str section;
	struct h1r_str message;
};

/*
 * One transcript entry. For H1R_SEND and H1R_RECV, data holds the exact
 * octets; for H1R_EVENT a short ASCII text ("closed by peer"). truncated is
 * 1 when the capture was cut (bytes were lost before the model saw them).
 */
struct h1r_chunk {
	enum h1r_dir dir;
	uint64_t t_ms;
	struct h1r_bytes data;
	int truncated;
};

/*
 * One case of a run. All fields are owned by the case. Arrays grow through
 * the h1r_case_add_* functions; do not reallocate them yourself.
 * transcript_bytes is the sum of data lengths, kept by the library.
 */
struct h1r_case {
	struct h1r_str id;
	struct h1r_str title;
	struct h1r_str document;
	struct h1r_str section;
	enum h1r_level level;
	struct h1r_str requirement;
	enum h1r_verdict verdict;
	struct h1r_str expected;
	struct h1r_str actual;
	struct h1r_str message;
	uint64_t duration_ms;

	struct h1r_str *tags;
	size_t n_tags;
	struct h1r_finding *findings;
	size_t n_findings;
	struct h1r_chunk *transcript;
	size_t n_transcript;
	size_t transcript_bytes;

	size_t cap_tags, cap_findings, cap_transcript;
};

/*
 * One run against one target. target_name is optional (absent: ptr NULL);
 * it labels the run's column in a matrix. cases holds pointers so that a
 * case returned by h1r_run_add_case stays valid while more are added.
 */
struct h1r_run {
	struct h1r_str tool_name;
	struct h1r_str tool_version;
	struct h1r_str target_url;
	struct h1r_str target_name;
	struct h1r_str started; /* RFC 3339 UTC, "2026-11-24T15:50:00Z" */
	uint64_t duration_ms;
	int strict; /* options.strict */

	struct h1r_case **cases;
	size_t n_cases;
	size_t cap_cases;
};

/* Counts per verdict (indexed by enum h1r_verdict) and their total. */
struct h1r_summary {
	size_t count[H1R_VERDICT_COUNT];
	size_t total;
};

/*
 * A new empty run: tool name "h1conform", tool version empty, no target, no
 * cases, not strict. Returns NULL when out of memory. Free with h1r_run_free.
 */
struct h1r_run *h1r_run_new(void);

/* Free a run and everything it owns. NULL is allowed. */
void h1r_run_free(struct h1r_run *run);

/* Set target.url and target.name (name may be NULL: absent). H1R_OK or H1R_ENOMEM. */
int h1r_run_set_target(struct h1r_run *run, const char *url, const char *name);

/*
 * Append a case with the given id (copied) and return it, borrowed from the
 * run: its verdict is skip, its level MUST, every other field empty. The
 * caller fills the fields (h1r_str_set for texts). Returns NULL when out of
 * memory or id is NULL. Ids should be unique in a run; the loader rejects
 * duplicates but this function does not check (that would be quadratic).
 */
struct h1r_case *h1r_run_add_case(struct h1r_run *run, const char *id);

/* Append a tag (copied). H1R_OK or H1R_ENOMEM. */
int h1r_case_add_tag(struct h1r_case *c, const char *tag);

/*
 * Append a finding; every string is copied, document/section/message may be
 * NULL (empty). H1R_OK or H1R_ENOMEM.
 */
int h1r_case_add_finding(struct h1r_case *c, const char *rule, enum h1r_level level, const char *document,
                         const char *section, const char *message);

/*
 * Append a transcript entry with a copy of data[0..len). When the case's
 * transcript would exceed H1R_MAX_CASE_TRANSCRIPT bytes, the copy is cut to
 * what remains and the entry marked truncated (an entry is still added, so
 * that the cut is visible). truncated: the caller's own capture was cut.
 * H1R_OK or H1R_ENOMEM.
 */
int h1r_case_add_transcript(struct h1r_case *c, enum h1r_dir dir, uint64_t t_ms, const void *data, size_t len,
                            int truncated);

/* Count the verdicts of the run's cases into *out (the "summary" object). */
void h1r_run_summarize(const struct h1r_run *run, struct h1r_summary *out);

/*
 * Whether the run as a whole deviates: some case has a verdict that gates
 * (h1r_verdict_gates with the run's strict flag). 1 or 0.
 */
int h1r_run_deviates(const struct h1r_run *run);

/*
 * The label of a run in reports: target.name when non-empty, else
 * target.url, else "(unnamed target)". Borrowed from the run.
 */
const char *h1r_run_label(const struct h1r_run *run);

/*
 * Load a results file (schema h1conform-results/1, any minor revision).
 * On success, *out receives a new run (free with h1r_run_free) and H1R_OK is
 * returned. On failure *out is NULL and err (if not NULL) describes the
 * first problem: H1R_EIO (cannot read), H1R_ETOOBIG (larger than
 * H1R_MAX_INPUT_BYTES), H1R_ESYNTAX (JSON error with line and column),
 * H1R_ESCHEMA (another schema or major version, a required key missing, a
 * wrong type, an unknown verdict/level/direction, a negative number,
 * transcript data above U+00FF, a duplicate case id, or a summary that does
 * not match the cases), H1R_ENOMEM. Unknown keys are ignored.
 */
int h1r_run_load_json(const char *path, struct h1r_run **out, struct h1r_error *err);

/*
 * As h1r_run_load_json, from a buffer of len bytes; source names it in error
 * messages (NULL: "<buffer>").
 */
int h1r_run_load_buffer(const char *buf, size_t len, const char *source, struct h1r_run **out,
                        struct h1r_error *err);

/*
 * Write the run as results JSON to out: schema H1R_SCHEMA, keys sorted,
 * indent 2, ASCII only (other code points as \u escapes), a final newline.
 * The summary is computed from the cases. The same run always gives the
 * same bytes, and a file written here loads and writes back identically.
 * Returns H1R_OK, H1R_EINVAL (a text field is not valid UTF-8: it was set
 * without h1r_str_set), H1R_ENOMEM or H1R_EIO.
 */
int h1r_run_write_json(FILE *out, const struct h1r_run *run);

/*
 * JUnit XML (the Ant/Jenkins format, see reports/tests/junit.xsd).
 *
 * One <testsuite> per run and RFC section (document + section), in section
 * order; one <testcase> per case, with name = the case id and classname =
 * "<document>.section_<section>" in a dotted form CI tools group well
 * ("rfc9112.section_6_3"), prefixed by the run's label when several runs
 * share the file. Verdicts map as:
 *   fail  -> <failure type="fail">;
 *   error -> <error type="error">;
 *   skip  -> <skipped>;
 *   warn  -> passes, with a <system-out> note, unless the run was strict,
 *            where it is <failure type="warn"> (as the run's exit status);
 *   pass  -> passes; findings, if any, go to <system-out>.
 * Bodies hold the requirement, RFC link, expected/actual, message, findings
 * and the transcript, bounded (transcript_limit per case).
 * Everything is escaped; characters XML 1.0 cannot carry are written as
 * visible text ("\x00"), a backslash in the data as "\\".
 */
struct h1r_junit_options {
	size_t transcript_limit; /* transcript bytes shown per case; 0: 64 KiB */
};

/* Write runs[0..n_runs) as one JUnit XML document. opt may be NULL. H1R_OK or H1R_EIO/ENOMEM. */
int h1r_junit_write(FILE *out, const struct h1r_run *const *runs, size_t n_runs,
                    const struct h1r_junit_options *opt);

/*
 * HTML: one self-contained page (inline CSS, inline SVG, one small inline
 * script allowed by a Content-Security-Policy hash; no external resource).
 * It holds a summary per run (elements id="count-R-VERDICT" with a
 * data-count attribute), a chart of verdicts per RFC section, the matrix of
 * cases (rows, grouped by section) by runs (columns; cells carry
 * data-verdict and data-run), and the details of every case that is not a
 * pass or has findings: requirement, RFC link, expected versus actual,
 * findings and the transcript with non-printables made visible, bounded.
 * The page is also well-formed XML. Same input, same bytes.
 */
struct h1r_html_options {
	const char *title;  /* page title; NULL: "HTTP/1.1 conformance report" */
	size_t entry_limit; /* bytes shown per transcript entry; 0: 8 KiB */
	size_t case_limit;  /* transcript bytes shown per case; 0: 32 KiB */
};

/* Write runs[0..n_runs) (n_runs >= 1) as one HTML page. opt may be NULL. */
int h1r_html_write(FILE *out, const struct h1r_run *const *runs, size_t n_runs,
                   const struct h1r_html_options *opt);

/* Terminal summary. */
struct h1r_term_options {
	int color;   /* 1: ANSI colours; see h1r_term_color_wanted */
	int verbose; /* 1: also list skipped cases and findings */
};

/*
 * Whether colour suits out: it is a terminal, NO_COLOR is unset or empty,
 * and TERM is not "dumb". 1 or 0.
 */
int h1r_term_color_wanted(FILE *out);

/*
 * Write a readable summary of run to out: a header line, then per RFC
 * section its counts and one line per failing, warning or erroring case
 * with its reason, then the totals. Every string from the run is escaped:
 * no control byte or escape sequence from the data reaches the terminal;
 * long texts are cut. opt may be NULL (no colour, not verbose).
 */
int h1r_term_write(FILE *out, const struct h1r_run *run, const struct h1r_term_options *opt);

/*
 * Baselines: known deviations a CI accepts for now, each with a reason.
 * File: {"schema":"h1conform-baseline/1","known":[{"id","verdict","reason"}]}
 * verdict is fail, warn or error; reason is required and non-empty.
 */
struct h1r_baseline_entry {
	struct h1r_str id;
	enum h1r_verdict verdict;
	struct h1r_str reason;
};

struct h1r_baseline {
	struct h1r_baseline_entry *known; /* sorted by id, ids unique */
	size_t n_known;
};

/*
 * Load a baseline file. On success *out is new (h1r_baseline_free) and
 * H1R_OK returned; otherwise *out is NULL and err describes the problem as
 * for h1r_run_load_json (duplicate ids and missing reasons are H1R_ESCHEMA).
 */
int h1r_baseline_load(const char *path, struct h1r_baseline **out, struct h1r_error *err);
int h1r_baseline_load_buffer(const char *buf, size_t len, const char *source, struct h1r_baseline **out,
                             struct h1r_error *err);

/* Free a baseline; NULL allowed. */
void h1r_baseline_free(struct h1r_baseline *b);

/*
 * How a case or a baseline entry compares:
 *   NEW      a deviation (fail, warn, error) with no baseline entry;
 *   CHANGED  a deviation whose verdict differs from its entry's;
 *   KNOWN    a deviation matching its entry (same verdict);
 *   FIXED    an entry whose case now passes;
 *   NOT_RUN  an entry whose case was skipped or is absent from the run.
 */
enum h1r_delta_kind { H1R_DELTA_NEW, H1R_DELTA_CHANGED, H1R_DELTA_FIXED, H1R_DELTA_KNOWN, H1R_DELTA_NOT_RUN };

struct h1r_delta {
	enum h1r_delta_kind kind;
	const struct h1r_str *id;               /* borrowed from the run or baseline */
	const struct h1r_case *c;               /* borrowed; NULL when absent from the run */
	const struct h1r_baseline_entry *known; /* borrowed; NULL for NEW */
};

struct h1r_baseline_result {
	struct h1r_delta *items; /* sorted by kind, then id; owned */
	size_t n_items;
	size_t count[5]; /* items per enum h1r_delta_kind */
	int should_fail; /* a NEW or CHANGED item whose verdict gates */
};

/*
 * Compare run with baseline into *out (initialised here; release with
 * h1r_baseline_result_free). The result borrows from run and baseline:
 * keep both alive while using it. A NEW or CHANGED deviation makes
 * should_fail 1 when h1r_verdict_gates(verdict, run->strict). KNOWN, FIXED
 * and NOT_RUN never fail the run. H1R_OK or H1R_ENOMEM.
 */
int h1r_baseline_apply(const struct h1r_run *run, const struct h1r_baseline *baseline,
                       struct h1r_baseline_result *out);

/* Free what h1r_baseline_apply allocated in r; r itself is not freed. */
void h1r_baseline_result_free(struct h1r_baseline_result *r);

/*
 * Write a baseline accepting every deviation (fail, warn, error) of run, in
 * id order, as JSON (sorted keys, indent 2, ASCII). Each entry keeps the
 * reason of the same id in previous (may be NULL), else gets
 * default_reason (NULL: a sentence naming the run's start time that asks
 * for a real reason). H1R_OK, H1R_EINVAL (invalid UTF-8), H1R_ENOMEM, H1R_EIO.
 */
int h1r_baseline_write_json(FILE *out, const struct h1r_run *run, const struct h1r_baseline *previous,
                            const char *default_reason);

/*
 * Print a baseline comparison for a terminal: counts, then one line per
 * NEW, CHANGED and FIXED item (and NOT_RUN when verbose). Escaped as
 * h1r_term_write. opt may be NULL.
 */
int h1r_term_write_baseline(FILE *out, const struct h1r_baseline_result *r,
                            const struct h1r_term_options *opt);

#endif
