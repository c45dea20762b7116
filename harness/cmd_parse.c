/*
 * h1conform parse: run bytes through the reference parser and print one
 * JSON object per message.
 *
 * This is the contract other tools consume, so its output is fixed:
 *   {"ok":true,"kind":"request","method":..,"target":..,"version":"HTTP/1.1",
 *    "headers":[[name,value],..],"trailers":[..],"body_b64":..}
 *   {"ok":true,"kind":"response","status":200,"reason":"OK","version":..,...}
 *   {"ok":false,"error":"<id>","section":"RFC 9112 §x.y","offset":N,"message":".."}
 * Every octet of a method, target, reason, name or value is written as one
 * code point (ISO-8859-1 reading). Values are printed repaired (obs-fold and
 * bare CR as SP) when a leniency flag let them through.
 *
 * The input is one connection's bytes in one direction; its end is the end
 * of the connection (so content delimited by close ends there).
 */
#include <stdlib.h>
#include <string.h>

#include "harness/buf.h"
#include "harness/commands.h"
#include "harness/parse_stream.h"
#include "reference/h1.h"

#define MAX_INPUT  ((size_t)256 << 20)
#define MAX_FIELDS 1024

static int put_fields(struct h1c_buf *o, const struct h1_field *f, size_t n)
{
	size_t i;
	int rc = h1c_buf_put(o, "[", 1);

	for (i = 0; i < n && rc == 0; i++) {
		if (i)
			rc |= h1c_buf_put(o, ",", 1);
		rc |= h1c_buf_put(o, "[", 1);
		rc |= h1c_json_latin1(o, f[i].name.p, f[i].name.len);
		rc |= h1c_buf_put(o, ",", 1);
		if (f[i].flags & H1_FIELD_NEEDS_REPAIR) {
			size_t need = h1_field_value_copy(&f[i], NULL, 0);
			char *tmp = malloc(need ? need : 1);
			if (tmp == NULL)
				return -1;
			h1_field_value_copy(&f[i], tmp, need);
			rc |= h1c_json_latin1(o, tmp, need);
			free(tmp);
		} else {
			rc |= h1c_json_latin1(o, f[i].value.p, f[i].value.len);
		}
		rc |= h1c_buf_put(o, "]", 1);
	}
	return rc ? rc : h1c_buf_put(o, "]", 1);
}

static int put_head(struct h1c_buf *o, const struct h1_head *h)
{
	int rc = 0;

	if (h->kind == H1_REQUEST) {
		rc |= h1c_buf_puts(o, "{\"ok\":true,\"kind\":\"request\",\"method\":");
		rc |= h1c_json_latin1(o, h->method.p, h->method.len);
		rc |= h1c_buf_puts(o, ",\"target\":");
		rc |= h1c_json_latin1(o, h->target.p, h->target.len);
	} else {
		rc |= h1c_buf_printf(
		        o, "{\"ok\":true,\"kind\":\"response\",\"status\":%d,\"reason\":", h->status);
		rc |= h1c_json_latin1(o, h->reason.p, h->reason.len);
	}
	rc |= h1c_buf_printf(o, ",\"version\":\"HTTP/%d.%d\",\"headers\":", h->version_major,
	                     h->version_minor);
	rc |= put_fields(o, h->fields, h->nfields);
	return rc;
}

void h1c_parse_error_json(struct h1c_buf *o, const struct h1_error *e)
{
	h1c_buf_printf(o, "{\"ok\":false,\"error\":\"%s\",\"section\":\"%s\",\"offset\":%llu,\"message\":",
	               e->name, e->section, (unsigned long long)e->offset);
	h1c_json_latin1(o, e->message, strlen(e->message));
	h1c_buf_puts(o, "}\n");
}

