/*
 * Tests of baselines (reports/h1r_baseline.c): loading with reasons
 * required, the new / changed / known / fixed / not-run classification, the
 * gating decision (strict or not), and writing a baseline that the same run
 * then passes.
 */
#include "reports/tests/reports_test_util.h"

static struct h1r_baseline *baseline_of(const char *text)
{
	struct h1r_baseline *b = NULL;
	struct h1r_error err;
	int st = h1r_baseline_load_buffer(text, strlen(text), "b.json", &b, &err);

	ck_assert_msg(st == H1R_OK, "%s", err.text);
	return b;
}

static struct h1r_case *add(struct h1r_run *run, const char *id, enum h1r_verdict v)
{
	struct h1r_case *c = h1r_run_add_case(run, id);

	c->verdict = v;
	return c;
}

struct bad {
	const char *text;
	const char *expect;
};

static const struct bad bad_baselines[] = {
        {"{\"schema\":\"h1conform-baseline/2\",\"known\":[]}", "unsupported schema"},
        {"{\"schema\":\"h1conform-results/1\",\"known\":[]}", "is not an h1conform baseline schema"},
        {"{\"schema\":\"h1conform-baseline/1\"}", "$: missing required key \"known\""},
        {"{\"schema\":\"h1conform-baseline/1\",\"known\":[{\"id\":\"a\",\"verdict\":\"fail\"}]}",
         "b.json: $.known[0]: missing required key \"reason\""},
        {"{\"schema\":\"h1conform-baseline/1\",\"known\":[{\"id\":\"a\",\"verdict\":\"fail\","
         "\"reason\":\" \\t \"}]}",
         "$.known[0]: \"reason\" must say why the deviation is accepted"},
        {"{\"schema\":\"h1conform-baseline/1\",\"known\":[{\"id\":\"a\",\"verdict\":\"pass\","
         "\"reason\":\"r\"}]}",
         "\"verdict\" must be fail, warn or error"},
        {"{\"schema\":\"h1conform-baseline/1\",\"known\":[{\"id\":\"a\",\"verdict\":\"fail\","
         "\"reason\":\"r\"},{\"id\":\"a\",\"verdict\":\"warn\",\"reason\":\"r\"}]}",
         "$.known: duplicate id \"a\""},
        {"{\"schema\":\"h1conform-baseline/1\",\"known\":[{\"id\":\"\",\"verdict\":\"fail\","
         "\"reason\":\"r\"}]}",
         "\"id\" must not be empty"},
        {"{\"schema\":\"h1conform-baseline/1\",\"known\":[7]}", "$.known[0]: an entry must be an object"},
        {"{\"schema\":\"h1conform-baseline/1\",\n\"known\":[,]}", "b.json:2:"},
};

START_TEST(test_bad_baselines)
{
	struct h1r_baseline *b = (struct h1r_baseline *)1;
	struct h1r_error err;

	ck_assert_int_ne(h1r_baseline_load_buffer(bad_baselines[_i].text, strlen(bad_baselines[_i].text),
	                                          "b.json", &b, &err),
	                 H1R_OK);
	ck_assert_ptr_null(b);
	ck_assert_msg(strstr(err.text, bad_baselines[_i].expect) != NULL, "got \"%s\", want \"%s\"", err.text,
	              bad_baselines[_i].expect);
}
END_TEST

