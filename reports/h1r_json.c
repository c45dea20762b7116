/*
 * The results JSON: loading (with schema checks and compiler-style errors)
 * and writing (deterministic: sorted keys, indent 2, ASCII only).
 *
 * The loader is strict about what it needs and lenient about what it does
 * not know: unknown keys anywhere are ignored (the compatibility promise of
 * docs/results-schema.md), while a missing required key, a wrong type or an
 * unknown enumeration value is an error naming the JSON path. jansson keeps
 * no positions for values, so only syntax errors carry line and column;
 * schema errors carry the path instead ("$.cases[3].verdict").
 *
 * Transcript data travels as a JSON string whose code points U+0000..U+00FF
 * stand for octets; the loader turns it back into bytes and rejects any
 * code point above U+00FF, so a file cannot smuggle text that is not bytes.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "reports/h1r_internal.h"

int h1r__read_file(const char *path, char **buf, size_t *len, struct h1r_error *err)
{
	char q[200];
	FILE *f;
	char *b = NULL;
	size_t cap = 0, n = 0;

	h1r__ascii_quote(q, sizeof(q), path, strlen(path), 160);
	*buf = NULL;
	*len = 0;
	f = fopen(path, "rb");
	if (f == NULL) {
		h1r__error(err, H1R_EIO, 0, 0, "%s: cannot open: %s", q, strerror(errno));
		return H1R_EIO;
	}
	for (;;) {
		size_t got;
		if (n == cap) {
			/* Room for one byte beyond the limit tells "too big" from "exactly the limit". */
			if (cap > H1R_MAX_INPUT_BYTES) {
				fclose(f);
				free(b);
				h1r__error(err, H1R_ETOOBIG, 0, 0,
				           "%s: larger than %zu bytes, the most a report input may be", q,
				           H1R_MAX_INPUT_BYTES);
				return H1R_ETOOBIG;
			}
			if (h1r__grow((void **)&b, &cap, cap < 65536 ? 65536 : cap * 2, 1) != H1R_OK) {
				fclose(f);
				free(b);
				h1r__error(err, H1R_ENOMEM, 0, 0, "%s: out of memory", q);
				return H1R_ENOMEM;
			}
		}
		got = fread(b + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		fclose(f);
		free(b);
		h1r__error(err, H1R_EIO, 0, 0, "%s: read error", q);
		return H1R_EIO;
	}
	fclose(f);
	if (n > H1R_MAX_INPUT_BYTES) {
		free(b);
		h1r__error(err, H1R_ETOOBIG, 0, 0,
		           "%s: larger than %zu bytes, the most a report input may be", q,
		           H1R_MAX_INPUT_BYTES);
		return H1R_ETOOBIG;
	}
	*buf = b;
	*len = n;
	return H1R_OK;
}

json_t *h1r__parse_json(const char *buf, size_t len, const char *src, struct h1r_error *err)
{
	char q[200], t[300];
	json_error_t je;
	json_t *root;

	/*
	 * JSON_ALLOW_NUL: transcripts legitimately hold NUL octets (\u0000).
	 * JSON_REJECT_DUPLICATES: two values for one key would make the file
	 * mean different things to different readers.
	 */
	root = json_loadb(buf, len, JSON_ALLOW_NUL | JSON_REJECT_DUPLICATES, &je);
	if (root != NULL)
		return root;
	h1r__ascii_quote(q, sizeof(q), src, strlen(src), 160);
	/* jansson quotes the offending token, which comes from the input: escape it. */
	h1r__ascii_quote(t, sizeof(t), je.text, strlen(je.text), 200);
	if (je.line > 0)
		h1r__error(err, H1R_ESYNTAX, je.line, je.column, "%s:%d:%d: %s", q, je.line, je.column, t);
	else
		h1r__error(err, H1R_ESYNTAX, 0, 0, "%s: %s", q, t);
	return NULL;
}

int h1r__ld_fail(struct h1r__ld *L, const char *path, const char *fmt, ...)
{
	char q[200], msg[300];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	h1r__ascii_quote(q, sizeof(q), L->src, strlen(L->src), 160);
	h1r__error(L->err, H1R_ESCHEMA, 0, 0, "%s: %s: %s", q, path, msg);
	return H1R_ESCHEMA;
}

