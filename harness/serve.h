/*
 * The embedded strict origin server behind 'h1conform serve': the default
 * target of the suite and its proof that every case can be passed.
 *
 * It parses requests with the reference parser (no leniency unless asked
 * for), so it rejects exactly what the oracle rejects, mapping each
 * violation to the status code the RFCs name for it. Its resources:
 *
 *   /              GET HEAD OPTIONS   a small text page
 *   /static.txt    GET HEAD OPTIONS   fixed content with a strong ETag and
 *                                     Last-Modified: conditional requests
 *                                     (RFC 9110 §13) and ranges (§14)
 *   /echo          POST OPTIONS       echoes the request content
 *   /upload/NAME   GET HEAD PUT DELETE OPTIONS   an in-memory store
 *   *              OPTIONS            the server's methods
 *
 * Anything else is 404; a method the server does not implement is 501, one
 * a resource does not allow is 405 with Allow.
 *
 * One thread, one poll() loop, non-blocking sockets. Every buffer has a
 * bound, every connection an idle deadline, and closing is graceful (the
 * write side is shut down first and unread input drained for a while), so
 * an error response is not destroyed by a TCP reset.
 */
#ifndef H1C_SERVE_H
#define H1C_SERVE_H

#include <stddef.h>
#include <stdio.h>

/*
 * Deliberate deviations (--deviate): each makes the server break one rule
 * the way real servers do, so the suite can be shown to catch it
 * (make check-deviations). Never set in normal use.
 */
/* One bit per deviation (more than 32, so a 64-bit set). */
typedef unsigned long long h1c_devset;

#define H1C_DEV_NO_DATE         (1ull << 0)  /* no Date field */
#define H1C_DEV_BAD_DATE        (1ull << 1)  /* Date in the obsolete RFC 850 form */
#define H1C_DEV_HEAD_BODY       (1ull << 2)  /* content after responses to HEAD */
#define H1C_DEV_NO_ALLOW        (1ull << 3)  /* 405 without Allow */
#define H1C_DEV_CL_LONG         (1ull << 4)  /* Content-Length one more than the content */
#define H1C_DEV_CL_SHORT        (1ull << 5)  /* Content-Length one less than the content */
#define H1C_DEV_IGNORE_CLOSE    (1ull << 6)  /* "Connection: close" in a request is ignored */
#define H1C_DEV_CHUNKED_HTTP10  (1ull << 7)  /* chunked responses to HTTP/1.0 requests */
#define H1C_DEV_CONTINUE_HTTP10 (1ull << 8)  /* 100 Continue to HTTP/1.0 requests */
#define H1C_DEV_NO_CONTINUE     (1ull << 9)  /* never a 100 Continue */
#define H1C_DEV_204_CL          (1ull << 10) /* Content-Length: 0 in 204 responses */
#define H1C_DEV_304_BODY        (1ull << 11) /* content in 304 responses */
#define H1C_DEV_IGNORE_INM      (1ull << 12) /* If-None-Match ignored */
#define H1C_DEV_IMS_FIRST       (1ull << 13) /* If-Modified-Since used even with If-None-Match */
#define H1C_DEV_BAD_RANGE       (1ull << 14) /* Content-Range one byte off the content sent */
#define H1C_DEV_416_NO_RANGE    (1ull << 15) /* 416 without Content-Range */
#define H1C_DEV_PIPELINE_DROP   (1ull << 16) /* pipelined requests after the first are dropped */
#define H1C_DEV_HTTP10_PERSIST  (1ull << 17) /* HTTP/1.0 connections kept open without keep-alive */
#define H1C_DEV_TE_CL_PERSIST                                                                                \
	(1ull << 18) /* Transfer-Encoding with Content-Length accepted, connection kept */
#define H1C_DEV_NO_REASON_SP    (1ull << 19) /* status line without the SP before the (empty) reason */
#define H1C_DEV_BARE_LF         (1ull << 20) /* response heads end their lines in LF alone */
#define H1C_DEV_IGNORE_IF_MATCH (1ull << 21) /* If-Match ignored */
#define H1C_DEV_PIPELINE_REORDER                                                                             \
	(1ull << 22) /* responses to requests read together go out in reverse order */
