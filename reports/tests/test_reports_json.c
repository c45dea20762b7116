/*
 * Tests of the results JSON (reports/h1r_json.c): malformed and hostile
 * inputs give the expected, escaped, positioned errors; files written by
 * the writer load and write back to identical bytes; what the harness
 * builds survives a round trip.
 */
#include "reports/tests/reports_test_util.h"

/* A valid document around one case object and a summary. */
static char *doc(const char *schema, const char *cases, const char *summary)
{
	static const char fmt[] =
	        "{\"schema\":\"%s\",\"tool\":{\"name\":\"h1conform\",\"version\":\"0.1.0\"},"
	        "\"target\":{\"url\":\"http://x/\"},\"started\":\"2026-11-24T15:50:00Z\","
	        "\"duration_ms\":1,\"summary\":%s,\"cases\":[%s]}";
	size_t n = sizeof(fmt) + strlen(schema) + strlen(cases) + strlen(summary);
	char *buf = malloc(n);

	snprintf(buf, n, fmt, schema, summary, cases);
	return buf;
}

#define ONE_PASS "{\"pass\":1,\"fail\":0,\"warn\":0,\"skip\":0,\"error\":0,\"total\":1}"
#define CASE(extra)                                                                                          \
	"{\"id\":\"a/1\",\"title\":\"t\",\"document\":\"RFC 9112\",\"section\":\"6.3\","                     \
	"\"level\":\"MUST\",\"requirement\":\"r\",\"verdict\":\"pass\"" extra "}"

struct bad {
	const char *name;
	const char *schema;
	const char *cases;
	const char *summary;
	int status;
	const char *expect; /* substring of the error text */
};

