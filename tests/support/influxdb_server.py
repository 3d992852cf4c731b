#!/usr/bin/env python3
"""A throwaway InfluxDB 1.x (Debian's `influxdb` package) for tests.

Each instance runs `influxd run -config <tmp>/influxdb.conf` with its meta,
data and wal directories under its own temp dir, HTTP on a free 127.0.0.1
port and the backup/RPC service on another free port, so any number can run
side by side. Everything a test does not need is switched off (reporting,
the _internal monitor store, continuous queries, retention and shard
precreation services, subscriptions) so start-up stays well under a second.

As a module:
    with InfluxServer(auth=True) as db:      # started, /ping answered 204
        db.query("CREATE DATABASE d")        # -> decoded JSON
        db.write("d", "m v=1i 1", precision="s")
As a command (for shell tests), prints `port=<n> pid=<n> dir=<path>` and
keeps running until SIGTERM/SIGINT, then stops influxd and removes the dir:
    influxdb_server.py [--auth] [--port-file FILE]
"""

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

ADMIN_USER = "admin"
ADMIN_PASSWORD = "admin-secret"

CONFIG = """\
reporting-disabled = true
bind-address = "127.0.0.1:{rpc_port}"

[meta]
  dir = "{dir}/meta"
  retention-autocreate = true
  logging-enabled = false

[data]
  dir = "{dir}/data"
  wal-dir = "{dir}/wal"
  wal-fsync-delay = "0s"
  query-log-enabled = false
  trace-logging-enabled = false

[coordinator]
  write-timeout = "10s"

[retention]
  enabled = false

[shard-precreation]
  enabled = false

[monitor]
  store-enabled = false

[subscriber]
  enabled = false

[http]
  enabled = true
  bind-address = "127.0.0.1:{http_port}"
  auth-enabled = {auth}
  log-enabled = false
  suppress-write-log = true
  pprof-enabled = false

[logging]
  level = "error"
  suppress-logo = true

[continuous_queries]
  enabled = false
"""


def _die_with_parent():
    # A test runner killed on timeout must not leave influxd behind:
    # PR_SET_PDEATHSIG (1) sends it SIGTERM when we go.
    try:
        import ctypes
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)
    except (OSError, AttributeError):
        pass


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class InfluxError(Exception):
    """An HTTP error answer from InfluxDB: status and its error text."""

    def __init__(self, status, text):
        super().__init__(f"HTTP {status}: {text}")
        self.status = status
        self.text = text


class InfluxServer:
    def __init__(self, auth=False, influxd="influxd", start_timeout=10.0):
        self.auth = auth
        self.influxd = influxd
        self.start_timeout = start_timeout
        self.dir = None
        self.port = None
        self.proc = None
        self.startup_seconds = None

    # -- lifecycle -----------------------------------------------------------
    def start(self):
        self.dir = tempfile.mkdtemp(prefix="ferry-influxdb-")
        # Another process may grab a port between free_port() and influxd's
        # bind; influxd then exits at once and we try again with new ports.
        for _ in range(5):
            if self._start_once():
                break
        else:
            log = self._log_tail()
            self.stop()
            raise RuntimeError(f"influxd did not start:\n{log}")
        if self.auth:
            # With auth on and no user yet, InfluxDB allows exactly this one
            # statement without credentials.
            self.query(f"CREATE USER {ADMIN_USER} WITH PASSWORD '{ADMIN_PASSWORD}' "
                       "WITH ALL PRIVILEGES", credentials=None, method="POST")
        return self

    def _start_once(self):
        self.port = free_port()
        conf = os.path.join(self.dir, "influxdb.conf")
        with open(conf, "w") as f:
            f.write(CONFIG.format(dir=self.dir, http_port=self.port, rpc_port=free_port(),
                                  auth="true" if self.auth else "false"))
        log = open(os.path.join(self.dir, "influxd.log"), "ab")
        began = time.monotonic()
        self.proc = subprocess.Popen([self.influxd, "run", "-config", conf], stdout=log,
                                     stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                     preexec_fn=_die_with_parent)
        log.close()
        deadline = began + self.start_timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return False
            if self.ping() == 204:
                self.startup_seconds = time.monotonic() - began
                return True
            time.sleep(0.01)
        return False

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None
        if self.dir:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def _log_tail(self):
        try:
            with open(os.path.join(self.dir, "influxd.log"), "rb") as f:
                return f.read()[-4000:].decode(errors="replace")
        except OSError:
            return ""

    # -- HTTP ----------------------------------------------------------------
    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def ping(self):
        try:
            with urllib.request.urlopen(self.url + "/ping", timeout=1) as r:
                return r.status
        except (urllib.error.URLError, ConnectionError, OSError):
            return None

    def _credentials(self, credentials):
        if credentials == "admin":
            return {"u": ADMIN_USER, "p": ADMIN_PASSWORD} if self.auth else {}
        return credentials or {}

    def request(self, method, path, params, body=None, credentials="admin"):
        """Returns (status, body bytes); raises InfluxError on >= 400."""
        params = dict(params)
        params.update(self._credentials(credentials))
        url = f"{self.url}{path}?{urllib.parse.urlencode(params)}"
        req = urllib.request.Request(url, data=body, method=method)
        if body is not None:
            req.add_header("Content-Type", "application/octet-stream")
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                return r.status, r.read()
        except urllib.error.HTTPError as e:
            text = e.read().decode(errors="replace")
            try:
                text = json.loads(text).get("error", text)
            except ValueError:
                pass
            raise InfluxError(e.code, text) from None

    def query(self, q, db=None, credentials="admin", method="GET", epoch="ns"):
        params = {"q": q}
        if db:
            params["db"] = db
        if epoch:
            params["epoch"] = epoch
        if method == "POST":
            _, body = self.request("POST", "/query", params, b"", credentials)
        else:
            _, body = self.request("GET", "/query", params, None, credentials)
        answer = json.loads(body)
        for result in answer.get("results", []):
            if "error" in result:
                raise InfluxError(200, result["error"])
        return answer

    def write(self, db, body, precision=None, credentials="admin"):
        params = {"db": db}
        if precision:
            params["precision"] = precision
        if isinstance(body, str):
            body = body.encode()
        status, _ = self.request("POST", "/write", params, body, credentials)
        return status

    def create_database(self, db):
        self.query(f'CREATE DATABASE "{db}"', method="POST")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--auth", action="store_true", help="auth-enabled, with user "
                    f"{ADMIN_USER}/{ADMIN_PASSWORD} created")
    ap.add_argument("--port-file", help="also write the HTTP port here once ready")
    args = ap.parse_args()
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    signal.signal(signal.SIGINT, lambda *_: stop.append(1))
    with InfluxServer(auth=args.auth) as db:
        print(f"port={db.port} pid={db.proc.pid} dir={db.dir} "
              f"startup={db.startup_seconds:.3f}s", flush=True)
        if args.port_file:
            with open(args.port_file + ".tmp", "w") as f:
                f.write(f"{db.port}\n")
            os.rename(args.port_file + ".tmp", args.port_file)
        while not stop and db.proc.poll() is None:
            time.sleep(0.2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
