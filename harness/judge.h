/*
 * The judge: what did the server answer, and does the answer conform?
 *
 * Given the bytes sent on one connection, the bytes received and how the
 * connection ended (transport.h), the judge
 *  1. learns the requests that were sent, in order (method, version,
 *     Connection options), by parsing the sent bytes with the reference
 *     parser in request mode with every leniency flag, falling back to the
 *     case's list of methods when even that fails;
 *  2. parses every response with the strict reference parser in response
 *     mode, told the method of the request each final response answers, so
 *     that HEAD, 204, 304 and CONNECT are framed right. 1xx interim
 *     responses are recorded with the final response they precede, never
 *     mistaken for it. Where the strict parser rejects a response, the
 *     rejection is a finding and parsing goes on with every leniency flag,
 *     so one deviation does not hide the responses after it;
 *  3. applies the generic rules to every response (the RULES table in
 *     judge.c: status-line grammar, Date, framing, content after HEAD, 204
 *     and 304, Transfer-Encoding to HTTP/1.0, Allow on 405, Content-Range
 *     on 206 and 416, Set-Cookie syntax, closing after "close"), each
 *     finding naming its rule, level and RFC section;
 *  4. matches the responses and the end state against a case's allowed
 *     outcomes (cases/h1k.h) and turns all of it into one verdict
 *     (h1c_judge_case).
 *
 * Everything the judge keeps is bounded: field copies, bodies (the first
 * H1C_BODY_KEEP bytes), the number of responses and findings.
 */
#ifndef H1C_JUDGE_H
#define H1C_JUDGE_H

#include <stddef.h>
#include <stdint.h>

#include "cases/h1k.h"
#include "harness/buf.h"
#include "harness/transport.h"
#include "reports/h1r.h"

#define H1C_BODY_KEEP     ((size_t)64 << 10) /* content bytes kept per response */
#define H1C_MAX_RESPONSES 1024               /* final responses kept per exchange */
#define H1C_MAX_INTERIM   32                 /* interim responses kept per final one */
#define H1C_MAX_FINDINGS  256

/* Requirement levels of findings (the order of the reports module). */
enum h1c_level { H1C_MUST = 0, H1C_SHOULD = 1, H1C_MAY = 2 };

/* A copied field line; both strings NUL-terminated, lengths authoritative. */
struct h1c_field {
	char *name;
	size_t name_len;
	char *value;
	size_t value_len;
};

/* An interim (1xx) response. */
struct h1c_interim {
	int status;
	struct h1c_field *fields;
	size_t nfields;
	uint64_t off;
};

/* A final response (or the last one, cut short: complete == 0). */
struct h1c_response {
	int status;
	char reason[128]; /* cut to 127 bytes */
	int version_major, version_minor;
	struct h1c_field *fields;
	size_t nfields;
	struct h1c_field *trailers;
	size_t ntrailers;
	int framing;             /* enum h1_body of reference/h1.h */
	uint64_t content_length; /* with H1_BODY_LENGTH */
	uint64_t body_len;       /* content bytes received */
	char *body;              /* the first body_kept of them */
	size_t body_kept;
	int complete;      /* the end of the message was seen */
	int lenient;       /* parsed only with leniency flags (the strict parser refused it) */
	uint64_t off, end; /* stream offsets of the first byte and one past the last */
	struct h1c_interim *interim;
	size_t ninterim;
	/* the request it answers */
	const char *method; /* borrowed from the judgement */
	int req_minor;      /* -1 when unknown */
	unsigned req_flags; /* H1_MSG_* of that request (0 when unknown) */
};

struct h1c_finding {
	const char *rule;  /* stable id, e.g. "date-missing" */
	int level;         /* enum h1c_level */
	char document[24]; /* "RFC 9110"; a copy, never a pointer into a caller's buffer */
	char section[24];  /* "6.6.1" */
	char message[320];
	long response; /* index of the final response, -1 for the exchange */
};

/* A request as learned from the sent bytes. */
struct h1c_request {
	char method[64]; /* cut to 63 bytes */
	int major;       /* 0 for an HTTP/0.9 request */
	int minor;       /* -1 when unknown */
	unsigned flags;  /* H1_MSG_* */
};

struct h1c_judgement {
	struct h1c_request *req;
	size_t nreq;
	int requests_from_case; /* the methods came from the case, not the bytes */

	struct h1c_response *resp;
	size_t nresp;
	struct h1c_interim *dangling; /* interim responses not followed by a final one */
	size_t ndangling;

	struct h1c_finding *findings;
	size_t nfindings;
	size_t dropped_findings;

	/* the strict parser's first rejection, if any */
	int strict_error; /* H1_E_* or 0 */
	const char *strict_error_name;
	uint64_t strict_error_offset;

	uint64_t garbage_off, garbage_len; /* received bytes no parser could read (first such run) */
	uint64_t unread;                   /* bytes after the end of the HTTP stream (close, tunnel) */
	uint64_t http09_len; /* bytes of an HTTP/0.9 response (no status line) to an HTTP/0.9 request */
	int end;             /* the exchange's end state (enum h1c_end) */

