/*
 * fuzz_judge: the harness's response judge (harness/judge.h) on arbitrary
 * server bytes.
 *
 * The judge is where h1conform meets untrusted input: whatever a server
 * sends is parsed (strictly, then with every leniency flag to recover),
 * copied, checked against the generic rules and described. Besides the
 * sanitizers, the oracles are:
 *  - the judgement is well formed: bounded counts, response offsets
 *    inside the received bytes and in order (overlapping only where the
 *    judge reports a Content-Length that swallowed the next response), interim responses before
 *    their final one, kept content no longer than received content or the
 *    keep limit, complete Content-Length responses with all their content,
 *    every finding with a rule, level, document, section and message, the
 *    strict error (if any) named from the error table at an offset inside
 *    the bytes;
 *  - it is deterministic: judging the same exchange twice describes it
 *    the same way;
 *  - it agrees with the reference parser: when the strict parser accepted
 *    every byte (or all but a message cut short), the checked driver
 *    (fuzz_common.c), told the methods the judge learned, finds the same
 *    complete final responses at the same offsets, with the same status,
 *    framing and content length. Content until close counts as complete
 *    only when the connection was closed or reset (the judge reads a
 *    reset as the end of such content).
 *
 * Input:
 *   byte 0    bits 0..2: how the connection ended (enum h1c_end, 1 + value % 5:
 *             0 closed, 1 reset, 2 open, 3 timeout, 4 limit);
 *             bit 3: give the case's methods; bits 4..5: their number - 1
 *   byte 1    the case's methods, two bits each (GET, HEAD, CONNECT, POST)
 *   bytes 2-3 length of the sent bytes (little-endian, cut to what is left)
 *   then the sent bytes (requests), then the received bytes (responses)
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz/fuzz_common.h"
#include "harness/judge.h"

/* The final responses the reference driver sees. */
struct finals {
	size_t n;
	int status[H1C_MAX_RESPONSES];
	int framing[H1C_MAX_RESPONSES];
	uint64_t off[H1C_MAX_RESPONSES], end[H1C_MAX_RESPONSES], body[H1C_MAX_RESPONSES];
	int open; /* a final response has started */
	int status_now, framing_now;
	uint64_t off_now, body_now;
};

static void collect(void *ctx, struct h1_parser *p, const struct h1_event *ev, const uint8_t *s)
{
	struct finals *f = ctx;
	int interim;

	(void)p;
	(void)s;
	switch (ev->type) {
	case H1_EV_HEAD:
		f->open = 1;
		f->status_now = ev->head.status;
		f->framing_now = ev->head.body;
		f->off_now = ev->offset;
		f->body_now = 0;
		break;
	case H1_EV_DATA:
		f->body_now += ev->data.len;
		break;
	case H1_EV_END:
		f->open = 0;
		interim = f->status_now >= 100 && f->status_now < 200 && f->status_now != 101;
		if (interim || f->n == H1C_MAX_RESPONSES)
			break;
		f->status[f->n] = f->status_now;
		f->framing[f->n] = f->framing_now;
		f->off[f->n] = f->off_now;
		f->end[f->n] = ev->offset;
		f->body[f->n] = f->body_now;
		f->n++;
		break;
	default:
		break;
	}
}

static int has_finding(const struct h1c_judgement *j, const char *rule, long resp)
{
	size_t i;

	for (i = 0; i < j->nfindings; i++)
		if (j->findings[i].response == resp && strcmp(j->findings[i].rule, rule) == 0)
			return 1;
	return 0;
}

