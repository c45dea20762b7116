/*
 * Unit tests of the run command (harness/cmd_run.c) as a user calls it:
 * exit statuses (0, 1, 2, 3), selection, --list, the results file, target
 * profiles and baselines, against the embedded server run in-process
 * (conforming, and with a deliberate deviation).
 */
#include <check.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness/commands.h"
#include "harness/serve.h"
#include "harness/tests/tsrv.h"
#include "harness/transport.h"
#include "reports/h1r.h"

static char dir[64];
static char cases[128], url[64];
static struct h1c_server *srv;
static pthread_t th;

static void *loop(void *arg)
{
	(void)arg;
	h1c_server_run(srv);
	return NULL;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

#define CASE_JSON(level, send, outcomes)                                                                     \
	"{\"title\": \"t\", \"requirement\": {\"document\": \"RFC 9110\", \"section\": \"9.3.1\", "          \
	"\"level\": \"" level "\", \"text\": \"x\"}, \"tags\": [\"basic\"], \"send\": \"" send               \
	"\", \"reference\": {\"verdict\": \"accept\"}, \"expect\": {\"outcomes\": " outcomes "}}\n"

static void start(unsigned deviate)
{
	struct h1c_serve_opts o;
	char err[256], path[256];

	snprintf(dir, sizeof(dir), "/tmp/h1c-cmdrun.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(cases, sizeof(cases), "%s/cases", dir);
	snprintf(path, sizeof(path), "%s/cases/rfc9110", dir);
	ck_assert_int_eq(mkdir(cases, 0700), 0);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/cases/rfc9110/get.json", dir);
	write_file(path, CASE_JSON("MUST", "GET {path} HTTP/1.1\\r\\nHost: {host}\\r\\n\\r\\n",
	                           "[{\"responses\": [{\"status\": \"200\"}], \"connection\": \"open\"}]"));
	snprintf(path, sizeof(path), "%s/cases/rfc9110/missing.json", dir);
	write_file(path, CASE_JSON("SHOULD", "GET {missing} HTTP/1.1\\r\\nHost: {host}\\r\\n\\r\\n",
	                           "[{\"responses\": [{\"status\": \"404\"}]}]"));
	snprintf(path, sizeof(path), "%s/cases/rfc9110/static.json", dir);
	write_file(path,
	           CASE_JSON("MUST",
	                     "GET {static} HTTP/1.1\\r\\nHost: {host}\\r\\nIf-None-Match: {etag}\\r\\n\\r\\n",
	                     "[{\"responses\": [{\"status\": \"304\"}]}]"));
	memset(&o, 0, sizeof(o));
	o.deviate = deviate;
	ck_assert_int_eq(h1c_server_open(&o, &srv, err, sizeof(err)), 0);
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/", h1c_server_port(srv));
	ck_assert_int_eq(pthread_create(&th, NULL, loop, NULL), 0);
}

static void stop(void)
{
	char cmd[128];

	h1c_server_stop(srv);
	pthread_join(th, NULL);
	h1c_server_free(srv);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

static void setup(void)
{
	start(0);
}

/* The end of run()'s arguments: a null pointer of the type va_arg reads. */
#define END ((const char *)0)

/* Run 'h1conform run' with the given arguments (END-terminated). */
static int run(const char *first, ...)
{
	char *argv[32];
	int argc = 0;
	va_list ap;
	const char *a;

	argv[argc++] = (char *)"run";
	va_start(ap, first);
	for (a = first; a != NULL && argc < 31; a = va_arg(ap, const char *))
		argv[argc++] = (char *)a;
	va_end(ap);
	argv[argc] = NULL;
	fflush(stdout);
	return h1c_cmd_run(argc, argv);
}

START_TEST(exit_statuses)
{
	char dead[64], prof[256];

	ck_assert_int_eq(run("-q", "--cases", cases, url, END), 0);
	/* without a profile the {static} case is skipped, which is no deviation */
	snprintf(prof, sizeof(prof), "%s/p.json", dir);
	write_file(prof, "{\"static\": \"/static.txt\", \"missing\": \"/nope\"}");
	ck_assert_int_eq(run("-q", "--cases", cases, "--target-profile", prof, url, END), 0);
	/* usage errors */
	ck_assert_int_eq(run("-q", "--cases", cases, "--select", "tag:none", url, END), 2);
	ck_assert_int_eq(run("-q", "--cases", cases, "--select", "level:sometimes", url, END), 2);
	ck_assert_int_eq(run("-q", "--cases", "/nonexistent", url, END), 2);
	ck_assert_int_eq(run("-q", "--cases", cases, "ftp://x/", END), 2);
	ck_assert_int_eq(run("-q", "--cases", cases, "--jobs", "0", url, END), 2);
	ck_assert_int_eq(run("-q", "--cases", cases, "--bogus", url, END), 2);
	write_file(prof, "{\"static\": \"no-slash\"}");
	ck_assert_int_eq(run("-q", "--cases", cases, "--target-profile", prof, url, END), 2);
	/* unreachable */
	snprintf(dead, sizeof(dead), "http://127.0.0.1:%d/", tsrv_dead_port());
	ck_assert_int_eq(run("-q", "--cases", cases, dead, END), 3);
	/* listing needs no server */
	ck_assert_int_eq(run("--cases", cases, "--list", "--select", "!level:SHOULD", dead, END), 0);
	ck_assert_int_eq(run("--cases", cases, "--dry-run", dead, END), 0);
}
END_TEST

START_TEST(results_file)
{
	char json[256];
	struct h1r_run *r = NULL;
	struct h1r_summary sum;

	snprintf(json, sizeof(json), "%s/r.json", dir);
	ck_assert_int_eq(run("-q", "--cases", cases, "--json", json, "--name", "serve", url, END), 0);
	ck_assert_int_eq(h1r_run_load_json(json, &r, NULL), H1R_OK);
	h1r_run_summarize(r, &sum);
	ck_assert_uint_eq(sum.total, 3);
	ck_assert_uint_eq(sum.count[H1R_PASS], 2);
	ck_assert_uint_eq(sum.count[H1R_SKIP], 1);
	ck_assert_str_eq(r->target_name.ptr, "serve");
	h1r_run_free(r);
}
END_TEST

START_TEST(deviation_and_baseline)
{
	char json[256], base[256];
	struct h1r_run *r = NULL;

	stop();
	start(H1C_DEV_NO_DATE);
	snprintf(json, sizeof(json), "%s/r.json", dir);
	ck_assert_int_eq(run("-q", "--cases", cases, "--json", json, url, END), 1);
	ck_assert_int_eq(h1r_run_load_json(json, &r, NULL), H1R_OK);
	ck_assert_int_eq(r->cases[0]->verdict, H1R_FAIL);
	ck_assert_str_eq(r->cases[0]->findings[0].rule.ptr, "date-missing");
	ck_assert_uint_gt(r->cases[0]->n_transcript, 0);
	h1r_run_free(r);

	/* a baseline that knows both deviations: the run passes */
	snprintf(base, sizeof(base), "%s/b.json", dir);
	write_file(base, "{\"schema\": \"h1conform-baseline/1\", \"known\": ["
	                 "{\"id\": \"rfc9110/get\", \"verdict\": \"fail\", \"reason\": \"no clock\"},"
	                 "{\"id\": \"rfc9110/missing\", \"verdict\": \"fail\", \"reason\": \"no clock\"}]}");
	ck_assert_int_eq(run("-q", "--cases", cases, "--baseline", base, url, END), 0);
	/* one it does not know: the run fails */
	write_file(base, "{\"schema\": \"h1conform-baseline/1\", \"known\": ["
	                 "{\"id\": \"rfc9110/get\", \"verdict\": \"fail\", \"reason\": \"no clock\"}]}");
	ck_assert_int_eq(run("-q", "--cases", cases, "--baseline", base, url, END), 1);
	write_file(base, "{\"schema\": \"nope\"}");
	ck_assert_int_eq(run("-q", "--cases", cases, "--baseline", base, url, END), 2);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("harness_cmd_run");
	TCase *tc = tcase_create("cmd_run");
	SRunner *sr;
	int failed;

	h1c_transport_global_init();
	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, setup, stop);
	tcase_add_test(tc, exit_statuses);
	tcase_add_test(tc, results_file);
	tcase_add_test(tc, deviation_and_baseline);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	h1c_transport_global_cleanup();
	return failed ? 1 : 0;
}
