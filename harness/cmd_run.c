/*
 * h1conform run: replay the case corpus against a live server and judge
 * every response.
 *
 * The options live in one table (options[] below): parsing and --help are
 * both generated from it, so they cannot disagree. The flow: parse the
 * target URL and the profile, load and select the cases (a bad case file
 * or an empty selection is a usage error, exit 2), check the target
 * answers (exit 3 if not), run the cases on worker threads, write the
 * results files through reports/, print the summary.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cases/h1k.h"
#include "harness/commands.h"
#include "harness/judge.h"
#include "harness/run.h"
#include "reports/h1r.h"

enum opt_id {
	O_CASES,
	O_SELECT,
	O_JOBS,
	O_TIMEOUT,
	O_IDLE,
	O_LINGER,
	O_CONNECT_TIMEOUT,
	O_MAX_RESPONSE,
	O_STRICT,
	O_PROFILE,
	O_NAME,
	O_INSECURE,
	O_JSON,
	O_JUNIT,
	O_HTML,
	O_BASELINE,
	O_LIST,
	O_LIST_RULES,
	O_DRY_RUN,
	O_VERBOSE,
	O_QUIET,
	O_NO_PROGRESS,
	O_HELP
};

struct option_row {
	int id;
	const char *lng;
	char shrt;
	const char *arg; /* NULL: a flag */
	const char *help;
};

static const struct option_row options[] = {
        {O_CASES, "cases", 0, "DIR", "case directory or file (default: cases)"},
        {O_SELECT, "select", 's', "EXPR", "run only matching cases; repeatable (see below)"},
        {O_JOBS, "jobs", 'j', "N", "cases run in parallel, one connection each (default 16)"},
        {O_TIMEOUT, "timeout", 0, "MS", "deadline of one case unless the case sets its own (default 10000)"},
        {O_IDLE, "idle-timeout", 0, "MS", "silence that ends a wait for a response (default 2000)"},
        {O_LINGER, "linger", 0, "MS",
         "after the last response, wait this long for more or a close (default: 4 times the "
         "server's response time, within 50..300)"},
        {O_CONNECT_TIMEOUT, "connect-timeout", 0, "MS", "TCP and TLS connection setup (default 5000)"},
        {O_MAX_RESPONSE, "max-response", 0, "BYTES",
         "bytes kept from one connection; more ends the case (default 1048576)"},
        {O_STRICT, "strict", 0, NULL, "SHOULD-level deviations (warn) fail the run"},
        {O_PROFILE, "target-profile", 'p', "FILE", "JSON description of the target's paths (see below)"},
        {O_NAME, "name", 0, "NAME", "label of the target in reports (default: the profile's name)"},
        {O_INSECURE, "insecure", 'k', NULL, "https: do not verify the certificate or host name"},
        {O_JSON, "json", 0, "FILE", "write the results (schema h1conform-results/1)"},
        {O_JUNIT, "junit", 0, "FILE", "write JUnit XML"},
        {O_HTML, "html", 0, "FILE", "write an HTML report"},
        {O_BASELINE, "baseline", 0, "FILE",
         "known deviations (schema h1conform-baseline/1): only new or changed ones fail the run"},
        {O_LIST, "list", 0, NULL, "list the selected cases and exit"},
        {O_LIST_RULES, "list-rules", 0, NULL, "list the generic rules applied to every response, and exit"},
        {O_DRY_RUN, "dry-run", 0, NULL, "show the bytes each selected case would send, and exit"},
        {O_VERBOSE, "verbose", 'v', NULL,
         "list skipped cases and findings too; twice: keep transcripts of passes"},
        {O_QUIET, "quiet", 'q', NULL, "print nothing but errors"},
        {O_NO_PROGRESS, "no-progress", 0, NULL,
         "no progress bar (it is only drawn when stderr is a terminal)"},
        {O_HELP, "help", 'h', NULL, "this text"},
};
#define NOPTIONS (sizeof(options) / sizeof(options[0]))

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: h1conform run [options] [URL]\n"
	           "\n"
	           "Send every selected case to the server at URL (default http://127.0.0.1:80/)\n"
	           "and judge its responses against RFC 9110 and RFC 9112. http:// and https://\n"
	           "are supported. Only the URL's origin and path are used.\n"
	           "\n"
	           "options:\n");
	for (i = 0; i < NOPTIONS; i++) {
		char left[64];
		const struct option_row *o = &options[i];
		if (o->shrt)
			snprintf(left, sizeof(left), "-%c, --%s%s%s", o->shrt, o->lng, o->arg ? " " : "",
			         o->arg ? o->arg : "");
		else
			snprintf(left, sizeof(left), "    --%s%s%s", o->lng, o->arg ? " " : "",
			         o->arg ? o->arg : "");
		fprintf(f, "  %-28s %s\n", left, o->help);
	}
	fprintf(f, "\n"
	           "selection (--select, comma-separated terms; a case runs when no positive term\n"
	           "is given or one matches, and no '!' term matches):\n"
	           "  PREFIX, id:PREFIX   id or id prefix at '/' boundaries; '*' and '?' are wildcards\n"
	           "  section:[DOC/]S     section S or below it (section:9112/6.3 takes 6.3 and 6.3.1)\n"
	           "  doc:DOC             the RFC (doc:9110)\n"
	           "  tag:TAG             a tag of the case (tag:smuggling)\n"
	           "  level:LEVEL         MUST, SHOULD or MAY\n"
	           "  !TERM               exclude what TERM matches\n"
	           "  example: --select 'rfc9112/6.3,tag:smuggling,!level:MAY'\n"
	           "\n"
	           "target profile (--target-profile FILE, every key optional):\n"
	           "  {\"name\": \"nginx\", \"exists\": \"/\", \"missing\": \"/nope\", \"static\": "
	           "\"/static.txt\",\n"
	           "   \"writable\": \"/upload/h1conform.txt\", \"echo\": \"/echo\"}\n"
	           "  Cases needing static (with ETag and Last-Modified), writable or echo are\n"
	           "  skipped when the profile lacks them. 'h1conform serve' has all of them:\n"
	           "  harness/servers/serve/profile.json.\n"
	           "\n"
	           "verdicts: pass; fail (a MUST violated); warn (a SHOULD not met); skip (not\n"
	           "applicable to this target); error (the tool could not judge).\n"
	           "exit status: 0 no deviation (warn only fails with --strict), 1 deviations or\n"
	           "errors, 2 usage or case-file error or nothing selected, 3 target unreachable\n"
	           "(before or during the run), 4 internal error (out of memory, an output file\n"
	           "could not be written)\n");
}

