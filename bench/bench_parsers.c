/*
 * bench_parsers: the reference parser against picohttpparser, llhttp and
 * http-parser, on the same inputs, in one run.
 *
 * usage: bench_parsers [--rounds N] [--batch-us U] [--ir FILE] INPUT_DIR
 *        bench_parsers --count PARSER INPUT N INPUT_DIR
 *        bench_parsers --list INPUT_DIR
 *
 * The inputs (see README.md) are read from INPUT_DIR; the pipelined stream
 * and the chunked body are generated from the templates there, the same way
 * every time.
 *
 * Method
 *  1. Verify. Every parser parses every input once; its tally (messages,
 *     field lines, content bytes) must equal the reference parser's, and the
 *     reference parser's must match what the input is known to hold. A
 *     parser that rejects an input or stops early makes the run fail: a
 *     benchmark of a parser that gave up is not a benchmark.
 *  2. Time. For each input, a batch size is chosen per parser so that one
 *     batch takes about --batch-us microseconds; then in each of --rounds
 *     rounds every parser runs one batch, in a rotating order, so that a
 *     noisy moment hits all of them alike. Each batch gives one ns/message
 *     figure; the table shows the median and the fastest.
 *  3. Count (--count). Runs one parser over one input N times through
 *     hb_measured(), for valgrind --tool=callgrind --toggle-collect=
 *     hb_measured; run.sh subtracts the same count for the do-nothing
 *     parser "null" and divides by N times the messages per input. Copies
 *     for in-place parsers are made outside hb_measured(), so they are not
 *     counted.
 *
 * Nothing here asserts a timing; the numbers are printed, never judged.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench/bench.h"

#define PIPELINED  1000  /* requests in the pipelined stream */
#define CHUNKS     256   /* chunks in the chunked body */
#define POOL       16    /* at most this many fresh copies per batch for in-place parsers */
#define POOL_BYTES 65536 /* and at most this many bytes of them, so they stay in cache */
#define MAX_ROUNDS 100001

#if defined(__clang__)
#define HB_OPAQUE __attribute__((noinline))
#else
#define HB_OPAQUE __attribute__((noipa))
#endif

int hb_lower_eq(const char *p, size_t n, const char *lower, size_t lower_len)
{
	size_t i;

	if (n != lower_len)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c | 0x20);
		if (c != (unsigned char)lower[i])
			return 0;
	}
	return 1;
}

/* ---------------------------------------------------------------------- */
/* inputs                                                                 */

enum { IN_BROWSER, IN_MINIMAL, IN_RESPONSE, IN_LARGE, IN_PIPELINED, IN_CHUNKED, IN__COUNT };

struct input_spec {
	const char *name;
	const char *file;
	int kind;
	const char *what;
	uint64_t body; /* content bytes it is known to hold (checked) */
};

static const struct input_spec specs[IN__COUNT] = {
        {"browser-get", "browser_get.http", HB_REQUEST, "browser-like GET, 12 fields", 0},
        {"minimal-get", "minimal_get.http", HB_REQUEST, "minimal GET with Host", 0},
        {"response", "response.http", HB_RESPONSE, "200 response, 11 fields, 16-byte body", 16},
        {"large-request", "large_request.http", HB_REQUEST, "4 KiB GET, long cookies and tokens", 0},
        {"pipelined-1000", "pipelined_member.http", HB_REQUEST, "1000 pipelined GETs", 0},
        {"chunked", "chunked_head.http", HB_RESPONSE, "response, 256 chunks of 1-64 bytes", 0},
};

static struct hb_input inputs[IN__COUNT];
static uint64_t chunked_body_bytes;

_Noreturn static void die(const char *what, const char *detail)
{
	fprintf(stderr, "bench_parsers: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
	exit(2);
}

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (p == NULL)
		die("out of memory", NULL);
	return p;
}

