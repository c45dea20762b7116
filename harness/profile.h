/*
 * Target profiles: what the suite may assume about the server under test.
 *
 * A profile is a small JSON file (--target-profile FILE):
 *
 *   {
 *     "name": "nginx",                          label of the run (optional)
 *     "exists": "/",                            a path that returns content ({path})
 *     "missing": "/no-such-thing",              a path that does not exist ({missing})
 *     "static": "/static.txt",                  a static resource with ETag and
 *                                               Last-Modified ({static}; the harness
 *                                               fetches {etag} and {last_modified})
 *     "writable": "/upload/h1conform.txt",      where PUT and DELETE work ({writable})
 *     "echo": "/echo"                           echoes the request content ({echo})
 *   }
 *
 * Every key is optional. Without a profile (or without "exists") {path} is
 * the path of the URL given to 'run' ("/" by default); without "missing" a
 * random path is made up per run. Cases that need "static", "writable" or
 * "echo" are skipped when the profile lacks them. Paths must start with
 * "/" and hold only visible ASCII (they go into request lines unchanged).
 * Unknown keys and wrong types are errors, as in case files.
 */
#ifndef H1C_PROFILE_H
#define H1C_PROFILE_H

#include <stddef.h>

#define H1C_PROFILE_PATH_MAX 1024

struct h1c_profile {
	char name[128];
	char exists[H1C_PROFILE_PATH_MAX];
	char missing[H1C_PROFILE_PATH_MAX];
	char static_path[H1C_PROFILE_PATH_MAX]; /* "" when absent */
	char writable[H1C_PROFILE_PATH_MAX];
	char echo[H1C_PROFILE_PATH_MAX];
};

/* The profile without a file: exists = url_path (NULL: "/"), a random
 * missing path, no static, writable or echo. */
void h1c_profile_default(struct h1c_profile *p, const char *url_path);

/*
 * Read a profile file over the defaults already in *p (call
 * h1c_profile_default first). Returns 0, or -1 with a message in err
 * shaped "FILE:LINE:COL: message" or "FILE: $.key: message".
 */
int h1c_profile_load(const char *path, struct h1c_profile *p, char *err, size_t errlen);

/* As h1c_profile_load, from data[0..len); source names it in messages. */
int h1c_profile_load_buffer(const char *data, size_t len, const char *source, struct h1c_profile *p,
                            char *err, size_t errlen);

#endif
