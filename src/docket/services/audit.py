"""Appending audit leaves and signing checkpoints (the storage half of DESIGN.md §8).

Leaves hold pseudonymous ids only: actor id, role, action, object ids, purpose, outcome, time. No
name, birth date or address ever reaches this module, so oversight can read the whole log.
"""

from __future__ import annotations

import json
import time
from datetime import datetime
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from sqlalchemy import Connection, Engine

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
    if (index + 1) % rt.settings.checkpoint_every == 0 or _due_by_time(rt, conn):
        write_checkpoint(rt, conn, index + 1)
    return index


# Per database, the wall-clock time of the last checkpoint this process has seen. Only a hint, so that
# an append costs one clock read: when it says a checkpoint is due, the database is asked before one is
# signed (another process may have signed since). Tests replace ``_clock``.
_sealed_at: WeakKeyDictionary[Engine, float] = WeakKeyDictionary()
_clock = time.time


def _due_by_time(rt: Runtime, conn: Connection) -> bool:
    """True when the last checkpoint (before the first: the first leaf) is ``checkpoint_seconds`` old."""
    every = rt.settings.checkpoint_seconds
    now = _clock()
    hint = _sealed_at.get(rt.engine)
    if every <= 0 or (hint is not None and now - hint < every):
        return False
    sealed = _last_sealed(conn)
    _sealed_at[rt.engine] = sealed
    return now - sealed >= every


def _last_sealed(conn: Connection) -> float:
    """When the last checkpoint was signed, or when the first leaf was written if none was (epoch s)."""
    last = audit_repo.last_checkpoint(conn)
    if last is not None:
        stamp = last[3]
    else:
        first = next(audit_repo.iter_leaves(conn, 0, 1), None)
        stamp = _leaf_time(first[1]) if first else ""
    try:
        return datetime.fromisoformat(stamp).timestamp()
    except ValueError:
        return 0.0  # unreadable: treat as long ago, and let write_checkpoint judge the log


def _leaf_time(data: bytes) -> str:
    try:
        return str(json.loads(data).get("at", ""))
    except (ValueError, AttributeError):
        return ""


def write_checkpoint(rt: Runtime, conn: Connection, size: int) -> str:
    """Sign (origin, size, root) over the first ``size`` leaves and store the note with its frontier.

    Never seals tampering it can see, in O(new leaves + log n): it resumes from the last checkpoint's
    stored frontier only if that checkpoint's signature verifies and the frontier hashes to its signed
    root, then recomputes every newer leaf hash from the leaf's bytes; otherwise it refuses. Leaves the
    last checkpoint sealed are not re-read (the new root still commits to them as they were signed);
    ``docket audit verify`` recomputes those."""
    acc = _resume(rt, conn, size)
    extend(acc, audit_repo.iter_leaves(conn, acc.size, size), size)
    note = sign_checkpoint(rt.signing_key, rt.log_origin, size, acc.root())
    audit_repo.add_checkpoint(conn, size, note, acc.to_bytes())
    _sealed_at.pop(rt.engine, None)  # re-read at the next append, in case this transaction rolls back
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
