/*
 * The case loader: one JSON text to one validated struct h1k_case.
 *
 * jansson parses (rejecting duplicate keys, allowing NUL in strings because
 * "\u0000" is a legitimate octet to send); this file then walks the tree
 * once, in the order of cases/FORMAT.md, checking every key, type, range
 * and combination while it builds the model in the case's arena. The
 * first problem ends the walk with one diagnostic: its JSON path is kept
 * as the walk descends, and h1k__locate() turns the path into a line and
 * column of the original text. Every limit of FORMAT.md is enforced here,
 * so a loaded case needs no further validation by its users.
 */
#include <jansson.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cases/h1k.h"
#include "cases/h1k_internal.h"
#include "reference/h1.h"

/* Bounds of cases/FORMAT.md. */
#define MAX_TITLE      200
#define MAX_TEXT       2000
#define MAX_TAGS       32
#define MAX_TAG        40
#define MAX_STEPS      4096
#define MAX_DELAY_MS   10000
#define MAX_REPEAT     16777216L
#define MAX_METHODS    256
#define MAX_METHOD     64
#define MAX_MESSAGES   256
#define MAX_FIELDS     1024
#define MAX_LENIENT    32
#define MAX_OUTCOMES   64
#define MAX_RESPONSES  256
#define MAX_STATUS     64
#define MAX_NAMES      64
#define MAX_NAME       256
#define MIN_TIMEOUT_MS 100
#define MAX_TIMEOUT_MS 60000
/* deepest JSON path the format has: $.reference.lenient[k].messages[i].headers[j][1] */
#define MAX_PATH 16

struct ctx {
	const char *file;
	const char *text;
	size_t textlen;
	struct h1k_diags *diags;
	struct h1k_case *c;
	struct h1k__seg path[MAX_PATH];
	size_t depth;
	int oom;
};

/* ---------------------------------------------------------------------- */
/* paths and errors                                                        */

static void push_key(struct ctx *x, const char *key)
{
	if (x->depth < MAX_PATH) {
		x->path[x->depth].key = key;
		x->path[x->depth].index = 0;
	}
	x->depth++;
}

static void push_index(struct ctx *x, size_t index)
{
	if (x->depth < MAX_PATH) {
		x->path[x->depth].key = NULL;
		x->path[x->depth].index = index;
	}
	x->depth++;
}

static void pop(struct ctx *x)
{
	x->depth--;
}

/* Write s as a short JSON-style quoted string for messages. */
static void quote(const char *s, size_t n, char *out, size_t cap)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0, i;

	if (cap < 16)
		return;
	out[o++] = '"';
	for (i = 0; i < n && o + 12 < cap; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\') {
			out[o++] = '\\';
			out[o++] = (char)c;
		} else if (c < 0x20 || c == 0x7f) {
			memcpy(out + o, "\\u00", 4);
			out[o + 4] = hex[c >> 4];
			out[o + 5] = hex[c & 15];
			o += 6;
		} else {
			out[o++] = (char)c;
		}
	}
	if (i < n) {
		/* never cut a UTF-8 sequence in half */
		while (o > 1 && ((unsigned char)out[o - 1] & 0xC0) == 0x80)
			o--;
		if (o > 1 && ((unsigned char)out[o - 1] & 0xC0) == 0xC0)
			o--;
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o++] = '"';
	out[o] = '\0';
}

static int plain_key(const char *k)
{
	if (*k == '\0')
		return 0;
	for (; *k; k++)
		if (!((*k >= 'a' && *k <= 'z') || (*k >= 'A' && *k <= 'Z') || (*k >= '0' && *k <= '9') ||
		      *k == '_'))
			return 0;
	return 1;
}

static void path_text(const struct ctx *x, char *out, size_t cap)
{
	size_t o, k, n = x->depth < MAX_PATH ? x->depth : MAX_PATH;

	o = (size_t)snprintf(out, cap, "$");
	for (k = 0; k < n && o < cap; k++) {
		const struct h1k__seg *s = &x->path[k];
		int w;
		if (s->key && plain_key(s->key)) {
			w = snprintf(out + o, cap - o, ".%s", s->key);
		} else if (s->key) {
			char q[80];
			quote(s->key, strlen(s->key), q, sizeof(q));
			w = snprintf(out + o, cap - o, "[%s]", q);
		} else {
			w = snprintf(out + o, cap - o, "[%zu]", s->index);
		}
		if (w < 0)
			break;
		o += (size_t)w;
	}
}

__attribute__((format(printf, 4, 0))) static int failv(struct ctx *x, int at, size_t ci, const char *fmt,
                                                       va_list ap)
{
	char path[512];
	size_t off;
	int line = 0, col = 0;
	size_t n = x->depth < MAX_PATH ? x->depth : MAX_PATH;

	path_text(x, path, sizeof(path));
	if (h1k__locate(x->text, x->textlen, x->path, n, at, ci, &off) == 0)
		h1k__line_col(x->text, x->textlen, off, &line, &col);
	h1k__diag_vadd(x->diags, x->file, line, col, path, fmt, ap);
	return -1;
}

/* Report a problem with the value at the current path; returns -1. */
__attribute__((format(printf, 2, 3))) static int fail(struct ctx *x, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	failv(x, H1K__AT_VALUE, 0, fmt, ap);
	va_end(ap);
	return -1;
}

/* Report a problem with character ci of the string at the current path. */
__attribute__((format(printf, 3, 4))) static int fail_char(struct ctx *x, size_t ci, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	failv(x, H1K__AT_CHAR, ci, fmt, ap);
	va_end(ap);
	return -1;
}

/* Report a problem with the key of the current path's last segment. */
__attribute__((format(printf, 2, 3))) static int fail_key(struct ctx *x, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	failv(x, H1K__AT_KEY, 0, fmt, ap);
	va_end(ap);
	return -1;
}

static int nomem(struct ctx *x)
{
	x->oom = 1;
	return -1;
}

static void *alloc(struct ctx *x, size_t n)
{
	void *p = h1k__alloc(&x->c->arena, n);

	if (p == NULL)
		x->oom = 1;
	return p;
}

/* ---------------------------------------------------------------------- */
/* types                                                                   */

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
		return "a number with a fraction or exponent";
	case JSON_TRUE:
		return "true";
	case JSON_FALSE:
		return "false";
	default:
		return "null";
	}
}

