/*
 * Unit tests of the judge (harness/judge.c): the responses it reads out of
 * a byte stream and the generic rules it applies, from a table of
 * exchanges (bytes sent, bytes received, end state) with the responses and
 * rule ids each must produce; then the request learner and the tracker.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "harness/judge.h"
#include "reference/h1.h"

#define DATE     "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n"
#define OK200    "HTTP/1.1 200 OK\r\n" DATE "Content-Length: 2\r\n\r\nok"
#define GET      "GET / HTTP/1.1\r\nHost: a\r\n\r\n"
#define HEAD     "HEAD / HTTP/1.1\r\nHost: a\r\n\r\n"
#define NUL_RESP "HTTP/1.1 200 OK\r\nX: a\0b\r\n" DATE "Content-Length: 0\r\n\r\n"

struct fx {
	const char *name;
	const char *sent;
	const char *recv;
	int end;
	const char *statuses; /* "200,404" ("" for none); '*' after a status: incomplete */
	const char *rules;    /* sorted, comma-separated rule ids ("" for none) */
	size_t recv_len;      /* 0: strlen */
	const char *methods;  /* case methods, comma-separated */
};

#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

static const struct fx fixtures[] = {
        {"clean", GET, OK200, H1C_END_OPEN, "200", ""},
        {"clean-closed", GET, OK200, H1C_END_CLOSED, "200", ""},
        {"date-missing", GET, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n", H1C_END_OPEN, "404",
         "date-missing"},
        {"date-optional-5xx", GET, "HTTP/1.1 503 x\r\nContent-Length: 0\r\n\r\n", H1C_END_OPEN, "503", ""},
        {"date-format", GET,
         "HTTP/1.1 200 OK\r\nDate: Sunday, 06-Nov-94 08:49:37 GMT\r\nContent-Length: 0\r\n\r\n", H1C_END_OPEN,
         "200", "date-format"},
        {"date-twice", GET, "HTTP/1.1 200 OK\r\n" DATE DATE "Content-Length: 0\r\n\r\n", H1C_END_OPEN, "200",
         "date-format"},
        {"allow-405", GET, "HTTP/1.1 405 No\r\n" DATE "Content-Length: 0\r\n\r\n", H1C_END_OPEN, "405",
         "allow-405"},
        {"allow-405-ok", GET, "HTTP/1.1 405 No\r\n" DATE "Allow: GET\r\nContent-Length: 0\r\n\r\n",
         H1C_END_OPEN, "405", ""},
        {"206-no-range", GET, "HTTP/1.1 206 P\r\n" DATE "Content-Length: 1\r\n\r\nx", H1C_END_OPEN, "206",
         "content-range-206"},
        {"206-wrong-length", GET,
         "HTTP/1.1 206 P\r\n" DATE "Content-Range: bytes 0-4/10\r\nContent-Length: 1\r\n\r\nx", H1C_END_OPEN,
         "206", "content-range-206"},
        {"206-bad-syntax", GET,
         "HTTP/1.1 206 P\r\n" DATE "Content-Range: bytes 5-4/10\r\nContent-Length: 1\r\n\r\nx", H1C_END_OPEN,
         "206", "content-range-206"},
        {"206-ok", GET, "HTTP/1.1 206 P\r\n" DATE "Content-Range: bytes 2-2/10\r\nContent-Length: 1\r\n\r\nx",
         H1C_END_OPEN, "206", ""},
        {"206-multipart", GET,
         "HTTP/1.1 206 P\r\n" DATE
         "Content-Type: multipart/byteranges; boundary=b\r\nContent-Length: 0\r\n\r\n",
         H1C_END_OPEN, "206", ""},
        {"416-no-range", GET, "HTTP/1.1 416 R\r\n" DATE "Content-Length: 0\r\n\r\n", H1C_END_OPEN, "416",
         "content-range-416"},
        {"416-ok", GET, "HTTP/1.1 416 R\r\n" DATE "Content-Range: bytes */10\r\nContent-Length: 0\r\n\r\n",
         H1C_END_OPEN, "416", ""},
        {"head-content", HEAD, "HTTP/1.1 200 OK\r\n" DATE "Content-Length: 2\r\n\r\nok", H1C_END_CLOSED,
         "200", "content-head"},
        {"head-content-open", HEAD, "HTTP/1.1 200 OK\r\n" DATE "Content-Length: 2\r\n\r\nok", H1C_END_OPEN,
         "200", "content-head"},
        {"head-ok", HEAD, "HTTP/1.1 200 OK\r\n" DATE "Content-Length: 2\r\n\r\n", H1C_END_CLOSED, "200", ""},
        {"head-then-next", HEAD GET,
         "HTTP/1.1 200 OK\r\n" DATE "Content-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\n" DATE
         "Content-Length: 2\r\n\r\nok",
         H1C_END_OPEN, "200,200", "content-head"},
        {"204-with-cl", GET, "HTTP/1.1 204 N\r\n" DATE "Content-Length: 0\r\n\r\n", H1C_END_OPEN, "204",
         "framing-1xx-204"},
        {"204-content", GET, "HTTP/1.1 204 N\r\n" DATE "\r\nbody", H1C_END_CLOSED, "204", "content-204"},
        {"304-content", GET, "HTTP/1.1 304 N\r\n" DATE "Content-Length: 4\r\n\r\nbody", H1C_END_CLOSED, "304",
         "content-304"},
        {"etag-unquoted", GET, "HTTP/1.1 200 OK\r\n" DATE "ETag: abc\r\nContent-Length: 0\r\n\r\n",
         H1C_END_OPEN, "200", "etag-syntax"},
        {"etag-twice", GET,
         "HTTP/1.1 200 OK\r\n" DATE "ETag: \"a\"\r\nETag: \"b\"\r\nContent-Length: 0\r\n\r\n", H1C_END_OPEN,
         "200", "etag-syntax"},
        {"etag-weak-ok", GET, "HTTP/1.1 200 OK\r\n" DATE "ETag: W/\"a-1\"\r\nContent-Length: 0\r\n\r\n",
         H1C_END_OPEN, "200", ""},
        {"last-modified-rfc850", GET,
         "HTTP/1.1 200 OK\r\n" DATE
         "Last-Modified: Sunday, 06-Nov-94 08:49:37 GMT\r\nContent-Length: 0\r\n\r\n",
         H1C_END_OPEN, "200", "last-modified-format"},
        {"byteranges-ok", GET,
         "HTTP/1.1 206 P\r\n" DATE
         "Content-Type: multipart/byteranges; boundary=b\r\nContent-Length: 86\r\n\r\n--b\r\nContent-Range: "
         "bytes 0-1/10\r\n\r\nxy\r\n--b\r\nContent-Range: bytes 5-5/10\r\n\r\nz\r\n--b--\r\n",
         H1C_END_OPEN, "206", ""},
        {"byteranges-bad-part", GET,
         "HTTP/1.1 206 P\r\n" DATE "Content-Type: multipart/byteranges; boundary=b\r\nContent-Length: "
         "46\r\n\r\n--b\r\nContent-Range: bytes 0-1/10\r\n\r\nx\r\n--b--\r\n",
         H1C_END_OPEN, "206", "byteranges-parts"},
        {"head-length-differs", GET HEAD, OK200 "HTTP/1.1 200 OK\r\n" DATE "Content-Length: 0\r\n\r\n",
         H1C_END_OPEN, "200,200", "representation-length"},
        {"head-length-same", HEAD GET, "HTTP/1.1 200 OK\r\n" DATE "Content-Length: 2\r\n\r\n" OK200,
         H1C_END_OPEN, "200,200", ""},
        {"304-length-differs", GET GET, OK200 "HTTP/1.1 304 N\r\n" DATE "Content-Length: 0\r\n\r\n",
         H1C_END_OPEN, "200,304", "representation-length"},
        {"416-length-differs", GET GET,
         OK200 "HTTP/1.1 416 R\r\n" DATE "Content-Range: bytes */3\r\nContent-Length: 0\r\n\r\n",
         H1C_END_OPEN, "200,416", "complete-length"},
        {"length-other-target", GET "HEAD /b HTTP/1.1\r\nHost: a\r\n\r\n",
         OK200 "HTTP/1.1 200 OK\r\n" DATE "Content-Length: 0\r\n\r\n", H1C_END_OPEN, "200,200", ""},
        {"304-ok", GET, "HTTP/1.1 304 N\r\n" DATE "Content-Length: 4\r\n\r\n", H1C_END_CLOSED, "304", ""},
        {"cl-short", GET, "HTTP/1.1 200 OK\r\n" DATE "Content-Length: 2\r\n\r\nokEXTRA", H1C_END_CLOSED,
         "200", "content-length-mismatch"},
        {"cl-long", GET, "HTTP/1.1 200 OK\r\n" DATE "Content-Length: 20\r\n\r\nok", H1C_END_CLOSED, "200*",
         "response-incomplete"},
        {"cl-long-still-coming", GET, "HTTP/1.1 200 OK\r\n" DATE "Content-Length: 20\r\n\r\nok",
         H1C_END_TIMEOUT, "200*", ""},
        {"chunked-cut", GET, "HTTP/1.1 200 OK\r\n" DATE "Transfer-Encoding: chunked\r\n\r\n5\r\nab",
         H1C_END_RESET, "200*", "response-incomplete"},
        {"close-delimited", GET, "HTTP/1.1 200 OK\r\n" DATE "\r\nall of it", H1C_END_CLOSED, "200", ""},
        {"interim", "POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\nx",
         "HTTP/1.1 100 Continue\r\n\r\n" OK200, H1C_END_OPEN, "200", ""},
        {"interim-http10", "POST / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\nx",
         "HTTP/1.1 100 Continue\r\n\r\n" OK200, H1C_END_CLOSED, "200", "interim-http10-request"},
        {"chunked-to-http10", "GET / HTTP/1.0\r\n\r\n",
         "HTTP/1.1 200 OK\r\n" DATE "Transfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n", H1C_END_CLOSED,
         "200", "te-http10-request"},
        {"status-no-sp", GET, "HTTP/1.1 200\r\n" DATE "Content-Length: 2\r\n\r\nok", H1C_END_OPEN, "200",
         "response-syntax"},
        {"malformed-then-good", GET GET, "HTTP/1.1 200\r\n" DATE "Content-Length: 2\r\n\r\nok" OK200,
         H1C_END_OPEN, "200,200", "response-syntax"},
        {"garbage", GET, "garbage\r\n\r\n", H1C_END_CLOSED, "", "response-syntax"},
        {"garbage-open", GET, "garbage", H1C_END_OPEN, "", "response-syntax"},
        {"cl-long-pipelined", GET GET, "HTTP/1.1 200 OK\r\n" DATE "Content-Length: 3\r\n\r\nok" OK200,
         H1C_END_OPEN, "200*,200", "content-length-mismatch"},
        {"cl-short-then-close", GET,
         "HTTP/1.1 200 OK\r\n" DATE "Connection: close\r\nContent-Length: 1\r\n\r\nok", H1C_END_CLOSED, "200",
         "content-length-mismatch"},
        {"http09-answer", "GET /\r\n", "<html>hi</html>\n", H1C_END_CLOSED, "", ""},
        {"http09-answer-no-lf", "GET /\r\nHost: a\r\n\r\n", "<html>", H1C_END_CLOSED, "", ""},
        {"http09-refused", "GET /\r\nHost: a\r\n\r\n", "HTTP/1.1 400 B\r\n" DATE "Content-Length: 0\r\n\r\n",
         H1C_END_CLOSED, "400", ""},
        {"garbage-no-lf-closed", GET, "garbage", H1C_END_CLOSED, "", "response-syntax"},
        {"head-cut-by-close", GET, "HTTP/1.1 200 OK\r\nDa", H1C_END_CLOSED, "", "response-incomplete"},
        {"head-body-cut-by-close", HEAD, "HTTP/1.1 200 OK\r\n" DATE "Content-Length: 9\r\n\r\nabc",
         H1C_END_CLOSED, "200", "content-head"},
        {"nul-in-field", GET, NUL_RESP, H1C_END_OPEN, "", "response-syntax", sizeof(NUL_RESP) - 1},
        {"set-cookie-bad", GET, "HTTP/1.1 200 OK\r\n" DATE "Set-Cookie: a=b c\r\nContent-Length: 0\r\n\r\n",
         H1C_END_OPEN, "200", "set-cookie-syntax"},
        {"set-cookie-bad-sep", GET,
         "HTTP/1.1 200 OK\r\n" DATE "Set-Cookie: a=b;Path=/\r\nContent-Length: 0\r\n\r\n", H1C_END_OPEN,
         "200", "set-cookie-syntax"},
        {"set-cookie-good", GET,
         "HTTP/1.1 200 OK\r\n" DATE "Set-Cookie: id=\"a1\"; Path=/; Expires=Sun, 06 Nov 1994 08:49:37 GMT; "
         "HttpOnly\r\nContent-Length: 0\r\n\r\n",
         H1C_END_OPEN, "200", ""},
        {"data-after-close", GET GET,
         "HTTP/1.1 200 OK\r\n" DATE "Connection: close\r\nContent-Length: 2\r\n\r\nok" OK200, H1C_END_CLOSED,
         "200", "data-after-close"},
        {"close-ignored-open", "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", OK200, H1C_END_OPEN,
         "200", "close-ignored"},
        {"close-ignored-pipelined", "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n" GET, OK200 OK200,
         H1C_END_CLOSED, "200,200", "close-ignored"},
        {"close-honoured", "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n" GET, OK200,
         H1C_END_CLOSED, "200", ""},
        {"case-methods", "HEAD / HTTP/1.1\r\nHost: a\r\nBad Field\r\n\r\n",
         "HTTP/1.1 400 B\r\n" DATE "Content-Length: 5\r\n\r\n", H1C_END_CLOSED, "400", "", 0, "HEAD"},
        {"no-response", GET, "", H1C_END_CLOSED, "", ""},
        {"upgrade-then-bytes", "GET / HTTP/1.1\r\nHost: a\r\nConnection: upgrade\r\nUpgrade: x\r\n\r\n",
         "HTTP/1.1 101 S\r\nConnection: upgrade\r\nUpgrade: x\r\n\r\n\x01\x02", H1C_END_CLOSED, "101", ""},
};

