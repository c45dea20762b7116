/*
 * The transport of h1conform: exact bytes to a server over TCP or TLS, and
 * everything it sends back, with a precise account of how the exchange
 * ended.
 *
 * libcurl only opens the connection (CURLOPT_CONNECT_ONLY: TCP connect, and
 * for https the TLS handshake with ALPN restricted to http/1.1); from then
 * on the bytes of a case go through curl_easy_send / curl_easy_recv
 * unchanged, and readiness comes from poll() on the active socket. Nothing
 * is added, reordered or coalesced by the tool: steps of a case are written
 * in order, each as soon as its delay has passed (TCP_NODELAY is on, so a
 * delay between steps shows up as separate segments on the wire).
 *
 * The receiving side is always drained while sending, so a server that
 * answers early and closes is seen answering, not as a failed write. What
 * comes back is kept up to a maximum size, and every wait has a deadline,
 * so a hostile server (endless content, slow drip, silence) ends the
 * exchange with a named end state instead of hanging or growing memory.
 *
 * End states, distinct on purpose:
 *   closed   the server closed in order (TCP FIN; for TLS a close_notify or
 *            a FIN without one, which libcurl reports the same way);
 *   reset    the connection was aborted (ECONNRESET, EPIPE, or another
 *            socket or TLS error, whose text is kept);
 *   open     every awaited response arrived and the server then stayed
 *            quiet, connection up, for the linger time;
 *   timeout  responses were still awaited when the idle or case deadline
 *            passed;
 *   limit    the server sent more than the maximum response size.
 *
 * Half-close: shutdown(SHUT_WR) on the active socket. Over TLS this sends
 * a TCP FIN without a TLS close_notify alert, because libcurl offers no way
 * to send the alert alone and keep reading. A server's TLS stack may read
 * that as a truncation attack (an error) rather than as the end of the
 * request stream, so half-close cases over https test the TLS stack as much
 * as HTTP; the report of such a case says so.
 */
#ifndef H1C_TRANSPORT_H
#define H1C_TRANSPORT_H

#include <stddef.h>
#include <stdint.h>

#include "harness/buf.h"

/* Return statuses of the transport functions. */
enum h1c_tstatus {
	H1C_T_OK = 0,
	H1C_T_CLOSED = 1,  /* orderly close by the peer */
	H1C_T_RESET = 2,   /* connection aborted */
	H1C_T_TIMEOUT = 3, /* a deadline passed */
	H1C_T_CONNECT = 4, /* could not connect (refused, no route, DNS, TLS handshake) */
	H1C_T_ERROR = 5    /* internal error: bad argument, out of memory */
};

/* Name of a status ("closed", "reset", ...). */
const char *h1c_tstatus_name(int status);

/* Milliseconds on a monotonic clock (deadlines are absolute values of it). */
int64_t h1c_now_ms(void);

/* Once per process, before any thread uses the transport. 0 or -1. */
int h1c_transport_global_init(void);
void h1c_transport_global_cleanup(void);

/* Where to connect. */
struct h1c_target {
	char url[1024];        /* scheme://host[:port]/path as given, normalised */
	char host[256];        /* host name or address (IPv6 without brackets) */
	char host_header[300]; /* host as it goes in a Host field: [v6], ":port" unless default */
	char path[512];        /* the URL's path, "/" when absent */
	int port;
	int tls;                 /* https */
	int insecure;            /* skip certificate and host name verification */
	long connect_timeout_ms; /* 0: 5000 */
};

/*
 * Parse an http:// or https:// URL into t (other members are left zero).
 * A URL without a path gets "/"; without a port the scheme's default.
 * Returns 0, or -1 with a sentence in err (unsupported scheme, no host,
 * query or fragment present, too long).
 */
int h1c_target_parse(const char *url, struct h1c_target *t, char *err, size_t errlen);

/* An open connection (opaque). */
struct h1c_conn;

/*
 * Connect to t (TLS handshake included for https). Returns H1C_T_OK with a
 * new connection in *out (free with h1c_conn_close), H1C_T_CONNECT with the
 * reason in err, or H1C_T_ERROR.
 */
int h1c_conn_open(const struct h1c_target *t, struct h1c_conn **out, char *err, size_t errlen);

/* Close and free; NULL allowed. */
void h1c_conn_close(struct h1c_conn *c);

/* The socket, for poll(). */
int h1c_conn_fd(const struct h1c_conn *c);

/*
 * Write as much of p[0..n) as the connection takes now, without blocking.
 * *sent receives the count (possibly 0). Returns H1C_T_OK, or H1C_T_RESET
 * (the peer is gone; the reason is in err) .
 */
int h1c_conn_send_some(struct h1c_conn *c, const void *p, size_t n, size_t *sent, char *err, size_t errlen);

/*
 * Read what is available now, without blocking, into buf[0..cap).
 * Returns H1C_T_OK with *got > 0 bytes, H1C_T_OK with *got == 0 when
 * nothing is available yet, H1C_T_CLOSED at the peer's orderly close, or
 * H1C_T_RESET (reason in err).
 */
