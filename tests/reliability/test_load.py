"""Load: mixed readers and writers over HTTP on loopback for a bounded time (``http_load.py``).

Afterwards: no 5xx and no transport failure; ``verify`` passes; the leaves the run added are,
action by action and outcome by outcome, exactly those the clients' own notes predict (one per
read, write or denial; none for a refused token or a rolled-back conflict); every successful step
added one case event and every filed request one request; and every case's timeline still chains
(each event starts where the one before ended), which concurrent steps on one case must not break.
Throughput, p50/p99 latency and the status counts are printed with the campaign figures.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, select

from docket.auditlog.leaf import AuditEvent
from docket.services import auditing
from docket.services.context import Actor, Context
from docket.services.runtime import Runtime
from docket.settings import Settings
from docket.store import audit_repo, cases_repo
from docket.store.schema import case_events, subject_requests
from tests.reliability.figures import record, scaled
from tests.reliability.http_load import Action, LoadWorld, Tally, build_world, run_load

SEED = 20250301
ALLOWED = {200, 201, 401, 403, 409}  # anything else (a 404, 422 or 5xx) is a finding
OPERATOR = Context(Actor("operator", "data_steward"))


@dataclass(frozen=True)
class Store:
    """What the store holds that the load changes: leaves, case events, subject requests."""

    leaves: int
    events: int
    requests: int


def store_counts(rt: Runtime) -> Store:
    with rt.engine.connect() as conn:
        events = conn.execute(select(func.count()).select_from(case_events)).scalar_one()
        requests = conn.execute(select(func.count()).select_from(subject_requests)).scalar_one()
        return Store(audit_repo.tree_size(conn), int(events), int(requests))


def leaves_since(rt: Runtime, start: int) -> Counter[tuple[str, str]]:
    """(action, outcome) of every leaf from index ``start`` on."""
    with rt.engine.connect() as conn:
        events = [AuditEvent.from_bytes(data) for _, data, _ in audit_repo.iter_leaves(conn, start)]
    return Counter((e.action, e.outcome) for e in events)


def broken_timelines(rt: Runtime, world: LoadWorld) -> list[str]:
    """Cases whose events do not chain: an event starting from a status the case was not in."""
    broken = []
    with rt.engine.connect() as conn:
        for case_id in world.every_case:
            events = cases_repo.events(conn, case_id)
            row = cases_repo.get_case(conn, case_id)
            for before, after in zip(events, events[1:], strict=False):
                if after.from_status != before.to_status:
                    broken.append(f"{case_id}: event {after.id} ({after.kind}) from {after.from_status}, "
                                  f"but the case was {before.to_status}")
            if events and row.status != events[-1].to_status:
                broken.append(f"{case_id}: status {row.status}, last event ends in {events[-1].to_status}")
    return broken


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))] if ordered else float("nan")


def report(label: str, tally: Tally, seconds: float, added: int) -> None:
    actions = tally.actions
    reads = [a.seconds * 1000 for a in actions if not a.writes]
    writes = [a.seconds * 1000 for a in actions if a.writes]
    statuses = Counter(a.status for a in actions)
    record("load campaign", f"{label}: {len(actions)} requests in {seconds:.1f} s "
           f"({len(actions) / seconds:,.0f}/s) by {len({a.client for a in actions})} clients; "
           f"statuses {dict(sorted(statuses.items()))}; transport failures {len(tally.failures)}")
    record("load campaign", f"  reads: {len(reads)}, p50 {percentile(reads, 0.5):.0f} ms, "
           f"p99 {percentile(reads, 0.99):.0f} ms; writes: {len(writes)}, p50 {percentile(writes, 0.5):.0f} ms, "
           f"p99 {percentile(writes, 0.99):.0f} ms")
    kinds = Counter((a.kind, a.status) for a in actions)
    record("load campaign", "  by kind: " + json.dumps({f"{k} {s}": n for (k, s), n in sorted(kinds.items())}))
    record("load campaign", f"  audit leaves added {added} = audited actions {sum(tally.expected_leaves().values())}")


def campaign(tmp_path: Path, seconds: float, label: str) -> None:
    started = time.perf_counter()
    world = build_world(tmp_path / "data")
    rt = Runtime(Settings.from_env(world.data_dir, environ={}))
    before = store_counts(rt)
    tally, elapsed = run_load(world, seconds, SEED)
    after = store_counts(rt)
    added = leaves_since(rt, before.leaves)
    reports = auditing.verify(rt, OPERATOR)
    report(label, tally, elapsed, after.leaves - before.leaves)
    record("load campaign", f"  world, server and checks: {time.perf_counter() - started - elapsed:.1f} s")
    check(rt, world, tally, before, after, added, all(r.ok for r in reports))
    rt.close()


def check(rt: Runtime, world: LoadWorld, tally: Tally, before: Store, after: Store,
          added: Counter[tuple[str, str]], verified: bool) -> None:
    actions = tally.actions
    assert not tally.failures, tally.failures
    unexpected = Counter(a.status for a in actions if a.status not in ALLOWED)
    assert not unexpected, f"unexpected statuses: {dict(unexpected)}"
    exercised(actions)
    assert verified, "audit verify failed after the load"
    assert after.leaves - before.leaves == sum(added.values())
    assert added == tally.expected_leaves(), "leaves added differ from the audited actions taken"
    steps_done = sum(1 for a in actions if a.kind in ("submit", "return", "assign") and a.status == 200)
    assert after.events - before.events == steps_done, "a case event without its step, or a step without its event"
    filed = sum(1 for a in actions if a.kind == "file" and a.status == 201)
    assert after.requests - before.requests == filed
    assert not broken_timelines(rt, world), broken_timelines(rt, world)


def exercised(actions: list[Action]) -> None:
    """The mix really happened: reads, denials, refused tokens, steps, conflicts and filings."""
    seen = {(a.kind, a.status) for a in actions}
    wanted = {("read", 200), ("list", 200), ("denied read", 403), ("bad token", 401), ("file", 201),
              ("list requests", 200)}
    assert wanted <= seen, f"not exercised: {wanted - seen}"
    assert any(a.kind in ("submit", "return", "assign") and a.status == 200 for a in actions), "no step succeeded"


def test_mixed_readers_and_writers_over_http(tmp_path: Path) -> None:
    campaign(tmp_path, scaled(4, 4, False, "DOCKET_LOAD_SECONDS"), "short")


@pytest.mark.full
def test_mixed_readers_and_writers_over_http_for_a_minute(tmp_path: Path) -> None:
    campaign(tmp_path, scaled(60, 60, True, "DOCKET_LOAD_FULL_SECONDS"), "full")