static int want(struct ctx *x, const json_t *v, json_type t, const char *what)
{
	if (json_typeof(v) == t)
		return 0;
	return fail(x, "expected %s, found %s", what, type_name(v));
}

static int want_array(struct ctx *x, const json_t *v, size_t min, size_t max, const char *what)
{
	size_t n;

	if (want(x, v, JSON_ARRAY, "an array"))
		return -1;
	n = json_array_size(v);
	if (n < min)
		return fail(x, "%s must not be empty", what);
	if (n > max)
		return fail(x, "%s has %zu entries; at most %zu are allowed", what, n, max);
	return 0;
}

/* Every key of obj must be in the NULL-terminated list allowed. */
static int check_keys(struct ctx *x, const json_t *obj, const char *const *allowed, const char *where)
{
	const char *key;
	json_t *v;

	json_object_foreach((json_t *)obj, key, v)
	{
		size_t i;
		int known = 0;
		for (i = 0; allowed[i] && !known; i++)
			known = strcmp(key, allowed[i]) == 0;
		if (!known) {
			char q[80], list[256];
			size_t o = 0;
			for (i = 0; allowed[i]; i++) {
				int w = snprintf(list + o, sizeof(list) - o, "%s%s", i ? ", " : "",
				                 allowed[i]);
				if (w < 0 || (size_t)w >= sizeof(list) - o)
					break;
				o += (size_t)w;
			}
			quote(key, strlen(key), q, sizeof(q));
			push_key(x, key);
			fail_key(x, "unknown key %s in %s (allowed: %s)", q, where, list);
			pop(x);
			return -1;
		}
	}
	return 0;
}

static int require(struct ctx *x, const json_t *obj, const char *key, const char *where)
{
	if (json_object_get(obj, key))
		return 0;
	return fail(x, "%s is missing the required key \"%s\"", where, key);
}

/* An integer in [lo, hi]. */
static int get_int(struct ctx *x, const json_t *v, long lo, long hi, long *out)
{
	json_int_t n;

	if (want(x, v, JSON_INTEGER, "an integer"))
		return -1;
	n = json_integer_value(v);
	if (n < lo || n > hi)
		return fail(x, "%lld is out of range; allowed: %ld..%ld", (long long)n, lo, hi);
	*out = (long)n;
	return 0;
}

static int get_true(struct ctx *x, const json_t *v, const char *key)
{
	if (json_is_true(v))
		return 0;
	if (json_is_false(v))
		return fail(x, "%s only accepts true (leave the step out instead)", key);
	return want(x, v, JSON_TRUE, "true");
}

static int get_bool(struct ctx *x, const json_t *v, int *out)
{
	if (!json_is_boolean(v))
		return fail(x, "expected true or false, found %s", type_name(v));
	*out = json_is_true(v);
	return 0;
}

/* Number of code points in valid UTF-8. */
static size_t utf8_chars(const char *s, size_t n)
{
	size_t i, c = 0;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			c++;
	return c;
}

/* A free-text string (title, requirement text): non-empty, at most max
 * characters, no control characters. */
static int get_prose(struct ctx *x, const json_t *v, size_t max, char **out)
{
	const char *s;
	size_t n, i, ci = 0;

	if (want(x, v, JSON_STRING, "a string"))
		return -1;
	s = json_string_value(v);
	n = json_string_length(v);
	if (n == 0)
		return fail(x, "must not be empty");
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f)
			return fail_char(x, ci,
			                 "character %zu is a control character; this text is one "
			                 "line without control characters",
			                 ci);
		if ((c & 0xC0) != 0x80)
			ci++;
	}
	if (utf8_chars(s, n) > max)
		return fail(x, "is %zu characters long; at most %zu are allowed", utf8_chars(s, n), max);
	*out = h1k__memdup(&x->c->arena, s, n);
	return *out ? 0 : nomem(x);
}

static int is_tchar(unsigned char c)
{
	/* tchar of RFC 9110 §5.6.2 */
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

/* A token (method, field name), at most max characters. */
static int get_token(struct ctx *x, const json_t *v, size_t max, const char *what, char **out)
{
	const char *s;
	size_t n, i;

	if (want(x, v, JSON_STRING, "a string"))
		return -1;
	s = json_string_value(v);
	n = json_string_length(v);
	if (n == 0)
		return fail(x, "%s must not be empty", what);
	if (n > max)
		return fail(x, "%s is longer than %zu characters", what, max);
	for (i = 0; i < n; i++)
		if (!is_tchar((unsigned char)s[i]))
			return fail_char(
			        x, utf8_chars(s, i),
			        "%s is a token (RFC 9110 §5.6.2); character %zu is not allowed in one", what,
			        utf8_chars(s, i));
	*out = h1k__memdup(&x->c->arena, s, n);
	return *out ? 0 : nomem(x);
}

/* The code point of character ci of the valid UTF-8 string s[0..n). */
static unsigned long code_point_at(const char *s, size_t n, size_t ci)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, c = 0, len;
	unsigned long cp;

	for (; i < n; i++) {
		if ((u[i] & 0xC0) != 0x80 && c++ == ci)
			break;
	}
	if (i >= n)
		return 0;
	cp = u[i];
	if (cp < 0x80)
		return cp;
	len = cp >= 0xF0 ? 4 : cp >= 0xE0 ? 3 : 2;
	cp &= 0x3Fu >> (len - 1);
	while (--len && i + 1 < n)
		cp = cp << 6 | (u[++i] & 0x3F);
	return cp;
}

/* An octet string: characters U+0000..U+00FF; with placeholders unless
 * raw. The needed placeholders are added to the case. */
static int get_octets(struct ctx *x, const json_t *v, int allow_empty, struct h1k_text *out)
{
	const char *s, *why;
	size_t n, bad;
	unsigned needs = 0;
	char *o;

	if (want(x, v, JSON_STRING, "a string"))
		return -1;
	s = json_string_value(v);
	n = json_string_length(v);
	if (n == 0 && !allow_empty)
		return fail(x, "must not be empty");
	o = alloc(x, n + 1);
	if (o == NULL)
		return -1;
	if (h1k_octets_from_utf8(s, n, o, &out->len, &bad))
		return fail_char(x, bad,
		                 "character %zu is U+%04lX, but strings in cases are octets: only "
		                 "U+0000..U+00FF (use hex or base64 for other bytes)",
		                 bad, code_point_at(s, n, bad));
	out->p = o;
	if (h1k__scan_placeholders(o, out->len, &needs, &bad, &why)) {
		const char *close = memchr(o + bad, '}', out->len - bad);
		/* name the unknown placeholder when there is one to name */
		if (o[bad] == '{' && close && close - (o + bad) <= 33 &&
		    memchr(o + bad + 1, '{', (size_t)(close - (o + bad))) == NULL) {
			char q[80];
			quote(o + bad, (size_t)(close - (o + bad)) + 1, q, sizeof(q));
			return fail_char(x, bad, "character %zu: %s is %s", bad, q, why);
		}
		return fail_char(x, bad, "character %zu is %s", bad, why);
	}
	x->c->needs |= needs;
	return 0;
}

