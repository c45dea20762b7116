/*
 * Tests of the terminal writer (reports/h1r_term.c): the summary's shape,
 * colour only when asked, and no control byte or escape sequence from the
 * data reaching the terminal (the only ESC bytes are our own SGR codes).
 */
#include "reports/tests/reports_test_util.h"

static struct captured term_of(const struct h1r_run *run, int color, int verbose)
{
	struct h1r_term_options opt = {color, verbose};
	struct captured out;
	FILE *f = capture_open(&out);

	ck_assert_int_eq(h1r_term_write(f, run, &opt), H1R_OK);
	capture_close(&out, f);
	return out;
}

/* Remove the SGR sequences the writer uses; what remains must hold no ESC. */
static void strip_our_sgr(struct captured *x)
{
	static const char *const ours[] = {"\033[32m", "\033[1;31m", "\033[33m", "\033[2m",
	                                   "\033[35m", "\033[0m",    "\033[1m"};
	size_t i, k, o = 0;

	for (i = 0; i < x->len;) {
		int hit = 0;
		for (k = 0; k < sizeof(ours) / sizeof(ours[0]); k++) {
			size_t n = strlen(ours[k]);
			if (x->len - i >= n && memcmp(x->buf + i, ours[k], n) == 0) {
				i += n;
				hit = 1;
				break;
			}
		}
		if (!hit)
			x->buf[o++] = x->buf[i++];
	}
	x->len = o;
	x->buf[o] = '\0';
}

START_TEST(test_summary_shape)
{
	struct h1r_run *run = load_fixture(FIXTURE("nginx.json"));
	struct captured x = term_of(run, 0, 0);

	ck_assert_ptr_nonnull(strstr(x.buf, "h1conform 0.1.0 against nginx <http://127.0.0.1:8081/>\n"));
	ck_assert_ptr_nonnull(strstr(x.buf, "\nRFC 9112 \xC2\xA7"
	                                    "7.1.1: 1 fail\n"));
	ck_assert_ptr_nonnull(strstr(x.buf, "\n  FAIL  MUST   rfc9112/7.1.1/chunk-ext-ignored: the chunk "
	                                    "extension was rejected instead of ignored\n"));
	ck_assert_ptr_nonnull(strstr(x.buf, "\nRFC 9112 \xC2\xA7"
	                                    "3.2: 2 pass\n"));
	ck_assert_ptr_nonnull(strstr(x.buf, "\n16 cases: 13 pass, 1 fail, 1 warn, 1 skip, 0 error -- "
	                                    "deviations found\n"));
	/* Sections in natural order: 9110 before 9112, 6.6.1 before 10.1.1 before 15.5.6. */
	ck_assert(strstr(x.buf, "RFC 9110 \xC2\xA7"
	                        "6.6.1") < strstr(x.buf, "RFC 9110 \xC2\xA7"
	                                                 "10.1.1"));
	ck_assert(strstr(x.buf, "RFC 9110 \xC2\xA7"
	                        "10.1.1") < strstr(x.buf, "RFC 9110 \xC2\xA7"
	                                                  "15.5.6"));
	ck_assert(strstr(x.buf, "RFC 9110 \xC2\xA7"
	                        "15.5.6") < strstr(x.buf, "RFC 9112 \xC2\xA7"
	                                                  "2.2"));
	/* Skips are listed only when verbose. */
	ck_assert_ptr_null(strstr(x.buf, "SKIP"));
	ck_assert_ptr_null(memchr(x.buf, 0x1b, x.len));
	free(x.buf);
	x = term_of(run, 0, 1);
	ck_assert_ptr_nonnull(strstr(x.buf, "  SKIP  MAY    rfc9110/10.1.1/expect-unknown"));
	ck_assert_ptr_nonnull(strstr(x.buf, "         expected: 2xx with the body \"hello\"\n"));
	ck_assert_ptr_nonnull(strstr(x.buf, "         finding:  head-fields-differ: "));
	free(x.buf);
	h1r_run_free(run);
}
END_TEST

START_TEST(test_hostile_plain)
{
	struct h1r_run *run = load_fixture(FIXTURE("hostile.json"));
	struct captured x = term_of(run, 0, 1);

	ck_assert_ptr_null(memchr(x.buf, 0x1b, x.len));
	assert_clean_utf8(x.buf, x.len, 0);
	ck_assert_ptr_nonnull(strstr(x.buf, "\\x1b[31mRED\\x1b[0m \\u{009B}31m C1-CSI \\x07bell"));
	ck_assert_ptr_nonnull(strstr(x.buf, "started 2026-11-24T15:52:00Z\\x1b]0;t\\x07,"));
	ck_assert_ptr_nonnull(strstr(x.buf, "line one\\nline two\\r\\n\\ttabbed"));
	ck_assert_ptr_nonnull(strstr(x.buf, "\\\\x00 literal"));
	free(x.buf);
	h1r_run_free(run);
}
END_TEST

