/*
 * Adapter: the reference parser (reference/), strict, no leniency flags.
 *
 * One parser per input, driven through every event until the H1_EV_END of
 * the last message: the head (start line, fields, framing decision), each
 * piece of content and each message end. That is the parser's full job,
 * and more than the peers' (it also validates targets, Host, and the
 * Connection, Content-Length and Transfer-Encoding grammars).
 */
#include "bench/bench.h"
#include "reference/h1.h"

static int reference_run(const struct hb_input *in, char *buf, struct hb_tally *t)
{
	struct h1_parser p;
	struct h1_field fields[HB_MAX_FIELDS];
	struct h1_event ev;
	size_t off = 0;

	h1_parser_init(&p, in->kind == HB_REQUEST ? H1_REQUEST : H1_RESPONSE, fields, HB_MAX_FIELDS, NULL, 0);
	for (;;) {
		size_t used;
		int rc = h1_parse(&p, buf + off, in->len - off, &used, &ev);

		off += used;
		if (rc != H1_OK)
			return -1; /* NEED_MORE before the end, DONE or a violation */
		switch (ev.type) {
		case H1_EV_HEAD:
			t->fields += ev.head.nfields;
			break;
		case H1_EV_DATA:
			t->body += ev.data.len;
			break;
		case H1_EV_END:
			t->messages++;
			if (off == in->len)
				return 0;
			break;
		default:
			break;
		}
	}
}

const struct hb_parser hb_reference = {"reference", 0, reference_run};
