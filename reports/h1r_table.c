/*
 * The arrangement every writer shares: cases of one or more runs sorted into
 * groups (document, section) and rows (case id), one cell per run.
 *
 * Sorting all (run, case) pairs once and merging equal keys keeps this
 * O(n log n) in the total number of cases, whatever a hostile file holds.
 * The order is total (ties fall back to run and position), so qsort's
 * instability cannot change the output: determinism of every report rests
 * on this.
 */
#include <stdlib.h>
#include <string.h>

#include "reports/h1r_internal.h"

struct item {
	const struct h1r_case *c;
	size_t run;
	size_t pos;
};

static int cmp_bytes(const struct h1r_str *a, const struct h1r_str *b)
{
	size_t al = a->ptr ? a->len : 0, bl = b->ptr ? b->len : 0;
	int r = memcmp(h1r__s(a), h1r__s(b), al < bl ? al : bl);

	if (r != 0)
		return r < 0 ? -1 : 1;
	return al < bl ? -1 : al > bl;
}

/* Rows are keyed by group and id; this compares those keys only. */
static int cmp_key(const struct h1r_case *x, const struct h1r_case *y)
{
	int r = h1r__natcmp(&x->document, &y->document);

	if (r == 0)
		r = h1r__natcmp(&x->section, &y->section);
	if (r == 0)
		r = cmp_bytes(&x->id, &y->id);
	return r;
}

static int cmp_item(const void *a, const void *b)
{
	const struct item *x = a, *y = b;
	int r = cmp_key(x->c, y->c);

	if (r != 0)
		return r;
	if (x->run != y->run)
		return x->run < y->run ? -1 : 1;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

int h1r__table_build(struct h1r__table *t, const struct h1r_run *const *runs, size_t n_runs)
{
	struct item *items;
	size_t total = 0, i, r, k, n_rows = 0;

	memset(t, 0, sizeof(*t));
	t->n_runs = n_runs;
	for (r = 0; r < n_runs; r++)
		total += runs[r]->n_cases;
	if (total == 0)
		return H1R_OK;
	items = malloc(total * sizeof(*items));
	if (items == NULL)
		return H1R_ENOMEM;
	for (r = 0, k = 0; r < n_runs; r++)
		for (i = 0; i < runs[r]->n_cases; i++, k++) {
			items[k].c = runs[r]->cases[i];
			items[k].run = r;
			items[k].pos = i;
		}
	qsort(items, total, sizeof(*items), cmp_item);

	/* Rows: at most one per item; each row has n_runs cells. */
	if (n_runs > ((size_t)-1) / sizeof(*t->cells) / total) {
		free(items);
		return H1R_ENOMEM;
	}
	t->rows = calloc(total, sizeof(*t->rows));
	t->cells = calloc(total * n_runs, sizeof(*t->cells));
	if (t->rows == NULL || t->cells == NULL) {
		free(items);
		h1r__table_free(t);
		return H1R_ENOMEM;
	}
	for (k = 0; k < total; k++) {
		struct h1r__row *row = n_rows ? &t->rows[n_rows - 1] : NULL;
		/* A new row for a new key, or when this run already filled the cell (duplicate id). */
		if (row == NULL || cmp_key(row->first, items[k].c) != 0 || row->cells[items[k].run] != NULL) {
			row = &t->rows[n_rows];
			row->first = items[k].c;
			row->cells = &t->cells[n_rows * n_runs];
			n_rows++;
		}
		row->cells[items[k].run] = items[k].c;
	}
	t->n_rows = n_rows;
	free(items);
	return H1R_OK;
}

void h1r__table_free(struct h1r__table *t)
{
	free(t->rows);
	free(t->cells);
	memset(t, 0, sizeof(*t));
}
