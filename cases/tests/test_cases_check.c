/*
 * Tests of 'h1conform check-cases' (harness/cmd_check_cases.c): the command
 * runs in-process with its standard output and error captured, and the
 * tests compare the exact text a case author would read: the FAIL blocks
 * with both sides of each difference, the summary line and the exit status.
 *
 * cases/tests/fixtures/check/ is a small corpus with one agreeing and one
 * disagreeing case; the other tests write their cases to a temporary
 * directory so that each kind of difference has its own expected diff.
 */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness/commands.h"

struct captured {
	int status;
	char out[16384];
	char err[16384];
};

static void slurp(int fd, char *buf, size_t cap)
{
	ssize_t n;
	size_t len = 0;

	lseek(fd, 0, SEEK_SET);
	while (len + 1 < cap && (n = read(fd, buf + len, cap - 1 - len)) > 0)
		len += (size_t)n;
	buf[len] = '\0';
}

/* Run check-cases with args (NULL-terminated) and capture its output. */
static void run(struct captured *c, const char *const *args)
{
	char *argv[16];
	int argc = 0, save_out, save_err;
	char out_name[] = "/tmp/h1k-out-XXXXXX", err_name[] = "/tmp/h1k-err-XXXXXX";
	int out_fd = mkstemp(out_name), err_fd = mkstemp(err_name);

	ck_assert_int_ge(out_fd, 0);
	ck_assert_int_ge(err_fd, 0);
	argv[argc++] = "check-cases";
	while (*args && argc < 15)
		argv[argc++] = (char *)*args++;
	argv[argc] = NULL;
	fflush(stdout);
	fflush(stderr);
	save_out = dup(1);
	save_err = dup(2);
	dup2(out_fd, 1);
	dup2(err_fd, 2);
	c->status = h1c_cmd_check_cases(argc, argv);
	fflush(stdout);
	fflush(stderr);
	dup2(save_out, 1);
	dup2(save_err, 2);
	close(save_out);
	close(save_err);
	slurp(out_fd, c->out, sizeof(c->out));
	slurp(err_fd, c->err, sizeof(c->err));
	close(out_fd);
	close(err_fd);
	unlink(out_name);
	unlink(err_name);
}

START_TEST(test_fixture_corpus)
{
	static const char *const args[] = {"cases/tests/fixtures/check", NULL};
	struct captured c;

	run(&c, args);
	ck_assert_str_eq(
	        c.out, "FAIL rfc9112/wrong-oracle (cases/tests/fixtures/check/rfc9112/wrong-oracle.json)\n"
	               "  strict: verdict\n"
	               "    case:   accept\n"
	               "    parser: reject obs-fold at offset 47 (RFC 9112 §5.2): field value uses obsolete "
	               "line folding\n"
	               "  lenient obs-fold: message 1 target\n"
	               "    case:   \"/x\"\n"
	               "    parser: \"/\"\n"
	               "check-cases: 2 cases, 1 passed, 1 failed\n");
	ck_assert_str_eq(c.err, "");
	ck_assert_int_eq(c.status, 1);
}
END_TEST

START_TEST(test_fixture_pass_verbose)
{
	static const char *const args[] = {"-v", "cases/tests/fixtures/check/rfc9112/6.1", NULL};
	struct captured c;

	run(&c, args);
	ck_assert_str_eq(c.out, "ok   rfc9112/6.1/te-and-cl\n"
	                        "check-cases: 1 cases, 1 passed, 0 failed\n");
	ck_assert_int_eq(c.status, 0);
}
END_TEST

/* The fixture that uses every key agrees with the parser too. */
START_TEST(test_fixture_all_keys)
{
	static const char *const args[] = {"cases/tests/fixtures/valid", NULL};
	struct captured c;

	run(&c, args);
	ck_assert_str_eq(c.out, "check-cases: 1 cases, 1 passed, 0 failed\n");
	ck_assert_int_eq(c.status, 0);
}
END_TEST

START_TEST(test_list)
{
	static const char *const args[] = {"--list", "cases/tests/fixtures/check", NULL};
	struct captured c;

	run(&c, args);
	ck_assert_str_eq(c.out, "rfc9112/6.1/te-and-cl\nrfc9112/wrong-oracle\n");
	ck_assert_int_eq(c.status, 0);
}
END_TEST

