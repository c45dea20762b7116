/*
 * Running cases (see run.h): selection, preparation, one case from bytes
 * to verdict, and the worker threads.
 *
 * Errors versus failures: only what the server did can fail a case. When
 * the tool cannot judge (the connection cannot be opened, memory runs out,
 * the case's bytes cannot be made from the profile) the verdict is error,
 * with the reason; when the target lacks something the case needs, skip.
 */
#include "harness/run.h"

#include <fnmatch.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "harness/judge.h"

/* Transcript bytes kept per direction for one case. */
#define TRANSCRIPT_KEEP ((size_t)32 << 10)

/* ---------------------------------------------------------------------- */
/* selection                                                              */

enum term_kind { T_ID, T_SECTION, T_DOC, T_TAG, T_LEVEL };

struct h1c_term {
	int kind;
	int negate;
	char doc[16]; /* T_SECTION (optional) and T_DOC: the RFC number */
	char text[256];
	int level; /* T_LEVEL: enum h1k_level */
};

/* "9112", "rfc9112", "RFC9112", "RFC 9112" -> "9112"; -1 if not a number. */
static int rfc_number(const char *s, size_t n, char *out, size_t cap)
{
	size_t i = 0, k = 0;

	if (n >= 3 && strncasecmp(s, "rfc", 3) == 0)
		i = 3;
	if (i < n && s[i] == ' ')
		i++;
	if (i == n)
		return -1;
	for (; i < n; i++) {
		if (s[i] < '0' || s[i] > '9' || k + 1 >= cap)
			return -1;
		out[k++] = s[i];
	}
	out[k] = '\0';
	return 0;
}

static int parse_term(struct h1c_term *t, const char *s, size_t n, char *err, size_t errlen)
{
	memset(t, 0, sizeof(*t));
	if (n && s[0] == '!') {
		t->negate = 1;
		s++;
		n--;
	}
	if (n == 0) {
		snprintf(err, errlen, "empty selection term");
		return -1;
	}
#define PREFIX(p) (n > strlen(p) && strncmp(s, p, strlen(p)) == 0 ? (s += strlen(p), n -= strlen(p), 1) : 0)
	if (PREFIX("id:")) {
		t->kind = T_ID;
	} else if (PREFIX("section:")) {
		const char *slash = memchr(s, '/', n);
		t->kind = T_SECTION;
		if (slash) {
			if (rfc_number(s, (size_t)(slash - s), t->doc, sizeof(t->doc))) {
				snprintf(err, errlen, "section:%.*s: '%.*s' is not an RFC number", (int)n, s,
				         (int)(slash - s), s);
				return -1;
			}
			n -= (size_t)(slash - s) + 1;
			s = slash + 1;
		}
	} else if (PREFIX("doc:")) {
		t->kind = T_DOC;
		if (rfc_number(s, n, t->doc, sizeof(t->doc))) {
			snprintf(err, errlen, "doc:%.*s: not an RFC number (e.g. doc:9112)", (int)n, s);
			return -1;
		}
	} else if (PREFIX("tag:")) {
		t->kind = T_TAG;
	} else if (PREFIX("level:")) {
		t->kind = T_LEVEL;
		if (n == 4 && strncasecmp(s, "must", 4) == 0)
			t->level = H1K_MUST;
		else if (n == 6 && strncasecmp(s, "should", 6) == 0)
			t->level = H1K_SHOULD;
		else if (n == 3 && strncasecmp(s, "may", 3) == 0)
			t->level = H1K_MAY;
		else {
			snprintf(err, errlen, "level:%.*s: the level is MUST, SHOULD or MAY", (int)n, s);
			return -1;
		}
	} else if (memchr(s, ':', n)) {
		snprintf(err, errlen, "'%.*s': unknown kind of term (id:, section:, doc:, tag:, level:)",
		         (int)n, s);
		return -1;
	} else {
		t->kind = T_ID;
	}
#undef PREFIX
	if (n == 0 || n >= sizeof(t->text)) {
		snprintf(err, errlen, "selection term too short or too long");
		return -1;
	}
	memcpy(t->text, s, n);
	t->text[n] = '\0';
	/* a trailing '/' on an id prefix means the same as none */
	if (t->kind == T_ID && n > 1 && t->text[n - 1] == '/')
		t->text[n - 1] = '\0';
	return 0;
}

