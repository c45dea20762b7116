/*
 * Unit tests of target profiles (harness/profile.c): defaults, every key,
 * and the errors a bad file gets.
 */
#include <check.h>
#include <string.h>

#include "harness/profile.h"

static int load(struct h1c_profile *p, const char *json, char *err, size_t cap)
{
	h1c_profile_default(p, "/app/");
	return h1c_profile_load_buffer(json, strlen(json), "p.json", p, err, cap);
}

START_TEST(defaults)
{
	struct h1c_profile a, b;

	h1c_profile_default(&a, NULL);
	ck_assert_str_eq(a.exists, "/");
	ck_assert_int_eq(strncmp(a.missing, "/h1conform-missing-", 19), 0);
	ck_assert_str_eq(a.static_path, "");
	h1c_profile_default(&b, "/base/");
	ck_assert_str_eq(b.exists, "/base/");
}
END_TEST

START_TEST(all_keys)
{
	struct h1c_profile p;
	char err[256];

	ck_assert_int_eq(load(&p,
	                      "{\"name\": \"nginx\", \"exists\": \"/index.html\", \"missing\": \"/nope\", "
	                      "\"static\": \"/s.txt\", \"writable\": \"/up/x\", \"echo\": \"/e\"}",
	                      err, sizeof(err)),
	                 0);
	ck_assert_str_eq(p.name, "nginx");
	ck_assert_str_eq(p.exists, "/index.html");
	ck_assert_str_eq(p.missing, "/nope");
	ck_assert_str_eq(p.static_path, "/s.txt");
	ck_assert_str_eq(p.writable, "/up/x");
	ck_assert_str_eq(p.echo, "/e");
	ck_assert_int_eq(load(&p, "{}", err, sizeof(err)), 0);
	ck_assert_str_eq(p.exists, "/app/");
}
END_TEST

START_TEST(errors)
{
	struct h1c_profile p;
	char err[256];

	ck_assert_int_eq(load(&p, "{\"static\": \"s.txt\"}", err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "p.json: $.static") != NULL, "%s", err);
	ck_assert_int_eq(load(&p, "{\"static\": \"/a b\"}", err, sizeof(err)), -1);
	ck_assert_int_eq(load(&p, "{\"static\": \"/a\\r\\nX: y\"}", err, sizeof(err)), -1);
	ck_assert_int_eq(load(&p, "{\"static\": 3}", err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "must be a string") != NULL, "%s", err);
	ck_assert_int_eq(load(&p, "{\"statik\": \"/x\"}", err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "unknown key") != NULL, "%s", err);
	ck_assert_int_eq(load(&p, "{\"echo\": \"/a\", \"echo\": \"/b\"}", err, sizeof(err)), -1);
	ck_assert_int_eq(load(&p, "[1]", err, sizeof(err)), -1);
	ck_assert_int_eq(load(&p, "{\"name\": \"\"}", err, sizeof(err)), -1);
	ck_assert_int_eq(load(&p, "{\n  \"echo\": \"/a\",\n}", err, sizeof(err)), -1);
	ck_assert_msg(strncmp(err, "p.json:3:", 9) == 0, "%s", err);
	ck_assert_int_eq(h1c_profile_load("/nonexistent/profile.json", &p, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "/nonexistent/profile.json") != NULL, "%s", err);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("harness_profile");
	TCase *tc = tcase_create("profile");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, defaults);
	tcase_add_test(tc, all_keys);
	tcase_add_test(tc, errors);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
