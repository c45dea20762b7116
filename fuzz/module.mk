# fuzz/: libFuzzer targets with oracles, their replay build, campaigns.
#
# Two builds of every target, side by side:
#   $(B)/fuzz/<target>         clang, libFuzzer + ASan + UBSan (fuzzing)
#   $(B)/fuzz-replay/<target>  gcc, replay_main.c + ASan + UBSan, no libFuzzer
#                              (make check replays the corpus and regressions)
# fuzz_diff also links the peers it compares against, from Debian packages:
# llhttp compiled from node-llhttp's sources, picohttpparser from libh2o.
#
#   make fuzz            campaign: FUZZ_TIME s per target, FUZZ_JOBS jobs
#   make fuzz-seeds      regenerate seed corpora from cases/
#   make fuzz-coverage   llvm-cov HTML report of reference/ from the corpora
#   make fuzz-build      just the fuzzers
# make check runs fuzz-replay, fuzz-smoke and fuzz-buildsh (CHECK_STEPS).

FUZZ_TARGETS := fuzz_request fuzz_response fuzz_chunked fuzz_split fuzz_roundtrip fuzz_serialize \
	fuzz_case_loader fuzz_judge fuzz_diff
FUZZ_TIME ?= 60
FUZZ_JOBS ?= 2

FZ_B := $(B)/fuzz
FZ_RB := $(B)/fuzz-replay
FUZZ_CC ?= clang
FUZZ_GCC ?= gcc
FZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all
FZ_FLAGS := -std=c11 -g -O1 -fno-omit-frame-pointer $(WARN) -I. -D_GNU_SOURCE

# The peers of fuzz_diff, where Debian installs them (never vendored).
LLHTTP_DIR := /usr/share/llhttp
LLHTTP_INC := /usr/share/include/llhttp
LLHTTP_SRC := $(LLHTTP_DIR)/api.c $(LLHTTP_DIR)/http.c $(LLHTTP_DIR)/llhttp.c
H2O_SO := /usr/lib/x86_64-linux-gnu/libh2o.so.0.13.5

FZ_REF_OBJ = $(REFERENCE_SRC:%.c=$(FZ_B)/obj/%.o)
FZ_COMMON_OBJ := $(FZ_B)/obj/fuzz/fuzz_common.o
FZ_LLHTTP_OBJ := $(FZ_B)/obj/llhttp/api.o $(FZ_B)/obj/llhttp/http.o $(FZ_B)/obj/llhttp/llhttp.o
FZ_RREF_OBJ = $(REFERENCE_SRC:%.c=$(FZ_RB)/obj/%.o)
FZ_RCOMMON_OBJ := $(FZ_RB)/obj/fuzz/fuzz_common.o $(FZ_RB)/obj/fuzz/replay_main.o
FZ_RLLHTTP_OBJ := $(FZ_RB)/obj/llhttp/api.o $(FZ_RB)/obj/llhttp/http.o $(FZ_RB)/obj/llhttp/llhttp.o

# Open bugs of reference/ the oracles let pass, compiled into the driver
# (see fuzz/known-bugs; fuzz/build.sh does the same for ClusterFuzzLite).
FZ_KNOWN := $(shell sed -n 's/^\([a-z0-9-][a-z0-9-]*\).*/\1/p' fuzz/known-bugs 2>/dev/null | paste -sd, -)
$(FZ_B)/obj/fuzz/fuzz_common.o $(FZ_RB)/obj/fuzz/fuzz_common.o: fuzz/known-bugs
$(FZ_B)/obj/fuzz/fuzz_common.o $(FZ_RB)/obj/fuzz/fuzz_common.o: FZ_FLAGS += -DFZ_KNOWN_BUGS='"$(FZ_KNOWN)"'

# Code of other modules under test: the case loader (with jansson) and the
# response judge (which matches outcomes of the case model, so it needs
# the loader too).
FZ_CASES_SRC = $(filter cases/h1k_%.c,$(TOOL_SRC))
FZ_JUDGE_SRC = harness/judge.c harness/buf.c harness/httpdate.c $(FZ_CASES_SRC)
FZ_JANSSON = $(shell pkg-config --libs jansson 2>/dev/null || echo -ljansson)

FUZZ_BINS := $(FUZZ_TARGETS:%=$(FZ_B)/%)
FUZZ_REPLAY_BINS := $(FUZZ_TARGETS:%=$(FZ_RB)/%)

FZ_DEPS := $(B)/.deps-fuzz
$(FZ_DEPS):
	@sh scripts/deps.sh build fuzz bench
	@mkdir -p $(@D) && touch $@

# --- libFuzzer build (clang) ------------------------------------------------
$(FZ_B)/obj/%.o: %.c | $(FZ_DEPS)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FZ_FLAGS) -fsanitize=fuzzer-no-link $(FZ_SAN) -MMD -MP -c -o $@ $<

$(FZ_LLHTTP_OBJ): $(FZ_B)/obj/llhttp/%.o: $(LLHTTP_DIR)/%.c | $(FZ_DEPS)
	@mkdir -p $(@D)
	$(FUZZ_CC) -std=c11 -g -O1 -w -I$(LLHTTP_INC) -fsanitize=fuzzer-no-link $(FZ_SAN) -c -o $@ $<

$(FZ_B)/fuzz_diff: $(FZ_B)/obj/fuzz/fuzz_diff.o $(FZ_COMMON_OBJ) $(FZ_REF_OBJ) $(FZ_LLHTTP_OBJ)
	$(FUZZ_CC) -fsanitize=fuzzer $(FZ_SAN) -o $@ $^ $(H2O_SO)

