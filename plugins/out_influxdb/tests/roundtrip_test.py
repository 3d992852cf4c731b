#!/usr/bin/env python3
"""Line protocol round trip against a real InfluxDB 1.x.

Records go through the encoder (influx-line-encode, argv[1]), the lines are
POSTed to /write as one body per case, and /query reads them back: exact
measurement, tag and field names, values, field types and timestamps. A 400
from /write fails the case: the encoder must never produce a line InfluxDB
cannot parse.
"""

import json
import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..",
                                "tests", "support"))
from influxdb_server import InfluxServer  # noqa: E402

ENCODER = None
SERVER = None

SEC = 1700003723
NSEC = 987654321


def encode(records, *options):
    """records: [(record, measurement)] -> (body, reports)."""
    lines = "".join(json.dumps([SEC, NSEC, rec, meas]) + "\n" for rec, meas in records)
    done = subprocess.run([ENCODER, *options], input=lines.encode(), capture_output=True,
                          check=True)
    return done.stdout, done.stderr.decode().splitlines()


def write_and_read(test, db, records, *options, precision="s"):
    body, reports = encode(records, "--precision", precision, *options)
    SERVER.create_database(db)
    test.assertEqual(SERVER.write(db, body, precision=precision), 204, body)
    return body, reports


def series(db):
    """{measurement: [row dicts]} from SELECT * (tags and fields as columns)."""
    answer = SERVER.query("SELECT * FROM /.*/", db=db)
    out = {}
    for s in answer["results"][0].get("series", []):
        out[s["name"]] = [dict(zip(s["columns"], v)) for v in s["values"]]
    return out


def field_types(db):
    answer = SERVER.query("SHOW FIELD KEYS", db=db)
    return {s["name"]: dict(map(tuple, s["values"]))
            for s in answer["results"][0].get("series", [])}


def tag_keys(db):
    answer = SERVER.query("SHOW TAG KEYS", db=db)
    return {s["name"]: sorted(v[0] for v in s["values"])
            for s in answer["results"][0].get("series", [])}


