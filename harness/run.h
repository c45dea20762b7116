/*
 * Running cases against a live server: selection, the per-run environment
 * (placeholder values, the static resource's validators), one case from
 * bytes to verdict, and the parallel scheduler that runs them all.
 *
 * One case is one connection: its steps are expanded from the profile and
 * sent by the transport, the responses read until the exchange ends, the
 * judge reads them and matches the case's outcomes, and the result goes
 * into the case's record of the reports model (reports/h1r.h). Cases run
 * on --jobs worker threads; each worker owns its connection, so nothing is
 * shared but the read-only case set and the index of the next case.
 * Results keep the cases' order (by id), whatever order they finish in.
 */
#ifndef H1C_RUN_H
#define H1C_RUN_H

#include <stddef.h>
#include <stdint.h>

#include "cases/h1k.h"
#include "harness/profile.h"
#include "harness/transport.h"
#include "reports/h1r.h"

/* ---------------------------------------------------------------------- */
/* Selection                                                              */

/*
 * A selection is a list of terms, from one or more --select expressions,
 * each a comma-separated list:
 *
 *   PREFIX            an id or id prefix, matched at '/' boundaries:
 *                     "rfc9112/6.3" selects rfc9112/6.3 and rfc9112/6.3/...,
 *                     not rfc9112/6.31; '*' and '?' are wildcards
 *                     ("*chunk*")
 *   id:PREFIX         the same, explicitly
 *   section:[DOC/]S   the case's section is S or below it ("6" takes 6.3
 *                     and 6.3.1); DOC is the RFC number with or without
 *                     "rfc" ("section:9110/15.5")
 *   doc:DOC           the case's document ("doc:9112", "doc:rfc6265")
 *   tag:TAG           the case has this tag
 *   level:LEVEL       MUST, SHOULD or MAY (any case)
 *   !TERM             excludes what TERM matches
 *
 * A case is selected when no positive term is given or at least one
 * matches, and no exclusion matches. Example:
 *   --select 'rfc9112/6.3,tag:smuggling,!level:MAY'
 */
struct h1c_selector {
	struct h1c_term *terms;
	size_t n, cap;
};

/* Add the terms of expr. Returns 0, or -1 with a sentence in err (an
 * empty term, an unknown kind, a bad level). */
int h1c_selector_add(struct h1c_selector *s, const char *expr, char *err, size_t errlen);
int h1c_selector_match(const struct h1c_selector *s, const struct h1k_case *c);
void h1c_selector_free(struct h1c_selector *s);

/* ---------------------------------------------------------------------- */
/* Running                                                                */

struct h1c_run_config {
	struct h1c_target target;
	struct h1c_profile profile;
	int64_t timeout_ms; /* per-case deadline unless the case sets its own */
	int64_t idle_ms;
	int64_t linger_ms;     /* the longest wait for more after the last response */
	int64_t linger_min_ms; /* below linger_ms: the wait adapts to the server (see transport.h) */
	size_t max_recv;
	int jobs;
	int transcripts_always; /* keep transcripts of passes too (-v) */
	int progress;           /* draw a progress bar on stderr */
};

/* What a run knows about its target before the first case. */
struct h1c_run_env {
	struct h1k_profile ph; /* placeholder values (borrowed from the fields below and the config) */
	char etag[256];
	char last_modified[64];
	char note[256]; /* why {etag}/{last_modified} are unavailable, if they are */
};

/*
 * Check that the target answers connections, and fetch the validators of
 * the static resource (GET {static}: its ETag and Last-Modified). cfg must
 * outlive env. Returns H1C_T_OK, or H1C_T_CONNECT with the reason in err
 * (the target is unreachable: exit status 3).
 */
int h1c_run_prepare(const struct h1c_run_config *cfg, struct h1c_run_env *env, char *err, size_t errlen);

/* Run one case and fill out (whose id is set). Returns 0; 1 when the
 * connection could not be opened (out has the verdict error and the reason);
 * -1 when out of memory (out then holds an error verdict as far as memory
 * allowed). */
int h1c_run_case(const struct h1c_run_config *cfg, const struct h1c_run_env *env, const struct h1k_case *c,
                 struct h1r_case *out);

/*
 * Run cases[0..n) on cfg->jobs threads, appending one record per case to
 * run in the same order. *unreachable (may be NULL) receives the number of
 * cases whose connection could not be opened: the target went away during
 * the run. Returns 0, or -1 when a worker could not start or memory ran out.
 */
int h1c_run_all(const struct h1c_run_config *cfg, const struct h1c_run_env *env,
                struct h1k_case *const *cases, size_t n, struct h1r_run *run, size_t *unreachable);

/* Append the steps of c, expanded with ph, as readable text (for
 * --dry-run): one line per step, octets escaped. Returns 0, or an
 * H1K_* status when the bytes cannot be made. */
int h1c_describe_steps(const struct h1k_case *c, const struct h1k_profile *ph, struct h1c_buf *out);

#endif
