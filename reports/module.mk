# reports/: the result model and its writers (results JSON, JUnit XML, HTML,
# terminal) and baselines. Depends on jansson only; see reports/README.md.

REPORTS_SRC := reports/h1r_model.c reports/h1r_text.c reports/h1r_table.c \
	reports/h1r_json.c reports/h1r_junit.c reports/h1r_html.c reports/h1r_term.c \
	reports/h1r_baseline.c

# 'h1conform report' lives with the other subcommands but belongs to this
# module. filter-out keeps it listed once should harness/module.mk list it too.
TOOL_SRC := $(filter-out harness/cmd_report.c,$(TOOL_SRC)) $(REPORTS_SRC) harness/cmd_report.c

UNIT_TESTS += reports/tests/test_reports_model.c reports/tests/test_reports_json.c \
	reports/tests/test_reports_junit.c reports/tests/test_reports_html.c \
	reports/tests/test_reports_term.c reports/tests/test_reports_baseline.c \
	reports/tests/test_reports_cmd.c

# Steps 'make check' runs after the unit tests. They need the program itself
# ($(TOOL) is defined after the fragments are read, hence $(B)/h1conform).
CHECK_STEPS += check-reports-xml check-reports-browser
CLEAN_EXTRA += reports/out

# JUnit against reports/tests/junit.xsd, the HTML as XML and as HTML, the
# CSP hash of the inline script, hostile-content checks; needs xmllint.
check-reports-xml: $(B)/h1conform
	@sh reports/tests/deps.sh xml
	sh reports/tests/xml_check.sh $(B)/h1conform $(B)/reports

# The report in headless Chromium: counts, console errors, a screenshot
# ($(B)/reports/report.png).
check-reports-browser: $(B)/h1conform
	@sh reports/tests/deps.sh xml browser
	sh reports/tests/browser_check.sh $(B)/h1conform $(B)/reports

.PHONY: check-reports-xml check-reports-browser