START_TEST(test_classification)
{
	struct h1r_run *run = h1r_run_new();
	struct h1r_baseline *b =
	        baseline_of("{\"schema\":\"h1conform-baseline/1\",\"known\":["
	                    "{\"id\":\"known-fail\",\"verdict\":\"fail\",\"reason\":\"upstream bug 12\"},"
	                    "{\"id\":\"fixed\",\"verdict\":\"fail\",\"reason\":\"r\"},"
	                    "{\"id\":\"worse\",\"verdict\":\"warn\",\"reason\":\"r\"},"
	                    "{\"id\":\"better\",\"verdict\":\"fail\",\"reason\":\"r\"},"
	                    "{\"id\":\"skipped\",\"verdict\":\"error\",\"reason\":\"r\"},"
	                    "{\"id\":\"absent\",\"verdict\":\"fail\",\"reason\":\"r\"}]}");
	struct h1r_baseline_result r;

	add(run, "new-fail", H1R_FAIL);
	add(run, "known-fail", H1R_FAIL);
	add(run, "fixed", H1R_PASS);
	add(run, "worse", H1R_FAIL);
	add(run, "better", H1R_WARN);
	add(run, "skipped", H1R_SKIP);
	add(run, "plain-pass", H1R_PASS);
	add(run, "new-warn", H1R_WARN);
	ck_assert_int_eq(h1r_baseline_apply(run, b, &r), H1R_OK);
	ck_assert_uint_eq(r.count[H1R_DELTA_NEW], 2);
	ck_assert_uint_eq(r.count[H1R_DELTA_CHANGED], 2);
	ck_assert_uint_eq(r.count[H1R_DELTA_KNOWN], 1);
	ck_assert_uint_eq(r.count[H1R_DELTA_FIXED], 1);
	ck_assert_uint_eq(r.count[H1R_DELTA_NOT_RUN], 2);
	ck_assert_uint_eq(r.n_items, 8);
	/* Sorted by kind, then id. */
	ck_assert_int_eq(r.items[0].kind, H1R_DELTA_NEW);
	ck_assert_str_eq(r.items[0].id->ptr, "new-fail");
	ck_assert_str_eq(r.items[1].id->ptr, "new-warn");
	ck_assert_ptr_null(r.items[1].known);
	ck_assert_str_eq(r.items[2].id->ptr, "better");
	ck_assert_str_eq(r.items[3].id->ptr, "worse");
	ck_assert_int_eq(r.items[4].kind, H1R_DELTA_FIXED);
	ck_assert_str_eq(r.items[4].known->reason.ptr, "r");
	ck_assert_int_eq(r.items[5].kind, H1R_DELTA_KNOWN);
	ck_assert_str_eq(r.items[5].known->reason.ptr, "upstream bug 12");
	ck_assert_str_eq(r.items[6].id->ptr, "absent");
	ck_assert_ptr_null(r.items[6].c);
	ck_assert_str_eq(r.items[7].id->ptr, "skipped");
	ck_assert_ptr_nonnull(r.items[7].c);
	/* new-fail and worse (now fail) gate. */
	ck_assert_int_eq(r.should_fail, 1);
	h1r_baseline_result_free(&r);
	h1r_baseline_free(b);
	h1r_run_free(run);
}
END_TEST

START_TEST(test_gating_follows_strict)
{
	struct h1r_run *run = h1r_run_new();
	struct h1r_baseline *b = baseline_of("{\"schema\":\"h1conform-baseline/1\",\"known\":["
	                                     "{\"id\":\"f\",\"verdict\":\"fail\",\"reason\":\"accepted\"},"
	                                     "{\"id\":\"e\",\"verdict\":\"fail\",\"reason\":\"accepted\"}]}");
	struct h1r_baseline_result r;

	add(run, "f", H1R_FAIL);
	add(run, "w", H1R_WARN); /* new, but a warn */
	add(run, "e", H1R_WARN); /* changed to a warn */
	ck_assert_int_eq(h1r_baseline_apply(run, b, &r), H1R_OK);
	ck_assert_int_eq(r.should_fail, 0);
	h1r_baseline_result_free(&r);
	run->strict = 1;
	ck_assert_int_eq(h1r_baseline_apply(run, b, &r), H1R_OK);
	ck_assert_int_eq(r.should_fail, 1);
	h1r_baseline_result_free(&r);
	/* A new error always gates: the tool could not judge, which is not acceptance. */
	run->strict = 0;
	add(run, "x", H1R_ERROR);
	ck_assert_int_eq(h1r_baseline_apply(run, b, &r), H1R_OK);
	ck_assert_int_eq(r.should_fail, 1);
	h1r_baseline_result_free(&r);
	/* No baseline at all: every deviation is new. */
	ck_assert_int_eq(h1r_baseline_apply(run, NULL, &r), H1R_OK);
	ck_assert_uint_eq(r.count[H1R_DELTA_NEW], 4);
	h1r_baseline_result_free(&r);
	h1r_baseline_free(b);
	h1r_run_free(run);
}
END_TEST

