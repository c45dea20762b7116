# reference/: the strict HTTP/1.1 parser and serializer (libc only).
REFERENCE_SRC += reference/h1_errors.c reference/h1_chars.c reference/h1_uri.c \
	reference/h1_parser.c reference/h1_serialize.c
UNIT_TESTS += reference/tests/test_h1_parser.c reference/tests/test_h1_serialize.c \
	reference/tests/test_h1_chars.c
TEST_SUPPORT_SRC += reference/tests/h1_trace.c

# The JSON contract of 'h1conform parse' (harness/cmd_parse.c), the
# reference parser's command-line face.
UNIT_TESTS += harness/tests/test_harness_parse.c
include reference/tests/vectors.mk
