/*
 * connect_count.so: counts the TCP connections a process opens, for
 * bench/suite.sh ("connections used" by one 'h1conform run').
 *
 * Loaded with LD_PRELOAD, it wraps connect(2): every call on an IPv4 or
 * IPv6 stream socket that succeeds or starts (EINPROGRESS, as libcurl's
 * non-blocking connects do) counts once. At exit the count is appended,
 * as one line, to the file named by H1B_CONNECT_COUNT (one line per
 * process that loaded it; the caller adds them up). Unlike the kernel's
 * system-wide counters, other processes on the machine do not disturb it.
 */
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>

int connect(int fd, const struct sockaddr *addr, socklen_t len);

static unsigned long connections;

int connect(int fd, const struct sockaddr *addr, socklen_t len)
{
	static int (*real)(int, const struct sockaddr *, socklen_t);
	int type = 0, rc, saved;
	socklen_t tlen = sizeof(type);

	if (real == NULL)
		*(void **)&real = dlsym(RTLD_NEXT, "connect");
	if (real == NULL) {
		errno = ENOSYS;
		return -1;
	}
	rc = real(fd, addr, len);
	saved = errno;
	if ((rc == 0 || saved == EINPROGRESS) && addr != NULL &&
	    (addr->sa_family == AF_INET || addr->sa_family == AF_INET6) &&
	    getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &tlen) == 0 && type == SOCK_STREAM)
		__atomic_fetch_add(&connections, 1, __ATOMIC_RELAXED);
	errno = saved;
	return rc;
}

__attribute__((destructor)) static void report(void)
{
	const char *path = getenv("H1B_CONNECT_COUNT");
	FILE *f;

	if (path == NULL || (f = fopen(path, "a")) == NULL)
		return;
	fprintf(f, "%lu\n", __atomic_load_n(&connections, __ATOMIC_RELAXED));
	fclose(f);
}