$(FZ_B)/fuzz_case_loader: $(FZ_B)/obj/fuzz/fuzz_case_loader.o $(FZ_COMMON_OBJ) $(FZ_REF_OBJ) \
		$(FZ_CASES_SRC:%.c=$(FZ_B)/obj/%.o)
	$(FUZZ_CC) -fsanitize=fuzzer $(FZ_SAN) -o $@ $^ $(FZ_JANSSON)

$(FZ_B)/fuzz_judge: $(FZ_B)/obj/fuzz/fuzz_judge.o $(FZ_COMMON_OBJ) $(FZ_REF_OBJ) \
		$(FZ_JUDGE_SRC:%.c=$(FZ_B)/obj/%.o)
	$(FUZZ_CC) -fsanitize=fuzzer $(FZ_SAN) -o $@ $^ $(FZ_JANSSON)

$(FZ_B)/fuzz_%: $(FZ_B)/obj/fuzz/fuzz_%.o $(FZ_COMMON_OBJ) $(FZ_REF_OBJ)
	$(FUZZ_CC) -fsanitize=fuzzer $(FZ_SAN) -o $@ $^

$(FZ_B)/obj/fuzz/fuzz_diff.o: FZ_FLAGS += -I$(LLHTTP_INC)

# --- replay build (gcc, no libFuzzer) ----------------------------------------
$(FZ_RB)/obj/%.o: %.c | $(FZ_DEPS)
	@mkdir -p $(@D)
	$(FUZZ_GCC) $(FZ_FLAGS) $(FZ_SAN) -MMD -MP -c -o $@ $<

$(FZ_RLLHTTP_OBJ): $(FZ_RB)/obj/llhttp/%.o: $(LLHTTP_DIR)/%.c | $(FZ_DEPS)
	@mkdir -p $(@D)
	$(FUZZ_GCC) -std=c11 -g -O1 -w -I$(LLHTTP_INC) $(FZ_SAN) -c -o $@ $<

$(FZ_RB)/fuzz_diff: $(FZ_RB)/obj/fuzz/fuzz_diff.o $(FZ_RCOMMON_OBJ) $(FZ_RREF_OBJ) $(FZ_RLLHTTP_OBJ)
	$(FUZZ_GCC) $(FZ_SAN) -o $@ $^ $(H2O_SO)

$(FZ_RB)/fuzz_case_loader: $(FZ_RB)/obj/fuzz/fuzz_case_loader.o $(FZ_RCOMMON_OBJ) $(FZ_RREF_OBJ) \
		$(FZ_CASES_SRC:%.c=$(FZ_RB)/obj/%.o)
	$(FUZZ_GCC) $(FZ_SAN) -o $@ $^ $(FZ_JANSSON)

$(FZ_RB)/fuzz_judge: $(FZ_RB)/obj/fuzz/fuzz_judge.o $(FZ_RCOMMON_OBJ) $(FZ_RREF_OBJ) \
		$(FZ_JUDGE_SRC:%.c=$(FZ_RB)/obj/%.o)
	$(FUZZ_GCC) $(FZ_SAN) -o $@ $^ $(FZ_JANSSON)

$(FZ_RB)/fuzz_%: $(FZ_RB)/obj/fuzz/fuzz_%.o $(FZ_RCOMMON_OBJ) $(FZ_RREF_OBJ)
	$(FUZZ_GCC) $(FZ_SAN) -o $@ $^

$(FZ_RB)/obj/fuzz/fuzz_diff.o: FZ_FLAGS += -I$(LLHTTP_INC)

fuzz-build: $(FUZZ_BINS)
fuzz-replay-build: $(FUZZ_REPLAY_BINS)

# --- check steps -------------------------------------------------------------
# Replay every committed input: the corpus and the regressions (crashes
# found, minimised). Regressions of bugs not fixed yet wait in
# fuzz/regressions/<target>/open/, which the replay does not enter.
fuzz-replay: $(FUZZ_REPLAY_BINS)
	@set -e; for t in $(FUZZ_TARGETS); do \
		dirs=""; for d in fuzz/corpus/$$t fuzz/regressions/$$t; do \
			[ -d $$d ] && dirs="$$dirs $$d"; done; \
		printf '== replay %-16s ' $$t; $(FZ_RB)/$$t $$dirs; \
	done

# Each fuzzer briefly, deterministic (fixed seed and run count), on the
# committed corpus; new inputs go to a scratch directory, never the corpus.
FUZZ_SMOKE_RUNS ?= 100000
fuzz-smoke: $(FUZZ_BINS)
	@sh fuzz/tools/smoke.sh $(FZ_B) $(FUZZ_SMOKE_RUNS) $(FUZZ_TARGETS)

# fuzz/build.sh the way OSS-Fuzz and ClusterFuzzLite call it.
fuzz-buildsh: | $(FZ_DEPS)
	@sh fuzz/tools/check_buildsh.sh $(FUZZ_TARGETS)

CHECK_STEPS += fuzz-replay fuzz-smoke fuzz-buildsh

# --- campaigns, seeds, coverage ------------------------------------------------
fuzz: $(FUZZ_BINS)
	@FUZZ_TIME=$(FUZZ_TIME) FUZZ_JOBS=$(FUZZ_JOBS) sh fuzz/campaign.sh $(FZ_B) $(FUZZ_TARGETS)

fuzz-seeds:
	python3 fuzz/tools/seeds.py

fuzz-coverage: | $(FZ_DEPS)
	@sh fuzz/tools/coverage.sh $(B)/fuzz-cov $(FUZZ_TARGETS)


.PHONY: fuzz fuzz-build fuzz-replay-build fuzz-replay fuzz-smoke fuzz-buildsh fuzz-seeds fuzz-coverage
