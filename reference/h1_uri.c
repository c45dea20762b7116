/*
 * Request-target and Host validation (RFC 9112 §3.2, RFC 9110 §4.2 and
 * §7.2, RFC 3986).
 *
 * The four request-target forms are told apart by their first byte and the
 * method, as RFC 9112 §3.2 describes: "*" is asterisk-form (OPTIONS only),
 * "/" starts origin-form, CONNECT takes authority-form and nothing else, and
 * anything else must be an absolute-URI. For the http and https schemes the
 * stricter rules of RFC 9110 apply on top of RFC 3986: an authority is
 * required, its host must not be empty (§4.2.1), and userinfo is an error
 * (§4.2.4).
 */
#include "reference/h1_uri.h"

#include "reference/h1.h"
#include "reference/h1_chars.h"

int h1__method_class(const char *m, size_t n)
{
	/* Methods are case-sensitive (RFC 9110 §9.1): only exact names count. */
	switch (n) {
	case 3:
		return (m[0] == 'G' && m[1] == 'E' && m[2] == 'T') ? H1M_GET : H1M_OTHER;
	case 4:
		return (m[0] == 'H' && m[1] == 'E' && m[2] == 'A' && m[3] == 'D') ? H1M_HEAD : H1M_OTHER;
	case 7:
		if (m[0] == 'C' && m[1] == 'O' && m[2] == 'N' && m[3] == 'N' && m[4] == 'E' && m[5] == 'C' &&
		    m[6] == 'T')
			return H1M_CONNECT;
		if (m[0] == 'O' && m[1] == 'P' && m[2] == 'T' && m[3] == 'I' && m[4] == 'O' && m[5] == 'N' &&
		    m[6] == 'S')
			return H1M_OPTIONS;
		return H1M_OTHER;
	default:
		return H1M_OTHER;
	}
}

/* Scan bytes of class cls or pct-encoded triplets from p[i]; returns the index
 * of the first other byte, or (size_t)-1 with *bad set for a broken '%'. */
static size_t scan_pct(const char *p, size_t i, size_t n, unsigned cls, size_t *bad)
{
	while (i < n) {
		unsigned char c;
		/* four bytes per test while they are all of the class */
		while (n - i >= 4 &&
		       (h1__chars[(unsigned char)p[i]] & h1__chars[(unsigned char)p[i + 1]] &
		        h1__chars[(unsigned char)p[i + 2]] & h1__chars[(unsigned char)p[i + 3]] & cls))
			i += 4;
		if (i == n)
			break;
		c = (unsigned char)p[i];
		if (H1_IS(c, cls)) {
			i++;
		} else if (c == '%') {
			if (n - i < 3 || !H1_IS(p[i + 1], H1C_HEX) || !H1_IS(p[i + 2], H1C_HEX)) {
				*bad = i;
				return (size_t)-1;
			}
			i += 3;
		} else {
			break;
		}
	}
	return i;
}

static int is_ipv4(const char *p, size_t n)
{
	size_t i = 0;
	int part;

	for (part = 0; part < 4; part++) {
		size_t start = i;
		unsigned v = 0;
		if (part > 0) {
			if (i >= n || p[i] != '.')
				return 0;
			start = ++i;
		}
		while (i < n && H1_IS(p[i], H1C_DIGIT) && i - start < 3) {
			v = v * 10 + (unsigned)(p[i] - '0');
			i++;
		}
		/* dec-octet: 1 to 3 digits, no leading zero, at most 255 */
		if (i == start || v > 255 || (i - start > 1 && p[start] == '0'))
			return 0;
	}
	return i == n;
}

int h1__is_ipv6(const char *p, size_t n)
{
	size_t i = 0;
	int groups = 0, elided = 0;

	if (n >= 2 && p[0] == ':' && p[1] == ':') {
		elided = 1;
		i = 2;
		if (i == n)
			return 1;
	} else if (n >= 1 && p[0] == ':') {
		return 0;
	}
	while (i < n) {
		size_t start = i;
		while (i < n && H1_IS(p[i], H1C_HEX) && i - start < 4)
			i++;
		if (i < n && p[i] == '.') {
			/* ls32 as an IPv4address: must be the last piece, worth two groups */
			if (!is_ipv4(p + start, n - start))
				return 0;
			groups += 2;
			i = n;
			break;
		}
		if (i == start)
			return 0;
		groups++;
		if (i == n)
			break;
		if (p[i] != ':')
			return 0;
		i++;
		if (i < n && p[i] == ':') {
			if (elided)
				return 0;
			elided = 1;
			i++;
			if (i == n)
				break;
		} else if (i == n) {
			return 0; /* a trailing single ':' */
		}
	}
	return elided ? groups <= 7 : groups == 8;
}

