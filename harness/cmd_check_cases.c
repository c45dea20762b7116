/*
 * h1conform check-cases: does the reference parser agree with every case?
 *
 * Each case states what the strict parser does with its bytes (and what it
 * does under chosen leniency flags). This command loads the corpus, expands
 * the placeholders with the offline profile of cases/FORMAT.md, joins the
 * data steps into one stream and runs it through h1c_parse_stream(), the
 * engine of 'h1conform parse', so the answer is exactly what a user sees
 * from that command. Its JSON lines are read back and compared with the
 * case: verdict, error id, and the message fields the case lists.
 *
 * A mismatch is printed as a small diff naming the case, its file, the
 * leniency setting, the item that differs and both sides. The offset and
 * message of a parser error are shown to help the author, but only the
 * error id is compared: ids are stable, offsets move when a case is edited.
 *
 * Exit status: 0 all cases agree, 1 some disagree, 2 usage or case-file
 * errors (every bad file is listed; the good ones are still checked),
 * 4 internal error.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases/h1k.h"
#include "harness/buf.h"
#include "harness/commands.h"
#include "harness/parse_stream.h"
#include "reference/h1.h"

/* Longest octet string shown in a diff before it is cut. */
#define SHOW_MAX 240

/* What one run of the parser said. */
struct outcome {
	int verdict;      /* H1K_ACCEPT, H1K_REJECT, or 0: no message and no error */
	json_t *messages; /* array of the {"ok":true,...} objects */
	json_t *error;    /* the {"ok":false,...} object, or NULL */
	char note[256];   /* remark of the engine (e.g. "no HTTP message in the input") */
	/* the first output line that differs when the bytes are fed one at a
	 * time (whole, bytewise); empty when the outputs are identical */
	struct h1c_buf split_whole, split_bytewise;
};

static void note_capture(void *ctx, const char *msg)
{
	struct outcome *o = ctx;

	if (o->note[0] == '\0')
		snprintf(o->note, sizeof(o->note), "%s", msg);
}

static void outcome_free(struct outcome *o)
{
	json_decref(o->messages);
	json_decref(o->error);
	h1c_buf_free(&o->split_whole);
	h1c_buf_free(&o->split_bytewise);
	memset(o, 0, sizeof(*o));
}

static void note_ignore(void *ctx, const char *msg)
{
	(void)ctx;
	(void)msg;
}

/* Keep the first differing lines of two outputs, cut to a readable size. */
static void first_difference(const struct h1c_buf *a, const struct h1c_buf *b, struct outcome *o)
{
	size_t i = 0, start = 0, ea, eb;

	while (i < a->len && i < b->len && a->data[i] == b->data[i]) {
		if (a->data[i] == '\n')
			start = i + 1;
		i++;
	}
	for (ea = start; ea < a->len && a->data[ea] != '\n' && ea - start < SHOW_MAX; ea++)
		;
	for (eb = start; eb < b->len && b->data[eb] != '\n' && eb - start < SHOW_MAX; eb++)
		;
	h1c_buf_put(&o->split_whole, a->data ? a->data + start : "", ea - start);
	h1c_buf_puts(&o->split_whole, ea == start ? "(end of output)" : "");
	h1c_buf_put(&o->split_bytewise, b->data ? b->data + start : "", eb - start);
	h1c_buf_puts(&o->split_bytewise, eb == start ? "(end of output)" : "");
}

/* Run the engine of 'h1conform parse' (request mode) and read its output
 * back; then run it again fed one byte at a time, which must not change a
 * single byte of the output (the parser is incremental: STYLE rule 10).
 * Returns 0, or -1 for an internal error. */
