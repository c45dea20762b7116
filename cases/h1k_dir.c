/*
 * Case files on disk: ids from paths, reading files, walking directories.
 *
 * The id of a case is its path from the document directory (rfc9112/...),
 * which is what results and baselines refer to, so it must not depend on
 * where the corpus was checked out or how check-cases was invoked. Walking
 * is deterministic (paths sorted before loading, cases sorted by id after)
 * and bounded (depth, file count, file size). Nothing below a document
 * directory is skipped quietly: a file that is not a case is reported.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cases/h1k.h"
#include "cases/h1k_internal.h"

/* Is s[0..n) "rfc" followed by one or more digits? */
static int is_document_dir(const char *s, size_t n)
{
	return n > 3 && memcmp(s, "rfc", 3) == 0 && strspn(s + 3, "0123456789") >= n - 3;
}

/* Offset in path of the last component that names a document directory
 * (among the first 'limit' bytes), or -1. */
static long last_document_dir(const char *path, size_t limit)
{
	size_t i = 0;
	long found = -1;

	while (i < limit) {
		size_t n = 0;
		while (i + n < limit && path[i + n] != '/')
			n++;
		if (is_document_dir(path + i, n))
			found = (long)i;
		i += n + 1;
	}
	return found;
}

/* Does dir lie inside a document directory, as written or once resolved? */
static int inside_document_dir(const char *dir)
{
	char *real;
	int inside;

	if (last_document_dir(dir, strlen(dir)) >= 0)
		return 1;
	real = realpath(dir, NULL);
	inside = real != NULL && last_document_dir(real, strlen(real)) >= 0;
	free(real);
	return inside;
}

int h1k_id_from_path(const char *path, char *out, size_t cap, const char **why)
{
	const char *slash, *p;
	size_t dirlen, n = 0, seg = 0;
	long start;

	*why = NULL;
	if (path == NULL || out == NULL || cap == 0) {
		*why = "no path";
		return -1;
	}
	slash = strrchr(path, '/');
	dirlen = slash ? (size_t)(slash - path) : 0;
	start = last_document_dir(path, dirlen);
	if (start < 0) {
		*why = "the file is not below a document directory (rfc followed by digits, like "
		       "rfc9112/)";
		return -1;
	}
	p = path + start;
	n = strlen(p);
	if (n < 5 || strcmp(p + n - 5, ".json") != 0) {
		*why = "a case file name ends in .json";
		return -1;
	}
	n -= 5;
	if (n > H1K_MAX_ID || n + 1 > cap) {
		*why = "the id is longer than 200 bytes";
		return -1;
	}
	for (size_t i = 0, o = 0; i < n; i++) {
		char c = p[i];
		if (c == '/') {
			/* "a//b" and "./" are lexically different paths of the
			 * same file; an id must be one spelling */
			if (seg == 0) {
				*why = "the id has an empty path segment";
				return -1;
			}
			seg = 0;
			out[o++] = c;
			continue;
		}
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-')) {
			*why = "an id uses only a-z, 0-9, '.', '-' and '/'";
			return -1;
		}
		if (seg == 0 && c == '.') {
			*why = "an id segment must not start with '.'";
			return -1;
		}
		seg++;
		out[o++] = c;
	}
	if (seg == 0) {
		*why = "the id has an empty path segment";
		return -1;
	}
	out[n] = '\0';
	return 0;
}

/* Read a whole file into a new buffer; reading stops a little past
 * H1K_MAX_FILE bytes (h1k_load_buffer() then reports the size). */
