/*
 * Tests of the HTML writer (reports/h1r_html.c): the same input gives the
 * same bytes; the counts carry the stable ids tools read; hostile content
 * never becomes markup (checked on the raw bytes, and with xmllint as XML
 * and as HTML when it is installed); the page loads nothing from outside;
 * transcripts are bounded.
 */
#include "reports/tests/reports_test_util.h"

static struct captured html_of(const struct h1r_run *const *runs, size_t n,
                               const struct h1r_html_options *opt)
{
	struct captured out;
	FILE *f = capture_open(&out);

	ck_assert_int_eq(h1r_html_write(f, runs, n, opt), H1R_OK);
	capture_close(&out, f);
	return out;
}

static void load_all(struct h1r_run **runs)
{
	runs[0] = load_fixture(FIXTURE("nginx.json"));
	runs[1] = load_fixture(FIXTURE("apache.json"));
	runs[2] = load_fixture(FIXTURE("hostile.json"));
}

static void free_all(struct h1r_run **runs)
{
	int i;

	for (i = 0; i < 3; i++)
		h1r_run_free(runs[i]);
}

/* Every href is a fragment or an rfc-editor.org link; there is no src at all. */
static void assert_no_external(const struct captured *x)
{
	const char *p = x->buf, *end = x->buf + x->len;

	while ((p = memmem(p, (size_t)(end - p), "href=\"", 6)) != NULL) {
		p += 6;
		ck_assert_msg(*p == '#' || strncmp(p, "https://www.rfc-editor.org/rfc/rfc", 34) == 0,
		              "unexpected link target: %.60s", p);
	}
	ck_assert_ptr_null(memmem(x->buf, x->len, "src=\"", 5));
	ck_assert_ptr_null(memmem(x->buf, x->len, "url(", 4));
	ck_assert_ptr_null(memmem(x->buf, x->len, "@import", 7));
	ck_assert_ptr_nonnull(strstr(x->buf, "content=\"default-src 'none';"));
}

/* xmllint as XML (strict well-formedness) and as HTML (no parse errors but HTML5 tag names). */
static void xmllint_checks(const struct captured *x, int expect_scripts)
{
	char *path;

	if (!have_xmllint())
		return;
	path = temp_file("html", x->buf, x->len);
	ck_assert_msg(shell("xmllint --noout '%s'", path) == 0, "not well-formed XML");
	/* libxml2's HTML parser knows HTML 4 only: its "Tag svg invalid" lines are noise. */
	ck_assert_msg(shell("xmllint --html --noout '%s' 2>&1 | grep 'parser error' | grep -v "
	                    "'Tag [a-z-]* invalid' | grep . >&2; test $? = 1",
	                    path) == 0,
	              "HTML parse errors");
	ck_assert_int_eq(
	        shell("test \"$(xmllint --xpath 'count(//script)' '%s')\" = %d", path, expect_scripts), 0);
	ck_assert_int_eq(shell("test \"$(xmllint --xpath 'count(//@*[starts-with(name(), \"on\")] "
	                       "| //@src | //img | //iframe | //object | //embed | //form | //link "
	                       "| //base | //meta[@http-equiv=\"refresh\"])' '%s')\" = 0",
	                       path),
	                 0);
	ck_assert_int_eq(shell("test \"$(xmllint --xpath 'count(//@href[not(starts-with(., \"#\")) "
	                       "and not(starts-with(., \"https://www.rfc-editor.org/rfc/rfc\"))])' "
	                       "'%s')\" = 0",
	                       path),
	                 0);
	remove(path);
	free(path);
}

START_TEST(test_deterministic)
{
	struct h1r_run *runs[3];
	struct captured a, b;

	load_all(runs);
	a = html_of((const struct h1r_run *const *)runs, 3, NULL);
	b = html_of((const struct h1r_run *const *)runs, 3, NULL);
	ck_assert_uint_eq(a.len, b.len);
	ck_assert_int_eq(memcmp(a.buf, b.buf, a.len), 0);
	free(a.buf);
	free(b.buf);
	/* Loading again (new allocations, other addresses) changes nothing either. */
	free_all(runs);
	load_all(runs);
	b = html_of((const struct h1r_run *const *)runs, 3, NULL);
	a = html_of((const struct h1r_run *const *)runs, 3, NULL);
	ck_assert_int_eq(memcmp(a.buf, b.buf, a.len), 0);
	free(a.buf);
	free(b.buf);
	free_all(runs);
}
END_TEST

