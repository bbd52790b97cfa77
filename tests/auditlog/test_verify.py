"""Whole-log verification: every kind of tampering is caught and named."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from docket.auditlog import (
    MerkleTree,
    generate_key,
    leaf_hash,
    root,
    sign_checkpoint,
    verify_extends,
    verify_log,
)

from .factories import ORIGIN, checkpoint_rows, event, leaf_rows

N = 37
SIZES = [0, 1, 5, 16, 17, 30, 37]  # checkpoint ids 1..7
KEY = generate_key()
ROWS = leaf_rows(N)
CHECKPOINTS = checkpoint_rows(ROWS, SIZES, KEY)

Rows = list[tuple[int, bytes, bytes]]


def _failure(rows: Rows = ROWS, checkpoints: list[tuple[int, str]] = CHECKPOINTS) -> str:
    """The report's failure text, "" when the log verifies."""
    report = verify_log(iter(rows), checkpoints, KEY.public_key(), ORIGIN)
    assert report.ok is (report.failure is None)
    return report.failure or ""


def _first_checkpoint_covering(index: int) -> int:
    return next(i for i, size in enumerate(SIZES, start=1) if size > index)


def test_an_intact_log_verifies() -> None:
    report = verify_log(iter(ROWS), CHECKPOINTS, KEY.public_key(), ORIGIN)
    assert report.ok and report.failure is None
    assert (report.leaves, report.checkpoints) == (N, len(SIZES))
    assert report.root == root(h for _, _, h in ROWS)


def test_an_empty_log_verifies() -> None:
    assert verify_log([], [], KEY.public_key(), ORIGIN).ok
    assert verify_log([], checkpoint_rows([], [0], KEY), KEY.public_key(), ORIGIN).ok


@pytest.mark.parametrize("index", range(N))
def test_changing_any_byte_of_a_leaf_names_that_leaf(index: int) -> None:
    rows = list(ROWS)
    i, data, h = rows[index]
    position = (index * 7) % len(data)
    rows[index] = (i, data[:position] + bytes([data[position] ^ 0x20]) + data[position + 1 :], h)
    assert _failure(rows).startswith(f"leaf {index}: its stored hash does not match")


@pytest.mark.parametrize("index", [0, 4, 5, 16, 29, 36])
def test_a_leaf_rewritten_with_its_hash_is_caught_by_the_first_checkpoint_covering_it(index: int) -> None:
    rows = list(ROWS)
    data = event(index + 1000).to_bytes()
    rows[index] = (index, data, leaf_hash(data))
    failure = _failure(rows)
    assert failure.startswith(f"checkpoint {_first_checkpoint_covering(index)} (size ")
    assert "root does not match" in failure


def test_a_deleted_leaf_is_named() -> None:
    rows = ROWS[:12] + ROWS[13:]
    assert _failure(rows).startswith("leaf 12 is missing: the next stored leaf is 13")


def test_a_deleted_and_renumbered_leaf_breaks_the_checkpoints() -> None:
    rows = [(i, data, h) for i, (_, data, h) in enumerate(ROWS[:12] + ROWS[13:])]
    failure = _failure(rows)
    assert failure.startswith(f"checkpoint {_first_checkpoint_covering(12)} (size 16)")


def test_a_duplicated_leaf_is_named() -> None:
    rows = ROWS[:9] + [ROWS[8]] + ROWS[9:]
    assert _failure(rows).startswith("leaf 8 appears again or out of order after leaf 8")


def test_swapped_leaves_are_caught_by_the_first_checkpoint_covering_them() -> None:
    rows = list(ROWS)
    (i, a, ha), (j, b, hb) = rows[6], rows[20]
    rows[6], rows[20] = (i, b, hb), (j, a, ha)
    failure = _failure(rows)
    assert failure.startswith(f"checkpoint {_first_checkpoint_covering(6)} (size 16)")


def test_swapped_rows_are_named_by_index() -> None:
    rows = list(ROWS)
    rows[6], rows[7] = rows[7], rows[6]
    assert _failure(rows).startswith("leaf 6 is missing: the next stored leaf is 7")


