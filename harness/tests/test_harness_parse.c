/*
 * Tests of the engine behind 'h1conform parse' (harness/cmd_parse.c): the
 * JSON contract other tools consume. Each test feeds bytes and compares
 * the exact output lines.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "harness/parse_stream.h"

static char note[256];

static void take_note(void *ctx, const char *msg)
{
	(void)ctx;
	snprintf(note, sizeof(note), "%s", msg);
}

static int run(const struct h1c_parse_opts *base, const char *in, size_t len, char *out, size_t cap)
{
	struct h1c_parse_opts o = *base;
	struct h1c_buf b = {0};
	int rc;

	o.note = take_note;
	note[0] = '\0';
	rc = h1c_parse_stream(&o, in, len, &b);
	ck_assert_uint_lt(b.len, cap);
	memcpy(out, b.data ? b.data : "", b.len);
	out[b.len] = '\0';
	h1c_buf_free(&b);
	return rc;
}

START_TEST(request_json)
{
	static const char in[] =
	        "POST /x HTTP/1.1\r\nHost: a\r\nX: \xe9\"\\\x01\r\nContent-Length: 3\r\n\r\nab\x00";
	struct h1c_parse_opts o = {0};
	char out[1024];

	ck_assert_int_eq(run(&o, in, sizeof(in) - 1, out, sizeof(out)), 1);
	ck_assert_ptr_nonnull(strstr(out, "{\"ok\":false,\"error\":\"field-value-char\""));
}
END_TEST

START_TEST(request_json_ok)
{
	static const char in[] =
	        "POST /x HTTP/1.1\r\nHost: a\r\nX: \xe9\"\\\r\nContent-Length: 3\r\n\r\nab\x00";
	struct h1c_parse_opts o = {0};
	char out[1024];

	ck_assert_int_eq(run(&o, in, sizeof(in) - 1, out, sizeof(out)), 0);
	ck_assert_str_eq(
	        out, "{\"ok\":true,\"kind\":\"request\",\"method\":\"POST\",\"target\":\"/"
	             "x\",\"version\":\"HTTP/1.1\","
	             "\"headers\":[[\"Host\",\"a\"],[\"X\",\"\xc3\xa9\\\"\\\\\"],[\"Content-Length\",\"3\"]],"
	             "\"trailers\":[],\"body_b64\":\"YWIA\"}\n");
}
END_TEST

START_TEST(rejection_json)
{
	static const char in[] =
	        "GET / HTTP/1.1\r\nHost: a\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\nX: \x01\r\n\r\n";
	struct h1c_parse_opts o = {0};
	char out[1024];

	ck_assert_int_eq(run(&o, in, sizeof(in) - 1, out, sizeof(out)), 1);
	ck_assert_str_eq(
	        out,
	        "{\"ok\":true,\"kind\":\"request\",\"method\":\"GET\",\"target\":\"/\",\"version\":\"HTTP/"
	        "1.1\","
	        "\"headers\":[[\"Host\",\"a\"]],\"trailers\":[],\"body_b64\":\"\"}\n"
	        "{\"ok\":false,\"error\":\"field-value-char\",\"section\":\"RFC 9110 \xc2\xa7"
	        "5.5\","
	        "\"offset\":55,\"message\":\"field value contains a control character (NUL, CR, LF, DEL or "
	        "another CTL)\"}\n");
}
END_TEST

/* A message is only printed once complete: a body cut short prints only
 * the error. */
START_TEST(incomplete_prints_only_error)
{
	static const char in[] = "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nab";
	struct h1c_parse_opts o = {0};
	char out[1024];

	ck_assert_int_eq(run(&o, in, sizeof(in) - 1, out, sizeof(out)), 1);
	ck_assert_ptr_eq(strstr(out, "\"ok\":true"), NULL);
	ck_assert_ptr_nonnull(strstr(out, "\"error\":\"incomplete-body\""));
}
END_TEST

