"""What linkage reads and writes: the record frame, stored models, reviewer decisions, memberships."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

import pyarrow as pa
from sqlalchemy import Connection, and_, bindparam, case, func, insert, literal, or_, select, update

from docket.domain.vocabulary import IDENTITY_FIELDS, PROTECTIVE_STATUSES
from docket.store.bulk import update_tuples
from docket.store.clock import now_iso
from docket.store.schema import (
    link_decisions,
    linkage_models,
    memberships,
    person_events,
    records,
    sources,
)


def linkage_query(today: Any) -> Any:
    """Records as linkage input: identity fields plus ``protected_status`` and ``adverse`` flags.
    ``today`` is an ISO date, or a bound parameter standing for one."""
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
    return (
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


def linkage_table(conn: Connection, today: str, chunk: int = 50_000) -> pa.Table:
    """Every record as linkage input (``linkage_query``), as an Arrow table read ``chunk`` rows at a
    time. A million records read into pandas held ~1.8 GB at the peak (a Python object per cell);
    as Arrow they take ~0.2 GB, and only one chunk's objects exist at once."""
    # Per statement: ``Connection.execution_options`` would set streaming on the caller's connection
    # for the rest of its transaction (on PostgreSQL every later INSERT then fails as a cursor).
    result = conn.execute(linkage_query(today), execution_options={"yield_per": chunk})
    names = list(result.keys())
    schema = pa.schema([(name, _ARROW_TYPES.get(name, pa.string())) for name in names])
    adverse = names.index("adverse")
    batches = []
    for rows in result.partitions():
        columns = list(zip(*rows, strict=True))
        columns[adverse] = tuple(bool(v) for v in columns[adverse])  # NULL (no expiry date): not adverse
        batches.append(pa.record_batch([pa.array(c, type=t) for c, t in zip(columns, schema.types, strict=True)],
                                       schema=schema))
    return pa.Table.from_batches(batches, schema=schema)


_ARROW_TYPES = {"key": pa.int64(), "adverse": pa.bool_()}  # every other linkage column is text


@cache
def _member_query(by: str) -> Any:
    """``linkage_query`` with each record's person and model version, built once per filter (the
    incremental path runs these per record: building a select costs more than running it)."""
    query = linkage_query(bindparam("today")).add_columns(
        memberships.c.person_id, memberships.c.model_version, _has_decision(records.c.id).label("decided")
    )
    query = query.join(memberships, memberships.c.record_key == records.c.id)
    if by == "keys":
        return query.where(records.c.id.in_(bindparam("keys", expanding=True)))
    if by == "persons":
        return query.where(memberships.c.person_id.in_(bindparam("persons", expanding=True)))
    return query.where(sources.c.name == bindparam("source"), records.c.record_id == bindparam("record_id"))


def _has_decision(key: Any) -> Any:
    """Whether a reviewer's decision in force involves the record ``key`` (two index probes)."""
    active = link_decisions.c.superseded_by.is_(None)
    return or_(
        select(link_decisions.c.id).where(link_decisions.c.record_a == key, active).exists(),
        select(link_decisions.c.id).where(link_decisions.c.record_b == key, active).exists(),
    )


def member_rows(
    conn: Connection, today: str, *, keys: Sequence[int] | None = None, person_ids: Sequence[str] | None = None
) -> list[dict[str, Any]]:
    """Linkage input rows (as ``linkage_query``) with ``person_id``, ``model_version`` and
    ``decided`` (a reviewer's decision involves the record): of the records ``keys``, or of every
    record of the persons ``person_ids``."""
    by, values = ("keys", keys) if keys is not None else ("persons", person_ids)
    if not values:
        return []
    result = conn.execute(_member_query(by), {"today": today, by: list(values)})
    return [dict(row._mapping) for row in result]


def identity_rows(conn: Connection, keys: Sequence[int]) -> list[dict[str, Any]]:
    """What matching compares of the records ``keys`` (``key``, the identity fields), and their
    current ``person_id``."""
    if not keys:
        return []
    result = conn.execute(_identity_query(), {"keys": list(keys)})
    names = list(result.keys())
    return [dict(zip(names, row, strict=True)) for row in result.all()]


@cache
def _identity_query() -> Any:
    columns = [records.c.id.label("key"), *[records.c[f] for f in IDENTITY_FIELDS], memberships.c.person_id]
    return (
        select(*columns)
        .join(memberships, memberships.c.record_key == records.c.id)
        .where(records.c.id.in_(bindparam("keys", expanding=True)))
    )


