/*
 * The judge (see judge.h): requests learned from the sent bytes, responses
 * parsed strictly, generic rules applied to every response.
 *
 * Reading the responses
 *  The received bytes are one stream. A strict response parser walks it,
 *  told before each final response which method it answers. When the
 *  strict parser rejects something, the rejection becomes a finding, and
 *  the same message is parsed again from its first byte by a parser with
 *  every leniency flag; after that message a strict parser takes over
 *  again, so every message is judged strictly on its own. Bytes that even
 *  the lenient parser cannot read are skipped up to the next line that
 *  starts with "HTTP/1." (a response after content that should not have
 *  been there), and recorded as garbage.
 *
 * Who is to blame for unreadable bytes
 *  Bytes that cannot start a response, found right after a complete
 *  message, are usually content the previous message should not have had:
 *  after a response to HEAD, after 1xx, 204 or 304 (which end at their
 *  header section) or beyond a Content-Length. The finding names that
 *  rule rather than a bare syntax error, because that is what the server
 *  got wrong.
 */
#include "harness/judge.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "harness/httpdate.h"
#include "reference/h1.h"

#define RESP_FIELDS  1024
#define LEARN_FIELDS 1024

/* ---------------------------------------------------------------------- */
/* the rules                                                              */

enum rule_id {
	R_RESPONSE_SYNTAX,
	R_RESPONSE_INCOMPLETE,
	R_CONTENT_LENGTH_MISMATCH,
	R_FRAMING_1XX_204,
	R_CONTENT_1XX,
	R_CONTENT_204,
	R_CONTENT_304,
	R_CONTENT_HEAD,
	R_TE_HTTP10,
	R_INTERIM_HTTP10,
	R_DATE_MISSING,
	R_DATE_FORMAT,
	R_ALLOW_405,
	R_CONTENT_RANGE_206,
	R_CONTENT_RANGE_416,
	R_SET_COOKIE,
	R_DATA_AFTER_CLOSE,
	R_CLOSE_IGNORED,
	R_CONTINUE_LATE,
	R_ETAG_SYNTAX,
	R_LAST_MODIFIED_FORMAT,
	R_BYTERANGES_PARTS,
	R_REPRESENTATION_LENGTH,
	R_COMPLETE_LENGTH,
	R__COUNT
};

struct rule {
	const char *id;
	int level;
	const char *document;
	const char *section;
	const char *summary;
};

/* The generic rules. Ids are stable (results and baselines refer to them). */
static const struct rule rules[R__COUNT] = {
        [R_RESPONSE_SYNTAX] =
                {"response-syntax", H1C_MUST, "RFC 9112", "2.2",
                 "every response parses with the strict parser (the finding names the exact error)"},
        [R_RESPONSE_INCOMPLETE] =
                {"response-incomplete", H1C_MUST, "RFC 9112", "6.3",
                 "the connection does not end inside a response (Content-Length, chunks, head)"},
        [R_CONTENT_LENGTH_MISMATCH] =
                {"content-length-mismatch", H1C_MUST, "RFC 9110", "8.6",
                 "Content-Length equals the content sent (the next response starts right after it)"},
        [R_FRAMING_1XX_204] = {"framing-1xx-204", H1C_MUST, "RFC 9110", "8.6",
                               "no Content-Length or Transfer-Encoding in 1xx and 204 responses"},
        [R_CONTENT_1XX] = {"content-1xx", H1C_MUST, "RFC 9110", "15.2",
                           "a 1xx response ends at its header section"},
        [R_CONTENT_204] = {"content-204", H1C_MUST, "RFC 9110", "15.3.5", "a 204 response has no content"},
        [R_CONTENT_304] = {"content-304", H1C_MUST, "RFC 9110", "15.4.5", "a 304 response has no content"},
        [R_CONTENT_HEAD] = {"content-head", H1C_MUST, "RFC 9110", "9.3.2",
                            "a response to HEAD has no content"},
        [R_TE_HTTP10] = {"te-http10-request", H1C_MUST, "RFC 9112", "6.1",
                         "no Transfer-Encoding (chunked) in a response to an HTTP/1.0 request"},
        [R_INTERIM_HTTP10] = {"interim-http10-request", H1C_MUST, "RFC 9110", "15.2",
                              "no 1xx response to an HTTP/1.0 request"},
        [R_DATE_MISSING] = {"date-missing", H1C_MUST, "RFC 9110", "6.6.1",
                            "Date in every 2xx, 3xx and 4xx response"},
        [R_DATE_FORMAT] = {"date-format", H1C_MUST, "RFC 9110", "5.6.7", "one Date field, as an IMF-fixdate"},
        [R_ALLOW_405] = {"allow-405", H1C_MUST, "RFC 9110", "15.5.6", "a 405 response carries Allow"},
        [R_CONTENT_RANGE_206] =
                {"content-range-206", H1C_MUST, "RFC 9110", "15.3.7",
                 "a 206 response has a valid Content-Range matching its content, or is multipart/byteranges"},
        [R_CONTENT_RANGE_416] = {"content-range-416", H1C_SHOULD, "RFC 9110", "15.5.17",
                                 "a 416 response carries Content-Range: bytes */LENGTH"},
        [R_SET_COOKIE] = {"set-cookie-syntax", H1C_SHOULD, "RFC 6265", "4.1",
                          "Set-Cookie follows the grammar of RFC 6265"},
        [R_DATA_AFTER_CLOSE] = {"data-after-close", H1C_MUST, "RFC 9112", "9.6",
                                "nothing follows a response that closes the connection"},
        [R_CLOSE_IGNORED] = {"close-ignored", H1C_MUST, "RFC 9112", "9.6",
                             "after answering a request with \"Connection: close\" the server closes"},
        [R_CONTINUE_LATE] = {"continue-late", H1C_MUST, "RFC 9110", "10.1.1",
                             "a request with \"Expect: 100-continue\" and content gets 100 or a final status "
                             "before the content is sent (cases that hold the content back)"},
        [R_ETAG_SYNTAX] = {"etag-syntax", H1C_MUST, "RFC 9110", "8.8.3",
                           "one ETag field, an entity-tag: optional W/, then a double-quoted opaque tag"},
        [R_LAST_MODIFIED_FORMAT] = {"last-modified-format", H1C_MUST, "RFC 9110", "5.6.7",
                                    "one Last-Modified field, as an IMF-fixdate"},
        [R_BYTERANGES_PARTS] = {"byteranges-parts", H1C_MUST, "RFC 9110", "14.6",
                                "every part of a multipart/byteranges 206 has a Content-Range matching "
                                "the part's content"},
        [R_REPRESENTATION_LENGTH] = {"representation-length", H1C_MUST, "RFC 9110", "8.6",
                                     "a Content-Length in a response to HEAD or in a 304 equals that of a "
                                     "200 to GET of the same target in the exchange"},
        [R_COMPLETE_LENGTH] = {"complete-length", H1C_MUST, "RFC 9110", "14.4",
                               "the complete length in the Content-Range of a 206 or 416 equals the "
                               "Content-Length of a 200 to GET of the same target in the exchange"},
};

size_t h1c_rule_count(void)
{
	return R__COUNT;
}

const char *h1c_rule_info(size_t i, int *level, const char **document, const char **section,
                          const char **summary)
{
	if (i >= R__COUNT)
		return NULL;
	*level = rules[i].level;
	*document = rules[i].document;
	*section = rules[i].section;
	*summary = rules[i].summary;
	return rules[i].id;
}

const char *h1c_level_name(int level)
{
	return level == H1C_MUST ? "MUST" : level == H1C_SHOULD ? "SHOULD" : "MAY";
}

/* ---------------------------------------------------------------------- */
/* memory                                                                 */

static void *jalloc(struct h1c_judgement *j, size_t n)
{
	void *p = calloc(1, n ? n : 1);

	if (p && h1c_buf_put(&j->arena_blocks, &p, sizeof(p))) {
		free(p);
		return NULL;
	}
	return p;
}

static char *jdup(struct h1c_judgement *j, const char *s, size_t n)
{
	char *p = jalloc(j, n + 1);

	if (p)
		memcpy(p, s, n);
	return p;
}

void h1c_judgement_free(struct h1c_judgement *j)
{
	size_t i, n = j->arena_blocks.len / sizeof(void *);

	for (i = 0; i < n; i++) {
		void *p;
		memcpy(&p, j->arena_blocks.data + i * sizeof(void *), sizeof(p));
		free(p);
	}
	h1c_buf_free(&j->arena_blocks);
	free(j->req);
	free(j->resp);
	free(j->findings);
	memset(j, 0, sizeof(*j));
}

/* ---------------------------------------------------------------------- */
/* quoting server bytes in messages                                       */

/*
 * A short printable excerpt of p[0..n) (at most max bytes of it) into out:
 * the bytes come from the server, are not NUL-terminated and may hold
 * anything, so controls and non-ASCII are written as \xHH.
 */
static const char *excerpt(const char *p, size_t n, size_t max, char *out, size_t cap)
{
	size_t i, o = 0;

	for (i = 0; i < n && i < max && o + 5 < cap; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
			out[o++] = (char)c;
		} else {
			snprintf(out + o, cap - o, "\\x%02x", c);
			o += 4;
		}
	}
	if (i < n && o + 3 < cap) {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o] = '\0';
	return out;
}

/* ---------------------------------------------------------------------- */
/* fields                                                                 */

static int name_eq(const char *a, size_t n, const char *lower)
{
	size_t i;

	if (strlen(lower) != n)
		return 0;
	for (i = 0; i < n; i++) {
		char c = a[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c + 32);
		if (c != lower[i])
			return 0;
	}
	return 1;
}

static void lower_copy(const char *name, char *out, size_t cap)
{
	size_t i;

	for (i = 0; name[i] && i + 1 < cap; i++)
		out[i] = (char)(name[i] >= 'A' && name[i] <= 'Z' ? name[i] + 32 : name[i]);
	out[i] = '\0';
}

