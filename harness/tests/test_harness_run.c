/*
 * Unit tests of running cases (harness/run.c) and of verdicts
 * (h1c_judge_case in harness/judge.c): selection, outcome matching, and
 * whole cases against in-process servers, both the embedded strict one
 * (everything passes) and hostile ones (garbage, resets, endless content,
 * slow drips, huge heads, NUL bytes, silence) that must give a clean verdict
 * within the deadlines and memory bounds.
 */
#include <check.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "harness/judge.h"
#include "harness/run.h"
#include "harness/serve.h"
#include "harness/tests/tsrv.h"

#define DATE "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n"

/* A case from JSON text with a given id; the test fails if it does not load. */
static struct h1k_case *load(const char *id, const char *json)
{
	struct h1k_case *c = NULL;
	struct h1k_diags d = {0};
	char msg[512] = "";

	if (h1k_load_buffer(json, strlen(json), "test.json", id, &c, &d) != H1K_OK && d.n)
		h1k_diag_format(&d.v[0], msg, sizeof(msg));
	ck_assert_msg(c != NULL, "case %s does not load: %s", id, msg);
	h1k_diags_free(&d);
	return c;
}

#define CASE(level, send, outcomes)                                                                          \
	"{\"title\": \"t\", \"requirement\": {\"document\": \"RFC 9112\", \"section\": \"6.3\", \"level\": " \
	"\"" level "\", \"text\": \"x\"}, \"tags\": [\"framing\"], \"send\": " send                          \
	", \"reference\": {\"verdict\": \"accept\"}, \"expect\": {\"outcomes\": " outcomes "}}"

#define CASEX(doc, section, level, send, outcomes)                                                           \
	"{\"title\": \"t\", \"requirement\": {\"document\": \"" doc "\", \"section\": \"" section            \
	"\", \"level\": \"" level "\", \"text\": \"x\"}, \"send\": " send                                    \
	", \"reference\": {\"verdict\": \"accept\"}, \"expect\": {\"outcomes\": " outcomes "}}"

#define GET_SEND "\"GET {path} HTTP/1.1\\r\\nHost: {host}\\r\\n\\r\\n\""

/* ---------------------------------------------------------------------- */
/* selection                                                              */

START_TEST(selection)
{
	struct h1k_case *a = load("rfc9112/6.3/te-and-cl", CASE("MUST", GET_SEND, "[{\"responses\": []}]"));
	struct h1k_case *b =
	        load("rfc9112/6.31/x", CASEX("RFC 9110", "6.31", "MAY", GET_SEND, "[{\"responses\": []}]"));
	struct h1c_selector s = {0};
	char err[256];

	ck_assert(h1c_selector_match(&s, a)); /* nothing given: everything */
	ck_assert_int_eq(h1c_selector_add(&s, "rfc9112/6.3", err, sizeof(err)), 0);
	ck_assert(h1c_selector_match(&s, a));
	ck_assert(!h1c_selector_match(&s, b)); /* prefixes end at '/' */
	h1c_selector_free(&s);

	ck_assert_int_eq(h1c_selector_add(&s, "section:6,!level:MAY", err, sizeof(err)), 0);
	ck_assert(h1c_selector_match(&s, a));
	ck_assert(!h1c_selector_match(&s, b));
	h1c_selector_free(&s);
	ck_assert_int_eq(h1c_selector_add(&s, "section:9112/6", err, sizeof(err)), 0);
	ck_assert(h1c_selector_match(&s, a));
	ck_assert(!h1c_selector_match(&s, b)); /* another document */
	h1c_selector_free(&s);

	ck_assert_int_eq(h1c_selector_add(&s, "section:rfc9110/6.31", err, sizeof(err)), 0);
	ck_assert(!h1c_selector_match(&s, a));
	ck_assert(h1c_selector_match(&s, b));
	h1c_selector_free(&s);

	ck_assert_int_eq(h1c_selector_add(&s, "tag:framing", err, sizeof(err)), 0);
	ck_assert(h1c_selector_match(&s, a));
	ck_assert(!h1c_selector_match(&s, b));
	ck_assert_int_eq(h1c_selector_add(&s, "!*te-*", err, sizeof(err)), 0);
	ck_assert(!h1c_selector_match(&s, a));
	h1c_selector_free(&s);
	ck_assert_int_eq(h1c_selector_add(&s, "!*te-*", err, sizeof(err)), 0);
	ck_assert(h1c_selector_match(&s, b));
	h1c_selector_free(&s);

	ck_assert_int_eq(h1c_selector_add(&s, "doc:RFC9110,level:may", err, sizeof(err)), 0);
	ck_assert(!h1c_selector_match(&s, a));
	ck_assert(h1c_selector_match(&s, b));
	h1c_selector_free(&s);

	ck_assert_int_eq(h1c_selector_add(&s, "level:often", err, sizeof(err)), -1);
	ck_assert_int_eq(h1c_selector_add(&s, "a,,b", err, sizeof(err)), -1);
	ck_assert_int_eq(h1c_selector_add(&s, "colour:red", err, sizeof(err)), -1);
	ck_assert_int_eq(h1c_selector_add(&s, "doc:x", err, sizeof(err)), -1);
	h1c_selector_free(&s);
	h1k_case_free(a);
	h1k_case_free(b);
}
END_TEST