START_TEST(responses_with_methods)
{
	static const char in[] = "HTTP/1.1 100 Continue\r\n\r\n"
	                         "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi"
	                         "HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n"
	                         "HTTP/1.1 204 \r\n\r\n";
	static const char *const methods[] = {"GET", "HEAD"};
	struct h1c_parse_opts o = {0};
	char out[2048];

	o.response = 1;
	o.methods = methods;
	o.nmethods = 2;
	ck_assert_int_eq(run(&o, in, sizeof(in) - 1, out, sizeof(out)), 0);
	ck_assert_str_eq(
	        out,
	        "{\"ok\":true,\"kind\":\"response\",\"status\":100,\"reason\":\"Continue\",\"version\":"
	        "\"HTTP/1.1\","
	        "\"headers\":[],\"trailers\":[],\"body_b64\":\"\"}\n"
	        "{\"ok\":true,\"kind\":\"response\",\"status\":200,\"reason\":\"OK\",\"version\":\"HTTP/"
	        "1.1\","
	        "\"headers\":[[\"Content-Length\",\"2\"]],\"trailers\":[],\"body_b64\":\"aGk=\"}\n"
	        "{\"ok\":true,\"kind\":\"response\",\"status\":200,\"reason\":\"OK\",\"version\":\"HTTP/"
	        "1.1\","
	        "\"headers\":[[\"Content-Length\",\"9\"]],\"trailers\":[],\"body_b64\":\"\"}\n"
	        "{\"ok\":true,\"kind\":\"response\",\"status\":204,\"reason\":\"\",\"version\":\"HTTP/1.1\","
	        "\"headers\":[],\"trailers\":[],\"body_b64\":\"\"}\n");
}
END_TEST

/* Output does not depend on how the input is fed. */
START_TEST(step_invariance)
{
	static const char in[] = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
	                         "3;x=\"y\"\r\nabc\r\n1\r\nd\r\n0\r\nT: 1\r\n\r\n"
	                         "GET / HTTP/1.1\r\nHost: b\r\nConnection: close\r\n\r\nleft over";
	struct h1c_parse_opts o = {0};
	char whole[2048], piece[2048];
	size_t step;

	ck_assert_int_eq(run(&o, in, sizeof(in) - 1, whole, sizeof(whole)), 0);
	ck_assert_str_eq(note, "bytes after the last message ignored: the connection closes after it");
	ck_assert_ptr_nonnull(strstr(whole, "\"trailers\":[[\"T\",\"1\"]],\"body_b64\":\"YWJjZA==\""));
	for (step = 1; step < sizeof(in); step++) {
		o.step = step;
		ck_assert_int_eq(run(&o, in, sizeof(in) - 1, piece, sizeof(piece)), 0);
		ck_assert_str_eq(piece, whole);
	}
}
END_TEST

START_TEST(obs_fold_repaired_and_empty_input)
{
	static const char in[] = "GET / HTTP/1.1\r\nHost: a\r\nX: a\r\n b\r\n\r\n";
	struct h1c_parse_opts o = {0};
	char out[1024];

	o.lenient = H1_LENIENT_OBS_FOLD;
	ck_assert_int_eq(run(&o, in, sizeof(in) - 1, out, sizeof(out)), 0);
	ck_assert_ptr_nonnull(strstr(out, "[\"X\",\"a b\"]"));
	o.lenient = 0;
	ck_assert_int_eq(run(&o, "", 0, out, sizeof(out)), 1);
	ck_assert_str_eq(out, "");
	ck_assert_str_eq(note, "no HTTP message in the input");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("harness_parse");
	TCase *tc = tcase_create("json");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, request_json);
	tcase_add_test(tc, request_json_ok);
	tcase_add_test(tc, rejection_json);
	tcase_add_test(tc, incomplete_prints_only_error);
	tcase_add_test(tc, responses_with_methods);
	tcase_add_test(tc, step_invariance);
	tcase_add_test(tc, obs_fold_repaired_and_empty_input);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
