/*
 * The HTML report: one self-contained page for one run or a matrix of runs.
 *
 * Layout, top to bottom: a header; a summary table (one row per run, with a
 * small stacked bar and the counts, which carry stable ids for tools:
 * id="count-R-VERDICT" data-count="N"); a chart of verdicts per RFC section
 * (inline SVG, one bar per run); the matrix (cases as rows grouped by
 * section, runs as columns, one cell per verdict, linking to the details);
 * and the details of every case that is not a pass or has findings.
 *
 * Constraints and how they are met:
 *  - Self-contained and offline: inline <style>, inline <svg>, no src
 *    attribute anywhere; the only URLs are rfc-editor.org links, built by
 *    h1r__rfc_url from validated document/section values. A CSP meta tag
 *    (default-src 'none') makes the browser refuse anything else.
 *  - Works without JavaScript: all content is in the markup; transcripts use
 *    <details>. The one inline script only adds filter controls; the CSP
 *    allows exactly it by hash (SCRIPT_SHA256, checked by
 *    reports/tests/xml_check.sh and the headless browser test).
 *  - Hostile data: every string goes through h1r__put_text/h1r__put_bytes;
 *    anchors are built by slug(), which keeps [A-Za-z0-9.-] and encodes
 *    every other byte as _XX, so ids and fragments cannot carry markup.
 *    The page is also well-formed XML (void elements closed, no named
 *    entities beyond XML's), so a strict XML parser can check that nothing
 *    escaped its place.
 *  - Deterministic: no clock, no randomness, no locale; widths are integer
 *    arithmetic; order comes from h1r__table_build.
 *  - Bounded: transcripts are cut per entry and per case with a note saying
 *    how much was left out; long fields are cut with an ellipsis.
 */
#include <string.h>

#include "reports/h1r_internal.h"

#define DEFAULT_ENTRY_LIMIT ((size_t)8 << 10)
#define DEFAULT_CASE_LIMIT  ((size_t)32 << 10)
#define FIELD_LIMIT         4000 /* bytes of a prose field shown (requirement, actual...) */
#define LABEL_LIMIT         60   /* bytes of a run label in headings and chart */

static const char *const vlabel[H1R_VERDICT_COUNT] = {"PASS", "FAIL", "WARN", "SKIP", "ERROR"};
/* Shapes differ as well as colours, for readers who cannot tell the colours apart. */
static const char *const vglyph[H1R_VERDICT_COUNT] = {"\xE2\x9C\x93", "\xE2\x9C\x97", "\xE2\x96\xB2",
                                                      "\xE2\x97\x8B", "\xE2\x97\x86"};
/* Okabe-Ito colours: distinguishable with the common colour-vision deficiencies. */
static const char *const vcolor[H1R_VERDICT_COUNT] = {"#009E73", "#D55E00", "#E69F00", "#BBBBBB", "#CC79A7"};

/*
 * The inline script. It must contain neither '<' nor '&' (the page is also
 * XML), and SCRIPT_SHA256 must be the base64 SHA-256 of exactly these bytes:
 *   printf '%s' "<script text>" | openssl dgst -sha256 -binary | base64
 * reports/tests/xml_check.sh recomputes it from a generated page.
 */
static const char script[] =
        "\n(function () {\n"
        "  var box = document.getElementById(\"filter\");\n"
        "  var table = document.getElementById(\"matrix-table\");\n"
        "  if (!box || !table) { return; }\n"
        "  document.documentElement.setAttribute(\"data-js\", \"on\");\n"
        "  var q = document.createElement(\"input\");\n"
        "  q.type = \"search\";\n"
        "  q.placeholder = \"Filter by id or title\";\n"
        "  q.setAttribute(\"aria-label\", \"Filter cases by id or title\");\n"
        "  var only = document.createElement(\"input\");\n"
        "  only.type = \"checkbox\";\n"
        "  var label = document.createElement(\"label\");\n"
        "  label.appendChild(only);\n"
        "  label.appendChild(document.createTextNode(\" only cases with a verdict other than "
        "pass\"));\n"
        "  var shown = document.createElement(\"span\");\n"
        "  shown.className = \"fcount\";\n"
        "  box.appendChild(q);\n"
        "  box.appendChild(label);\n"
        "  box.appendChild(shown);\n"
        "  function apply() {\n"
        "    var needle = q.value.toLowerCase();\n"
        "    var n = 0;\n"
        "    Array.prototype.forEach.call(table.tBodies, function (tb) {\n"
        "      var any = false;\n"
        "      Array.prototype.forEach.call(tb.querySelectorAll(\"tr.case\"), function (tr) {\n"
        "        var hide = only.checked ? tr.getAttribute(\"data-np\") !== \"1\" : false;\n"
        "        if (needle !== \"\" ? tr.textContent.toLowerCase().indexOf(needle) === -1 : "
        "false) { hide = true; }\n"
        "        tr.hidden = hide;\n"
        "        if (!hide) { any = true; n += 1; }\n"
        "      });\n"
        "      tb.hidden = !any;\n"
        "    });\n"
        "    shown.textContent = n + \" shown\";\n"
        "  }\n"
        "  q.addEventListener(\"input\", apply);\n"
        "  only.addEventListener(\"change\", apply);\n"
        "  apply();\n"
        "})();\n";