static int run_parser(const struct h1k_case *c, const struct h1k_bytes *in, unsigned flags, struct outcome *o)
{
	struct h1c_parse_opts opt;
	struct h1c_buf out = {0};
	size_t pos = 0;
	int rc;

	memset(o, 0, sizeof(*o));
	memset(&opt, 0, sizeof(opt));
	opt.methods = (const char *const *)c->methods;
	opt.nmethods = c->nmethods;
	opt.lenient = flags;
	opt.note = note_capture;
	opt.note_ctx = o;
	o->messages = json_array();
	if (o->messages == NULL)
		return -1;
	rc = h1c_parse_stream(&opt, in->p ? in->p : "", in->len, &out);
	if (rc != 0 && rc != 1) {
		h1c_buf_free(&out);
		return -1;
	}
	{
		struct h1c_buf bytewise = {0};
		int rc1;
		opt.step = 1;
		opt.note = note_ignore;
		rc1 = h1c_parse_stream(&opt, in->p ? in->p : "", in->len, &bytewise);
		if (rc1 != 0 && rc1 != 1) {
			h1c_buf_free(&bytewise);
			h1c_buf_free(&out);
			return -1;
		}
		if (rc1 != rc || bytewise.len != out.len ||
		    (out.len && memcmp(bytewise.data, out.data, out.len) != 0))
			first_difference(&out, &bytewise, o);
		h1c_buf_free(&bytewise);
	}
	while (pos < out.len) {
		const char *nl = memchr(out.data + pos, '\n', out.len - pos);
		size_t n = nl ? (size_t)(nl - (out.data + pos)) : out.len - pos;
		json_error_t jerr;
		json_t *line = json_loadb(out.data + pos, n, JSON_ALLOW_NUL, &jerr);
		pos += n + 1;
		if (line == NULL) {
			h1c_buf_free(&out);
			return -1;
		}
		if (json_is_true(json_object_get(line, "ok"))) {
			json_array_append_new(o->messages, line);
		} else {
			json_decref(o->error);
			o->error = line;
		}
	}
	h1c_buf_free(&out);
	o->verdict = o->error ? H1K_REJECT : rc == 0 ? H1K_ACCEPT : 0;
	return 0;
}

/* The octets of a Latin-1 JSON string from the parse output. */
static int latin1_of(const json_t *s, struct h1k_bytes *out)
{
	size_t n, bad;

	out->len = 0;
	if (!json_is_string(s))
		return -1;
	n = json_string_length(s);
	if (out->cap < n + 1) {
		char *p = realloc(out->p, n + 1);
		if (p == NULL)
			return -1;
		out->p = p;
		out->cap = n + 1;
	}
	if (h1k_octets_from_utf8(json_string_value(s), n, out->p, &out->len, &bad))
		return -1;
	return 0;
}

/* Append octets as a quoted Latin-1 JSON string, cut after SHOW_MAX. */
static void show(struct h1c_buf *b, const char *p, size_t n)
{
	h1c_json_latin1(b, p, n > SHOW_MAX ? SHOW_MAX : n);
	if (n > SHOW_MAX)
		h1c_buf_printf(b, "... (%zu octets)", n);
}

/* Equal octet strings? (p may be NULL when the length is 0.) */
static int same(const char *a, size_t alen, const char *b, size_t blen)
{
	return alen == blen && (alen == 0 || memcmp(a, b, alen) == 0);
}

/* Expand a case text with the offline profile into out (reset first). */
static int expand(const struct h1k_text *t, struct h1k_bytes *out)
{
	out->len = 0;
	return h1k_expand(t, 0, h1k_profile_offline(), out);
}

struct diff {
	struct h1c_buf *b;
	const char *setting; /* "strict" or "lenient obs-fold" */
	int internal;        /* an internal error happened while comparing */
};

static void diff_head(struct diff *d, const char *what)
{
	h1c_buf_printf(d->b, "  %s: %s\n", d->setting, what);
}

static void describe_case(struct h1c_buf *b, const struct h1k_oracle *o)
{
	if (o->verdict == H1K_ACCEPT)
		h1c_buf_puts(b, "accept");
	else
		h1c_buf_printf(b, "reject %s", o->error_name);
}

static void describe_parser(struct h1c_buf *b, const struct outcome *r)
{
	size_t n = json_array_size(r->messages);

	if (r->verdict == H1K_REJECT) {
		h1c_buf_printf(b, "reject %s at offset %" JSON_INTEGER_FORMAT " (%s): %s",
		               json_string_value(json_object_get(r->error, "error")),
		               json_integer_value(json_object_get(r->error, "offset")),
		               json_string_value(json_object_get(r->error, "section")),
		               json_string_value(json_object_get(r->error, "message")));
		if (n)
			h1c_buf_printf(b, ", after %zu complete message%s", n, n == 1 ? "" : "s");
	} else if (r->verdict == H1K_ACCEPT) {
		h1c_buf_printf(b, "accept, %zu message%s", n, n == 1 ? "" : "s");
	} else {
		h1c_buf_printf(b, "neither: no complete message and no violation (%s)",
		               r->note[0] ? r->note : "no remark");
	}
}

