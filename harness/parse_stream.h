/*
 * The engine behind 'h1conform parse', shared with its tests: parse a whole
 * byte stream, optionally fed in steps, and append the JSON lines.
 */
#ifndef H1C_PARSE_STREAM_H
#define H1C_PARSE_STREAM_H

#include <stddef.h>

#include "harness/buf.h"
#include "reference/h1.h"

struct h1c_parse_opts {
	int response;               /* parse responses */
	const char *const *methods; /* methods answered, in order; the last repeats */
	size_t nmethods;
	unsigned lenient;                         /* H1_LENIENT_* */
	size_t step;                              /* feed this many bytes at a time (0 = all at once) */
	void (*note)(void *ctx, const char *msg); /* remarks for stderr */
	void *note_ctx;
};

/* Returns the exit status of 'parse': 0 all parsed, 1 rejected or
 * incomplete (or no message), 4 internal error (output limit, memory). */
int h1c_parse_stream(const struct h1c_parse_opts *opt, const char *data, size_t len, struct h1c_buf *out);

/* Append the {"ok":false,...} line for a violation. */
void h1c_parse_error_json(struct h1c_buf *o, const struct h1_error *e);

#endif
