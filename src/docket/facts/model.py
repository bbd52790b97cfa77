"""The derived facts of one person, each carrying the records that support it.

Every fact names its supporting records (``source:record_id``) and whether every one of them is
linked to the person with verified confidence. A fact exists only because some record says so:
there is no "no record found" fact, so absence never becomes evidence of anything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from docket.domain.records import PersonRecord
from docket.domain.vocabulary import OrderType, Status

IsVerified = Callable[[int], bool]


@dataclass(frozen=True)
class Support:
    """The records behind a fact; ``verified`` is False when any of them is only unverified-linked."""

    refs: tuple[str, ...]
    verified: bool

    @classmethod
    def of(cls, records: Iterable[PersonRecord], is_verified: IsVerified) -> Support:
        chosen = list(records)
        refs = tuple(dict.fromkeys(record.ref for record in chosen))
        return cls(refs=refs, verified=all(is_verified(record.key) for record in chosen))

    def plus(self, other: Support) -> Support:
        refs = tuple(dict.fromkeys((*self.refs, *other.refs)))
        return Support(refs=refs, verified=self.verified and other.verified)

    def to_dict(self) -> dict[str, object]:
        return {"records": list(self.refs), "verified": self.verified}


@dataclass(frozen=True)
class Protection:
    """An authoritative citizenship or lawful-status grant. Sticky: later records never remove it."""

    status: Status
    by_birth: bool
    statuses: tuple[Status, ...]
    support: Support

    @property
    def citizenship(self) -> bool:
        return self.status in (Status.US_CITIZEN, Status.NATURALIZED_CITIZEN)


@dataclass(frozen=True)
class Admission:
    """The latest entry and, when it carries an admitted-until date, whether the person overstayed.

    ``overstay`` is None when the entry gives no admitted-until date (nothing to overstay).
    ``ended_by`` says what ended the admission period early: "departure" or "status_grant".
    ``support`` backs the overstay finding; ``entry_support`` is the latest entry record alone and
    ``until_support`` the entry records that set ``admitted_until``.
    """

    last_entry_date: date
    admitted_until: date | None
    overstay: bool | None
    ended_by: str | None
    support: Support
    entry_support: Support
    until_support: Support | None = None


@dataclass(frozen=True)
class RemovalOrder:
    order_type: OrderType
    event_date: date | None
    in_force: bool
    vacated_by: str | None
    support: Support


@dataclass(frozen=True)
class FinalOrder:
    """Whether any final order of removal is in force (False when every one was vacated)."""

    in_force: bool
    support: Support


@dataclass(frozen=True)
class Departure:
    """The latest departure. ``strength`` is "strong" when the departure record carries an A-number or
    passport number found on another of the person's records, else "weak" (name and birth date only).
    A later entry means the person came back: ``departed`` is then False.
    """

    event_date: date | None
    strength: str
    departed: bool
    support: Support


@dataclass(frozen=True)
class Conviction:
    offense_category: str
    event_date: date | None
    support: Support


@dataclass(frozen=True)
class Presence:
    """Continuous presence since the first entry after the last departure (None when departed)."""

    since: date
    years: int
    support: Support


@dataclass(frozen=True)
class AgeBand:
    """A coarse age bucket from date_of_birth: "minor" (under 18), "adult" (18-64), "senior" (65+).

    Only the bucket is derived, never the age or the birth date, and the policy validator allows it
    only in mitigating factors ("advanced or tender age").
    """

    band: str
    support: Support


@dataclass(frozen=True)
class PendingApplication:
    """A status grant of ``pending_application`` dated on or after the last entry (or undated)."""

    support: Support


def years_between(start: date, end: date) -> int:
    """Whole years from ``start`` to ``end`` (0 when ``end`` is earlier)."""
    years = end.year - start.year - ((end.month, end.day) < (start.month, start.day))
    return max(years, 0)
