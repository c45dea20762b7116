# harness/: the h1conform program.
TOOL_SRC += harness/main.c harness/buf.c harness/cmd_parse.c

