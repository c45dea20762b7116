/*
 * Unit tests of the serializer (reference/h1_serialize.c).
 *
 * The central property: parse(serialize(m)) gives back m — the start line,
 * every field in order, the content (reassembled from chunks) and the
 * trailers. Descriptions the strict parser would reject are refused with
 * the error id the parser would report.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reference/h1.h"

#define S(lit)                                                                                               \
	{                                                                                                    \
		lit, sizeof(lit) - 1                                                                         \
	}
#define F(n, v)                                                                                              \
	{                                                                                                    \
		S(n), S(v), 0                                                                                \
	}

struct parsed {
	char start[256];
	char fields[1024];
	char trailers[512];
	char content[4096];
	size_t content_len;
	int ends;
};

static void append(char *dst, size_t cap, const char *p, size_t n)
{
	size_t l = strlen(dst);
	if (l + n >= cap)
		n = cap - l - 1;
	memcpy(dst + l, p, n);
	dst[l + n] = '\0';
}

static void append_fields(char *dst, size_t cap, const struct h1_field *f, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++) {
		append(dst, cap, f[i].name.p, f[i].name.len);
		append(dst, cap, "=", 1);
		append(dst, cap, f[i].value.p, f[i].value.len);
		append(dst, cap, ";", 1);
	}
}

/* Parse bytes as one message of the given kind, all at once. */
static int parse_back(int kind, const char *buf, size_t len, struct parsed *out)
{
	struct h1_field fields[64];
	struct h1_parser p;
	struct h1_event ev;
	size_t pos = 0, used;
	int rc;

	memset(out, 0, sizeof(*out));
	h1_parser_init(&p, kind, fields, 64, NULL, 0);
	for (;;) {
		rc = pos < len ? h1_parse(&p, buf + pos, len - pos, &used, &ev)
		               : h1_finish(&p, buf + pos, len - pos, &used, &ev);
		pos += used;
		if (rc == H1_NEED_MORE && pos < len)
			return -1;
		if (rc == H1_NEED_MORE)
			continue;
		if (rc != H1_OK)
			return rc == H1_DONE ? 0 : -1;
		switch (ev.type) {
		case H1_EV_HEAD:
			if (kind == H1_REQUEST) {
				append(out->start, sizeof(out->start), ev.head.method.p, ev.head.method.len);
				append(out->start, sizeof(out->start), " ", 1);
				append(out->start, sizeof(out->start), ev.head.target.p, ev.head.target.len);
			} else {
				char code[8];
				snprintf(code, sizeof(code), "%d ", ev.head.status);
				append(out->start, sizeof(out->start), code, strlen(code));
				append(out->start, sizeof(out->start), ev.head.reason.p, ev.head.reason.len);
			}
			append_fields(out->fields, sizeof(out->fields), ev.head.fields, ev.head.nfields);
			break;
		case H1_EV_DATA:
			memcpy(out->content + out->content_len, ev.data.p, ev.data.len);
			out->content_len += ev.data.len;
			break;
		case H1_EV_TRAILERS:
			append_fields(out->trailers, sizeof(out->trailers), ev.head.fields, ev.head.nfields);
			break;
		case H1_EV_END:
			out->ends++;
			if (pos == len)
				return 0;
			break;
		}
	}
}

static char *serialize(const struct h1_message *m, size_t *len, int *bad)
{
	size_t need = 0;
	char *out;
	int rc = h1_serialize(m, NULL, 0, &need, bad);

	if (rc == H1_EINVAL)
		return NULL;
	ck_assert_int_eq(rc, need ? H1_NEED_MORE : H1_OK);
	out = malloc(need);
	ck_assert_int_eq(h1_serialize(m, out, need, len, bad), H1_OK);
	ck_assert_uint_eq(*len, need);
	return out;
}