static int read_file(const char *path, char **data, size_t *len, struct h1k_diags *diags)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 0, n = 0;
	char *buf = NULL;
	int rc = H1K_OK;

	*data = NULL;
	if (f == NULL) {
		h1k__diag_add(diags, path, 0, 0, NULL, "cannot open the file: %s", strerror(errno));
		return H1K_ELOAD;
	}
	for (;;) {
		size_t got;
		if (n == cap) {
			char *b;
			if (cap > H1K_MAX_FILE)
				break;
			cap = cap ? cap * 2 : 4096;
			b = realloc(buf, cap);
			if (b == NULL) {
				rc = H1K_ENOMEM;
				break;
			}
			buf = b;
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	if (rc == H1K_OK && ferror(f)) {
		h1k__diag_add(diags, path, 0, 0, NULL, "cannot read the file: %s", strerror(errno));
		rc = H1K_ELOAD;
	}
	fclose(f);
	if (rc != H1K_OK) {
		free(buf);
		return rc;
	}
	*data = buf;
	*len = n;
	return H1K_OK;
}

int h1k_load_file(const char *path, struct h1k_case **out, struct h1k_diags *diags)
{
	char id[H1K_MAX_ID + 1];
	const char *why;
	char *data;
	size_t len;
	int rc;

	if (path == NULL || out == NULL)
		return H1K_EINVAL;
	*out = NULL;
	if (h1k_id_from_path(path, id, sizeof(id), &why)) {
		/* "./x.json" run from inside rfc9112/ names its document
		 * directory only in the absolute path */
		char *real = realpath(path, NULL);
		const char *why_real;
		int bad = real == NULL || h1k_id_from_path(real, id, sizeof(id), &why_real) != 0;
		free(real);
		if (bad) {
			h1k__diag_add(diags, path, 0, 0, NULL, "not a valid case file path: %s", why);
			return H1K_ELOAD;
		}
	}
	rc = read_file(path, &data, &len, diags);
	if (rc != H1K_OK)
		return rc;
	rc = h1k_load_buffer(data, len, path, id, out, diags);
	free(data);
	return rc;
}

/* ---------------------------------------------------------------------- */
/* sets                                                                    */

static int set_add(struct h1k_set *set, struct h1k_case *c)
{
	if (set->n == set->cap) {
		size_t cap = set->cap ? set->cap * 2 : 64;
		struct h1k_case **v = realloc(set->v, cap * sizeof(*v));
		if (v == NULL)
			return H1K_ENOMEM;
		set->v = v;
		set->cap = cap;
	}
	set->v[set->n++] = c;
	return H1K_OK;
}

/* A case and its position in the set before sorting, so that of two
 * cases with one id the one loaded later is the one reported. */
struct ranked {
	struct h1k_case *c;
	size_t seq;
};

static int by_id(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	int d = strcmp(x->c->id, y->c->id);

	return d ? d : (x->seq > y->seq) - (x->seq < y->seq);
}

/* Sort the set by id and drop (with a diagnostic) the later of two cases
 * with the same id. Returns H1K_ELOAD if any was dropped. */
static int set_finish(struct h1k_set *set, struct h1k_diags *diags)
{
	struct ranked *r;
	size_t i, o;
	int rc = H1K_OK;

	if (set->n < 2)
		return H1K_OK;
	r = malloc(set->n * sizeof(*r));
	if (r == NULL)
		return H1K_ENOMEM;
	for (i = 0; i < set->n; i++) {
		r[i].c = set->v[i];
		r[i].seq = i;
	}
	qsort(r, set->n, sizeof(*r), by_id);
	for (i = 0, o = 0; i < set->n; i++) {
		if (o > 0 && strcmp(set->v[o - 1]->id, r[i].c->id) == 0) {
			h1k__diag_add(diags, r[i].c->file, 0, 0, NULL,
			              "case id \"%s\" is already loaded from %s", r[i].c->id,
			              set->v[o - 1]->file);
			h1k_case_free(r[i].c);
			rc = H1K_ELOAD;
			continue;
		}
		set->v[o++] = r[i].c;
	}
	set->n = o;
	free(r);
	return rc;
}

void h1k_set_free(struct h1k_set *set)
{
	size_t i;

	if (set == NULL)
		return;
	for (i = 0; i < set->n; i++)
		h1k_case_free(set->v[i]);
	free(set->v);
	set->v = NULL;
	set->n = set->cap = 0;
}

/* ---------------------------------------------------------------------- */
/* walking                                                                 */

struct paths {
	char **v;
	size_t n, cap;
	int overflow;
};

static int paths_add(struct paths *p, const char *dir, const char *name)
{
	size_t dl = strlen(dir), nl = strlen(name);
	char *s;

	if (p->n >= H1K_MAX_CASES) {
		p->overflow = 1;
		return H1K_OK;
	}
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 64;
		char **v = realloc(p->v, cap * sizeof(*v));
		if (v == NULL)
			return H1K_ENOMEM;
		p->v = v;
		p->cap = cap;
	}
	s = malloc(dl + nl + 2);
	if (s == NULL)
		return H1K_ENOMEM;
	memcpy(s, dir, dl);
	/* "dir/name", without doubling a trailing slash */
	if (dl && dir[dl - 1] != '/')
		s[dl++] = '/';
	memcpy(s + dl, name, nl + 1);
	p->v[p->n++] = s;
	return H1K_OK;
}

static void paths_free(struct paths *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		free(p->v[i]);
	free(p->v);
}

