/*
 * fuzz_diff: the reference parser against two parsers deployed in the
 * field, llhttp (Node.js) and picohttpparser (h2o), on the same bytes.
 *
 * What is compared is what request smuggling and response splitting are
 * made of: where each message's head ends, where the message ends, and
 * which bytes are its content. Each parser's view of the stream is
 * reduced to a list of messages (head end, end, decoded content) and a
 * reason for stopping; the first place where a peer's list departs from
 * ours is classified:
 *
 *   <peer>:head-end        both read a head, ending at different offsets
 *   <peer>:message-end     both read a whole message, ending at different offsets
 *   <peer>:body            same end, different content
 *   <peer>:accepts:<id>    the peer reads a message we reject (our error id)
 *   <peer>:rejects[:<why>] the peer rejects a message we accept
 *   <peer>:stops           the peer stops (upgrade, tunnel) where we go on, or
 *                          the other way round
 *
 * The peers are used with their defaults, through the smallest caller that
 * makes them frame messages: llhttp frames by itself (paused after each
 * head and each message to learn the offsets); picohttpparser only parses
 * heads, so the caller below applies RFC 9112 §6.3 the way a typical user
 * does (CONNECT and 101 end the HTTP/1.1 stream; Transfer-Encoding ending
 * in chunked through phr_decode_chunked, other Transfer-Encoding an error
 * for requests and content until close for responses, else
 * Content-Length, else nothing for requests and until close for
 * responses; no content for 1xx, 204, 304; no further message after
 * "Connection: close" or HTTP/1.0 without keep-alive). Their code is compiled from or linked against the Debian
 * packages at build time, never copied here.
 *
 * Input: byte 0, bit 0: responses instead of requests (answering GET);
 * then the stream.
 *
 * Disagreements are data, not crashes: with H1_DIFF_DIR set, each input
 * is saved as $H1_DIFF_DIR/<class>/<hash> (at most 50 per class and
 * process) for fuzz/tools/diff_report.py and fuzz/DIFFERENTIAL.md. With
 * H1_DIFF_ABORT set to a comma-separated list of class prefixes, matching
 * disagreements abort, so a campaign can hunt one class. H1_DIFF_VERBOSE=1
 * prints every parser's view (used by the report tool).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "fuzz/fuzz_common.h"
#include "llhttp.h"

/* picohttpparser as exported by libh2o 2.2 (declared here, linked by path).
 * The chunked decoder's state is padded: later versions grew it, and the
 * decoder only needs zeroed storage to start. */
struct phr_header {
	const char *name;
	size_t name_len;
	const char *value;
	size_t value_len;
};
struct phr_chunked_decoder {
	size_t bytes_left_in_chunk;
	char consume_trailer;
	char hex_count_;
	char state_;
	char pad_[64];
};
int phr_parse_request(const char *buf, size_t len, const char **method, size_t *method_len, const char **path,
                      size_t *path_len, int *minor_version, struct phr_header *headers, size_t *num_headers,
                      size_t last_len);
int phr_parse_response(const char *buf, size_t len, int *minor_version, int *status, const char **msg,
                       size_t *msg_len, struct phr_header *headers, size_t *num_headers, size_t last_len);
ssize_t phr_decode_chunked(struct phr_chunked_decoder *decoder, char *buf, size_t *bufsz);

#define MAX_MSGS     64
#define PICO_HEADERS 128

enum stop { STOP_EOF = 1, STOP_CLOSE, STOP_TUNNEL, STOP_ERROR, STOP_INCOMPLETE };
static const char *const stop_names[] = {"?", "eof", "close", "tunnel", "error", "incomplete"};

struct dmsg {
	int has_head, complete;
	size_t head_end, end;
	size_t body_off, body_len; /* in view.body */
};

/* One parser's reading of the stream. */
struct view {
	const char *name;
	struct dmsg m[MAX_MSGS];
	size_t n;
	int stop;
	const char *why; /* error id or reason, for STOP_ERROR */
	size_t err_off;
	uint8_t *body; /* all content, concatenated */
	size_t body_len;
	int overflow; /* more than MAX_MSGS messages */
};

static struct dmsg *new_msg(struct view *v)
{
	struct dmsg *m;

	if (v->n == MAX_MSGS) {
		v->overflow = 1;
		return NULL;
	}
	m = &v->m[v->n++];
	memset(m, 0, sizeof(*m));
	m->body_off = v->body_len;
	return m;
}

static struct dmsg *cur(struct view *v)
{
	return v->n && !v->overflow ? &v->m[v->n - 1] : NULL;
}