/* IP-literal contents: IPv6address / IPvFuture (RFC 3986 §3.2.2). */
static int is_ip_literal(const char *p, size_t n)
{
	size_t i;

	if (n > 0 && (p[0] == 'v' || p[0] == 'V')) {
		for (i = 1; i < n && H1_IS(p[i], H1C_HEX); i++)
			;
		if (i == 1 || i >= n || p[i] != '.')
			return 0;
		if (++i == n)
			return 0;
		for (; i < n; i++)
			if (!H1_IS(p[i], H1C_REGNAME) && p[i] != ':')
				return 0;
		return 1;
	}
	return h1__is_ipv6(p, n);
}

/*
 * host [ ":" port ] in p[0..n). With need_port the port must be present and
 * non-empty (authority-form). *host_len receives the length of the host.
 */
static int check_hostport(const char *p, size_t n, int need_port, size_t *host_len, size_t *bad)
{
	size_t i, h;

	if (n > 0 && p[0] == '[') {
		for (h = 1; h < n && p[h] != ']'; h++)
			;
		if (h == n || !is_ip_literal(p + 1, h - 1)) {
			*bad = 0;
			return -1;
		}
		i = h + 1;
	} else {
		i = scan_pct(p, 0, n, H1C_REGNAME, bad);
		if (i == (size_t)-1)
			return -1;
	}
	*host_len = i;
	if (i == n) {
		if (need_port) {
			*bad = i;
			return -1;
		}
		return 0;
	}
	if (p[i] != ':') {
		*bad = i;
		return -1;
	}
	for (i++; i < n; i++) {
		if (!H1_IS(p[i], H1C_DIGIT)) {
			*bad = i;
			return -1;
		}
	}
	if (need_port && p[n - 1] == ':') {
		*bad = n;
		return -1;
	}
	return 0;
}

int h1__check_host(const char *v, size_t n, size_t *bad)
{
	size_t host_len;

	return check_hostport(v, n, 0, &host_len, bad) == 0 ? 0 : H1_E_HOST_INVALID;
}

int h1__scan_origin(const char *t, size_t i, size_t end, size_t readable, unsigned lenient, size_t *stop)
{
	unsigned cls = H1C_PATH;

	if (lenient & H1_LENIENT_TARGET_CHARS)
		cls |= H1C_LAXTARGET;
	for (;;) {
		/* sixteen bytes per vector test while readable (a subset of
		 * the class; bytes past end may be counted, hence the clamp),
		 * then four bytes per table test: some class bit is set in all
		 * four, then one at a time */
		if (readable - i >= 16 && i < end) {
			size_t k;
			do {
				k = h1__path16(t + i);
				i += k;
			} while (k == 16 && readable - i >= 16 && i < end);
			if (i > end)
				i = end;
		}
		while (end - i >= 4 &&
		       (h1__chars[(unsigned char)t[i]] & h1__chars[(unsigned char)t[i + 1]] &
		        h1__chars[(unsigned char)t[i + 2]] & h1__chars[(unsigned char)t[i + 3]] & cls))
			i += 4;
		while (i < end && H1_IS(t[i], cls))
			i++;
		if (i == end || t[i] != '%')
			break;
		if (end - i < 3 || !H1_IS(t[i + 1], H1C_HEX) || !H1_IS(t[i + 2], H1C_HEX)) {
			*stop = i;
			return H1_E_TARGET_PCT;
		}
		i += 3;
	}
	*stop = i;
	return 0;
}

/* path-abempty / absolute-path, then [ "?" query ], up to the end of t. */
static int check_path_query(const char *t, size_t i, size_t n, unsigned lenient, size_t *bad)
{
	size_t stop;
	int rc = h1__scan_origin(t, i, n, n, lenient, &stop);

	*bad = stop;
	if (rc)
		return rc;
	return stop == n ? 0 : H1_E_TARGET_CHAR;
}

