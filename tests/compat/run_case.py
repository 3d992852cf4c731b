#!/usr/bin/env python3
"""Runs one compat case (tests/compat/cases/<case>) against the built ferry,
following tests/compat/cases/README.md step by step:

  1. copy the case folder to a fresh temporary folder and run there;
  2. environment TZ=UTC HOME=/compat-home LANG=C.UTF-8;
  3. start `ferry -c fluent.conf|fluent.yaml`, wait until it is ready, run
     `bash send.sh` (its output is compared with expected_http.txt), sleep
     SETTLE seconds (default 2), SIGTERM, wait for exit;
  4. DRYRUN cases: `ferry --dry-run -c ...` once: exit code + [warn]/[error];
  5. normalise (<NOW>, <HOSTNAME>, <PID>, <CASEDIR>) and compare what the
     README says must match.

Where Ferry deliberately differs, tests/compat/differences/<case>.md says
why, and its ```ferry:<file>``` blocks replace that expectation file: one
Python regular expression per line, each matched in full against the
corresponding normalised line. A ```ferry:skip``` block skips the case.

Exit status: 0 pass, 77 skipped (plugins not built yet), 1 fail.
"""

import argparse
import datetime as dt
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

SKIP = 77

# `<time> [level]: ` prefix of a text log line, stripped like the recordings.
LOG_PREFIX = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d{4} (?=\[\w+\]: )")
LOG_LINE = re.compile(r"^\[(trace|debug|info|warn|error|fatal)\]: ")
KEPT_LEVELS = ("[warn]:", "[error]:", "[fatal]:")
# out_stdout's event line: `2023-11-14 22:13:20.000000000 +0000 tag: {...}`.
EVENT_LINE = re.compile(
    r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)\.(\d{9}) ([+-]\d{4}) (\S*): (.*)$")
READY_TEXT = "worker is now running"
NOW_WINDOW = 120  # seconds either side of the run, as the README says


def parse_env_file(path):
    """case.env: shell assignments, possibly followed by a # comment."""
    env = {}
    if not os.path.exists(path):
        return env
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            m = re.match(r"^([A-Za-z_][A-Za-z0-9_]*)=(\S*)$", line)
            if m:
                env[m.group(1)] = m.group(2).strip("'\"")
    return env


def read_lines(path):
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as f:
        text = f.read()
    return text.splitlines()


def load_differences(diff_dir, case):
    """Blocks ```ferry:<name>``` of differences/<case>.md, name -> lines."""
    path = os.path.join(diff_dir, case + ".md")
    blocks = {}
    if not os.path.exists(path):
        return blocks
    name, body = None, []
    with open(path, encoding="utf-8") as f:
        for line in f.read().splitlines():
            if name is None:
                m = re.match(r"^```ferry:(\S+)\s*$", line)
                if m:
                    name, body = m.group(1), []
            elif line.startswith("```"):
                blocks[name] = body
                name = None
            else:
                body.append(line)
    return blocks


def config_file(case_dir):
    for name in ("fluent.conf", "fluent.yaml", "fluent.yml"):
        if os.path.exists(os.path.join(case_dir, name)):
            return name
    return None


def plugin_types(path):
    """(kind, type) of every <source>/<filter>/<match>/<store> plugin.

    Only the plugin directives: @type inside <parse>, <format>, <buffer>...
    names a core helper, not a shared object."""
    kinds = {"source": "in", "filter": "filter", "match": "out", "store": "out"}
    found = []
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    if path.endswith((".yaml", ".yml")):
        current, key_indent = None, None
        for i, line in enumerate(lines):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            m = re.match(r"^(\s*)(?:-\s+)?(source|filter|match|store):\s*$", line)
            if m:
                current = kinds[m.group(2)]
                nxt = next((l for l in lines[i + 1:] if l.strip()), "")
                key_indent = len(nxt) - len(nxt.lstrip(" -"))
                continue
            m = re.match(r"^(\s*)\$type:\s*[\"']?([^\"'\s]+)", line)
            if m and current and len(m.group(1)) == key_indent:
                found.append((current, m.group(2)))
        return found
    stack = []
    for line in lines:
        s = line.strip()
        if not s or s.startswith("#"):
            continue
        m = re.match(r"^</\s*(\w+)\s*>", s)
        if m:
            if stack:
                stack.pop()
            continue
        m = re.match(r"^<\s*(\w+)[^>]*>", s)
        if m:
            stack.append(m.group(1))
            continue
        m = re.match(r"^(?:@type|type)\s+[\"']?([^\"'\s#]+)", s)
        if m and stack and stack[-1] in kinds:
            found.append((kinds[stack[-1]], m.group(1)))
    return found