START_TEST(request_round_trip)
{
	static const struct h1_field fields[] = {F("Host", "example.test"), F("Content-Length", "5"),
	                                         F("X-Obs", "caf\xe9"), F("Empty", "")};
	struct h1_message m;
	struct parsed back;
	size_t len;
	int bad;
	char *bytes;

	memset(&m, 0, sizeof(m));
	m.kind = H1_REQUEST;
	m.method = (struct h1_span)S("POST");
	m.target = (struct h1_span)S("/a?b=c");
	m.version_minor = 1;
	m.fields = fields;
	m.nfields = 4;
	m.content = (struct h1_span)S("hello");
	bytes = serialize(&m, &len, &bad);
	ck_assert_ptr_nonnull(bytes);
	ck_assert_int_eq(memcmp(bytes, "POST /a?b=c HTTP/1.1\r\nHost: example.test\r\n", 42), 0);
	ck_assert_int_eq(parse_back(H1_REQUEST, bytes, len, &back), 0);
	ck_assert_str_eq(back.start, "POST /a?b=c");
	ck_assert_str_eq(back.fields, "Host=example.test;Content-Length=5;X-Obs=caf\xe9;Empty=;");
	ck_assert_uint_eq(back.content_len, 5);
	ck_assert_int_eq(memcmp(back.content, "hello", 5), 0);
	ck_assert_int_eq(back.ends, 1);
	free(bytes);
}
END_TEST

START_TEST(chunked_round_trip)
{
	static const struct h1_field fields[] = {F("Host", "h"), F("Transfer-Encoding", "gzip, chunked")};
	static const struct h1_field trailers[] = {F("Checksum", "abc"), F("X", "y z")};
	static const struct h1_span exts[] = {S(";a=b"), S(""), S(";q=\"x y\"")};
	struct h1_message m;
	struct parsed back;
	size_t len, step;
	int bad;

	for (step = 0; step <= 12; step++) {
		char *bytes;
		memset(&m, 0, sizeof(m));
		m.kind = H1_REQUEST;
		m.method = (struct h1_span)S("PUT");
		m.target = (struct h1_span)S("/x");
		m.version_minor = 1;
		m.fields = fields;
		m.nfields = 2;
		m.trailers = trailers;
		m.ntrailers = 2;
		m.content = (struct h1_span)S("0123456789abcdefghij");
		m.chunked = 1;
		m.chunk_size = step;
		m.chunk_exts = exts;
		m.nchunk_exts = 3;
		bytes = serialize(&m, &len, &bad);
		ck_assert_ptr_nonnull(bytes);
		ck_assert_int_eq(parse_back(H1_REQUEST, bytes, len, &back), 0);
		ck_assert_str_eq(back.start, "PUT /x");
		ck_assert_uint_eq(back.content_len, 20);
		ck_assert_int_eq(memcmp(back.content, "0123456789abcdefghij", 20), 0);
		ck_assert_str_eq(back.trailers, "Checksum=abc;X=y z;");
		free(bytes);
	}
}
END_TEST

START_TEST(response_round_trip)
{
	static const struct h1_field fields[] = {F("Date", "Tue, 24 Nov 2026 10:00:00 GMT"),
	                                         F("Content-Length", "2")};
	struct h1_message m;
	struct parsed back;
	size_t len;
	int bad;
	char *bytes;

	memset(&m, 0, sizeof(m));
	m.kind = H1_RESPONSE;
	m.status = 404;
	m.reason = (struct h1_span)S("Not Found");
	m.version_minor = 1;
	m.fields = fields;
	m.nfields = 2;
	m.content = (struct h1_span)S("no");
	bytes = serialize(&m, &len, &bad);
	ck_assert_ptr_nonnull(bytes);
	ck_assert_int_eq(parse_back(H1_RESPONSE, bytes, len, &back), 0);
	ck_assert_str_eq(back.start, "404 Not Found");
	ck_assert_uint_eq(back.content_len, 2);
	free(bytes);

	/* empty reason keeps the SP after the status code */
	m.reason = (struct h1_span){"", 0};
	bytes = serialize(&m, &len, &bad);
	ck_assert_int_eq(memcmp(bytes, "HTTP/1.1 404 \r\n", 15), 0);
	free(bytes);
}
END_TEST

