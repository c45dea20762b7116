# Strict-parsing vectors for the reference parser (reference/tests/vectors/,
# one JSON object per line; see reference/tests/run_vectors.sh for the format).
# Included from reference/module.mk; 'make check' runs it as a CHECK_STEPS step.
# ($(TOOL) is defined after the module fragments are read, so the prerequisite
# names the same file as $(B)/h1conform.)
CHECK_STEPS += check-vectors

check-vectors: $(B)/h1conform
	sh reference/tests/run_vectors.sh $(TOOL) reference/tests/vectors

.PHONY: check-vectors
