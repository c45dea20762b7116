# reference/: the strict HTTP/1.1 parser and serializer (libc only).
REFERENCE_SRC += reference/h1_errors.c reference/h1_chars.c reference/h1_uri.c \
	reference/h1_parser.c reference/h1_serialize.c
UNIT_TESTS += 