/* ---------------------------------------------------------------------- */
/* verdicts                                                               */

static const struct h1k_profile *offline(void)
{
	return h1k_profile_offline();
}

/* Judge recv for case json and return the verdict (message in msg). */
static enum h1r_verdict verdict_of(const char *json, const char *sent, const char *recv, int end, char *msg,
                                   size_t cap)
{
	struct h1k_case *c = load("rfc9112/6.3/v", json);
	struct h1c_judge_input in;
	struct h1c_judgement j;
	struct h1c_case_verdict v;
	enum h1r_verdict r;

	memset(&in, 0, sizeof(in));
	in.sent = sent;
	in.sent_len = strlen(sent);
	in.recv = recv;
	in.recv_len = strlen(recv);
	in.end = end;
	ck_assert_int_eq(h1c_judge(&in, &j), 0);
	ck_assert_int_eq(h1c_judge_case(c, offline(), &j, &v), 0);
	snprintf(msg, cap, "%.*s", (int)v.message.len, v.message.data ? v.message.data : "");
	r = v.verdict;
	h1c_case_verdict_free(&v);
	h1c_judgement_free(&j);
	h1k_case_free(c);
	return r;
}

#define REQ       "GET / HTTP/1.1\r\nHost: a\r\n\r\n"
#define R200      "HTTP/1.1 200 OK\r\n" DATE "Content-Length: 2\r\nConnection: close\r\n\r\nok"
#define CLOSED400 "[{\"responses\": [{\"status\": \"400\"}], \"connection\": \"closed\"}]"
#define R400      "HTTP/1.1 400 Bad\r\n" DATE "Content-Length: 0\r\n\r\n"

