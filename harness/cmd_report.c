/*
 * h1conform report: render one or more results files (h1conform-results/1)
 * as HTML (one run, or a matrix of runs), JUnit XML and a terminal summary,
 * and optionally gate them against a baseline of known deviations.
 *
 * This command only reads results JSON and calls reports/; it never runs a
 * case, so it renders files made elsewhere or by older versions. Output
 * files are written to "<file>.tmp" and renamed into place, so a failed
 * write never leaves a half report where a CI expects a whole one (devices,
 * FIFOs and symlinks are written in place: see open_out).
 *
 * Exit status: 0 written; 1 new deviations against --baseline; 2 usage
 * error or an unreadable/invalid input file; 4 an output could not be
 * written.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "harness/commands.h"
#include "reports/h1r.h"

#define MAX_RUNS 64

enum opt_id {
	OPT_OUTPUT,
	OPT_JUNIT,
	OPT_TITLE,
	OPT_BASELINE,
	OPT_COLOR,
	OPT_QUIET,
	OPT_VERBOSE,
	OPT_HELP,
	OPT_COUNT
};

/* The option table: parsing and --help both come from it. */
static const struct {
	char shortname;
	const char *longname;
	const char *arg;
	const char *help;
} options[OPT_COUNT] = {
        [OPT_OUTPUT] = {'o', "output", "FILE", "write the HTML report to FILE ('-': standard output)"},
        [OPT_JUNIT] = {0, "junit", "FILE", "write JUnit XML to FILE ('-': standard output)"},
        [OPT_TITLE] = {0, "title", "TEXT", "title of the HTML report"},
        [OPT_BASELINE] = {0, "baseline", "FILE",
                          "compare each run with the known deviations in FILE;\n"
                          "                        exit 1 when a run has new ones"},
        [OPT_COLOR] = {0, "color", "WHEN", "colour the summary: auto (default), always, never"},
        [OPT_QUIET] = {'q', "quiet", NULL, "print no terminal summary"},
        [OPT_VERBOSE] = {'v', "verbose", NULL, "also show expected/actual, findings and skipped cases"},
        [OPT_HELP] = {'h', "help", NULL, "show this help and exit"},
};

static void usage(FILE *out)
{
	size_t i;

	fputs("usage: h1conform report [options] RESULTS.json [MORE.json ...]\n\n"
	      "Render h1conform results files. With one file the HTML report covers that run;\n"
	      "with several it is a matrix with one column per file, in the order given.\n"
	      "A terminal summary of each run is printed unless --quiet.\n\noptions:\n",
	      out);
	for (i = 0; i < OPT_COUNT; i++) {
		char left[40];
		if (options[i].shortname)
			snprintf(left, sizeof(left), "-%c, --%s%s%s", options[i].shortname,
			         options[i].longname, options[i].arg ? " " : "",
			         options[i].arg ? options[i].arg : "");
		else
			snprintf(left, sizeof(left), "    --%s%s%s", options[i].longname,
			         options[i].arg ? " " : "", options[i].arg ? options[i].arg : "");
		fprintf(out, "  %-22s%s\n", left, options[i].help);
	}
	fprintf(out,
	        "\nAt most %d results files. Exit status: 0 written, 1 new deviations against\n"
	        "--baseline, 2 usage or input-file error, 4 an output could not be written.\n",
	        MAX_RUNS);
}

#if defined(__GNUC__) || defined(__clang__)
__attribute__((format(printf, 1, 2)))
#endif
static int
usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("h1conform report: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nTry 'h1conform report --help'.\n", stderr);
	return 2;
}

struct args {
	const char *value[OPT_COUNT];
	int set[OPT_COUNT];
	char **files;
	size_t n_files;
};

static int find_long(const char *name, size_t len)
{
	int i;

	for (i = 0; i < OPT_COUNT; i++)
		if (strlen(options[i].longname) == len && memcmp(options[i].longname, name, len) == 0)
			return i;
	return -1;
}

static int find_short(char c)
{
	int i;

	for (i = 0; i < OPT_COUNT; i++)
		if (options[i].shortname == c)
			return i;
	return -1;
}