static int parse_num(const char *opt, const char *s, long long lo, long long hi, long long *out)
{
	char *end = NULL;
	long long v = strtoll(s, &end, 10);

	if (end == s || *end || v < lo || v > hi) {
		fprintf(stderr, "h1conform run: --%s: '%s' is not a number in %lld..%lld\n", opt, s, lo, hi);
		return -1;
	}
	*out = v;
	return 0;
}

struct settings {
	struct h1c_run_config cfg;
	struct h1c_selector sel;
	const char *url, *cases, *profile, *name, *json, *junit, *html, *baseline;
	int strict, list, dry_run, verbose, quiet, no_progress;
	long long connect_timeout;
};

static void list_rules(void)
{
	size_t i;

	for (i = 0; i < h1c_rule_count(); i++) {
		int level;
		const char *doc, *sec, *sum, *id = h1c_rule_info(i, &level, &doc, &sec, &sum);
		printf("%-24s %-6s %s §%-7s %s\n", id, h1c_level_name(level), doc, sec, sum);
	}
}

/* Returns -1 to continue, or an exit status. */
static int parse_args(int argc, char **argv, struct settings *st)
{
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *val = NULL;
		const struct option_row *o = NULL;
		size_t k;
		long long v;
		char err[256];

		if (a[0] != '-' || a[1] == '\0') {
			if (st->url) {
				fprintf(stderr, "h1conform run: only one URL may be given ('%s', '%s')\n",
				        st->url, a);
				return 2;
			}
			st->url = a;
			continue;
		}
		for (k = 0; k < NOPTIONS && o == NULL; k++) {
			const struct option_row *r = &options[k];
			size_t n = strlen(r->lng);
			if (a[1] == '-' && strncmp(a + 2, r->lng, n) == 0 &&
			    (a[2 + n] == '\0' || (a[2 + n] == '=' && r->arg))) {
				o = r;
				if (a[2 + n] == '=')
					val = a + 3 + n;
			} else if (a[1] != '-' && r->shrt && a[1] == r->shrt && a[2] == '\0') {
				o = r;
			}
		}
		if (o == NULL) {
			fprintf(stderr, "h1conform run: unknown option '%s' (see --help)\n", a);
			return 2;
		}
		if (o->arg && val == NULL) {
			if (i + 1 >= argc) {
				fprintf(stderr, "h1conform run: --%s needs a value (%s)\n", o->lng, o->arg);
				return 2;
			}
			val = argv[++i];
		}
		switch (o->id) {
		case O_CASES:
			st->cases = val;
			break;
		case O_SELECT:
			if (h1c_selector_add(&st->sel, val, err, sizeof(err))) {
				fprintf(stderr, "h1conform run: --select '%s': %s\n", val, err);
				return 2;
			}
			break;
		case O_JOBS:
			if (parse_num(o->lng, val, 1, 256, &v))
				return 2;
			st->cfg.jobs = (int)v;
			break;
		case O_TIMEOUT:
		case O_IDLE:
		case O_LINGER:
		case O_CONNECT_TIMEOUT:
			if (parse_num(o->lng, val, 10, 600000, &v))
				return 2;
			if (o->id == O_TIMEOUT)
				st->cfg.timeout_ms = v;
			else if (o->id == O_IDLE)
				st->cfg.idle_ms = v;
			else if (o->id == O_LINGER)
				st->cfg.linger_ms = st->cfg.linger_min_ms = v;
			else
				st->connect_timeout = v;
			break;
		case O_MAX_RESPONSE:
			if (parse_num(o->lng, val, 1024, (long long)1 << 30, &v))
				return 2;
			st->cfg.max_recv = (size_t)v;
			break;
		case O_STRICT:
			st->strict = 1;
			break;
		case O_PROFILE:
			st->profile = val;
			break;
		case O_NAME:
			st->name = val;
			break;
		case O_INSECURE:
			st->cfg.target.insecure = 1;
			break;
		case O_JSON:
			st->json = val;
			break;
		case O_JUNIT:
			st->junit = val;
			break;
		case O_HTML:
			st->html = val;
			break;
		case O_BASELINE:
			st->baseline = val;
			break;
		case O_LIST:
			st->list = 1;
			break;
		case O_LIST_RULES:
			list_rules();
			return 0;
		case O_DRY_RUN:
			st->dry_run = 1;
			break;
		case O_VERBOSE:
			st->verbose++;
			break;
		case O_QUIET:
			st->quiet = 1;
			break;
		case O_NO_PROGRESS:
			st->no_progress = 1;
			break;
		default:
			usage(stdout);
			return 0;
		}
	}
	return -1;
}