START_TEST(outcomes)
{
	char m[1024];

	ck_assert_int_eq(verdict_of(CASE("MUST", GET_SEND, "[{\"responses\": [{\"status\": \"4xx\"}]}]"), REQ,
	                            R400, H1C_END_OPEN, m, sizeof(m)),
	                 H1R_PASS);
	ck_assert_int_eq(verdict_of(CASE("MUST", GET_SEND, "[{\"responses\": [{\"status\": \"2xx\"}]}]"), REQ,
	                            R400, H1C_END_OPEN, m, sizeof(m)),
	                 H1R_FAIL);
	ck_assert_msg(strstr(m, "status 400") != NULL, "%s", m);
	ck_assert_int_eq(verdict_of(CASE("SHOULD", GET_SEND, "[{\"responses\": [{\"status\": \"2xx\"}]}]"),
	                            REQ, R400, H1C_END_OPEN, m, sizeof(m)),
	                 H1R_WARN);
	ck_assert_int_eq(verdict_of(CASE("MAY", GET_SEND, "[{\"responses\": [{\"status\": \"2xx\"}]}]"), REQ,
	                            R400, H1C_END_OPEN, m, sizeof(m)),
	                 H1R_PASS);
	ck_assert_msg(strncmp(m, "informational", 13) == 0, "%s", m);

	/* connection state; a reset counts as closed */
	ck_assert_int_eq(verdict_of(CASE("MUST", GET_SEND, CLOSED400), REQ, R400, H1C_END_OPEN, m, sizeof(m)),
	                 H1R_FAIL);
	ck_assert_msg(strstr(m, "stayed open") != NULL, "%s", m);
	ck_assert_int_eq(
	        verdict_of(CASE("MUST", GET_SEND, CLOSED400), REQ, R400, H1C_END_RESET, m, sizeof(m)),
	        H1R_PASS);
	ck_assert_int_eq(
	        verdict_of(CASE("MUST", GET_SEND, "[{\"responses\": [{}], \"connection\": \"open\"}]"), REQ,
	                   R400, H1C_END_CLOSED, m, sizeof(m)),
	        H1R_FAIL);

	/* number of responses */
	ck_assert_int_eq(verdict_of(CASE("MUST", GET_SEND, "[{\"responses\": []}]"), REQ, R400,
	                            H1C_END_CLOSED, m, sizeof(m)),
	                 H1R_FAIL);
	ck_assert_int_eq(
	        verdict_of(CASE("MUST", GET_SEND, "[{\"responses\": [], \"extra_responses\": true}]"), REQ,
	                   R400, H1C_END_CLOSED, m, sizeof(m)),
	        H1R_PASS);
	ck_assert_int_eq(verdict_of(CASE("MUST", GET_SEND, "[{\"responses\": [{}, {}]}]"), REQ, R400,
	                            H1C_END_CLOSED, m, sizeof(m)),
	                 H1R_FAIL);

	/* timeouts only where allowed */
	ck_assert_int_eq(verdict_of(CASE("MUST", GET_SEND, "[{\"responses\": []}]"), REQ, "", H1C_END_TIMEOUT,
	                            m, sizeof(m)),
	                 H1R_FAIL);
	ck_assert_int_eq(verdict_of(CASE("MUST", GET_SEND, "[{\"responses\": [], \"timeout\": true}]"), REQ,
	                            "", H1C_END_TIMEOUT, m, sizeof(m)),
	                 H1R_PASS);

	/* field and content matchers */
	ck_assert_int_eq(verdict_of(CASE("MUST", GET_SEND,
	                                 "[{\"responses\": [{\"headers_match\": {\"Connection\": {\"token\": "
	                                 "\"CLOSE\"}}, "
	                                 "\"headers_required\": [\"date\"], \"headers_forbidden\": "
	                                 "[\"Transfer-Encoding\"], "
	                                 "\"body_equals\": \"ok\", \"body\": \"nonempty\"}]}]"),
	                            REQ, R200, H1C_END_CLOSED, m, sizeof(m)),
	                 H1R_PASS);
	ck_assert_int_eq(
	        verdict_of(CASE("MUST", GET_SEND,
	                        "[{\"responses\": [{\"headers_match\": {\"Content-Length\": \"3\"}}]}]"),
	                   REQ, R200, H1C_END_CLOSED, m, sizeof(m)),
	        H1R_FAIL);
	ck_assert_msg(strstr(m, "Content-Length is \"2\"") != NULL, "%s", m);
	ck_assert_int_eq(verdict_of(CASE("MUST", GET_SEND, "[{\"responses\": [{\"body\": \"empty\"}]}]"), REQ,
	                            R200, H1C_END_CLOSED, m, sizeof(m)),
	                 H1R_FAIL);

	/* interim responses */
	ck_assert_int_eq(
	        verdict_of(CASE("MUST", GET_SEND, "[{\"responses\": [{\"interim_status\": \"100\"}]}]"), REQ,
	                   "HTTP/1.1 100 Continue\r\n\r\n" R200, H1C_END_CLOSED, m, sizeof(m)),
	        H1R_PASS);
	ck_assert_int_eq(
	        verdict_of(CASE("MUST", GET_SEND, "[{\"responses\": [{\"interim\": \"forbidden\"}]}]"), REQ,
	                   "HTTP/1.1 100 Continue\r\n\r\n" R200, H1C_END_CLOSED, m, sizeof(m)),
	        H1R_FAIL);
	ck_assert_int_eq(
	        verdict_of(CASE("MUST", GET_SEND, "[{\"responses\": [{\"interim\": \"required\"}]}]"), REQ,
	                   R200, H1C_END_CLOSED, m, sizeof(m)),
	        H1R_FAIL);

	/* a generic MUST finding fails a case whose outcome matched; a SHOULD one warns */
	ck_assert_int_eq(verdict_of(CASE("MAY", GET_SEND, "[{\"responses\": [{}]}]"), REQ,
	                            "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", H1C_END_OPEN, m,
	                            sizeof(m)),
	                 H1R_FAIL);
	ck_assert_msg(strstr(m, "date-missing") != NULL, "%s", m);
	ck_assert_int_eq(verdict_of(CASE("MUST", GET_SEND, "[{\"responses\": [{}]}]"), REQ,
	                            "HTTP/1.1 416 R\r\n" DATE "Content-Length: 0\r\n\r\n", H1C_END_OPEN, m,
	                            sizeof(m)),
	                 H1R_WARN);
	/* the size limit never matches */
	ck_assert_int_eq(
	        verdict_of(CASE("MUST", GET_SEND, "[{\"responses\": [{}], \"extra_responses\": true}]"), REQ,
	                   R200, H1C_END_LIMIT, m, sizeof(m)),
	        H1R_FAIL);
}
END_TEST

