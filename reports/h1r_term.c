/*
 * Terminal output: a short summary a person reads after a run, grouped by
 * RFC section, with the failing cases and one line of reason each.
 *
 * A terminal interprets bytes (ESC starts a control sequence that can
 * rewrite the screen, set the window title or worse), so every string from
 * the data goes through h1r__put_text in TERM mode, which lets through only
 * printable text; the only escape sequences written are the colour codes
 * below, and only when colour is on. Lines are cut so that one hostile field
 * cannot flood the screen.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "reports/h1r_internal.h"

#define REASON_LIMIT 200

/* SGR sequences per verdict: pass green, fail bold red, warn yellow, skip dim, error magenta. */
static const char *const verdict_sgr[H1R_VERDICT_COUNT] = {"\033[32m", "\033[1;31m", "\033[33m", "\033[2m",
                                                           "\033[35m"};
static const char *const verdict_label[H1R_VERDICT_COUNT] = {"PASS", "FAIL", "WARN", "SKIP", "ERROR"};

struct tctx {
	FILE *f;
	int color;
	int verbose;
};

static void sgr(const struct tctx *x, const char *seq)
{
	if (x->color)
		fputs(seq, x->f);
}

static void put_verdict(const struct tctx *x, enum h1r_verdict v, int pad)
{
	v = (enum h1r_verdict)h1r__vi(v);
	sgr(x, verdict_sgr[v]);
	fprintf(x->f, pad ? "%-5s" : "%s", verdict_label[v]);
	sgr(x, "\033[0m");
}

int h1r_term_color_wanted(FILE *out)
{
	const char *no_color = getenv("NO_COLOR");
	const char *term = getenv("TERM");

	/* https://no-color.org: present and not empty disables colour. */
	if (no_color != NULL && no_color[0] != '\0')
		return 0;
	if (term != NULL && strcmp(term, "dumb") == 0)
		return 0;
	return isatty(fileno(out)) ? 1 : 0;
}

static void put_counts(const struct tctx *x, const size_t *count)
{
	size_t v;
	int any = 0;

	for (v = 0; v < H1R_VERDICT_COUNT; v++) {
		if (count[v] == 0)
			continue;
		fprintf(x->f, "%s%zu ", any ? ", " : "", count[v]);
		sgr(x, verdict_sgr[v]);
		fputs(h1r_verdict_name((enum h1r_verdict)v), x->f);
		sgr(x, "\033[0m");
		any = 1;
	}
	if (!any)
		fputs("no cases", x->f);
}

static void put_case_line(const struct tctx *x, const struct h1r_case *c)
{
	const struct h1r_str *why = c->message.len ? &c->message : &c->actual;

	fputs("  ", x->f);
	put_verdict(x, c->verdict, 1);
	fprintf(x->f, " %-6s ", h1r_level_name(c->level));
	h1r__put_str(x->f, H1R__TERM, &c->id, 120);
	if (why->len) {
		fputs(": ", x->f);
		h1r__put_str(x->f, H1R__TERM, why, REASON_LIMIT);
	}
	fputc('\n', x->f);
	if (x->verbose) {
		size_t i;
		fputs("         expected: ", x->f);
		h1r__put_str(x->f, H1R__TERM, &c->expected, REASON_LIMIT);
		fputs("\n         actual:   ", x->f);
		h1r__put_str(x->f, H1R__TERM, &c->actual, REASON_LIMIT);
		fputc('\n', x->f);
		for (i = 0; i < c->n_findings; i++) {
			fputs("         finding:  ", x->f);
			h1r__put_str(x->f, H1R__TERM, &c->findings[i].rule, 80);
			fputs(": ", x->f);
			h1r__put_str(x->f, H1R__TERM, &c->findings[i].message, REASON_LIMIT);
			fputc('\n', x->f);
		}
	}
}

