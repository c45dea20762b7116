/*
 * JUnit XML, as read by Jenkins, GitLab, GitHub test reporters and Ant:
 * <testsuites> holding one <testsuite> per run and RFC section, each holding
 * one <testcase> per case. The verdict mapping is documented in h1r.h; the
 * short version: fail is a failure, error an error, skip skipped, and warn a
 * pass with a note unless the run was strict (then a failure, so that CI
 * agrees with the run's exit status).
 *
 * CI systems track a test by classname + name across builds, so both come
 * from stable data: name is the case id, classname is built from document
 * and section only, restricted to [a-z0-9_.] so tools that split on dots
 * show "rfc9112" > "section_6_3". Titles and other prose go in the bodies.
 *
 * All data passes through h1r__put_text/h1r__put_bytes in XML mode; this
 * file writes markup and nothing else raw.
 */
#include <string.h>

#include "reports/h1r_internal.h"

#define DEFAULT_TRANSCRIPT_LIMIT ((size_t)64 << 10)
#define MESSAGE_LIMIT            500

struct jctx {
	FILE *f;
	const struct h1r_run *run;
	int several; /* more than one run in the file */
	size_t limit;
};

/* Lower-case letters and digits of s (spaces dropped, others as '_'); empty: "unknown". */
static void put_slug(FILE *f, const struct h1r_str *s, size_t max)
{
	const char *p = h1r__s(s);
	size_t i, n = s->ptr ? s->len : 0, out = 0;

	for (i = 0; i < n && out < max; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c == ' ')
			continue;
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
			c = '_';
		fputc(c, f);
		out++;
	}
	if (out == 0)
		fputs("unknown", f);
}

static void put_classname(struct jctx *x, const struct h1r_case *c)
{
	if (x->several) {
		struct h1r_str label = h1r__label(x->run);
		put_slug(x->f, &label, 48);
		fputc('.', x->f);
	}
	put_slug(x->f, &c->document, 32);
	fputs(".section_", x->f);
	put_slug(x->f, &c->section, 32);
}

static void attr_str(FILE *f, const char *name, const struct h1r_str *s, size_t limit)
{
	fprintf(f, " %s=\"", name);
	h1r__put_str(f, H1R__XML, s, limit);
	fputc('"', f);
}

/* "YYYY-MM-DDTHH:MM:SS" at the start of s, the form Ant's timestamp takes. */
static int has_iso_prefix(const struct h1r_str *s)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:dd";
	size_t i;

	if (s->ptr == NULL || s->len < sizeof(shape) - 1)
		return 0;
	for (i = 0; i < sizeof(shape) - 1; i++) {
		char c = s->ptr[i];
		if (shape[i] == 'd' ? (c < '0' || c > '9') : c != shape[i])
			return 0;
	}
	return 1;
}

static int is_failure(const struct jctx *x, const struct h1r_case *c)
{
	return c->verdict == H1R_FAIL || (c->verdict == H1R_WARN && x->run->strict);
}

static void put_findings(struct jctx *x, const struct h1r_case *c)
{
	size_t i;

	if (c->n_findings == 0)
		return;
	fputs("Findings in the responses:\n", x->f);
	for (i = 0; i < c->n_findings; i++) {
		const struct h1r_finding *fd = &c->findings[i];
		fprintf(x->f, "  %s ", h1r_level_name(fd->level));
		h1r__put_str(x->f, H1R__XML, &fd->rule, 80);
		fputs(" (", x->f);
		h1r__put_group(x->f, H1R__XML, &fd->document, &fd->section);
		fputs("): ", x->f);
		h1r__put_str(x->f, H1R__XML, &fd->message, 400);
		fputc('\n', x->f);
	}
}

