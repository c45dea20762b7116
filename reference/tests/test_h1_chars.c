/*
 * Unit tests of the character class table and scanning primitives
 * (reference/h1_chars.c) and of the URI helpers (reference/h1_uri.c).
 *
 * The table is checked against the ABNF definitions written out a second
 * time, independently, as predicates; a typo in either shows up here.
 */
#include <check.h>
#include <string.h>

#include "reference/h1.h"
#include "reference/h1_chars.h"
#include "reference/h1_uri.h"
#include "reference/tests/h1_trace.h"

static int in(const char *set, int c)
{
	return c != 0 && strchr(set, c) != NULL;
}

static int is_alpha(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}
static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}
static int is_unreserved(int c)
{
	return is_alpha(c) || is_digit(c) || in("-._~", c);
}
static int is_subdelim(int c)
{
	return in("!$&'()*+,;=", c);
}

START_TEST(classes_match_abnf)
{
	int c;

	for (c = 0; c < 256; c++) {
		ck_assert_msg(H1_IS(c, H1C_TCHAR) == (is_alpha(c) || is_digit(c) || in("!#$%&'*+-.^_`|~", c)),
		              "tchar %#x", c);
		ck_assert_msg(H1_IS(c, H1C_VCHAR) == ((c >= 0x21 && c <= 0x7e) || c >= 0x80), "vchar %#x", c);
		ck_assert_msg(H1_IS(c, H1C_REGNAME) == (is_unreserved(c) || is_subdelim(c)), "reg-name %#x",
		              c);
		ck_assert_msg(H1_IS(c, H1C_PCHAR) ==
		                      (is_unreserved(c) || is_subdelim(c) || c == ':' || c == '@'),
		              "pchar %#x", c);
		ck_assert_msg(H1_IS(c, H1C_HEX) == (is_digit(c) || in("abcdefABCDEF", c)), "hex %#x", c);
		ck_assert_msg(H1_IS(c, H1C_DIGIT) == is_digit(c), "digit %#x", c);
		ck_assert_msg(H1_IS(c, H1C_ALPHA) == is_alpha(c), "alpha %#x", c);
		ck_assert_msg(H1_IS(c, H1C_SCHEME) == (is_alpha(c) || is_digit(c) || in("+-.", c)),
		              "scheme %#x", c);
		ck_assert_msg(H1_IS(c, H1C_QDTEXT) == (c == '\t' || c == ' ' || c == 0x21 ||
		                                       (c >= 0x23 && c <= 0x5b) || (c >= 0x5d && c <= 0x7e) ||
		                                       c >= 0x80),
		              "qdtext %#x", c);
		ck_assert_msg(H1_IS(c, H1C_OWS) == (c == ' ' || c == '\t'), "ows %#x", c);
		ck_assert_msg(H1_IS(c, H1C_LAXTARGET) == (c >= 0x80 || in("\"<>\\^`{|}", c)), "lax %#x", c);
	}
}
END_TEST

START_TEST(find_ctl_every_position)
{
	char buf[80];
	size_t len, pos;

	/* every length, every position, every kind of control, both sides of
	 * the 16-byte vector boundary */
	for (len = 0; len < sizeof(buf); len++) {
		memset(buf, 'a', sizeof(buf));
		ck_assert_uint_eq(h1__find_ctl(buf, len), len);
		for (pos = 0; pos < len; pos++) {
			static const unsigned char ctls[] = {0x00, 0x09, 0x0d, 0x1f, 0x7f};
			size_t k;
			for (k = 0; k < sizeof(ctls); k++) {
				memset(buf, (pos & 1) ? 0xff : 0x20, sizeof(buf));
				buf[pos] = (char)ctls[k];
				ck_assert_uint_eq(h1__find_ctl(buf, len), pos);
			}
		}
	}
}
END_TEST

/* The windowed scan: every window [from, to) of a readable region that
 * ends at a guard page, with a control at every position. */