class RoundTrip(unittest.TestCase):
    def test_types_values_and_nesting(self):
        rec = {
            "i": 42, "neg": -7, "max": 9223372036854775807, "min": -9223372036854775808,
            "f": 1.5, "whole": 2.0, "tiny": 1e-05, "huge": 1e20, "negzero": -0.0,
            "s": 'quote " backslash \\ newline \n comma, eq= space  end\\',
            "unicode": "h\u00e9llo \u2603", "yes": True, "no": False,
            "nested": {"a": 1, "b": {"c": "deep", "d": 0.25}, "empty": {}},
            "arr": [1, "x", {"k": None}],
            "nil": None, "emptystr": "", "emptyarr": [],
            "too_big": 18446744073709551615,
        }
        body, reports = write_and_read(self, "types", [(rec, "types")])
        self.assertIn("dropped=1", reports[0])
        self.assertIn("empty=3", reports[0])
        rows = series("types")["types"]
        self.assertEqual(len(rows), 1)
        row = rows[0]
        self.assertEqual(row["time"], SEC * 10**9)
        want = {
            "i": 42, "neg": -7, "max": 9223372036854775807, "min": -9223372036854775808,
            "f": 1.5, "whole": 2, "tiny": 1e-05, "huge": 1e20, "negzero": 0,
            "s": rec["s"], "unicode": rec["unicode"], "yes": True, "no": False,
            "nested.a": 1, "nested.b.c": "deep", "nested.b.d": 0.25,
            "arr": '[1,"x",{"k":null}]',
        }
        got = {k: v for k, v in row.items() if k != "time"}
        self.assertEqual(got, want)
        types = field_types("types")["types"]
        self.assertEqual(types, {
            "i": "integer", "neg": "integer", "max": "integer", "min": "integer",
            "f": "float", "whole": "float", "tiny": "float", "huge": "float", "negzero": "float",
            "s": "string", "unicode": "string", "yes": "boolean", "no": "boolean",
            "nested.a": "integer", "nested.b.c": "string", "nested.b.d": "float",
            "arr": "string"})

    def test_integers_as_float_avoid_type_conflicts(self):
        records = [({"v": 1}, "cast"), ({"v": 2.5}, "cast"), ({"v": 18446744073709551615}, "cast")]
        write_and_read(self, "cast", records, "--integers-as-float")
        self.assertEqual(field_types("cast")["cast"], {"v": "float"})
        # Same timestamp, same series: the last point wins.
        # (InfluxDB's JSON prints that float without a point: compare as float.)
        self.assertEqual(float(series("cast")["cast"][0]["v"]), 18446744073709551615.0)

    def test_escaping_torture(self):
        meas = 'cpu load,x=y"z=w\\v'
        rec = {
            "host": "web 1,a=b", "k,= ": "v\\,w", "path": "c:\\dir\\", "nl": "a\nb",
            "a b": 1, "c,d": 2, "e=f": 3, 'g"h': 4, "x\\y": 5, "p\\\\,q": 6, "odd\\,r": 7,
            "trail\\": 8, "tab\tkey": 9, " lead": 10, 'q\\"r': 11,
        }
        body, reports = write_and_read(self, "esc", [(rec, meas)],
                                       "--tag-key", "host", "--tag-key", "k,= ",
                                       "--tag-key", "path", "--tag-key", "nl")
        got = series("esc")
        self.assertEqual(list(got), [meas], body)
        row = got[meas][0]
        self.assertEqual(row["host"], "web 1,a=b")
        self.assertEqual(row["k,= "], "v\\,w")
        self.assertEqual(row["path"], "c:\\dir")  # trailing backslash: unrepresentable
        self.assertEqual(row["nl"], "a\\nb")  # newline written as the text \n
        fields = {k: v for k, v in row.items()
                  if k not in ("time", "host", "k,= ", "path", "nl")}
        self.assertEqual(fields, {
            "a b": 1, "c,d": 2, "e=f": 3, 'g"h': 4, "x\\y": 5, "p\\\\,q": 6,
            "odd,r": 7,  # an odd backslash run before a comma loses one
            "trail": 8, "tab\\tkey": 9, " lead": 10, 'q\\"r': 11})
        self.assertEqual(tag_keys("esc")[meas], sorted(["host", "k,= ", "path", "nl"]))

    def test_measurements_with_backslashes_and_quotes(self):
        # InfluxDB 1.6 cannot read back a backslash before , space = " in a
        # measurement: the encoder leaves it out so the series stays readable.
        names = {'a\\"b': 'a"b', 'a\\=b': 'a=b', 'a\\ b': 'a b', 'a\\,b': 'a,b',
                 '"quoted"': '"quoted"', "back\\slash": "back\\slash", "=eq": "=eq",
                 " space": " space", "trail\\": "trail"}
        write_and_read(self, "names", [({"v": 1}, n) for n in names])
        self.assertEqual(sorted(series("names")), sorted(names.values()))

    def test_every_precision(self):
        units = {"h": 3600 * 10**9, "m": 60 * 10**9, "s": 10**9, "ms": 10**6, "u": 10**3,
                 "ns": 1}
        ns = SEC * 10**9 + NSEC
        for name, unit in units.items():
            with self.subTest(precision=name):
                db = f"prec_{name}"
                write_and_read(self, db, [({"v": 1}, "p")], precision=name)
                self.assertEqual(series(db)["p"][0]["time"], ns // unit * unit)
        write_and_read(self, "prec_nearest", [({"v": 1}, "p")], "--nearest", precision="ms")
        self.assertEqual(series("prec_nearest")["p"][0]["time"], (ns + 500000) // 10**6 * 10**6)

    def test_time_key_and_duplicate_tags(self):
        records = [({"ts": 1500000000123, "seq": "x", "v": 1}, "t"),
                   ({"ts": "1500000000124", "v": 2}, "t")]
        write_and_read(self, "tk", records, "--time-key", "ts", "--tag-key", "seq",
                       "--extra-tag", "seq=7", precision="ms")
        rows = series("tk")["t"]
        self.assertEqual([(r["time"], r["seq"], r["v"]) for r in rows],
                         [(1500000000123000000, "7", 1), (1500000000124000000, "7", 2)])

    def test_keys_named_time_never_reach_influxdb(self):
        body, reports = write_and_read(self, "timekeys", [({"time": "x", "v": 1}, "m")],
                                       "--tag-key", "time")
        self.assertIn("dropped=1", reports[0])
        self.assertEqual(series("timekeys")["m"][0], {"time": SEC * 10**9, "v": 1})

    def test_many_points_in_one_body(self):
        records = [({"n": i, "host": f"h{i % 3}"}, "bulk") for i in range(1000)]
        body, _ = encode(records, "--precision", "ns", "--tag-key", "host")
        SERVER.create_database("bulk")
        self.assertEqual(SERVER.write("bulk", body, precision="ns"), 204)
        answer = SERVER.query("SELECT count(n) FROM bulk GROUP BY host", db="bulk")
        counts = {s["tags"]["host"]: s["values"][0][1] for s in answer["results"][0]["series"]}
        # Same timestamp per series: each host keeps one point.
        self.assertEqual(counts, {"h0": 1, "h1": 1, "h2": 1})


class AuthEnabled(unittest.TestCase):
    def test_credentials(self):
        from influxdb_server import InfluxError
        with InfluxServer(auth=True) as db:
            db.create_database("a")
            body, _ = encode([({"v": 1}, "m")], "--precision", "s")
            self.assertEqual(db.write("a", body, precision="s"), 204)
            with self.assertRaises(InfluxError) as e:
                db.write("a", body, precision="s", credentials={"u": "admin", "p": "wrong"})
            self.assertEqual(e.exception.status, 401)
            with self.assertRaises(InfluxError) as e:
                db.write("a", body, precision="s", credentials={})
            self.assertEqual(e.exception.status, 401)


if __name__ == "__main__":
    ENCODER = sys.argv.pop(1)
    SERVER = InfluxServer()
    SERVER.start()
    print(f"influxd ready in {SERVER.startup_seconds * 1000:.0f} ms on port {SERVER.port}",
          flush=True)
    try:
        unittest.main(verbosity=2)
    finally:
        SERVER.stop()