static void check_judgement(const struct h1c_judgement *j, size_t recv_len, int end)
{
	size_t i, k;
	uint64_t last = 0;

	FZ_ASSERT(j->nresp <= H1C_MAX_RESPONSES, "%zu responses kept", j->nresp);
	FZ_ASSERT(j->nfindings <= H1C_MAX_FINDINGS, "%zu findings kept", j->nfindings);
	FZ_ASSERT(j->end == end, "end state %d, the exchange said %d", j->end, end);
	for (i = 0; i < j->nresp; i++) {
		const struct h1c_response *r = &j->resp[i];
		FZ_ASSERT(r->off <= r->end && r->end <= recv_len, "response %zu at [%llu, %llu) of %zu bytes",
		          i, (unsigned long long)r->off, (unsigned long long)r->end, recv_len);
		/* After a violation the judge resynchronises, possibly inside the
		 * content it gave an incomplete response; complete ones share
		 * bytes only when the judge says the earlier one swallowed the
		 * next with a Content-Length too large. */
		FZ_ASSERT(r->off >= last || (i > 0 && has_finding(j, "content-length-mismatch", (long)i - 1)),
		          "response %zu starts before the previous complete one ends", i);
		if (r->complete)
			last = r->end;
		FZ_ASSERT(memchr(r->reason, '\0', sizeof(r->reason)) != NULL, "reason not terminated");
		FZ_ASSERT(r->framing >= H1_BODY_NONE && r->framing <= H1_BODY_TUNNEL, "framing %d",
		          r->framing);
		FZ_ASSERT(r->body_kept <= r->body_len && r->body_kept <= H1C_BODY_KEEP,
		          "response %zu keeps %zu of %llu content bytes", i, r->body_kept,
		          (unsigned long long)r->body_len);
		FZ_ASSERT(r->body_len <= recv_len, "response %zu has more content than was received", i);
		if (r->complete && r->framing == H1_BODY_LENGTH)
			FZ_ASSERT(r->body_len == r->content_length,
			          "complete response %zu: %llu of %llu bytes", i,
			          (unsigned long long)r->body_len, (unsigned long long)r->content_length);
		FZ_ASSERT(r->ninterim <= H1C_MAX_INTERIM, "%zu interim responses kept", r->ninterim);
		for (k = 0; k < r->ninterim; k++)
			FZ_ASSERT(r->interim[k].status >= 100 && r->interim[k].status < 200 &&
			                  r->interim[k].off <= r->off,
			          "interim response %zu of %zu: status %d at %llu", k, i,
			          r->interim[k].status, (unsigned long long)r->interim[k].off);
		for (k = 0; k < r->nfields; k++)
			FZ_ASSERT(r->fields[k].name && r->fields[k].value &&
			                  strlen(r->fields[k].name) == r->fields[k].name_len,
			          "response %zu field %zu badly copied", i, k);
	}
	for (i = 0; i < j->nfindings; i++) {
		const struct h1c_finding *f = &j->findings[i];
		FZ_ASSERT(f->rule && f->rule[0] && f->document[0] && f->section[0], "finding %zu undescribed",
		          i);
		FZ_ASSERT(f->level >= H1C_MUST && f->level <= H1C_MAY, "finding %zu: level %d", i, f->level);
		FZ_ASSERT(memchr(f->message, '\0', sizeof(f->message)) != NULL && f->message[0],
		          "finding %zu (%s): no message", i, f->rule);
		/* nresp itself: bytes where the next response would start */
		FZ_ASSERT(f->response >= -1 && f->response <= (long)j->nresp,
		          "finding %zu (%s: %s) about response %ld of %zu", i, f->rule, f->message,
		          f->response, j->nresp);
	}
	if (j->strict_error) {
		FZ_ASSERT(j->strict_error_name == h1_error_name(j->strict_error), "strict error misnamed");
		FZ_ASSERT(j->strict_error_offset <= recv_len, "strict error at %llu of %zu bytes",
		          (unsigned long long)j->strict_error_offset, recv_len);
	}
	FZ_ASSERT(j->garbage_off <= recv_len && j->garbage_len <= recv_len - j->garbage_off,
	          "garbage run outside the bytes");
	FZ_ASSERT(j->unread <= recv_len, "%llu unread of %zu", (unsigned long long)j->unread, recv_len);
}

/* With no strict rejection, the reference driver must see the same final
 * responses. */