#define SCRIPT_SHA256 "sha256-Eh8RIJv3pcJDbTxTUOf6zjpKb8ccqsv3kRP5qEI/zsw="

static const char style[] =
        "\n:root{--fg:#1c2230;--muted:#5c6575;--line:#e2e5ea;--soft:#f5f6f8;--link:#1a5fb4}\n"
        "*{box-sizing:border-box}\n"
        "html{background:#fff}\n"
        "body{margin:0;color:var(--fg);font:14px/1.45 system-ui,-apple-system,\"Segoe UI\","
        "Roboto,\"DejaVu Sans\",sans-serif}\n"
        "a{color:var(--link)}\n"
        "code,pre,.mono{font-family:ui-monospace,\"SFMono-Regular\",Menlo,Consolas,"
        "\"DejaVu Sans Mono\",monospace}\n"
        ".top{background:#1c2230;color:#fff;padding:22px 32px 20px}\n"
        ".top h1{margin:0;font-size:22px;font-weight:650;letter-spacing:.2px}\n"
        ".top p{margin:6px 0 0;color:#c7cdd8}\n"
        "main{padding:4px 32px 48px;max-width:1480px}\n"
        "h2{font-size:17px;margin:30px 0 12px;padding-bottom:6px;border-bottom:1px solid "
        "var(--line)}\n"
        "h3{font-size:15px;margin:26px 0 10px}\n"
        "table{border-collapse:collapse}\n"
        ".scroll{overflow-x:auto}\n"
        "table.summary th,table.summary td{padding:7px 12px;border-bottom:1px solid "
        "var(--line);text-align:right;vertical-align:middle}\n"
        "table.summary thead th{font-size:12px;color:var(--muted);font-weight:600;"
        "text-transform:uppercase;letter-spacing:.4px}\n"
        "table.summary th.srv,table.summary td.bar{text-align:left}\n"
        "table.summary td.n{font-variant-numeric:tabular-nums;font-weight:600;min-width:52px}\n"
        "table.summary td.n0{color:#b5bbc6;font-weight:400}\n"
        "table.summary td.meta{font-size:12px;color:var(--muted);text-align:left}\n"
        ".srvname{font-weight:650}\n"
        ".url{display:block;font-size:12px;color:var(--muted);font-weight:400}\n"
        ".legend{display:flex;flex-wrap:wrap;gap:8px 18px;margin:10px 0 0;padding:0;"
        "list-style:none;font-size:12px;color:var(--muted)}\n"
        ".legend li{display:flex;align-items:center;gap:6px}\n"
        ".chip{display:inline-block;padding:1px 7px;border-radius:3px;font-size:11px;"
        "font-weight:700;letter-spacing:.3px}\n"
        ".v-pass{background:#d3efe4;color:#00573f}\n"
        ".v-fail{background:#fadbc8;color:#8c3800}\n"
        ".v-warn{background:#fcebc2;color:#6b4800}\n"
        ".v-skip{background:#eceef2;color:#4d5463}\n"
        ".v-error{background:#f4dcec;color:#7a2c5b}\n"
        ".v-none{background:#fff;color:#b5bbc6}\n"
        "svg.chart{display:block;margin-top:4px}\n"
        "svg text{font:12px system-ui,-apple-system,\"Segoe UI\",Roboto,\"DejaVu Sans\","
        "sans-serif;fill:#1c2230}\n"
        "svg text.head{font-weight:650}\n"
        "svg text.in{font-size:11px;font-weight:650}\n"
        "svg a text{fill:var(--link)}\n"
        "#filter{display:flex;flex-wrap:wrap;gap:8px 18px;align-items:center;margin:0 0 10px;"
        "font-size:13px}\n"
        "#filter input[type=search]{padding:5px 8px;border:1px solid #c9ced6;border-radius:4px;"
        "min-width:260px;font:inherit}\n"
        ".fcount{color:var(--muted)}\n"
        "table.matrix{width:100%;font-size:13px}\n"
        "table.matrix thead th{position:sticky;top:0;background:#fff;z-index:1;text-align:left;"
        "font-size:12px;padding:8px 8px;border-bottom:2px solid var(--line);vertical-align:"
        "bottom}\n"
        "table.matrix thead th.run{text-align:center;width:130px;min-width:110px;"
        "overflow-wrap:anywhere}\n"
        "table.matrix thead th.run .sub{display:block;font-weight:400;color:var(--muted)}\n"
        "tr.gh th{text-align:left;background:var(--soft);padding:8px 8px;font-size:13px;"
        "border-top:1px solid var(--line);border-bottom:1px solid var(--line)}\n"
        "tr.gh .gcount{font-weight:400;color:var(--muted);margin-left:10px;font-size:12px}\n"
        "tr.case td{padding:5px 8px;border-bottom:1px solid var(--line);vertical-align:top}\n"
        "td.cid .id{font-size:12px;color:var(--muted);overflow-wrap:anywhere}\n"
        "td.cid .t{font-weight:500}\n"
        "td.lvl{font-size:11px;font-weight:700;color:var(--muted);white-space:nowrap}\n"
        "td.v{width:130px;text-align:center;font-size:11px;font-weight:700;letter-spacing:.3px;"
        "white-space:nowrap;border-left:3px solid #fff;border-right:3px solid #fff}\n"
        "td.v a{color:inherit;text-decoration:none;display:block}\n"
        "td.v a:hover{text-decoration:underline}\n"
        "td.v .fn{display:block;font-weight:400;font-size:10px}\n"
        "article.det{border:1px solid var(--line);border-left-width:5px;border-radius:4px;"
        "padding:12px 16px;margin:0 0 14px;background:#fff}\n"
        "article.d-fail{border-left-color:#D55E00}\n"
        "article.d-warn{border-left-color:#E69F00}\n"
        "article.d-error{border-left-color:#CC79A7}\n"
        "article.d-skip{border-left-color:#BBBBBB}\n"
        "article.d-pass{border-left-color:#009E73}\n"
        "article.det:target{box-shadow:0 0 0 3px #9cc3f5}\n"
        ".dh{display:flex;flex-wrap:wrap;gap:6px 10px;align-items:baseline}\n"
        ".dh .id{font-size:12px;color:var(--muted);overflow-wrap:anywhere}\n"
        ".dh .srv{font-size:12px;color:var(--muted)}\n"
        "article.det h4{margin:6px 0 4px;font-size:15px}\n"
        ".req{margin:4px 0 10px;color:#343b49}\n"
        ".lv{font-size:11px;font-weight:700;padding:1px 6px;border:1px solid #c9ced6;"
        "border-radius:3px;margin-right:6px;color:#343b49}\n"
        ".ea{display:grid;grid-template-columns:1fr 1fr;gap:10px;margin:8px 0}\n"
        ".ea>div{background:var(--soft);border-radius:4px;padding:8px 10px;"
        "overflow-wrap:anywhere}\n"
        ".k{display:block;font-size:11px;font-weight:700;color:var(--muted);"
        "text-transform:uppercase;letter-spacing:.4px;margin-bottom:2px}\n"
        ".msg{margin:8px 0;overflow-wrap:anywhere}\n"
        ".findings ul{margin:4px 0 8px;padding-left:20px}\n"
        ".findings li{margin:2px 0;overflow-wrap:anywhere}\n"
        "details.tr{margin-top:8px}\n"
        "details.tr summary{cursor:pointer;color:var(--link);font-size:13px}\n"
        ".te{margin:8px 0}\n"
        ".teh{font-size:12px;color:var(--muted);margin-bottom:2px}\n"
        ".te-send pre{border-left:3px solid #56B4E9}\n"
        ".te-recv pre{border-left:3px solid #009E73}\n"
        ".te-event pre{border-left:3px solid #999;font-style:italic}\n"
        "pre{margin:0;padding:8px 10px;background:var(--soft);border-radius:3px;font-size:12px;"
        "line-height:1.45;white-space:pre-wrap;overflow-wrap:anywhere;word-break:break-all}\n"
        ".x{color:#9a4a00;background:#fff1d6;border-radius:2px;padding:0 1px}\n"
        ".note{font-size:12px;color:var(--muted);font-style:italic}\n"
        ".back{margin:8px 0 0;font-size:12px}\n"
        "footer{padding:16px 32px 32px;font-size:12px;color:var(--muted);border-top:1px solid "
        "var(--line)}\n"
        "@media print{.top{background:none;color:#000}.top p{color:#333}#filter{display:none}"
        "details.tr>*{display:block}}\n";