int h1c_conn_recv_some(struct h1c_conn *c, void *buf, size_t cap, size_t *got, char *err, size_t errlen);

/* Half-close: no more bytes will be sent (see the design comment about
 * TLS). Returns H1C_T_OK or H1C_T_RESET. */
int h1c_conn_shutdown_write(struct h1c_conn *c);

/* Whether the connection uses TLS. */
int h1c_conn_is_tls(const struct h1c_conn *c);

/* ---------------------------------------------------------------------- */
/* Exchanges: a script of steps on one connection, and what came back.     */

enum h1c_step_kind {
	H1C_STEP_DATA = 1,     /* send data[0..len) after delay_ms */
	H1C_STEP_DELAY,        /* wait delay_ms (reading meanwhile) */
	H1C_STEP_AWAIT,        /* wait until one more final response is complete */
	H1C_STEP_HALF_CLOSE,   /* shutdown(SHUT_WR) */
	H1C_STEP_AWAIT_INTERIM /* wait until one more interim (1xx) or final response is complete */
};

struct h1c_step {
	int kind;         /* enum h1c_step_kind */
	const char *data; /* H1C_STEP_DATA; borrowed for the exchange */
	size_t len;
	unsigned delay_ms; /* DATA and DELAY */
};

/*
 * How far the responses are, as judged by the caller's parser over the
 * received bytes. The exchange asks after every read.
 */
struct h1c_progress {
	size_t finals;   /* complete final (non-1xx) responses */
	size_t interims; /* complete interim (1xx) responses */
	int partial;     /* a response has started but is not complete */
	int no_more;     /* no further response can follow: the last one closes
			  * the connection, or the bytes are not HTTP */
	int wait_close;  /* once the responses are in, give the server the idle
			  * time to close instead of the linger: a close is
			  * due, or would decide the verdict */
};

/* Called with all bytes received so far (buf[0..len), len grows between
 * calls; earlier bytes never change). Fills *out. */
typedef void (*h1c_progress_fn)(void *ctx, const char *buf, size_t len, struct h1c_progress *out);

enum h1c_end {
	H1C_END_CLOSED = 1,
	H1C_END_RESET,
	H1C_END_OPEN,
	H1C_END_TIMEOUT,
	H1C_END_LIMIT,
	H1C_END_ERROR /* the tool failed (out of memory): never the server's fault */
};

/* "closed", "reset", "open", "timeout", "limit", "error" */
const char *h1c_end_name(int end);

struct h1c_exchange_opts {
	int64_t timeout_ms;    /* deadline of the whole exchange; 0: 10000 */
	int64_t idle_ms;       /* silence that ends a wait for awaited responses; 0: 2000 */
	int64_t linger_ms;     /* after the awaited responses: wait this long for more; 0: 300 */
	int64_t linger_min_ms; /* below linger_ms: the linger adapts to the server, 4 times the
				* slowest response time seen (last byte sent to first byte back),
				* kept within [linger_min_ms, linger_ms]; 0: always linger_ms */
	size_t max_recv;       /* bytes of response kept; beyond this the exchange ends (limit); 0: 1 MiB */
	size_t expect;         /* final responses awaited after the last step */
	h1c_progress_fn progress; /* may be NULL: then only close, limit and deadlines end it */
	void *progress_ctx;
};

/* One entry of the timeline. Bytes are [off, off+len) of sent or recv. */
struct h1c_tl_entry {
	int dir;      /* 0 sent, 1 received, 2 event */
	int64_t t_ms; /* since the exchange started */
	size_t off, len;
	char text[96]; /* events: "half-close", "closed by peer", ... */
};

struct h1c_exchange {
	int end;                 /* enum h1c_end */
	char detail[160];        /* reset reason, or which deadline passed */
	int send_failed;         /* a step could not be sent completely (peer gone) */
	size_t steps_done;       /* steps fully carried out */
	size_t interim_missed;   /* H1C_STEP_AWAIT_INTERIM steps that ended without an answer */
	struct h1c_buf sent;     /* every byte written */
	struct h1c_buf recv;     /* every byte received, up to max_recv */
	struct h1c_tl_entry *tl; /* timeline, in order; bounded (adjacent reads merge) */
	size_t ntl, captl;
	int64_t duration_ms;
	struct h1c_progress last; /* progress at the end */
};

/*
 * Run steps[0..nsteps) on c and read until the exchange ends (see the end
 * states above). The connection is left open; the caller closes it.
 * *x is initialised here; free it with h1c_exchange_free. Returns 0, or -1
 * when the tool itself failed (x->end == H1C_END_ERROR).
 */
int h1c_exchange_run(struct h1c_conn *c, const struct h1c_step *steps, size_t nsteps,
                     const struct h1c_exchange_opts *opt, struct h1c_exchange *x);

void h1c_exchange_free(struct h1c_exchange *x);

#endif