int h1c_selector_add(struct h1c_selector *sel, const char *expr, char *err, size_t errlen)
{
	const char *p = expr;

	for (;;) {
		size_t n = strcspn(p, ",");
		if (sel->n == sel->cap) {
			size_t cap = sel->cap ? sel->cap * 2 : 8;
			struct h1c_term *t = realloc(sel->terms, cap * sizeof(*t));
			if (t == NULL) {
				snprintf(err, errlen, "out of memory");
				return -1;
			}
			sel->terms = t;
			sel->cap = cap;
		}
		if (parse_term(&sel->terms[sel->n], p, n, err, errlen))
			return -1;
		sel->n++;
		if (p[n] == '\0')
			return 0;
		p += n + 1;
	}
}

void h1c_selector_free(struct h1c_selector *s)
{
	free(s->terms);
	memset(s, 0, sizeof(*s));
}

/* "RFC 9112" -> "9112" */
static const char *doc_number(const char *doc)
{
	return strncmp(doc, "RFC ", 4) == 0 ? doc + 4 : doc;
}

static int term_match(const struct h1c_term *t, const struct h1k_case *c)
{
	size_t i, n;

	switch (t->kind) {
	case T_ID:
		if (strpbrk(t->text, "*?["))
			return fnmatch(t->text, c->id, 0) == 0;
		n = strlen(t->text);
		return strncmp(c->id, t->text, n) == 0 && (c->id[n] == '\0' || c->id[n] == '/');
	case T_SECTION:
		if (t->doc[0] && strcmp(doc_number(c->requirement.document), t->doc) != 0)
			return 0;
		n = strlen(t->text);
		return strncmp(c->requirement.section, t->text, n) == 0 &&
		       (c->requirement.section[n] == '\0' || c->requirement.section[n] == '.');
	case T_DOC:
		return strcmp(doc_number(c->requirement.document), t->doc) == 0;
	case T_TAG:
		for (i = 0; i < c->ntags; i++)
			if (strcmp(c->tags[i], t->text) == 0)
				return 1;
		return 0;
	case T_LEVEL:
		return c->requirement.level == t->level;
	default:
		return 0;
	}
}

int h1c_selector_match(const struct h1c_selector *s, const struct h1k_case *c)
{
	size_t i;
	int positive = 0, hit = 0;

	for (i = 0; i < s->n; i++) {
		const struct h1c_term *t = &s->terms[i];
		if (t->negate) {
			if (term_match(t, c))
				return 0;
		} else {
			positive = 1;
			if (!hit && term_match(t, c))
				hit = 1;
		}
	}
	return !positive || hit;
}

/* ---------------------------------------------------------------------- */
/* preparation                                                            */

static void set_placeholders(const struct h1c_run_config *cfg, struct h1c_run_env *env)
{
	const struct h1c_profile *p = &cfg->profile;

	memset(&env->ph, 0, sizeof(env->ph));
	env->ph.value[H1K_PH_HOST] = cfg->target.host_header;
	env->ph.value[H1K_PH_PATH] = p->exists;
	env->ph.value[H1K_PH_MISSING] = p->missing;
	env->ph.value[H1K_PH_STATIC] = p->static_path[0] ? p->static_path : NULL;
	env->ph.value[H1K_PH_WRITABLE] = p->writable[0] ? p->writable : NULL;
	env->ph.value[H1K_PH_ECHO] = p->echo[0] ? p->echo : NULL;
	env->ph.value[H1K_PH_ETAG] = env->etag[0] ? env->etag : NULL;
	env->ph.value[H1K_PH_LAST_MODIFIED] = env->last_modified[0] ? env->last_modified : NULL;
}

