/*
 * fuzz_request: the request parser under every leniency combination.
 *
 * Input: one byte choosing the leniency flags (fz_lenient_from_byte), then
 * the bytes of one connection from client to server.
 *
 * Oracles, besides the sanitizers and the contract checks of the driver
 * (fuzz_common.c):
 *  - the stream parsed whole and fed one byte at a time gives the same
 *    events, fields, errors and error offsets;
 *  - leniency only relaxes: every message the strict parser accepts is
 *    parsed identically with the leniency flags on (a flag that changed
 *    the meaning of a conforming message would be a smuggling vector of
 *    its own).
 */
#include "fuzz/fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_in in = {data, size};
	struct fz_run cfg = {0};
	struct fz_trace whole = {0}, bytes = {0}, strict = {0};

	cfg.kind = H1_REQUEST;
	cfg.lenient = fz_lenient_from_byte(fz_u8(&in));

	cfg.feed = FZ_FEED_WHOLE;
	fz_run_stream(&cfg, in.p, in.n, &whole, NULL);
	cfg.feed = FZ_FEED_BYTES;
	fz_run_stream(&cfg, in.p, in.n, &bytes, NULL);
	fz_trace_expect_equal(&whole, &bytes, "request: whole vs byte by byte");

	if (cfg.lenient) {
		cfg.lenient = 0;
		cfg.feed = FZ_FEED_WHOLE;
		fz_run_stream(&cfg, in.p, in.n, &strict, NULL);
		if (strict.violation)
			fz_trace_expect_prefix(&strict, &whole, "request: strict vs lenient");
		else
			fz_trace_expect_equal(&strict, &whole, "request: strict vs lenient");
	}
	fz_trace_free(&whole);
	fz_trace_free(&bytes);
	fz_trace_free(&strict);
	return 0;
}
