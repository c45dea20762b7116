/*
 * Tests of the case loader (cases/h1k_load.c): every kind of malformed case
 * file gives its own precise diagnostic, and a valid file gives the model
 * cases/FORMAT.md describes.
 *
 * The malformed fixtures live in cases/tests/malformed/, one file per kind
 * of mistake; the table below holds the exact diagnostic each must produce,
 * position included, so a change of wording or of position is a visible
 * decision rather than an accident.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases/h1k.h"
#include "reference/h1.h"

#define MALFORMED "cases/tests/malformed/"
#define FIXTURES  "cases/tests/fixtures/check/rfc9112/"

static const struct {
	const char *name;
	const char *diag;
} malformed[] = {
        {"accept-with-error",
         "cases/tests/malformed/accept-with-error.json:6:38: $.reference.error: \"error\" belongs only to a "
         "\"reject\" verdict; an accepted stream has no error"},
        {"await-false", "cases/tests/malformed/await-false.json:5:78: $.send[1].await_response: "
                        "await_response only accepts true (leave the step out instead)"},
        {"await-interim-delay", "cases/tests/malformed/await-interim-delay.json:6:12: $.send[1]: "
                                "await_interim takes no delay_ms or repeat; use a separate delay step"},
        {"bad-base64",
         "cases/tests/malformed/bad-base64.json:5:28: $.send[0].base64: character 4 (\" \") is not valid "
         "here in base64 (alphabet A-Za-z0-9+/, '=' only as final padding, unused bits zero, no whitespace)"},
        {"bad-document", "cases/tests/malformed/bad-document.json:3:31: $.requirement.document: document "
                         "must be \"RFC \" and a number, like \"RFC 9112\", not \"rfc9112\""},
        {"bad-hex", "cases/tests/malformed/bad-hex.json:5:31: $.send[0].hex: character 10 (\"g\") is not a "
                    "hex digit (pairs of 0-9a-fA-F, whitespace only between pairs)"},
        {"bad-level", "cases/tests/malformed/bad-level.json:3:70: $.requirement.level: level must be "
                      "\"MUST\", \"SHOULD\" or \"MAY\" (a MUST NOT is a MUST), not \"must\""},
        {"bad-tag",
         "cases/tests/malformed/bad-tag.json:2:23: $.tags[1]: a tag is 1..40 characters of a-z, 0-9 and '-'"},
        {"base64-length", "cases/tests/malformed/base64-length.json:5:23: $.send[0].base64: base64 text is 7 "
                          "characters long, which is not a multiple of 4 (padding with '=' is required)"},
        {"body-contradiction", "cases/tests/malformed/body-contradiction.json:7:92: "
                               "$.expect.outcomes[0].responses[0].body_equals: contradicts body \"empty\""},
        {"data-after-half-close", "cases/tests/malformed/data-after-half-close.json:5:81: $.send[2]: a data "
                                  "step cannot follow half_close: the sending side is already shut down"},
        {"delay-out-of-range", "cases/tests/malformed/delay-out-of-range.json:5:72: $.send[1].delay_ms: "
                               "20000 is out of range; allowed: 0..10000"},
        {"duplicate-key",
         "cases/tests/malformed/duplicate-key.json:3:9: invalid JSON: duplicate object key near '\"title\"'"},
        {"empty-outcomes", "cases/tests/malformed/empty-outcomes.json:7:26: $.expect.outcomes: outcomes must "
                           "list at least one allowed outcome"},
        {"empty-status-list", "cases/tests/malformed/empty-status-list.json:7:53: "
                              "$.expect.outcomes[0].responses[0].status: a status list must not be empty"},
        {"interim-contradiction", "cases/tests/malformed/interim-contradiction.json:7:84: "
                                  "$.expect.outcomes[0].responses[0].interim_status: interim_status requires "
                                  "interim \"required\" (or no interim key)"},
        {"interim-status-1xx",
         "cases/tests/malformed/interim-status-1xx.json:7:53: $.expect.outcomes[0].responses[0].status: "
         "\"1xx\" is not a final status class: match interim responses with \"interim\""},
        {"lenient-all",
         "cases/tests/malformed/lenient-all.json:6:50: $.reference.lenient.all: \"all\" is not allowed: name "
         "the flags, since \"all\" changes meaning whenever a flag is added"},
        {"lone-brace", "cases/tests/malformed/lone-brace.json:5:18: $.send: character 6 is a lone '}' (write "
                       "'}}' for a literal brace)"},
        {"missing-expect",
         "cases/tests/malformed/missing-expect.json:1:1: $: the case is missing the required key \"expect\""},
        {"missing-responses", "cases/tests/malformed/missing-responses.json:7:27: $.expect.outcomes[0]: an "
                              "outcome is missing the required key \"responses\""},
        {"nested-lenient", "cases/tests/malformed/nested-lenient.json:6:84: "
                           "$.reference.lenient[\"obs-fold\"].lenient: a lenient entry cannot hold another "
                           "\"lenient\"; combine flags in one key instead (\"bare-lf,obs-fold\")"},
        {"not-an-object",
         "cases/tests/malformed/not-an-object.json:1:1: $: a case file holds one JSON object, not an array"},
        {"octet-above-ff",
         "cases/tests/malformed/octet-above-ff.json:5:27: $.send: character 10 is U+20AC, but strings in "
         "cases are octets: only U+0000..U+00FF (use hex or base64 for other bytes)"},
        {"odd-hex", "cases/tests/malformed/odd-hex.json:5:20: $.send[0].hex: odd number of hex digits: the "
                    "last pair is incomplete"},
        {"real-not-integer", "cases/tests/malformed/real-not-integer.json:5:70: $.send[0].delay_ms: expected "
                             "an integer, found a number with a fraction or exponent"},
        {"reject-without-error", "cases/tests/malformed/reject-without-error.json:6:16: $.reference: a "
                                 "\"reject\" verdict needs an \"error\" id naming the violation"},
        {"required-and-forbidden", "cases/tests/malformed/required-and-forbidden.json:7:112: "
                                   "$.expect.outcomes[0].responses[0].headers_forbidden[0]: field \"date\" "
                                   "is both required and forbidden"},
        {"syntax-trailing-comma",
         "cases/tests/malformed/syntax-trailing-comma.json:7:60: invalid JSON: unexpected token near ']'"},
        {"title-two-lines", "cases/tests/malformed/title-two-lines.json:2:21: $.title: character 8 is a "
                            "control character; this text is one line without control characters"},
        {"two-payload-keys",
         "cases/tests/malformed/two-payload-keys.json:5:12: $.send[0]: a step has exactly one of data, hex, "
         "base64, delay_ms, await_response, await_interim and half_close; this one has both data and hex"},
        {"unknown-error-id", "cases/tests/malformed/unknown-error-id.json:6:47: $.reference.error: \"te-cl\" "
                             "is not an error id of the reference parser (see reference/h1_errors.def)"},
        {"unknown-key-in-matcher",
         "cases/tests/malformed/unknown-key-in-matcher.json:7:60: "
         "$.expect.outcomes[0].responses[0].header_required: unknown key \"header_required\" in a response "
         "matcher (allowed: status, interim, interim_status, headers_required, headers_forbidden, "
         "headers_match, body, body_equals)"},
        {"unknown-key",
         "cases/tests/malformed/unknown-key.json:2:3: $.titel: unknown key \"titel\" in a case (allowed: "
         "title, requirement, tags, send, methods, reference, expect, timeout_ms)"},
        {"unknown-lenient-flag",
         "cases/tests/malformed/unknown-lenient-flag.json:6:50: $.reference.lenient.obsfold: \"obsfold\" is "
         "not a leniency flag of the reference parser (see h1conform parse --help)"},
        {"unknown-placeholder", "cases/tests/malformed/unknown-placeholder.json:5:16: $.send: character 4: "
                                "\"{paht}\" is an unknown placeholder (known: host, path, missing, static, "
                                "etag, last_modified, writable, echo; write '{{' for a literal brace)"},
        {"wrong-type",
         "cases/tests/malformed/wrong-type.json:2:17: $.timeout_ms: expected an integer, found a string"},
};

/* Load a file through h1k_load_buffer (the fixtures sit outside any
 * document directory, so the id is given). */