START_TEST(refuses_what_the_parser_rejects)
{
	struct h1_field f[2] = {F("Host", "h"), F("Content-Length", "3")};
	struct h1_message m;
	static char big[4096];
	size_t len;
	int bad;

	memset(&m, 0, sizeof(m));
	m.kind = H1_REQUEST;
	m.method = (struct h1_span)S("GET");
	m.target = (struct h1_span)S("/");
	m.version_minor = 1;
	m.fields = f;
	m.nfields = 1;
	ck_assert_int_eq(h1_serialize(&m, NULL, 0, &len, &bad), H1_NEED_MORE);

	m.method = (struct h1_span)S("G T");
	ck_assert_int_eq(h1_serialize(&m, big, sizeof(big), &len, &bad), H1_EINVAL);
	ck_assert_int_eq(bad, H1_E_METHOD);
	m.method = (struct h1_span)S("GET");
	m.target = (struct h1_span)S("/a b");
	ck_assert_int_eq(h1_serialize(&m, big, sizeof(big), &len, &bad), H1_EINVAL);
	ck_assert_int_eq(bad, H1_E_TARGET_CHAR);
	m.target = (struct h1_span)S("/");
	f[0].value = (struct h1_span)S("h\r\nX: y");
	ck_assert_int_eq(h1_serialize(&m, big, sizeof(big), &len, &bad), H1_EINVAL);
	ck_assert_int_eq(bad, H1_E_FIELD_VALUE_CHAR);
	f[0].value = (struct h1_span)S(" h");
	ck_assert_int_eq(h1_serialize(&m, big, sizeof(big), &len, &bad), H1_EINVAL);
	f[0].value = (struct h1_span)S("h");
	f[0].name = (struct h1_span)S("Ho st");
	ck_assert_int_eq(h1_serialize(&m, big, sizeof(big), &len, &bad), H1_EINVAL);
	ck_assert_int_eq(bad, H1_E_FIELD_NAME_CHAR);
	f[0].name = (struct h1_span)S("Host");
	/* Content-Length must match the content */
	m.nfields = 2;
	m.content = (struct h1_span)S("ab");
	ck_assert_int_eq(h1_serialize(&m, big, sizeof(big), &len, &bad), H1_EINVAL);
	ck_assert_int_eq(bad, H1_E_CL_INVALID);
	/* chunked needs Transfer-Encoding ending in chunked and no Content-Length */
	m.chunked = 1;
	ck_assert_int_eq(h1_serialize(&m, big, sizeof(big), &len, &bad), H1_EINVAL);
	ck_assert_int_eq(bad, H1_E_TE_AND_CL);
	m.nfields = 1;
	ck_assert_int_eq(h1_serialize(&m, big, sizeof(big), &len, &bad), H1_EINVAL);
	ck_assert_int_eq(bad, H1_E_TE_NOT_CHUNKED_FINAL);
	/* responses: status range and reason bytes */
	memset(&m, 0, sizeof(m));
	m.kind = H1_RESPONSE;
	m.status = 99;
	ck_assert_int_eq(h1_serialize(&m, big, sizeof(big), &len, &bad), H1_EINVAL);
	ck_assert_int_eq(bad, H1_E_STATUS_RANGE);
	m.status = 200;
	m.reason = (struct h1_span)S("O\rK");
	ck_assert_int_eq(h1_serialize(&m, big, sizeof(big), &len, &bad), H1_EINVAL);
	ck_assert_int_eq(bad, H1_E_REASON_CHAR);
	ck_assert_int_eq(h1_serialize(NULL, NULL, 0, &len, &bad), H1_EINVAL);
}
END_TEST

/* What only parsing the output can tell: the fuzzers found these passing
 * the field-by-field checks. */
