/*
 * The loopback test server of tsrv.h.
 */
#include "harness/tests/tsrv.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

long long tsrv_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int listen_loopback(int *port)
{
	struct sockaddr_in a;
	socklen_t alen = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;

	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) || listen(fd, 16) ||
	    getsockname(fd, (struct sockaddr *)&a, &alen)) {
		close(fd);
		return -1;
	}
	*port = ntohs(a.sin_port);
	return fd;
}

static void *thread_main(void *arg)
{
	struct tsrv *s = arg;
	int i;

	for (i = 0; i < s->nconn && !s->stop; i++) {
		struct pollfd p = {s->lfd, POLLIN, 0};
		int fd;
		if (poll(&p, 1, 100) <= 0) {
			i--;
			continue;
		}
		fd = accept(s->lfd, NULL, NULL);
		if (fd < 0)
			break;
		s->fn(s, fd);
	}
	return NULL;
}

int tsrv_start(struct tsrv *s, tsrv_fn fn, int nconn)
{
	memset(s, 0, sizeof(*s));
	s->lfd = listen_loopback(&s->port);
	if (s->lfd < 0)
		return -1;
	s->fn = fn;
	s->nconn = nconn;
	snprintf(s->url, sizeof(s->url), "http://127.0.0.1:%d/", s->port);
	if (pthread_create(&s->th, NULL, thread_main, s)) {
		close(s->lfd);
		return -1;
	}
	return 0;
}

void tsrv_stop(struct tsrv *s)
{
	s->stop = 1;
	pthread_join(s->th, NULL);
	if (s->lfd >= 0)
		close(s->lfd);
}

size_t tsrv_read_head(struct tsrv *s, int fd)
{
	size_t start = s->ngot;

	while (s->ngot < sizeof(s->got)) {
		ssize_t n = recv(fd, s->got + s->ngot, 1, 0);
		if (n <= 0)
			break;
		s->ngot += (size_t)n;
		if (s->ngot - start >= 4 && memcmp(s->got + s->ngot - 4, "\r\n\r\n", 4) == 0)
			break;
	}
	return s->ngot - start;
}

void tsrv_write(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
		if (w <= 0)
			return;
		p += w;
		n -= (size_t)w;
	}
}

void tsrv_writes(int fd, const char *p)
{
	tsrv_write(fd, p, strlen(p));
}

void tsrv_reset(int fd)
{
	struct linger l = {1, 0};

	setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
	close(fd);
}

int tsrv_dead_port(void)
{
	int port = 0, fd = listen_loopback(&port);

	if (fd >= 0)
		close(fd);
	return port;
}