static int load_fixture(const char *path, struct h1k_case **c, struct h1k_diags *d)
{
	FILE *f = fopen(path, "rb");
	static char buf[1 << 20];
	size_t n;

	ck_assert_msg(f != NULL, "cannot open %s", path);
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	return h1k_load_buffer(buf, n, path, "rfc9112/fixture", c, d);
}

START_TEST(test_malformed)
{
	char path[256], text[2048];
	struct h1k_diags d = {0};
	struct h1k_case *c = (struct h1k_case *)1;
	int rc;

	snprintf(path, sizeof(path), MALFORMED "%s.json", malformed[_i].name);
	rc = load_fixture(path, &c, &d);
	ck_assert_int_eq(rc, H1K_ELOAD);
	ck_assert_ptr_null(c);
	ck_assert_uint_eq(d.n, 1);
	h1k_diag_format(&d.v[0], text, sizeof(text));
	ck_assert_str_eq(text, malformed[_i].diag);
	h1k_diags_free(&d);
}
END_TEST

/* Every fixture in the directory has a row in the table, and vice versa. */
START_TEST(test_malformed_table_complete)
{
	size_t n = sizeof(malformed) / sizeof(malformed[0]), i, j;
	FILE *p = popen("ls " MALFORMED, "r");
	char line[256];
	size_t files = 0;

	ck_assert_ptr_nonnull(p);
	while (fgets(line, sizeof(line), p)) {
		int found = 0;
		line[strcspn(line, "\n")] = '\0';
		for (i = 0; i < n && !found; i++) {
			char want[256];
			snprintf(want, sizeof(want), "%s.json", malformed[i].name);
			found = strcmp(want, line) == 0;
		}
		ck_assert_msg(found, "fixture %s has no expected diagnostic", line);
		files++;
	}
	pclose(p);
	ck_assert_uint_eq(files, n);
	for (i = 0; i < n; i++)
		for (j = 0; j < i; j++)
			ck_assert_str_ne(malformed[i].name, malformed[j].name);
	ck_assert_uint_ge(n, 10);
}
END_TEST

