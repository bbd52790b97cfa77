"""Admission and overstay.

The latest dated entry sets the admission period. Its admitted-until date is extended by any entry
record dated on or after it (or undated) that carries a later admitted-until date. The period has
been overstayed only when that date has passed and nothing ended it: no departure on or after the
entry and no status grant (of any kind, from any source) on or after the entry. Undated departures
and grants count as ending it, since they cannot be ruled out; doubt never counts against a person.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from docket.domain.records import PersonRecord
from docket.domain.vocabulary import RecordKind
from docket.facts.model import Admission, IsVerified, Support
from docket.facts.timeline import dated, event_date, of_kind, on_or_after


def derive_admission(records: Sequence[PersonRecord], today: date, is_verified: IsVerified) -> Admission | None:
    entries = dated(of_kind(records, RecordKind.ENTRY))
    if not entries:
        return None
    last = entries[-1]
    entered = event_date(last)
    assert entered is not None  # dated() keeps dated records only
    entry = Support.of([last], is_verified)
    extension = _furthest_admission(records, entered)
    if extension is None:
        return Admission(entered, None, None, None, entry, entry)
    until = extension.get_date("admitted_until")
    assert until is not None
    support = entry.plus(Support.of([extension], is_verified))
    ender = _ended_by(records, entered)
    if ender is not None:
        ended = support.plus(Support.of([ender], is_verified))
        return Admission(entered, until, False, str(ender.kind), ended, entry, support)
    return Admission(entered, until, until < today, None, support, entry, support)


def _furthest_admission(records: Sequence[PersonRecord], entered: date) -> PersonRecord | None:
    """The entry on/after the last entry date with the latest admitted-until date."""
    candidates = [
        record
        for record in of_kind(records, RecordKind.ENTRY)
        if on_or_after(record, entered) and record.get_date("admitted_until") is not None
    ]
    return max(candidates, key=lambda record: record.get_date("admitted_until") or date.min, default=None)


def _ended_by(records: Sequence[PersonRecord], entered: date) -> PersonRecord | None:
    """A departure or status grant on/after the entry, which ends the admission period early."""
    for kind in (RecordKind.DEPARTURE, RecordKind.STATUS_GRANT):
        for record in of_kind(records, kind):
            if on_or_after(record, entered):
                return record
    return None
