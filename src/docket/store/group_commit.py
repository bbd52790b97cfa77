"""Group commit for SQLite: concurrent units of work share one durable commit.

Every gate call is a write (its audit leaf at least), and SQLite has one writer at a time, so under
load the units of work queue for the write lock anyway; committing each one separately then costs a
WAL fsync per unit (~0.2 ms here with ``synchronous=FULL``, which caps durable appends near 3,000/s
with Python's own costs on top). Here the units run one after another on one connection, each in its
own SAVEPOINT inside a shared transaction, and the transaction commits when no other unit is waiting
(or ``max_batch`` units have run). A unit returns only after the commit that holds its work, so
durability is unchanged: a caller never sees success for work that a crash can lose. A unit that
fails rolls back to its savepoint and leaves the others' work alone; a commit that fails fails
every unit in its batch, so each caller sees the error, as with a commit of its own.

Written by hand: SQLAlchemy and SQLite have savepoints and transactions but no commit batching, and
the unit-of-work shape (``with group.unit() as conn``) has to stay that of ``engine.begin()``.

The shared transaction opens with BEGIN IMMEDIATE, so it holds the write lock from the start: its
reads see one snapshot that no other process can invalidate before its writes (a deferred one could
fail with SQLITE_BUSY_SNAPSHOT, which the busy timeout does not retry).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, RootTransaction

from docket.errors import StorageError

_INTERRUPTED = RuntimeError("the commit was interrupted; whether it reached the disk is unknown")


@dataclass(eq=False)
class _Batch:
    """One shared transaction: set ``done`` when its commit (or rollback) is over."""

    done: threading.Event = field(default_factory=threading.Event)
    failure: BaseException | None = None


class GroupCommit:
    """Units of work on one SQLite connection, committed in batches (see the module docstring)."""

    def __init__(self, engine: Engine, max_batch: int = 64) -> None:
        self._engine = engine
        self.max_batch = max_batch
        lock = threading.Lock()
        self._turn = threading.Condition(lock)  # signalled when the connection is free
        self._busy = False  # a unit or a commit holds the connection
        self._waiting = 0  # threads waiting for their turn
        self._conn: Connection | None = None
        self._tx: RootTransaction | None = None
        self._batch = _Batch()  # the open (or last) batch
        self._units = 0  # units run in the open batch
        self._poisoned = False  # a unit could not be undone: the batch must not commit
        self._local = threading.local()

    @contextmanager
    def unit(self) -> Iterator[Connection]:
        """A unit of work: committed (durably) before this returns, or rolled back and raised."""
        outer = getattr(self._local, "conn", None)
        if outer is not None:  # a unit inside a unit on this thread: part of the caller's
            with outer.begin_nested():
                yield outer
            return
        conn, batch = self._enter()
        self._local.conn = conn
        first = self._units == 1  # the batch holds nothing of anyone else's yet: no savepoint needed
        try:
            if first:
                yield conn
            else:
                with self._savepoint(conn):
                    yield conn
        except BaseException:
            self._local.conn = None
            self._abandon(batch) if first else self._leave(batch)
            raise
        self._local.conn = None
        failure = self._leave(batch)
        if failure is not None:
            raise StorageError(
                f"the database refused the commit; nothing was stored ({failure.__class__.__name__}: {failure})"
            ) from failure

    @contextmanager
    def _savepoint(self, conn: Connection) -> Iterator[None]:
        """The unit's savepoint, on the driver (SQLAlchemy's nested transactions cost ~4x the
        statements); if it cannot be ended cleanly, the whole batch must not commit."""
        driver = _driver(conn)
        driver.execute("SAVEPOINT docket_unit")
        try:
            yield
        except BaseException:
            try:
                driver.execute("ROLLBACK TO docket_unit")
                driver.execute("RELEASE docket_unit")
            except BaseException:  # even interrupted: the unit's writes may still be there
                self._poisoned = True
            raise
        try:
            driver.execute("RELEASE docket_unit")
        except BaseException:
            self._poisoned = True
            raise

    def _abandon(self, batch: _Batch) -> None:
        """The batch's first unit failed: roll the batch back (it holds only that unit's work)."""
        tx, self._tx = self._tx, None
        try:
            if tx is not None:
                tx.rollback()
        except BaseException:  # the unit's own error is the one its caller sees
            self._discard()
        finally:
            self._release()
            batch.done.set()

    def _take_turn(self) -> None:
        """Wait until the connection is free and hold it (counted as waiting meanwhile, so that a
        finishing unit hands on instead of committing; uncounted again even if interrupted)."""
        with self._turn:
            self._waiting += 1
            try:
                while self._busy:
                    self._turn.wait()
            finally:
                self._waiting -= 1
            self._busy = True

    def _enter(self) -> tuple[Connection, _Batch]:
        self._take_turn()
        try:
            if self._tx is None:
                self._open_batch()
        except BaseException:
            self._release()
            raise
        assert self._conn is not None
        self._units += 1
        return self._conn, self._batch

    def _open_batch(self) -> None:
        if self._conn is None:
            self._conn = self._engine.connect()
        try:
            self._tx = self._conn.begin()
            _driver(self._conn).execute("BEGIN IMMEDIATE")
        except BaseException:
            self._discard()
            raise
        self._batch = _Batch()
        self._units = 0
        self._poisoned = False

    def _leave(self, batch: _Batch) -> BaseException | None:
        """Hand the connection on, or commit if nobody is waiting; then wait for the batch's outcome.

        Each batch has its own event: its units wake once, when its commit is over, without queueing
        again for the lock the next units take turns with."""
        with self._turn:
            hand_on = self._waiting and self._units < self.max_batch
            if hand_on:
                self._busy = False
                self._turn.notify()
        if hand_on:
            batch.done.wait()
            return batch.failure
        try:
            self._finish(batch)
        finally:
            self._release()
        return batch.failure

    def _finish(self, batch: _Batch) -> None:
        """Commit the batch and tell its units; an interrupted commit counts as failed."""
        batch.failure = _INTERRUPTED
        try:
            batch.failure = self._commit()
        except BaseException:
            self._discard()
            raise
        finally:
            batch.done.set()

    def _commit(self) -> BaseException | None:
        tx, self._tx = self._tx, None
        try:
            if self._poisoned:
                raise RuntimeError("a unit of work in the batch could not be rolled back")
            if not self._in_transaction():
                # pysqlite's commit() is a silent no-op when SQLite has already rolled back (as it
                # does itself after some I/O errors): the batch's work is gone, so say so.
                raise RuntimeError("SQLite ended the transaction before its commit")
            if tx is not None:
                tx.commit()
        except Exception as exc:
            self._discard()
            return exc
        return None

    def _in_transaction(self) -> bool:
        assert self._conn is not None
        return bool(_driver(self._conn).in_transaction)

    def _release(self) -> None:
        with self._turn:
            self._busy = False
            self._turn.notify()

    def _discard(self) -> None:
        """Drop the connection after a failure: its transaction state is unknown."""
        conn, self._conn, self._tx = self._conn, None, None
        if conn is not None:
            try:
                conn.invalidate()
                conn.close()
            except Exception:  # noqa: S110 - already failing; the original error is what the caller sees
                pass

    def close(self) -> None:
        """Take a turn like a unit, commit what the open batch holds (its units, having handed on,
        are waiting for that commit), then close the connection."""
        self._take_turn()
        try:
            if self._tx is not None:
                self._finish(self._batch)
            if self._conn is not None:
                self._conn.close()
        finally:
            self._conn, self._tx = None, None
            self._release()


def _driver(conn: Connection) -> Any:
    """The DBAPI (sqlite3) connection under ``conn``: same connection, same transaction."""
    return conn.connection.driver_connection