int h1c_parse_stream(const struct h1c_parse_opts *opt, const char *data, size_t len, struct h1c_buf *out)
{
	struct h1_field *fields = calloc(MAX_FIELDS, sizeof(*fields));
	struct h1c_buf msg = {0}, trailers = {0}, body = {0};
	struct h1c_b64 b64 = {{0}, 0};
	struct h1_parser p;
	struct h1_event ev;
	size_t pos = 0, avail, mi = 0;
	int final_status = 1, status = 0, rc, eof = 0;

	if (fields == NULL)
		return 4;
	h1_parser_init(&p, opt->response ? H1_RESPONSE : H1_REQUEST, fields, MAX_FIELDS, NULL, opt->lenient);
	if (opt->response && opt->nmethods)
		h1_parser_set_request_method(&p, opt->methods[0], strlen(opt->methods[0]));
	avail = opt->step ? (opt->step < len ? opt->step : len) : len;

	for (;;) {
		size_t used = 0;

		if (eof)
			rc = h1_finish(&p, data + pos, avail - pos, &used, &ev);
		else
			rc = h1_parse(&p, data + pos, avail - pos, &used, &ev);
		pos += used;
		if (rc == H1_NEED_MORE) {
			if (avail == len)
				eof = 1;
			else
				avail = opt->step && len - avail > opt->step ? avail + opt->step : len;
			continue;
		}
		if (rc == H1_DONE) {
			final_status = p.messages > 0 ? 0 : 1;
			if (p.messages == 0)
				opt->note(opt->note_ctx, "no HTTP message in the input");
			else if (pos < len)
				opt->note(opt->note_ctx, p.done == H1_DONE_CLOSE
				                                 ? "bytes after the last message ignored: "
				                                   "the connection closes after it"
				                                 : "bytes after the last message belong to a "
				                                   "tunnel or another protocol");
			break;
		}
		if (rc == H1_VIOLATION) {
			h1c_parse_error_json(out, &p.error);
			final_status = 1;
			break;
		}
		if (rc != H1_OK) {
			final_status = 4;
			break;
		}
		switch (ev.type) {
		case H1_EV_HEAD:
			msg.len = body.len = trailers.len = 0;
			b64.ncarry = 0;
			status = ev.head.status;
			put_head(&msg, &ev.head);
			break;
		case H1_EV_DATA:
			h1c_b64_put(&b64, &body, ev.data.p, ev.data.len);
			break;
		case H1_EV_TRAILERS:
			put_fields(&trailers, ev.head.fields, ev.head.nfields);
			break;
		case H1_EV_END:
			/* a message is printed only once it is complete */
			h1c_b64_end(&b64, &body);
			h1c_buf_put(out, msg.data, msg.len);
			h1c_buf_puts(out, ",\"trailers\":");
			if (trailers.len)
				h1c_buf_put(out, trailers.data, trailers.len);
			else
				h1c_buf_puts(out, "[]");
			h1c_buf_puts(out, ",\"body_b64\":\"");
			h1c_buf_put(out, body.data, body.len);
			h1c_buf_puts(out, "\"}\n");
			/* the next final response answers the next method; 1xx
			 * responses answer the same request as the final one */
			if (opt->response && status >= 200 && opt->nmethods) {
				if (mi + 1 < opt->nmethods)
					mi++;
				h1_parser_set_request_method(&p, opt->methods[mi], strlen(opt->methods[mi]));
			}
			break;
		default:
			break;
		}
	}
	if (out->overflow || msg.overflow || body.overflow || trailers.overflow)
		final_status = 4;
	h1c_buf_free(&msg);
	h1c_buf_free(&body);
	h1c_buf_free(&trailers);
	free(fields);
	return final_status;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: h1conform parse [--response] [--method M[,M2,...]] [--lenient F1,F2] [FILE|-]\n"
	           "\n"
	           "Parse one or more back-to-back HTTP/1.1 messages from FILE (or standard input)\n"
	           "with the strict reference parser and print one JSON object per message. The\n"
	           "end of the input is the end of the connection.\n"
	           "\n"
	           "  --response          parse responses instead of requests\n"
	           "  --method M,...      methods of the requests the responses answer, in order;\n"
	           "                      the last one repeats (HEAD and CONNECT change framing)\n"
	           "  --lenient F1,F2     accept what the named leniency flags allow (or 'all')\n"
	           "  --split N           feed the input N bytes at a time (results must not change)\n"
	           "  -h, --help          this text\n"
	           "\n"
	           "leniency flags:\n");
	for (unsigned i = 0; i < H1_LENIENT__COUNT; i++)
		fprintf(f, "  %s\n", h1_lenient_name(1u << i));
	fprintf(f, "\n"
	           "output: {\"ok\":true,\"kind\":\"request\",\"method\":..,\"target\":..,\"version\":..,\n"
	           "         \"headers\":[[name,value],..],\"trailers\":[..],\"body_b64\":..}\n"
	           "        responses carry \"status\" and \"reason\" instead of method and target;\n"
	           "        on rejection "
	           "{\"ok\":false,\"error\":id,\"section\":..,\"offset\":N,\"message\":..}\n"
	           "        and parsing stops. Each octet of text is one code point (ISO-8859-1).\n"
	           "exit status: 0 all parsed, 1 rejected or incomplete, 2 usage or I/O error\n");
}

