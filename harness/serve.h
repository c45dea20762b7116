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

struct h1c_serve_opts {
	const char *bind; /* IPv4 or IPv6 address; NULL: "127.0.0.1" */
	int port;         /* 0: the kernel picks one (see h1c_server_port) */
	unsigned lenient; /* H1_LENIENT_* for the request parser */
	int idle_ms;      /* per-connection idle deadline; 0: 10000 */
	size_t max_conns; /* simultaneous connections; 0: 256 */
	size_t max_body;  /* request content kept for /echo and PUT; 0: 1 MiB */
	FILE *log;        /* one line per response, or NULL */
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
