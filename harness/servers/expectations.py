#!/usr/bin/env python3
"""Compare a results file (h1conform-results/1) with a server's committed
expectations, or rewrite the expectations from it.

usage: expectations.py check  EXPECTATIONS RESULTS
       expectations.py update EXPECTATIONS RESULTS SERVER VERSION

An expectations file holds, for one server, the verdict of every case and, for
every verdict that is not a pass, a one-line note saying how the server
deviates (or why the case does not apply):

  {
    "server": "nginx",
    "version": "1.22.1-9+deb12u11",
    "summary": {"pass": 338, "fail": 111, ...},
    "cases": {
      "rfc9110/15.5.6/allow-on-405": {"verdict": "fail", "note": "405 without Allow"},
      "rfc9112/2.2/bare-lf": {"verdict": "pass"},
      ...
    }
  }

Case ids are sorted and written one per line, so a change of verdict is a
one-line diff. 'check' exits 1 when any verdict differs, a case appears or
disappears, or a non-pass has no note (or a note still starting with TODO);
it prints every difference. 'update' keeps the note of every case whose verdict
did not change and writes "TODO: ..." (the tool's own message) for the others,
which 'check' then refuses until a person has explained them.
"""

import json
import sys

VERDICTS = ("pass", "fail", "warn", "skip", "error")


def load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def load_results(path):
    doc = load_json(path)
    schema = doc.get("schema", "")
    if schema != "h1conform-results/1" and not schema.startswith("h1conform-results/1."):
        sys.exit("expectations.py: %s: not an h1conform-results/1 file (schema %r)" % (path, schema))
    cases = {}
    for c in doc["cases"]:
        cases[c["id"]] = c
    return doc, cases


def load_expectations(path):
    try:
        doc = load_json(path)
    except FileNotFoundError:
        return None
    cases = doc.get("cases")
    if not isinstance(cases, dict):
        sys.exit("expectations.py: %s: no \"cases\" object" % path)
    for cid, e in cases.items():
        if not isinstance(e, dict) or e.get("verdict") not in VERDICTS:
            sys.exit("expectations.py: %s: case %s: bad entry %r" % (path, cid, e))
    return doc


def one_line(s, limit=160):
    s = " ".join(str(s).split())
    return s if len(s) <= limit else s[: limit - 3] + "..."


def describe(case):
    """What the tool said about a case, one line."""
    parts = []
    if case.get("message"):
        parts.append(case["message"])
    if case.get("actual"):
        parts.append("actual: " + case["actual"])
    return one_line("; ".join(parts)) if parts else "(no message)"


def check(exp_path, res_path):
    exp = load_expectations(exp_path)
    if exp is None:
        print("%s does not exist; create it with run_real.sh --update" % exp_path)
        return 1
    _, got = load_results(res_path)
    want = exp["cases"]

    regressions, fixed, changed, added, removed, unexplained = [], [], [], [], [], []
    for cid in sorted(set(want) | set(got)):
        if cid not in got:
            removed.append("  %s (was %s)" % (cid, want[cid]["verdict"]))
            continue
        g = got[cid]["verdict"]
        if cid not in want:
            added.append("  %s: %s -- %s" % (cid, g, describe(got[cid])) if g != "pass" else "  %s: pass" % cid)
            continue
        w = want[cid]["verdict"]
        note = want[cid].get("note", "")
        if g != w:
            line = "  %s: expected %s, got %s -- %s" % (cid, w, g, describe(got[cid]))
            if note:
                line += "\n      expectation note: " + note
            if w == "pass":
                regressions.append(line)
            elif g == "pass":
                fixed.append(line)
            else:
                changed.append(line)
        elif w != "pass" and (not note.strip() or note.startswith("TODO")):
            unexplained.append("  %s: %s -- %s" % (cid, w, note or "(no note)"))

    sections = [
        ("newly failing (expected pass)", regressions),
        ("newly passing (update the expectations)", fixed),
        ("verdict changed", changed),
        ("new cases (not in the expectations)", added),
        ("cases gone (in the expectations, not run)", removed),
        ("non-pass verdicts without a note (edit the note in %s)" % exp_path, unexplained),
    ]
    differences = 0
    for title, lines in sections:
        if lines:
            print("%s: %d" % (title, len(lines)))
            print("\n".join(lines))
            differences += len(lines)
    if differences:
        print("%d difference(s) from %s" % (differences, exp_path))
        return 1
    return 0


def dump(doc):
    """Sorted, one case per line, so that a verdict change is a one-line diff."""
    out = ["{"]
    out.append('  "server": %s,' % json.dumps(doc["server"]))
    out.append('  "version": %s,' % json.dumps(doc["version"]))
    out.append('  "summary": %s,' % json.dumps(doc["summary"], sort_keys=False))
    out.append('  "cases": {')
    items = sorted(doc["cases"].items())
    for i, (cid, e) in enumerate(items):
        entry = {"verdict": e["verdict"]}
        if e.get("note"):
            entry["note"] = e["note"]
        comma = "," if i + 1 < len(items) else ""
        out.append("    %s: %s%s" % (json.dumps(cid), json.dumps(entry), comma))
    out.append("  }")
    out.append("}")
    return "\n".join(out) + "\n"


def update(exp_path, res_path, server, version):
    old = load_expectations(exp_path) or {"cases": {}}
    _, got = load_results(res_path)
    cases = {}
    todo = 0
    for cid, c in got.items():
        v = c["verdict"]
        entry = {"verdict": v}
        if v != "pass":
            prev = old["cases"].get(cid)
            if prev and prev["verdict"] == v and prev.get("note"):
                entry["note"] = prev["note"]
            else:
                entry["note"] = "TODO: " + describe(c)
                todo += 1
        cases[cid] = entry
    summary = {v: 0 for v in VERDICTS}
    for e in cases.values():
        summary[e["verdict"]] += 1
    summary["total"] = len(cases)
    doc = {"server": server, "version": version, "summary": summary, "cases": cases}
    with open(exp_path, "w", encoding="utf-8") as f:
        f.write(dump(doc))
    print("wrote %s: %s" % (exp_path, ", ".join("%d %s" % (summary[v], v) for v in VERDICTS)))
    if todo:
        print("%d non-pass verdict(s) need a note (lines with \"TODO\" in %s)" % (todo, exp_path))
    return 0


def version_of(exp_path):
    exp = load_expectations(exp_path)
    return exp.get("version", "") if exp else ""


def main(argv):
    if len(argv) == 4 and argv[1] == "check":
        return check(argv[2], argv[3])
    if len(argv) == 6 and argv[1] == "update":
        return update(argv[2], argv[3], argv[4], argv[5])
    if len(argv) == 3 and argv[1] == "version":
        print(version_of(argv[2]))
        return 0
    sys.stderr.write(__doc__.split("\n\n")[1] + "\n")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
