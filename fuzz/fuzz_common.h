/*
 * What every fuzz target of h1conform shares: reading control bytes from
 * the fuzzer's input, the mapping of one byte onto leniency flags, and the
 * checked driver that runs the reference parser over a byte stream.
 *
 * The driver is where most oracles live. It feeds a stream to h1_parse()
 * following a schedule of arrival points (everything at once, byte by byte,
 * or cuts the fuzzer chose), exactly as a network caller would: each call
 * presents the unconsumed bytes followed by what has arrived since. Around
 * every call it checks the contract of h1.h (consumed counts, offsets,
 * spans inside the presented buffer, sticky violations, complete error
 * descriptions, termination) and, under AddressSanitizer, poisons the bytes
 * that have not arrived yet and those already consumed, so a parser that
 * reads outside what it was given is caught on the spot. The events are
 * written to a trace: one text line per event, with every span as a stream
 * offset, so that two runs over the same stream can be compared with
 * memcmp and a difference printed legibly. Content is recorded as runs of
 * contiguous stream bytes, because how content is cut into data events
 * legitimately depends on how the bytes arrived.
 *
 * A broken invariant prints what was expected and what happened and calls
 * abort(), which libFuzzer reports as a crash and the replay main as a
 * failure.
 */
#ifndef FZ_COMMON_H
#define FZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "reference/h1.h"

/* libFuzzer's entry point, defined once by every target. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* ---------------------------------------------------------------------- */
/* input                                                                  */

/* A cursor over the fuzzer's input. Control bytes are taken from the
 * front; whatever is left is the byte stream. Reading past the end yields
 * zeros, so every input is valid. */
struct fz_in {
	const uint8_t *p;
	size_t n;
};

uint8_t fz_u8(struct fz_in *in);

/*
 * One byte to a set of H1_LENIENT_* flags. Bit i of the byte switches on
 * group i; related leniencies share a group so that one byte reaches all
 * eighteen flags:
 *   0 bare-lf, bare-cr              4 http09, target-chars
 *   1 obs-fold, ctl-in-value         5 te-and-cl, cl-list
 *   2 ws-before-colon,               6 chunk-size-ws, te-unknown, te-http10
 *     request-line-ws                7 trailer-fields, status-no-sp,
 *   3 missing-host, host-duplicate     no-body-framing
 * 0x00 is the strict parser.
 */
unsigned fz_lenient_from_byte(uint8_t b);

/* The request methods a response can answer, by a 2-bit code. */
const char *fz_method_name(unsigned code);

/* ---------------------------------------------------------------------- */
/* failures                                                               */

/* Print "fuzz oracle: <message>" and abort. Call it as fz_die(): the macro
 * ends in abort() so that static analysers see the path end too. */
#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
_Noreturn void
fz__die(const char *fmt, ...);
#define fz_die(...) (fz__die(__VA_ARGS__), abort())

/*
 * Known bugs of reference/, waived while they are open so that campaigns
 * (local and ClusterFuzzLite) look past them: fuzz/known-bugs lists them,
 * with the regression that shows each, and the build compiles the ids in;
 * the environment variable FUZZ_KNOWN_BUGS (comma-separated ids), when
 * set, replaces that list for one run (FUZZ_KNOWN_BUGS= waives nothing).
 * An oracle that checks such a bug asks fz_known_bug(id) before failing.
 */
int fz_known_bug(const char *id);

#define FZ_ASSERT(cond, ...)                                                                                 \
	do {                                                                                                 \
		if (!(cond))                                                                                 \
			fz_die(__VA_ARGS__);                                                                 \
	} while (0)

/* ---------------------------------------------------------------------- */
/* traces                                                                 */

/* A growable text buffer holding one run's events. Owned by the caller:
 * zero-initialise, then fz_trace_free(). */
struct fz_trace {
	char *text;
	size_t len, cap;
	uint64_t run_off, run_len; /* the pending run of contiguous content */
	int run_open;
	size_t last_end; /* length of text after the last END line */
	int violation;   /* the run ended in H1_VIOLATION */
};

void fz_trace_free(struct fz_trace *t);

/* Abort with both traces printed if they differ. what names the two runs. */
void fz_trace_expect_equal(const struct fz_trace *want, const struct fz_trace *got, const char *what);

/* Abort unless got starts with the complete messages of want (everything
 * up to and including want's last END line). */
void fz_trace_expect_prefix(const struct fz_trace *want, const struct fz_trace *got, const char *what);

/* ---------------------------------------------------------------------- */
/* the checked driver                                                     */

/* How the bytes of a stream arrive. */
enum fz_feed {
	FZ_FEED_WHOLE = 0, /* everything at once */
	FZ_FEED_BYTES,     /* one byte more after each H1_NEED_MORE */
	FZ_FEED_CUTS       /* at the arrival points in cuts[], then the rest */
};

/* Called after each event, with the parser, the event and where the
 * presented buffer starts in the stream (ev spans point into data+win_off
 * onwards). Lets a target collect messages or steer the parser. */
typedef void (*fz_event_fn)(void *ctx, struct h1_parser *p, const struct h1_event *ev, const uint8_t *stream);

struct fz_run {
	int kind;                       /* H1_REQUEST or H1_RESPONSE */
	unsigned lenient;               /* H1_LENIENT_* */
	const struct h1_limits *limits; /* NULL: defaults */
	size_t fields_cap;              /* field array size; 0: 128 */
	const char *const *methods;     /* responses: methods answered in order, the last repeats */
	size_t nmethods;
	int feed;           /* enum fz_feed */
	const size_t *cuts; /* FZ_FEED_CUTS: increasing arrival points */
	size_t ncuts;
	fz_event_fn on_event; /* optional */
	void *ctx;
};

/* How a run ended. */
struct fz_result {
	int status;            /* H1_DONE or H1_VIOLATION */
	int done;              /* enum h1_done when status is H1_DONE */
	struct h1_error error; /* when status is H1_VIOLATION */
	uint64_t consumed;
	unsigned messages;
};

/*
 * Parse data[0..n) as one connection's bytes (the end of data is the end of
 * the connection), checking the contract of h1.h throughout, and append the
 * events to *trace (may be NULL). Aborts on a broken invariant. The bytes
 * are copied into a buffer of their own so that spans can be checked and
 * out-of-bounds reads caught; the copy is freed before returning, so spans
 * seen by on_event are valid only during the call to on_event.
 */
void fz_run_stream(const struct fz_run *cfg, const uint8_t *data, size_t n, struct fz_trace *trace,
                   struct fz_result *res);

#endif