/* ---------------------------------------------------------------------- */
/* whole cases against hostile servers                                    */

static void cfg_for(struct h1c_run_config *cfg, struct h1c_run_env *env, const char *url)
{
	char err[256];

	memset(cfg, 0, sizeof(*cfg));
	memset(env, 0, sizeof(*env));
	ck_assert_int_eq(h1c_target_parse(url, &cfg->target, err, sizeof(err)), 0);
	h1c_profile_default(&cfg->profile, "/");
	cfg->timeout_ms = 1500;
	cfg->idle_ms = 400;
	cfg->linger_ms = 100;
	cfg->max_recv = 64 << 10;
	cfg->jobs = 2;
	env->ph.value[H1K_PH_HOST] = cfg->target.host_header;
	env->ph.value[H1K_PH_PATH] = cfg->profile.exists;
	env->ph.value[H1K_PH_MISSING] = cfg->profile.missing;
}

static struct h1r_run *run_rec;

/* Run json against a tsrv behaviour; returns the record (owned by run_rec). */
static struct h1r_case *run_against(tsrv_fn fn, const char *json, int64_t *elapsed)
{
	struct tsrv s;
	struct h1c_run_config cfg;
	struct h1c_run_env env;
	struct h1k_case *c = load("rfc9112/6.3/hostile", json);
	struct h1r_case *rec;
	int64_t t0;

	ck_assert_int_eq(tsrv_start(&s, fn, 1), 0);
	cfg_for(&cfg, &env, s.url);
	if (run_rec == NULL)
		run_rec = h1r_run_new();
	rec = h1r_run_add_case(run_rec, c->id);
	t0 = h1c_now_ms();
	ck_assert_int_eq(h1c_run_case(&cfg, &env, c, rec), 0);
	*elapsed = h1c_now_ms() - t0;
	tsrv_stop(&s);
	h1k_case_free(c);
	return rec;
}

