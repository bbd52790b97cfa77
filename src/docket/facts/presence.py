"""Continuous presence and pending applications, both only ever in the person's favour."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from docket.domain.records import PersonRecord
from docket.domain.vocabulary import RecordKind, Status
from docket.facts.model import IsVerified, PendingApplication, Presence, Support, years_between
from docket.facts.timeline import dated, event_date, of_kind, on_or_after


def derive_presence(records: Sequence[PersonRecord], today: date, is_verified: IsVerified) -> Presence | None:
    """Presence since the first entry after the last departure; None when the person has departed
    since their last entry (or no entry is dated)."""
    entries = dated(of_kind(records, RecordKind.ENTRY))
    departures = dated(of_kind(records, RecordKind.DEPARTURE))
    if not entries:
        return None
    left = event_date(departures[-1]) if departures else None
    if left is not None and left >= (event_date(entries[-1]) or date.min):
        return None
    start = next(entry for entry in entries if left is None or (event_date(entry) or date.min) > left)
    since = event_date(start)
    assert since is not None
    backing = [start, *departures[-1:]]
    return Presence(since=since, years=years_between(since, today), support=Support.of(backing, is_verified))


def derive_pending(records: Sequence[PersonRecord], is_verified: IsVerified) -> PendingApplication | None:
    """A pending application dated on/after the last entry (any date when no entry is dated)."""
    entries = dated(of_kind(records, RecordKind.ENTRY))
    entered = event_date(entries[-1]) if entries else None
    pending = [
        record
        for record in of_kind(records, RecordKind.STATUS_GRANT)
        if record.get("status") == Status.PENDING_APPLICATION and (entered is None or on_or_after(record, entered))
    ]
    return PendingApplication(Support.of(pending, is_verified)) if pending else None
