/*
 * Unit tests of the reference parser (reference/h1_parser.c).
 *
 * The tests are data: a table of fixtures, each a byte stream with the
 * trace the parser must produce (see h1_trace.h) or the violation it must
 * report. Every fixture is run whole, byte by byte, and split at every
 * single point, always against a guard page, and all runs must agree.
 * Separate tests check that every error id in the table is produced by
 * some fixture and that every leniency flag is exercised both ways.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "reference/h1.h"
#include "reference/tests/h1_trace.h"

/* Fixture rows leave trailing members (limits, len) out on purpose. */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#define REQ     H1_REQUEST
#define RES     H1_RESPONSE
#define L(flag) H1_LENIENT_##flag

struct fixture {
	const char *name;
	int kind;
	const char *method; /* response mode */
	unsigned lenient;
	const char *in;
	const char *want; /* "X id@offset" / "X id@" (offset unchecked) or a whole trace */
	const struct h1_limits *limits;
	size_t len; /* 0: strlen(in); set for inputs holding NUL */
};

static const struct h1_limits small = {32, 24, 3, 80, 16};
static const struct h1_limits small_ext = {0, 0, 0, 0, 16};

#define GET     "GET / HTTP/1.1\r\nHost: a\r\n"
#define POST    "POST / HTTP/1.1\r\nHost: a\r\n"
#define CHUNKED POST "Transfer-Encoding: chunked\r\n\r\n"
/* inputs with NUL octets carry their length */
#define IN_TARGET_NUL "GET /a\x00 HTTP/1.1\r\nHost: a\r\n\r\n"
#define IN_VALUE_NUL                                                                                         \
	GET "X: a\x00"                                                                                       \
	    "b\r\n\r\n"
#define IN_101 "HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\nConnection: upgrade\r\n\r\n\x00\x01"