const struct h1c_field *h1c_field_get(const struct h1c_field *f, size_t n, const char *name)
{
	char lower[128];
	size_t i;

	lower_copy(name, lower, sizeof(lower));
	for (i = 0; i < n; i++)
		if (name_eq(f[i].name, f[i].name_len, lower))
			return &f[i];
	return NULL;
}

size_t h1c_field_count(const struct h1c_field *f, size_t n, const char *name)
{
	char lower[128];
	size_t i, c = 0;

	lower_copy(name, lower, sizeof(lower));
	for (i = 0; i < n; i++)
		if (name_eq(f[i].name, f[i].name_len, lower))
			c++;
	return c;
}

static struct h1c_field *copy_fields(struct h1c_judgement *j, const struct h1_field *f, size_t n)
{
	struct h1c_field *out = jalloc(j, n * sizeof(*out));
	size_t i;

	if (out == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		out[i].name = jdup(j, f[i].name.p, f[i].name.len);
		out[i].name_len = f[i].name.len;
		if (f[i].flags & H1_FIELD_NEEDS_REPAIR) {
			size_t need = h1_field_value_copy(&f[i], NULL, 0);
			/* a repair only shortens the value; a larger answer is a
			 * reference bug, and the raw value is kept instead */
			if (need <= f[i].value.len) {
				out[i].value = jalloc(j, need + 1);
				if (out[i].value)
					h1_field_value_copy(&f[i], out[i].value, need);
				out[i].value_len = need;
			} else {
				out[i].value = jdup(j, f[i].value.p, f[i].value.len);
				out[i].value_len = f[i].value.len;
			}
		} else {
			out[i].value = jdup(j, f[i].value.p, f[i].value.len);
			out[i].value_len = f[i].value.len;
		}
		if (out[i].name == NULL || out[i].value == NULL)
			return NULL;
	}
	return out;
}

/* ---------------------------------------------------------------------- */
/* findings                                                               */

static void add_finding(struct h1c_judgement *j, int rule, long resp, const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));

static void add_finding_at(struct h1c_judgement *j, int rule, const char *document, const char *section,
                           long resp, const char *text)
{
	struct h1c_finding *f;

	if (j->nfindings == H1C_MAX_FINDINGS) {
		j->dropped_findings++;
		return;
	}
	if (j->findings == NULL) {
		j->findings = calloc(H1C_MAX_FINDINGS, sizeof(*j->findings));
		if (j->findings == NULL)
			return;
	}
	f = &j->findings[j->nfindings++];
	f->rule = rules[rule].id;
	f->level = rules[rule].level;
	snprintf(f->document, sizeof(f->document), "%s", document ? document : rules[rule].document);
	snprintf(f->section, sizeof(f->section), "%s", section ? section : rules[rule].section);
	f->response = resp;
	snprintf(f->message, sizeof(f->message), "%s", text);
}

static void add_finding(struct h1c_judgement *j, int rule, long resp, const char *fmt, ...)
{
	char text[320];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	add_finding_at(j, rule, NULL, NULL, resp, text);
}

/* ---------------------------------------------------------------------- */
/* learning the requests                                                  */

int h1c_learn_requests(const char *sent, size_t n, struct h1c_request **out, size_t *nout, int *complete)
{
	struct h1_limits lim = {(size_t)16 << 20, (size_t)16 << 20, LEARN_FIELDS, (size_t)32 << 20, 0};
	struct h1_field *fields = calloc(LEARN_FIELDS, sizeof(*fields));
	struct h1c_buf list = {0};
	struct h1_parser p;
	size_t pos = 0;
	int finishing = 0, in_msg = 0;

	*out = NULL;
	*nout = 0;
	*complete = 1;
	if (fields == NULL)
		return -1;
	h1_parser_init(&p, H1_REQUEST, fields, LEARN_FIELDS, &lim, (1u << H1_LENIENT__COUNT) - 1);
	for (;;) {
		struct h1_event ev;
		size_t used = 0;
		int rc = finishing ? h1_finish(&p, sent + pos, n - pos, &used, &ev)
		                   : h1_parse(&p, sent + pos, n - pos, &used, &ev);

		if (rc == H1_OK && ev.type == H1_EV_HEAD) {
			struct h1c_request r;
			size_t ml = ev.head.method.len < sizeof(r.method) ? ev.head.method.len
			                                                  : sizeof(r.method) - 1;
			memset(&r, 0, sizeof(r));
			memcpy(r.method, ev.head.method.p, ml);
			r.major = ev.head.version_major;
			r.minor = ev.head.version_major == 1 ? ev.head.version_minor : 0;
			r.flags = ev.head.flags;
			h1c_buf_put(&list, &r, sizeof(r));
			in_msg = 1;
		}
		pos += used;
		if (rc == H1_OK) {
			if (ev.type == H1_EV_END)
				in_msg = 0;
			continue;
		}
		if (rc == H1_NEED_MORE && !finishing) {
			finishing = 1;
			continue;
		}
		if (rc == H1_VIOLATION) {
			*complete = 0;
			if (!in_msg) {
				/* a request the parser could not even read the head of */
				struct h1c_request r;
				memset(&r, 0, sizeof(r));
				r.major = 1;
				r.minor = -1;
				h1c_buf_put(&list, &r, sizeof(r));
			}
		}
		break; /* H1_DONE, a violation, or nothing more */
	}
	free(fields);
	if (list.overflow) {
		h1c_buf_free(&list);
		return -1;
	}
	*out = (struct h1c_request *)(void *)list.data;
	*nout = list.len / sizeof(struct h1c_request);
	return 0;
}

/* ---------------------------------------------------------------------- */
/* reading the responses                                                  */

struct rstate {
	struct h1c_judgement *j;
	const struct h1c_judge_input *in;
	struct h1_parser p;
	struct h1_field *fields;
	uint64_t base;   /* stream offset where the current parser started */
	int lenient;     /* the current parser has every leniency flag */
	size_t mi;       /* request answered by the next final response */
	long cur;        /* index of the final response in progress, -1 none */
	int cur_interim; /* the message in progress is a 1xx */
	struct h1c_interim pending[H1C_MAX_INTERIM];
	size_t npending;
	struct h1c_interim building; /* the 1xx in progress */
	uint64_t msg_start;          /* stream offset of the message in progress */
	int in_msg;                  /* a head was reported and its end is due */
	unsigned msg_flags;          /* H1_MSG_* of the message in progress */
	/* the last complete message, for blame */
	int prev_status;
	int prev_head;    /* it answered HEAD */
	int prev_framing; /* enum h1_body */
	int have_prev;
	int strict_reported_at_valid;
	uint64_t strict_reported_at;
};

static const char *method_for(struct rstate *s, size_t i)
{
	if (i < s->j->nreq && s->j->req[i].method[0])
		return s->j->req[i].method;
	return "GET";
}

static void start_parser(struct rstate *s, uint64_t at, int lenient)
{
	const char *m = method_for(s, s->mi);
	/* generous limits: a long response head is not a deviation */
	struct h1_limits lim = {(size_t)1 << 20, (size_t)1 << 20, RESP_FIELDS, (size_t)4 << 20, 0};

	h1_parser_init(&s->p, H1_RESPONSE, s->fields, RESP_FIELDS, &lim,
	               lenient ? (1u << H1_LENIENT__COUNT) - 1 : 0);
	h1_parser_set_request_method(&s->p, m, strlen(m));
	s->base = at;
	s->lenient = lenient;
	s->in_msg = 0;
}

/* The rule to blame for unreadable bytes right after the previous message. */
static int blame_after_prev(const struct rstate *s)
{
	if (!s->have_prev)
		return R_RESPONSE_SYNTAX;
	if (s->prev_status >= 100 && s->prev_status < 200 && s->prev_status != 101)
		return R_CONTENT_1XX;
	if (s->prev_status == 204)
		return R_CONTENT_204;
	if (s->prev_status == 304)
		return R_CONTENT_304;
	if (s->prev_head)
		return R_CONTENT_HEAD;
	if (s->prev_framing == H1_BODY_LENGTH)
		return R_CONTENT_LENGTH_MISMATCH;
	return R_RESPONSE_SYNTAX;
}

/* Where a status line ("HTTP/" DIGIT "." DIGIT SP) starts in b[from..to), or to. */
static size_t status_line_in(const char *b, size_t from, size_t to, size_t len)
{
	size_t i;

	for (i = from; i < to && i + 9 <= len; i++)
		if (memcmp(b + i, "HTTP/", 5) == 0 && b[i + 5] >= '0' && b[i + 5] <= '9' && b[i + 6] == '.' &&
		    b[i + 7] >= '0' && b[i + 7] <= '9' && b[i + 8] == ' ')
			return i;
	return to;
}

/*
 * Report bytes at recv[at..] that cannot start a response, blaming the
 * message before them: content after HEAD, 1xx, 204 or 304, a
 * Content-Length that is wrong, or (with nothing to blame) plain garbage.
 * Returns where the next response starts when a too-large Content-Length
 * swallowed its first bytes, else at.
 */
static uint64_t blame(struct rstate *s, uint64_t at)
{
	struct h1c_judgement *j = s->j;
	const char *b = s->in->recv;
	size_t len = s->in->recv_len, left = len - (size_t)at;
	int rule = blame_after_prev(s);
	long prev = j->nresp ? (long)j->nresp - 1 : -1;
	char ex[100];

	excerpt(b + at, left, 20, ex, sizeof(ex));
	switch (rule) {
	case R_CONTENT_LENGTH_MISMATCH: {
		/* a status line just before 'at' means the Content-Length was too
		 * large and the next response's first bytes became content */
		size_t from = at > 16 ? (size_t)at - 16 : 0, k = status_line_in(b, from, (size_t)at, len);
		if (k < at) {
			add_finding(j, rule, prev,
			            "Content-Length is %zu more than the content: the next response starts "
			            "inside it",
			            (size_t)at - k);
			return k;
		}
		add_finding(j, rule, prev,
		            "%zu bytes follow the content that Content-Length announced (\"%s\")", left, ex);
		break;
	}
	case R_CONTENT_HEAD:
		add_finding(j, rule, prev, "content follows the response to HEAD (\"%s\")", ex);
		break;
	case R_CONTENT_1XX:
	case R_CONTENT_204:
	case R_CONTENT_304:
		add_finding(j, rule, prev,
		            "content follows a %d response, which ends at its header section (\"%s\")",
		            s->prev_status, ex);
		break;
	default:
		add_finding(j, R_RESPONSE_SYNTAX, (long)j->nresp,
		            "%zu bytes that cannot start a response (\"%s\")", left, ex);
		break;
	}
	if (j->garbage_len == 0) {
		j->garbage_off = at;
		j->garbage_len = left;
	}
	return at;
}

