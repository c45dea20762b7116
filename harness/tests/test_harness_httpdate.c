/*
 * Unit tests of HTTP-date handling (harness/httpdate.c): the three forms a
 * recipient accepts, the one form a sender generates, and the strict
 * IMF-fixdate check the judge applies to Date fields.
 */
#include <check.h>
#include <string.h>

#include "harness/httpdate.h"

#define T1994 784111777 /* Sun, 06 Nov 1994 08:49:37 GMT */

static int parse(const char *s, time_t *t)
{
	return h1c_httpdate_parse(s, strlen(s), 1795000000 /* 2026 */, t);
}

START_TEST(three_forms)
{
	time_t t = 0;

	ck_assert_int_eq(parse("Sun, 06 Nov 1994 08:49:37 GMT", &t), 0);
	ck_assert_int_eq(t, T1994);
	ck_assert_int_eq(parse("Sunday, 06-Nov-94 08:49:37 GMT", &t), 0);
	ck_assert_int_eq(t, T1994);
	ck_assert_int_eq(parse("Sun Nov  6 08:49:37 1994", &t), 0);
	ck_assert_int_eq(t, T1994);
	/* two-digit years: not more than 50 years ahead of now (2026) */
	ck_assert_int_eq(parse("Tuesday, 01-Jan-80 00:00:00 GMT", &t), 0);
	ck_assert_int_eq(t, 315532800);
	ck_assert_int_eq(parse("Friday, 01-Jan-xx 00:00:00 GMT", &t), -1);
}
END_TEST

START_TEST(rejects)
{
	time_t t;

	ck_assert_int_eq(parse("Mon, 06 Nov 1994 08:49:37 GMT", &t), -1); /* wrong day name */
	ck_assert_int_eq(parse("Sun, 06 Nov 1994 08:49:37 UTC", &t), -1);
	ck_assert_int_eq(parse("Sun, 6 Nov 1994 08:49:37 GMT", &t), -1);
	ck_assert_int_eq(parse("Sun,  06 Nov 1994 08:49:37 GMT", &t), -1);
	ck_assert_int_eq(parse("Thu, 31 Feb 2001 00:00:00 GMT", &t), -1);
	ck_assert_int_eq(parse("Sun, 06 Nov 1994 24:00:00 GMT", &t), -1);
	ck_assert_int_eq(parse("Sun, 06 Nov 1994 08:49:37 GMT ", &t), -1);
	ck_assert_int_eq(parse("", &t), -1);
	ck_assert_int_eq(parse("yesterday", &t), -1);
	ck_assert_int_eq(h1c_httpdate_is_imf("Sunday, 06-Nov-94 08:49:37 GMT", 30), 0);
	ck_assert_int_eq(h1c_httpdate_is_imf("Sun Nov  6 08:49:37 1994", 24), 0);
	ck_assert_int_eq(h1c_httpdate_is_imf("sun, 06 Nov 1994 08:49:37 GMT", 29), 0);
	ck_assert_int_eq(h1c_httpdate_is_imf("Thu, 29 Feb 2024 12:00:00 GMT", 29), 1);
}
END_TEST

START_TEST(format_round_trip)
{
	char out[H1C_HTTPDATE_LEN + 1];
	time_t t, back;

	h1c_httpdate_format(T1994, out);
	ck_assert_str_eq(out, "Sun, 06 Nov 1994 08:49:37 GMT");
	for (t = 0; t < 4000000000LL; t += 86399 * 37) {
		h1c_httpdate_format(t, out);
		ck_assert(h1c_httpdate_is_imf(out, strlen(out)));
		ck_assert_int_eq(parse(out, &back), 0);
		ck_assert_int_eq(back, t);
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("harness_httpdate");
	TCase *tc = tcase_create("httpdate");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, three_forms);
	tcase_add_test(tc, rejects);
	tcase_add_test(tc, format_round_trip);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