static const struct bad bad_docs[] = {
        {"major 2", "h1conform-results/2", CASE(""), ONE_PASS, H1R_ESCHEMA,
         "bad.json: $.schema: unsupported schema \"h1conform-results/2\": this version of "
         "h1conform reads h1conform-results/1"},
        {"major 10", "h1conform-results/10", CASE(""), ONE_PASS, H1R_ESCHEMA, "unsupported schema"},
        {"other schema", "h1conform-baseline/1", CASE(""), ONE_PASS, H1R_ESCHEMA,
         "is not an h1conform results schema"},
        {"malformed version", "h1conform-results/1.x", CASE(""), ONE_PASS, H1R_ESCHEMA,
         "has a malformed version"},
        {"unknown verdict", "h1conform-results/1",
         "{\"id\":\"a\",\"title\":\"t\",\"document\":\"d\",\"section\":\"s\",\"level\":\"MUST\","
         "\"requirement\":\"r\",\"verdict\":\"maybe\"}",
         ONE_PASS, H1R_ESCHEMA,
         "bad.json: $.cases[0]: \"verdict\" is \"maybe\"; expected one of pass, fail, warn, skip, "
         "error"},
        {"unknown level", "h1conform-results/1",
         "{\"id\":\"a\",\"title\":\"t\",\"document\":\"d\",\"section\":\"s\",\"level\":\"must\","
         "\"requirement\":\"r\",\"verdict\":\"pass\"}",
         ONE_PASS, H1R_ESCHEMA, "\"level\" is \"must\"; expected one of MUST, SHOULD, MAY"},
        {"missing title", "h1conform-results/1",
         "{\"id\":\"a\",\"document\":\"d\",\"section\":\"s\",\"level\":\"MUST\","
         "\"requirement\":\"r\",\"verdict\":\"pass\"}",
         ONE_PASS, H1R_ESCHEMA, "$.cases[0]: missing required key \"title\""},
        {"empty id", "h1conform-results/1",
         "{\"id\":\"\",\"title\":\"t\",\"document\":\"d\",\"section\":\"s\",\"level\":\"MUST\","
         "\"requirement\":\"r\",\"verdict\":\"pass\"}",
         ONE_PASS, H1R_ESCHEMA, "\"id\" must not be empty"},
        {"string duration", "h1conform-results/1", CASE(",\"duration_ms\":\"12\""), ONE_PASS, H1R_ESCHEMA,
         "$.cases[0]: \"duration_ms\" must be an integer, not a string"},
        {"real duration", "h1conform-results/1", CASE(",\"duration_ms\":1.5"), ONE_PASS, H1R_ESCHEMA,
         "must be an integer, not a real number"},
        {"tags not array", "h1conform-results/1", CASE(",\"tags\":\"x\""), ONE_PASS, H1R_ESCHEMA,
         "\"tags\" must be an array, not a string"},
        {"tag not string", "h1conform-results/1", CASE(",\"tags\":[1]"), ONE_PASS, H1R_ESCHEMA,
         "$.cases[0].tags[0]: a tag must be a string, not an integer"},
        {"negative t_ms", "h1conform-results/1",
         CASE(",\"transcript\":[{\"dir\":\"send\",\"t_ms\":-1,\"data\":\"x\"}]"), ONE_PASS, H1R_ESCHEMA,
         "$.cases[0].transcript[0]: \"t_ms\" must not be negative"},
        {"bad dir", "h1conform-results/1",
         CASE(",\"transcript\":[{\"dir\":\"sideways\",\"t_ms\":1,\"data\":\"x\"}]"), ONE_PASS, H1R_ESCHEMA,
         "\"dir\" is \"sideways\"; expected one of send, recv, event"},
        {"data above U+00FF", "h1conform-results/1",
         CASE(",\"transcript\":[{\"dir\":\"recv\",\"t_ms\":1,\"data\":\"ab\\u0100\"}]"), ONE_PASS,
         H1R_ESCHEMA, "\"data\" holds U+0100 at character offset 2"},
        {"truncated not bool", "h1conform-results/1",
         CASE(",\"transcript\":[{\"dir\":\"recv\",\"t_ms\":1,\"data\":\"\",\"truncated\":1}]"), ONE_PASS,
         H1R_ESCHEMA, "\"truncated\" must be true or false, not an integer"},
        {"finding without rule", "h1conform-results/1",
         CASE(",\"findings\":[{\"level\":\"MUST\",\"message\":\"m\"}]"), ONE_PASS, H1R_ESCHEMA,
         "$.cases[0].findings[0]: missing required key \"rule\""},
        {"summary mismatch", "h1conform-results/1", CASE(""),
         "{\"pass\":0,\"fail\":1,\"warn\":0,\"skip\":0,\"error\":0,\"total\":1}", H1R_ESCHEMA,
         "$.summary: \"pass\" is 0 but the cases hold 1; the file is inconsistent"},
        {"summary missing key", "h1conform-results/1", CASE(""), "{\"pass\":1}", H1R_ESCHEMA,
         "$.summary: missing required key \"fail\""},
        {"duplicate id", "h1conform-results/1", CASE("") "," CASE(""),
         "{\"pass\":2,\"fail\":0,\"warn\":0,\"skip\":0,\"error\":0,\"total\":2}", H1R_ESCHEMA,
         "$.cases: duplicate case id \"a/1\""},
        {"case not object", "h1conform-results/1", "[]", ONE_PASS, H1R_ESCHEMA,
         "$.cases[0]: a case must be an object, not an array"},
        /* Hostile values are quoted escaped: no raw ESC reaches an error message. */
        {"hostile verdict", "h1conform-results/1",
         "{\"id\":\"a\",\"title\":\"t\",\"document\":\"d\",\"section\":\"s\",\"level\":\"MUST\","
         "\"requirement\":\"r\",\"verdict\":\"\\u001b[31m\\\\\"}",
         ONE_PASS, H1R_ESCHEMA, "\"verdict\" is \"\\x1b[31m\\\\\""},
};

START_TEST(test_bad_documents)
{
	const struct bad *b = &bad_docs[_i];
	char *text = doc(b->schema, b->cases, b->summary);
	struct h1r_run *run = (struct h1r_run *)1;
	struct h1r_error err;
	int st;

	memset(&err, 0, sizeof(err));
	st = h1r_run_load_buffer(text, strlen(text), "bad.json", &run, &err);
	ck_assert_msg(st == b->status, "%s: status %d, error %s", b->name, st, err.text);
	ck_assert_int_eq(err.status, st);
	ck_assert_ptr_null(run);
	ck_assert_msg(strstr(err.text, b->expect) != NULL, "%s: got \"%s\", want \"%s\"", b->name, err.text,
	              b->expect);
	assert_clean_utf8(err.text, strlen(err.text), 0);
	/* NULL is accepted for the error. */
	ck_assert_int_eq(h1r_run_load_buffer(text, strlen(text), NULL, &run, NULL), b->status);
	free(text);
}
END_TEST