/* Split "RFC 9112 §4" into its document and section; the finding keeps copies. */
static void error_where(const char *sec, char *doc, size_t dcap, char *num, size_t ncap)
{
	const char *mark = strstr(sec, "\xc2\xa7"); /* the section sign in UTF-8 */

	if (mark == NULL) {
		snprintf(doc, dcap, "%s", sec);
		num[0] = '\0';
		return;
	}
	snprintf(doc, dcap, "%.*s", (int)(mark - sec > 0 && mark[-1] == ' ' ? mark - sec - 1 : mark - sec),
	         sec);
	snprintf(num, ncap, "%s", mark + 2);
}

static int is_interim(int status)
{
	return status >= 100 && status < 200 && status != 101;
}

/* Content-Range = range-unit SP ( range-resp / unsatisfied-range ) (RFC 9110 §14.4).
 * Returns 1 for a valid value and fills first/last/complete (complete -1: "*";
 * first -1: unsatisfied-range). */
static int parse_content_range(const char *v, size_t n, int64_t *first, int64_t *last, int64_t *complete)
{
	size_t i = 0;
	int64_t a = 0, b = 0, c = 0;

	if (n < 6 || !name_eq(v, 5, "bytes") || v[5] != ' ')
		return 0;
	i = 6;
	if (i < n && v[i] == '*') {
		i++;
		*first = *last = -1;
	} else {
		size_t st = i;
		while (i < n && v[i] >= '0' && v[i] <= '9' && a < INT64_MAX / 10)
			a = a * 10 + (v[i++] - '0');
		if (i == st || i >= n || v[i++] != '-')
			return 0;
		st = i;
		while (i < n && v[i] >= '0' && v[i] <= '9' && b < INT64_MAX / 10)
			b = b * 10 + (v[i++] - '0');
		if (i == st || b < a)
			return 0;
		*first = a;
		*last = b;
	}
	if (i >= n || v[i++] != '/')
		return 0;
	if (i < n && v[i] == '*' && i + 1 == n) {
		if (*first < 0)
			return 0; /* "*" / "*" */
		*complete = -1;
		return 1;
	}
	{
		size_t st = i;
		while (i < n && v[i] >= '0' && v[i] <= '9' && c < INT64_MAX / 10)
			c = c * 10 + (v[i++] - '0');
		if (i == st || i != n)
			return 0;
	}
	if (*first >= 0 && *last >= c)
		return 0; /* RFC 9110 §14.4: last-pos less than complete-length */
	*complete = c;
	return 1;
}

static int is_cookie_octet(unsigned char c)
{
	return c == 0x21 || (c >= 0x23 && c <= 0x2B) || (c >= 0x2D && c <= 0x3A) ||
	       (c >= 0x3C && c <= 0x5B) || (c >= 0x5D && c <= 0x7E);
}

static int is_tchar(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c != 0 && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

/* RFC 6265 §4.1.1. Returns NULL when v conforms, else what is wrong. */
static const char *set_cookie_problem(const char *v, size_t n)
{
	size_t i = 0, s;

	while (i < n && is_tchar((unsigned char)v[i]))
		i++;
	if (i == 0)
		return "the cookie name is not a token";
	if (i == n || v[i] != '=')
		return "the cookie name is not followed by '='";
	i++;
	if (i < n && v[i] == '"') {
		for (i++; i < n && is_cookie_octet((unsigned char)v[i]); i++)
			;
		if (i == n || v[i] != '"')
			return "the quoted cookie value is not closed or holds a forbidden octet";
		i++;
	} else {
		while (i < n && is_cookie_octet((unsigned char)v[i]))
			i++;
	}
	while (i < n) {
		if (v[i] != ';')
			return "the cookie value holds a forbidden octet (space, comma, quote, backslash, "
			       "control or non-ASCII)";
		if (i + 1 >= n || v[i + 1] != ' ')
			return "attributes must be separated by \"; \" (a semicolon and one space)";
		i += 2;
		s = i;
		while (i < n && v[i] != ';') {
			unsigned char c = (unsigned char)v[i];
			if (c < 0x20 || c >= 0x7f)
				return "an attribute holds a control or non-ASCII octet";
			i++;
		}
		if (i == s)
			return "an empty attribute";
		if (i - s > 8 && name_eq(v + s, 8, "expires=")) {
			time_t t;
			if (!h1c_httpdate_is_imf(v + s + 8, i - s - 8) &&
			    h1c_httpdate_parse(v + s + 8, i - s - 8, time(NULL), &t))
				return "Expires is not a date";
		}
	}
	return NULL;
}

/* Is v an entity-tag (RFC 9110 §8.8.3): [ "W/" ] DQUOTE *etagc DQUOTE, where
 * etagc is 0x21, 0x23-0x7E or obs-text? */
static int is_entity_tag(const char *v, size_t n)
{
	size_t i = n >= 2 && v[0] == 'W' && v[1] == '/' ? 2 : 0;

	if (n - i < 2 || v[i] != '"' || v[n - 1] != '"')
		return 0;
	for (i++; i < n - 1; i++) {
		unsigned char c = (unsigned char)v[i];
		if (c == '"' || c < 0x21 || c == 0x7f)
			return 0;
	}
	return 1;
}

/* Find needle in [h, h + n), or NULL. */
static const char *find_bytes(const char *h, size_t n, const char *needle, size_t nl)
{
	size_t i;

	for (i = 0; nl && i + nl <= n; i++)
		if (h[i] == needle[0] && memcmp(h + i, needle, nl) == 0)
			return h + i;
	return NULL;
}

/*
 * The parts of a complete multipart/byteranges content (RFC 9110 §14.6):
 * each part must carry a Content-Range whose range is as long as the part's
 * data. Writes a problem into why and returns 0 at the first bad part.
 */
static int byteranges_ok(const struct h1c_response *r, const char *ct, char *why, size_t cap)
{
	const char *b = strstr(ct, "boundary="), *end, *p, *stop;
	char delim[80];
	size_t bl = 0, dl;
	int part = 0;

	if (b == NULL)
		return 1; /* reported by content-range-206 */
	b += 9;
	if (*b == '"')
		b++;
	while (b[bl] && b[bl] != '"' && b[bl] != ';' && b[bl] != ' ' && b[bl] != '\t' && bl < 70)
		bl++;
	dl = (size_t)snprintf(delim, sizeof(delim), "\r\n--%.*s", (int)bl, b);
	p = r->body;
	end = r->body + r->body_kept;
	/* the first delimiter may start the content (no preamble, no CRLF) */
	if ((size_t)(end - p) >= dl - 2 && memcmp(p, delim + 2, dl - 2) == 0)
		p += dl - 2;
	else if ((p = find_bytes(p, (size_t)(end - p), delim, dl)) != NULL)
		p += dl;
	else {
		snprintf(why, cap, "no boundary delimiter in the content");
		return 0;
	}
	for (;;) {
		const char *hend, *data, *cr = NULL;
		int64_t a, z, c;
		size_t crlen = 0;

		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			return part > 0 ? 1 : (snprintf(why, cap, "no part before the close delimiter"), 0);
		part++;
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n') {
			snprintf(why, cap, "part %d: no CRLF after the boundary delimiter", part);
			return 0;
		}
		hend = find_bytes(p, (size_t)(end - p), "\r\n\r\n", 4);
		if (hend == NULL) {
			snprintf(why, cap, "part %d: the header section does not end", part);
			return 0;
		}
		for (const char *l = p + 2; l < hend + 2;) {
			const char *le = find_bytes(l, (size_t)(hend + 2 - l), "\r\n", 2);
			size_t ll = le ? (size_t)(le - l) : (size_t)(hend + 2 - l);
			if (ll > 14 && name_eq(l, 14, "content-range:")) {
				cr = l + 14;
				crlen = ll - 14;
				while (crlen && (*cr == ' ' || *cr == '\t')) {
					cr++;
					crlen--;
				}
				while (crlen && (cr[crlen - 1] == ' ' || cr[crlen - 1] == '\t'))
					crlen--;
			}
			l += ll + 2;
		}
		data = hend + 4;
		stop = find_bytes(data, (size_t)(end - data), delim, dl);
		if (stop == NULL) {
			snprintf(why, cap, "part %d: no boundary delimiter after its data", part);
			return 0;
		}
		if (cr == NULL) {
			snprintf(why, cap, "part %d has no Content-Range", part);
			return 0;
		}
		if (!parse_content_range(cr, crlen, &a, &z, &c) || a < 0) {
			snprintf(why, cap,
			         "part %d: Content-Range \"%.*s\" is not \"bytes first-last/length\"", part,
			         (int)(crlen < 60 ? crlen : 60), cr);
			return 0;
		}
		if ((uint64_t)(z - a + 1) != (uint64_t)(stop - data)) {
			snprintf(why, cap,
			         "part %d: Content-Range announces %lld bytes but the part carries %lld",
			         part, (long long)(z - a + 1), (long long)(stop - data));
			return 0;
		}
		p = stop + dl;
	}
}

