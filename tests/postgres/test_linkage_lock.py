"""The linkage lock (``database.hold_lock``): on PostgreSQL a second holder waits for the first
transaction to end, commit or rollback; another lock's holder does not wait."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import Engine

from docket.store.database import LINKAGE_LOCK, hold_lock
from tests.postgres.racing import InTransaction

pytestmark = pytest.mark.postgres

WAIT = 0.3  # long enough for the second transaction to reach the lock


@pytest.mark.parametrize("first_ends", ["commit", "rollback"])
def test_a_second_linkage_run_waits_for_the_first_to_end(pg_engine: Engine, first_ends: str) -> None:
    with pg_engine.connect() as conn:
        transaction = conn.begin()
        hold_lock(conn, LINKAGE_LOCK)
        second = InTransaction(pg_engine, lambda c: hold_lock(c, LINKAGE_LOCK))
        other = InTransaction(pg_engine, lambda c: hold_lock(c, "docket:something-else"))
        second.start()
        other.start()
        time.sleep(WAIT)
        assert second.is_alive() and second.returned_at is None
        other.join(timeout=30)
        assert other.result is None and other.returned_at is not None  # another lock: no wait
        ended = time.monotonic()
        transaction.commit() if first_ends == "commit" else transaction.rollback()
    second.join(timeout=30)
    assert second.result is None and second.returned_at is not None and second.returned_at >= ended
