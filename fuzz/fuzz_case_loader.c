/*
 * fuzz_case_loader: the case loader (cases/h1k.h) on arbitrary case files.
 *
 * The input is the bytes of one case file, given to h1k_load_buffer(). The
 * loader promises complete validation at load time ("a loaded case is
 * valid, so users of the model need no checks of their own") and precise
 * diagnostics, so the oracles check both sides:
 *  - a failed load leaves no case and exactly one diagnostic, naming the
 *    file, with a line and column inside the text (or 0 when unknown) and
 *    a one-sentence message without a newline; formatting it into a short
 *    buffer truncates safely and reports the same full length;
 *  - a loaded case is usable without checks: enums in range, the strict
 *    oracle's error id matching reference/'s table, every lenient entry
 *    with flags, placeholders needed only from the known set, status
 *    ranges ordered and in 100..599; and its bytes expand with the offline
 *    profile (all placeholders available) without H1K_EINVAL, the whole
 *    send being the concatenation of its data steps;
 *  - loading is deterministic: the same text loads to the same id, title,
 *    steps and bytes twice.
 * Expansion is skipped when repeat counts would make it large (the loader
 * allows up to 16 MiB of send per case; the fuzzer need not build it).
 */
#include <stdlib.h>
#include <string.h>

#include "cases/h1k.h"
#include "fuzz/fuzz_common.h"

#define FILE_NAME    "fuzz/case.json"
#define CASE_ID      "rfc9112/fuzz/case"
#define EXPAND_LIMIT ((uint64_t)1 << 20)

static void check_diag(const struct h1k_diag *d, const char *text, size_t len)
{
	size_t lines = 1, i, full, again;
	char small[16], big[4096];

	for (i = 0; i < len; i++)
		lines += text[i] == '\n';
	FZ_ASSERT(d->file && strcmp(d->file, FILE_NAME) == 0, "diagnostic names file \"%s\"",
	          d->file ? d->file : "(null)");
	FZ_ASSERT(d->message && d->message[0], "diagnostic without a message");
	FZ_ASSERT(strchr(d->message, '\n') == NULL, "diagnostic message spans lines: \"%s\"", d->message);
	FZ_ASSERT(d->line >= 0 && (size_t)d->line <= lines, "diagnostic at line %d of %zu", d->line, lines);
	FZ_ASSERT(d->col >= 0 && (d->line > 0 || d->col == 0), "diagnostic at column %d", d->col);
	FZ_ASSERT(d->col <= 0 || (size_t)d->col <= len + 1, "diagnostic at column %d of %zu bytes", d->col,
	          len);
	full = h1k_diag_format(d, big, sizeof(big));
	again = h1k_diag_format(d, small, sizeof(small));
	FZ_ASSERT(full == again, "formatting reports %zu, then %zu bytes", full, again);
	FZ_ASSERT(strlen(small) == (full < sizeof(small) ? full : sizeof(small) - 1),
	          "formatting into 16 bytes wrote %zu of %zu", strlen(small), full);
}

static void check_oracle(const struct h1k_oracle *o, const char *what)
{
	FZ_ASSERT(o->verdict == H1K_ACCEPT || o->verdict == H1K_REJECT, "%s: verdict %d", what, o->verdict);
	if (o->verdict == H1K_REJECT)
		FZ_ASSERT(o->error > 0 && o->error_name && h1_error_name(o->error) == o->error_name,
		          "%s: reject with error %d not from the table", what, o->error);
	else
		FZ_ASSERT(o->error == 0 && o->error_name == NULL, "%s: accept with an error", what);
	FZ_ASSERT(o->nmessages == 0 || o->messages != NULL, "%s: messages missing", what);
}

static uint64_t send_size(const struct h1k_case *c)
{
	uint64_t total = 0;
	size_t i;

	for (i = 0; i < c->nsteps; i++)
		if (c->steps[i].kind == H1K_STEP_DATA)
			total += ((uint64_t)c->steps[i].data.len + 64) * c->steps[i].repeat;
	return total;
}