/* The rules that look at one response's head (and content length). */
static void head_rules(struct rstate *s, long ri)
{
	struct h1c_judgement *j = s->j;
	struct h1c_response *r = &j->resp[ri];
	const struct h1c_field *f;
	size_t i, nd;
	int st = r->status;
	char ex[260];

	nd = h1c_field_count(r->fields, r->nfields, "date");
	if (nd == 0 && st >= 200 && st < 500)
		add_finding(j, R_DATE_MISSING, ri,
		            "the %d response has no Date field (origin servers with a clock send it in 2xx, "
		            "3xx and 4xx responses)",
		            st);
	f = h1c_field_get(r->fields, r->nfields, "date");
	if (nd > 1)
		add_finding(j, R_DATE_FORMAT, ri, "the %d response has %zu Date fields", st, nd);
	else if (f && !h1c_httpdate_is_imf(f->value, f->value_len))
		add_finding(j, R_DATE_FORMAT, ri, "Date \"%s\" of the %d response is not an IMF-fixdate",
		            excerpt(f->value, f->value_len, 60, ex, sizeof(ex)), st);

	nd = h1c_field_count(r->fields, r->nfields, "etag");
	f = h1c_field_get(r->fields, r->nfields, "etag");
	if (nd > 1)
		add_finding(j, R_ETAG_SYNTAX, ri, "the %d response has %zu ETag fields", st, nd);
	else if (f && !is_entity_tag(f->value, f->value_len))
		add_finding(j, R_ETAG_SYNTAX, ri, "ETag \"%s\" of the %d response is not an entity-tag",
		            excerpt(f->value, f->value_len, 60, ex, sizeof(ex)), st);
	nd = h1c_field_count(r->fields, r->nfields, "last-modified");
	f = h1c_field_get(r->fields, r->nfields, "last-modified");
	if (nd > 1)
		add_finding(j, R_LAST_MODIFIED_FORMAT, ri, "the %d response has %zu Last-Modified fields", st,
		            nd);
	else if (f && !h1c_httpdate_is_imf(f->value, f->value_len))
		add_finding(j, R_LAST_MODIFIED_FORMAT, ri,
		            "Last-Modified \"%s\" of the %d response is not an IMF-fixdate",
		            excerpt(f->value, f->value_len, 60, ex, sizeof(ex)), st);

	if (st == 405 && h1c_field_get(r->fields, r->nfields, "allow") == NULL)
		add_finding(j, R_ALLOW_405, ri, "the 405 response has no Allow field");

	if (st == 206) {
		const struct h1c_field *ct = h1c_field_get(r->fields, r->nfields, "content-type");
		int multipart = ct && ct->value_len >= 20 && name_eq(ct->value, 20, "multipart/byteranges");
		f = h1c_field_get(r->fields, r->nfields, "content-range");
		if (multipart) {
			char why[200];
			if (strstr(ct->value, "boundary=") == NULL)
				add_finding(
				        j, R_CONTENT_RANGE_206, ri,
				        "the multipart/byteranges 206 response has no boundary parameter");
			else if (r->complete && r->body && r->body_kept == r->body_len &&
			         !byteranges_ok(r, ct->value, why, sizeof(why)))
				add_finding(j, R_BYTERANGES_PARTS, ri,
				            "the multipart/byteranges 206 response: %s", why);
		} else if (f == NULL) {
			add_finding(j, R_CONTENT_RANGE_206, ri,
			            "the 206 response has neither Content-Range nor a multipart/byteranges "
			            "content");
		} else {
			int64_t a, b, c;
			if (!parse_content_range(f->value, f->value_len, &a, &b, &c) || a < 0)
				add_finding(j, R_CONTENT_RANGE_206, ri,
				            "Content-Range \"%s\" of the 206 response is not \"bytes "
				            "first-last/length\"",
				            excerpt(f->value, f->value_len, 60, ex, sizeof(ex)));
			else if (r->complete && r->framing != H1_BODY_NONE &&
			         (uint64_t)(b - a + 1) != r->body_len)
				add_finding(j, R_CONTENT_RANGE_206, ri,
				            "Content-Range announces %lld bytes but the 206 response carries "
				            "%llu",
				            (long long)(b - a + 1), (unsigned long long)r->body_len);
		}
	}
	if (st == 416) {
		int64_t a, b, c;
		f = h1c_field_get(r->fields, r->nfields, "content-range");
		if (f == NULL)
			add_finding(j, R_CONTENT_RANGE_416, ri,
			            "the 416 response has no Content-Range giving the current length");
		else if (!parse_content_range(f->value, f->value_len, &a, &b, &c) || a >= 0 || c < 0)
			add_finding(j, R_CONTENT_RANGE_416, ri,
			            "Content-Range \"%s\" of the 416 response is not \"bytes */length\"",
			            excerpt(f->value, f->value_len, 60, ex, sizeof(ex)));
	}
	for (i = 0; i < r->nfields; i++) {
		const char *why;
		if (!name_eq(r->fields[i].name, r->fields[i].name_len, "set-cookie"))
			continue;
		why = set_cookie_problem(r->fields[i].value, r->fields[i].value_len);
		if (why)
			add_finding(j, R_SET_COOKIE, ri, "Set-Cookie \"%s\": %s",
			            excerpt(r->fields[i].value, r->fields[i].value_len, 60, ex, sizeof(ex)),
			            why);
	}
	if (r->req_minor == 0) {
		if (h1c_field_get(r->fields, r->nfields, "transfer-encoding"))
			add_finding(j, R_TE_HTTP10, ri,
			            "the response to an HTTP/1.0 request carries Transfer-Encoding");
		if (r->ninterim > 0)
			add_finding(j, R_INTERIM_HTTP10, ri,
			            "a %d interim response was sent to an HTTP/1.0 request",
			            r->interim[0].status);
	}
}

static long new_response(struct rstate *s, const struct h1_event *ev)
{
	struct h1c_judgement *j = s->j;
	struct h1c_response *r;
	const struct h1_head *h = &ev->head;

	if (j->nresp == H1C_MAX_RESPONSES)
		return -1;
	if (j->resp == NULL) {
		j->resp = calloc(H1C_MAX_RESPONSES, sizeof(*j->resp));
		if (j->resp == NULL)
			return -1;
	}
	r = &j->resp[j->nresp];
	memset(r, 0, sizeof(*r));
	r->status = h->status;
	snprintf(r->reason, sizeof(r->reason), "%.*s", (int)(h->reason.len < 127 ? h->reason.len : 127),
	         h->reason.p);
	r->version_major = h->version_major;
	r->version_minor = h->version_minor;
	r->fields = copy_fields(j, h->fields, h->nfields);
	r->nfields = r->fields ? h->nfields : 0;
	r->framing = h->body;
	r->content_length = h->content_length;
	r->lenient = s->lenient;
	r->off = s->base + ev->offset;
	r->end = r->off;
	r->method = method_for(s, s->mi);
	r->req_minor = s->mi < j->nreq ? j->req[s->mi].minor : -1;
	r->req_flags = s->mi < j->nreq ? j->req[s->mi].flags : 0;
	if (s->npending) {
		r->interim = jalloc(j, s->npending * sizeof(*r->interim));
		if (r->interim) {
			memcpy(r->interim, s->pending, s->npending * sizeof(*r->interim));
			r->ninterim = s->npending;
		}
		s->npending = 0;
	}
	return (long)j->nresp++;
}

/* The message in progress is over (complete or not). */
static void finish_message(struct rstate *s, int complete, uint64_t end)
{
	struct h1c_judgement *j = s->j;

	if (s->cur_interim) {
		if (complete && s->npending < H1C_MAX_INTERIM)
			s->pending[s->npending++] = s->building;
		s->prev_status = s->building.status;
	} else if (s->cur >= 0) {
		struct h1c_response *r = &j->resp[s->cur];
		r->complete = complete;
		r->end = end;
		head_rules(s, s->cur);
		s->prev_status = r->status;
		s->prev_head = strcmp(r->method, "HEAD") == 0;
		s->prev_framing = r->framing;
	}
	if (!s->cur_interim) {
		/* the next final response answers the next request */
		const char *m;
		s->mi++;
		m = method_for(s, s->mi);
		h1_parser_set_request_method(&s->p, m, strlen(m));
	}
	s->have_prev = complete;
	s->in_msg = 0;
	s->cur = -1;
	s->cur_interim = 0;
}

static void on_event(struct rstate *s, const struct h1_event *ev)
{
	struct h1c_judgement *j = s->j;

	switch (ev->type) {
	case H1_EV_HEAD:
		s->in_msg = 1;
		s->msg_start = s->base + ev->offset;
		s->msg_flags = ev->head.flags;
		s->cur = -1;
		s->cur_interim = is_interim(ev->head.status);
		if (s->cur_interim) {
			memset(&s->building, 0, sizeof(s->building));
			s->building.status = ev->head.status;
			s->building.fields = copy_fields(j, ev->head.fields, ev->head.nfields);
			s->building.nfields = s->building.fields ? ev->head.nfields : 0;
			s->building.off = s->msg_start;
		} else {
			s->cur = new_response(s, ev);
		}
		break;
	case H1_EV_DATA:
		if (s->cur >= 0) {
			struct h1c_response *r = &j->resp[s->cur];
			size_t keep = ev->data.len;
			r->body_len += ev->data.len;
			if (r->body_kept + keep > H1C_BODY_KEEP)
				keep = H1C_BODY_KEEP - r->body_kept;
			if (keep) {
				if (r->body == NULL)
					r->body = jalloc(j, H1C_BODY_KEEP);
				if (r->body) {
					memcpy(r->body + r->body_kept, ev->data.p, keep);
					r->body_kept += keep;
				}
			}
		}
		break;
	case H1_EV_TRAILERS:
		if (s->cur >= 0) {
			struct h1c_response *r = &j->resp[s->cur];
			r->trailers = copy_fields(j, ev->head.fields, ev->head.nfields);
			r->ntrailers = r->trailers ? ev->head.nfields : 0;
		}
		break;
	case H1_EV_END:
		finish_message(s, 1, s->base + ev->offset);
		break;
	default:
		break;
	}
}

/* Offset of the next status-line start ("HTTP/" DIGIT "." DIGIT SP 3DIGIT)
 * after at, or len. Content that should not have been sent usually runs
 * straight into the next response, so the pattern is searched anywhere. */
