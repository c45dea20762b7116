/*
 * Unit tests of the embedded server (harness/serve.c), run in-process on a
 * loopback port: resources, persistence and pipelining, the mapping of
 * parser violations to status codes, preconditions, ranges,
 * 100-continue, the store, and hostile clients.
 */
#include <check.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "harness/httpdate.h"
#include "harness/serve.h"
#include "harness/tests/tsrv.h"

static struct h1c_server *srv;
static pthread_t th;
static int port;

static void *loop(void *arg)
{
	(void)arg;
	h1c_server_run(srv);
	return NULL;
}

static void start_dev(int idle_ms, unsigned lenient, h1c_devset deviate)
{
	struct h1c_serve_opts o;
	char err[256];

	memset(&o, 0, sizeof(o));
	o.port = 0;
	o.idle_ms = idle_ms;
	o.lenient = lenient;
	o.deviate = deviate;
	ck_assert_msg(h1c_server_open(&o, &srv, err, sizeof(err)) == 0, "%s", err);
	port = h1c_server_port(srv);
	ck_assert_int_gt(port, 0);
	ck_assert_int_eq(pthread_create(&th, NULL, loop, NULL), 0);
}

static void start_with(int idle_ms, unsigned lenient)
{
	start_dev(idle_ms, lenient, 0);
}

static void setup(void)
{
	start_with(0, 0);
}

static void teardown(void)
{
	h1c_server_stop(srv);
	pthread_join(th, NULL);
	h1c_server_free(srv);
	srv = NULL;
}