static void put_transcript(struct jctx *x, const struct h1r_case *c)
{
	size_t budget = x->limit, i;

	if (c->n_transcript == 0)
		return;
	fputs("Transcript (raw bytes; \\r \\n \\t \\xNN mark non-printable octets):\n", x->f);
	for (i = 0; i < c->n_transcript; i++) {
		const struct h1r_chunk *ch = &c->transcript[i];
		size_t shown;
		fprintf(x->f, "--- %s at %llu ms, %zu bytes%s\n", h1r_dir_name(ch->dir),
		        (unsigned long long)ch->t_ms, ch->data.len,
		        ch->truncated ? " (capture truncated)" : "");
		if (budget == 0) {
			fputs("(not shown: transcript limit reached)\n", x->f);
			continue;
		}
		if (ch->dir == H1R_EVENT)
			shown = h1r__put_text(x->f, H1R__XML, (const char *)ch->data.ptr, ch->data.len,
			                      budget);
		else
			shown = h1r__put_bytes(x->f, H1R__XML, ch->data.ptr, ch->data.len, budget);
		budget -= shown < budget ? shown : budget;
		if (shown < ch->data.len)
			fprintf(x->f, "\n(%zu more bytes not shown; the results JSON has them all)\n",
			        ch->data.len - shown);
		else if (shown == 0 || ch->data.ptr[shown - 1] != '\n')
			fputc('\n', x->f); /* h1r__put_bytes already broke the line after an LF */
	}
}

/* The body shared by failure, error and system-out: the case in prose, then the exchange. */
static void put_body(struct jctx *x, const struct h1r_case *c, const char *lead)
{
	char url[200];

	if (lead)
		fputs(lead, x->f);
	h1r__put_str(x->f, H1R__XML, &c->title, 400);
	fprintf(x->f, "\nRequirement (%s, ", h1r_level_name(c->level));
	h1r__put_group(x->f, H1R__XML, &c->document, &c->section);
	fputs("): ", x->f);
	h1r__put_str(x->f, H1R__XML, &c->requirement, 1000);
	fputc('\n', x->f);
	if (h1r__rfc_url(&c->document, &c->section, url, sizeof(url)))
		fprintf(x->f, "See %s\n", url);
	fputs("Expected: ", x->f);
	h1r__put_str(x->f, H1R__XML, &c->expected, 1000);
	fputs("\nActual: ", x->f);
	h1r__put_str(x->f, H1R__XML, &c->actual, 1000);
	fputs("\nReason: ", x->f);
	h1r__put_str(x->f, H1R__XML, &c->message, 1000);
	fputc('\n', x->f);
	put_findings(x, c);
	put_transcript(x, c);
}

static void put_message_attr(struct jctx *x, const struct h1r_case *c)
{
	const struct h1r_str *m = c->message.len ? &c->message : &c->actual;

	attr_str(x->f, "message", m, MESSAGE_LIMIT);
}

static void put_testcase(struct jctx *x, const struct h1r_case *c)
{
	FILE *f = x->f;

	fputs("    <testcase", f);
	attr_str(f, "name", &c->id, 0);
	fputs(" classname=\"", f);
	put_classname(x, c);
	fputs("\" time=\"", f);
	h1r__put_seconds(f, c->duration_ms);
	fputs("\">\n", f);
	switch (c->verdict) {
	case H1R_FAIL:
	case H1R_WARN:
		if (is_failure(x, c)) {
			fprintf(f, "      <failure type=\"%s\"", h1r_verdict_name(c->verdict));
			put_message_attr(x, c);
			fputs(">", f);
			put_body(x, c, c->verdict == H1R_WARN ? "WARN (strict run): " : "FAIL: ");
			fputs("</failure>\n", f);
		} else {
			fputs("      <system-out>", f);
			put_body(x, c,
			         "WARN: a SHOULD-level requirement is not met; this passes unless "
			         "the run is strict.\n");
			fputs("</system-out>\n", f);
		}
		break;
	case H1R_ERROR:
		fputs("      <error type=\"error\"", f);
		put_message_attr(x, c);
		fputs(">", f);
		put_body(x, c, "ERROR (the tool could not judge this case): ");
		fputs("</error>\n", f);
		break;
	case H1R_SKIP:
		fputs("      <skipped", f);
		put_message_attr(x, c);
		fputs("/>\n", f);
		break;
	case H1R_PASS:
		if (c->n_findings > 0) {
			fputs("      <system-out>", f);
			put_findings(x, c);
			fputs("</system-out>\n", f);
		}
		break;
	}
	fputs("    </testcase>\n", f);
}

struct counts {
	size_t tests, failures, errors, skipped;
	uint64_t ms;
};