/* clang-format off */
static const struct fixture fixtures[] = {
	/* --- accepted requests, full traces --- */
	{"get", REQ, 0, 0, GET "\r\n",
	 "H GET / form=1 1.1 body=0 cl=0 flags=1\nF Host=a\nE\nZ 1\n"},
	{"get-ows-stripped", REQ, 0, 0, "GET /a?b HTTP/1.1\r\nHost:a\r\nX: \t v  w \t\r\n\r\n",
	 "H GET /a?b form=1 1.1 body=0 cl=0 flags=1\nF Host=a\nF X=v  w\nE\nZ 1\n"},
	{"empty-value", REQ, 0, 0, GET "X:\r\nY:   \r\n\r\n",
	 "H GET / form=1 1.1 body=0 cl=0 flags=1\nF Host=a\nF X=\nF Y=\nE\nZ 1\n"},
	{"obs-text-value", REQ, 0, 0, GET "X: caf\xe9 \x80\xff\r\n\r\n",
	 "H GET / form=1 1.1 body=0 cl=0 flags=1\nF Host=a\nF X=caf\\xe9 \\x80\\xff\nE\nZ 1\n"},
	{"leading-crlf", REQ, 0, 0, "\r\n\r\n" GET "\r\n",
	 "H GET / form=1 1.1 body=0 cl=0 flags=1\nF Host=a\nE\nZ 1\n"},
	{"content-length", REQ, 0, 0, POST "Content-Length: 5\r\n\r\nhello",
	 "H POST / form=1 1.1 body=1 cl=5 flags=21\nF Host=a\nF Content-Length=5\nD hello|\nE\nZ 1\n"},
	{"content-length-zero", REQ, 0, 0, POST "Content-Length: 000\r\n\r\n",
	 "H POST / form=1 1.1 body=1 cl=0 flags=21\nF Host=a\nF Content-Length=000\nE\nZ 1\n"},
	{"chunked", REQ, 0, 0, CHUNKED "5\r\nhello\r\nA;x=y;q=\"a\\\"b\"\r\n0123456789\r\n0\r\nT: v\r\n\r\n",
	 "H POST / form=1 1.1 body=2 cl=0 flags=11\nF Host=a\nF Transfer-Encoding=chunked\n"
	 "D hello0123456789|\nT T=v\nE\nZ 1\n"},
	{"chunked-ext-bws", REQ, 0, 0, CHUNKED "5 ; a = b\t;c\r\nhello\r\n000\r\n\r\n",
	 "H POST / form=1 1.1 body=2 cl=0 flags=11\nF Host=a\nF Transfer-Encoding=chunked\nD hello|\nE\nZ 1\n"},
	{"chunked-uppercase-hex", REQ, 0, 0, CHUNKED "F\r\n0123456789abcde\r\n0\r\n\r\n",
	 "H POST / form=1 1.1 body=2 cl=0 flags=11\nF Host=a\nF Transfer-Encoding=chunked\n"
	 "D 0123456789abcde|\nE\nZ 1\n"},
	{"te-list", REQ, 0, 0, POST "Transfer-Encoding: gzip\r\nTransfer-Encoding: ,Chunked\r\n\r\n0\r\n\r\n",
	 "H POST / form=1 1.1 body=2 cl=0 flags=11\nF Host=a\nF Transfer-Encoding=gzip\n"
	 "F Transfer-Encoding=,Chunked\nE\nZ 1\n"},
	{"pipelined", REQ, 0, 0, GET "\r\n" POST "Content-Length: 1\r\n\r\nxGET /b HTTP/1.1\r\nHost: c\r\nConnection: close\r\n\r\nGARBAGE",
	 "H GET / form=1 1.1 body=0 cl=0 flags=1\nF Host=a\nE\n"
	 "H POST / form=1 1.1 body=1 cl=1 flags=21\nF Host=a\nF Content-Length=1\nD x|\nE\n"
	 "H GET /b form=1 1.1 body=0 cl=0 flags=2\nF Host=c\nF Connection=close\nE\nZ 2\n"},
	{"http10-closes", REQ, 0, 0, "GET / HTTP/1.0\r\n\r\nGET / HTTP/1.0\r\n\r\n",
	 "H GET / form=1 1.0 body=0 cl=0 flags=0\nE\nZ 2\n"},
	{"http10-keep-alive", REQ, 0, 0, "GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\nGET /2 HTTP/1.0\r\n\r\n",
	 "H GET / form=1 1.0 body=0 cl=0 flags=1\nF Connection=Keep-Alive\nE\n"
	 "H GET /2 form=1 1.0 body=0 cl=0 flags=0\nE\nZ 2\n"},
	{"http12-is-11", REQ, 0, 0, "GET / HTTP/1.2\r\nHost: a\r\n\r\n",
	 "H GET / form=1 1.2 body=0 cl=0 flags=1\nF Host=a\nE\nZ 1\n"},
	{"absolute-form", REQ, 0, 0, "GET http://a.example:8080/p?q HTTP/1.1\r\nHost: b\r\n\r\n",
	 "H GET http://a.example:8080/p?q form=2 1.1 body=0 cl=0 flags=1\nF Host=b\nE\nZ 1\n"},
	{"absolute-form-empty-host-field", REQ, 0, 0, "GET http://a/ HTTP/1.1\r\nHost:\r\n\r\n",
	 "H GET http://a/ form=2 1.1 body=0 cl=0 flags=1\nF Host=\nE\nZ 1\n"},
	{"absolute-form-other-scheme", REQ, 0, 0, "GET urn:isbn:1234 HTTP/1.1\r\nHost: a\r\n\r\n",
	 "H GET urn:isbn:1234 form=2 1.1 body=0 cl=0 flags=1\nF Host=a\nE\nZ 1\n"},
	{"authority-form", REQ, 0, 0, "CONNECT [2001:db8::1]:443 HTTP/1.1\r\nHost: [2001:db8::1]:443\r\n\r\nTUNNEL",
	 "H CONNECT [2001:db8::1]:443 form=3 1.1 body=0 cl=0 flags=1\nF Host=[2001:db8::1]:443\nE\nZ 3\n"},
	{"asterisk-form", REQ, 0, 0, "OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n",
	 "H OPTIONS * form=4 1.1 body=0 cl=0 flags=1\nF Host=a\nE\nZ 1\n"},
	{"pct-and-subdelims", REQ, 0, 0, "GET /%41%7e!$&'()*+,;=:@-._~/?/?% HTTP/1.1\r\nHost: a\r\n\r\n", "X target-pct@"},
	{"pct-ok", REQ, 0, 0, "GET /%41%7e!$&'()*+,;=:@-._~/?/?%2F HTTP/1.1\r\nHost: a\r\n\r\n",
	 "H GET /%41%7e!$&'()*+,;=:@-._~/?/?%2F form=1 1.1 body=0 cl=0 flags=1\nF Host=a\nE\nZ 1\n"},
	{"host-forms", REQ, 0, 0, "GET / HTTP/1.1\r\nHost: 192.0.2.1:\r\n\r\n",
	 "H GET / form=1 1.1 body=0 cl=0 flags=1\nF Host=192.0.2.1:\nE\nZ 1\n"},
	{"expect-continue", REQ, 0, 0, POST "Expect: 100-Continue\r\nContent-Length: 0\r\n\r\n",
	 "H POST / form=1 1.1 body=1 cl=0 flags=25\nF Host=a\nF Expect=100-Continue\nF Content-Length=0\nE\nZ 1\n"},
	{"upgrade", REQ, 0, 0, GET "Connection: Upgrade\r\nUpgrade: websocket\r\n\r\n",
	 "H GET / form=1 1.1 body=0 cl=0 flags=9\nF Host=a\nF Connection=Upgrade\nF Upgrade=websocket\nE\nZ 1\n"},

	/* --- accepted responses --- */
	{"res-cl", RES, 0, 0, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi",
	 "H 200 OK 1.1 body=1 cl=2 flags=21\nF Content-Length=2\nD hi|\nE\nZ 1\n"},
	{"res-empty-reason", RES, 0, 0, "HTTP/1.1 404 \r\nContent-Length: 0\r\n\r\n",
	 "H 404  1.1 body=1 cl=0 flags=21\nF Content-Length=0\nE\nZ 1\n"},
	{"res-reason-obs-text", RES, 0, 0, "HTTP/1.1 200 \xc3\xa7" "a\tva\r\nContent-Length: 0\r\n\r\n",
	 "H 200 \\xc3\\xa7a\\x09va 1.1 body=1 cl=0 flags=21\nF Content-Length=0\nE\nZ 1\n"},
	{"res-close-delimited", RES, 0, 0, "HTTP/1.1 200 OK\r\n\r\nall of this",
	 "H 200 OK 1.1 body=3 cl=0 flags=0\nD all of this|\nE\nZ 2\n"},
	{"res-head", RES, "HEAD", 0, "HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\n",
	 "H 200 OK 1.1 body=0 cl=0 flags=21\nF Content-Length=20\nE\nZ 1\n"},
	{"res-head-chunked", RES, "HEAD", 0, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
	 "H 200 OK 1.1 body=0 cl=0 flags=11\nF Transfer-Encoding=chunked\nE\nZ 1\n"},
	{"res-304", RES, 0, 0, "HTTP/1.1 304 Not Modified\r\nContent-Length: 9\r\n\r\nHTTP/1.1 200 OK\r\n\r\n",
	 "H 304 Not Modified 1.1 body=0 cl=0 flags=21\nF Content-Length=9\nE\nH 200 OK 1.1 body=3 cl=0 flags=0\nE\nZ 2\n"},
	{"res-interim", RES, 0, 0, "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n",
	 "H 100 Continue 1.1 body=0 cl=0 flags=1\nE\nH 103 Early Hints 1.1 body=0 cl=0 flags=1\nF Link=</a>\nE\n"
	 "H 204 No Content 1.1 body=0 cl=0 flags=1\nE\nZ 1\n"},
	{"res-101", RES, 0, 0, IN_101,
	 "H 101 Switching Protocols 1.1 body=4 cl=0 flags=9\nF Upgrade=x\nF Connection=upgrade\nE\nZ 4\n", NULL,
	 sizeof(IN_101) - 1},
	{"res-connect", RES, "CONNECT", 0, "HTTP/1.1 200 Connection Established\r\n\r\nbinary",
	 "H 200 Connection Established 1.1 body=4 cl=0 flags=1\nE\nZ 3\n"},
	{"res-connect-refused", RES, "CONNECT", 0, "HTTP/1.1 403 Forbidden\r\nContent-Length: 1\r\n\r\nx",
	 "H 403 Forbidden 1.1 body=1 cl=1 flags=21\nF Content-Length=1\nD x|\nE\nZ 1\n"},
	{"res-gzip-close", RES, 0, 0, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\nzz",
	 "H 200 OK 1.1 body=3 cl=0 flags=10\nF Transfer-Encoding=chunked, gzip\nD zz|\nE\nZ 2\n"},
	{"res-chunked-trailers", RES, 0, 0, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nA: 1\r\nB: 2\r\n\r\n",
	 "H 200 OK 1.1 body=2 cl=0 flags=11\nF Transfer-Encoding=chunked\nD abc|\nT A=1\nT B=2\nE\nZ 1\n"},
	{"res-http10", RES, 0, 0, "HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\nxHTTP/1.0 200 OK\r\n\r\n",
	 "H 200 OK 1.0 body=1 cl=1 flags=20\nF Content-Length=1\nD x|\nE\nZ 2\n"},

	/* --- one fixture or more per error id --- */
	{"method-char", REQ, 0, 0, "G@T / HTTP/1.1\r\nHost: a\r\n\r\n", "X method@1"},
	{"method-empty", REQ, 0, 0, " GET / HTTP/1.1\r\nHost: a\r\n\r\n", "X method@0"},
	{"method-ctl", REQ, 0, 0, "\x01GET / HTTP/1.1\r\n\r\n", "X method@0"},
	{"request-line-sp", REQ, 0, 0, "GET  / HTTP/1.1\r\nHost: a\r\n\r\n", "X request-line-sp@4"},
	{"request-line-sp-end", REQ, 0, 0, "GET / HTTP/1.1 \r\nHost: a\r\n\r\n", "X request-line-sp@14"},
	{"request-line-tab", REQ, 0, 0, "GET\t/ HTTP/1.1\r\nHost: a\r\n\r\n", "X method@3"},
	{"target-empty", REQ, 0, 0, "GET \r\nHost: a\r\n\r\n", "X target-empty@4"},
	{"target-char", REQ, 0, 0, "GET /a\"b HTTP/1.1\r\nHost: a\r\n\r\n", "X target-char@6"},
	{"target-fragment", REQ, 0, 0, "GET /a#b HTTP/1.1\r\nHost: a\r\n\r\n", "X target-char@6"},
	{"target-nul", REQ, 0, 0, IN_TARGET_NUL, "X target-char@6", NULL, sizeof(IN_TARGET_NUL) - 1},
	{"target-pct", REQ, 0, 0, "GET /%zz HTTP/1.1\r\nHost: a\r\n\r\n", "X target-pct@5"},
	{"target-pct-short", REQ, 0, 0, "GET /%4 HTTP/1.1\r\nHost: a\r\n\r\n", "X target-pct@5"},
	{"target-form-asterisk", REQ, 0, 0, "GET * HTTP/1.1\r\nHost: a\r\n\r\n", "X target-form@4"},
	{"target-form-connect-origin", REQ, 0, 0, "CONNECT / HTTP/1.1\r\nHost: a\r\n\r\n", "X target-form@8"},
	{"target-authority-no-port", REQ, 0, 0, "CONNECT a HTTP/1.1\r\nHost: a\r\n\r\n", "X target-authority@"},
	{"target-authority-empty-port", REQ, 0, 0, "CONNECT a: HTTP/1.1\r\nHost: a\r\n\r\n", "X target-authority@"},
	{"target-authority-userinfo", REQ, 0, 0, "CONNECT u@a:1 HTTP/1.1\r\nHost: a\r\n\r\n", "X target-authority@"},
	{"target-authority-bad-ipv6", REQ, 0, 0, "GET http://[::g]/ HTTP/1.1\r\nHost: a\r\n\r\n", "X target-authority@"},
	{"target-authority-bad-port", REQ, 0, 0, "GET http://a:8x/ HTTP/1.1\r\nHost: a\r\n\r\n", "X target-authority@"},
	{"target-userinfo", REQ, 0, 0, "GET http://u:p@a/ HTTP/1.1\r\nHost: a\r\n\r\n", "X target-userinfo@11"},
	{"target-empty-host", REQ, 0, 0, "GET http:///x HTTP/1.1\r\nHost: a\r\n\r\n", "X target-empty-host@11"},
	{"target-http-no-authority", REQ, 0, 0, "GET http:/x HTTP/1.1\r\nHost: a\r\n\r\n", "X target-empty-host@"},
	{"target-empty-host-port", REQ, 0, 0, "GET https://:443/ HTTP/1.1\r\nHost: a\r\n\r\n", "X target-empty-host@"},
	{"target-scheme", REQ, 0, 0, "GET 1http://a/ HTTP/1.1\r\nHost: a\r\n\r\n", "X target-scheme@4"},
	{"target-scheme-no-colon", REQ, 0, 0, "GET abc HTTP/1.1\r\nHost: a\r\n\r\n", "X target-scheme@7"},
	{"version-case", REQ, 0, 0, "GET / http/1.1\r\nHost: a\r\n\r\n", "X version@6"},
	{"version-digits", REQ, 0, 0, "GET / HTTP/1.10\r\nHost: a\r\n\r\n", "X version@14"},
	{"version-short", REQ, 0, 0, "GET / HTTP/1\r\nHost: a\r\n\r\n", "X version@"},
	{"version-unsupported", REQ, 0, 0, "GET / HTTP/2.0\r\nHost: a\r\n\r\n", "X version-unsupported@11"},
	{"version-09-explicit", REQ, 0, 0, "GET / HTTP/0.9\r\nHost: a\r\n\r\n", "X version-unsupported@"},
	{"http09", REQ, 0, 0, "GET /\r\n", "X http09@5"},
	{"start-line-too-long", REQ, 0, 0, "GET /aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa HTTP/1.1\r\nHost: a\r\n\r\n",
	 "X start-line-too-long@32", &small},
	{"start-line-too-long-incomplete", REQ, 0, 0, "GET /aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "X start-line-too-long@32", &small},
	{"status-code", RES, 0, 0, "HTTP/1.1 2x0 OK\r\n\r\n", "X status-code@10"},
	{"status-code-4", RES, 0, 0, "HTTP/1.1 2000 OK\r\n\r\n", "X status-code@12"},
	{"status-range-low", RES, 0, 0, "HTTP/1.1 099 X\r\n\r\n", "X status-range@9"},
	{"status-range-high", RES, 0, 0, "HTTP/1.1 600 X\r\n\r\n", "X status-range@9"},
	{"status-line-sp", RES, 0, 0, "HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n", "X status-line-sp@12"},
	{"status-line-sp-version", RES, 0, 0, "HTTP/1.1  200 OK\r\n\r\n", "X status-code@9"},
	{"status-version", RES, 0, 0, "HTTP/1.1/200 OK\r\n\r\n", "X status-line-sp@8"},
	{"status-empty-line", RES, 0, 0, "\r\nHTTP/1.1 200 OK\r\n\r\n", "X version@0"},
	{"status-version-unsupported", RES, 0, 0, "HTTP/2.0 200 OK\r\n\r\n", "X version-unsupported@5"},
	{"reason-char", RES, 0, 0, "HTTP/1.1 200 O\x01K\r\n\r\n", "X reason-char@14"},
	{"reason-del", RES, 0, 0, "HTTP/1.1 200 O\x7fK\r\n\r\n", "X reason-char@14"},
	{"bare-cr-value", REQ, 0, 0, GET "X: a\rb\r\n\r\n", "X bare-cr@29"},
	{"bare-cr-end-of-head", REQ, 0, 0, GET "\r\rX", "X bare-cr@25"},
	{"bare-cr-end-of-head-more", REQ, 0, 0, GET "\r\rX: y\r\n\r\n", "X bare-cr@25"},
	{"bare-cr-request-line", REQ, 0, 0, "GET /\r HTTP/1.1\r\nHost: a\r\n\r\n", "X bare-cr@5"},
	{"bare-cr-chunk-line", REQ, 0, 0, CHUNKED "5\r\rhello\r\n0\r\n\r\n", "X bare-cr@"},
	{"bare-lf-request-line", REQ, 0, 0, "GET / HTTP/1.1\nHost: a\r\n\r\n", "X bare-lf@14"},
	{"bare-lf-field", REQ, 0, 0, GET "X: y\n\r\n", "X bare-lf@29"},
	{"bare-lf-end", REQ, 0, 0, GET "\n", "X bare-lf@25"},
	{"bare-lf-chunk", REQ, 0, 0, CHUNKED "5\nhello\r\n0\r\n\r\n", "X bare-lf@"},
	{"bare-lf-chunk-data", REQ, 0, 0, CHUNKED "5\r\nhello\n0\r\n\r\n", "X chunk-data-crlf@"},
	{"ws-after-start-line", REQ, 0, 0, "GET / HTTP/1.1\r\n Host: a\r\n\r\n", "X ws-after-start-line@16"},
	{"field-name-empty", REQ, 0, 0, GET ": a\r\n\r\n", "X field-name-empty@25"},
	{"field-name-char", REQ, 0, 0, GET "Fo(o: a\r\n\r\n", "X field-name-char@27"},
	{"field-name-space-inside", REQ, 0, 0, GET "Fo o: a\r\n\r\n", "X field-name-char@27"},
	{"field-name-obs-text", REQ, 0, 0, GET "F\xe9: a\r\n\r\n", "X field-name-char@26"},
	{"field-no-colon", REQ, 0, 0, GET "Foo\r\n\r\n", "X field-no-colon@25"},
	{"field-no-colon-space", REQ, 0, 0, GET "Foo bar\r\n\r\n", "X field-no-colon@25"},
	{"ws-before-colon", REQ, 0, 0, GET "Foo : a\r\n\r\n", "X ws-before-colon@28"},
	{"ws-before-colon-res", RES, 0, 0, "HTTP/1.1 200 OK\r\nContent-Length : 0\r\n\r\n", "X ws-before-colon@31"},
	{"field-value-nul", REQ, 0, 0, IN_VALUE_NUL, "X field-value-char@29", NULL, sizeof(IN_VALUE_NUL) - 1},
	{"field-value-del", REQ, 0, 0, GET "X: a\x7f\r\n\r\n", "X field-value-char@29"},
	{"field-value-ctl", REQ, 0, 0, GET "X: \x1b[0m\r\n\r\n", "X field-value-char@28"},
	{"obs-fold", REQ, 0, 0, GET "X: a\r\n b\r\n\r\n", "X obs-fold@31"},
	{"obs-fold-res", RES, 0, 0, "HTTP/1.1 200 OK\r\nX: a\r\n\tb\r\nContent-Length: 0\r\n\r\n", "X obs-fold@"},
	{"field-line-too-long", REQ, 0, 0, "GET / HTTP/1.1\r\nHost: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n",
	 "X field-line-too-long@40", &small},
	{"too-many-fields", REQ, 0, 0, "GET / HTTP/1.1\r\nHost: a\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n", "X too-many-fields@37", &small},
	{"head-too-large", REQ, 0, 0, "GET /aaaaaaaaaa HTTP/1.1\r\nHost: a\r\nAAAAA: 11111111111111111\r\nBBBBB: 22222222222222222\r\n\r\n",
	 "X head-too-large@80", &small},
	{"head-too-large-incomplete", REQ, 0, 0, "GET /aaaaaaaaaa HTTP/1.1\r\nHost: a\r\nAAAAA: 11111111111111111\r\nBBBBB: 22222222222222222",
	 "X head-too-large@80", &small},
	{"host-missing", REQ, 0, 0, "GET / HTTP/1.1\r\nX: y\r\n\r\n", "X host-missing@22"},
	{"host-duplicate", REQ, 0, 0, GET "Host: a\r\n\r\n", "X host-duplicate@25"},
	{"host-duplicate-http10", REQ, 0, 0, "GET / HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n", "X host-duplicate@25"},
	{"host-invalid", REQ, 0, 0, "GET / HTTP/1.1\r\nHost: a b\r\n\r\n", "X host-invalid@23"},
	{"host-invalid-userinfo", REQ, 0, 0, "GET / HTTP/1.1\r\nHost: u@a\r\n\r\n", "X host-invalid@23"},
	{"host-invalid-ipv6", REQ, 0, 0, "GET / HTTP/1.1\r\nHost: [1:2:3:4:5:6:7:8:9]\r\n\r\n", "X host-invalid@22"},
	{"host-invalid-port", REQ, 0, 0, "GET / HTTP/1.1\r\nHost: a:b\r\n\r\n", "X host-invalid@24"},
	{"host-empty", REQ, 0, 0, "GET / HTTP/1.1\r\nHost:\r\n\r\n", "X host-empty@21"},
	{"cl-invalid-plus", REQ, 0, 0, POST "Content-Length: +5\r\n\r\nhello", "X cl-invalid@42"},
	{"cl-invalid-hex", REQ, 0, 0, POST "Content-Length: 0x5\r\n\r\nhello", "X cl-invalid@43"},
	{"cl-invalid-empty", REQ, 0, 0, POST "Content-Length:\r\n\r\n", "X cl-invalid@41"},
	{"cl-invalid-trailing-comma", REQ, 0, 0, POST "Content-Length: 5,\r\n\r\nhello", "X cl-invalid@44"},
	{"cl-invalid-space", REQ, 0, 0, POST "Content-Length: 5 5\r\n\r\nhello", "X cl-invalid@44"},
	{"cl-overflow", REQ, 0, 0, POST "Content-Length: 99999999999999999999\r\n\r\n", "X cl-overflow@60"},
	{"cl-conflict", REQ, 0, 0, POST "Content-Length: 5, 6\r\n\r\nhello", "X cl-conflict@45"},
	{"cl-conflict-lines", REQ, 0, 0, POST "Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello", "X cl-conflict@61"},
	{"cl-duplicate", REQ, 0, 0, POST "Content-Length: 5\r\nContent-Length: 5\r\n\r\nhello", "X cl-duplicate@61"},
	{"cl-duplicate-list", REQ, 0, 0, POST "Content-Length: 5,5\r\n\r\nhello", "X cl-duplicate@44"},
	{"te-and-cl", REQ, 0, 0, POST "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", "X te-and-cl@45"},
	{"te-and-cl-res", RES, 0, 0, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n", "X te-and-cl@"},
	{"te-not-chunked-final", REQ, 0, 0, POST "Transfer-Encoding: gzip\r\n\r\n", "X te-not-chunked-final@26"},
	{"te-chunked-not-last", REQ, 0, 0, POST "Transfer-Encoding: chunked, gzip\r\n\r\n", "X te-not-chunked-final@26"},
	{"te-chunked-twice", REQ, 0, 0, POST "Transfer-Encoding: chunked, chunked\r\n\r\n", "X te-chunked-twice@54"},
	{"te-chunked-twice-lines", REQ, 0, 0, POST "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n", "X te-chunked-twice@"},
	{"te-unknown", REQ, 0, 0, POST "Transfer-Encoding: xchunked\r\n\r\n", "X te-unknown@45"},
	{"te-unknown-identity", REQ, 0, 0, POST "Transfer-Encoding: identity, chunked\r\n\r\n", "X te-unknown@45"},
	{"te-no-coding", REQ, 0, 0, POST "Transfer-Encoding: ,\r\n\r\n", "X te-not-chunked-final@26"},
	{"te-invalid-quoted", REQ, 0, 0, POST "Transfer-Encoding: \"chunked\"\r\n\r\n", "X te-invalid@45"},
	{"te-invalid-chunked-param", REQ, 0, 0, POST "Transfer-Encoding: chunked;a=b\r\n\r\n", "X te-invalid@52"},
	{"te-invalid-param-syntax", REQ, 0, 0, POST "Transfer-Encoding: gzip;=x, chunked\r\n\r\n", "X te-invalid@50"},
	{"te-vertical-tab", REQ, 0, 0, POST "Transfer-Encoding: \x0b" "chunked\r\n\r\n", "X field-value-char@45"},
	{"te-http10", REQ, 0, 0, "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", "X te-http10@17"},
	{"te-http10-res", RES, 0, 0, "HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", "X te-http10@17"},
	{"framing-204-cl", RES, 0, 0, "HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n", "X framing-no-body-status@25"},
	{"framing-100-te", RES, 0, 0, "HTTP/1.1 100 Continue\r\nTransfer-Encoding: chunked\r\n\r\n", "X framing-no-body-status@23"},
	{"connect-2xx-ignores-framing", RES, "CONNECT", 0, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n\x16\x03",
	 "H 200 OK 1.1 body=4 cl=0 flags=30\nF Content-Length=5\nF Transfer-Encoding=chunked\nE\nZ 3\n"},
	{"connect-204-is-tunnel", RES, "CONNECT", 0, "HTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 200 OK\r\n\r\n",
	 "H 204 No Content 1.1 body=4 cl=0 flags=1\nE\nZ 3\n"},
	{"te-empty-line-after-chunked", REQ, 0, 0, POST "Transfer-Encoding: chunked\r\nTransfer-Encoding:\r\n\r\n0\r\n\r\n",
	 "H POST / form=1 1.1 body=2 cl=0 flags=11\nF Host=a\nF Transfer-Encoding=chunked\nF Transfer-Encoding=\nE\nZ 1\n"},
	{"te-no-coding-response", RES, 0, 0, "HTTP/1.1 200 OK\r\nTransfer-Encoding: ,\r\n\r\nbody",
	 "H 200 OK 1.1 body=3 cl=0 flags=10\nF Transfer-Encoding=,\nD body|\nE\nZ 2\n"},
	{"te-gzip-params", REQ, 0, 0, POST "Transfer-Encoding: gzip;level=9, chunked\r\n\r\n", "X te-invalid@49"},
	{"chunk-size", REQ, 0, 0, CHUNKED "zz\r\n", "X chunk-size@56"},
	{"chunk-size-0x", REQ, 0, 0, CHUNKED "0x5\r\nhello\r\n0\r\n\r\n", "X chunk-size@57"},
	{"chunk-size-empty", REQ, 0, 0, CHUNKED "\r\n", "X chunk-size@56"},
	{"chunk-size-leading-space", REQ, 0, 0, CHUNKED " 5\r\nhello\r\n0\r\n\r\n", "X chunk-size@56"},
	{"chunk-size-minus", REQ, 0, 0, CHUNKED "-5\r\n", "X chunk-size@56"},
	{"chunk-size-overflow", REQ, 0, 0, CHUNKED "10000000000000000\r\n", "X chunk-size-overflow@"},
	{"chunk-size-max-ok", REQ, 0, 0, CHUNKED "00007fffffffffffffff\r\nab", "X incomplete-body@"},
	{"chunk-ext-empty", REQ, 0, 0, CHUNKED "5;\r\nhello\r\n0\r\n\r\n", "X chunk-ext@58"},
	{"chunk-ext-trailing-ws", REQ, 0, 0, CHUNKED "5 \r\nhello\r\n0\r\n\r\n", "X chunk-ext@57"},
	{"chunk-ext-bad-quote", REQ, 0, 0, CHUNKED "5;a=\"x\r\nhello\r\n0\r\n\r\n", "X chunk-ext@"},
	{"chunk-ext-no-value", REQ, 0, 0, CHUNKED "5;a=\r\nhello\r\n0\r\n\r\n", "X chunk-ext@"},
	{"chunk-ext-too-long", REQ, 0, 0, "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5;aaaaaaaaaaaaaaaaaaaaa\r\n", "X chunk-ext-too-long@72", &small_ext},
	{"chunk-ext-bare-cr-in-bws", REQ, 0, 0, CHUNKED "5 \r;a\r\nhello\r\n0\r\n\r\n", "X bare-cr@58"},
	{"chunk-ext-bare-cr-in-name", REQ, 0, 0, CHUNKED "5;a\rb\r\nhello\r\n0\r\n\r\n", "X bare-cr@59"},
	{"chunk-ext-bare-cr-in-value", REQ, 0, 0, CHUNKED "5;a=\"\r\"\r\nhello\r\n0\r\n\r\n", "X bare-cr@61"},
	{"chunk-data-crlf", REQ, 0, 0, CHUNKED "5\r\nhelloX\r\n0\r\n\r\n", "X chunk-data-crlf@64"},
	{"chunk-data-too-long", REQ, 0, 0, CHUNKED "3\r\nhello\r\n0\r\n\r\n", "X chunk-data-crlf@62"},
	{"trailer-forbidden", REQ, 0, 0, CHUNKED "0\r\nContent-Length: 5\r\n\r\n", "X trailer-forbidden@59"},
	{"trailer-obs-fold", REQ, 0, 0, CHUNKED "0\r\n x\r\n\r\n", "X obs-fold@59"},
	{"trailer-bad-name", REQ, 0, 0, CHUNKED "0\r\nA B: c\r\n\r\n", "X field-name-char@60"},
	{"connection-invalid", REQ, 0, 0, GET "Connection: a b\r\n\r\n", "X connection-invalid@39"},
	{"connection-invalid-char", REQ, 0, 0, GET "Connection: @\r\n\r\n", "X connection-invalid@37"},
	{"incomplete-head", REQ, 0, 0, GET, "X incomplete-head@25"},
	{"incomplete-head-cr", REQ, 0, 0, GET "\r", "X incomplete-head@26"},
	{"incomplete-body", REQ, 0, 0, POST "Content-Length: 5\r\n\r\nhel", "X incomplete-body@50"},
	{"incomplete-chunked", REQ, 0, 0, CHUNKED "5\r\nhel", "X incomplete-body@"},
	{"incomplete-trailers", REQ, 0, 0, CHUNKED "0\r\nA: b\r\n", "X incomplete-body@"},
	{"incomplete-res", RES, 0, 0, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nab", "X incomplete-body@"},
	{"empty-stream", REQ, 0, 0, "", "Z 1\n"},
	{"only-crlf", REQ, 0, 0, "\r\n\r\n", "Z 1\n"},

	/* --- leniency flags, each on (accepted) --- */
	{"lenient-bare-lf", REQ, 0, L(BARE_LF), "GET / HTTP/1.1\nHost: a\nX: y\r\n\n",
	 "H GET / form=1 1.1 body=0 cl=0 flags=41\nF Host=a\nF X=y\nE\nZ 1\n"},
	{"lenient-bare-lf-chunked", REQ, 0, L(BARE_LF), CHUNKED "5\nhello\n0\n\n",
	 "H POST / form=1 1.1 body=2 cl=0 flags=11\nF Host=a\nF Transfer-Encoding=chunked\nD hello|\nE\nZ 1\n"},
	{"lenient-obs-fold", REQ, 0, L(OBS_FOLD), GET "X: a  \r\n \t b\r\n  c\r\nY:\r\n  z\r\n\r\n",
	 "H GET / form=1 1.1 body=0 cl=0 flags=41\nF Host=a\nF X=a b c\nF Y=z\nE\nZ 1\n"},
	{"lenient-obs-fold-cl", REQ, 0, L(OBS_FOLD), POST "Content-Length:\r\n 2\r\n\r\nhi",
	 "H POST / form=1 1.1 body=1 cl=2 flags=61\nF Host=a\nF Content-Length=2\nD hi|\nE\nZ 1\n"},
	{"lenient-ws-before-colon", REQ, 0, L(WS_BEFORE_COLON), GET "X \t: y\r\n\r\n",
	 "H GET / form=1 1.1 body=0 cl=0 flags=41\nF Host=a\nF X=y\nE\nZ 1\n"},
	{"lenient-missing-host", REQ, 0, L(MISSING_HOST), "GET / HTTP/1.1\r\n\r\n",
	 "H GET / form=1 1.1 body=0 cl=0 flags=41\nE\nZ 1\n"},
	{"lenient-http09", REQ, 0, L(HTTP09), "GET /x\r\nrest",
	 "H GET /x form=1 0.9 body=0 cl=0 flags=40\nE\nZ 2\n"},
	{"lenient-http09-not-post", REQ, 0, L(HTTP09), "POST /x\r\n", "X http09@7"},
	{"lenient-te-and-cl", REQ, 0, L(TE_AND_CL), POST "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n\r\nGET",
	 "H POST / form=1 1.1 body=2 cl=0 flags=70\nF Host=a\nF Content-Length=3\nF Transfer-Encoding=chunked\nD x|\nE\nZ 2\n"},
	{"lenient-chunk-size-ws", REQ, 0, L(CHUNK_SIZE_WS), CHUNKED " 5 \r\nhello\r\n0\t;a\r\n\r\n",
	 "H POST / form=1 1.1 body=2 cl=0 flags=11\nF Host=a\nF Transfer-Encoding=chunked\nD hello|\nE\nZ 1\n"},
	{"lenient-cl-list", REQ, 0, L(CL_LIST), POST "Content-Length: 2, 2\r\nContent-Length: 2\r\n\r\nhi",
	 "H POST / form=1 1.1 body=1 cl=2 flags=61\nF Host=a\nF Content-Length=2, 2\nF Content-Length=2\nD hi|\nE\nZ 1\n"},
	{"lenient-cl-list-conflict", REQ, 0, L(CL_LIST), POST "Content-Length: 2, 3\r\n\r\nhi", "X cl-conflict@45"},
	{"lenient-request-line-ws", REQ, 0, L(REQUEST_LINE_WS), "GET  \t/x\tHTTP/1.1 \r\nHost: a\r\n\r\n",
	 "H GET /x form=1 1.1 body=0 cl=0 flags=41\nF Host=a\nE\nZ 1\n"},
	{"lenient-bare-cr", REQ, 0, L(BARE_CR), GET "X: a\rb\r\r\n\r\n",
	 "H GET / form=1 1.1 body=0 cl=0 flags=41\nF Host=a\nF X=a b\nE\nZ 1\n"},
	{"lenient-bare-cr-leading", REQ, 0, L(BARE_CR), GET "X:\r\r y\r\r\r\n\r\n",
	 "H GET / form=1 1.1 body=0 cl=0 flags=41\nF Host=a\nF X=y\nE\nZ 1\n"},
	{"lenient-ctl-in-value", REQ, 0, L(CTL_IN_VALUE), GET "X: a\x01\x1f" "b\r\n\r\n",
	 "H GET / form=1 1.1 body=0 cl=0 flags=41\nF Host=a\nF X=a\\x01\\x1fb\nE\nZ 1\n"},
	{"lenient-ctl-in-value-nul", REQ, 0, L(CTL_IN_VALUE), IN_VALUE_NUL, "X field-value-char@29", NULL,
	 sizeof(IN_VALUE_NUL) - 1},
	{"lenient-status-no-sp", RES, 0, L(STATUS_NO_SP), "HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n",
	 "H 200  1.1 body=1 cl=0 flags=61\nF Content-Length=0\nE\nZ 1\n"},
	{"lenient-no-body-framing", RES, 0, L(NO_BODY_FRAMING), "HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
	 "H 204 No Content 1.1 body=0 cl=0 flags=61\nF Content-Length=5\nE\nH 200 OK 1.1 body=1 cl=0 flags=21\nF Content-Length=0\nE\nZ 1\n"},
	{"lenient-te-http10", REQ, 0, L(TE_HTTP10), "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
	 "H POST / form=1 1.0 body=2 cl=0 flags=50\nF Transfer-Encoding=chunked\nE\nZ 2\n"},
	{"lenient-te-http10-closes", REQ, 0, L(TE_HTTP10),
	 "POST / HTTP/1.0\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET / HTTP/1.0\r\n\r\n",
	 "H POST / form=1 1.0 body=2 cl=0 flags=50\nF Connection=keep-alive\nF Transfer-Encoding=chunked\nE\nZ 2\n"},
	{"lenient-te-unknown", REQ, 0, L(TE_UNKNOWN), POST "Transfer-Encoding: foo, chunked\r\n\r\n0\r\n\r\n",
	 "H POST / form=1 1.1 body=2 cl=0 flags=51\nF Host=a\nF Transfer-Encoding=foo, chunked\nE\nZ 1\n"},
	{"lenient-target-chars", REQ, 0, L(TARGET_CHARS), "GET /a|b{c}\"\xe9 HTTP/1.1\r\nHost: a\r\n\r\n",
	 "H GET /a|b{c}\"\\xe9 form=1 1.1 body=0 cl=0 flags=1\nF Host=a\nE\nZ 1\n"},
	{"lenient-target-chars-space", REQ, 0, L(TARGET_CHARS), "GET /a b HTTP/1.1\r\nHost: a\r\n\r\n", "X version@7"},
	{"lenient-host-duplicate", REQ, 0, L(HOST_DUPLICATE), GET "Host: a\r\n\r\n",
	 "H GET / form=1 1.1 body=0 cl=0 flags=41\nF Host=a\nF Host=a\nE\nZ 1\n"},
	{"lenient-host-duplicate-differs", REQ, 0, L(HOST_DUPLICATE), GET "Host: b\r\n\r\n", "X host-duplicate@25"},
	{"lenient-trailer-fields", REQ, 0, L(TRAILER_FIELDS), CHUNKED "0\r\nContent-Length: 5\r\n\r\n",
	 "H POST / form=1 1.1 body=2 cl=0 flags=11\nF Host=a\nF Transfer-Encoding=chunked\nT Content-Length=5\nE\nZ 1\n"},
};
/* clang-format on */

#define NFIX (sizeof(fixtures) / sizeof(fixtures[0]))

static struct h1t_opts opts_for(const struct fixture *f, size_t step)
{
	struct h1t_opts o;

	memset(&o, 0, sizeof(o));
	o.kind = f->kind;
	o.method = f->method;
	o.lenient = f->lenient;
	o.limits = f->limits;
	o.step = step;
	return o;
}

static size_t fixture_len(const struct fixture *f)
{
	return f->len ? f->len : strlen(f->in);
}

static void check_expected(const struct fixture *f, const char *got)
{
	if (strncmp(f->want, "X ", 2) == 0) {
		const char *last = got + strlen(got);
		size_t wl = strlen(f->want);
		/* the violation is the last line of the trace */
		while (last > got && last[-1] == '\n')
			last--;
		while (last > got && last[-1] != '\n')
			last--;
		ck_assert_msg(strncmp(last, f->want, wl) == 0, "%s: want '%s', got:\n%s", f->name, f->want,
		              got);
		if (f->want[wl - 1] != '@')
			ck_assert_msg(last[wl] == '\n', "%s: want '%s', got:\n%s", f->name, f->want, got);
	} else {
		ck_assert_msg(strcmp(got, f->want) == 0, "%s:\nwant:\n%s\ngot:\n%s", f->name, f->want, got);
	}
}

START_TEST(fixture_whole)
{
	const struct fixture *f = &fixtures[_i];
	struct h1t_opts o = opts_for(f, 0);

	check_expected(f, h1t_trace(&o, f->in, fixture_len(f)));
}
END_TEST

/* Byte by byte and at every single split point: the same trace. */
START_TEST(fixture_splits)
{
	const struct fixture *f = &fixtures[_i];
	size_t len = fixture_len(f), cut;
	struct h1t_opts o = opts_for(f, 0);
	char *whole = strdup(h1t_trace(&o, f->in, len));

	o = opts_for(f, 1);
	ck_assert_msg(strcmp(h1t_trace(&o, f->in, len), whole) == 0, "%s byte by byte:\n%s\nvs whole:\n%s",
	              f->name, h1t_trace(&o, f->in, len), whole);
	for (cut = 1; cut < len; cut++) {
		o = opts_for(f, 0);
		o.cuts = &cut;
		o.ncuts = 1;
		ck_assert_msg(strcmp(h1t_trace(&o, f->in, len), whole) == 0,
		              "%s split at %zu:\n%s\nvs whole:\n%s", f->name, cut, h1t_trace(&o, f->in, len),
		              whole);
	}
	free(whole);
}
END_TEST

/* Every row of the error table is produced by at least one fixture. */
START_TEST(every_error_is_triggered)
{
	int code;

	for (code = 1; code < H1_E__LAST; code++) {
		const char *name = h1_error_name(code);
		size_t i, n = strlen(name);
		int seen = h1_error_retired(code);
		ck_assert_ptr_nonnull(name);
		ck_assert_ptr_nonnull(h1_error_section(code));
		ck_assert_ptr_nonnull(h1_error_message(code));
		ck_assert_int_eq(h1_error_from_name(name), code);
		for (i = 0; i < NFIX && !seen; i++) {
			struct h1t_opts o = opts_for(&fixtures[i], 0);
			const char *t;
			if (strncmp(fixtures[i].want, "X ", 2) != 0 ||
			    strncmp(fixtures[i].want + 2, name, n) != 0 || fixtures[i].want[2 + n] != '@')
				continue;
			t = h1t_trace(&o, fixtures[i].in, fixture_len(&fixtures[i]));
			seen = strstr(t, fixtures[i].want) != NULL;
		}
		ck_assert_msg(seen, "no fixture triggers error '%s'", name);
	}
	ck_assert_ptr_null(h1_error_name(0));
	ck_assert_ptr_null(h1_error_name(H1_E__LAST));
	ck_assert_int_eq(h1_error_from_name("no-such-error"), H1_E_NONE);
}
END_TEST

/* Every leniency flag: a fixture accepts with it, and the same bytes are
 * rejected without it. */
START_TEST(every_flag_both_ways)
{
	unsigned bit;

	for (bit = 0; bit < H1_LENIENT__COUNT; bit++) {
		unsigned flag = 1u << bit;
		size_t i;
		int on = 0, off = 0;
		for (i = 0; i < NFIX; i++) {
			const struct fixture *f = &fixtures[i];
			struct h1t_opts o = opts_for(f, 0);
			const char *t;
			if (f->lenient != flag || strncmp(f->want, "X ", 2) == 0)
				continue;
			t = h1t_trace(&o, f->in, fixture_len(f));
			if (strstr(t, "\nX ") == NULL && strncmp(t, "X ", 2) != 0)
				on++;
			o.lenient = 0;
			t = h1t_trace(&o, f->in, fixture_len(f));
			if (strstr(t, "X ") != NULL)
				off++;
		}
		ck_assert_msg(on > 0 && off == on, "flag %s: %d accepting fixtures, %d rejected without it",
		              h1_lenient_name(flag), on, off);
	}
}
END_TEST

START_TEST(lenient_names)
{
	unsigned flags = 0;
	const char *bad = NULL;
	unsigned bit;

	for (bit = 0; bit < H1_LENIENT__COUNT; bit++) {
		const char *name = h1_lenient_name(1u << bit);
		ck_assert_ptr_nonnull(name);
		ck_assert_int_eq(h1_lenient_parse(name, &flags, &bad), 0);
		ck_assert_uint_eq(flags, 1u << bit);
	}
	ck_assert_int_eq(h1_lenient_parse("bare-lf,obs-fold", &flags, &bad), 0);
	ck_assert_uint_eq(flags, H1_LENIENT_BARE_LF | H1_LENIENT_OBS_FOLD);
	ck_assert_int_eq(h1_lenient_parse("all", &flags, &bad), 0);
	ck_assert_uint_eq(flags, (1u << H1_LENIENT__COUNT) - 1);
	ck_assert_int_eq(h1_lenient_parse("bare-lf,nope", &flags, &bad), -1);
	ck_assert_str_eq(bad, "nope");
	ck_assert_ptr_null(h1_lenient_name(3));
}
END_TEST

/* Spans of the HEAD event point into the buffer of that call, and a
 * request parsed with limits at their defaults gets field arrays capped by
 * the caller's storage. */
START_TEST(spans_point_into_buffer)
{
	static const char req[] = "GET /p HTTP/1.1\r\nHost: h\r\nA: 1\r\n\r\n";
	struct h1_field fields[2];
	struct h1_parser p;
	struct h1_event ev;
	size_t used = 0;

	ck_assert_int_eq(h1_parser_init(&p, H1_REQUEST, fields, 2, NULL, 0), H1_OK);
	ck_assert_int_eq(h1_parse(&p, req, sizeof(req) - 1, &used, &ev), H1_OK);
	ck_assert_int_eq(ev.type, H1_EV_HEAD);
	ck_assert_uint_eq(used, sizeof(req) - 1);
	ck_assert_ptr_eq(ev.head.method.p, req);
	ck_assert_ptr_eq(ev.head.target.p, req + 4);
	ck_assert_ptr_eq(ev.head.fields[0].name.p, req + 17);
	ck_assert_ptr_eq(ev.head.fields[1].value.p, req + 29);
	ck_assert_int_eq(ev.head.host_index, 0);

	/* a third field does not fit the caller's array */
	ck_assert_int_eq(h1_parser_init(&p, H1_REQUEST, fields, 2, NULL, 0), H1_OK);
	ck_assert_int_eq(h1_parse(&p, "GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\nB: 2\r\n\r\n", 40, &used, &ev),
	                 H1_VIOLATION);
	ck_assert_str_eq(p.error.name, "too-many-fields");
}
END_TEST

START_TEST(api_misuse)
{
	struct h1_field fields[4];
	struct h1_parser p;
	struct h1_event ev;
	size_t used;

	ck_assert_int_eq(h1_parser_init(NULL, H1_REQUEST, fields, 4, NULL, 0), H1_EINVAL);
	ck_assert_int_eq(h1_parser_init(&p, 7, fields, 4, NULL, 0), H1_EINVAL);
	ck_assert_int_eq(h1_parser_init(&p, H1_REQUEST, NULL, 4, NULL, 0), H1_EINVAL);
	ck_assert_int_eq(h1_parser_init(&p, H1_REQUEST, fields, 4, NULL, 0), H1_OK);
	ck_assert_int_eq(h1_parse(&p, NULL, 3, &used, &ev), H1_EINVAL);
	ck_assert_int_eq(h1_parse(&p, "G", 1, NULL, &ev), H1_EINVAL);
	ck_assert_int_eq(h1_parse(&p, "G", 1, &used, NULL), H1_EINVAL);
	/* a violation is sticky until reset */
	ck_assert_int_eq(h1_parse(&p, "@", 1, &used, &ev), H1_NEED_MORE);
	ck_assert_int_eq(h1_parse(&p, "@ / HTTP/1.1\r\n", 14, &used, &ev), H1_VIOLATION);
	ck_assert_int_eq(h1_parse(&p, "GET / HTTP/1.1\r\n", 16, &used, &ev), H1_VIOLATION);
	h1_parser_reset(&p);
	ck_assert_int_eq(p.error.code, H1_E_NONE);
	ck_assert_int_eq(h1_parse(&p, "GET / HTTP/1.1\r\nHost: a\r\n\r\n", 27, &used, &ev), H1_OK);
}
END_TEST

/* Offsets count from the first byte ever presented, across messages. */
START_TEST(offsets_are_stream_offsets)
{
	static const char two[] =
	        "GET / HTTP/1.1\r\nHost: a\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\nX: \x01\r\n\r\n";
	struct h1t_opts o;

	memset(&o, 0, sizeof(o));
	o.kind = H1_REQUEST;
	ck_assert_ptr_nonnull(strstr(h1t_trace(&o, two, sizeof(two) - 1), "X field-value-char@55\n"));
}
END_TEST

START_TEST(value_copy_repairs)
{
	struct h1_field f;
	char out[32];
	size_t n;

	f.name.p = "X";
	f.name.len = 1;
	f.value.p = "a \t\r\n  b\rc";
	f.value.len = 10;
	f.flags = H1_FIELD_NEEDS_REPAIR;
	n = h1_field_value_copy(&f, out, sizeof(out));
	ck_assert_uint_eq(n, 5);
	ck_assert_int_eq(memcmp(out, "a b c", 5), 0);
	/* OWS before two folds in a row (found by fuzz_request) */
	f.value.p = "a \r\n \r\n b";
	f.value.len = strlen(f.value.p);
	ck_assert_uint_eq(h1_field_value_copy(&f, out, sizeof(out)), 3);
	ck_assert_int_eq(memcmp(out, "a b", 3), 0);
	f.value.p = "a    \r\n \r\n b";
	f.value.len = strlen(f.value.p);
	ck_assert_uint_eq(h1_field_value_copy(&f, out, sizeof(out)), 3);
	ck_assert_int_eq(memcmp(out, "a b", 3), 0);
	f.value.p = "a \t\r\n  b\rc";
	f.value.len = 10;
	/* the length does not depend on the room given */
	ck_assert_uint_eq(h1_field_value_copy(&f, NULL, 0), 5);
	ck_assert_uint_eq(h1_field_value_copy(&f, out, 2), 5);
	f.flags = 0;
	ck_assert_uint_eq(h1_field_value_copy(&f, out, 4), 10);
}
END_TEST

/* Large inputs built at run time: the default limits. */
START_TEST(default_limits)
{
	static char buf[70000];
	struct h1t_opts o;
	size_t n;

	memset(&o, 0, sizeof(o));
	o.kind = H1_REQUEST;
	/* request-line of exactly 8192 bytes is fine, 8193 is not */
	n = 0;
	memcpy(buf, "GET /", 5);
	memset(buf + 5, 'a', 8192 - 5 - 9);
	memcpy(buf + 8192 - 9, " HTTP/1.1\r\nHost: a\r\n\r\n", 23);
	n = 8192 + 2 + 9 + 2;
	ck_assert_ptr_null(strstr(h1t_trace(&o, buf, n), "X "));
	memcpy(buf, "GET /", 5);
	memset(buf + 5, 'a', 8193 - 5 - 9);
	memcpy(buf + 8193 - 9, " HTTP/1.1\r\nHost: a\r\n\r\n", 23);
	ck_assert_ptr_nonnull(strstr(h1t_trace(&o, buf, n + 1), "X start-line-too-long@8192"));
	/* 101 fields */
	n = 0;
	memcpy(buf, "GET / HTTP/1.1\r\n", 16);
	n = 16;
	for (int i = 0; i < 101; i++) {
		memcpy(buf + n, "Host: a\r\n", 9);
		memcpy(buf + n, i ? "X-aa: a\r\n" : "Host: a\r\n", 9);
		n += 9;
	}
	memcpy(buf + n, "\r\n", 2);
	n += 2;
	ck_assert_ptr_nonnull(strstr(h1t_trace(&o, buf, n), "X too-many-fields@"));
	/* a body of many chunks streams without limits */
	n = 0;
	memcpy(buf, CHUNKED, strlen(CHUNKED));
	n = strlen(CHUNKED);
	for (int i = 0; i < 5000; i++) {
		memcpy(buf + n, "1;e\r\nx\r\n", 8);
		n += 8;
	}
	memcpy(buf + n, "0\r\n\r\n", 5);
	n += 5;
	o.step = 7;
	ck_assert_ptr_nonnull(strstr(h1t_trace(&o, buf, n), "E\nZ 1\n"));
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("h1_parser");
	TCase *tc = tcase_create("fixtures");

	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, fixture_whole, 0, (int)NFIX);
	tcase_add_loop_test(tc, fixture_splits, 0, (int)NFIX);
	tcase_add_test(tc, every_error_is_triggered);
	tcase_add_test(tc, every_flag_both_ways);
	tcase_add_test(tc, lenient_names);
	tcase_add_test(tc, spans_point_into_buffer);
	tcase_add_test(tc, api_misuse);
	tcase_add_test(tc, offsets_are_stream_offsets);
	tcase_add_test(tc, value_copy_repairs);
	tcase_add_test(tc, default_limits);
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
