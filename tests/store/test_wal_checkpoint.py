"""SQLite connection settings. WAL checkpoints (store/wal_checkpoint.py): a background thread copies
the log back, so a commit that crosses SQLite's usual 1,000-page limit does not do it itself. A whole
store pass (database.whole_store_pass) reads without the memory map, then restores it."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from docket.services.accounts import initialise
from docket.services.runtime import Runtime
from docket.settings import Settings
from docket.store.database import make_engine, whole_store_pass
from docket.store.wal_checkpoint import FALLBACK_PAGES, WalCheckpointer, wanted


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'wal.sqlite'}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (n INTEGER PRIMARY KEY, pad TEXT)"))
    yield engine
    engine.dispose()


def write_pages(engine: Engine, rows: int) -> None:
    """About ``rows`` pages of log: each row is most of a 4 kB page, each its own commit."""
    for n in range(rows):
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO t (n, pad) VALUES (:n, :pad)"), {"n": n, "pad": "x" * 3000})


def test_a_commit_past_a_thousand_pages_leaves_the_log_to_the_checkpointer(engine):
    checkpointer = WalCheckpointer(engine, interval=3600).start()  # never on its own in this test
    try:
        write_pages(engine, 1500)
        busy, logged, copied = checkpointer.checkpoint()
        assert busy == 0 and logged > 1000  # no commit checkpointed (SQLite's default would have)
        assert copied == logged  # the background connection copied all of it back
    finally:
        checkpointer.stop()
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == FALLBACK_PAGES
        assert conn.exec_driver_sql("SELECT count(*) FROM t").scalar() == 1500


def test_the_thread_checkpoints_on_its_own_and_stops_with_the_runtime(tmp_path):
    rt = Runtime(Settings.from_env(tmp_path / "data", environ={}))
    checkpointer = rt.checkpointer
    assert checkpointer is not None
    assert checkpointer.checkpoint() == (0, 0, 0) and not (tmp_path / "data").exists()  # creates no file
    initialise(rt)
    deadline = time.monotonic() + 10
    while checkpointer.checkpoints < 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert checkpointer.checkpoints >= 2  # on its own: this test never calls it after initialise
    thread = checkpointer._thread
    rt.close()
    assert not thread.is_alive() and rt.checkpointer is None


def test_an_in_memory_database_has_no_checkpointer():
    memory = make_engine("sqlite://")
    try:
        assert not wanted(memory)
    finally:
        memory.dispose()


def test_a_whole_store_pass_reads_without_the_memory_map_and_restores_it(engine):
    """A full link reads through SQLite's page cache (the map's pages would count as resident
    memory), sorts with helper threads, and leaves the pooled connection as it found it."""
    with engine.connect() as conn:
        mapped = conn.exec_driver_sql("PRAGMA mmap_size").scalar()
        with whole_store_pass(conn):
            assert conn.exec_driver_sql("PRAGMA mmap_size").scalar() == 0
            assert conn.exec_driver_sql("PRAGMA threads").scalar() >= 1
            assert conn.exec_driver_sql("SELECT count(*) FROM t").scalar() == 0
        assert conn.exec_driver_sql("PRAGMA mmap_size").scalar() == mapped > 0
        assert conn.exec_driver_sql("PRAGMA threads").scalar() == 0
