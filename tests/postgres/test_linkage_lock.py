"""The linkage lock (``database.hold_lock``): on PostgreSQL a second holder waits for the first
transaction to end, commit or rollback; another lock's holder does not wait."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import Engine

from docket.store.database import LINKAGE_LOCK, hold_lock

pytestmark = pytest.mark.postgres

WAIT = 0.3  # long enough for the second transaction to reach the lock


class Holder(threading.Thread):
    """Takes ``name`` in its own transaction; ``took_at`` is when it got it (or the exception)."""

    def __init__(self, engine: Engine, name: str) -> None:
        super().__init__(daemon=True)
        self.engine, self.name = engine, name
        self.took_at: float | BaseException | None = None

    def run(self) -> None:
        try:
            with self.engine.begin() as conn:
                hold_lock(conn, self.name)
                self.took_at = time.monotonic()
        except BaseException as exc:  # handed to the test thread
            self.took_at = exc


@pytest.mark.parametrize("first_ends", ["commit", "rollback"])
def test_a_second_linkage_run_waits_for_the_first_to_end(pg_engine: Engine, first_ends: str) -> None:
    with pg_engine.connect() as conn:
        transaction = conn.begin()
        hold_lock(conn, LINKAGE_LOCK)
        second, other = Holder(pg_engine, LINKAGE_LOCK), Holder(pg_engine, "docket:something-else")
        second.start()
        other.start()
        time.sleep(WAIT)
        assert second.is_alive() and second.took_at is None
        other.join(timeout=30)
        assert isinstance(other.took_at, float)  # another lock: no wait
        ended = time.monotonic()
        transaction.commit() if first_ends == "commit" else transaction.rollback()
    second.join(timeout=30)
    assert isinstance(second.took_at, float) and second.took_at >= ended
