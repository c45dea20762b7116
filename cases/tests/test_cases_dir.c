/*
 * Tests of loading case files from disk (cases/h1k_dir.c): ids from paths,
 * the deterministic order of a directory load, and that nothing below a
 * document directory is skipped silently. Each test builds its own corpus
 * in a fresh temporary directory.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cases/h1k.h"

static const char good_case[] =
        "{\"title\": \"t\", \"requirement\": {\"document\": \"RFC 9112\", \"section\": \"3\", \"level\": "
        "\"MUST\", \"text\": \"x\"}, \"send\": \"GET / HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n\", "
        "\"reference\": {\"verdict\": \"accept\"}, \"expect\": {\"outcomes\": [{\"responses\": []}]}}\n";

static char root[64];

/* Create root/rel (and its directories) holding text. */
static void put(const char *rel, const char *text)
{
	char path[512];
	size_t i;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	for (i = strlen(root) + 1; path[i]; i++) {
		if (path[i] == '/') {
			path[i] = '\0';
			mkdir(path, 0755);
			path[i] = '/';
		}
	}
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

static void setup(void)
{
	snprintf(root, sizeof(root), "/tmp/h1k-test-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(root));
}

static void teardown(void)
{
	char cmd[128];

	/* the directory name came from mkdtemp: no shell metacharacters */
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", root);
}

static char *diag_text(const struct h1k_diags *d, size_t i)
{
	static char text[1024];
	char *rel;

	h1k_diag_format(&d->v[i], text, sizeof(text));
	/* strip the temporary root so tests can compare */
	while ((rel = strstr(text, root)) != NULL)
		memmove(rel, rel + strlen(root), strlen(rel + strlen(root)) + 1);
	return text;
}

START_TEST(test_id_from_path)
{
	char id[256];
	const char *why;

	ck_assert_int_eq(h1k_id_from_path("cases/rfc9112/6.3/te-and-cl.json", id, sizeof(id), &why), 0);
	ck_assert_str_eq(id, "rfc9112/6.3/te-and-cl");
	ck_assert_int_eq(h1k_id_from_path("/x/rfc1/y/rfc9110/a.b-c.json", id, sizeof(id), &why), 0);
	ck_assert_str_eq(id, "rfc9110/a.b-c");
	ck_assert_int_eq(h1k_id_from_path("rfc6265/set-cookie.json", id, sizeof(id), &why), 0);
	ck_assert_str_eq(id, "rfc6265/set-cookie");
	/* failures, each with its reason */
	ck_assert_int_eq(h1k_id_from_path("cases/smuggling/a.json", id, sizeof(id), &why), -1);
	ck_assert_ptr_nonnull(strstr(why, "document directory"));
	ck_assert_int_eq(h1k_id_from_path("cases/rfc9112.json", id, sizeof(id), &why), -1);
	ck_assert_ptr_nonnull(strstr(why, "document directory"));
	ck_assert_int_eq(h1k_id_from_path("cases/rfc9112/a.JSON", id, sizeof(id), &why), -1);
	ck_assert_ptr_nonnull(strstr(why, ".json"));
	ck_assert_int_eq(h1k_id_from_path("cases/rfc9112/Upper.json", id, sizeof(id), &why), -1);
	ck_assert_ptr_nonnull(strstr(why, "a-z, 0-9"));
	ck_assert_int_eq(h1k_id_from_path("cases/rfc9112/a b.json", id, sizeof(id), &why), -1);
	ck_assert_int_eq(h1k_id_from_path("cases/rfc9112//a.json", id, sizeof(id), &why), -1);
	ck_assert_ptr_nonnull(strstr(why, "empty path segment"));
	ck_assert_int_eq(h1k_id_from_path("cases/rfc9112/.hidden.json", id, sizeof(id), &why), -1);
	ck_assert_ptr_nonnull(strstr(why, "start with '.'"));
	ck_assert_int_eq(h1k_id_from_path("cases/rfc9112/../x.json", id, sizeof(id), &why), -1);
	ck_assert_int_eq(h1k_id_from_path("cases/rfc9112/x.json", id, 5, &why), -1);
	{
		char longp[400];
		memset(longp, 'a', sizeof(longp));
		memcpy(longp, "rfc1/", 5);
		memcpy(longp + 390, ".json", 6);
		ck_assert_int_eq(h1k_id_from_path(longp, id, sizeof(id), &why), -1);
		ck_assert_ptr_nonnull(strstr(why, "longer than 200"));
	}
}
END_TEST

START_TEST(test_order)
{
	struct h1k_set set = {0};
	struct h1k_diags d = {0};
	static const char *const ids[] = {
	        "rfc6265/z",   "rfc9110/a",  "rfc9112/a-b",   "rfc9112/a.b",
	        "rfc9112/a/b", "rfc9112/a0", "rfc9112/b/a/c", "rfc9112/b/a2",
	};
	size_t i;

	/* created in an order unrelated to the ids */
	for (i = sizeof(ids) / sizeof(ids[0]); i-- > 0;) {
		char rel[64];
		snprintf(rel, sizeof(rel), "%s.json", ids[(i * 5) % 8]);
		put(rel, good_case);
	}
	/* not cases: files beside the document directories */
	put("FORMAT.md", "# format");
	put("schema.json", "{}");
	put("tests/malformed/bad.json", "{");
	put("tools/x.sh", "exit 1");
	put("rfcX/not-a-document-dir.json", "{");
	ck_assert_int_eq(h1k_load_dir(root, &set, &d), H1K_OK);
	ck_assert_uint_eq(d.n, 0);
	ck_assert_uint_eq(set.n, 8);
	/* byte order of ids: '-' < '.' < '/' < digits */
	for (i = 0; i < set.n; i++)
		ck_assert_str_eq(set.v[i]->id, ids[i]);
	h1k_set_free(&set);
	ck_assert_uint_eq(set.n, 0);

	/* a directory inside a document directory loads just that part */
	{
		char sub[128];
		snprintf(sub, sizeof(sub), "%s/rfc9112/b", root);
		ck_assert_int_eq(h1k_load_dir(sub, &set, &d), H1K_OK);
		ck_assert_uint_eq(set.n, 2);
		ck_assert_str_eq(set.v[0]->id, "rfc9112/b/a/c");
		ck_assert_str_eq(set.v[1]->id, "rfc9112/b/a2");
		/* loading the same cases again is a duplicate-id error */
		ck_assert_int_eq(h1k_load_path(sub, &set, &d), H1K_ELOAD);
		ck_assert_uint_eq(set.n, 2);
		ck_assert_uint_eq(d.n, 2);
		ck_assert_str_eq(diag_text(&d, 0),
		                 "/rfc9112/b/a/c.json: case id \"rfc9112/b/a/c\" is already "
		                 "loaded from /rfc9112/b/a/c.json");
	}
	h1k_set_free(&set);
	h1k_diags_free(&d);
}
END_TEST

START_TEST(test_every_bad_file_reported)
{
	struct h1k_set set = {0};
	struct h1k_diags d = {0};

	put("rfc9112/a.json", good_case);
	put("rfc9112/b.json", "{\"title\": 1}");
	put("rfc9112/c/d.json", "[");
	put("rfc9112/e.jsn", good_case);
	put("rfc9112/.f.json.swp", "");
	put("rfc9112/Upper.json", good_case);
	put("rfc9110/g.json", good_case);
	ck_assert_int_eq(h1k_load_dir(root, &set, &d), H1K_ELOAD);
	/* the good cases are loaded anyway, sorted */
	ck_assert_uint_eq(set.n, 2);
	ck_assert_str_eq(set.v[0]->id, "rfc9110/g");
	ck_assert_str_eq(set.v[1]->id, "rfc9112/a");
	/* one diagnostic per bad file, in path order */
	ck_assert_uint_eq(d.n, 5);
	ck_assert_str_eq(diag_text(&d, 0),
	                 "/rfc9112/.f.json.swp: not a case file: below a document "
	                 "directory there are only directories and case files named *.json");
	ck_assert_str_eq(diag_text(&d, 1), "/rfc9112/e.jsn: not a case file: below a document directory "
	                                   "there are only directories and case files named *.json");
	ck_assert_str_eq(diag_text(&d, 2), "/rfc9112/Upper.json: not a valid case file path: an id uses "
	                                   "only a-z, 0-9, '.', '-' and '/'");
	ck_assert_str_eq(diag_text(&d, 3), "/rfc9112/b.json:1:1: $: the case is missing the required key "
	                                   "\"requirement\"");
	ck_assert_str_eq(diag_text(&d, 4), "/rfc9112/c/d.json:1:1: invalid JSON: ']' expected near end of "
	                                   "file");
	h1k_set_free(&set);
	h1k_diags_free(&d);
}
END_TEST

START_TEST(test_nothing_to_load)
{
	struct h1k_set set = {0};
	struct h1k_diags d = {0};
	char path[128];

	/* an empty corpus is an error, not a pass */
	put("FORMAT.md", "");
	ck_assert_int_eq(h1k_load_dir(root, &set, &d), H1K_ELOAD);
	ck_assert_uint_eq(d.n, 1);
	ck_assert_str_eq(diag_text(&d, 0),
	                 ": no case files found (cases live in document directories like rfc9112/)");
	h1k_diags_free(&d);
	/* so is a directory that does not exist */
	snprintf(path, sizeof(path), "%s/nope", root);
	ck_assert_int_eq(h1k_load_dir(path, &set, &d), H1K_ELOAD);
	ck_assert_str_eq(diag_text(&d, 0), "/nope: cannot open the directory: No such file or directory");
	h1k_diags_free(&d);
	/* and a file given as a directory */
	snprintf(path, sizeof(path), "%s/FORMAT.md", root);
	ck_assert_int_eq(h1k_load_dir(path, &set, &d), H1K_ELOAD);
	ck_assert_str_eq(diag_text(&d, 0), "/FORMAT.md: not a directory");
	h1k_diags_free(&d);
	ck_assert_uint_eq(set.n, 0);
	ck_assert_int_eq(h1k_load_dir(NULL, &set, &d), H1K_EINVAL);
	ck_assert_int_eq(h1k_load_dir(root, NULL, &d), H1K_EINVAL);
	h1k_set_free(&set);
}
END_TEST

START_TEST(test_load_file)
{
	struct h1k_set set = {0};
	struct h1k_diags d = {0};
	struct h1k_case *c = NULL;
	char path[128];

	put("rfc9112/x/y.json", good_case);
	snprintf(path, sizeof(path), "%s/rfc9112/x/y.json", root);
	ck_assert_int_eq(h1k_load_file(path, &c, &d), H1K_OK);
	ck_assert_str_eq(c->id, "rfc9112/x/y");
	ck_assert_str_eq(c->file, path);
	h1k_case_free(c);
	ck_assert_int_eq(h1k_load_path(path, &set, &d), H1K_OK);
	ck_assert_uint_eq(set.n, 1);
	snprintf(path, sizeof(path), "%s/rfc9112/x/missing.json", root);
	ck_assert_int_eq(h1k_load_path(path, &set, &d), H1K_ELOAD);
	ck_assert_str_eq(diag_text(&d, 0),
	                 "/rfc9112/x/missing.json: cannot open the file: No such file or directory");
	h1k_set_free(&set);
	h1k_diags_free(&d);
}
END_TEST

START_TEST(test_relative_inside_document_dir)
{
	struct h1k_set set = {0};
	struct h1k_diags d = {0};
	char cwd[4096], dir[128];

	put("rfc9112/x/y.json", good_case);
	put("rfc9112/x/z.json", good_case);
	ck_assert_ptr_nonnull(getcwd(cwd, sizeof(cwd)));
	snprintf(dir, sizeof(dir), "%s/rfc9112/x", root);
	ck_assert_int_eq(chdir(dir), 0);
	/* "." and "./y.json" name no document directory until resolved */
	ck_assert_int_eq(h1k_load_path(".", &set, &d), H1K_OK);
	ck_assert_uint_eq(set.n, 2);
	ck_assert_str_eq(set.v[0]->id, "rfc9112/x/y");
	ck_assert_str_eq(set.v[0]->file, "./y.json");
	h1k_set_free(&set);
	ck_assert_int_eq(h1k_load_path("z.json", &set, &d), H1K_OK);
	ck_assert_str_eq(set.v[0]->id, "rfc9112/x/z");
	ck_assert_int_eq(chdir(cwd), 0);
	ck_assert_uint_eq(d.n, 0);
	h1k_set_free(&set);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("cases_dir");
	TCase *t = tcase_create("dir");

	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, test_id_from_path);
	tcase_add_test(t, test_order);
	tcase_add_test(t, test_every_bad_file_reported);
	tcase_add_test(t, test_nothing_to_load);
	tcase_add_test(t, test_load_file);
	tcase_add_test(t, test_relative_inside_document_dir);
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
