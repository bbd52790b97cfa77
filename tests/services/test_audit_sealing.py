"""A checkpoint never seals tampering: it hashes only the leaves after the last checkpoint, resuming from
that checkpoint's stored frontier, and still refuses a new leaf that does not verify, a frontier or note
it cannot trust, and a log that does not extend the last checkpoint."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import delete, update

from docket.auditlog import MerkleTree, generate_key, parse_checkpoint, sign_checkpoint
from docket.auditlog.merkle import leaf_hash
from docket.errors import AuditIntegrityError
from docket.services import auditing
from docket.services.accounts import initialise
from docket.services.audit import append_event, write_checkpoint
from docket.services.runtime import Runtime
from docket.store import audit_repo
from docket.store.schema import audit_checkpoints, audit_leaves
from tests.factories import make_settings, operator

FORGED = b'{"forged": true}'


@pytest.fixture
def rt7(tmp_path: Path) -> Iterator[Runtime]:
    """A log that signs a checkpoint every 7 leaves."""
    runtime = Runtime(dataclasses.replace(make_settings(tmp_path), checkpoint_every=7))
    initialise(runtime)
    yield runtime
    runtime.close()


def append(rt: Runtime, count: int) -> None:
    for i in range(count):
        with rt.engine.begin() as conn:
            append_event(rt, conn, operator(), "list_sources", [f"source:{i}"], "ok")


def checkpoint_here(rt: Runtime) -> str:
    with rt.engine.begin() as conn:
        return write_checkpoint(rt, conn, audit_repo.tree_size(conn))


def stored_hashes(rt: Runtime) -> list[bytes]:
    with rt.engine.connect() as conn:
        return audit_repo.leaf_hashes(conn)


def tamper(rt: Runtime, idx: int, *, rehash: bool) -> None:
    values = {"leaf": FORGED, "leaf_hash": leaf_hash(FORGED)} if rehash else {"leaf": FORGED}
    with rt.engine.begin() as conn:
        conn.execute(update(audit_leaves).where(audit_leaves.c.idx == idx).values(values))


def test_checkpoints_resumed_from_frontiers_equal_the_root_from_scratch(rt7: Runtime) -> None:
    for burst in (1, 5, 13, 2, 40, 1, 64, 3):  # count-based every 7, plus on-demand at irregular sizes
        append(rt7, burst)
        checkpoint_here(rt7)
    tree = MerkleTree(stored_hashes(rt7))
    with rt7.engine.connect() as conn:
        notes = [parse_checkpoint(note) for _, _, note in audit_repo.checkpoints(conn)]
    assert len({n.size for n in notes}) > 20
    assert all(n.root == tree.root(n.size) for n in notes)
    assert auditing.verify(rt7, operator())[0].ok


def test_a_changed_leaf_after_the_last_checkpoint_is_not_sealed(rt7: Runtime) -> None:
    append(rt7, 10)  # a checkpoint at 7; leaves 7..10 are not signed yet
    tamper(rt7, 9, rehash=False)
    with pytest.raises(AuditIntegrityError, match="audit leaf 9 does not verify"):
        checkpoint_here(rt7)


def test_an_action_whose_append_is_due_to_seal_a_changed_leaf_fails(rt7: Runtime) -> None:
    append(rt7, 3)  # leaves 0..3; the next count-based checkpoint comes with leaf 6
    tamper(rt7, 2, rehash=False)
    append(rt7, 2)
    with pytest.raises(AuditIntegrityError, match="audit leaf 2 does not verify"):
        append(rt7, 1)
    assert len(stored_hashes(rt7)) == 6  # the failed action's leaf rolled back with it


def test_a_deleted_leaf_after_the_last_checkpoint_is_refused(rt7: Runtime) -> None:
    append(rt7, 10)
    with rt7.engine.begin() as conn:
        conn.execute(delete(audit_leaves).where(audit_leaves.c.idx == 8))
    with pytest.raises(AuditIntegrityError, match="audit leaf 8 is missing"):
        checkpoint_here(rt7)


@pytest.mark.parametrize("rehash", [False, True])
def test_a_changed_sealed_leaf_is_not_resealed(rt: Runtime, rehash: bool) -> None:
    """The next checkpoint does not re-read sealed leaves, but its root still commits to the originals,
    so the change is not sealed: ``audit verify`` names it."""
    auditing.checkpoint_now(rt, operator())
    original = stored_hashes(rt)
    tamper(rt, 0, rehash=rehash)
    note = parse_checkpoint(auditing.checkpoint_now(rt, operator()))
    assert note.root == MerkleTree(original[:1] + stored_hashes(rt)[1:]).root(note.size)
    report = auditing.verify(rt, operator())[0]
    assert not report.ok and ("leaf 0" in str(report.failure) or "checkpoint 1" in str(report.failure))


def test_a_swapped_frontier_is_refused(rt7: Runtime) -> None:
    append(rt7, 19)  # 20 leaves: checkpoints 1 and 2 at sizes 7 and 14, with three hashes each
    with rt7.engine.begin() as conn:
        first = conn.execute(audit_checkpoints.select().where(audit_checkpoints.c.id == 1)).one()
        conn.execute(update(audit_checkpoints).where(audit_checkpoints.c.id == 2).values(frontier=first.frontier))
    with pytest.raises(AuditIntegrityError, match="frontier of checkpoint 2 does not match its signed root"):
        checkpoint_here(rt7)


def test_a_last_checkpoint_not_signed_by_the_log_key_is_refused(rt7: Runtime) -> None:
    append(rt7, 8)
    with rt7.engine.begin() as conn:
        signed = parse_checkpoint(audit_repo.checkpoints(conn)[-1][2])
        forged = sign_checkpoint(generate_key(), rt7.log_origin, signed.size, signed.root)
        conn.execute(update(audit_checkpoints).values(note=forged))
    with pytest.raises(AuditIntegrityError, match="refusing to sign a checkpoint: checkpoint 1: checkpoint is not"):
        checkpoint_here(rt7)


def test_a_checkpoint_without_a_frontier_is_rebuilt_once(rt7: Runtime) -> None:
    """Checkpoints made before migration 0006 have no frontier: the next one reads the whole log."""
    append(rt7, 8)
    with rt7.engine.begin() as conn:
        conn.execute(update(audit_checkpoints).values(frontier=None))
    note = parse_checkpoint(checkpoint_here(rt7))
    assert note.root == MerkleTree(stored_hashes(rt7)).root(note.size)
    with rt7.engine.connect() as conn:
        assert audit_repo.last_checkpoint(conn)[2] is not None  # type: ignore[index]


@pytest.mark.parametrize("rehash", [False, True])
def test_without_a_frontier_a_rewritten_signed_prefix_is_refused(rt: Runtime, rehash: bool) -> None:
    auditing.checkpoint_now(rt, operator())
    with rt.engine.begin() as conn:
        conn.execute(update(audit_checkpoints).values(frontier=None))
    tamper(rt, 0, rehash=rehash)
    expected = "no longer extends checkpoint 1" if rehash else "audit leaf 0 does not verify"
    with pytest.raises(AuditIntegrityError, match=expected):
        auditing.checkpoint_now(rt, operator())