struct hctx {
	FILE *f;
	const struct h1r_run *const *runs;
	size_t n_runs;
	const struct h1r__table *t;
	size_t entry_limit;
	size_t case_limit;
};

/* Text content (spans allowed). */
static void txt(FILE *f, const struct h1r_str *s, size_t limit)
{
	h1r__put_str(f, H1R__HTML, s, limit);
}

/* An anchor-safe rendering of s: [A-Za-z0-9.-] as is, any other byte as _XX. */
static void slug(FILE *f, const struct h1r_str *s)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p = (const unsigned char *)h1r__s(s);
	size_t i, n = s->ptr ? s->len : 0;

	/* Ids are short in practice; a hostile one is cut (the anchor stays unique enough). */
	if (n > 200)
		n = 200;
	for (i = 0; i < n; i++) {
		unsigned char c = p[i];
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
		    c == '-') {
			fputc(c, f);
		} else {
			fputc('_', f);
			fputc(hex[c >> 4], f);
			fputc(hex[c & 15], f);
		}
	}
}

static void group_anchor(FILE *f, const struct h1r_case *c)
{
	fputs("g-", f);
	slug(f, &c->document);
	fputc('/', f);
	slug(f, &c->section);
}

static void detail_anchor(FILE *f, size_t run, const struct h1r_case *c)
{
	fprintf(f, "d%zu-", run);
	slug(f, &c->id);
}

