# harness/: the h1conform program.
TOOL_SRC += harness/main.c harness/buf.c harness/cmd_parse.c

UNIT_TESTS += harness/tests/test_harness_parse.c
