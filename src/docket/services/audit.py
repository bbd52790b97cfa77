"""Appending audit leaves and signing checkpoints (the storage half of DESIGN.md §8).

Leaves hold pseudonymous ids only: actor id, role, action, object ids, purpose, outcome, time. No
name, birth date or address ever reaches this module, so oversight can read the whole log.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection

from docket.auditlog.checkpoint import parse_checkpoint, sign_checkpoint
from docket.auditlog.leaf import AuditEvent
from docket.auditlog.merkle import MerkleTree, leaf_hash
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
    """Sign (origin, size, root) over the first ``size`` leaves and store the note.

    Never seals tampering it can see: every leaf hash is recomputed from the leaf's bytes, and the
    new tree must extend the last signed checkpoint (same root at that size); otherwise it refuses."""
    tree = MerkleTree()
    for index, data, stored_hash in audit_repo.iter_leaves(conn, 0, size):
        if leaf_hash(data) != stored_hash or index != tree.size:
            raise AuditIntegrityError(f"refusing to sign a checkpoint: audit leaf {index} does not verify")
        tree.append(stored_hash)
    previous = audit_repo.checkpoints(conn)
    if previous:
        last = parse_checkpoint(previous[-1][2])
        if last.size > size or tree.root(last.size) != last.root:
            raise AuditIntegrityError(
                f"refusing to sign a checkpoint: the log no longer extends checkpoint {previous[-1][0]}"
            )
    note = sign_checkpoint(rt.signing_key, rt.log_origin, size, tree.root())
    audit_repo.add_checkpoint(conn, size, note)
    return note
