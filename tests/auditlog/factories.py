"""Plain factory functions for audit-log tests: the RFC 6962 test leaves, events and a signed log."""

from __future__ import annotations

from hashlib import sha256

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from docket.auditlog import AuditEvent, CompactRange, leaf_hash, sign_checkpoint

ORIGIN = "docket.test/audit"

# The eight leaves of the RFC 6962 / transparency-dev test tree and its known root.
RFC6962_LEAVES = [
    bytes.fromhex(h)
    for h in ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"]
]
RFC6962_ROOT_B64 = "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg="


def event(i: int) -> AuditEvent:
    """A plausible, pseudonymous audit event, different for each ``i``."""
    return AuditEvent(
        actor=f"user:{i % 7}",
        role="analyst" if i % 3 else "supervisor",
        action="case.read" if i % 2 else "person.view",
        object_ids=(f"case:{i // 3}", f"person:{i}"),
        purpose="enforcement",
        outcome="allowed" if i % 5 else "denied",
        at=f"2024-05-01T12:{i // 60 % 60:02d}:{i % 60:02d}.000000Z",
        detail={"records": i % 11, "policy": "p-basic"},
    )


def leaf_rows(n: int) -> list[tuple[int, bytes, bytes]]:
    """Stored leaves ``(index, bytes, hash)`` for ``n`` events."""
    rows = []
    for i in range(n):
        data = event(i).to_bytes()
        rows.append((i, data, leaf_hash(data)))
    return rows


def checkpoint_rows(
    rows: list[tuple[int, bytes, bytes]], sizes: list[int], key: Ed25519PrivateKey, origin: str = ORIGIN
) -> list[tuple[int, str]]:
    """Signed checkpoints ``(id, text)`` at each size, ids 1, 2, ..."""
    out = []
    acc = CompactRange()
    for checkpoint_id, size in enumerate(sizes, start=1):
        while acc.size < size:
            acc.append(rows[acc.size][2])
        out.append((checkpoint_id, sign_checkpoint(key, origin, size, acc.root())))
    return out


def rfc_root(hashes: list[bytes]) -> bytes:
    """MTH straight from the RFC 9162 §2.1.1 definition, to check the fast code against."""
    if not hashes:
        return sha256(b"").digest()
    if len(hashes) == 1:
        return hashes[0]
    k = _split(len(hashes))
    return sha256(b"\x01" + rfc_root(hashes[:k]) + rfc_root(hashes[k:])).digest()


def rfc_path(m: int, hashes: list[bytes]) -> list[bytes]:
    """PATH(m, D[n]) straight from RFC 9162 §2.1.3.1."""
    if len(hashes) == 1:
        return []
    k = _split(len(hashes))
    if m < k:
        return rfc_path(m, hashes[:k]) + [rfc_root(hashes[k:])]
    return rfc_path(m - k, hashes[k:]) + [rfc_root(hashes[:k])]


def rfc_proof(m: int, hashes: list[bytes], whole: bool = True) -> list[bytes]:
    """SUBPROOF(m, D[n], b) straight from RFC 9162 §2.1.4.1."""
    n = len(hashes)
    if m == n:
        return [] if whole else [rfc_root(hashes)]
    k = _split(n)
    if m <= k:
        return rfc_proof(m, hashes[:k], whole) + [rfc_root(hashes[k:])]
    return rfc_proof(m - k, hashes[k:], False) + [rfc_root(hashes[:k])]


def _split(n: int) -> int:
    k = 1
    while k * 2 < n:
        k *= 2
    return k