/* ---------------------------------------------------------------------- */
/* requirement, tags, methods                                              */

static int load_requirement(struct ctx *x, const json_t *v)
{
	static const char *const keys[] = {"document", "section", "level", "text", NULL};
	static const char *const names[] = {"document", "section", "level", "text"};
	struct h1k_requirement *r = &x->c->requirement;
	const char *s;
	size_t i, n;

	if (want(x, v, JSON_OBJECT, "an object") || check_keys(x, v, keys, "requirement"))
		return -1;
	for (i = 0; i < 4; i++)
		if (require(x, v, names[i], "requirement"))
			return -1;

	push_key(x, "document");
	if (want(x, json_object_get(v, "document"), JSON_STRING, "a string"))
		return -1;
	s = json_string_value(json_object_get(v, "document"));
	n = strlen(s);
	if (n < 5 || n > 9 || strncmp(s, "RFC ", 4) != 0 || s[4] < '1' || s[4] > '9' ||
	    strspn(s + 4, "0123456789") != n - 4) {
		char q[80];
		quote(s, n, q, sizeof(q));
		return fail(x, "document must be \"RFC \" and a number, like \"RFC 9112\", not %s", q);
	}
	if ((r->document = h1k__memdup(&x->c->arena, s, n)) == NULL)
		return nomem(x);
	pop(x);

	push_key(x, "section");
	if (want(x, json_object_get(v, "section"), JSON_STRING, "a string"))
		return -1;
	s = json_string_value(json_object_get(v, "section"));
	n = strlen(s);
	for (i = 0; i < n; i++) {
		int digit = s[i] >= '0' && s[i] <= '9';
		/* digits in dot-separated groups: "6.3", "7.1.1" */
		if (!digit && !(s[i] == '.' && i > 0 && i + 1 < n && s[i - 1] != '.'))
			break;
	}
	if (n == 0 || n > 20 || i < n) {
		char q[80];
		quote(s, n, q, sizeof(q));
		return fail(x, "section must be a section number like \"6.3\" or \"7.1.1\", not %s", q);
	}
	if ((r->section = h1k__memdup(&x->c->arena, s, n)) == NULL)
		return nomem(x);
	pop(x);

	push_key(x, "level");
	if (want(x, json_object_get(v, "level"), JSON_STRING, "a string"))
		return -1;
	s = json_string_value(json_object_get(v, "level"));
	if (strcmp(s, "MUST") == 0) {
		r->level = H1K_MUST;
	} else if (strcmp(s, "SHOULD") == 0) {
		r->level = H1K_SHOULD;
	} else if (strcmp(s, "MAY") == 0) {
		r->level = H1K_MAY;
	} else {
		char q[80];
		quote(s, strlen(s), q, sizeof(q));
		return fail(x,
		            "level must be \"MUST\", \"SHOULD\" or \"MAY\" (a MUST NOT is a MUST), "
		            "not %s",
		            q);
	}
	pop(x);

	push_key(x, "text");
	if (get_prose(x, json_object_get(v, "text"), MAX_TEXT, &r->text))
		return -1;
	pop(x);
	return 0;
}