START_TEST(test_syntax_error_position)
{
	static const char text[] = "{\n  \"schema\": \"h1conform-results/1\",\n  \"tool\": }\n";
	struct h1r_run *run;
	struct h1r_error err;

	ck_assert_int_eq(h1r_run_load_buffer(text, sizeof(text) - 1, "r.json", &run, &err), H1R_ESYNTAX);
	ck_assert_int_eq(err.line, 3);
	ck_assert_int_gt(err.column, 0);
	ck_assert_msg(strncmp(err.text, "r.json:3:", 9) == 0, "got %s", err.text);
}
END_TEST

START_TEST(test_syntax_errors)
{
	static const char *const texts[] = {"", "[",
	                                    "{\"schema\": \"h1conform-results/1\", \"schema\": \"x\"}",
	                                    "nul\x01", "{\"a\": \"\x1b[2J\xff\"}"};
	size_t i;

	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		struct h1r_run *run;
		struct h1r_error err;
		ck_assert_int_eq(h1r_run_load_buffer(texts[i], strlen(texts[i]), "s.json", &run, &err),
		                 H1R_ESYNTAX);
		ck_assert_msg(strncmp(err.text, "s.json:", 7) == 0, "got %s", err.text);
		assert_clean_utf8(err.text, strlen(err.text), 0);
	}
}
END_TEST

START_TEST(test_top_level_and_io)
{
	struct h1r_run *run;
	struct h1r_error err;

	ck_assert_int_eq(h1r_run_load_buffer("[1]", 3, "a.json", &run, &err), H1R_ESCHEMA);
	ck_assert_str_eq(err.text, "a.json: $: the top level must be an object, not an array");
	ck_assert_int_eq(h1r_run_load_buffer("{}", 2, "a.json", &run, &err), H1R_ESCHEMA);
	ck_assert_str_eq(err.text, "a.json: $: missing \"schema\": not an h1conform results file");
	ck_assert_int_eq(h1r_run_load_json("reports/fixtures/does-not-exist.json", &run, &err), H1R_EIO);
	ck_assert_ptr_nonnull(strstr(err.text, "does-not-exist.json: cannot open"));
	/* The size limit is checked before the buffer is read. */
	ck_assert_int_eq(h1r_run_load_buffer("{}", H1R_MAX_INPUT_BYTES + 1, "huge", &run, &err), H1R_ETOOBIG);
}
END_TEST

START_TEST(test_minor_version_and_unknown_keys)
{
	char *text = doc("h1conform-results/1.7", CASE(",\"future\":{\"x\":[1,2]}"), ONE_PASS);
	struct h1r_run *run;
	struct h1r_error err;

	ck_assert_int_eq(h1r_run_load_buffer(text, strlen(text), "m.json", &run, &err), H1R_OK);
	ck_assert_uint_eq(run->n_cases, 1);
	ck_assert_ptr_null(run->target_name.ptr);
	ck_assert_str_eq(run->cases[0]->expected.ptr ? run->cases[0]->expected.ptr : "", "");
	h1r_run_free(run);
	free(text);
}
END_TEST

static const char *const fixtures[] = {FIXTURE("nginx.json"), FIXTURE("apache.json"),
                                       FIXTURE("hostile.json")};

START_TEST(test_fixture_round_trip)
{
	struct h1r_run *run = load_fixture(fixtures[_i]);
	struct captured out;
	size_t len;
	char *orig = read_whole(fixtures[_i], &len);
	FILE *f = capture_open(&out);

	ck_assert_int_eq(h1r_run_write_json(f, run), H1R_OK);
	capture_close(&out, f);
	ck_assert_uint_eq(out.len, len);
	ck_assert_msg(memcmp(out.buf, orig, len) == 0, "%s: written bytes differ", fixtures[_i]);
	free(out.buf);
	free(orig);
	h1r_run_free(run);
}
END_TEST

