/*
 * Tests of the result model (reports/h1r_model.c), the text helpers shared
 * by the writers (reports/h1r_text.c) and the row/group arrangement
 * (reports/h1r_table.c): what the harness calls, and the primitives every
 * report's safety and order rest on.
 */
#include "reports/tests/reports_test_util.h"

START_TEST(test_new_run_defaults)
{
	struct h1r_run *run = h1r_run_new();
	struct h1r_summary s;

	ck_assert_ptr_nonnull(run);
	ck_assert_str_eq(run->tool_name.ptr, "h1conform");
	ck_assert_int_eq(run->n_cases, 0);
	ck_assert_str_eq(h1r_run_label(run), "(unnamed target)");
	h1r_run_summarize(run, &s);
	ck_assert_uint_eq(s.total, 0);
	ck_assert_int_eq(h1r_run_deviates(run), 0);
	h1r_run_free(run);
	h1r_run_free(NULL);
}
END_TEST

START_TEST(test_build_and_summarize)
{
	struct h1r_run *run = h1r_run_new();
	struct h1r_case *a, *b, *c;
	struct h1r_summary s;

	ck_assert_int_eq(h1r_run_set_target(run, "http://127.0.0.1:8080/", NULL), H1R_OK);
	ck_assert_str_eq(h1r_run_label(run), "http://127.0.0.1:8080/");
	ck_assert_int_eq(h1r_run_set_target(run, "http://127.0.0.1:8080/", "nginx"), H1R_OK);
	ck_assert_str_eq(h1r_run_label(run), "nginx");

	a = h1r_run_add_case(run, "rfc9112/6.3/te-and-cl");
	ck_assert_ptr_nonnull(a);
	ck_assert_int_eq(a->verdict, H1R_SKIP);
	a->verdict = H1R_FAIL;
	ck_assert_int_eq(h1r_case_add_tag(a, "framing"), H1R_OK);
	ck_assert_int_eq(h1r_case_add_finding(a, "date-missing", H1R_SHOULD, "RFC 9110", "6.6.1", NULL),
	                 H1R_OK);
	ck_assert_int_eq(h1r_case_add_transcript(a, H1R_SEND, 0, "GET /\r\n", 7, 0), H1R_OK);
	ck_assert_int_eq(h1r_case_add_transcript(a, H1R_EVENT, 3, "reset", 5, 0), H1R_OK);
	/* Pointers stay valid while more cases are added. */
	for (int i = 0; i < 100; i++) {
		char id[32];
		snprintf(id, sizeof(id), "x/%d", i);
		b = h1r_run_add_case(run, id);
		ck_assert_ptr_nonnull(b);
		b->verdict = i % 2 ? H1R_PASS : H1R_WARN;
	}
	ck_assert_str_eq(a->id.ptr, "rfc9112/6.3/te-and-cl");
	ck_assert_uint_eq(a->n_tags, 1);
	ck_assert_uint_eq(a->n_findings, 1);
	ck_assert_str_eq(a->findings[0].message.ptr, "");
	ck_assert_uint_eq(a->n_transcript, 2);
	ck_assert_uint_eq(a->transcript_bytes, 12);
	c = h1r_run_add_case(run, "y");
	c->verdict = H1R_ERROR;

	h1r_run_summarize(run, &s);
	ck_assert_uint_eq(s.total, 102);
	ck_assert_uint_eq(s.count[H1R_FAIL], 1);
	ck_assert_uint_eq(s.count[H1R_WARN], 50);
	ck_assert_uint_eq(s.count[H1R_PASS], 50);
	ck_assert_uint_eq(s.count[H1R_ERROR], 1);
	ck_assert_ptr_null(h1r_run_add_case(run, NULL));
	h1r_run_free(run);
}
END_TEST

