#!/bin/sh
# Run the strict-parsing vectors in reference/tests/vectors/*.jsonl through
# 'h1conform parse' and compare verdicts and parsed messages.
#
# usage: run_vectors.sh [TOOL [VECTOR_DIR]]
#        TOOL defaults to build/h1conform, VECTOR_DIR to the vectors/ folder
#        next to this script. VECTORS_ONLY=substring limits the run to the
#        vectors whose id contains it.
#
# Each vector is a JSON object on one line:
#   id, why, mode ("request"|"response"), methods (optional list),
#   lenient (optional list), input (one code point per octet),
#   expect ("accept"|"reject"), messages (the exact objects the tool prints
#   for accepted messages, in order; for a reject, those printed before the
#   error), error (optional: the error id the rejection must carry),
#   disputed (optional: true while the lead resolves a disagreement; see
#   vectors/DISAGREEMENTS.md).
#
# A vector passes when
#   accept: exit status 0 and the printed objects equal 'messages';
#   reject: exit status 1, the last printed object has "ok":false (and the
#           given error id, if any) and the objects before it equal
#           'messages';
# and, in both cases, feeding the input one octet at a time (--split 1)
# prints exactly the same thing.
# Disputed vectors that fail are listed but do not fail the run.
# The last line is 'vectors: N passed, N failed'; the exit status is non-zero
# when any vector failed.
set -eu
here=$(dirname "$0")
tool=${1:-build/h1conform}
dir=${2:-$here/vectors}
[ -x "$tool" ] || { echo "run_vectors.sh: $tool is not an executable" >&2; exit 2; }
[ -d "$dir" ] || { echo "run_vectors.sh: no vector directory $dir" >&2; exit 2; }
command -v python3 >/dev/null 2>&1 || { echo "run_vectors.sh: python3 is required (scripts/deps.sh build)" >&2; exit 2; }

exec python3 - "$tool" "$dir" <<'PY'
import glob, json, os, subprocess, sys

tool, vdir = sys.argv[1], sys.argv[2]
only = os.environ.get("VECTORS_ONLY", "")
KEYS = {"id", "why", "mode", "methods", "lenient", "input", "expect", "messages", "error", "disputed"}

def compact(o):
    return json.dumps(o, ensure_ascii=True, separators=(",", ":"))

def run(v, split):
    args = [tool, "parse"]
    if v["mode"] == "response":
        args.append("--response")
    if v.get("methods"):
        args += ["--method", ",".join(v["methods"])]
    if v.get("lenient"):
        args += ["--lenient", ",".join(v["lenient"])]
    if split:
        args += ["--split", "1"]
    args.append("-")
    try:
        p = subprocess.run(args, input=v["input"].encode("latin-1"), stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=20)
    except subprocess.TimeoutExpired:
        return None, [], "timeout"
    except OSError as e:
        return None, [], "cannot run %s: %s" % (tool, e)
    objs, bad = [], None
    for line in p.stdout.decode("utf-8", "replace").splitlines():
        if not line.strip():
            continue
        try:
            objs.append(json.loads(line))
        except ValueError:
            bad = "unparsable output line: " + line[:200]
    return p.returncode, objs, bad or p.stderr.decode("utf-8", "replace").strip()[:200]

def judge(v, rc, objs, note):
    """Return None when the result matches the vector, else a reason."""
    if rc is None:
        return note
    if v["expect"] == "accept":
        if rc != 0 or any(o.get("ok") is not True for o in objs):
            last = objs[-1] if objs else {}
            return "rejected (rc=%s): %s" % (rc, compact(last) if last else note)
        if objs != v["messages"]:
            return "accepted but messages differ"
        return None
    if rc != 1 or not objs or objs[-1].get("ok") is not False:
        return "not rejected (rc=%s)" % rc
    if objs[:-1] != v["messages"]:
        return "rejected, but the messages before the error differ"
    if v.get("error") and objs[-1].get("error") != v["error"]:
        return "rejected with error %r, expected %r" % (objs[-1].get("error"), v["error"])
    return None

vectors, problems = [], []
seen = {}
for path in sorted(glob.glob(os.path.join(vdir, "*.jsonl"))):
    name = os.path.basename(path)
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            where = "%s:%d" % (name, n)
            try:
                v = json.loads(line)
            except ValueError as e:
                problems.append("%s: not JSON (%s)" % (where, e))
                continue
            missing = {"id", "why", "mode", "input", "expect"} - set(v)
            unknown = set(v) - KEYS
            if missing or unknown or v.get("mode") not in ("request", "response") \
                    or v.get("expect") not in ("accept", "reject") \
                    or (v["expect"] == "accept" and not v.get("messages")):
                problems.append("%s: malformed vector (missing %s, unknown %s)" % (where, sorted(missing), sorted(unknown)))
                continue
            if v["id"] in seen:
                problems.append("%s: duplicate id %s (first at %s)" % (where, v["id"], seen[v["id"]]))
                continue
            try:
                v["input"].encode("latin-1")
            except UnicodeEncodeError:
                problems.append("%s: input has a code point above U+00FF" % where)
                continue
            seen[v["id"]] = where
            v.setdefault("messages", [])
            v["_where"] = where
            if only in v["id"]:
                vectors.append(v)

passed = failed = 0
disputed, now_pass = [], []
for p in problems:
    print("FAIL " + p)
    failed += 1
for v in vectors:
    rc, objs, note = run(v, False)
    why = judge(v, rc, objs, note)
    if why is None:
        rc2, objs2, note2 = run(v, True)
        if (rc2, objs2) != (rc, objs):
            why = "--split 1 changes the result: rc=%s %s" % (rc2, compact(objs2))
    if why is None:
        passed += 1
        if v.get("disputed"):
            now_pass.append(v["id"])
        continue
    line = "%s %s (%s): %s\n    expected: %s %s\n    got:      rc=%s %s" % (
        "DISPUTED" if v.get("disputed") else "FAIL", v["id"], v["_where"], why,
        v["expect"], compact(v["messages"]) + ((" error=" + v["error"]) if v.get("error") else ""),
        rc, compact(objs))
    print(line)
    if v.get("disputed"):
        disputed.append(v["id"])
    else:
        failed += 1

for i in now_pass:
    print("NOTE %s is marked disputed but now passes; the flag can be removed" % i)
if disputed:
    print("disputed: %d (see vectors/DISAGREEMENTS.md; not counted as failures): %s" % (len(disputed), " ".join(disputed)))
print("vectors: %d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
PY
