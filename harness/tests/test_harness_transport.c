/*
 * Unit tests of the transport (harness/transport.c): every end state of an
 * exchange against an in-process loopback server, exact bytes in both
 * directions, delays between steps, half-close, the size limit and the
 * deadlines, and URL parsing.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "harness/tests/tsrv.h"
#include "harness/transport.h"

#define RESP "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"

#define CONTINUE "HTTP/1.1 100 Continue\r\n\r\n"

/* Counts responses of exactly the form RESP, and interims of the form CONTINUE. A non-NULL ctx
 * points to the wait_close answer to give. */
static void count_resp(void *ctx, const char *buf, size_t len, struct h1c_progress *out)
{
	size_t i, n = 0, ni = 0, rl = strlen(RESP), cl = strlen(CONTINUE);

	for (i = 0; i + rl <= len; i++)
		if (memcmp(buf + i, RESP, rl) == 0)
			n++;
	for (i = 0; i + cl <= len; i++)
		if (memcmp(buf + i, CONTINUE, cl) == 0)
			ni++;
	memset(out, 0, sizeof(*out));
	out->finals = n;
	out->interims = ni;
	out->wait_close = ctx ? *(const int *)ctx : 0;
}

static struct h1c_conn *connect_to(struct tsrv *s)
{
	struct h1c_target t;
	struct h1c_conn *c = NULL;
	char err[256];

	ck_assert_int_eq(h1c_target_parse(s->url, &t, err, sizeof(err)), 0);
	ck_assert_msg(h1c_conn_open(&t, &c, err, sizeof(err)) == H1C_T_OK, "%s", err);
	return c;
}

static void run_one(struct tsrv *s, const struct h1c_step *steps, size_t n, struct h1c_exchange_opts *o,
                    struct h1c_exchange *x)
{
	struct h1c_conn *c = connect_to(s);

	o->progress = count_resp;
	ck_assert_int_eq(h1c_exchange_run(c, steps, n, o, x), 0);
	h1c_conn_close(c);
}

static const struct h1c_step get1[] = {{H1C_STEP_DATA, "GET / HTTP/1.1\r\nHost: a\r\n\r\n", 27, 0}};

/* --- behaviours --- */

static void b_respond_close(struct tsrv *s, int fd)
{
	tsrv_read_head(s, fd);
	tsrv_writes(fd, RESP);
	shutdown(fd, SHUT_WR);
	/* wait for the client's close so no RST replaces our FIN */
	while (recv(fd, s->got, 1, 0) > 0)
		;
	close(fd);
}

static void b_respond_reset(struct tsrv *s, int fd)
{
	tsrv_read_head(s, fd);
	tsrv_writes(fd, RESP);
	usleep(50000);
	tsrv_reset(fd);
}

static void b_respond_keep(struct tsrv *s, int fd)
{
	tsrv_read_head(s, fd);
	tsrv_writes(fd, RESP);
	while (!s->stop)
		usleep(10000);
	close(fd);
}

static void b_silent(struct tsrv *s, int fd)
{
	tsrv_read_head(s, fd);
	while (!s->stop)
		usleep(10000);
	close(fd);
}

static void b_endless(struct tsrv *s, int fd)
{
	char buf[8192];

	memset(buf, 'x', sizeof(buf));
	tsrv_writes(fd, "HTTP/1.1 200 OK\r\n\r\n");
	while (!s->stop) {
		if (send(fd, buf, sizeof(buf), MSG_NOSIGNAL) <= 0)
			break;
	}
	close(fd);
}

static void b_drip(struct tsrv *s, int fd)
{
	while (!s->stop) {
		if (send(fd, "x", 1, MSG_NOSIGNAL) <= 0)
			break;
		usleep(2000);
	}
	close(fd);
}

/* Reads to EOF (the client's half-close), then echoes what came and closes. */
static void b_echo_after_eof(struct tsrv *s, int fd)
{
	ssize_t n;

	while ((n = recv(fd, s->got + s->ngot, sizeof(s->got) - s->ngot, 0)) > 0)
		s->ngot += (size_t)n;
	s->flag = n == 0; /* saw the FIN */
	tsrv_write(fd, s->got, s->ngot);
	close(fd);
}

