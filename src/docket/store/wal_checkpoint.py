"""WAL checkpoints in a background thread, not inside the commit of whoever crosses the limit.

SQLite's automatic checkpoint runs in the connection whose commit grows the write-ahead log past
1,000 pages: that caller copies ~4 MB back into the database file and waits for its flush. At a
million records that made one incremental match in ~40 take 15–30 ms longer, which was most of the
p99 (31 → 18 ms without it in bench_incremental). Here a daemon thread runs a PASSIVE checkpoint on
its own connection every ``INTERVAL`` seconds. PASSIVE never waits for readers or writers, so commits
go on appending to the log while it copies. The interval trades flushes against log size: at 0.1 s
the extra flushes cost ~0.3 ms of a match's p50; at 1 s the heaviest audited write load (~100 MB of
log a second) would reach the fallback. Connections keep an automatic checkpoint at a much larger
log (``FALLBACK_PAGES``), reached only if this thread falls behind or a process writes the file
without it.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

INTERVAL = 0.5
FALLBACK_PAGES = 16_000  # 64 MB of log: a background checkpoint normally keeps it far below


def wanted(engine: Engine) -> bool:
    """Whether ``engine`` is a SQLite file (an in-memory database has no log to checkpoint)."""
    return engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:")


class WalCheckpointer:
    """Checkpoints ``engine``'s SQLite file every ``interval`` seconds until ``stop``."""

    def __init__(self, engine: Engine, interval: float = INTERVAL) -> None:
        self._engine, self._interval = engine, interval
        self._stopping = threading.Event()
        self._lock = threading.Lock()  # the connection: the thread's, or a caller's ``checkpoint``
        self._connection: Any = None
        self._thread = threading.Thread(target=self._run, name="docket-wal-checkpoint", daemon=True)
        self.checkpoints = 0  # completed PASSIVE checkpoints (for tests and benchmarks)

    def start(self) -> WalCheckpointer:
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stopping.wait(self._interval):
            try:
                self.checkpoint()
            except (sqlite3.Error, SQLAlchemyError):
                self._drop_connection()  # a fresh one next round (the file may have been replaced)

    def checkpoint(self) -> tuple[int, int, int]:
        """One PASSIVE checkpoint: (busy, frames in the log, frames checkpointed), SQLite's answer;
        (0, 0, 0) while the database file does not exist (connecting would create it)."""
        with self._lock:
            if self._connection is None:
                if not Path(str(self._engine.url.database)).exists():
                    return 0, 0, 0
                self._connection = self._engine.raw_connection()
            cursor = self._connection.cursor()
            try:
                busy, logged, copied = cursor.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
            finally:
                cursor.close()
            self.checkpoints += 1
            return int(busy), int(logged), int(copied)

    def _drop_connection(self) -> None:
        with self._lock:
            if self._connection is not None:
                self._connection.invalidate()
                self._connection = None

    def stop(self) -> None:
        self._stopping.set()
        if self._thread.is_alive():
            self._thread.join()
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None
