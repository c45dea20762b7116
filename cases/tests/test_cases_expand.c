/*
 * Tests of the octet notations and of placeholder expansion
 * (cases/h1k_octets.c, cases/h1k_expand.c): Latin-1 strings, strict hex and
 * base64, "{name}" / "{{" / "}}", profiles that lack a value or carry a
 * dangerous one, repeats, and the joined stream of a whole case.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "cases/h1k.h"
#include "cases/h1k_internal.h"

START_TEST(test_utf8_octets)
{
	char out[16];
	size_t n = 99, bad = 99;

	ck_assert_int_eq(h1k_octets_from_utf8("a\xc3\xbf\xc2\x80\0z", 7, out, &n, &bad), 0);
	ck_assert_uint_eq(n, 5);
	ck_assert_mem_eq(out, "a\xff\x80\0z", 5);
	/* U+0100 is the first code point that is not an octet */
	ck_assert_int_eq(h1k_octets_from_utf8("ab\xc4\x80", 4, out, &n, &bad), -1);
	ck_assert_uint_eq(bad, 2);
	/* a four-byte character counts as one character */
	ck_assert_int_eq(h1k_octets_from_utf8("\xc3\xa9\xf0\x9f\x98\x80", 6, out, &n, &bad), -1);
	ck_assert_uint_eq(bad, 1);
	/* a lone continuation byte or a truncated sequence is not an octet */
	ck_assert_int_eq(h1k_octets_from_utf8("x\x80", 2, out, &n, &bad), -1);
	ck_assert_uint_eq(bad, 1);
	ck_assert_int_eq(h1k_octets_from_utf8("x\xc3", 2, out, &n, &bad), -1);
	ck_assert_uint_eq(bad, 1);
}
END_TEST

START_TEST(test_hex)
{
	char out[16];
	size_t n = 0, bad = 0;

	ck_assert_int_eq(h1k__hex_decode("0d0A \t\r\n ff00", 13, out, &n, &bad), 0);
	ck_assert_uint_eq(n, 4);
	ck_assert_mem_eq(out, "\r\n\xff\0", 4);
	ck_assert_int_eq(h1k__hex_decode("", 0, out, &n, &bad), 0);
	ck_assert_uint_eq(n, 0);
	/* whitespace inside a pair */
	ck_assert_int_eq(h1k__hex_decode("0 d", 3, out, &n, &bad), -1);
	ck_assert_uint_eq(bad, 1);
	ck_assert_int_eq(h1k__hex_decode("0x0d", 4, out, &n, &bad), -1);
	ck_assert_uint_eq(bad, 1);
	/* an odd count reports the end */
	ck_assert_int_eq(h1k__hex_decode("0d0", 3, out, &n, &bad), -1);
	ck_assert_uint_eq(bad, 3);
}
END_TEST

