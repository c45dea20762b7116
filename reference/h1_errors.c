/*
 * Lookups into the error table (h1_errors.def) and the leniency flag names.
 *
 * Both tables are generated from one source each, so a name, its number, its
 * message and its RFC section can never drift apart.
 */
#include "reference/h1.h"

#include <string.h>

struct error_row {
	const char *name;
	const char *section;
	const char *message;
};

static const struct error_row error_rows[H1_E__LAST] = {
        [H1_E_NONE] = {NULL, NULL, NULL},
#define X(num, id, name, section, message) [num] = {name, section, message},
#include "reference/h1_errors.def"
#undef X
};

static const struct error_row *row(int code)
{
	if (code <= H1_E_NONE || code >= H1_E__LAST)
		return NULL;
	return &error_rows[code];
}

const char *h1_error_name(int code)
{
	const struct error_row *r = row(code);
	return r ? r->name : NULL;
}

const char *h1_error_section(int code)
{
	const struct error_row *r = row(code);
	return r ? r->section : NULL;
}

const char *h1_error_message(int code)
{
	const struct error_row *r = row(code);
	return r ? r->message : NULL;
}

int h1_error_from_name(const char *name)
{
	int code;

	if (name == NULL)
		return H1_E_NONE;
	for (code = 1; code < H1_E__LAST; code++)
		if (error_rows[code].name && strcmp(error_rows[code].name, name) == 0)
			return code;
	return H1_E_NONE;
}

int h1_error_retired(int code)
{
	return code == H1_E_FRAMING_CONNECT_2XX;
}

/* Flag names, in bit order; used by the CLI, case files and reports. */
/* clang-format off */
static const char *const lenient_names[H1_LENIENT__COUNT] = {
	"bare-lf",	   "obs-fold",	     "ws-before-colon",	 "missing-host",
	"http09",	   "te-and-cl",	     "chunk-size-ws",	 "cl-list",
	"request-line-ws", "bare-cr",	     "ctl-in-value",	 "status-no-sp",
	"no-body-framing", "te-http10",	     "te-unknown",	 "target-chars",
	"host-duplicate",  "trailer-fields",
};
/* clang-format on */

const char *h1_lenient_name(unsigned flag)
{
	unsigned i;

	for (i = 0; i < H1_LENIENT__COUNT; i++)
		if (flag == (1u << i))
			return lenient_names[i];
	return NULL;
}

int h1_lenient_parse(const char *list, unsigned *flags, const char **bad)
{
	const char *p = list;
	unsigned out = 0;

	while (*p) {
		const char *end = p;
		size_t n;
		unsigned i;
		int found = 0;

		while (*end && *end != ',')
			end++;
		n = (size_t)(end - p);
		if (n == 3 && memcmp(p, "all", 3) == 0) {
			out |= (1u << H1_LENIENT__COUNT) - 1;
			found = 1;
		}
		for (i = 0; i < H1_LENIENT__COUNT && !found; i++) {
			if (strlen(lenient_names[i]) == n && memcmp(lenient_names[i], p, n) == 0) {
				out |= 1u << i;
				found = 1;
			}
		}
		if (!found && n > 0) {
			if (bad)
				*bad = p;
			return -1;
		}
		p = *end ? end + 1 : end;
	}
	*flags = out;
	return 0;
}
