"""Ingest throughput: `docket ingest` of an N-row CSV into SQLite, end to end (validation,
normalization, provenance, persons, audit leaf), beside a plain pandas `to_sql` of the same file
(no validation) as the peer. Prints rows/s and peak RSS of each, measured in fresh subprocesses.

    .venv/bin/python benchmarks/bench_ingest.py --rows 1000000
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEADER = ["record_id", "given_name", "middle_name", "family_name", "date_of_birth", "sex", "a_number",
          "passport_number", "passport_country", "address", "city", "state", "postal_code", "phone"]


def write_csv(path: Path, rows: int, seed: int = 1) -> None:
    """Rows drawn from the synthetic generator's identity register, re-keyed to be unique."""
    from docket.synth import generate

    pool = generate(20_000, seed=seed).records["identity_register"]
    rng = random.Random(seed)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for i in range(rows):
            record = pool[rng.randrange(len(pool))]
            writer.writerow([f"B{i:09d}", *(record.get(f, "") for f in HEADER[1:])])


DOCKET = """
import json, resource, sys, time
from pathlib import Path
from docket.settings import Settings
from docket.services.runtime import Runtime
from docket.services.accounts import initialise
from docket.services.context import Actor, Context
from docket.services.sources import add_source
from docket.services.ingest import ingest_file
folder, data = Path(sys.argv[1]), Path(sys.argv[2])
rt = Runtime(Settings.from_env(folder / "data", environ={}))
initialise(rt)
ctx = Context(Actor("operator", "data_steward"))
add_source(rt, ctx, folder / "ids.toml")
start = time.perf_counter()
result = ingest_file(rt, ctx, "ids", data)
seconds = time.perf_counter() - start
print(json.dumps({"rows": result.stored, "seconds": seconds,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

PEER = """
import json, resource, sqlite3, sys, time
import pandas as pd
folder, data = sys.argv[1], sys.argv[2]
start = time.perf_counter()
frame = pd.read_csv(data, dtype=str, keep_default_na=False)
with sqlite3.connect(f"{folder}/peer.sqlite") as conn:
    frame.to_sql("records", conn, index=False, chunksize=50_000)
seconds = time.perf_counter() - start
print(json.dumps({"rows": len(frame), "seconds": seconds,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

DECLARATION = """name = "ids"
kind = "identity"
legal_authority = "8 U.S.C. 1103"
purposes = ["enforcement", "status_verification", "identity_verification"]
authoritative_for_status = false
retention_days = 3650
"""


def run(code: str, *args: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", code, *args], check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        data = folder / "ids.csv"
        (folder / "ids.toml").write_text(DECLARATION)
        started = time.perf_counter()
        write_csv(data, args.rows)
        print(f"wrote {args.rows} rows ({data.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - started:.1f}s")
        docket, peer = run(DOCKET, str(folder), str(data)), run(PEER, str(folder), str(data))
    print(f"{'':24}{'rows/s':>12}{'seconds':>10}{'peak RSS MB':>14}")
    for name, result in (("docket ingest", docket), ("pandas to_sql (peer)", peer)):
        print(f"{name:24}{result['rows'] / result['seconds']:>12,.0f}{result['seconds']:>10.1f}"
              f"{result['peak_rss_mb']:>14,.0f}")
    print(json.dumps({"bench": "ingest", "rows": args.rows, "docket": docket, "peer": peer}))


if __name__ == "__main__":
    main()