static int has_finding(const struct h1r_case *c, const char *rule)
{
	size_t i;

	for (i = 0; i < c->n_findings; i++)
		if (strcmp(c->findings[i].rule.ptr, rule) == 0)
			return 1;
	return 0;
}

static void b_garbage(struct tsrv *s, int fd)
{
	tsrv_read_head(s, fd);
	tsrv_writes(fd, "\x16\x03\x01 not http at all \x00\xff\r\n\r\n");
	shutdown(fd, SHUT_WR);
	usleep(100000);
	close(fd);
}

static void b_reset(struct tsrv *s, int fd)
{
	tsrv_read_head(s, fd);
	tsrv_reset(fd);
}

static void b_endless(struct tsrv *s, int fd)
{
	char buf[4096];

	memset(buf, 'x', sizeof(buf));
	tsrv_read_head(s, fd);
	tsrv_writes(fd, "HTTP/1.1 200 OK\r\n" DATE "\r\n");
	while (!s->stop && send(fd, buf, sizeof(buf), MSG_NOSIGNAL) > 0)
		;
	close(fd);
}

static void b_drip(struct tsrv *s, int fd)
{
	const char *r = "HTTP/1.1 200 OK\r\n" DATE "Content-Length: 100000\r\n\r\n";

	tsrv_read_head(s, fd);
	tsrv_writes(fd, r);
	while (!s->stop && send(fd, "x", 1, MSG_NOSIGNAL) > 0)
		usleep(5000);
	close(fd);
}

static void b_huge_head(struct tsrv *s, int fd)
{
	char buf[4096];

	memset(buf, 'h', sizeof(buf));
	tsrv_read_head(s, fd);
	tsrv_writes(fd, "HTTP/1.1 200 OK\r\nX-Big: ");
	while (!s->stop && send(fd, buf, sizeof(buf), MSG_NOSIGNAL) > 0)
		;
	close(fd);
}

static void b_silent(struct tsrv *s, int fd)
{
	tsrv_read_head(s, fd);
	while (!s->stop)
		usleep(10000);
	close(fd);
}

static void b_head_with_body(struct tsrv *s, int fd)
{
	tsrv_read_head(s, fd);
	tsrv_writes(fd, "HTTP/1.1 200 OK\r\n" DATE "Content-Length: 5\r\n\r\nhello");
	while (!s->stop)
		usleep(10000);
	close(fd);
}

static void b_nul(struct tsrv *s, int fd)
{
	static const char r[] = "HTTP/1.1 200 OK\r\n" DATE "X: \0\0\0\r\nContent-Length: 0\r\n\r\n";

	tsrv_read_head(s, fd);
	tsrv_write(fd, r, sizeof(r) - 1);
	shutdown(fd, SHUT_WR);
	usleep(100000);
	close(fd);
}

#define ANY_CLOSED "[{\"responses\": [{\"status\": [\"2xx\", \"4xx\"]}], \"connection\": \"closed\"}]"

START_TEST(hostile_garbage)
{
	int64_t t;
	struct h1r_case *r = run_against(b_garbage, CASE("MUST", GET_SEND, ANY_CLOSED), &t);

	ck_assert_int_eq(r->verdict, H1R_FAIL);
	ck_assert_msg(has_finding(r, "response-syntax"), "%zu findings, %s / %s", r->n_findings,
	              r->actual.ptr, r->n_findings ? r->findings[0].rule.ptr : "-");
	ck_assert_uint_gt(r->n_transcript, 0);
}
END_TEST

START_TEST(hostile_reset)
{
	int64_t t;
	struct h1r_case *r = run_against(
	        b_reset, CASE("MUST", GET_SEND, "[{\"responses\": [], \"connection\": \"closed\"}]"), &t);

	ck_assert_msg(r->verdict == H1R_PASS, "%s / %s", r->actual.ptr, r->message.ptr);
	r = run_against(b_reset, CASE("MUST", GET_SEND, ANY_CLOSED), &t);
	ck_assert_int_eq(r->verdict, H1R_FAIL);
	ck_assert_msg(strstr(r->message.ptr, "reset") != NULL, "%s", r->message.ptr);
}
END_TEST