/* Compare one octet-string field; 0 if equal. */
static int compare_text(struct diff *d, size_t mi, const char *field, const struct h1k_text *want,
                        const json_t *got)
{
	struct h1k_bytes w = {0}, g = {0};
	int rc = 0;

	if (expand(want, &w) != H1K_OK || latin1_of(got, &g) != 0) {
		d->internal = 1;
		rc = 1;
	} else if (!same(w.p, w.len, g.p, g.len)) {
		char what[64];
		snprintf(what, sizeof(what), "message %zu %s", mi + 1, field);
		diff_head(d, what);
		h1c_buf_puts(d->b, "    case:   ");
		show(d->b, w.p, w.len);
		h1c_buf_puts(d->b, "\n    parser: ");
		show(d->b, g.p, g.len);
		h1c_buf_puts(d->b, "\n");
		rc = 1;
	}
	h1k_bytes_free(&w);
	h1k_bytes_free(&g);
	return rc;
}

/* Write a field list from the case as ["name","value"],... */
static int show_case_fields(struct h1c_buf *b, const struct h1k_pair *f, size_t n)
{
	struct h1k_bytes t = {0};
	size_t i;
	int rc = 0;

	h1c_buf_puts(b, "[");
	for (i = 0; i < n && rc == 0; i++) {
		h1c_buf_puts(b, i ? ",[" : "[");
		rc = expand(&f[i].name, &t);
		if (rc == 0)
			show(b, t.p, t.len);
		h1c_buf_puts(b, ",");
		if (rc == 0)
			rc = expand(&f[i].value, &t);
		if (rc == 0)
			show(b, t.p, t.len);
		h1c_buf_puts(b, "]");
	}
	h1c_buf_puts(b, "]");
	h1k_bytes_free(&t);
	return rc;
}

static int show_parser_fields(struct h1c_buf *b, const json_t *arr)
{
	struct h1k_bytes t = {0};
	size_t i;
	int rc = 0;

	h1c_buf_puts(b, "[");
	for (i = 0; i < json_array_size(arr) && rc == 0; i++) {
		const json_t *pair = json_array_get(arr, i);
		h1c_buf_puts(b, i ? ",[" : "[");
		rc = latin1_of(json_array_get(pair, 0), &t);
		if (rc == 0)
			show(b, t.p, t.len);
		h1c_buf_puts(b, ",");
		if (rc == 0)
			rc = latin1_of(json_array_get(pair, 1), &t);
		if (rc == 0)
			show(b, t.p, t.len);
		h1c_buf_puts(b, "]");
	}
	h1c_buf_puts(b, "]");
	h1k_bytes_free(&t);
	return rc;
}

/* Compare a field list, whole and in order; 0 if equal. */
static int compare_fields(struct diff *d, size_t mi, const char *field, const struct h1k_pair *f, size_t n,
                          const json_t *got)
{
	struct h1k_bytes w = {0}, g = {0};
	size_t i, first = (size_t)-1;
	char what[96];

	if (!json_is_array(got)) {
		d->internal = 1;
		return 1;
	}
	for (i = 0; i < n && i < json_array_size(got) && first == (size_t)-1; i++) {
		const json_t *pair = json_array_get(got, i);
		int k;
		for (k = 0; k < 2 && first == (size_t)-1; k++) {
			const struct h1k_text *t = k ? &f[i].value : &f[i].name;
			if (expand(t, &w) != H1K_OK || latin1_of(json_array_get(pair, (size_t)k), &g)) {
				d->internal = 1;
				first = i;
			} else if (!same(w.p, w.len, g.p, g.len)) {
				first = i;
			}
		}
	}
	h1k_bytes_free(&w);
	h1k_bytes_free(&g);
	if (first == (size_t)-1 && n == json_array_size(got))
		return 0;
	if (first == (size_t)-1)
		snprintf(what, sizeof(what), "message %zu %s: %zu fields expected, the parser has %zu",
		         mi + 1, field, n, json_array_size(got));
	else
		snprintf(what, sizeof(what), "message %zu %s differ at field %zu", mi + 1, field, first + 1);
	diff_head(d, what);
	h1c_buf_puts(d->b, "    case:   ");
	if (show_case_fields(d->b, f, n))
		d->internal = 1;
	h1c_buf_puts(d->b, "\n    parser: ");
	if (show_parser_fields(d->b, got))
		d->internal = 1;
	h1c_buf_puts(d->b, "\n");
	return 1;
}

static int compare_body(struct diff *d, size_t mi, const struct h1k_text *want, const json_t *b64)
{
	struct h1k_bytes w = {0};
	const char *s = json_string_value(b64);
	size_t n = s ? strlen(s) : 0, glen = 0, bad;
	char *g = malloc(n / 4 * 3 + 1);
	int rc = 0;

	if (g == NULL || s == NULL || expand(want, &w) != H1K_OK ||
	    h1k_base64_decode(s, n, g, &glen, &bad) != 0) {
		d->internal = 1;
		rc = 1;
	} else if (!same(w.p, w.len, g, glen)) {
		char what[64];
		snprintf(what, sizeof(what), "message %zu body", mi + 1);
		diff_head(d, what);
		h1c_buf_puts(d->b, "    case:   ");
		show(d->b, w.p, w.len);
		h1c_buf_puts(d->b, "\n    parser: ");
		show(d->b, g, glen);
		h1c_buf_puts(d->b, "\n");
		rc = 1;
	}
	free(g);
	h1k_bytes_free(&w);
	return rc;
}

