"""``counters_repo.take`` under concurrent transactions: the counter's row lock makes the second taker
wait for the first to commit or roll back, including on a counter's very first use (when there is no
row to lock yet, and both transactions try to create it)."""

from __future__ import annotations

import time
from typing import Literal

import pytest
from sqlalchemy import Engine

from docket.store import counters_repo
from tests.postgres.racing import InTransaction

pytestmark = pytest.mark.postgres

WAIT = 0.3  # long enough for the second transaction to reach the lock


def race(engine: Engine, name: str, first_ends: Literal["commit", "rollback"]) -> tuple[int, InTransaction]:
    """The test thread takes first and holds its transaction while a second taker starts."""
    with engine.connect() as conn:
        transaction = conn.begin()
        first = counters_repo.take(conn, name)
        second = InTransaction(engine, lambda c: counters_repo.take(c, name))
        second.start()
        time.sleep(WAIT)
        assert second.is_alive(), f"the second take did not wait for the lock: {second.result!r}"
        if first_ends == "commit":
            transaction.commit()
        else:
            transaction.rollback()
    second.join(timeout=30)
    assert not second.is_alive()
    return first, second


@pytest.mark.parametrize("existing", [True, False], ids=["existing-counter", "first-use"])
def test_the_second_taker_waits_for_the_first_commit(pg_engine: Engine, existing: bool) -> None:
    base = 0
    if existing:
        with pg_engine.begin() as conn:
            base = counters_repo.take(conn, "case", 41) + 40
    first, second = race(pg_engine, "case", "commit")
    assert (first, second.result) == (base + 1, base + 2)


@pytest.mark.parametrize("existing", [True, False], ids=["existing-counter", "first-use"])
def test_the_second_taker_reuses_a_rolled_back_value(pg_engine: Engine, existing: bool) -> None:
    if existing:
        with pg_engine.begin() as conn:
            counters_repo.take(conn, "case", 9)
    first, second = race(pg_engine, "case", "rollback")
    assert second.result == first
