/*
 * The parser benchmark's shared definitions (internal to bench/).
 *
 * Each parser under test sits behind one adapter, a function that parses a
 * whole input (one message, or a stream of pipelined messages) and reports
 * what it found in a tally. The adapters live in separate files because the
 * peers' headers clash (llhttp.h and http_parser.h both define
 * HTTP_REQUEST, HTTP_GET, ...). Every adapter does the same job, so that the
 * numbers compare like with like:
 *
 *   - find the start line and every field line (name and value spans),
 *   - find where each message ends (framing: Content-Length or chunked), and
 *     hand out the content,
 *   - report failure if the parser rejected anything or stopped early.
 *
 * The tally (messages, field lines, content bytes) is compared across
 * parsers before any timing, so a parser that skipped work or gave up is
 * caught instead of measured.
 */
#ifndef HB_BENCH_H
#define HB_BENCH_H

#include <stddef.h>
#include <stdint.h>

/* Room for field lines per message; the reference parser's default limit. */
#define HB_MAX_FIELDS 100

enum hb_kind { HB_REQUEST = 1, HB_RESPONSE = 2 };

/* One input: a byte stream of 'messages' complete messages. */
struct hb_input {
	const char *name; /* short id, e.g. "browser-get" */
	int kind;         /* enum hb_kind */
	char *buf;        /* owned by the driver */
	size_t len;
	unsigned messages;
	int chunked; /* the stream has chunked content */
};

/* What a parser found in one input. */
struct hb_tally {
	uint64_t messages; /* complete messages, framing included */
	uint64_t fields;   /* field lines of the header sections */
	uint64_t body;     /* content bytes delivered, chunked coding removed */
};

/* A parser under test. */
struct hb_parser {
	const char *name;
	/* The parser rewrites chunked content in place (picohttpparser's
	 * chunked decoder): for inputs with chunked content the driver hands it
	 * a fresh copy each time, made outside the timed and counted region. */
	int in_place;
	/* Parse all of buf[0..in->len) (the bytes of in, or a copy of them) and
	 * add what was found to *t. Returns 0 when every byte was accepted and
	 * the last message is complete, -1 otherwise. */
	int (*run)(const struct hb_input *in, char *buf, struct hb_tally *t);
};

extern const struct hb_parser hb_reference;
extern const struct hb_parser hb_pico;
extern const struct hb_parser hb_llhttp;
extern const struct hb_parser hb_http_parser;

/* ASCII case-insensitive equality of a span with a lower-case literal. */
int hb_lower_eq(const char *p, size_t n, const char *lower, size_t lower_len);

#endif
