/*
 * Adapter: nodejs/http-parser 2.9.4, Debian's libhttp-parser-dev (static
 * library, Debian's -O2 build), HTTP_PARSER_STRICT as built.
 *
 * The callbacks do exactly what the llhttp adapter's do: record the target
 * or reason and the field spans, count content bytes and messages.
 */
#include <http_parser.h>

#include "bench/bench.h"

struct hp_span {
	const char *p;
	size_t len;
};

struct hp_sink {
	struct hb_tally *t;
	struct hp_span start;
	struct hp_span name[HB_MAX_FIELDS];
	struct hp_span value[HB_MAX_FIELDS];
	size_t nfields;
};

static int hp_on_start(http_parser *h, const char *at, size_t len)
{
	struct hp_sink *s = h->data;
	s->start.p = at;
	s->start.len = len;
	return 0;
}

static int hp_on_field(http_parser *h, const char *at, size_t len)
{
	struct hp_sink *s = h->data;
	if (s->nfields == HB_MAX_FIELDS)
		return -1;
	s->name[s->nfields].p = at;
	s->name[s->nfields].len = len;
	s->nfields++;
	return 0;
}

static int hp_on_value(http_parser *h, const char *at, size_t len)
{
	struct hp_sink *s = h->data;
	s->value[s->nfields - 1].p = at;
	s->value[s->nfields - 1].len = len;
	return 0;
}

static int hp_on_headers_complete(http_parser *h)
{
	struct hp_sink *s = h->data;
	s->t->fields += s->nfields;
	s->nfields = 0;
	return 0;
}

static int hp_on_body(http_parser *h, const char *at, size_t len)
{
	struct hp_sink *s = h->data;
	s->t->body += len;
	return 0;
}

static int hp_on_message_complete(http_parser *h)
{
	struct hp_sink *s = h->data;
	s->t->messages++;
	return 0;
}

static const http_parser_settings hp_settings = {
        .on_url = hp_on_start,
        .on_status = hp_on_start,
        .on_header_field = hp_on_field,
        .on_header_value = hp_on_value,
        .on_headers_complete = hp_on_headers_complete,
        .on_body = hp_on_body,
        .on_message_complete = hp_on_message_complete,
};

static int http_parser_run(const struct hb_input *in, char *buf, struct hb_tally *t)
{
	http_parser parser;
	struct hp_sink sink;
	size_t n;

	sink.t = t;
	sink.nfields = 0;
	http_parser_init(&parser, in->kind == HB_REQUEST ? HTTP_REQUEST : HTTP_RESPONSE);
	parser.data = &sink;
	n = http_parser_execute(&parser, &hp_settings, buf, in->len);
	return n == in->len && HTTP_PARSER_ERRNO(&parser) == HPE_OK ? 0 : -1;
}

const struct hb_parser hb_http_parser = {"http-parser", 0, http_parser_run};