/* Records when the first and the last byte of two fragments arrive. */
static void b_timed(struct tsrv *s, int fd)
{
	ssize_t n;

	while (s->ngot < 10 && (n = recv(fd, s->got + s->ngot, sizeof(s->got) - s->ngot, 0)) > 0) {
		if (s->ngot == 0)
			s->t_first = tsrv_ms();
		s->ngot += (size_t)n;
	}
	s->t_second = tsrv_ms();
	tsrv_writes(fd, RESP);
	shutdown(fd, SHUT_WR);
	while (recv(fd, s->got + s->ngot, 1, 0) > 0)
		;
	close(fd);
}

/* Expect: 100-continue done right: 100 after the head, the response after the 5 content bytes. */
static void b_continue(struct tsrv *s, int fd)
{
	char c[5];
	size_t n = 0;
	ssize_t r;

	tsrv_read_head(s, fd);
	s->t_first = tsrv_ms();
	tsrv_writes(fd, CONTINUE);
	while (n < sizeof(c) && (r = recv(fd, c + n, sizeof(c) - n, 0)) > 0)
		n += (size_t)r;
	s->ngot = n;
	tsrv_writes(fd, RESP);
	while (!s->stop)
		usleep(10000);
	close(fd);
}

/* Reads the head, then answers after 100 ms, then keeps the connection. */
static void b_respond_slowly(struct tsrv *s, int fd)
{
	tsrv_read_head(s, fd);
	usleep(100000);
	tsrv_writes(fd, RESP);
	while (!s->stop)
		usleep(10000);
	close(fd);
}

static void b_close_at_once(struct tsrv *s, int fd)
{
	(void)s;
	usleep(50000);
	tsrv_reset(fd);
}

/* --- tests --- */

START_TEST(closed_by_peer)
{
	struct tsrv s;
	struct h1c_exchange_opts o = {0};
	struct h1c_exchange x;

	ck_assert_int_eq(tsrv_start(&s, b_respond_close, 1), 0);
	o.expect = 1;
	run_one(&s, get1, 1, &o, &x);
	tsrv_stop(&s);
	ck_assert_str_eq(h1c_end_name(x.end), "closed");
	ck_assert_uint_eq(x.recv.len, strlen(RESP));
	ck_assert(memcmp(x.recv.data, RESP, x.recv.len) == 0);
	ck_assert_uint_eq(x.sent.len, 27);
	ck_assert(memcmp(s.got, get1[0].data, 27) == 0);
	ck_assert_uint_eq(x.steps_done, 1);
	h1c_exchange_free(&x);
}
END_TEST

START_TEST(reset_by_peer)
{
	struct tsrv s;
	struct h1c_exchange_opts o = {0};
	struct h1c_exchange x;

	ck_assert_int_eq(tsrv_start(&s, b_respond_reset, 1), 0);
	o.expect = 2; /* keeps the client reading until the reset */
	run_one(&s, get1, 1, &o, &x);
	tsrv_stop(&s);
	ck_assert_str_eq(h1c_end_name(x.end), "reset");
	ck_assert_msg(strstr(x.detail, "reset") != NULL, "%s", x.detail);
	/* the response sent before the reset was read */
	ck_assert_uint_eq(x.recv.len, strlen(RESP));
	h1c_exchange_free(&x);
}
END_TEST

START_TEST(open_after_response)
{
	struct tsrv s;
	struct h1c_exchange_opts o = {0};
	struct h1c_exchange x;

	ck_assert_int_eq(tsrv_start(&s, b_respond_keep, 1), 0);
	o.expect = 1;
	o.linger_ms = 100;
	run_one(&s, get1, 1, &o, &x);
	tsrv_stop(&s);
	ck_assert_str_eq(h1c_end_name(x.end), "open");
	ck_assert_uint_eq(x.last.finals, 1);
	/* the linger ended it, not the idle time */
	ck_assert_str_eq(x.detail, "the connection stayed open for 100 ms after the last response");
	h1c_exchange_free(&x);
}
END_TEST

