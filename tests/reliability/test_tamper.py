"""Tampering with the audit tables of a real data dir, straight in SQLite: ``docket audit verify``
must exit non-zero and name the leaf or checkpoint. Rewrites past the last signed checkpoint are
caught only by a checkpoint held outside (``--against``); the tests say so."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from docket.auditlog.checkpoint import generate_key, parse_checkpoint, sign_checkpoint
from tests.factories import IDENTITY_HEADER, IDENTITY_ROWS, write_csv, write_declaration
from tests.reliability.cli_runner import Outcome, docket
from tests.reliability.figures import record

# Leaves 0..21; signed checkpoints 1, 2, 3 over the first 7, 13 and 18 leaves; 19..21 are unsigned.
CHECKPOINT_SIZES = (7, 13, 18)
LEAVES = 22
Tamper = Callable[[sqlite3.Connection], None]


@pytest.fixture(scope="module")
def logged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data dir made by real commands, its log checkpointed by ``docket audit checkpoint``."""
    folder = tmp_path_factory.mktemp("tamper")
    data = folder / "data"
    docket(data, "init").ok()
    docket(data, "sources", "add", str(write_declaration(folder))).ok()
    docket(data, "ingest", "ids", str(write_csv(folder / "ids.csv", IDENTITY_HEADER, IDENTITY_ROWS))).ok()
    docket(data, "link").ok()
    for size in (*CHECKPOINT_SIZES, LEAVES):
        while _size(data) < size:
            docket(data, "sources", "list").ok()
        if size != LEAVES:
            docket(data, "audit", "checkpoint").ok()  # signs the log as it is, then adds its own leaf
    assert _size(data) == LEAVES and docket(data, "audit", "verify").code == 0
    return data


def _size(data: Path) -> int:
    with sqlite3.connect(data / "docket.sqlite") as conn:
        return int(conn.execute("SELECT count(*) FROM audit_leaves").fetchone()[0])


def tampered(logged: Path, target: Path, tamper: Tamper) -> Path:
    shutil.copytree(logged, target)
    conn = sqlite3.connect(target / "docket.sqlite")
    try:
        with conn:
            tamper(conn)
    finally:
        conn.close()
    return target


def leaf(conn: sqlite3.Connection, idx: int) -> bytes:
    return bytes(conn.execute("SELECT leaf FROM audit_leaves WHERE idx = ?", (idx,)).fetchone()[0])


def put_leaf(conn: sqlite3.Connection, idx: int, data: bytes, rehash: bool = True) -> None:
    conn.execute("UPDATE audit_leaves SET leaf = ? WHERE idx = ?", (data, idx))
    if rehash:
        conn.execute("UPDATE audit_leaves SET leaf_hash = ? WHERE idx = ?", (_hash(data), idx))


def _hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def note(conn: sqlite3.Connection, checkpoint: int) -> str:
    return str(conn.execute("SELECT note FROM audit_checkpoints WHERE id = ?", (checkpoint,)).fetchone()[0])


def put_note(conn: sqlite3.Connection, checkpoint: int, text: str) -> None:
    conn.execute("UPDATE audit_checkpoints SET note = ? WHERE id = ?", (text, checkpoint))


def flip_byte(conn: sqlite3.Connection) -> None:
    data = bytearray(leaf(conn, 5))
    data[12] ^= 0x01
    put_leaf(conn, 5, bytes(data), rehash=False)


def rewrite_actor(idx: int) -> Tamper:
    return lambda conn: put_leaf(conn, idx, leaf(conn, idx).replace(b'"operator"', b'"0perator"', 1))


def swap(a: int, b: int) -> Tamper:
    def run(conn: sqlite3.Connection) -> None:
        first, second = leaf(conn, a), leaf(conn, b)
        put_leaf(conn, a, second)
        put_leaf(conn, b, first)

    return run


def edit_checkpoint_size(conn: sqlite3.Connection) -> None:
    origin, size, *rest = note(conn, 2).split("\n")
    put_note(conn, 2, "\n".join([origin, str(int(size) - 1), *rest]))


def resign_with_another_key(conn: sqlite3.Connection) -> None:
    checkpoint = parse_checkpoint(note(conn, 2))
    put_note(conn, 2, sign_checkpoint(generate_key(), checkpoint.origin, checkpoint.size, checkpoint.root))