static void put_chip(FILE *f, enum h1r_verdict v)
{
	v = (enum h1r_verdict)h1r__vi(v);
	fprintf(f, "<span class=\"chip v-%s\">%s %s</span>", h1r_verdict_name(v), vglyph[v], vlabel[v]);
}

/* "RFC 9112 §6.3" as a link when the document is an RFC, as text otherwise. */
static void put_group_link(FILE *f, const struct h1r_str *doc, const struct h1r_str *section)
{
	char url[200];
	int link = h1r__rfc_url(doc, section, url, sizeof(url));

	if (link)
		fprintf(f, "<a href=\"%s\">", url);
	h1r__put_group(f, H1R__HTML, doc, section);
	if (link)
		fputs("</a>", f);
}

static void put_head(struct hctx *x, const char *title)
{
	FILE *f = x->f;
	struct h1r_str t = {NULL, 0};

	t.ptr = (char *)(uintptr_t)title;
	t.len = strlen(title);
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n",
	      f);
	/*
	 * default-src 'none': nothing may be loaded from anywhere. Inline style
	 * is allowed (the stylesheet and width attributes); script only by hash.
	 */
	fputs("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	      "style-src 'unsafe-inline'; script-src '" SCRIPT_SHA256 "'; base-uri 'none'; "
	      "form-action 'none'\" />\n",
	      f);
	fputs("<meta name=\"generator\" content=\"h1conform reports\" />\n<title>", f);
	h1r__put_str(f, H1R__XML, &t, 200);
	fprintf(f, "</title>\n<style>%s</style>\n</head>\n<body>\n", style);
	fputs("<header class=\"top\">\n<h1>", f);
	h1r__put_str(f, H1R__XML, &t, 200);
	fputs("</h1>\n<p>", f);
	if (x->n_runs == 1) {
		struct h1r_str label = h1r__label(x->runs[0]);
		txt(f, &label, LABEL_LIMIT);
		if (x->runs[0]->target_name.len && x->runs[0]->target_url.len) {
			fputs(" \xC2\xB7 <span class=\"mono\">", f);
			txt(f, &x->runs[0]->target_url, 200);
			fputs("</span>", f);
		}
		fprintf(f, " \xC2\xB7 %zu case%s", x->runs[0]->n_cases, x->runs[0]->n_cases == 1 ? "" : "s");
	} else {
		fprintf(f, "%zu servers \xC2\xB7 %zu distinct cases", x->n_runs, x->t->n_rows);
	}
	fputs(" \xC2\xB7 HTTP/1.1 conformance (RFC 9110, RFC 9112)</p>\n</header>\n<main>\n", f);
}

