# Shared by the fuzz scripts (sourced, POSIX sh).

# fuzz_options TARGET: the [libfuzzer] settings of fuzz/TARGET.options as
# libFuzzer flags (-key=value), one per line.
fuzz_options() {
	[ -f "fuzz/$1.options" ] || return 0
	awk '
		/^\[/ { section = $0; next }
		section == "[libfuzzer]" && /=/ {
			split($0, kv, "=")
			key = kv[1]; val = substr($0, index($0, "=") + 1)
			gsub(/[ \t]/, "", key); gsub(/^[ \t]+|[ \t]+$/, "", val)
			if (key != "dict") print "-" key "=" val
		}' "fuzz/$1.options"
}

# last_stats LOG: "execs cov ft corp exec_s" from the last status line of a
# libFuzzer log (plain or fork mode); zeros when there is none.
last_stats() {
	awk '
		/^#[0-9]+/ && / cov: / {
			execs = $1; sub(/^#/, "", execs); sub(/:$/, "", execs)
			for (i = 1; i <= NF; i++) {
				if ($i == "cov:") cov = $(i + 1)
				if ($i == "ft:") ft = $(i + 1)
				if ($i == "corp:") { corp = $(i + 1); sub(/\/.*/, "", corp) }
				if ($i == "exec/s:" || $i == "exec/s") es = $(i + 1)
			}
		}
		END { printf "%s %s %s %s %s\n", execs + 0, cov + 0, ft + 0, corp + 0, es + 0 }' "$1"
}
