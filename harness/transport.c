/*
 * Transport: libcurl connect-only connections and the exchange loop. See
 * transport.h for the contract and the meaning of the end states.
 *
 * The exchange is one poll() loop over a single socket. Each turn it
 * (1) advances the script as far as time and the socket allow, (2) decides
 * whether the exchange is over, (3) sleeps in poll() until the earliest of:
 * readable data, writable space (only while a write is pending), the next
 * step's delay, the quiet or idle deadline, the case deadline. Reads always
 * drain the socket completely (until libcurl says CURLE_AGAIN), because a
 * TLS record may already sit decrypted in the TLS library where poll()
 * cannot see it.
 */
#include "harness/transport.h"

#include <curl/curl.h>
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#define DEFAULT_TIMEOUT_MS 10000
#define DEFAULT_IDLE_MS    2000
#define DEFAULT_LINGER_MS  300
#define DEFAULT_MAX_RECV   ((size_t)1 << 20)
#define DEFAULT_CONNECT_MS 5000
#define READ_CHUNK         16384
/* Beyond this many timeline entries, adjacent entries of the same
 * direction are merged whatever their timing (a slow drip of single bytes
 * must not grow the timeline without bound). */
#define TL_SOFT_MAX 2048

struct h1c_conn {
	CURL *curl;
	curl_socket_t fd;
	int tls;
	int wr_shut;
};

const char *h1c_tstatus_name(int status)
{
	switch (status) {
	case H1C_T_OK:
		return "ok";
	case H1C_T_CLOSED:
		return "closed";
	case H1C_T_RESET:
		return "reset";
	case H1C_T_TIMEOUT:
		return "timeout";
	case H1C_T_CONNECT:
		return "connect";
	default:
		return "error";
	}
}

const char *h1c_end_name(int end)
{
	switch (end) {
	case H1C_END_CLOSED:
		return "closed";
	case H1C_END_RESET:
		return "reset";
	case H1C_END_OPEN:
		return "open";
	case H1C_END_TIMEOUT:
		return "timeout";
	case H1C_END_LIMIT:
		return "limit";
	default:
		return "error";
	}
}

int64_t h1c_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int h1c_transport_global_init(void)
{
	return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1;
}

void h1c_transport_global_cleanup(void)
{
	curl_global_cleanup();
}

/* ---------------------------------------------------------------------- */
/* targets                                                                */

static int copy_part(char *dst, size_t cap, const char *src)
{
	size_t n = strlen(src);

	if (n >= cap)
		return -1;
	memcpy(dst, src, n + 1);
	return 0;
}

int h1c_target_parse(const char *url, struct h1c_target *t, char *err, size_t errlen)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL, *port = NULL, *path = NULL, *query = NULL, *frag = NULL,
	     *user = NULL;
	int rc = -1, v6;
	long defport;

	memset(t, 0, sizeof(*t));
	if (u == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0) {
		snprintf(err, errlen, "'%s': only http:// and https:// URLs are supported", url);
		goto out;
	}
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK) {
		snprintf(err, errlen, "'%s' is not a valid URL", url);
		goto out;
	}
	curl_url_get(u, CURLUPART_SCHEME, &scheme, 0);
	curl_url_get(u, CURLUPART_HOST, &host, 0);
	curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT);
	curl_url_get(u, CURLUPART_PATH, &path, 0);
	curl_url_get(u, CURLUPART_QUERY, &query, 0);
	curl_url_get(u, CURLUPART_FRAGMENT, &frag, 0);
	curl_url_get(u, CURLUPART_USER, &user, 0);
	if (scheme == NULL || host == NULL || host[0] == '\0' || port == NULL) {
		snprintf(err, errlen, "'%s': the URL has no host", url);
		goto out;
	}
	if (query || frag || user) {
		snprintf(err, errlen, "'%s': the URL may not carry user info, a query or a fragment", url);
		goto out;
	}
	t->tls = strcmp(scheme, "https") == 0;
	defport = t->tls ? 443 : 80;
	{
		char *end = NULL;
		long p = strtol(port, &end, 10);
		if (end == port || *end || p < 1 || p > 65535) {
			snprintf(err, errlen, "'%s': invalid port", url);
			goto out;
		}
		t->port = (int)p;
	}
	/* libcurl returns IPv6 hosts in brackets; connecting needs the bare
	 * address, the Host field the bracketed form. */
	v6 = host[0] == '[';
	if (v6) {
		size_t n = strlen(host);
		if (n < 3 || host[n - 1] != ']' || n - 2 >= sizeof(t->host)) {
			snprintf(err, errlen, "'%s': invalid IPv6 host", url);
			goto out;
		}
		memcpy(t->host, host + 1, n - 2);
		t->host[n - 2] = '\0';
	} else if (copy_part(t->host, sizeof(t->host), host)) {
		snprintf(err, errlen, "'%s': host name too long", url);
		goto out;
	}
	if (t->port == defport)
		snprintf(t->host_header, sizeof(t->host_header), "%s", host);
	else
		snprintf(t->host_header, sizeof(t->host_header), "%s:%d", host, t->port);
	if (copy_part(t->path, sizeof(t->path), path && path[0] ? path : "/")) {
		snprintf(err, errlen, "'%s': path too long", url);
		goto out;
	}
	if ((size_t)snprintf(t->url, sizeof(t->url), "%s://%s%s", scheme, t->host_header, t->path) >=
	    sizeof(t->url)) {
		snprintf(err, errlen, "'%s': URL too long", url);
		goto out;
	}
	rc = 0;