static uint64_t resync_point(const char *b, size_t len, size_t at)
{
	size_t i;

	for (i = at + 1; i + 12 <= len; i++) {
		const char *p = b + i;
		if (memcmp(p, "HTTP/", 5) == 0 && p[5] >= '0' && p[5] <= '9' && p[6] == '.' && p[7] >= '0' &&
		    p[7] <= '9' && p[8] == ' ' && p[9] >= '0' && p[9] <= '9' && p[10] >= '0' &&
		    p[10] <= '9' && p[11] >= '0' && p[11] <= '9')
			return i;
	}
	return len;
}

/* Do the bytes at b[at..len) begin like a status line ("HTTP/", or a prefix of it)? */
static int looks_like_response(const char *b, size_t len, size_t at)
{
	size_t n = len - at < 5 ? len - at : 5;

	return n > 0 && memcmp(b + at, "HTTP/", n) == 0;
}

/* Is the next response due to an HTTP/0.9 request, and do the bytes at
 * start not begin a status line? */
static int answers_http09(const struct rstate *s, uint64_t start)
{
	return s->mi < s->j->nreq && s->j->req[s->mi].major == 0 &&
	       !looks_like_response(s->in->recv, s->in->recv_len, (size_t)start);
}

static void on_violation(struct rstate *s, uint64_t *pos)
{
	struct h1c_judgement *j = s->j;
	const struct h1_error *e = &s->p.error;
	uint64_t at = s->base + e->offset;
	uint64_t start = s->in_msg ? s->msg_start : s->base + s->p.consumed;
	const char *recv = s->in->recv;
	size_t len = s->in->recv_len;
	int incomplete = e->code == H1_E_INCOMPLETE_HEAD || e->code == H1_E_INCOMPLETE_BODY;

	if (!s->in_msg && answers_http09(s, start)) {
		/* an HTTP/0.9 request may get an HTTP/0.9 response: the content
		 * alone, until the close; not a malformed HTTP/1.1 response */
		j->http09_len = len - start;
		*pos = len;
		/* the parser's violation is sticky: start afresh at the end of
		 * the data, so the next turn sees the end of the stream */
		start_parser(s, len, s->lenient);
		return;
	}
	if (j->strict_error == 0 && !s->lenient) {
		j->strict_error = e->code;
		j->strict_error_name = e->name;
		j->strict_error_offset = at;
	}
	if (incomplete) {
		/* the server closed in the middle of a message */
		if (s->in_msg && s->cur >= 0) {
			struct h1c_response *r = &j->resp[s->cur];
			if (r->framing == H1_BODY_LENGTH)
				add_finding(j, R_RESPONSE_INCOMPLETE, s->cur,
				            "the connection ended after %llu of the %llu content bytes "
				            "announced by Content-Length",
				            (unsigned long long)r->body_len,
				            (unsigned long long)r->content_length);
			else
				add_finding(j, R_RESPONSE_INCOMPLETE, s->cur,
				            "the connection ended before the end of the %d response (%s)",
				            r->status, e->message);
			finish_message(s, 0, len);
		} else if (s->in_msg) {
			add_finding(j, R_RESPONSE_INCOMPLETE, -1,
			            "the connection ended inside an interim response");
			s->in_msg = 0;
		} else {
			if (looks_like_response(recv, len, (size_t)start))
				add_finding(j, R_RESPONSE_INCOMPLETE, -1,
				            "the connection ended inside a response head (%s at offset %llu)",
				            e->name, (unsigned long long)at);
			else
				blame(s, start);
		}
		*pos = len;
		return;
	}
	if (!s->lenient) {
		/* report the strict rejection, then read the same message leniently */
		int rule = R_RESPONSE_SYNTAX;
		char doc[32], num[32];
		long ri = s->in_msg && s->cur >= 0 ? s->cur : (long)j->nresp;
		if (!s->in_msg && !looks_like_response(recv, len, (size_t)start))
			rule = blame_after_prev(s);
		else if (e->code == H1_E_FRAMING_NO_BODY_STATUS)
			rule = R_FRAMING_1XX_204;
		else if (e->code == H1_E_TE_HTTP10)
			rule = R_TE_HTTP10;
		if (rule == R_RESPONSE_SYNTAX) {
			char text[320];
			error_where(e->section, doc, sizeof(doc), num, sizeof(num));
			snprintf(text, sizeof(text),
			         "the strict parser rejects the response: %s at offset %llu (%s)", e->name,
			         (unsigned long long)at, e->message);
			add_finding_at(j, rule, doc, num, ri, text);
		} else if (rule == R_FRAMING_1XX_204 || rule == R_TE_HTTP10) {
			add_finding(j, rule, ri, "%s", e->message);
		} else {
			uint64_t keep_off = j->garbage_off, keep_len = j->garbage_len;
			uint64_t next = blame(s, start);
			/* the lenient reading decides what is garbage */
			j->garbage_off = keep_off;
			j->garbage_len = keep_len;
			if (next < start) {
				/* the next response began inside the previous content: read it
				 * from there; the previous one ends where it begins, short of
				 * its Content-Length, so it is not complete */
				if (j->nresp) {
					struct h1c_response *p = &j->resp[j->nresp - 1];
					uint64_t cut = start - next;
					p->complete = 0;
					p->end = next;
					p->body_len = p->body_len > cut ? p->body_len - cut : 0;
					if (p->body_kept > p->body_len)
						p->body_kept = (size_t)p->body_len;
				}
				s->strict_reported_at = next;
				s->strict_reported_at_valid = 1;
				s->cur = -1;
				start_parser(s, next, 0);
				*pos = next;
				return;
			}
		}
		s->strict_reported_at = start;
		s->strict_reported_at_valid = 1;
		if (s->in_msg && s->cur >= 0 && s->cur == (long)j->nresp - 1) {
			/* forget the strict reading of this response; the lenient one replaces it */
			j->nresp--;
			s->npending = j->resp[j->nresp].ninterim;
			if (s->npending)
				memcpy(s->pending, j->resp[j->nresp].interim,
				       s->npending * sizeof(s->pending[0]));
		}
		s->cur = -1;
		start_parser(s, start, 1);
		*pos = start;
		return;
	}
	/* even the lenient parser cannot read it: skip to the next response */
	{
		uint64_t next = resync_point(recv, len, start);
		if (!(s->strict_reported_at_valid && s->strict_reported_at == start)) {
			char text[320];
			snprintf(text, sizeof(text), "unreadable bytes at offset %llu: %s",
			         (unsigned long long)at, e->message);
			add_finding_at(j, R_RESPONSE_SYNTAX, NULL, NULL, (long)j->nresp, text);
		}
		if (s->in_msg && s->cur >= 0)
			finish_message(s, 0, at);
		if (j->garbage_len == 0) {
			j->garbage_off = start;
			j->garbage_len = next - start;
		}
		s->in_msg = 0;
		start_parser(s, next, 0);
		*pos = next;
	}
}

/* Bytes after the last message that the parser is still waiting on: the
 * start of another response, or content where none belongs? */
static void check_leftover(struct rstate *s, uint64_t at)
{
	struct h1c_judgement *j = s->j;
	size_t left = s->in->recv_len - (size_t)at, n = left < 7 ? left : 7;

	if (left == 0 || memcmp(s->in->recv + at, "HTTP/1.", n) == 0)
		return;
	if (answers_http09(s, at)) {
		j->http09_len = left;
		return;
	}
	blame(s, at);
}

static void close_rules(struct rstate *s)
{
	struct h1c_judgement *j = s->j;
	size_t i;

	for (i = 0; i < j->nresp && i < j->nreq; i++) {
		if (!(j->req[i].flags & H1_MSG_CLOSE) || !j->resp[i].complete)
			continue;
		if (i + 1 < j->nresp)
			add_finding(j, R_CLOSE_IGNORED, (long)i + 1,
			            "a response followed the one to a request with \"Connection: close\"");
		else if (j->end == H1C_END_OPEN)
			add_finding(j, R_CLOSE_IGNORED, (long)i,
			            "the connection stayed open after the response to a request with "
			            "\"Connection: close\"");
		break;
	}
}

/* A Content-Length field value of r (one line, digits only), or -1. */
static int64_t field_length(const struct h1c_response *r)
{
	const struct h1c_field *f = h1c_field_get(r->fields, r->nfields, "content-length");
	int64_t v = 0;
	size_t i;

	if (f == NULL || h1c_field_count(r->fields, r->nfields, "content-length") != 1 || f->value_len == 0 ||
	    f->value_len > 18)
		return -1;
	for (i = 0; i < f->value_len; i++) {
		if (f->value[i] < '0' || f->value[i] > '9')
			return -1;
		v = v * 10 + (f->value[i] - '0');
	}
	return v;
}

/*
 * Responses about one representation must agree on its length: where the
 * exchange holds a 200 to GET of a target with Content-Length, a response
 * to HEAD or a 304 for the same target that carries Content-Length, and a
 * 206 or 416 whose Content-Range gives a complete length, must say the same
 * (RFC 9110 §8.6, §14.4). Only exchanges of GET and HEAD requests (nothing
 * that changes a resource in between), with the targets read again from the
 * sent bytes.
 */