START_TEST(test_api_round_trip)
{
	static const unsigned char bytes[] = {'H', 0, '\r', '\n', 0x7F, 0x80, 0xC3, 0xFF, '"', '\\'};
	struct h1r_run *run = h1r_run_new(), *back;
	struct h1r_case *c;
	struct captured one, two;
	struct h1r_error err;
	FILE *f;

	h1r_run_set_target(run, "http://127.0.0.1:1/", "srv");
	h1r_str_setz(&run->tool_version, "0.1.0");
	h1r_str_setz(&run->started, "2026-11-24T15:50:00Z");
	run->strict = 1;
	run->duration_ms = 99;
	c = h1r_run_add_case(run, "rfc9112/6.3/x");
	c->verdict = H1R_WARN;
	c->level = H1R_SHOULD;
	h1r_str_set(&c->actual, "200 \xFF\0OK", 7);
	h1r_case_add_tag(c, "t\"ag");
	h1r_case_add_finding(c, "r", H1R_MAY, "RFC 9110", "1", "m\x1b");
	h1r_case_add_transcript(c, H1R_RECV, 5, bytes, sizeof(bytes), 1);
	h1r_case_add_transcript(c, H1R_EVENT, 6, NULL, 0, 0);

	f = capture_open(&one);
	ck_assert_int_eq(h1r_run_write_json(f, run), H1R_OK);
	capture_close(&one, f);
	/* ASCII only. */
	for (size_t i = 0; i < one.len; i++)
		ck_assert_int_lt((unsigned char)one.buf[i], 0x80);
	ck_assert_int_eq(h1r_run_load_buffer(one.buf, one.len, "api", &back, &err), H1R_OK);
	ck_assert_uint_eq(back->cases[0]->transcript[0].data.len, sizeof(bytes));
	ck_assert_int_eq(memcmp(back->cases[0]->transcript[0].data.ptr, bytes, sizeof(bytes)), 0);
	ck_assert_int_eq(back->cases[0]->transcript[0].truncated, 1);
	ck_assert_uint_eq(back->cases[0]->actual.len, c->actual.len);
	ck_assert_int_eq(back->strict, 1);
	ck_assert_str_eq(back->target_name.ptr, "srv");
	f = capture_open(&two);
	ck_assert_int_eq(h1r_run_write_json(f, back), H1R_OK);
	capture_close(&two, f);
	ck_assert_uint_eq(one.len, two.len);
	ck_assert_int_eq(memcmp(one.buf, two.buf, one.len), 0);
	free(one.buf);
	free(two.buf);
	h1r_run_free(back);
	h1r_run_free(run);
}
END_TEST

START_TEST(test_write_rejects_invalid_utf8)
{
	struct h1r_run *run = h1r_run_new();
	struct h1r_case *c = h1r_run_add_case(run, "x");
	struct captured out;
	FILE *f;

	/* Set behind the API's back: the writer refuses rather than emitting bad JSON. */
	c->message.ptr = malloc(2);
	memcpy(c->message.ptr, "\xFF", 2);
	c->message.len = 1;
	f = capture_open(&out);
	ck_assert_int_eq(h1r_run_write_json(f, run), H1R_EINVAL);
	capture_close(&out, f);
	free(out.buf);
	h1r_run_free(run);
}
END_TEST

static Suite *json_suite(void)
{
	Suite *s = suite_create("reports_json");
	TCase *tc = tcase_create("json");

	tcase_add_loop_test(tc, test_bad_documents, 0, (int)(sizeof(bad_docs) / sizeof(bad_docs[0])));
	tcase_add_test(tc, test_syntax_error_position);
	tcase_add_test(tc, test_syntax_errors);
	tcase_add_test(tc, test_top_level_and_io);
	tcase_add_test(tc, test_minor_version_and_unknown_keys);
	tcase_add_loop_test(tc, test_fixture_round_trip, 0, 3);
	tcase_add_test(tc, test_api_round_trip);
	tcase_add_test(tc, test_write_rejects_invalid_utf8);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(json_suite());
}