out:
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_free(path);
	curl_free(query);
	curl_free(frag);
	curl_free(user);
	curl_url_cleanup(u);
	return rc;
}

/* ---------------------------------------------------------------------- */
/* connections                                                            */

int h1c_conn_open(const struct h1c_target *t, struct h1c_conn **out, char *err, size_t errlen)
{
	struct h1c_conn *c;
	char curl_err[CURL_ERROR_SIZE] = "";
	char url[1100];
	curl_socket_t fd = CURL_SOCKET_BAD;
	CURLcode rc;

	*out = NULL;
	c = calloc(1, sizeof(*c));
	if (c == NULL || (c->curl = curl_easy_init()) == NULL) {
		free(c);
		snprintf(err, errlen, "out of memory");
		return H1C_T_ERROR;
	}
	/* Connect to the URL's origin only; the path is never requested by libcurl. */
	snprintf(url, sizeof(url), "%s://%s/", t->tls ? "https" : "http", t->host_header);
	curl_easy_setopt(c->curl, CURLOPT_URL, url);
	curl_easy_setopt(c->curl, CURLOPT_CONNECT_ONLY, 1L);
	curl_easy_setopt(c->curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c->curl, CURLOPT_ERRORBUFFER, curl_err);
	curl_easy_setopt(c->curl, CURLOPT_CONNECTTIMEOUT_MS,
	                 t->connect_timeout_ms > 0 ? t->connect_timeout_ms : (long)DEFAULT_CONNECT_MS);
	/* The target is exactly the URL given: no proxy from the environment. */
	curl_easy_setopt(c->curl, CURLOPT_PROXY, "");
	curl_easy_setopt(c->curl, CURLOPT_NOPROXY, "*");
	curl_easy_setopt(c->curl, CURLOPT_TCP_NODELAY, 1L);
	/* ALPN must not offer h2: the bytes that follow are HTTP/1.1. */
	curl_easy_setopt(c->curl, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1);
	if (t->insecure) {
		curl_easy_setopt(c->curl, CURLOPT_SSL_VERIFYPEER, 0L);
		curl_easy_setopt(c->curl, CURLOPT_SSL_VERIFYHOST, 0L);
	}
	rc = curl_easy_perform(c->curl);
	if (rc == CURLE_OK)
		rc = curl_easy_getinfo(c->curl, CURLINFO_ACTIVESOCKET, &fd);
	if (rc != CURLE_OK || fd == CURL_SOCKET_BAD) {
		snprintf(err, errlen, "cannot connect to %s: %s", url,
		         curl_err[0] ? curl_err : curl_easy_strerror(rc));
		curl_easy_cleanup(c->curl);
		free(c);
		return rc == CURLE_OUT_OF_MEMORY ? H1C_T_ERROR : H1C_T_CONNECT;
	}
	curl_easy_setopt(c->curl, CURLOPT_ERRORBUFFER, NULL);
	c->fd = fd;
	c->tls = t->tls;
	*out = c;
	return H1C_T_OK;
}

void h1c_conn_close(struct h1c_conn *c)
{
	if (c == NULL)
		return;
	curl_easy_cleanup(c->curl);
	free(c);
}

int h1c_conn_fd(const struct h1c_conn *c)
{
	return (int)c->fd;
}

int h1c_conn_is_tls(const struct h1c_conn *c)
{
	return c->tls;
}

/* Text for an abortive end: the socket error if there is one, else the
 * errno left by the failed call, else libcurl's code. */
