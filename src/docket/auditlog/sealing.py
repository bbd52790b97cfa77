"""Extending the last signed checkpoint by the leaves after it, without re-reading the leaves before it.

Each checkpoint row keeps the compact range of its tree: the RFC 9162 right-edge subtree hashes, one
per set bit of its size. The next checkpoint restores that range only after checking it hashes to the
root the previous checkpoint *signed*, so a stored range cannot be swapped without finding a SHA-256
collision; then it recomputes every new leaf's hash from the leaf's bytes and refuses a leaf that does
not match, a gap, or a short read. A checkpoint therefore costs O(new leaves + log n), not O(n).

What this does not do is re-read leaves that an earlier checkpoint already sealed: a change to those
is invisible here, and the new root still commits to the original leaves, so the change is not sealed
either. ``verify_log`` (``docket audit verify``) recomputes everything and reports it.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterable

from docket.auditlog.checkpoint import Checkpoint
from docket.auditlog.merkle import CompactRange, leaf_hash
from docket.errors import AuditIntegrityError, Invalid

_REFUSE = "refusing to sign a checkpoint: "


def resume(checkpoint: Checkpoint, packed: bytes, label: str) -> CompactRange:
    """The compact range stored with ``checkpoint``, if and only if it hashes to its signed root."""
    try:
        acc = CompactRange.from_bytes(checkpoint.size, packed)
    except Invalid as exc:
        raise AuditIntegrityError(f"{_REFUSE}the stored frontier of {label} is malformed") from exc
    if not hmac.compare_digest(acc.root(), checkpoint.root):
        raise AuditIntegrityError(f"{_REFUSE}the stored frontier of {label} does not match its signed root")
    return acc


def extend(acc: CompactRange, leaves: Iterable[tuple[int, bytes, bytes]], size: int) -> CompactRange:
    """Append stored leaves ``(index, bytes, hash)`` numbered ``acc.size`` up to ``size - 1`` to ``acc``.

    Every hash is recomputed from the bytes, so a leaf altered after it was written is never sealed;
    indexes must follow on with no gap, and all of them must be there."""
    for index, data, stored_hash in leaves:
        if index != acc.size:
            raise AuditIntegrityError(f"{_REFUSE}audit leaf {acc.size} is missing (the next stored leaf is {index})")
        computed = leaf_hash(data)
        if not hmac.compare_digest(computed, stored_hash):
            raise AuditIntegrityError(f"{_REFUSE}audit leaf {index} does not verify")
        acc.append(computed)
    if acc.size != size:
        raise AuditIntegrityError(f"{_REFUSE}the log holds {acc.size} leaves, not {size}")
    return acc


def extends_checkpoint(acc: CompactRange, checkpoint: Checkpoint) -> bool:
    """True iff ``acc``, rebuilt from the leaves, is exactly the tree ``checkpoint`` signed."""
    return acc.size == checkpoint.size and hmac.compare_digest(acc.root(), checkpoint.root)
