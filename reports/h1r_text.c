/*
 * Text handling for the writers: UTF-8 decoding, escaping for each output
 * medium, natural ordering of section numbers and RFC links.
 *
 * The escapers work one code point (or octet) at a time and decide from a
 * closed list what may pass through as is; anything else becomes visible
 * text. Being conservative costs nothing here: a report is read by people,
 * and a visible \x1b is more useful to them than an invisible one.
 */
#include <stdarg.h>
#include <string.h>

#include "reports/h1r_internal.h"

long h1r__utf8_next(const unsigned char *s, size_t len, size_t *adv)
{
	unsigned c = s[0];
	unsigned long cp, min;
	size_t n, i;

	*adv = 1;
	if (c < 0x80)
		return (long)c;
	if (c >= 0xC2 && c <= 0xDF) {
		n = 2;
		cp = c & 0x1F;
		min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 3;
		cp = c & 0x0F;
		min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4;
		cp = c & 0x07;
		min = 0x10000;
	} else {
		return -1;
	}
	if (len < n)
		return -1;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return -1;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	/* Overlong forms and UTF-16 surrogates are not UTF-8 (RFC 3629 section 3). */
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return -1;
	*adv = n;
	return (long)cp;
}

int h1r__utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, adv;

	while (i < len) {
		if (h1r__utf8_next(p + i, len - i, &adv) < 0)
			return 0;
		i += adv;
	}
	return 1;
}

void h1r__error(struct h1r_error *e, int status, int line, int column, const char *fmt, ...)
{
	va_list ap;

	if (e == NULL)
		return;
	e->status = status;
	e->line = line;
	e->column = column;
	va_start(ap, fmt);
	vsnprintf(e->text, sizeof(e->text), fmt, ap);
	va_end(ap);
}

void h1r__ascii_quote(char *dst, size_t cap, const char *s, size_t len, size_t max)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0, i;

	if (cap < 8) {
		if (cap > 0)
			dst[0] = '\0';
		return;
	}
	for (i = 0; i < len && i < max; i++) {
		unsigned char c = (unsigned char)s[i];
		/* Room for the longest escape (4), "..." and the NUL. */
		if (o + 4 + 4 > cap)
			break;
		if (c == '\\') {
			dst[o++] = '\\';
			dst[o++] = '\\';
		} else if (c >= 0x20 && c < 0x7F) {
			dst[o++] = (char)c;
		} else {
			dst[o++] = '\\';
			dst[o++] = 'x';
			dst[o++] = hex[c >> 4];
			dst[o++] = hex[c & 15];
		}
	}
	if (i < len) {
		memcpy(dst + o, "...", 3);
		o += 3;
	}
	dst[o] = '\0';
}

/*
 * Code points that must not reach a reader as themselves: C0 and C1
 * controls and DEL (terminal escapes, XML 1.0 restrictions), characters
 * that change text direction or are invisible (they can make a report say
 * something other than the data: "Trojan Source"), line separators, and the
 * noncharacters XML 1.0 excludes.
 */
static int cp_hidden(unsigned long cp)
{
	if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F))
		return 1;
	if (cp == 0xAD || cp == 0x061C || cp == 0x180E)
		return 1;
	if ((cp >= 0x200B && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202E) ||
	    (cp >= 0x2060 && cp <= 0x206F))
		return 1;
	if (cp == 0xFEFF || (cp >= 0xFFF9 && cp <= 0xFFFB))
		return 1;
	if ((cp & 0xFFFE) == 0xFFFE || (cp >= 0xFDD0 && cp <= 0xFDEF))
		return 1;
	if (cp >= 0xE0000 && cp <= 0xE007F)
		return 1;
	return 0;
}

/* HTML mode groups consecutive escapes in one span; this tracks it. */
struct esc_state {
	FILE *f;
	enum h1r__mode m;
	int in_span;
};

static void esc_open(struct esc_state *st)
{
	if (st->m == H1R__HTML && !st->in_span) {
		fputs("<span class=\"x\">", st->f);
		st->in_span = 1;
	}
}

static void esc_close(struct esc_state *st)
{
	if (st->in_span) {
		fputs("</span>", st->f);
		st->in_span = 0;
	}
}

static void esc_byte(struct esc_state *st, unsigned char c)
{
	static const char hex[] = "0123456789abcdef";
	char buf[4] = {'\\', 'x', hex[c >> 4], hex[c & 15]};

	esc_open(st);
	fwrite(buf, 1, sizeof(buf), st->f);
}