/* Whether the case's transcript records the event text: which bound ended the exchange. */
static int has_event(const struct h1r_case *c, const char *text)
{
	size_t i;

	for (i = 0; i < c->n_transcript; i++)
		if (c->transcript[i].dir == H1R_EVENT &&
		    memmem(c->transcript[i].data.ptr, c->transcript[i].data.len, text, strlen(text)) != NULL)
			return 1;
	return 0;
}

START_TEST(hostile_endless)
{
	int64_t t;
	struct h1r_case *r = run_against(b_endless, CASE("MUST", GET_SEND, ANY_CLOSED), &t);

	ck_assert_int_eq(r->verdict, H1R_FAIL);
	ck_assert_msg(strstr(r->message.ptr, "limit") != NULL, "%s", r->message.ptr);
	/* transcripts are bounded too */
	ck_assert_uint_le(r->transcript_bytes, (size_t)200 << 10);
	ck_assert(has_event(r, "response size limit"));
}
END_TEST

START_TEST(hostile_drip)
{
	int64_t t;
	struct h1r_case *r = run_against(b_drip, CASE("MUST", GET_SEND, ANY_CLOSED), &t);

	ck_assert_int_eq(r->verdict, H1R_FAIL);
	ck_assert_int_ge(t, 1400);
	ck_assert(has_event(r, "case deadline passed")); /* the drip never ended it by itself */
	ck_assert_msg(strstr(r->actual.ptr, "incomplete") != NULL, "%s", r->actual.ptr);
}
END_TEST

START_TEST(hostile_huge_head)
{
	int64_t t;
	struct h1r_case *r = run_against(b_huge_head, CASE("MUST", GET_SEND, ANY_CLOSED), &t);

	ck_assert_int_eq(r->verdict, H1R_FAIL);
	ck_assert(has_event(r, "response size limit")); /* the endless head is cut, not waited out */
}
END_TEST

START_TEST(hostile_silence)
{
	int64_t t;
	struct h1r_case *r =
	        run_against(b_silent, CASE("MUST", GET_SEND, "[{\"responses\": [], \"timeout\": true}]"), &t);

	ck_assert_msg(r->verdict == H1R_PASS, "%s / %s", r->actual.ptr, r->message.ptr);
	ck_assert_int_ge(t, 400);
	r = run_against(b_silent, CASE("MUST", GET_SEND, ANY_CLOSED), &t);
	ck_assert_int_eq(r->verdict, H1R_FAIL);
}
END_TEST

START_TEST(hostile_head_body)
{
	int64_t t;
	struct h1r_case *r =
	        run_against(b_head_with_body,
	                    CASE("MUST", "\"HEAD {path} HTTP/1.1\\r\\nHost: {host}\\r\\n\\r\\n\"",
	                         "[{\"responses\": [{\"status\": \"2xx\"}]}]"),
	                    &t);

	ck_assert_int_eq(r->verdict, H1R_FAIL);
	ck_assert(has_finding(r, "content-head"));
}
END_TEST

START_TEST(hostile_nul)
{
	int64_t t;
	struct h1r_case *r = run_against(b_nul, CASE("MUST", GET_SEND, ANY_CLOSED), &t);

	ck_assert_int_eq(r->verdict, H1R_FAIL);
	ck_assert(has_finding(r, "response-syntax"));
}
END_TEST

