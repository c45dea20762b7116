/*
 * The result model: runs, cases, findings and transcripts, built by the
 * harness through the functions here or by the JSON loader.
 *
 * Memory: every string is a separate allocation owned by its struct; arrays
 * grow by doubling; cases are held by pointer so that the pointer a caller
 * got from h1r_run_add_case survives later additions. The only bound applied
 * here is the per-case transcript budget (H1R_MAX_CASE_TRANSCRIPT), because
 * the harness feeds this model with whatever a server sends.
 */
#include <stdlib.h>
#include <string.h>

#include "reports/h1r_internal.h"

static const char *const status_names[] = {
#define H1R__STATUS_NAME(code, num, name, msg) [num] = name,
        H1R_STATUS_TABLE(H1R__STATUS_NAME)
#undef H1R__STATUS_NAME
};

static const char *const status_messages[] = {
#define H1R__STATUS_MSG(code, num, name, msg) [num] = msg,
        H1R_STATUS_TABLE(H1R__STATUS_MSG)
#undef H1R__STATUS_MSG
};

#define N_STATUS (sizeof(status_names) / sizeof(status_names[0]))

const char *h1r_status_name(int status)
{
	if (status < 0 || (size_t)status >= N_STATUS || status_names[status] == NULL)
		return "unknown";
	return status_names[status];
}

const char *h1r_status_message(int status)
{
	if (status < 0 || (size_t)status >= N_STATUS || status_messages[status] == NULL)
		return "unknown status";
	return status_messages[status];
}

static const char *const verdict_names[H1R_VERDICT_COUNT] = {"pass", "fail", "warn", "skip", "error"};
static const char *const level_names[] = {"MUST", "SHOULD", "MAY"};
static const char *const dir_names[] = {"send", "recv", "event"};

const char *h1r_verdict_name(enum h1r_verdict v)
{
	return (unsigned)v < H1R_VERDICT_COUNT ? verdict_names[v] : "?";
}

const char *h1r_level_name(enum h1r_level l)
{
	return (unsigned)l < 3 ? level_names[l] : "?";
}

const char *h1r_dir_name(enum h1r_dir d)
{
	return (unsigned)d < 3 ? dir_names[d] : "?";
}

static int name_index(const char *const *names, size_t n, const char *s, size_t len)
{
	size_t i;

	if (s == NULL)
		return -1;
	for (i = 0; i < n; i++)
		if (strlen(names[i]) == len && memcmp(names[i], s, len) == 0)
			return (int)i;
	return -1;
}

int h1r_verdict_from_name(const char *s, size_t len, enum h1r_verdict *out)
{
	int i = name_index(verdict_names, H1R_VERDICT_COUNT, s, len);

	if (i < 0)
		return H1R_EINVAL;
	*out = (enum h1r_verdict)i;
	return H1R_OK;
}

int h1r_level_from_name(const char *s, size_t len, enum h1r_level *out)
{
	int i = name_index(level_names, 3, s, len);

	if (i < 0)
		return H1R_EINVAL;
	*out = (enum h1r_level)i;
	return H1R_OK;
}

int h1r_dir_from_name(const char *s, size_t len, enum h1r_dir *out)
{
	int i = name_index(dir_names, 3, s, len);

	if (i < 0)
		return H1R_EINVAL;
	*out = (enum h1r_dir)i;
	return H1R_OK;
}

int h1r_verdict_gates(enum h1r_verdict v, int strict)
{
	return v == H1R_FAIL || v == H1R_ERROR || (strict && v == H1R_WARN);
}

int h1r__grow(void **ptr, size_t *cap, size_t need, size_t elem)
{
	size_t ncap = *cap ? *cap : 4;
	void *p;

	if (need <= *cap)
		return H1R_OK;
	while (ncap < need) {
		if (ncap > ((size_t)-1) / 2)
			return H1R_ENOMEM;
		ncap *= 2;
	}
	if (ncap > ((size_t)-1) / elem)
		return H1R_ENOMEM;
	p = realloc(*ptr, ncap * elem);
	if (p == NULL)
		return H1R_ENOMEM;
	*ptr = p;
	*cap = ncap;
	return H1R_OK;
}

void h1r__str_clear(struct h1r_str *s)
{
	free(s->ptr);
	s->ptr = NULL;
	s->len = 0;
}

const char *h1r__s(const struct h1r_str *s)
{
	return s->ptr ? s->ptr : "";
}

