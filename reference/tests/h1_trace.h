/*
 * Test support for reference/: run a byte stream through the parser and
 * describe everything it reported as one canonical text (a "trace"), so
 * that two runs can be compared with strcmp and a failure prints readably.
 *
 *   H <method> <target> <major>.<minor> | H <status> <reason> ...   head
 *   F <name>=<value>                                             field
 *   D <bytes>                                                    content
 *   T <name>=<value>                                             trailer
 *   E                                                            end
 *   X <error-name>@<offset>                                      violation
 *   Z <done-reason>                                              stream end
 *
 * Bytes outside printable ASCII are written as \xHH. Every buffer handed to
 * the parser ends flush against a PROT_NONE page, so a read past the end
 * of what was presented crashes the test instead of passing unnoticed.
 */
#ifndef H1_TRACE_H
#define H1_TRACE_H

#include <stddef.h>

#include "reference/h1.h"

struct h1t_opts {
	int kind;           /* H1_REQUEST or H1_RESPONSE */
	const char *method; /* response mode: method answered (NULL: GET) */
	unsigned lenient;
	const struct h1_limits *limits;
	size_t step;        /* feed this many new bytes per call; 0 = all at once */
	const size_t *cuts; /* or explicit cut points (ascending), ncuts of them */
	size_t ncuts;
};

/* Parse data[0..len) and return the trace in a static buffer (valid until
 * the next call). Aborts the process on API misuse (H1_EINVAL). */
const char *h1t_trace(const struct h1t_opts *o, const char *data, size_t len);

/* Copy s into fresh memory that ends exactly at an unreadable page. The
 * returned pointer stays valid until the next call. */
const char *h1t_guarded(const char *s, size_t n);

#endif