static void check_case(const struct h1k_case *c)
{
	size_t i, k;

	FZ_ASSERT(c->id && strcmp(c->id, CASE_ID) == 0, "case id \"%s\"", c->id ? c->id : "(null)");
	FZ_ASSERT(c->title && c->title[0], "case without a title");
	FZ_ASSERT(c->requirement.level >= H1K_MUST && c->requirement.level <= H1K_MAY, "level %d",
	          c->requirement.level);
	FZ_ASSERT(c->nsteps > 0, "case without steps");
	FZ_ASSERT((c->needs >> H1K_PH__COUNT) == 0, "needs unknown placeholders (%#x)", c->needs);
	for (i = 0; i < c->nsteps; i++) {
		const struct h1k_step *s = &c->steps[i];
		FZ_ASSERT(s->kind >= H1K_STEP_DATA && s->kind <= H1K_STEP_AWAIT_INTERIM, "step %zu: kind %d",
		          i, s->kind);
		FZ_ASSERT(s->kind != H1K_STEP_DATA || s->repeat >= 1, "step %zu: repeat 0", i);
	}
	check_oracle(&c->reference.strict, "reference");
	for (i = 0; i < c->reference.nlenient; i++) {
		FZ_ASSERT(c->reference.lenient[i].name && c->reference.lenient[i].flags,
		          "lenient entry %zu without flags", i);
		check_oracle(&c->reference.lenient[i].oracle, "reference.lenient");
	}
	FZ_ASSERT(c->noutcomes > 0, "case without outcomes");
	for (i = 0; i < c->noutcomes; i++) {
		const struct h1k_outcome *o = &c->outcomes[i];
		FZ_ASSERT(o->connection >= H1K_CONN_ANY && o->connection <= H1K_CONN_OPEN, "connection %d",
		          o->connection);
		for (k = 0; k < o->nresponses; k++) {
			const struct h1k_response *r = &o->responses[k];
			size_t s;
			for (s = 0; s < r->nstatus; s++)
				FZ_ASSERT(r->status[s].lo <= r->status[s].hi && r->status[s].lo >= 100 &&
				                  r->status[s].hi <= 599,
				          "status range %d..%d", r->status[s].lo, r->status[s].hi);
			FZ_ASSERT(r->interim >= H1K_INTERIM_ALLOWED && r->interim <= H1K_INTERIM_FORBIDDEN,
			          "interim %d", r->interim);
			FZ_ASSERT(r->interim_status == 0 ||
			                  (r->interim_status >= 100 && r->interim_status <= 199),
			          "interim_status %d", r->interim_status);
			FZ_ASSERT(r->body >= H1K_BODY_ANY && r->body <= H1K_BODY_NONEMPTY, "body %d",
			          r->body);
		}
	}
}

/* The send bytes, expanded with the offline profile; the concatenation
 * of the data steps. Returns them in *out (caller frees). */
static void expand(const struct h1k_case *c, struct h1k_bytes *out)
{
	const struct h1k_profile *p = h1k_profile_offline();
	struct h1k_bytes steps = {0};
	size_t i;
	int rc;

	FZ_ASSERT(h1k_profile_lacks(p, c->needs) == 0, "the offline profile lacks a placeholder");
	rc = h1k_send_bytes(c, p, out);
	FZ_ASSERT(rc == H1K_OK || rc == H1K_ELIMIT || rc == H1K_ENOMEM, "expanding the send bytes: %d", rc);
	if (rc != H1K_OK)
		return;
	for (i = 0; i < c->nsteps; i++) {
		rc = h1k_step_bytes(&c->steps[i], p, &steps);
		FZ_ASSERT(rc == H1K_OK, "step %zu expands with %d", i, rc);
	}
	FZ_ASSERT(steps.len == out->len && (out->len == 0 || memcmp(steps.p, out->p, out->len) == 0),
	          "send bytes differ from the concatenated steps");
	h1k_bytes_free(&steps);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct h1k_diags d1 = {0}, d2 = {0};
	struct h1k_case *c1 = NULL, *c2 = NULL;
	int r1, r2;

	r1 = h1k_load_buffer(text, size, FILE_NAME, CASE_ID, &c1, &d1);
	FZ_ASSERT(r1 == H1K_OK || r1 == H1K_ELOAD || r1 == H1K_ENOMEM, "load returned %d", r1);
	if (r1 == H1K_OK) {
		FZ_ASSERT(c1 != NULL && d1.n == 0, "loaded with %zu diagnostics", d1.n);
		check_case(c1);
	} else {
		FZ_ASSERT(c1 == NULL, "a failed load left a case");
		if (r1 == H1K_ELOAD) {
			FZ_ASSERT(d1.n == 1, "a failed load left %zu diagnostics", d1.n);
			check_diag(&d1.v[0], text, size);
		}
	}

	r2 = h1k_load_buffer(text, size, FILE_NAME, CASE_ID, &c2, &d2);
	FZ_ASSERT(r1 == r2, "loading twice: %d, then %d", r1, r2);
	if (r1 == H1K_OK && r2 == H1K_OK) {
		FZ_ASSERT(strcmp(c1->title, c2->title) == 0 && c1->nsteps == c2->nsteps &&
		                  c1->noutcomes == c2->noutcomes && c1->needs == c2->needs,
		          "loading twice gives different cases");
		if (send_size(c1) <= EXPAND_LIMIT) {
			struct h1k_bytes b1 = {0}, b2 = {0};
			expand(c1, &b1);
			expand(c2, &b2);
			FZ_ASSERT(b1.len == b2.len && (b1.len == 0 || memcmp(b1.p, b2.p, b1.len) == 0),
			          "loading twice gives different bytes");
			h1k_bytes_free(&b1);
			h1k_bytes_free(&b2);
		}
	} else if (r1 == H1K_ELOAD && r2 == H1K_ELOAD) {
		FZ_ASSERT(d2.n == 1 && d1.v[0].line == d2.v[0].line && d1.v[0].col == d2.v[0].col &&
		                  strcmp(d1.v[0].message, d2.v[0].message) == 0,
		          "loading twice gives different diagnostics");
	}
	h1k_case_free(c1);
	h1k_case_free(c2);
	h1k_diags_free(&d1);
	h1k_diags_free(&d2);
	return 0;
}