static void add_body(struct view *v, const void *p, size_t len)
{
	struct dmsg *m = cur(v);

	if (m == NULL)
		return;
	memcpy(v->body + v->body_len, p, len);
	v->body_len += len;
	m->body_len += len;
}

/* ---------------------------------------------------------------------- */
/* the reference                                                          */

static void ref_event(void *ctx, struct h1_parser *p, const struct h1_event *ev, const uint8_t *s)
{
	struct view *v = ctx;
	struct dmsg *m;

	(void)s;
	switch (ev->type) {
	case H1_EV_HEAD:
		m = new_msg(v);
		if (m) {
			m->has_head = 1;
			m->head_end = (size_t)p->consumed;
		}
		break;
	case H1_EV_DATA:
		add_body(v, ev->data.p, ev->data.len);
		break;
	case H1_EV_END:
		m = cur(v);
		if (m) {
			m->complete = 1;
			m->end = (size_t)ev->offset;
		}
		break;
	default:
		break;
	}
}

static void run_ref(int kind, const uint8_t *b, size_t n, struct view *v)
{
	struct fz_run cfg = {0};
	struct fz_result res;

	cfg.kind = kind;
	cfg.on_event = ref_event;
	cfg.ctx = v;
	fz_run_stream(&cfg, b, n, NULL, &res);
	if (res.status == H1_DONE) {
		v->stop = res.done == H1_DONE_EOF     ? STOP_EOF
		          : res.done == H1_DONE_CLOSE ? STOP_CLOSE
		                                      : STOP_TUNNEL;
	} else if (res.error.code == H1_E_INCOMPLETE_HEAD || res.error.code == H1_E_INCOMPLETE_BODY) {
		v->stop = STOP_INCOMPLETE;
		v->why = res.error.name;
	} else {
		v->stop = STOP_ERROR;
		v->why = res.error.name;
		v->err_off = (size_t)res.error.offset;
	}
}

/* ---------------------------------------------------------------------- */
/* llhttp                                                                 */

struct ll_ctx {
	struct view *v;
	int finishing;
	int paused_at; /* 1 head, 2 message */
};

static int ll_begin(llhttp_t *p)
{
	struct ll_ctx *c = p->data;
	new_msg(c->v);
	return 0;
}

static int ll_headers(llhttp_t *p)
{
	struct ll_ctx *c = p->data;
	struct dmsg *m = cur(c->v);

	if (m)
		m->has_head = 1;
	if (c->finishing)
		return 0;
	c->paused_at = 1;
	return HPE_PAUSED;
}

static int ll_body(llhttp_t *p, const char *at, size_t len)
{
	struct ll_ctx *c = p->data;
	add_body(c->v, at, len);
	return 0;
}

static int ll_complete(llhttp_t *p)
{
	struct ll_ctx *c = p->data;
	struct dmsg *m = cur(c->v);

	if (m)
		m->complete = 1;
	if (c->finishing)
		return 0;
	c->paused_at = 2;
	return HPE_PAUSED;
}

static void run_llhttp(int kind, const uint8_t *b, size_t n, struct view *v)
{
	static llhttp_settings_t settings;
	static int ready;
	llhttp_t p;
	struct ll_ctx c = {v, 0, 0};
	size_t pos = 0, guard = 0;

	if (!ready) {
		llhttp_settings_init(&settings);
		settings.on_message_begin = ll_begin;
		settings.on_headers_complete = ll_headers;
		settings.on_body = ll_body;
		settings.on_message_complete = ll_complete;
		ready = 1;
	}
	llhttp_init(&p, kind == H1_REQUEST ? HTTP_REQUEST : HTTP_RESPONSE, &settings);
	p.data = &c;
	for (;;) {
		llhttp_errno_t e = llhttp_execute(&p, (const char *)b + pos, n - pos);
		const char *ep = llhttp_get_error_pos(&p);
		size_t at = ep ? (size_t)(ep - (const char *)b) : pos;

		FZ_ASSERT(++guard < 4 * (n + 4), "llhttp makes no progress");
		if (e == HPE_PAUSED) {
			struct dmsg *m = cur(v);
			pos = at;
			if (m && c.paused_at == 1)
				m->head_end = at;
			else if (m && c.paused_at == 2)
				m->end = at;
			llhttp_resume(&p);
			continue;
		}
		if (e == HPE_PAUSED_UPGRADE) {
			/* the message is complete; what follows is not HTTP/1.1 */
			struct dmsg *m = cur(v);
			if (m)
				m->end = at;
			v->stop = STOP_TUNNEL;
			return;
		}
		if (e != HPE_OK) {
			v->stop = STOP_ERROR;
			v->why = llhttp_errno_name(e);
			v->err_off = at;
			return;
		}
		break;
	}
	c.finishing = 1;
	{
		struct dmsg *m = cur(v);
		int open = m && !m->complete;
		llhttp_errno_t e = llhttp_finish(&p);
		if (e != HPE_OK) {
			v->stop = STOP_INCOMPLETE;
			v->why = llhttp_errno_name(e);
			return;
		}
		if (open && m->complete)
			m->end = n; /* content until close */
		else if (open)
			v->stop = STOP_INCOMPLETE;
		if (!v->stop)
			v->stop = llhttp_should_keep_alive(&p) || v->n == 0 ? STOP_EOF : STOP_CLOSE;
	}
}

