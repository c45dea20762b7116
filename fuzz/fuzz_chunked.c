/*
 * fuzz_chunked: the chunked decoder (RFC 9112 §7.1), fed in pieces.
 *
 * A fixed request head with Transfer-Encoding: chunked is followed by the
 * fuzzer's bytes, so every input reaches the chunk-size, chunk-ext,
 * chunk-data and trailer states at once.
 *
 * Input:
 *   byte 0   leniency flags (fz_lenient_from_byte)
 *   byte 1   number of pieces k (low four bits)
 *   k bytes  piece sizes, each byte + 1; after the last piece the rest
 *            arrives at once
 *   the rest the chunked content (and whatever follows it)
 *
 * Oracles:
 *  - fed in the chosen pieces, the events (hence the decoded content, its
 *    runs, the trailers and any error with its offset) equal those of the
 *    whole input;
 *  - when the parser accepts the content, a deliberately naive decoder
 *    that trusts the input to be well formed (hex size, skip to LF, take
 *    the data, skip the line end; lines up to an empty one as trailers)
 *    finds the same content and the same end of message.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz/fuzz_common.h"

static const char head[] = "POST /upload HTTP/1.1\r\nHost: example.test\r\n"
                           "Transfer-Encoding: chunked\r\n\r\n";
#define HEAD_LEN (sizeof(head) - 1)

/* What the parser delivered for the first message. */
struct first {
	uint8_t *body;
	size_t len;
	int ended;
	uint64_t end;
	unsigned messages;
};

static void collect(void *ctx, struct h1_parser *p, const struct h1_event *ev, const uint8_t *s)
{
	struct first *f = ctx;

	(void)p;
	(void)s;
	if (f->messages > 0)
		return;
	if (ev->type == H1_EV_DATA) {
		memcpy(f->body + f->len, ev->data.p, ev->data.len);
		f->len += ev->data.len;
	} else if (ev->type == H1_EV_END) {
		f->ended = 1;
		f->end = ev->offset;
		f->messages++;
	}
}

/* The naive decoder over b[0..n) (the bytes after the head). Returns the
 * content length written to out and sets *end to the offset after the
 * trailer section, or returns (size_t)-1 if the input ran out. */
static size_t naive_decode(const uint8_t *b, size_t n, uint8_t *out, size_t *end)
{
	size_t i = 0, o = 0;

	for (;;) {
		uint64_t size = 0;
		while (i < n && (b[i] == ' ' || b[i] == '\t'))
			i++;
		while (i < n) {
			uint8_t c = b[i];
			unsigned v;
			if (c >= '0' && c <= '9')
				v = c - '0';
			else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
				v = (unsigned)((c | 0x20) - 'a' + 10);
			else
				break;
			size = size * 16 + v;
			i++;
		}
		while (i < n && b[i] != '\n')
			i++;
		if (i == n)
			return (size_t)-1;
		i++;
		if (size == 0)
			break;
		if (size > n - i)
			return (size_t)-1;
		memcpy(out + o, b + i, (size_t)size);
		o += (size_t)size;
		i += (size_t)size;
		if (i < n && b[i] == '\r')
			i++;
		if (i == n || b[i] != '\n')
			return (size_t)-1;
		i++;
	}
	/* trailer section: lines up to an empty one */
	for (;;) {
		size_t ls = i;
		while (i < n && b[i] != '\n')
			i++;
		if (i == n)
			return (size_t)-1;
		i++;
		if (i - ls == 1 || (i - ls == 2 && b[ls] == '\r'))
			break;
	}
	*end = i;
	return o;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_in in = {data, size};
	struct fz_run cfg = {0};
	struct fz_trace whole = {0}, pieces = {0};
	struct first got = {0};
	size_t cuts[16], k, i, at = HEAD_LEN, n;
	uint8_t *stream;

	cfg.kind = H1_REQUEST;
	cfg.lenient = fz_lenient_from_byte(fz_u8(&in));
	k = fz_u8(&in) & 15u;
	for (i = 0; i < k; i++) {
		at += (size_t)fz_u8(&in) + 1;
		cuts[i] = at;
	}
	n = HEAD_LEN + in.n;
	stream = malloc(n);
	got.body = malloc(in.n + 1);
	if (stream == NULL || got.body == NULL)
		fz_die("out of memory");
	memcpy(stream, head, HEAD_LEN);
	if (in.n)
		memcpy(stream + HEAD_LEN, in.p, in.n);

	cfg.feed = FZ_FEED_WHOLE;
	cfg.on_event = collect;
	cfg.ctx = &got;
	fz_run_stream(&cfg, stream, n, &whole, NULL);
	cfg.on_event = NULL;
	cfg.feed = FZ_FEED_CUTS;
	cfg.cuts = cuts;
	cfg.ncuts = k;
	fz_run_stream(&cfg, stream, n, &pieces, NULL);
	fz_trace_expect_equal(&whole, &pieces, "chunked: whole vs pieces");

	if (got.ended) {
		uint8_t *naive = malloc(in.n + 1);
		size_t end = 0, len;
		if (naive == NULL)
			fz_die("out of memory");
		len = naive_decode(in.p, in.n, naive, &end);
		FZ_ASSERT(len != (size_t)-1,
		          "the parser accepted chunked content the naive decoder cannot read");
		FZ_ASSERT(len == got.len && (len == 0 || memcmp(naive, got.body, len) == 0),
		          "decoded content differs: parser %zu bytes, naive %zu bytes", got.len, len);
		FZ_ASSERT(HEAD_LEN + end == got.end, "message ends at %llu, naive decoder says %zu",
		          (unsigned long long)got.end, HEAD_LEN + end);
		free(naive);
	}
	free(got.body);
	free(stream);
	fz_trace_free(&whole);
	fz_trace_free(&pieces);
	return 0;
}