/* A validator may become a placeholder value only if it is one clean line. */
static int clean_value(const char *v, size_t n, size_t cap)
{
	size_t i;

	if (n == 0 || n >= cap)
		return 0;
	for (i = 0; i < n; i++)
		if ((unsigned char)v[i] < 0x20 || v[i] == 0x7f)
			return 0;
	return 1;
}

static void fetch_validators(const struct h1c_run_config *cfg, struct h1c_run_env *env)
{
	struct h1c_conn *conn = NULL;
	struct h1c_buf req = {0};
	struct h1c_step step;
	struct h1c_exchange_opts o;
	struct h1c_exchange x;
	struct h1c_judge_input in;
	struct h1c_judgement j;
	char err[256];

	h1c_buf_printf(&req, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n",
	               cfg->profile.static_path, cfg->target.host_header);
	if (h1c_conn_open(&cfg->target, &conn, err, sizeof(err)) != H1C_T_OK) {
		snprintf(env->note, sizeof(env->note), "could not fetch %.100s: %.100s",
		         cfg->profile.static_path, err);
		h1c_buf_free(&req);
		return;
	}
	memset(&step, 0, sizeof(step));
	step.kind = H1C_STEP_DATA;
	step.data = req.data;
	step.len = req.len;
	memset(&o, 0, sizeof(o));
	o.timeout_ms = cfg->timeout_ms;
	o.idle_ms = cfg->idle_ms;
	o.linger_ms = cfg->linger_ms;
	o.linger_min_ms = cfg->linger_min_ms;
	o.max_recv = cfg->max_recv;
	o.expect = 1;
	h1c_exchange_run(conn, &step, 1, &o, &x);
	h1c_conn_close(conn);
	memset(&in, 0, sizeof(in));
	in.sent = x.sent.data;
	in.sent_len = x.sent.len;
	in.recv = x.recv.data;
	in.recv_len = x.recv.len;
	in.end = x.end;
	if (h1c_judge(&in, &j) == 0) {
		if (j.nresp && j.resp[0].status == 200) {
			const struct h1c_field *e =
			        h1c_field_get(j.resp[0].fields, j.resp[0].nfields, "etag");
			const struct h1c_field *l =
			        h1c_field_get(j.resp[0].fields, j.resp[0].nfields, "last-modified");
			if (e && clean_value(e->value, e->value_len, sizeof(env->etag)))
				memcpy(env->etag, e->value, e->value_len + 1);
			if (l && clean_value(l->value, l->value_len, sizeof(env->last_modified)))
				memcpy(env->last_modified, l->value, l->value_len + 1);
			if (!env->etag[0] || !env->last_modified[0])
				snprintf(env->note, sizeof(env->note), "%.200s has no %s",
				         cfg->profile.static_path, !env->etag[0] ? "ETag" : "Last-Modified");
		} else {
			snprintf(env->note, sizeof(env->note), "GET %.200s did not give 200",
			         cfg->profile.static_path);
		}
		h1c_judgement_free(&j);
	}
	h1c_exchange_free(&x);
	h1c_buf_free(&req);
}

int h1c_run_prepare(const struct h1c_run_config *cfg, struct h1c_run_env *env, char *err, size_t errlen)
{
	struct h1c_conn *conn = NULL;
	int rc;

	memset(env, 0, sizeof(*env));
	rc = h1c_conn_open(&cfg->target, &conn, err, errlen);
	if (rc != H1C_T_OK)
		return rc;
	h1c_conn_close(conn);
	if (cfg->profile.static_path[0])
		fetch_validators(cfg, env);
	set_placeholders(cfg, env);
	return H1C_T_OK;
}

