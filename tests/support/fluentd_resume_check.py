#!/usr/bin/env python3
"""What Fluentd 1.19.3 would deliver from a file-buffer directory.

An independent re-implementation, written for Ferry's tests, of what Fluentd's
buf_file.rb (#resume), buffer/file_chunk.rb (chunk loading, .meta decoding),
extractor.rb (gzip members) and the MessagePack event stream reader do when
Fluentd starts on a buffer directory and later flushes its chunks. It is NOT
Fluentd: no Fluentd can run here, so this script encodes the rules read from
Fluentd's source (see docs/buffer.md, "Fluentd resume check") and is itself
proven on the directories real Fluentd 1.19.3 left (tests/fixtures/buffer/).

Rules, in Fluentd's order:
  1. glob <dir>/<prefix>*<suffix> (default buffer.*.log), sorted by name as
     Ruby's Dir.glob returns them; plain files only.
  2. the state comes from the name: /\\.(b|q)([0-9a-f]+)\\.[^/]*$/ -> b = staged,
     q = queued; no match -> skipped ("unknown state chunk").
  3. staged with a .meta: an empty body or a meta that does not decode is a
     broken chunk (Fluentd deletes it). Staged without .meta: loaded as queued
     with empty metadata (tag/timekey/variables nil), s = 0.
     queued: an empty body is broken; the .meta is optional (same fallback),
     but a meta that exists and does not decode is broken.
  4. .meta: b"\\xc1\\x00" + uint32 BE length L + L bytes of one MessagePack map
     (only when the file is longer than 6 bytes and starts with the magic);
     else, or when that fails, the whole file as one bare map (legacy). It must
     be a map with a truthy "id" and "c", "m" whose integer value is > 0.
  5. a staged chunk whose metadata (timekey, tag, variables, seq) equals an
     earlier staged chunk's, or that is already full (chunk_limit_size /
     chunk_limit_records x chunk_full_threshold), is enqueued at once.
  6. queue order: "m" ascending (Ruby's sort_by is not stable: ties have no
     defined order; here they keep name order).
  7. reading a chunk: the whole file (not "s" records); with compress gzip,
     gzip members one after another, any damaged member or trailing garbage
     fails the whole chunk (Fluentd retries it, delivers nothing); then
     MessagePack objects one after another: an incomplete last object is
     dropped silently, an undecodable byte fails the flush. Each object is
     destructured as [time, record]; time is EventTime (ext type 0:
     uint32 BE seconds, uint32 BE nanoseconds), an integer or a float.

Usage:
  fluentd_resume_check.py [--compress gzip] [--chunk-limit-size N]
      [--chunk-limit-records N] [--chunk-full-threshold F]
      [--pattern buffer.*.log] [--compare records.jsonl] BUFFER_DIR
Prints one JSON line per event Fluentd would deliver, in delivery order
(queued chunks in queue order, then staged chunks), with the fields of the
fixtures' records.jsonl; a summary goes to stderr. With --compare, exits 1
unless the events equal that file's lines. As a module: resume(dir, ...).
"""

import argparse
import fnmatch
import gzip
import json
import os
import re
import struct
import sys
import zlib

import msgpack

META_MAGIC = b"\xc1\x00"
STATE_RE = re.compile(rb"\.(b|q)([0-9a-f]+)\.[^/]*\Z")


class BrokenChunk(Exception):
    """Fluentd's FileChunkError: the chunk is deleted at resume."""


class UnreadableChunk(Exception):
    """Raised while reading a chunk body: every flush of it fails."""


def _unpack_first(data):
    """The first MessagePack object of `data` (trailing bytes ignored), as
    Ruby's Unpacker#feed(...).read; raises on malformed or incomplete data."""
    unpacker = msgpack.Unpacker(raw=False, strict_map_key=False,
                                unicode_errors="surrogateescape")
    unpacker.feed(data)
    return unpacker.unpack()


def _ruby_to_i(value):
    if isinstance(value, bool) or value is None:
        return 0
    if isinstance(value, (int, float)):
        return int(value)
    if isinstance(value, (str, bytes)):
        text = value.decode("latin-1") if isinstance(value, bytes) else value
        m = re.match(r"\s*[-+]?\d+", text)
        return int(m.group(0)) if m else 0
    return 0


def decode_meta(data):
    """The .meta map, or raises BrokenChunk (Fluentd's restore_metadata)."""
    meta = None
    if len(data) > 6 and data[:2] == META_MAGIC:
        (length,) = struct.unpack(">I", data[2:6])
        try:
            meta = _unpack_first(data[6:6 + length])
        except Exception:
            meta = None
    if meta is None:
        try:
            meta = _unpack_first(data)
        except Exception:
            meta = {}
    if not isinstance(meta, dict):
        raise BrokenChunk("invalid meta data")
    if not meta.get("id"):
        raise BrokenChunk("invalid unique_id")
    if _ruby_to_i(meta.get("c")) <= 0:
        raise BrokenChunk("invalid created_at")
    if _ruby_to_i(meta.get("m")) <= 0:
        raise BrokenChunk("invalid modified_at")
    return meta