/* A stacked bar of counts, width w, height h, at (x0, y0); integer geometry only. */
static void put_bar(FILE *f, const size_t *count, unsigned x0, unsigned y0, unsigned w, unsigned h,
                    int labels, const struct h1r_str *who, const struct h1r_case *grp)
{
	size_t total = 0, before = 0, v;

	for (v = 0; v < H1R_VERDICT_COUNT; v++)
		total += count[v];
	if (total == 0) {
		fprintf(f,
		        "<rect x=\"%u\" y=\"%u\" width=\"%u\" height=\"%u\" fill=\"#fff\" "
		        "stroke=\"#e4e7ec\" stroke-dasharray=\"2 3\"><title>no cases</title>"
		        "</rect>\n",
		        x0, y0, w, h);
		return;
	}
	for (v = 0; v < H1R_VERDICT_COUNT; v++) {
		/* Cumulative rounding: the segments always add up to exactly w. */
		unsigned a = (unsigned)((unsigned long long)before * w / total);
		unsigned b = (unsigned)((unsigned long long)(before + count[v]) * w / total);
		before += count[v];
		if (count[v] == 0)
			continue;
		fprintf(f, "<rect x=\"%u\" y=\"%u\" width=\"%u\" height=\"%u\" fill=\"%s\"><title>", x0 + a,
		        y0, b - a, h, vcolor[v]);
		if (who) {
			h1r__put_str(f, H1R__XML, who, LABEL_LIMIT);
			fputs(", ", f);
		}
		if (grp) {
			h1r__put_group(f, H1R__XML, &grp->document, &grp->section);
			fputs(": ", f);
		}
		fprintf(f, "%zu %s</title></rect>\n", count[v], h1r_verdict_name((enum h1r_verdict)v));
		if (labels && b - a >= 18)
			fprintf(f, "<text class=\"in\" x=\"%u\" y=\"%u\" text-anchor=\"middle\">%zu</text>\n",
			        x0 + (a + b) / 2, y0 + h - 4, count[v]);
	}
}

static void put_summary(struct hctx *x)
{
	FILE *f = x->f;
	size_t r, v;

	fputs("<section id=\"summary\">\n<h2>Summary</h2>\n<div class=\"scroll\">\n"
	      "<table class=\"summary\">\n<thead><tr><th class=\"srv\">Server</th>"
	      "<th class=\"srv\">Verdicts</th>",
	      f);
	for (v = 0; v < H1R_VERDICT_COUNT; v++)
		fprintf(f, "<th>%s</th>", h1r_verdict_name((enum h1r_verdict)v));
	fputs("<th>total</th><th class=\"srv\">Run</th></tr></thead>\n<tbody>\n", f);
	for (r = 0; r < x->n_runs; r++) {
		const struct h1r_run *run = x->runs[r];
		struct h1r_str label = h1r__label(run);
		struct h1r_summary s;
		h1r_run_summarize(run, &s);
		fprintf(f,
		        "<tr id=\"run-%zu\" data-run=\"%zu\"><th class=\"srv\"><span "
		        "class=\"srvname\">",
		        r, r);
		txt(f, &label, LABEL_LIMIT);
		fputs("</span>", f);
		if (run->target_name.len && run->target_url.len) {
			fputs("<span class=\"url mono\">", f);
			txt(f, &run->target_url, 200);
			fputs("</span>", f);
		}
		fputs("</th>\n<td class=\"bar\"><svg width=\"160\" height=\"14\" viewBox=\"0 0 160 "
		      "14\" role=\"img\" aria-label=\"verdicts\">",
		      f);
		put_bar(f, s.count, 0, 0, 160, 14, 0, &label, NULL);
		fputs("</svg></td>\n", f);
		for (v = 0; v < H1R_VERDICT_COUNT; v++)
			fprintf(f, "<td class=\"n%s\" id=\"count-%zu-%s\" data-count=\"%zu\">%zu</td>",
			        s.count[v] ? "" : " n0", r, h1r_verdict_name((enum h1r_verdict)v), s.count[v],
			        s.count[v]);
		fprintf(f, "<td class=\"n\" id=\"count-%zu-total\" data-count=\"%zu\">%zu</td>\n", r, s.total,
		        s.total);
		fputs("<td class=\"meta\">", f);
		txt(f, &run->tool_name, 40);
		fputc(' ', f);
		txt(f, &run->tool_version, 40);
		fputs("<br />started ", f);
		txt(f, &run->started, 40);
		fputs(", ", f);
		h1r__put_seconds(f, run->duration_ms);
		fprintf(f, " s%s</td></tr>\n", run->strict ? ", strict" : "");
	}
	fputs("</tbody>\n</table>\n</div>\n<ul class=\"legend\">", f);
	for (v = 0; v < H1R_VERDICT_COUNT; v++) {
		static const char *const meaning[H1R_VERDICT_COUNT] = {
		        "conforms", "a MUST is violated", "a SHOULD is not met (fails under --strict)",
		        "not applicable or not run", "the tool could not judge"};
		fputs("<li>", f);
		put_chip(f, (enum h1r_verdict)v);
		fprintf(f, " %s</li>", meaning[v]);
	}
	fputs("</ul>\n</section>\n", f);
}

#define CHART_LABEL_W 200u
#define CHART_BAR_W   200u
#define CHART_GAP     24u
#define CHART_ROW_H   24u
#define CHART_HEAD_H  26u