static const char *type_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "an array";
	case JSON_STRING:
		return "a string";
	case JSON_INTEGER:
		return "an integer";
	case JSON_REAL:
		return "a real number";
	case JSON_TRUE:
	case JSON_FALSE:
		return "a boolean";
	case JSON_NULL:
		return "null";
	}
	return "a value";
}

/* Look up key; a missing required key is an error, a missing optional one yields NULL. */
static int member(struct h1r__ld *L, json_t *obj, const char *path, const char *key, int required,
                  json_t **out)
{
	*out = json_object_get(obj, key);
	if (*out == NULL && required)
		return h1r__ld_fail(L, path, "missing required key \"%s\"", key);
	return H1R_OK;
}

int h1r__ld_member(struct h1r__ld *L, json_t *obj, const char *path, const char *key, int required,
                   int want_array, json_t **out)
{
	int st = member(L, obj, path, key, required, out);

	if (st != H1R_OK || *out == NULL)
		return st;
	if (want_array ? !json_is_array(*out) : !json_is_object(*out))
		return h1r__ld_fail(L, path, "\"%s\" must be %s, not %s", key,
		                    want_array ? "an array" : "an object", type_name(*out));
	return H1R_OK;
}

int h1r__ld_str(struct h1r__ld *L, json_t *obj, const char *path, const char *key, int required,
                struct h1r_str *out)
{
	json_t *v;
	int st = member(L, obj, path, key, required, &v);

	if (st != H1R_OK || v == NULL)
		return st;
	if (!json_is_string(v))
		return h1r__ld_fail(L, path, "\"%s\" must be a string, not %s", key, type_name(v));
	if (h1r__str_copy(out, json_string_value(v), json_string_length(v)) != H1R_OK) {
		h1r__error(L->err, H1R_ENOMEM, 0, 0, "out of memory");
		return H1R_ENOMEM;
	}
	return H1R_OK;
}

int h1r__ld_uint(struct h1r__ld *L, json_t *obj, const char *path, const char *key, int required,
                 uint64_t *out)
{
	json_t *v;
	int st = member(L, obj, path, key, required, &v);

	if (st != H1R_OK || v == NULL)
		return st;
	if (!json_is_integer(v))
		return h1r__ld_fail(L, path, "\"%s\" must be an integer, not %s", key, type_name(v));
	if (json_integer_value(v) < 0)
		return h1r__ld_fail(L, path, "\"%s\" must not be negative", key);
	*out = (uint64_t)json_integer_value(v);
	return H1R_OK;
}

static int ld_bool(struct h1r__ld *L, json_t *obj, const char *path, const char *key, int *out)
{
	json_t *v = json_object_get(obj, key);

	if (v == NULL)
		return H1R_OK;
	if (!json_is_boolean(v))
		return h1r__ld_fail(L, path, "\"%s\" must be true or false, not %s", key, type_name(v));
	*out = json_is_true(v);
	return H1R_OK;
}

/* A required string member whose value must be one of a fixed set of names. */
static int ld_name(struct h1r__ld *L, json_t *obj, const char *path, const char *key, const char *allowed,
                   json_t **out)
{
	int st = member(L, obj, path, key, 1, out);

	if (st != H1R_OK)
		return st;
	if (!json_is_string(*out))
		return h1r__ld_fail(L, path, "\"%s\" must be a string (one of %s), not %s", key, allowed,
		                    type_name(*out));
	return H1R_OK;
}

static int bad_name(struct h1r__ld *L, const char *path, const char *key, json_t *v, const char *allowed)
{
	char q[80];

	h1r__ascii_quote(q, sizeof(q), json_string_value(v), json_string_length(v), 40);
	return h1r__ld_fail(L, path, "\"%s\" is \"%s\"; expected one of %s", key, q, allowed);
}