/* Read dir/file whole; *len receives its size. */
static char *read_file(const char *dir, const char *file, size_t *len)
{
	char path[4096];
	FILE *f;
	char *buf;
	long n = 0;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, file) >= sizeof(path))
		die("path too long", file);
	f = fopen(path, "rb");
	if (f == NULL)
		die(path, strerror(errno));
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0)
		die(path, "cannot size");
	buf = xmalloc((size_t)n);
	if (fread(buf, 1, (size_t)n, f) != (size_t)n)
		die(path, "short read");
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/* PIPELINED copies of the template, each with "@N@" replaced by its index. */
static char *make_pipelined(const char *tpl, size_t tpl_len, size_t *len)
{
	const char *mark = NULL;
	size_t i, cap = PIPELINED * (tpl_len + 8), off = 0;
	char *buf = xmalloc(cap);

	for (i = 0; i + 3 <= tpl_len; i++)
		if (memcmp(tpl + i, "@N@", 3) == 0) {
			mark = tpl + i;
			break;
		}
	if (mark == NULL)
		die("pipelined_member.http", "no @N@ mark");
	for (i = 0; i < PIPELINED; i++) {
		size_t pre = (size_t)(mark - tpl);
		int k;
		memcpy(buf + off, tpl, pre);
		off += pre;
		k = snprintf(buf + off, cap - off, "%zu", i);
		off += (size_t)k;
		memcpy(buf + off, mark + 3, tpl_len - pre - 3);
		off += tpl_len - pre - 3;
	}
	*len = off;
	return buf;
}

/* The head, then CHUNKS chunks of 1..64 bytes (sizes from a fixed LCG),
 * then the last chunk and the empty trailer section. */
static char *make_chunked(const char *head, size_t head_len, size_t *len)
{
	size_t cap = head_len + CHUNKS * (64 + 8) + 8, off = 0, i;
	char *buf = xmalloc(cap);
	uint32_t x = 12345;

	memcpy(buf, head, head_len);
	off = head_len;
	chunked_body_bytes = 0;
	for (i = 0; i < CHUNKS; i++) {
		size_t size, k;
		x = x * 1103515245u + 12345u;
		size = 1 + ((x >> 16) % 64);
		off += (size_t)snprintf(buf + off, cap - off, "%zx\r\n", size);
		for (k = 0; k < size; k++)
			buf[off + k] = (char)('a' + (i + k) % 26);
		off += size;
		buf[off++] = '\r';
		buf[off++] = '\n';
		chunked_body_bytes += size;
	}
	memcpy(buf + off, "0\r\n\r\n", 5);
	off += 5;
	*len = off;
	return buf;
}

static void load_inputs(const char *dir)
{
	int i;

	for (i = 0; i < IN__COUNT; i++) {
		struct hb_input *in = &inputs[i];
		size_t n;
		char *raw = read_file(dir, specs[i].file, &n);

		in->name = specs[i].name;
		in->kind = specs[i].kind;
		in->messages = 1;
		in->chunked = 0;
		if (i == IN_PIPELINED) {
			in->buf = make_pipelined(raw, n, &in->len);
			in->messages = PIPELINED;
			free(raw);
		} else if (i == IN_CHUNKED) {
			in->buf = make_chunked(raw, n, &in->len);
			in->chunked = 1;
			free(raw);
		} else {
			in->buf = raw;
			in->len = n;
		}
	}
}

static uint64_t expected_body(int i)
{
	return i == IN_CHUNKED ? chunked_body_bytes : specs[i].body;
}

/* ---------------------------------------------------------------------- */
/* parsers                                                                */

static int null_run(const struct hb_input *in, char *buf, struct hb_tally *t)
{
	(void)in;
	(void)buf;
	(void)t;
	return 0;
}

static const struct hb_parser hb_null = {"null", 0, null_run};

static const struct hb_parser *const parsers[] = {&hb_reference, &hb_pico, &hb_llhttp, &hb_http_parser};
#define NPARSERS (sizeof(parsers) / sizeof(parsers[0]))

/* One call of one parser over one input; the unit that callgrind counts. */
HB_OPAQUE int hb_measured(const struct hb_parser *ps, const struct hb_input *in, char *buf,
                          struct hb_tally *t);
HB_OPAQUE int hb_measured(const struct hb_parser *ps, const struct hb_input *in, char *buf,
                          struct hb_tally *t)
{
	return ps->run(in, buf, t);
}

static int uses_copies(const struct hb_parser *ps, const struct hb_input *in)
{
	return ps->in_place && in->chunked;
}