/* ---------------------------------------------------------------------- */
/* one case                                                               */

static enum h1r_level level_of(int l)
{
	return l == H1K_SHOULD ? H1R_SHOULD : l == H1K_MAY ? H1R_MAY : H1R_MUST;
}

static void set_case_info(struct h1r_case *out, const struct h1k_case *c)
{
	size_t i;

	h1r_str_setz(&out->title, c->title);
	h1r_str_setz(&out->document, c->requirement.document);
	h1r_str_setz(&out->section, c->requirement.section);
	h1r_str_setz(&out->requirement, c->requirement.text);
	out->level = level_of(c->requirement.level);
	for (i = 0; i < c->ntags; i++)
		h1r_case_add_tag(out, c->tags[i]);
}

static void set_text(struct h1r_str *dst, const struct h1c_buf *b)
{
	h1r_str_set(dst, b->data ? b->data : "", b->len);
}

static const char *h1k_status_text(int rc)
{
	switch (rc) {
	case H1K_ENEED:
		return "the target profile lacks a value the case needs";
	case H1K_ELIMIT:
		return "the case's bytes exceed the maximum size";
	case H1K_EINVAL:
		return "a profile value holds CR, LF or NUL";
	case H1K_ENOMEM:
		return "out of memory";
	default:
		return "cannot make the case's bytes";
	}
}

/* The data of every step, expanded; steps point into bufs. */
struct plan {
	struct h1c_step *steps;
	struct h1k_bytes *bufs;
	size_t n;
	int half_close;
};

static void plan_free(struct plan *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		h1k_bytes_free(&p->bufs[i]);
	free(p->bufs);
	free(p->steps);
	memset(p, 0, sizeof(*p));
}

static int plan_make(const struct h1k_case *c, const struct h1k_profile *ph, struct plan *p)
{
	size_t i;

	memset(p, 0, sizeof(*p));
	p->steps = calloc(c->nsteps ? c->nsteps : 1, sizeof(*p->steps));
	p->bufs = calloc(c->nsteps ? c->nsteps : 1, sizeof(*p->bufs));
	if (p->steps == NULL || p->bufs == NULL) {
		plan_free(p);
		return H1K_ENOMEM;
	}
	p->n = c->nsteps;
	for (i = 0; i < c->nsteps; i++) {
		const struct h1k_step *s = &c->steps[i];
		struct h1c_step *d = &p->steps[i];
		d->delay_ms = s->delay_ms;
		switch (s->kind) {
		case H1K_STEP_DATA: {
			int rc = h1k_step_bytes(s, ph, &p->bufs[i]);
			if (rc != H1K_OK) {
				plan_free(p);
				return rc;
			}
			d->kind = H1C_STEP_DATA;
			d->data = p->bufs[i].p ? p->bufs[i].p : "";
			d->len = p->bufs[i].len;
			break;
		}
		case H1K_STEP_DELAY:
			d->kind = H1C_STEP_DELAY;
			break;
		case H1K_STEP_AWAIT:
			d->kind = H1C_STEP_AWAIT;
			break;
		case H1K_STEP_AWAIT_INTERIM:
			d->kind = H1C_STEP_AWAIT_INTERIM;
			break;
		default:
			d->kind = H1C_STEP_HALF_CLOSE;
			p->half_close = 1;
			break;
		}
	}
	return H1K_OK;
}