int h1r__ld_verdict(struct h1r__ld *L, json_t *obj, const char *path, const char *key, enum h1r_verdict *out)
{
	static const char allowed[] = "pass, fail, warn, skip, error";
	json_t *v;
	int st = ld_name(L, obj, path, key, allowed, &v);

	if (st != H1R_OK)
		return st;
	if (h1r_verdict_from_name(json_string_value(v), json_string_length(v), out) != H1R_OK)
		return bad_name(L, path, key, v, allowed);
	return H1R_OK;
}

static int ld_level(struct h1r__ld *L, json_t *obj, const char *path, const char *key, enum h1r_level *out)
{
	static const char allowed[] = "MUST, SHOULD, MAY";
	json_t *v;
	int st = ld_name(L, obj, path, key, allowed, &v);

	if (st != H1R_OK)
		return st;
	if (h1r_level_from_name(json_string_value(v), json_string_length(v), out) != H1R_OK)
		return bad_name(L, path, key, v, allowed);
	return H1R_OK;
}

static int ld_dir(struct h1r__ld *L, json_t *obj, const char *path, const char *key, enum h1r_dir *out)
{
	static const char allowed[] = "send, recv, event";
	json_t *v;
	int st = ld_name(L, obj, path, key, allowed, &v);

	if (st != H1R_OK)
		return st;
	if (h1r_dir_from_name(json_string_value(v), json_string_length(v), out) != H1R_OK)
		return bad_name(L, path, key, v, allowed);
	return H1R_OK;
}

int h1r__ld_schema(struct h1r__ld *L, json_t *obj, const char *prefix, const char *what)
{
	json_t *v;
	const char *s;
	size_t len, plen = strlen(prefix), i, digits;
	char q[80];
	int st = member(L, obj, "$", "schema", 1, &v);

	if (st != H1R_OK)
		return h1r__ld_fail(L, "$", "missing \"schema\": not an h1conform %s file", what);
	if (!json_is_string(v))
		return h1r__ld_fail(L, "$", "\"schema\" must be a string, not %s", type_name(v));
	s = json_string_value(v);
	len = json_string_length(v);
	h1r__ascii_quote(q, sizeof(q), s, len, 48);
	if (len <= plen || memcmp(s, prefix, plen) != 0)
		return h1r__ld_fail(L, "$.schema", "\"%s\" is not an h1conform %s schema (%s1)", q, what,
		                    prefix);
	/* <major>[.<minor>], both decimal. Minor revisions only add keys. */
	for (i = plen, digits = 0; i < len && s[i] >= '0' && s[i] <= '9'; i++)
		digits++;
	if (digits == 0 || digits > 9 || (i < len && s[i] != '.'))
		return h1r__ld_fail(L, "$.schema", "\"%s\" has a malformed version", q);
	if (i < len) {
		size_t j = i + 1;
		while (j < len && s[j] >= '0' && s[j] <= '9')
			j++;
		if (j == i + 1 || j != len || j - i - 1 > 9)
			return h1r__ld_fail(L, "$.schema", "\"%s\" has a malformed version", q);
	}
	if (digits != 1 || s[plen] != '1')
		return h1r__ld_fail(L, "$.schema",
		                    "unsupported schema \"%s\": this version of h1conform reads %s1 "
		                    "(and its minor revisions) only",
		                    q, prefix);
	return H1R_OK;
}

/* Octets from a JSON string of code points U+0000..U+00FF. */
static int ld_bytes(struct h1r__ld *L, json_t *v, const char *path, struct h1r_bytes *out)
{
	const unsigned char *s = (const unsigned char *)json_string_value(v);
	size_t len = json_string_length(v), i = 0, o = 0, adv;
	unsigned char *b;

	b = malloc(len ? len : 1);
	if (b == NULL) {
		h1r__error(L->err, H1R_ENOMEM, 0, 0, "out of memory");
		return H1R_ENOMEM;
	}
	while (i < len) {
		long cp = h1r__utf8_next(s + i, len - i, &adv);
		if (cp < 0 || cp > 0xFF) {
			free(b);
			return h1r__ld_fail(L, path,
			                    "\"data\" holds U+%04lX at character offset %zu; transcript "
			                    "data must use code points U+0000..U+00FF, one per octet",
			                    cp < 0 ? 0xFFFDUL : (unsigned long)cp, o);
		}
		b[o++] = (unsigned char)cp;
		i += adv;
	}
	if (o == 0) {
		free(b);
		b = NULL;
	}
	out->ptr = b;
	out->len = o;
	return H1R_OK;
}

