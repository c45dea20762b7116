/*
 * Baselines: a list of deviations a team accepts for now, each with the
 * reason, so that CI fails only on new ones and the list shrinks as fixes
 * land ("ratcheting").
 *
 * Matching is by case id and verdict. A deviation whose verdict differs from
 * its entry is reported as CHANGED rather than silently accepted: a warn
 * that became a fail is a regression, and even fail -> warn deserves a look
 * before the baseline is rewritten. Whether NEW and CHANGED items fail the
 * run follows the same rule as the run's own exit status
 * (h1r_verdict_gates): fail and error always, warn only when strict.
 *
 * Lookups go through the baseline's id-sorted array (bsearch), so applying
 * a baseline costs O(n log m).
 */
#include <stdlib.h>
#include <string.h>

#include "reports/h1r_internal.h"

static int cmp_str(const struct h1r_str *a, const struct h1r_str *b)
{
	size_t al = a->ptr ? a->len : 0, bl = b->ptr ? b->len : 0;
	int r = memcmp(h1r__s(a), h1r__s(b), al < bl ? al : bl);

	if (r != 0)
		return r < 0 ? -1 : 1;
	return al < bl ? -1 : al > bl;
}

static int cmp_entry(const void *a, const void *b)
{
	const struct h1r_baseline_entry *x = a, *y = b;

	return cmp_str(&x->id, &y->id);
}

void h1r_baseline_free(struct h1r_baseline *b)
{
	size_t i;

	if (b == NULL)
		return;
	for (i = 0; i < b->n_known; i++) {
		h1r__str_clear(&b->known[i].id);
		h1r__str_clear(&b->known[i].reason);
	}
	free(b->known);
	free(b);
}

static int ld_baseline(struct h1r__ld *L, json_t *root, struct h1r_baseline *b)
{
	json_t *arr, *v;
	char p[64];
	size_t i, cap = 0;
	int st;

	if (!json_is_object(root))
		return h1r__ld_fail(L, "$", "the top level must be an object");
	if ((st = h1r__ld_schema(L, root, "h1conform-baseline/", "baseline")) != H1R_OK ||
	    (st = h1r__ld_member(L, root, "$", "known", 1, 1, &arr)) != H1R_OK)
		return st;
	if (h1r__grow((void **)&b->known, &cap, json_array_size(arr) ? json_array_size(arr) : 1,
	              sizeof(b->known[0])) != H1R_OK) {
		h1r__error(L->err, H1R_ENOMEM, 0, 0, "out of memory");
		return H1R_ENOMEM;
	}
	json_array_foreach(arr, i, v)
	{
		struct h1r_baseline_entry *e = &b->known[b->n_known++];
		memset(e, 0, sizeof(*e));
		snprintf(p, sizeof(p), "$.known[%zu]", i);
		if (!json_is_object(v))
			return h1r__ld_fail(L, p, "an entry must be an object");
		if ((st = h1r__ld_str(L, v, p, "id", 1, &e->id)) != H1R_OK ||
		    (st = h1r__ld_verdict(L, v, p, "verdict", &e->verdict)) != H1R_OK ||
		    (st = h1r__ld_str(L, v, p, "reason", 1, &e->reason)) != H1R_OK)
			return st;
		if (e->id.len == 0)
			return h1r__ld_fail(L, p, "\"id\" must not be empty");
		if (e->verdict == H1R_PASS || e->verdict == H1R_SKIP)
			return h1r__ld_fail(L, p,
			                    "\"verdict\" must be fail, warn or error: only deviations "
			                    "belong in a baseline");
		/* A reason of only spaces is no reason: the point is to say why. */
		if (e->reason.len == 0 || strspn(e->reason.ptr, " \t") == e->reason.len)
			return h1r__ld_fail(L, p, "\"reason\" must say why the deviation is accepted");
	}
	qsort(b->known, b->n_known, sizeof(b->known[0]), cmp_entry);
	for (i = 1; i < b->n_known; i++) {
		if (cmp_str(&b->known[i - 1].id, &b->known[i].id) == 0) {
			char q[100];
			h1r__ascii_quote(q, sizeof(q), b->known[i].id.ptr, b->known[i].id.len, 60);
			return h1r__ld_fail(L, "$.known", "duplicate id \"%s\"", q);
		}
	}
	return H1R_OK;
}