/* ---------------------------------------------------------------------- */
/* picohttpparser and a minimal caller                                    */

static int hname_is(const struct phr_header *h, const char *lower)
{
	size_t i, n = strlen(lower);

	if (h->name == NULL || h->name_len != n)
		return 0;
	for (i = 0; i < n; i++) {
		char c = h->name[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c + 32);
		if (c != lower[i])
			return 0;
	}
	return 1;
}

/* The last element of a comma-separated list value is "chunked". */
static int ends_in_chunked(const char *p, size_t n)
{
	size_t end = n, start;

	while (end > 0 && (p[end - 1] == ' ' || p[end - 1] == '\t' || p[end - 1] == ','))
		end--;
	start = end;
	while (start > 0 && p[start - 1] != ',' && p[start - 1] != ' ' && p[start - 1] != '\t')
		start--;
	return end - start == 7 && strncasecmp(p + start, "chunked", 7) == 0;
}

/* A "close" (or, with keep_alive, "keep-alive") token in a Connection value. */
static int has_token(const char *p, size_t n, const char *tok)
{
	size_t i = 0, len = strlen(tok);

	while (i < n) {
		size_t s;
		while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == ','))
			i++;
		s = i;
		while (i < n && p[i] != ',' && p[i] != ' ' && p[i] != '\t')
			i++;
		if (i - s == len && strncasecmp(p + s, tok, len) == 0)
			return 1;
	}
	return 0;
}