static void esc_cp(struct esc_state *st, unsigned long cp)
{
	esc_open(st);
	if (cp == '\r')
		fputs("\\r", st->f);
	else if (cp == '\n')
		fputs("\\n", st->f);
	else if (cp == '\t')
		fputs("\\t", st->f);
	else if (cp < 0x80)
		esc_byte(st, (unsigned char)cp);
	else
		fprintf(st->f, "\\u{%04lX}", cp);
}

/* A printable ASCII character, with markup escaping for XML and HTML. */
static void put_ascii(struct esc_state *st, unsigned char c)
{
	esc_close(st);
	if (st->m != H1R__TERM) {
		switch (c) {
		case '&':
			fputs("&amp;", st->f);
			return;
		case '<':
			fputs("&lt;", st->f);
			return;
		case '>':
			fputs("&gt;", st->f);
			return;
		case '"':
			fputs("&quot;", st->f);
			return;
		case '\'':
			fputs("&#39;", st->f);
			return;
		default:
			break;
		}
	}
	if (c == '\\' && st->m != H1R__HTML) {
		fputs("\\\\", st->f);
		return;
	}
	fputc(c, st->f);
}

size_t h1r__put_text(FILE *f, enum h1r__mode m, const char *s, size_t len, size_t limit)
{
	const unsigned char *p = (const unsigned char *)s;
	struct esc_state st = {f, m, 0};
	size_t i = 0, adv;

	if (s == NULL)
		return 0;
	if (limit == 0 || limit > len)
		limit = len;
	while (i < limit) {
		long cp = h1r__utf8_next(p + i, len - i, &adv);
		if (i + adv > limit)
			break;
		if (cp < 0) {
			esc_byte(&st, p[i]);
		} else if (cp_hidden((unsigned long)cp)) {
			esc_cp(&st, (unsigned long)cp);
		} else if (cp < 0x80) {
			put_ascii(&st, (unsigned char)cp);
		} else {
			esc_close(&st);
			fwrite(p + i, 1, adv, f);
		}
		i += adv;
	}
	esc_close(&st);
	return i;
}

void h1r__put_str(FILE *f, enum h1r__mode m, const struct h1r_str *s, size_t limit)
{
	size_t done;

	if (s->ptr == NULL)
		return;
	done = h1r__put_text(f, m, s->ptr, s->len, limit);
	if (done < s->len)
		fputs(m == H1R__TERM ? "..." : "\xE2\x80\xA6", f);
}

size_t h1r__put_bytes(FILE *f, enum h1r__mode m, const unsigned char *p, size_t len, size_t limit)
{
	struct esc_state st = {f, m, 0};
	size_t i;

	if (p == NULL)
		return 0;
	if (limit == 0 || limit > len)
		limit = len;
	for (i = 0; i < limit; i++) {
		unsigned char c = p[i];
		if (c == '\r') {
			esc_open(&st);
			fputs("\\r", f);
		} else if (c == '\n') {
			esc_open(&st);
			fputs("\\n\n", f);
		} else if (c == '\t') {
			esc_open(&st);
			fputs("\\t", f);
		} else if (c >= 0x20 && c < 0x7F) {
			put_ascii(&st, c);
		} else {
			esc_byte(&st, c);
		}
	}
	esc_close(&st);
	return i;
}

static int is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

int h1r__natcmp(const struct h1r_str *a, const struct h1r_str *b)
{
	const unsigned char *x = (const unsigned char *)h1r__s(a);
	const unsigned char *y = (const unsigned char *)h1r__s(b);
	size_t xl = a->ptr ? a->len : 0, yl = b->ptr ? b->len : 0;
	size_t i = 0, j = 0;
	int r;

	while (i < xl && j < yl) {
		if (is_digit(x[i]) && is_digit(y[j])) {
			size_t si, sj, ni, nj;
			/* Skip leading zeros, then the longer run is the larger number. */
			while (i < xl && x[i] == '0')
				i++;
			while (j < yl && y[j] == '0')
				j++;
			si = i;
			sj = j;
			while (i < xl && is_digit(x[i]))
				i++;
			while (j < yl && is_digit(y[j]))
				j++;
			ni = i - si;
			nj = j - sj;
			if (ni != nj)
				return ni < nj ? -1 : 1;
			r = memcmp(x + si, y + sj, ni);
			if (r != 0)
				return r < 0 ? -1 : 1;
			continue;
		}
		if (x[i] != y[j])
			return x[i] < y[j] ? -1 : 1;
		i++;
		j++;
	}
	if (i < xl)
		return 1;
	if (j < yl)
		return -1;
	/* Equal by value ("6.03" and "6.3"): order bytewise so the order is total. */
	r = memcmp(x, y, xl < yl ? xl : yl);
	if (r != 0)
		return r < 0 ? -1 : 1;
	if (xl != yl)
		return xl < yl ? -1 : 1;
	return 0;
}