static void abort_reason(struct h1c_conn *c, CURLcode rc, int saved_errno, char *err, size_t errlen)
{
	int soerr = 0;
	socklen_t len = sizeof(soerr);

	if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &soerr, &len) == 0 && soerr)
		saved_errno = soerr;
	if (saved_errno == ECONNRESET || saved_errno == EPIPE || saved_errno == ECONNABORTED ||
	    saved_errno == ETIMEDOUT)
		snprintf(err, errlen, "%s", strerror(saved_errno));
	else
		snprintf(err, errlen, "%s", curl_easy_strerror(rc));
}

int h1c_conn_send_some(struct h1c_conn *c, const void *p, size_t n, size_t *sent, char *err, size_t errlen)
{
	CURLcode rc;

	*sent = 0;
	if (n == 0)
		return H1C_T_OK;
	errno = 0;
	rc = curl_easy_send(c->curl, p, n, sent);
	if (rc == CURLE_OK || rc == CURLE_AGAIN)
		return H1C_T_OK;
	abort_reason(c, rc, errno, err, errlen);
	return H1C_T_RESET;
}

int h1c_conn_recv_some(struct h1c_conn *c, void *buf, size_t cap, size_t *got, char *err, size_t errlen)
{
	CURLcode rc;

	*got = 0;
	errno = 0;
	rc = curl_easy_recv(c->curl, buf, cap, got);
	if (rc == CURLE_AGAIN) {
		*got = 0;
		return H1C_T_OK;
	}
	if (rc == CURLE_OK)
		return *got ? H1C_T_OK : H1C_T_CLOSED;
	*got = 0;
	abort_reason(c, rc, errno, err, errlen);
	return H1C_T_RESET;
}

int h1c_conn_shutdown_write(struct h1c_conn *c)
{
	if (c->wr_shut)
		return H1C_T_OK;
	c->wr_shut = 1;
	return shutdown(c->fd, SHUT_WR) == 0 ? H1C_T_OK : H1C_T_RESET;
}

/* ---------------------------------------------------------------------- */
/* exchanges                                                              */

static int tl_add(struct h1c_exchange *x, int dir, int64_t t, size_t off, size_t len, const char *text)
{
	struct h1c_tl_entry *e;

	if (dir != 2 && x->ntl > 0) {
		e = &x->tl[x->ntl - 1];
		/* contiguous bytes in the same millisecond (or past the soft
		 * bound) extend the previous entry */
		if (e->dir == dir && e->off + e->len == off && (e->t_ms == t || x->ntl >= TL_SOFT_MAX)) {
			e->len += len;
			return 0;
		}
	}
	if (x->ntl == x->captl) {
		size_t cap = x->captl ? x->captl * 2 : 16;
		struct h1c_tl_entry *n = realloc(x->tl, cap * sizeof(*n));
		if (n == NULL)
			return -1;
		x->tl = n;
		x->captl = cap;
	}
	e = &x->tl[x->ntl++];
	memset(e, 0, sizeof(*e));
	e->dir = dir;
	e->t_ms = t;
	e->off = off;
	e->len = len;
	if (text)
		snprintf(e->text, sizeof(e->text), "%s", text);
	return 0;
}

void h1c_exchange_free(struct h1c_exchange *x)
{
	h1c_buf_free(&x->sent);
	h1c_buf_free(&x->recv);
	free(x->tl);
	x->tl = NULL;
	x->ntl = x->captl = 0;
}

struct xstate {
	struct h1c_conn *c;
	struct h1c_exchange *x;
	const struct h1c_exchange_opts *o;
	int64_t t0;
	int64_t last_activity; /* last byte received or last step completed */
	size_t overflow;       /* bytes dropped past max_recv */
	int peer_done;         /* closed or reset seen */
	int64_t sent_at;       /* when the last step's data was written, while no reply has come */
	int64_t reply_ms;      /* the slowest time from sent data to the first byte back */
	int replied;           /* reply_ms holds a measurement */
};

static void ask_progress(struct xstate *s)
{
	if (s->o->progress)
		s->o->progress(s->o->progress_ctx, s->x->recv.data ? s->x->recv.data : "", s->x->recv.len,
		               &s->x->last);
}

