"""Oversight: what the log says about how Docket is used (counts only, never person data)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from docket.auditlog.checkpoint import parse_checkpoint
from docket.auditlog.leaf import AuditEvent
from docket.domain.vocabulary import Purpose
from docket.services.authz import Resource
from docket.services.context import Context
from docket.services.gate import open_gate
from docket.services.runtime import Runtime
from docket.store import audit_repo


@dataclass
class Dashboard:
    log_size: int
    last_checkpoint: dict[str, Any] | None
    by_action: dict[str, int] = field(default_factory=dict)
    by_role: dict[str, int] = field(default_factory=dict)
    denials: dict[str, int] = field(default_factory=dict)  # by deciding policy
    protection_reviews: int = 0
    last_verify: str | None = None  # outcome of the most recent `docket audit verify`

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def read_events(rt: Runtime, conn: Any) -> list[AuditEvent]:
    return [AuditEvent.from_bytes(data) for _, data, _ in audit_repo.iter_leaves(conn)]


def dashboard(rt: Runtime, ctx: Context) -> Dashboard:
    with open_gate(rt, Context(ctx.actor, Purpose.STATISTICS, "oversight"), "read_audit") as gate:
        gate.authorize(Resource("AuditLog", "main", {}))
        events = read_events(rt, gate.conn)
        checkpoints = audit_repo.checkpoints(gate.conn)
        board = Dashboard(len(events), _checkpoint(checkpoints[-1]) if checkpoints else None)
        board.by_action = dict(Counter(e.action for e in events).most_common())
        board.by_role = dict(Counter(e.role for e in events).most_common())
        board.denials = dict(Counter(str(e.detail.get("policies", "?")) for e in events if e.outcome == "denied"))
        board.protection_reviews = sum(e.action == "clear_protection" and e.outcome == "ok" for e in events)
        verifies = [e for e in events if e.action == "verify_audit" and "result" in e.detail]
        board.last_verify = f"{verifies[-1].detail['result']} at {verifies[-1].at}" if verifies else None
        return board


def _checkpoint(row: tuple[int, int, str]) -> dict[str, Any]:
    parsed = parse_checkpoint(row[2])
    return {"id": row[0], "size": parsed.size, "root": parsed.root.hex(), "origin": parsed.origin}