typedef int (*writer_fn)(FILE *f, const struct h1r_run *run);

static int write_json(FILE *f, const struct h1r_run *run)
{
	return h1r_run_write_json(f, run);
}

static int write_junit(FILE *f, const struct h1r_run *run)
{
	return h1r_junit_write(f, &run, 1, NULL);
}

static int write_html(FILE *f, const struct h1r_run *run)
{
	return h1r_html_write(f, &run, 1, NULL);
}

/* Write through a temporary file renamed into place, so a reader never sees half a file. */
static int write_file(const char *path, writer_fn fn, const struct h1r_run *run)
{
	char tmp[4096];
	FILE *f;
	int rc;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp%ld", path, (long)getpid()) >= sizeof(tmp)) {
		fprintf(stderr, "h1conform run: %s: path too long\n", path);
		return -1;
	}
	f = fopen(tmp, "wb");
	if (f == NULL) {
		perror(path);
		return -1;
	}
	rc = fn(f, run);
	if (fclose(f) != 0 && rc == H1R_OK)
		rc = H1R_EIO;
	if (rc != H1R_OK || rename(tmp, path) != 0) {
		fprintf(stderr, "h1conform run: cannot write %s: %s\n", path,
		        h1r_status_message(rc ? rc : H1R_EIO));
		remove(tmp);
		return -1;
	}
	return 0;
}

static void list_case(const struct h1k_case *c)
{
	printf("%-48s %-6s %s §%-8s %s\n", c->id,
	       c->requirement.level == H1K_MUST     ? "MUST"
	       : c->requirement.level == H1K_SHOULD ? "SHOULD"
	                                            : "MAY",
	       c->requirement.document, c->requirement.section, c->title);
}

