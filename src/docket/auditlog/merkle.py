"""RFC 9162 §2.1 Merkle tree hashes, proofs and proof verifiers (SHA-256).

Leaves are hashed as ``SHA-256(0x00 || data)`` and interior nodes as ``SHA-256(0x01 || left || right)``;
the tree over ``n`` leaves splits at the largest power of two below ``n``. The verifiers follow
RFC 9162 §2.1.3.2 and §2.1.4.2 step by step and answer ``False`` to anything malformed (wrong sizes,
hashes of the wrong length, short or long proofs); they never raise on bad input.

Generation has two shapes: ``MerkleTree`` keeps every complete subtree hash, one flat buffer per
level, so any root or proof for any earlier size costs O(log n) lookups after an O(n) build;
``CompactRange`` keeps only the O(log n) hashes an appender needs to know the current root.
The module-level ``root``, ``inclusion_proof`` and ``consistency_proof`` are one-shot conveniences.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterable, Sequence
from hashlib import sha256

from docket.errors import Invalid

HASH_SIZE = 32
EMPTY_ROOT = sha256(b"").digest()
_LEAF_PREFIX = sha256(b"\x00")
_NODE_PREFIX = sha256(b"\x01")


def leaf_hash(data: bytes) -> bytes:
    """The RFC 9162 hash of one leaf's bytes."""
    h = _LEAF_PREFIX.copy()
    h.update(data)
    return h.digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """The RFC 9162 hash of an interior node."""
    h = _NODE_PREFIX.copy()
    h.update(left)
    h.update(right)
    return h.digest()


def root(leaf_hashes: Iterable[bytes]) -> bytes:
    """The tree head over all ``leaf_hashes``; the empty tree's root is SHA-256 of nothing."""
    acc = CompactRange()
    for h in leaf_hashes:
        acc.append(h)
    return acc.root()


def inclusion_proof(leaf_hashes: Sequence[bytes], index: int, size: int) -> list[bytes]:
    """RFC 9162 inclusion proof of leaf ``index`` in the tree of the first ``size`` leaves."""
    return MerkleTree(leaf_hashes[:size]).inclusion_proof(index, size)


def consistency_proof(leaf_hashes: Sequence[bytes], size1: int, size2: int) -> list[bytes]:
    """RFC 9162 consistency proof between the trees of the first ``size1`` and ``size2`` leaves."""
    return MerkleTree(leaf_hashes[:size2]).consistency_proof(size1, size2)


# ---------------------------------------------------------------- verification (RFC 9162 §2.1.3.2, §2.1.4.2)


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _is_hash(value: object) -> bool:
    return isinstance(value, bytes | bytearray) and len(value) == HASH_SIZE


def _is_path(proof: object) -> bool:
    return isinstance(proof, list | tuple) and all(_is_hash(p) for p in proof)


def verify_inclusion(index: int, size: int, leaf_hash: bytes, proof: Sequence[bytes], root: bytes) -> bool:
    """True iff ``proof`` shows that ``leaf_hash`` sits at ``index`` in the tree of ``size`` with ``root``."""
    if not (_is_count(index) and _is_count(size) and index < size):
        return False
    if not (_is_hash(leaf_hash) and _is_hash(root) and _is_path(proof)):
        return False
    fn, sn, r = index, size - 1, bytes(leaf_hash)
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while fn and not fn & 1:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and hmac.compare_digest(r, root)


def verify_consistency(size1: int, size2: int, root1: bytes, root2: bytes, proof: Sequence[bytes]) -> bool:
    """True iff ``proof`` shows the tree (``size2``, ``root2``) extends the tree (``size1``, ``root1``).

    Beyond RFC 9162 §2.1.4.2 (which covers 0 < size1 < size2): equal sizes are consistent iff the
    proof is empty and the roots are equal (and, for size 0, are the empty root); a consistency proof
    from the empty tree proves nothing and is rejected, as in the transparency-dev verifier.
    """
    if not (_is_count(size1) and _is_count(size2) and size1 <= size2 and _is_path(proof)):
        return False
    if size1 == size2:
        return _same_tree(size1, root1, root2, proof)
    if size1 == 0 or not proof or not (_is_hash(root1) and _is_hash(root2)):
        return False
    path = list(proof)
    if size1 & (size1 - 1) == 0:
        path.insert(0, bytes(root1))
    fn, sn = size1 - 1, size2 - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            while fn and not fn & 1:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and hmac.compare_digest(fr, root1) and hmac.compare_digest(sr, root2)


