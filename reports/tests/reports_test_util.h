/*
 * Helpers shared by the reports/ unit tests (header-only: every test binary
 * is built from one .c file). Writers are run into memory with
 * open_memstream; external checkers (xmllint) run on temporary files, and
 * are skipped with a note when not installed (make check-reports-xml runs
 * them unconditionally).
 */
#ifndef REPORTS_TEST_UTIL_H
#define REPORTS_TEST_UTIL_H

#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "reports/h1r.h"
#include "reports/h1r_internal.h"

#define FIXTURE(name) "reports/fixtures/" name

/* Captured output of a writer: NUL-terminated, len bytes. */
struct captured {
	char *buf;
	size_t len;
};

static inline FILE *capture_open(struct captured *c)
{
	FILE *f;

	c->buf = NULL;
	c->len = 0;
	f = open_memstream(&c->buf, &c->len);
	ck_assert_ptr_nonnull(f);
	return f;
}

static inline void capture_close(struct captured *c, FILE *f)
{
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_ptr_nonnull(c->buf);
}

static inline struct h1r_run *load_fixture(const char *path)
{
	struct h1r_run *run = NULL;
	struct h1r_error err;
	int st = h1r_run_load_json(path, &run, &err);

	ck_assert_msg(st == H1R_OK, "loading %s: %s", path, err.text);
	return run;
}

static inline char *read_whole(const char *path, size_t *len)
{
	char *buf = NULL;
	int st = h1r__read_file(path, &buf, len, NULL);

	ck_assert_int_eq(st, H1R_OK);
	return buf;
}

static inline size_t count_of(const char *hay, size_t len, const char *needle)
{
	size_t n = 0, nl = strlen(needle);
	const char *p = hay, *end = hay + len;

	while (p < end) {
		const char *q = memmem(p, (size_t)(end - p), needle, nl);
		if (q == NULL)
			break;
		n++;
		p = q + nl;
	}
	return n;
}

/* Write buf to a new temporary file named after tag; returns the path (free it). */
static inline char *temp_file(const char *tag, const char *buf, size_t len)
{
	const char *dir = getenv("TMPDIR");
	char *path;
	size_t n;
	int fd;

	if (dir == NULL || dir[0] == '\0')
		dir = "/tmp";
	n = strlen(dir) + strlen(tag) + 32;
	path = malloc(n);
	ck_assert_ptr_nonnull(path);
	snprintf(path, n, "%s/h1r-%s-XXXXXX", dir, tag);
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq((int)write(fd, buf, len), (int)len);
	close(fd);
	return path;
}

static inline int have_xmllint(void)
{
	static int known = -1;

	if (known < 0) {
		known = system("command -v xmllint >/dev/null 2>&1") == 0;
		if (!known)
			fprintf(stderr, "note: xmllint not installed; skipping its checks here "
			                "(make check-reports-xml requires it)\n");
	}
	return known;
}

/* Run a shell command built with printf formatting; returns its exit status. */
static inline int shell(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static inline int shell(const char *fmt, ...)
{
	char cmd[2048];
	va_list ap;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	st = system(cmd);
	return st == -1 ? -1 : WEXITSTATUS(st);
}

/* Every byte sequence is valid UTF-8 and the only C0 controls are LF (and TAB when allowed). */
static inline void assert_clean_utf8(const char *buf, size_t len, int allow_tab)
{
	size_t i;

	ck_assert_msg(h1r__utf8_valid(buf, len), "output is not valid UTF-8");
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)buf[i];
		if (c < 0x20 && c != '\n' && !(allow_tab && c == '\t'))
			ck_abort_msg("raw control byte 0x%02x at offset %zu", c, i);
		if (c == 0x7F)
			ck_abort_msg("raw DEL at offset %zu", i);
		/* C1 controls encoded in UTF-8: C2 80..C2 9F. */
		if (c == 0xC2 && i + 1 < len && (unsigned char)buf[i + 1] >= 0x80 &&
		    (unsigned char)buf[i + 1] <= 0x9F)
			ck_abort_msg("raw C1 control at offset %zu", i);
		/* U+202A..U+202E (E2 80 AA..AE) and U+2066..U+2069 (E2 81 A6..A9). */
		if (c == 0xE2 && i + 2 < len &&
		    (((unsigned char)buf[i + 1] == 0x80 && (unsigned char)buf[i + 2] >= 0xAA &&
		      (unsigned char)buf[i + 2] <= 0xAE) ||
		     ((unsigned char)buf[i + 1] == 0x81 && (unsigned char)buf[i + 2] >= 0xA6 &&
		      (unsigned char)buf[i + 2] <= 0xA9)))
			ck_abort_msg("raw bidi control at offset %zu", i);
	}
}

static inline int run_suite(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

#endif
