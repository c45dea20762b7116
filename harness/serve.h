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
enum h1c_deviation {
	H1C_DEV_NO_DATE = 1u << 0,         /* no Date field */
	H1C_DEV_BAD_DATE = 1u << 1,        /* Date in the obsolete RFC 850 form */
	H1C_DEV_HEAD_BODY = 1u << 2,       /* content after responses to HEAD */
	H1C_DEV_NO_ALLOW = 1u << 3,        /* 405 without Allow */
	H1C_DEV_CL_LONG = 1u << 4,         /* Content-Length one more than the content */
	H1C_DEV_CL_SHORT = 1u << 5,        /* Content-Length one less than the content */
	H1C_DEV_IGNORE_CLOSE = 1u << 6,    /* "Connection: close" in a request is ignored */
	H1C_DEV_CHUNKED_HTTP10 = 1u << 7,  /* chunked responses to HTTP/1.0 requests */
	H1C_DEV_CONTINUE_HTTP10 = 1u << 8, /* 100 Continue to HTTP/1.0 requests */
	H1C_DEV_NO_CONTINUE = 1u << 9,     /* never a 100 Continue */
	H1C_DEV_204_CL = 1u << 10,         /* Content-Length: 0 in 204 responses */
	H1C_DEV_304_BODY = 1u << 11,       /* content in 304 responses */
	H1C_DEV_IGNORE_INM = 1u << 12,     /* If-None-Match ignored */
	H1C_DEV_IMS_FIRST = 1u << 13,      /* If-Modified-Since used even with If-None-Match */
	H1C_DEV_BAD_RANGE = 1u << 14,      /* Content-Range one byte off the content sent */
	H1C_DEV_416_NO_RANGE = 1u << 15,   /* 416 without Content-Range */
	H1C_DEV_PIPELINE_DROP = 1u << 16,  /* pipelined requests after the first are dropped */
	H1C_DEV_HTTP10_PERSIST = 1u << 17, /* HTTP/1.0 connections kept open without keep-alive */
	H1C_DEV_TE_CL_PERSIST =
	        1u << 18,                /* Transfer-Encoding with Content-Length accepted, connection kept */
	H1C_DEV_NO_REASON_SP = 1u << 19, /* status line without the SP before the (empty) reason */
	H1C_DEV_BARE_LF = 1u << 20,      /* response heads end their lines in LF alone */
	H1C_DEV_IGNORE_IF_MATCH = 1u << 21,  /* If-Match ignored */
	H1C_DEV_PIPELINE_REORDER = 1u << 22, /* responses to requests read together go out in reverse order */
	H1C_DEV_LATE_CONTINUE = 1u << 23,    /* 100 Continue only once the content has begun to arrive */
};

/* Parse "no-date,head-body" into flags. Returns 0, or -1 with *bad at the
 * unknown name. */
int h1c_serve_deviation_parse(const char *list, unsigned *flags, const char **bad);

/* The name and a sentence of deviation i (from 0), or NULL past the end. */
const char *h1c_serve_deviation_info(size_t i, unsigned *flag, const char **what);

struct h1c_serve_opts {
	const char *bind; /* IPv4 or IPv6 address; NULL: "127.0.0.1" */
	int port;         /* 0: the kernel picks one (see h1c_server_port) */
	unsigned lenient; /* H1_LENIENT_* for the request parser */
	int idle_ms;      /* per-connection idle deadline; 0: 10000 */
	size_t max_conns; /* simultaneous connections; 0: 256 */
	size_t max_body;  /* request content kept for /echo and PUT; 0: 1 MiB */
	FILE *log;        /* one line per response, or NULL */
	unsigned deviate; /* H1C_DEV_*: deliberate deviations (tests of the suite only) */
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