def member_row(conn: Connection, today: str, source: str, record_id: str) -> dict[str, Any] | None:
    """The linkage input row of ``source:record_id`` with its person and model version, and beside
    them ``latest_model`` (the newest stored model's version) and ``any_linked`` (whether a link run
    has stamped any record): what matching one record checks first, read in the same statement
    because a round trip costs more than these two index probes."""
    params = {"today": today, "source": source, "record_id": record_id}
    row = conn.execute(_matching_row_query(), params).first()
    return None if row is None else dict(row._mapping)


@cache
def _matching_row_query() -> Any:
    linked = select(memberships.c.record_key).where(memberships.c.model_version.is_not(None)).limit(1)
    return _member_query("ref").add_columns(
        _LATEST_VERSION.scalar_subquery().label("latest_model"), linked.exists().label("any_linked")
    )


def unlinked_keys(conn: Connection, among: Sequence[int] | None = None) -> list[int]:
    """Records no link run has seen yet (ingested since), in key order; only ``among`` if given."""
    query = select(memberships.c.record_key).where(memberships.c.model_version.is_(None))
    if among is not None:
        query = query.where(memberships.c.record_key.in_(list(among)))
    return sorted(int(k) for k in conn.execute(query).scalars())


def linked_count(conn: Connection) -> int:
    query = select(func.count()).select_from(memberships).where(memberships.c.model_version.is_not(None))
    return int(conn.execute(query).scalar_one())


def record_count_estimate(conn: Connection) -> int:
    """How many records the store holds, from the highest record key: one index lookup, where
    count(*) reads every row (records are never renumbered; purged ones still count)."""
    return int(conn.execute(select(func.max(records.c.id))).scalar() or 0)


def any_linked(conn: Connection) -> bool:
    query = select(memberships.c.record_key).where(memberships.c.model_version.is_not(None)).limit(1)
    return conn.execute(query).first() is not None


def stamp_linked(conn: Connection, model_version: str) -> int:
    """Mark every record not yet marked as seen by a link run with ``model_version``."""
    statement = update(memberships).where(memberships.c.model_version.is_(None)).values(model_version=model_version)
    return int(conn.execute(statement).rowcount or 0)


def latest_model_version(conn: Connection) -> str | None:
    return conn.execute(_LATEST_VERSION).scalar_one_or_none()


# Built once: every case-file read asks which model explains its links.
_LATEST_VERSION = select(linkage_models.c.version).order_by(linkage_models.c.created_at.desc()).limit(1)


def model_json(conn: Connection, version: str) -> str | None:
    query = select(linkage_models.c.model_json).where(linkage_models.c.version == version)
    return conn.execute(query).scalar_one_or_none()


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


def decisions_on(conn: Connection, keys: Sequence[int]) -> list[tuple[int, int, str]]:
    """The decisions in force on pairs involving any of the records ``keys`` (both sides indexed)."""
    if not keys:
        return []
    return [(int(a), int(b), str(d)) for a, b, d in conn.execute(_DECISIONS_ON, {"keys": list(keys)})]


_DECISION_KEYS = bindparam("keys", expanding=True)
_DECISIONS_ON = select(link_decisions.c.record_a, link_decisions.c.record_b, link_decisions.c.decision).where(
    link_decisions.c.superseded_by.is_(None),
    or_(link_decisions.c.record_a.in_(_DECISION_KEYS), link_decisions.c.record_b.in_(_DECISION_KEYS)),
)


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
    """Apply (key, person_id, verified, probability, model_version) rows; returns how many.

    Through the driver: a full link at a million records changes most memberships, and
    SQLAlchemy's processing of a parameter dict per row was ~40 % of the time (17.9 s -> 9.5-11.7 s)."""
    at = now_iso()
    rows = [(p, v, m, mv, at, k) for k, p, v, m, mv in changes]
    if len(rows) < _REINDEX_AT or conn.dialect.name != "sqlite":
        update_tuples(conn, memberships, "record_key", _MEMBERSHIP_VALUES, rows)
        return len(rows)
    # Many rows (a full link) on SQLite: the person index is built again once (a sort) rather than
    # moved entry by entry; at a million records 8.6 s became 2.5 s. Not on PostgreSQL: dropping the
    # index would lock every reader of memberships (case files) out until the commit; SQLite's
    # readers keep their snapshot.
    index = next(ix for ix in memberships.indexes if ix.name == "ix_memberships_person_id")
    index.drop(conn)
    update_tuples(conn, memberships, "record_key", _MEMBERSHIP_VALUES, rows)
    index.create(conn)
    return len(rows)


_MEMBERSHIP_VALUES = ("person_id", "verified", "match_probability", "model_version", "assigned_at")
_REINDEX_AT = 50_000


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