static int dial(void)
{
	struct sockaddr_in a;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons((uint16_t)port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_eq(connect(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	return fd;
}

/* What came back, and how the connection ended: 'F' FIN, 'R' reset, 'O' still open. */
struct got {
	char buf[1 << 20];
	size_t len;
	char end;
};

static struct got g;

/* Read until FIN/reset, or until quiet_ms pass without data once some
 * arrived (up to 2 s for the first byte, so a slow machine is no failure). */
static void slurp2(int fd, int first_ms, int quiet_ms)
{
	g.len = 0;
	g.end = 'O';
	for (;;) {
		struct pollfd p = {fd, POLLIN, 0};
		ssize_t n;
		if (poll(&p, 1, g.len ? quiet_ms : first_ms) <= 0)
			break;
		n = recv(fd, g.buf + g.len, sizeof(g.buf) - 1 - g.len, 0);
		if (n == 0) {
			g.end = 'F';
			break;
		}
		if (n < 0) {
			g.end = 'R';
			break;
		}
		g.len += (size_t)n;
	}
	g.buf[g.len] = '\0';
}

static void slurp(int fd, int quiet_ms)
{
	slurp2(fd, quiet_ms > 2000 ? quiet_ms : 2000, quiet_ms);
}

static void exchange_ex(const char *req, size_t n, int half_close, int quiet_ms)
{
	int fd = dial();

	tsrv_write(fd, req, n);
	if (half_close)
		shutdown(fd, SHUT_WR);
	slurp(fd, quiet_ms);
	close(fd);
}

static void exchange(const char *req)
{
	exchange_ex(req, strlen(req), 0, 100);
}

static int count(const char *needle)
{
	int n = 0;
	const char *p = g.buf;

	while ((p = strstr(p, needle)) != NULL) {
		n++;
		p++;
	}
	return n;
}

#define HAS(s)    ck_assert_msg(strstr(g.buf, (s)) != NULL, "missing '%s' in:\n%s", (s), g.buf)
#define LACKS(s)  ck_assert_msg(strstr(g.buf, (s)) == NULL, "unexpected '%s' in:\n%s", (s), g.buf)
#define STARTS(s) ck_assert_msg(strncmp(g.buf, (s), strlen(s)) == 0, "want '%s' first in:\n%s", (s), g.buf)
#define H         "Host: t\r\n"

START_TEST(get_index_keeps_alive)
{
	exchange("GET / HTTP/1.1\r\n" H "\r\n");
	STARTS("HTTP/1.1 200 OK\r\n");
	HAS("\r\nDate: ");
	HAS("\r\nContent-Length: 116\r\n");
	HAS("h1conform serve");
	ck_assert_int_eq(g.end, 'O');
}
END_TEST

START_TEST(date_is_imf_fixdate)
{
	const char *d;

	exchange("GET / HTTP/1.1\r\n" H "\r\n");
	d = strstr(g.buf, "Date: ");
	ck_assert_ptr_nonnull(d);
	ck_assert(h1c_httpdate_is_imf(d + 6, H1C_HTTPDATE_LEN));
}
END_TEST

START_TEST(head_has_no_content)
{
	exchange("HEAD /static.txt HTTP/1.1\r\n" H "\r\n");
	STARTS("HTTP/1.1 200 OK\r\n");
	HAS("Content-Length: 1024\r\n");
	ck_assert(g.len >= 4 && memcmp(g.buf + g.len - 4, "\r\n\r\n", 4) == 0);
}
END_TEST

START_TEST(pipelined_in_order)
{
	const char *a, *b, *c;

	exchange("GET /static.txt HTTP/1.1\r\n" H "\r\nOPTIONS * HTTP/1.1\r\n" H
	         "\r\nGET /nope HTTP/1.1\r\n" H "\r\n");
	a = strstr(g.buf, "HTTP/1.1 200");
	b = strstr(g.buf, "Allow: GET, HEAD, POST, PUT, DELETE, OPTIONS, TRACE");
	c = strstr(g.buf, "HTTP/1.1 404");
	ck_assert(a && b && c && a < b && b < c);
	ck_assert_int_eq(g.end, 'O');
}
END_TEST

START_TEST(connection_close_honoured)
{
	exchange("GET / HTTP/1.1\r\n" H "Connection: close\r\n\r\nGET / HTTP/1.1\r\n" H "\r\n");
	ck_assert_int_eq(count("HTTP/1.1 200"), 1);
	HAS("Connection: close\r\n");
	ck_assert_int_eq(g.end, 'F');
}
END_TEST

START_TEST(http10_persistence)
{
	exchange("GET / HTTP/1.0\r\n\r\n");
	STARTS("HTTP/1.1 200 OK");
	ck_assert_int_eq(g.end, 'F');
	exchange("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET / HTTP/1.0\r\n\r\n");
	ck_assert_int_eq(count("HTTP/1.1 200"), 2);
	HAS("Connection: keep-alive\r\n");
	ck_assert_int_eq(g.end, 'F');
}
END_TEST

START_TEST(violations_map_to_status)
{
	static char big[20000];

	exchange("GET / HTTP/1.1\r\n" H "Foo : bar\r\n\r\n");
	STARTS("HTTP/1.1 400 ");
	HAS("Connection: close\r\n");
	ck_assert_int_eq(g.end, 'F');

	exchange("GET / HTTP/2.0\r\n" H "\r\n");
	STARTS("HTTP/1.1 505 ");

	exchange("POST /echo HTTP/1.1\r\n" H "Transfer-Encoding: foo, chunked\r\n\r\n0\r\n\r\n");
	STARTS("HTTP/1.1 501 ");

	exchange("POST /echo HTTP/1.1\r\n" H "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n");
	STARTS("HTTP/1.1 501 ");

	exchange("GET / HTTP/1.1\r\n\r\n");
	STARTS("HTTP/1.1 400 ");

	memcpy(big, "GET /", 5);
	memset(big + 5, 'a', sizeof(big) - 5);
	exchange_ex(big, sizeof(big), 0, 300);
	STARTS("HTTP/1.1 414 ");
	ck_assert_int_eq(g.end, 'F');

	memcpy(big, "GET / HTTP/1.1\r\nX: ", 19);
	memset(big + 19, 'a', sizeof(big) - 19);
	exchange_ex(big, sizeof(big), 0, 300);
	STARTS("HTTP/1.1 431 ");
}
END_TEST

START_TEST(head_error_has_no_content)
{
	exchange("HEAD / HTTP/1.1\r\n" H "Foo : bar\r\n\r\n");
	STARTS("HTTP/1.1 400 ");
	ck_assert(memcmp(g.buf + g.len - 4, "\r\n\r\n", 4) == 0);
}
END_TEST

START_TEST(methods_and_resources)
{
	exchange("GET /missing HTTP/1.1\r\n" H "\r\n");
	STARTS("HTTP/1.1 404 ");
	exchange("DELETE /static.txt HTTP/1.1\r\n" H "\r\n");
	STARTS("HTTP/1.1 405 ");
	HAS("Allow: GET, HEAD, OPTIONS, TRACE\r\n");
	exchange("BREW / HTTP/1.1\r\n" H "\r\n");
	STARTS("HTTP/1.1 501 ");
	exchange("get / HTTP/1.1\r\n" H "\r\n");
	STARTS("HTTP/1.1 501 ");
	exchange("OPTIONS /echo HTTP/1.1\r\n" H "\r\n");
	HAS("Allow: POST, OPTIONS, TRACE\r\n");
	HAS("Content-Length: 0\r\n");
	exchange("GET http://elsewhere/static.txt?x=1 HTTP/1.1\r\n" H "\r\n");
	STARTS("HTTP/1.1 200 ");
	HAS("Content-Length: 1024\r\n");
}
END_TEST

START_TEST(trace_reflects)
{
	exchange("TRACE /anything HTTP/1.1\r\n" H "X-Probe: 1\r\nCookie: secret\r\n\r\n");
	STARTS("HTTP/1.1 200 ");
	HAS("Content-Type: message/http\r\n");
	HAS("\r\n\r\nTRACE /anything HTTP/1.1\r\nHost: t\r\nX-Probe: 1\r\n\r\n");
	LACKS("secret");
	exchange("OPTIONS * HTTP/1.1\r\n" H "\r\n");
	HAS("Allow: GET, HEAD, POST, PUT, DELETE, OPTIONS, TRACE\r\n");
}
END_TEST

START_TEST(echo)
{
	exchange("POST /echo HTTP/1.1\r\n" H "Content-Type: text/x\r\nContent-Length: 5\r\n\r\nhello");
	STARTS("HTTP/1.1 200 ");
	HAS("Content-Type: text/x\r\n");
	ck_assert(memcmp(g.buf + g.len - 9, "\r\n\r\nhello", 9) == 0);
	exchange("POST /echo HTTP/1.1\r\n" H
	         "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\nT: 1\r\n\r\n");
	HAS("Content-Length: 5\r\n\r\nabcde");
	exchange("POST /echo HTTP/1.1\r\n" H "Content-Length: 99999999\r\n\r\n");
	STARTS("HTTP/1.1 413 ");
	ck_assert_int_eq(g.end, 'F');
}
END_TEST

static char etag[64], lastmod[64];

static void learn_validators(void)
{
	const char *e, *l;

	exchange("HEAD /static.txt HTTP/1.1\r\n" H "\r\n");
	e = strstr(g.buf, "ETag: ");
	l = strstr(g.buf, "Last-Modified: ");
	ck_assert(e && l);
	snprintf(etag, sizeof(etag), "%.*s", (int)strcspn(e + 6, "\r"), e + 6);
	snprintf(lastmod, sizeof(lastmod), "%.*s", (int)strcspn(l + 15, "\r"), l + 15);
}

static void cond(const char *fields)
{
	char req[1024];

	snprintf(req, sizeof(req), "GET /static.txt HTTP/1.1\r\n" H "%s\r\n", fields);
	exchange(req);
}

START_TEST(preconditions)
{
	char f[512];

	learn_validators();
	snprintf(f, sizeof(f), "If-None-Match: \"x\", %s\r\n", etag);
	cond(f);
	STARTS("HTTP/1.1 304 ");
	HAS("ETag: ");
	LACKS("Content-Length");
	ck_assert(memcmp(g.buf + g.len - 4, "\r\n\r\n", 4) == 0);

	snprintf(f, sizeof(f), "If-None-Match: W/%s\r\n", etag);
	cond(f);
	STARTS("HTTP/1.1 304 "); /* weak comparison */

	cond("If-Match: \"nope\"\r\n");
	STARTS("HTTP/1.1 412 ");
	snprintf(f, sizeof(f), "If-Match: W/%s\r\n", etag);
	cond(f);
	STARTS("HTTP/1.1 412 "); /* strong comparison */
	cond("If-Match: *\r\n");
	STARTS("HTTP/1.1 200 ");

	snprintf(f, sizeof(f), "If-Modified-Since: %s\r\n", lastmod);
	cond(f);
	STARTS("HTTP/1.1 304 ");
	cond("If-Modified-Since: Sun, 06 Nov 1994 08:49:37 GMT\r\n");
	STARTS("HTTP/1.1 200 ");
	cond("If-Modified-Since: Fri, 01 Jan 2100 00:00:00 GMT\r\n");
	STARTS("HTTP/1.1 200 "); /* future dates are invalid */
	cond("If-Modified-Since: yesterday\r\n");
	STARTS("HTTP/1.1 200 ");
	/* If-None-Match wins over If-Modified-Since */
	snprintf(f, sizeof(f), "If-None-Match: \"other\"\r\nIf-Modified-Since: %s\r\n", lastmod);
	cond(f);
	STARTS("HTTP/1.1 200 ");

	cond("If-Unmodified-Since: Sun, 06 Nov 1994 08:49:37 GMT\r\n");
	STARTS("HTTP/1.1 412 ");
	snprintf(f, sizeof(f), "If-Unmodified-Since: %s\r\n", lastmod);
	cond(f);
	STARTS("HTTP/1.1 200 ");
	/* If-Match wins over If-Unmodified-Since */
	snprintf(f, sizeof(f), "If-Match: %s\r\nIf-Unmodified-Since: Sun, 06 Nov 1994 08:49:37 GMT\r\n",
	         etag);
	cond(f);
	STARTS("HTTP/1.1 200 ");
}
END_TEST

START_TEST(ranges)
{
	char f[512];

	learn_validators();
	cond("Range: bytes=0-9\r\n");
	STARTS("HTTP/1.1 206 ");
	HAS("Content-Range: bytes 0-9/1024\r\n");
	HAS("Content-Length: 10\r\n\r\nline 00 ij");

	cond("Range: bytes=-4\r\n");
	HAS("Content-Range: bytes 1020-1023/1024\r\n");
	cond("Range: bytes=1000-\r\n");
	HAS("Content-Range: bytes 1000-1023/1024\r\n");
	cond("Range: bytes=1000-5000\r\n");
	HAS("Content-Range: bytes 1000-1023/1024\r\n");

	cond("Range: bytes=2000-3000\r\n");
	STARTS("HTTP/1.1 416 ");
	HAS("Content-Range: bytes */1024\r\n");

	cond("Range: bytes=9-3\r\n");
	STARTS("HTTP/1.1 200 ");
	cond("Range: lines=1-2\r\n");
	STARTS("HTTP/1.1 200 ");

	cond("Range: bytes=0-0, 10-10\r\n");
	STARTS("HTTP/1.1 206 ");
	HAS("multipart/byteranges; boundary=");
	HAS("Content-Range: bytes 0-0/1024\r\n");
	HAS("Content-Range: bytes 10-10/1024\r\n");
	cond("Range: bytes=0-0, 5000-6000\r\n");
	HAS("Content-Range: bytes 0-0/1024\r\n");
	LACKS("multipart");

	snprintf(f, sizeof(f), "Range: bytes=0-1\r\nIf-Range: %s\r\n", etag);
	cond(f);
	STARTS("HTTP/1.1 206 ");
	snprintf(f, sizeof(f), "Range: bytes=0-1\r\nIf-Range: %s\r\n", lastmod);
	cond(f);
	STARTS("HTTP/1.1 206 ");
	cond("Range: bytes=0-1\r\nIf-Range: \"old\"\r\n");
	STARTS("HTTP/1.1 200 ");
	HAS("Content-Length: 1024\r\n");

	exchange("HEAD /static.txt HTTP/1.1\r\n" H "Range: bytes=0-1\r\n\r\n");
	STARTS("HTTP/1.1 200 ");
}
END_TEST

START_TEST(continue_sent_when_appropriate)
{
	int fd = dial();

	tsrv_writes(fd, "POST /echo HTTP/1.1\r\n" H "Expect: 100-continue\r\nContent-Length: 3\r\n\r\n");
	slurp(fd, 300);
	ck_assert_str_eq(g.buf, "HTTP/1.1 100 Continue\r\n\r\n");
	tsrv_writes(fd, "abc");
	slurp(fd, 300);
	STARTS("HTTP/1.1 200 ");
	HAS("\r\n\r\nabc");
	close(fd);

	/* content already there: the 100 may be left out, and is */
	exchange("POST /echo HTTP/1.1\r\n" H "Expect: 100-continue\r\nContent-Length: 3\r\n\r\nabc");
	STARTS("HTTP/1.1 200 ");
	/* HTTP/1.0: the expectation is ignored */
	fd = dial();
	tsrv_writes(fd, "POST /echo HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n");
	slurp2(fd, 300, 300);
	ck_assert_uint_eq(g.len, 0);
	close(fd);
	/* refused: the final status at once, no 100 */
	exchange("POST / HTTP/1.1\r\n" H "Expect: 100-continue\r\nContent-Length: 3\r\n\r\n");
	STARTS("HTTP/1.1 405 ");
	LACKS("100 Continue");
	ck_assert_int_eq(g.end, 'F');
	/* no content: no 100 */
	exchange("GET / HTTP/1.1\r\n" H "Expect: 100-continue\r\n\r\n");
	STARTS("HTTP/1.1 200 ");
	exchange("POST /echo HTTP/1.1\r\n" H "Expect: something\r\nContent-Length: 3\r\n\r\n");
	STARTS("HTTP/1.1 417 ");
}
END_TEST

START_TEST(store_cycle)
{
	exchange("PUT /upload/a.txt HTTP/1.1\r\n" H
	         "Content-Type: text/plain\r\nContent-Length: 3\r\n\r\nabc");
	STARTS("HTTP/1.1 201 ");
	exchange("GET /upload/a.txt HTTP/1.1\r\n" H "\r\n");
	STARTS("HTTP/1.1 200 ");
	HAS("Content-Type: text/plain\r\n");
	HAS("\r\n\r\nabc");
	exchange("PUT /upload/a.txt HTTP/1.1\r\n" H "If-None-Match: *\r\nContent-Length: 1\r\n\r\nx");
	STARTS("HTTP/1.1 412 ");
	exchange("PUT /upload/a.txt HTTP/1.1\r\n" H "Content-Length: 2\r\n\r\nxy");
	STARTS("HTTP/1.1 204 ");
	LACKS("Content-Length");
	exchange("PUT /upload/a.txt HTTP/1.1\r\n" H "If-Match: \"stale\"\r\nContent-Length: 1\r\n\r\nz");
	STARTS("HTTP/1.1 412 ");
	exchange("GET /upload/a.txt HTTP/1.1\r\n" H "Range: bytes=1-\r\n\r\n");
	STARTS("HTTP/1.1 206 ");
	HAS("\r\n\r\ny");
	exchange("DELETE /upload/a.txt HTTP/1.1\r\n" H "\r\n");
	STARTS("HTTP/1.1 204 ");
	exchange("GET /upload/a.txt HTTP/1.1\r\n" H "\r\n");
	STARTS("HTTP/1.1 404 ");
	exchange("DELETE /upload/a.txt HTTP/1.1\r\n" H "\r\n");
	STARTS("HTTP/1.1 404 ");
	exchange("POST /upload/a.txt HTTP/1.1\r\n" H "Content-Length: 0\r\n\r\n");
	STARTS("HTTP/1.1 405 ");
}
END_TEST

START_TEST(half_close_after_request)
{
	static const char req[] = "GET / HTTP/1.1\r\n" H "\r\n";

	exchange_ex(req, sizeof(req) - 1, 1, 1000);
	STARTS("HTTP/1.1 200 ");
	ck_assert_int_eq(g.end, 'F');
	/* an incomplete request cut by the half-close gets 400 */
	exchange_ex("GET / HTTP/1.1\r\nHo", 19, 1, 1000);
	STARTS("HTTP/1.1 400 ");
	ck_assert_int_eq(g.end, 'F');
}
END_TEST

START_TEST(hostile_bytes)
{
	static const char nul[] = "GET /\0 HTTP/1.1\r\n\r\n";
	char junk[4096];
	size_t i;

	exchange_ex(nul, sizeof(nul) - 1, 0, 300);
	STARTS("HTTP/1.1 400 ");
	for (i = 0; i < sizeof(junk); i++)
		junk[i] = (char)(i * 131 + 7);
	exchange_ex(junk, sizeof(junk), 0, 300);
	STARTS("HTTP/1.1 400 ");
	ck_assert_int_eq(g.end, 'F');
	/* the server is still serving */
	exchange("GET / HTTP/1.1\r\n" H "\r\n");
	STARTS("HTTP/1.1 200 ");
}
END_TEST

START_TEST(client_that_does_not_read)
{
	static const char req[] = "GET /static.txt HTTP/1.1\r\n" H "\r\n";
	int fd = dial(), i, sent = 0;
	size_t total = 0;

	/* 3000 pipelined requests (about 4 MB of responses) before reading any */
	for (i = 0; i < 3000; i++) {
		struct pollfd p = {fd, POLLOUT, 0};
		if (poll(&p, 1, 200) <= 0)
			break; /* the server stopped reading: back-pressure works */
		tsrv_write(fd, req, sizeof(req) - 1);
		sent++;
	}
	ck_assert_int_gt(sent, 0);
	for (;;) {
		struct pollfd p = {fd, POLLIN, 0};
		char buf[65536];
		ssize_t n;
		if (poll(&p, 1, 500) <= 0)
			break;
		n = recv(fd, buf, sizeof(buf), 0);
		if (n <= 0)
			break;
		total += (size_t)n;
	}
	close(fd);
	ck_assert_uint_gt(total, (size_t)sent * 1024);
	exchange("GET / HTTP/1.1\r\n" H "\r\n");
	STARTS("HTTP/1.1 200 ");
}
END_TEST

START_TEST(idle_request_times_out)
{
	teardown();
	start_with(300, 0);
	exchange_ex("GET / HTTP/1.1\r\n", 16, 0, 2000);
	STARTS("HTTP/1.1 408 ");
	ck_assert_int_eq(g.end, 'F');
	exchange_ex("", 0, 0, 2000);
	ck_assert_uint_eq(g.len, 0);
	ck_assert_int_eq(g.end, 'F');
}
END_TEST

START_TEST(lenient_flag)
{
	teardown();
	start_with(0, 2u /* H1_LENIENT_OBS_FOLD */);
	exchange("POST /echo HTTP/1.1\r\n" H "Content-Type: text/\r\n x\r\nContent-Length: 1\r\n\r\nz");
	STARTS("HTTP/1.1 200 ");
	HAS("Content-Type: text/ x\r\n");
}
END_TEST

START_TEST(deviations)
{
	h1c_devset f = 0;
	const char *bad = NULL, *what;
	size_t i;

	ck_assert_int_eq(h1c_serve_deviation_parse("no-date,head-body", &f, &bad), 0);
	ck_assert_uint_eq(f, H1C_DEV_NO_DATE | H1C_DEV_HEAD_BODY);
	ck_assert_int_eq(h1c_serve_deviation_parse("no-date,nope", &f, &bad), -1);
	ck_assert_str_eq(bad, "nope");
	for (i = 0; h1c_serve_deviation_info(i, &f, &what); i++)
		ck_assert_uint_ne(f, 0);
	ck_assert_uint_ge(i, 40);

	teardown();
	start_dev(0, 0, H1C_DEV_NO_DATE | H1C_DEV_HEAD_BODY | H1C_DEV_NO_ALLOW);
	exchange("HEAD / HTTP/1.1\r\n" H "\r\n");
	LACKS("Date:");
	HAS("h1conform serve"); /* content after HEAD */
	exchange("DELETE / HTTP/1.1\r\n" H "\r\n");
	STARTS("HTTP/1.1 405 ");
	LACKS("Allow:");
	teardown();
	start_dev(0, 0, H1C_DEV_IGNORE_CLOSE | H1C_DEV_CHUNKED_HTTP10);
	exchange("GET / HTTP/1.1\r\n" H "Connection: close\r\n\r\nGET / HTTP/1.0\r\n\r\n");
	ck_assert_int_eq(count("HTTP/1.1 200"), 2);
	HAS("Transfer-Encoding: chunked\r\n");
	teardown();
	/* the deviations beyond the first 32 bits of the set */
	ck_assert_int_eq(h1c_serve_deviation_parse("etag-unquoted,206-no-etag", &f, &bad), 0);
	ck_assert(f == (H1C_DEV_ETAG_UNQUOTED | H1C_DEV_206_NO_ETAG));
	start_dev(0, 0, H1C_DEV_ETAG_UNQUOTED | H1C_DEV_HEAD_CL_ZERO | H1C_DEV_ALLOW_NO_HEAD);
	exchange("HEAD /static.txt HTTP/1.1\r\n" H "\r\n");
	HAS("Content-Length: 0\r\n");
	HAS("ETag: s1024-");
	exchange("DELETE /static.txt HTTP/1.1\r\n" H "\r\n");
	HAS("Allow: GET, OPTIONS, TRACE\r\n");
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("harness_serve");
	TCase *tc = tcase_create("serve");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, get_index_keeps_alive);
	tcase_add_test(tc, date_is_imf_fixdate);
	tcase_add_test(tc, head_has_no_content);
	tcase_add_test(tc, pipelined_in_order);
	tcase_add_test(tc, connection_close_honoured);
	tcase_add_test(tc, http10_persistence);
	tcase_add_test(tc, violations_map_to_status);
	tcase_add_test(tc, head_error_has_no_content);
	tcase_add_test(tc, methods_and_resources);
	tcase_add_test(tc, echo);
	tcase_add_test(tc, trace_reflects);
	tcase_add_test(tc, preconditions);
	tcase_add_test(tc, ranges);
	tcase_add_test(tc, continue_sent_when_appropriate);
	tcase_add_test(tc, store_cycle);
	tcase_add_test(tc, half_close_after_request);
	tcase_add_test(tc, hostile_bytes);
	tcase_add_test(tc, client_that_does_not_read);
	tcase_add_test(tc, idle_request_times_out);
	tcase_add_test(tc, lenient_flag);
	tcase_add_test(tc, deviations);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