START_TEST(test_usage)
{
	static const char *const help[] = {"--help", NULL};
	static const char *const bad[] = {"--frobnicate", NULL};
	struct captured c;

	run(&c, help);
	ck_assert_int_eq(c.status, 0);
	ck_assert_ptr_nonnull(strstr(c.out, "usage: h1conform check-cases"));
	run(&c, bad);
	ck_assert_int_eq(c.status, 2);
	ck_assert_str_eq(c.err, "h1conform check-cases: unknown option '--frobnicate' (see --help)\n");
}
END_TEST

/* ---------------------------------------------------------------------- */
/* each kind of difference, from a temporary corpus                        */

static char root[64];

static void setup(void)
{
	snprintf(root, sizeof(root), "/tmp/h1k-check-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(root));
}

static void teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", root);
}

/* Write root/rfc9112/<name>.json: a case sending send with reference ref. */
static void put_case(const char *name, const char *send, const char *ref)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/rfc9112", root);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/rfc9112/%s.json", root, name);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fprintf(f,
	        "{\"title\": \"%s\", \"requirement\": {\"document\": \"RFC 9112\", \"section\": \"6\", "
	        "\"level\": \"MUST\", \"text\": \"x\"},\n \"send\": %s,\n \"reference\": %s,\n"
	        " \"expect\": {\"outcomes\": [{\"responses\": []}]}}\n",
	        name, send, ref);
	fclose(f);
}

/* Run check-cases on the temporary corpus; return the output with the
 * temporary root replaced by "T". */
static const char *check_root(struct captured *c)
{
	const char *args[] = {root, NULL};
	char *p;

	run(c, args);
	while ((p = strstr(c->out, root)) != NULL) {
		*p = 'T';
		memmove(p + 1, p + strlen(root), strlen(p + strlen(root)) + 1);
	}
	while ((p = strstr(c->err, root)) != NULL) {
		*p = 'T';
		memmove(p + 1, p + strlen(root), strlen(p + strlen(root)) + 1);
	}
	return c->out;
}

#define GET_ "\"GET {path} HTTP/1.1\\r\\nHost: {host}\\r\\n\\r\\n\""

START_TEST(test_diff_error_id)
{
	struct captured c;

	put_case("a",
	         "\"GET / HTTP/1.1\\r\\nHost: a\\r\\nContent-Length: 1\\r\\nContent-Length: 2\\r\\n\\r\\n\"",
	         "{\"verdict\": \"reject\", \"error\": \"cl-duplicate\"}");
	ck_assert_str_eq(
	        check_root(&c),
	        "FAIL rfc9112/a (T/rfc9112/a.json)\n"
	        "  strict: error id\n"
	        "    case:   reject cl-duplicate\n"
	        "    parser: reject cl-conflict at offset 60 (RFC 9112 §6.3): several Content-Length "
	        "values that differ\n"
	        "check-cases: 1 cases, 0 passed, 1 failed\n");
	ck_assert_int_eq(c.status, 1);
}
END_TEST

START_TEST(test_diff_fields)
{
	struct captured c;

	put_case("b", GET_,
	         "{\"verdict\": \"accept\", \"messages\": [{\"method\": \"GET\", \"target\": \"{path}\", "
	         "\"version\": \"HTTP/1.0\", \"headers\": [[\"host\", \"{host}\"]], \"body\": \"x\", "
	         "\"trailers\": [[\"A\", \"\\u00ff\"]]}]}");
	ck_assert_str_eq(check_root(&c), "FAIL rfc9112/b (T/rfc9112/b.json)\n"
	                                 "  strict: message 1 version\n"
	                                 "    case:   \"HTTP/1.0\"\n"
	                                 "    parser: \"HTTP/1.1\"\n"
	                                 "  strict: message 1 headers differ at field 1\n"
	                                 "    case:   [[\"host\",\"example.test\"]]\n"
	                                 "    parser: [[\"Host\",\"example.test\"]]\n"
	                                 "  strict: message 1 trailers: 1 fields expected, the parser has 0\n"
	                                 "    case:   [[\"A\",\"\xc3\xbf\"]]\n"
	                                 "    parser: []\n"
	                                 "  strict: message 1 body\n"
	                                 "    case:   \"x\"\n"
	                                 "    parser: \"\"\n"
	                                 "check-cases: 1 cases, 0 passed, 1 failed\n");
}
END_TEST