/* Drain the socket. Returns 0 to go on, 1 when the exchange ended (end set), -1 on tool failure. */
static int drain(struct xstate *s)
{
	struct h1c_exchange *x = s->x;
	char buf[READ_CHUNK], err[128];

	for (;;) {
		size_t got = 0, keep;
		int64_t now;
		int rc = h1c_conn_recv_some(s->c, buf, sizeof(buf), &got, err, sizeof(err));

		now = h1c_now_ms();
		if (rc == H1C_T_CLOSED) {
			tl_add(x, 2, now - s->t0, 0, 0, "closed by peer");
			x->end = H1C_END_CLOSED;
			snprintf(x->detail, sizeof(x->detail), "closed by the server");
			s->peer_done = 1;
			return 1;
		}
		if (rc == H1C_T_RESET) {
			char text[96];
			snprintf(text, sizeof(text), "reset: %.80s", err);
			tl_add(x, 2, now - s->t0, 0, 0, text);
			x->end = H1C_END_RESET;
			snprintf(x->detail, sizeof(x->detail), "connection reset: %s", err);
			s->peer_done = 1;
			return 1;
		}
		if (got == 0)
			return 0;
		s->last_activity = now;
		if (s->sent_at) {
			if (now - s->sent_at > s->reply_ms)
				s->reply_ms = now - s->sent_at;
			s->sent_at = 0;
			s->replied = 1;
		}
		keep = got;
		if (x->recv.len + keep > s->o->max_recv)
			keep = s->o->max_recv - x->recv.len;
		if (keep) {
			size_t off = x->recv.len;
			if (h1c_buf_put(&x->recv, buf, keep) || tl_add(x, 1, now - s->t0, off, keep, NULL))
				return -1;
			ask_progress(s);
		}
		if (keep < got) {
			char text[96];
			s->overflow += got - keep;
			snprintf(text, sizeof(text), "response size limit (%zu bytes) reached",
			         s->o->max_recv);
			tl_add(x, 2, now - s->t0, 0, 0, text);
			x->end = H1C_END_LIMIT;
			snprintf(x->detail, sizeof(x->detail), "the server sent more than %zu bytes",
			         s->o->max_recv);
			return 1;
		}
	}
}

/* How long to wait for more after the awaited responses. A server answers
 * a second (say, smuggled) request about as fast as the first, so with an
 * adaptive linger a quick server is not waited on for as long as a slow
 * one. */
static int64_t linger(const struct h1c_exchange_opts *o, const struct xstate *s)
{
	int64_t ms;

	if (o->linger_min_ms <= 0 || o->linger_min_ms >= o->linger_ms || !s->replied)
		return o->linger_ms;
	ms = s->reply_ms * 4;
	return ms < o->linger_min_ms ? o->linger_min_ms : ms > o->linger_ms ? o->linger_ms : ms;
}

