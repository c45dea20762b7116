/*
 * The embedded strict origin server (see serve.h for the resources).
 *
 * Life of a connection
 *   ACTIVE     bytes are read and fed to the reference parser; each complete
 *              request is answered at once and the response appended to
 *              the output queue, so pipelined requests are answered in
 *              order. While the queue holds more than OUT_HIGH bytes the
 *              connection is not read (a client that never reads cannot make
 *              the server buffer without bound).
 *   CLOSING    the last response is decided (close requested, HTTP/1.0
 *              without keep-alive, an error): input is ignored while the
 *              queue drains; then the write side is shut down.
 *   LINGER     after the shutdown, unread input is drained for up to
 *              LINGER_MS (RFC 9112 §9.6): closing a socket with unread data
 *              makes the kernel send a reset, which can destroy the response
 *              before the client reads it.
 *
 * Requests are judged in RFC 9110 order: the parser (syntax, framing; a
 * violation maps to 400 or a more specific code), then the method (501 if
 * not implemented), the resource (404), the method on the resource (405),
 * then preconditions (§13.2.2) and ranges (§14.2).
 *
 * Expect: 100-continue (RFC 9110 §10.1.1) is answered with 100 only when
 * the request is HTTP/1.1, has content, none of it has arrived yet, and
 * the request would be accepted; a request that will be refused gets its
 * final response at once and the connection is closed (the client may
 * still be sending the content it announced).
 */
#include "harness/serve.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "harness/buf.h"
#include "harness/httpdate.h"
#include "harness/transport.h"
#include "reference/h1.h"

#define IN_CAP            ((size_t)72 * 1024) /* a whole header section (parser limit 64 KiB) fits */
#define OUT_HIGH          ((size_t)4 << 20)
#define OUT_MAX           ((size_t)64 << 20) /* hard bound on one connection's queue */
#define LINGER_MS         2000
#define LINGER_MAX        ((size_t)1 << 20)
#define MAX_FIELDS        100
#define MAX_RANGES        16
#define STORE_MAX_ENTRIES 64
#define STORE_MAX_BYTES   ((size_t)8 << 20)
#define STORE_PREFIX      "/upload/"
#define BOUNDARY          "h1conform-byteranges-5f3a9c"

enum cstate { CS_ACTIVE, CS_CLOSING, CS_LINGER, CS_DEAD };

/* Is deliberate deviation d on? (serve.h; tests of the suite only) */
#define DEV(s, d) (((s)->o.deviate & (d)) != 0)

/* One field line of the current request, as offsets into req.text. */
struct hdr {
	size_t name_off, name_len, value_off, value_len;
};

struct req {
	struct h1c_buf text; /* method, target, names and values, back to back */
	struct hdr h[MAX_FIELDS];
	size_t nh;
	size_t method_off, method_len, target_off, target_len;
	int form, minor, body_kind;
	unsigned flags;
	uint64_t cl;
	struct h1c_buf body;
	int keep_body;    /* the content matters (echo, PUT) */
	int active;       /* a head was parsed and its END is still due */
	int continue_due; /* the late-continue deviation: 100 with the first content bytes */
};

struct conn {
	int fd;
	int state;
	struct h1_parser p;
	struct h1_field fields[MAX_FIELDS];
	char *in;
	size_t inlen;
	struct h1c_buf out;
	size_t outoff;
	int64_t last; /* last activity */
	int64_t linger_until;
	size_t lingered;
	int peer_eof;
	int reset_parser; /* deviations: read on after a request that ends the connection */
	int drop_rest;    /* H1C_DEV_PIPELINE_DROP: forget the input buffered after a request */
	struct req r;
};

struct entry {
	char *path;
	char *data;
	size_t len;
	char ctype[128];
	unsigned version;
	time_t mtime;
};

struct h1c_server {
	struct h1c_serve_opts o;
	int lfd;
	int port;
	int wake[2];
	volatile sig_atomic_t stopping;
	struct conn **conns;
	size_t nconns;
	struct entry store[STORE_MAX_ENTRIES];
	size_t nstore, store_bytes;
	unsigned next_version;
	time_t static_mtime;
};

/* A response under construction. */
struct resp {
	int status;
	struct h1c_buf hdrs; /* extra header lines, CRLF-terminated */
	const char *body;
	size_t body_len;
	struct h1c_buf own; /* body storage when generated */
	int close;
};

/* ---------------------------------------------------------------------- */
/* deliberate deviations                                                  */

static const struct {
	const char *name;
	h1c_devset flag;
	const char *what;
} deviations[] = {
        {"no-date", H1C_DEV_NO_DATE, "no Date field"},
        {"bad-date", H1C_DEV_BAD_DATE, "Date in the obsolete RFC 850 form"},
        {"head-body", H1C_DEV_HEAD_BODY, "content after responses to HEAD"},
        {"no-allow", H1C_DEV_NO_ALLOW, "405 without Allow"},
        {"cl-long", H1C_DEV_CL_LONG, "Content-Length one more than the content"},
        {"cl-short", H1C_DEV_CL_SHORT, "Content-Length one less than the content"},
        {"ignore-close", H1C_DEV_IGNORE_CLOSE, "\"Connection: close\" in requests ignored"},
        {"chunked-http10", H1C_DEV_CHUNKED_HTTP10, "chunked responses to HTTP/1.0 requests"},
        {"continue-http10", H1C_DEV_CONTINUE_HTTP10, "100 Continue to HTTP/1.0 requests"},
        {"no-continue", H1C_DEV_NO_CONTINUE, "never a 100 Continue"},
        {"204-cl", H1C_DEV_204_CL, "Content-Length: 0 in 204 responses"},
        {"304-body", H1C_DEV_304_BODY, "content in 304 responses"},
        {"ignore-inm", H1C_DEV_IGNORE_INM, "If-None-Match ignored"},
        {"ims-first", H1C_DEV_IMS_FIRST, "If-Modified-Since evaluated even with If-None-Match"},
        {"bad-range", H1C_DEV_BAD_RANGE, "Content-Range one byte off the content sent"},
        {"416-no-range", H1C_DEV_416_NO_RANGE, "416 without Content-Range"},
        {"pipeline-drop", H1C_DEV_PIPELINE_DROP, "pipelined requests after the first are dropped"},
        {"http10-persist", H1C_DEV_HTTP10_PERSIST, "HTTP/1.0 connections kept open without keep-alive"},
        {"te-cl-persist", H1C_DEV_TE_CL_PERSIST,
         "Transfer-Encoding with Content-Length accepted, connection kept"},
        {"no-reason-sp", H1C_DEV_NO_REASON_SP, "status line without the SP before the reason"},
        {"bare-lf", H1C_DEV_BARE_LF, "response heads with bare LF line ends"},
        {"ignore-if-match", H1C_DEV_IGNORE_IF_MATCH, "If-Match ignored"},
        {"pipeline-reorder", H1C_DEV_PIPELINE_REORDER, "responses to pipelined requests in reverse order"},
        {"late-continue", H1C_DEV_LATE_CONTINUE, "100 Continue only once the content has begun to arrive"},
        {"304-no-etag", H1C_DEV_304_NO_ETAG, "304 without the ETag a 200 carries"},
        {"304-cl", H1C_DEV_304_CL, "Content-Length: 0 in 304 responses"},
        {"head-cl-zero", H1C_DEV_HEAD_CL_ZERO, "Content-Length: 0 in responses to HEAD"},
        {"304-no-date", H1C_DEV_304_NO_DATE, "no Date in 304 responses (others have it)"},
        {"inm-412", H1C_DEV_INM_412, "If-None-Match matching on GET or HEAD answered 412"},
        {"allow-no-head", H1C_DEV_ALLOW_NO_HEAD, "the Allow of a 405 leaves out HEAD"},
        {"if-range-ignored", H1C_DEV_IF_RANGE_IGNORED, "Range ignored whenever If-Range is present"},
        {"if-range-weak", H1C_DEV_IF_RANGE_WEAK, "If-Range compared weakly (W/ tags match)"},
        {"byteranges-off", H1C_DEV_BYTERANGES_OFF,
         "multipart/byteranges parts with Content-Range one byte off"},
        {"416-bad-length", H1C_DEV_416_BAD_LENGTH, "416 Content-Range with a complete length one too large"},
        {"close-silent", H1C_DEV_CLOSE_SILENT, "closes after \"Connection: close\" without sending close"},
        {"status-http10", H1C_DEV_STATUS_HTTP10, "status lines say HTTP/1.0"},
        {"te-cl-response", H1C_DEV_TE_CL_RESPONSE, "chunked responses that also carry Content-Length"},
        {"error-keep-open", H1C_DEV_ERROR_KEEP_OPEN,
         "the connection stays open after a 400 for a malformed request"},
        {"lm-future", H1C_DEV_LM_FUTURE, "Last-Modified an hour later than Date"},
        {"etag-unquoted", H1C_DEV_ETAG_UNQUOTED, "entity-tags without double quotes"},
        {"lm-rfc850", H1C_DEV_LM_RFC850, "Last-Modified in the obsolete RFC 850 form"},
        {"206-no-etag", H1C_DEV_206_NO_ETAG, "206 without the ETag a 200 carries"},
};