static void run_pico(int kind, const uint8_t *b, size_t n, struct view *v)
{
	size_t pos = 0;
	char *scratch = malloc(n + 1);

	if (scratch == NULL)
		fz_die("out of memory");
	while (pos < n) {
		struct phr_header h[PICO_HEADERS];
		size_t nh = PICO_HEADERS, i, hl;
		const char *a, *t;
		size_t al, tl;
		int minor = 0, status = 0, r, te = 0, te_chunked = 0, cl = 0, no_body = 0;
		int close = 0, keep_alive = 0;
		uint64_t len = 0;
		struct dmsg *m;

		/* like the servers built on it, skip empty lines between requests */
		while (kind == H1_REQUEST && pos + 1 < n && b[pos] == '\r' && b[pos + 1] == '\n')
			pos += 2;
		if (pos == n)
			break;
		if (kind == H1_REQUEST)
			r = phr_parse_request((const char *)b + pos, n - pos, &a, &al, &t, &tl, &minor, h,
			                      &nh, 0);
		else
			r = phr_parse_response((const char *)b + pos, n - pos, &minor, &status, &a, &al, h,
			                       &nh, 0);
		if (r == -2) {
			v->stop = STOP_INCOMPLETE;
			v->why = "head";
			break;
		}
		if (r < 0) {
			v->stop = STOP_ERROR;
			v->why = "parse";
			v->err_off = pos;
			break;
		}
		hl = (size_t)r;
		m = new_msg(v);
		if (m == NULL)
			break;
		m->has_head = 1;
		m->head_end = pos + hl;
		for (i = 0; i < nh; i++) {
			if (hname_is(&h[i], "transfer-encoding")) {
				/* the codings of all lines form one list; its last decides */
				te = 1;
				if (h[i].value_len)
					te_chunked = ends_in_chunked(h[i].value, h[i].value_len);
			} else if (hname_is(&h[i], "connection")) {
				close |= has_token(h[i].value, h[i].value_len, "close");
				keep_alive |= has_token(h[i].value, h[i].value_len, "keep-alive");
			} else if (hname_is(&h[i], "content-length")) {
				size_t k;
				if (cl || h[i].value_len == 0)
					goto bad_length;
				for (k = 0; k < h[i].value_len; k++) {
					char c = h[i].value[k];
					if (c < '0' || c > '9' || len > (UINT64_MAX - 9) / 10)
						goto bad_length;
					len = len * 10 + (uint64_t)(c - '0');
				}
				cl = 1;
			}
		}
		if (kind == H1_RESPONSE && (status < 200 || status == 204 || status == 304))
			no_body = 1;
		pos += hl;
		if ((kind == H1_REQUEST && al == 7 && memcmp(a, "CONNECT", 7) == 0) ||
		    (kind == H1_RESPONSE && status == 101)) {
			/* the bytes that follow belong to a tunnel or another protocol */
			m->complete = 1;
			m->end = pos;
			v->stop = STOP_TUNNEL;
			break;
		}
		if (no_body || (kind == H1_REQUEST && !te && !cl)) {
			m->complete = 1;
			m->end = pos;
		} else if (te && !te_chunked && kind == H1_REQUEST) {
			/* RFC 9112 §6.3 item 4: the length cannot be determined */
			v->stop = STOP_ERROR;
			v->why = "transfer-encoding";
			v->err_off = pos;
			break;
		} else if (te && te_chunked) {
			struct phr_chunked_decoder dec;
			size_t sz = n - pos;
			ssize_t left;
			memset(&dec, 0, sizeof(dec));
			dec.consume_trailer = 1;
			memcpy(scratch, b + pos, sz);
			left = phr_decode_chunked(&dec, scratch, &sz);
			if (left == -2) {
				add_body(v, scratch, sz);
				v->stop = STOP_INCOMPLETE;
				v->why = "chunked";
				break;
			}
			if (left < 0) {
				v->stop = STOP_ERROR;
				v->why = "chunked";
				v->err_off = pos;
				break;
			}
			add_body(v, scratch, sz);
			m->complete = 1;
			pos = n - (size_t)left;
			m->end = pos;
		} else if (cl && !te) {
			if (len > n - pos) {
				add_body(v, b + pos, n - pos);
				v->stop = STOP_INCOMPLETE;
				v->why = "content";
				break;
			}
			add_body(v, b + pos, (size_t)len);
			pos += (size_t)len;
			m->complete = 1;
			m->end = pos;
		} else {
			add_body(v, b + pos, n - pos);
			pos = n;
			m->complete = 1;
			m->end = pos;
			v->stop = STOP_CLOSE;
			break;
		}
		/* RFC 9112 §9.3: persistence, decided by final responses only
		 * (an interim 1xx is followed by the final one) */
		if ((kind == H1_REQUEST || status >= 200) && (close || (minor == 0 && !keep_alive))) {
			v->stop = STOP_CLOSE;
			break;
		}
		continue;
	bad_length:
		v->stop = STOP_ERROR;
		v->why = "content-length";
		v->err_off = pos;
		break;
	}
	if (!v->stop)
		v->stop = STOP_EOF;
	free(scratch);
}

/* ---------------------------------------------------------------------- */
/* comparison                                                             */

static int body_eq(const struct view *a, const struct dmsg *ma, const struct view *b, const struct dmsg *mb)
{
	return ma->body_len == mb->body_len &&
	       (ma->body_len == 0 ||
	        memcmp(a->body + ma->body_off, b->body + mb->body_off, ma->body_len) == 0);
}

/* The first disagreement of peer with ref, written to cls; 0 if none. */
static int classify(const struct view *ref, const struct view *peer, char *cls, size_t cap)
{
	size_t i, k = ref->n < peer->n ? ref->n : peer->n;

	if (ref->overflow || peer->overflow)
		return 0;
	for (i = 0; i < k; i++) {
		const struct dmsg *a = &ref->m[i], *b = &peer->m[i];
		if (a->has_head && b->has_head && a->head_end != b->head_end) {
			snprintf(cls, cap, "%s:head-end", peer->name);
			return 1;
		}
		if (a->complete && b->complete) {
			if (a->end != b->end) {
				snprintf(cls, cap, "%s:message-end", peer->name);
				return 1;
			}
			if (!body_eq(ref, a, peer, b)) {
				snprintf(cls, cap, "%s:body", peer->name);
				return 1;
			}
			continue;
		}
		break;
	}
	/* message i is where at least one of them stopped */
	{
		int ref_has = i < ref->n && ref->m[i].complete;
		int peer_has = i < peer->n && peer->m[i].complete;
		if (peer_has && !ref_has && ref->stop == STOP_ERROR) {
			snprintf(cls, cap, "%s:accepts:%s", peer->name, ref->why);
			return 1;
		}
		if (ref_has && !peer_has && peer->stop == STOP_ERROR) {
			snprintf(cls, cap, "%s:rejects:%s", peer->name, peer->why);
			return 1;
		}
		if (ref_has != peer_has && (ref->stop == STOP_TUNNEL || peer->stop == STOP_TUNNEL)) {
			snprintf(cls, cap, "%s:stops", peer->name);
			return 1;
		}
	}
	return 0;
}