START_TEST(find_ctl_in_windows)
{
	char src[40];
	size_t readable, from, to, pos;

	for (readable = 1; readable <= sizeof(src); readable++) {
		for (from = 0; from < readable; from++) {
			for (to = from; to < readable; to++) {
				const char *g;
				memset(src, 'x', sizeof(src));
				g = h1t_guarded(src, readable);
				ck_assert_uint_eq(h1__find_ctl_in(g, readable, from, to), to);
				for (pos = 0; pos < readable; pos++) {
					size_t want = (pos >= from && pos < to) ? pos : to;
					memset(src, 'x', sizeof(src));
					src[pos] = (pos & 1) ? '\x7f' : '\r';
					/* a second control just before it; it counts only
					 * inside the window */
					if (pos > 0)
						src[pos - 1] = '\t';
					g = h1t_guarded(src, readable);
					if (pos > 0 && pos - 1 >= from && pos - 1 < to)
						want = pos - 1;
					ck_assert_uint_eq(h1__find_ctl_in(g, readable, from, to), want);
				}
			}
		}
	}
}
END_TEST

START_TEST(hex_values)
{
	int c;

	for (c = 0; c < 256; c++)
		ck_assert_uint_eq(h1__hexv[c], H1_IS(c, H1C_HEX) ? h1__hexval((unsigned char)c) : 0xFF);
}
END_TEST

/* h1__find_line_ctl: HTAB is stepped over, every other control stops it. */
START_TEST(find_line_ctl_every_position)
{
	char src[80];
	size_t readable, from, pos;

	for (readable = 1; readable <= sizeof(src); readable++)
		for (from = 0; from <= readable; from++) {
			const char *g;
			memset(src, '\t', sizeof(src));
			g = h1t_guarded(src, readable);
			ck_assert_uint_eq(h1__find_line_ctl(g, readable, from), readable);
			for (pos = 0; pos < readable; pos++) {
				static const char ctl[] = {'\r', '\n', '\0', '\x7f', '\x1f'};
				size_t want = pos >= from ? pos : readable;
				memset(src, (pos & 1) ? '\t' : '\xff', sizeof(src));
				src[pos] = ctl[pos % sizeof(ctl)];
				g = h1t_guarded(src, readable);
				ck_assert_uint_eq(h1__find_line_ctl(g, readable, from), want);
			}
		}
}
END_TEST

/* h1__alnum_dash16: the count of leading ALPHA / DIGIT / "-" bytes of 16,
 * for every byte value at every position (without SSE2 it may return 0,
 * which callers treat as "no vector help"). */
START_TEST(alnum_dash16_every_byte)
{
	char src[16];
	size_t pos;
	int c;

	memset(src, 'Z', sizeof(src));
	ck_assert_uint_eq(h1__alnum_dash16(h1t_guarded(src, 16)), H1__HAVE_SSE2 ? 16 : 0);
	for (pos = 0; pos < 16; pos++)
		for (c = 0; c < 256; c++) {
			int fast = is_alpha(c) || is_digit(c) || c == '-';
			size_t want = fast ? 16 : pos;
			memset(src, (pos & 1) ? '-' : '7', sizeof(src));
			src[pos] = (char)c;
			ck_assert_uint_eq(h1__alnum_dash16(h1t_guarded(src, 16)), H1__HAVE_SSE2 ? want : 0);
		}
}
END_TEST

/* h1__path16: the count of leading bytes of 16 in its fast class, which
 * must lie inside H1C_PATH, for every byte value at every position. */
START_TEST(path16_every_byte)
{
	char src[16];
	size_t pos;
	int c;

	for (pos = 0; pos < 16; pos++)
		for (c = 0; c < 256; c++) {
			int fast = is_alpha(c) || is_digit(c) || in("-./_=&?", c);
			size_t want = fast ? 16 : pos;
			memset(src, (pos & 1) ? '/' : 'q', sizeof(src));
			src[pos] = (char)c;
			ck_assert_uint_eq(h1__path16(h1t_guarded(src, 16)), H1__HAVE_SSE2 ? want : 0);
			if (fast)
				ck_assert(H1_IS(c, H1C_PATH));
		}
}
END_TEST

