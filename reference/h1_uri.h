/*
 * Validation of request-targets (RFC 9112 §3.2) and Host values (RFC 9110
 * §7.2) against the URI grammar of RFC 3986. Internal to reference/.
 *
 * Each function returns 0 when the input is valid, or an H1_E_* code with
 * *bad set to the index (within the input) of the byte that made it invalid.
 */
#ifndef H1_URI_H
#define H1_URI_H

#include <stddef.h>

/* Method classes that change how a target is read. */
enum { H1M_OTHER = 0, H1M_GET, H1M_HEAD, H1M_CONNECT, H1M_OPTIONS };

/* Classify a method token. */
int h1__method_class(const char *m, size_t n);

/* Validate a request-target for a request with the given method class, and
 * report its form (enum h1_target_form). lenient is the parser's flag set. */
int h1__check_target(const char *t, size_t n, int method_class, unsigned lenient, int *form, size_t *bad);

/* Scan origin-form path and query bytes (pchar, "/", "?", pct-encoded) of
 * t[i..end). Returns 0 with *stop at the first byte that is none of them,
 * or H1_E_TARGET_PCT with *stop at a broken '%'. t[0..readable) may be read
 * (readable >= end), which lets the common bytes go 16 at a time. */
int h1__scan_origin(const char *t, size_t i, size_t end, size_t readable, unsigned lenient, size_t *stop);

/* Validate a Host field value: uri-host [ ":" port ]. */
int h1__check_host(const char *v, size_t n, size_t *bad);

/* Validate an IPv6address (RFC 3986 §3.2.2), without brackets. */
int h1__is_ipv6(const char *p, size_t n);

#endif