int h1r_baseline_load_buffer(const char *buf, size_t len, const char *source, struct h1r_baseline **out,
                             struct h1r_error *err)
{
	struct h1r__ld L;
	struct h1r_baseline *b;
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
	b = calloc(1, sizeof(*b));
	if (b == NULL) {
		json_decref(root);
		h1r__error(err, H1R_ENOMEM, 0, 0, "out of memory");
		return H1R_ENOMEM;
	}
	st = ld_baseline(&L, root, b);
	json_decref(root);
	if (st != H1R_OK) {
		h1r_baseline_free(b);
		return st;
	}
	*out = b;
	return H1R_OK;
}

int h1r_baseline_load(const char *path, struct h1r_baseline **out, struct h1r_error *err)
{
	char *buf;
	size_t len;
	int st;

	*out = NULL;
	st = h1r__read_file(path, &buf, &len, err);
	if (st != H1R_OK)
		return st;
	st = h1r_baseline_load_buffer(buf, len, path, out, err);
	free(buf);
	return st;
}

static const struct h1r_baseline_entry *lookup(const struct h1r_baseline *b, const struct h1r_str *id)
{
	struct h1r_baseline_entry key;

	if (b == NULL || b->n_known == 0)
		return NULL;
	memset(&key, 0, sizeof(key));
	key.id = *id;
	return bsearch(&key, b->known, b->n_known, sizeof(b->known[0]), cmp_entry);
}

static int is_deviation(enum h1r_verdict v)
{
	return v == H1R_FAIL || v == H1R_WARN || v == H1R_ERROR;
}

static int cmp_delta(const void *a, const void *b)
{
	const struct h1r_delta *x = a, *y = b;
	int r;

	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	r = cmp_str(x->id, y->id);
	if (r != 0)
		return r;
	/* Same kind and id only for a duplicated id in the run: keep a total order. */
	return x->c < y->c ? -1 : x->c > y->c;
}

int h1r_baseline_apply(const struct h1r_run *run, const struct h1r_baseline *baseline,
                       struct h1r_baseline_result *out)
{
	const struct h1r_case **by_entry = NULL;
	size_t i, n_known = baseline ? baseline->n_known : 0, cap;

	memset(out, 0, sizeof(*out));
	cap = run->n_cases + n_known;
	if (cap == 0)
		return H1R_OK;
	if (cap < run->n_cases || cap > ((size_t)-1) / sizeof(*out->items))
		return H1R_ENOMEM;
	out->items = calloc(cap, sizeof(*out->items));
	if (n_known)
		by_entry = calloc(n_known, sizeof(*by_entry));
	if (out->items == NULL || (n_known && by_entry == NULL)) {
		free(by_entry);
		h1r_baseline_result_free(out);
		return H1R_ENOMEM;
	}
	for (i = 0; i < run->n_cases; i++) {
		const struct h1r_case *c = run->cases[i];
		const struct h1r_baseline_entry *e = lookup(baseline, &c->id);
		struct h1r_delta *d;
		if (e != NULL)
			by_entry[e - baseline->known] = c;
		if (!is_deviation(c->verdict) && !(e != NULL && c->verdict == H1R_PASS))
			continue;
		d = &out->items[out->n_items++];
		d->id = &c->id;
		d->c = c;
		d->known = e;
		if (c->verdict == H1R_PASS)
			d->kind = H1R_DELTA_FIXED;
		else if (e == NULL)
			d->kind = H1R_DELTA_NEW;
		else if (e->verdict != c->verdict)
			d->kind = H1R_DELTA_CHANGED;
		else
			d->kind = H1R_DELTA_KNOWN;
		if ((d->kind == H1R_DELTA_NEW || d->kind == H1R_DELTA_CHANGED) &&
		    h1r_verdict_gates(c->verdict, run->strict))
			out->should_fail = 1;
	}
	for (i = 0; i < n_known; i++) {
		struct h1r_delta *d;
		/* Entries whose case ran were classified above; skipped or absent are not run. */
		if (by_entry[i] != NULL && by_entry[i]->verdict != H1R_SKIP)
			continue;
		d = &out->items[out->n_items++];
		d->kind = H1R_DELTA_NOT_RUN;
		d->id = &baseline->known[i].id;
		d->c = by_entry[i];
		d->known = &baseline->known[i];
	}
	free(by_entry);
	qsort(out->items, out->n_items, sizeof(*out->items), cmp_delta);
	for (i = 0; i < out->n_items; i++)
		out->count[out->items[i].kind]++;
	return H1R_OK;
}