START_TEST(test_gating)
{
	struct h1r_run *run = h1r_run_new();
	struct h1r_case *c = h1r_run_add_case(run, "a");

	ck_assert_int_eq(h1r_verdict_gates(H1R_FAIL, 0), 1);
	ck_assert_int_eq(h1r_verdict_gates(H1R_ERROR, 0), 1);
	ck_assert_int_eq(h1r_verdict_gates(H1R_WARN, 0), 0);
	ck_assert_int_eq(h1r_verdict_gates(H1R_WARN, 1), 1);
	ck_assert_int_eq(h1r_verdict_gates(H1R_SKIP, 1), 0);
	ck_assert_int_eq(h1r_verdict_gates(H1R_PASS, 1), 0);
	c->verdict = H1R_WARN;
	ck_assert_int_eq(h1r_run_deviates(run), 0);
	run->strict = 1;
	ck_assert_int_eq(h1r_run_deviates(run), 1);
	h1r_run_free(run);
}
END_TEST

START_TEST(test_names)
{
	enum h1r_verdict v;
	enum h1r_level l;
	enum h1r_dir d;
	int i;

	for (i = 0; i < H1R_VERDICT_COUNT; i++) {
		const char *n = h1r_verdict_name((enum h1r_verdict)i);
		ck_assert_int_eq(h1r_verdict_from_name(n, strlen(n), &v), H1R_OK);
		ck_assert_int_eq(v, i);
	}
	ck_assert_int_eq(h1r_verdict_from_name("PASS", 4, &v), H1R_EINVAL);
	ck_assert_int_eq(h1r_verdict_from_name("pas", 3, &v), H1R_EINVAL);
	ck_assert_int_eq(h1r_verdict_from_name("passs", 5, &v), H1R_EINVAL);
	ck_assert_int_eq(h1r_level_from_name("SHOULD", 6, &l), H1R_OK);
	ck_assert_int_eq(l, H1R_SHOULD);
	ck_assert_int_eq(h1r_level_from_name("must", 4, &l), H1R_EINVAL);
	ck_assert_int_eq(h1r_dir_from_name("event", 5, &d), H1R_OK);
	ck_assert_int_eq(d, H1R_EVENT);
	ck_assert_str_eq(h1r_status_name(H1R_ESCHEMA), "schema");
	ck_assert_str_eq(h1r_status_name(99), "unknown");
	ck_assert_str_eq(h1r_status_message(-1), "unknown status");
}
END_TEST

START_TEST(test_str_set_repairs_utf8)
{
	struct h1r_str s = {NULL, 0};

	/* Valid UTF-8 (with an embedded NUL) is kept byte for byte. */
	ck_assert_int_eq(h1r_str_set(&s, "caf\xC3\xA9\0x", 7), H1R_OK);
	ck_assert_uint_eq(s.len, 7);
	ck_assert_int_eq(memcmp(s.ptr, "caf\xC3\xA9\0x", 7), 0);
	/* Invalid bytes become the Latin-1 code point of the same value. */
	ck_assert_int_eq(h1r_str_set(&s,
	                             "a\xFF"
	                             "b\xC3",
	                             4),
	                 H1R_OK);
	ck_assert_uint_eq(s.len, 6);
	ck_assert_int_eq(memcmp(s.ptr,
	                        "a\xC3\xBF"
	                        "b\xC3\x83",
	                        6),
	                 0);
	ck_assert(h1r__utf8_valid(s.ptr, s.len));
	/* Overlong and surrogate forms are invalid too. */
	ck_assert_int_eq(h1r_str_set(&s, "\xC0\xAF\xED\xA0\x80", 5), H1R_OK);
	ck_assert(h1r__utf8_valid(s.ptr, s.len));
	ck_assert_uint_eq(s.len, 10);
	ck_assert_int_eq(h1r_str_setz(&s, NULL), H1R_OK);
	ck_assert_ptr_null(s.ptr);
	ck_assert_int_eq(h1r_str_set(&s, NULL, 0), H1R_OK);
	ck_assert_str_eq(s.ptr, "");
	h1r__str_clear(&s);
}
END_TEST