def normaliser(case_dir, pid_holder, start, end):
    hostname = socket.gethostname()
    # The recordings replaced the host name wherever it stood as a word
    # (also inside values such as "app@host"); a short name must not match
    # inside longer words, hence the boundaries.
    host_re = re.compile(r'(?<![A-Za-z0-9_.-])' + re.escape(hostname) + r'(?![A-Za-z0-9_-])')

    def now_time(m):
        stamp = m.group(1) + " " + m.group(3)
        t = dt.datetime.strptime(stamp, "%Y-%m-%d %H:%M:%S %z").timestamp()
        if start() - NOW_WINDOW <= t <= end() + NOW_WINDOW:
            return "<NOW> " + m.group(4) + ": " + m.group(5)
        return m.group(0)

    def norm(line):
        line = line.replace(case_dir, "<CASEDIR>")
        line = host_re.sub("<HOSTNAME>", line)
        pid = pid_holder()
        if pid:
            line = re.sub(r"(?<![0-9])" + str(pid) + r"(?![0-9])", "<PID>", line)
        line = re.sub(r"object:[0-9a-f]+", "object:<ID>", line)
        return EVENT_LINE.sub(now_time, line)

    return norm


def split_output(lines):
    """Ferry's stdout holds log lines and out_stdout events, like Fluentd's.
    Returns (events, kept_log_lines): warn/error/fatal lines without the
    time prefix, each followed by its continuation lines."""
    events, logs, in_kept = [], [], False
    for raw in lines:
        line = LOG_PREFIX.sub("", raw)
        if LOG_LINE.match(line):
            in_kept = line.startswith(KEPT_LEVELS)
            if in_kept:
                logs.append(line)
            continue
        if EVENT_LINE.match(raw) or raw.startswith("<NOW> "):
            in_kept = False
            events.append(raw)
            continue
        if in_kept:
            logs.append(line)
    return events, logs


def compare(what, expected, actual, regex=False):
    """Line-by-line comparison; returns a list of problems."""
    problems = []
    for i in range(max(len(expected), len(actual))):
        e = expected[i] if i < len(expected) else None
        a = actual[i] if i < len(actual) else None
        if e is None:
            problems.append(f"{what}: unexpected line {i + 1}: {a!r}")
        elif a is None:
            problems.append(f"{what}: missing line {i + 1}: {e!r}")
        elif regex and not re.fullmatch(e, a):
            problems.append(f"{what}: line {i + 1}:\n  pattern: {e}\n  actual:  {a}")
        elif not regex and e != a:
            problems.append(f"{what}: line {i + 1}:\n  expected: {e}\n  actual:   {a}")
    return problems


def expectation(diffs, name, recorded):
    """The expectation for `name`: a differences block (regexes) or the
    recording (literal). Returns (lines, is_regex)."""
    if name in diffs:
        return diffs[name], True
    return recorded, False


def wait_ready(proc, out_path, ports, deadline):
    while time.time() < deadline:
        if proc.poll() is not None:
            return False
        with open(out_path, encoding="utf-8", errors="replace") as f:
            ready = READY_TEXT in f.read()
        if ready and all(port_open(p) for p in ports):
            return True
        time.sleep(0.05)
    return False