static void length_rules(struct rstate *s)
{
	struct h1c_judgement *j = s->j;
	struct h1_limits lim = {(size_t)16 << 20, (size_t)16 << 20, LEARN_FIELDS, (size_t)32 << 20, 0};
	struct h1_field *fields;
	struct h1_parser p;
	const char *tgt[64];
	size_t tlen[64], nt = 0, pos = 0, i, k;
	char done[64] = {0}; /* the response was compared already */

	if (j->requests_from_case || j->nresp < 2)
		return;
	for (i = 0; i < j->nresp && i < j->nreq; i++)
		if (strcmp(j->req[i].method, "GET") != 0 && strcmp(j->req[i].method, "HEAD") != 0)
			return;
	fields = calloc(LEARN_FIELDS, sizeof(*fields));
	if (fields == NULL)
		return;
	h1_parser_init(&p, H1_REQUEST, fields, LEARN_FIELDS, &lim, (1u << H1_LENIENT__COUNT) - 1);
	while (nt < 64) {
		struct h1_event ev;
		size_t used = 0;
		int rc = h1_parse(&p, s->in->sent + pos, s->in->sent_len - pos, &used, &ev);
		pos += used;
		if (rc != H1_OK)
			break;
		if (ev.type == H1_EV_HEAD) {
			tgt[nt] = ev.head.target.p;
			tlen[nt++] = ev.head.target.len;
		}
	}
	free(fields);
	for (i = 0; i < j->nresp && i < nt; i++) {
		const struct h1c_response *g = &j->resp[i];
		if (g->status != 200 || strcmp(g->method, "GET") != 0 || !g->complete || g->lenient ||
		    g->framing != H1_BODY_LENGTH)
			continue;
		for (k = 0; k < j->nresp && k < nt; k++) {
			const struct h1c_response *r = &j->resp[k];
			const struct h1c_field *f;
			int64_t n, a, b, c;
			if (k == i || done[k] || tlen[k] != tlen[i] || memcmp(tgt[k], tgt[i], tlen[i]) != 0)
				continue;
			done[k] = 1;
			if ((r->status == 304 || (strcmp(r->method, "HEAD") == 0 && r->status == 200)) &&
			    (n = field_length(r)) >= 0 && (uint64_t)n != g->content_length)
				add_finding(j, R_REPRESENTATION_LENGTH, (long)k,
				            "the %s response says Content-Length: %lld, the 200 to GET of "
				            "the same "
				            "target %llu",
				            r->status == 304 ? "304" : "HEAD", (long long)n,
				            (unsigned long long)g->content_length);
			f = h1c_field_get(r->fields, r->nfields, "content-range");
			if ((r->status == 206 || r->status == 416) && f &&
			    parse_content_range(f->value, f->value_len, &a, &b, &c) && c >= 0 &&
			    (uint64_t)c != g->content_length)
				add_finding(j, R_COMPLETE_LENGTH, (long)k,
				            "the %d response gives the complete length %lld, the 200 to GET "
				            "of the "
				            "same target has %llu bytes",
				            r->status, (long long)c, (unsigned long long)g->content_length);
		}
	}
}

int h1c_judge(const struct h1c_judge_input *in, struct h1c_judgement *out)
{
	struct rstate s;
	uint64_t pos = 0;
	int eof = in->end == H1C_END_CLOSED || in->end == H1C_END_RESET, finishing = 0, complete = 1;
	size_t guard = 0;

	memset(out, 0, sizeof(*out));
	out->end = in->end;
	if (h1c_learn_requests(in->sent, in->sent_len, &out->req, &out->nreq, &complete))
		return -1;
	if (!complete && in->nmethods) {
		size_t i;
		free(out->req);
		out->req = calloc(in->nmethods, sizeof(*out->req));
		if (out->req == NULL)
			return -1;
		for (i = 0; i < in->nmethods; i++) {
			snprintf(out->req[i].method, sizeof(out->req[i].method), "%s", in->methods[i]);
			out->req[i].minor = -1;
		}
		out->nreq = in->nmethods;
		out->requests_from_case = 1;
	}

	memset(&s, 0, sizeof(s));
	s.j = out;
	s.in = in;
	s.cur = -1;
	s.fields = calloc(RESP_FIELDS, sizeof(*s.fields));
	if (s.fields == NULL)
		return -1;
	start_parser(&s, 0, 0);
	/* each turn consumes bytes, reports an event or ends, so a few turns
	 * per byte is plenty; the guard only stops a bug from looping */
	while (guard++ < 16 * (size_t)in->recv_len + 4096) {
		struct h1_event ev;
		size_t used = 0;
		size_t off = (size_t)(pos - s.base);
		const char *b = in->recv + s.base;
		size_t blen = in->recv_len - (size_t)s.base;
		int rc = finishing ? h1_finish(&s.p, b + off, blen - off, &used, &ev)
		                   : h1_parse(&s.p, b + off, blen - off, &used, &ev);

		pos += used;
		if (rc == H1_OK) {
			int was_lenient = s.lenient;
			on_event(&s, &ev);
			if (ev.type == H1_EV_END && was_lenient && (s.msg_flags & H1_MSG_KEEP_ALIVE) &&
			    s.p.done == H1_DONE_NOT && !finishing) {
				/* back to strict reading for the next message */
				const char *m = method_for(&s, s.mi);
				start_parser(&s, pos, 0);
				h1_parser_set_request_method(&s.p, m, strlen(m));
			}
			continue;
		}
		if (rc == H1_NEED_MORE) {
			if (eof && !finishing) {
				finishing = 1;
				continue;
			}
			/* the stream is still open: a message in progress is incomplete */
			if (s.in_msg && s.cur >= 0)
				finish_message(&s, 0, in->recv_len);
			else if (!s.in_msg)
				check_leftover(&s, s.base + s.p.consumed);
			break;
		}
		if (rc == H1_DONE) {
			out->unread = in->recv_len - pos;
			/* after a response that ends the connection: another response
			 * is data after close; anything else is blamed on that response */
			if (out->unread && s.p.done == H1_DONE_CLOSE) {
				if (looks_like_response(in->recv, in->recv_len, (size_t)pos) ||
				    blame_after_prev(&s) == R_RESPONSE_SYNTAX)
					add_finding(out, R_DATA_AFTER_CLOSE,
					            out->nresp ? (long)out->nresp - 1 : -1,
					            "%llu bytes follow a response that ends the connection",
					            (unsigned long long)out->unread);
				else
					blame(&s, pos);
			}
			break;
		}
		if (rc == H1_VIOLATION) {
			int code = s.p.error.code;
			on_violation(&s, &pos);
			if (code == H1_E_INCOMPLETE_HEAD || code == H1_E_INCOMPLETE_BODY)
				break; /* the end of the stream was reached */
			finishing = 0;
			if (pos >= in->recv_len && !s.in_msg && !eof)
				break;
			if (pos >= in->recv_len && eof) {
				/* let the fresh parser see the end of the stream */
				finishing = 1;
			}
			continue;
		}
		break; /* H1_EINVAL: cannot happen with valid arguments */
	}
	/* a 1xx never followed by its final response */
	if (s.npending) {
		out->dangling = jalloc(out, s.npending * sizeof(*out->dangling));
		if (out->dangling) {
			memcpy(out->dangling, s.pending, s.npending * sizeof(*out->dangling));
			out->ndangling = s.npending;
		}
	}
	close_rules(&s);
	length_rules(&s);
	if (in->unanswered_expect)
		add_finding(out, R_CONTINUE_LATE, -1,
		            "no 100 (Continue) and no final status within the idle time after a head with "
		            "Expect: 100-continue: the server waited for the content");
	free(s.fields);
	return 0;
}

/* ---------------------------------------------------------------------- */
/* description                                                            */

void h1c_judgement_describe(const struct h1c_judgement *j, struct h1c_buf *out)
{
	size_t i, k;

	if (j->nresp == 0 && j->http09_len == 0)
		h1c_buf_puts(out, "no response");
	for (i = 0; i < j->nresp; i++) {
		const struct h1c_response *r = &j->resp[i];
		if (i)
			h1c_buf_puts(out, "; ");
		for (k = 0; k < r->ninterim; k++)
			h1c_buf_printf(out, "%d (interim), ", r->interim[k].status);
		h1c_buf_printf(out, "%d", r->status);
		if (r->reason[0])
			h1c_buf_printf(out, " %s", r->reason);
		if (r->framing == H1_BODY_NONE)
			h1c_buf_puts(out, " (no content)");
		else
			h1c_buf_printf(out, " (%llu bytes of content)", (unsigned long long)r->body_len);
		if (!r->complete)
			h1c_buf_puts(out, " [incomplete]");
		if (r->lenient)
			h1c_buf_puts(out, " [malformed]");
	}
	for (k = 0; k < j->ndangling; k++)
		h1c_buf_printf(out, "; %d (interim)", j->dangling[k].status);
	if (j->http09_len)
		h1c_buf_printf(out, "%san HTTP/0.9 response (%llu bytes without a status line)",
		               j->nresp ? "; " : "", (unsigned long long)j->http09_len);
	if (j->garbage_len)
		h1c_buf_printf(out, "; %llu unreadable bytes", (unsigned long long)j->garbage_len);
	switch (j->end) {
	case H1C_END_CLOSED:
		h1c_buf_puts(out, "; then the server closed the connection");
		break;
	case H1C_END_RESET:
		h1c_buf_puts(out, "; then the connection was reset");
		break;
	case H1C_END_OPEN:
		h1c_buf_puts(out, "; the connection stayed open");
		break;
	case H1C_END_TIMEOUT:
		h1c_buf_puts(out, "; then the deadline passed with the server still silent or sending");
		break;
	case H1C_END_LIMIT:
		h1c_buf_puts(out, "; the response size limit was reached");
		break;
	default:
		break;
	}
}

/* ---------------------------------------------------------------------- */
/* the tracker                                                            */

/* Final statuses a tracker keeps to decide wait_close; past these, any status is taken to fit. */
#define TRACK_STATUS 64

struct h1c_tracker {
	struct h1_parser p;
	struct h1_field fields[RESP_FIELDS];
	struct h1c_request *req;
	const struct h1k_case *watch;
	size_t nreq, mi;
	size_t pos;
	size_t finals, interims;
	int in_msg, interim, dead, status;
	int asked_close; /* dead because a request asked for the close */
	int statuses[TRACK_STATUS];
};

static void tracker_method(struct h1c_tracker *t)
{
	const char *m = t->mi < t->nreq && t->req[t->mi].method[0] ? t->req[t->mi].method : "GET";

	h1_parser_set_request_method(&t->p, m, strlen(m));
}

struct h1c_tracker *h1c_tracker_new(const struct h1c_request *req, size_t n)
{
	struct h1c_tracker *t = calloc(1, sizeof(*t));