START_TEST(test_counts_and_cells)
{
	struct h1r_run *runs[3];
	struct captured x;
	size_t r, v;

	load_all(runs);
	x = html_of((const struct h1r_run *const *)runs, 3, NULL);
	for (r = 0; r < 3; r++) {
		struct h1r_summary s;
		char want[96];
		h1r_run_summarize(runs[r], &s);
		for (v = 0; v < H1R_VERDICT_COUNT; v++) {
			const char *name = h1r_verdict_name((enum h1r_verdict)v);
			snprintf(want, sizeof(want), "id=\"count-%zu-%s\" data-count=\"%zu\"", r, name,
			         s.count[v]);
			ck_assert_msg(strstr(x.buf, want) != NULL, "missing %s", want);
			snprintf(want, sizeof(want), "data-run=\"%zu\" data-verdict=\"%s\"", r, name);
			ck_assert_uint_eq(count_of(x.buf, x.len, want), s.count[v]);
		}
		snprintf(want, sizeof(want), "id=\"count-%zu-total\" data-count=\"%zu\"", r, s.total);
		ck_assert_ptr_nonnull(strstr(x.buf, want));
	}
	/* 17 distinct case ids in 15 sections; the matrix has one row each. */
	ck_assert_uint_eq(count_of(x.buf, x.len, "<tr class=\"case\""), 17);
	ck_assert_uint_eq(count_of(x.buf, x.len, "<tr class=\"gh\">"), 15);
	ck_assert_ptr_nonnull(
	        strstr(x.buf, "<a href=\"https://www.rfc-editor.org/rfc/rfc9112#section-6.3\">"));
	/* Cells link to details that exist. */
	ck_assert_ptr_nonnull(strstr(x.buf, "href=\"#d1-rfc9112_2F5.2_2Fobs-fold\""));
	ck_assert_ptr_nonnull(strstr(x.buf, "id=\"d1-rfc9112_2F5.2_2Fobs-fold\""));
	assert_no_external(&x);
	xmllint_checks(&x, 1);
	free(x.buf);
	free_all(runs);
}
END_TEST

START_TEST(test_hostile_content)
{
	struct h1r_run *run = load_fixture(FIXTURE("hostile.json"));
	const struct h1r_run *runs[1] = {run};
	struct h1r_html_options opt;
	struct captured x;

	memset(&opt, 0, sizeof(opt));
	opt.title = "</title><script>console.error(1)</script>";
	x = html_of(runs, 1, &opt);
	assert_clean_utf8(x.buf, x.len, 0);
	/* Exactly one script element: ours, at the end. */
	ck_assert_uint_eq(count_of(x.buf, x.len, "<script"), 1);
	ck_assert_ptr_nonnull(strstr(x.buf, "<script>\n(function () {"));
	ck_assert_ptr_null(strstr(x.buf, "<img"));
	ck_assert_ptr_null(strstr(x.buf, "<svg onload"));
	ck_assert_ptr_null(strstr(x.buf, "<b>"));
	ck_assert_ptr_null(strstr(x.buf, "]]>"));
	ck_assert_ptr_null(strstr(x.buf, "<!--"));
	ck_assert_ptr_null(strstr(x.buf, "javascript:alert(1)>"));
	ck_assert_ptr_nonnull(strstr(x.buf, "200 OK&lt;/pre&gt;&lt;script&gt;console.error"));
	ck_assert_ptr_nonnull(strstr(x.buf, "<title>&lt;/title&gt;&lt;script&gt;"));
	/* Quotes in header names stay text. */
	ck_assert_ptr_nonnull(strstr(x.buf, "X-&quot;evil&quot;&lt;b&gt;: &#39;&quot;&gt;&lt;img"));
	/* Control bytes, invalid UTF-8 and direction overrides are visible. */
	ck_assert_ptr_nonnull(strstr(x.buf, "X-Nul: a<span class=\"x\">\\x00</span>b"));
	ck_assert_ptr_nonnull(strstr(x.buf, "\\r\\n\n\\x00\\xff\\xfe\\xc3</span>(<span "
	                                    "class=\"x\">\\x80</span>]]&gt;"));
	ck_assert_ptr_nonnull(strstr(x.buf, "<span class=\"x\">\\u{202E}</span>esrever"));
	ck_assert_ptr_nonnull(strstr(x.buf, "<span class=\"x\">\\x1b</span>[31mRED"));
	/* The id's markup is neither markup nor a way out of the anchor. */
	ck_assert_ptr_nonnull(strstr(x.buf, "id=\"d0-rfc9112_2Fx_22_3E_3Csvg_20onload_3D"));
	/* A document that is not an RFC gets no link. */
	ck_assert_ptr_null(strstr(x.buf, "href=\"javascript"));
	ck_assert_ptr_nonnull(strstr(x.buf, "capture truncated by the harness"));
	assert_no_external(&x);
	xmllint_checks(&x, 1);
	free(x.buf);
	h1r_run_free(run);
}
END_TEST

