#!/usr/bin/env python3
"""Writes the small reader edge-case fixtures under fixtures/reader/ (one file per case).

Usage: generate-reader-fixtures.py [DIRECTORY]   (default: fixtures/reader next to this script)

Each file is described in fixtures/reader/README.md; SignalLogTests checks the exact records,
reject kinds and byte offsets the reader reports for each.
"""

import os
import sys


def record(seq, title=b"Learn to sail", signal="bucketlist.created", extra=""):
    """A bucketlist record; `title` is raw bytes, written between the quotes as they are."""
    return (('{"v":1,"seq":%d,"ts":"2026-11-24T10:00:00.000Z","source":"app-1","signal":"%s",'
             '"actor":{"id":3,"name":"bob"},"subject":{"type":"bucketlist","id":%d,"title":"'
             % (seq, signal, seq)).encode() + title + ('"}%s}' % extra).encode())


def item(seq, extra):
    return ('{"v":1,"seq":%d,"ts":"2026-11-24T10:00:00.000Z","source":"app-1","signal":"item.%s",'
            '"actor":{"id":3,"name":"bob"},"subject":{"type":"item","id":%d,"title":"Swim"}}'
            % (seq, extra, seq)).encode()


CASES = {
    "partial-last-line.jsonl": record(1) + b"\n" + record(2) + b"\n" + record(3)[:50],
    "crlf.jsonl": record(1) + b"\r\n" + record(2) + b"\r\n",
    "bom.jsonl": b"\xef\xbb\xbf" + record(1) + b"\n" + record(2) + b"\n",
    "invalid-utf8.jsonl": b"\n".join([
        record(1),
        record(2, title=b"caf\xc3"),          # truncated sequence
        record(3, title=b"\xc0\xaf slash"),   # overlong encoding
        record(4, title=b"\xed\xa0\x80"),     # encoded surrogate
        record(5, title=b"fine \xe6\x9d\xb1"),
        b'{"v":1,\xff}',                     # outside any string
        record(6),
    ]) + b"\n",
    "over-long.jsonl": record(1) + b"\n" + record(2, title=b"x" * 3000) + b"\n" + record(3) + b"\n",
    "malformed.jsonl": b"\n".join([
        record(1),
        b"not json at all",
        b'{"v":1,"seq":',
        b"",
        b"   \t",
        b"[1,2,3]",
        record(2, extra=',"seq":2'),
        record(3).replace(b'"seq":3,', b""),
        record(4).replace(b'"seq":4', b'"seq":"4"'),
        record(5).replace(b'"v":1', b'"v":2'),
        record(6, title=b"\\ud83d alone"),
        record(7) + b"}",
        item(8, "created"),
        item(9, "updated").replace(b"}}", b'},"parent":{"type":"bucketlist","id":1,"title":"A"},"changes":{}}'),
        record(10, title=b"tab\there"),
        record(11).replace(b"10:00:00.000Z", b"10:00:00Z"),
        record(12, title=b"\\u00e9t\\u00e9 \\ud83c\\udf1e"),
    ]) + b"\n",
}


def main():
    directory = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "fixtures", "reader")
    os.makedirs(directory, exist_ok=True)
    for name, content in CASES.items():
        with open(os.path.join(directory, name), "wb") as out:
            out.write(content)
        offsets, offset = [], 0
        for line in content.split(b"\n")[:-1]:
            offsets.append(offset)
            offset += len(line) + 1
        print(name, len(content), "line offsets:", offsets)


if __name__ == "__main__":
    main()