START_TEST(idle_timeout)
{
	struct tsrv s;
	struct h1c_exchange_opts o = {0};
	struct h1c_exchange x;

	ck_assert_int_eq(tsrv_start(&s, b_silent, 1), 0);
	o.expect = 1;
	o.idle_ms = 200;
	run_one(&s, get1, 1, &o, &x);
	tsrv_stop(&s);
	ck_assert_str_eq(h1c_end_name(x.end), "timeout");
	ck_assert_msg(strstr(x.detail, "200 ms") != NULL, "%s", x.detail);
	ck_assert_int_ge(x.duration_ms, 190);
	ck_assert_uint_eq(x.recv.len, 0);
	h1c_exchange_free(&x);
}
END_TEST

START_TEST(size_limit)
{
	struct tsrv s;
	struct h1c_exchange_opts o = {0};
	struct h1c_exchange x;

	ck_assert_int_eq(tsrv_start(&s, b_endless, 1), 0);
	o.expect = 1;
	o.max_recv = 100000;
	run_one(&s, get1, 1, &o, &x);
	tsrv_stop(&s);
	ck_assert_str_eq(h1c_end_name(x.end), "limit");
	ck_assert_uint_eq(x.recv.len, 100000);
	h1c_exchange_free(&x);
}
END_TEST

START_TEST(slow_drip_case_deadline)
{
	struct tsrv s;
	struct h1c_exchange_opts o = {0};
	struct h1c_exchange x;

	ck_assert_int_eq(tsrv_start(&s, b_drip, 1), 0);
	o.expect = 1;
	o.timeout_ms = 400;
	o.idle_ms = 300;
	run_one(&s, get1, 1, &o, &x);
	tsrv_stop(&s);
	ck_assert_str_eq(h1c_end_name(x.end), "timeout");
	ck_assert_msg(strstr(x.detail, "case deadline") != NULL, "%s", x.detail);
	ck_assert_uint_gt(x.recv.len, 10);
	/* many single-byte reads, but a bounded timeline */
	ck_assert_uint_le(x.ntl, 2100);
	h1c_exchange_free(&x);
}
END_TEST

START_TEST(half_close_sends_fin)
{
	static const struct h1c_step steps[] = {
	        {H1C_STEP_DATA, "hello", 5, 0},
	        {H1C_STEP_HALF_CLOSE, NULL, 0, 0},
	};
	struct tsrv s;
	struct h1c_exchange_opts o = {0};
	struct h1c_exchange x;

	ck_assert_int_eq(tsrv_start(&s, b_echo_after_eof, 1), 0);
	o.expect = 1;
	run_one(&s, steps, 2, &o, &x);
	tsrv_stop(&s);
	ck_assert_int_eq(s.flag, 1);
	ck_assert_str_eq(h1c_end_name(x.end), "closed");
	ck_assert_uint_eq(x.recv.len, 5);
	ck_assert(memcmp(x.recv.data, "hello", 5) == 0);
	h1c_exchange_free(&x);
}
END_TEST

START_TEST(fragments_with_delay)
{
	static const struct h1c_step steps[] = {
	        {H1C_STEP_DATA, "01234", 5, 0},
	        {H1C_STEP_DATA, "56789", 5, 250},
	};
	struct tsrv s;
	struct h1c_exchange_opts o = {0};
	struct h1c_exchange x;
	size_t i, nsent = 0;

	ck_assert_int_eq(tsrv_start(&s, b_timed, 1), 0);
	o.expect = 1;
	run_one(&s, steps, 2, &o, &x);
	tsrv_stop(&s);
	ck_assert_uint_eq(s.ngot, 10);
	ck_assert(memcmp(s.got, "0123456789", 10) == 0);
	ck_assert_int_ge(s.t_second - s.t_first, 200);
	for (i = 0; i < x.ntl; i++)
		if (x.tl[i].dir == 0)
			nsent++;
	ck_assert_uint_eq(nsent, 2);
	ck_assert_str_eq(h1c_end_name(x.end), "closed");
	h1c_exchange_free(&x);
}
END_TEST

