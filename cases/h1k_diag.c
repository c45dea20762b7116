/*
 * Diagnostics and the per-case arena.
 *
 * Diagnostics follow the compiler convention "file:line:col: path: message"
 * so editors can jump to the spot. The list is bounded: a directory of
 * thousands of broken files still produces a bounded report (the rest are
 * counted). The arena gives each case one owner for all its memory, which
 * keeps the loader's many early returns free of cleanup code.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases/h1k.h"
#include "cases/h1k_internal.h"

/* Each allocation is one node; the case frees the chain at once. */
struct h1k__arena {
	struct node *head;
};

struct node {
	struct node *next;
	/* the payload follows, aligned like any object */
	union {
		max_align_t align;
		char bytes[1];
	} u[];
};

void *h1k__alloc(struct h1k__arena **a, size_t n)
{
	struct node *nd;

	if (*a == NULL) {
		*a = calloc(1, sizeof(**a));
		if (*a == NULL)
			return NULL;
	}
	if (n > H1K_MAX_SEND * 4)
		return NULL;
	nd = calloc(1, sizeof(*nd) + (n ? n : 1));
	if (nd == NULL)
		return NULL;
	nd->next = (*a)->head;
	(*a)->head = nd;
	return nd->u;
}

char *h1k__memdup(struct h1k__arena **a, const char *p, size_t n)
{
	char *s = h1k__alloc(a, n + 1);

	if (s && n)
		memcpy(s, p, n);
	return s;
}

void h1k__arena_free(struct h1k__arena *a)
{
	struct node *nd, *next;

	if (a == NULL)
		return;
	for (nd = a->head; nd; nd = next) {
		next = nd->next;
		free(nd);
	}
	free(a);
}

/* Copy a message with control characters written as escapes: a message is
 * one line, even when it quotes input (jansson's "near '...'" may hold a
 * raw LF or CR from the file). */
static char *dup_one_line(const char *s)
{
	static const char hex[] = "0123456789abcdef";
	size_t n = 0, i;
	char *d;

	for (i = 0; s[i]; i++)
		n += ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) ? 6 : 1;
	d = malloc(n + 1);
	if (d == NULL)
		return NULL;
	for (i = 0, n = 0; s[i]; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f) {
			memcpy(d + n, "\\u00", 4);
			d[n + 4] = hex[c >> 4];
			d[n + 5] = hex[c & 15];
			n += 6;
		} else {
			d[n++] = (char)c;
		}
	}
	d[n] = '\0';
	return d;
}

static char *dupstr(const char *s)
{
	size_t n = strlen(s);
	char *d = malloc(n + 1);

	if (d)
		memcpy(d, s, n + 1);
	return d;
}

int h1k__diag_vadd(struct h1k_diags *d, const char *file, int line, int col, const char *path,
                   const char *fmt, va_list ap)
{
	struct h1k_diag *g;
	char msg[1024];

	if (d == NULL)
		return 0;
	if (d->n >= H1K_MAX_DIAGS) {
		d->dropped++;
		return 0;
	}
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 16;
		struct h1k_diag *v = realloc(d->v, cap * sizeof(*v));
		if (v == NULL) {
			d->dropped++;
			return -1;
		}
		d->v = v;
		d->cap = cap;
	}
	vsnprintf(msg, sizeof(msg), fmt, ap);
	g = &d->v[d->n];
	g->file = dupstr(file ? file : "");
	g->path = dupstr(path ? path : "");
	g->message = dup_one_line(msg);
	g->line = line;
	g->col = col;
	if (g->file == NULL || g->path == NULL || g->message == NULL) {
		free(g->file);
		free(g->path);
		free(g->message);
		d->dropped++;
		return -1;
	}
	d->n++;
	return 0;
}

int h1k__diag_add(struct h1k_diags *d, const char *file, int line, int col, const char *path, const char *fmt,
                  ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = h1k__diag_vadd(d, file, line, col, path, fmt, ap);
	va_end(ap);
	return rc;
}

void h1k_diags_free(struct h1k_diags *d)
{
	size_t i;

	if (d == NULL)
		return;
	for (i = 0; i < d->n; i++) {
		free(d->v[i].file);
		free(d->v[i].path);
		free(d->v[i].message);
	}
	free(d->v);
	memset(d, 0, sizeof(*d));
}

size_t h1k_diag_format(const struct h1k_diag *d, char *out, size_t cap)
{
	int n;

	if (d->line > 0 && d->path[0])
		n = snprintf(out, cap, "%s:%d:%d: %s: %s", d->file, d->line, d->col, d->path, d->message);
	else if (d->line > 0)
		n = snprintf(out, cap, "%s:%d:%d: %s", d->file, d->line, d->col, d->message);
	else if (d->path[0])
		n = snprintf(out, cap, "%s: %s: %s", d->file, d->path, d->message);
	else
		n = snprintf(out, cap, "%s: %s", d->file, d->message);
	return n < 0 ? 0 : (size_t)n;
}

void h1k_diag_print(FILE *f, const struct h1k_diag *d)
{
	char buf[2048];
	size_t n = h1k_diag_format(d, buf, sizeof(buf));

	fprintf(f, "%s%s\n", buf, n >= sizeof(buf) ? "..." : "");
}
