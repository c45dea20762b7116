# Real servers under test (issue 4, section 8): nginx, Apache httpd and
# lighttpd from Debian, each started on a loopback port with the minimal
# config in harness/servers/, run through the whole suite and compared with
# the committed expectations in harness/expectations/SERVER.json.
#
#   make check-servers    all three, one after the other; fails on any verdict
#                         that differs from the expectations (the diff is printed)
#   make servers-report   all three, then build/servers/report.html (a matrix)
#                         and its screenshot docs/img/servers-report.png
#   make servers-update   rewrite the expectations from a fresh run of each
#                         (then explain every new non-pass in its note)
#
# Included from the top-level Makefile (-include harness/servers/servers.mk).
# Each server gets SERVERS_TIMEOUT seconds in all (start, run, stop).

SERVERS ?= nginx apache2 lighttpd
SERVERS_TIMEOUT ?= 900
SERVERS_DIR := $(B)/servers
SERVERS_REPORT := $(SERVERS_DIR)/report.html
SERVERS_SHOT := docs/img/servers-report.png

CHECK_STEPS += check-servers

servers-deps:
	@sh scripts/deps.sh servers

# Every server runs even when an earlier one differs, so that one 'make'
# shows all the differences; the step fails if any did.
check-servers: $(B)/h1conform servers-deps
	@failed=""; \
	for s in $(SERVERS); do \
		echo "== check-servers: $$s"; \
		H1CONFORM=$(B)/h1conform H1C_SERVERS_DIR=$(SERVERS_DIR) \
			timeout $(SERVERS_TIMEOUT) sh harness/servers/run_real.sh $$s; rc=$$?; \
		[ $$rc != 124 ] || echo "check-servers: $$s took longer than $(SERVERS_TIMEOUT)s (SERVERS_TIMEOUT)"; \
		[ $$rc = 0 ] || failed="$$failed $$s"; \
	done; \
	if [ -n "$$failed" ]; then echo "check-servers: failed (differences from the expectations, or no results) for:$$failed"; exit 1; fi; \
	echo "check-servers: every verdict as expected ($(SERVERS))"

servers-update: $(B)/h1conform servers-deps
	@set -e; for s in $(SERVERS); do \
		H1CONFORM=$(B)/h1conform H1C_SERVERS_DIR=$(SERVERS_DIR) \
			timeout $(SERVERS_TIMEOUT) sh harness/servers/run_real.sh --update $$s; \
	done

# The report shows what the servers do now, so differences from the
# expectations are printed but do not stop it; a run that produced no results does.
servers-report: $(B)/h1conform servers-deps
	@sh reports/tests/deps.sh browser
	@for s in $(SERVERS); do \
		rm -f $(SERVERS_DIR)/$$s/results.json; \
		H1CONFORM=$(B)/h1conform H1C_SERVERS_DIR=$(SERVERS_DIR) \
			timeout $(SERVERS_TIMEOUT) sh harness/servers/run_real.sh $$s || true; \
		[ -s $(SERVERS_DIR)/$$s/results.json ] || { echo "servers-report: no results for $$s"; exit 1; }; \
	done
	$(B)/h1conform report -q --title "h1conform: nginx, Apache httpd and lighttpd from Debian" \
		$(foreach s,$(SERVERS),$(SERVERS_DIR)/$(s)/results.json) -o $(SERVERS_REPORT)
	sh harness/servers/screenshot.sh $(SERVERS_REPORT) $(SERVERS_SHOT)

.PHONY: servers-deps check-servers servers-update servers-report
