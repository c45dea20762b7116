/*
 * Trace runner for the reference parser tests (see h1_trace.h).
 *
 * The runner acts like a connection reader: bytes become available in
 * steps, and each call presents the unconsumed bytes plus what is new, the
 * way the h1.h contract describes. Each presented window is copied to the
 * end of a guarded mapping first, so the parser can only ever see exactly
 * the bytes it was given.
 */
#include "reference/tests/h1_trace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define TRACE_MAX (1u << 20)

static char trace[TRACE_MAX];
static size_t trace_len;

static void emit(const char *s, size_t n)
{
	if (trace_len + n >= TRACE_MAX)
		n = TRACE_MAX - 1 - trace_len;
	memcpy(trace + trace_len, s, n);
	trace_len += n;
	trace[trace_len] = '\0';
}

static void emit_str(const char *s)
{
	emit(s, strlen(s));
}

static void emit_bytes(const char *p, size_t n)
{
	size_t i;
	char tmp[8];

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c >= 0x20 && c < 0x7f && c != '\\') {
			emit((const char *)&c, 1);
		} else {
			snprintf(tmp, sizeof(tmp), "\\x%02x", c);
			emit_str(tmp);
		}
	}
}

static void emit_fields(char tag, const struct h1_field *f, size_t n)
{
	size_t i;
	char buf[4096];

	for (i = 0; i < n; i++) {
		char t[3] = {tag, ' ', 0};
		size_t vlen = h1_field_value_copy(&f[i], buf, sizeof(buf));
		emit_str(t);
		emit_bytes(f[i].name.p, f[i].name.len);
		emit_str("=");
		emit_bytes(buf, vlen < sizeof(buf) ? vlen : sizeof(buf));
		emit_str("\n");
	}
}

static void emit_event(const struct h1_event *ev)
{
	char tmp[96];

	switch (ev->type) {
	case H1_EV_HEAD:
		emit_str("H ");
		if (ev->head.kind == H1_REQUEST) {
			emit_bytes(ev->head.method.p, ev->head.method.len);
			emit_str(" ");
			emit_bytes(ev->head.target.p, ev->head.target.len);
			snprintf(tmp, sizeof(tmp), " form=%d", ev->head.target_form);
			emit_str(tmp);
		} else {
			snprintf(tmp, sizeof(tmp), "%d ", ev->head.status);
			emit_str(tmp);
			emit_bytes(ev->head.reason.p, ev->head.reason.len);
		}
		snprintf(tmp, sizeof(tmp), " %d.%d body=%d cl=%llu flags=%x\n", ev->head.version_major,
		         ev->head.version_minor, ev->head.body, (unsigned long long)ev->head.content_length,
		         ev->head.flags);
		emit_str(tmp);
		emit_fields('F', ev->head.fields, ev->head.nfields);
		break;
	case H1_EV_DATA:
		/* content is reported in pieces that depend on the split;
		 * merge consecutive pieces so traces compare equal */
		if (trace_len < 2 || trace[trace_len - 1] != '\n' ||
		    memcmp(trace + trace_len - 2, "|\n", 2) != 0)
			emit_str("D ");
		else
			trace_len -= 2;
		emit_bytes(ev->data.p, ev->data.len);
		emit_str("|\n");
		break;
	case H1_EV_TRAILERS:
		emit_fields('T', ev->head.fields, ev->head.nfields);
		break;
	case H1_EV_END:
		emit_str("E\n");
		break;
	default:
		emit_str("?\n");
	}
}

const char *h1t_guarded(const char *s, size_t n)
{
	static char *map;
	static size_t map_len;
	long page = sysconf(_SC_PAGESIZE);
	size_t need = ((n + (size_t)page - 1) / (size_t)page + 1) * (size_t)page;
	char *dst;

	if (need > map_len) {
		if (map)
			munmap(map, map_len);
		map = mmap(NULL, need, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (map == MAP_FAILED)
			abort();
		map_len = need;
		/* the last page of the mapping is the fence */
		if (mprotect(map + map_len - (size_t)page, (size_t)page, PROT_NONE))
			abort();
	}
	dst = map + map_len - (size_t)page - n;
	if (n)
		memcpy(dst, s, n);
	return dst;
}

/* Leave p as a finished parse of a 101 response (status, flags, framing and
 * spans all set) over bytes of 0xA5: h1_parser_init() must give the same
 * start whatever the caller's struct held before, as when a parser is
 * reused. (A CONNECT once ended as an upgrade after reading a status its
 * request never wrote.) */
static void dirty(struct h1_parser *p, struct h1_field *fields)
{
	static const char r101[] =
	        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\nConnection: upgrade\r\n\r\n";
	struct h1_event ev;
	size_t off = 0, used;
	int rc;

	memset(p, 0xA5, sizeof(*p));
	if (h1_parser_init(p, H1_RESPONSE, fields, 256, NULL, 0) != H1_OK)
		abort();
	do {
		used = 0;
		rc = h1_parse(p, r101 + off, sizeof(r101) - 1 - off, &used, &ev);
		off += used;
	} while (rc == H1_OK);
	if (rc != H1_DONE || p->done != H1_DONE_UPGRADE)
		abort();
}

const char *h1t_trace(const struct h1t_opts *o, const char *data, size_t len)
{
	static struct h1_field fields[256];
	struct h1_parser p;
	struct h1_event ev;
	size_t pos = 0, avail, cut = 0;
	int eof = 0;
	char tmp[128];

	trace_len = 0;
	trace[0] = '\0';
	dirty(&p, fields);
	if (h1_parser_init(&p, o->kind, fields, 256, o->limits, o->lenient) != H1_OK)
		abort();
	if (o->method)
		h1_parser_set_request_method(&p, o->method, strlen(o->method));
	if (o->ncuts)
		avail = o->cuts[cut++];
	else
		avail = o->step ? (o->step < len ? o->step : len) : len;
	if (avail > len)
		avail = len;

	for (;;) {
		size_t used = 0;
		const char *win = h1t_guarded(data + pos, avail - pos);
		int rc = eof ? h1_finish(&p, win, avail - pos, &used, &ev)
		             : h1_parse(&p, win, avail - pos, &used, &ev);

		if (used > avail - pos)
			abort();
		if (rc == H1_OK) {
			emit_event(&ev);
			pos += used;
			continue;
		}
		pos += used;
		if (rc == H1_NEED_MORE) {
			if (avail == len) {
				eof = 1;
			} else if (o->ncuts) {
				avail = cut < o->ncuts ? o->cuts[cut++] : len;
				if (avail > len || avail < pos)
					avail = len;
			} else {
				avail = o->step && len - avail > o->step ? avail + o->step : len;
			}
			continue;
		}
		if (rc == H1_VIOLATION) {
			snprintf(tmp, sizeof(tmp), "X %s@%llu\n", p.error.name,
			         (unsigned long long)p.error.offset);
			emit_str(tmp);
			/* sticky */
			if (h1_parse(&p, win, 0, &used, &ev) != H1_VIOLATION)
				emit_str("!not-sticky\n");
			return trace;
		}
		if (rc == H1_DONE) {
			snprintf(tmp, sizeof(tmp), "Z %d\n", p.done);
			emit_str(tmp);
			return trace;
		}
		abort();
	}
}