START_TEST(test_valid_model)
{
	struct h1k_diags d = {0};
	struct h1k_case *c = NULL;
	const struct h1k_lenient *l;

	ck_assert_int_eq(load_fixture(FIXTURES "6.1/te-and-cl.json", &c, &d), H1K_OK);
	ck_assert_uint_eq(d.n, 0);
	ck_assert_str_eq(c->id, "rfc9112/fixture");
	ck_assert_str_eq(c->title, "Content-Length and Transfer-Encoding together");
	ck_assert_str_eq(c->requirement.document, "RFC 9112");
	ck_assert_str_eq(c->requirement.section, "6.1");
	ck_assert_int_eq(c->requirement.level, H1K_MUST);
	ck_assert_uint_eq(c->ntags, 2);
	ck_assert_str_eq(c->tags[1], "smuggling");
	ck_assert_uint_eq(c->nsteps, 1);
	ck_assert_int_eq(c->steps[0].kind, H1K_STEP_DATA);
	ck_assert_uint_eq(c->steps[0].repeat, 1);
	ck_assert_int_eq(c->steps[0].raw, 0);
	ck_assert_uint_eq(c->needs, (1u << H1K_PH_HOST) | (1u << H1K_PH_PATH));
	ck_assert_int_eq(c->reference.strict.verdict, H1K_REJECT);
	ck_assert_int_eq(c->reference.strict.error, H1_E_TE_AND_CL);
	ck_assert_str_eq(c->reference.strict.error_name, "te-and-cl");
	ck_assert_int_eq(c->reference.strict.has_messages, 0);
	ck_assert_uint_eq(c->reference.nlenient, 1);
	l = &c->reference.lenient[0];
	ck_assert_str_eq(l->name, "te-and-cl");
	ck_assert_uint_eq(l->flags, H1_LENIENT_TE_AND_CL);
	ck_assert_int_eq(l->oracle.verdict, H1K_ACCEPT);
	ck_assert_uint_eq(l->oracle.nmessages, 1);
	ck_assert_uint_eq(l->oracle.messages[0].has, H1K_HAS_METHOD | H1K_HAS_TARGET | H1K_HAS_BODY);
	ck_assert_str_eq(l->oracle.messages[0].target.p, "{path}");
	ck_assert_uint_eq(l->oracle.messages[0].body.len, 0);
	ck_assert_uint_eq(c->noutcomes, 3);
	ck_assert_uint_eq(c->outcomes[1].responses[0].nstatus, 4);
	ck_assert_int_eq(c->outcomes[1].responses[0].status[3].lo, 500);
	ck_assert_int_eq(c->outcomes[1].responses[0].status[3].hi, 599);
	ck_assert_int_eq(c->outcomes[0].connection, H1K_CONN_CLOSED);
	ck_assert_uint_eq(c->outcomes[2].nresponses, 0);
	ck_assert_uint_eq(c->timeout_ms, 0);
	h1k_case_free(c);
	h1k_diags_free(&d);
}
END_TEST