static void note_stderr(void *ctx, const char *msg)
{
	(void)ctx;
	fprintf(stderr, "h1conform parse: %s\n", msg);
}

/* Split "A,B,C" into a NULL-free array of strings (pointers into s). */
static size_t split_methods(char *s, char **out, size_t max)
{
	size_t n = 0;
	char *p = s;

	while (n < max) {
		char *comma = strchr(p, ',');
		out[n++] = p;
		if (comma == NULL)
			break;
		*comma = '\0';
		p = comma + 1;
	}
	return n;
}

int h1c_cmd_parse(int argc, char **argv)
{
	struct h1c_parse_opts opt;
	struct h1c_buf in = {0}, out = {0};
	char *methods[256];
	const char *path = NULL;
	char err[512];
	int i, rc;

	memset(&opt, 0, sizeof(opt));
	opt.methods = (const char *const *)methods;
	opt.note = note_stderr;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(a, "--response") == 0) {
			opt.response = 1;
		} else if (strcmp(a, "--method") == 0 || strcmp(a, "--lenient") == 0 ||
		           strcmp(a, "--split") == 0) {
			if (i + 1 >= argc) {
				fprintf(stderr, "h1conform parse: %s needs a value\n", a);
				return 2;
			}
			if (a[2] == 'm') {
				size_t k;
				opt.nmethods = split_methods(argv[++i], methods, 256);
				for (k = 0; k < opt.nmethods; k++) {
					if (methods[k][0] == '\0') {
						fprintf(stderr,
						        "h1conform parse: --method: empty method name\n");
						return 2;
					}
				}
			} else if (a[2] == 'l') {
				const char *bad = NULL;
				if (h1_lenient_parse(argv[++i], &opt.lenient, &bad)) {
					size_t n = strcspn(bad, ",");
					fprintf(stderr,
					        "h1conform parse: --lenient: unknown flag '%.*s' (see "
					        "--help)\n",
					        (int)n, bad);
					return 2;
				}
			} else {
				char *end = NULL;
				unsigned long long v = strtoull(argv[++i], &end, 10);
				if (end == argv[i] || *end || v == 0) {
					fprintf(stderr,
					        "h1conform parse: --split: '%s' is not a positive number\n",
					        argv[i]);
					return 2;
				}
				opt.step = (size_t)v;
			}
		} else if (a[0] == '-' && a[1] != '\0') {
			fprintf(stderr, "h1conform parse: unknown option '%s' (see --help)\n", a);
			return 2;
		} else if (path) {
			fprintf(stderr, "h1conform parse: only one input file may be given\n");
			return 2;
		} else {
			path = a;
		}
	}
	if (h1c_read_all(path ? path : "-", MAX_INPUT, &in, err, sizeof(err))) {
		fprintf(stderr, "h1conform parse: %s\n", err);
		h1c_buf_free(&in);
		return 2;
	}
	rc = h1c_parse_stream(&opt, in.data ? in.data : "", in.len, &out);
	if (out.len)
		fwrite(out.data, 1, out.len, stdout);
	if (fflush(stdout) != 0 && rc < 2)
		rc = 2;
	h1c_buf_free(&in);
	h1c_buf_free(&out);
	return rc;
}