/* Digits only, 1..max of them. */
static int all_digits(const char *s, size_t len, size_t max)
{
	size_t i;

	if (len == 0 || len > max)
		return 0;
	for (i = 0; i < len; i++)
		if (!is_digit((unsigned char)s[i]))
			return 0;
	return 1;
}

/* "6.3", "4" (dotted numbers) or "A", "B.1" (appendix); kind: 1 section, 2 appendix. */
static int section_kind(const char *s, size_t len)
{
	size_t i = 0, start;
	int kind = 1;

	if (len == 0 || len > 32)
		return 0;
	if (s[0] >= 'A' && s[0] <= 'Z') {
		kind = 2;
		i = 1;
		if (i == len)
			return kind;
		if (s[i++] != '.')
			return 0;
	}
	for (;;) {
		start = i;
		while (i < len && is_digit((unsigned char)s[i]))
			i++;
		if (i == start)
			return 0;
		if (i == len)
			return kind;
		if (s[i++] != '.')
			return 0;
	}
}

int h1r__rfc_url(const struct h1r_str *doc, const struct h1r_str *section, char *buf, size_t cap)
{
	const char *d = h1r__s(doc);
	size_t dl = doc->ptr ? doc->len : 0, skip;
	const char *sec = h1r__s(section);
	size_t sl = section->ptr ? section->len : 0;
	int kind, n;

	if (dl < 4 || memcmp(d, "RFC", 3) != 0)
		return 0;
	skip = d[3] == ' ' ? 4 : 3;
	if (!all_digits(d + skip, dl - skip, 5))
		return 0;
	kind = section_kind(sec, sl);
	if (kind == 1)
		n = snprintf(buf, cap, "https://www.rfc-editor.org/rfc/rfc%.*s#section-%.*s",
		             (int)(dl - skip), d + skip, (int)sl, sec);
	else if (kind == 2)
		n = snprintf(buf, cap, "https://www.rfc-editor.org/rfc/rfc%.*s#appendix-%.*s",
		             (int)(dl - skip), d + skip, (int)sl, sec);
	else
		n = snprintf(buf, cap, "https://www.rfc-editor.org/rfc/rfc%.*s", (int)(dl - skip), d + skip);
	return n > 0 && (size_t)n < cap;
}

void h1r__put_group_cut(FILE *f, enum h1r__mode m, const struct h1r_str *doc, const struct h1r_str *section,
                        size_t doc_max, size_t section_max)
{
	if (doc->ptr == NULL || doc->len == 0)
		fputs("(no document)", f);
	else
		h1r__put_str(f, m, doc, doc_max);
	if (section->ptr != NULL && section->len > 0) {
		fputs(" \xC2\xA7", f);
		h1r__put_str(f, m, section, section_max);
	}
}

void h1r__put_group(FILE *f, enum h1r__mode m, const struct h1r_str *doc, const struct h1r_str *section)
{
	h1r__put_group_cut(f, m, doc, section, 64, 32);
}

int h1r__same_group(const struct h1r_case *a, const struct h1r_case *b)
{
	return h1r__natcmp(&a->document, &b->document) == 0 && h1r__natcmp(&a->section, &b->section) == 0;
}

unsigned h1r__vi(enum h1r_verdict v)
{
	return (unsigned)v < H1R_VERDICT_COUNT ? (unsigned)v : (unsigned)H1R_ERROR;
}

int h1r__case_notable(const struct h1r_case *c)
{
	return c->verdict != H1R_PASS || c->n_findings > 0;
}

void h1r__put_seconds(FILE *f, uint64_t ms)
{
	fprintf(f, "%llu.%03u", (unsigned long long)(ms / 1000), (unsigned)(ms % 1000));
}

int h1r__finish(FILE *f)
{
	if (fflush(f) != 0 || ferror(f))
		return H1R_EIO;
	return H1R_OK;
}