static int load_tags(struct ctx *x, const json_t *v)
{
	struct h1k_case *c = x->c;
	size_t i, j, n;

	if (want_array(x, v, 0, MAX_TAGS, "tags"))
		return -1;
	n = json_array_size(v);
	if ((c->tags = alloc(x, (n + 1) * sizeof(char *))) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		const json_t *t = json_array_get(v, i);
		const char *s;
		size_t len;
		push_index(x, i);
		if (want(x, t, JSON_STRING, "a string"))
			return -1;
		s = json_string_value(t);
		len = json_string_length(t);
		if (len == 0 || len > MAX_TAG || strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-") != len)
			return fail(x, "a tag is 1..%d characters of a-z, 0-9 and '-'", MAX_TAG);
		for (j = 0; j < i; j++)
			if (strcmp(c->tags[j], s) == 0)
				return fail(x, "tag \"%s\" is repeated (first at index %zu)", s, j);
		if ((c->tags[i] = h1k__memdup(&c->arena, s, len)) == NULL)
			return nomem(x);
		pop(x);
	}
	c->ntags = n;
	return 0;
}

static int load_methods(struct ctx *x, const json_t *v)
{
	struct h1k_case *c = x->c;
	size_t i, n;

	if (want_array(x, v, 1, MAX_METHODS, "methods"))
		return -1;
	n = json_array_size(v);
	if ((c->methods = alloc(x, (n + 1) * sizeof(char *))) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		push_index(x, i);
		if (get_token(x, json_array_get(v, i), MAX_METHOD, "a method", &c->methods[i]))
			return -1;
		pop(x);
	}
	c->nmethods = n;
	return 0;
}

/* ---------------------------------------------------------------------- */
/* send                                                                    */

static const char *const payload_keys[] = {"data",           "hex",           "base64",
                                           "await_response", "await_interim", "half_close"};
#define NPAYLOAD (sizeof(payload_keys) / sizeof(payload_keys[0]))

static int load_step(struct ctx *x, const json_t *v, struct h1k_step *st)
{
	static const char *const keys[] = {
	        "data",          "hex",        "base64", "delay_ms", "await_response",
	        "await_interim", "half_close", "repeat", NULL};
	const char *which = NULL;
	const json_t *d, *r;
	size_t k;
	long n;

	if (want(x, v, JSON_OBJECT, "an object (a step)") || check_keys(x, v, keys, "a send step"))
		return -1;
	for (k = 0; k < NPAYLOAD; k++) {
		if (json_object_get(v, payload_keys[k]) == NULL)
			continue;
		if (which)
			return fail(
			        x,
			        "a step has exactly one of data, hex, base64, delay_ms, "
			        "await_response, await_interim and half_close; this one has both %s and %s",
			        which, payload_keys[k]);
		which = payload_keys[k];
	}
	d = json_object_get(v, "delay_ms");
	r = json_object_get(v, "repeat");
	if (d) {
		push_key(x, "delay_ms");
		if (get_int(x, d, 0, MAX_DELAY_MS, &n))
			return -1;
		st->delay_ms = (unsigned)n;
		pop(x);
	}
	if (which == NULL) {
		if (d == NULL)
			return fail(x, "an empty step: give one of data, hex, base64, delay_ms, "
			               "await_response, await_interim or half_close");
		if (r)
			return fail(x, "repeat applies only to steps that carry data (data, hex, base64)");
		st->kind = H1K_STEP_DELAY;
		return 0;
	}
	if (strcmp(which, "await_response") == 0 || strcmp(which, "await_interim") == 0 ||
	    strcmp(which, "half_close") == 0) {
		push_key(x, which);
		if (get_true(x, json_object_get(v, which), which))
			return -1;
		pop(x);
		if (d || r)
			return fail(x, "%s takes no delay_ms or repeat; use a separate delay step", which);
		st->kind = strcmp(which, "await_response") == 0  ? H1K_STEP_AWAIT
		           : strcmp(which, "await_interim") == 0 ? H1K_STEP_AWAIT_INTERIM
		                                                 : H1K_STEP_HALF_CLOSE;
		return 0;
	}
	st->kind = H1K_STEP_DATA;
	st->repeat = 1;
	if (r) {
		push_key(x, "repeat");
		if (get_int(x, r, 1, MAX_REPEAT, &n))
			return -1;
		st->repeat = (unsigned long)n;
		pop(x);
	}
	push_key(x, which);
	if (which[0] == 'd') {
		if (get_octets(x, json_object_get(v, "data"), 0, &st->data))
			return -1;
	} else {
		const json_t *s = json_object_get(v, which);
		const char *txt;
		size_t len, bad;
		int rc;
		if (want(x, s, JSON_STRING, "a string"))
			return -1;
		txt = json_string_value(s);
		len = json_string_length(s);
		if ((st->data.p = alloc(x, len + 1)) == NULL)
			return -1;
		st->raw = 1;
		rc = which[0] == 'h' ? h1k__hex_decode(txt, len, st->data.p, &st->data.len, &bad)
		                     : h1k_base64_decode(txt, len, st->data.p, &st->data.len, &bad);
		if (rc && bad >= len && which[0] == 'h')
			return fail(x, "odd number of hex digits: the last pair is incomplete");
		if (rc && bad >= len)
			return fail(x,
			            "base64 text is %zu characters long, which is not a multiple of 4 "
			            "(padding with '=' is required)",
			            len);
		if (rc) {
			size_t ci = utf8_chars(txt, bad);
			char q[80];
			unsigned char lead = (unsigned char)txt[bad];
			size_t clen = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
			quote(txt + bad, clen <= len - bad ? clen : len - bad, q, sizeof(q));
			if (which[0] == 'h')
				return fail_char(x, ci,
				                 "character %zu (%s) is not a hex digit (pairs of 0-9a-fA-F, "
				                 "whitespace only between pairs)",
				                 ci, q);
			return fail_char(x, ci,
			                 "character %zu (%s) is not valid here in base64 (alphabet "
			                 "A-Za-z0-9+/, '=' only as final padding, unused bits zero, no "
			                 "whitespace)",
			                 ci, q);
		}
		if (st->data.len == 0)
			return fail(x, "must not be empty");
	}
	pop(x);
	return 0;
}

static int load_send(struct ctx *x, const json_t *v)
{
	struct h1k_case *c = x->c;
	const struct h1k_profile *off = h1k_profile_offline();
	size_t i, n, total = 0;
	int closed = 0;

	if (json_is_string(v)) {
		if ((c->steps = alloc(x, sizeof(*c->steps))) == NULL)
			return -1;
		c->nsteps = 1;
		c->steps[0].kind = H1K_STEP_DATA;
		c->steps[0].repeat = 1;
		if (get_octets(x, v, 0, &c->steps[0].data))
			return -1;
	} else {
		if (!json_is_array(v))
			return fail(x, "expected a string or an array of steps, found %s", type_name(v));
		if (want_array(x, v, 1, MAX_STEPS, "send"))
			return -1;
		n = json_array_size(v);
		if ((c->steps = alloc(x, n * sizeof(*c->steps))) == NULL)
			return -1;
		for (i = 0; i < n; i++) {
			push_index(x, i);
			if (load_step(x, json_array_get(v, i), &c->steps[i]))
				return -1;
			if (c->steps[i].kind == H1K_STEP_DATA && closed)
				return fail(x, "a data step cannot follow half_close: the sending side is "
				               "already shut down");
			if (c->steps[i].kind == H1K_STEP_HALF_CLOSE) {
				if (closed)
					return fail(x, "half_close is given twice");
				closed = 1;
			}
			pop(x);
		}
		c->nsteps = n;
	}
	/* the size bound is checked with the offline values; a live profile's
	 * values differ little and the harness checks its own result */
	for (i = 0; i < c->nsteps; i++) {
		struct h1k_bytes one = {0};
		int rc;
		if (c->steps[i].kind != H1K_STEP_DATA)
			continue;
		rc = h1k_expand(&c->steps[i].data, c->steps[i].raw, off, &one);
		if (rc == H1K_OK && (one.len > (H1K_MAX_SEND - total) / c->steps[i].repeat))
			rc = H1K_ELIMIT;
		else
			total += one.len * c->steps[i].repeat;
		h1k_bytes_free(&one);
		if (rc == H1K_ENOMEM)
			return nomem(x);
		if (rc != H1K_OK)
			return fail(x, "send carries more than %zu octets (after placeholders and repeats)",
			            H1K_MAX_SEND);
	}
	if (total == 0)
		return fail(x, "send carries no octets");
	return 0;
}

/* ---------------------------------------------------------------------- */
/* reference                                                               */

static int load_pairs(struct ctx *x, const json_t *v, struct h1k_pair **out, size_t *nout)
{
	size_t i, n;

	if (want_array(x, v, 0, MAX_FIELDS, "a field list"))
		return -1;
	n = json_array_size(v);
	if ((*out = alloc(x, (n + 1) * sizeof(**out))) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		const json_t *p = json_array_get(v, i);
		push_index(x, i);
		if (want(x, p, JSON_ARRAY, "an array [name, value]"))
			return -1;
		if (json_array_size(p) != 2)
			return fail(x, "a field is [name, value], two strings; this array has %zu",
			            json_array_size(p));
		push_index(x, 0);
		if (get_octets(x, json_array_get(p, 0), 1, &(*out)[i].name))
			return -1;
		pop(x);
		push_index(x, 1);
		if (get_octets(x, json_array_get(p, 1), 1, &(*out)[i].value))
			return -1;
		pop(x);
		pop(x);
	}
	*nout = n;
	return 0;
}

static int load_message(struct ctx *x, const json_t *v, struct h1k_message *m)
{
	static const char *const keys[] = {"method", "target",   "version", "headers",
	                                   "body",   "trailers", NULL};
	static const struct {
		const char *key;
		unsigned bit;
		size_t off;
	} texts[] = {
	        {"method", H1K_HAS_METHOD, offsetof(struct h1k_message, method)},
	        {"target", H1K_HAS_TARGET, offsetof(struct h1k_message, target)},
	        {"version", H1K_HAS_VERSION, offsetof(struct h1k_message, version)},
	        {"body", H1K_HAS_BODY, offsetof(struct h1k_message, body)},
	};
	const json_t *f;
	size_t i;

	if (want(x, v, JSON_OBJECT, "an object (a message)") || check_keys(x, v, keys, "a message"))
		return -1;
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		const json_t *t = json_object_get(v, texts[i].key);
		if (t == NULL)
			continue;
		push_key(x, texts[i].key);
		if (get_octets(x, t, texts[i].bit == H1K_HAS_BODY,
		               (struct h1k_text *)(void *)((char *)m + texts[i].off)))
			return -1;
		pop(x);
		m->has |= texts[i].bit;
	}
	if ((f = json_object_get(v, "headers")) != NULL) {
		push_key(x, "headers");
		if (load_pairs(x, f, &m->headers, &m->nheaders))
			return -1;
		pop(x);
		m->has |= H1K_HAS_HEADERS;
	}
	if ((f = json_object_get(v, "trailers")) != NULL) {
		push_key(x, "trailers");
		if (load_pairs(x, f, &m->trailers, &m->ntrailers))
			return -1;
		pop(x);
		m->has |= H1K_HAS_TRAILERS;
	}
	return 0;
}