	if (t == NULL)
		return NULL;
	t->req = calloc(n ? n : 1, sizeof(*req));
	if (t->req == NULL) {
		free(t);
		return NULL;
	}
	if (n)
		memcpy(t->req, req, n * sizeof(*req));
	t->nreq = n;
	h1_parser_init(&t->p, H1_RESPONSE, t->fields, RESP_FIELDS, NULL, (1u << H1_LENIENT__COUNT) - 1);
	tracker_method(t);
	return t;
}

void h1c_tracker_free(struct h1c_tracker *t)
{
	if (t == NULL)
		return;
	free(t->req);
	free(t);
}

void h1c_tracker_watch(struct h1c_tracker *t, const struct h1k_case *c)
{
	t->watch = c;
}

static int status_fits(const struct h1k_response *m, int status)
{
	size_t i;

	for (i = 0; i < m->nstatus; i++)
		if (status >= m->status[i].lo && status <= m->status[i].hi)
			return 1;
	return m->nstatus == 0;
}

/* A matcher that asks for nothing but a status. */
static int status_only(const struct h1k_response *m)
{
	return m->interim == H1K_INTERIM_ALLOWED && m->interim_status == 0 && m->nrequired == 0 &&
	       m->nforbidden == 0 && m->nmatch == 0 && m->body == H1K_BODY_ANY && !m->has_body_equals;
}

/* Does an outcome that ignores the connection match the final responses so
 * far whatever else comes? Then waiting for a close cannot change the verdict. */
static int settled(const struct h1c_tracker *t)
{
	size_t k, i;

	if (t->finals > TRACK_STATUS)
		return 0;
	for (k = 0; k < t->watch->noutcomes; k++) {
		const struct h1k_outcome *oc = &t->watch->outcomes[k];
		int fits =
		        oc->connection == H1K_CONN_ANY && !oc->timeout &&
		        (oc->nresponses == t->finals || (oc->extra_responses && oc->nresponses <= t->finals));
		for (i = 0; i < oc->nresponses && fits; i++)
			fits = status_only(&oc->responses[i]) &&
			       status_fits(&oc->responses[i], t->statuses[i]);
		if (fits)
			return 1;
	}
	return 0;
}

/* Can an outcome that ends with a close still match, and does it matter?
 * The question is only asked once every request has its response, so an
 * outcome with fewer responses than requests is already out. */
static int close_fits(const struct h1c_tracker *t)
{
	size_t k, i;

	for (k = 0; k < t->watch->noutcomes; k++) {
		const struct h1k_outcome *oc = &t->watch->outcomes[k];
		int fits = 1;
		if (oc->connection != H1K_CONN_CLOSED)
			continue;
		if (!oc->extra_responses && (oc->nresponses < t->nreq || oc->nresponses < t->finals))
			continue;
		for (i = 0; i < t->finals && i < oc->nresponses && i < TRACK_STATUS && fits; i++)
			fits = status_fits(&oc->responses[i], t->statuses[i]);
		if (fits)
			return 1;
	}
	return 0;
}

void h1c_tracker_progress(void *ctx, const char *buf, size_t len, struct h1c_progress *out)
{
	struct h1c_tracker *t = ctx;

	while (!t->dead) {
		struct h1_event ev;
		size_t used = 0;
		int rc = h1_parse(&t->p, buf + t->pos, len - t->pos, &used, &ev);

		t->pos += used;
		if (rc == H1_NEED_MORE)
			break;
		if (rc != H1_OK) {
			/* done (close, tunnel) or unreadable: no further response can be counted */
			t->dead = 1;
			break;
		}
		if (ev.type == H1_EV_HEAD) {
			t->in_msg = 1;
			t->interim = is_interim(ev.head.status);
			t->status = ev.head.status;
		} else if (ev.type == H1_EV_END) {
			t->in_msg = 0;
			if (t->interim)
				t->interims++;
			else {
				if (t->finals < TRACK_STATUS)
					t->statuses[t->finals] = t->status;
				/* after answering "close" or HTTP/1.0 without keep-alive,
				 * the server is to close (RFC 9112 §9.3, §9.6) */
				if (t->mi < t->nreq && ((t->req[t->mi].flags & H1_MSG_CLOSE) ||
				                        (t->req[t->mi].minor == 0 &&
				                         !(t->req[t->mi].flags & H1_MSG_KEEP_ALIVE))))
					t->dead = t->asked_close = 1;
				t->finals++;
				t->mi++;
				tracker_method(t);
			}
		}
	}
	out->finals = t->finals;
	out->interims = t->interims;
	out->partial = t->in_msg || (!t->dead && t->pos < len);
	out->no_more = t->dead;
	/* the server is to close after a request asked for it (close-ignored
	 * judges that); otherwise a close matters only to an outcome that
	 * still fits */
	if (t->asked_close || !t->watch)
		out->wait_close = t->dead;
	else
		out->wait_close = (t->dead || close_fits(t)) && !settled(t);
}

/* ---------------------------------------------------------------------- */
/* outcomes and verdicts                                                  */

static void put_status_set(struct h1c_buf *out, const struct h1k_response *m)
{
	size_t i;

	if (m->nstatus == 0) {
		h1c_buf_puts(out, "any status");
		return;
	}
	for (i = 0; i < m->nstatus; i++) {
		const struct h1k_status_range *r = &m->status[i];
		if (i)
			h1c_buf_puts(out, "/");
		if (r->lo == r->hi)
			h1c_buf_printf(out, "%d", r->lo);
		else
			h1c_buf_printf(out, "%dxx", r->lo / 100);
	}
}

/* Printable rendering of octets, cut at 40. */
static void put_octets(struct h1c_buf *out, const char *p, size_t n)
{
	size_t i, lim = n > 40 ? 40 : n;

	h1c_buf_puts(out, "\"");
	for (i = 0; i < lim; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c == '\r')
			h1c_buf_puts(out, "\\r");
		else if (c == '\n')
			h1c_buf_puts(out, "\\n");
		else if (c == '"' || c == '\\')
			h1c_buf_printf(out, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			h1c_buf_printf(out, "\\x%02x", c);
		else
			h1c_buf_put(out, &p[i], 1);
	}
	h1c_buf_puts(out, n > lim ? "...\"" : "\"");
}

/* Expand an expected octet string; on failure the raw text is used (it is
 * only shown or compared, never sent). */
static void expand_text(const struct h1k_text *t, const struct h1k_profile *ph, struct h1k_bytes *out)
{
	out->len = 0;
	if (h1k_expand(t, 0, ph, out) != H1K_OK) {
		out->len = 0;
		h1k_expand(t, 1, ph, out);
	}
}

static void put_matcher(struct h1c_buf *out, const struct h1k_response *m, const struct h1k_profile *ph)
{
	struct h1k_bytes b = {0};
	size_t i;

	put_status_set(out, m);
	if (m->interim == H1K_INTERIM_REQUIRED) {
		if (m->interim_status)
			h1c_buf_printf(out, " after a %d interim response", m->interim_status);
		else
			h1c_buf_puts(out, " after an interim response");
	} else if (m->interim == H1K_INTERIM_FORBIDDEN) {
		h1c_buf_puts(out, " with no interim response");
	}
	for (i = 0; i < m->nrequired; i++)
		h1c_buf_printf(out, " with %s", m->headers_required[i]);
	for (i = 0; i < m->nforbidden; i++)
		h1c_buf_printf(out, " without %s", m->headers_forbidden[i]);
	for (i = 0; i < m->nmatch; i++) {
		const struct h1k_header_match *hm = &m->headers_match[i];
		expand_text(&hm->value, ph, &b);
		if (hm->kind == H1K_MATCH_TOKEN)
			h1c_buf_printf(out, " with %s listing ", hm->name);
		else if (hm->kind == H1K_MATCH_CONTAINS)
			h1c_buf_printf(out, " with %s containing ", hm->name);
		else
			h1c_buf_printf(out, " with %s: ", hm->name);
		put_octets(out, b.p ? b.p : "", b.len);
	}
	if (m->body == H1K_BODY_EMPTY)
		h1c_buf_puts(out, " and no content");
	else if (m->body == H1K_BODY_NONEMPTY)
		h1c_buf_puts(out, " and some content");
	if (m->has_body_equals) {
		expand_text(&m->body_equals, ph, &b);
		h1c_buf_puts(out, " with content ");
		put_octets(out, b.p ? b.p : "", b.len);
	}
	h1k_bytes_free(&b);
}

void h1c_describe_outcomes(const struct h1k_case *c, const struct h1k_profile *ph, struct h1c_buf *out)
{
	size_t i, k;

	for (i = 0; i < c->noutcomes; i++) {
		const struct h1k_outcome *o = &c->outcomes[i];
		if (i)
			h1c_buf_puts(out, " | ");
		if (o->nresponses == 0)
			h1c_buf_puts(out, "no response");
		for (k = 0; k < o->nresponses; k++) {
			if (k)
				h1c_buf_puts(out, " then ");
			put_matcher(out, &o->responses[k], ph);
		}
		if (o->extra_responses)
			h1c_buf_puts(out, " (more responses allowed)");
		if (o->connection == H1K_CONN_CLOSED)
			h1c_buf_puts(out, ", connection closed");
		else if (o->connection == H1K_CONN_OPEN)
			h1c_buf_puts(out, ", connection kept open");
		if (o->timeout)
			h1c_buf_puts(out, o->nresponses
			                          ? ", or still waiting at the deadline"
			                          : " before the deadline (the server may keep waiting)");
	}
}

/* Combine the field lines called name (", "-joined) into out. Returns the count. */
static size_t field_combined(const struct h1c_response *r, const char *name, struct h1c_buf *out)
{
	size_t i, n = 0;

	out->len = 0;
	for (i = 0; i < r->nfields; i++) {
		if (strcasecmp(r->fields[i].name, name) != 0)
			continue;
		if (n++)
			h1c_buf_puts(out, ", ");
		h1c_buf_put(out, r->fields[i].value, r->fields[i].value_len);
	}
	return n;
}

