/*
 * The subcommands of h1conform. Each takes the arguments after its own name
 * (argv[0] is the subcommand name) and returns the process exit status.
 */
#ifndef H1C_COMMANDS_H
#define H1C_COMMANDS_H

int h1c_cmd_parse(int argc, char **argv);
int h1c_cmd_run(int argc, char **argv);
int h1c_cmd_serve(int argc, char **argv);
int h1c_cmd_check_cases(int argc, char **argv);
int h1c_cmd_report(int argc, char **argv);

#endif