static int ld_tags(struct h1r__ld *L, json_t *obj, const char *path, struct h1r_case *c)
{
	char p[96];
	json_t *arr, *v;
	size_t i;
	int st = h1r__ld_member(L, obj, path, "tags", 0, 1, &arr);

	if (st != H1R_OK || arr == NULL)
		return st;
	json_array_foreach(arr, i, v)
	{
		struct h1r_str t = {NULL, 0};
		if (!json_is_string(v)) {
			snprintf(p, sizeof(p), "%s.tags[%zu]", path, i);
			return h1r__ld_fail(L, p, "a tag must be a string, not %s", type_name(v));
		}
		if (h1r__grow((void **)&c->tags, &c->cap_tags, c->n_tags + 1, sizeof(c->tags[0])) != H1R_OK ||
		    h1r__str_copy(&t, json_string_value(v), json_string_length(v)) != H1R_OK) {
			h1r__error(L->err, H1R_ENOMEM, 0, 0, "out of memory");
			return H1R_ENOMEM;
		}
		c->tags[c->n_tags++] = t;
	}
	return H1R_OK;
}

static int ld_findings(struct h1r__ld *L, json_t *obj, const char *path, struct h1r_case *c)
{
	char p[96];
	json_t *arr, *v;
	size_t i;
	int st = h1r__ld_member(L, obj, path, "findings", 0, 1, &arr);

	if (st != H1R_OK || arr == NULL)
		return st;
	json_array_foreach(arr, i, v)
	{
		struct h1r_finding *f;
		snprintf(p, sizeof(p), "%s.findings[%zu]", path, i);
		if (!json_is_object(v))
			return h1r__ld_fail(L, p, "a finding must be an object, not %s", type_name(v));
		if (h1r__grow((void **)&c->findings, &c->cap_findings, c->n_findings + 1,
		              sizeof(c->findings[0])) != H1R_OK) {
			h1r__error(L->err, H1R_ENOMEM, 0, 0, "out of memory");
			return H1R_ENOMEM;
		}
		f = &c->findings[c->n_findings++];
		memset(f, 0, sizeof(*f));
		if ((st = h1r__ld_str(L, v, p, "rule", 1, &f->rule)) != H1R_OK ||
		    (st = ld_level(L, v, p, "level", &f->level)) != H1R_OK ||
		    (st = h1r__ld_str(L, v, p, "document", 0, &f->document)) != H1R_OK ||
		    (st = h1r__ld_str(L, v, p, "section", 0, &f->section)) != H1R_OK ||
		    (st = h1r__ld_str(L, v, p, "message", 1, &f->message)) != H1R_OK)
			return st;
	}
	return H1R_OK;
}

static int ld_transcript(struct h1r__ld *L, json_t *obj, const char *path, struct h1r_case *c)
{
	char p[96];
	json_t *arr, *v, *data;
	size_t i;
	int st = h1r__ld_member(L, obj, path, "transcript", 0, 1, &arr);

	if (st != H1R_OK || arr == NULL)
		return st;
	json_array_foreach(arr, i, v)
	{
		struct h1r_chunk *ch;
		snprintf(p, sizeof(p), "%s.transcript[%zu]", path, i);
		if (!json_is_object(v))
			return h1r__ld_fail(L, p, "a transcript entry must be an object, not %s",
			                    type_name(v));
		if (h1r__grow((void **)&c->transcript, &c->cap_transcript, c->n_transcript + 1,
		              sizeof(c->transcript[0])) != H1R_OK) {
			h1r__error(L->err, H1R_ENOMEM, 0, 0, "out of memory");
			return H1R_ENOMEM;
		}
		ch = &c->transcript[c->n_transcript++];
		memset(ch, 0, sizeof(*ch));
		if ((st = ld_dir(L, v, p, "dir", &ch->dir)) != H1R_OK ||
		    (st = h1r__ld_uint(L, v, p, "t_ms", 1, &ch->t_ms)) != H1R_OK ||
		    (st = ld_bool(L, v, p, "truncated", &ch->truncated)) != H1R_OK ||
		    (st = member(L, v, p, "data", 1, &data)) != H1R_OK)
			return st;
		if (!json_is_string(data))
			return h1r__ld_fail(L, p, "\"data\" must be a string, not %s", type_name(data));
		if ((st = ld_bytes(L, data, p, &ch->data)) != H1R_OK)
			return st;
		c->transcript_bytes += ch->data.len;
	}
	return H1R_OK;
}

