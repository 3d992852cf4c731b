#!/usr/bin/env python3
"""Buffered outputs end to end with real processes: the built `ferry`, in_http /
in_exec / in_sample, and the test-only out_flaky (tests/support/plugins), whose
control file makes chunks fail (retry) until the test lets them through.

  buffer_e2e_test.py --ferry F --plugin-dir P --test-plugin-dir T CASE

CASE is one of the functions named case_* below (ctest runs each as its own
test). Every case checks delivery by sequence number: out_flaky appends each
delivered record as one fsync'd JSON line, so a line is a record delivered at
least once; a record the input acknowledged (HTTP 2xx) must be there in the
end. Exit 0: passed; 1: failed (the reason and ferry's log tail are printed).
"""

import argparse
import http.client
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import fluentd_resume_check  # noqa: E402


class Failed(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failed(message)


def wait_until(predicate, timeout, what, step=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(step)
    raise Failed(f"timed out after {timeout} s waiting for {what}")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Ferry:
    """One ferry process at a time on `conf`; its log accumulates in log_path
    across restarts."""

    def __init__(self, args, work, conf_text):
        self.args = args
        self.work = work
        self.conf = os.path.join(work, "ferry.conf")
        self.log_path = os.path.join(work, "ferry.log")
        self.proc = None
        self.write_conf(conf_text)

    def write_conf(self, text):
        with open(self.conf, "w") as f:
            f.write(text)

    def log(self):
        try:
            with open(self.log_path, errors="replace") as f:
                return f.read()
        except FileNotFoundError:
            return ""

    def running_lines(self):
        return self.log().count("worker is now running")

    def start(self, timeout=20):
        before = self.running_lines()
        log = open(self.log_path, "a")
        argv = [self.args.ferry, "-c", self.conf, "-p", self.args.plugin_dir, "-p",
                self.args.test_plugin_dir]
        self.proc = subprocess.Popen(argv, cwd=self.work, stdout=log, stderr=subprocess.STDOUT,
                                     env=dict(os.environ, TZ="UTC"))
        log.close()
        wait_until(lambda: self.running_lines() > before or self.proc.poll() is not None,
                   timeout, "ferry to start")
        check(self.proc.poll() is None, f"ferry exited at start with {self.proc.returncode}")

    def kill9(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)

    def stop(self, timeout=60):
        """SIGTERM; returns the exit code."""
        if self.proc is None or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else None
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise Failed(f"ferry did not stop within {timeout} s of SIGTERM")

    def reload(self, timeout=20):
        before = self.running_lines()
        self.proc.send_signal(signal.SIGHUP)
        wait_until(lambda: self.running_lines() > before, timeout, "the reload")

    def pid(self):
        return self.proc.pid


def delivered(path):
    """seq -> times delivered, from out_flaky's file."""
    counts = {}
    try:
        with open(path) as f:
            for line in f:
                if not line.endswith("\n"):
                    break  # never happens: out_flaky writes whole lines
                seq = int(json.loads(line)["seq"])
                counts[seq] = counts.get(seq, 0) + 1
    except FileNotFoundError:
        pass
    return counts


def set_control(path, word):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(word)
    os.replace(tmp, path)


class HttpPoster:
    """Posts JSON arrays of numbered records ({"seq": n, "pad": ...}) to
    in_http; `acked` holds the seqs of requests answered 2xx. Refused
    batches are not re-sent: their seqs may or may not arrive."""

    def __init__(self, port, tag="test.crash", batch=50, pad=100):
        self.port = port
        self.tag = tag
        self.batch = batch
        self.pad = "x" * pad
        self.next_seq = 0
        self.acked = set()
        self.statuses = {}
        self.retry_after = set()
        self.conn = None

    def _connection(self):
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        return self.conn

    def post_one(self):
        """One request; returns its HTTP status (0: no answer)."""
        seqs = list(range(self.next_seq, self.next_seq + self.batch))
        self.next_seq += self.batch
        body = json.dumps([{"seq": s, "pad": self.pad} for s in seqs])
        try:
            conn = self._connection()
            conn.request("POST", "/" + self.tag, body, {"Content-Type": "application/json"})
            resp = conn.getresponse()
            resp.read()
            status = resp.status
            if resp.getheader("Retry-After"):
                self.retry_after.add(resp.getheader("Retry-After"))
            if resp.getheader("Connection", "").lower() == "close":
                self.close()
        except (OSError, http.client.HTTPException):
            self.close()
            status = 0
        self.statuses[status] = self.statuses.get(status, 0) + 1
        if 200 <= status < 300:
            self.acked.update(seqs)
        return status

    def close(self):
        if self.conn is not None:
            self.conn.close()
        self.conn = None


class BackgroundPoster(threading.Thread):
    def __init__(self, poster, pause=0.0):
        super().__init__(daemon=True)
        self.poster = poster
        self.pause = pause  # between requests: caps the rate
        self.stop_flag = threading.Event()

    def run(self):
        while not self.stop_flag.is_set():
            if self.poster.post_one() == 0:
                time.sleep(0.02)  # ferry is down (killed); try again soon
            elif self.pause:
                time.sleep(self.pause)

    def stop(self):
        self.stop_flag.set()
        self.join(15)
        self.poster.close()


def source_http(port):
    return f"<source>\n  @type http\n  bind 127.0.0.1\n  port {port}\n</source>\n"


def match_flaky(out, control, buffer_body, tag="test.**"):
    return (f"<match {tag}>\n  @type flaky\n  @id flaky\n  path {out}\n"
            f"  control_file {control}\n  <buffer>\n{buffer_body}  </buffer>\n</match>\n")


def buffer_files(buf_dir):
    try:
        return sorted(n for n in os.listdir(buf_dir) if n.endswith(".log"))
    except FileNotFoundError:
        return []


def summary(acked, counts):
    lost = sorted(s for s in acked if s not in counts)
    dups = sum(n - 1 for n in counts.values() if n > 1)
    return lost, dups


def wait_all_delivered(out, acked, timeout):
    def done():
        counts = delivered(out)
        return all(s in counts for s in acked)
    try:
        wait_until(done, timeout, "every acknowledged record to arrive", step=0.2)
    except Failed:
        lost, _ = summary(acked, delivered(out))
        raise Failed(f"{len(lost)} acknowledged records never arrived "
                     f"(first: {lost[:10]})")


# --- cases -----------------------------------------------------------------

def case_crash_kill9(args, work):
    """in_http at a high rate -> file buffer -> out_flaky failing; kill -9 at
    random moments, restart on the same buffer dir; then let it succeed:
    every 2xx-acknowledged seq arrives at least once. Also: after the last
    kill the directory is read by the Fluentd resume check, which must find
    every acknowledged record (Fluentd could take the directory over)."""
    port = free_port()
    out = os.path.join(work, "out.jsonl")
    control = os.path.join(work, "control")
    buf = os.path.join(work, "buf")
    set_control(control, "retry")
    buffer_body = (f"    @type file\n    path {buf}\n    flush_mode interval\n"
                   "    flush_interval 1s\n    chunk_limit_size 1m\n"
                   "    total_limit_size 512m\n    retry_wait 1s\n"
                   "    retry_max_interval 1s\n    retry_forever true\n"
                   # Drain fast once the output recovers (Fluentd's default
                   # waits 1 s between two chunks of a non-empty queue).
                   "    flush_thread_count 2\n    flush_thread_burst_interval 0.01\n")
    ferry = Ferry(args, work, source_http(port) + match_flaky(out, control, buffer_body))
    rng = random.Random(int(os.environ.get("FERRY_CRASH_SEED", time.time())))
    kills = rng.randint(3, 5)
    print(f"crash test: {kills} kill -9 while the output fails, 1 while it delivers "
          "(seed via FERRY_CRASH_SEED)")
    poster = HttpPoster(port)
    ferry.start()
    # At most ~50,000 records/s: high, yet deliverable within the time
    # limit on a loaded 2-core machine.
    sender = BackgroundPoster(poster, pause=0.001)
    sender.start()
    checked_by_fluentd_rules = None
    for k in range(kills):
        time.sleep(rng.uniform(1.0, 3.5))
        ferry.kill9()
        acked_at_kill = set(poster.acked)
        files = buffer_files(buf)
        print(f"  kill {k + 1}: {len(acked_at_kill)} acknowledged so far, "
              f"{len(files)} chunk files on disk")
        if k == kills - 1:
            # Nothing was delivered yet (out_flaky said retry throughout):
            # everything acknowledged is in the directory Ferry left.
            lines, report = fluentd_resume_check.delivered_events(buf)
            found = {line["record"].get("seq") for line in lines}
            missing = sorted(acked_at_kill - found)
            checked_by_fluentd_rules = (len(acked_at_kill), len(lines), report)
            check(not missing, f"Fluentd's resume rules would not deliver {len(missing)} "
                  f"acknowledged records (first {missing[:10]}); report {report}")
            check(not report["broken"] and not report["unreadable"],
                  f"Fluentd's resume rules find broken chunks: {report}")
        ferry.start()
    time.sleep(rng.uniform(0.5, 1.5))
    sender.stop()
    acked = poster.acked
    check(len(acked) > 0, "no request was acknowledged")
    phase = time.monotonic()
    set_control(control, "ok")
    # Once more while chunks are being delivered: a chunk written out but
    # not yet purged is delivered again after the restart (duplicates,
    # never losses).
    wait_until(lambda: len(delivered(out)) > 0, 30, "the first delivery")
    time.sleep(rng.uniform(0.0, 0.5))
    ferry.kill9()
    ferry.start()
    wait_all_delivered(out, acked, 60)
    print(f"  delivered everything {time.monotonic() - phase:.1f} s after the output recovered")
    counts = delivered(out)
    lost, dups = summary(acked, counts)
    extra = len([s for s in counts if s not in acked])
    print(f"crash test: {len(acked)} acknowledged records, {sum(counts.values())} lines "
          f"delivered, lost {len(lost)}, duplicates {dups}, delivered but never "
          f"acknowledged {extra}; HTTP statuses {poster.statuses}")
    n_acked, n_found, report = checked_by_fluentd_rules
    print(f"fluentd resume check after the last kill: {n_acked} acknowledged, {n_found} "
          f"events Fluentd would deliver, torn tails {len(report['torn_tails'])}")
    check(not lost, f"lost {len(lost)}")
    check(ferry.stop() == 0, "ferry did not exit 0")


def case_shutdown_memory_flushes(args, work):
    """Memory buffer, flush_at_shutdown (default true): SIGTERM delivers
    everything buffered before ferry exits."""
    port = free_port()
    out = os.path.join(work, "out.jsonl")
    control = os.path.join(work, "control")
    buffer_body = "    @type memory\n    flush_mode interval\n    flush_interval 600s\n"
    ferry = Ferry(args, work, source_http(port) + match_flaky(out, control, buffer_body))
    ferry.start()
    poster = HttpPoster(port, batch=20)
    for _ in range(50):
        check(poster.post_one() // 100 == 2, "a post was refused")
    poster.close()
    check(not delivered(out), "flushed before the shutdown (flush_interval 600s)")
    check(ferry.stop() == 0, "ferry did not exit 0")
    lost, dups = summary(poster.acked, delivered(out))
    print(f"memory buffer, flush_at_shutdown true: {len(poster.acked)} acknowledged, "
          f"lost {len(lost)}, duplicates {dups}")
    check(not lost, f"lost {len(lost)} at shutdown")


def case_shutdown_file_keeps_chunks(args, work):
    """File buffer, flush_at_shutdown (default false): SIGTERM leaves the
    chunks on disk, unsent; the next start delivers them."""
    port = free_port()
    out = os.path.join(work, "out.jsonl")
    control = os.path.join(work, "control")
    buf = os.path.join(work, "buf")
    body = f"    @type file\n    path {buf}\n    flush_mode interval\n    flush_interval 600s\n"
    ferry = Ferry(args, work, source_http(port) + match_flaky(out, control, body))
    ferry.start()
    poster = HttpPoster(port, batch=20)
    for _ in range(50):
        check(poster.post_one() // 100 == 2, "a post was refused")
    poster.close()
    check(ferry.stop() == 0, "ferry did not exit 0")
    check(not delivered(out), "flushed at shutdown although flush_at_shutdown is false")
    files = buffer_files(buf)
    check(files, "no chunk file left in the buffer directory")
    lines, report = fluentd_resume_check.delivered_events(buf)
    found = {line["record"]["seq"] for line in lines}
    check(poster.acked <= found, "the chunks left on disk miss acknowledged records")
    print(f"file buffer, flush_at_shutdown false: {len(files)} chunk files left holding "
          f"{len(found)} records; Fluentd's resume rules read them all")
    ferry.write_conf(source_http(port) + match_flaky(out, control, body.replace(
        "600s", "1s")))
    ferry.start()
    wait_all_delivered(out, poster.acked, 30)
    check(ferry.stop() == 0, "ferry did not exit 0 after the restart")


def case_fluentd_reads_ferry_dirs(args, work):
    """Fluentd's resume rules (the re-implementation in tests/support) read
    the file buffers Ferry leaves at a stop, for the chunk keys of the four
    Fluentd fixtures: tag; tag,time with timekey; a record key; gzip. Every
    record is found once, in a chunk whose metadata (tag, timekey,
    variables) matches the record."""
    port = free_port()
    control = os.path.join(work, "control")
    set_control(control, "retry")  # full chunks are queued, none delivered
    layouts = {
        "tag": ("tag", ""),
        "tag_time": ("tag,time", "      timekey 60\n      timekey_use_utc true\n"),
        "host": ("host", ""),
        "gzip": ("tag", "      compress gzip\n"),
    }
    stores = ""
    for name, (keys, extra) in layouts.items():
        stores += (f"  <store>\n    @type flaky\n    @id {name}\n"
                   f"    path {os.path.join(work, name + '.jsonl')}\n"
                   f"    control_file {control}\n"
                   f"    <buffer {keys}>\n      @type file\n"
                   f"      path {os.path.join(work, 'buf-' + name)}\n"
                   "      flush_mode interval\n      flush_interval 600s\n"
                   "      chunk_limit_size 2k\n" + extra + "    </buffer>\n  </store>\n")
    conf = source_http(port) + "<match test.**>\n  @type copy\n" + stores + "</match>\n"
    ferry = Ferry(args, work, conf)
    ferry.start()
    sent = {}
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    for seq in range(120):
        tag = "test.a" if seq % 3 else "test.b"
        t = 1700000000 + seq * 7  # spans several 60 s windows
        record = {"seq": seq, "host": f"web{seq % 2}", "pad": "p" * 40}
        conn.request("POST", f"/{tag}?time={t}", json.dumps(record),
                     {"Content-Type": "application/json"})
        resp = conn.getresponse()
        resp.read()
        check(resp.status // 100 == 2, f"post answered {resp.status}")
        sent[seq] = (tag, t, record["host"])
    conn.close()
    check(ferry.stop() == 0, "ferry did not exit 0")
    for name, (keys, _) in layouts.items():
        buf = os.path.join(work, "buf-" + name)
        compress = "gzip" if name == "gzip" else "text"
        queue, staged, broken = fluentd_resume_check.resume(buf, compress=compress)
        check(not broken, f"{name}: Fluentd would find broken chunks: {broken}")
        seen = {}
        for chunk in queue + staged:
            events, torn = fluentd_resume_check.read_events(chunk, compress)
            check(torn == 0, f"{name}: {chunk.path} has {torn} torn bytes")
            check(chunk.records == len(events), f"{name}: meta s={chunk.records} but "
                  f"{len(events)} events in {chunk.path}")
            for time_value, record in events:
                seq = record["seq"]
                tag, t, host = sent[seq]
                seen[seq] = seen.get(seq, 0) + 1
                sec = fluentd_resume_check._event_time(time_value)[0]
                check(sec == t, f"{name}: seq {seq} has time {sec}, sent {t}")
                if "tag" in keys:
                    check(chunk.tag == tag, f"{name}: seq {seq} ({tag}) in a chunk of tag "
                          f"{chunk.tag}")
                else:
                    check(chunk.tag is None, f"{name}: tag {chunk.tag} without the tag key")
                if "time" in keys:
                    check(chunk.timekey == t - t % 60, f"{name}: seq {seq} at {t} in the "
                          f"window {chunk.timekey}")
                if keys == "host":
                    check(chunk.variables == {"host": host}, f"{name}: seq {seq} of {host} "
                          f"in a chunk of {chunk.variables}")
        check(sorted(seen) == sorted(sent) and set(seen.values()) == {1},
              f"{name}: Fluentd would deliver {len(seen)} of {len(sent)} records "
              f"(or some twice)")
        print(f"{name}: {len(queue)} queued + {len(staged)} staged chunks, all {len(sent)} "
              "records readable by Fluentd's rules with the right metadata")


def case_reload_keeps_chunks(args, work):
    """SIGHUP reload with chunks queued in a file buffer (output failing):
    after the reload they are still delivered, with what came after."""
    port = free_port()
    out = os.path.join(work, "out.jsonl")
    control = os.path.join(work, "control")
    buf = os.path.join(work, "buf")
    set_control(control, "retry")
    body = (f"    @type file\n    path {buf}\n    flush_mode interval\n    flush_interval 1s\n"
            "    retry_wait 1s\n    retry_max_interval 1s\n    retry_forever true\n")
    ferry = Ferry(args, work, source_http(port) + match_flaky(out, control, body))
    ferry.start()
    poster = HttpPoster(port, batch=20)
    for _ in range(25):
        check(poster.post_one() // 100 == 2, "a post was refused")
    wait_until(lambda: any(".q" in n for n in buffer_files(buf)), 10, "a queued chunk")
    before = set(poster.acked)
    ferry.reload()
    poster.close()
    for _ in range(25):
        check(poster.post_one() // 100 == 2, "a post after the reload was refused")
    poster.close()
    set_control(control, "ok")
    wait_all_delivered(out, poster.acked, 30)
    print(f"reload: {len(before)} records buffered before SIGHUP and "
          f"{len(poster.acked) - len(before)} after, all delivered")
    check(ferry.stop() == 0, "ferry did not exit 0")


def overflow_case(args, work, action, buffer_type, via_relabel=False):
    port = free_port()
    out = os.path.join(work, "out.jsonl")
    control = os.path.join(work, "control")
    buf = os.path.join(work, "buf")
    set_control(control, "retry")
    body = f"    @type {buffer_type}\n"
    if buffer_type == "file":
        body += f"    path {buf}\n"
    body += ("    flush_mode interval\n    flush_interval 1s\n    chunk_limit_size 16k\n"
             "    total_limit_size 64k\n    retry_wait 1s\n    retry_max_interval 1s\n"
             f"    retry_forever true\n    overflow_action {action}\n")
    conf = source_http(port) + match_flaky(out, control, body)
    if via_relabel:
        # The full buffer sits behind relabel: its RETRY must still reach
        # in_http as backpressure, not the error path.
        conf = (source_http(port) + "<match test.**>\n  @type relabel\n  @label @OUT\n"
                "</match>\n<label @OUT>\n" + match_flaky(out, control, body) + "</label>\n"
                "<label @ERROR>\n  <match **>\n    @type null\n  </match>\n</label>\n")
    ferry = Ferry(args, work, conf)
    ferry.start()
    poster = HttpPoster(port, batch=10, pad=200)
    refused = 0
    for _ in range(400):
        status = poster.post_one()
        if status == 503:
            refused += 1
            if refused >= 5:
                break
    check(refused >= 5, f"no 503 with a full buffer: statuses {poster.statuses}")
    check(poster.retry_after, "503 without Retry-After")
    pushed_back = len(poster.acked)
    set_control(control, "ok")
    wait_all_delivered(out, poster.acked, 30)
    # Room again: the same client is served.
    for _ in range(5):
        check(poster.post_one() // 100 == 2, f"still refused after the output recovered: "
              f"{poster.statuses}")
    poster.close()
    wait_all_delivered(out, poster.acked, 30)
    check("@ERROR" not in ferry.log(), "a full buffer's batch went to the error path")
    print(f"overflow_action {action} ({buffer_type}{', behind relabel' if via_relabel else ''}): "
          f"{pushed_back} records acknowledged, "
          f"then 503 + Retry-After {sorted(poster.retry_after)}; after recovery all "
          f"{len(poster.acked)} acknowledged records delivered")
    check(ferry.stop() == 0, "ferry did not exit 0")


def case_overflow_throw_exception(args, work):
    overflow_case(args, work, "throw_exception", "memory")


def case_overflow_block(args, work):
    overflow_case(args, work, "block", "file")


def case_overflow_behind_relabel(args, work):
    overflow_case(args, work, "throw_exception", "memory", via_relabel=True)


def case_overflow_copy_store(args, work):
    """copy with two buffered stores, the second full: in_http gets 503, the
    first store takes the refused batches again when the client retries
    (duplicates there, the documented at-least-once), and after recovery
    both stores hold every acknowledged record."""
    port = free_port()
    control = os.path.join(work, "control")
    set_control(control, "retry")
    outs = [os.path.join(work, "a.jsonl"), os.path.join(work, "b.jsonl")]
    stores = ""
    for i, (out, limit) in enumerate(zip(outs, ["64m", "64k"])):
        ctl = control if i == 1 else os.path.join(work, "never")
        stores += (f"  <store>\n    @type flaky\n    @id store{i}\n    path {out}\n"
                   f"    control_file {ctl}\n    <buffer>\n      @type memory\n"
                   "      flush_mode interval\n      flush_interval 1s\n"
                   f"      chunk_limit_size 16k\n      total_limit_size {limit}\n"
                   "      retry_wait 1s\n      retry_max_interval 1s\n      retry_forever true\n"
                   "    </buffer>\n  </store>\n")
    conf = source_http(port) + "<match test.**>\n  @type copy\n" + stores + "</match>\n"
    ferry = Ferry(args, work, conf)
    ferry.start()
    poster = HttpPoster(port, batch=10, pad=200)
    refused_seqs = []
    for _ in range(400):
        first = poster.next_seq
        if poster.post_one() == 503:
            refused_seqs.append(first)
            if len(refused_seqs) >= 5:
                break
    check(len(refused_seqs) >= 5, f"no 503 with a full store: statuses {poster.statuses}")
    set_control(control, "ok")
    for out in outs:
        wait_all_delivered(out, poster.acked, 30)
    a = delivered(outs[0])
    refused_in_a = sum(1 for s in refused_seqs if s in a)
    print(f"copy: {len(poster.acked)} acknowledged records in both stores; "
          f"{refused_in_a} of {len(refused_seqs)} refused batches had reached the first store "
          "(duplicates once re-sent)")
    check("@ERROR" not in ferry.log(), "a full store's batch went to the error path")
    check(ferry.stop() == 0, "ferry did not exit 0")


def case_overflow_drop_oldest_chunk(args, work):
    """drop_oldest_chunk: writes keep being accepted; the oldest chunks go to
    the backup dir (counted), nothing disappears: every acknowledged record
    is delivered or in a backed-up chunk."""
    port = free_port()
    out = os.path.join(work, "out.jsonl")
    control = os.path.join(work, "control")
    root = os.path.join(work, "root")
    set_control(control, "retry")
    body = ("    @type memory\n    flush_mode interval\n    flush_interval 1s\n"
            "    chunk_limit_size 16k\n    total_limit_size 64k\n    retry_wait 1s\n"
            "    retry_max_interval 1s\n    retry_forever true\n"
            "    overflow_action drop_oldest_chunk\n")
    conf = (f"<system>\n  root_dir {root}\n</system>\n" + source_http(port)
            + match_flaky(out, control, body))
    ferry = Ferry(args, work, conf)
    ferry.start()
    poster = HttpPoster(port, batch=10, pad=200)
    for _ in range(200):
        check(poster.post_one() // 100 == 2, f"refused with drop_oldest_chunk: "
              f"{poster.statuses}")
    poster.close()
    backup = os.path.join(root, "backup")
    backed_up = {}
    for dirpath, _, names in os.walk(backup):
        for n in names:
            if n.endswith(".log"):
                backed_up[os.path.join(dirpath, n)] = None
    check(backed_up, f"no chunk in the backup dir {backup}")
    in_backup = set()
    for path in backed_up:
        with open(path, "rb") as f:
            for _, record in fluentd_resume_check.msgpack.Unpacker(f, raw=False):
                in_backup.add(record["seq"])
    set_control(control, "ok")
    wait_until(lambda: all(s in delivered(out) or s in in_backup for s in poster.acked), 30,
               "every acknowledged record delivered or backed up")
    print(f"drop_oldest_chunk: {len(backed_up)} chunks ({len(in_backup)} records) in "
          f"{backup}, the other {len(poster.acked) - len(in_backup)} acknowledged records "
          "delivered")
    check("drop_oldest_chunk" in ferry.log() or "oldest" in ferry.log(),
          "the dropped chunks were not logged")
    check(ferry.stop() == 0, "ferry did not exit 0")


def proc_state(pid):
    with open(f"/proc/{pid}/stat") as f:
        text = f.read()
    return text[text.rfind(")") + 2]


def wchan(pid):
    try:
        with open(f"/proc/{pid}/wchan") as f:
            return f.read().strip()
    except OSError:
        return ""


def children_of(pid):
    out = []
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat") as f:
                    text = f.read()
                if int(text[text.rfind(")") + 2:].split()[1]) == pid:
                    out.append(int(d))
            except (OSError, ValueError, IndexError):
                pass
    return out


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def exec_case(args, work, action, buffer_type):
    """in_exec with a full buffer: ferry stops reading the command's stdout,
    so the command blocks on the pipe (ferry's memory stays put); when the
    output recovers every line arrives."""
    out = os.path.join(work, "out.jsonl")
    control = os.path.join(work, "control")
    set_control(control, "retry")
    # More than the buffer, one read (256 KiB) and the pipe can hold.
    lines = 150000
    body = f"    @type {buffer_type}\n"
    if buffer_type == "file":
        body += f"    path {os.path.join(work, 'buf')}\n"
    body += ("    flush_mode immediate\n    flush_thread_burst_interval 0.01\n"
             "    chunk_limit_size 64k\n    total_limit_size 256k\n    retry_wait 1s\n"
             "    retry_max_interval 1s\n    retry_forever true\n"
             f"    overflow_action {action}\n")
    conf = (f"<source>\n  @type exec\n  tag test.exec\n  command seq 0 {lines - 1}\n"
            "  <parse>\n    @type tsv\n    keys seq\n    types seq:integer\n  </parse>\n"
            "</source>\n" + match_flaky(out, control, body))
    ferry = Ferry(args, work, conf)
    ferry.start()
    kids = []
    wait_until(lambda: bool(kids.extend(children_of(ferry.pid())) or kids), 10,
               "the command to start")
    child = kids[0]
    # Blocked writing into a full pipe (sleeping in pipe_write).
    wait_until(lambda: proc_state(child) == "S" and "pipe" in wchan(child), 15,
               "the command to block on its stdout pipe")
    # The pipe may fill before ferry has finished taking in what it already
    # read (slow on a loaded machine): measure once RSS stopped moving.
    rss1 = rss_kib(ferry.pid())
    deadline = time.time() + 10
    while time.time() < deadline:
        time.sleep(0.5)
        now = rss_kib(ferry.pid())
        if now <= rss1:
            break
        rss1 = now
    time.sleep(2)
    rss2 = rss_kib(ferry.pid())
    check(proc_state(child) == "S" and "pipe" in wchan(child),
          "the command runs on while the buffer is full")
    check(rss2 < rss1 * 1.1 + 1024, f"ferry grows while the command is held: {rss1} -> "
          f"{rss2} KiB")
    print(f"exec ({action}, {buffer_type}): command held on its pipe (wchan {wchan(child)}), "
          f"ferry RSS {rss1} -> {rss2} KiB over 2 s")
    set_control(control, "ok")
    wait_until(lambda: len(delivered(out)) == lines, 60, "every line of the command",
               step=0.3)
    counts = delivered(out)
    check(set(counts) == set(range(lines)), "lines missing")
    check(ferry.stop() == 0, "ferry did not exit 0")


def case_exec_backpressure(args, work):
    exec_case(args, work, "throw_exception", "memory")


def case_exec_backpressure_block(args, work):
    exec_case(args, work, "block", "file")


def case_sample_backpressure(args, work):
    """in_sample with a full buffer: generation pauses and resumes; the
    auto_increment_key sequence has no gap (nothing generated was lost)."""
    out = os.path.join(work, "out.jsonl")
    control = os.path.join(work, "control")
    set_control(control, "retry")
    body = ("    @type memory\n    flush_mode interval\n    flush_interval 1s\n"
            "    chunk_limit_size 8k\n    total_limit_size 32k\n    retry_wait 1s\n"
            "    retry_max_interval 1s\n    retry_forever true\n"
            "    overflow_action throw_exception\n")
    conf = ("<source>\n  @type sample\n  tag test.sample\n  rate 200\n  size 5\n"
            "  auto_increment_key seq\n  sample {\"pad\":\"" + "y" * 100 + "\"}\n</source>\n"
            + match_flaky(out, control, body))
    ferry = Ferry(args, work, conf)
    ferry.start()
    wait_until(lambda: "generation paused" in ferry.log(), 20, "in_sample to be pushed back")
    time.sleep(1)
    set_control(control, "ok")
    wait_until(lambda: "generation resumed" in ferry.log(), 20, "in_sample to resume")
    time.sleep(1.5)
    check(ferry.stop() == 0, "ferry did not exit 0")
    counts = delivered(out)
    top = max(counts)
    gaps = [s for s in range(top + 1) if s not in counts]
    print(f"sample: {top + 1} events generated across a pause, gaps {len(gaps)}")
    check(not gaps, f"{len(gaps)} generated events lost (first {gaps[:10]})")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ferry", required=True)
    ap.add_argument("--plugin-dir", required=True)
    ap.add_argument("--test-plugin-dir", required=True)
    ap.add_argument("--keep", action="store_true", help="keep the work dir")
    ap.add_argument("case")
    args = ap.parse_args()
    args.ferry = os.path.abspath(args.ferry)
    args.plugin_dir = os.path.abspath(args.plugin_dir)
    args.test_plugin_dir = os.path.abspath(args.test_plugin_dir)
    fn = globals().get("case_" + args.case)
    if fn is None:
        print(f"unknown case {args.case}", file=sys.stderr)
        return 2
    work = tempfile.mkdtemp(prefix=f"ferry-buf-{args.case}-")
    ferry_log = os.path.join(work, "ferry.log")
    try:
        fn(args, work)
        print(f"PASSED {args.case}")
        return 0
    except Failed as e:
        print(f"FAILED {args.case}: {e}")
        try:
            with open(ferry_log, errors="replace") as f:
                tail = f.readlines()[-40:]
            print("--- ferry log (last lines) ---\n" + "".join(tail))
        except FileNotFoundError:
            pass
        return 1
    finally:
        for pid in children_of(os.getpid()):
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        if args.keep:
            print(f"work dir kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