/* h1__all_of: every length and every position of one byte outside the class. */
START_TEST(all_of_every_position)
{
	char src[24];
	size_t len, pos;

	for (len = 0; len <= sizeof(src); len++) {
		memset(src, 'a', sizeof(src));
		ck_assert(h1__all_of(h1t_guarded(src, len), len, H1C_REGNAME));
		for (pos = 0; pos < len; pos++) {
			memset(src, 'a', sizeof(src));
			src[pos] = ':';
			ck_assert(!h1__all_of(h1t_guarded(src, len), len, H1C_REGNAME));
		}
	}
}
END_TEST

/* h1__scan_origin reads ahead in 16-byte vectors up to 'readable', but the
 * stop never passes 'end', whatever lies beyond it; and each byte that is
 * not a path byte, at any position, stops it there. */
START_TEST(scan_origin_bounds)
{
	char src[64];
	size_t end, pos, stop;

	for (end = 1; end <= sizeof(src); end++) {
		const char *g;
		memset(src, 'a', sizeof(src));
		g = h1t_guarded(src, sizeof(src));
		ck_assert_int_eq(h1__scan_origin(g, 0, end, sizeof(src), 0, &stop), 0);
		ck_assert_uint_eq(stop, end);
		for (pos = 0; pos < end; pos++) {
			memset(src, (pos & 1) ? '/' : 'z', sizeof(src));
			src[pos] = (pos & 2) ? ' ' : '#';
			g = h1t_guarded(src, sizeof(src));
			ck_assert_int_eq(h1__scan_origin(g, 0, end, sizeof(src), 0, &stop), 0);
			ck_assert_uint_eq(stop, pos);
			/* a '%' not followed by two hex digits ('z' and '/' are none) */
			src[pos] = '%';
			g = h1t_guarded(src, sizeof(src));
			ck_assert_int_eq(h1__scan_origin(g, 0, end, sizeof(src), 0, &stop), H1_E_TARGET_PCT);
			ck_assert_uint_eq(stop, pos);
		}
	}
}
END_TEST

/* h1__lit_eq agrees with h1__lower_eq on every case variant of a literal
 * and on every single-byte change of it (notably CR for '-', which ORing
 * 0x20 would confuse, and each letter's other-case neighbours). */
#define LIT_CHECK(lit)                                                                                       \
	do {                                                                                                 \
		char v[32];                                                                                  \
		size_t n = sizeof(lit) - 1, i;                                                               \
		unsigned c;                                                                                  \
		memcpy(v, lit, n);                                                                           \
		ck_assert(h1__lit_eq(v, n, lit, n));                                                         \
		ck_assert(!h1__lit_eq(v, n - 1, lit, n));                                                    \
		for (i = 0; i < n; i++)                                                                      \
			for (c = 0; c < 256; c++) {                                                          \
				memcpy(v, lit, n);                                                           \
				v[i] = (char)c;                                                              \
				ck_assert_int_eq(h1__lit_eq(v, n, lit, n), h1__lower_eq(v, n, lit, n));      \
			}                                                                                    \
	} while (0)

START_TEST(literal_compare)
{
	LIT_CHECK("host");
	LIT_CHECK("close");
	LIT_CHECK("expect");
	LIT_CHECK("chunked");
	LIT_CHECK("compress");
	LIT_CHECK("keep-alive");
	LIT_CHECK("100-continue");
	LIT_CHECK("content-length");
	LIT_CHECK("transfer-encoding");
}
END_TEST

START_TEST(ipv6_grammar)
{
	static const char *good[] = {"::",
	                             "::1",
	                             "1::",
	                             "1:2:3:4:5:6:7:8",
	                             "1::8",
	                             "1:2:3:4:5:6::8",
	                             "::ffff:192.0.2.1",
	                             "1:2:3:4:5:6:192.0.2.1",
	                             "fe80::1:2",
	                             "ABCD:ef01::"};
	static const char *bad[] = {"",
	                            ":",
	                            ":1",
	                            "1:",
	                            "1:::2",
	                            "1::2::3",
	                            "1:2:3:4:5:6:7:8:9",
	                            "12345::",
	                            "::g",
	                            "1:2:3:4:5:6:7::8:9",
	                            "::256.0.0.1",
	                            "::1.2.3",
	                            "::01.2.3.4",
	                            "1:2:3:4:5:6:7:1.2.3.4"};
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		ck_assert_msg(h1__is_ipv6(good[i], strlen(good[i])), "should accept %s", good[i]);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(!h1__is_ipv6(bad[i], strlen(bad[i])), "should reject %s", bad[i]);
}
END_TEST