def port_open(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


def config_ports(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    return sorted({int(p) for p in re.findall(r"^\s*\$?port:?\s+(\d+)", text, re.M)})


def unknown_plugins_in(lines):
    names = set()
    for line in lines:
        for m in re.finditer(r"[Uu]nknown (?:input|output|filter) plugin '([^']+)'", line):
            names.add(m.group(1))
    return names


def run_dry(args, work, conf, env, diffs, expected_lines):
    proc = subprocess.run([args.ferry, "--dry-run", "-c", conf, "-p", args.plugin_dir],
                          cwd=work, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, timeout=60)
    out = proc.stdout.decode("utf-8", "replace").splitlines()
    norm = normaliser(work, lambda: None, time.time, time.time)
    _, logs = split_output([norm(l) for l in out])
    # A plugin our build lacks makes the run say nothing about the case,
    # unless the recording itself is about that plugin being unknown.
    expected_unknown = unknown_plugins_in(expected_lines)
    missing = unknown_plugins_in(logs) - expected_unknown
    if missing:
        print(f"SKIP: plugins not built yet: {', '.join(sorted(missing))}")
        return SKIP
    problems = []
    want_exit = expected_lines[0] if expected_lines else "exit=0"
    if want_exit != f"exit={proc.returncode}":
        problems.append(f"exit code: expected {want_exit}, got exit={proc.returncode}")
    want, regex = expectation(diffs, "expected.txt", expected_lines[1:])
    problems += compare("dry-run [warn]/[error] lines", want, logs, regex)
    return report(problems, out)


# Fluentd's deprecated names, served by another plugin file.
PLUGIN_ALIASES = {("in", "dummy"): "sample"}


def run_live(args, case, work, conf, env, case_env, diffs):
    files = [f"{k}_{PLUGIN_ALIASES.get((k, t), t)}"
             for k, t in plugin_types(os.path.join(work, conf))]
    missing = [f for f in files
               if not os.path.exists(os.path.join(args.plugin_dir, f + ".so"))]
    if missing:
        print(f"SKIP: plugins not built yet: {', '.join(sorted(set(missing)))}")
        return SKIP
    settle = float(case_env.get("SETTLE", "2"))
    startwait = float(case_env.get("STARTWAIT", "0"))
    out_path = os.path.join(work, ".ferry.out")
    times = {"start": time.time(), "end": None}
    with open(out_path, "wb") as out:
        proc = subprocess.Popen([args.ferry, "-c", conf, "-p", args.plugin_dir], cwd=work,
                                env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        if not wait_ready(proc, out_path, config_ports(os.path.join(work, conf)),
                          time.time() + 30):
            with open(out_path, encoding="utf-8", errors="replace") as f:
                text = f.read()
            print(f"FAIL: ferry did not become ready (exit={proc.poll()}):\n{text}")
            return 1
        if startwait:
            time.sleep(startwait)
        http_out = None
        if os.path.exists(os.path.join(work, "send.sh")):
            sent = subprocess.run(["bash", "send.sh"], cwd=work, env=env,
                                  stdout=subprocess.PIPE, timeout=120)
            http_out = sent.stdout.decode("utf-8", "replace").splitlines()
        time.sleep(settle)
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    times["end"] = time.time()
    with open(out_path, encoding="utf-8", errors="replace") as f:
        out_lines = f.read().splitlines()
    norm = normaliser(work, lambda: proc.pid, lambda: times["start"], lambda: times["end"])
    events, logs = split_output([norm(l) for l in out_lines])
    problems = []
    if code != 0:
        problems.append(f"ferry exited with {code} after SIGTERM (expected 0)")
    case_dir = os.path.join(args.cases, case)
    want, regex = expectation(diffs, "expected.txt",
                              read_lines(os.path.join(case_dir, "expected.txt")) or [])
    problems += compare("events (stdout)", want, events, regex)
    recorded_http = read_lines(os.path.join(case_dir, "expected_http.txt"))
    if recorded_http is not None or "expected_http.txt" in diffs:
        want, regex = expectation(diffs, "expected_http.txt", recorded_http or [])
        problems += compare("send.sh output", want, [norm(l) for l in (http_out or [])],
                            regex)
    recorded_log = read_lines(os.path.join(case_dir, "expected_log.txt"))
    if recorded_log is not None or "expected_log.txt" in diffs:
        want, regex = expectation(diffs, "expected_log.txt", recorded_log or [])
        problems += compare("[warn]/[error] log lines", want, logs, regex)
    return report(problems, out_lines)


def report(problems, output):
    if not problems:
        print("PASS")
        return 0
    print("FAIL")
    for p in problems:
        print("  " + p)
    print("---- ferry output ----")
    for line in output:
        print(line)
    return 1


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("case")
    p.add_argument("--ferry", required=True, help="the ferry binary")
    p.add_argument("--plugin-dir", required=True, help="directory of built plugins")
    p.add_argument("--cases", default=os.path.join(here, "cases"))
    p.add_argument("--differences", default=os.path.join(here, "differences"))
    args = p.parse_args()

    src = os.path.join(args.cases, args.case)
    diffs = load_differences(args.differences, args.case)
    if "skip" in diffs:
        print("SKIP: " + " ".join(diffs["skip"]).strip())
        return SKIP
    conf = config_file(src)
    if conf is None:
        print(f"FAIL: no fluent.conf or fluent.yaml in {src}")
        return 1
    case_env = parse_env_file(os.path.join(src, "case.env"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FERRY_", "FLUENT_"))}
    env.update({"TZ": "UTC", "HOME": "/compat-home", "LANG": "C.UTF-8"})
    work_root = tempfile.mkdtemp(prefix="ferry-compat-")
    work = os.path.join(work_root, args.case)
    try:
        shutil.copytree(src, work, symlinks=True)
        if case_env.get("DRYRUN") == "1":
            expected = read_lines(os.path.join(src, "expected.txt")) or []
            return run_dry(args, work, conf, env, diffs, expected)
        return run_live(args, args.case, work, conf, env, case_env, diffs)
    finally:
        shutil.rmtree(work_root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
