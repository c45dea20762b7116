#!/usr/bin/env python3
"""Turn an interesting fuzz input into a draft case file for review.

usage: python3 fuzz/tools/draft_case.py TARGET INPUT [--note TEXT] [--out DIR]

TARGET is the fuzz target the input belongs to (it says how many control
bytes precede the stream): fuzz_request, fuzz_split, fuzz_chunked,
fuzz_roundtrip or fuzz_diff, in request mode. The stream is run through
`h1conform parse` (build/h1conform; `make` builds it) strictly and under
each leniency flag the input enabled, and the draft records what the
reference parser does: verdict, error id, per-flag verdicts. Everything
that needs a human (title, requirement, the outcomes a server may choose)
is marked TODO; the draft is not a valid case until those are filled in.

Drafts go to fuzz/drafts/ (git-ignored), named <target>-<sha1 prefix>.json.
To adopt one: fill in the TODOs following cases/FORMAT.md, move it to
cases/<document>/<section>/<name>.json (its path is its id), and run the
cases check (`h1conform check-cases` / `make check`) to confirm the
`reference` block.
"""
import argparse
import hashlib
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import seeds  # noqa: E402  (the leniency group table lives there)

GROUP_FLAGS = {}
for name, bit in seeds.LENIENT_GROUP.items():
    GROUP_FLAGS.setdefault(bit, []).append(name)

HEAD_CHUNKED = (b"POST /upload HTTP/1.1\r\nHost: example.test\r\n"
                b"Transfer-Encoding: chunked\r\n\r\n")


def split_input(target, data):
    """(stream, leniency flag names) of a fuzz input, or raise ValueError."""
    def flags(b):
        return sorted(f for bit, names in GROUP_FLAGS.items() if b & (1 << bit) for f in names)
    if not data:
        return b"", []
    if target == "fuzz_request":
        return data[1:], flags(data[0])
    if target == "fuzz_chunked":
        k = data[1] & 15 if len(data) > 1 else 0
        return HEAD_CHUNKED + data[2 + k:], flags(data[0])
    if target == "fuzz_split":
        if data[0] & 1:
            raise ValueError("a response input: cases hold requests")
        k = data[3] & 15 if len(data) > 3 else 0
        skip = 4 + k + (5 if data[0] & 2 else 0)
        return data[skip:], flags(data[1] if len(data) > 1 else 0)
    if target in ("fuzz_roundtrip", "fuzz_diff"):
        if data[0] & 1:
            raise ValueError("a response input: cases hold requests")
        return data[1:], []
    raise ValueError(f"no drafts from {target} inputs")


def parse(tool, stream, lenient=None):
    cmd = [tool, "parse"] + (["--lenient", lenient] if lenient else []) + ["-"]
    r = subprocess.run(cmd, input=stream, capture_output=True)
    if r.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(cmd)}: exit {r.returncode}: {r.stderr.decode(errors='replace')}")
    try:
        lines = [json.loads(x) for x in r.stdout.decode("latin-1").splitlines() if x.strip()]
    except json.JSONDecodeError as e:
        # a parser bug, not a verdict: leave it to the reviewer
        print(f"draft_case: {' '.join(cmd)} printed invalid JSON ({e})", file=sys.stderr)
        return {"verdict": "TODO: h1conform parse printed invalid JSON"}
    bad = [x for x in lines if not x.get("ok")]
    if bad:
        return {"verdict": "reject", "error": bad[0]["error"]}
    if not lines:
        return {"verdict": "reject", "error": "incomplete-head"}
    return {"verdict": "accept"}


def as_send(stream):
    text = stream.decode("latin-1").replace("{", "{{").replace("}", "}}")
    return text.replace("example.test", "{host}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("target")
    ap.add_argument("input")
    ap.add_argument("--note", default="", help="where the input came from (e.g. a diff class)")
    ap.add_argument("--out", default="fuzz/drafts")
    ap.add_argument("--tool", default="build/h1conform")
    args = ap.parse_args()

    with open(args.input, "rb") as f:
        data = f.read()
    try:
        stream, lenient = split_input(args.target, data)
    except ValueError as e:
        print(f"draft_case: {e}", file=sys.stderr)
        return 2
    if not os.access(args.tool, os.X_OK):
        print(f"draft_case: {args.tool} not built (run make)", file=sys.stderr)
        return 2

    ref = parse(args.tool, stream)
    per_flag = {}
    for name in lenient:
        per_flag[name] = parse(args.tool, stream, name)
    if per_flag:
        ref["lenient"] = per_flag

    if ref["verdict"] == "reject":
        outcomes = [
            {"responses": [{"status": "400"}], "connection": "closed"},
            {"responses": [], "connection": "closed"},
        ]
    else:
        outcomes = [{"responses": [{"status": ["2xx", "3xx", "4xx"]}]}]
    digest = hashlib.sha1(data).hexdigest()
    source = f"{args.target} input {digest[:12]}" + (f", {args.note}" if args.note else "")
    case = {
        "title": f"TODO: what this tests (from {source})",
        "requirement": {"document": "RFC 9112", "section": "TODO", "level": "TODO",
                        "text": "TODO: the requirement in our own words"},
        "tags": ["fuzz"],
        "send": as_send(stream),
        "reference": ref,
        "expect": {"outcomes": outcomes},
    }
    os.makedirs(args.out, exist_ok=True)
    path = os.path.join(args.out, f"{args.target}-{digest[:12]}.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(case, f, indent=2, ensure_ascii=True)
        f.write("\n")
    print(f"{path}: {ref['verdict']}" + (f" ({ref['error']})" if "error" in ref else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
