"""Person-level services that need no case: the pseudonymous export of record -> person."""

from __future__ import annotations

import csv
from pathlib import Path

from docket.domain.vocabulary import Purpose
from docket.services.authz import Resource
from docket.services.context import Context
from docket.services.gate import open_gate
from docket.services.runtime import Runtime
from docket.store import persons_repo


def export_persons(rt: Runtime, ctx: Context, out: Path) -> int:
    """Write ``source,record_id,person_id`` for every record; ids only, no names or dates."""
    ctx = Context(ctx.actor, ctx.purpose or Purpose.IDENTITY_VERIFICATION, ctx.via, ctx.via_id)
    with open_gate(rt, ctx, "export_persons") as gate:
        gate.authorize(Resource("Person", "*", {}))
        out.parent.mkdir(parents=True, exist_ok=True)
        count = 0
        with out.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["source", "record_id", "person_id"])
            for row in persons_repo.export_rows(gate.conn):
                writer.writerow(row)
                count += 1
        gate.detail["rows"] = count
    return count
