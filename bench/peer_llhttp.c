/*
 * Adapter: llhttp 8.1 (Node.js's parser), compiled here from the sources of
 * Debian's node-llhttp with the same compiler and -O2 as everything else.
 * Default (strict) settings, no leniency.
 *
 * llhttp reports spans through callbacks. To produce what the other parsers
 * produce, the callbacks record the target or reason and each field's name
 * and value spans, count content bytes and complete messages; the method and
 * version come as numbers in the parser struct. The input is presented in
 * one piece, so no span arrives split across calls.
 */
#include "llhttp.h"

#include "bench/bench.h"

struct ll_span {
	const char *p;
	size_t len;
};

struct ll_sink {
	struct hb_tally *t;
	struct ll_span start; /* target or reason */
	struct ll_span name[HB_MAX_FIELDS];
	struct ll_span value[HB_MAX_FIELDS];
	size_t nfields;
};

static int ll_on_start(llhttp_t *h, const char *at, size_t len)
{
	struct ll_sink *s = h->data;
	s->start.p = at;
	s->start.len = len;
	return 0;
}

static int ll_on_field(llhttp_t *h, const char *at, size_t len)
{
	struct ll_sink *s = h->data;
	if (s->nfields == HB_MAX_FIELDS)
		return -1;
	s->name[s->nfields].p = at;
	s->name[s->nfields].len = len;
	s->nfields++;
	return 0;
}

static int ll_on_value(llhttp_t *h, const char *at, size_t len)
{
	struct ll_sink *s = h->data;
	s->value[s->nfields - 1].p = at;
	s->value[s->nfields - 1].len = len;
	return 0;
}

static int ll_on_headers_complete(llhttp_t *h)
{
	struct ll_sink *s = h->data;
	s->t->fields += s->nfields;
	s->nfields = 0;
	return 0;
}

static int ll_on_body(llhttp_t *h, const char *at, size_t len)
{
	struct ll_sink *s = h->data;
	s->t->body += len;
	return 0;
}

static int ll_on_message_complete(llhttp_t *h)
{
	struct ll_sink *s = h->data;
	s->t->messages++;
	return 0;
}

static const llhttp_settings_t ll_settings = {
        .on_url = ll_on_start,
        .on_status = ll_on_start,
        .on_header_field = ll_on_field,
        .on_header_value = ll_on_value,
        .on_headers_complete = ll_on_headers_complete,
        .on_body = ll_on_body,
        .on_message_complete = ll_on_message_complete,
};

static int llhttp_run(const struct hb_input *in, char *buf, struct hb_tally *t)
{
	llhttp_t parser;
	struct ll_sink sink;

	sink.t = t;
	sink.nfields = 0;
	llhttp_init(&parser, in->kind == HB_REQUEST ? HTTP_REQUEST : HTTP_RESPONSE, &ll_settings);
	parser.data = &sink;
	return llhttp_execute(&parser, buf, in->len) == HPE_OK ? 0 : -1;
}

const struct hb_parser hb_llhttp = {"llhttp", 0, llhttp_run};