static int by_string(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The sorted entry names of dir (without "." and ".."). */
static int list_dir(const char *dir, struct paths *names, struct h1k_diags *diags)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int rc = H1K_OK;

	if (d == NULL) {
		h1k__diag_add(diags, dir, 0, 0, NULL, "cannot open the directory: %s", strerror(errno));
		return H1K_ELOAD;
	}
	while (rc == H1K_OK && (e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		rc = paths_add(names, "", e->d_name);
	}
	closedir(d);
	if (rc == H1K_OK && names->n > 1)
		qsort(names->v, names->n, sizeof(*names->v), by_string);
	return rc;
}

/* Collect every case file below a document directory (or part of one). */
static int walk(const char *dir, int depth, struct paths *files, struct h1k_diags *diags)
{
	struct paths names = {0};
	size_t i;
	int rc, bad = 0;

	if (depth > H1K_MAX_DEPTH) {
		h1k__diag_add(diags, dir, 0, 0, NULL,
		              "directories nest deeper than %d levels (a symbolic link loop?)",
		              H1K_MAX_DEPTH);
		return H1K_ELOAD;
	}
	rc = list_dir(dir, &names, diags);
	for (i = 0; i < names.n && rc >= 0; i++) {
		struct paths one = {0};
		struct stat st;
		size_t nl = strlen(names.v[i]);
		if (paths_add(&one, dir, names.v[i]) != H1K_OK) {
			rc = H1K_ENOMEM;
			break;
		}
		if (stat(one.v[0], &st) != 0) {
			h1k__diag_add(diags, one.v[0], 0, 0, NULL, "cannot inspect the entry: %s",
			              strerror(errno));
			bad = 1;
		} else if (S_ISDIR(st.st_mode)) {
			int r = walk(one.v[0], depth + 1, files, diags);
			if (r == H1K_ENOMEM)
				rc = r;
			else if (r != H1K_OK)
				bad = 1;
		} else if (S_ISREG(st.st_mode) && nl > 5 && strcmp(names.v[i] + nl - 5, ".json") == 0 &&
		           names.v[i][0] != '.') {
			if (paths_add(files, dir, names.v[i]) != H1K_OK)
				rc = H1K_ENOMEM;
		} else {
			h1k__diag_add(diags, one.v[0], 0, 0, NULL,
			              "not a case file: below a document directory there are only "
			              "directories and case files named *.json");
			bad = 1;
		}
		paths_free(&one);
	}
	paths_free(&names);
	if (rc < 0)
		return rc;
	return bad ? H1K_ELOAD : rc;
}

int h1k_load_dir(const char *dir, struct h1k_set *set, struct h1k_diags *diags)
{
	struct paths files = {0};
	struct stat st;
	size_t i;
	int rc = H1K_OK, bad = 0;

	if (dir == NULL || set == NULL)
		return H1K_EINVAL;
	if (stat(dir, &st) != 0) {
		h1k__diag_add(diags, dir, 0, 0, NULL, "cannot open the directory: %s", strerror(errno));
		return H1K_ELOAD;
	}
	if (!S_ISDIR(st.st_mode)) {
		h1k__diag_add(diags, dir, 0, 0, NULL, "not a directory");
		return H1K_ELOAD;
	}
	if (inside_document_dir(dir)) {
		rc = walk(dir, 0, &files, diags);
	} else {
		/* a corpus root: only its document directories hold cases */
		struct paths names = {0};
		rc = list_dir(dir, &names, diags);
		for (i = 0; i < names.n && rc == H1K_OK; i++) {
			struct paths one = {0};
			if (!is_document_dir(names.v[i], strlen(names.v[i])))
				continue;
			if (paths_add(&one, dir, names.v[i]) != H1K_OK) {
				rc = H1K_ENOMEM;
				break;
			}
			if (stat(one.v[0], &st) == 0 && S_ISDIR(st.st_mode)) {
				int r = walk(one.v[0], 1, &files, diags);
				if (r == H1K_ENOMEM)
					rc = r;
				else if (r != H1K_OK)
					bad = 1;
			}
			paths_free(&one);
		}
		paths_free(&names);
	}
	if (rc == H1K_ELOAD) {
		bad = 1;
		rc = H1K_OK;
	}
	if (files.overflow) {
		h1k__diag_add(diags, dir, 0, 0, NULL, "more than %d case files; the rest were not loaded",
		              H1K_MAX_CASES);
		bad = 1;
	}
	/* paths were collected in sorted order, so diagnostics come in a
	 * stable order too */
	for (i = 0; i < files.n && rc == H1K_OK; i++) {
		struct h1k_case *c = NULL;
		int r = h1k_load_file(files.v[i], &c, diags);
		if (r == H1K_OK) {
			rc = set_add(set, c);
			if (rc != H1K_OK)
				h1k_case_free(c);
		} else if (r == H1K_ELOAD) {
			bad = 1;
		} else {
			rc = r;
		}
	}
	if (rc == H1K_OK && files.n == 0 && !bad) {
		h1k__diag_add(diags, dir, 0, 0, NULL,
		              "no case files found (cases live in document directories like rfc9112/)");
		bad = 1;
	}
	paths_free(&files);
	if (rc != H1K_OK)
		return rc;
	rc = set_finish(set, diags);
	if (rc == H1K_ENOMEM)
		return rc;
	return rc != H1K_OK || bad ? H1K_ELOAD : H1K_OK;
}

int h1k_load_path(const char *path, struct h1k_set *set, struct h1k_diags *diags)
{
	struct h1k_case *c = NULL;
	struct stat st;
	int rc;

	if (path == NULL || set == NULL)
		return H1K_EINVAL;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return h1k_load_dir(path, set, diags);
	rc = h1k_load_file(path, &c, diags);
	if (rc != H1K_OK)
		return rc;
	rc = set_add(set, c);
	if (rc != H1K_OK) {
		h1k_case_free(c);
		return rc;
	}
	return set_finish(set, diags);
}