static void statuses(const struct h1c_judgement *j, char *out, size_t cap)
{
	size_t i, pos = 0;

	out[0] = '\0';
	for (i = 0; i < j->nresp; i++)
		pos += (size_t)snprintf(out + pos, cap - pos, "%s%d%s", i ? "," : "", j->resp[i].status,
		                        j->resp[i].complete ? "" : "*");
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void rule_list(const struct h1c_judgement *j, char *out, size_t cap)
{
	const char *ids[H1C_MAX_FINDINGS] = {0};
	size_t i, n = 0, pos = 0;

	for (i = 0; i < j->nfindings; i++) {
		size_t k;
		for (k = 0; k < n && strcmp(ids[k], j->findings[i].rule); k++)
			;
		if (k == n)
			ids[n++] = j->findings[i].rule;
	}
	qsort(ids, n, sizeof(ids[0]), cmp_str);
	out[0] = '\0';
	for (i = 0; i < n; i++)
		pos += (size_t)snprintf(out + pos, cap - pos, "%s%s", i ? "," : "", ids[i]);
}

/* An exchange for the judge: what was sent and received, and how it ended. */
static void judge_input(struct h1c_judge_input *in, const char *sent, size_t sent_len, const char *recv,
                        size_t recv_len, int end)
{
	memset(in, 0, sizeof(*in));
	in->sent = sent;
	in->sent_len = sent_len;
	in->recv = recv;
	in->recv_len = recv_len;
	in->end = end;
}

START_TEST(fixture)
{
	const struct fx *f = &fixtures[_i];
	struct h1c_judge_input in;
	struct h1c_judgement j;
	char st[256], ru[512], mbuf[64];
	const char *methods[4];
	size_t nm = 0;

	memset(&in, 0, sizeof(in));
	in.sent = f->sent;
	in.sent_len = strlen(f->sent);
	in.recv = f->recv;
	in.recv_len = f->recv_len ? f->recv_len : strlen(f->recv);
	in.end = f->end;
	if (f->methods) {
		snprintf(mbuf, sizeof(mbuf), "%s", f->methods);
		methods[nm++] = mbuf;
		in.methods = methods;
		in.nmethods = nm;
	}
	ck_assert_int_eq(h1c_judge(&in, &j), 0);
	statuses(&j, st, sizeof(st));
	rule_list(&j, ru, sizeof(ru));
	ck_assert_msg(strcmp(st, f->statuses) == 0, "%s: responses '%s', want '%s'", f->name, st,
	              f->statuses);
	ck_assert_msg(strcmp(ru, f->rules) == 0, "%s: rules '%s', want '%s' (first: %s)", f->name, ru,
	              f->rules, j.nfindings ? j.findings[0].message : "-");
	h1c_judgement_free(&j);
}
END_TEST

START_TEST(details)
{
	struct h1c_judge_input in;
	struct h1c_judgement j;
	struct h1c_buf d = {0};
	static const char recv[] = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n" DATE
	                           "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nT: v\r\n\r\n";

	judge_input(&in, GET, strlen(GET), recv, sizeof(recv) - 1, H1C_END_CLOSED);
	ck_assert_int_eq(h1c_judge(&in, &j), 0);
	ck_assert_uint_eq(j.nresp, 1);
	ck_assert_uint_eq(j.resp[0].ninterim, 1);
	ck_assert_int_eq(j.resp[0].interim[0].status, 100);
	ck_assert_uint_eq(j.resp[0].body_len, 3);
	ck_assert(memcmp(j.resp[0].body, "abc", 3) == 0);
	ck_assert_uint_eq(j.resp[0].ntrailers, 1);
	ck_assert_str_eq(j.resp[0].reason, "OK");
	ck_assert_str_eq(j.resp[0].method, "GET");
	ck_assert_int_eq(j.resp[0].req_minor, 1);
	ck_assert_ptr_nonnull(h1c_field_get(j.resp[0].fields, j.resp[0].nfields, "transfer-ENCODING"));
	h1c_judgement_describe(&j, &d);
	h1c_buf_put(&d, "", 1);
	ck_assert_str_eq(d.data,
	                 "100 (interim), 200 OK (3 bytes of content); then the server closed the connection");
	h1c_buf_free(&d);
	h1c_judgement_free(&j);
}
END_TEST

START_TEST(strict_error_and_garbage_offsets)
{
	struct h1c_judge_input in;
	struct h1c_judgement j;
	static const char recv[] = OK200 "NOT HTTP\r\n\r\n" OK200;

	judge_input(&in, GET GET GET, strlen(GET GET GET), recv, sizeof(recv) - 1, H1C_END_OPEN);
	ck_assert_int_eq(h1c_judge(&in, &j), 0);
	ck_assert_uint_eq(j.nresp, 2);
	ck_assert_str_eq(j.strict_error_name, "version");
	ck_assert_uint_eq(j.strict_error_offset, strlen(OK200));
	ck_assert_uint_eq(j.garbage_off, strlen(OK200));
	ck_assert_uint_eq(j.garbage_len, 12);
	ck_assert_str_eq(j.findings[0].rule, "content-length-mismatch");
	ck_assert_int_eq(j.findings[0].response, 0);
	h1c_judgement_free(&j);
}
END_TEST

/* Overwrite the stack below the caller, where h1c_judge's frames lived. */
static __attribute__((noinline)) void scribble_stack(void)
{
	volatile char junk[16384];
	size_t i;

	for (i = 0; i < sizeof(junk); i++)
		junk[i] = (char)0xAA;
}

/* A finding's citation outlives the call that made it: a strict rejection's document and
 * section were once pointers into a dead stack frame and read as garbage later. */
START_TEST(citation_outlives_judge)
{
	struct h1c_judge_input in;
	struct h1c_judgement j;
	static const char recv[] = "HTTP/1.1 200 OK\r\n" DATE "X: \001\r\nContent-Length: 0\r\n\r\n";
	size_t i, seen = 0;

	judge_input(&in, GET, strlen(GET), recv, sizeof(recv) - 1, H1C_END_CLOSED);
	ck_assert_int_eq(h1c_judge(&in, &j), 0);
	scribble_stack();
	for (i = 0; i < j.nfindings; i++) {
		if (strcmp(j.findings[i].rule, "response-syntax") != 0)
			continue;
		ck_assert_str_eq(j.findings[i].document, "RFC 9110");
		ck_assert_str_eq(j.findings[i].section, "5.5");
		seen++;
	}
	ck_assert_uint_eq(seen, 1);
	h1c_judgement_free(&j);
}
END_TEST

/* continue-late comes from the exchange (an await_interim step that found nothing), not the bytes */
START_TEST(continue_late)
{
	static const char post[] =
	        "POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nok";
	static const char recv[] = "HTTP/1.1 100 Continue\r\n\r\n" OK200;
	struct h1c_judge_input in;
	struct h1c_judgement j;
	char ru[512];

	judge_input(&in, post, sizeof(post) - 1, recv, sizeof(recv) - 1, H1C_END_OPEN);
	ck_assert_int_eq(h1c_judge(&in, &j), 0);
	rule_list(&j, ru, sizeof(ru));
	ck_assert_str_eq(ru, "");
	h1c_judgement_free(&j);
	/* the same bytes, but the 100 came only after the content */
	in.unanswered_expect = 1;
	ck_assert_int_eq(h1c_judge(&in, &j), 0);
	rule_list(&j, ru, sizeof(ru));
	ck_assert_str_eq(ru, "continue-late");
	ck_assert_int_eq(j.findings[0].response, -1);
	ck_assert_str_eq(j.findings[0].section, "10.1.1");
	h1c_judgement_free(&j);
}
END_TEST

START_TEST(learn)
{
	struct h1c_request *r;
	size_t n;
	int complete;
	static const char pipe[] =
	        "GET / HTTP/1.1\r\nHost: a\r\n\r\nHEAD /x HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"
	        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc";

	ck_assert_int_eq(h1c_learn_requests(pipe, sizeof(pipe) - 1, &r, &n, &complete), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert_int_eq(complete, 1);
	ck_assert_str_eq(r[1].method, "HEAD");
	ck_assert_int_eq(r[1].minor, 0);
	ck_assert(r[1].flags & H1_MSG_KEEP_ALIVE);
	ck_assert_str_eq(r[2].method, "POST");
	free(r);

	/* leniency: obs-fold and a space before the colon are still requests */
	{
		static const char folded[] = "GET / HTTP/1.1\r\nHost: a\r\nX : y\r\n z\r\n\r\n";
		ck_assert_int_eq(h1c_learn_requests(folded, sizeof(folded) - 1, &r, &n, &complete), 0);
	}
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(complete, 1);
	free(r);

	/* garbage: one unknown request */
	ck_assert_int_eq(h1c_learn_requests("\x01\x02\r\n\r\n", 6, &r, &n, &complete), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(complete, 0);
	ck_assert_str_eq(r[0].method, "");
	free(r);

	/* a request cut short still counts */
	ck_assert_int_eq(h1c_learn_requests("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 9\r\n\r\nab", 49,
	                                    &r, &n, &complete),
	                 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(complete, 0);
	free(r);

	/* nothing after "Connection: close" is a request the server may answer */
	ck_assert_int_eq(h1c_learn_requests("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n" GET,
	                                    45 + strlen(GET), &r, &n, &complete),
	                 0);
	ck_assert_uint_eq(n, 1);
	free(r);
}
END_TEST

START_TEST(tracker)
{
	struct h1c_request req[2];
	struct h1c_tracker *t;
	struct h1c_progress p;
	static const char stream[] = "HTTP/1.1 100 Continue\r\n\r\n" OK200 "HTTP/1.1 200 OK\r\n" DATE
	                             "Content-Length: 2\r\n\r\nok";
	size_t first = strlen("HTTP/1.1 100 Continue\r\n\r\n") + 10;

	memset(req, 0, sizeof(req));
	memcpy(req[0].method, "GET", 4);
	memcpy(req[1].method, "GET", 4);
	req[0].minor = 1;
	req[1].minor = 1;
	req[1].flags = H1_MSG_CLOSE;
	t = h1c_tracker_new(req, 2);
	h1c_tracker_progress(t, stream, first, &p);
	ck_assert_uint_eq(p.finals, 0);
	ck_assert_int_eq(p.partial, 1);
	h1c_tracker_progress(t, stream, first + strlen(OK200) - 10, &p);
	ck_assert_uint_eq(p.finals, 1);
	ck_assert_int_eq(p.partial, 0);
	ck_assert_int_eq(p.no_more, 0);
	h1c_tracker_progress(t, stream, sizeof(stream) - 1, &p);
	ck_assert_uint_eq(p.finals, 2);
	ck_assert_uint_eq(p.interims, 1);
	ck_assert_int_eq(p.no_more, 1);    /* the second request asked for the close */
	ck_assert_int_eq(p.wait_close, 1); /* the close is due; unwatched it follows no_more */
	h1c_tracker_free(t);
}
END_TEST

/* The progress a tracker watching c gives for the responses in buf, to one GET. */
static struct h1c_progress watched(const struct h1k_case *c, const char *buf)
{
	struct h1c_request req;
	struct h1c_tracker *t;
	struct h1c_progress p;

	memset(&req, 0, sizeof(req));
	memcpy(req.method, "GET", 4);
	req.minor = 1;
	t = h1c_tracker_new(&req, 1);
	ck_assert_ptr_nonnull(t);
	h1c_tracker_watch(t, c);
	h1c_tracker_progress(t, buf, strlen(buf), &p);
	h1c_tracker_free(t);
	return p;
}

static struct h1k_case *case_with_outcomes(const char *outcomes)
{
	char json[1024];
	struct h1k_case *c = NULL;
	struct h1k_diags d = {0};

	snprintf(json, sizeof(json),
	         "{\"title\": \"t\", \"requirement\": {\"document\": \"RFC 9112\", \"section\": \"2.2\", "
	         "\"level\": \"MAY\", \"text\": \"x\"}, \"send\": \"GET / HTTP/1.1\\r\\nHost: "
	         "a\\r\\n\\r\\n\", "
	         "\"reference\": {\"verdict\": \"accept\"}, \"expect\": {\"outcomes\": [%s]}}",
	         outcomes);
	ck_assert_int_eq(h1k_load_buffer(json, strlen(json), "t.json", "rfc9112/2.2/t", &c, &d), H1K_OK);
	h1k_diags_free(&d);
	return c;
}

#define R400       "HTTP/1.1 400 Bad Request\r\n" DATE "Content-Length: 0\r\n\r\n"
#define R413       "HTTP/1.1 413 Content Too Large\r\n" DATE "Content-Length: 0\r\n\r\n"
#define R413C      "HTTP/1.1 413 Content Too Large\r\n" DATE "Connection: close\r\nContent-Length: 0\r\n\r\n"
#define CLOSED_4XX "{\"responses\": [{\"status\": \"4xx\"}], \"connection\": \"closed\"}"

/* wait_close: only while an outcome ending with a close still fits the statuses seen, and no
 * outcome that ignores the connection has already matched */
START_TEST(tracker_wait_close)
{
	struct h1k_case *c = case_with_outcomes("{\"responses\": [{\"status\": \"200\"}]}, " CLOSED_4XX);
	struct h1c_progress p;

	/* a 200 rules out the outcome that closes: the linger is enough */
	p = watched(c, OK200);
	ck_assert_uint_eq(p.finals, 1);
	ck_assert_int_eq(p.wait_close, 0);
	/* a 400 may still be followed by the close the second outcome wants */
	p = watched(c, R400);
	ck_assert_uint_eq(p.finals, 1);
	ck_assert_int_eq(p.wait_close, 1);
	/* a second final response is more than that outcome allows */
	p = watched(c, R400 R400);
	ck_assert_uint_eq(p.finals, 2);
	ck_assert_int_eq(p.wait_close, 0);
	h1k_case_free(c);

	/* a 413 already matches the first outcome, whatever the connection does */
	c = case_with_outcomes("{\"responses\": [{\"status\": \"413\"}]}, " CLOSED_4XX);
	ck_assert_int_eq(watched(c, R413).wait_close, 0);
	ck_assert_int_eq(watched(c, R400).wait_close, 1);
	h1k_case_free(c);
	/* unless that outcome asks for more than a status, which the close may yet decide */
	c = case_with_outcomes("{\"responses\": [{\"status\": \"413\", \"headers_required\": "
	                       "[\"Retry-After\"]}]}, " CLOSED_4XX);
	ck_assert_int_eq(watched(c, R413).wait_close, 1);
	h1k_case_free(c);
	/* an announced close matters only while it can decide the verdict */
	c = case_with_outcomes("{\"responses\": [{\"status\": \"413\"}]}, " CLOSED_4XX);
	ck_assert_int_eq(watched(c, R413C).no_more, 1);
	ck_assert_int_eq(watched(c, R413C).wait_close, 0);
	h1k_case_free(c);
	c = case_with_outcomes("{\"responses\": [{\"status\": \"200\"}]}, " CLOSED_4XX);
	ck_assert_int_eq(watched(c, R413C).wait_close, 1);
	h1k_case_free(c);
}
END_TEST
#undef R400
#undef R413
#undef R413C
#undef CLOSED_4XX

START_TEST(hostile_stream_bounded)
{
	/* ten thousand tiny responses and a megabyte of noise */
	struct h1c_buf b = {0};
	struct h1c_judge_input in;
	struct h1c_judgement j;
	size_t i;

	for (i = 0; i < 10000; i++)
		h1c_buf_puts(&b, "HTTP/1.1 204 N\r\n\r\n");
	for (i = 0; i < (1u << 20); i++)
		h1c_buf_put(&b, i % 7 ? "\n" : "\0", 1);
	judge_input(&in, GET, strlen(GET), b.data, b.len, H1C_END_CLOSED);
	ck_assert_int_eq(h1c_judge(&in, &j), 0);
	ck_assert_uint_eq(j.nresp, H1C_MAX_RESPONSES);
	ck_assert_uint_le(j.nfindings, H1C_MAX_FINDINGS);
	h1c_judgement_free(&j);
	h1c_buf_free(&b);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("harness_judge");
	TCase *tc = tcase_create("judge");
	SRunner *sr;
	int failed;

	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, fixture, 0, (int)(sizeof(fixtures) / sizeof(fixtures[0])));
	tcase_add_test(tc, details);
	tcase_add_test(tc, strict_error_and_garbage_offsets);
	tcase_add_test(tc, citation_outlives_judge);
	tcase_add_test(tc, continue_late);
	tcase_add_test(tc, learn);
	tcase_add_test(tc, tracker);
	tcase_add_test(tc, tracker_wait_close);
	tcase_add_test(tc, hostile_stream_bounded);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