static int ld_case(struct h1r__ld *L, json_t *v, const char *p, struct h1r_case *c)
{
	int st;

	if (!json_is_object(v))
		return h1r__ld_fail(L, p, "a case must be an object, not %s", type_name(v));
	if ((st = h1r__ld_str(L, v, p, "id", 1, &c->id)) != H1R_OK)
		return st;
	if (c->id.len == 0)
		return h1r__ld_fail(L, p, "\"id\" must not be empty");
	if ((st = h1r__ld_str(L, v, p, "title", 1, &c->title)) != H1R_OK ||
	    (st = h1r__ld_str(L, v, p, "document", 1, &c->document)) != H1R_OK ||
	    (st = h1r__ld_str(L, v, p, "section", 1, &c->section)) != H1R_OK ||
	    (st = ld_level(L, v, p, "level", &c->level)) != H1R_OK ||
	    (st = h1r__ld_str(L, v, p, "requirement", 1, &c->requirement)) != H1R_OK ||
	    (st = h1r__ld_verdict(L, v, p, "verdict", &c->verdict)) != H1R_OK ||
	    (st = h1r__ld_str(L, v, p, "expected", 0, &c->expected)) != H1R_OK ||
	    (st = h1r__ld_str(L, v, p, "actual", 0, &c->actual)) != H1R_OK ||
	    (st = h1r__ld_str(L, v, p, "message", 0, &c->message)) != H1R_OK ||
	    (st = h1r__ld_uint(L, v, p, "duration_ms", 0, &c->duration_ms)) != H1R_OK ||
	    (st = ld_tags(L, v, p, c)) != H1R_OK || (st = ld_findings(L, v, p, c)) != H1R_OK ||
	    (st = ld_transcript(L, v, p, c)) != H1R_OK)
		return st;
	return H1R_OK;
}

static int cmp_case_ids(const void *a, const void *b)
{
	const struct h1r_case *x = *(const struct h1r_case *const *)a;
	const struct h1r_case *y = *(const struct h1r_case *const *)b;
	size_t n = x->id.len < y->id.len ? x->id.len : y->id.len;
	int r = memcmp(x->id.ptr, y->id.ptr, n);

	if (r != 0)
		return r;
	return x->id.len < y->id.len ? -1 : x->id.len > y->id.len;
}

static int check_unique_ids(struct h1r__ld *L, const struct h1r_run *run)
{
	struct h1r_case **sorted;
	size_t i;

	if (run->n_cases < 2)
		return H1R_OK;
	sorted = malloc(run->n_cases * sizeof(*sorted));
	if (sorted == NULL) {
		h1r__error(L->err, H1R_ENOMEM, 0, 0, "out of memory");
		return H1R_ENOMEM;
	}
	memcpy(sorted, run->cases, run->n_cases * sizeof(*sorted));
	qsort(sorted, run->n_cases, sizeof(*sorted), cmp_case_ids);
	for (i = 1; i < run->n_cases; i++) {
		if (cmp_case_ids(&sorted[i - 1], &sorted[i]) == 0) {
			char q[100];
			h1r__ascii_quote(q, sizeof(q), sorted[i]->id.ptr, sorted[i]->id.len, 60);
			free(sorted);
			return h1r__ld_fail(L, "$.cases", "duplicate case id \"%s\"", q);
		}
	}
	free(sorted);
	return H1R_OK;
}