static void count_case(const struct jctx *x, const struct h1r_case *c, struct counts *n)
{
	n->tests++;
	if (is_failure(x, c))
		n->failures++;
	else if (c->verdict == H1R_ERROR)
		n->errors++;
	else if (c->verdict == H1R_SKIP)
		n->skipped++;
	n->ms += c->duration_ms;
}

static void put_counts(FILE *f, const struct counts *n)
{
	fprintf(f, " tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\" time=\"", n->tests,
	        n->failures, n->errors, n->skipped);
	h1r__put_seconds(f, n->ms);
	fputc('"', f);
}

static void put_suite(struct jctx *x, const struct h1r__table *t, size_t from, size_t to, size_t suite_id)
{
	const struct h1r_case *first = t->rows[from].first;
	struct h1r_str label = h1r__label(x->run);
	struct counts n;
	char url[200];
	size_t i;
	FILE *f = x->f;

	memset(&n, 0, sizeof(n));
	for (i = from; i < to; i++)
		count_case(x, t->rows[i].cells[0], &n);
	fputs("  <testsuite name=\"", f);
	if (x->several) {
		h1r__put_str(f, H1R__XML, &label, 80);
		fputs(": ", f);
	}
	h1r__put_group(f, H1R__XML, &first->document, &first->section);
	fputc('"', f);
	put_counts(f, &n);
	fprintf(f, " id=\"%zu\"", suite_id);
	attr_str(f, "package", &label, 80);
	if (has_iso_prefix(&x->run->started))
		fprintf(f, " timestamp=\"%.19s\"", x->run->started.ptr);
	fputs(">\n    <properties>\n", f);
	fputs("      <property name=\"target.url\"", f);
	attr_str(f, "value", &x->run->target_url, 400);
	fputs("/>\n", f);
	if (x->run->target_name.ptr) {
		fputs("      <property name=\"target.name\"", f);
		attr_str(f, "value", &x->run->target_name, 400);
		fputs("/>\n", f);
	}
	fputs("      <property name=\"tool\" value=\"", f);
	h1r__put_str(f, H1R__XML, &x->run->tool_name, 80);
	fputc(' ', f);
	h1r__put_str(f, H1R__XML, &x->run->tool_version, 80);
	fputs("\"/>\n", f);
	fprintf(f, "      <property name=\"strict\" value=\"%s\"/>\n", x->run->strict ? "true" : "false");
	if (h1r__rfc_url(&first->document, &first->section, url, sizeof(url)))
		fprintf(f, "      <property name=\"specification\" value=\"%s\"/>\n", url);
	fputs("    </properties>\n", f);
	for (i = from; i < to; i++)
		put_testcase(x, t->rows[i].cells[0]);
	fputs("  </testsuite>\n", f);
}

int h1r_junit_write(FILE *out, const struct h1r_run *const *runs, size_t n_runs,
                    const struct h1r_junit_options *opt)
{
	struct jctx x;
	struct counts all;
	size_t r, i, suite_id = 0;

	memset(&x, 0, sizeof(x));
	memset(&all, 0, sizeof(all));
	x.f = out;
	x.several = n_runs > 1;
	x.limit = opt && opt->transcript_limit ? opt->transcript_limit : DEFAULT_TRANSCRIPT_LIMIT;
	for (r = 0; r < n_runs; r++) {
		x.run = runs[r];
		for (i = 0; i < runs[r]->n_cases; i++)
			count_case(&x, runs[r]->cases[i], &all);
	}
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"h1conform\"", out);
	put_counts(out, &all);
	fputs(">\n", out);
	for (r = 0; r < n_runs; r++) {
		struct h1r__table t;
		size_t from = 0;
		x.run = runs[r];
		if (h1r__table_build(&t, &runs[r], 1) != H1R_OK)
			return H1R_ENOMEM;
		for (i = 1; i <= t.n_rows; i++) {
			if (i < t.n_rows && h1r__same_group(t.rows[i].first, t.rows[from].first))
				continue;
			put_suite(&x, &t, from, i, suite_id++);
			from = i;
		}
		h1r__table_free(&t);
	}
	fputs("</testsuites>\n", out);
	return h1r__finish(out);
}