static int load_oracle(struct ctx *x, const json_t *v, int top, struct h1k_oracle *o)
{
	static const char *const top_keys[] = {"verdict", "error", "messages", "lenient", NULL};
	static const char *const sub_keys[] = {"verdict", "error", "messages", NULL};
	const char *where = top ? "reference" : "a lenient entry";
	const json_t *verdict, *err, *msgs;
	const char *s;

	if (want(x, v, JSON_OBJECT, "an object"))
		return -1;
	if (!top && json_object_get(v, "lenient")) {
		push_key(x, "lenient");
		fail_key(x, "a lenient entry cannot hold another \"lenient\"; combine flags in one key "
		            "instead (\"bare-lf,obs-fold\")");
		pop(x);
		return -1;
	}
	if (check_keys(x, v, top ? top_keys : sub_keys, where) || require(x, v, "verdict", where))
		return -1;
	verdict = json_object_get(v, "verdict");
	push_key(x, "verdict");
	if (want(x, verdict, JSON_STRING, "a string"))
		return -1;
	s = json_string_value(verdict);
	if (strcmp(s, "accept") == 0) {
		o->verdict = H1K_ACCEPT;
	} else if (strcmp(s, "reject") == 0) {
		o->verdict = H1K_REJECT;
	} else {
		char q[80];
		quote(s, strlen(s), q, sizeof(q));
		return fail(x, "verdict must be \"accept\" or \"reject\", not %s", q);
	}
	pop(x);

	err = json_object_get(v, "error");
	if (o->verdict == H1K_REJECT && err == NULL)
		return fail(x, "a \"reject\" verdict needs an \"error\" id naming the violation");
	if (err) {
		push_key(x, "error");
		if (o->verdict == H1K_ACCEPT)
			return fail_key(x, "\"error\" belongs only to a \"reject\" verdict; an accepted "
			                   "stream has no error");
		if (want(x, err, JSON_STRING, "a string"))
			return -1;
		o->error = h1_error_from_name(json_string_value(err));
		if (o->error == H1_E_NONE) {
			char q[80];
			s = json_string_value(err);
			quote(s, strlen(s), q, sizeof(q));
			return fail(x,
			            "%s is not an error id of the reference parser (see "
			            "reference/h1_errors.def)",
			            q);
		}
		if (h1_error_retired(o->error))
			return fail(x,
			            "\"%s\" is a retired error id: the reference parser no longer reports it "
			            "(see reference/h1_errors.def)",
			            json_string_value(err));
		o->error_name = h1_error_name(o->error);
		pop(x);
	}

	msgs = json_object_get(v, "messages");
	if (msgs) {
		size_t i, n;
		push_key(x, "messages");
		if (want_array(x, msgs, 0, MAX_MESSAGES, "messages"))
			return -1;
		n = json_array_size(msgs);
		if ((o->messages = alloc(x, (n + 1) * sizeof(*o->messages))) == NULL)
			return -1;
		for (i = 0; i < n; i++) {
			push_index(x, i);
			if (load_message(x, json_array_get(msgs, i), &o->messages[i]))
				return -1;
			pop(x);
		}
		o->nmessages = n;
		o->has_messages = 1;
		pop(x);
	}
	return 0;
}

/* A lenient key: one flag name or several joined by commas. */
static int lenient_key(struct ctx *x, const char *key, unsigned *flags)
{
	const char *p = key;

	*flags = 0;
	for (;;) {
		size_t n = strcspn(p, ",");
		char name[64];
		unsigned f = 0;
		const char *bad;
		char q[80];
		quote(p, n, q, sizeof(q));
		if (n == 0)
			return fail_key(x, "an empty flag name (flags are joined by single commas)");
		if (n == 3 && memcmp(p, "all", 3) == 0)
			return fail_key(x, "\"all\" is not allowed: name the flags, since \"all\" changes "
			                   "meaning whenever a flag is added");
		if (n < sizeof(name)) {
			memcpy(name, p, n);
			name[n] = '\0';
		}
		if (n >= sizeof(name) || h1_lenient_parse(name, &f, &bad) != 0)
			return fail_key(x,
			                "%s is not a leniency flag of the reference parser (see "
			                "h1conform parse --help)",
			                q);
		if (*flags & f)
			return fail_key(x, "flag %s is named twice", q);
		*flags |= f;
		if (p[n] == '\0')
			return 0;
		p += n + 1;
	}
}

