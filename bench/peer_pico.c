/*
 * Adapter: picohttpparser, as built into Debian's libh2o0.13 (h2o 2.2.5).
 *
 * Debian ships no picohttpparser header, so the prototypes are declared
 * here from picohttpparser.h of that release; the library is linked by
 * path. This build has no SSE4.2 path (Debian targets baseline x86-64), so
 * it is picohttpparser's plain C code.
 *
 * picohttpparser parses a head and stops: finding the end of the message is
 * left to the caller. To do the same job as the other parsers, this adapter
 * adds what an application (h2o itself, for instance) does next: look up
 * Content-Length and Transfer-Encoding among the parsed fields, then skip
 * the content or run phr_decode_chunked() over it. That lookup is a short
 * loop over the field array; it is counted with picohttpparser's numbers
 * (RESULTS.md gives phr_* alone as well).
 */
#include <string.h>
#include <sys/types.h>

#include "bench/bench.h"

/* From picohttpparser.h (h2o 2.2.5). */
struct phr_header {
	const char *name;
	size_t name_len;
	const char *value;
	size_t value_len;
};
int phr_parse_request(const char *buf, size_t len, const char **method, size_t *method_len, const char **path,
                      size_t *path_len, int *minor_version, struct phr_header *headers, size_t *num_headers,
                      size_t last_len);
int phr_parse_response(const char *buf, size_t len, int *minor_version, int *status, const char **msg,
                       size_t *msg_len, struct phr_header *headers, size_t *num_headers, size_t last_len);
/* The layout of this release: the library reads and writes offsets 0, 8, 9
 * and 10 (checked in the disassembly of libh2o.so.0.13.5); later releases
 * added members, hence the padding. */
struct phr_chunked_decoder {
	size_t bytes_left_in_chunk;
	char consume_trailer;
	char hex_count;
	char state;
	char pad[64];
};
ssize_t phr_decode_chunked(struct phr_chunked_decoder *decoder, char *buf, size_t *bufsz);

/* The framing an application reads from the fields: Content-Length (digits
 * only, no overflow) or a final "chunked". Returns 0, or -1 if malformed. */
static int pico_framing(const struct phr_header *h, size_t n, uint64_t *length, int *chunked)
{
	size_t i, k;

	*length = 0;
	*chunked = 0;
	for (i = 0; i < n; i++) {
		if (h[i].name_len == 14 && hb_lower_eq(h[i].name, 14, "content-length", 14)) {
			uint64_t v = 0;
			if (h[i].value_len == 0 || h[i].value_len > 18)
				return -1;
			for (k = 0; k < h[i].value_len; k++) {
				unsigned d = (unsigned)(unsigned char)h[i].value[k] - '0';
				if (d > 9)
					return -1;
				v = v * 10 + d;
			}
			*length = v;
		} else if (h[i].name_len == 17 && hb_lower_eq(h[i].name, 17, "transfer-encoding", 17)) {
			*chunked = hb_lower_eq(h[i].value, h[i].value_len, "chunked", 7);
		}
	}
	return 0;
}

static int pico_run(const struct hb_input *in, char *buf, struct hb_tally *t)
{
	struct phr_header hdrs[HB_MAX_FIELDS];
	char *p = buf;
	size_t left = in->len;

	while (left > 0) {
		size_t nh = HB_MAX_FIELDS;
		uint64_t length;
		int rc, chunked;

		if (in->kind == HB_REQUEST) {
			const char *method, *path;
			size_t method_len, path_len;
			int minor;
			rc = phr_parse_request(p, left, &method, &method_len, &path, &path_len, &minor, hdrs,
			                       &nh, 0);
		} else {
			const char *msg;
			size_t msg_len;
			int minor, status;
			rc = phr_parse_response(p, left, &minor, &status, &msg, &msg_len, hdrs, &nh, 0);
		}
		if (rc <= 0)
			return -1; /* -1 malformed, -2 incomplete */
		t->fields += nh;
		p += rc;
		left -= (size_t)rc;
		if (pico_framing(hdrs, nh, &length, &chunked) != 0)
			return -1;
		if (chunked) {
			struct phr_chunked_decoder d;
			size_t size = left;
			ssize_t rest;

			memset(&d, 0, sizeof(d));
			d.consume_trailer = 1;
			rest = phr_decode_chunked(&d, p, &size);
			if (rest < 0)
				return -1;
			/* the data is now p[0..size); what follows was moved after it */
			t->body += size;
			p += size;
			left = (size_t)rest;
		} else {
			if (length > left)
				return -1;
			t->body += length;
			p += length;
			left -= (size_t)length;
		}
		t->messages++;
	}
	return 0;
}

const struct hb_parser hb_pico = {"picohttpparser", 1, pico_run};
