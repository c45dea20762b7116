#!/usr/bin/env python3
"""Seed corpora for the fuzz targets, generated from the case files.

usage: python3 fuzz/tools/seeds.py [--cases DIR] [--out DIR] [--check]

Every case under cases/ (see cases/FORMAT.md) contributes the bytes it sends,
with placeholders replaced by their offline values. Each target reads its
input as a few control bytes followed by the stream (see the design comment
at the top of each fuzz/fuzz_*.c), so each stream is wrapped once per target:
strict and under the leniency flags the case names, split at a few points,
its chunked content alone, and so on. Responses are not in the cases (they
come from servers), so a built-in set of hand-written responses seeds the
response-side targets; a built-in set of requests keeps the corpora useful
while cases/ is still small.

Files are named by the SHA-1 of their content, the convention libFuzzer uses
for the corpus entries it adds, so regenerating is idempotent and a seed that
a campaign already holds is not duplicated. Existing files are never removed.
With --check nothing is written; the exit status is 1 if seeds are missing.
"""
import argparse
import base64
import hashlib
import json
import os
import re
import sys

OFFLINE = {
    "host": "example.test",
    "path": "/",
    "missing": "/h1conform-missing",
    "static": "/static.txt",
    "etag": '"abc"',
    "last_modified": "Tue, 24 Nov 2026 10:00:00 GMT",
    "writable": "/upload/h1conform.txt",
    "echo": "/echo",
}

# fz_lenient_from_byte() in fuzz/fuzz_common.c, by flag name: the bit of the
# group that switches the flag on.
LENIENT_GROUP = {
    "bare-lf": 0, "bare-cr": 0,
    "obs-fold": 1, "ctl-in-value": 1,
    "ws-before-colon": 2, "request-line-ws": 2,
    "missing-host": 3, "host-duplicate": 3,
    "http09": 4, "target-chars": 4,
    "te-and-cl": 5, "cl-list": 5,
    "chunk-size-ws": 6, "te-unknown": 6, "te-http10": 6,
    "trailer-fields": 7, "status-no-sp": 7, "no-body-framing": 7,
}

# Methods by the 2-bit code of fz_method_name().
METHOD_CODE = {"GET": 0, "HEAD": 1, "CONNECT": 2, "POST": 3}

BUILTIN_REQUESTS = [
    b"GET / HTTP/1.1\r\nHost: example.test\r\n\r\n",
    b"GET /a/b?c=d&e=%20 HTTP/1.1\r\nHost: example.test:8080\r\nAccept: */*\r\nUser-Agent: h1conform\r\n\r\n",
    b"POST /echo HTTP/1.1\r\nHost: example.test\r\nContent-Length: 5\r\n\r\nhello",
    b"POST /echo HTTP/1.1\r\nHost: example.test\r\nTransfer-Encoding: chunked\r\n\r\n"
    b"5;name=value\r\nhello\r\n6;q=\"a b\"\r\n world\r\n0\r\nX-Checksum: 1\r\n\r\n",
    b"POST /echo HTTP/1.1\r\nHost: example.test\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
    b"GET /1 HTTP/1.1\r\nHost: example.test\r\n\r\nGET /2 HTTP/1.1\r\nHost: example.test\r\n\r\n"
    b"HEAD /3 HTTP/1.1\r\nHost: example.test\r\nConnection: close\r\n\r\n",
    b"\r\nGET / HTTP/1.1\r\nHost: example.test\r\n\r\n",
    b"CONNECT example.test:443 HTTP/1.1\r\nHost: example.test:443\r\n\r\n\x16\x03\x01",
    b"OPTIONS * HTTP/1.1\r\nHost: example.test\r\n\r\n",
    b"GET http://example.test/x HTTP/1.1\r\nHost: example.test\r\n\r\n",
    b"GET http://[::1]:80/ HTTP/1.1\r\nHost: [::1]:80\r\n\r\n",
    b"GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET / HTTP/1.0\r\n\r\n",
    b"PUT /upload HTTP/1.1\r\nHost: example.test\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nabc",
    b"GET /chat HTTP/1.1\r\nHost: example.test\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n",
    # leniency material: each is rejected by the strict parser
    b"GET / HTTP/1.1\nHost: example.test\n\n",
    b"GET / HTTP/1.1\r\nHost: example.test\r\nX-Folded: a\r\n  b\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: example.test\r\nTransfer-Encoding : chunked\r\n\r\n0\r\n\r\n",
    b"GET /\r\n",
    b"POST / HTTP/1.1\r\nHost: example.test\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    b"POST / HTTP/1.1\r\nHost: example.test\r\nContent-Length: 1, 1\r\n\r\nx",
    b"POST / HTTP/1.1\r\nHost: example.test\r\nTransfer-Encoding: chunked\r\n\r\n1 \r\nx\r\n0\r\n\r\n",
    b"GET /a|b HTTP/1.1\r\nHost: example.test\r\n\r\n",
]