int h1r_term_write(FILE *out, const struct h1r_run *run, const struct h1r_term_options *opt)
{
	struct tctx x = {out, opt ? opt->color : 0, opt ? opt->verbose : 0};
	struct h1r_str label = h1r__label(run);
	struct h1r_summary sum;
	struct h1r__table t;
	size_t from = 0, i, j;
	const struct h1r_run *one[1];

	one[0] = run;
	if (h1r__table_build(&t, one, 1) != H1R_OK)
		return H1R_ENOMEM;
	sgr(&x, "\033[1m");
	h1r__put_str(out, H1R__TERM, &run->tool_name, 40);
	fputc(' ', out);
	h1r__put_str(out, H1R__TERM, &run->tool_version, 40);
	fputs(" against ", out);
	h1r__put_str(out, H1R__TERM, &label, 80);
	sgr(&x, "\033[0m");
	if (run->target_name.len && run->target_url.len) {
		fputs(" <", out);
		h1r__put_str(out, H1R__TERM, &run->target_url, 200);
		fputc('>', out);
	}
	fputs("\nstarted ", out);
	h1r__put_str(out, H1R__TERM, &run->started, 40);
	fputs(", took ", out);
	h1r__put_seconds(out, run->duration_ms);
	fprintf(out, " s%s\n\n", run->strict ? ", strict (SHOULD failures fail)" : "");

	for (i = 1; i <= t.n_rows; i++) {
		size_t count[H1R_VERDICT_COUNT] = {0};
		if (i < t.n_rows && h1r__same_group(t.rows[i].first, t.rows[from].first))
			continue;
		for (j = from; j < i; j++)
			count[h1r__vi(t.rows[j].cells[0]->verdict)]++;
		sgr(&x, "\033[1m");
		h1r__put_group(out, H1R__TERM, &t.rows[from].first->document, &t.rows[from].first->section);
		sgr(&x, "\033[0m");
		fputs(": ", out);
		put_counts(&x, count);
		fputc('\n', out);
		for (j = from; j < i; j++) {
			const struct h1r_case *c = t.rows[j].cells[0];
			if (c->verdict == H1R_FAIL || c->verdict == H1R_WARN || c->verdict == H1R_ERROR ||
			    (x.verbose && h1r__case_notable(c)))
				put_case_line(&x, c);
		}
		from = i;
	}
	h1r__table_free(&t);

	h1r_run_summarize(run, &sum);
	fprintf(out, "\n%zu case%s: ", sum.total, sum.total == 1 ? "" : "s");
	for (i = 0; i < H1R_VERDICT_COUNT; i++) {
		fprintf(out, "%s%zu ", i ? ", " : "", sum.count[i]);
		sgr(&x, verdict_sgr[i]);
		fputs(h1r_verdict_name((enum h1r_verdict)i), out);
		sgr(&x, "\033[0m");
	}
	fputs(h1r_run_deviates(run) ? " -- deviations found\n" : " -- conforming\n", out);
	return h1r__finish(out);
}

static const char *const delta_label[] = {"NEW", "CHANGED", "FIXED", "KNOWN", "NOT RUN"};

int h1r_term_write_baseline(FILE *out, const struct h1r_baseline_result *r,
                            const struct h1r_term_options *opt)
{
	struct tctx x = {out, opt ? opt->color : 0, opt ? opt->verbose : 0};
	size_t i;

	fprintf(out, "baseline: %zu new, %zu changed, %zu fixed, %zu known, %zu not run\n",
	        r->count[H1R_DELTA_NEW], r->count[H1R_DELTA_CHANGED], r->count[H1R_DELTA_FIXED],
	        r->count[H1R_DELTA_KNOWN], r->count[H1R_DELTA_NOT_RUN]);
	for (i = 0; i < r->n_items; i++) {
		const struct h1r_delta *d = &r->items[i];
		if (d->kind == H1R_DELTA_KNOWN || (d->kind == H1R_DELTA_NOT_RUN && !x.verbose))
			continue;
		fprintf(out, "  %-8s ", delta_label[d->kind]);
		if (d->c != NULL)
			put_verdict(&x, d->c->verdict, 1);
		else
			fputs("-    ", out);
		fputc(' ', out);
		h1r__put_str(out, H1R__TERM, d->id, 120);
		if (d->known != NULL) {
			fprintf(out, " (baseline: %s, ", h1r_verdict_name(d->known->verdict));
			h1r__put_str(out, H1R__TERM, &d->known->reason, 120);
			fputc(')', out);
		} else if (d->c != NULL && d->c->message.len) {
			fputs(": ", out);
			h1r__put_str(out, H1R__TERM, &d->c->message, REASON_LIMIT);
		}
		fputc('\n', out);
	}
	if (r->should_fail) {
		sgr(&x, "\033[1;31m");
		fputs("baseline: new deviations: the run fails", out);
		sgr(&x, "\033[0m");
		fputc('\n', out);
	} else {
		fputs("baseline: no new deviations\n", out);
	}
	return h1r__finish(out);
}