START_TEST(test_transcript_bound)
{
	struct h1r_run *run = h1r_run_new();
	struct h1r_case *c = h1r_run_add_case(run, "big");
	size_t big = H1R_MAX_CASE_TRANSCRIPT - 10;
	char *data = calloc(1, big + 100);

	ck_assert_int_eq(h1r_case_add_transcript(c, H1R_RECV, 1, data, big, 0), H1R_OK);
	ck_assert_int_eq(c->transcript[0].truncated, 0);
	ck_assert_int_eq(h1r_case_add_transcript(c, H1R_RECV, 2, data, 100, 0), H1R_OK);
	ck_assert_uint_eq(c->transcript[1].data.len, 10);
	ck_assert_int_eq(c->transcript[1].truncated, 1);
	ck_assert_int_eq(h1r_case_add_transcript(c, H1R_RECV, 3, data, 100, 0), H1R_OK);
	ck_assert_uint_eq(c->transcript[2].data.len, 0);
	ck_assert_int_eq(c->transcript[2].truncated, 1);
	ck_assert_uint_eq(c->transcript_bytes, H1R_MAX_CASE_TRANSCRIPT);
	free(data);
	h1r_run_free(run);
}
END_TEST

static struct h1r_str view(const char *s)
{
	struct h1r_str v;

	v.ptr = (char *)(uintptr_t)s;
	v.len = strlen(s);
	return v;
}

START_TEST(test_natural_order)
{
	static const char *const sorted[] = {"",  "2",    "3", "3.2", "6.1",      "6.3",      "6.10",
	                                     "7", "10.1", "A", "A.2", "RFC 6265", "RFC 9110", "RFC 9112"};
	size_t i, j, n = sizeof(sorted) / sizeof(sorted[0]);

	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++) {
			struct h1r_str a = view(sorted[i]), b = view(sorted[j]);
			int r = h1r__natcmp(&a, &b);
			ck_assert_msg((i < j && r < 0) || (i == j && r == 0) || (i > j && r > 0),
			              "'%s' vs '%s' gave %d", sorted[i], sorted[j], r);
		}
	{
		/* Equal numbers, different spellings: still a total order. */
		struct h1r_str a = view("6.03"), b = view("6.3");
		ck_assert_int_ne(h1r__natcmp(&a, &b), 0);
		ck_assert_int_eq(h1r__natcmp(&a, &b), -h1r__natcmp(&b, &a));
	}
}
END_TEST

START_TEST(test_rfc_url)
{
	char url[200];
	struct h1r_str doc = view("RFC 9112"), sec = view("6.3");

	ck_assert_int_eq(h1r__rfc_url(&doc, &sec, url, sizeof(url)), 1);
	ck_assert_str_eq(url, "https://www.rfc-editor.org/rfc/rfc9112#section-6.3");
	sec = view("A.2");
	ck_assert_int_eq(h1r__rfc_url(&doc, &sec, url, sizeof(url)), 1);
	ck_assert_str_eq(url, "https://www.rfc-editor.org/rfc/rfc9112#appendix-A.2");
	doc = view("RFC6265");
	sec = view("");
	ck_assert_int_eq(h1r__rfc_url(&doc, &sec, url, sizeof(url)), 1);
	ck_assert_str_eq(url, "https://www.rfc-editor.org/rfc/rfc6265");
	/* A section that is not a section number is left out, never pasted into the URL. */
	doc = view("RFC 9110");
	sec = view("\"><script>");
	ck_assert_int_eq(h1r__rfc_url(&doc, &sec, url, sizeof(url)), 1);
	ck_assert_str_eq(url, "https://www.rfc-editor.org/rfc/rfc9110");
	sec = view("6.");
	ck_assert_int_eq(h1r__rfc_url(&doc, &sec, url, sizeof(url)), 1);
	ck_assert_str_eq(url, "https://www.rfc-editor.org/rfc/rfc9110");
	doc = view("javascript:alert(1)");
	ck_assert_int_eq(h1r__rfc_url(&doc, &sec, url, sizeof(url)), 0);
	doc = view("RFC 123456");
	ck_assert_int_eq(h1r__rfc_url(&doc, &sec, url, sizeof(url)), 0);
	doc = view("RFC 91x2");
	ck_assert_int_eq(h1r__rfc_url(&doc, &sec, url, sizeof(url)), 0);
	doc = view("draft-ietf-httpbis");
	ck_assert_int_eq(h1r__rfc_url(&doc, &sec, url, sizeof(url)), 0);
}
END_TEST

