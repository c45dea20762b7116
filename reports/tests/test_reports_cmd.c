/*
 * Tests of 'h1conform report' (harness/cmd_report.c): help, usage errors
 * and bad inputs exit 2, outputs are written whole (and not at all when the
 * input is bad), --baseline gates with exit 1, an unwritable output exits 4.
 */
#include <sys/stat.h>

#include "harness/commands.h"
#include "reports/tests/reports_test_util.h"

static char dir[256];

static void make_dir(void)
{
	const char *t = getenv("TMPDIR");

	snprintf(dir, sizeof(dir), "%s/h1r-cmd-XXXXXX", t && t[0] ? t : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void remove_dir(void)
{
	ck_assert_int_eq(shell("rm -rf '%s'", dir), 0);
}

/* Run the command with the arguments after "report" (a list ended by a null pointer). */
static int run_report(const char *const *args)
{
	char *argv[32];
	int argc = 0;

	while (argc < 31 && args[argc] != NULL) {
		argv[argc] = (char *)(uintptr_t)args[argc];
		argc++;
	}
	argv[argc] = NULL;
	fflush(stdout);
	return h1c_cmd_report(argc, argv);
}

#define REPORT(...) run_report((const char *const[]){"report", __VA_ARGS__, (const char *)0})

static char *path_in(const char *name)
{
	static char buf[4][512];
	static int k;
	char *p = buf[k++ % 4];

	snprintf(p, 512, "%s/%s", dir, name);
	return p;
}

static int exists(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0;
}

START_TEST(test_help_and_usage)
{
	ck_assert_int_eq(REPORT("--help"), 0);
	ck_assert_int_eq(REPORT("-h"), 0);
	ck_assert_int_eq(run_report((const char *const[]){"report", (const char *)0}), 2);
	ck_assert_int_eq(REPORT("--bogus", FIXTURE("nginx.json")), 2);
	ck_assert_int_eq(REPORT("-x", FIXTURE("nginx.json")), 2);
	ck_assert_int_eq(REPORT(FIXTURE("nginx.json"), "-o"), 2);
	ck_assert_int_eq(REPORT("--quiet=yes", FIXTURE("nginx.json")), 2);
	ck_assert_int_eq(REPORT("--color", "sometimes", FIXTURE("nginx.json")), 2);
}
END_TEST

START_TEST(test_writes_outputs)
{
	make_dir();
	ck_assert_int_eq(REPORT("-q", FIXTURE("nginx.json"), FIXTURE("apache.json"), FIXTURE("hostile.json"),
	                        "-o", path_in("r.html"), "--junit", path_in("j.xml"), "--title", "Matrix"),
	                 0);
	ck_assert(exists(path_in("r.html")));
	ck_assert(exists(path_in("j.xml")));
	ck_assert(!exists(path_in("r.html.tmp")));
	ck_assert_int_eq(shell("grep -q '<title>Matrix</title>' '%s'", path_in("r.html")), 0);
	/* Same input, same bytes, through the command too (and --output=FILE spelling). */
	ck_assert_int_eq(REPORT("-q", FIXTURE("nginx.json"), FIXTURE("apache.json"), FIXTURE("hostile.json"),
	                        "--output=", "--title=Matrix"),
	                 2);
	ck_assert_int_eq(REPORT("-q", FIXTURE("nginx.json"), FIXTURE("apache.json"), FIXTURE("hostile.json"),
	                        "-o", path_in("r2.html"), "--title", "Matrix"),
	                 0);
	ck_assert_int_eq(shell("cmp -s '%s' '%s'", path_in("r.html"), path_in("r2.html")), 0);
	/* A symlink stays a symlink: the report is written through it, not over it. */
	ck_assert_int_eq(shell("ln -s r3.html '%s'", path_in("link.html")), 0);
	ck_assert_int_eq(REPORT("-q", FIXTURE("nginx.json"), "--output", path_in("link.html")), 0);
	ck_assert_int_eq(shell("test -L '%s' && test -s '%s'", path_in("link.html"), path_in("r3.html")), 0);
	/* The terminal summary alone, verbose and coloured on request. */
	ck_assert_int_eq(REPORT("-v", "--color=always", FIXTURE("apache.json")), 0);
	remove_dir();
}
END_TEST

START_TEST(test_bad_inputs)
{
	static const char broken[] = "{\"schema\": \"h1conform-results/2\"}";
	char *bad;

	make_dir();
	bad = temp_file("broken", broken, sizeof(broken) - 1);
	ck_assert_int_eq(REPORT("-o", path_in("r.html"), "reports/fixtures/none.json"), 2);
	ck_assert_int_eq(REPORT("-o", path_in("r.html"), FIXTURE("nginx.json"), bad), 2);
	ck_assert(!exists(path_in("r.html")));
	ck_assert_int_eq(REPORT(FIXTURE("nginx.json"), "--baseline", bad), 2);
	/* An output that cannot be created is exit 4. */
	ck_assert_int_eq(REPORT("-q", FIXTURE("nginx.json"), "-o", path_in("no/such/dir/r.html")), 4);
	remove(bad);
	free(bad);
	remove_dir();
}
END_TEST

START_TEST(test_baseline_gating)
{
	static const char accepts_nginx[] =
	        "{\"schema\":\"h1conform-baseline/1\",\"known\":["
	        "{\"id\":\"rfc9112/3/request-line-extra-spaces\",\"verdict\":\"warn\","
	        "\"reason\":\"repair is harmless here\"},"
	        "{\"id\":\"rfc9112/7.1.1/chunk-ext-ignored\",\"verdict\":\"fail\","
	        "\"reason\":\"fixed upstream, not yet released\"}]}";
	static const char empty[] = "{\"schema\":\"h1conform-baseline/1\",\"known\":[]}";
	char *ok = temp_file("base", accepts_nginx, sizeof(accepts_nginx) - 1);
	char *none = temp_file("base0", empty, sizeof(empty) - 1);

	ck_assert_int_eq(REPORT("-q", FIXTURE("nginx.json"), "--baseline", ok), 0);
	ck_assert_int_eq(REPORT(FIXTURE("nginx.json"), "--baseline", ok), 0);
	ck_assert_int_eq(REPORT("-q", FIXTURE("nginx.json"), "--baseline", none), 1);
	/* apache's deviations are not in the nginx baseline. */
	ck_assert_int_eq(REPORT("-q", FIXTURE("nginx.json"), FIXTURE("apache.json"), "--baseline", ok), 1);
	remove(ok);
	remove(none);
	free(ok);
	free(none);
}
END_TEST

static Suite *cmd_suite(void)
{
	Suite *s = suite_create("reports_cmd");
	TCase *tc = tcase_create("cmd");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_help_and_usage);
	tcase_add_test(tc, test_writes_outputs);
	tcase_add_test(tc, test_bad_inputs);
	tcase_add_test(tc, test_baseline_gating);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(cmd_suite());
}