static int dry_run(struct h1k_case *const *sel, size_t n, const struct h1c_run_config *cfg)
{
	struct h1c_run_env env;
	const struct h1k_profile *off = h1k_profile_offline();
	size_t i;

	/* no connection: the validators are the offline stand-ins */
	memset(&env, 0, sizeof(env));
	snprintf(env.etag, sizeof(env.etag), "%s", off->value[H1K_PH_ETAG]);
	snprintf(env.last_modified, sizeof(env.last_modified), "%s", off->value[H1K_PH_LAST_MODIFIED]);
	env.ph.value[H1K_PH_HOST] = cfg->target.host_header;
	env.ph.value[H1K_PH_PATH] = cfg->profile.exists;
	env.ph.value[H1K_PH_MISSING] = cfg->profile.missing;
	env.ph.value[H1K_PH_STATIC] = cfg->profile.static_path[0] ? cfg->profile.static_path : NULL;
	env.ph.value[H1K_PH_WRITABLE] = cfg->profile.writable[0] ? cfg->profile.writable : NULL;
	env.ph.value[H1K_PH_ECHO] = cfg->profile.echo[0] ? cfg->profile.echo : NULL;
	if (env.ph.value[H1K_PH_STATIC]) {
		env.ph.value[H1K_PH_ETAG] = env.etag;
		env.ph.value[H1K_PH_LAST_MODIFIED] = env.last_modified;
	}
	for (i = 0; i < n; i++) {
		struct h1c_buf b = {0};
		unsigned lacks = h1k_profile_lacks(&env.ph, sel[i]->needs);
		printf("%s\n", sel[i]->id);
		if (lacks) {
			printf("  (skipped: the target profile lacks a placeholder value)\n");
			continue;
		}
		if (h1c_describe_steps(sel[i], &env.ph, &b) != H1K_OK)
			printf("  (the bytes cannot be made from the profile)\n");
		else
			fwrite(b.data ? b.data : "", 1, b.len, stdout);
		b.len = 0;
		h1c_describe_outcomes(sel[i], &env.ph, &b);
		printf("  expect: %.*s\n", (int)b.len, b.data ? b.data : "");
		h1c_buf_free(&b);
	}
	return 0;
}