static void print_view(const struct view *v)
{
	size_t i;

	fprintf(stderr, "%-9s stop=%s", v->name, stop_names[v->stop]);
	if (v->why)
		fprintf(stderr, " (%s at %zu)", v->why, v->err_off);
	fputc('\n', stderr);
	for (i = 0; i < v->n; i++) {
		const struct dmsg *m = &v->m[i];
		size_t k;
		fprintf(stderr, "  #%zu head_end=%zu end=%zu%s body=%zu \"", i, m->head_end, m->end,
		        m->complete ? "" : " (incomplete)", m->body_len);
		for (k = 0; k < m->body_len && k < 48; k++) {
			unsigned char c = v->body[m->body_off + k];
			if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\')
				fputc(c, stderr);
			else
				fprintf(stderr, "\\x%02x", c);
		}
		fputs(m->body_len > 48 ? "...\"\n" : "\"\n", stderr);
	}
}

static uint64_t fnv1a(const uint8_t *p, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* Save the input under $H1_DIFF_DIR/<class>/ and honour H1_DIFF_ABORT. */
static void record(const char *cls, const uint8_t *data, size_t size)
{
	static struct {
		char cls[128];
		unsigned count;
	} seen[256];
	static size_t nseen;
	const char *dir = getenv("H1_DIFF_DIR"), *ab = getenv("H1_DIFF_ABORT");
	size_t i;

	if (getenv("H1_DIFF_VERBOSE"))
		fprintf(stderr, "class %s\n", cls);
	if (dir && *dir) {
		for (i = 0; i < nseen && strcmp(seen[i].cls, cls) != 0; i++)
			;
		if (i == nseen && nseen < 256) {
			snprintf(seen[i].cls, sizeof(seen[i].cls), "%s", cls);
			seen[i].count = 0;
			nseen++;
		}
		if (i < nseen && seen[i].count++ < 50) {
			char path[1024];
			FILE *f;
			mkdir(dir, 0777);
			snprintf(path, sizeof(path), "%s/%s", dir, cls);
			mkdir(path, 0777);
			snprintf(path, sizeof(path), "%s/%s/%016llx", dir, cls,
			         (unsigned long long)fnv1a(data, size));
			f = fopen(path, "wb");
			if (f) {
				fwrite(data, 1, size, f);
				fclose(f);
			}
		}
	}
	if (ab && *ab) {
		const char *p = ab;
		while (*p) {
			const char *e = strchr(p, ',');
			size_t len = e ? (size_t)(e - p) : strlen(p);
			if (len && strncmp(cls, p, len) == 0)
				fz_die("differential: %s", cls);
			p = e ? e + 1 : p + len;
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct view ref, ll, pico;
	struct fz_in in = {data, size};
	int kind = (fz_u8(&in) & 1) ? H1_RESPONSE : H1_REQUEST;
	char cls[128];
	struct view *peers[2] = {&ll, &pico};
	size_t i;

	memset(&ref, 0, sizeof(ref));
	memset(&ll, 0, sizeof(ll));
	memset(&pico, 0, sizeof(pico));
	ref.name = "reference";
	ll.name = "llhttp";
	pico.name = "pico";
	ref.body = malloc(in.n + 1);
	ll.body = malloc(in.n + 1);
	pico.body = malloc(in.n + 1);
	if (ref.body == NULL || ll.body == NULL || pico.body == NULL)
		fz_die("out of memory");

	run_ref(kind, in.p, in.n, &ref);
	run_llhttp(kind, in.p, in.n, &ll);
	run_pico(kind, in.p, in.n, &pico);
	if (getenv("H1_DIFF_VERBOSE")) {
		print_view(&ref);
		print_view(&ll);
		print_view(&pico);
	}
	for (i = 0; i < 2; i++)
		if (classify(&ref, peers[i], cls, sizeof(cls)))
			record(cls, data, size);
	free(ref.body);
	free(ll.body);
	free(pico.body);
	return 0;
}