BUILTIN_RESPONSES = [
    # (methods answered, bytes)
    (["GET"], b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Type: text/plain\r\n\r\nhello"),
    (["GET"], b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
              b"5\r\nhello\r\n0\r\nX-Trailer: done\r\n\r\n"),
    (["GET"], b"HTTP/1.0 200 OK\r\n\r\ncontent until close"),
    (["GET", "GET"], b"HTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 304 Not Modified\r\nETag: \"x\"\r\n\r\n"),
    (["GET"], b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </s.css>\r\n\r\n"
              b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"),
    (["GET"], b"HTTP/1.1 101 Switching Protocols\r\nConnection: upgrade\r\nUpgrade: websocket\r\n\r\n\x81\x00"),
    (["HEAD"], b"HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n"),
    (["CONNECT"], b"HTTP/1.1 200 Connection Established\r\n\r\n\x16\x03\x03"),
    (["POST", "GET"], b"HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n"
                      b"HTTP/1.1 404 Not Found\r\nContent-Length: 3\r\nConnection: close\r\n\r\nno!"),
    (["GET"], b"HTTP/1.1 200 \r\nContent-Length: 0\r\n\r\n"),
    # leniency material
    (["GET"], b"HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n"),
    (["GET"], b"HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n"),
    (["GET"], b"HTTP/1.1 200 OK\nContent-Length: 1\n\nx"),
]

# fuzz_serialize descriptions: (mode, status, LF-separated text); see the
# design comment of fuzz/fuzz_serialize.c for the layout.
BUILTIN_DESCRIPTIONS = [
    (0x04, 0, b"GET\n/\nHost:example.test\n\n"),
    (0x04, 0, b"POST\n/echo\nHost:example.test\nContent-Length:5\n\nhello"),
    (0x36, 0, b"POST\n/echo\nHost:example.test\nTransfer-Encoding:gzip, chunked\n\nX-Sum:1\n\nhello world"),
    (0x04, 0, b"OPTIONS\n*\nHost:example.test\n\n"),
    (0x04, 0, b"CONNECT\nexample.test:443\nHost:example.test:443\n\n"),
    (0x05, 100, b"OK\nContent-Length:2\n\nok"),
    (0x27, 100, b"OK\nTransfer-Encoding:chunked\n\nT:1\n\nhello"),
    (0x01, 100, b"OK\n\ncontent until close"),
    (0x05, 104, b"No Content\n\n"),
    (0x05, 204, b"Not Modified\nETag:\"x\"\n\n"),
]

PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([a-z_]+)\}")


def substitute(text, where):
    def repl(m):
        if m.group(0) == "{{":
            return "{"
        if m.group(0) == "}}":
            return "}"
        name = m.group(1)
        if name not in OFFLINE:
            if VERBOSE:
                print(f"{where}: unknown placeholder {{{name}}} kept as is", file=sys.stderr)
            return m.group(0)
        return OFFLINE[name]
    return PLACEHOLDER.sub(repl, text)


def octets(text, where):
    try:
        return substitute(text, where).encode("latin-1")
    except UnicodeEncodeError:
        raise ValueError(f"{where}: a character above U+00FF in send")


def send_bytes(case, where):
    send = case.get("send")
    if isinstance(send, str):
        return octets(send, where)
    if not isinstance(send, list):
        raise ValueError(f"{where}: send is neither a string nor an array")
    out = b""
    for i, step in enumerate(send):
        w = f"{where}: send[{i}]"
        if "data" in step:
            out += octets(step["data"], w)
        elif "hex" in step:
            out += bytes.fromhex("".join(step["hex"].split()))
        elif "base64" in step:
            out += base64.b64decode(step["base64"])
    return out


def lenient_bytes(case):
    """Leniency bytes worth seeding: strict, and each flag the case names."""
    out = {0}
    ref = case.get("reference") or {}
    for name in (ref.get("lenient") or {}):
        if name in LENIENT_GROUP:
            out.add(1 << LENIENT_GROUP[name])
    return sorted(out)


def methods_bytes(methods):
    count = max(1, min(4, len(methods)))
    codes = 0
    for i, m in enumerate(methods[:4]):
        codes |= METHOD_CODE.get(m, 0) << (2 * i)
    return bytes([count - 1, codes])


def cuts(stream, k=3):
    """k gaps spread over the stream, each 1..256 bytes (byte + 1)."""
    if len(stream) < 2:
        return bytes([0])
    step = max(1, min(256, len(stream) // (k + 1)))
    return bytes([k] + [step - 1] * k)


def chunked_content(stream):
    head_end = stream.find(b"\r\n\r\n")
    if head_end < 0:
        return None
    head = stream[:head_end].lower()
    if b"transfer-encoding:" not in head or b"chunked" not in head:
        return None
    return stream[head_end + 4:]


def request_seeds(stream, lenients):
    yield "fuzz_request", bytes([0]) + stream
    for lb in lenients:
        if lb:
            yield "fuzz_request", bytes([lb]) + stream
    yield "fuzz_split", bytes([0, lenients[-1], 0]) + cuts(stream) + stream
    yield "fuzz_roundtrip", bytes([0]) + stream
    yield "fuzz_roundtrip", bytes([3 << 1]) + stream
    yield "fuzz_diff", bytes([0]) + stream
    body = chunked_content(stream)
    if body is not None:
        for lb in lenients:
            yield "fuzz_chunked", bytes([lb, 0]) + body
        yield "fuzz_chunked", bytes([0, 3, 0, 1, 2]) + body


def response_seeds(methods, stream):
    mb = methods_bytes(methods)
    yield "fuzz_response", bytes([0]) + mb + stream
    yield "fuzz_response", bytes([0x80 | 0x01]) + mb + stream
    codes = mb[1] if len(methods) == 4 else sum(
        METHOD_CODE.get(methods[min(i, len(methods) - 1)], 0) << (2 * i) for i in range(4))
    yield "fuzz_split", bytes([1, 0, codes]) + cuts(stream) + stream
    if methods[0] == "GET":
        yield "fuzz_roundtrip", bytes([1]) + stream
        yield "fuzz_diff", bytes([1]) + stream


VERBOSE = False


def case_files(root):
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for fn in sorted(filenames):
            if fn.endswith(".json"):
                yield os.path.join(dirpath, fn)


def judge_seed(methods, stream, end=0):
    """fuzz_judge: requests for the methods, then the responses; end is
    the connection's end state as fuzz_judge.c codes it (0 closed, 2 open)."""
    sent = b"".join(f"{m} {'example.test:443' if m == 'CONNECT' else '/'} HTTP/1.1\r\n"
                    f"Host: example.test\r\n\r\n".encode() for m in methods)
    return bytes([end, 0, len(sent) & 0xff, len(sent) >> 8]) + sent + stream


def load_cases(root):
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for fn in sorted(filenames):
            if not fn.endswith(".json"):
                continue
            path = os.path.join(dirpath, fn)
            try:
                with open(path, encoding="utf-8") as f:
                    case = json.load(f)
                if not isinstance(case, dict) or "send" not in case:
                    continue
                yield path, case, send_bytes(case, path)
            except (ValueError, KeyError, TypeError) as e:
                # malformed on purpose (loader fixtures) or broken: the
                # loader target still gets its raw bytes
                if VERBOSE:
                    print(f"{path}: no send bytes: {e}", file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", default="cases")
    ap.add_argument("--out", default="fuzz/corpus")
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    global VERBOSE
    VERBOSE = args.verbose

    seeds = []
    ncases = 0
    if os.path.isdir(args.cases):
        for path, case, stream in load_cases(args.cases):
            ncases += 1
            seeds.extend(request_seeds(stream, lenient_bytes(case)))
    for stream in BUILTIN_REQUESTS:
        seeds.extend(request_seeds(stream, [0] + [1 << b for b in range(8)]))
    for methods, stream in BUILTIN_RESPONSES:
        seeds.extend(response_seeds(methods, stream))

    if os.path.isdir(args.cases):
        for path in case_files(args.cases):
            with open(path, "rb") as f:
                seeds.append(("fuzz_case_loader", f.read()))
    for methods, stream in BUILTIN_RESPONSES:
        seeds.append(("fuzz_judge", judge_seed(methods, stream)))
        seeds.append(("fuzz_judge", judge_seed(methods, stream, end=2)))
    for mode, status, text in BUILTIN_DESCRIPTIONS:
        seeds.append(("fuzz_serialize", bytes([mode, status & 0xff, status >> 8]) + text))

    added, missing = {}, 0
    for target, data in seeds:
        d = os.path.join(args.out, target)
        path = os.path.join(d, hashlib.sha1(data).hexdigest())
        if os.path.exists(path):
            continue
        missing += 1
        if args.check:
            continue
        os.makedirs(d, exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
        added[target] = added.get(target, 0) + 1
    print(f"fuzz-seeds: {ncases} cases, {len(seeds)} seeds, "
          + (f"{missing} missing" if args.check else
             "added " + (", ".join(f"{t} {n}" for t, n in sorted(added.items())) or "none")))
    return 1 if args.check and missing else 0


if __name__ == "__main__":
    sys.exit(main())
