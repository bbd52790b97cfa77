"""Checkpoints are signed every N leaves *or* when the last one is T seconds old (checked at append)."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from docket.auditlog import parse_checkpoint, utc_timestamp
from docket.services import audit
from docket.services.accounts import initialise
from docket.services.audit import append_event, write_checkpoint
from docket.services.runtime import Runtime
from docket.store import audit_repo
from tests.factories import make_settings, operator


class Clock:
    """The wall clock the audit service and store read (timer, leaf times, checkpoint times), moved by hand."""

    def __init__(self) -> None:
        self.ahead = 0.0

    def __call__(self) -> float:
        return time.time() + self.ahead

    def iso(self) -> str:
        return utc_timestamp(datetime.fromtimestamp(self(), UTC))


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(audit, "_clock", fake)
    monkeypatch.setattr(audit, "now_iso", fake.iso)
    monkeypatch.setattr(audit_repo, "now_iso", fake.iso)
    return fake


def runtime(tmp_path: Path, seconds: float) -> Runtime:
    rt = Runtime(dataclasses.replace(make_settings(tmp_path), checkpoint_seconds=seconds))
    initialise(rt)  # leaf 0
    return rt


@pytest.fixture
def rt60(tmp_path: Path) -> Iterator[Runtime]:
    rt = runtime(tmp_path, 60)
    yield rt
    rt.close()


def append(rt: Runtime, count: int = 1) -> None:
    for _ in range(count):
        with rt.engine.begin() as conn:
            append_event(rt, conn, operator(), "list_sources", [], "ok")


def sizes(rt: Runtime) -> list[int]:
    with rt.engine.connect() as conn:
        return [size for _, size, _ in audit_repo.checkpoints(conn)]


def test_appends_within_the_period_sign_nothing(rt60: Runtime, clock: Clock) -> None:
    append(rt60, 20)
    clock.ahead = 59
    append(rt60)
    assert sizes(rt60) == []


def test_the_first_checkpoint_comes_when_the_first_leaf_is_old_enough(rt60: Runtime, clock: Clock) -> None:
    append(rt60, 3)
    clock.ahead = 61
    append(rt60)  # leaf 4, sealed with the checkpoint it triggered
    assert sizes(rt60) == [5]


def test_the_period_restarts_at_every_checkpoint(rt60: Runtime, clock: Clock) -> None:
    clock.ahead = 61
    append(rt60)
    with rt60.engine.begin() as conn:
        write_checkpoint(rt60, conn, audit_repo.tree_size(conn))  # on demand, as `docket audit checkpoint`
    append(rt60, 5)
    clock.ahead = 100  # 39 s after the last checkpoint
    append(rt60)
    assert sizes(rt60) == [2, 2]
    clock.ahead = 125
    append(rt60)
    assert sizes(rt60) == [2, 2, 9]


def test_a_checkpoint_signed_by_another_process_counts(rt60: Runtime, tmp_path: Path, clock: Clock) -> None:
    append(rt60)  # this process now believes the log was last sealed when leaf 0 was written
    other = Runtime(rt60.settings)  # another process on the same database
    clock.ahead = 61
    append(other)
    clock.ahead = 70
    append(rt60)
    other.close()
    assert sizes(rt60) == [3]


def test_the_leaf_that_triggers_a_checkpoint_is_in_it(rt60: Runtime, clock: Clock) -> None:
    clock.ahead = 3600
    append(rt60)
    with rt60.engine.connect() as conn:
        (_, size, note), = audit_repo.checkpoints(conn)
        assert size == parse_checkpoint(note).size == audit_repo.tree_size(conn)


def test_zero_seconds_turns_the_timer_off(tmp_path: Path, clock: Clock) -> None:
    rt = runtime(tmp_path, 0)
    clock.ahead = 10**6
    append(rt, 3)
    assert sizes(rt) == []
    rt.close()