def _same_tree(size: int, root1: bytes, root2: bytes, proof: Sequence[bytes]) -> bool:
    if proof or not isinstance(root1, bytes | bytearray) or not isinstance(root2, bytes | bytearray):
        return False
    if size == 0 and root1 != EMPTY_ROOT:
        return False
    return hmac.compare_digest(root1, root2)


# ---------------------------------------------------------------- generation


def _split(n: int) -> int:
    """The largest power of two strictly below ``n`` (n > 1): where RFC 9162 splits a tree of n leaves."""
    return 1 << ((n - 1).bit_length() - 1)


def _check_hash(value: bytes) -> bytes:
    if not _is_hash(value):
        raise Invalid(f"a Merkle hash must be {HASH_SIZE} bytes")
    return bytes(value)


class MerkleTree:
    """Every complete subtree hash of a log, for roots and proofs at any size up to ``size``.

    ``levels[k]`` holds, back to back, the hashes of the aligned perfect subtrees of ``2**k`` leaves;
    any RFC 9162 subtree is a fold of at most log2(n) of them, so roots and proofs cost O(log n)
    (proofs O(log² n) hash lookups at worst) once the tree is built.
    """

    def __init__(self, leaf_hashes: Iterable[bytes] = ()) -> None:
        hashes = [_check_hash(h) for h in leaf_hashes]
        self._levels: list[bytearray] = [bytearray().join(hashes)]
        self._build_upper_levels()

    @classmethod
    def from_concatenated(cls, buffer: bytes | bytearray) -> MerkleTree:
        """Build from leaf hashes stored back to back (32 bytes each): skips per-hash objects."""
        if len(buffer) % HASH_SIZE:
            raise Invalid(f"concatenated leaf hashes must be a multiple of {HASH_SIZE} bytes")
        tree = cls.__new__(cls)
        tree._levels = [bytearray(buffer)]
        tree._build_upper_levels()
        return tree

    def _build_upper_levels(self) -> None:
        level = self._levels[0]
        while len(level) >= 2 * HASH_SIZE:
            view = memoryview(level)
            pairs = range(0, len(level) - 2 * HASH_SIZE + 1, 2 * HASH_SIZE)
            level = bytearray().join([_hash_pair(view[i : i + 2 * HASH_SIZE]) for i in pairs])
            self._levels.append(level)

    @property
    def size(self) -> int:
        return len(self._levels[0]) // HASH_SIZE

    def append(self, leaf_hash: bytes) -> None:
        """Add one leaf hash; updates the complete subtrees it closes, O(log n)."""
        self._levels[0] += _check_hash(leaf_hash)
        k = 0
        while (len(self._levels[k]) // HASH_SIZE) % 2 == 0:
            if k + 1 == len(self._levels):
                self._levels.append(bytearray())
            self._levels[k + 1] += _hash_pair(memoryview(self._levels[k])[-2 * HASH_SIZE :])
            k += 1

    def leaf_hash(self, index: int) -> bytes:
        self._check_range(index, 0, self.size - 1)
        return self._perfect(0, index)

    def root(self, size: int | None = None) -> bytes:
        """The tree head after the first ``size`` leaves (default: all of them)."""
        size = self.size if size is None else size
        self._check_range(size, 0, self.size)
        return self._subtree(0, size)

    def inclusion_proof(self, index: int, size: int | None = None) -> list[bytes]:
        """RFC 9162 §2.1.3.1 PATH(index, D[0:size]), ordered from the leaf upwards."""
        size = self.size if size is None else size
        self._check_range(size, 1, self.size)
        self._check_range(index, 0, size - 1)
        path: list[bytes] = []
        lo, n, m = 0, size, index
        while n > 1:
            k = _split(n)
            if m < k:
                path.append(self._subtree(lo + k, lo + n))
                n = k
            else:
                path.append(self._subtree(lo, lo + k))
                lo, m, n = lo + k, m - k, n - k
        return path[::-1]

    def consistency_proof(self, size1: int, size2: int | None = None) -> list[bytes]:
        """RFC 9162 §2.1.4.1 PROOF(size1, D[0:size2]); empty when the sizes are equal."""
        size2 = self.size if size2 is None else size2
        self._check_range(size2, 0, self.size)
        self._check_range(size1, 1 if size2 else 0, size2)
        path: list[bytes] = []
        lo, n, m, whole = 0, size2, size1, True
        while m != n:
            k = _split(n)
            if m <= k:
                path.append(self._subtree(lo + k, lo + n))
                n = k
            else:
                path.append(self._subtree(lo, lo + k))
                lo, m, n, whole = lo + k, m - k, n - k, False
        if not whole:
            path.append(self._subtree(lo, lo + n))
        return path[::-1]

    def _subtree(self, lo: int, hi: int) -> bytes:
        """MTH(D[lo:hi]) for a subtree of the RFC 9162 shape (lo aligned to the next power of two)."""
        n = hi - lo
        if n == 0:
            return EMPTY_ROOT
        if n & (n - 1) == 0 and lo % n == 0:
            return self._perfect(n.bit_length() - 1, lo >> (n.bit_length() - 1))
        k = _split(n)
        return node_hash(self._subtree(lo, lo + k), self._subtree(lo + k, hi))

    def _perfect(self, level: int, position: int) -> bytes:
        start = position * HASH_SIZE
        return bytes(self._levels[level][start : start + HASH_SIZE])

    @staticmethod
    def _check_range(value: int, low: int, high: int) -> None:
        if not _is_count(value) or not low <= value <= high:
            raise Invalid(f"{value!r} is outside {low}..{high} for this tree")


def _hash_pair(pair: memoryview) -> bytes:
    h = _NODE_PREFIX.copy()
    h.update(pair)
    return h.digest()


class CompactRange:
    """The O(log n) state an appender needs for the current root: one hash per set bit of ``size``.

    ``hashes`` are the roots of the perfect subtrees covering leaves 0..size-1, left to right
    (largest first). Persist ``size`` and ``hashes`` and ``restore`` them to continue appending
    without reading the earlier leaves back.
    """

    def __init__(self) -> None:
        self._size = 0
        self._hashes: list[bytes] = []

    @classmethod
    def restore(cls, size: int, hashes: Sequence[bytes]) -> CompactRange:
        if not _is_count(size) or len(hashes) != size.bit_count():
            raise Invalid(f"a compact range of size {size!r} needs one hash per set bit of its size")
        acc = cls()
        acc._size = size
        acc._hashes = [_check_hash(h) for h in hashes]
        return acc

    @classmethod
    def from_bytes(cls, size: int, packed: bytes) -> CompactRange:
        """Restore from ``to_bytes`` output: the hashes back to back, 32 bytes each."""
        if len(packed) % HASH_SIZE:
            raise Invalid(f"a packed compact range must be a multiple of {HASH_SIZE} bytes")
        view = bytes(packed)
        return cls.restore(size, [view[i : i + HASH_SIZE] for i in range(0, len(view), HASH_SIZE)])

    @property
    def size(self) -> int:
        return self._size

    @property
    def hashes(self) -> tuple[bytes, ...]:
        return tuple(self._hashes)

    def to_bytes(self) -> bytes:
        """The hashes back to back (at most 64 × 32 bytes): what a checkpoint row stores."""
        return b"".join(self._hashes)

    def append(self, leaf_hash: bytes) -> None:
        """Add one leaf hash, merging the perfect subtrees it completes: O(log n)."""
        h = _check_hash(leaf_hash)
        s = self._size
        while s & 1:
            h = node_hash(self._hashes.pop(), h)
            s >>= 1
        self._hashes.append(h)
        self._size += 1

    def root(self) -> bytes:
        if not self._hashes:
            return EMPTY_ROOT
        r = self._hashes[-1]
        for h in reversed(self._hashes[:-1]):
            r = node_hash(h, r)
        return r