static int load_reference(struct ctx *x, const json_t *v)
{
	struct h1k_reference *r = &x->c->reference;
	const json_t *lenient, *entry;
	const char *key;
	size_t n, i = 0;

	if (load_oracle(x, v, 1, &r->strict))
		return -1;
	lenient = json_object_get(v, "lenient");
	if (lenient == NULL)
		return 0;
	push_key(x, "lenient");
	if (want(x, lenient, JSON_OBJECT, "an object"))
		return -1;
	n = json_object_size(lenient);
	if (n == 0)
		return fail(x, "lenient must not be empty (leave it out instead)");
	if (n > MAX_LENIENT)
		return fail(x, "lenient has %zu entries; at most %d are allowed", n, MAX_LENIENT);
	if ((r->lenient = alloc(x, n * sizeof(*r->lenient))) == NULL)
		return -1;
	json_object_foreach((json_t *)lenient, key, entry)
	{
		struct h1k_lenient *l = &r->lenient[i];
		size_t j;
		push_key(x, key);
		if (lenient_key(x, key, &l->flags))
			return -1;
		for (j = 0; j < i; j++)
			if (r->lenient[j].flags == l->flags)
				return fail_key(x, "these flags are the same as those of the entry \"%s\"",
				                r->lenient[j].name);
		if ((l->name = h1k__memdup(&x->c->arena, key, strlen(key))) == NULL)
			return nomem(x);
		if (load_oracle(x, entry, 0, &l->oracle))
			return -1;
		pop(x);
		i++;
	}
	r->nlenient = n;
	pop(x);
	return 0;
}

/* ---------------------------------------------------------------------- */
/* expect                                                                  */

static int load_status(struct ctx *x, const json_t *v, struct h1k_status_range *st)
{
	const char *s;

	if (want(x, v, JSON_STRING, "a string"))
		return -1;
	s = json_string_value(v);
	if (strlen(s) == 3 && s[0] >= '1' && s[0] <= '5' && s[1] == 'x' && s[2] == 'x') {
		if (s[0] == '1')
			return fail(x, "\"1xx\" is not a final status class: match interim responses "
			               "with \"interim\"");
		st->lo = (s[0] - '0') * 100;
		st->hi = st->lo + 99;
		return 0;
	}
	if (strlen(s) == 3 && strspn(s, "0123456789") == 3) {
		int code = (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
		if (code == 101 || (code >= 200 && code <= 599)) {
			st->lo = st->hi = code;
			return 0;
		}
	}
	{
		char q[80];
		quote(s, strlen(s), q, sizeof(q));
		return fail(x,
		            "%s is not a final status: a code 101 or 200..599, or a class "
		            "\"2xx\"..\"5xx\"",
		            q);
	}
}

static int load_names(struct ctx *x, const json_t *v, const char *what, char ***out, size_t *nout)
{
	size_t i, j, n;

	if (want_array(x, v, 1, MAX_NAMES, what))
		return -1;
	n = json_array_size(v);
	if ((*out = alloc(x, (n + 1) * sizeof(char *))) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		push_index(x, i);
		if (get_token(x, json_array_get(v, i), MAX_NAME, "a field name", &(*out)[i]))
			return -1;
		for (j = 0; j < i; j++)
			if (strcasecmp((*out)[j], (*out)[i]) == 0)
				return fail(x, "field name \"%s\" is repeated (names are case-insensitive)",
				            (*out)[i]);
		pop(x);
	}
	*nout = n;
	return 0;
}

static int in_names(char **names, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcasecmp(names[i], name) == 0)
			return 1;
	return 0;
}

static int load_header_match(struct ctx *x, const json_t *v, struct h1k_response *m)
{
	const json_t *val;
	const char *key;
	size_t n, i = 0;

	if (want(x, v, JSON_OBJECT, "an object"))
		return -1;
	n = json_object_size(v);
	if (n == 0)
		return fail(x, "headers_match must not be empty (leave it out instead)");
	if (n > MAX_NAMES)
		return fail(x, "headers_match has %zu entries; at most %d are allowed", n, MAX_NAMES);
	if ((m->headers_match = alloc(x, n * sizeof(*m->headers_match))) == NULL)
		return -1;
	json_object_foreach((json_t *)v, key, val)
	{
		struct h1k_header_match *h = &m->headers_match[i];
		size_t j, klen = strlen(key);
		push_key(x, key);
		for (j = 0; j < klen && is_tchar((unsigned char)key[j]); j++)
			;
		if (klen == 0 || klen > MAX_NAME || j < klen) {
			char q[80];
			quote(key, klen, q, sizeof(q));
			return fail_key(x, "%s is not a field name (a token of RFC 9110 §5.6.2)", q);
		}
		if ((h->name = h1k__memdup(&x->c->arena, key, klen)) == NULL)
			return nomem(x);
		for (j = 0; j < i; j++)
			if (strcasecmp(m->headers_match[j].name, key) == 0)
				return fail_key(x,
				                "field name \"%s\" is repeated (names are "
				                "case-insensitive)",
				                key);
		if (in_names(m->headers_forbidden, m->nforbidden, key))
			return fail_key(x, "field \"%s\" is also in headers_forbidden", key);
		if (json_is_string(val)) {
			h->kind = H1K_MATCH_EQUALS;
			if (get_octets(x, val, 1, &h->value))
				return -1;
		} else if (json_is_object(val)) {
			static const char *const keys[] = {"contains", "token", NULL};
			const json_t *c = json_object_get(val, "contains");
			const json_t *t = json_object_get(val, "token");
			if (check_keys(x, val, keys, "a field matcher"))
				return -1;
			if ((c != NULL) == (t != NULL))
				return fail(x, "a field matcher object has exactly one of \"contains\" and "
				               "\"token\"");
			h->kind = c ? H1K_MATCH_CONTAINS : H1K_MATCH_TOKEN;
			push_key(x, c ? "contains" : "token");
			if (c && get_octets(x, c, 0, &h->value))
				return -1;
			if (t) {
				char *tok;
				if (get_token(x, t, MAX_NAME, "a list member to find", &tok))
					return -1;
				h->value.p = tok;
				h->value.len = strlen(tok);
			}
			pop(x);
		} else {
			return fail(x,
			            "expected a string or an object {\"contains\": ...} / {\"token\": "
			            "...}, found %s",
			            type_name(val));
		}
		pop(x);
		i++;
	}
	m->nmatch = n;
	return 0;
}

