"""Appending audit leaves and signing checkpoints (the storage half of DESIGN.md §8).

Leaves hold pseudonymous ids only: actor id, role, action, object ids, purpose, outcome, time. No
name, birth date or address ever reaches this module, so oversight can read the whole log.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection

from docket.auditlog.checkpoint import sign_checkpoint, verify_checkpoint
from docket.auditlog.leaf import AuditEvent
from docket.auditlog.merkle import CompactRange, leaf_hash
from docket.auditlog.sealing import extend, extends_checkpoint, resume
from docket.errors import AuditIntegrityError
from docket.services.context import Context
from docket.store import audit_repo
from docket.store.clock import now_iso

if TYPE_CHECKING:
    from docket.services.runtime import Runtime


def append_event(
    rt: Runtime,
    conn: Connection,
    ctx: Context,
    action: str,
    object_ids: list[str],
    outcome: str,
    detail: dict[str, Any] | None = None,
) -> int:
    """Append one leaf inside the caller's transaction; sign a checkpoint when one is due."""
    event = AuditEvent(
        actor=ctx.actor.id,
        role=ctx.actor.role,
        action=action,
        object_ids=tuple(object_ids),
        purpose=ctx.purpose.value if ctx.purpose else "",
        outcome=outcome,
        at=now_iso(),
        detail=dict(detail or {}),
    )
    data = event.to_bytes()
    index = audit_repo.append_leaf(conn, data, leaf_hash(data))
    if (index + 1) % rt.settings.checkpoint_every == 0:
        write_checkpoint(rt, conn, index + 1)
    return index


def write_checkpoint(rt: Runtime, conn: Connection, size: int) -> str:
    """Sign (origin, size, root) over the first ``size`` leaves and store the note with its frontier.

    Never seals tampering it can see, in O(new leaves + log n): it resumes from the last checkpoint's
    stored frontier only if that checkpoint's signature verifies and the frontier hashes to its signed
    root, then recomputes every newer leaf hash from the leaf's bytes; otherwise it refuses."""
    acc = _resume(rt, conn, size)
    extend(acc, audit_repo.iter_leaves(conn, acc.size, size), size)
    note = sign_checkpoint(rt.signing_key, rt.log_origin, size, acc.root())
    audit_repo.add_checkpoint(conn, size, note, acc.to_bytes())
    return note


def _resume(rt: Runtime, conn: Connection, size: int) -> CompactRange:
    """The tree as the last checkpoint signed it, as a compact range (empty if there is none)."""
    last = audit_repo.last_checkpoint(conn)
    if last is None:
        return CompactRange()
    checkpoint_id, note, frontier, _ = last
    label = f"checkpoint {checkpoint_id}"
    try:
        signed = verify_checkpoint(note, rt.signing_key.public_key(), rt.log_origin)
    except AuditIntegrityError as exc:
        raise AuditIntegrityError(f"refusing to sign a checkpoint: {label}: {exc.message}") from exc
    if signed.size > size:
        raise AuditIntegrityError(f"refusing to sign a checkpoint: the log no longer extends {label}")
    if frontier is not None:
        return resume(signed, frontier, label)
    # Made before frontiers were stored (migration 0006): rebuild that tree from its leaves, once.
    acc = extend(CompactRange(), audit_repo.iter_leaves(conn, 0, signed.size), signed.size)
    if not extends_checkpoint(acc, signed):
        raise AuditIntegrityError(f"refusing to sign a checkpoint: the log no longer extends {label}")
    return acc