START_TEST(test_hostile_color)
{
	struct h1r_run *run = load_fixture(FIXTURE("hostile.json"));
	struct captured x = term_of(run, 1, 1);

	ck_assert_ptr_nonnull(memchr(x.buf, 0x1b, x.len));
	strip_our_sgr(&x);
	ck_assert_ptr_null(memchr(x.buf, 0x1b, x.len));
	assert_clean_utf8(x.buf, x.len, 0);
	free(x.buf);
	h1r_run_free(run);
}
END_TEST

START_TEST(test_long_reason_cut)
{
	struct h1r_run *run = h1r_run_new();
	struct h1r_case *c = h1r_run_add_case(run, "a/b");
	char msg[5000];
	struct captured x;
	const char *line, *eol;

	memset(msg, 'M', sizeof(msg));
	c->verdict = H1R_FAIL;
	h1r_str_set(&c->message, msg, sizeof(msg));
	x = term_of(run, 0, 0);
	line = strstr(x.buf, "  FAIL");
	ck_assert_ptr_nonnull(line);
	eol = strchr(line, '\n');
	ck_assert_int_lt(eol - line, 300);
	ck_assert_int_eq(memcmp(eol - 3, "...", 3), 0);
	free(x.buf);
	h1r_run_free(run);
}
END_TEST

START_TEST(test_color_wanted)
{
	struct captured x;
	FILE *f = capture_open(&x);

	unsetenv("NO_COLOR");
	setenv("TERM", "xterm", 1);
	/* Not a terminal: no colour. */
	ck_assert_int_eq(h1r_term_color_wanted(f), 0);
	capture_close(&x, f);
	free(x.buf);
	f = fopen("/dev/null", "w");
	ck_assert_int_eq(h1r_term_color_wanted(f), 0);
	fclose(f);
	setenv("NO_COLOR", "1", 1);
	ck_assert_int_eq(h1r_term_color_wanted(stdout), 0);
	setenv("NO_COLOR", "", 1);
	setenv("TERM", "dumb", 1);
	ck_assert_int_eq(h1r_term_color_wanted(stdout), 0);
}
END_TEST

START_TEST(test_baseline_output_escaped)
{
	static const char base[] = "{\"schema\":\"h1conform-baseline/1\",\"known\":[{\"id\":"
	                           "\"rfc9112/6.3/te-and-cl\",\"verdict\":\"warn\",\"reason\":"
	                           "\"\\u001b]0;x\\u0007 vendor says \\u202e ok\"},{\"id\":\"gone\","
	                           "\"verdict\":\"fail\",\"reason\":\"r\"}]}";
	struct h1r_run *run = load_fixture(FIXTURE("hostile.json"));
	struct h1r_baseline *b;
	struct h1r_baseline_result r;
	struct h1r_term_options opt = {0, 1};
	struct captured x;
	FILE *f;

	ck_assert_int_eq(h1r_baseline_load_buffer(base, sizeof(base) - 1, "b", &b, NULL), H1R_OK);
	ck_assert_int_eq(h1r_baseline_apply(run, b, &r), H1R_OK);
	f = capture_open(&x);
	ck_assert_int_eq(h1r_term_write_baseline(f, &r, &opt), H1R_OK);
	capture_close(&x, f);
	ck_assert_ptr_null(memchr(x.buf, 0x1b, x.len));
	assert_clean_utf8(x.buf, x.len, 0);
	ck_assert_ptr_nonnull(strstr(x.buf, "baseline: 2 new, 1 changed, 0 fixed, 0 known, 1 not run\n"));
	ck_assert_ptr_nonnull(strstr(x.buf, "  CHANGED  FAIL  rfc9112/6.3/te-and-cl (baseline: warn, "
	                                    "\\x1b]0;x\\x07 vendor says \\u{202E} ok)\n"));
	ck_assert_ptr_nonnull(strstr(x.buf, "  NOT RUN  -     gone (baseline: fail, r)\n"));
	ck_assert_ptr_nonnull(strstr(x.buf, "baseline: new deviations: the run fails\n"));
	free(x.buf);
	h1r_baseline_result_free(&r);
	h1r_baseline_free(b);
	h1r_run_free(run);
}
END_TEST

static Suite *term_suite(void)
{
	Suite *s = suite_create("reports_term");
	TCase *tc = tcase_create("term");

	tcase_add_test(tc, test_summary_shape);
	tcase_add_test(tc, test_hostile_plain);
	tcase_add_test(tc, test_hostile_color);
	tcase_add_test(tc, test_long_reason_cut);
	tcase_add_test(tc, test_color_wanted);
	tcase_add_test(tc, test_baseline_output_escaped);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(term_suite());
}