int h1r__str_copy(struct h1r_str *dst, const char *s, size_t len)
{
	char *p;

	if (len == (size_t)-1)
		return H1R_ENOMEM;
	p = malloc(len + 1);
	if (p == NULL)
		return H1R_ENOMEM;
	if (len)
		memcpy(p, s, len);
	p[len] = '\0';
	free(dst->ptr);
	dst->ptr = p;
	dst->len = len;
	return H1R_OK;
}

int h1r_str_set(struct h1r_str *dst, const char *s, size_t len)
{
	const unsigned char *in = (const unsigned char *)s;
	size_t i, o, adv, extra = 0;
	char *p;

	if (s == NULL)
		len = 0;
	/* Each invalid byte becomes a 2-byte sequence (U+0080..U+00FF). */
	for (i = 0; i < len; i += adv)
		if (h1r__utf8_next(in + i, len - i, &adv) < 0)
			extra++;
	if (extra == 0)
		return h1r__str_copy(dst, len ? s : "", len);
	if (len > ((size_t)-1) - extra - 1)
		return H1R_ENOMEM;
	p = malloc(len + extra + 1);
	if (p == NULL)
		return H1R_ENOMEM;
	for (i = 0, o = 0; i < len; i += adv) {
		if (h1r__utf8_next(in + i, len - i, &adv) < 0) {
			/* A lone byte >= 0x80 (an ASCII byte is always valid). */
			p[o++] = (char)(0xC0 | (in[i] >> 6));
			p[o++] = (char)(0x80 | (in[i] & 0x3F));
		} else {
			memcpy(p + o, in + i, adv);
			o += adv;
		}
	}
	p[o] = '\0';
	free(dst->ptr);
	dst->ptr = p;
	dst->len = o;
	return H1R_OK;
}

int h1r_str_setz(struct h1r_str *dst, const char *s)
{
	if (s == NULL) {
		h1r__str_clear(dst);
		return H1R_OK;
	}
	return h1r_str_set(dst, s, strlen(s));
}

struct h1r_run *h1r_run_new(void)
{
	struct h1r_run *run = calloc(1, sizeof(*run));

	if (run == NULL)
		return NULL;
	if (h1r_str_setz(&run->tool_name, "h1conform") != H1R_OK) {
		free(run);
		return NULL;
	}
	return run;
}

static void finding_free(struct h1r_finding *f)
{
	h1r__str_clear(&f->rule);
	h1r__str_clear(&f->document);
	h1r__str_clear(&f->section);
	h1r__str_clear(&f->message);
}

static void case_free(struct h1r_case *c)
{
	size_t i;

	if (c == NULL)
		return;
	h1r__str_clear(&c->id);
	h1r__str_clear(&c->title);
	h1r__str_clear(&c->document);
	h1r__str_clear(&c->section);
	h1r__str_clear(&c->requirement);
	h1r__str_clear(&c->expected);
	h1r__str_clear(&c->actual);
	h1r__str_clear(&c->message);
	for (i = 0; i < c->n_tags; i++)
		h1r__str_clear(&c->tags[i]);
	free(c->tags);
	for (i = 0; i < c->n_findings; i++)
		finding_free(&c->findings[i]);
	free(c->findings);
	for (i = 0; i < c->n_transcript; i++)
		free(c->transcript[i].data.ptr);
	free(c->transcript);
	free(c);
}

void h1r_run_free(struct h1r_run *run)
{
	size_t i;

	if (run == NULL)
		return;
	h1r__str_clear(&run->tool_name);
	h1r__str_clear(&run->tool_version);
	h1r__str_clear(&run->target_url);
	h1r__str_clear(&run->target_name);
	h1r__str_clear(&run->started);
	for (i = 0; i < run->n_cases; i++)
		case_free(run->cases[i]);
	free(run->cases);
	free(run);
}

int h1r_run_set_target(struct h1r_run *run, const char *url, const char *name)
{
	struct h1r_str u = {NULL, 0}, n = {NULL, 0};

	if (h1r_str_setz(&u, url ? url : "") != H1R_OK || h1r_str_setz(&n, name) != H1R_OK) {
		h1r__str_clear(&u);
		return H1R_ENOMEM;
	}
	h1r__str_clear(&run->target_url);
	h1r__str_clear(&run->target_name);
	run->target_url = u;
	run->target_name = n;
	return H1R_OK;
}

struct h1r_case *h1r_run_add_case(struct h1r_run *run, const char *id)
{
	struct h1r_case *c;

