# harness/: the h1conform program.
TOOL_SRC += harness/main.c harness/buf.c harness/cmd_parse.c
TOOL_SRC += harness/transport.c harness/httpdate.c harness/judge.c harness/profile.c harness/run.c harness/cmd_run.c \
	harness/serve.c harness/cmd_serve.c
TEST_SUPPORT_SRC += harness/tests/tsrv.c
UNIT_TESTS += harness/tests/test_harness_transport.c harness/tests/test_harness_httpdate.c \
	harness/tests/test_harness_judge.c harness/tests/test_harness_serve.c harness/tests/test_harness_run.c \
	harness/tests/test_harness_profile.c harness/tests/test_harness_cmd_run.c

# The embedded server must pass the whole corpus: no fail, warn or error
# (--strict makes a warning fail too).
check-serve: $(B)/h1conform
	@mkdir -p $(B)/serve-check
	sh harness/servers/serve/run.sh $(B)/h1conform --strict --no-progress -q \
		--json $(B)/serve-check/results.json --junit $(B)/serve-check/junit.xml
	@echo "check-serve: every case passes against h1conform serve"
CHECK_STEPS += check-serve
.PHONY: check-serve

# The transport over TLS, against openssl s_server on loopback.
check-tls: $(B)/h1conform
	sh harness/tests/tls_check.sh $(B)/h1conform
CHECK_STEPS += check-tls
.PHONY: check-tls

# The suite must catch every deliberate deviation of 'serve --deviate'.
check-deviations: $(B)/h1conform
	sh harness/tests/deviations_check.sh $(B)/h1conform
CHECK_STEPS += check-deviations
.PHONY: check-deviations
