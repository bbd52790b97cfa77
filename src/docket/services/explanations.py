"""Why records were linked: field-by-field comparison levels and match weights (no field values).

Explanations are linkage quality work, authorized like running linkage; they show comparison
levels and weights, never the names or dates compared.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from docket.domain.vocabulary import Purpose
from docket.errors import IncompatibleModel, Invalid, NotFound
from docket.linkage import explain
from docket.linkage.scoring import PairScorer
from docket.linkage.weights import ModelWeights
from docket.services.authz import Resource
from docket.services.context import Context
from docket.services.gate import open_gate
from docket.services.runtime import Runtime
from docket.services.stored_models import stored_scoring
from docket.store import linkage_repo, persons_repo


def _model(conn: Connection) -> ModelWeights:
    weights = stored_model(conn)
    if weights is None:
        raise Invalid("no linkage model yet; run `docket link` first")
    return weights


def _rows(conn: Connection, rt: Runtime, keys: list[int]) -> dict[int, dict[str, Any]]:
    """Linkage input rows of ``keys`` in one query (the case file used to run one pandas read per record)."""
    return {int(r["key"]): r for r in linkage_repo.member_rows(conn, rt.today().isoformat(), keys=keys)}


def _row(conn: Connection, rt: Runtime, key: int) -> dict[str, Any]:
    return _rows(conn, rt, [key])[key]


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
        result = explain(model.model, _row(gate.conn, rt, a), _row(gate.conn, rt, b), PairScorer(model))
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
        refs = [(int(r.id), f"{r.source}:{r.record_id}") for r in rows]
        return link_explanations(gate.conn, rt, refs, _model(gate.conn))


def link_explanations(
    conn: Connection, rt: Runtime, records: list[tuple[int, str]], model: ModelWeights | None
) -> list[dict[str, Any]]:
    """Each of ``records`` (key, ``SOURCE:RECORD_ID``) explained against the first (no gate: the
    caller has authorized the read)."""
    if model is None or len(records) < 2:
        return []
    inputs = _rows(conn, rt, [key for key, _ref in records])
    (anchor_key, left), *others = records
    scorer = PairScorer(model)
    out = []
    for key, right in others:
        result = explain(model.model, inputs[anchor_key], inputs[key], scorer)
        out.append({"left": left, "right": right, **result.to_dict(), "text": result.to_text()})
    return out


def stored_model(conn: Connection) -> ModelWeights | None:
    """The latest stored model's weights, built once per model version."""
    scoring = stored_scoring(conn)
    return None if scoring is None else scoring.weights


def readable_model(conn: Connection) -> ModelWeights | None:
    """``stored_model``, or None when another version of Docket stored it (for other comparison
    levels): a case file then opens without explanations rather than not at all, until
    ``docket link --retrain``; explaining a pair on its own says why it cannot."""
    try:
        return stored_model(conn)
    except IncompatibleModel:
        return None
