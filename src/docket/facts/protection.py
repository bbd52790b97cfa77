"""Protection: an authoritative citizenship or lawful-status grant (DESIGN.md §1, §7).

Protection is sticky. Any authoritative protective grant makes the person protected and no later
record takes that away: not a removal order, not a later non-protective grant, not a conflicting
record (conflicts resolve toward protection). Only a legal reviewer can clear lawful status, and that
is a decision recorded by the services, never something inferred from records. Citizenship is never
superseded, so it is always the headline status when present.
"""

from __future__ import annotations

from collections.abc import Sequence

from docket.domain.records import PersonRecord
from docket.domain.vocabulary import PROTECTIVE_STATUSES, RecordKind, Status
from docket.facts.model import IsVerified, Protection, Support
from docket.facts.timeline import chronological, of_kind

# Stronger first; used to order the statuses shown and to break date ties.
_RANK: dict[Status, int] = {
    Status.US_CITIZEN: 0,
    Status.NATURALIZED_CITIZEN: 1,
    Status.LAWFUL_PERMANENT_RESIDENT: 2,
    Status.ASYLEE: 3,
    Status.REFUGEE: 3,
    Status.TPS: 4,
    Status.VALID_VISA: 5,
    Status.PENDING_APPLICATION: 6,
}


def status_of(record: PersonRecord) -> Status | None:
    value = record.get("status")
    try:
        return Status(value) if value else None
    except ValueError:
        return None


def protective_grants(records: Sequence[PersonRecord]) -> list[PersonRecord]:
    """Authoritative status grants whose status is protective."""
    return [
        record
        for record in of_kind(records, RecordKind.STATUS_GRANT)
        if record.authoritative_for_status and status_of(record) in PROTECTIVE_STATUSES
    ]


def derive_protection(records: Sequence[PersonRecord], is_verified: IsVerified) -> Protection | None:
    grants = protective_grants(records)
    if not grants:
        return None
    statuses = sorted({_status(record) for record in grants}, key=_RANK.__getitem__)
    return Protection(
        status=_headline(grants),
        by_birth=Status.US_CITIZEN in statuses,
        statuses=tuple(statuses),
        support=Support.of(grants, is_verified),
    )


def _status(record: PersonRecord) -> Status:
    status = status_of(record)
    assert status is not None  # protective_grants kept only records with a status
    return status


def _headline(grants: Sequence[PersonRecord]) -> Status:
    """Citizenship if any record grants it; otherwise the latest grant (stronger status on a tie)."""
    statuses = [_status(record) for record in grants]
    for citizenship in (Status.US_CITIZEN, Status.NATURALIZED_CITIZEN):
        if citizenship in statuses:
            return citizenship
    ordered = chronological(sorted(grants, key=lambda record: -_RANK[_status(record)]))
    return _status(ordered[-1])