START_TEST(await_then_pipelined)
{
	/* the second request goes out only after the first response */
	static const struct h1c_step steps[] = {
	        {H1C_STEP_DATA, "A\r\n\r\n", 5, 0},
	        {H1C_STEP_AWAIT, NULL, 0, 0},
	        {H1C_STEP_DATA, "B", 1, 0},
	};
	struct tsrv s;
	struct h1c_exchange_opts o = {0};
	struct h1c_exchange x;
	size_t i;
	int64_t t_resp = -1, t_b = -1;

	ck_assert_int_eq(tsrv_start(&s, b_respond_keep, 1), 0);
	o.expect = 1;
	o.linger_ms = 100;
	run_one(&s, steps, 3, &o, &x);
	tsrv_stop(&s);
	for (i = 0; i < x.ntl; i++) {
		if (x.tl[i].dir == 1 && t_resp < 0)
			t_resp = (int64_t)i;
		if (x.tl[i].dir == 0 && x.tl[i].off == 5)
			t_b = (int64_t)i;
	}
	ck_assert_int_ge(t_resp, 0);
	ck_assert_int_gt(t_b, t_resp);
	ck_assert_uint_eq(x.steps_done, 3);
	h1c_exchange_free(&x);
}
END_TEST

static const struct h1c_step continue_steps[] = {
        {H1C_STEP_DATA, "POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n", 69,
         0},
        {H1C_STEP_AWAIT_INTERIM, NULL, 0, 0},
        {H1C_STEP_DATA, "hello", 5, 0},
};

static int64_t first_send_at(const struct h1c_exchange *x, size_t off)
{
	size_t i;

	for (i = 0; i < x->ntl; i++)
		if (x->tl[i].dir == 0 && x->tl[i].off == off)
			return (int64_t)i;
	return -1;
}

static int has_event(const struct h1c_exchange *x, const char *text)
{
	size_t i;

	for (i = 0; i < x->ntl; i++)
		if (x->tl[i].dir == 2 && strcmp(x->tl[i].text, text) == 0)
			return 1;
	return 0;
}

START_TEST(await_interim_then_content)
{
	/* the content goes out once the 100 is in, and the final response follows */
	struct tsrv s;
	struct h1c_exchange_opts o = {0};
	struct h1c_exchange x;
	int64_t body;

	ck_assert_uint_eq(strlen(continue_steps[0].data), continue_steps[0].len);
	ck_assert_int_eq(tsrv_start(&s, b_continue, 1), 0);
	o.expect = 1;
	o.linger_ms = 100;
	run_one(&s, continue_steps, 3, &o, &x);
	tsrv_stop(&s);
	ck_assert_uint_eq(s.ngot, 5);
	ck_assert_uint_eq(x.steps_done, 3);
	ck_assert_uint_eq(x.last.interims, 1);
	ck_assert_uint_eq(x.last.finals, 1);
	body = first_send_at(&x, continue_steps[0].len);
	ck_assert_int_gt(body, 0);
	/* the only bytes received before the content was sent are the 100 */
	for (size_t i = 0; i < (size_t)body; i++)
		if (x.tl[i].dir == 1)
			ck_assert_uint_eq(x.tl[i].off + x.tl[i].len, strlen(CONTINUE));
	ck_assert(!has_event(&x, "no interim or final response; going on"));
	ck_assert_uint_eq(x.interim_missed, 0);
	ck_assert_str_eq(h1c_end_name(x.end), "open");
	h1c_exchange_free(&x);
}
END_TEST