static void add_transcript(struct h1r_case *out, const struct h1c_exchange *x)
{
	size_t i, kept[2] = {0, 0};
	int cut[2] = {0, 0};

	for (i = 0; i < x->ntl; i++) {
		const struct h1c_tl_entry *e = &x->tl[i];
		if (e->dir == 2) {
			h1r_case_add_transcript(out, H1R_EVENT, (uint64_t)e->t_ms, e->text, strlen(e->text),
			                        0);
		} else {
			const struct h1c_buf *b = e->dir == 0 ? &x->sent : &x->recv;
			size_t n = e->len, room = TRANSCRIPT_KEEP - kept[e->dir];
			if (cut[e->dir])
				continue;
			if (n > room) {
				n = room;
				cut[e->dir] = 1;
			}
			h1r_case_add_transcript(out, e->dir == 0 ? H1R_SEND : H1R_RECV, (uint64_t)e->t_ms,
			                        b->data + e->off, n, cut[e->dir]);
			kept[e->dir] += n;
		}
	}
}

static void add_findings(struct h1r_case *out, const struct h1c_judgement *j)
{
	size_t i;

	for (i = 0; i < j->nfindings; i++) {
		const struct h1c_finding *f = &j->findings[i];
		char msg[400];
		if (f->response >= 0)
			snprintf(msg, sizeof(msg), "response %ld: %s", f->response + 1, f->message);
		else
			snprintf(msg, sizeof(msg), "%s", f->message);
		h1r_case_add_finding(out, f->rule, (enum h1r_level)f->level, f->document, f->section, msg);
	}
}

static void set_verdict(struct h1r_case *out, enum h1r_verdict v, const char *message)
{
	out->verdict = v;
	h1r_str_setz(&out->message, message);
}

int h1c_run_case(const struct h1c_run_config *cfg, const struct h1c_run_env *env, const struct h1k_case *c,
                 struct h1r_case *out)
{
	int64_t t0 = h1c_now_ms();
	unsigned lacks = h1k_profile_lacks(&env->ph, c->needs);
	struct plan plan;
	struct h1k_bytes all = {0};
	struct h1c_request *req = NULL;
	size_t nreq = 0;
	int complete = 1, rc = 0;
	struct h1c_tracker *tr = NULL;
	struct h1c_conn *conn = NULL;
	struct h1c_exchange x;
	struct h1c_exchange_opts o;
	struct h1c_judge_input in;
	struct h1c_judgement j;
	struct h1c_case_verdict v;
	char err[320];

	set_case_info(out, c);
	{
		struct h1c_buf e = {0};
		h1c_describe_outcomes(c, &env->ph, &e);
		set_text(&out->expected, &e);
		h1c_buf_free(&e);
	}
	if (lacks) {
		struct h1c_buf m = {0};
		int i, first = 1;
		h1c_buf_puts(&m, "the target profile has no ");
		for (i = 0; i < H1K_PH__COUNT; i++) {
			if (!(lacks & (1u << i)))
				continue;
			h1c_buf_printf(&m, "%s{%s}", first ? "" : ", ", h1k_placeholder_name(i));
			first = 0;
		}
		if ((lacks & ((1u << H1K_PH_ETAG) | (1u << H1K_PH_LAST_MODIFIED))) && env->note[0])
			h1c_buf_printf(&m, " (%s)", env->note);
		h1c_buf_put(&m, "", 1);
		set_verdict(out, H1R_SKIP, m.data ? m.data : "skipped");
		h1c_buf_free(&m);
		return 0;
	}
	rc = plan_make(c, &env->ph, &plan);
	if (rc == H1K_OK)
		rc = h1k_send_bytes(c, &env->ph, &all);
	if (rc != H1K_OK) {
		set_verdict(out, H1R_ERROR, h1k_status_text(rc));
		plan_free(&plan);
		h1k_bytes_free(&all);
		return rc == H1K_ENOMEM ? -1 : 0;
	}
	if (h1c_learn_requests(all.p ? all.p : "", all.len, &req, &nreq, &complete)) {
		set_verdict(out, H1R_ERROR, "out of memory");
		plan_free(&plan);
		h1k_bytes_free(&all);
		return -1;
	}
	h1k_bytes_free(&all);
	if (!complete && c->nmethods) {
		size_t i;
		struct h1c_request *r2 = calloc(c->nmethods, sizeof(*r2));
		if (r2) {
			for (i = 0; i < c->nmethods; i++) {
				snprintf(r2[i].method, sizeof(r2[i].method), "%s", c->methods[i]);
				r2[i].minor = -1;
			}
			free(req);
			req = r2;
			nreq = c->nmethods;
		}
	}
	tr = h1c_tracker_new(req, nreq);
	memset(&o, 0, sizeof(o));
	o.timeout_ms = c->timeout_ms ? (int64_t)c->timeout_ms : cfg->timeout_ms;
	o.idle_ms = cfg->idle_ms;
	o.linger_ms = cfg->linger_ms;
	o.linger_min_ms = cfg->linger_min_ms;
	/* where an outcome that still fits ends with a close, the tracker
	 * asks for the idle time, for a server that closes without saying so
	 * (no "Connection: close") */
	if (tr)
		h1c_tracker_watch(tr, c);
	o.max_recv = cfg->max_recv;
	o.expect = nreq;
	o.progress = tr ? h1c_tracker_progress : NULL;
	o.progress_ctx = tr;
	free(req);

