"""The audit-log engine (DESIGN.md §8): leaf encoding, RFC 9162 Merkle tree, signed checkpoints, verification.

Pure: no storage, no users, no HTTP. The store keeps leaves ``(index, leaf bytes, leaf hash)`` and
checkpoints ``(id, signed text)``; the services call these functions to build and check them.
"""

from docket.auditlog.checkpoint import (
    Checkpoint,
    NoteSignature,
    generate_key,
    key_id,
    load_key,
    load_public_key,
    parse_checkpoint,
    save_key,
    save_public_key,
    sign_checkpoint,
    sign_note,
    verify_checkpoint,
)
from docket.auditlog.leaf import AuditEvent, utc_timestamp
from docket.auditlog.merkle import (
    EMPTY_ROOT,
    HASH_SIZE,
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
from docket.auditlog.verify import VerifyReport, verify_extends, verify_log

__all__ = [
    "EMPTY_ROOT",
    "HASH_SIZE",
    "AuditEvent",
    "Checkpoint",
    "CompactRange",
    "MerkleTree",
    "NoteSignature",
    "VerifyReport",
    "consistency_proof",
    "generate_key",
    "inclusion_proof",
    "key_id",
    "leaf_hash",
    "load_key",
    "load_public_key",
    "node_hash",
    "parse_checkpoint",
    "root",
    "save_key",
    "save_public_key",
    "sign_checkpoint",
    "sign_note",
    "utc_timestamp",
    "verify_checkpoint",
    "verify_consistency",
    "verify_extends",
    "verify_inclusion",
    "verify_log",
]
