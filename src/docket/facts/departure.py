"""Departure evidence and its strength.

A departure record is strong evidence when it carries an A-number or passport number that also
appears on another of the person's records; a departure matched on name and birth date only is weak
(twins share both). An entry dated after the latest departure means the person came back.
"""

from __future__ import annotations

from collections.abc import Sequence

from docket.domain.records import PersonRecord
from docket.domain.vocabulary import RecordKind
from docket.facts.model import Departure, IsVerified, Support
from docket.facts.timeline import chronological, event_date, of_kind

_DOCUMENT_FIELDS = ("a_number", "passport_number")


def derive_departure(records: Sequence[PersonRecord], is_verified: IsVerified) -> Departure | None:
    departures = chronological(of_kind(records, RecordKind.DEPARTURE))
    if not departures:
        return None
    departure = departures[-1]
    matches = document_matches(departure, records)
    reentry = _reentry(departure, records)
    backing = [departure, *matches, *([reentry] if reentry is not None else [])]
    return Departure(
        event_date=event_date(departure),
        strength="strong" if matches else "weak",
        departed=reentry is None,
        support=Support.of(backing, is_verified),
    )


def document_matches(departure: PersonRecord, records: Sequence[PersonRecord]) -> list[PersonRecord]:
    """Other records sharing an A-number or passport number with the departure record."""
    matched: list[PersonRecord] = []
    for name in _DOCUMENT_FIELDS:
        wanted = _document(departure.get(name))
        if wanted is None:
            continue
        matched += [
            record
            for record in records
            if record.key != departure.key and _document(record.get(name)) == wanted and record not in matched
        ]
    return matched


def _document(value: str | None) -> str | None:
    """A document number compared without case, spaces, dashes or an A-number's leading "A"."""
    if not value:
        return None
    cleaned = "".join(ch for ch in value.upper() if ch.isalnum())
    return cleaned or None


def _reentry(departure: PersonRecord, records: Sequence[PersonRecord]) -> PersonRecord | None:
    left = event_date(departure)
    if left is None:
        return None
    later = [record for record in of_kind(records, RecordKind.ENTRY) if (event_date(record) or left) > left]
    return chronological(later)[-1] if later else None