static int check_summary(struct h1r__ld *L, json_t *root, const struct h1r_run *run)
{
	static const char *const keys[H1R_VERDICT_COUNT] = {"pass", "fail", "warn", "skip", "error"};
	struct h1r_summary sum;
	json_t *obj;
	uint64_t n;
	size_t i;
	int st = h1r__ld_member(L, root, "$", "summary", 1, 0, &obj);

	if (st != H1R_OK)
		return st;
	h1r_run_summarize(run, &sum);
	for (i = 0; i <= H1R_VERDICT_COUNT; i++) {
		const char *key = i < H1R_VERDICT_COUNT ? keys[i] : "total";
		size_t want = i < H1R_VERDICT_COUNT ? sum.count[i] : sum.total;
		if ((st = h1r__ld_uint(L, obj, "$.summary", key, 1, &n)) != H1R_OK)
			return st;
		if (n != want)
			return h1r__ld_fail(L, "$.summary",
			                    "\"%s\" is %llu but the cases hold %zu; the file is "
			                    "inconsistent",
			                    key, (unsigned long long)n, want);
	}
	return H1R_OK;
}

static int ld_run(struct h1r__ld *L, json_t *root, struct h1r_run *run)
{
	json_t *obj, *cases, *v;
	char p[48];
	size_t i;
	int st;

	if (!json_is_object(root))
		return h1r__ld_fail(L, "$", "the top level must be an object, not %s", type_name(root));
	if ((st = h1r__ld_schema(L, root, "h1conform-results/", "results")) != H1R_OK)
		return st;
	if ((st = h1r__ld_member(L, root, "$", "tool", 1, 0, &obj)) != H1R_OK ||
	    (st = h1r__ld_str(L, obj, "$.tool", "name", 1, &run->tool_name)) != H1R_OK ||
	    (st = h1r__ld_str(L, obj, "$.tool", "version", 1, &run->tool_version)) != H1R_OK)
		return st;
	if ((st = h1r__ld_member(L, root, "$", "target", 1, 0, &obj)) != H1R_OK ||
	    (st = h1r__ld_str(L, obj, "$.target", "url", 1, &run->target_url)) != H1R_OK ||
	    (st = h1r__ld_str(L, obj, "$.target", "name", 0, &run->target_name)) != H1R_OK)
		return st;
	if ((st = h1r__ld_str(L, root, "$", "started", 1, &run->started)) != H1R_OK ||
	    (st = h1r__ld_uint(L, root, "$", "duration_ms", 1, &run->duration_ms)) != H1R_OK)
		return st;
	if ((st = h1r__ld_member(L, root, "$", "options", 0, 0, &obj)) != H1R_OK)
		return st;
	if (obj != NULL && (st = ld_bool(L, obj, "$.options", "strict", &run->strict)) != H1R_OK)
		return st;
	if ((st = h1r__ld_member(L, root, "$", "cases", 1, 1, &cases)) != H1R_OK)
		return st;
	if (h1r__grow((void **)&run->cases, &run->cap_cases, json_array_size(cases), sizeof(run->cases[0])) !=
	    H1R_OK) {
		h1r__error(L->err, H1R_ENOMEM, 0, 0, "out of memory");
		return H1R_ENOMEM;
	}
	json_array_foreach(cases, i, v)
	{
		struct h1r_case *c = calloc(1, sizeof(*c));
		if (c == NULL) {
			h1r__error(L->err, H1R_ENOMEM, 0, 0, "out of memory");
			return H1R_ENOMEM;
		}
		run->cases[run->n_cases++] = c;
		snprintf(p, sizeof(p), "$.cases[%zu]", i);
		if ((st = ld_case(L, v, p, c)) != H1R_OK)
			return st;
	}
	if ((st = check_unique_ids(L, run)) != H1R_OK)
		return st;
	return check_summary(L, root, run);
}

int h1r_run_load_buffer(const char *buf, size_t len, const char *source, struct h1r_run **out,
                        struct h1r_error *err)
{
	struct h1r__ld L;
	struct h1r_run *run;
	json_t *root;
	int st;