/* Compare the parser's result with one oracle; 0 if they agree. */
static int compare(struct diff *d, const struct h1k_oracle *o, const struct outcome *r)
{
	size_t i, n = json_array_size(r->messages);
	int bad = 0;

	if (o->verdict != r->verdict ||
	    (o->verdict == H1K_REJECT &&
	     strcmp(o->error_name, json_string_value(json_object_get(r->error, "error"))) != 0)) {
		diff_head(d, o->verdict == r->verdict ? "error id" : "verdict");
		h1c_buf_puts(d->b, "    case:   ");
		describe_case(d->b, o);
		h1c_buf_puts(d->b, "\n    parser: ");
		describe_parser(d->b, r);
		h1c_buf_puts(d->b, "\n");
		return 1;
	}
	if (!o->has_messages)
		return 0;
	if (o->nmessages != n) {
		diff_head(d, "number of complete messages");
		h1c_buf_printf(d->b, "    case:   %zu\n    parser: %zu", o->nmessages, n);
		for (i = 0; i < n; i++) {
			const json_t *m = json_array_get(r->messages, i);
			h1c_buf_puts(d->b, i ? ", " : " (");
			h1c_buf_printf(d->b, "%s %s %s", json_string_value(json_object_get(m, "method")),
			               json_string_value(json_object_get(m, "target")),
			               json_string_value(json_object_get(m, "version")));
			if (i + 1 == n)
				h1c_buf_puts(d->b, ")");
		}
		h1c_buf_puts(d->b, "\n");
		return 1;
	}
	for (i = 0; i < n; i++) {
		const struct h1k_message *m = &o->messages[i];
		const json_t *got = json_array_get(r->messages, i);
		if (m->has & H1K_HAS_METHOD)
			bad |= compare_text(d, i, "method", &m->method, json_object_get(got, "method"));
		if (m->has & H1K_HAS_TARGET)
			bad |= compare_text(d, i, "target", &m->target, json_object_get(got, "target"));
		if (m->has & H1K_HAS_VERSION)
			bad |= compare_text(d, i, "version", &m->version, json_object_get(got, "version"));
		if (m->has & H1K_HAS_HEADERS)
			bad |= compare_fields(d, i, "headers", m->headers, m->nheaders,
			                      json_object_get(got, "headers"));
		if (m->has & H1K_HAS_TRAILERS)
			bad |= compare_fields(d, i, "trailers", m->trailers, m->ntrailers,
			                      json_object_get(got, "trailers"));
		if (m->has & H1K_HAS_BODY)
			bad |= compare_body(d, i, &m->body, json_object_get(got, "body_b64"));
	}
	return bad;
}

