/*
 * Placeholders: {host}, {path}, ... in octet strings, and their expansion.
 *
 * A case names what it needs from the target ("a path with validators")
 * instead of hard-coding one server's layout; the harness fills the names
 * from the target profile, check-cases from the offline profile. Braces are
 * reserved everywhere in octet strings ("{{" and "}}" for literals), so a
 * typo in a placeholder is a load error instead of bytes sent verbatim.
 */
#include <string.h>

#include "cases/h1k.h"
#include "cases/h1k_internal.h"

static const char *const placeholder_names[H1K_PH__COUNT] = {
        "host", "path", "missing", "static", "etag", "last_modified", "writable", "echo",
};

/* The offline values of cases/FORMAT.md: plausible for every use, so the
 * reference parser sees the same shapes a live target would. */
static const struct h1k_profile offline = {{
        "example.test",
        "/",
        "/h1conform-missing",
        "/static.txt",
        "\"abc\"",
        "Tue, 24 Nov 2026 10:00:00 GMT",
        "/upload/h1conform.txt",
        "/echo",
}};

const struct h1k_profile *h1k_profile_offline(void)
{
	return &offline;
}

const char *h1k_placeholder_name(int ph)
{
	return ph >= 0 && ph < H1K_PH__COUNT ? placeholder_names[ph] : NULL;
}

int h1k__placeholder_from_name(const char *p, size_t n)
{
	int i;

	for (i = 0; i < H1K_PH__COUNT; i++)
		if (strlen(placeholder_names[i]) == n && memcmp(placeholder_names[i], p, n) == 0)
			return i;
	return -1;
}

unsigned h1k_profile_lacks(const struct h1k_profile *p, unsigned needs)
{
	unsigned lacks = 0;
	int i;

	for (i = 0; i < H1K_PH__COUNT; i++)
		if ((needs & (1u << i)) && (p == NULL || p->value[i] == NULL))
			lacks |= 1u << i;
	return lacks;
}

/* Longest placeholder name we look for between braces. */
#define NAME_MAX_LEN 32

int h1k__scan_placeholders(const char *p, size_t len, unsigned *needs, size_t *bad_index, const char **why)
{
	size_t i = 0;

	while (i < len) {
		if (p[i] == '}') {
			if (i + 1 < len && p[i + 1] == '}') {
				i += 2;
				continue;
			}
			*bad_index = i;
			*why = "a lone '}' (write '}}' for a literal brace)";
			return -1;
		}
		if (p[i] == '{') {
			size_t j;
			int ph;
			if (i + 1 < len && p[i + 1] == '{') {
				i += 2;
				continue;
			}
			for (j = i + 1; j < len && j - i <= NAME_MAX_LEN && p[j] != '}' && p[j] != '{'; j++)
				;
			if (j >= len || p[j] != '}') {
				*bad_index = i;
				*why = "a '{' that opens no placeholder (write '{{' for a literal brace)";
				return -1;
			}
			ph = h1k__placeholder_from_name(p + i + 1, j - i - 1);
			if (ph < 0) {
				*bad_index = i;
				*why = "an unknown placeholder (known: host, path, missing, static, etag, "
				       "last_modified, writable, echo; write '{{' for a literal brace)";
				return -1;
			}
			*needs |= 1u << ph;
			i = j + 1;
			continue;
		}
		i++;
	}
	return 0;
}

static int append(struct h1k_bytes *out, const char *p, size_t n)
{
	int rc;

	if (n == 0)
		return H1K_OK;
	rc = h1k__bytes_reserve(out, n);
	if (rc != H1K_OK)
		return rc;
	memcpy(out->p + out->len, p, n);
	out->len += n;
	out->p[out->len] = '\0';
	return H1K_OK;
}

int h1k_expand(const struct h1k_text *t, int raw, const struct h1k_profile *p, struct h1k_bytes *out)
{
	size_t i = 0, start = 0, bad, old;
	unsigned needs = 0;
	const char *why;
	int rc = H1K_OK;

	if (t == NULL || out == NULL || (t->p == NULL && t->len))
		return H1K_EINVAL;
	if (raw)
		return append(out, t->p, t->len);
	if (h1k__scan_placeholders(t->p, t->len, &needs, &bad, &why))
		return H1K_EINVAL;
	if (h1k_profile_lacks(p, needs))
		return H1K_ENEED;
	for (i = 0; i < H1K_PH__COUNT; i++) {
		/* a value with CR or LF would let a profile add lines to the
		 * request, and NUL would end it early in C APIs */
		if ((needs & (1u << i)) && strpbrk(p->value[i], "\r\n") != NULL)
			return H1K_EINVAL;
	}
	old = out->len;
	i = 0;
	while (i < t->len && rc == H1K_OK) {
		char c = t->p[i];
		if (c != '{' && c != '}') {
			i++;
			continue;
		}
		rc = append(out, t->p + start, i - start);
		if (rc != H1K_OK)
			break;
		if (i + 1 < t->len && t->p[i + 1] == c) {
			rc = append(out, &c, 1);
			i += 2;
		} else {
			const char *end = memchr(t->p + i, '}', t->len - i);
			int ph = h1k__placeholder_from_name(t->p + i + 1, (size_t)(end - t->p) - i - 1);
			rc = append(out, p->value[ph], strlen(p->value[ph]));
			i = (size_t)(end - t->p) + 1;
		}
		start = i;
	}
	if (rc == H1K_OK)
		rc = append(out, t->p + start, t->len - start);
	if (rc != H1K_OK) {
		out->len = old;
		if (out->p)
			out->p[old] = '\0';
	}
	return rc;
}

int h1k_step_bytes(const struct h1k_step *s, const struct h1k_profile *p, struct h1k_bytes *out)
{
	size_t old, one;
	unsigned long k;
	int rc;

	if (s == NULL || out == NULL)
		return H1K_EINVAL;
	if (s->kind != H1K_STEP_DATA)
		return H1K_OK;
	old = out->len;
	rc = h1k_expand(&s->data, s->raw, p, out);
	if (rc != H1K_OK)
		return rc;
	one = out->len - old;
	for (k = 1; k < s->repeat && one > 0 && rc == H1K_OK; k++) {
		rc = h1k__bytes_reserve(out, one);
		if (rc == H1K_OK) {
			memcpy(out->p + out->len, out->p + old, one);
			out->len += one;
			out->p[out->len] = '\0';
		}
	}
	if (rc != H1K_OK) {
		out->len = old;
		if (out->p)
			out->p[old] = '\0';
	}
	return rc;
}

int h1k_send_bytes(const struct h1k_case *c, const struct h1k_profile *p, struct h1k_bytes *out)
{
	size_t i;
	int rc = H1K_OK;

	if (c == NULL || out == NULL)
		return H1K_EINVAL;
	for (i = 0; i < c->nsteps && rc == H1K_OK; i++)
		rc = h1k_step_bytes(&c->steps[i], p, out);
	return rc;
}