/* Parse in once (on a copy when needed); returns the parser's status. */
static int run_once(const struct hb_parser *ps, const struct hb_input *in, char *scratch, struct hb_tally *t)
{
	char *buf = in->buf;

	if (uses_copies(ps, in)) {
		memcpy(scratch, in->buf, in->len);
		buf = scratch;
	}
	return hb_measured(ps, in, buf, t);
}

/* ---------------------------------------------------------------------- */
/* verification                                                           */

static int verify(void)
{
	int i, bad = 0;
	size_t k;

	for (i = 0; i < IN__COUNT; i++) {
		const struct hb_input *in = &inputs[i];
		char *scratch = xmalloc(in->len);
		struct hb_tally want = {0, 0, 0};

		for (k = 0; k < NPARSERS; k++) {
			struct hb_tally t = {0, 0, 0};
			int rc = run_once(parsers[k], in, scratch, &t);

			if (k == 0) {
				want = t;
				if (rc != 0 || t.messages != in->messages || t.body != expected_body(i)) {
					printf("INVALID: reference on %s: status %d, %llu messages, %llu "
					       "content bytes (want %u, %llu)\n",
					       in->name, rc, (unsigned long long)t.messages,
					       (unsigned long long)t.body, in->messages,
					       (unsigned long long)expected_body(i));
					bad = 1;
				}
				continue;
			}
			if (rc != 0 || t.messages != want.messages || t.fields != want.fields ||
			    t.body != want.body) {
				printf("INVALID: %s on %s: status %d, %llu messages, %llu fields, %llu "
				       "content bytes; reference: %llu, %llu, %llu\n",
				       parsers[k]->name, in->name, rc, (unsigned long long)t.messages,
				       (unsigned long long)t.fields, (unsigned long long)t.body,
				       (unsigned long long)want.messages, (unsigned long long)want.fields,
				       (unsigned long long)want.body);
				bad = 1;
			}
		}
		if (!bad)
			printf("verified %-15s %6zu bytes %5u message%s %5llu fields %5llu content "
			       "bytes: all parsers agree\n",
			       in->name, in->len, in->messages, in->messages == 1 ? " " : "s",
			       (unsigned long long)want.fields, (unsigned long long)want.body);
		free(scratch);
	}
	return bad ? -1 : 0;
}

/* ---------------------------------------------------------------------- */
/* timing                                                                 */

static double now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

struct timing {
	size_t batch;    /* calls per batch */
	double *samples; /* ns per message, one per round */
	double median, best;
	double ir; /* instructions per message, < 0 if unknown */
};

/* One timed batch; copies for in-place parsers are refreshed before the
 * clock starts. Returns ns per message. */
static double time_batch(const struct hb_parser *ps, const struct hb_input *in, size_t batch, char **pool,
                         struct hb_tally *sink)
{
	size_t b;
	double t0, t1;
	int copies = uses_copies(ps, in);