#define H1C_DEV_LATE_CONTINUE    (1ull << 23) /* 100 Continue only once the content has begun to arrive */
#define H1C_DEV_304_NO_ETAG      (1ull << 24) /* 304 responses without the ETag a 200 carries */
#define H1C_DEV_304_CL           (1ull << 25) /* Content-Length: 0 in 304 responses */
#define H1C_DEV_HEAD_CL_ZERO     (1ull << 26) /* Content-Length: 0 in responses to HEAD */
#define H1C_DEV_304_NO_DATE      (1ull << 27) /* no Date in 304 responses only */
#define H1C_DEV_INM_412          (1ull << 28) /* If-None-Match matching on GET or HEAD answered 412 */
#define H1C_DEV_ALLOW_NO_HEAD    (1ull << 29) /* the Allow of a 405 leaves out HEAD */
#define H1C_DEV_IF_RANGE_IGNORED (1ull << 30) /* Range ignored whenever If-Range is present */
#define H1C_DEV_IF_RANGE_WEAK    (1ull << 31) /* If-Range compared weakly (a weak tag can match) */
#define H1C_DEV_BYTERANGES_OFF                                                                               \
	(1ull << 32) /* a multipart/byteranges part whose Content-Range is one byte off */
#define H1C_DEV_416_BAD_LENGTH (1ull << 33) /* 416 Content-Range with a complete length one too large */
#define H1C_DEV_CLOSE_SILENT   (1ull << 34) /* closes after "Connection: close" without saying so */
#define H1C_DEV_STATUS_HTTP10  (1ull << 35) /* status lines say HTTP/1.0 */
#define H1C_DEV_TE_CL_RESPONSE (1ull << 36) /* chunked responses that carry Content-Length too */
#define H1C_DEV_ERROR_KEEP_OPEN                                                                              \
	(1ull << 37)                       /* after a 400 for a malformed request the connection stays open */
#define H1C_DEV_LM_FUTURE     (1ull << 38) /* Last-Modified an hour later than Date */
#define H1C_DEV_ETAG_UNQUOTED (1ull << 39) /* entity-tags without the double quotes */
#define H1C_DEV_LM_RFC850     (1ull << 40) /* Last-Modified in the obsolete RFC 850 form */
#define H1C_DEV_206_NO_ETAG   (1ull << 41) /* 206 responses without the ETag a 200 carries */

/* Parse "no-date,head-body" into flags. Returns 0, or -1 with *bad at the
 * unknown name. */
int h1c_serve_deviation_parse(const char *list, h1c_devset *flags, const char **bad);

/* The name and a sentence of deviation i (from 0), or NULL past the end. */
const char *h1c_serve_deviation_info(size_t i, h1c_devset *flag, const char **what);

struct h1c_serve_opts {
	const char *bind;   /* IPv4 or IPv6 address; NULL: "127.0.0.1" */
	int port;           /* 0: the kernel picks one (see h1c_server_port) */
	unsigned lenient;   /* H1_LENIENT_* for the request parser */
	int idle_ms;        /* per-connection idle deadline; 0: 10000 */
	size_t max_conns;   /* simultaneous connections; 0: 256 */
	size_t max_body;    /* request content kept for /echo and PUT; 0: 1 MiB */
	FILE *log;          /* one line per response, or NULL */
	h1c_devset deviate; /* H1C_DEV_*: deliberate deviations (tests of the suite only) */
};

struct h1c_server;

/* Bind and listen. Returns 0 with a new server in *out, or -1 with a
 * sentence in err. */
int h1c_server_open(const struct h1c_serve_opts *o, struct h1c_server **out, char *err, size_t errlen);

/* The port actually bound. */
int h1c_server_port(const struct h1c_server *s);

/* Run the event loop until h1c_server_stop(). Returns 0, or -1 on an
 * internal failure (poll). */
int h1c_server_run(struct h1c_server *s);

/* Ask the loop to return; safe from a signal handler or another thread. */
void h1c_server_stop(struct h1c_server *s);

/* Close every connection and free the server. NULL allowed. */
void h1c_server_free(struct h1c_server *s);

/* The body of /static.txt (for tests and profiles). */
const char *h1c_serve_static_body(size_t *len);

#endif