	if (h1c_conn_open(&cfg->target, &conn, err, sizeof(err)) != H1C_T_OK) {
		set_verdict(out, H1R_ERROR, err);
		out->duration_ms = (uint64_t)(h1c_now_ms() - t0);
		h1c_tracker_free(tr);
		plan_free(&plan);
		return 1;
	}
	rc = h1c_exchange_run(conn, plan.steps, plan.n, &o, &x);
	h1c_conn_close(conn);
	h1c_tracker_free(tr);
	if (rc) {
		set_verdict(out, H1R_ERROR, x.detail);
		add_transcript(out, &x);
		h1c_exchange_free(&x);
		plan_free(&plan);
		return -1;
	}

	memset(&in, 0, sizeof(in));
	in.sent = x.sent.data ? x.sent.data : "";
	in.sent_len = x.sent.len;
	in.recv = x.recv.data ? x.recv.data : "";
	in.recv_len = x.recv.len;
	in.end = x.end;
	in.methods = (const char *const *)c->methods;
	in.nmethods = c->nmethods;
	in.unanswered_expect = x.interim_missed;
	if (h1c_judge(&in, &j) || h1c_judge_case(c, &env->ph, &j, &v)) {
		set_verdict(out, H1R_ERROR, "out of memory while judging");
		h1c_exchange_free(&x);
		plan_free(&plan);
		return -1;
	}
	out->verdict = v.verdict;
	set_text(&out->expected, &v.expected);
	set_text(&out->actual, &v.actual);
	if (x.end == H1C_END_RESET || x.end == H1C_END_LIMIT || x.send_failed)
		h1c_buf_printf(&v.message, "%s(%s)", v.message.len ? " " : "", x.detail);
	if (plan.half_close && cfg->target.tls && v.verdict != H1R_PASS)
		h1c_buf_printf(&v.message, "%s(over TLS the half-close is a TCP FIN without close_notify)",
		               v.message.len ? " " : "");
	set_text(&out->message, &v.message);
	add_findings(out, &j);
	if (v.verdict != H1R_PASS || j.nfindings || cfg->transcripts_always)
		add_transcript(out, &x);
	out->duration_ms = (uint64_t)(h1c_now_ms() - t0);
	h1c_case_verdict_free(&v);
	h1c_judgement_free(&j);
	h1c_exchange_free(&x);
	plan_free(&plan);
	return 0;
}

/* ---------------------------------------------------------------------- */
/* all cases                                                              */

struct pool {
	const struct h1c_run_config *cfg;
	const struct h1c_run_env *env;
	struct h1k_case *const *cases;
	struct h1r_case **out;
	size_t *order; /* case indexes, slowest first */
	size_t n;
	atomic_size_t next;
	atomic_size_t done;
	atomic_size_t count[H1R_VERDICT_COUNT];
	atomic_int failed;
	atomic_size_t unreachable;
	pthread_mutex_t writable; /* held while a case uses {writable} */
};

