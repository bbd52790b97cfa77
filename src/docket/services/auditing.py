"""Audit log services: verify, proofs, checkpoints on demand (DESIGN.md §8)."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path

from docket.auditlog.checkpoint import parse_checkpoint
from docket.auditlog.merkle import MerkleTree
from docket.auditlog.verify import VerifyReport, verify_extends, verify_log
from docket.errors import Invalid, NotFound
from docket.services.audit import write_checkpoint
from docket.services.authz import Resource
from docket.services.context import Context
from docket.services.gate import Gate, open_gate
from docket.services.keys import load_verifying_key
from docket.services.runtime import Runtime
from docket.store import audit_repo

LOG = Resource("AuditLog", "main", {})


def verify(rt: Runtime, ctx: Context, against: Path | None = None) -> list[VerifyReport]:
    """Recompute the whole log and check every checkpoint; with ``against``, also check that the log
    still extends a checkpoint held outside it. The verification itself is audited."""
    with open_gate(rt, ctx, "verify_audit") as gate:
        gate.authorize(LOG)
        public_key = load_verifying_key(rt.settings.signing_key_path)
        leaves = audit_repo.iter_leaves(gate.conn)
        reports = [
            verify_log(leaves, [(c[0], c[2]) for c in audit_repo.checkpoints(gate.conn)], public_key, rt.log_origin)
        ]
        if against is not None:
            external = _read_text(against)
            reports.append(verify_extends(external, audit_repo.leaf_hashes(gate.conn), public_key, rt.log_origin))
        gate.detail["result"] = "ok" if all(r.ok for r in reports) else "failed"
    return reports


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise Invalid(f"{path}: cannot read checkpoint file: {exc}") from exc


def checkpoint_now(rt: Runtime, ctx: Context) -> str:
    """Sign a checkpoint over the log as it is now (before this call's own leaf)."""
    with open_gate(rt, ctx, "verify_audit") as gate:
        gate.authorize(LOG)
        return _fresh_checkpoint(rt, gate)


def _fresh_checkpoint(rt: Runtime, gate: Gate) -> str:
    size = audit_repo.tree_size(gate.conn)
    existing = audit_repo.checkpoints(gate.conn)
    if existing and existing[-1][1] == size:
        return existing[-1][2]
    return write_checkpoint(rt, gate.conn, size)


@dataclass(frozen=True)
class InclusionProof:
    index: int
    tree_size: int
    leaf_hash: str
    root: str
    path: list[str]
    checkpoint: str

    def to_dict(self) -> dict[str, object]:
        return {
            "index": self.index,
            "tree_size": self.tree_size,
            "leaf_hash": self.leaf_hash,
            "root": self.root,
            "path": self.path,
            "checkpoint": self.checkpoint,
        }


def inclusion(rt: Runtime, ctx: Context, index: int) -> InclusionProof:
    """Inclusion proof of leaf ``index`` against a signed checkpoint (made now if none covers it)."""
    with open_gate(rt, ctx, "verify_audit") as gate:
        gate.authorize(LOG)
        size = audit_repo.tree_size(gate.conn)
        if not 0 <= index < size:
            raise NotFound(f"no audit leaf {index}; the log has {size} leaves (0..{size - 1})")
        note = _fresh_checkpoint(rt, gate)
        checkpoint = parse_checkpoint(note)
        tree = MerkleTree(audit_repo.leaf_hashes(gate.conn, checkpoint.size))
        gate.touch(f"leaf:{index}")
        return InclusionProof(
            index,
            checkpoint.size,
            _b64(tree.leaf_hash(index)),
            _b64(checkpoint.root),
            [_b64(h) for h in tree.inclusion_proof(index)],
            note,
        )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
