"""Check cases/schema.json against the corpus, the fixtures and reference/.

1. The schema is a valid draft 2020-12 schema.
2. Its error ids are exactly the rows of reference/h1_errors.def and its
   leniency flags exactly those 'h1conform parse --help' lists, so the
   schema cannot drift from the parser it describes.
3. Every case file of the corpus (cases/rfc*/) and every valid fixture
   validates.
4. Every malformed fixture is rejected, except the few whose mistake only
   the loader can see (listed below); those must validate, so the list
   stays true.

JSON Schema patterns use ECMA-262 semantics, where '$' matches only at the
very end; Python's re lets '$' match before a final newline too, so the
patterns are checked with fullmatch-like anchoring here.
"""
import json
import os
import re
import subprocess
import sys

import jsonschema
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

# Malformed fixtures that a schema cannot reject; the loader does.
LOADER_ONLY = {
    "required-and-forbidden": "field names compare case-insensitively",
    "data-after-half-close": "the order of steps",
}


def ecma_pattern(validator, pattern, instance, schema):
    """The 'pattern' keyword with ECMA-262 anchoring."""
    if not validator.is_type(instance, "string"):
        return
    py = re.sub(r"(?<!\\)\$$", r"\\Z", pattern)
    if not re.search(py, instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


Validator = jsonschema.validators.extend(Draft202012Validator, {"pattern": ecma_pattern})


def no_duplicates(pairs):
    keys = [k for k, _ in pairs]
    dup = {k for k in keys if keys.count(k) > 1}
    if dup:
        raise ValueError(f"duplicate keys {sorted(dup)}")
    return dict(pairs)


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f, object_pairs_hook=no_duplicates)


def json_files(top):
    found = []
    for d, dirs, files in os.walk(top):
        dirs.sort()
        found += [os.path.join(d, n) for n in sorted(files) if n.endswith(".json")]
    return found


def main():
    tool = sys.argv[1]
    problems = []
    with open("cases/schema.json", encoding="utf-8") as f:
        schema = json.load(f)
    Draft202012Validator.check_schema(schema)
    validator = Validator(schema)

    with open("reference/h1_errors.def", encoding="utf-8") as f:
        ids = re.findall(r'^X\(\d+, \w+, "([a-z0-9-]+)"', f.read(), re.M)
    if sorted(ids) != sorted(schema["$defs"]["errorId"]["enum"]):
        problems.append("schema.json: $defs.errorId.enum differs from reference/h1_errors.def")
    text = subprocess.run([tool, "parse", "--help"], check=True, capture_output=True, text=True).stdout
    flags = text.split("leniency flags:\n", 1)[1].split("\n\n", 1)[0].split()
    pattern = schema["$defs"]["reference"]["properties"]["lenient"]["propertyNames"]["pattern"]
    in_schema = re.search(r"\(\?:([a-z0-9|-]+)\)", pattern).group(1).split("|")
    if sorted(flags) != sorted(in_schema):
        problems.append("schema.json: leniency flags differ from 'h1conform parse --help'")

    corpus = [p for top in sorted(os.listdir("cases"))
              if re.fullmatch(r"rfc[0-9]+", top) for p in json_files(os.path.join("cases", top))]
    valid = corpus + json_files("cases/tests/fixtures")
    for path in valid:
        try:
            errors = sorted(validator.iter_errors(load(path)), key=lambda e: list(e.absolute_path))
        except ValueError as e:
            problems.append(f"{path}: {e}")
            continue
        for e in errors[:3]:
            where = "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in e.absolute_path)
            problems.append(f"{path}: {where}: {e.message}")

    malformed = json_files("cases/tests/malformed")
    for path in malformed:
        name = os.path.basename(path)[:-5]
        try:
            ok = validator.is_valid(load(path))
        except ValueError:
            ok = False
        if ok and name not in LOADER_ONLY:
            problems.append(f"{path}: the schema accepts this malformed fixture")
        if not ok and name in LOADER_ONLY:
            problems.append(f"{path}: listed as loader-only, but the schema rejects it")

    for p in problems:
        print(p, file=sys.stderr)
    print(f"schema_check: {len(corpus)} corpus cases, {len(valid) - len(corpus)} valid fixtures, "
          f"{len(malformed)} malformed fixtures, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