START_TEST(refuses_by_parsing_back)
{
	static const struct h1_field two_hosts[] = {F("Host", "a"), F("Host", "b")};
	static const struct h1_field no_host[] = {F("Accept", "*/*")};
	static const struct h1_field bad_host[] = {F("Host", "a b")};
	static const struct h1_field te_lines[] = {F("Host", "a"), F("Transfer-Encoding", "gzip"),
	                                           F("Transfer-Encoding", "chunked")};
	static const struct h1_field te_comma[] = {F("Host", "a"), F("Transfer-Encoding", "chunked,")};
	static const struct h1_field te_twice[] = {F("Host", "a"),
	                                           F("Transfer-Encoding", "chunked, chunked")};
	static const struct h1_field cl[] = {F("Content-Length", "2")};
	static char big[4096];
	struct h1_message m;
	size_t len;
	int bad;

	memset(&m, 0, sizeof(m));
	m.kind = H1_REQUEST;
	m.method = (struct h1_span)S("POST");
	m.target = (struct h1_span)S("/");
	m.version_minor = 1;
	m.fields = two_hosts;
	m.nfields = 2;
	ck_assert_int_eq(h1_serialize(&m, big, sizeof(big), &len, &bad), H1_EINVAL);
	ck_assert_int_eq(bad, H1_E_HOST_DUPLICATE);
	m.fields = no_host;
	m.nfields = 1;
	ck_assert_int_eq(h1_serialize(&m, big, sizeof(big), &len, &bad), H1_EINVAL);
	ck_assert_int_eq(bad, H1_E_HOST_MISSING);
	m.fields = bad_host;
	ck_assert_int_eq(h1_serialize(&m, big, sizeof(big), &len, &bad), H1_EINVAL);
	ck_assert_int_eq(bad, H1_E_HOST_INVALID);
	/* the final coding is read across lines and list elements */
	m.chunked = 1;
	m.content = (struct h1_span)S("xyz");
	m.fields = te_lines;
	m.nfields = 3;
	ck_assert_int_eq(h1_serialize(&m, big, sizeof(big), &len, &bad), H1_OK);
	m.fields = te_comma;
	m.nfields = 2;
	ck_assert_int_eq(h1_serialize(&m, big, sizeof(big), &len, &bad), H1_OK);
	m.fields = te_twice;
	ck_assert_int_eq(h1_serialize(&m, big, sizeof(big), &len, &bad), H1_EINVAL);
	ck_assert_int_eq(bad, H1_E_TE_CHUNKED_TWICE);
	/* HTTP/1.0 cannot carry chunked */
	m.fields = te_comma;
	m.version_minor = 0;
	ck_assert_int_eq(h1_serialize(&m, big, sizeof(big), &len, &bad), H1_EINVAL);
	ck_assert_int_eq(bad, H1_E_TE_HTTP10);
	/* content on a 204 is read as the next message */
	memset(&m, 0, sizeof(m));
	m.kind = H1_RESPONSE;
	m.status = 204;
	m.version_minor = 1;
	m.fields = cl;
	m.nfields = 1;
	m.content = (struct h1_span)S("hi");
	ck_assert_int_eq(h1_serialize(&m, big, sizeof(big), &len, &bad), H1_EINVAL);
}
END_TEST

/* A buffer that is too small is never overrun, and says what it needs. */
START_TEST(small_buffer)
{
	static const struct h1_field fields[] = {F("Host", "h")};
	struct h1_message m;
	char buf[64];
	size_t len = 0, cap;
	int bad;

	memset(&m, 0, sizeof(m));
	m.kind = H1_REQUEST;
	m.method = (struct h1_span)S("GET");
	m.target = (struct h1_span)S("/");
	m.version_minor = 0;
	m.fields = fields;
	m.nfields = 1;
	for (cap = 0; cap < 32; cap++) {
		memset(buf, 'Z', sizeof(buf));
		ck_assert_int_eq(h1_serialize(&m, buf, cap, &len, &bad), cap >= 27 ? H1_OK : H1_NEED_MORE);
		ck_assert_uint_eq(len, 27);
		ck_assert_int_eq(buf[cap], 'Z');
	}
	ck_assert_int_eq(memcmp(buf, "GET / HTTP/1.0\r\nHost: h\r\n\r\n", 27), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("h1_serialize");
	TCase *tc = tcase_create("round-trip");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, request_round_trip);
	tcase_add_test(tc, chunked_round_trip);
	tcase_add_test(tc, response_round_trip);
	tcase_add_test(tc, refuses_what_the_parser_rejects);
	tcase_add_test(tc, refuses_by_parsing_back);
	tcase_add_test(tc, small_buffer);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