def _text(value):
    """A Ruby string (str or bin in MessagePack) as text."""
    if isinstance(value, bytes):
        return value.decode("utf-8", "surrogateescape")
    return value


def _frozen(value):
    if isinstance(value, dict):
        return tuple(sorted((repr(k), _frozen(v)) for k, v in value.items()))
    if isinstance(value, list):
        return tuple(_frozen(v) for v in value)
    return value


class Chunk:
    def __init__(self, path, file_state):
        self.path = path
        self.file_state = file_state  # from the name: staged / queued
        self.state = file_state       # what Fluentd resumes it as
        self.id_hex = ""
        self.tag = None
        self.timekey = None
        self.variables = None
        self.seq = 0
        self.records = 0  # "s"
        self.created = 0
        self.modified = 0
        self.bytes = os.path.getsize(path)

    def metadata_key(self):
        return (self.timekey, self.tag, _frozen(self.variables), self.seq)

    def restore(self, meta):
        self.id_hex = bytes(meta["id"]).hex() if isinstance(meta["id"], (bytes, bytearray)) \
            else str(meta["id"])
        self.records = meta.get("s") or 0
        self.created = _ruby_to_i(meta.get("c"))
        self.modified = _ruby_to_i(meta.get("m"))
        self.timekey = meta.get("timekey")
        self.tag = _text(meta.get("tag"))
        self.variables = meta.get("variables")
        self.seq = meta.get("seq") or 0

    def restore_partially(self, id_hex):
        st = os.stat(self.path)
        self.id_hex = id_hex
        self.records = 0
        self.created = int(st.st_ctime)
        self.modified = int(st.st_mtime)


def _gunzip_members(body):
    """Fluentd's Extractor.decompress_gzip: members until the end; any
    damage (or garbage after the last member) fails the whole chunk."""
    out = bytearray()
    pos = 0
    while True:
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            out += d.decompress(body[pos:])
        except zlib.error as e:
            raise UnreadableChunk(f"Zlib::GzipFile::Error: {e}")
        if not d.eof:
            raise UnreadableChunk("Zlib::GzipFile::Error: unexpected end of file")
        consumed = len(body) - pos - len(d.unused_data)
        pos += consumed
        if pos >= len(body):
            return bytes(out)


def _event_time(value):
    if isinstance(value, msgpack.ExtType) and value.code == 0 and len(value.data) == 8:
        sec, nsec = struct.unpack(">II", value.data)
        return sec, nsec, "ext0"
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value, 0, "int"
    if isinstance(value, float):
        sec = int(value)
        return sec, int(round((value - sec) * 1e9)), "float"
    return None


def jsonable(value):
    if isinstance(value, dict):
        return {(_text(k) if isinstance(k, (str, bytes)) else json.dumps(jsonable(k))):
                jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, bytes):
        return _text(value)
    if isinstance(value, msgpack.ExtType):
        return {"ext": value.code, "data": value.data.hex()}
    return value


def read_events(chunk, compress):
    """(events, torn_tail_bytes): the [time, record] pairs Fluentd's reader
    yields from the chunk; raises UnreadableChunk when a flush would fail."""
    with open(chunk.path, "rb") as f:
        body = f.read()
    if compress == "gzip" and body:
        body = _gunzip_members(body)
    unpacker = msgpack.Unpacker(raw=False, strict_map_key=False,
                                unicode_errors="surrogateescape", max_buffer_size=0)
    unpacker.feed(body)
    events = []
    whole = 0  # end of the last whole object
    while True:
        try:
            obj = unpacker.unpack()
            whole = unpacker.tell()
        except msgpack.OutOfData:
            break
        except Exception as e:
            raise UnreadableChunk(f"MessagePack::MalformedFormatError: {e}")
        if isinstance(obj, (list, tuple)):
            time = obj[0] if len(obj) > 0 else None
            record = obj[1] if len(obj) > 1 else None
        else:
            time, record = obj, None
        events.append((time, record))
    return events, len(body) - whole


