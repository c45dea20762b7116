/*
 * Tests of the JUnit XML writer (reports/h1r_junit.c): valid against
 * reports/tests/junit.xsd (with xmllint), one testsuite per section and a
 * testcase with name and classname per case, the verdict mapping, and
 * well-formed, fully escaped output whatever the server sent.
 */
#include "reports/tests/reports_test_util.h"

static struct captured junit_of(const struct h1r_run *const *runs, size_t n)
{
	struct captured out;
	FILE *f = capture_open(&out);

	ck_assert_int_eq(h1r_junit_write(f, runs, n, NULL), H1R_OK);
	capture_close(&out, f);
	return out;
}

/* 0 when xmllint validates the text against the XSD (or is absent). */
static int validate(const struct captured *x, const char *tag)
{
	char *path;
	int rc;

	if (!have_xmllint())
		return 0;
	path = temp_file(tag, x->buf, x->len);
	/* Print xmllint's complaints only when it fails. */
	rc = shell("out=$(xmllint --noout --schema reports/tests/junit.xsd '%s' 2>&1); rc=$?; "
	           "[ $rc = 0 ] || printf '%%s\\n' \"$out\" >&2; exit $rc",
	           path);
	remove(path);
	free(path);
	return rc;
}

START_TEST(test_fixtures_validate)
{
	const char *names[3] = {FIXTURE("nginx.json"), FIXTURE("apache.json"), FIXTURE("hostile.json")};
	struct h1r_run *runs[3];
	struct captured x;
	int i;

	for (i = 0; i < 3; i++)
		runs[i] = load_fixture(names[i]);
	for (i = 0; i < 3; i++) {
		x = junit_of((const struct h1r_run *const *)&runs[i], 1);
		assert_clean_utf8(x.buf, x.len, 0);
		ck_assert_msg(validate(&x, "junit") == 0, "%s: JUnit does not validate", names[i]);
		free(x.buf);
	}
	x = junit_of((const struct h1r_run *const *)runs, 3);
	ck_assert_int_eq(validate(&x, "junit3"), 0);
	/* Several runs in one file: suites and classnames carry the run's label. */
	ck_assert_ptr_nonnull(strstr(x.buf, "<testsuite name=\"nginx: RFC 9112 \xC2\xA7"
	                                    "6.3\""));
	ck_assert_ptr_nonnull(strstr(x.buf, "classname=\"apache.rfc9112.section_6_3\""));
	free(x.buf);
	for (i = 0; i < 3; i++)
		h1r_run_free(runs[i]);
}
END_TEST

START_TEST(test_xsd_rejects_missing_classname)
{
	/* A negative control: the schema really checks what the writer promises. */
	static const char bad[] = "<?xml version=\"1.0\"?>\n<testsuites tests=\"1\"><testsuite "
	                          "name=\"s\" tests=\"1\"><testcase name=\"x\"/></testsuite>"
	                          "</testsuites>\n";
	char *path;

	if (!have_xmllint())
		return;
	path = temp_file("badjunit", bad, sizeof(bad) - 1);
	ck_assert_int_ne(shell("xmllint --noout --schema reports/tests/junit.xsd '%s' 2>/dev/null", path), 0);
	remove(path);
	free(path);
}
END_TEST

START_TEST(test_structure_and_mapping)
{
	struct h1r_run *run = load_fixture(FIXTURE("apache.json"));
	const struct h1r_run *runs[1] = {run};
	struct captured x = junit_of(runs, 1);

	/* 16 cases in 14 sections; every testcase has name and classname. */
	ck_assert_uint_eq(count_of(x.buf, x.len, "<testsuite "), 14);
	ck_assert_uint_eq(count_of(x.buf, x.len, "<testcase name=\""), 16);
	ck_assert_uint_eq(count_of(x.buf, x.len, "\" classname=\""), 16);
	ck_assert_ptr_nonnull(strstr(x.buf, "<testsuites name=\"h1conform\" tests=\"16\" "
	                                    "failures=\"2\" errors=\"1\" skipped=\"1\""));
	ck_assert_uint_eq(count_of(x.buf, x.len, "<failure type=\"fail\""), 2);
	ck_assert_uint_eq(count_of(x.buf, x.len, "<error type=\"error\""), 1);
	ck_assert_uint_eq(count_of(x.buf, x.len, "<skipped "), 1);
	/* Not strict: the warn passes with a note. */
	ck_assert_uint_eq(count_of(x.buf, x.len, "<failure type=\"warn\""), 0);
	ck_assert_ptr_nonnull(strstr(x.buf, "<system-out>WARN: a SHOULD-level requirement"));
	ck_assert_ptr_nonnull(
	        strstr(x.buf, "<testcase name=\"rfc9112/5.2/obs-fold\" classname=\"rfc9112.section_5_2\" "
	                      "time=\"0.014\">"));
	ck_assert_ptr_nonnull(strstr(x.buf, "See https://www.rfc-editor.org/rfc/rfc9112#section-5.2"));
	ck_assert_ptr_nonnull(strstr(x.buf, "timestamp=\"2026-11-24T15:51:10\""));
	free(x.buf);

	/* Strict: the same warn is a failure, as the run's exit status would be. */
	run->strict = 1;
	x = junit_of(runs, 1);
	ck_assert_uint_eq(count_of(x.buf, x.len, "<failure type=\"warn\""), 1);
	ck_assert_ptr_nonnull(strstr(x.buf, "failures=\"3\""));
	free(x.buf);
	h1r_run_free(run);
}
END_TEST