START_TEST(test_full_model)
{
	struct h1k_diags d = {0};
	struct h1k_case *c = NULL;
	const struct h1k_response *r;
	/* a case using every step kind and every matcher key */
	int rc = load_fixture("cases/tests/fixtures/valid/rfc9110/all-keys.json", &c, &d);

	if (d.n) {
		char t[1024];
		h1k_diag_format(&d.v[0], t, sizeof(t));
		ck_abort_msg("%s", t);
	}
	ck_assert_int_eq(rc, H1K_OK);
	ck_assert_uint_eq(c->timeout_ms, 2500);
	ck_assert_uint_eq(c->nmethods, 2);
	ck_assert_str_eq(c->methods[1], "HEAD");
	ck_assert_int_eq(c->requirement.level, H1K_SHOULD);
	ck_assert_uint_eq(c->nsteps, 8);
	ck_assert_int_eq(c->steps[1].kind, H1K_STEP_AWAIT);
	ck_assert_int_eq(c->steps[2].kind, H1K_STEP_DELAY);
	ck_assert_uint_eq(c->steps[2].delay_ms, 10);
	ck_assert_int_eq(c->steps[3].kind, H1K_STEP_DATA);
	ck_assert_int_eq(c->steps[3].raw, 1);
	ck_assert_uint_eq(c->steps[3].delay_ms, 5);
	ck_assert_uint_eq(c->steps[3].data.len, 6);
	ck_assert_mem_eq(c->steps[3].data.p, "HEAD /", 6);
	ck_assert_uint_eq(c->steps[4].data.len, 11);
	ck_assert_mem_eq(c->steps[4].data.p, " HTTP/1.1\r\n", 11);
	ck_assert_uint_eq(c->steps[5].data.len, 6);
	ck_assert_mem_eq(c->steps[5].data.p, "\0\xff{{}}", 6);
	ck_assert_uint_eq(c->steps[5].repeat, 3);
	ck_assert_int_eq(c->steps[6].kind, H1K_STEP_AWAIT_INTERIM);
	ck_assert_int_eq(c->steps[7].kind, H1K_STEP_HALF_CLOSE);
	ck_assert_uint_eq(c->needs, (1u << H1K_PH_HOST) | (1u << H1K_PH_STATIC) | (1u << H1K_PH_ETAG));
	ck_assert_uint_eq(c->reference.strict.messages[0].has,
	                  H1K_HAS_METHOD | H1K_HAS_VERSION | H1K_HAS_HEADERS | H1K_HAS_TRAILERS);
	ck_assert_uint_eq(c->reference.strict.messages[0].nheaders, 2);
	ck_assert_str_eq(c->reference.strict.messages[0].headers[1].value.p, "{etag}");
	ck_assert_uint_eq(c->reference.lenient[0].flags, H1_LENIENT_MISSING_HOST | H1_LENIENT_CTL_IN_VALUE);
	r = &c->outcomes[0].responses[0];
	ck_assert_int_eq(r->interim, H1K_INTERIM_REQUIRED);
	ck_assert_int_eq(r->interim_status, 103);
	ck_assert_uint_eq(r->nrequired, 2);
	ck_assert_uint_eq(r->nforbidden, 1);
	ck_assert_uint_eq(r->nmatch, 3);
	ck_assert_int_eq(r->headers_match[0].kind, H1K_MATCH_EQUALS);
	ck_assert_int_eq(r->headers_match[1].kind, H1K_MATCH_TOKEN);
	ck_assert_str_eq(r->headers_match[1].value.p, "keep-alive");
	ck_assert_int_eq(r->headers_match[2].kind, H1K_MATCH_CONTAINS);
	ck_assert_int_eq(r->body, H1K_BODY_EMPTY);
	ck_assert_int_eq(r->has_body_equals, 1);
	r = &c->outcomes[0].responses[1];
	ck_assert_uint_eq(r->nstatus, 2);
	ck_assert_int_eq(r->status[1].lo, 101);
	ck_assert_int_eq(r->interim, H1K_INTERIM_FORBIDDEN);
	ck_assert_int_eq(r->body, H1K_BODY_NONEMPTY);
	ck_assert_int_eq(c->outcomes[0].extra_responses, 1);
	ck_assert_int_eq(c->outcomes[0].connection, H1K_CONN_OPEN);
	ck_assert_int_eq(c->outcomes[0].timeout, 1);
	h1k_case_free(c);
	h1k_diags_free(&d);
}
END_TEST