static void put_chart(struct hctx *x)
{
	FILE *f = x->f;
	const struct h1r__table *t = x->t;
	size_t groups = 0, i, j, r, from, row;
	unsigned width, height;

	for (i = 0; i < t->n_rows; i++)
		if (i == 0 || !h1r__same_group(t->rows[i].first, t->rows[i - 1].first))
			groups++;
	/* The chart grows with its input; a hostile file with huge counts gets a huge chart. */
	width = CHART_LABEL_W + (unsigned)x->n_runs * (CHART_BAR_W + CHART_GAP);
	height = CHART_HEAD_H + (unsigned)groups * CHART_ROW_H + 4;
	fputs("<section id=\"chart\">\n<h2>Verdicts by RFC section</h2>\n<div class=\"scroll\">\n", f);
	fprintf(f,
	        "<svg class=\"chart\" width=\"%u\" height=\"%u\" viewBox=\"0 0 %u %u\" "
	        "role=\"img\" aria-labelledby=\"chart-title\">\n<title id=\"chart-title\">Verdicts "
	        "per RFC section and server: pass, fail, warn, skip, error</title>\n",
	        width, height, width, height);
	for (r = 0; r < x->n_runs; r++) {
		struct h1r_str label = h1r__label(x->runs[r]);
		fprintf(f, "<text class=\"head\" x=\"%u\" y=\"16\">",
		        CHART_LABEL_W + (unsigned)r * (CHART_BAR_W + CHART_GAP));
		h1r__put_str(f, H1R__XML, &label, 30);
		fputs("</text>\n", f);
	}
	for (from = 0, row = 0; from < t->n_rows; row++) {
		const struct h1r_case *g = t->rows[from].first;
		unsigned y = CHART_HEAD_H + (unsigned)row * CHART_ROW_H;
		for (i = from; i < t->n_rows && h1r__same_group(t->rows[i].first, g); i++)
			;
		fputs("<a href=\"#", f);
		group_anchor(f, g);
		fprintf(f, "\"><text x=\"0\" y=\"%u\">", y + 15);
		/* Cut so that a long label cannot run into the bars (about 190 px). */
		h1r__put_group_cut(f, H1R__XML, &g->document, &g->section, 16, 10);
		fputs("</text></a>\n", f);
		for (r = 0; r < x->n_runs; r++) {
			size_t count[H1R_VERDICT_COUNT] = {0};
			struct h1r_str label = h1r__label(x->runs[r]);
			for (j = from; j < i; j++)
				if (t->rows[j].cells[r])
					count[h1r__vi(t->rows[j].cells[r]->verdict)]++;
			put_bar(f, count, CHART_LABEL_W + (unsigned)r * (CHART_BAR_W + CHART_GAP), y + 2,
			        CHART_BAR_W, 18, 1, &label, g);
		}
		from = i;
	}
	fputs("</svg>\n</div>\n</section>\n", f);
}

static void put_cell(struct hctx *x, size_t r, const struct h1r_case *c)
{
	FILE *f = x->f;

	if (c == NULL) {
		fprintf(f,
		        "<td class=\"v v-none\" data-run=\"%zu\" data-verdict=\"none\" "
		        "title=\"not in this run\">\xE2\x80\x94</td>",
		        r);
		return;
	}
	fprintf(f, "<td class=\"v v-%s\" data-run=\"%zu\" data-verdict=\"%s\">", h1r_verdict_name(c->verdict),
	        r, h1r_verdict_name(c->verdict));
	if (h1r__case_notable(c)) {
		fputs("<a href=\"#", f);
		detail_anchor(f, r, c);
		fputs("\">", f);
	}
	fprintf(f, "%s %s", vglyph[h1r__vi(c->verdict)], vlabel[h1r__vi(c->verdict)]);
	if (c->n_findings)
		fprintf(f, "<span class=\"fn\">+%zu finding%s</span>", c->n_findings,
		        c->n_findings == 1 ? "" : "s");
	if (h1r__case_notable(c))
		fputs("</a>", f);
	fputs("</td>", f);
}