static void *worker(void *arg)
{
	struct pool *p = arg;

	for (;;) {
		size_t k = atomic_fetch_add(&p->next, 1), i;
		if (k >= p->n)
			break;
		i = p->order[k];
		/* cases that change the writable resource would see each other's
		 * changes if they overlapped (a DELETE then PUT expecting 201) */
		int shared = (p->cases[i]->needs & (1u << H1K_PH_WRITABLE)) != 0;
		if (shared)
			pthread_mutex_lock(&p->writable);
		int rc = h1c_run_case(p->cfg, p->env, p->cases[i], p->out[i]);
		if (rc < 0)
			atomic_store(&p->failed, 1);
		else if (rc > 0)
			atomic_fetch_add(&p->unreachable, 1);
		if (shared)
			pthread_mutex_unlock(&p->writable);
		atomic_fetch_add(
		        &p->count[p->out[i]->verdict < H1R_VERDICT_COUNT ? p->out[i]->verdict : H1R_ERROR],
		        1);
		atomic_fetch_add(&p->done, 1);
	}
	return NULL;
}

/* How long a case is bound to wait whatever the server does: its delays,
 * and the idle deadline when an outcome lets the server keep silent. */
static unsigned long expected_wait_ms(const struct h1c_run_config *cfg, const struct h1k_case *c)
{
	unsigned long ms = 0;
	size_t i;

	for (i = 0; i < c->nsteps; i++)
		ms += c->steps[i].delay_ms;
	for (i = 0; i < c->noutcomes; i++)
		if (c->outcomes[i].timeout) {
			ms += (unsigned long)cfg->idle_ms;
			break;
		}
	return ms;
}

struct order_key {
	unsigned long wait;
	size_t index;
};

static int slowest_first(const void *a, const void *b)
{
	const struct order_key *x = a, *y = b;

	if (x->wait != y->wait)
		return x->wait < y->wait ? 1 : -1;
	return x->index < y->index ? -1 : x->index > y->index;
}

/* Start the cases that must wait first, so that their waits overlap the
 * quick ones instead of trailing at the end of the run. */
static size_t *schedule(const struct h1c_run_config *cfg, struct h1k_case *const *cases, size_t n)
{
	struct order_key *keys = calloc(n ? n : 1, sizeof(*keys));
	size_t *order = calloc(n ? n : 1, sizeof(*order)), i;

	if (keys == NULL || order == NULL) {
		free(keys);
		free(order);
		return NULL;
	}
	for (i = 0; i < n; i++) {
		keys[i].wait = expected_wait_ms(cfg, cases[i]);
		keys[i].index = i;
	}
	qsort(keys, n, sizeof(*keys), slowest_first);
	for (i = 0; i < n; i++)
		order[i] = keys[i].index;
	free(keys);
	return order;
}

static void draw_progress(struct pool *p, int final)
{
	size_t done = atomic_load(&p->done), w = 30, fill = p->n ? done * w / p->n : w, i;
	char bar[64];

	for (i = 0; i < w; i++)
		bar[i] = i < fill ? '#' : '.';
	bar[w] = '\0';
	fprintf(stderr, "\r[%s] %zu/%zu  pass %zu  fail %zu  warn %zu  skip %zu  error %zu ", bar, done, p->n,
	        atomic_load(&p->count[H1R_PASS]), atomic_load(&p->count[H1R_FAIL]),
	        atomic_load(&p->count[H1R_WARN]), atomic_load(&p->count[H1R_SKIP]),
	        atomic_load(&p->count[H1R_ERROR]));
	if (final)
		fprintf(stderr, "\r%*s\r", 100, "");
	fflush(stderr);
}