static int load_response(struct ctx *x, const json_t *v, struct h1k_response *m)
{
	static const char *const keys[] = {"status",
	                                   "interim",
	                                   "interim_status",
	                                   "headers_required",
	                                   "headers_forbidden",
	                                   "headers_match",
	                                   "body",
	                                   "body_equals",
	                                   NULL};
	const json_t *f;
	size_t i, j;

	if (want(x, v, JSON_OBJECT, "an object (a response matcher)") ||
	    check_keys(x, v, keys, "a response matcher"))
		return -1;
	if ((f = json_object_get(v, "status")) != NULL) {
		push_key(x, "status");
		if (json_is_string(f)) {
			if ((m->status = alloc(x, sizeof(*m->status))) == NULL)
				return -1;
			if (load_status(x, f, &m->status[0]))
				return -1;
			m->nstatus = 1;
		} else {
			size_t n;
			if (!json_is_array(f))
				return fail(x, "expected a string or an array of strings, found %s",
				            type_name(f));
			if (want_array(x, f, 1, MAX_STATUS, "a status list"))
				return -1;
			n = json_array_size(f);
			if ((m->status = alloc(x, n * sizeof(*m->status))) == NULL)
				return -1;
			for (i = 0; i < n; i++) {
				push_index(x, i);
				if (load_status(x, json_array_get(f, i), &m->status[i]))
					return -1;
				for (j = 0; j < i; j++)
					if (m->status[j].lo <= m->status[i].hi &&
					    m->status[i].lo <= m->status[j].hi)
						return fail(x, "overlaps entry %zu of the same list", j);
				pop(x);
			}
			m->nstatus = n;
		}
		pop(x);
	}
	if ((f = json_object_get(v, "interim")) != NULL) {
		const char *s;
		push_key(x, "interim");
		if (want(x, f, JSON_STRING, "a string"))
			return -1;
		s = json_string_value(f);
		if (strcmp(s, "required") == 0)
			m->interim = H1K_INTERIM_REQUIRED;
		else if (strcmp(s, "forbidden") == 0)
			m->interim = H1K_INTERIM_FORBIDDEN;
		else if (strcmp(s, "allowed") == 0)
			m->interim = H1K_INTERIM_ALLOWED;
		else
			return fail(x, "interim must be \"required\", \"forbidden\" or \"allowed\"");
		pop(x);
	}
	if ((f = json_object_get(v, "interim_status")) != NULL) {
		const char *s;
		push_key(x, "interim_status");
		if (want(x, f, JSON_STRING, "a string"))
			return -1;
		s = json_string_value(f);
		if (strlen(s) != 3 || s[0] != '1' || strspn(s, "0123456789") != 3 || strcmp(s, "101") == 0)
			return fail(x, "interim_status must be an interim code \"100\"..\"199\" other than "
			               "\"101\" (which is final)");
		if (json_object_get(v, "interim") && m->interim != H1K_INTERIM_REQUIRED)
			return fail_key(x, "interim_status requires interim \"required\" (or no interim "
			                   "key)");
		m->interim = H1K_INTERIM_REQUIRED;
		m->interim_status = 100 + (s[1] - '0') * 10 + (s[2] - '0');
		pop(x);
	}
	if ((f = json_object_get(v, "headers_required")) != NULL) {
		push_key(x, "headers_required");
		if (load_names(x, f, "headers_required", &m->headers_required, &m->nrequired))
			return -1;
		pop(x);
	}
	if ((f = json_object_get(v, "headers_forbidden")) != NULL) {
		push_key(x, "headers_forbidden");
		if (load_names(x, f, "headers_forbidden", &m->headers_forbidden, &m->nforbidden))
			return -1;
		for (i = 0; i < m->nforbidden; i++) {
			if (in_names(m->headers_required, m->nrequired, m->headers_forbidden[i])) {
				push_index(x, i);
				return fail(x, "field \"%s\" is both required and forbidden",
				            m->headers_forbidden[i]);
			}
		}
		pop(x);
	}
	if ((f = json_object_get(v, "headers_match")) != NULL) {
		push_key(x, "headers_match");
		if (load_header_match(x, f, m))
			return -1;
		pop(x);
	}
	if ((f = json_object_get(v, "body")) != NULL) {
		const char *s;
		push_key(x, "body");
		if (want(x, f, JSON_STRING, "a string"))
			return -1;
		s = json_string_value(f);
		if (strcmp(s, "empty") == 0)
			m->body = H1K_BODY_EMPTY;
		else if (strcmp(s, "nonempty") == 0)
			m->body = H1K_BODY_NONEMPTY;
		else if (strcmp(s, "any") == 0)
			m->body = H1K_BODY_ANY;
		else
			return fail(x, "body must be \"empty\", \"nonempty\" or \"any\"");
		pop(x);
	}
	if ((f = json_object_get(v, "body_equals")) != NULL) {
		push_key(x, "body_equals");
		if (get_octets(x, f, 1, &m->body_equals))
			return -1;
		m->has_body_equals = 1;
		if (m->body == H1K_BODY_EMPTY && m->body_equals.len > 0)
			return fail(x, "contradicts body \"empty\"");
		if (m->body == H1K_BODY_NONEMPTY && m->body_equals.len == 0)
			return fail(x, "an empty body_equals contradicts body \"nonempty\"");
		pop(x);
	}
	return 0;
}

