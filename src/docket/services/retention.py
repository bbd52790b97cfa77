"""``docket retention run``: purge what has outlived its source's retention period.

One purge leaf per batch, carrying counts and a SHA-256 over the purged record references (so a
later question "was record X purged?" can be answered by recomputing), never the references
themselves. Closed cases are purged after ``CLOSED_CASE_RETENTION_DAYS``. The accounting of
disclosures is kept.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import timedelta

from docket.domain.vocabulary import Purpose
from docket.services.audit import append_event
from docket.services.authz import Resource
from docket.services.context import Context
from docket.services.gate import open_gate
from docket.services.runtime import Runtime
from docket.store import retention_repo
from docket.store.database import LINKAGE_LOCK, hold_lock

CLOSED_CASE_RETENTION_DAYS = 365 * 3


@dataclass
class PurgeReport:
    batches: int = 0
    records: int = 0
    cases: int = 0
    details: list[str] = field(default_factory=list)


def refs_digest(refs: list[str]) -> str:
    return hashlib.sha256("\n".join(sorted(refs)).encode()).hexdigest()


def run_retention(rt: Runtime, ctx: Context) -> PurgeReport:
    report = PurgeReport()
    ctx = Context(ctx.actor, Purpose.STATISTICS, "administration")
    with open_gate(rt, ctx, "purge") as gate:
        gate.authorize(Resource("Source", "*", {}))
        hold_lock(gate.conn, LINKAGE_LOCK)  # records go, with their persons' memberships and index rows
        for batch in retention_repo.expired_batches(gate.conn, rt.today()):
            refs = retention_repo.batch_record_refs(gate.conn, batch.id)
            retention_repo.purge_records(gate.conn, [k for k, _, _ in refs])
            detail: dict[str, str | int] = {
                "batch": int(batch.id),
                "source_retention_days": int(batch.retention_days),
                "records": len(refs),
                "ids_sha256": refs_digest([r for _, r, _ in refs]),
            }
            append_event(rt, gate.conn, ctx, "purge_batch", [f"batch:{batch.id}"], "ok", detail)
            report.batches += 1
            report.records += len(refs)
            report.details.append(f"batch {batch.id} ({batch.name}): {len(refs)} records")
        before = (rt.now() - timedelta(days=CLOSED_CASE_RETENTION_DAYS)).isoformat()
        expired = retention_repo.expired_closed_cases(gate.conn, before)
        retention_repo.purge_cases(gate.conn, expired)
        report.cases = len(expired)
        gate.detail.update({"batches": report.batches, "records": report.records, "cases": report.cases})
    return report
