/*
 * A loopback test server for the harness tests: one listening socket on
 * 127.0.0.1 (port chosen by the kernel) and a thread that accepts
 * connections and hands each to a behaviour function. Behaviours model
 * both well-behaved and hostile servers (resets, silence, endless data).
 */
#ifndef H1C_TSRV_H
#define H1C_TSRV_H

#include <pthread.h>
#include <stddef.h>

struct tsrv;
typedef void (*tsrv_fn)(struct tsrv *s, int fd);

struct tsrv {
	int lfd;
	int port;
	int nconn; /* connections to accept before the thread ends */
	tsrv_fn fn;
	pthread_t th;
	volatile int stop; /* set by the test to end endless behaviours */
	/* free for behaviours to record what they saw */
	char got[65536];
	size_t ngot;
	long long t_first, t_second; /* ms of notable arrivals */
	int flag;
	char url[64];
};

/* Listen and start the thread; nconn connections are served in turn.
 * Returns 0 or -1. */
int tsrv_start(struct tsrv *s, tsrv_fn fn, int nconn);
/* Ask endless behaviours to stop, then join the thread and close. */
void tsrv_stop(struct tsrv *s);

/* Helpers for behaviours. */
/* Read until the bytes end with "\r\n\r\n", EOF or cap; appends to s->got. Returns bytes read. */
size_t tsrv_read_head(struct tsrv *s, int fd);
/* Write all of p (ignores errors). */
void tsrv_write(int fd, const char *p, size_t n);
void tsrv_writes(int fd, const char *p);
/* Close with a TCP RST (SO_LINGER 0). */
void tsrv_reset(int fd);
/* Milliseconds on the monotonic clock. */
long long tsrv_ms(void);
/* A loopback port nobody listens on (bound, then closed). */
int tsrv_dead_port(void);

#endif