/* Parse argv[1..argc); returns 0, or an exit status to return at once. */
static int parse_args(int argc, char **argv, struct args *a)
{
	int i, only_files = 0;

	memset(a, 0, sizeof(*a));
	a->files = calloc((size_t)argc, sizeof(*a->files));
	if (a->files == NULL) {
		fputs("h1conform report: out of memory\n", stderr);
		return 4;
	}
	for (i = 1; i < argc; i++) {
		const char *arg = argv[i], *value = NULL;
		int id;
		if (only_files || arg[0] != '-' || arg[1] == '\0') {
			a->files[a->n_files++] = argv[i];
			continue;
		}
		if (strcmp(arg, "--") == 0) {
			only_files = 1;
			continue;
		}
		if (arg[1] == '-') {
			const char *eq = strchr(arg + 2, '=');
			size_t len = eq ? (size_t)(eq - arg - 2) : strlen(arg + 2);
			id = find_long(arg + 2, len);
			if (id < 0)
				return usage_error("unknown option '%s'", arg);
			if (eq != NULL) {
				if (options[id].arg == NULL)
					return usage_error("option '--%s' takes no value",
					                   options[id].longname);
				value = eq + 1;
			}
		} else {
			id = find_short(arg[1]);
			if (id < 0)
				return usage_error("unknown option '%s'", arg);
			if (arg[2] != '\0') {
				if (options[id].arg == NULL)
					return usage_error("option '%s' takes no value", arg);
				value = arg + 2;
			}
		}
		if (options[id].arg != NULL && value == NULL) {
			if (i + 1 >= argc)
				return usage_error("option '--%s' needs a value", options[id].longname);
			value = argv[++i];
		}
		a->set[id] = 1;
		a->value[id] = value;
	}
	return 0;
}

/*
 * Open path for writing: standard output for "-"; a new or regular file
 * through "<path>.tmp" (renamed into place by close_out); anything else (a
 * device such as /dev/null, a FIFO, a symlink) in place, because renaming
 * over it would replace the device or the link itself.
 */
static FILE *open_out(const char *path, char **tmp)
{
	size_t n = strlen(path);
	struct stat st;

	*tmp = NULL;
	if (strcmp(path, "-") == 0)
		return stdout;
	if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode))
		return fopen(path, "wb");
	*tmp = malloc(n + 5);
	if (*tmp == NULL)
		return NULL;
	memcpy(*tmp, path, n);
	memcpy(*tmp + n, ".tmp", 5);
	return fopen(*tmp, "wb");
}

/* Close and move into place; 0 or exit status 4 with a message. */
static int close_out(FILE *f, const char *path, char *tmp, int st)
{
	int err = 0;

	if (f == stdout) {
		if (st != H1R_OK || fflush(stdout) != 0)
			err = 1;
	} else if (tmp == NULL) {
		if (fclose(f) != 0 || st != H1R_OK)
			err = 1;
	} else {
		if (fclose(f) != 0)
			err = 1;
		if (st != H1R_OK || err || rename(tmp, path) != 0) {
			err = 1;
			remove(tmp);
		}
	}
	free(tmp);
	if (err) {
		fprintf(stderr, "h1conform report: cannot write %s: %s\n", path,
		        st != H1R_OK ? h1r_status_message(st) : strerror(errno));
		return 4;
	}
	return 0;
}

static int write_html(const char *path, const struct h1r_run *const *runs, size_t n, const char *title)
{
	struct h1r_html_options opt;
	char *tmp;
	FILE *f = open_out(path, &tmp);

	if (f == NULL) {
		fprintf(stderr, "h1conform report: cannot create %s: %s\n", path, strerror(errno));
		free(tmp);
		return 4;
	}
	memset(&opt, 0, sizeof(opt));
	opt.title = title;
	return close_out(f, path, tmp, h1r_html_write(f, runs, n, &opt));
}

static int write_junit(const char *path, const struct h1r_run *const *runs, size_t n)
{
	char *tmp;
	FILE *f = open_out(path, &tmp);

	if (f == NULL) {
		fprintf(stderr, "h1conform report: cannot create %s: %s\n", path, strerror(errno));
		free(tmp);
		return 4;
	}
	return close_out(f, path, tmp, h1r_junit_write(f, runs, n, NULL));
}

