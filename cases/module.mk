# cases/: the case format, its loader (h1k_*), the JSON Schema and
# 'h1conform check-cases' (which lives in harness/ because it drives the
# reference parser through the same engine as 'h1conform parse').
TOOL_SRC += cases/h1k_diag.c cases/h1k_octets.c cases/h1k_expand.c cases/h1k_locate.c \
	cases/h1k_load.c cases/h1k_dir.c
TOOL_SRC += harness/cmd_check_cases.c
UNIT_TESTS += cases/tests/test_cases_load.c cases/tests/test_cases_expand.c \
	cases/tests/test_cases_dir.c cases/tests/test_cases_check.c

# The schema must accept the corpus and the valid fixtures, reject the
# malformed ones, and know exactly the error ids and flags of reference/.
check-cases-schema: $(TOOL)
	sh cases/tests/schema_check.sh $(TOOL)
CHECK_STEPS += check-cases-schema

# The reference parser must do with every case's bytes what the case says.
check-cases-corpus: $(TOOL)
	$(TOOL) check-cases cases
CHECK_STEPS += check-cases-corpus

# Every case id that cases/REQUIREMENTS.md names must exist (the script
# comes with the corpus).
ifneq ($(wildcard cases/tools/check_requirements.sh),)
check-cases-requirements: $(TOOL)
	sh cases/tools/check_requirements.sh
CHECK_STEPS += check-cases-requirements
endif

.PHONY: check-cases-schema check-cases-corpus check-cases-requirements