START_TEST(test_hostile_escaped)
{
	struct h1r_run *run = load_fixture(FIXTURE("hostile.json"));
	const struct h1r_run *runs[1] = {run};
	struct captured x = junit_of(runs, 1);

	assert_clean_utf8(x.buf, x.len, 0);
	ck_assert_ptr_null(strstr(x.buf, "<script"));
	ck_assert_ptr_null(strstr(x.buf, "<img"));
	ck_assert_ptr_null(strstr(x.buf, "<svg"));
	ck_assert_ptr_null(strstr(x.buf, "<b>"));
	ck_assert_ptr_null(strstr(x.buf, "]]>"));
	ck_assert_ptr_null(strstr(x.buf, "<!--"));
	ck_assert_ptr_nonnull(strstr(x.buf, "&lt;/pre&gt;&lt;script&gt;"));
	/* NUL, ESC and U+FFFE (which XML 1.0 cannot carry) are visible text. */
	ck_assert_ptr_nonnull(strstr(x.buf, "X-Nul: a\\x00b\\r\\n"));
	ck_assert_ptr_nonnull(strstr(x.buf, "\\x1b[31mRED"));
	ck_assert_ptr_nonnull(strstr(x.buf, "\\u{FFFE}"));
	/* The data's own backslash is doubled, so it cannot pose as an escape. */
	ck_assert_ptr_nonnull(strstr(x.buf, "\\\\x00 literal"));
	/* Non-ASCII octets of the transcript are bytes, shown as such. */
	ck_assert_ptr_nonnull(strstr(x.buf, "\\x00\\xff\\xfe\\xc3(\\x80]]&gt;"));
	ck_assert_int_eq(validate(&x, "hostile"), 0);
	free(x.buf);
	h1r_run_free(run);
}
END_TEST

START_TEST(test_transcript_bounded_and_deterministic)
{
	struct h1r_run *run = h1r_run_new();
	const struct h1r_run *runs[1] = {run};
	struct h1r_case *c = h1r_run_add_case(run, "big/line");
	struct h1r_junit_options opt = {4096};
	size_t big = 100 * 1024;
	char *line = malloc(big);
	struct captured x, y;
	FILE *f;

	memset(line, 'A', big);
	c->verdict = H1R_FAIL;
	h1r_case_add_transcript(c, H1R_RECV, 1, line, big, 0);
	h1r_case_add_transcript(c, H1R_RECV, 2, line, 10, 0);
	f = capture_open(&x);
	ck_assert_int_eq(h1r_junit_write(f, runs, 1, &opt), H1R_OK);
	capture_close(&x, f);
	ck_assert_uint_lt(x.len, 8192);
	ck_assert_ptr_nonnull(strstr(x.buf, "(98304 more bytes not shown"));
	ck_assert_ptr_nonnull(strstr(x.buf, "(not shown: transcript limit reached)"));
	y = junit_of(runs, 1);
	free(y.buf);
	f = capture_open(&y);
	ck_assert_int_eq(h1r_junit_write(f, runs, 1, &opt), H1R_OK);
	capture_close(&y, f);
	ck_assert_uint_eq(x.len, y.len);
	ck_assert_int_eq(memcmp(x.buf, y.buf, x.len), 0);
	ck_assert_int_eq(validate(&x, "big"), 0);
	free(x.buf);
	free(y.buf);
	free(line);
	h1r_run_free(run);
}
END_TEST

START_TEST(test_empty_run)
{
	struct h1r_run *run = h1r_run_new();
	const struct h1r_run *runs[1] = {run};
	struct captured x = junit_of(runs, 1);

	ck_assert_ptr_nonnull(strstr(x.buf, "tests=\"0\""));
	ck_assert_int_eq(validate(&x, "empty"), 0);
	free(x.buf);
	h1r_run_free(run);
}
END_TEST

static Suite *junit_suite(void)
{
	Suite *s = suite_create("reports_junit");
	TCase *tc = tcase_create("junit");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_fixtures_validate);
	tcase_add_test(tc, test_xsd_rejects_missing_classname);
	tcase_add_test(tc, test_structure_and_mapping);
	tcase_add_test(tc, test_hostile_escaped);
	tcase_add_test(tc, test_transcript_bounded_and_deterministic);
	tcase_add_test(tc, test_empty_run);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(junit_suite());
}
