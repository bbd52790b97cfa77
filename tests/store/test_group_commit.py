"""Group commit (store/group_commit.py): concurrent units share commits, and each unit's outcome is
exactly what it would be with a commit of its own."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Connection, Engine, event, text

from docket.errors import StorageError
from docket.store.database import make_engine
from docket.store.group_commit import GroupCommit


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'group.sqlite'}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (unit TEXT PRIMARY KEY)"))
    yield engine
    engine.dispose()


def stored(engine: Engine) -> set[str]:
    """What another connection sees: only committed rows."""
    with engine.connect() as conn:
        return {row[0] for row in conn.execute(text("SELECT unit FROM t"))}


def insert(conn: Connection, unit: str) -> None:
    conn.execute(text("INSERT INTO t (unit) VALUES (:u)"), {"u": unit})


def count_commits(engine: Engine) -> list[int]:
    commits = [0]
    event.listen(engine, "commit", lambda _conn: commits.__setitem__(0, commits[0] + 1))
    return commits


def wait_until(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + 10
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.001)


def in_batch_with(group: GroupCommit, first: Callable[[Connection], None], second: Callable[[Connection], None]):
    """Run ``first`` and ``second`` as two units of one batch: ``first`` holds the connection until
    ``second``'s thread is waiting for it. Returns each unit's exception (or None)."""
    outcomes: dict[str, BaseException | None] = {}

    def run(name: str, body: Callable[[Connection], None]) -> None:
        try:
            with group.unit() as conn:
                if name == "first":
                    wait_until(lambda: group._waiting == 1)
                body(conn)
        except BaseException as exc:  # noqa: BLE001 - recorded for the test to assert on
            outcomes[name] = exc
        else:
            outcomes[name] = None

    one = threading.Thread(target=run, args=("first", first))
    one.start()
    wait_until(lambda: group._busy)
    two = threading.Thread(target=run, args=("second", second))
    two.start()
    one.join(10)
    two.join(10)
    return outcomes


def test_concurrent_units_share_commits_and_each_returns_committed(engine: Engine) -> None:
    group, commits = GroupCommit(engine), count_commits(engine)
    invisible: list[str] = []

    def worker(thread: int) -> None:
        for i in range(40):
            name = f"{thread}-{i}"
            with group.unit() as conn:
                insert(conn, name)
            if name not in stored(engine):  # returned, so it must already be committed
                invisible.append(name)

    threads = [threading.Thread(target=worker, args=(t,)) for t in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    group.close()
    assert invisible == []
    assert stored(engine) == {f"{t}-{i}" for t in range(8) for i in range(40)}
    assert commits[0] < 320  # batched: fewer commits than units


def test_a_failing_unit_rolls_back_alone(engine: Engine) -> None:
    group, commits = GroupCommit(engine), count_commits(engine)

    def fails(conn: Connection) -> None:
        insert(conn, "second")
        raise ValueError("refused")

    outcomes = in_batch_with(group, lambda conn: insert(conn, "first"), fails)
    assert outcomes["first"] is None
    assert isinstance(outcomes["second"], ValueError)
    assert stored(engine) == {"first"}
    assert commits[0] == 1


def test_a_failed_commit_fails_every_unit_of_its_batch(engine: Engine) -> None:
    group = GroupCommit(engine)

    def refuse(_conn: object) -> None:
        raise OSError("disk full")

    event.listen(engine, "commit", refuse)
    outcomes = in_batch_with(group, lambda conn: insert(conn, "first"), lambda conn: insert(conn, "second"))
    event.remove(engine, "commit", refuse)
    assert all(isinstance(outcomes[name], StorageError) for name in ("first", "second"))
    assert "nothing was stored" in str(outcomes["first"])
    assert stored(engine) == set()
    with group.unit() as conn:  # the group recovers: the next unit gets a fresh connection
        insert(conn, "after")
    assert stored(engine) == {"after"}


def test_work_lost_by_sqlite_is_reported_not_silently_dropped(engine: Engine) -> None:
    """If SQLite ends the shared transaction itself (simulated by a ROLLBACK), pysqlite's commit
    would succeed with nothing to commit; every unit of the batch must fail instead."""
    group = GroupCommit(engine)

    def ends_transaction(conn: Connection) -> None:
        conn.connection.driver_connection.execute("ROLLBACK")  # type: ignore[union-attr]

    outcomes = in_batch_with(group, lambda conn: insert(conn, "first"), ends_transaction)
    assert isinstance(outcomes["first"], StorageError)
    assert outcomes["second"] is not None
    assert stored(engine) == set()


def test_a_unit_inside_a_unit_is_part_of_it(engine: Engine) -> None:
    group = GroupCommit(engine)
    with group.unit() as outer:
        insert(outer, "outer")
        with pytest.raises(ValueError), group.unit() as inner:
            assert inner is outer
            insert(inner, "inner")
            raise ValueError("inner refused")
        with group.unit() as inner:
            insert(inner, "inner2")
        assert stored(engine) == set()  # nothing committed before the outer unit ends
    assert stored(engine) == {"outer", "inner2"}


def test_a_batch_is_capped_so_waiting_units_are_not_starved(engine: Engine) -> None:
    group, commits = GroupCommit(engine, max_batch=1), count_commits(engine)
    outcomes = in_batch_with(group, lambda conn: insert(conn, "first"), lambda conn: insert(conn, "second"))
    assert outcomes == {"first": None, "second": None}
    assert commits[0] == 2


def test_a_failing_first_unit_takes_nothing_of_the_next_with_it(engine: Engine) -> None:
    """The batch's first unit runs without a savepoint (it holds nobody else's work yet): if it
    fails, its batch is rolled back and the unit waiting behind it still commits."""
    group = GroupCommit(engine)

    def fails(conn: Connection) -> None:
        insert(conn, "first")
        raise ValueError("refused")

    outcomes = in_batch_with(group, fails, lambda conn: insert(conn, "second"))
    assert isinstance(outcomes["first"], ValueError) and outcomes["second"] is None
    assert stored(engine) == {"second"}


def test_closing_commits_what_finished_units_wait_for(engine: Engine) -> None:
    """A unit that handed the connection on waits for its batch's commit; closing the group then
    commits it rather than rolling it back and leaving the unit waiting forever."""
    group = GroupCommit(engine)
    inside, closed = threading.Event(), []

    def first() -> None:
        with group.unit() as conn:
            insert(conn, "first")
            inside.set()
            wait_until(lambda: group._waiting == 1)  # close() is waiting for its turn

    one = threading.Thread(target=first)
    one.start()
    inside.wait(10)
    closer = threading.Thread(target=lambda: (group.close(), closed.append(True)))
    closer.start()
    one.join(10)
    closer.join(10)
    assert not one.is_alive() and closed == [True]
    assert stored(engine) == {"first"}


def test_an_interrupted_commit_fails_its_units_and_frees_the_group(engine: Engine) -> None:
    group = GroupCommit(engine)

    class Interrupt(BaseException):
        pass

    def interrupt(_conn: object) -> None:
        raise Interrupt

    event.listen(engine, "commit", interrupt)
    with pytest.raises(Interrupt), group.unit() as conn:
        insert(conn, "lost")
    event.remove(engine, "commit", interrupt)
    with group.unit() as conn:  # not stuck: the group was released
        insert(conn, "after")
    assert stored(engine) == {"after"}