@pytest.mark.parametrize("keep", [0, 1, 20, 36])
def test_a_truncated_log_is_caught(keep: int) -> None:
    failure = _failure(ROWS[:keep])
    claim = next(i for i, size in enumerate(SIZES, start=1) if size > keep)
    assert failure == (
        f"checkpoint {claim} claims {SIZES[claim - 1]} leaves but the log holds only {keep} (truncated log)"
    )


def test_a_replaced_checkpoint_is_named() -> None:
    checkpoints = list(CHECKPOINTS)
    checkpoints[3] = (4, sign_checkpoint(KEY, ORIGIN, 16, leaf_hash(b"forged root")))
    failure = _failure(checkpoints=checkpoints)
    assert failure.startswith("checkpoint 4 (size 16): its root does not match")


@pytest.mark.parametrize("position", range(len(SIZES)))
def test_a_checkpoint_re_signed_with_another_key_is_named(position: int) -> None:
    checkpoints = list(CHECKPOINTS)
    size = SIZES[position]
    checkpoints[position] = (position + 1, sign_checkpoint(generate_key(), ORIGIN, size, _root(size)))
    failure = _failure(checkpoints=checkpoints)
    assert failure.startswith(f"checkpoint {position + 1}: checkpoint is not signed by key {ORIGIN}")


def test_an_edited_checkpoint_is_named() -> None:
    checkpoints = list(CHECKPOINTS)
    checkpoints[4] = (5, checkpoints[4][1].replace("\n17\n", "\n18\n"))
    assert _failure(checkpoints=checkpoints) == f"checkpoint 5: checkpoint signature by key {ORIGIN} does not verify"


def test_checkpoints_out_of_order_are_named() -> None:
    checkpoints = [CHECKPOINTS[5], CHECKPOINTS[3]]
    assert _failure(checkpoints=checkpoints) == "checkpoint 4 (size 16) shrinks the log of checkpoint 6 (30)"


def test_a_checkpoint_from_another_origin_is_named() -> None:
    other = (9, sign_checkpoint(KEY, "elsewhere.test/log", 30, _root(30), key_name=ORIGIN))
    failure = _failure(checkpoints=[*CHECKPOINTS[:5], other])
    assert failure.startswith("checkpoint 9: origin 'elsewhere.test/log'")


def test_a_history_rewritten_by_the_key_holder_is_caught_only_against_an_outside_checkpoint() -> None:
    handed_to_oversight = CHECKPOINTS[4][1]  # size 17
    forged_rows = leaf_rows(12) + [
        (i, data, leaf_hash(data)) for i in range(12, N) for data in [event(i + 500).to_bytes()]
    ]
    forged_checkpoints = checkpoint_rows(forged_rows, SIZES, KEY)
    assert _failure(forged_rows, forged_checkpoints) == ""
    report = verify_extends(handed_to_oversight, [h for _, _, h in forged_rows], KEY.public_key(), ORIGIN)
    assert not report.ok
    assert report.failure is not None and report.failure.startswith("external checkpoint (size 17): its root")


def test_the_log_extends_an_earlier_outside_checkpoint() -> None:
    hashes = [h for _, _, h in ROWS]
    for _, text in CHECKPOINTS:
        report = verify_extends(text, hashes, KEY.public_key(), ORIGIN)
        assert report.ok and (report.leaves, report.checkpoints) == (N, 1)
    assert verify_extends(CHECKPOINTS[2][1], MerkleTree(hashes), KEY.public_key(), ORIGIN).ok


def test_an_outside_checkpoint_beyond_the_log_or_badly_signed_fails() -> None:
    hashes = [h for _, _, h in ROWS]
    truncated = verify_extends(CHECKPOINTS[-1][1], hashes[:30], KEY.public_key(), ORIGIN)
    assert truncated.failure == "external checkpoint claims 37 leaves but the log holds only 30 (truncated log)"
    stranger: Ed25519PrivateKey = generate_key()
    unsigned = verify_extends(sign_checkpoint(stranger, ORIGIN, 5, _root(5)), hashes, KEY.public_key(), ORIGIN)
    assert unsigned.failure is not None and unsigned.failure.startswith("external checkpoint: checkpoint is not")


def _root(size: int) -> bytes:
    return root(h for _, _, h in ROWS[:size])