int h1c_cmd_run(int argc, char **argv)
{
	struct settings st;
	struct h1k_set set = {0};
	struct h1k_diags diags = {0};
	struct h1k_case **sel = NULL;
	struct h1r_run *run = NULL;
	struct h1c_run_env env;
	struct h1r_baseline *baseline = NULL;
	size_t unreachable = 0;
	char err[512], started[32];
	size_t i, n = 0;
	int rc, status = 0;
	int64_t t0;
	time_t now;
	struct tm tm;

	memset(&st, 0, sizeof(st));
	st.cfg.jobs = 16;
	st.cfg.timeout_ms = 10000;
	st.cfg.idle_ms = 2000;
	st.cfg.linger_ms = 300;
	st.cfg.linger_min_ms = 50;
	st.cfg.max_recv = (size_t)1 << 20;
	st.connect_timeout = 5000;
	st.cases = "cases";
	rc = parse_args(argc, argv, &st);
	if (rc >= 0) {
		h1c_selector_free(&st.sel);
		return rc;
	}
	{
		int insecure = st.cfg.target.insecure;
		if (h1c_target_parse(st.url ? st.url : "http://127.0.0.1:80/", &st.cfg.target, err,
		                     sizeof(err))) {
			fprintf(stderr, "h1conform run: %s\n", err);
			h1c_selector_free(&st.sel);
			return 2;
		}
		st.cfg.target.insecure = insecure;
		st.cfg.target.connect_timeout_ms = (long)st.connect_timeout;
	}
	h1c_profile_default(&st.cfg.profile, st.cfg.target.path);
	if (st.profile && h1c_profile_load(st.profile, &st.cfg.profile, err, sizeof(err))) {
		fprintf(stderr, "h1conform run: %s\n", err);
		h1c_selector_free(&st.sel);
		return 2;
	}

	if (st.baseline) {
		struct h1r_error be;
		if (h1r_baseline_load(st.baseline, &baseline, &be) != H1R_OK) {
			fprintf(stderr, "h1conform run: %s\n", be.text);
			h1c_selector_free(&st.sel);
			return be.status == H1R_ENOMEM ? 4 : 2;
		}
	}
	if (h1k_load_path(st.cases, &set, &diags) != H1K_OK) {
		for (i = 0; i < diags.n; i++)
			h1k_diag_print(stderr, &diags.v[i]);
		if (diags.dropped)
			fprintf(stderr, "h1conform run: %zu more problems not shown\n", diags.dropped);
		fprintf(stderr, "h1conform run: the cases in '%s' could not be loaded\n", st.cases);
		status = 2;
		goto out;
	}
	sel = calloc(set.n ? set.n : 1, sizeof(*sel));
	if (sel == NULL) {
		status = 4;
		goto out;
	}
	for (i = 0; i < set.n; i++)
		if (h1c_selector_match(&st.sel, set.v[i]))
			sel[n++] = set.v[i];
	if (n == 0) {
		fprintf(stderr, "h1conform run: no case selected (%zu loaded)\n", set.n);
		status = 2;
		goto out;
	}
	if (st.list) {
		for (i = 0; i < n; i++)
			list_case(sel[i]);
		goto out;
	}
	if (st.dry_run) {
		status = dry_run(sel, n, &st.cfg);
		goto out;
	}

	signal(SIGPIPE, SIG_IGN);
	if (h1c_transport_global_init()) {
		fprintf(stderr, "h1conform run: libcurl failed to initialise\n");
		status = 4;
		goto out;
	}
	rc = h1c_run_prepare(&st.cfg, &env, err, sizeof(err));
	if (rc != H1C_T_OK) {
		fprintf(stderr, "h1conform run: target unreachable: %s\n", err);
		status = rc == H1C_T_CONNECT ? 3 : 4;
		goto out_curl;
	}
	if (env.note[0] && !st.quiet)
		fprintf(stderr,
		        "h1conform run: note: %s; cases that need {etag} or {last_modified} are skipped\n",
		        env.note);

	run = h1r_run_new();
	if (run == NULL) {
		status = 4;
		goto out_curl;
	}
	now = time(NULL);
	gmtime_r(&now, &tm);
	strftime(started, sizeof(started), "%Y-%m-%dT%H:%M:%SZ", &tm);
	h1r_str_setz(&run->tool_version, H1C_VERSION);
	h1r_str_setz(&run->started, started);
	run->strict = st.strict;
	h1r_run_set_target(run, st.cfg.target.url,
	                   st.name                  ? st.name
	                   : st.cfg.profile.name[0] ? st.cfg.profile.name
	                                            : NULL);
	st.cfg.transcripts_always = st.verbose >= 2;
	st.cfg.progress = !st.quiet && !st.no_progress && isatty(2);
	t0 = h1c_now_ms();
	if (h1c_run_all(&st.cfg, &env, sel, n, run, &unreachable))
		status = 4;
	run->duration_ms = (uint64_t)(h1c_now_ms() - t0);

	if (st.json && write_file(st.json, write_json, run))
		status = 4;
	if (st.junit && write_file(st.junit, write_junit, run))
		status = 4;
	if (st.html && write_file(st.html, write_html, run))
		status = 4;
	if (!st.quiet) {
		struct h1r_term_options to;
		memset(&to, 0, sizeof(to));
		to.color = h1r_term_color_wanted(stdout);
		to.verbose = st.verbose > 0;
		h1r_term_write(stdout, run, &to);
		fflush(stdout);
	}
	if (baseline) {
		/* only deviations the baseline does not know fail the run */
		struct h1r_baseline_result br;
		if (h1r_baseline_apply(run, baseline, &br) != H1R_OK) {
			status = 4;
		} else {
			if (!st.quiet) {
				struct h1r_term_options to;
				memset(&to, 0, sizeof(to));
				to.color = h1r_term_color_wanted(stdout);
				to.verbose = st.verbose > 0;
				h1r_term_write_baseline(stdout, &br, &to);
			}
			if (status == 0 && br.should_fail)
				status = 1;
			h1r_baseline_result_free(&br);
		}
	} else if (status == 0 && h1r_run_deviates(run)) {
		status = 1;
	}
	if (unreachable && status != 4) {
		/* the target stopped answering during the run: say so, not "deviations" */
		fprintf(stderr, "h1conform run: %zu case%s could not connect to the target (verdict error)\n",
		        unreachable, unreachable == 1 ? "" : "s");
		status = 3;
	}
out_curl:
	h1c_transport_global_cleanup();
out:
	h1r_run_free(run);
	h1r_baseline_free(baseline);
	free(sel);
	h1k_set_free(&set);
	h1k_diags_free(&diags);
	h1c_selector_free(&st.sel);
	return status;
}