	if (copies)
		for (b = 0; b < batch; b++)
			memcpy(pool[b], in->buf, in->len);
	t0 = now_ns();
	for (b = 0; b < batch; b++)
		if (hb_measured(ps, in, copies ? pool[b] : in->buf, sink) != 0)
			die("parser failed during timing", ps->name);
	t1 = now_ns();
	return (t1 - t0) / ((double)batch * in->messages);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static void time_input(const struct hb_input *in, struct timing *tm, int rounds, double batch_ns)
{
	char *pool[POOL];
	struct hb_tally sink = {0, 0, 0};
	size_t k, i;
	int r;

	for (i = 0; i < POOL; i++)
		pool[i] = xmalloc(in->len);
	/* Calibrate (and warm up): double the batch until it takes batch_ns. */
	for (k = 0; k < NPARSERS; k++) {
		size_t batch = 1;
		if (uses_copies(parsers[k], in)) {
			/* a batch is one use of each copy */
			batch = POOL_BYTES / in->len;
			batch = batch < 1 ? 1 : batch > POOL ? POOL : batch;
		} else {
			while (time_batch(parsers[k], in, batch, pool, &sink) * (double)batch * in->messages <
			               batch_ns &&
			       batch < ((size_t)1 << 24))
				batch *= 2;
		}
		tm[k].batch = batch;
		tm[k].samples = xmalloc(sizeof(double) * (size_t)rounds);
	}
	for (r = 0; r < rounds; r++)
		for (i = 0; i < NPARSERS; i++) {
			k = (i + (size_t)r) % NPARSERS;
			tm[k].samples[r] = time_batch(parsers[k], in, tm[k].batch, pool, &sink);
		}
	for (k = 0; k < NPARSERS; k++) {
		qsort(tm[k].samples, (size_t)rounds, sizeof(double), cmp_double);
		tm[k].median = tm[k].samples[rounds / 2];
		tm[k].best = tm[k].samples[0];
		free(tm[k].samples);
		tm[k].samples = NULL;
	}
	for (i = 0; i < POOL; i++)
		free(pool[i]);
}

/* Read run.sh's instruction counts: lines "parser TAB input TAB ir". */
static double ir_lookup(const char *file, const char *parser, const char *input)
{
	char line[256];
	double found = -1;
	FILE *f;

	if (file == NULL || (f = fopen(file, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		char *tab1 = strchr(line, '\t'), *tab2;
		if (tab1 == NULL || (tab2 = strchr(tab1 + 1, '\t')) == NULL)
			continue;
		*tab1 = *tab2 = '\0';
		if (strcmp(line, parser) == 0 && strcmp(tab1 + 1, input) == 0)
			found = strtod(tab2 + 1, NULL);
	}
	fclose(f);
	return found;
}

static void print_input_table(const struct hb_input *in, const char *what, struct timing *tm)
{
	size_t k, j;

	printf("\n### %s: %s (%zu bytes, %u message%s)\n\n", in->name, what, in->len, in->messages,
	       in->messages == 1 ? "" : "s");
	printf("| parser | median ns/msg | best ns/msg | MB/s | instructions/msg |");
	for (j = 0; j < NPARSERS; j++)
		printf(" ÷ %s |", parsers[j]->name);
	printf("\n| --- | ---: | ---: | ---: | ---: |");
	for (j = 0; j < NPARSERS; j++)
		printf(" ---: |");
	printf("\n");
	for (k = 0; k < NPARSERS; k++) {
		double mbs = (double)in->len / (tm[k].median * in->messages) * 1e3;
		printf("| %s | %.1f | %.1f | %.0f | ", parsers[k]->name, tm[k].median, tm[k].best, mbs);
		if (tm[k].ir >= 0)
			printf("%.0f |", tm[k].ir);
		else
			printf("n/a |");
		for (j = 0; j < NPARSERS; j++)
			printf(" %.2f |", tm[k].median / tm[j].median);
		printf("\n");
	}
}

/* The reference parser against each peer, one line per input: time and
 * instruction ratios (reference / peer; below 1 the reference is ahead). */
static void print_summary(struct timing all[IN__COUNT][NPARSERS])
{
	size_t k;
	int i;

	printf("\n### reference ÷ peer, per input (time from the medians; instructions from callgrind)\n\n"
	       "| input |");
	for (k = 1; k < NPARSERS; k++)
		printf(" time ÷ %s | instr. ÷ %s |", parsers[k]->name, parsers[k]->name);
	printf("\n| --- |");
	for (k = 1; k < NPARSERS; k++)
		printf(" ---: | ---: |");
	printf("\n");
	for (i = 0; i < IN__COUNT; i++) {
		printf("| %s |", inputs[i].name);
		for (k = 1; k < NPARSERS; k++) {
			printf(" %.2f |", all[i][0].median / all[i][k].median);
			if (all[i][0].ir >= 0 && all[i][k].ir > 0)
				printf(" %.2f |", all[i][0].ir / all[i][k].ir);
			else
				printf(" n/a |");
		}
		printf("\n");
	}
}

/* ---------------------------------------------------------------------- */

static int find_input(const char *name)
{
	int i;
	for (i = 0; i < IN__COUNT; i++)
		if (strcmp(specs[i].name, name) == 0)
			return i;
	return -1;
}

static const struct hb_parser *find_parser(const char *name)
{
	size_t k;
	if (strcmp(name, hb_null.name) == 0)
		return &hb_null;
	for (k = 0; k < NPARSERS; k++)
		if (strcmp(parsers[k]->name, name) == 0)
			return parsers[k];
	return NULL;
}

static long parse_count(const char *s, long lo, long hi, const char *what)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *s == '\0' || *end != '\0' || v < lo || v > hi)
		die("bad number for", what);
	return v;
}

/* --count PARSER INPUT N DIR */
static int count_mode(char **argv)
{
	const struct hb_parser *ps = find_parser(argv[0]);
	int i = find_input(argv[1]);
	long n = parse_count(argv[2], 0, 100000000, "N"), r;
	struct hb_tally t = {0, 0, 0};
	char *scratch;

	if (ps == NULL)
		die("unknown parser", argv[0]);
	if (i < 0)
		die("unknown input", argv[1]);
	load_inputs(argv[3]);
	scratch = xmalloc(inputs[i].len);
	/* One call outside hb_measured() first: lazy symbol binding and the
	 * resolution of libc's IFUNCs (memchr) happen here, not in the count. */
	memcpy(scratch, inputs[i].buf, inputs[i].len);
	if (ps->run(&inputs[i], scratch, &t) != 0)
		die("parser failed", ps->name);
	t.messages = 0;
	for (r = 0; r < n; r++)
		if (run_once(ps, &inputs[i], scratch, &t) != 0)
			die("parser failed", ps->name);
	printf("%s %s x%ld: %llu messages\n", ps->name, inputs[i].name, n, (unsigned long long)t.messages);
	free(scratch);
	return 0;
}

_Noreturn static void usage(void)
{
	fprintf(stderr, "usage: bench_parsers [--rounds N] [--batch-us U] [--ir FILE] INPUT_DIR\n"
	                "       bench_parsers --count PARSER INPUT N INPUT_DIR\n"
	                "       bench_parsers --list INPUT_DIR\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static struct timing all[IN__COUNT][NPARSERS];
	const char *ir_file = NULL, *dir = NULL;
	int rounds = 201, i, a;
	double batch_us = 400;
	size_t k;

	for (a = 1; a < argc; a++) {
		if (strcmp(argv[a], "--count") == 0 && argc - a == 5)
			return count_mode(argv + a + 1);
		if (strcmp(argv[a], "--list") == 0 && argc - a == 2) {
			load_inputs(argv[a + 1]);
			for (i = 0; i < IN__COUNT; i++)
				for (k = 0; k < NPARSERS; k++)
					printf("%s\t%s\t%u\n", parsers[k]->name, inputs[i].name,
					       inputs[i].messages);
			return 0;
		}
		if (strcmp(argv[a], "--rounds") == 0 && a + 1 < argc)
			rounds = (int)parse_count(argv[++a], 1, MAX_ROUNDS, "--rounds");
		else if (strcmp(argv[a], "--batch-us") == 0 && a + 1 < argc)
			batch_us = (double)parse_count(argv[++a], 1, 1000000, "--batch-us");
		else if (strcmp(argv[a], "--ir") == 0 && a + 1 < argc)
			ir_file = argv[++a];
		else if (argv[a][0] != '-' && dir == NULL)
			dir = argv[a];
		else
			usage();
	}
	if (dir == NULL)
		usage();
	load_inputs(dir);
	if (verify() != 0) {
		printf("bench_parsers: a parser rejected an input or disagrees; no timing.\n");
		return 1;
	}
	printf("\nns/msg: median and fastest of %d batches (each about %.0f us); MB/s from the "
	       "median;\n÷ peer: this parser's median time divided by the peer's (< 1: faster);\n"
	       "instructions/msg: callgrind, see README.md.\n",
	       rounds, batch_us);
	for (i = 0; i < IN__COUNT; i++) {
		time_input(&inputs[i], all[i], rounds, batch_us * 1e3);
		for (k = 0; k < NPARSERS; k++)
			all[i][k].ir = ir_lookup(ir_file, parsers[k]->name, inputs[i].name);
		print_input_table(&inputs[i], specs[i].what, all[i]);
	}
	print_summary(all);
	return 0;
}
