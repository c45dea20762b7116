/*
 * Target profiles (see profile.h): loading and validation with jansson.
 */
#include "harness/profile.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "harness/buf.h"

void h1c_profile_default(struct h1c_profile *p, const char *url_path)
{
	unsigned long long r;
	struct timespec ts;

	memset(p, 0, sizeof(*p));
	snprintf(p->exists, sizeof(p->exists), "%s", url_path && url_path[0] == '/' ? url_path : "/");
	/* a fresh name per run, so no server can have it by accident */
	clock_gettime(CLOCK_REALTIME, &ts);
	r = (unsigned long long)ts.tv_nsec * 2654435761u ^ (unsigned long long)ts.tv_sec ^
	    ((unsigned long long)getpid() << 32);
	snprintf(p->missing, sizeof(p->missing), "/h1conform-missing-%016llx", r);
}

/* A path for a request line: "/" then visible ASCII, bounded. */
static const char *path_problem(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || s[0] != '/')
		return "must start with '/'";
	if (n >= H1C_PROFILE_PATH_MAX)
		return "is too long";
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] <= 0x20 || (unsigned char)s[i] >= 0x7f)
			return "may hold only visible ASCII characters (no spaces or controls)";
	return NULL;
}

int h1c_profile_load_buffer(const char *data, size_t len, const char *source, struct h1c_profile *p,
                            char *err, size_t errlen)
{
	static const char *const keys[] = {"name", "exists", "missing", "static", "writable", "echo"};
	char *dst[6];
	size_t cap[6];
	json_error_t je;
	json_t *root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
	const char *key;
	json_t *val;
	int rc = -1;

	dst[0] = p->name;
	cap[0] = sizeof(p->name);
	dst[1] = p->exists;
	dst[2] = p->missing;
	dst[3] = p->static_path;
	dst[4] = p->writable;
	dst[5] = p->echo;
	for (size_t i = 1; i < 6; i++)
		cap[i] = H1C_PROFILE_PATH_MAX;
	if (root == NULL) {
		snprintf(err, errlen, "%s:%d:%d: %s", source, je.line, je.column, je.text);
		return -1;
	}
	if (!json_is_object(root)) {
		snprintf(err, errlen, "%s: $: a target profile is a JSON object", source);
		goto out;
	}
	json_object_foreach(root, key, val)
	{
		size_t k, n;
		const char *s, *why;

		for (k = 0; k < 6 && strcmp(key, keys[k]) != 0; k++)
			;
		if (k == 6) {
			snprintf(err, errlen,
			         "%s: $.%.40s: unknown key (known: name, exists, missing, static, writable, "
			         "echo)",
			         source, key);
			goto out;
		}
		if (!json_is_string(val)) {
			snprintf(err, errlen, "%s: $.%s: must be a string", source, key);
			goto out;
		}
		s = json_string_value(val);
		n = json_string_length(val);
		if (k == 0) {
			why = n == 0 || n >= cap[0] || memchr(s, 0, n)
			              ? "must be a non-empty string of at most 127 bytes"
			              : NULL;
			for (size_t i = 0; why == NULL && i < n; i++)
				if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
					why = "may not hold control characters";
		} else {
			why = path_problem(s, n);
		}
		if (why) {
			snprintf(err, errlen, "%s: $.%s: \"%.60s\" %s", source, key, s, why);
			goto out;
		}
		memcpy(dst[k], s, n);
		dst[k][n] = '\0';
	}
	rc = 0;
out:
	json_decref(root);
	return rc;
}

int h1c_profile_load(const char *path, struct h1c_profile *p, char *err, size_t errlen)
{
	struct h1c_buf b = {0};
	char e[300];
	int rc;

	if (h1c_read_all(path, (size_t)1 << 20, &b, e, sizeof(e))) {
		snprintf(err, errlen, "%s", e);
		h1c_buf_free(&b);
		return -1;
	}
	rc = h1c_profile_load_buffer(b.data ? b.data : "", b.len, path, p, err, errlen);
	h1c_buf_free(&b);
	return rc;
}