int h1c_run_all(const struct h1c_run_config *cfg, const struct h1c_run_env *env,
                struct h1k_case *const *cases, size_t n, struct h1r_run *run, size_t *unreachable)
{
	struct pool p;
	pthread_t *th;
	size_t i, nth = cfg->jobs > 0 ? (size_t)cfg->jobs : 1, started = 0;
	int rc = 0;

	if (nth > n)
		nth = n ? n : 1;
	memset(&p, 0, sizeof(p));
	p.cfg = cfg;
	p.env = env;
	p.cases = cases;
	p.n = n;
	pthread_mutex_init(&p.writable, NULL);
	p.out = calloc(n ? n : 1, sizeof(*p.out));
	p.order = schedule(cfg, cases, n);
	th = calloc(nth, sizeof(*th));
	if (p.out == NULL || p.order == NULL || th == NULL) {
		free(p.out);
		free(p.order);
		free(th);
		return -1;
	}
	/* records are added up front, in order; workers fill their own */
	for (i = 0; i < n; i++) {
		p.out[i] = h1r_run_add_case(run, cases[i]->id);
		if (p.out[i] == NULL) {
			free(p.out);
			free(p.order);
			free(th);
			return -1;
		}
	}
	for (i = 0; i < nth; i++) {
		if (pthread_create(&th[i], NULL, worker, &p) != 0)
			break;
		started++;
	}
	if (started == 0) {
		worker(&p);
		rc = -1;
	}
	while (cfg->progress && atomic_load(&p.done) < n) {
		draw_progress(&p, 0);
		usleep(100000);
	}
	for (i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	if (cfg->progress)
		draw_progress(&p, 1);
	if (atomic_load(&p.failed))
		rc = -1;
	if (unreachable)
		*unreachable = atomic_load(&p.unreachable);
	free(th);
	free(p.out);
	free(p.order);
	pthread_mutex_destroy(&p.writable);
	return rc;
}

/* ---------------------------------------------------------------------- */
/* dry runs                                                               */

int h1c_describe_steps(const struct h1k_case *c, const struct h1k_profile *ph, struct h1c_buf *out)
{
	size_t i, k;

	for (i = 0; i < c->nsteps; i++) {
		const struct h1k_step *s = &c->steps[i];
		if (s->kind == H1K_STEP_DATA) {
			struct h1k_bytes b = {0};
			int rc = h1k_step_bytes(s, ph, &b);
			if (rc != H1K_OK) {
				h1k_bytes_free(&b);
				return rc;
			}
			if (s->delay_ms)
				h1c_buf_printf(out, "  wait %u ms\n", s->delay_ms);
			h1c_buf_printf(out, "  send %zu bytes: ", b.len);
			for (k = 0; k < b.len && k < 2048; k++) {
				unsigned char ch = (unsigned char)b.p[k];
				if (ch == '\r')
					h1c_buf_puts(out, "\\r");
				else if (ch == '\n')
					h1c_buf_puts(out, "\\n");
				else if (ch < 0x20 || ch >= 0x7f || ch == '\\')
					h1c_buf_printf(out, "\\x%02x", ch);
				else
					h1c_buf_put(out, &b.p[k], 1);
			}
			if (b.len > 2048)
				h1c_buf_printf(out, "... (%zu more)", b.len - 2048);
			h1c_buf_puts(out, "\n");
			h1k_bytes_free(&b);
		} else if (s->kind == H1K_STEP_DELAY) {
			h1c_buf_printf(out, "  wait %u ms\n", s->delay_ms);
		} else if (s->kind == H1K_STEP_AWAIT) {
			h1c_buf_puts(out, "  wait for one more final response\n");
		} else if (s->kind == H1K_STEP_AWAIT_INTERIM) {
			h1c_buf_puts(out, "  wait for an interim (1xx) or final response\n");
		} else {
			h1c_buf_puts(out, "  half-close\n");
		}
	}
	return H1K_OK;
}
