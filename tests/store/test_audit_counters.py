"""Counters and the audit log's storage: gapless indexes, exact bytes, checkpoints."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select

from docket.auditlog.merkle import leaf_hash
from docket.store import audit_repo, counters_repo
from docket.store.schema import counters


def test_counters_hand_out_consecutive_values_per_name(engine: Engine) -> None:
    with engine.begin() as conn:
        assert [counters_repo.take(conn, "case") for _ in range(3)] == [1, 2, 3]
        assert counters_repo.take(conn, "person", 100) == 1
        assert counters_repo.take(conn, "person") == 101
    with engine.begin() as conn:
        assert counters_repo.take(conn, "case") == 4
    with engine.connect() as conn:
        assert {n: v for n, v in conn.execute(select(counters.c.name, counters.c.value))} == {"case": 4, "person": 101}


@pytest.mark.parametrize("existing", [False, True])
def test_a_rolled_back_take_hands_its_values_out_again(engine: Engine, existing: bool) -> None:
    if existing:
        with engine.begin() as conn:
            counters_repo.take(conn, "task")
    with engine.connect() as conn, conn.begin() as transaction:
        taken = counters_repo.take(conn, "task", 5)
        transaction.rollback()
    with engine.begin() as conn:
        assert counters_repo.take(conn, "task") == taken


def test_leaves_round_trip_byte_for_byte(engine: Engine) -> None:
    leaves = [b"", b"\x00\x01\xff" * 100, "é 中".encode(), bytes(range(256))]
    with engine.begin() as conn:
        indexes = [audit_repo.append_leaf(conn, data, leaf_hash(data)) for data in leaves]
    with engine.connect() as conn:
        stored = list(audit_repo.iter_leaves(conn))
        assert audit_repo.tree_size(conn) == 4
        assert audit_repo.leaf_hashes(conn) == [leaf_hash(d) for d in leaves]
        assert audit_repo.leaf_hashes(conn, 2) == [leaf_hash(d) for d in leaves[:2]]
        assert [i for i, _, _ in audit_repo.iter_leaves(conn, 1, 3)] == [1, 2]
    assert indexes == [0, 1, 2, 3]
    assert stored == [(i, d, leaf_hash(d)) for i, d in enumerate(leaves)]
    assert all(type(data) is bytes and type(h) is bytes for _, data, h in stored)


def test_a_rolled_back_leaf_leaves_no_gap(engine: Engine) -> None:
    with engine.begin() as conn:
        audit_repo.append_leaf(conn, b"a", leaf_hash(b"a"))
    with engine.connect() as conn, conn.begin() as transaction:
        assert audit_repo.append_leaf(conn, b"b", leaf_hash(b"b")) == 1
        transaction.rollback()
    with engine.begin() as conn:
        assert audit_repo.append_leaf(conn, b"c", leaf_hash(b"c")) == 1
    with engine.connect() as conn:
        assert [(i, d) for i, d, _ in audit_repo.iter_leaves(conn)] == [(0, b"a"), (1, b"c")]


def test_many_leaves_stream_in_order(engine: Engine) -> None:
    with engine.begin() as conn:
        for n in range(3000):
            data = n.to_bytes(4, "big")
            audit_repo.append_leaf(conn, data, leaf_hash(data))
    with engine.connect() as conn:
        indexes = [i for i, _, _ in audit_repo.iter_leaves(conn)]
        tail = list(audit_repo.iter_leaves(conn, start=2998))
    assert indexes == list(range(3000))
    assert [(i, int.from_bytes(d, "big")) for i, d, _ in tail] == [(2998, 2998), (2999, 2999)]


def test_checkpoints_round_trip_in_order(engine: Engine) -> None:
    with engine.begin() as conn:
        assert audit_repo.last_checkpoint_size(conn) == 0 and audit_repo.checkpoints(conn) == []
        first = audit_repo.add_checkpoint(conn, 1000, "docket.example/log\n1000\nroot=\n\n— sig\n")
        second = audit_repo.add_checkpoint(conn, 2000, "note two")
    with engine.connect() as conn:
        assert audit_repo.checkpoints(conn) == [
            (first, 1000, "docket.example/log\n1000\nroot=\n\n— sig\n"),
            (second, 2000, "note two"),
        ]
        assert audit_repo.last_checkpoint_size(conn) == 2000
    assert second > first