/* Check one case; appends its diff to b. Returns 0 pass, 1 fail, 4 internal. */
static int check_case(const struct h1k_case *c, struct h1c_buf *b)
{
	struct h1k_bytes in = {0};
	struct outcome r;
	struct diff d;
	size_t i;
	int failed = 0;

	if (h1k_send_bytes(c, h1k_profile_offline(), &in) != H1K_OK) {
		h1k_bytes_free(&in);
		return 4;
	}
	memset(&d, 0, sizeof(d));
	d.b = b;
	for (i = 0; i <= c->reference.nlenient && !d.internal; i++) {
		const struct h1k_oracle *o =
		        i == 0 ? &c->reference.strict : &c->reference.lenient[i - 1].oracle;
		char setting[128];
		if (i == 0)
			snprintf(setting, sizeof(setting), "strict");
		else
			snprintf(setting, sizeof(setting), "lenient %s", c->reference.lenient[i - 1].name);
		d.setting = setting;
		if (run_parser(c, &in, i ? c->reference.lenient[i - 1].flags : 0, &r) != 0) {
			outcome_free(&r);
			d.internal = 1;
			break;
		}
		failed |= compare(&d, o, &r);
		if (r.split_whole.len + r.split_bytewise.len) {
			diff_head(&d, "feeding the bytes one at a time changes the parser's output");
			h1c_buf_puts(b, "    whole:    ");
			h1c_buf_put(b, r.split_whole.data, r.split_whole.len);
			h1c_buf_puts(b, "\n    bytewise: ");
			h1c_buf_put(b, r.split_bytewise.data, r.split_bytewise.len);
			h1c_buf_puts(b, "\n");
			failed = 1;
		}
		outcome_free(&r);
	}
	h1k_bytes_free(&in);
	return d.internal ? 4 : failed;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: h1conform check-cases [--list] [--verbose] [DIR|FILE...]\n"
	           "\n"
	           "Load the case corpus (default: the directory 'cases') and check that the\n"
	           "strict reference parser does with each case's bytes what the case says:\n"
	           "the verdict, the error id and the message fields listed under 'reference',\n"
	           "then the same under each 'reference.lenient' setting. Every run is repeated\n"
	           "with the bytes fed one at a time, which must give the same output.\n"
	           "Placeholders take the offline values of cases/FORMAT.md; the data steps are\n"
	           "joined into one stream that ends where the connection would close.\n"
	           "\n"
	           "A DIR that is a corpus root loads its document directories (rfc9112/, ...);\n"
	           "a DIR inside one, or a FILE, loads just those cases.\n"
	           "\n"
	           "  --list          print the ids of the loaded cases and stop\n"
	           "  -v, --verbose   print a line for every case that passes too\n"
	           "  -h, --help      this text\n"
	           "\n"
	           "output: one FAIL block per disagreeing case with the differing item, then\n"
	           "        'check-cases: N cases, N passed, N failed'. Case-file errors go to\n"
	           "        standard error as file:line:col: $.json.path: message.\n"
	           "exit status: 0 all agree, 1 some disagree, 2 usage or case-file errors,\n"
	           "             4 internal error\n");
}

int h1c_cmd_check_cases(int argc, char **argv)
{
	struct h1k_set set = {0};
	struct h1k_diags diags = {0};
	size_t i, npaths = 0, passed = 0, failed = 0;
	int list = 0, verbose = 0, status = 0, internal = 0;
	const char **paths = calloc((size_t)(argc > 1 ? argc : 1), sizeof(*paths));

	if (paths == NULL) {
		fprintf(stderr, "h1conform check-cases: out of memory\n");
		return 4;
	}
	for (i = 1; i < (size_t)argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(stdout);
			free(paths);
			return 0;
		} else if (strcmp(a, "--list") == 0) {
			list = 1;
		} else if (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0) {
			verbose = 1;
		} else if (a[0] == '-' && a[1] != '\0') {
			fprintf(stderr, "h1conform check-cases: unknown option '%s' (see --help)\n", a);
			free(paths);
			return 2;
		} else {
			paths[npaths++] = a;
		}
	}
	if (npaths == 0)
		paths[npaths++] = "cases";
	for (i = 0; i < npaths; i++) {
		int rc = h1k_load_path(paths[i], &set, &diags);
		if (rc == H1K_ENOMEM || rc == H1K_EINVAL)
			internal = 1;
		else if (rc != H1K_OK)
			status = 2;
	}
	free(paths);
	for (i = 0; i < diags.n; i++)
		h1k_diag_print(stderr, &diags.v[i]);
	if (diags.dropped)
		fprintf(stderr, "h1conform check-cases: %zu more errors not shown\n", diags.dropped);
	if (internal) {
		fprintf(stderr, "h1conform check-cases: out of memory while loading cases\n");
		h1k_set_free(&set);
		h1k_diags_free(&diags);
		return 4;
	}
	if (list) {
		for (i = 0; i < set.n; i++)
			printf("%s\n", set.v[i]->id);
	} else {
		for (i = 0; i < set.n; i++) {
			struct h1c_buf b = {0};
			int rc = check_case(set.v[i], &b);
			if (rc == 4) {
				fprintf(stderr, "h1conform check-cases: %s: internal error while checking\n",
				        set.v[i]->id);
				internal = 1;
			} else if (rc) {
				failed++;
				printf("FAIL %s (%s)\n", set.v[i]->id, set.v[i]->file);
				fwrite(b.data, 1, b.len, stdout);
			} else {
				passed++;
				if (verbose)
					printf("ok   %s\n", set.v[i]->id);
			}
			h1c_buf_free(&b);
		}
		printf("check-cases: %zu cases, %zu passed, %zu failed", set.n, passed, failed);
		if (diags.n + diags.dropped)
			printf(", %zu case-file errors", diags.n + diags.dropped);
		printf("\n");
	}
	if (fflush(stdout) != 0)
		internal = 1;
	h1k_set_free(&set);
	h1k_diags_free(&diags);
	if (internal)
		return 4;
	if (status)
		return status;
	return failed ? 1 : 0;
}