static void cross_check(const struct h1c_judgement *j, const uint8_t *recv, size_t recv_len, int end)
{
	const char **methods = malloc((j->nreq + 1) * sizeof(*methods));
	struct finals *f = calloc(1, sizeof(*f));
	struct fz_run cfg = {0};
	struct fz_result res;
	size_t i, n = 0;

	if (methods == NULL || f == NULL)
		fz_die("out of memory");
	for (i = 0; i < j->nreq; i++)
		methods[n++] = j->req[i].method;
	methods[n++] = "GET"; /* the judge assumes GET beyond the requests it knows */
	cfg.kind = H1_RESPONSE;
	cfg.methods = methods;
	cfg.nmethods = n;
	cfg.on_event = collect;
	cfg.ctx = f;
	fz_run_stream(&cfg, recv, recv_len, NULL, &res);
	/* The driver reads the end of the bytes as the connection closing;
	 * content until close is complete only if it really closed. */
	if (end != H1C_END_CLOSED && end != H1C_END_RESET && f->n && f->framing[f->n - 1] == H1_BODY_CLOSE)
		f->n--;
	if (res.status == H1_DONE || res.error.code == H1_E_INCOMPLETE_HEAD ||
	    res.error.code == H1_E_INCOMPLETE_BODY) {
		size_t complete = 0;
		for (i = 0; i < j->nresp; i++)
			complete += j->resp[i].complete != 0;
		FZ_ASSERT(complete == f->n, "judge: %zu complete responses, reference: %zu", complete, f->n);
		for (i = 0; i < f->n; i++) {
			const struct h1c_response *r = &j->resp[i];
			FZ_ASSERT(r->status == f->status[i] && r->framing == f->framing[i],
			          "response %zu: judge %d/%d, reference %d/%d (status/framing)", i, r->status,
			          r->framing, f->status[i], f->framing[i]);
			FZ_ASSERT(r->off == f->off[i] && r->end == f->end[i],
			          "response %zu: judge [%llu, %llu), reference [%llu, %llu)", i,
			          (unsigned long long)r->off, (unsigned long long)r->end,
			          (unsigned long long)f->off[i], (unsigned long long)f->end[i]);
			FZ_ASSERT(r->body_len == f->body[i],
			          "response %zu: judge %llu content bytes, reference %llu", i,
			          (unsigned long long)r->body_len, (unsigned long long)f->body[i]);
		}
	}
	free(f);
	free(methods);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_in in = {data, size};
	struct h1c_judge_input ji;
	struct h1c_judgement j1, j2;
	struct h1c_buf d1 = {0}, d2 = {0};
	const char *methods[4];
	uint8_t mode = fz_u8(&in), codes = fz_u8(&in);
	size_t sent_len = fz_u8(&in), i;

	sent_len |= (size_t)fz_u8(&in) << 8;
	if (sent_len > in.n)
		sent_len = in.n;
	memset(&ji, 0, sizeof(ji));
	ji.sent = (const char *)in.p;
	ji.sent_len = sent_len;
	ji.recv = (const char *)in.p + sent_len;
	ji.recv_len = in.n - sent_len;
	ji.end = 1 + (mode & 7) % 5;
	ji.unanswered_expect = (mode >> 6) & 1;
	if (mode & 8) {
		for (i = 0; i < (size_t)((mode >> 4) & 3) + 1; i++)
			methods[i] = fz_method_name((unsigned)codes >> (2 * i));
		ji.methods = methods;
		ji.nmethods = i;
	}

	if (h1c_judge(&ji, &j1) != 0)
		return 0; /* out of memory */
	check_judgement(&j1, ji.recv_len, ji.end);
	{
		/* continue-late comes from the exchange alone, once */
		size_t late = 0;
		for (i = 0; i < j1.nfindings; i++)
			late += strcmp(j1.findings[i].rule, "continue-late") == 0;
		FZ_ASSERT(late == (ji.unanswered_expect && !j1.dropped_findings ? 1u : late),
		          "continue-late %zu times with unanswered_expect %zu", late, ji.unanswered_expect);
		FZ_ASSERT(late <= ji.unanswered_expect, "continue-late without an unanswered await");
	}
	h1c_judgement_describe(&j1, &d1);
	if (h1c_judge(&ji, &j2) == 0) {
		h1c_judgement_describe(&j2, &d2);
		FZ_ASSERT(d1.len == d2.len && (d1.len == 0 || memcmp(d1.data, d2.data, d1.len) == 0),
		          "the same exchange judged twice is described differently");
		FZ_ASSERT(j1.nresp == j2.nresp && j1.nfindings == j2.nfindings, "judging twice differs");
		h1c_judgement_free(&j2);
	}
	if (j1.strict_error == 0 && j1.nresp < H1C_MAX_RESPONSES)
		cross_check(&j1, (const uint8_t *)ji.recv, ji.recv_len, ji.end);
	h1c_judgement_free(&j1);
	h1c_buf_free(&d1);
	h1c_buf_free(&d2);
	return 0;
}
