"""``make bench``: run every benchmark, print one table, write JSON with machine, versions and date.

    .venv/bin/python benchmarks/run_all.py                 # full sizes (1M rows, 1M leaves, ...): long
    BENCH_PROFILE=quick .venv/bin/python benchmarks/run_all.py   # small sizes, minutes

Each benchmark is its own script (runnable alone) and prints its own figures; this runner records
their output verbatim beside the machine description, so a result always says where it came from.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROFILES: dict[str, list[tuple[str, list[str]]]] = {
    "quick": [
        ("ingest", ["bench_ingest.py", "--rows", "100000"]),
        ("audit verify", ["bench_audit_verify.py", "--leaves", "100000"]),
        ("gate", ["bench_gate.py", "--appends", "5000", "--checkpoint-at", "10000"]),
        ("link", ["bench_link.py", "--persons", "5000"]),
        ("docket link", ["bench_docket_link.py", "--persons", "5000"]),
        ("febrl 4", ["bench_febrl.py"]),
        ("incremental", ["bench_incremental.py", "--records", "20000", "--queries", "200"]),
        ("http reads", ["bench_http_reads.py", "--seconds", "5"]),
    ],
    "full": [
        ("ingest", ["bench_ingest.py", "--rows", "1000000"]),
        ("audit verify", ["bench_audit_verify.py", "--leaves", "1000000"]),
        ("gate", ["bench_gate.py", "--rounds", "5", "--threads", "16", "64", "--checkpoint-at", "100000", "1000000"]),
        ("link", ["bench_link.py", "--persons", "20000", "--persons", "36000", "--persons", "200000",
                  "--persons", "360000"]),
        ("docket link", ["bench_docket_link.py", "--persons", "360000"]),
        ("febrl 4", ["bench_febrl.py"]),
        ("incremental", ["bench_incremental.py", "--records", "1000000", "--queries", "1000"]),
        ("http reads", ["bench_http_reads.py", "--seconds", "20"]),
        ("http reads, 2 workers", ["bench_http_reads.py", "--seconds", "20", "--workers", "2"]),
    ],
}


def machine() -> dict[str, object]:
    memory = next((line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), "?") if Path("/proc/meminfo").exists() else "?"
    versions = {}
    for package in ("splink", "duckdb", "sqlalchemy", "pandas", "pyarrow", "cedarpy"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "absent"
    return {"date": datetime.now(UTC).isoformat(timespec="seconds"), "python": platform.python_version(),
            "platform": platform.platform(), "cpus": os.cpu_count(), "memory_kb": memory, "versions": versions}


def main() -> None:
    profile = os.environ.get("BENCH_PROFILE", "full")
    info = machine()
    print(json.dumps(info, indent=2))
    results = []
    for name, argv in PROFILES[profile]:
        started = time.perf_counter()
        done = subprocess.run([sys.executable, str(HERE / argv[0]), *argv[1:]], capture_output=True, text=True)
        seconds = time.perf_counter() - started
        print(f"\n=== {name}: {' '.join(argv)} ({seconds:.0f} s, exit {done.returncode})\n{done.stdout.strip()}")
        if done.returncode:
            print(done.stderr.strip()[-2000:])
        results.append({"name": name, "argv": argv, "seconds": seconds, "exit": done.returncode,
                        "stdout": done.stdout})
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    path = out / f"bench-{profile}-{info['date']}.json".replace(":", "")
    path.write_text(json.dumps({"machine": info, "profile": profile, "results": results}, indent=2))
    print(f"\nwrote {path}")


if __name__ == "__main__":
    main()