START_TEST(unreachable_is_error)
{
	struct h1c_run_config cfg;
	struct h1c_run_env env;
	struct h1k_case *c = load("rfc9112/6.3/x", CASE("MUST", GET_SEND, ANY_CLOSED));
	struct h1r_run *run = h1r_run_new();
	struct h1r_case *rec = h1r_run_add_case(run, c->id);
	char url[64], err[256];

	snprintf(url, sizeof(url), "http://127.0.0.1:%d/", tsrv_dead_port());
	cfg_for(&cfg, &env, url);
	ck_assert_int_eq(h1c_run_case(&cfg, &env, c, rec), 1);
	ck_assert_int_eq(rec->verdict, H1R_ERROR);
	{
		/* the whole run counts the cases that could not connect */
		struct h1k_case *two[2] = {c, c};
		struct h1r_run *r2 = h1r_run_new();
		size_t unreachable = 0;
		ck_assert_int_eq(h1c_run_all(&cfg, &env, two, 2, r2, &unreachable), 0);
		ck_assert_uint_eq(unreachable, 2);
		h1r_run_free(r2);
	}
	ck_assert_int_eq(h1c_run_prepare(&cfg, &env, err, sizeof(err)), H1C_T_CONNECT);
	h1r_run_free(run);
	h1k_case_free(c);
}
END_TEST

START_TEST(skip_without_profile)
{
	struct h1c_run_config cfg;
	struct h1c_run_env env;
	struct h1k_case *c =
	        load("rfc9112/6.3/x",
	             CASE("MUST", "\"GET {static} HTTP/1.1\\r\\nHost: {host}\\r\\n\\r\\n\"", ANY_CLOSED));
	struct h1r_run *run = h1r_run_new();
	struct h1r_case *rec = h1r_run_add_case(run, c->id);

	cfg_for(&cfg, &env, "http://127.0.0.1:9/");
	ck_assert_int_eq(h1c_run_case(&cfg, &env, c, rec), 0);
	ck_assert_int_eq(rec->verdict, H1R_SKIP);
	ck_assert_msg(strstr(rec->message.ptr, "{static}") != NULL, "%s", rec->message.ptr);
	h1r_run_free(run);
	h1k_case_free(c);
}
END_TEST

/* ---------------------------------------------------------------------- */
/* the embedded server passes, in parallel                                */

static struct h1c_server *srv;

static void *serve_loop(void *arg)
{
	(void)arg;
	h1c_server_run(srv);
	return NULL;
}

