#!/usr/bin/env python3
"""Proves fluentd_resume_check.py (a re-implementation of Fluentd 1.19.3's file
buffer resume, not Fluentd) on what real Fluentd left and did:

1. on each fixture buffer dir its events equal the fixture's records.jsonl
   (every byte there written by Fluentd 1.19.3, decoded independently);
2. truncated-tail/: the plain chunk yields the whole records only (as
   Fluentd delivered), the cut gzip chunk yields nothing (Fluentd never
   delivered it);
3. synthetic directories for the rules no fixture shows (a staged chunk
   without .meta, two staged chunks with one metadata, empty and broken
   files, the legacy header-less .meta, queue order by "m", garbage bodies).

  fluentd_resume_check_test.py <tests/fixtures/buffer>
"""

import json
import os
import shutil
import struct
import sys
import tempfile

import msgpack

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fluentd_resume_check as frc  # noqa: E402

failures = []


def expect(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def fixtures(root):
    for name, compress in [("fluentd-staged-and-queued", "text"),
                           ("fluentd-tag-time-timekey", "text"),
                           ("fluentd-record-key-host", "text"),
                           ("fluentd-gzip", "gzip")]:
        d = os.path.join(root, name)
        lines, report = frc.delivered_events(os.path.join(d, "buffer"), compress=compress)
        with open(os.path.join(d, "records.jsonl"), encoding="utf-8") as f:
            expected = [json.loads(line) for line in f if line.strip()]
        expect(lines == expected and not report["broken"] and not report["unreadable"],
               f"{name}: the {len(lines)} events equal records.jsonl")
    d = os.path.join(root, "truncated-tail")
    lines, report = frc.delivered_events(os.path.join(d, "plain", "buffer"))
    expect([l["record"]["n"] for l in lines] == [5] and report["torn_tails"][0][1] == 35,
           "truncated-tail/plain: the whole record only, 35 torn bytes dropped")
    lines, report = frc.delivered_events(os.path.join(d, "gzip", "buffer"), compress="gzip")
    expect(lines == [] and len(report["unreadable"]) == 1,
           "truncated-tail/gzip: nothing delivered, the chunk is unreadable")


def event(sec, record):
    return msgpack.packb([msgpack.ExtType(0, struct.pack(">II", sec, 0)), record])


def meta(tag, s, c, m, chunk_id, header=True):
    body = msgpack.packb({"timekey": None, "tag": tag.encode() if tag else None,
                          "variables": None, "seq": 0, "id": bytes.fromhex(chunk_id),
                          "s": s, "c": c, "m": m}, use_bin_type=True)
    return (b"\xc1\x00" + struct.pack(">I", len(body)) + body) if header else body


def write(d, name, data):
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def synthetic():
    d = tempfile.mkdtemp(prefix="frc-")
    try:
        ids = [f"{i:02x}" * 16 for i in range(1, 10)]
        # q1: queued, m=300; q2: queued, m=100, legacy meta without header.
        write(d, f"buffer.q{ids[0]}.log", event(1, {"n": 1}))
        write(d, f"buffer.q{ids[0]}.log.meta", meta("a", 1, 50, 300, ids[0]))
        write(d, f"buffer.q{ids[1]}.log", event(2, {"n": 2}))
        write(d, f"buffer.q{ids[1]}.log.meta", meta("a", 1, 50, 100, ids[1], header=False))
        # b3, b4: staged, same metadata: b4 (later name) is enqueued at once.
        write(d, f"buffer.b{ids[2]}.log", event(3, {"n": 3}))
        write(d, f"buffer.b{ids[2]}.log.meta", meta("b", 1, 60, 400, ids[2]))
        write(d, f"buffer.b{ids[3]}.log", event(4, {"n": 4}))
        write(d, f"buffer.b{ids[3]}.log.meta", meta("b", 1, 60, 200, ids[3]))
        # b5: staged without meta: queued with no tag (classic chunk).
        write(d, f"buffer.b{ids[4]}.log", event(5, {"n": 5}))
        # q6: empty -> broken; b7: meta garbage -> broken.
        write(d, f"buffer.q{ids[5]}.log", b"")
        write(d, f"buffer.b{ids[6]}.log", event(7, {"n": 7}))
        write(d, f"buffer.b{ids[6]}.log.meta", b"\xc1\x00\x00\x00\x00\x05garbage")
        # q8: garbage body -> unreadable (every flush fails).
        write(d, f"buffer.q{ids[7]}.log", event(8, {"n": 8}) + b"\xc1\xc1")
        write(d, f"buffer.q{ids[7]}.log.meta", meta("c", 1, 70, 500, ids[7]))
        # Not chunk files: ignored.
        write(d, "buffer.x1234.log", event(9, {"n": 9}))
        write(d, "other.q" + ids[8] + ".log", event(9, {"n": 9}))
        os.utime(os.path.join(d, f"buffer.b{ids[4]}.log"), (150, 150))

        queue, staged, broken = frc.resume(d)
        names = lambda chunks: [os.path.basename(c.path)[7:9] for c in chunks]  # noqa: E731
        expect(names(queue) == ["q0", "b0", "b0", "q0", "q0"] and
               [c.id_hex[:2] for c in queue] == ["02", "05", "04", "01", "08"],
               "queue: by m; staged duplicate and meta-less staged chunk enqueued: "
               + str([c.id_hex[:2] for c in queue]))
        expect([c.id_hex[:2] for c in staged] == ["03"], "one staged chunk per metadata")
        expect(sorted(os.path.basename(p)[:9] for p, _ in broken) == ["buffer.b0", "buffer.q0"]
               and len(broken) == 2, f"broken: empty queued chunk, garbage meta: {broken}")
        expect(queue[1].tag is None and queue[1].records == 0,
               "a staged chunk without .meta has no tag and s=0")
        lines, report = frc.delivered_events(d)
        expect([l["record"]["n"] for l in lines] == [2, 5, 4, 1, 3],
               "delivery order: queue, then staged")
        expect(len(report["unreadable"]) == 1 and "q" + ids[7] in report["unreadable"][0][0],
               "a body with an undecodable byte is never delivered")
    finally:
        shutil.rmtree(d)


def main():
    fixtures(sys.argv[1])
    synthetic()
    if failures:
        print(f"{len(failures)} checks failed")
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