	struct h1c_buf arena_blocks; /* private: pointers to allocations */
};

/* What the judge looks at. */
struct h1c_judge_input {
	const char *sent;
	size_t sent_len;
	const char *recv;
	size_t recv_len;
	int end;                    /* enum h1c_end of the exchange */
	const char *const *methods; /* the case's methods (may be NULL) */
	size_t nmethods;
	size_t unanswered_expect; /* await_interim steps that waited the idle time for nothing */
};

/*
 * Judge one exchange into *out (initialised here; free with
 * h1c_judgement_free). Returns 0, or -1 when out of memory.
 */
int h1c_judge(const struct h1c_judge_input *in, struct h1c_judgement *out);

void h1c_judgement_free(struct h1c_judgement *j);

/* Field lookup: the first field line called name (case-insensitive), or NULL. */
const struct h1c_field *h1c_field_get(const struct h1c_field *f, size_t n, const char *name);

/* Number of field lines called name. */
size_t h1c_field_count(const struct h1c_field *f, size_t n, const char *name);

/* The generic rules, for --list-rules and documentation: the id of rule
 * i (0 <= i < h1c_rule_count()) with its level, source and a sentence, or
 * NULL past the end. */
size_t h1c_rule_count(void);
const char *h1c_rule_info(size_t i, int *level, const char **document, const char **section,
                          const char **summary);

/* Name of a level: "MUST", "SHOULD", "MAY". */
const char *h1c_level_name(int level);

/*
 * A short human description of the responses and the end state, for the
 * "actual" text of a verdict: "400 Bad Request (25 bytes of content), then
 * the server closed the connection". Appended to out.
 */
void h1c_judgement_describe(const struct h1c_judgement *j, struct h1c_buf *out);

/* ---------------------------------------------------------------------- */
/* Counting responses while they arrive (the exchange's progress hook).    */

struct h1c_tracker;

/* A tracker for responses to the requests req[0..n) in order (copied;
 * beyond them GET is assumed). NULL when out of memory. A response that
 * answers a request with "Connection: close" (or HTTP/1.0 without
 * keep-alive) makes no_more true: the server is to close next. */
struct h1c_tracker *h1c_tracker_new(const struct h1c_request *req, size_t n);
void h1c_tracker_free(struct h1c_tracker *t);

/* Let the tracker decide wait_close from the outcomes of c (borrowed: c
 * must outlive the tracker). Unwatched, wait_close follows no_more. Watched,
 * it is true after a request that asked for the close (the close-ignored
 * rule judges that); otherwise while no_more, or an outcome that ends with
 * a close still fits the statuses of the final responses so far, unless an
 * outcome that ignores the connection and asks only for statuses already
 * matches (then no close can change the verdict). */
void h1c_tracker_watch(struct h1c_tracker *t, const struct h1k_case *c);

/* An h1c_progress_fn: ctx is the tracker. */
void h1c_tracker_progress(void *ctx, const char *buf, size_t len, struct h1c_progress *out);

/*
 * Learn the requests in sent[0..n) (all leniency flags; see above) into a
 * new array *out of *nout entries (free()). Returns 0, or -1 when out of
 * memory. *complete is set to 0 when the bytes could not all be read as
 * requests (a violation, or a request cut short).
 */
int h1c_learn_requests(const char *sent, size_t n, struct h1c_request **out, size_t *nout, int *complete);

/* ---------------------------------------------------------------------- */
/* Verdicts                                                               */

/* The verdict of one case, with its texts for people. */
struct h1c_case_verdict {
	enum h1r_verdict verdict;
	struct h1c_buf expected; /* the allowed outcomes, rendered */
	struct h1c_buf actual;   /* what the server did */
	struct h1c_buf message;  /* why the verdict (empty for a plain pass) */
};

/*
 * Judge case c on judgement j: does any allowed outcome match (responses
 * in order with their matchers, the number of responses, the connection
 * state, a timeout), and what do the generic findings add?
 *
 *   no outcome matches   MUST case: fail; SHOULD case: warn; MAY case: pass
 *                        with the mismatch noted (MAY only informs);
 *   a MUST finding       fail; a SHOULD finding: warn (the worse verdict wins).
 *
 * ph expands placeholders in expected values (headers_match, body_equals).
 * *v is initialised here; free with h1c_case_verdict_free. Returns 0, or -1
 * when out of memory.
 */
int h1c_judge_case(const struct h1k_case *c, const struct h1k_profile *ph, const struct h1c_judgement *j,
                   struct h1c_case_verdict *v);

void h1c_case_verdict_free(struct h1c_case_verdict *v);

/* Render the allowed outcomes of c, for "expected" texts and --list. */
void h1c_describe_outcomes(const struct h1k_case *c, const struct h1k_profile *ph, struct h1c_buf *out);

#endif