START_TEST(test_base64)
{
	char out[16];
	size_t n = 0, bad = 0;

	ck_assert_int_eq(h1k_base64_decode("R0VUIC8=", 8, out, &n, &bad), 0);
	ck_assert_uint_eq(n, 5);
	ck_assert_mem_eq(out, "GET /", 5);
	ck_assert_int_eq(h1k_base64_decode("AA==", 4, out, &n, &bad), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(out[0], 0);
	ck_assert_int_eq(h1k_base64_decode("+/+/", 4, out, &n, &bad), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert_int_eq(h1k_base64_decode("", 0, out, &n, &bad), 0);
	ck_assert_uint_eq(n, 0);
	/* length not a multiple of 4 */
	ck_assert_int_eq(h1k_base64_decode("R0VU", 3, out, &n, &bad), -1);
	ck_assert_uint_eq(bad, 3);
	/* characters outside the alphabet, before any length problem */
	ck_assert_int_eq(h1k_base64_decode("R0-UI", 5, out, &n, &bad), -1);
	ck_assert_uint_eq(bad, 2);
	ck_assert_int_eq(h1k_base64_decode("R0VU\nIC8=", 9, out, &n, &bad), -1);
	ck_assert_uint_eq(bad, 4);
	/* padding in the middle, or more than two, or data after it */
	ck_assert_int_eq(h1k_base64_decode("AA==AAAA", 8, out, &n, &bad), -1);
	ck_assert_uint_eq(bad, 2);
	ck_assert_int_eq(h1k_base64_decode("A===", 4, out, &n, &bad), -1);
	ck_assert_uint_eq(bad, 1);
	ck_assert_int_eq(h1k_base64_decode("AA=A", 4, out, &n, &bad), -1);
	ck_assert_uint_eq(bad, 2);
	/* unused bits must be zero: "QR==" and "QQ==" would both be "A" */
	ck_assert_int_eq(h1k_base64_decode("QR==", 4, out, &n, &bad), -1);
	ck_assert_uint_eq(bad, 1);
	ck_assert_int_eq(h1k_base64_decode("QUJ=", 4, out, &n, &bad), -1);
	ck_assert_uint_eq(bad, 2);
}
END_TEST

START_TEST(test_scan_placeholders)
{
	unsigned needs = 0;
	size_t bad = 0;
	const char *why = NULL;

	ck_assert_int_eq(h1k__scan_placeholders("{host}{{x}}{last_modified}{echo}", 32, &needs, &bad, &why),
	                 0);
	ck_assert_uint_eq(needs, (1u << H1K_PH_HOST) | (1u << H1K_PH_LAST_MODIFIED) | (1u << H1K_PH_ECHO));
	ck_assert_int_eq(h1k__scan_placeholders("a{hots}", 7, &needs, &bad, &why), -1);
	ck_assert_uint_eq(bad, 1);
	ck_assert_ptr_nonnull(strstr(why, "unknown placeholder"));
	ck_assert_int_eq(h1k__scan_placeholders("a{host", 6, &needs, &bad, &why), -1);
	ck_assert_uint_eq(bad, 1);
	ck_assert_ptr_nonnull(strstr(why, "opens no placeholder"));
	ck_assert_int_eq(h1k__scan_placeholders("{{host}", 7, &needs, &bad, &why), -1);
	ck_assert_uint_eq(bad, 6);
	ck_assert_ptr_nonnull(strstr(why, "lone '}'"));
	/* "{}" and "{ host }" are not placeholders */
	ck_assert_int_eq(h1k__scan_placeholders("{}", 2, &needs, &bad, &why), -1);
	ck_assert_int_eq(h1k__scan_placeholders("{ host }", 8, &needs, &bad, &why), -1);
	/* "{{{host}}}" is a literal brace, the host, a literal brace */
	needs = 0;
	ck_assert_int_eq(h1k__scan_placeholders("{{{host}}}", 10, &needs, &bad, &why), 0);
	ck_assert_uint_eq(needs, 1u << H1K_PH_HOST);
}
END_TEST

static void expect_expansion(const char *text, const struct h1k_profile *p, const char *want)
{
	struct h1k_text t = {(char *)text, strlen(text)};
	struct h1k_bytes out = {0};

	ck_assert_int_eq(h1k_expand(&t, 0, p, &out), H1K_OK);
	ck_assert_uint_eq(out.len, strlen(want));
	if (out.len)
		ck_assert_mem_eq(out.p, want, out.len);
	/* the result is NUL-terminated once anything was written */
	if (out.p)
		ck_assert_int_eq(out.p[out.len], '\0');
	h1k_bytes_free(&out);
}

START_TEST(test_expand_offline)
{
	const struct h1k_profile *off = h1k_profile_offline();

	expect_expansion("GET {path} HTTP/1.1\r\nHost: {host}\r\n", off,
	                 "GET / HTTP/1.1\r\nHost: example.test\r\n");
	expect_expansion("{missing}|{static}|{etag}|{last_modified}|{writable}|{echo}", off,
	                 "/h1conform-missing|/static.txt|\"abc\"|Tue, 24 Nov 2026 10:00:00 GMT|"
	                 "/upload/h1conform.txt|/echo");
	expect_expansion("{{json}} {{{host}}}", off, "{json} {example.test}");
	expect_expansion("", off, "");
	ck_assert_uint_eq(h1k_profile_lacks(off, (1u << H1K_PH__COUNT) - 1), 0);
	ck_assert_str_eq(h1k_placeholder_name(H1K_PH_LAST_MODIFIED), "last_modified");
	ck_assert_ptr_null(h1k_placeholder_name(H1K_PH__COUNT));
	ck_assert_ptr_null(h1k_placeholder_name(-1));
}
END_TEST

START_TEST(test_expand_profile)
{
	struct h1k_profile p = {{NULL}};
	struct h1k_text t = {"GET {static} HTTP/1.1\r\nHost: {host}\r\n", 37};
	struct h1k_bytes out = {0};

	p.value[H1K_PH_HOST] = "127.0.0.1:8080";
	/* a missing value is H1K_ENEED, the buffer untouched */
	ck_assert_uint_eq(h1k_profile_lacks(&p, (1u << H1K_PH_HOST) | (1u << H1K_PH_STATIC)),
	                  1u << H1K_PH_STATIC);
	ck_assert_int_eq(h1k_expand(&t, 0, &p, &out), H1K_ENEED);
	ck_assert_uint_eq(out.len, 0);
	p.value[H1K_PH_STATIC] = "/a.txt";
	expect_expansion(t.p, &p, "GET /a.txt HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n");
	/* a value that would add a line is refused, even if only one text uses it */
	p.value[H1K_PH_STATIC] = "/a\r\nX-Injected: 1";
	ck_assert_int_eq(h1k_expand(&t, 0, &p, &out), H1K_EINVAL);
	p.value[H1K_PH_STATIC] = "/a\n";
	ck_assert_int_eq(h1k_expand(&t, 0, &p, &out), H1K_EINVAL);
	ck_assert_uint_eq(out.len, 0);
	/* raw text (hex/base64) is never expanded */
	ck_assert_int_eq(h1k_expand(&t, 1, NULL, &out), H1K_OK);
	ck_assert_uint_eq(out.len, t.len);
	ck_assert_mem_eq(out.p, t.p, t.len);
	/* malformed text is refused (a loaded case never has any) */
	{
		struct h1k_text bad = {"{nope}", 6};
		ck_assert_int_eq(h1k_expand(&bad, 0, &p, &out), H1K_EINVAL);
	}
	ck_assert_int_eq(h1k_expand(NULL, 0, &p, &out), H1K_EINVAL);
	ck_assert_uint_eq(h1k_profile_lacks(NULL, 1u << H1K_PH_ECHO), 1u << H1K_PH_ECHO);
	h1k_bytes_free(&out);
	h1k_bytes_free(NULL);
}
END_TEST

static const char steps_case[] =
        "{\"title\": \"steps\", \"requirement\": {\"document\": \"RFC 9112\", \"section\": \"5\", \"level\": "
        "\"MUST\", \"text\": \"x\"},\n"
        " \"send\": [{\"data\": \"GET {path} HTTP/1.1\\r\\nHost: {host}\\r\\nX: \"}, {\"delay_ms\": 1},\n"
        "          {\"data\": \"ab\", \"repeat\": 3}, {\"hex\": \"0d0a0d0a\"}, {\"await_response\": true},\n"
        "          {\"base64\": \"e2hvc3R9\"}, {\"half_close\": true}],\n"
        " \"reference\": {\"verdict\": \"accept\"}, \"expect\": {\"outcomes\": [{\"responses\": []}]}}";

START_TEST(test_send_bytes)
{
	static const char want[] = "GET / HTTP/1.1\r\nHost: example.test\r\nX: ababab\r\n\r\n{host}";
	struct h1k_case *c = NULL;
	struct h1k_bytes out = {0};
	struct h1k_profile p = {{"h"}};

	ck_assert_int_eq(h1k_load_buffer(steps_case, strlen(steps_case), "s.json", "rfc9112/s", &c, NULL),
	                 H1K_OK);
	/* base64 "{host}" is raw: it stays as written */
	ck_assert_int_eq(h1k_send_bytes(c, h1k_profile_offline(), &out), H1K_OK);
	ck_assert_uint_eq(out.len, strlen(want));
	ck_assert_mem_eq(out.p, want, out.len);
	/* one step at a time gives the same bytes */
	out.len = 0;
	for (size_t i = 0; i < c->nsteps; i++)
		ck_assert_int_eq(h1k_step_bytes(&c->steps[i], h1k_profile_offline(), &out), H1K_OK);
	ck_assert_mem_eq(out.p, want, out.len);
	/* a profile without {path} cannot serve the case */
	out.len = 0;
	ck_assert_uint_eq(c->needs, (1u << H1K_PH_HOST) | (1u << H1K_PH_PATH));
	ck_assert_uint_eq(h1k_profile_lacks(&p, c->needs), 1u << H1K_PH_PATH);
	ck_assert_int_eq(h1k_send_bytes(c, &p, &out), H1K_ENEED);
	ck_assert_int_eq(h1k_send_bytes(NULL, &p, &out), H1K_EINVAL);
	h1k_bytes_free(&out);
	h1k_case_free(c);
}
END_TEST

START_TEST(test_repeat_limit)
{
	struct h1k_step s = {H1K_STEP_DATA, {"abcd", 4}, 1, 16777216, 0};
	struct h1k_bytes out = {0};

	/* 4 x 16 Mi octets is over the bound: refused, buffer restored */
	ck_assert_int_eq(h1k_step_bytes(&s, NULL, &out), H1K_ELIMIT);
	ck_assert_uint_eq(out.len, 0);
	s.repeat = 1000;
	ck_assert_int_eq(h1k_step_bytes(&s, NULL, &out), H1K_OK);
	ck_assert_uint_eq(out.len, 4000);
	ck_assert_mem_eq(out.p + 3996, "abcd", 4);
	h1k_bytes_free(&out);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("cases_expand");
	TCase *t = tcase_create("expand");

	tcase_add_test(t, test_utf8_octets);
	tcase_add_test(t, test_hex);
	tcase_add_test(t, test_base64);
	tcase_add_test(t, test_scan_placeholders);
	tcase_add_test(t, test_expand_offline);
	tcase_add_test(t, test_expand_profile);
	tcase_add_test(t, test_send_bytes);
	tcase_add_test(t, test_repeat_limit);
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