/* More mistakes, each given inline: the text of the case, the expected
 * diagnostic. They complement the fixture files with combinations. */
#define HEAD_                                                                                                \
	"{\"title\": \"t\", \"requirement\": {\"document\": \"RFC 9112\", \"section\": \"2\", "              \
	"\"level\": \"MAY\", \"text\": \"x\"}, "
#define OK_EXPECT_ "\"expect\": {\"outcomes\": [{\"responses\": []}]}"
#define OK_SEND_   "\"send\": \"GET / HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n\", "
static const struct {
	const char *text;
	const char *diag;
} inline_cases[] = {
        {HEAD_ "\"send\": [], \"reference\": {\"verdict\": \"accept\"}, " OK_EXPECT_ "}",
         "x.json:1:110: $.send: send must not be empty"},
        {HEAD_ "\"send\": [{\"delay_ms\": 5}], \"reference\": {\"verdict\": \"accept\"}, " OK_EXPECT_ "}",
         "x.json:1:110: $.send: send carries no octets"},
        {HEAD_
         "\"send\": [{\"delay_ms\": 5, \"repeat\": 2}], \"reference\": {\"verdict\": \"accept\"}, " OK_EXPECT_
         "}",
         "x.json:1:111: $.send[0]: repeat applies only to steps that carry data (data, hex, base64)"},
        {HEAD_ "\"send\": [{\"data\": \"a\", \"repeat\": 16777216}, {\"data\": \"b\"}], \"reference\": "
               "{\"verdict\": \"accept\"}, " OK_EXPECT_ "}",
         "x.json:1:110: $.send: send carries more than 16777216 octets (after placeholders and repeats)"},
        {HEAD_ "\"send\": [{\"base64\": \"QQ==\"}, {\"base64\": \"QR==\"}], \"reference\": {\"verdict\": "
               "\"accept\"}, " OK_EXPECT_ "}",
         "x.json:1:144: $.send[1].base64: character 1 (\"R\") is not valid here in base64 (alphabet "
         "A-Za-z0-9+/, '=' only as final padding, unused bits zero, no whitespace)"},
        {HEAD_ OK_SEND_ "\"reference\": {\"verdict\": \"accept\", \"lenient\": {\"bare-lf,,obs-fold\": "
                        "{\"verdict\": \"accept\"}}}, " OK_EXPECT_ "}",
         "x.json:1:194: $.reference.lenient[\"bare-lf,,obs-fold\"]: an empty flag name (flags are joined by "
         "single commas)"},
        {HEAD_ OK_SEND_ "\"reference\": {\"verdict\": \"accept\", \"lenient\": {\"bare-lf\": {\"verdict\": "
                        "\"accept\"}, \"bare-lf,bare-lf\": {\"verdict\": \"accept\"}}}, " OK_EXPECT_ "}",
         "x.json:1:228: $.reference.lenient[\"bare-lf,bare-lf\"]: flag \"bare-lf\" is named twice"},
        {HEAD_ OK_SEND_
         "\"reference\": {\"verdict\": \"accept\", \"lenient\": {\"obs-fold,bare-lf\": {\"verdict\": "
         "\"accept\"}, \"bare-lf,obs-fold\": {\"verdict\": \"accept\"}}}, " OK_EXPECT_ "}",
         "x.json:1:237: $.reference.lenient[\"bare-lf,obs-fold\"]: these flags are the same as those of the "
         "entry \"obs-fold,bare-lf\""},
        {HEAD_ OK_SEND_
         "\"reference\": {\"verdict\": \"reject\", \"error\": \"framing-connect-2xx\"}, " OK_EXPECT_ "}",
         "x.json:1:191: $.reference.error: \"framing-connect-2xx\" is a retired error id: the reference "
         "parser no "
         "longer reports it (see reference/h1_errors.def)"},
        {HEAD_ OK_SEND_ "\"reference\": {\"verdict\": \"maybe\"}, " OK_EXPECT_ "}",
         "x.json:1:172: $.reference.verdict: verdict must be \"accept\" or \"reject\", not \"maybe\""},
        {HEAD_ OK_SEND_
         "\"reference\": {\"verdict\": \"accept\", \"messages\": [{\"headers\": [[\"Host\"]]}]}, " OK_EXPECT_
         "}",
         "x.json:1:208: $.reference.messages[0].headers[0]: a field is [name, value], two strings; this "
         "array has 1"},
        {HEAD_ OK_SEND_ "\"reference\": {\"verdict\": \"accept\"}, \"expect\": {\"outcomes\": "
                        "[{\"responses\": [{\"status\": [\"4xx\", \"404\"]}]}]}}",
         "x.json:1:241: $.expect.outcomes[0].responses[0].status[1]: overlaps entry 0 of the same list"},
        {HEAD_ OK_SEND_ "\"reference\": {\"verdict\": \"accept\"}, \"expect\": {\"outcomes\": "
                        "[{\"responses\": [{\"status\": \"600\"}]}]}}",
         "x.json:1:233: $.expect.outcomes[0].responses[0].status: \"600\" is not a final status: a code 101 "
         "or 200..599, or a class \"2xx\"..\"5xx\""},
        {HEAD_ OK_SEND_ "\"reference\": {\"verdict\": \"accept\"}, \"expect\": {\"outcomes\": "
                        "[{\"responses\": [{\"headers_match\": {\"Bad Name\": \"x\"}}]}]}}",
         "x.json:1:241: $.expect.outcomes[0].responses[0].headers_match[\"Bad Name\"]: \"Bad Name\" is not a "
         "field name (a token of RFC 9110 §5.6.2)"},
        {HEAD_ OK_SEND_
         "\"reference\": {\"verdict\": \"accept\"}, \"expect\": {\"outcomes\": [{\"responses\": "
         "[{\"headers_match\": {\"A\": {\"contains\": \"x\", \"token\": \"y\"}}}]}]}}",
         "x.json:1:246: $.expect.outcomes[0].responses[0].headers_match.A: a field matcher object has "
         "exactly "
         "one of \"contains\" and \"token\""},
        {HEAD_ OK_SEND_
         "\"reference\": {\"verdict\": \"accept\"}, \"expect\": {\"outcomes\": [{\"responses\": "
         "[{\"headers_forbidden\": [\"Date\"], \"headers_match\": {\"date\": \"x\"}}]}]}}",
         "x.json:1:272: $.expect.outcomes[0].responses[0].headers_match.date: field \"date\" is also in "
         "headers_forbidden"},
        {HEAD_ OK_SEND_
         "\"methods\": [\"GET\", \"B AD\"], \"reference\": {\"verdict\": \"accept\"}, " OK_EXPECT_ "}",
         "x.json:1:168: $.methods[1]: a method is a token (RFC 9110 §5.6.2); character 1 is not allowed in "
         "one"},
        {HEAD_ OK_SEND_ "\"timeout_ms\": 99, \"reference\": {\"verdict\": \"accept\"}, " OK_EXPECT_ "}",
         "x.json:1:161: $.timeout_ms: 99 is out of range; allowed: 100..60000"},
        {HEAD_ OK_SEND_ "\"tags\": [\"a\", \"a\"], \"reference\": {\"verdict\": \"accept\"}, " OK_EXPECT_ "}",
         "x.json:1:161: $.tags[1]: tag \"a\" is repeated (first at index 0)"},
        {"{\"title\": \"t\"}  x", "x.json:1:17: invalid JSON: end of file expected near 'x'"},
        {"", "x.json:1:1: invalid JSON: '[' or '{' expected near end of file"},
        /* jansson quotes the input near the error; a raw LF there must not
         * split the diagnostic over two lines */
        {"\"\\\n", "x.json:2:1: invalid JSON: invalid escape near '\"\\\\u000a'"},
        {"{\"title\": \"\xff\"}", "x.json:1:11: invalid JSON: unable to decode byte 0xff near '\"'"},
};