START_TEST(all_against_serve)
{
	static const char *const jsons[] = {
	        CASE("MUST", GET_SEND,
	             "[{\"responses\": [{\"status\": \"200\", \"headers_required\": [\"Date\"]}], "
	             "\"connection\": \"open\"}]"),
	        CASE("MUST", "\"GET {path} HTTP/1.1\\r\\nHost: {host}\\r\\nFoo : bar\\r\\n\\r\\n\"",
	             "[{\"responses\": [{\"status\": \"400\"}], \"connection\": \"closed\"}]"),
	        CASE("MUST",
	             "[{\"data\": \"GET {static} HTTP/1.1\\r\\nHost: {host}\\r\\nIf-None-Match: "
	             "{etag}\\r\\n\\r\\n\"}, "
	             "{\"await_response\": true}, {\"data\": \"HEAD {static} HTTP/1.1\\r\\nHost: {host}\\r\\n"
	             "Range: bytes=0-1\\r\\n\\r\\n\", \"delay_ms\": 50}]",
	             "[{\"responses\": [{\"status\": \"304\", \"headers_match\": {\"ETag\": \"{etag}\"}, "
	             "\"body\": \"empty\"}, "
	             "{\"status\": \"200\"}], \"connection\": \"open\"}]"),
	        CASE("SHOULD",
	             "[{\"data\": \"POST {echo} HTTP/1.1\\r\\nHost: {host}\\r\\nExpect: 100-continue\\r\\n"
	             "Content-Length: 2\\r\\n\\r\\n\"}, {\"data\": \"hi\", \"delay_ms\": 200}]",
	             "[{\"responses\": [{\"status\": \"200\", \"interim_status\": \"100\", \"body_equals\": "
	             "\"hi\"}]}]"),
	        CASE("MUST",
	             "[{\"data\": \"GET {path} HTTP/1.1\\r\\nHost: {host}\\r\\n\\r\\n\"}, {\"half_close\": "
	             "true}]",
	             "[{\"responses\": [{\"status\": \"200\"}], \"connection\": \"closed\"}]"),
	        CASE("MUST",
	             "\"PUT {writable} HTTP/1.1\\r\\nHost: {host}\\r\\nContent-Length: 1\\r\\n\\r\\nx\"",
	             "[{\"responses\": [{\"status\": [\"200\", \"201\", \"204\"]}]}]"),
	};
	struct h1c_serve_opts so;
	struct h1c_run_config cfg;
	struct h1c_run_env env;
	struct h1k_case *cases[sizeof(jsons) / sizeof(jsons[0])];
	struct h1r_run *run = h1r_run_new();
	pthread_t th;
	char url[64], err[256], id[32];
	size_t i, n = sizeof(jsons) / sizeof(jsons[0]);

	memset(&so, 0, sizeof(so));
	ck_assert_int_eq(h1c_server_open(&so, &srv, err, sizeof(err)), 0);
	ck_assert_int_eq(pthread_create(&th, NULL, serve_loop, NULL), 0);
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/", h1c_server_port(srv));
	cfg_for(&cfg, &env, url);
	cfg.jobs = 4;
	snprintf(cfg.profile.static_path, sizeof(cfg.profile.static_path), "/static.txt");
	snprintf(cfg.profile.echo, sizeof(cfg.profile.echo), "/echo");
	snprintf(cfg.profile.writable, sizeof(cfg.profile.writable), "/upload/t.txt");
	ck_assert_int_eq(h1c_run_prepare(&cfg, &env, err, sizeof(err)), H1C_T_OK);
	ck_assert_msg(env.etag[0] == '"', "etag '%s' (%s)", env.etag, env.note);
	ck_assert_int_ne(env.last_modified[0], '\0');
	for (i = 0; i < n; i++) {
		snprintf(id, sizeof(id), "rfc9112/6.3/c%zu", i);
		cases[i] = load(id, jsons[i]);
	}
	ck_assert_int_eq(h1c_run_all(&cfg, &env, cases, n, run, NULL), 0);
	ck_assert_uint_eq(run->n_cases, n);
	for (i = 0; i < n; i++) {
		const struct h1r_case *r = run->cases[i];
		ck_assert_str_eq(r->id.ptr, cases[i]->id);
		ck_assert_msg(r->verdict == H1R_PASS, "%s: %s / %s / %s", r->id.ptr,
		              h1r_verdict_name(r->verdict), r->actual.ptr ? r->actual.ptr : "",
		              r->message.ptr ? r->message.ptr : "");
		ck_assert_uint_eq(r->n_findings, 0);
	}
	ck_assert_int_eq(h1r_run_deviates(run), 0);
	for (i = 0; i < n; i++)
		h1k_case_free(cases[i]);
	h1r_run_free(run);
	h1c_server_stop(srv);
	pthread_join(th, NULL);
	h1c_server_free(srv);
}
END_TEST

static void teardown(void)
{
	h1r_run_free(run_rec);
	run_rec = NULL;
}

int main(void)
{
	Suite *s = suite_create("harness_run");
	TCase *tc = tcase_create("run");
	SRunner *sr;
	int failed;

	h1c_transport_global_init();
	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, selection);
	tcase_add_test(tc, outcomes);
	tcase_add_test(tc, hostile_garbage);
	tcase_add_test(tc, hostile_reset);
	tcase_add_test(tc, hostile_endless);
	tcase_add_test(tc, hostile_drip);
	tcase_add_test(tc, hostile_huge_head);
	tcase_add_test(tc, hostile_silence);
	tcase_add_test(tc, hostile_head_body);
	tcase_add_test(tc, hostile_nul);
	tcase_add_test(tc, unreachable_is_error);
	tcase_add_test(tc, skip_without_profile);
	tcase_add_test(tc, all_against_serve);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	h1c_transport_global_cleanup();
	return failed ? 1 : 0;
}
