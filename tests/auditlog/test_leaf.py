"""Canonical leaf bytes for audit events."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from docket.auditlog import AuditEvent, utc_timestamp
from docket.errors import AuditIntegrityError, Invalid

from .factories import event


def test_leaf_bytes_are_canonical_json() -> None:
    e = AuditEvent(
        actor="user:3",
        role="analyst",
        action="case.read",
        object_ids=("case:9", "person:12"),
        purpose="enforcement",
        outcome="allowed",
        at="2024-05-01T12:00:00Z",
        detail={"z": 1, "a": "é"},
    )
    assert e.to_bytes() == (
        '{"action":"case.read","actor":"user:3","at":"2024-05-01T12:00:00Z","detail":{"a":"é","z":1},'
        '"object_ids":["case:9","person:12"],"outcome":"allowed","purpose":"enforcement","role":"analyst","v":1}'
    ).encode()


def test_leaf_bytes_round_trip() -> None:
    for i in range(20):
        e = event(i)
        assert AuditEvent.from_bytes(e.to_bytes()) == e


def test_an_event_is_not_changed_through_the_callers_containers() -> None:
    ids, detail = ["case:1"], {"n": 1}
    e = AuditEvent("u", "r", "a", ids, "", "ok", "2024-01-01T00:00:00Z", detail)  # type: ignore[arg-type]
    ids.append("person:2")
    detail["n"] = 2
    assert e.object_ids == ("case:1",) and e.detail == {"n": 1}


def test_timestamps_are_utc_with_microseconds() -> None:
    moment = datetime(2024, 5, 1, 14, 30, tzinfo=timezone(timedelta(hours=2)))
    assert utc_timestamp(moment) == "2024-05-01T12:30:00.000000Z"
    with pytest.raises(Invalid):
        utc_timestamp(datetime(2024, 5, 1))


@pytest.mark.parametrize(
    "change",
    [
        {"actor": ""},
        {"role": 3},
        {"action": "\ud800"},
        {"object_ids": "case:1"},
        {"object_ids": ("case:1", "")},
        {"purpose": None},
        {"at": "2024-05-01 12:00:00"},
        {"at": "2024-05-01T12:00:00+02:00"},
        {"at": "2024-13-01T12:00:00Z"},
        {"detail": {"ok": True}},
        {"detail": {"ok": 1.5}},
        {"detail": {"": "x"}},
        {"detail": [("k", "v")]},
    ],
)
def test_invalid_events_are_refused(change: dict[str, Any]) -> None:
    fields = {**event(1).__dict__, **change}
    with pytest.raises(Invalid):
        AuditEvent(**fields)


@pytest.mark.parametrize(
    "data",
    [
        b"\xff",
        b"[]",
        b"{}",
        # Not canonical: spaces, unsorted keys, or an extra key.
        json.dumps(json.loads(event(1).to_bytes())).encode(),
        event(1).to_bytes().replace(b'{"action"', b'{"x":1,"action"'),
        event(1).to_bytes().replace(b'"v":1', b'"v":2'),
        event(1).to_bytes().replace(b'"outcome":"allowed"', b'"outcome":""'),
        event(1).to_bytes().replace(b'"object_ids":[', b'"object_ids":{"a":').replace(b'"]', b'"}'),
        # A duplicated key would let two readers see different events.
        event(1).to_bytes()[:-1] + b',"actor":"user:9"}',
    ],
)
def test_stored_bytes_that_are_not_a_canonical_event_are_an_integrity_error(data: bytes) -> None:
    with pytest.raises(AuditIntegrityError):
        AuditEvent.from_bytes(data)