def resume(buffer_dir, pattern="buffer.*.log", compress="text", chunk_limit_size=None,
           chunk_limit_records=None, chunk_full_threshold=0.95):
    """Returns (queue, staged, broken): the chunks in Fluentd's resume order;
    broken is [(path, reason)] for the files Fluentd would delete."""
    names = sorted(n for n in os.listdir(buffer_dir) if fnmatch.fnmatchcase(n, pattern))
    stage = {}
    queue = []
    broken = []
    for name in names:
        path = os.path.join(buffer_dir, name)
        if not os.path.isfile(path):
            continue
        m = STATE_RE.search(os.fsencode(path))
        if not m:
            continue  # "unknown state chunk found"
        file_state = "staged" if m.group(1) == b"b" else "queued"
        chunk = Chunk(path, file_state)
        meta_path = path + ".meta"
        try:
            if file_state == "staged" and os.path.exists(meta_path):
                if chunk.bytes == 0:
                    raise BrokenChunk("staged file chunk is empty")
                with open(meta_path, "rb") as f:
                    try:
                        chunk.restore(decode_meta(f.read()))
                    except BrokenChunk as e:
                        raise BrokenChunk(f"staged meta file is broken. {e}")
            elif file_state == "staged":
                chunk.state = "queued"  # a classic chunk: read-only, enqueued
                chunk.restore_partially(m.group(2).decode())
            else:
                if chunk.bytes == 0:
                    raise BrokenChunk("enqueued file chunk is empty")
                if os.access(meta_path, os.R_OK):
                    with open(meta_path, "rb") as f:
                        try:
                            chunk.restore(decode_meta(f.read()))
                        except BrokenChunk as e:
                            raise BrokenChunk(f"enqueued meta file is broken. {e}")
                else:
                    chunk.restore_partially(m.group(2).decode())
        except BrokenChunk as e:
            broken.append((path, str(e)))
            continue
        if chunk.state == "staged":
            full = (chunk_limit_size is not None
                    and chunk.bytes >= chunk_limit_size * chunk_full_threshold) or \
                   (chunk_limit_records is not None
                    and chunk.records >= chunk_limit_records * chunk_full_threshold)
            key = chunk.metadata_key()
            if full or key in stage:
                chunk.state = "queued"
                chunk.seq = 0
                queue.append(chunk)
            else:
                stage[key] = chunk
        else:
            queue.append(chunk)
    queue.sort(key=lambda c: c.modified)  # stable: ties keep name order
    return queue, list(stage.values()), broken


def delivered_events(buffer_dir, relative_to=None, **options):
    """(lines, report): every event Fluentd would deliver, as records.jsonl
    dicts, in delivery order, and a summary dict."""
    compress = options.get("compress", "text")
    queue, staged, broken = resume(buffer_dir, **options)
    base = relative_to if relative_to is not None else os.path.dirname(os.path.abspath(buffer_dir))
    lines = []
    report = {"queued_chunks": len(queue), "staged_chunks": len(staged), "broken": broken,
              "unreadable": [], "torn_tails": [], "bad_events": 0}
    for chunk in queue + staged:
        try:
            events, torn = read_events(chunk, compress)
        except UnreadableChunk as e:
            report["unreadable"].append((chunk.path, str(e)))
            continue
        if torn:
            report["torn_tails"].append((chunk.path, torn))
        for index, (time, record) in enumerate(events):
            t = _event_time(time)
            if t is None or not isinstance(record, dict):
                report["bad_events"] += 1
                continue
            sec, nsec, encoding = t
            lines.append({
                "chunk": os.path.relpath(chunk.path, base),
                "state": chunk.state,
                "index": index,
                "tag": chunk.tag,
                "time": f"{sec}.{nsec:09d}",
                "time_sec": sec,
                "time_nsec": nsec,
                "time_encoding": encoding,
                "record": jsonable(record),
            })
    return lines, report


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("buffer_dir")
    ap.add_argument("--pattern", default="buffer.*.log")
    ap.add_argument("--compress", choices=["text", "gzip"], default="text")
    ap.add_argument("--chunk-limit-size", type=int)
    ap.add_argument("--chunk-limit-records", type=int)
    ap.add_argument("--chunk-full-threshold", type=float, default=0.95)
    ap.add_argument("--compare", help="records.jsonl the output must equal")
    args = ap.parse_args(argv)
    lines, report = delivered_events(
        args.buffer_dir, pattern=args.pattern, compress=args.compress,
        chunk_limit_size=args.chunk_limit_size, chunk_limit_records=args.chunk_limit_records,
        chunk_full_threshold=args.chunk_full_threshold)
    for line in lines:
        print(json.dumps(line, ensure_ascii=False))
    print(f"fluentd_resume_check: {report['queued_chunks']} queued + {report['staged_chunks']} "
          f"staged chunks, {len(lines)} events; broken (deleted by Fluentd): "
          f"{len(report['broken'])}; unreadable (never delivered): {len(report['unreadable'])}; "
          f"torn tails: {len(report['torn_tails'])}", file=sys.stderr)
    for path, why in report["broken"]:
        print(f"  broken: {path}: {why}", file=sys.stderr)
    for path, why in report["unreadable"]:
        print(f"  unreadable: {path}: {why}", file=sys.stderr)
    for path, n in report["torn_tails"]:
        print(f"  torn tail: {path}: {n} bytes silently dropped", file=sys.stderr)
    if args.compare:
        with open(args.compare, encoding="utf-8") as f:
            expected = [json.loads(line) for line in f if line.strip()]
        if expected != lines:
            print(f"MISMATCH with {args.compare}: expected {len(expected)} events, got "
                  f"{len(lines)}", file=sys.stderr)
            for i, (e, g) in enumerate(zip(expected, lines)):
                if e != g:
                    print(f"  first difference at {i}:\n    expected {e}\n    got      {g}",
                          file=sys.stderr)
                    break
            return 1
        print(f"equal to {args.compare}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