	*out = NULL;
	L.src = source ? source : "<buffer>";
	L.err = err;
	if (len > H1R_MAX_INPUT_BYTES) {
		h1r__error(err, H1R_ETOOBIG, 0, 0, "input larger than %zu bytes", H1R_MAX_INPUT_BYTES);
		return H1R_ETOOBIG;
	}
	root = h1r__parse_json(buf, len, L.src, err);
	if (root == NULL)
		return H1R_ESYNTAX;
	run = calloc(1, sizeof(*run));
	if (run == NULL) {
		json_decref(root);
		h1r__error(err, H1R_ENOMEM, 0, 0, "out of memory");
		return H1R_ENOMEM;
	}
	st = ld_run(&L, root, run);
	json_decref(root);
	if (st != H1R_OK) {
		h1r_run_free(run);
		return st;
	}
	*out = run;
	return H1R_OK;
}

int h1r_run_load_json(const char *path, struct h1r_run **out, struct h1r_error *err)
{
	char *buf;
	size_t len;
	int st;

	*out = NULL;
	st = h1r__read_file(path, &buf, &len, err);
	if (st != H1R_OK)
		return st;
	st = h1r_run_load_buffer(buf, len, path, out, err);
	free(buf);
	return st;
}

/* ---- writing ---------------------------------------------------------- */

json_t *h1r__json_str(const struct h1r_str *s)
{
	if (!h1r__utf8_valid(h1r__s(s), s->ptr ? s->len : 0))
		return NULL;
	return json_stringn(h1r__s(s), s->ptr ? s->len : 0);
}

int h1r__json_dump(FILE *out, json_t *root)
{
	if (json_dumpf(root, out, JSON_INDENT(2) | JSON_SORT_KEYS | JSON_ENSURE_ASCII) != 0)
		return H1R_EIO;
	if (fputc('\n', out) == EOF)
		return H1R_EIO;
	return h1r__finish(out);
}

/*
 * Building a tree: the first failure is remembered in *st and later calls
 * do nothing, so the code below reads as a plain list of fields.
 */
struct wr {
	int st;
};

static void put(struct wr *w, json_t *obj, const char *key, json_t *v, int invalid_if_null)
{
	if (w->st != H1R_OK) {
		json_decref(v);
		return;
	}
	if (v == NULL) {
		w->st = invalid_if_null ? H1R_EINVAL : H1R_ENOMEM;
		return;
	}
	if (json_object_set_new(obj, key, v) != 0)
		w->st = H1R_ENOMEM;
}

static void put_str(struct wr *w, json_t *obj, const char *key, const struct h1r_str *s)
{
	json_t *v = NULL;

	if (w->st != H1R_OK)
		return;
	if (!h1r__utf8_valid(h1r__s(s), s->ptr ? s->len : 0)) {
		w->st = H1R_EINVAL;
		return;
	}
	v = json_stringn(h1r__s(s), s->ptr ? s->len : 0);
	put(w, obj, key, v, 0);
}

static void put_uint(struct wr *w, json_t *obj, const char *key, uint64_t n)
{
	/* JSON integers here are json_int_t (64-bit signed); clamp rather than wrap. */
	json_int_t v = n > (uint64_t)INT64_MAX ? (json_int_t)INT64_MAX : (json_int_t)n;

	put(w, obj, key, json_integer(v), 0);
}

static void append(struct wr *w, json_t *arr, json_t *v)
{
	if (w->st != H1R_OK) {
		json_decref(v);
		return;
	}
	if (v == NULL || json_array_append_new(arr, v) != 0)
		w->st = H1R_ENOMEM;
}

static json_t *bytes_json(const struct h1r_bytes *b)
{
	unsigned char *u;
	size_t i, o = 0;
	json_t *v;

	if (b->len > ((size_t)-1) / 2)
		return NULL;
	u = malloc(b->len * 2 + 1);
	if (u == NULL)
		return NULL;
	for (i = 0; i < b->len; i++) {
		unsigned char c = b->ptr[i];
		if (c < 0x80) {
			u[o++] = c;
		} else {
			u[o++] = (unsigned char)(0xC0 | (c >> 6));
			u[o++] = (unsigned char)(0x80 | (c & 0x3F));
		}
	}
	v = json_stringn((const char *)u, o);
	free(u);
	return v;
}

