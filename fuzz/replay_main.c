/*
 * A standalone main() for the fuzz targets, so that corpora and regression
 * inputs replay without libFuzzer (with gcc, under any sanitizer, in a
 * debugger). Each argument is a file, or a directory whose regular files
 * are run in name order (deterministic output); arguments starting with '-'
 * are libFuzzer options and are ignored, so the binary can stand in for a
 * fuzzer in scripts. An oracle failure aborts, as under libFuzzer.
 *
 * exit status: 0 every input ran, 2 an input could not be read.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

static unsigned long ran;

/* Read a whole file into a buffer of exactly its size (so that reads past
 * the end are caught by ASan). Returns 0 or -1. */
static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *data = NULL;
	size_t len = 0, cap = 0;

	if (f == NULL) {
		fprintf(stderr, "replay: cannot open %s\n", path);
		return -1;
	}
	for (;;) {
		size_t got;
		if (len == cap) {
			uint8_t *nd;
			cap = cap ? cap * 2 : 4096;
			nd = realloc(data, cap);
			if (nd == NULL) {
				fclose(f);
				free(data);
				fprintf(stderr, "replay: out of memory for %s\n", path);
				return -1;
			}
			data = nd;
		}
		got = fread(data + len, 1, cap - len, f);
		len += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		fclose(f);
		free(data);
		fprintf(stderr, "replay: cannot read %s\n", path);
		return -1;
	}
	fclose(f);
	{
		uint8_t *exact = malloc(len ? len : 1);
		if (exact == NULL) {
			free(data);
			return -1;
		}
		if (len)
			memcpy(exact, data, len);
		free(data);
		LLVMFuzzerTestOneInput(exact, len);
		free(exact);
	}
	ran++;
	return 0;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	int rc = 0;

	if (d == NULL) {
		fprintf(stderr, "replay: cannot open directory %s\n", dir);
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			char **nn;
			cap = cap ? cap * 2 : 64;
			nn = realloc(names, cap * sizeof(*names));
			if (nn == NULL) {
				rc = -1;
				break;
			}
			names = nn;
		}
		names[n] = strdup(e->d_name);
		if (names[n] == NULL) {
			rc = -1;
			break;
		}
		n++;
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), cmp_names);
	for (i = 0; i < n; i++) {
		size_t len = strlen(dir) + strlen(names[i]) + 2;
		char *path = malloc(len);
		struct stat st;
		if (path == NULL) {
			rc = -1;
			break;
		}
		snprintf(path, len, "%s/%s", dir, names[i]);
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && run_file(path) != 0)
			rc = -1;
		free(path);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

int main(int argc, char **argv)
{
	int i, rc = 0;

	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	for (i = 1; i < argc; i++) {
		struct stat st;
		if (argv[i][0] == '-')
			continue;
		if (stat(argv[i], &st) != 0) {
			fprintf(stderr, "replay: no such file or directory: %s\n", argv[i]);
			rc = 2;
			continue;
		}
		if ((S_ISDIR(st.st_mode) ? run_dir(argv[i]) : run_file(argv[i])) != 0)
			rc = 2;
	}
	printf("replay: %lu inputs ran\n", ran);
	return rc;
}