static int color_choice(const char *when, FILE *out, int *color)
{
	if (when == NULL || strcmp(when, "auto") == 0)
		*color = h1r_term_color_wanted(out);
	else if (strcmp(when, "always") == 0)
		*color = 1;
	else if (strcmp(when, "never") == 0)
		*color = 0;
	else
		return usage_error("--color must be auto, always or never, not '%s'", when);
	return 0;
}

int h1c_cmd_report(int argc, char **argv)
{
	struct args a;
	struct h1r_run *runs[MAX_RUNS];
	struct h1r_baseline *baseline = NULL;
	struct h1r_term_options topt;
	struct h1r_error err;
	FILE *term;
	size_t i;
	int rc, st;

	memset(runs, 0, sizeof(runs));
	rc = parse_args(argc, argv, &a);
	if (rc != 0)
		goto out;
	if (a.set[OPT_HELP]) {
		usage(stdout);
		goto out;
	}
	if (a.n_files == 0) {
		rc = usage_error("%s", "no results file given");
		goto out;
	}
	if (a.n_files > MAX_RUNS) {
		fprintf(stderr, "h1conform report: %zu results files given; at most %d fit a matrix\n",
		        a.n_files, MAX_RUNS);
		rc = 2;
		goto out;
	}
	if ((a.set[OPT_OUTPUT] && a.value[OPT_OUTPUT][0] == '\0') ||
	    (a.set[OPT_JUNIT] && a.value[OPT_JUNIT][0] == '\0') ||
	    (a.set[OPT_BASELINE] && a.value[OPT_BASELINE][0] == '\0')) {
		rc = usage_error("%s", "an empty file name was given");
		goto out;
	}
	/* Reports going to standard output push the summary to standard error. */
	term = (a.set[OPT_OUTPUT] && strcmp(a.value[OPT_OUTPUT], "-") == 0) ||
	                       (a.set[OPT_JUNIT] && strcmp(a.value[OPT_JUNIT], "-") == 0)
	               ? stderr
	               : stdout;
	memset(&topt, 0, sizeof(topt));
	topt.verbose = a.set[OPT_VERBOSE];
	if ((rc = color_choice(a.value[OPT_COLOR], term, &topt.color)) != 0)
		goto out;

	for (i = 0; i < a.n_files; i++) {
		st = h1r_run_load_json(a.files[i], &runs[i], &err);
		if (st != H1R_OK) {
			fprintf(stderr, "h1conform report: %s\n", err.text);
			rc = 2;
			goto out;
		}
	}
	if (a.set[OPT_BASELINE]) {
		st = h1r_baseline_load(a.value[OPT_BASELINE], &baseline, &err);
		if (st != H1R_OK) {
			fprintf(stderr, "h1conform report: %s\n", err.text);
			rc = 2;
			goto out;
		}
	}
	if (a.set[OPT_OUTPUT] && (rc = write_html(a.value[OPT_OUTPUT], (const struct h1r_run *const *)runs,
	                                          a.n_files, a.value[OPT_TITLE])) != 0)
		goto out;
	if (a.set[OPT_JUNIT] &&
	    (rc = write_junit(a.value[OPT_JUNIT], (const struct h1r_run *const *)runs, a.n_files)) != 0)
		goto out;
	for (i = 0; i < a.n_files; i++) {
		if (!a.set[OPT_QUIET]) {
			if (i > 0)
				fputc('\n', term);
			h1r_term_write(term, runs[i], &topt);
		}
		if (baseline != NULL) {
			struct h1r_baseline_result br;
			if (h1r_baseline_apply(runs[i], baseline, &br) != H1R_OK) {
				fputs("h1conform report: out of memory\n", stderr);
				rc = 4;
				goto out;
			}
			if (!a.set[OPT_QUIET])
				h1r_term_write_baseline(term, &br, &topt);
			if (br.should_fail)
				rc = 1;
			h1r_baseline_result_free(&br);
		}
	}
out:
	for (i = 0; i < MAX_RUNS; i++)
		h1r_run_free(runs[i]);
	h1r_baseline_free(baseline);
	free(a.files);
	return rc;
}