static int has_token(const char *v, size_t n, const char *tok, size_t tlen)
{
	size_t i = 0;

	while (i < n) {
		size_t a, b;
		while (i < n && (v[i] == ' ' || v[i] == '\t' || v[i] == ','))
			i++;
		a = i;
		while (i < n && v[i] != ',')
			i++;
		b = i;
		while (b > a && (v[b - 1] == ' ' || v[b - 1] == '\t'))
			b--;
		if (b - a == tlen && strncasecmp(v + a, tok, tlen) == 0)
			return 1;
	}
	return 0;
}

/* Does response r match matcher m? If not, why (appended to why). */
static int match_response(const struct h1k_response *m, const struct h1c_response *r,
                          const struct h1k_profile *ph, size_t idx, struct h1c_buf *why)
{
	struct h1c_buf v = {0};
	struct h1k_bytes b = {0};
	size_t i;
	int ok = 1;

	if (m->nstatus) {
		int hit = 0;
		for (i = 0; i < m->nstatus; i++)
			if (r->status >= m->status[i].lo && r->status <= m->status[i].hi)
				hit = 1;
		if (!hit) {
			h1c_buf_printf(why, "response %zu has status %d, not ", idx + 1, r->status);
			put_status_set(why, m);
			return 0;
		}
	}
	if (m->interim == H1K_INTERIM_FORBIDDEN && r->ninterim) {
		h1c_buf_printf(why,
		               "response %zu came after a %d interim response, which is not allowed here",
		               idx + 1, r->interim[0].status);
		return 0;
	}
	if (m->interim == H1K_INTERIM_REQUIRED) {
		int hit = r->ninterim > 0 && m->interim_status == 0;
		for (i = 0; i < r->ninterim && !hit; i++)
			hit = r->interim[i].status == m->interim_status;
		if (!hit) {
			if (m->interim_status)
				h1c_buf_printf(why, "response %zu did not come after a %d interim response",
				               idx + 1, m->interim_status);
			else
				h1c_buf_printf(why, "response %zu did not come after an interim response",
				               idx + 1);
			return 0;
		}
	}
	for (i = 0; i < m->nrequired && ok; i++) {
		if (h1c_field_get(r->fields, r->nfields, m->headers_required[i]) == NULL) {
			h1c_buf_printf(why, "response %zu (%d) has no %s field", idx + 1, r->status,
			               m->headers_required[i]);
			ok = 0;
		}
	}
	for (i = 0; i < m->nforbidden && ok; i++) {
		if (h1c_field_get(r->fields, r->nfields, m->headers_forbidden[i]) != NULL) {
			h1c_buf_printf(why, "response %zu (%d) has a %s field", idx + 1, r->status,
			               m->headers_forbidden[i]);
			ok = 0;
		}
	}
	for (i = 0; i < m->nmatch && ok; i++) {
		const struct h1k_header_match *hm = &m->headers_match[i];
		size_t k, n = field_combined(r, hm->name, &v);
		int hit = 0;

		expand_text(&hm->value, ph, &b);
		if (n && hm->kind == H1K_MATCH_EQUALS) {
			hit = v.len == b.len && memcmp(v.data, b.p ? b.p : "", b.len) == 0;
			for (k = 0; k < r->nfields && !hit; k++)
				hit = strcasecmp(r->fields[k].name, hm->name) == 0 &&
				      r->fields[k].value_len == b.len &&
				      memcmp(r->fields[k].value, b.p ? b.p : "", b.len) == 0;
		} else if (n && hm->kind == H1K_MATCH_CONTAINS) {
			hit = b.len == 0 || memmem(v.data, v.len, b.p, b.len) != NULL;
		} else if (n) {
			hit = has_token(v.data, v.len, b.p ? b.p : "", b.len);
		}
		if (!hit) {
			h1c_buf_printf(why, "response %zu (%d): ", idx + 1, r->status);
			if (n == 0) {
				h1c_buf_printf(why, "no %s field", hm->name);
			} else {
				h1c_buf_printf(why, "%s is ", hm->name);
				put_octets(why, v.data, v.len);
				h1c_buf_puts(why,
				             hm->kind == H1K_MATCH_TOKEN ? ", without the token " : ", not ");
				put_octets(why, b.p ? b.p : "", b.len);
			}
			ok = 0;
		}
	}
	if (ok && m->body == H1K_BODY_EMPTY && r->body_len) {
		h1c_buf_printf(why, "response %zu (%d) has %llu bytes of content, expected none", idx + 1,
		               r->status, (unsigned long long)r->body_len);
		ok = 0;
	} else if (ok && m->body == H1K_BODY_NONEMPTY && r->body_len == 0) {
		h1c_buf_printf(why, "response %zu (%d) has no content", idx + 1, r->status);
		ok = 0;
	}
	if (ok && m->has_body_equals) {
		expand_text(&m->body_equals, ph, &b);
		if (r->body_len != b.len || (b.len && memcmp(r->body, b.p, b.len) != 0)) {
			h1c_buf_printf(why, "response %zu (%d) has content ", idx + 1, r->status);
			put_octets(why, r->body ? r->body : "", r->body_kept);
			h1c_buf_puts(why, ", expected ");
			put_octets(why, b.p ? b.p : "", b.len);
			ok = 0;
		}
	}
	h1c_buf_free(&v);
	h1k_bytes_free(&b);
	return ok;
}

/* Does the exchange match outcome o? Score: how far it got (for picking
 * the reason to show). */
static int match_outcome(const struct h1k_outcome *o, const struct h1c_judgement *j,
                         const struct h1k_profile *ph, struct h1c_buf *why, int *score)
{
	size_t i, ncomplete = 0;

	*score = 0;
	for (i = 0; i < j->nresp; i++)
		if (j->resp[i].complete)
			ncomplete++;
	if (j->end == H1C_END_LIMIT) {
		h1c_buf_puts(why, "the server sent more than the response size limit");
		return 0;
	}
	if (j->end == H1C_END_ERROR) {
		h1c_buf_puts(why, "the exchange failed in the tool");
		return 0;
	}
	for (i = 0; i < o->nresponses && i < ncomplete; i++) {
		if (!match_response(&o->responses[i], &j->resp[i], ph, i, why))
			return 0;
		*score += 10;
	}
	if (ncomplete < o->nresponses) {
		h1c_buf_printf(why, "%zu complete response%s, expected %zu", ncomplete,
		               ncomplete == 1 ? "" : "s", o->nresponses);
		return 0;
	}
	if (ncomplete > o->nresponses && !o->extra_responses) {
		h1c_buf_printf(why, "%zu responses, expected %zu", ncomplete, o->nresponses);
		return 0;
	}
	*score += 5;
	if (j->end == H1C_END_TIMEOUT) {
		if (!o->timeout) {
			h1c_buf_puts(why, "the server was still silent or sending when the deadline passed");
			return 0;
		}
		return 1;
	}
	if (o->connection == H1K_CONN_CLOSED && j->end != H1C_END_CLOSED && j->end != H1C_END_RESET) {
		h1c_buf_puts(why, "the connection stayed open, expected it closed");
		return 0;
	}
	if (o->connection == H1K_CONN_OPEN && j->end != H1C_END_OPEN) {
		h1c_buf_puts(why, "the server closed the connection, expected it kept open");
		return 0;
	}
	return 1;
}

void h1c_case_verdict_free(struct h1c_case_verdict *v)
{
	h1c_buf_free(&v->expected);
	h1c_buf_free(&v->actual);
	h1c_buf_free(&v->message);
}

int h1c_judge_case(const struct h1k_case *c, const struct h1k_profile *ph, const struct h1c_judgement *j,
                   struct h1c_case_verdict *v)
{
	struct h1c_buf why = {0}, best = {0};
	int matched = 0, best_score = -1, level = c->requirement.level;
	size_t i;
	const struct h1c_finding *worst = NULL;
	enum h1r_verdict verdict = H1R_PASS;

	memset(v, 0, sizeof(*v));
	h1c_describe_outcomes(c, ph, &v->expected);
	h1c_judgement_describe(j, &v->actual);
	for (i = 0; i < c->noutcomes && !matched; i++) {
		int score = 0;
		why.len = 0;
		matched = match_outcome(&c->outcomes[i], j, ph, &why, &score);
		if (!matched && score > best_score) {
			best_score = score;
			best.len = 0;
			h1c_buf_put(&best, why.data, why.len);
		}
	}
	if (!matched) {
		if (level == H1K_MUST)
			verdict = H1R_FAIL;
		else if (level == H1K_SHOULD)
			verdict = H1R_WARN;
		h1c_buf_puts(&v->message, level == H1K_MAY ? "informational (MAY): " : "");
		h1c_buf_put(&v->message, best.data, best.len);
	}
	for (i = 0; i < j->nfindings; i++)
		if (worst == NULL || j->findings[i].level < worst->level)
			worst = &j->findings[i];
	if (worst && worst->level == H1C_MUST && verdict != H1R_FAIL) {
		verdict = H1R_FAIL;
	} else if (worst && worst->level == H1C_SHOULD && verdict == H1R_PASS) {
		verdict = H1R_WARN;
	} else {
		worst = NULL; /* the outcome decided */
	}
	if (worst) {
		/* The generic rule decided the verdict and comes first; a
		 * mismatch of the case's own outcome (at a lower level) is kept
		 * after it, so the report still says whether the case passed. */
		struct h1c_buf own = v->message;
		memset(&v->message, 0, sizeof(v->message));
		h1c_buf_printf(&v->message, "generic rule %s (%s %s §%s): %s", worst->rule,
		               h1c_level_name(worst->level), worst->document, worst->section, worst->message);
		if (own.len) {
			h1c_buf_puts(&v->message, "; the case's own outcome: ");
			h1c_buf_put(&v->message, own.data, own.len);
		}
		h1c_buf_free(&own);
	}
	v->verdict = verdict;
	h1c_buf_free(&why);
	h1c_buf_free(&best);
	if (v->expected.overflow || v->actual.overflow || v->message.overflow) {
		h1c_case_verdict_free(v);
		return -1;
	}
	return 0;
}
