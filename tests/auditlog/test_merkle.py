"""Merkle tree hashes, generated proofs, and verifiers that refuse anything malformed."""

from __future__ import annotations

import base64
from hashlib import sha256

import pytest
from hypothesis import given
from hypothesis import strategies as st

from docket.auditlog import (
    EMPTY_ROOT,
    CompactRange,
    MerkleTree,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    node_hash,
    root,
    verify_consistency,
    verify_inclusion,
)
from docket.errors import Invalid

from .factories import RFC6962_LEAVES, RFC6962_ROOT_B64, rfc_path, rfc_proof, rfc_root

MAX = 40
HASHES = [leaf_hash(bytes([i % 256, i // 256])) for i in range(MAX)]


def test_hashes_use_the_rfc_prefixes() -> None:
    assert leaf_hash(b"abc") == sha256(b"\x00abc").digest()
    assert node_hash(b"l" * 32, b"r" * 32) == sha256(b"\x01" + b"l" * 32 + b"r" * 32).digest()
    assert root([]) == EMPTY_ROOT == sha256(b"").digest()


def test_the_standard_rfc6962_leaves_give_the_known_root() -> None:
    hashes = [leaf_hash(leaf) for leaf in RFC6962_LEAVES]
    assert base64.b64encode(root(hashes)).decode() == RFC6962_ROOT_B64
    assert base64.b64encode(MerkleTree(hashes).root()).decode() == RFC6962_ROOT_B64


def test_roots_match_the_rfc_definition_at_every_size() -> None:
    tree = MerkleTree(HASHES)
    acc = CompactRange()
    for size in range(MAX + 1):
        want = rfc_root(HASHES[:size])
        assert tree.root(size) == root(HASHES[:size]) == acc.root() == want
        if size < MAX:
            acc.append(HASHES[size])


def test_appending_to_a_tree_equals_building_it_at_once() -> None:
    grown = MerkleTree()
    for size, h in enumerate(HASHES, start=1):
        grown.append(h)
        built = MerkleTree(HASHES[:size])
        assert grown.size == built.size == size
        assert grown.root() == built.root()
        assert grown.inclusion_proof(size - 1) == built.inclusion_proof(size - 1)
    assert grown.leaf_hash(7) == HASHES[7]


def test_a_compact_range_restored_from_its_state_continues() -> None:
    acc = CompactRange()
    for h in HASHES[:13]:
        acc.append(h)
    assert len(acc.hashes) == 3  # 13 = 8 + 4 + 1
    resumed = CompactRange.restore(acc.size, acc.hashes)
    for h in HASHES[13:]:
        resumed.append(h)
    assert resumed.root() == rfc_root(HASHES)
    with pytest.raises(Invalid):
        CompactRange.restore(13, acc.hashes[:2])


@pytest.mark.parametrize("size", range(1, MAX + 1))
def test_inclusion_proofs_verify_for_every_index(size: int) -> None:
    tree = MerkleTree(HASHES[:size])
    head = tree.root()
    for index in range(size):
        proof = tree.inclusion_proof(index)
        assert proof == rfc_path(index, HASHES[:size]) == inclusion_proof(HASHES, index, size)
        assert verify_inclusion(index, size, HASHES[index], proof, head)
        for bad in _mangled(proof):
            assert not verify_inclusion(index, size, HASHES[index], bad, head)
        assert not verify_inclusion(index, size, HASHES[(index + 1) % MAX], proof, head)
        assert not verify_inclusion(index, size, HASHES[index], proof, _flip(head))


@pytest.mark.parametrize("size2", range(1, MAX + 1))
def test_consistency_proofs_verify_for_every_earlier_size(size2: int) -> None:
    tree = MerkleTree(HASHES[:size2])
    head2 = tree.root()
    for size1 in range(1, size2 + 1):
        head1 = tree.root(size1)
        proof = tree.consistency_proof(size1)
        assert proof == rfc_proof(size1, HASHES[:size2]) == consistency_proof(HASHES, size1, size2)
        assert verify_consistency(size1, size2, head1, head2, proof)
        for bad in _mangled(proof):
            assert not verify_consistency(size1, size2, head1, head2, bad)
        assert not verify_consistency(size1, size2, _flip(head1), head2, proof)
        assert not verify_consistency(size1, size2, head1, _flip(head2), proof)
        if size1 != size2:
            assert not verify_consistency(size1, size2, head2, head1, proof)


def test_a_forked_log_is_not_consistent() -> None:
    forked = HASHES[:20] + [leaf_hash(b"forged")] + HASHES[21:]
    proof = MerkleTree(forked).consistency_proof(25)
    assert not verify_consistency(25, MAX, MerkleTree(HASHES).root(25), MerkleTree(forked).root(), proof)


@pytest.mark.parametrize(
    "args",
    [
        (-1, 4, HASHES[0], [], EMPTY_ROOT),
        (4, 4, HASHES[0], [], EMPTY_ROOT),
        (0, 1, HASHES[0][:31], [], HASHES[0][:31]),
        (0, 1, HASHES[0], None, HASHES[0]),
        (0, 1, HASHES[0], "", HASHES[0]),
        (0, 2, HASHES[0], [HASHES[1][:16]], EMPTY_ROOT),
        (0, 2, HASHES[0], [42], EMPTY_ROOT),
        (True, 2, HASHES[1], [HASHES[0]], node_hash(HASHES[0], HASHES[1])),
        ("0", 1, HASHES[0], [], HASHES[0]),
        (0, 2**70, HASHES[0], [HASHES[1]] * 70, EMPTY_ROOT),
    ],
)
def test_malformed_inclusion_input_is_false_not_an_exception(args: tuple[object, ...]) -> None:
    assert verify_inclusion(*args) is False  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "args",
    [
        (2, 1, EMPTY_ROOT, EMPTY_ROOT, []),
        (0, 3, EMPTY_ROOT, EMPTY_ROOT, []),
        (0, 0, HASHES[0], HASHES[0], []),
        (3, 3, HASHES[0], HASHES[0], [HASHES[1]]),
        (1, 2, HASHES[0], HASHES[1], None),
        (1, 2, HASHES[0], HASHES[1], [b""]),
        (1, 2, HASHES[0][:5], node_hash(HASHES[0], HASHES[1]), [HASHES[1]]),
        (-1, 2, HASHES[0], HASHES[1], [HASHES[1]]),
        (1.0, 2, HASHES[0], node_hash(HASHES[0], HASHES[1]), [HASHES[1]]),
        (3, 7, None, None, [HASHES[0]]),
    ],
)
def test_malformed_consistency_input_is_false_not_an_exception(args: tuple[object, ...]) -> None:
    assert verify_consistency(*args) is False  # type: ignore[arg-type]


_any_hash = st.one_of(st.binary(max_size=40), st.sampled_from([*HASHES[:8], EMPTY_ROOT]))
_any_count = st.one_of(st.integers(min_value=-2, max_value=70), st.integers(min_value=0, max_value=2**64))


@given(_any_count, _any_count, _any_hash, st.lists(_any_hash, max_size=12), _any_hash)
def test_inclusion_verifier_never_raises(index: int, size: int, leaf: bytes, proof: list[bytes], head: bytes) -> None:
    assert verify_inclusion(index, size, leaf, proof, head) in (True, False)


@given(_any_count, _any_count, _any_hash, _any_hash, st.lists(_any_hash, max_size=12))
def test_consistency_verifier_never_raises(size1: int, size2: int, r1: bytes, r2: bytes, proof: list[bytes]) -> None:
    assert verify_consistency(size1, size2, r1, r2, proof) in (True, False)


def test_generation_refuses_sizes_outside_the_tree() -> None:
    tree = MerkleTree(HASHES[:5])
    for call in (
        lambda: tree.inclusion_proof(5),
        lambda: tree.inclusion_proof(0, 6),
        lambda: tree.consistency_proof(0, 5),
        lambda: tree.consistency_proof(6),
        lambda: tree.root(6),
        lambda: MerkleTree([b"short"]),
        lambda: MerkleTree.from_concatenated(b"x" * 33),
    ):
        with pytest.raises(Invalid):
            call()
    assert tree.consistency_proof(5) == []
    assert MerkleTree().consistency_proof(0) == []


def _flip(h: bytes, bit: int = 0) -> bytes:
    return bytes([h[0] ^ (1 << bit)]) + h[1:]


def _mangled(proof: list[bytes]) -> list[list[bytes]]:
    """Every single-step corruption: a flipped bit in each element, one dropped, one added or prepended."""
    out = [proof[:i] + [_flip(p, i % 8)] + proof[i + 1 :] for i, p in enumerate(proof)]
    out += [proof[:i] + proof[i + 1 :] for i in range(len(proof))]
    out += [proof + [HASHES[0]], [HASHES[0], *proof], proof + [EMPTY_ROOT]]
    if len(proof) > 1:
        out.append(proof[::-1])
    return out