START_TEST(test_diff_message_count)
{
	struct captured c;

	put_case("c",
	         "[{\"data\": \"GET /1 HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n\"}, {\"await_response\": true}, "
	         "{\"data\": \"GET /2 HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n\"}]",
	         "{\"verdict\": \"accept\", \"messages\": [{}], \"lenient\": {\"bare-lf\": {\"verdict\": "
	         "\"accept\", \"messages\": [{}, {}]}}}");
	ck_assert_str_eq(check_root(&c), "FAIL rfc9112/c (T/rfc9112/c.json)\n"
	                                 "  strict: number of complete messages\n"
	                                 "    case:   1\n"
	                                 "    parser: 2 (GET /1 HTTP/1.1, GET /2 HTTP/1.1)\n"
	                                 "check-cases: 1 cases, 0 passed, 1 failed\n");
}
END_TEST

START_TEST(test_diff_neither)
{
	struct captured c;

	put_case("d", "\"\\r\\n\"", "{\"verdict\": \"accept\"}");
	put_case("e", "\"GET / HTTP/1.1\\r\\nHost: a\\r\\n\"",
	         "{\"verdict\": \"reject\", \"error\": \"incomplete-head\", \"messages\": []}");
	ck_assert_str_eq(check_root(&c), "FAIL rfc9112/d (T/rfc9112/d.json)\n"
	                                 "  strict: verdict\n"
	                                 "    case:   accept\n"
	                                 "    parser: neither: no complete message and no violation (no HTTP "
	                                 "message in the input)\n"
	                                 "check-cases: 2 cases, 1 passed, 1 failed\n");
}
END_TEST

START_TEST(test_lenient_pass)
{
	struct captured c;

	/* the obs-fold repair is what the lenient parser reports */
	put_case("f", "\"GET / HTTP/1.1\\r\\nHost: a\\r\\nX: a\\r\\n b\\r\\n\\r\\n\"",
	         "{\"verdict\": \"reject\", \"error\": \"obs-fold\", \"lenient\": {\"obs-fold\": "
	         "{\"verdict\": \"accept\", \"messages\": [{\"headers\": [[\"Host\", \"a\"], [\"X\", \"a "
	         "b\"]]}]},"
	         " \"bare-lf,obs-fold\": {\"verdict\": \"accept\"}, \"missing-host\": {\"verdict\": "
	         "\"reject\", "
	         "\"error\": \"obs-fold\"}}}");
	ck_assert_str_eq(check_root(&c), "check-cases: 1 cases, 1 passed, 0 failed\n");
	ck_assert_int_eq(c.status, 0);
}
END_TEST

START_TEST(test_load_errors_exit_2)
{
	struct captured c;

	put_case("g", GET_, "{\"verdict\": \"accept\"}");
	put_case("h", GET_, "{\"verdict\": \"accept\", \"error\": \"obs-fold\"}");
	ck_assert_str_eq(check_root(&c), "check-cases: 1 cases, 1 passed, 0 failed, 1 case-file errors\n");
	ck_assert_str_eq(c.err, "T/rfc9112/h.json:3:37: $.reference.error: \"error\" belongs only to a "
	                        "\"reject\" verdict; an accepted stream has no error\n");
	ck_assert_int_eq(c.status, 2);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("cases_check");
	TCase *fixed = tcase_create("fixture");
	TCase *t = tcase_create("diffs");

	tcase_add_test(fixed, test_fixture_corpus);
	tcase_add_test(fixed, test_fixture_pass_verbose);
	tcase_add_test(fixed, test_fixture_all_keys);
	tcase_add_test(fixed, test_list);
	tcase_add_test(fixed, test_usage);
	suite_add_tcase(s, fixed);
	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, test_diff_error_id);
	tcase_add_test(t, test_diff_fields);
	tcase_add_test(t, test_diff_message_count);
	tcase_add_test(t, test_diff_neither);
	tcase_add_test(t, test_lenient_pass);
	tcase_add_test(t, test_load_errors_exit_2);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	SRunner *r = srunner_create(suite());
	int failed;

	srunner_run_all(r, CK_NORMAL);
	failed = srunner_ntests_failed(r);
	srunner_free(r);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