const char *h1c_serve_deviation_info(size_t i, h1c_devset *flag, const char **what)
{
	if (i >= sizeof(deviations) / sizeof(deviations[0]))
		return NULL;
	*flag = deviations[i].flag;
	*what = deviations[i].what;
	return deviations[i].name;
}

int h1c_serve_deviation_parse(const char *list, h1c_devset *flags, const char **bad)
{
	const char *p = list;

	*flags = 0;
	for (;;) {
		size_t n = strcspn(p, ","), i, k = sizeof(deviations) / sizeof(deviations[0]);
		for (i = 0; i < k; i++)
			if (strlen(deviations[i].name) == n && memcmp(deviations[i].name, p, n) == 0)
				break;
		if (i == k) {
			*bad = p;
			return -1;
		}
		*flags |= deviations[i].flag;
		if (p[n] == '\0')
			return 0;
		p += n + 1;
	}
}

/* ---------------------------------------------------------------------- */
/* fixed content                                                          */

static const char index_body[] = "h1conform serve: a strict HTTP/1.1 origin server.\n"
                                 "Resources: /static.txt, /echo (POST), /upload/NAME (PUT, DELETE).\n";

static char static_body[1024];
static size_t static_len;

static void init_static(void)
{
	size_t i, pos = 0;

	if (static_len)
		return;
	/* 16 lines of 64 bytes, each numbered, so any range is recognisable */
	for (i = 0; i < 16; i++) {
		size_t k;
		int n = snprintf(static_body + pos, sizeof(static_body) - pos, "line %02zu ", i);
		pos += (size_t)n;
		for (k = (size_t)n; k < 63; k++)
			static_body[pos++] = (char)('a' + (i + k) % 26);
		static_body[pos++] = '\n';
	}
	static_len = pos;
}

const char *h1c_serve_static_body(size_t *len)
{
	init_static();
	*len = static_len;
	return static_body;
}

static const char *reason_of(int status)
{
	switch (status) {
	case 100:
		return "Continue";
	case 200:
		return "OK";
	case 201:
		return "Created";
	case 204:
		return "No Content";
	case 206:
		return "Partial Content";
	case 304:
		return "Not Modified";
	case 400:
		return "Bad Request";
	case 404:
		return "Not Found";
	case 405:
		return "Method Not Allowed";
	case 408:
		return "Request Timeout";
	case 411:
		return "Length Required";
	case 412:
		return "Precondition Failed";
	case 413:
		return "Content Too Large";
	case 414:
		return "URI Too Long";
	case 416:
		return "Range Not Satisfiable";
	case 417:
		return "Expectation Failed";
	case 431:
		return "Request Header Fields Too Large";
	case 500:
		return "Internal Server Error";
	case 501:
		return "Not Implemented";
	case 503:
		return "Service Unavailable";
	case 505:
		return "HTTP Version Not Supported";
	default:
		return "Unknown";
	}
}

/* The status for a request the parser rejected. */
static int status_for_violation(int code)
{
	switch (code) {
	case H1_E_START_LINE_TOO_LONG:
		return 414; /* RFC 9112 §3: a long request-line is 414 */
	case H1_E_FIELD_LINE_TOO_LONG:
	case H1_E_HEAD_TOO_LARGE:
	case H1_E_TOO_MANY_FIELDS:
		return 431;
	case H1_E_VERSION_UNSUPPORTED:
		return 505;
	case H1_E_TE_UNKNOWN:
		return 501; /* RFC 9112 §6.1 */
	default:
		return 400;
	}
}

/* ---------------------------------------------------------------------- */
/* request fields                                                         */

static int lower_eq(const char *a, size_t n, const char *lower)
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

static const char *rtext(const struct req *r, size_t off)
{
	return r->text.data + off;
}

static int method_is(const struct req *r, const char *m)
{
	return r->method_len == strlen(m) && memcmp(rtext(r, r->method_off), m, r->method_len) == 0;
}

/* Combine every field line called name into out, joined by ", " (RFC 9110
 * §5.3). Returns the number of lines. */
static size_t combined(const struct req *r, const char *name, struct h1c_buf *out)
{
	size_t i, n = 0;

	out->len = 0;
	for (i = 0; i < r->nh; i++) {
		if (!lower_eq(rtext(r, r->h[i].name_off), r->h[i].name_len, name))
			continue;
		if (n++)
			h1c_buf_put(out, ", ", 2);
		h1c_buf_put(out, rtext(r, r->h[i].value_off), r->h[i].value_len);
	}
	return n;
}

static int is_ows(char c)
{
	return c == ' ' || c == '\t';
}

/* Iterate the members of a comma-separated list: *pos advances; returns 1
 * with [*s, *s + *n) the next non-empty member, trimmed, or 0 at the end. */
static int list_next(const char *v, size_t len, size_t *pos, const char **s, size_t *n)
{
	while (*pos < len) {
		size_t a = *pos, b;
		int inq = 0;
		/* a comma inside a quoted string does not separate members */
		for (b = a; b < len; b++) {
			if (v[b] == '"')
				inq = !inq;
			else if (v[b] == '\\' && inq && b + 1 < len)
				b++;
			else if (v[b] == ',' && !inq)
				break;
		}
		*pos = b < len ? b + 1 : len;
		while (a < b && is_ows(v[a]))
			a++;
		while (b > a && is_ows(v[b - 1]))
			b--;
		if (b > a) {
			*s = v + a;
			*n = b - a;
			return 1;
		}
	}
	return 0;
}

/* ---------------------------------------------------------------------- */
/* responses                                                              */