START_TEST(host_grammar)
{
	static const char *good[] = {"",           "a",       "a:",       "a:80", "192.0.2.1:8080",
	                             "[::1]",      "[::1]:1", "[v1.x:y]", "%41b", "a.b-c_d~e!$&'()*+,;=",
	                             "01.02.03.04"};
	static const char *bad[] = {"a b", "a:b", "u@a",   "[::1",   "[::1]x", "::1",
	                            "%4",  "a/b", "[v.x]", "[vg.x]", "\xe9"};
	size_t i, b;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		ck_assert_msg(h1__check_host(good[i], strlen(good[i]), &b) == 0, "should accept %s", good[i]);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(h1__check_host(bad[i], strlen(bad[i]), &b) == H1_E_HOST_INVALID,
		              "should reject %s", bad[i]);
}
END_TEST

START_TEST(target_forms)
{
	size_t b;
	int form;

	ck_assert_int_eq(h1__check_target("/", 1, H1M_GET, 0, &form, &b), 0);
	ck_assert_int_eq(form, H1_FORM_ORIGIN);
	ck_assert_int_eq(h1__check_target("*", 1, H1M_OPTIONS, 0, &form, &b), 0);
	ck_assert_int_eq(form, H1_FORM_ASTERISK);
	ck_assert_int_eq(h1__check_target("a:1", 3, H1M_CONNECT, 0, &form, &b), 0);
	ck_assert_int_eq(form, H1_FORM_AUTHORITY);
	ck_assert_int_eq(h1__check_target("HTTPS://a", 9, H1M_GET, 0, &form, &b), 0);
	ck_assert_int_eq(form, H1_FORM_ABSOLUTE);
	ck_assert_int_eq(h1__check_target("ftp://u@a/", 10, H1M_GET, 0, &form, &b), 0);
	ck_assert_int_eq(h1__check_target("http://a?q", 10, H1M_GET, 0, &form, &b), 0);
	ck_assert_int_eq(h1__check_target("http://a#f", 10, H1M_GET, 0, &form, &b), H1_E_TARGET_CHAR);
	ck_assert_int_eq(h1__check_target("*", 1, H1M_GET, 0, &form, &b), H1_E_TARGET_FORM);
	ck_assert_int_eq(h1__check_target("*", 1, H1M_CONNECT, 0, &form, &b), H1_E_TARGET_FORM);
	ck_assert_int_eq(h1__check_target("/a b", 4, H1M_GET, 0, &form, &b), H1_E_TARGET_CHAR);
	ck_assert_uint_eq(b, 2);
}
END_TEST

START_TEST(method_classes)
{
	ck_assert_int_eq(h1__method_class("GET", 3), H1M_GET);
	ck_assert_int_eq(h1__method_class("HEAD", 4), H1M_HEAD);
	ck_assert_int_eq(h1__method_class("CONNECT", 7), H1M_CONNECT);
	ck_assert_int_eq(h1__method_class("OPTIONS", 7), H1M_OPTIONS);
	/* methods are case-sensitive */
	ck_assert_int_eq(h1__method_class("head", 4), H1M_OTHER);
	ck_assert_int_eq(h1__method_class("CONNECTX", 8), H1M_OTHER);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("h1_chars");
	TCase *tc = tcase_create("classes");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, classes_match_abnf);
	tcase_add_test(tc, find_ctl_every_position);
	tcase_add_test(tc, find_ctl_in_windows);
	tcase_add_test(tc, hex_values);
	tcase_add_test(tc, find_line_ctl_every_position);
	tcase_add_test(tc, alnum_dash16_every_byte);
	tcase_add_test(tc, path16_every_byte);
	tcase_add_test(tc, all_of_every_position);
	tcase_add_test(tc, scan_origin_bounds);
	tcase_add_test(tc, literal_compare);
	tcase_add_test(tc, ipv6_grammar);
	tcase_add_test(tc, host_grammar);
	tcase_add_test(tc, target_forms);
	tcase_add_test(tc, method_classes);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
