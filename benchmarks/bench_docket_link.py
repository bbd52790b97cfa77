"""``docket link`` end to end, as an operator runs it, beside a plain Splink pipeline on the same records.

    .venv/bin/python benchmarks/bench_docket_link.py --persons 360000   # ~1M records
    .venv/bin/python benchmarks/bench_docket_link.py --persons 20000 --no-peer

Generates a synthetic population (``docket.synth``), declares its sources and ingests it through
the services into a fresh store, then runs the ``docket link`` command in a fresh process: read the
store, train, prepare, write the blocking index, score, cluster, write memberships, person events,
review tasks and the audit leaf, commit. Its wall time and peak RSS (the process's own VmHWM) are
printed beside plain Splink's (train, predict, cluster at 0.95; ``bench_link.run_plain_splink``, in
its own fresh process) on the same records read back from the store, and both are scored against
the generator's truth. ``--data`` keeps the store (and reuses an ingested one).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from bench_incremental import OPERATOR, timed  # noqa: E402
from bench_link import _run, peak_rss_mb, scores  # noqa: E402

from docket.services.accounts import initialise  # noqa: E402
from docket.services.ingest import ingest_file  # noqa: E402
from docket.services.runtime import Runtime  # noqa: E402
from docket.services.sources import add_source  # noqa: E402
from docket.settings import Settings  # noqa: E402
from docket.store import linkage_repo  # noqa: E402
from docket.synth import Population, generate  # noqa: E402


def ingest(pop: Population, folder: Path) -> None:
    rt = Runtime(Settings.from_env(folder / "data", environ={}))
    try:
        initialise(rt)
        written = pop.write(folder / "sources")
        for toml, _ in written:
            add_source(rt, OPERATOR, toml)
        timed(f"ingest {pop.record_count} records", lambda: [ingest_file(rt, OPERATOR, t.stem, d) for t, d in written])
    finally:
        rt.close()


def run_docket_link(folder: Path) -> dict[str, Any]:
    """``docket link`` in a fresh process (this script's ``--child`` mode); its wall time, peak RSS
    and summary line."""
    env = {"DOCKET_DATA_DIR": str(folder / "data"), "PATH": str(Path(sys.executable).parent)}
    start = time.perf_counter()
    done = subprocess.run([sys.executable, __file__, "--child"], env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"docket link failed:\n{done.stderr[-3000:]}")
    figures = json.loads(done.stderr.strip().splitlines()[-1])
    return {"wall_s": wall, "peak_rss_mb": figures["peak_rss_mb"], "summary": done.stdout.strip()}


def child() -> None:
    """Run the ``docket link`` command in this process, then report its peak RSS on stderr."""
    from docket.cli.main import run  # the console script's entry point

    sys.argv = ["docket", "link"]
    try:
        run()
    except SystemExit as exit_:
        if exit_.code:
            raise
    print(json.dumps({"peak_rss_mb": peak_rss_mb()}), file=sys.stderr)


def linked_persons(folder: Path) -> tuple[dict[int, str], Any]:
    """The store's person of every record, and its records as linkage input (for the peer)."""
    rt = Runtime(Settings.from_env(folder / "data", environ={}))
    try:
        with rt.engine.connect() as conn:
            frame = linkage_repo.linkage_table(conn, rt.today().isoformat()).to_pandas()
            return linkage_repo.membership_map(conn), frame
    finally:
        rt.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--persons", type=int, default=20_000)
    parser.add_argument("--data", type=Path, help="working directory (default: a temporary one)")
    parser.add_argument("--train", type=int, default=150_000, help="records the peer trains on")
    parser.add_argument("--no-peer", action="store_true")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child()
        return
    folder = args.data or Path(tempfile.mkdtemp(prefix="bench-docket-link-"))
    pop = timed("generate", lambda: generate(args.persons, seed=0))
    if not (folder / "data" / "docket.sqlite").exists():
        ingest(pop, folder)
    docket = run_docket_link(folder)
    person_of, frame = linked_persons(folder)
    refs = zip(frame["key"], frame["source"], frame["record_id"], strict=True)
    truth = {int(k): pop.truth[(s, r)] for k, s, r in refs}
    results = {"docket link": {**scores(person_of, truth, pop.protected), **docket}}
    if not args.no_peer:
        with tempfile.TemporaryDirectory(prefix="bench-docket-link-peer-") as tmp:
            frame.to_parquet(Path(tmp) / "records.parquet")
            peer = _run("plain_splink", (str(Path(tmp) / "records.parquet"), args.train))
        results["plain splink"] = {**scores(peer.pop("cluster_of"), truth, pop.protected), **peer}
    print(f"\n== {args.persons} persons, {len(frame)} records; store in {folder} ==")
    print(results["docket link"].pop("summary"))
    names = list(results)
    print(f"{'':28}" + "".join(f"{n:>14}" for n in names))
    for key in dict.fromkeys(k for r in results.values() for k in r):
        row = [results[n].get(key) for n in names]
        print(f"{key:28}" + "".join(f"{v:>14.4f}" if isinstance(v, float) else f"{v!s:>14}" for v in row))


if __name__ == "__main__":
    main()