START_TEST(test_long_lines_and_bad_utf8)
{
	struct h1r_run *run = h1r_run_new();
	const struct h1r_run *runs[1] = {run};
	struct h1r_case *c = h1r_run_add_case(run, "big/line");
	size_t big = 100 * 1024, i;
	char *line = malloc(big);
	struct captured x;

	for (i = 0; i < big; i++)
		line[i] = "<&\"'>\0\r\x1b"[i % 8];
	c->verdict = H1R_FAIL;
	h1r_case_add_transcript(c, H1R_RECV, 1, line, big, 0);
	for (i = 0; i < 10; i++)
		h1r_case_add_transcript(c, H1R_SEND, 2, line, big, 0);
	/* Invalid UTF-8 assigned behind the API's back is still shown safely. */
	c->actual.ptr = malloc(4);
	memcpy(c->actual.ptr, "a\xFF<", 4);
	c->actual.len = 3;
	memset(line, 'Q', big);
	h1r_str_set(&c->message, line, big);
	x = html_of(runs, 1, NULL);
	assert_clean_utf8(x.buf, x.len, 0);
	ck_assert_ptr_nonnull(strstr(x.buf, "a<span class=\"x\">\\xff</span>&lt;"));
	ck_assert_ptr_nonnull(strstr(x.buf, "more bytes not shown"));
	/* 1 MiB of transcript and a 100 KB message give a page of bounded size. */
	ck_assert_uint_lt(x.len, 400 * 1024);
	ck_assert_uint_eq(count_of(x.buf, x.len, "<script"), 1);
	xmllint_checks(&x, 1);
	free(x.buf);
	free(line);
	h1r_run_free(run);
}
END_TEST

START_TEST(test_single_run_and_errors)
{
	struct h1r_run *run = load_fixture(FIXTURE("nginx.json"));
	const struct h1r_run *runs[1] = {run};
	struct captured x = html_of(runs, 1, NULL);
	FILE *f;

	ck_assert_ptr_nonnull(strstr(x.buf, "<title>HTTP/1.1 conformance report</title>"));
	ck_assert_ptr_nonnull(strstr(x.buf, "nginx \xC2\xB7 <span class=\"mono\">http://127.0.0.1:8081/"));
	ck_assert_ptr_nonnull(strstr(x.buf, "id=\"d0-rfc9112_2F7.1.1_2Fchunk-ext-ignored\""));
	free(x.buf);
	f = capture_open(&x);
	ck_assert_int_eq(h1r_html_write(f, runs, 0, NULL), H1R_EINVAL);
	capture_close(&x, f);
	free(x.buf);
	h1r_run_free(run);
}
END_TEST

START_TEST(test_out_of_range_verdict)
{
	/* A caller's bug must not make any writer index out of bounds (ASan watches). */
	struct h1r_run *run = h1r_run_new();
	const struct h1r_run *runs[1] = {run};
	struct h1r_case *c = h1r_run_add_case(run, "odd");
	struct captured x;
	FILE *f;

	c->verdict = (enum h1r_verdict)42;
	x = html_of(runs, 1, NULL);
	ck_assert_ptr_nonnull(strstr(x.buf, "ERROR"));
	free(x.buf);
	f = capture_open(&x);
	ck_assert_int_eq(h1r_junit_write(f, runs, 1, NULL), H1R_OK);
	ck_assert_int_eq(h1r_term_write(f, run, NULL), H1R_OK);
	capture_close(&x, f);
	free(x.buf);
	h1r_run_free(run);
}
END_TEST

static Suite *html_suite(void)
{
	Suite *s = suite_create("reports_html");
	TCase *tc = tcase_create("html");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_deterministic);
	tcase_add_test(tc, test_counts_and_cells);
	tcase_add_test(tc, test_hostile_content);
	tcase_add_test(tc, test_long_lines_and_bad_utf8);
	tcase_add_test(tc, test_single_run_and_errors);
	tcase_add_test(tc, test_out_of_range_verdict);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(html_suite());
}
