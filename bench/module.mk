# bench/: the reference parser against picohttpparser, llhttp and
# http-parser, and the speed of a whole suite run (see bench/README.md).
#
#   make bench      install the peers (scripts/deps.sh bench), build
#                   $(B)/bench/bench_parsers, run bench/run.sh
#
# The peers come from Debian and are never copied into the tree: llhttp is
# compiled from node-llhttp's sources with our compiler and $(OPT);
# http-parser is Debian's static library; picohttpparser is called inside
# Debian's libh2o shared library, linked by path.

MULTIARCH ?= $(shell $(CC) -print-multiarch 2>/dev/null || echo x86_64-linux-gnu)
LLHTTP_DIR ?= /usr/share/llhttp
LLHTTP_INC ?= /usr/share/include/llhttp
H2O_LIB ?= /usr/lib/$(MULTIARCH)/libh2o.so.0.13.5
HTTP_PARSER_LIB ?= /usr/lib/$(MULTIARCH)/libhttp_parser.a

BENCH_SRC := bench/bench_parsers.c bench/peer_reference.c bench/peer_pico.c \
	bench/peer_llhttp.c bench/peer_http_parser.c
BENCH_OBJ = $(BENCH_SRC:%.c=$(B)/%.o)
LLHTTP_OBJ = $(B)/bench/llhttp/api.o $(B)/bench/llhttp/http.o $(B)/bench/llhttp/llhttp.o
BENCH_BIN = $(B)/bench/bench_parsers

$(B)/bench/peer_llhttp.o: CPPFLAGS += -I$(LLHTTP_INC)

# Not our code: no warnings, but the same optimisation as ours.
$(B)/bench/llhttp/%.o: $(LLHTTP_DIR)/%.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) -std=gnu99 $(OPT) -w -I$(LLHTTP_INC) -c -o $@ $<

$(BENCH_BIN): $(BENCH_OBJ) $(LLHTTP_OBJ) $(B)/libh1reference.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(HTTP_PARSER_LIB) $(H2O_LIB)

# LD_PRELOAD helper of suite.sh: counts the connections of one run.
$(B)/bench/connect_count.so: bench/connect_count.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -fPIC -shared -o $@ $< -ldl

# The deps script runs before the sub-make reads the peers' paths. The tool
# is built for the suite timing; if it does not build, run.sh says so and
# the parser benchmark still runs.
bench:
	@sh scripts/deps.sh bench
	$(MAKE) $(BENCH_BIN) $(B)/bench/connect_count.so
	-$(MAKE) $(TOOL)
	@B='$(B)' CC='$(CC)' BENCH_CFLAGS='$(OPT) $(CFLAGS)' sh bench/run.sh

.PHONY: bench
