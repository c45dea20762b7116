/*
 * h1conform serve: run the embedded strict origin server (serve.h) until
 * interrupted. With --port 0 the kernel picks a free port; the first line
 * on standard output is always "listening on ADDR:PORT", flushed, so a
 * script can start the server in the background and read where it is.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "harness/commands.h"
#include "harness/serve.h"
#include "reference/h1.h"

static struct h1c_server *running;

static void on_signal(int sig)
{
	(void)sig;
	if (running)
		h1c_server_stop(running);
}

static void usage(FILE *f)
{
	fprintf(f, "usage: h1conform serve [--port N] [--bind ADDR] [--lenient F1,F2] [--deviate D] [-v]\n"
	           "\n"
	           "Run a small strict HTTP/1.1 origin server, the default target of 'h1conform run'.\n"
	           "Requests are parsed by the reference parser: what it rejects gets 400 (or 414,\n"
	           "431, 501, 505 where the RFCs name a better code) and the connection is closed.\n"
	           "\n"
	           "  --port N          port to listen on (default 8080; 0: any free port)\n"
	           "  --bind ADDR       address to listen on (default 127.0.0.1)\n"
	           "  --lenient F1,F2   accept what the named leniency flags allow ('h1conform parse\n"
	           "                    --help' lists them)\n"
	           "  --idle-timeout MS close connections idle this long (default 10000)\n"
	           "  --deviate D1,D2   break the named rules on purpose, to show that the suite\n"
	           "                    catches it (listed below; never for real use)\n"
	           "  -v                log one line per response to standard error\n"
	           "  -h, --help        this text\n"
	           "\n"
	           "resources:\n"
	           "  /              GET HEAD OPTIONS TRACE\n"
	           "  /static.txt    GET HEAD OPTIONS TRACE (ETag, Last-Modified, conditionals, ranges)\n"
	           "  /echo          POST OPTIONS TRACE (echoes the content)\n"
	           "  /upload/NAME   GET HEAD PUT DELETE OPTIONS TRACE (in-memory store)\n"
	           "  *              OPTIONS\n"
	           "\n"
	           "The first line written to standard output is 'listening on ADDR:PORT'.\n"
	           "SIGINT or SIGTERM stops the server (exit 0).\n"
	           "exit status: 0 stopped, 2 usage error or cannot listen, 4 internal error\n"
	           "\n"
	           "deviations (--deviate):\n");
	for (size_t i = 0;; i++) {
		h1c_devset flag;
		const char *what, *name = h1c_serve_deviation_info(i, &flag, &what);
		if (name == NULL)
			break;
		fprintf(f, "  %-16s %s\n", name, what);
	}
}

static int parse_int(const char *s, long lo, long hi, long *out)
{
	char *end = NULL;
	long v = strtol(s, &end, 10);

	if (end == s || *end || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

int h1c_cmd_serve(int argc, char **argv)
{
	struct h1c_serve_opts o;
	struct sigaction sa;
	char err[256];
	long v;
	int i, rc;

	memset(&o, 0, sizeof(o));
	o.port = 8080;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(a, "-v") == 0) {
			o.log = stderr;
		} else if (strcmp(a, "--port") == 0 || strcmp(a, "--bind") == 0 ||
		           strcmp(a, "--lenient") == 0 || strcmp(a, "--idle-timeout") == 0 ||
		           strcmp(a, "--deviate") == 0) {
			const char *val;
			if (i + 1 >= argc) {
				fprintf(stderr, "h1conform serve: %s needs a value\n", a);
				return 2;
			}
			val = argv[++i];
			if (strcmp(a, "--port") == 0) {
				if (parse_int(val, 0, 65535, &v)) {
					fprintf(stderr, "h1conform serve: --port: '%s' is not 0..65535\n",
					        val);
					return 2;
				}
				o.port = (int)v;
			} else if (strcmp(a, "--idle-timeout") == 0) {
				if (parse_int(val, 100, 3600000, &v)) {
					fprintf(stderr,
					        "h1conform serve: --idle-timeout: '%s' is not 100..3600000\n",
					        val);
					return 2;
				}
				o.idle_ms = (int)v;
			} else if (strcmp(a, "--deviate") == 0) {
				const char *bad = NULL;
				if (h1c_serve_deviation_parse(val, &o.deviate, &bad)) {
					fprintf(stderr,
					        "h1conform serve: --deviate: unknown deviation '%.*s' (see "
					        "--help)\n",
					        (int)strcspn(bad, ","), bad);
					return 2;
				}
			} else if (strcmp(a, "--bind") == 0) {
				o.bind = val;
			} else {
				const char *bad = NULL;
				if (h1_lenient_parse(val, &o.lenient, &bad)) {
					fprintf(stderr, "h1conform serve: --lenient: unknown flag '%.*s'\n",
					        (int)strcspn(bad, ","), bad);
					return 2;
				}
			}
		} else {
			fprintf(stderr, "h1conform serve: unknown argument '%s' (see --help)\n", a);
			return 2;
		}
	}
	if (h1c_server_open(&o, &running, err, sizeof(err))) {
		fprintf(stderr, "h1conform serve: %s\n", err);
		return 2;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	{
		const char *b = o.bind ? o.bind : "127.0.0.1";
		if (strchr(b, ':'))
			printf("listening on [%s]:%d\n", b, h1c_server_port(running));
		else
			printf("listening on %s:%d\n", b, h1c_server_port(running));
		fflush(stdout);
	}
	rc = h1c_server_run(running);
	h1c_server_free(running);
	running = NULL;
	return rc ? 4 : 0;
}