CASES: dict[str, tuple[Tamper, str]] = {
    "a byte of a leaf changed": (flip_byte, "leaf 5: its stored hash does not match its bytes"),
    "a leaf rewritten with its hash": (rewrite_actor(5), "checkpoint 1 (size 7): its root does not match"),
    "a leaf hash changed": (
        lambda conn: conn.execute("UPDATE audit_leaves SET leaf_hash = ? WHERE idx = 9", (b"\x00" * 32,)),
        "leaf 9: its stored hash does not match",
    ),
    "a leaf deleted": (lambda conn: conn.execute("DELETE FROM audit_leaves WHERE idx = 9"), "leaf 9 is missing"),
    "two leaves swapped": (swap(3, 4), "checkpoint 1 (size 7): its root does not match"),
    "leaves renumbered": (
        lambda conn: conn.execute("UPDATE audit_leaves SET idx = idx + 100 WHERE idx >= 15"),
        "leaf 15 is missing",
    ),
    "the log truncated below a checkpoint": (
        lambda conn: conn.execute("DELETE FROM audit_leaves WHERE idx >= 10"),
        "checkpoint 2 claims 13 leaves but the log holds only 10 (truncated log)",
    ),
    "a checkpoint's size edited": (edit_checkpoint_size, "checkpoint 2: checkpoint signature by key"),
    "a checkpoint re-signed with another key": (
        resign_with_another_key,
        "checkpoint 2: checkpoint is not signed by key",
    ),
    "a checkpoint replaced by an earlier one": (
        lambda conn: put_note(conn, 3, note(conn, 1)),
        "checkpoint 3 (size 7) shrinks the log of checkpoint 2 (13)",
    ),
    "a checkpoint's signature replaced": (
        lambda conn: put_note(conn, 1, note(conn, 1).rsplit(" ", 1)[0] + " " + note(conn, 2).rsplit(" ", 1)[1]),
        "checkpoint 1: checkpoint signature by key",
    ),
}


def verify(data: Path, *extra: str) -> Outcome:
    return docket(data, "audit", "verify", *extra)


@pytest.mark.parametrize("name", CASES)
def test_tampering_with_signed_history_is_named(name: str, logged: Path, tmp_path: Path) -> None:
    tamper, expected = CASES[name]
    outcome = verify(tampered(logged, tmp_path / "data", tamper))
    record("tampering", f"{name}: exit {outcome.code}: {outcome.err.strip()[:160]}")
    assert outcome.code == 1, outcome.text
    assert "audit log does NOT verify" in outcome.err and expected in outcome.err, outcome.err


@pytest.fixture
def witnessed(logged: Path, tmp_path: Path) -> tuple[Path, Path]:
    """A copy whose current log was handed to an outside witness, then that checkpoint removed from
    the store (so only the witness's copy can tell)."""
    data = shutil.copytree(logged, tmp_path / "witnessed")
    witness = tmp_path / "witness.txt"
    docket(data, "audit", "checkpoint", "--export", str(witness)).ok()
    with sqlite3.connect(data / "docket.sqlite") as conn:
        conn.execute("DELETE FROM audit_checkpoints WHERE id = 4")
    return data, witness


UNSIGNED_TAIL: dict[str, Tamper] = {
    "a leaf past the last checkpoint rewritten with its hash": rewrite_actor(20),
    "the log truncated past the last checkpoint": lambda conn: conn.execute("DELETE FROM audit_leaves WHERE idx >= 20"),
    "every checkpoint deleted and a leaf rewritten": lambda conn: (
        conn.execute("DELETE FROM audit_checkpoints"),
        rewrite_actor(2)(conn),
    ),
}


@pytest.mark.parametrize("name", UNSIGNED_TAIL)
def test_tampering_past_the_checkpoints_is_caught_by_an_outside_checkpoint(
    name: str, witnessed: tuple[Path, Path], tmp_path: Path
) -> None:
    data, witness = witnessed
    target = tampered(data, tmp_path / "data", UNSIGNED_TAIL[name])
    outcome = verify(target, "--against", str(witness))
    record("tampering", f"{name} (verify --against): exit {outcome.code}: {outcome.err.strip()[:160]}")
    assert outcome.code == 1 and "external checkpoint" in outcome.err, outcome.text


def forge_append(conn: sqlite3.Connection) -> None:
    """A leaf written straight into the table after the last one, as if an action had happened."""
    size = int(conn.execute("SELECT count(*) FROM audit_leaves").fetchone()[0])
    forged = leaf(conn, size - 1).replace(b'"operator"', b'"0perator"', 1)
    conn.execute("INSERT INTO audit_leaves (idx, leaf, leaf_hash) VALUES (?, ?, ?)", (size, forged, _hash(forged)))
    conn.execute("UPDATE counters SET value = value + 1 WHERE name = 'audit'")


LIMITS: dict[str, Tamper] = {**UNSIGNED_TAIL, "a forged leaf appended": forge_append}


@pytest.mark.xfail(
    strict=True,
    reason="known limit: no signature covers leaves after the last signed checkpoint (every 1000 leaves, or "
    "`docket audit checkpoint`), so rewriting or appending there passes `docket audit verify` without --against; "
    "an appended leaf passes even --against, and the next checkpoint signs it",
)
@pytest.mark.parametrize("name", LIMITS)
def test_tampering_past_the_checkpoints_is_caught_without_a_witness(
    name: str, witnessed: tuple[Path, Path], tmp_path: Path
) -> None:
    data, witness = witnessed
    target = tampered(data, tmp_path / "data", LIMITS[name])
    assert verify(target).code != 0 and verify(target, "--against", str(witness)).code != 0
