"""Ordering a person's records in time. Records without an event date sort first."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from docket.domain.records import PersonRecord
from docket.domain.vocabulary import RecordKind


def of_kind(records: Iterable[PersonRecord], kind: RecordKind) -> list[PersonRecord]:
    return [record for record in records if record.kind == kind]


def event_date(record: PersonRecord) -> date | None:
    return record.get_date("event_date")


def chronological(records: Iterable[PersonRecord]) -> list[PersonRecord]:
    """Records by event date (undated first), ties kept in input order."""
    return sorted(records, key=lambda record: event_date(record) or date.min)


def dated(records: Iterable[PersonRecord]) -> list[PersonRecord]:
    """Only the records with an event date, in time order."""
    return chronological(record for record in records if event_date(record) is not None)


def latest(records: Sequence[PersonRecord]) -> PersonRecord | None:
    ordered = chronological(records)
    return ordered[-1] if ordered else None


def on_or_after(record: PersonRecord, moment: date) -> bool:
    """True when the record is dated on/after ``moment`` or is undated (it cannot be ruled out)."""
    when = event_date(record)
    return when is None or when >= moment