static void hdr_add(struct resp *rs, const char *name, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

static void hdr_add(struct resp *rs, const char *name, const char *fmt, ...)
{
	char val[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(val, sizeof(val), fmt, ap);
	va_end(ap);
	h1c_buf_printf(&rs->hdrs, "%s: %s\r\n", name, val);
}

static void resp_init(struct resp *rs, int status)
{
	memset(rs, 0, sizeof(*rs));
	rs->status = status;
}

static void resp_free(struct resp *rs)
{
	h1c_buf_free(&rs->hdrs);
	h1c_buf_free(&rs->own);
}

static void resp_text(struct resp *rs, const char *text)
{
	rs->own.len = 0;
	h1c_buf_puts(&rs->own, text);
	rs->body = rs->own.data;
	rs->body_len = rs->own.len;
	hdr_add(rs, "Content-Type", "text/plain; charset=utf-8");
}

static void log_line(struct h1c_server *s, const struct req *r, int status)
{
	if (s->o.log == NULL)
		return;
	if (r && r->active)
		fprintf(s->o.log, "%.*s %.*s -> %d\n", (int)r->method_len, rtext(r, r->method_off),
		        (int)(r->target_len > 200 ? 200 : r->target_len), rtext(r, r->target_off), status);
	else
		fprintf(s->o.log, "(unparsed request) -> %d\n", status);
	fflush(s->o.log);
}

/* A date in the obsolete RFC 850 form (the bad-date and lm-rfc850 deviations). */
static void rfc850(time_t t, char *out, size_t cap)
{
	struct tm tm;
	size_t n;

	gmtime_r(&t, &tm);
	strftime(out, cap, "%A, %d-%b-", &tm);
	n = strlen(out);
	snprintf(out + n, cap - n, "%02d %02d:%02d:%02d GMT", tm.tm_year % 100, tm.tm_hour, tm.tm_min,
	         tm.tm_sec);
}

/*
 * Append the response to the connection's queue. head: the request was
 * HEAD (no content). keep10: HTTP/1.0 keep-alive to confirm.
 */
static void emit(struct h1c_server *s, struct conn *c, struct resp *rs, int head, int keep10)
{
	char date[H1C_HTTPDATE_LEN + 1];
	struct h1c_buf h = {0};
	int st = rs->status;
	int bodiless = st < 200 || st == 204 || st == 304;
	int te_cl = !bodiless && DEV(s, H1C_DEV_TE_CL_RESPONSE) && c->r.active && c->r.minor >= 1;
	int chunked =
	        te_cl || (!bodiless && DEV(s, H1C_DEV_CHUNKED_HTTP10) && c->r.active && c->r.minor == 0);
	int send_body = !bodiless && !head && rs->body_len;
	size_t cl = rs->body_len;

	h1c_httpdate_format(time(NULL), date);
	if (DEV(s, H1C_DEV_NO_REASON_SP))
		h1c_buf_printf(&h, "HTTP/1.1 %d\r\n", st);
	else
		h1c_buf_printf(&h, "HTTP/1.%d %d %s\r\n", DEV(s, H1C_DEV_STATUS_HTTP10) ? 0 : 1, st,
		               reason_of(st));
	if (st >= 200 && !(st == 304 && DEV(s, H1C_DEV_304_NO_DATE))) {
		/* RFC 9110 §6.6.1: an origin server with a clock sends Date */
		if (DEV(s, H1C_DEV_BAD_DATE)) {
			char d850[64];
			rfc850(time(NULL), d850, sizeof(d850));
			h1c_buf_printf(&h, "Date: %s\r\n", d850);
		} else if (!DEV(s, H1C_DEV_NO_DATE)) {
			h1c_buf_printf(&h, "Date: %s\r\n", date);
		}
	}
	if (st >= 200)
		h1c_buf_printf(&h, "Server: h1conform/%s\r\n", H1C_VERSION);
	if (rs->hdrs.len)
		h1c_buf_put(&h, rs->hdrs.data, rs->hdrs.len);
	if (DEV(s, H1C_DEV_CL_LONG) && cl)
		cl++;
	if (DEV(s, H1C_DEV_CL_SHORT) && cl)
		cl--;
	if (head && DEV(s, H1C_DEV_HEAD_CL_ZERO))
		cl = 0;
	if (te_cl)
		h1c_buf_printf(&h, "Content-Length: %zu\r\n", cl);
	if (chunked)
		h1c_buf_puts(&h, "Transfer-Encoding: chunked\r\n");
	else if (!bodiless)
		h1c_buf_printf(&h, "Content-Length: %zu\r\n", cl);
	else if (st == 204 && DEV(s, H1C_DEV_204_CL))
		h1c_buf_puts(&h, "Content-Length: 0\r\n");
	else if (st == 304 && DEV(s, H1C_DEV_304_CL))
		h1c_buf_puts(&h, "Content-Length: 0\r\n");
	if (st >= 200) {
		if (rs->close &&
		    !(DEV(s, H1C_DEV_CLOSE_SILENT) && c->r.active && (c->r.flags & H1_MSG_CLOSE)))
			h1c_buf_puts(&h, "Connection: close\r\n");
		else if (keep10)
			h1c_buf_puts(&h, "Connection: keep-alive\r\n");
	}
	h1c_buf_puts(&h, "\r\n");
	if (DEV(s, H1C_DEV_BARE_LF)) {
		size_t i, o = 0;
		for (i = 0; i < h.len; i++)
			if (h.data[i] != '\r')
				h.data[o++] = h.data[i];
		h.len = o;
	}
	h1c_buf_put(&c->out, h.data, h.len);
	h1c_buf_free(&h);
	if (head && DEV(s, H1C_DEV_HEAD_BODY) && !bodiless)
		send_body = rs->body_len > 0;
	if (st == 304 && DEV(s, H1C_DEV_304_BODY))
		h1c_buf_puts(&c->out, "not modified\n");
	if (send_body && chunked) {
		h1c_buf_printf(&c->out, "%zx\r\n", rs->body_len);
		h1c_buf_put(&c->out, rs->body, rs->body_len);
		h1c_buf_puts(&c->out, "\r\n0\r\n\r\n");
	} else if (send_body) {
		h1c_buf_put(&c->out, rs->body, rs->body_len);
	} else if (chunked) {
		h1c_buf_puts(&c->out, "0\r\n\r\n");
	}
	if (st >= 200)
		log_line(s, &c->r, st);
	if (c->out.overflow) {
		/* the queue bound was hit: the client does not read; give up */
		c->state = CS_DEAD;
	}
}

/* ---------------------------------------------------------------------- */
/* representations: preconditions and ranges                              */

struct rep {
	const char *data;
	size_t len;
	const char *ctype;
	char etag[64]; /* strong, quotes included */
	time_t mtime;
	int exists;
	int date_strong; /* Last-Modified may serve as a strong validator (§8.8.2.2) */
};

/* Does an entity-tag list (or "*") match? weak: weak comparison (§8.8.3.2). */
static int etag_match(const struct rep *rep, const char *v, size_t len, int weak)
{
	size_t pos = 0, n;
	const char *m;

	if (len == 1 && v[0] == '*')
		return rep->exists;
	if (!rep->exists)
		return 0;
	while (list_next(v, len, &pos, &m, &n)) {
		int is_weak = n >= 2 && m[0] == 'W' && m[1] == '/';
		if (is_weak) {
			m += 2;
			n -= 2;
		}
		if (is_weak && !weak)
			continue; /* strong comparison: weak tags never match */
		if (n == strlen(rep->etag) && memcmp(m, rep->etag, n) == 0)
			return 1;
	}
	return 0;
}

static int header_date(const struct req *r, const char *name, struct h1c_buf *tmp, time_t *out)
{
	size_t n = combined(r, name, tmp);

	/* a list of dates or an invalid date makes the field ignored */
	if (n != 1 || h1c_httpdate_parse(tmp->data, tmp->len, time(NULL), out))
		return -1;
	return 0;
}

struct brange {
	uint64_t first, last;
};

/*
 * Parse a Range value (RFC 9110 §14.1.2) against a representation of len
 * bytes. Returns -1 to ignore the field (bad syntax, other unit, too many
 * ranges), otherwise the number of satisfiable ranges stored in out.
 */
static int parse_ranges(const char *v, size_t vlen, uint64_t len, struct brange *out)
{
	size_t pos = 6, n, count = 0, specs = 0;
	const char *m;

	if (vlen < 6 || !lower_eq(v, 5, "bytes") || v[5] != '=')
		return -1;
	while (list_next(v, vlen, &pos, &m, &n)) {
		uint64_t a = 0, b = 0;
		size_t i = 0;
		int have_a = 0, have_b = 0;

		if (++specs > MAX_RANGES)
			return -1;
		while (i < n && m[i] >= '0' && m[i] <= '9') {
			if (a > (UINT64_MAX - 9) / 10)
				return -1;
			a = a * 10 + (uint64_t)(m[i++] - '0');
			have_a = 1;
		}
		if (i == n || m[i] != '-')
			return -1;
		i++;
		while (i < n && m[i] >= '0' && m[i] <= '9') {
			if (b > (UINT64_MAX - 9) / 10)
				return -1;
			b = b * 10 + (uint64_t)(m[i++] - '0');
			have_b = 1;
		}
		if (i != n || (!have_a && !have_b))
			return -1;
		if (have_a) {
			if (have_b && b < a)
				return -1; /* invalid int-range */
			if (a >= len)
				continue; /* unsatisfiable */
			out[count].first = a;
			out[count].last = have_b && b < len ? b : len - 1;
		} else {
			if (b == 0 || len == 0)
				continue;
			out[count].first = b >= len ? 0 : len - b;
			out[count].last = len - 1;
		}
		count++;
	}
	return specs ? (int)count : -1;
}

/* ETag (unless with_etag is 0) and Last-Modified. */
static void add_validators(struct resp *rs, const struct rep *rep, int with_etag, h1c_devset dev)
{
	char date[64];

	if (dev & H1C_DEV_LM_RFC850)
		rfc850(rep->mtime, date, sizeof(date));
	else
		h1c_httpdate_format((dev & H1C_DEV_LM_FUTURE) ? time(NULL) + 3600 : rep->mtime, date);
	if (with_etag)
		hdr_add(rs, "ETag", "%s", rep->etag);
	hdr_add(rs, "Last-Modified", "%s", date);
}

/* The etag-unquoted deviation: the tag as sent and compared loses its quotes. */
static void unquote_etag(struct rep *rep, h1c_devset dev)
{
	size_t n = strlen(rep->etag);

	if ((dev & H1C_DEV_ETAG_UNQUOTED) && n >= 2 && rep->etag[0] == '"') {
		memmove(rep->etag, rep->etag + 1, n - 2);
		rep->etag[n - 2] = '\0';
	}
}

/* Does If-Range allow the range request (§13.1.5)? */
static int if_range_ok(const struct rep *rep, const char *v, size_t n, h1c_devset dev)
{
	time_t t;

	if (n >= 2 && v[0] == 'W' && v[1] == '/') {
		if (!(dev & H1C_DEV_IF_RANGE_WEAK))
			return 0; /* a weak tag never matches */
		v += 2;
		n -= 2;
	}
	if (n >= 1 && v[0] == '"')
		return n == strlen(rep->etag) && memcmp(v, rep->etag, n) == 0;
	if (h1c_httpdate_parse(v, n, time(NULL), &t))
		return 0;
	return rep->date_strong && t == rep->mtime;
}

/*
 * Preconditions for any method (§13.2.2 steps 1-4). Returns 0 to go on, or
 * the status (304 or 412) to send instead.
 */
static int preconditions(const struct req *r, const struct rep *rep, int get_or_head, h1c_devset dev)
{
	struct h1c_buf tmp = {0};
	time_t t;
	int status = 0;

	if (!(dev & H1C_DEV_IGNORE_IF_MATCH) && combined(r, "if-match", &tmp)) {
		if (!etag_match(rep, tmp.data, tmp.len, 0))
			status = 412;
	} else if (rep->exists && header_date(r, "if-unmodified-since", &tmp, &t) == 0) {
		if (rep->mtime > t)
			status = 412;
	}
	if (status == 0 && !(dev & H1C_DEV_IGNORE_INM) && combined(r, "if-none-match", &tmp)) {
		if (etag_match(rep, tmp.data, tmp.len, 1))
			status = get_or_head && !(dev & H1C_DEV_INM_412) ? 304 : 412;
	}
	if (status == 0 && get_or_head && rep->exists &&
	    ((dev & (H1C_DEV_IGNORE_INM | H1C_DEV_IMS_FIRST)) || combined(r, "if-none-match", &tmp) == 0) &&
	    header_date(r, "if-modified-since", &tmp, &t) == 0) {
		/* a date in the future is invalid and ignored (§13.1.3) */
		if (t <= time(NULL) && rep->mtime <= t)
			status = 304;
	}
	h1c_buf_free(&tmp);
	return status;
}

/* GET or HEAD of an existing representation. */
static void serve_rep(const struct req *r, const struct rep *rep, struct resp *rs, h1c_devset dev)
{
	struct h1c_buf tmp = {0};
	struct brange rg[MAX_RANGES];
	int get = method_is(r, "GET"), pre = preconditions(r, rep, 1, dev), n;

	if (pre) {
		resp_init(rs, pre);
		add_validators(rs, rep, !(pre == 304 && (dev & H1C_DEV_304_NO_ETAG)), dev);
		if (pre == 412)
			resp_text(rs, "precondition failed\n");
		h1c_buf_free(&tmp);
		return;
	}
	resp_init(rs, 200);
	add_validators(rs, rep, 1, dev);
	hdr_add(rs, "Accept-Ranges", "bytes");
	rs->body = rep->data;
	rs->body_len = rep->len;
	/* §14.2: Range is defined for GET only, and ignored under a failed If-Range */
	if (!get || combined(r, "range", &tmp) == 0) {
		hdr_add(rs, "Content-Type", "%s", rep->ctype);
		h1c_buf_free(&tmp);
		return;
	}
	{
		struct h1c_buf ir = {0};
		int skip = combined(r, "if-range", &ir) &&
		           ((dev & H1C_DEV_IF_RANGE_IGNORED) || !if_range_ok(rep, ir.data, ir.len, dev));
		h1c_buf_free(&ir);
		n = skip ? -1 : parse_ranges(tmp.data, tmp.len, rep->len, rg);
	}
	h1c_buf_free(&tmp);
	if (n < 0) {
		hdr_add(rs, "Content-Type", "%s", rep->ctype);
		return;
	}
	if (n == 0) {
		resp_free(rs);
		resp_init(rs, 416);
		if (!(dev & H1C_DEV_416_NO_RANGE))
			hdr_add(rs, "Content-Range", "bytes */%zu",
			        rep->len + ((dev & H1C_DEV_416_BAD_LENGTH) != 0));
		resp_text(rs, "range not satisfiable\n");
		return;
	}
	rs->status = 206;
	if (dev & H1C_DEV_206_NO_ETAG) {
		rs->hdrs.len = 0;
		add_validators(rs, rep, 0, dev);
		hdr_add(rs, "Accept-Ranges", "bytes");
	}
	if (n == 1) {
		hdr_add(rs, "Content-Type", "%s", rep->ctype);
		hdr_add(rs, "Content-Range", "bytes %llu-%llu/%zu", (unsigned long long)rg[0].first,
		        (unsigned long long)rg[0].last +
		                ((dev & H1C_DEV_BAD_RANGE) && rg[0].last + 1 < rep->len),
		        rep->len);
		rs->body = rep->data + rg[0].first;
		rs->body_len = (size_t)(rg[0].last - rg[0].first + 1);
		return;
	}
	hdr_add(rs, "Content-Type", "multipart/byteranges; boundary=%s", BOUNDARY);
	for (int i = 0; i < n; i++) {
		h1c_buf_printf(&rs->own,
		               "--%s\r\nContent-Type: %s\r\nContent-Range: bytes %llu-%llu/%zu\r\n\r\n",
		               BOUNDARY, rep->ctype, (unsigned long long)rg[i].first,
		               (unsigned long long)rg[i].last + ((dev & H1C_DEV_BYTERANGES_OFF) && i == 0 &&
		                                                 rg[i].last + 1 < rep->len),
		               rep->len);
		h1c_buf_put(&rs->own, rep->data + rg[i].first, (size_t)(rg[i].last - rg[i].first + 1));
		h1c_buf_puts(&rs->own, "\r\n");
	}
	h1c_buf_printf(&rs->own, "--%s--\r\n", BOUNDARY);
	rs->body = rs->own.data;
	rs->body_len = rs->own.len;
}

/* ---------------------------------------------------------------------- */
/* the store                                                              */

static struct entry *store_find(struct h1c_server *s, const char *path, size_t n)
{
	size_t i;

	for (i = 0; i < s->nstore; i++)
		if (strlen(s->store[i].path) == n && memcmp(s->store[i].path, path, n) == 0)
			return &s->store[i];
	return NULL;
}

static void entry_rep(const struct entry *e, struct rep *rep, h1c_devset dev)
{
	memset(rep, 0, sizeof(*rep));
	if (e == NULL)
		return;
	rep->exists = 1;
	rep->data = e->data ? e->data : "";
	rep->len = e->len;
	rep->ctype = e->ctype;
	rep->mtime = e->mtime;
	rep->date_strong = time(NULL) > e->mtime;
	snprintf(rep->etag, sizeof(rep->etag), "\"u%u-%zu\"", e->version, e->len);
	unquote_etag(rep, dev);
}

/* A Content-Type value worth storing: printable, short. */
static void pick_ctype(const struct req *r, char *out, size_t cap)
{
	struct h1c_buf v = {0};
	size_t i;
	int ok = combined(r, "content-type", &v) == 1 && v.len > 0 && v.len < cap;

	for (i = 0; ok && i < v.len; i++)
		if ((unsigned char)v.data[i] < 0x20 || (unsigned char)v.data[i] >= 0x7f)
			ok = 0;
	if (ok) {
		memcpy(out, v.data, v.len);
		out[v.len] = '\0';
	} else {
		snprintf(out, cap, "application/octet-stream");
	}
	h1c_buf_free(&v);
}

static void store_put(struct h1c_server *s, const struct req *r, const char *path, size_t n, struct resp *rs)
{
	struct entry *e = store_find(s, path, n);
	struct rep rep;
	size_t old = e ? e->len : 0;
	int pre;
	char *data = NULL;

	entry_rep(e, &rep, s->o.deviate);
	pre = preconditions(r, &rep, 0, s->o.deviate);
	if (pre) {
		resp_init(rs, pre);
		resp_text(rs, "precondition failed\n");
		return;
	}
	if ((e == NULL && s->nstore == STORE_MAX_ENTRIES) ||
	    s->store_bytes - old + r->body.len > STORE_MAX_BYTES) {
		resp_init(rs, 413);
		resp_text(rs, "the store is full\n");
		return;
	}
	if (r->body.len) {
		data = malloc(r->body.len);
		if (data == NULL) {
			resp_init(rs, 500);
			resp_text(rs, "out of memory\n");
			return;
		}
		memcpy(data, r->body.data, r->body.len);
	}
	if (e == NULL) {
		e = &s->store[s->nstore];
		memset(e, 0, sizeof(*e));
		e->path = strndup(path, n);
		if (e->path == NULL) {
			free(data);
			resp_init(rs, 500);
			resp_text(rs, "out of memory\n");
			return;
		}
		s->nstore++;
		resp_init(rs, 201);
		hdr_add(rs, "Location", "%.*s", (int)(n > 400 ? 400 : n), path);
		resp_text(rs, "created\n");
	} else {
		free(e->data);
		resp_init(rs, 204);
	}
	s->store_bytes = s->store_bytes - old + r->body.len;
	e->data = data;
	e->len = r->body.len;
	e->version = ++s->next_version;
	e->mtime = time(NULL);
	pick_ctype(r, e->ctype, sizeof(e->ctype));
	entry_rep(e, &rep, s->o.deviate);
	hdr_add(rs, "ETag", "%s", rep.etag);
}

static void store_delete(struct h1c_server *s, const struct req *r, const char *path, size_t n,
                         struct resp *rs)
{
	struct entry *e = store_find(s, path, n);
	struct rep rep;
	int pre;

	if (e == NULL) {
		resp_init(rs, 404);
		resp_text(rs, "not found\n");
		return;
	}
	entry_rep(e, &rep, s->o.deviate);
	pre = preconditions(r, &rep, 0, s->o.deviate);
	if (pre) {
		resp_init(rs, pre);
		resp_text(rs, "precondition failed\n");
		return;
	}
	s->store_bytes -= e->len;
	free(e->data);
	free(e->path);
	*e = s->store[--s->nstore];
	resp_init(rs, 204);
}

/* ---------------------------------------------------------------------- */
/* routing                                                                */

enum res { R_NONE, R_INDEX, R_STATIC, R_ECHO, R_STORE, R_STAR };

static const char *const allow_of[] = {
        [R_NONE] = "",
        [R_INDEX] = "GET, HEAD, OPTIONS, TRACE",
        [R_STATIC] = "GET, HEAD, OPTIONS, TRACE",
        [R_ECHO] = "POST, OPTIONS, TRACE",
        [R_STORE] = "GET, HEAD, PUT, DELETE, OPTIONS, TRACE",
        [R_STAR] = "GET, HEAD, POST, PUT, DELETE, OPTIONS, TRACE",
};

/* The path of the target: origin-form up to '?', absolute-form after the
 * authority ("/" when empty). */
static void target_path(const struct req *r, const char **p, size_t *n)
{
	const char *t = rtext(r, r->target_off);
	size_t len = r->target_len, i = 0;

	if (r->form == H1_FORM_ABSOLUTE) {
		const char *ss = memchr(t, ':', len);
		i = ss ? (size_t)(ss - t) + 3 : len;
		while (i < len && t[i] != '/' && t[i] != '?')
			i++;
	}
	*p = t + i;
	*n = 0;
	while (i + *n < len && t[i + *n] != '?')
		(*n)++;
	if (*n == 0) {
		*p = "/";
		*n = 1;
	}
}

static int route(const struct req *r, const char **path, size_t *plen)
{
	const char *p;
	size_t n;
	size_t pl = strlen(STORE_PREFIX);

	if (r->form == H1_FORM_ASTERISK) {
		*path = "*";
		*plen = 1;
		return R_STAR;
	}
	target_path(r, &p, &n);
	*path = p;
	*plen = n;
	if (n == 1 && p[0] == '/')
		return R_INDEX;
	if (n == 11 && memcmp(p, "/static.txt", 11) == 0)
		return R_STATIC;
	if (n == 5 && memcmp(p, "/echo", 5) == 0)
		return R_ECHO;
	if (n > pl && memcmp(p, STORE_PREFIX, pl) == 0)
		return R_STORE;
	return R_NONE;
}

static int implemented(const struct req *r)
{
	static const char *const m[] = {"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "TRACE"};
	size_t i;

	for (i = 0; i < sizeof(m) / sizeof(m[0]); i++)
		if (method_is(r, m[i]))
			return 1;
	return 0;
}

/* Whether the method is allowed on the resource. */
static int allowed(int res, const struct req *r)
{
	const char *a = allow_of[res];
	size_t pos = 0, n;
	const char *m;

	while (list_next(a, strlen(a), &pos, &m, &n))
		if (n == r->method_len && memcmp(m, rtext(r, r->method_off), n) == 0)
			return 1;
	return 0;
}

/*
 * The status a request gets before its content matters: 0 when it would
 * be processed, else the refusal (501, 404, 405).
 */
static int refusal(struct h1c_server *s, const struct req *r)
{
	const char *p;
	size_t n;
	int res;

	if (!implemented(r))
		return 501;
	if (method_is(r, "TRACE"))
		return 0; /* answered for any target (RFC 9110 §9.3.8) */
	res = route(r, &p, &n);
	if (res == R_NONE)
		return 404;
	if (res == R_STORE && !method_is(r, "PUT") && !method_is(r, "OPTIONS") && store_find(s, p, n) == NULL)
		return allowed(res, r) ? 404 : 405;
	return allowed(res, r) ? 0 : 405;
}

static void refuse(struct resp *rs, int status, const struct req *r, h1c_devset dev)
{
	const char *p;
	size_t n;

	resp_init(rs, status);
	if (status == 405) {
		/* RFC 9110 §15.5.6: 405 carries Allow */
		const char *allow = allow_of[route(r, &p, &n)], *h = strstr(allow, "HEAD, ");
		if ((dev & H1C_DEV_ALLOW_NO_HEAD) && h)
			hdr_add(rs, "Allow", "%.*s%s", (int)(h - allow), allow, h + 6);
		else if (!(dev & H1C_DEV_NO_ALLOW))
			hdr_add(rs, "Allow", "%s", allow);
		resp_text(rs, "method not allowed\n");
	} else if (status == 501) {
		resp_text(rs, "method not implemented\n");
	} else {
		resp_text(rs, "not found\n");
	}
}

/* TRACE: the request head back as message/http (RFC 9110 §9.3.8), without
 * the fields that carry credentials. */
static void trace(const struct req *r, struct resp *rs)
{
	static const char *const secret[] = {"authorization", "proxy-authorization", "cookie"};
	size_t i, k;

	resp_init(rs, 200);
	hdr_add(rs, "Content-Type", "message/http");
	h1c_buf_printf(&rs->own, "%.*s %.*s HTTP/1.%d\r\n", (int)r->method_len, rtext(r, r->method_off),
	               (int)r->target_len, rtext(r, r->target_off), r->minor);
	for (i = 0; i < r->nh; i++) {
		int skip = 0;
		for (k = 0; k < sizeof(secret) / sizeof(secret[0]); k++)
			skip |= lower_eq(rtext(r, r->h[i].name_off), r->h[i].name_len, secret[k]);
		if (skip)
			continue;
		h1c_buf_put(&rs->own, rtext(r, r->h[i].name_off), r->h[i].name_len);
		h1c_buf_puts(&rs->own, ": ");
		h1c_buf_put(&rs->own, rtext(r, r->h[i].value_off), r->h[i].value_len);
		h1c_buf_puts(&rs->own, "\r\n");
	}
	h1c_buf_puts(&rs->own, "\r\n");
	rs->body = rs->own.data;
	rs->body_len = rs->own.len;
}

static void handle(struct h1c_server *s, const struct req *r, struct resp *rs)
{
	const char *p;
	size_t n;
	int res = route(r, &p, &n), status = refusal(s, r);
	struct rep rep;

	if (status) {
		refuse(rs, status, r, s->o.deviate);
		return;
	}
	if (method_is(r, "TRACE")) {
		trace(r, rs);
		return;
	}
	if (method_is(r, "OPTIONS")) {
		resp_init(rs, 200);
		hdr_add(rs, "Allow", "%s", allow_of[res]);
		return;
	}
	memset(&rep, 0, sizeof(rep));
	switch (res) {
	case R_INDEX:
	case R_STATIC:
		rep.exists = 1;
		rep.mtime = s->static_mtime;
		rep.date_strong = 1;
		if (res == R_INDEX) {
			rep.data = index_body;
			rep.len = sizeof(index_body) - 1;
			rep.ctype = "text/plain; charset=utf-8";
			snprintf(rep.etag, sizeof(rep.etag), "\"i%zu\"", rep.len);
		} else {
			rep.data = static_body;
			rep.len = static_len;
			rep.ctype = "text/plain; charset=utf-8";
			snprintf(rep.etag, sizeof(rep.etag), "\"s%zu-%lld\"", rep.len,
			         (long long)s->static_mtime);
		}
		unquote_etag(&rep, s->o.deviate);
		serve_rep(r, &rep, rs, s->o.deviate);
		return;
	case R_ECHO: {
		char ctype[128];
		resp_init(rs, 200);
		pick_ctype(r, ctype, sizeof(ctype));
		hdr_add(rs, "Content-Type", "%s", ctype);
		rs->body = r->body.data ? r->body.data : "";
		rs->body_len = r->body.len;
		return;
	}
	case R_STORE:
		if (method_is(r, "PUT")) {
			store_put(s, r, p, n, rs);
		} else if (method_is(r, "DELETE")) {
			store_delete(s, r, p, n, rs);
		} else {
			entry_rep(store_find(s, p, n), &rep, s->o.deviate);
			serve_rep(r, &rep, rs, s->o.deviate);
		}
		return;
	default:
		refuse(rs, 404, r, s->o.deviate);
	}
}

/* ---------------------------------------------------------------------- */
/* connections                                                            */

static void req_clear(struct req *r)
{
	r->text.len = 0;
	r->body.len = 0;
	r->body.overflow = 0;
	r->nh = 0;
	r->active = 0;
	r->keep_body = 0;
	r->continue_due = 0;
}

static size_t text_put(struct req *r, const char *p, size_t n)
{
	size_t off = r->text.len;

	h1c_buf_put(&r->text, p, n);
	return off;
}

/* Copy what the handler needs out of the parser's head (its spans point
 * into the input buffer, which moves). */
static void req_from_head(struct req *r, const struct h1_head *h)
{
	size_t i;

	req_clear(r);
	r->active = 1;
	r->method_len = h->method.len;
	r->method_off = text_put(r, h->method.p, h->method.len);
	r->target_len = h->target.len;
	r->target_off = text_put(r, h->target.p, h->target.len);
	r->form = h->target_form;
	r->minor = h->version_minor;
	r->flags = h->flags;
	r->body_kind = h->body;
	r->cl = h->content_length;
	for (i = 0; i < h->nfields && i < MAX_FIELDS; i++) {
		const struct h1_field *f = &h->fields[i];
		struct hdr *d = &r->h[r->nh++];
		d->name_len = f->name.len;
		d->name_off = text_put(r, f->name.p, f->name.len);
		if ((f->flags & H1_FIELD_NEEDS_REPAIR) && h1_field_value_copy(f, NULL, 0) <= f->value.len) {
			/* the repaired value is never longer than the raw one (a field
			 * line is at most 8 KiB); if the copy says otherwise, the raw
			 * value is kept */
			char tmp[8192];
			size_t need = h1_field_value_copy(f, tmp, sizeof(tmp));
			d->value_len = need < sizeof(tmp) ? need : sizeof(tmp);
			d->value_off = text_put(r, tmp, d->value_len);
		} else {
			d->value_len = f->value.len;
			d->value_off = text_put(r, f->value.p, f->value.len);
		}
	}
}

static int keep10(const struct req *r)
{
	return r->minor == 0 && (r->flags & H1_MSG_KEEP_ALIVE);
}

/* A final response that ends the connection (errors, early refusals). */
static void respond_and_close(struct h1c_server *s, struct conn *c, struct resp *rs, int head)
{
	rs->close = 1;
	emit(s, c, rs, head, 0);
	if (c->state == CS_ACTIVE)
		c->state = CS_CLOSING;
}

/* Whether the unparsed input starts with a HEAD request line. */
static int input_is_head(const struct conn *c)
{
	size_t i = 0;

	while (i < c->inlen && (c->in[i] == '\r' || c->in[i] == '\n'))
		i++;
	return c->inlen - i >= 5 && memcmp(c->in + i, "HEAD", 4) == 0 &&
	       (c->in[i + 4] == ' ' || c->in[i + 4] == '\t');
}

static void violation(struct h1c_server *s, struct conn *c)
{
	struct resp rs;
	int head = c->r.active ? method_is(&c->r, "HEAD") : input_is_head(c);
	char msg[256];

	resp_init(&rs, status_for_violation(c->p.error.code));
	snprintf(msg, sizeof(msg), "%s (%s): %s\n", c->p.error.name, c->p.error.section, c->p.error.message);
	resp_text(&rs, msg);
	if (DEV(s, H1C_DEV_ERROR_KEEP_OPEN) && !c->peer_eof) {
		/* answer, forget what was buffered, and read on */
		emit(s, c, &rs, head, 0);
		c->r.active = 0;
		c->inlen = 0;
		c->reset_parser = 1;
	} else {
		respond_and_close(s, c, &rs, head);
	}
	resp_free(&rs);
}

/* Is every transfer coding of the request one this server decodes? Only
 * chunked is (RFC 9112 §6.1: others get 501). */
static int te_supported(const struct req *r)
{
	struct h1c_buf v = {0};
	size_t pos = 0, n;
	const char *m;
	int ok = 1;

	combined(r, "transfer-encoding", &v);
	while (ok && list_next(v.data ? v.data : "", v.len, &pos, &m, &n))
		ok = lower_eq(m, n, "chunked");
	h1c_buf_free(&v);
	return ok;
}

/* Expect members other than 100-continue? (RFC 9110 §10.1.1: MAY 417) */
static int expect_unknown(const struct req *r)
{
	struct h1c_buf v = {0};
	size_t pos = 0, n;
	const char *m;
	int bad = 0;

	combined(r, "expect", &v);
	while (!bad && list_next(v.data ? v.data : "", v.len, &pos, &m, &n))
		bad = !lower_eq(m, n, "100-continue");
	h1c_buf_free(&v);
	return bad;
}

static void on_head(struct h1c_server *s, struct conn *c, const struct h1_event *ev,
                    size_t body_bytes_buffered)
{
	struct req *r = &c->r;
	struct resp rs;
	int has_body, early = 0, head;

	req_from_head(r, &ev->head);
	head = method_is(r, "HEAD");
	has_body = r->body_kind == H1_BODY_CHUNKED || (r->body_kind == H1_BODY_LENGTH && r->cl > 0);
	r->keep_body = method_is(r, "POST") || method_is(r, "PUT");
	if (r->flags & H1_MSG_HAS_TE && !te_supported(r)) {
		resp_init(&rs, 501);
		resp_text(&rs, "transfer coding not implemented\n");
		early = 1;
	} else if (r->body_kind == H1_BODY_LENGTH && r->cl > s->o.max_body && r->keep_body) {
		resp_init(&rs, 413);
		resp_text(&rs, "content too large\n");
		early = 1;
	} else if (expect_unknown(r)) {
		resp_init(&rs, 417);
		resp_text(&rs, "unsupported expectation\n");
		early = 1;
	} else if ((r->flags & H1_MSG_EXPECT_CONTINUE) && r->minor == 0) {
		/* RFC 9110 §10.1.1: ignored in HTTP/1.0 (the deviation answers anyway) */
		if (DEV(s, H1C_DEV_CONTINUE_HTTP10) && has_body)
			h1c_buf_puts(&c->out, "HTTP/1.1 100 Continue\r\n\r\n");
	} else if ((r->flags & H1_MSG_EXPECT_CONTINUE) && has_body && !DEV(s, H1C_DEV_NO_CONTINUE)) {
		int status = refusal(s, r);
		if (status) {
			/* refused before the content is sent: no 100 */
			refuse(&rs, status, r, s->o.deviate);
			early = 1;
		} else if (body_bytes_buffered == 0) {
			if (DEV(s, H1C_DEV_LATE_CONTINUE))
				r->continue_due = 1;
			else
				h1c_buf_puts(&c->out, "HTTP/1.1 100 Continue\r\n\r\n");
		}
	}
	if (early) {
		respond_and_close(s, c, &rs, head);
		resp_free(&rs);
	}
}

static void on_data(struct h1c_server *s, struct conn *c, const struct h1_event *ev)
{
	struct req *r = &c->r;
	struct resp rs;

	if (r->continue_due) {
		r->continue_due = 0;
		h1c_buf_puts(&c->out, "HTTP/1.1 100 Continue\r\n\r\n");
	}
	if (!r->keep_body)
		return;
	if (r->body.len + ev->data.len > s->o.max_body) {
		resp_init(&rs, 413);
		resp_text(&rs, "content too large\n");
		respond_and_close(s, c, &rs, 0);
		resp_free(&rs);
		return;
	}
	h1c_buf_put(&r->body, ev->data.p, ev->data.len);
}

static void on_end(struct h1c_server *s, struct conn *c)
{
	struct req *r = &c->r;
	struct resp rs;
	int close_after = !(r->flags & H1_MSG_KEEP_ALIVE);

	if (method_is(r, "CONNECT")) {
		/* the parser stops after CONNECT: what follows would be a tunnel */
		close_after = 1;
	} else if (close_after &&
	           ((DEV(s, H1C_DEV_IGNORE_CLOSE) && (r->flags & H1_MSG_CLOSE) && r->minor >= 1) ||
	            (DEV(s, H1C_DEV_HTTP10_PERSIST) && r->minor == 0 && !(r->flags & H1_MSG_CLOSE)) ||
	            (DEV(s, H1C_DEV_TE_CL_PERSIST) && (r->flags & H1_MSG_HAS_TE) &&
	             (r->flags & H1_MSG_HAS_CL)))) {
		/* the deviations that keep reading where the connection must end */
		close_after = 0;
		c->reset_parser = 1;
	}
	if (DEV(s, H1C_DEV_PIPELINE_DROP)) {
		c->reset_parser = 1;
		c->drop_rest = 1;
	}
	handle(s, r, &rs);
	rs.close = close_after;
	emit(s, c, &rs, method_is(r, "HEAD"), !close_after && keep10(r));
	resp_free(&rs);
	r->active = 0;
	if (close_after && c->state == CS_ACTIVE)
		c->state = CS_CLOSING;
}

/* Feed the input to the parser and answer what is complete. */
/* H1C_DEV_PIPELINE_REORDER: put the responses made in one turn,
 * out[mark[0]..mark[1]), [mark[1]..mark[2]), ..., in reverse order. */
static void reverse_segments(struct conn *c, const size_t *mark, size_t n)
{
	struct h1c_buf t = {0};
	size_t i;

	for (i = n; i-- > 0;)
		h1c_buf_put(&t, c->out.data + mark[i], mark[i + 1] - mark[i]);
	if (!t.overflow)
		memcpy(c->out.data + mark[0], t.data, t.len);
	h1c_buf_free(&t);
}

static void process(struct h1c_server *s, struct conn *c)
{
	size_t pos = 0, mark[17], nmark = 0;

	mark[nmark++] = c->out.len;

	while (c->state == CS_ACTIVE && c->out.len - c->outoff < OUT_HIGH) {
		struct h1_event ev;
		size_t used = 0;
		int rc;

		if (c->reset_parser) {
			h1_parser_reset(&c->p);
			c->reset_parser = 0;
			if (c->drop_rest)
				pos = c->inlen;
			c->drop_rest = 0;
		}
		if (c->peer_eof)
			rc = h1_finish(&c->p, c->in + pos, c->inlen - pos, &used, &ev);
		else
			rc = h1_parse(&c->p, c->in + pos, c->inlen - pos, &used, &ev);
		if (rc == H1_OK && ev.type == H1_EV_HEAD)
			on_head(s, c, &ev, c->inlen - pos - used);
		pos += used;
		if (rc == H1_OK) {
			if (ev.type == H1_EV_DATA)
				on_data(s, c, &ev);
			else if (ev.type == H1_EV_END) {
				on_end(s, c);
				if (nmark < 17)
					mark[nmark++] = c->out.len;
			}
			continue;
		}
		if (rc == H1_NEED_MORE)
			break;
		if (rc == H1_VIOLATION) {
			/* the error response is decided on the bytes not yet consumed */
			memmove(c->in, c->in + pos, c->inlen - pos);
			c->inlen -= pos;
			pos = 0;
			if (c->peer_eof && c->p.error.code == H1_E_INCOMPLETE_HEAD && c->inlen == 0 &&
			    !c->r.active)
				c->state = CS_CLOSING; /* nothing was sent: just close */
			else
				violation(s, c);
			break;
		}
		/* H1_DONE: the last request asked for the end of the connection */
		c->state = CS_CLOSING;
		break;
	}
	if (DEV(s, H1C_DEV_PIPELINE_REORDER) && nmark > 2 && mark[nmark - 1] == c->out.len)
		reverse_segments(c, mark, nmark - 1);
	memmove(c->in, c->in + pos, c->inlen - pos);
	c->inlen -= pos;
	if (c->state == CS_ACTIVE && c->inlen == IN_CAP) {
		/* cannot happen with the parser's limits; refuse rather than stall */
		struct resp rs;
		resp_init(&rs, 431);
		resp_text(&rs, "request too large\n");
		respond_and_close(s, c, &rs, 0);
		resp_free(&rs);
	}
	if (c->state == CS_ACTIVE && c->peer_eof)
		c->state = CS_CLOSING;
}

static struct conn *conn_new(struct h1c_server *s, int fd)
{
	struct conn *c = calloc(1, sizeof(*c));

	if (c == NULL || (c->in = malloc(IN_CAP)) == NULL) {
		free(c);
		return NULL;
	}
	c->fd = fd;
	c->state = CS_ACTIVE;
	c->last = h1c_now_ms();
	c->out.max = OUT_MAX;
	c->r.text.max = IN_CAP * 2;
	c->r.body.max = s->o.max_body + 1;
	h1_parser_init(&c->p, H1_REQUEST, c->fields, MAX_FIELDS, NULL,
	               s->o.lenient | (DEV(s, H1C_DEV_TE_CL_PERSIST) ? H1_LENIENT_TE_AND_CL : 0));
	return c;
}

static void conn_free(struct conn *c)
{
	close(c->fd);
	free(c->in);
	h1c_buf_free(&c->out);
	h1c_buf_free(&c->r.text);
	h1c_buf_free(&c->r.body);
	free(c);
}

static void do_read(struct h1c_server *s, struct conn *c)
{
	for (;;) {
		ssize_t n;
		if (c->state == CS_LINGER || c->state == CS_CLOSING) {
			char sink[16384];
			n = recv(c->fd, sink, sizeof(sink), 0);
			if (n > 0) {
				c->lingered += (size_t)n;
				if (c->lingered > LINGER_MAX && c->state == CS_LINGER)
					c->state = CS_DEAD;
				if (c->state == CS_CLOSING && c->lingered > LINGER_MAX)
					c->state = CS_DEAD;
				continue;
			}
			if (n == 0) {
				c->peer_eof = 1;
				if (c->state == CS_LINGER)
					c->state = CS_DEAD;
			} else if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
				c->state = CS_DEAD;
			}
			return;
		}
		if (c->inlen == IN_CAP || c->out.len - c->outoff >= OUT_HIGH)
			return;
		n = recv(c->fd, c->in + c->inlen, IN_CAP - c->inlen, 0);
		if (n > 0) {
			c->inlen += (size_t)n;
			c->last = h1c_now_ms();
			process(s, c);
			continue;
		}
		if (n == 0) {
			c->peer_eof = 1;
			process(s, c);
		} else if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
			c->state = CS_DEAD;
		}
		return;
	}
}

static void do_write(struct h1c_server *s, struct conn *c)
{
	while (c->outoff < c->out.len) {
		ssize_t n = send(c->fd, c->out.data + c->outoff, c->out.len - c->outoff,
		                 MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n > 0) {
			c->outoff += (size_t)n;
			c->last = h1c_now_ms();
			continue;
		}
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
			return;
		c->state = CS_DEAD;
		return;
	}
	c->outoff = 0;
	c->out.len = 0;
	if (c->state == CS_ACTIVE && c->inlen) {
		/* output drained below the bound: requests may be waiting */
		process(s, c);
		if (c->out.len)
			return;
	}
	if (c->state == CS_CLOSING) {
		if (c->peer_eof) {
			c->state = CS_DEAD;
			return;
		}
		shutdown(c->fd, SHUT_WR);
		c->state = CS_LINGER;
		c->linger_until = h1c_now_ms() + LINGER_MS;
	}
}

static void check_timeout(struct h1c_server *s, struct conn *c, int64_t now)
{
	if (c->state == CS_LINGER) {
		if (now >= c->linger_until)
			c->state = CS_DEAD;
		return;
	}
	if (now - c->last < s->o.idle_ms)
		return;
	if (c->state == CS_ACTIVE && (c->r.active || c->inlen > 0) && c->out.len == 0) {
		/* RFC 9110 §15.5.9: a request was started but not finished */
		struct resp rs;
		resp_init(&rs, 408);
		resp_text(&rs, "request timeout\n");
		respond_and_close(s, c, &rs, 0);
		resp_free(&rs);
		c->last = now;
		return;
	}
	c->state = CS_DEAD;
}

/* ---------------------------------------------------------------------- */
/* the server                                                             */

static int set_nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	return fl < 0 ? -1 : fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

int h1c_server_open(const struct h1c_serve_opts *o, struct h1c_server **out, char *err, size_t errlen)
{
	struct h1c_server *s = calloc(1, sizeof(*s));
	struct sockaddr_storage ss;
	socklen_t sl;
	const char *bind_addr = o->bind ? o->bind : "127.0.0.1";
	int one = 1;

	*out = NULL;
	if (s == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	s->o = *o;
	if (s->o.idle_ms <= 0)
		s->o.idle_ms = 10000;
	if (s->o.max_conns == 0)
		s->o.max_conns = 256;
	if (s->o.max_body == 0)
		s->o.max_body = (size_t)1 << 20;
	s->lfd = -1;
	s->wake[0] = s->wake[1] = -1;
	memset(&ss, 0, sizeof(ss));
	if (o->port < 0 || o->port > 65535) {
		snprintf(err, errlen, "port %d is out of range", o->port);
		goto fail;
	}
	{
		struct sockaddr_in *a4 = (struct sockaddr_in *)&ss;
		struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&ss;
		if (inet_pton(AF_INET, bind_addr, &a4->sin_addr) == 1) {
			a4->sin_family = AF_INET;
			a4->sin_port = htons((uint16_t)o->port);
			sl = sizeof(*a4);
		} else if (inet_pton(AF_INET6, bind_addr, &a6->sin6_addr) == 1) {
			a6->sin6_family = AF_INET6;
			a6->sin6_port = htons((uint16_t)o->port);
			sl = sizeof(*a6);
		} else {
			snprintf(err, errlen, "'%s' is not an IPv4 or IPv6 address", bind_addr);
			goto fail;
		}
	}
	s->lfd = socket(ss.ss_family, SOCK_STREAM, 0);
	if (s->lfd < 0 || setsockopt(s->lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(s->lfd, (struct sockaddr *)&ss, sl) || listen(s->lfd, 128) || set_nonblock(s->lfd)) {
		snprintf(err, errlen, "cannot listen on %s:%d: %s", bind_addr, o->port, strerror(errno));
		goto fail;
	}
	sl = sizeof(ss);
	getsockname(s->lfd, (struct sockaddr *)&ss, &sl);
	s->port = ss.ss_family == AF_INET ? ntohs(((struct sockaddr_in *)&ss)->sin_port)
	                                  : ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
	if (pipe(s->wake) || set_nonblock(s->wake[0]) || set_nonblock(s->wake[1])) {
		snprintf(err, errlen, "pipe: %s", strerror(errno));
		goto fail;
	}
	s->conns = calloc(s->o.max_conns, sizeof(*s->conns));
	if (s->conns == NULL) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	init_static();
	/* a minute in the past, so the date is a strong validator (§8.8.2.2) */
	s->static_mtime = time(NULL) - 60;
	*out = s;
	return 0;
fail:
	h1c_server_free(s);
	return -1;
}

int h1c_server_port(const struct h1c_server *s)
{
	return s->port;
}

void h1c_server_stop(struct h1c_server *s)
{
	char b = 1;
	ssize_t n;

	s->stopping = 1;
	n = write(s->wake[1], &b, 1);
	(void)n;
}

static void accept_all(struct h1c_server *s)
{
	while (s->nconns < s->o.max_conns) {
		int fd = accept(s->lfd, NULL, NULL), one = 1;
		struct conn *c;
		if (fd < 0)
			return;
		if (set_nonblock(fd)) {
			close(fd);
			continue;
		}
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		c = conn_new(s, fd);
		if (c == NULL) {
			close(fd);
			return;
		}
		s->conns[s->nconns++] = c;
	}
}

int h1c_server_run(struct h1c_server *s)
{
	struct pollfd *pf = calloc(s->o.max_conns + 2, sizeof(*pf));

	if (pf == NULL)
		return -1;
	while (!s->stopping) {
		size_t i, np = 0;
		int64_t now = h1c_now_ms();
		int timeout = 1000, rc;

		pf[np].fd = s->wake[0];
		pf[np++].events = POLLIN;
		pf[np].fd = s->lfd;
		pf[np++].events = s->nconns < s->o.max_conns ? POLLIN : 0;
		for (i = 0; i < s->nconns; i++) {
			struct conn *c = s->conns[i];
			int64_t due = c->state == CS_LINGER ? c->linger_until : c->last + s->o.idle_ms;
			pf[np].fd = c->fd;
			pf[np].events = 0;
			if (c->outoff < c->out.len)
				pf[np].events |= POLLOUT;
			if (c->state != CS_ACTIVE || (c->inlen < IN_CAP && c->out.len - c->outoff < OUT_HIGH))
				pf[np].events |= POLLIN;
			pf[np].revents = 0;
			np++;
			if (due - now < timeout)
				timeout = due - now < 0 ? 0 : (int)(due - now);
		}
		rc = poll(pf, np, timeout);
		if (rc < 0 && errno != EINTR) {
			free(pf);
			return -1;
		}
		if (pf[0].revents & POLLIN) {
			char sink[64];
			while (read(s->wake[0], sink, sizeof(sink)) > 0)
				;
		}
		now = h1c_now_ms();
		for (i = 0; i < s->nconns; i++) {
			struct conn *c = s->conns[i];
			short re = pf[i + 2].revents;
			if (re & (POLLIN | POLLHUP | POLLERR))
				do_read(s, c);
			if (c->state != CS_DEAD && (c->outoff < c->out.len || c->state == CS_CLOSING))
				do_write(s, c);
			if (c->state != CS_DEAD)
				check_timeout(s, c, now);
			if (c->state != CS_DEAD && c->outoff < c->out.len)
				do_write(s, c);
		}
		/* drop dead connections (order does not matter) */
		for (i = 0; i < s->nconns;) {
			if (s->conns[i]->state == CS_DEAD) {
				conn_free(s->conns[i]);
				s->conns[i] = s->conns[--s->nconns];
			} else {
				i++;
			}
		}
		if (pf[1].revents & POLLIN)
			accept_all(s);
	}
	free(pf);
	return 0;
}

void h1c_server_free(struct h1c_server *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nconns; i++)
		conn_free(s->conns[i]);
	free(s->conns);
	for (i = 0; i < s->nstore; i++) {
		free(s->store[i].path);
		free(s->store[i].data);
	}
	if (s->lfd >= 0)
		close(s->lfd);
	if (s->wake[0] >= 0)
		close(s->wake[0]);
	if (s->wake[1] >= 0)
		close(s->wake[1]);
	free(s);
}