START_TEST(test_write_then_apply)
{
	static const char *const fixtures[] = {FIXTURE("nginx.json"), FIXTURE("apache.json"),
	                                       FIXTURE("hostile.json")};
	size_t i;

	for (i = 0; i < 3; i++) {
		struct h1r_run *run = load_fixture(fixtures[i]);
		struct h1r_baseline *b;
		struct h1r_baseline_result r;
		struct captured x, y;
		struct h1r_summary s;
		FILE *f = capture_open(&x);

		ck_assert_int_eq(h1r_baseline_write_json(f, run, NULL, NULL), H1R_OK);
		capture_close(&x, f);
		ck_assert_ptr_nonnull(strstr(x.buf, "\"schema\": \"h1conform-baseline/1\""));
		ck_assert_ptr_nonnull(strstr(x.buf, "replace with the reason this is accepted"));
		ck_assert_int_eq(h1r_baseline_load_buffer(x.buf, x.len, "w", &b, NULL), H1R_OK);
		h1r_run_summarize(run, &s);
		ck_assert_uint_eq(b->n_known, s.count[H1R_FAIL] + s.count[H1R_WARN] + s.count[H1R_ERROR]);
		ck_assert_int_eq(h1r_baseline_apply(run, b, &r), H1R_OK);
		ck_assert_int_eq(r.should_fail, 0);
		ck_assert_uint_eq(r.count[H1R_DELTA_NEW] + r.count[H1R_DELTA_CHANGED], 0);
		ck_assert_uint_eq(r.count[H1R_DELTA_KNOWN], b->n_known);
		h1r_baseline_result_free(&r);

		/* Rewriting keeps the reasons already given. */
		free(b->known[0].reason.ptr);
		b->known[0].reason.ptr = NULL;
		h1r_str_setz(&b->known[0].reason, "vendor ticket 42");
		f = capture_open(&y);
		ck_assert_int_eq(h1r_baseline_write_json(f, run, b, "new one"), H1R_OK);
		capture_close(&y, f);
		ck_assert_ptr_nonnull(strstr(y.buf, "\"reason\": \"vendor ticket 42\""));
		if (b->n_known > 1)
			ck_assert_ptr_null(strstr(y.buf, "\"reason\": \"new one\""));
		free(x.buf);
		free(y.buf);
		h1r_baseline_free(b);
		h1r_run_free(run);
	}
}
END_TEST

START_TEST(test_write_format)
{
	struct h1r_run *run = h1r_run_new();
	struct captured x;
	FILE *f;

	add(run, "b", H1R_WARN);
	add(run, "a", H1R_FAIL);
	add(run, "c", H1R_PASS);
	add(run, "d", H1R_SKIP);
	f = capture_open(&x);
	ck_assert_int_eq(h1r_baseline_write_json(f, run, NULL, "because"), H1R_OK);
	capture_close(&x, f);
	ck_assert_str_eq(x.buf, "{\n"
	                        "  \"known\": [\n"
	                        "    {\n"
	                        "      \"id\": \"a\",\n"
	                        "      \"reason\": \"because\",\n"
	                        "      \"verdict\": \"fail\"\n"
	                        "    },\n"
	                        "    {\n"
	                        "      \"id\": \"b\",\n"
	                        "      \"reason\": \"because\",\n"
	                        "      \"verdict\": \"warn\"\n"
	                        "    }\n"
	                        "  ],\n"
	                        "  \"schema\": \"h1conform-baseline/1\"\n"
	                        "}\n");
	free(x.buf);
	h1r_run_free(run);
}
END_TEST

static Suite *baseline_suite(void)
{
	Suite *s = suite_create("reports_baseline");
	TCase *tc = tcase_create("baseline");

	tcase_add_loop_test(tc, test_bad_baselines, 0,
	                    (int)(sizeof(bad_baselines) / sizeof(bad_baselines[0])));
	tcase_add_test(tc, test_classification);
	tcase_add_test(tc, test_gating_follows_strict);
	tcase_add_test(tc, test_write_then_apply);
	tcase_add_test(tc, test_write_format);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(baseline_suite());
}