static json_t *case_json(struct wr *w, const struct h1r_case *c)
{
	json_t *o = json_object(), *arr;
	size_t i;

	if (o == NULL) {
		w->st = H1R_ENOMEM;
		return NULL;
	}
	put_str(w, o, "id", &c->id);
	put_str(w, o, "title", &c->title);
	put_str(w, o, "document", &c->document);
	put_str(w, o, "section", &c->section);
	put(w, o, "level", json_string(h1r_level_name(c->level)), 0);
	put_str(w, o, "requirement", &c->requirement);
	put(w, o, "verdict", json_string(h1r_verdict_name(c->verdict)), 0);
	put_str(w, o, "expected", &c->expected);
	put_str(w, o, "actual", &c->actual);
	put_str(w, o, "message", &c->message);
	put_uint(w, o, "duration_ms", c->duration_ms);

	arr = json_array();
	put(w, o, "tags", arr, 0);
	for (i = 0; w->st == H1R_OK && i < c->n_tags; i++) {
		json_t *t = h1r__json_str(&c->tags[i]);
		if (t == NULL) {
			w->st = H1R_EINVAL;
			break;
		}
		append(w, arr, t);
	}

	arr = json_array();
	put(w, o, "findings", arr, 0);
	for (i = 0; w->st == H1R_OK && i < c->n_findings; i++) {
		const struct h1r_finding *f = &c->findings[i];
		json_t *fo = json_object();
		append(w, arr, fo);
		if (w->st != H1R_OK)
			break;
		put_str(w, fo, "rule", &f->rule);
		put(w, fo, "level", json_string(h1r_level_name(f->level)), 0);
		put_str(w, fo, "document", &f->document);
		put_str(w, fo, "section", &f->section);
		put_str(w, fo, "message", &f->message);
	}

	arr = json_array();
	put(w, o, "transcript", arr, 0);
	for (i = 0; w->st == H1R_OK && i < c->n_transcript; i++) {
		const struct h1r_chunk *ch = &c->transcript[i];
		json_t *to = json_object();
		append(w, arr, to);
		if (w->st != H1R_OK)
			break;
		put(w, to, "dir", json_string(h1r_dir_name(ch->dir)), 0);
		put_uint(w, to, "t_ms", ch->t_ms);
		put(w, to, "data", bytes_json(&ch->data), 0);
		put(w, to, "truncated", json_boolean(ch->truncated), 0);
	}
	return o;
}

int h1r_run_write_json(FILE *out, const struct h1r_run *run)
{
	struct wr w = {H1R_OK};
	struct h1r_summary sum;
	json_t *root = json_object(), *obj, *cases;
	size_t i;
	int st;

	if (root == NULL)
		return H1R_ENOMEM;
	put(&w, root, "schema", json_string(H1R_SCHEMA), 0);

	obj = json_object();
	put(&w, root, "tool", obj, 0);
	if (w.st == H1R_OK) {
		put_str(&w, obj, "name", &run->tool_name);
		put_str(&w, obj, "version", &run->tool_version);
	}

	obj = json_object();
	put(&w, root, "target", obj, 0);
	if (w.st == H1R_OK) {
		put_str(&w, obj, "url", &run->target_url);
		if (run->target_name.ptr != NULL)
			put_str(&w, obj, "name", &run->target_name);
	}

	put_str(&w, root, "started", &run->started);
	put_uint(&w, root, "duration_ms", run->duration_ms);

	obj = json_object();
	put(&w, root, "options", obj, 0);
	if (w.st == H1R_OK)
		put(&w, obj, "strict", json_boolean(run->strict), 0);

	h1r_run_summarize(run, &sum);
	obj = json_object();
	put(&w, root, "summary", obj, 0);
	for (i = 0; w.st == H1R_OK && i < H1R_VERDICT_COUNT; i++)
		put_uint(&w, obj, h1r_verdict_name((enum h1r_verdict)i), sum.count[i]);
	put_uint(&w, obj, "total", sum.total);

	cases = json_array();
	put(&w, root, "cases", cases, 0);
	for (i = 0; w.st == H1R_OK && i < run->n_cases; i++)
		append(&w, cases, case_json(&w, run->cases[i]));

	if (w.st != H1R_OK) {
		json_decref(root);
		return w.st;
	}
	st = h1r__json_dump(out, root);
	json_decref(root);
	return st;
}