static int check_absolute(const char *t, size_t n, unsigned lenient, size_t *bad)
{
	size_t i, auth_start, auth_end, at, host_len;
	int http;

	/* scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":" */
	if (!H1_IS(t[0], H1C_ALPHA)) {
		*bad = 0;
		return H1_IS(t[0], H1C_VCHAR) ? H1_E_TARGET_SCHEME : H1_E_TARGET_CHAR;
	}
	for (i = 1; i < n && H1_IS(t[i], H1C_SCHEME); i++)
		;
	if (i == n || t[i] != ':') {
		*bad = i;
		return H1_E_TARGET_SCHEME;
	}
	http = h1__lit_eq(t, i, "http", 4) || h1__lit_eq(t, i, "https", 5);
	i++;
	if (n - i < 2 || t[i] != '/' || t[i + 1] != '/') {
		/* path-absolute / path-rootless / path-empty: no authority. The
		 * http(s) schemes require one (RFC 9110 §4.2.1, §4.2.2). */
		if (http) {
			*bad = i;
			return H1_E_TARGET_EMPTY_HOST;
		}
		return check_path_query(t, i, n, lenient, bad);
	}
	auth_start = i + 2;
	for (auth_end = auth_start; auth_end < n; auth_end++)
		if (t[auth_end] == '/' || t[auth_end] == '?' || t[auth_end] == '#')
			break;
	/* userinfo: everything up to the last '@' of the authority */
	at = auth_end;
	for (i = auth_start; i < auth_end; i++)
		if (t[i] == '@')
			at = i;
	if (at != auth_end) {
		if (http) {
			*bad = auth_start;
			return H1_E_TARGET_USERINFO;
		}
		for (i = auth_start; i < at;) {
			i = scan_pct(t, i, at, H1C_REGNAME, bad);
			if (i == (size_t)-1)
				return H1_E_TARGET_PCT;
			if (i < at && t[i] != ':') {
				*bad = i;
				return H1_E_TARGET_AUTHORITY;
			}
			if (i < at)
				i++;
		}
		auth_start = at + 1;
	}
	if (check_hostport(t + auth_start, auth_end - auth_start, 0, &host_len, bad) != 0) {
		*bad += auth_start;
		return H1_E_TARGET_AUTHORITY;
	}
	if (http && host_len == 0) {
		*bad = auth_start;
		return H1_E_TARGET_EMPTY_HOST;
	}
	/* path-abempty [ "?" query ]: must start with '/' or '?' if present */
	return check_path_query(t, auth_end, n, lenient, bad);
}

int h1__check_target(const char *t, size_t n, int method_class, unsigned lenient, int *form, size_t *bad)
{
	size_t host_len;
	int rc;

	*form = H1_FORM_NONE;
	if (n == 0) {
		*bad = 0;
		return H1_E_TARGET_EMPTY;
	}
	if (method_class == H1M_CONNECT) {
		/* RFC 9110 §9.3.6: CONNECT names only host and port; the port is
		 * required since there is no default. */
		if (t[0] == '/' || (n == 1 && t[0] == '*')) {
			*bad = 0;
			return H1_E_TARGET_FORM;
		}
		*form = H1_FORM_AUTHORITY;
		rc = check_hostport(t, n, 1, &host_len, bad);
		if (rc == 0 && host_len == 0) {
			*bad = 0;
			rc = -1;
		}
		return rc == 0 ? 0 : H1_E_TARGET_AUTHORITY;
	}
	if (t[0] == '*' && n == 1) {
		*form = H1_FORM_ASTERISK;
		if (method_class != H1M_OPTIONS) {
			*bad = 0;
			return H1_E_TARGET_FORM;
		}
		return 0;
	}
	if (t[0] == '/') {
		*form = H1_FORM_ORIGIN;
		/* absolute-path [ "?" query ]; the leading '/' is a separator */
		return check_path_query(t, 1, n, lenient, bad);
	}
	*form = H1_FORM_ABSOLUTE;
	return check_absolute(t, n, lenient, bad);
}