static int load_outcome(struct ctx *x, const json_t *v, struct h1k_outcome *o)
{
	static const char *const keys[] = {"responses", "extra_responses", "connection", "timeout", NULL};
	const json_t *f;
	size_t i, n;

	if (want(x, v, JSON_OBJECT, "an object (an outcome)") || check_keys(x, v, keys, "an outcome") ||
	    require(x, v, "responses", "an outcome"))
		return -1;
	f = json_object_get(v, "responses");
	push_key(x, "responses");
	if (want_array(x, f, 0, MAX_RESPONSES, "responses"))
		return -1;
	n = json_array_size(f);
	if ((o->responses = alloc(x, (n + 1) * sizeof(*o->responses))) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		push_index(x, i);
		if (load_response(x, json_array_get(f, i), &o->responses[i]))
			return -1;
		pop(x);
	}
	o->nresponses = n;
	pop(x);
	if ((f = json_object_get(v, "extra_responses")) != NULL) {
		push_key(x, "extra_responses");
		if (get_bool(x, f, &o->extra_responses))
			return -1;
		pop(x);
	}
	if ((f = json_object_get(v, "timeout")) != NULL) {
		push_key(x, "timeout");
		if (get_bool(x, f, &o->timeout))
			return -1;
		pop(x);
	}
	if ((f = json_object_get(v, "connection")) != NULL) {
		const char *s;
		push_key(x, "connection");
		if (want(x, f, JSON_STRING, "a string"))
			return -1;
		s = json_string_value(f);
		if (strcmp(s, "closed") == 0)
			o->connection = H1K_CONN_CLOSED;
		else if (strcmp(s, "open") == 0)
			o->connection = H1K_CONN_OPEN;
		else if (strcmp(s, "any") == 0)
			o->connection = H1K_CONN_ANY;
		else
			return fail(x, "connection must be \"closed\", \"open\" or \"any\"");
		pop(x);
	}
	return 0;
}

static int load_expect(struct ctx *x, const json_t *v)
{
	static const char *const keys[] = {"outcomes", NULL};
	struct h1k_case *c = x->c;
	const json_t *f;
	size_t i, n;

	if (want(x, v, JSON_OBJECT, "an object") || check_keys(x, v, keys, "expect") ||
	    require(x, v, "outcomes", "expect"))
		return -1;
	f = json_object_get(v, "outcomes");
	push_key(x, "outcomes");
	if (want(x, f, JSON_ARRAY, "an array"))
		return -1;
	if (json_array_size(f) == 0)
		return fail(x, "outcomes must list at least one allowed outcome");
	if (want_array(x, f, 1, MAX_OUTCOMES, "outcomes"))
		return -1;
	n = json_array_size(f);
	if ((c->outcomes = alloc(x, n * sizeof(*c->outcomes))) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		push_index(x, i);
		if (load_outcome(x, json_array_get(f, i), &c->outcomes[i]))
			return -1;
		pop(x);
	}
	c->noutcomes = n;
	pop(x);
	return 0;
}

/* ---------------------------------------------------------------------- */
/* the case                                                                */

static int load_case(struct ctx *x, const json_t *root)
{
	static const char *const keys[] = {"title",     "requirement", "tags",       "send", "methods",
	                                   "reference", "expect",      "timeout_ms", NULL};
	static const char *const required[] = {"title", "requirement", "send", "reference", "expect"};
	struct h1k_case *c = x->c;
	const json_t *f;
	size_t i;

	if (!json_is_object(root))
		return fail(x, "a case file holds one JSON object, not %s", type_name(root));
	if (check_keys(x, root, keys, "a case"))
		return -1;
	for (i = 0; i < sizeof(required) / sizeof(required[0]); i++)
		if (require(x, root, required[i], "the case"))
			return -1;

	push_key(x, "title");
	if (get_prose(x, json_object_get(root, "title"), MAX_TITLE, &c->title))
		return -1;
	pop(x);

	push_key(x, "requirement");
	if (load_requirement(x, json_object_get(root, "requirement")))
		return -1;
	pop(x);

	if ((f = json_object_get(root, "tags")) != NULL) {
		push_key(x, "tags");
		if (load_tags(x, f))
			return -1;
		pop(x);
	}

	push_key(x, "send");
	if (load_send(x, json_object_get(root, "send")))
		return -1;
	pop(x);

	if ((f = json_object_get(root, "methods")) != NULL) {
		push_key(x, "methods");
		if (load_methods(x, f))
			return -1;
		pop(x);
	}

	push_key(x, "reference");
	if (load_reference(x, json_object_get(root, "reference")))
		return -1;
	pop(x);

	push_key(x, "expect");
	if (load_expect(x, json_object_get(root, "expect")))
		return -1;
	pop(x);

	if ((f = json_object_get(root, "timeout_ms")) != NULL) {
		long n;
		push_key(x, "timeout_ms");
		if (get_int(x, f, MIN_TIMEOUT_MS, MAX_TIMEOUT_MS, &n))
			return -1;
		c->timeout_ms = (unsigned)n;
		pop(x);
	}
	return 0;
}

int h1k_load_buffer(const char *data, size_t len, const char *file, const char *id, struct h1k_case **out,
                    struct h1k_diags *diags)
{
	struct ctx x;
	struct h1k_case *c;
	json_error_t jerr;
	json_t *root;
	int rc;

	if (out == NULL || file == NULL || id == NULL || (data == NULL && len > 0))
		return H1K_EINVAL;
	*out = NULL;
	if (len > H1K_MAX_FILE) {
		h1k__diag_add(diags, file, 0, 0, NULL,
		              "the file is larger than %zu bytes, the limit for a case file", H1K_MAX_FILE);
		return H1K_ELOAD;
	}
	/* duplicate keys would silently drop one of two values; NUL is a
	 * legitimate octet to send ("\u0000") */
	root = json_loadb(data ? data : "", len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &jerr);
	if (root == NULL) {
		h1k__diag_add(diags, file, jerr.line > 0 ? jerr.line : 1, jerr.column > 0 ? jerr.column : 1,
		              NULL, "invalid JSON: %s", jerr.text);
		return H1K_ELOAD;
	}
	c = calloc(1, sizeof(*c));
	if (c == NULL) {
		json_decref(root);
		return H1K_ENOMEM;
	}
	memset(&x, 0, sizeof(x));
	x.file = file;
	x.text = data;
	x.textlen = len;
	x.diags = diags;
	x.c = c;
	c->id = h1k__memdup(&c->arena, id, strlen(id));
	c->file = h1k__memdup(&c->arena, file, strlen(file));
	if (c->id == NULL || c->file == NULL)
		x.oom = 1;
	rc = x.oom ? -1 : load_case(&x, root);
	json_decref(root);
	if (rc != 0) {
		h1k_case_free(c);
		return x.oom ? H1K_ENOMEM : H1K_ELOAD;
	}
	*out = c;
	return H1K_OK;
}

void h1k_case_free(struct h1k_case *c)
{
	if (c == NULL)
		return;
	h1k__arena_free(c->arena);
	free(c);
}
