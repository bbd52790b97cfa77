"""Why records were linked: field-by-field comparison levels and match weights (no field values).

Explanations are linkage quality work, authorized like running linkage; they show comparison
levels and weights, never the names or dates compared.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from docket.domain.vocabulary import Purpose
from docket.errors import Invalid, NotFound
from docket.linkage import TrainedModel, explain
from docket.services.authz import Resource
from docket.services.context import Context
from docket.services.gate import open_gate
from docket.services.runtime import Runtime
from docket.store import linkage_repo, persons_repo


def _model(conn: Connection) -> TrainedModel:
    stored = linkage_repo.latest_model(conn)
    if stored is None:
        raise Invalid("no linkage model yet; run `docket link` first")
    return TrainedModel.from_json(stored)


def _row(conn: Connection, rt: Runtime, key: int) -> dict[str, Any]:
    frame = linkage_repo.linkage_frame(conn, rt.today().isoformat(), [key])
    return {k: (None if v != v else v) for k, v in frame.iloc[0].to_dict().items()}  # NaN -> None


def _key(conn: Connection, ref: str) -> int:
    source, _, record_id = ref.partition(":")
    found = persons_repo.person_of_record(conn, source, record_id)
    if not record_id or found is None:
        raise NotFound(f"no record {ref!r} (write SOURCE:RECORD_ID)")
    return found[0]


def explain_pair(rt: Runtime, ctx: Context, ref_a: str, ref_b: str) -> dict[str, Any]:
    """Explanation of two records ``SOURCE:RECORD_ID`` under the stored model."""
    with open_gate(rt, Context(ctx.actor, Purpose.IDENTITY_VERIFICATION), "link") as gate:
        gate.authorize(Resource("Source", "*", {}))
        model = _model(gate.conn)
        a, b = _key(gate.conn, ref_a), _key(gate.conn, ref_b)
        gate.touch(f"record:{a}", f"record:{b}")
        result = explain(model, _row(gate.conn, rt, a), _row(gate.conn, rt, b))
        return {"left": ref_a, "right": ref_b, **result.to_dict(), "text": result.to_text()}


def explain_person(rt: Runtime, ctx: Context, person_id: str) -> list[dict[str, Any]]:
    """Explanations between a person's first record and each other record of theirs."""
    with open_gate(rt, Context(ctx.actor, Purpose.IDENTITY_VERIFICATION), "link") as gate:
        gate.authorize(Resource("Source", "*", {}))
        rows = persons_repo.records_of_person(gate.conn, person_id)
        if not rows:
            raise NotFound(f"no person {person_id!r}")
        gate.touch(person_id)
        if len(rows) == 1:
            return []
        return link_explanations(gate.conn, rt, rows, _model(gate.conn))


def link_explanations(
    conn: Connection, rt: Runtime, rows: list[Any], model: TrainedModel | None
) -> list[dict[str, Any]]:
    """Each record of ``rows`` explained against the first (no gate: the caller has authorized the read)."""
    if model is None or len(rows) < 2:
        return []
    anchor = _row(conn, rt, int(rows[0].id))
    out = []
    for row in rows[1:]:
        result = explain(model, anchor, _row(conn, rt, int(row.id)))
        left, right = f"{rows[0].source}:{rows[0].record_id}", f"{row.source}:{row.record_id}"
        out.append({"left": left, "right": right, **result.to_dict(), "text": result.to_text()})
    return out


def stored_model(conn: Connection) -> TrainedModel | None:
    stored = linkage_repo.latest_model(conn)
    return None if stored is None else TrainedModel.from_json(stored)
