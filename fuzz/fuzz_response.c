/*
 * fuzz_response: the response parser, with the requests it answers.
 *
 * Input: one byte of leniency flags (fz_lenient_from_byte); one byte whose
 * low two bits are the number of requests minus one; one byte holding the
 * methods of up to four requests, two bits each from the low end (GET,
 * HEAD, CONNECT, POST; the last repeats); then the bytes of one connection
 * from server to client. The method decides framing: no content after
 * HEAD, a tunnel after 2xx to CONNECT (RFC 9112 §6.3), and it moves on
 * only after a final response, since 1xx responses answer the same
 * request.
 *
 * Oracles: the driver's contract and §6.3 checks; whole versus byte by
 * byte feeding; strict versus lenient (leniency never changes a response
 * the strict parser accepts).
 */
#include "fuzz/fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_in in = {data, size};
	struct fz_run cfg = {0};
	struct fz_trace whole = {0}, bytes = {0}, strict = {0};
	const char *methods[4];
	unsigned count, codes, i;

	cfg.kind = H1_RESPONSE;
	cfg.lenient = fz_lenient_from_byte(fz_u8(&in));
	count = (fz_u8(&in) & 3u) + 1;
	codes = fz_u8(&in);
	for (i = 0; i < count; i++)
		methods[i] = fz_method_name(codes >> (2 * i));
	cfg.methods = methods;
	cfg.nmethods = count;

	cfg.feed = FZ_FEED_WHOLE;
	fz_run_stream(&cfg, in.p, in.n, &whole, NULL);
	cfg.feed = FZ_FEED_BYTES;
	fz_run_stream(&cfg, in.p, in.n, &bytes, NULL);
	fz_trace_expect_equal(&whole, &bytes, "response: whole vs byte by byte");

	if (cfg.lenient) {
		cfg.lenient = 0;
		cfg.feed = FZ_FEED_WHOLE;
		fz_run_stream(&cfg, in.p, in.n, &strict, NULL);
		if (strict.violation)
			fz_trace_expect_prefix(&strict, &whole, "response: strict vs lenient");
		else
			fz_trace_expect_equal(&strict, &whole, "response: strict vs lenient");
	}
	fz_trace_free(&whole);
	fz_trace_free(&bytes);
	fz_trace_free(&strict);
	return 0;
}