START_TEST(test_inline)
{
	struct h1k_diags d = {0};
	struct h1k_case *c = NULL;
	char text[2048];
	int rc = h1k_load_buffer(inline_cases[_i].text, strlen(inline_cases[_i].text), "x.json", "rfc1/x", &c,
	                         &d);

	ck_assert_int_eq(rc, H1K_ELOAD);
	ck_assert_ptr_null(c);
	ck_assert_uint_eq(d.n, 1);
	h1k_diag_format(&d.v[0], text, sizeof(text));
	ck_assert_str_eq(text, inline_cases[_i].diag);
	h1k_diags_free(&d);
}
END_TEST

START_TEST(test_too_large)
{
	struct h1k_diags d = {0};
	struct h1k_case *c = NULL;
	char *big = malloc(H1K_MAX_FILE + 1);
	char text[512];

	ck_assert_ptr_nonnull(big);
	memset(big, ' ', H1K_MAX_FILE + 1);
	ck_assert_int_eq(h1k_load_buffer(big, H1K_MAX_FILE + 1, "big.json", "rfc1/big", &c, &d), H1K_ELOAD);
	h1k_diag_format(&d.v[0], text, sizeof(text));
	ck_assert_str_eq(text, "big.json: the file is larger than 1048576 bytes, the limit for a case file");
	free(big);
	h1k_diags_free(&d);
}
END_TEST