static struct h1r_case *add(struct h1r_run *run, const char *id, const char *doc, const char *sec,
                            enum h1r_verdict v)
{
	struct h1r_case *c = h1r_run_add_case(run, id);

	h1r_str_setz(&c->document, doc);
	h1r_str_setz(&c->section, sec);
	c->verdict = v;
	return c;
}

START_TEST(test_table_rows_and_cells)
{
	struct h1r_run *a = h1r_run_new(), *b = h1r_run_new();
	const struct h1r_run *runs[2] = {a, b};
	struct h1r__table t;

	add(a, "rfc9112/6.3/x", "RFC 9112", "6.3", H1R_PASS);
	add(a, "rfc9112/6.10/y", "RFC 9112", "6.10", H1R_FAIL);
	add(a, "rfc9110/6.6.1/z", "RFC 9110", "6.6.1", H1R_WARN);
	add(b, "rfc9112/6.3/x", "RFC 9112", "6.3", H1R_FAIL);
	add(b, "rfc9112/6.3/w", "RFC 9112", "6.3", H1R_SKIP);
	add(b, "rfc9112/6.3/w", "RFC 9112", "6.3", H1R_ERROR); /* duplicate id */
	ck_assert_int_eq(h1r__table_build(&t, runs, 2), H1R_OK);
	ck_assert_uint_eq(t.n_rows, 5);
	ck_assert_str_eq(t.rows[0].first->id.ptr, "rfc9110/6.6.1/z");
	ck_assert_ptr_null(t.rows[0].cells[1]);
	ck_assert_str_eq(t.rows[1].first->id.ptr, "rfc9112/6.3/w");
	ck_assert_ptr_null(t.rows[1].cells[0]);
	ck_assert_int_eq(t.rows[1].cells[1]->verdict, H1R_SKIP);
	ck_assert_str_eq(t.rows[2].first->id.ptr, "rfc9112/6.3/w");
	ck_assert_int_eq(t.rows[2].cells[1]->verdict, H1R_ERROR);
	ck_assert_str_eq(t.rows[3].first->id.ptr, "rfc9112/6.3/x");
	ck_assert_int_eq(t.rows[3].cells[0]->verdict, H1R_PASS);
	ck_assert_int_eq(t.rows[3].cells[1]->verdict, H1R_FAIL);
	ck_assert_str_eq(t.rows[4].first->id.ptr, "rfc9112/6.10/y");
	ck_assert(h1r__same_group(t.rows[1].first, t.rows[3].first));
	ck_assert(!h1r__same_group(t.rows[3].first, t.rows[4].first));
	h1r__table_free(&t);
	h1r_run_free(a);
	h1r_run_free(b);
}
END_TEST

static Suite *model_suite(void)
{
	Suite *s = suite_create("reports_model");
	TCase *tc = tcase_create("model");

	tcase_add_test(tc, test_new_run_defaults);
	tcase_add_test(tc, test_build_and_summarize);
	tcase_add_test(tc, test_gating);
	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_str_set_repairs_utf8);
	tcase_add_test(tc, test_transcript_bound);
	tcase_add_test(tc, test_natural_order);
	tcase_add_test(tc, test_rfc_url);
	tcase_add_test(tc, test_table_rows_and_cells);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(model_suite());
}
