"""Train the linkage model Docket ships for small installations (fewer than 50 records to train on).

Deterministic: a synthetic population (seed 11) is declared and ingested through the services, so
its values are normalized exactly as real ingest does, then Splink trains on it. Run from the repo
root: ``.venv/bin/python scripts/train_default_model.py`` (writes src/docket/linkage/default_model.json).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from docket.linkage import train
from docket.services.accounts import initialise
from docket.services.context import Actor, Context
from docket.services.ingest import ingest_file
from docket.services.runtime import Runtime
from docket.services.sources import add_source
from docket.settings import Settings
from docket.store import linkage_repo
from docket.synth import generate

TARGET = Path(__file__).resolve().parents[1] / "src" / "docket" / "linkage" / "default_model.json"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        rt = Runtime(Settings.from_env(Path(tmp) / "data", environ={}))
        initialise(rt)
        ctx = Context(Actor("operator", "data_steward"))
        for toml, data in generate(4000, seed=11).write(Path(tmp) / "sources"):
            add_source(rt, ctx, toml)
            ingest_file(rt, ctx, toml.stem, data)
        with rt.engine.connect() as conn:
            frame = linkage_repo.linkage_table(conn, "2025-01-01")
        model = train(frame, seed=0)
        TARGET.write_text(model.to_json() + "\n", encoding="utf-8")
        print(f"trained on {len(frame)} records: model {model.version} -> {TARGET}")


if __name__ == "__main__":
    main()