START_TEST(test_api_misuse)
{
	struct h1k_case *c = NULL;

	/* every function takes NULL diagnostics */
	ck_assert_int_eq(h1k_load_buffer("{", 1, "x.json", "rfc1/x", &c, NULL), H1K_ELOAD);
	ck_assert_int_eq(h1k_load_buffer(NULL, 1, "x.json", "rfc1/x", &c, NULL), H1K_EINVAL);
	ck_assert_int_eq(h1k_load_buffer("{}", 2, NULL, "rfc1/x", &c, NULL), H1K_EINVAL);
	ck_assert_int_eq(h1k_load_buffer("{}", 2, "x.json", "rfc1/x", NULL, NULL), H1K_EINVAL);
	h1k_case_free(NULL);
	h1k_diags_free(NULL);
}
END_TEST

START_TEST(test_diag_format)
{
	struct h1k_diag d = {"f.json", 3, 7, "$.a", "bad"};
	char out[64];

	ck_assert_uint_eq(h1k_diag_format(&d, out, sizeof(out)), strlen("f.json:3:7: $.a: bad"));
	ck_assert_str_eq(out, "f.json:3:7: $.a: bad");
	d.path = "";
	h1k_diag_format(&d, out, sizeof(out));
	ck_assert_str_eq(out, "f.json:3:7: bad");
	d.line = 0;
	h1k_diag_format(&d, out, sizeof(out));
	ck_assert_str_eq(out, "f.json: bad");
	/* truncation still terminates and reports the full length */
	d.path = "$.a";
	ck_assert_uint_eq(h1k_diag_format(&d, out, 4), strlen("f.json: $.a: bad"));
	ck_assert_str_eq(out, "f.j");
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("cases_load");
	TCase *t = tcase_create("load");

	tcase_add_loop_test(t, test_malformed, 0, (int)(sizeof(malformed) / sizeof(malformed[0])));
	tcase_add_test(t, test_malformed_table_complete);
	tcase_add_test(t, test_valid_model);
	tcase_add_test(t, test_full_model);
	tcase_add_loop_test(t, test_inline, 0, (int)(sizeof(inline_cases) / sizeof(inline_cases[0])));
	tcase_add_test(t, test_too_large);
	tcase_add_test(t, test_api_misuse);
	tcase_add_test(t, test_diag_format);
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