void h1r_baseline_result_free(struct h1r_baseline_result *r)
{
	free(r->items);
	memset(r, 0, sizeof(*r));
}

static int cmp_case_ptr(const void *a, const void *b)
{
	const struct h1r_case *x = *(const struct h1r_case *const *)a;
	const struct h1r_case *y = *(const struct h1r_case *const *)b;

	return cmp_str(&x->id, &y->id);
}

int h1r_baseline_write_json(FILE *out, const struct h1r_run *run, const struct h1r_baseline *previous,
                            const char *default_reason)
{
	const struct h1r_case **list;
	struct h1r_str fallback = {NULL, 0};
	json_t *root, *arr;
	size_t i, n = 0;
	int st = H1R_OK;

	list = malloc((run->n_cases ? run->n_cases : 1) * sizeof(*list));
	if (list == NULL)
		return H1R_ENOMEM;
	for (i = 0; i < run->n_cases; i++)
		if (is_deviation(run->cases[i]->verdict))
			list[n++] = run->cases[i];
	qsort(list, n, sizeof(*list), cmp_case_ptr);

	if (default_reason != NULL) {
		st = h1r_str_setz(&fallback, default_reason);
	} else {
		char buf[200];
		char when[64];
		h1r__ascii_quote(when, sizeof(when), h1r__s(&run->started), run->started.len, 40);
		snprintf(buf, sizeof(buf),
		         "recorded from the run started %s; replace with the reason this is "
		         "accepted",
		         when);
		st = h1r_str_setz(&fallback, buf);
	}
	root = json_object();
	arr = json_array();
	if (st != H1R_OK || root == NULL || arr == NULL ||
	    json_object_set_new(root, "schema", json_string(H1R_BASELINE_SCHEMA)) != 0 ||
	    json_object_set(root, "known", arr) != 0) {
		st = H1R_ENOMEM;
		goto done;
	}
	for (i = 0; i < n; i++) {
		const struct h1r_baseline_entry *e = lookup(previous, &list[i]->id);
		json_t *o = json_object(), *id, *reason;
		if (o == NULL || json_array_append_new(arr, o) != 0) {
			st = H1R_ENOMEM;
			goto done;
		}
		id = h1r__json_str(&list[i]->id);
		reason = h1r__json_str(e ? &e->reason : &fallback);
		if (id == NULL || reason == NULL) {
			json_decref(id);
			json_decref(reason);
			st = H1R_EINVAL;
			goto done;
		}
		if (json_object_set_new(o, "id", id) != 0 || json_object_set_new(o, "reason", reason) != 0 ||
		    json_object_set_new(o, "verdict", json_string(h1r_verdict_name(list[i]->verdict))) != 0) {
			st = H1R_ENOMEM;
			goto done;
		}
	}
	st = h1r__json_dump(out, root);
done:
	json_decref(arr);
	json_decref(root);
	h1r__str_clear(&fallback);
	free(list);
	return st;
}
