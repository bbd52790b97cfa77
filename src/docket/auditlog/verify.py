"""Recompute a whole audit log and check it against its signed checkpoints (``docket audit verify``).

Nothing stored is trusted: every leaf hash is recomputed from the leaf's bytes, every checkpoint
signature is checked, every checkpoint root is compared with the root recomputed at its size, and
consecutive checkpoints are tied together by consistency proofs generated from the recomputed tree.
The first failure stops the check and is reported with the leaf index or checkpoint id it concerns.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from docket.auditlog.checkpoint import Checkpoint, verify_checkpoint
from docket.auditlog.merkle import EMPTY_ROOT, MerkleTree, leaf_hash, verify_consistency
from docket.errors import AuditIntegrityError


@dataclass(frozen=True)
class VerifyReport:
    """The outcome. ``leaves`` and ``checkpoints`` count what was examined before any failure;
    ``root`` is the recomputed root over those leaves."""

    ok: bool
    leaves: int
    checkpoints: int
    failure: str | None = None
    root: bytes = EMPTY_ROOT


def verify_log(
    leaves: Iterable[tuple[int, bytes, bytes]],
    checkpoints: Sequence[tuple[int, str]],
    public_key: Ed25519PublicKey,
    key_name: str,
) -> VerifyReport:
    """Verify stored leaves ``(index, leaf bytes, leaf hash)``, in index order, against the
    checkpoints ``(id, signed text)``, in the order they were made."""
    hashes = bytearray()
    failure = _recompute_leaves(leaves, hashes)
    tree = MerkleTree.from_concatenated(hashes)
    if failure is None:
        checked, failure = _check_checkpoints(tree, checkpoints, public_key, key_name)
    else:
        checked = 0
    return VerifyReport(failure is None, tree.size, checked, failure, tree.root())


def verify_extends(
    external_checkpoint_text: str,
    leaf_hashes: Iterable[bytes] | MerkleTree,
    public_key: Ed25519PublicKey,
    key_name: str,
) -> VerifyReport:
    """Check that the log (its leaf hashes, or a tree already built from them) extends a checkpoint
    kept outside it, e.g. one handed to oversight earlier: ``docket audit verify --against FILE``.

    Catches a rewritten or rolled-back history even if every checkpoint inside the log was replaced.
    """
    tree = leaf_hashes if isinstance(leaf_hashes, MerkleTree) else MerkleTree(leaf_hashes)
    try:
        external = verify_checkpoint(external_checkpoint_text, public_key, key_name)
    except AuditIntegrityError as exc:
        return VerifyReport(False, tree.size, 0, f"external checkpoint: {exc.message}", tree.root())
    failure = _check_against_tree(tree, external, "external checkpoint")
    if failure is None and external.size > 0:
        proof = tree.consistency_proof(external.size)
        if not verify_consistency(external.size, tree.size, external.root, tree.root(), proof):
            failure = f"external checkpoint (size {external.size}): the log does not extend it"
    return VerifyReport(failure is None, tree.size, 1, failure, tree.root())


def _recompute_leaves(leaves: Iterable[tuple[int, bytes, bytes]], out: bytearray) -> str | None:
    """Append each recomputed leaf hash to ``out``; the first problem found, if any."""
    for expected, (index, data, stored_hash) in enumerate(leaves):
        if index != expected:
            return _index_problem(index, expected)
        computed = leaf_hash(data)
        if computed != stored_hash:
            return f"leaf {index}: its stored hash does not match its bytes (altered leaf or hash)"
        out += computed
    return None


def _index_problem(index: int, expected: int) -> str:
    if index > expected:
        return f"leaf {expected} is missing: the next stored leaf is {index} (deleted or reordered leaves)"
    return f"leaf {index} appears again or out of order after leaf {expected - 1} (duplicated leaf)"


def _check_checkpoints(
    tree: MerkleTree, checkpoints: Sequence[tuple[int, str]], public_key: Ed25519PublicKey, key_name: str
) -> tuple[int, str | None]:
    """How many checkpoints passed, and the first failure."""
    previous: tuple[int, Checkpoint] | None = None
    for checked, (checkpoint_id, text) in enumerate(checkpoints):
        label = f"checkpoint {checkpoint_id}"
        try:
            checkpoint = verify_checkpoint(text, public_key, key_name)
        except AuditIntegrityError as exc:
            return checked, f"{label}: {exc.message}"
        failure = _check_against_tree(tree, checkpoint, label)
        if failure is None and previous is not None:
            failure = _check_successor(tree, previous, (checkpoint_id, checkpoint))
        if failure is not None:
            return checked, failure
        previous = (checkpoint_id, checkpoint)
    return len(checkpoints), None


def _check_against_tree(tree: MerkleTree, checkpoint: Checkpoint, label: str) -> str | None:
    if checkpoint.size > tree.size:
        return (
            f"{label} claims {checkpoint.size} leaves but the log holds only {tree.size} "
            "(truncated log)"
        )
    if tree.root(checkpoint.size) != checkpoint.root:
        return (
            f"{label} (size {checkpoint.size}): its root does not match the root recomputed "
            "from the log's leaves (altered, reordered or replaced leaves, or a replaced checkpoint)"
        )
    return None


def _check_successor(
    tree: MerkleTree, previous: tuple[int, Checkpoint], current: tuple[int, Checkpoint]
) -> str | None:
    """Consecutive checkpoints must share an origin, never shrink, and be provably consistent."""
    (prev_id, prev), (cur_id, cur) = previous, current
    if cur.origin != prev.origin:
        return f"checkpoint {cur_id}: origin {cur.origin!r} is not checkpoint {prev_id}'s {prev.origin!r}"
    if cur.size < prev.size:
        return f"checkpoint {cur_id} (size {cur.size}) shrinks the log of checkpoint {prev_id} ({prev.size})"
    if prev.size == 0:
        return None  # the empty tree is a prefix of every tree; nothing to prove
    proof = tree.consistency_proof(prev.size, cur.size)
    if not verify_consistency(prev.size, cur.size, prev.root, cur.root, proof):
        return f"checkpoint {cur_id} is not consistent with checkpoint {prev_id}"
    return None