START_TEST(await_interim_gives_up_after_idle)
{
	/* a server that never answers the head: the content goes out after the idle time */
	struct tsrv s;
	struct h1c_exchange_opts o = {0};
	struct h1c_exchange x;

	ck_assert_int_eq(tsrv_start(&s, b_silent, 1), 0);
	o.expect = 1;
	o.idle_ms = 200;
	run_one(&s, continue_steps, 3, &o, &x);
	tsrv_stop(&s);
	ck_assert_uint_eq(x.steps_done, 3);
	ck_assert(has_event(&x, "no interim or final response; going on"));
	ck_assert_uint_eq(x.interim_missed, 1);
	ck_assert_int_gt(first_send_at(&x, continue_steps[0].len), 0);
	ck_assert_str_eq(h1c_end_name(x.end), "timeout");
	h1c_exchange_free(&x);
}
END_TEST

/* The linger the exchange used, read back from its detail message. */
static long linger_used(const struct h1c_exchange *x)
{
	static const char prefix[] = "the connection stayed open for ";
	char *end = NULL;
	long ms;

	ck_assert_str_eq(h1c_end_name(x->end), "open");
	ck_assert_msg(strncmp(x->detail, prefix, sizeof(prefix) - 1) == 0, "%s", x->detail);
	ms = strtol(x->detail + sizeof(prefix) - 1, &end, 10);
	ck_assert_msg(strcmp(end, " ms after the last response") == 0, "%s", x->detail);
	return ms;
}

START_TEST(linger_adapts_to_the_server)
{
	struct tsrv s;
	struct h1c_exchange_opts o = {0};
	struct h1c_exchange x;
	long fast, slow;

	/* a quick server: the floor, far below the longest linger */
	ck_assert_int_eq(tsrv_start(&s, b_respond_keep, 1), 0);
	o.expect = 1;
	o.linger_ms = 2000;
	o.linger_min_ms = 50;
	run_one(&s, get1, 1, &o, &x);
	tsrv_stop(&s);
	fast = linger_used(&x);
	h1c_exchange_free(&x);
	ck_assert_int_ge(fast, 50);
	ck_assert_int_lt(fast, 2000);
	/* a server that takes 100 ms gets at least four times that */
	ck_assert_int_eq(tsrv_start(&s, b_respond_slowly, 1), 0);
	run_one(&s, get1, 1, &o, &x);
	tsrv_stop(&s);
	slow = linger_used(&x);
	h1c_exchange_free(&x);
	ck_assert_int_ge(slow, 400);
	ck_assert_int_le(slow, 2000);
	/* without a floor the linger is fixed */
	ck_assert_int_eq(tsrv_start(&s, b_respond_keep, 1), 0);
	o.linger_ms = 150;
	o.linger_min_ms = 0;
	run_one(&s, get1, 1, &o, &x);
	tsrv_stop(&s);
	ck_assert_int_eq(linger_used(&x), 150);
	h1c_exchange_free(&x);
}
END_TEST

START_TEST(wait_close_takes_the_idle_time)
{
	/* while a closing outcome still fits, the server gets the idle time to close */
	struct tsrv s;
	struct h1c_exchange_opts o = {0};
	struct h1c_exchange x;
	int yes = 1;

	ck_assert_int_eq(tsrv_start(&s, b_respond_keep, 1), 0);
	o.expect = 1;
	o.linger_ms = 50;
	o.idle_ms = 400;
	o.progress_ctx = &yes;
	run_one(&s, get1, 1, &o, &x);
	tsrv_stop(&s);
	ck_assert_int_eq(linger_used(&x), 400);
	h1c_exchange_free(&x);
}
END_TEST

START_TEST(send_to_closed_peer)
{
	static char big[1 << 20];
	struct h1c_step steps[1];
	struct tsrv s;
	struct h1c_exchange_opts o = {0};
	struct h1c_exchange x;

	memset(big, 'a', sizeof(big));
	steps[0].kind = H1C_STEP_DATA;
	steps[0].data = big;
	steps[0].len = sizeof(big);
	steps[0].delay_ms = 200; /* the server is gone by then */
	ck_assert_int_eq(tsrv_start(&s, b_close_at_once, 1), 0);
	o.expect = 1;
	run_one(&s, steps, 1, &o, &x);
	tsrv_stop(&s);
	ck_assert_msg(x.end == H1C_END_RESET || x.end == H1C_END_CLOSED, "%s", h1c_end_name(x.end));
	h1c_exchange_free(&x);
}
END_TEST

