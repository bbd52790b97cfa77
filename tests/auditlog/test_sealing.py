"""Extending a signed checkpoint from its stored frontier gives the root recomputed from scratch,
and refuses a frontier, leaf or gap it cannot trust."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from docket.auditlog import Checkpoint, CompactRange, parse_checkpoint, sign_checkpoint
from docket.auditlog.sealing import extend, extends_checkpoint, resume
from docket.errors import AuditIntegrityError, Invalid

from .factories import ORIGIN, leaf_rows, rfc_root

KEY = Ed25519PrivateKey.generate()
ROWS = leaf_rows(70)
HASHES = [h for _, _, h in ROWS]


def signed_with_frontier(size: int) -> tuple[Checkpoint, bytes]:
    """The checkpoint over the first ``size`` leaves, and the frontier a checkpoint row stores."""
    acc = extend(CompactRange(), ROWS[:size], size)
    return parse_checkpoint(sign_checkpoint(KEY, ORIGIN, size, acc.root())), acc.to_bytes()


@pytest.mark.parametrize("first", range(0, 70, 3))
def test_resuming_from_any_frontier_gives_the_root_from_scratch(first: int) -> None:
    checkpoint, frontier = signed_with_frontier(first)
    for size in range(first, 70, 5):
        acc = extend(resume(checkpoint, frontier, "c"), ROWS[first:size], size)
        assert acc.root() == rfc_root(HASHES[:size])


def test_a_frontier_round_trips_through_bytes() -> None:
    for size in range(70):
        acc = extend(CompactRange(), ROWS[:size], size)
        packed = acc.to_bytes()
        assert len(packed) == 32 * size.bit_count()
        assert CompactRange.from_bytes(size, packed).hashes == acc.hashes


def test_a_packed_range_of_the_wrong_length_is_invalid() -> None:
    with pytest.raises(Invalid):
        CompactRange.from_bytes(3, b"\x00" * 33)
    with pytest.raises(Invalid):
        CompactRange.from_bytes(3, b"\x00" * 32)  # size 3 needs two hashes


def test_a_frontier_that_is_not_the_signed_tree_is_refused() -> None:
    checkpoint, _ = signed_with_frontier(13)
    _, other = signed_with_frontier(14)  # 14 has as many set bits as 13, so only the root tells them apart
    with pytest.raises(AuditIntegrityError, match="does not match its signed root"):
        resume(checkpoint, other, "checkpoint 4")
    with pytest.raises(AuditIntegrityError, match="is malformed"):
        resume(checkpoint, b"\x00" * 32, "checkpoint 4")


def test_a_new_leaf_whose_bytes_do_not_match_its_hash_is_refused() -> None:
    rows = list(ROWS[:20])
    index, _, stored = rows[15]
    rows[15] = (index, b'{"forged":true}', stored)
    with pytest.raises(AuditIntegrityError, match="audit leaf 15 does not verify"):
        extend(CompactRange(), rows, 20)


def test_a_gap_or_a_short_log_is_refused() -> None:
    with pytest.raises(AuditIntegrityError, match="audit leaf 5 is missing"):
        extend(CompactRange(), ROWS[:5] + ROWS[6:10], 10)
    with pytest.raises(AuditIntegrityError, match="holds 9 leaves, not 10"):
        extend(CompactRange(), ROWS[:9], 10)


def test_extends_checkpoint_compares_size_and_root() -> None:
    checkpoint, _ = signed_with_frontier(21)
    assert extends_checkpoint(extend(CompactRange(), ROWS[:21], 21), checkpoint)
    assert not extends_checkpoint(extend(CompactRange(), ROWS[:20], 20), checkpoint)