static void put_matrix(struct hctx *x)
{
	FILE *f = x->f;
	const struct h1r__table *t = x->t;
	size_t r, i, j, from;

	fputs("<section id=\"matrix\">\n<h2>Cases</h2>\n<div id=\"filter\"></div>\n"
	      "<div class=\"scroll\">\n<table class=\"matrix\" id=\"matrix-table\">\n"
	      "<thead><tr><th>Case</th><th>Level</th>",
	      f);
	for (r = 0; r < x->n_runs; r++) {
		struct h1r_str label = h1r__label(x->runs[r]);
		struct h1r_summary s;
		h1r_run_summarize(x->runs[r], &s);
		fprintf(f, "<th class=\"run\" data-run=\"%zu\">", r);
		txt(f, &label, 30);
		fprintf(f, "<span class=\"sub\">%zu/%zu pass</span></th>", s.count[H1R_PASS], s.total);
	}
	fputs("</tr></thead>\n", f);
	for (from = 0; from < t->n_rows;) {
		const struct h1r_case *g = t->rows[from].first;
		size_t count[H1R_VERDICT_COUNT] = {0}, v;
		for (i = from; i < t->n_rows && h1r__same_group(t->rows[i].first, g); i++)
			for (r = 0; r < x->n_runs; r++)
				if (t->rows[i].cells[r])
					count[h1r__vi(t->rows[i].cells[r]->verdict)]++;
		fputs("<tbody id=\"", f);
		group_anchor(f, g);
		fprintf(f, "\">\n<tr class=\"gh\"><th colspan=\"%zu\">", x->n_runs + 2);
		put_group_link(f, &g->document, &g->section);
		fputs("<span class=\"gcount\">", f);
		for (v = 0, j = 0; v < H1R_VERDICT_COUNT; v++) {
			if (count[v] == 0)
				continue;
			fprintf(f, "%s%zu %s", j++ ? ", " : "", count[v],
			        h1r_verdict_name((enum h1r_verdict)v));
		}
		fputs("</span></th></tr>\n", f);
		for (j = from; j < i; j++) {
			const struct h1r__row *row = &t->rows[j];
			int np = 0;
			for (r = 0; r < x->n_runs; r++)
				if (row->cells[r] && row->cells[r]->verdict != H1R_PASS)
					np = 1;
			fprintf(f, "<tr class=\"case\" data-np=\"%d\" id=\"r-", np);
			slug(f, &row->first->id);
			fputs("\"><td class=\"cid\"><div class=\"t\">", f);
			txt(f, &row->first->title, 300);
			fputs("</div><code class=\"id\">", f);
			txt(f, &row->first->id, 300);
			fprintf(f, "</code></td><td class=\"lvl\">%s</td>",
			        h1r_level_name(row->first->level));
			for (r = 0; r < x->n_runs; r++)
				put_cell(x, r, row->cells[r]);
			fputs("</tr>\n", f);
		}
		fputs("</tbody>\n", f);
		from = i;
	}
	fputs("</table>\n</div>\n</section>\n", f);
}

static void put_transcript(struct hctx *x, const struct h1r_case *c)
{
	FILE *f = x->f;
	size_t budget = x->case_limit, i;

	if (c->n_transcript == 0) {
		fputs("<p class=\"note\">No transcript was recorded.</p>\n", f);
		return;
	}
	fprintf(f, "<details class=\"tr\"><summary>Transcript: %zu entr%s, %zu bytes</summary>\n",
	        c->n_transcript, c->n_transcript == 1 ? "y" : "ies", c->transcript_bytes);
	for (i = 0; i < c->n_transcript; i++) {
		const struct h1r_chunk *ch = &c->transcript[i];
		static const char *const what[] = {"sent", "received", "event"};
		size_t limit = budget < x->entry_limit ? budget : x->entry_limit, shown = 0;
		fprintf(f, "<div class=\"te te-%s\"><div class=\"teh\">%s at %llu ms", h1r_dir_name(ch->dir),
		        (unsigned)ch->dir < 3 ? what[ch->dir] : "?", (unsigned long long)ch->t_ms);
		if (ch->dir != H1R_EVENT)
			fprintf(f, ", %zu byte%s", ch->data.len, ch->data.len == 1 ? "" : "s");
		if (ch->truncated)
			fputs(", <em>capture truncated by the harness</em>", f);
		fputs("</div><pre>", f);
		if (limit > 0) {
			if (ch->dir == H1R_EVENT)
				shown = h1r__put_text(f, H1R__HTML, (const char *)ch->data.ptr, ch->data.len,
				                      limit);
			else
				shown = h1r__put_bytes(f, H1R__HTML, ch->data.ptr, ch->data.len, limit);
		}
		budget -= shown;
		fputs("</pre>", f);
		if (shown < ch->data.len)
			fprintf(f,
			        "<p class=\"note\">%zu more byte%s not shown; the results JSON holds "
			        "the whole transcript.</p>",
			        ch->data.len - shown, ch->data.len - shown == 1 ? "" : "s");
		fputs("</div>\n", f);
	}
	fputs("</details>\n", f);
}

