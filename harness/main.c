/*
 * h1conform: the command-line entry point.
 *
 * The program is a set of subcommands (git style). This file only chooses
 * one from the table below and hands it the remaining arguments; each
 * subcommand owns its options, help text and exit codes. Exit codes are
 * shared across subcommands (see docs/h1conform.1):
 *   0 success / conforming, 1 deviations or rejected input,
 *   2 usage or input-file error, 3 target unreachable, 4 internal error.
 */
#include <stdio.h>
#include <string.h>

#include "harness/commands.h"

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
        {"parse", h1c_cmd_parse, "parse HTTP/1.1 messages with the strict reference parser, print JSON"},
        {"run", h1c_cmd_run, "send the cases to a live server and judge its responses"},
        {"serve", h1c_cmd_serve, "run the embedded strict HTTP/1.1 origin server (the default target)"},
        {"check-cases", h1c_cmd_check_cases, "check the reference parser against every case file"},
        {"report", h1c_cmd_report, "render results JSON as HTML, JUnit XML and a terminal summary"},
};

static void usage(FILE *out)
{
	size_t i;

	fprintf(out, "usage: h1conform <command> [options] [args]\n\n"
	             "HTTP/1.1 conformance testing against RFC 9110 and RFC 9112.\n\n"
	             "commands:\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-12s %s\n", commands[i].name, commands[i].summary);
	fprintf(out, "\n'h1conform <command> --help' describes each command.\n"
	             "exit status: 0 ok, 1 deviations or rejected input, 2 usage or input error,\n"
	             "             3 target unreachable, 4 internal error\n");
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
		printf("h1conform %s\n", H1C_VERSION);
		return 0;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	}
	fprintf(stderr, "h1conform: unknown command '%s'\n\n", argv[1]);
	usage(stderr);
	return 2;
}
