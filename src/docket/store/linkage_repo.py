"""What linkage reads and writes: the record frame, stored models, reviewer decisions, memberships."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd
from sqlalchemy import Connection, and_, case, insert, literal, or_, select, update

from docket.domain.vocabulary import IDENTITY_FIELDS, PROTECTIVE_STATUSES
from docket.store.clock import now_iso
from docket.store.schema import (
    link_decisions,
    linkage_models,
    memberships,
    person_events,
    records,
    sources,
)


def linkage_query(today: str, record_keys: Sequence[int] | None = None) -> Any:
    """Records as linkage input: identity fields plus ``protected_status`` and ``adverse`` flags."""
    protective = [s.value for s in PROTECTIVE_STATUSES]
    protected_status = case(
        (
            and_(
                records.c.kind == "status_grant",
                sources.c.authoritative_for_status.is_(True),
                records.c.status.in_(protective),
            ),
            records.c.status,
        ),
        else_=literal(None),
    )
    adverse = or_(
        records.c.kind == "conviction",
        and_(records.c.kind == "removal_order", records.c.order_type != "order_vacated"),
        and_(records.c.kind == "entry", records.c.admitted_until < today),
    )
    query = (
        select(
            records.c.id.label("key"),
            sources.c.name.label("source"),
            records.c.record_id,
            records.c.kind,
            *[records.c[f] for f in IDENTITY_FIELDS],
            protected_status.label("protected_status"),
            adverse.label("adverse"),
        )
        .join(sources, sources.c.id == records.c.source_id)
        .order_by(records.c.id)
    )
    if record_keys is not None:
        query = query.where(records.c.id.in_(list(record_keys)))
    return query


def linkage_frame(conn: Connection, today: str, record_keys: Sequence[int] | None = None) -> pd.DataFrame:
    frame = pd.read_sql(linkage_query(today, record_keys), conn)
    frame["adverse"] = frame["adverse"].astype("boolean").fillna(False).astype(bool)
    return frame


def latest_model(conn: Connection) -> str | None:
    query = select(linkage_models.c.model_json).order_by(linkage_models.c.created_at.desc()).limit(1)
    return conn.execute(query).scalar_one_or_none()


def save_model(conn: Connection, version: str, model_json: str, trained_on: int) -> None:
    if conn.execute(select(linkage_models.c.version).where(linkage_models.c.version == version)).first():
        return
    conn.execute(
        insert(linkage_models).values(
            version=version, created_at=now_iso(), model_json=model_json, trained_on=trained_on
        )
    )


def active_decisions(conn: Connection) -> list[tuple[int, int, str]]:
    query = select(link_decisions.c.record_a, link_decisions.c.record_b, link_decisions.c.decision).where(
        link_decisions.c.superseded_by.is_(None)
    )
    return [(int(a), int(b), str(d)) for a, b, d in conn.execute(query)]


def add_decision(conn: Connection, a: int, b: int, decision: str, reason: str, reviewer: str) -> int:
    """Append a decision on the pair; the previous one on the same pair is marked superseded."""
    a, b = min(a, b), max(a, b)
    result = conn.execute(
        insert(link_decisions).values(
            record_a=a, record_b=b, decision=decision, reason=reason, reviewer=reviewer, at=now_iso()
        )
    )
    new_id = int(result.inserted_primary_key[0])
    conn.execute(
        update(link_decisions)
        .where(
            link_decisions.c.record_a == a,
            link_decisions.c.record_b == b,
            link_decisions.c.id != new_id,
            link_decisions.c.superseded_by.is_(None),
        )
        .values(superseded_by=new_id)
    )
    return new_id


def membership_map(conn: Connection) -> dict[int, str]:
    return {int(k): str(p) for k, p in conn.execute(select(memberships.c.record_key, memberships.c.person_id))}


def membership_rows(conn: Connection) -> dict[int, tuple[str, bool, str | None]]:
    query = select(
        memberships.c.record_key, memberships.c.person_id, memberships.c.verified, memberships.c.match_probability
    )
    return {int(k): (str(p), bool(v), m) for k, p, v, m in conn.execute(query)}


def update_memberships(conn: Connection, changes: Iterable[tuple[int, str, bool, str | None, str | None]]) -> int:
    """Apply (key, person_id, verified, probability, model_version) rows; returns how many."""
    from sqlalchemy import bindparam

    payload = [{"k": k, "p": p, "v": v, "m": m, "mv": mv, "at": now_iso()} for k, p, v, m, mv in changes]
    if payload:
        statement = (
            update(memberships)
            .where(memberships.c.record_key == bindparam("k"))
            .values(
                person_id=bindparam("p"),
                verified=bindparam("v"),
                match_probability=bindparam("m"),
                model_version=bindparam("mv"),
                assigned_at=bindparam("at"),
            )
        )
        conn.execute(statement, payload)
    return len(payload)


def add_person_events(
    conn: Connection, events: Iterable[tuple[str, Sequence[str], Sequence[str], str]], model_version: str | None
) -> int:
    rows = [
        {
            "kind": kind,
            "before": json.dumps(list(before)),
            "after": json.dumps(list(after)),
            "reason": reason,
            "model_version": model_version,
            "at": now_iso(),
        }
        for kind, before, after, reason in events
    ]
    if rows:
        conn.execute(insert(person_events), rows)
    return len(rows)