static void put_detail(struct hctx *x, size_t r, const struct h1r_case *c)
{
	FILE *f = x->f;
	struct h1r_str label = h1r__label(x->runs[r]);
	size_t i;

	fprintf(f, "<article class=\"det d-%s\" id=\"", h1r_verdict_name(c->verdict));
	detail_anchor(f, r, c);
	fputs("\">\n<div class=\"dh\">", f);
	put_chip(f, c->verdict);
	fputs("<code class=\"id\">", f);
	txt(f, &c->id, 300);
	fputs("</code>", f);
	if (x->n_runs > 1) {
		fputs("<span class=\"srv\">on ", f);
		txt(f, &label, LABEL_LIMIT);
		fputs("</span>", f);
	}
	fputs("</div>\n<h4>", f);
	txt(f, &c->title, 300);
	fprintf(f, "</h4>\n<p class=\"req\"><span class=\"lv\">%s</span>", h1r_level_name(c->level));
	put_group_link(f, &c->document, &c->section);
	fputs(": ", f);
	txt(f, &c->requirement, FIELD_LIMIT);
	fputs("</p>\n<div class=\"ea\"><div><span class=\"k\">Expected</span>", f);
	txt(f, &c->expected, FIELD_LIMIT);
	fputs("</div><div><span class=\"k\">Actual</span>", f);
	txt(f, &c->actual, FIELD_LIMIT);
	fputs("</div></div>\n", f);
	if (c->message.len) {
		fputs("<p class=\"msg\"><span class=\"k\">Reason</span>", f);
		txt(f, &c->message, FIELD_LIMIT);
		fputs("</p>\n", f);
	}
	if (c->n_findings) {
		fputs("<div class=\"findings\"><span class=\"k\">Findings in the responses</span><ul>\n", f);
		for (i = 0; i < c->n_findings; i++) {
			const struct h1r_finding *fd = &c->findings[i];
			fprintf(f, "<li><span class=\"lv\">%s</span><code>", h1r_level_name(fd->level));
			txt(f, &fd->rule, 100);
			fputs("</code> (", f);
			put_group_link(f, &fd->document, &fd->section);
			fputs("): ", f);
			txt(f, &fd->message, FIELD_LIMIT);
			fputs("</li>\n", f);
		}
		fputs("</ul></div>\n", f);
	}
	put_transcript(x, c);
	fputs("<p class=\"back\"><a href=\"#r-", f);
	slug(f, &c->id);
	fputs("\">\xE2\x86\x91 back to the matrix</a></p>\n</article>\n", f);
}

static void put_details(struct hctx *x)
{
	FILE *f = x->f;
	const struct h1r__table *t = x->t;
	size_t r, i;

	fputs("<section id=\"details\">\n<h2>Details of deviations and findings</h2>\n", f);
	for (r = 0; r < x->n_runs; r++) {
		struct h1r_str label = h1r__label(x->runs[r]);
		size_t n = 0;
		for (i = 0; i < t->n_rows; i++)
			if (t->rows[i].cells[r] && h1r__case_notable(t->rows[i].cells[r]))
				n++;
		if (x->n_runs > 1) {
			fprintf(f, "<h3 id=\"details-%zu\">", r);
			txt(f, &label, LABEL_LIMIT);
			fprintf(f, ": %zu case%s to look at</h3>\n", n, n == 1 ? "" : "s");
		}
		if (n == 0)
			fputs("<p class=\"note\">Every case passed without findings.</p>\n", f);
		for (i = 0; i < t->n_rows; i++)
			if (t->rows[i].cells[r] && h1r__case_notable(t->rows[i].cells[r]))
				put_detail(x, r, t->rows[i].cells[r]);
	}
	fputs("</section>\n", f);
}

int h1r_html_write(FILE *out, const struct h1r_run *const *runs, size_t n_runs,
                   const struct h1r_html_options *opt)
{
	struct h1r__table t;
	struct hctx x;

	if (n_runs == 0)
		return H1R_EINVAL;
	if (h1r__table_build(&t, runs, n_runs) != H1R_OK)
		return H1R_ENOMEM;
	memset(&x, 0, sizeof(x));
	x.f = out;
	x.runs = runs;
	x.n_runs = n_runs;
	x.t = &t;
	x.entry_limit = opt && opt->entry_limit ? opt->entry_limit : DEFAULT_ENTRY_LIMIT;
	x.case_limit = opt && opt->case_limit ? opt->case_limit : DEFAULT_CASE_LIMIT;
	put_head(&x, opt && opt->title ? opt->title : "HTTP/1.1 conformance report");
	put_summary(&x);
	put_chart(&x);
	put_matrix(&x);
	put_details(&x);
	fprintf(out,
	        "</main>\n<footer>Made by h1conform from %zu results file%s (schema "
	        "h1conform-results/1). RFC links go to rfc-editor.org; nothing else on this "
	        "page is loaded from the network.</footer>\n<script>%s</script>\n</body>\n</html>\n",
	        n_runs, n_runs == 1 ? "" : "s", script);
	h1r__table_free(&t);
	return h1r__finish(out);
}
