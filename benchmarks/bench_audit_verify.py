"""How long does ``docket audit verify`` take on a large log? Prints figures; not a test.

    .venv/bin/python benchmarks/bench_audit_verify.py [--leaves 1000000] [--every 10000]

Builds a log of realistic audit events with a signed checkpoint every ``--every`` leaves, then times
``verify_log`` (recompute every leaf hash, the tree, every checkpoint signature, root and consistency
proof), the tree build on its own, and proof generation on the built tree. Goal: 1M leaves in ≤ 5 s.
"""

from __future__ import annotations

import argparse
import resource
import time
from collections.abc import Callable
from typing import TypeVar

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from docket.auditlog import (
    AuditEvent,
    CompactRange,
    MerkleTree,
    generate_key,
    leaf_hash,
    sign_checkpoint,
    verify_consistency,
    verify_inclusion,
    verify_log,
)

ORIGIN = "docket.bench/audit"
T = TypeVar("T")


def timed(label: str, work: Callable[[], T]) -> T:
    start = time.perf_counter()
    result = work()
    print(f"{label:<44} {time.perf_counter() - start:8.3f} s")
    return result


def event_bytes(i: int) -> bytes:
    return AuditEvent(
        actor=f"user:{i % 97}",
        role="analyst",
        action="case.read" if i % 2 else "person.view",
        object_ids=(f"case:{i // 5}", f"person:{i}"),
        purpose="enforcement",
        outcome="allowed" if i % 13 else "denied",
        at=f"2024-{i % 12 + 1:02d}-{i % 28 + 1:02d}T{i % 24:02d}:{i % 60:02d}:{i * 7 % 60:02d}.000000Z",
        detail={"records": i % 11, "policy": "dhs-2021-09"},
    ).to_bytes()


def build_log(n: int, every: int) -> tuple[list[tuple[int, bytes, bytes]], list[tuple[int, str]], Ed25519PrivateKey]:
    key = generate_key()
    rows: list[tuple[int, bytes, bytes]] = []
    checkpoints: list[tuple[int, str]] = []
    acc = CompactRange()
    for i in range(n):
        data = event_bytes(i)
        h = leaf_hash(data)
        rows.append((i, data, h))
        acc.append(h)
        if acc.size % every == 0 or acc.size == n:
            checkpoints.append((len(checkpoints) + 1, sign_checkpoint(key, ORIGIN, acc.size, acc.root())))
    return rows, checkpoints, key


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--leaves", type=int, default=1_000_000)
    parser.add_argument("--every", type=int, default=10_000, help="leaves between checkpoints")
    args = parser.parse_args()
    n = args.leaves

    rows, checkpoints, key = timed(f"build {n:,} events + {n // args.every} checkpoints",
                                   lambda: build_log(n, args.every))
    public_key = key.public_key()
    print(f"mean leaf size {sum(len(d) for _, d, _ in rows) / n:.0f} bytes")

    start = time.perf_counter()
    report = verify_log(iter(rows), checkpoints, public_key, ORIGIN)
    seconds = time.perf_counter() - start
    assert report.ok, report.failure
    print(f"{'verify_log (everything)':<44} {seconds:8.3f} s")
    print(f"  -> ok={report.ok} leaves={report.leaves:,} checkpoints={report.checkpoints}"
          f" ({report.leaves / seconds:,.0f} leaves/s, {seconds * 1e6 / report.leaves:.2f} s per 1M; goal <= 5 s)")

    hashes = [h for _, _, h in rows]
    tree = timed("MerkleTree(leaf hashes) build", lambda: MerkleTree(hashes))
    concatenated = b"".join(hashes)
    timed("MerkleTree.from_concatenated build", lambda: MerkleTree.from_concatenated(concatenated))
    head = tree.root()
    sample = range(0, n, max(1, n // 1000))
    proofs = timed(f"{len(sample)} inclusion proofs", lambda: [tree.inclusion_proof(i) for i in sample])
    assert all(verify_inclusion(i, n, hashes[i], p, head) for i, p in zip(sample, proofs, strict=True))
    starts = [i + 1 for i in sample]
    consistency = timed(f"{len(starts)} consistency proofs", lambda: [tree.consistency_proof(s) for s in starts])
    assert all(
        verify_consistency(s, n, tree.root(s), head, p) for s, p in zip(starts, consistency, strict=True)
    )

    def append_all() -> bytes:
        acc = CompactRange()
        for h in hashes:
            acc.append(h)
        return acc.root()

    assert timed("CompactRange append of every leaf", append_all) == head
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS (whole script) {peak:,.0f} MiB")


if __name__ == "__main__":
    main()
