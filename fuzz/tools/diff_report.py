#!/usr/bin/env python3
"""Summarise the disagreements fuzz_diff recorded.

usage: python3 fuzz/tools/diff_report.py [DIR] [--examples N] [--bin PATH]

DIR (default fuzz/diffs) holds one directory per class, as fuzz_diff writes
them when H1_DIFF_DIR is set (make fuzz sets it). For every class: the
number of inputs, then the N shortest, each shown as the escaped stream and
every parser's view of it (replayed through the fuzz_diff replay binary with
H1_DIFF_VERBOSE=1). This is the raw material of fuzz/DIFFERENTIAL.md, and
fuzz/tools/draft_case.py turns an example into a draft case.
"""
import argparse
import os
import subprocess
import sys


def escape(b):
    out = []
    for c in b:
        if c == 0x0d:
            out.append("\\r")
        elif c == 0x0a:
            out.append("\\n")
        elif c == 0x09:
            out.append("\\t")
        elif 0x20 <= c < 0x7f and c != 0x5c:
            out.append(chr(c))
        else:
            out.append(f"\\x{c:02x}")
    return "".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir", nargs="?", default="fuzz/diffs")
    ap.add_argument("--examples", type=int, default=2)
    ap.add_argument("--bin", default="build/fuzz-replay/fuzz_diff")
    args = ap.parse_args()
    if not os.path.isdir(args.dir):
        print(f"diff_report: no {args.dir} (run make fuzz, or fuzz_diff with H1_DIFF_DIR)", file=sys.stderr)
        return 2
    env = dict(os.environ, H1_DIFF_VERBOSE="1")
    env.pop("H1_DIFF_DIR", None)
    for cls in sorted(os.listdir(args.dir)):
        d = os.path.join(args.dir, cls)
        files = sorted((os.path.getsize(os.path.join(d, f)), f) for f in os.listdir(d))
        print(f"## {cls}: {len(files)} inputs")
        for _, f in files[:args.examples]:
            path = os.path.join(d, f)
            with open(path, "rb") as fh:
                data = fh.read()
            kind = "response" if data and data[0] & 1 else "request"
            print(f"\n{path} ({kind}):\n    \"{escape(data[1:])}\"")
            r = subprocess.run([args.bin, path], capture_output=True, env=env)
            for line in r.stderr.decode(errors="replace").splitlines():
                print("    " + line)
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
