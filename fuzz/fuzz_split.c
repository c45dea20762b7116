/*
 * fuzz_split: split invariance, with the split points, the limits and the
 * direction all chosen by the fuzzer.
 *
 * h1.h promises that parsing a stream split at any points gives exactly
 * the same events, fields, errors and error offsets. fuzz_request and
 * fuzz_response compare whole against byte-by-byte feeding with the
 * default limits; this target adds arbitrary cuts (where a read would end
 * on a real connection) and small limits, whose "line too long before its
 * end has arrived" branches are the ones most likely to depend on where
 * the bytes stopped.
 *
 * Input:
 *   byte 0   bit 0: responses instead of requests; bit 1: small limits
 *   byte 1   leniency flags (fz_lenient_from_byte)
 *   byte 2   responses: methods answered, two bits each (4 of them)
 *   byte 3   number of cuts k (low four bits)
 *   k bytes  gaps between cuts, each byte + 1
 *   with small limits, 5 bytes: start_line, field_line, fields, head,
 *            chunk_ext (each byte + 1, head times 4)
 *   the rest the stream
 */
#include "fuzz/fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_in in = {data, size};
	struct fz_run cfg = {0};
	struct fz_trace whole = {0}, split = {0};
	struct h1_limits lim = {0};
	const char *methods[4];
	size_t cuts[16], k, i, at = 0;
	uint8_t mode = fz_u8(&in), codes;

	cfg.kind = (mode & 1) ? H1_RESPONSE : H1_REQUEST;
	cfg.lenient = fz_lenient_from_byte(fz_u8(&in));
	codes = fz_u8(&in);
	for (i = 0; i < 4; i++)
		methods[i] = fz_method_name((unsigned)codes >> (2 * i));
	if (cfg.kind == H1_RESPONSE) {
		cfg.methods = methods;
		cfg.nmethods = 4;
	}
	k = fz_u8(&in) & 15u;
	for (i = 0; i < k; i++) {
		at += (size_t)fz_u8(&in) + 1;
		cuts[i] = at;
	}
	if (mode & 2) {
		lim.start_line = (size_t)fz_u8(&in) + 1;
		lim.field_line = (size_t)fz_u8(&in) + 1;
		lim.fields = (size_t)fz_u8(&in) % 16 + 1;
		lim.head = ((size_t)fz_u8(&in) + 1) * 4;
		lim.chunk_ext = (size_t)fz_u8(&in) + 1;
		cfg.limits = &lim;
		cfg.fields_cap = lim.fields;
	}

	cfg.feed = FZ_FEED_WHOLE;
	fz_run_stream(&cfg, in.p, in.n, &whole, NULL);
	cfg.feed = FZ_FEED_CUTS;
	cfg.cuts = cuts;
	cfg.ncuts = k;
	fz_run_stream(&cfg, in.p, in.n, &split, NULL);
	fz_trace_expect_equal(&whole, &split, "split: whole vs cut");
	fz_trace_free(&whole);
	fz_trace_free(&split);
	return 0;
}
