"""Consistency of a data dir read straight from its SQLite file, after a crash or at any time.

Two kinds of check: what must hold of any store (no partial batch, provenance and membership for
every record, a contiguous log whose counter agrees) and the pairing of actions with audit leaves
(every batch, case event, notice and link run has its leaf, and every such leaf its effect).
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from docket.auditlog.leaf import AuditEvent
from docket.errors import AuditIntegrityError

CASE_ACTIONS = frozenset({"open_case", "assign_case", "transition_case", "signoff_case", "refer_case", "close_case"})
NOTICE_ID = re.compile(r"N\d+-\d+")


@dataclass
class State:
    problems: list[str] = field(default_factory=list)
    batches: dict[int, int] = field(default_factory=dict)  # batch id -> row_count
    records: int = 0
    memberships: dict[int, str] = field(default_factory=dict)  # record key -> person id
    person_events: int = 0
    case_status: dict[str, str] = field(default_factory=dict)
    link_leaves: int = 0
    leaves: int = 0


def read_state(data_dir: Path) -> State:
    """Everything the checks need, and the problems found in the store on its own."""
    state = State()
    conn = sqlite3.connect(data_dir / "docket.sqlite")
    try:
        _integrity(conn, state)
        _batches_and_records(conn, state)
        events = _leaves(conn, state)
        _ingest_pairs(events, state)
        _case_pairs(conn, events, state)
        _notice_pairs(conn, events, state)
        _link_pairs(conn, events, state)
    finally:
        conn.close()
    return state


def _integrity(conn: sqlite3.Connection, state: State) -> None:
    verdict = conn.execute("PRAGMA integrity_check").fetchone()[0]
    if verdict != "ok":
        state.problems.append(f"sqlite integrity_check: {verdict}")
    for row in conn.execute("PRAGMA foreign_key_check").fetchall()[:5]:
        state.problems.append(f"foreign key broken: {row}")


def _batches_and_records(conn: sqlite3.Connection, state: State) -> None:
    counted = dict(conn.execute("SELECT batch_id, count(*) FROM records GROUP BY batch_id").fetchall())
    for batch_id, rows in conn.execute("SELECT id, row_count FROM batches").fetchall():
        state.batches[batch_id] = rows
        if rows != counted.get(batch_id, 0) or rows < 1:
            state.problems.append(f"partial batch {batch_id}: row_count {rows}, records {counted.get(batch_id, 0)}")
    state.records = sum(counted.values())
    loose = conn.execute(
        "SELECT r.id FROM records r LEFT JOIN batches b ON b.id = r.batch_id "
        "WHERE b.id IS NULL OR r.line IS NULL OR r.line < 1 OR b.source_id != r.source_id LIMIT 5"
    ).fetchall()
    state.problems += [f"record {key} has no provenance (batch, line)" for (key,) in loose]
    state.memberships = dict(conn.execute("SELECT record_key, person_id FROM memberships").fetchall())
    homeless = conn.execute(
        "SELECT r.id FROM records r LEFT JOIN memberships m ON m.record_key = r.id WHERE m.record_key IS NULL LIMIT 5"
    ).fetchall()
    state.problems += [f"record {key} belongs to no person" for (key,) in homeless]
    state.person_events = conn.execute("SELECT count(*) FROM person_events").fetchone()[0]
    state.case_status = dict(conn.execute("SELECT id, status FROM cases").fetchall())


def _leaves(conn: sqlite3.Connection, state: State) -> list[AuditEvent]:
    rows = conn.execute("SELECT idx, leaf FROM audit_leaves ORDER BY idx").fetchall()
    state.leaves = len(rows)
    if [idx for idx, _ in rows] != list(range(len(rows))):
        state.problems.append("audit leaf indexes are not 0..n-1")
    counter = conn.execute("SELECT value FROM counters WHERE name = 'audit'").fetchone()
    if counter is not None and counter[0] != len(rows):
        state.problems.append(f"audit counter says {counter[0]} leaves, the log holds {len(rows)}")
    events = []
    for idx, data in rows:
        try:
            events.append(AuditEvent.from_bytes(bytes(data)))
        except AuditIntegrityError as exc:
            state.problems.append(f"leaf {idx}: {exc.message}")
    return events


def _ok(events: list[AuditEvent], actions: frozenset[str]) -> list[AuditEvent]:
    return [e for e in events if e.outcome == "ok" and e.action in actions]


def _ingest_pairs(events: list[AuditEvent], state: State) -> None:
    ingests = _ok(events, frozenset({"ingest"}))
    leafed = Counter(int(i.split(":", 1)[1]) for e in ingests for i in e.object_ids if i.startswith("batch:"))
    for batch_id in sorted(set(state.batches) - set(leafed)):
        state.problems.append(f"batch {batch_id} was stored without an ingest leaf")
    for batch_id in sorted(set(leafed) - set(state.batches)):
        state.problems.append(f"an ingest leaf names batch {batch_id}, which is not stored")
    state.problems += [f"batch {b} has {n} ingest leaves" for b, n in leafed.items() if n > 1]


def _case_pairs(conn: sqlite3.Connection, events: list[AuditEvent], state: State) -> None:
    stored = Counter(case for (case,) in conn.execute("SELECT case_id FROM case_events"))
    leafed = Counter(i for e in _ok(events, CASE_ACTIONS) for i in e.object_ids if i in state.case_status)
    for case in sorted(set(stored) | set(leafed) | set(state.case_status)):
        if stored[case] != leafed[case]:
            state.problems.append(f"case {case}: {stored[case]} case events but {leafed[case]} audit leaves")


def _notice_pairs(conn: sqlite3.Connection, events: list[AuditEvent], state: State) -> None:
    stored = {notice for (notice,) in conn.execute("SELECT id FROM notices")}
    leafed = {i for e in _ok(events, CASE_ACTIONS) for i in e.object_ids if NOTICE_ID.fullmatch(i)}
    state.problems += [f"notice {n} was stored without a leaf" for n in sorted(stored - leafed)]
    state.problems += [f"a leaf names notice {n}, which is not stored" for n in sorted(leafed - stored)]


def _link_pairs(conn: sqlite3.Connection, events: list[AuditEvent], state: State) -> None:
    runs = _ok(events, frozenset({"link"}))
    state.link_leaves = len(runs)
    leafed = {str(e.detail.get("model", "")) for e in runs}
    used = {v for (v,) in conn.execute("SELECT version FROM linkage_models")}
    used |= {v for (v,) in conn.execute("SELECT DISTINCT model_version FROM person_events") if v}
    used |= {v for (v,) in conn.execute("SELECT DISTINCT model_version FROM memberships") if v}
    unaudited = sorted(v[:16] for v in used if v[:16] not in leafed)
    state.problems += [f"model {v} was stored or applied by no audited link run" for v in unaudited]


def link_pairing(before: State, after: State) -> list[str]:
    """A link run that changed persons left exactly one leaf; one that left a leaf changed them
    (the templates always have unlinked records waiting)."""
    runs = after.link_leaves - before.link_leaves
    changed = after.memberships != before.memberships or after.person_events != before.person_events
    if runs not in (0, 1):
        return [f"{runs} link leaves for one link run"]
    if changed and runs == 0:
        return ["persons changed without a link leaf"]
    if runs == 1 and not changed:
        return ["a link leaf was appended but persons did not change"]
    return []


def partition(state: State) -> frozenset[frozenset[int]]:
    """Which records belong together, whatever the person ids."""
    groups: dict[str, set[int]] = {}
    for key, person in state.memberships.items():
        groups.setdefault(person, set()).add(key)
    return frozenset(frozenset(g) for g in groups.values())


def orphan_documents(data_dir: Path) -> list[str]:
    """Notice files with no notice row (a notice step rolled back after writing its documents)."""
    folder = data_dir / "documents" / "notices"
    if not folder.is_dir():
        return []
    conn = sqlite3.connect(data_dir / "docket.sqlite")
    try:
        stored = {n for (n,) in conn.execute("SELECT id FROM notices")}
    finally:
        conn.close()
    return sorted(p.name for p in folder.iterdir() if p.stem not in stored)