	if (id == NULL)
		return NULL;
	if (h1r__grow((void **)&run->cases, &run->cap_cases, run->n_cases + 1, sizeof(run->cases[0])) !=
	    H1R_OK)
		return NULL;
	c = calloc(1, sizeof(*c));
	if (c == NULL)
		return NULL;
	c->verdict = H1R_SKIP;
	c->level = H1R_MUST;
	if (h1r_str_setz(&c->id, id) != H1R_OK) {
		free(c);
		return NULL;
	}
	run->cases[run->n_cases++] = c;
	return c;
}

int h1r_case_add_tag(struct h1r_case *c, const char *tag)
{
	struct h1r_str t = {NULL, 0};

	if (h1r__grow((void **)&c->tags, &c->cap_tags, c->n_tags + 1, sizeof(c->tags[0])) != H1R_OK)
		return H1R_ENOMEM;
	if (h1r_str_setz(&t, tag ? tag : "") != H1R_OK)
		return H1R_ENOMEM;
	c->tags[c->n_tags++] = t;
	return H1R_OK;
}

int h1r_case_add_finding(struct h1r_case *c, const char *rule, enum h1r_level level, const char *document,
                         const char *section, const char *message)
{
	struct h1r_finding f;

	memset(&f, 0, sizeof(f));
	f.level = level;
	if (h1r__grow((void **)&c->findings, &c->cap_findings, c->n_findings + 1, sizeof(c->findings[0])) !=
	    H1R_OK)
		return H1R_ENOMEM;
	if (h1r_str_setz(&f.rule, rule ? rule : "") != H1R_OK ||
	    h1r_str_setz(&f.document, document ? document : "") != H1R_OK ||
	    h1r_str_setz(&f.section, section ? section : "") != H1R_OK ||
	    h1r_str_setz(&f.message, message ? message : "") != H1R_OK) {
		finding_free(&f);
		return H1R_ENOMEM;
	}
	c->findings[c->n_findings++] = f;
	return H1R_OK;
}

int h1r_case_add_transcript(struct h1r_case *c, enum h1r_dir dir, uint64_t t_ms, const void *data, size_t len,
                            int truncated)
{
	struct h1r_chunk ch;
	size_t room = c->transcript_bytes >= H1R_MAX_CASE_TRANSCRIPT
	                      ? 0
	                      : H1R_MAX_CASE_TRANSCRIPT - c->transcript_bytes;

	memset(&ch, 0, sizeof(ch));
	if (data == NULL)
		len = 0;
	if (len > room) {
		len = room;
		truncated = 1;
	}
	if (h1r__grow((void **)&c->transcript, &c->cap_transcript, c->n_transcript + 1,
	              sizeof(c->transcript[0])) != H1R_OK)
		return H1R_ENOMEM;
	if (len > 0) {
		ch.data.ptr = malloc(len);
		if (ch.data.ptr == NULL)
			return H1R_ENOMEM;
		memcpy(ch.data.ptr, data, len);
		ch.data.len = len;
	}
	ch.dir = dir;
	ch.t_ms = t_ms;
	ch.truncated = truncated != 0;
	c->transcript[c->n_transcript++] = ch;
	c->transcript_bytes += len;
	return H1R_OK;
}

void h1r_run_summarize(const struct h1r_run *run, struct h1r_summary *out)
{
	size_t i;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < run->n_cases; i++) {
		unsigned v = (unsigned)run->cases[i]->verdict;
		if (v < H1R_VERDICT_COUNT)
			out->count[v]++;
		out->total++;
	}
}

int h1r_run_deviates(const struct h1r_run *run)
{
	size_t i;

	for (i = 0; i < run->n_cases; i++)
		if (h1r_verdict_gates(run->cases[i]->verdict, run->strict))
			return 1;
	return 0;
}

struct h1r_str h1r__label(const struct h1r_run *run)
{
	static const char unnamed[] = "(unnamed target)";
	struct h1r_str s;

	if (run->target_name.ptr && run->target_name.len > 0)
		return run->target_name;
	if (run->target_url.ptr && run->target_url.len > 0)
		return run->target_url;
	/* A borrowed view: writers never free or modify it. */
	s.ptr = (char *)(uintptr_t)unnamed;
	s.len = sizeof(unnamed) - 1;
	return s;
}

const char *h1r_run_label(const struct h1r_run *run)
{
	return h1r__label(run).ptr;
}