int h1c_exchange_run(struct h1c_conn *c, const struct h1c_step *steps, size_t nsteps,
                     const struct h1c_exchange_opts *opt_in, struct h1c_exchange *x)
{
	struct h1c_exchange_opts o = *opt_in;
	struct xstate s;
	size_t i = 0, sent_in_step = 0, await_target = 0;
	int64_t deadline, step_start;
	int await_armed = 0, rc;

	memset(x, 0, sizeof(*x));
	if (o.timeout_ms <= 0)
		o.timeout_ms = DEFAULT_TIMEOUT_MS;
	if (o.idle_ms <= 0)
		o.idle_ms = DEFAULT_IDLE_MS;
	if (o.linger_ms <= 0)
		o.linger_ms = DEFAULT_LINGER_MS;
	if (o.max_recv == 0)
		o.max_recv = DEFAULT_MAX_RECV;
	x->recv.max = o.max_recv;
	memset(&s, 0, sizeof(s));
	s.c = c;
	s.x = x;
	s.o = &o;
	s.t0 = h1c_now_ms();
	s.last_activity = s.t0;
	deadline = s.t0 + o.timeout_ms;
	step_start = s.t0;

	for (;;) {
		int64_t now = h1c_now_ms(), wake = deadline;
		struct pollfd pfd;
		int want_write = 0;

		/* (1) advance the script */
		while (i < nsteps && !s.peer_done) {
			const struct h1c_step *st = &steps[i];
			if ((st->kind == H1C_STEP_DATA || st->kind == H1C_STEP_DELAY) &&
			    now < step_start + (int64_t)st->delay_ms) {
				if (step_start + (int64_t)st->delay_ms < wake)
					wake = step_start + (int64_t)st->delay_ms;
				break;
			}
			if (st->kind == H1C_STEP_DATA) {
				char err[128];
				size_t n = 0;
				rc = h1c_conn_send_some(c, st->data + sent_in_step, st->len - sent_in_step,
				                        &n, err, sizeof(err));
				if (n) {
					size_t off = x->sent.len;
					if (h1c_buf_put(&x->sent, st->data + sent_in_step, n) ||
					    tl_add(x, 0, now - s.t0, off, n, NULL))
						goto tool_fail;
					sent_in_step += n;
				}
				if (rc == H1C_T_RESET) {
					char text[96];
					snprintf(text, sizeof(text), "send failed: %.80s", err);
					tl_add(x, 2, now - s.t0, 0, 0, text);
					x->send_failed = 1;
					/* what the server sent before it went away may still be readable */
					rc = drain(&s);
					if (rc < 0)
						goto tool_fail;
					if (rc == 0) {
						x->end = H1C_END_RESET;
						snprintf(x->detail, sizeof(x->detail),
						         "connection reset while sending: %s", err);
					}
					goto done;
				}
				if (sent_in_step < st->len) {
					want_write = 1;
					break;
				}
				if (st->len)
					s.sent_at = now;
			} else if (st->kind == H1C_STEP_AWAIT || st->kind == H1C_STEP_AWAIT_INTERIM) {
				/* an interim await is also over with a final response: the
				 * server answered without asking for more */
				size_t seen = x->last.finals +
				              (st->kind == H1C_STEP_AWAIT_INTERIM ? x->last.interims : 0);
				if (!await_armed) {
					await_armed = 1;
					await_target = seen + 1;
				}
				if (seen < await_target && !x->last.no_more &&
				    now - s.last_activity < o.idle_ms) {
					if (s.last_activity + o.idle_ms < wake)
						wake = s.last_activity + o.idle_ms;
					break;
				}
				if (seen < await_target) {
					tl_add(x, 2, now - s.t0, 0, 0,
					       st->kind == H1C_STEP_AWAIT
					               ? "no response to await; going on"
					               : "no interim or final response; going on");
					if (st->kind == H1C_STEP_AWAIT_INTERIM && !x->last.no_more &&
					    !x->last.partial)
						x->interim_missed++;
				}
				await_armed = 0;
			} else if (st->kind == H1C_STEP_HALF_CLOSE) {
				h1c_conn_shutdown_write(c);
				tl_add(x, 2, now - s.t0, 0, 0,
				       c->tls ? "half-close (TCP FIN, no TLS close_notify)"
				              : "half-close (FIN)");
			}
			i++;
			x->steps_done = i;
			sent_in_step = 0;
			step_start = now;
			s.last_activity = now;
		}

		/* (2) is the exchange over? */
		if (now >= deadline) {
			tl_add(x, 2, now - s.t0, 0, 0, "case deadline passed");
			x->end = H1C_END_TIMEOUT;
			snprintf(x->detail, sizeof(x->detail), "no end within the case deadline (%lld ms)",
			         (long long)o.timeout_ms);
			goto done;
		}
		if (i == nsteps) {
			int satisfied = (x->last.finals >= o.expect || x->last.no_more) && !x->last.partial;
			/* a response that announces the close, or an outcome that
			 * still fits and wants one, gets the idle time to close;
			 * otherwise a short linger shows whether more comes */
			int64_t quiet = !satisfied || x->last.wait_close ? o.idle_ms : linger(&o, &s);
			if (now - s.last_activity >= quiet) {
				if (satisfied) {
					tl_add(x, 2, now - s.t0, 0, 0, "connection still open");
					x->end = H1C_END_OPEN;
					snprintf(x->detail, sizeof(x->detail),
					         "the connection stayed open for %lld ms after the last "
					         "response",
					         (long long)quiet);
				} else {
					tl_add(x, 2, now - s.t0, 0, 0, "idle deadline passed");
					x->end = H1C_END_TIMEOUT;
					snprintf(x->detail, sizeof(x->detail),
					         "no response bytes for %lld ms while a response was awaited",
					         (long long)o.idle_ms);
				}
				goto done;
			}
			if (s.last_activity + quiet < wake)
				wake = s.last_activity + quiet;
		}

		/* (3) sleep until something can happen */
		pfd.fd = c->fd;
		pfd.events = POLLIN | (want_write ? POLLOUT : 0);
		pfd.revents = 0;
		{
			int64_t ms = wake - now;
			if (ms < 0)
				ms = 0;
			rc = poll(&pfd, 1, (int)(ms > 60000 ? 60000 : ms));
		}
		if (rc < 0 && errno != EINTR)
			goto tool_fail;
		if (rc > 0 && (pfd.revents & (POLLIN | POLLHUP | POLLERR))) {
			rc = drain(&s);
			if (rc < 0)
				goto tool_fail;
			if (rc > 0)
				goto done;
		}
	}

done:
	x->duration_ms = h1c_now_ms() - s.t0;
	return 0;
tool_fail:
	x->end = H1C_END_ERROR;
	snprintf(x->detail, sizeof(x->detail), "internal error (out of memory or poll failure)");
	x->duration_ms = h1c_now_ms() - s.t0;
	return -1;
}