START_TEST(connect_refused)
{
	struct h1c_target t;
	struct h1c_conn *c = NULL;
	char url[64], err[256];

	snprintf(url, sizeof(url), "http://127.0.0.1:%d/", tsrv_dead_port());
	ck_assert_int_eq(h1c_target_parse(url, &t, err, sizeof(err)), 0);
	ck_assert_int_eq(h1c_conn_open(&t, &c, err, sizeof(err)), H1C_T_CONNECT);
	ck_assert_ptr_null(c);
	ck_assert_msg(strstr(err, "127.0.0.1") != NULL, "%s", err);
}
END_TEST

START_TEST(target_urls)
{
	struct h1c_target t;
	char err[256];

	ck_assert_int_eq(h1c_target_parse("http://127.0.0.1/", &t, err, sizeof(err)), 0);
	ck_assert_int_eq(t.port, 80);
	ck_assert_str_eq(t.host_header, "127.0.0.1");
	ck_assert_str_eq(t.path, "/");
	ck_assert_int_eq(t.tls, 0);

	ck_assert_int_eq(h1c_target_parse("https://localhost:8443/app/", &t, err, sizeof(err)), 0);
	ck_assert_int_eq(t.port, 8443);
	ck_assert_int_eq(t.tls, 1);
	ck_assert_str_eq(t.host_header, "localhost:8443");
	ck_assert_str_eq(t.path, "/app/");
	ck_assert_str_eq(t.url, "https://localhost:8443/app/");

	ck_assert_int_eq(h1c_target_parse("http://[::1]:8080", &t, err, sizeof(err)), 0);
	ck_assert_str_eq(t.host, "::1");
	ck_assert_str_eq(t.host_header, "[::1]:8080");
	ck_assert_str_eq(t.path, "/");

	ck_assert_int_eq(h1c_target_parse("https://h:443/", &t, err, sizeof(err)), 0);
	ck_assert_str_eq(t.host_header, "h");

	ck_assert_int_eq(h1c_target_parse("ftp://h/", &t, err, sizeof(err)), -1);
	ck_assert_int_eq(h1c_target_parse("http://h/?q", &t, err, sizeof(err)), -1);
	ck_assert_int_eq(h1c_target_parse("http://u@h/", &t, err, sizeof(err)), -1);
	ck_assert_int_eq(h1c_target_parse("http://h:0/", &t, err, sizeof(err)), -1);
	ck_assert_int_eq(h1c_target_parse("http://", &t, err, sizeof(err)), -1);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("harness_transport");
	TCase *tc = tcase_create("transport");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, closed_by_peer);
	tcase_add_test(tc, reset_by_peer);
	tcase_add_test(tc, open_after_response);
	tcase_add_test(tc, idle_timeout);
	tcase_add_test(tc, size_limit);
	tcase_add_test(tc, slow_drip_case_deadline);
	tcase_add_test(tc, half_close_sends_fin);
	tcase_add_test(tc, fragments_with_delay);
	tcase_add_test(tc, await_then_pipelined);
	tcase_add_test(tc, await_interim_then_content);
	tcase_add_test(tc, await_interim_gives_up_after_idle);
	tcase_add_test(tc, linger_adapts_to_the_server);
	tcase_add_test(tc, wait_close_takes_the_idle_time);
	tcase_add_test(tc, send_to_closed_peer);
	tcase_add_test(tc, connect_refused);
	tcase_add_test(tc, target_urls);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(suite());
	int failed;

	h1c_transport_global_init();
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	h1c_transport_global_cleanup();
	return failed ? 1 : 0;
}
