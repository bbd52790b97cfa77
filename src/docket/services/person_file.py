"""Loading one person's file for a purpose: records, derived facts and protection.

Purpose limitation (DESIGN.md §4): the facts a case uses come only from sources whose declared
purposes include the case's purpose. Protection is the exception, deliberately: it is a shield, not
a use against the person, so an authoritative citizenship or lawful-status grant protects whichever
purposes its source declared, and a reviewer's clearance covers only the records it named.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection

from docket.domain.records import PersonRecord
from docket.domain.vocabulary import CANONICAL_FIELDS, Purpose, RecordKind
from docket.errors import NotFound
from docket.facts import PersonFacts, derive_facts
from docket.store import cases_repo, persons_repo, requests_repo, reviews_repo


@dataclass(frozen=True)
class ProtectionState:
    protected: bool
    by_birth: bool
    status: str | None
    refs: tuple[str, ...]
    cleared_by: str | None = None  # the legal reviewer whose clearance is in force
    citizenship_found: bool = False
    pending_link: bool = False  # protected only through a link still waiting for review

    def to_dict(self) -> dict[str, object]:
        return {
            "protected": self.protected,
            "by_birth": self.by_birth,
            "status": self.status,
            "records": list(self.refs),
            "cleared_by": self.cleared_by,
            "citizenship_found": self.citizenship_found,
            "pending_link": self.pending_link,
        }


@dataclass(frozen=True)
class PersonFile:
    person_id: str
    purpose: Purpose
    records: tuple[PersonRecord, ...]  # only records usable for the purpose
    provenance: dict[int, dict[str, Any]]
    facts: PersonFacts
    protection: ProtectionState


def to_person_record(row: Any, corrected: dict[str, str | None] | None = None) -> PersonRecord:
    """A stored record as engines see it, with accepted corrections laid over the ingested values."""
    fields = {name: getattr(row, name) for name in CANONICAL_FIELDS if getattr(row, name) is not None}
    for name, value in (corrected or {}).items():
        if value is None:
            fields.pop(name, None)
        else:
            fields[name] = value
    return PersonRecord(
        key=int(row.id),
        source=row.source,
        record_id=row.record_id,
        kind=RecordKind(row.kind),
        fields=fields,
        authoritative_for_status=bool(row.authoritative_for_status),
        source_purposes=_purposes(row.source_purposes),
    )


@lru_cache(maxsize=256)
def _purposes(declared: str) -> tuple[Purpose, ...]:
    """A source's declared purposes (JSON text): every record repeats one of a few, parsed once each."""
    return tuple(Purpose(p) for p in json.loads(declared))


def load_person_file(conn: Connection, person_id: str, purpose: Purpose, today: date | None = None) -> PersonFile:
    rows = persons_repo.records_of_person(conn, person_id)
    if not rows:
        raise NotFound(f"no person {person_id!r}")
    today = today or date.today()
    overlay: dict[int, dict[str, str | None]] = {}
    for fix in requests_repo.corrections_for(conn, [int(r.id) for r in rows]):
        overlay.setdefault(int(fix.record_key), {})[fix.field] = fix.new_value
    every = [to_person_record(r, overlay.get(int(r.id))) for r in rows]
    verified = {int(r.id): bool(r.verified) for r in rows}
    usable = tuple(rec for rec in every if purpose in rec.source_purposes)
    facts = derive_facts(usable, today, verified.__getitem__)
    shield = derive_facts([r for r in every if r.kind is RecordKind.STATUS_GRANT], today, verified.__getitem__)
    protection = protection_state(conn, person_id, shield)
    if not protection.protected:
        protection = _pending_shield(conn, [int(r.id) for r in rows], today) or protection
    provenance = {int(r.id): _provenance(r) for r in rows}
    return PersonFile(person_id, purpose, usable, provenance, facts, protection)


def _pending_shield(conn: Connection, keys: list[int], today: date) -> ProtectionState | None:
    """Conflicts resolve toward protection: an authoritative grant that linkage could not attach with
    verified confidence (its link waits for a reviewer) still shields the person meanwhile."""
    partners = persons_repo.records_by_keys(conn, reviews_repo.pending_link_partners(conn, keys))
    grants = [to_person_record(r) for r in partners if r.kind == RecordKind.STATUS_GRANT.value]
    fact = derive_facts(grants, today).protection if grants else None
    if fact is None:
        return None
    return ProtectionState(True, fact.by_birth, fact.status.value, fact.support.refs, None, False, True)


def _provenance(row: Any) -> dict[str, Any]:
    return {
        "source": row.source,
        "record_id": row.record_id,
        "batch_id": row.batch_id,
        "line": row.line,
        "file_name": row.file_name,
        "file_sha256": row.file_sha256,
        "ingested_at": row.ingested_at,
        "verified": bool(row.verified),
        "match_probability": row.match_probability,
    }


def protection_state(conn: Connection, person_id: str, shield: PersonFacts) -> ProtectionState:
    """Protected unless a legal reviewer's clearance in force covers every protective record;
    citizenship by birth and a citizenship finding can never be cleared."""
    fact = shield.protection
    history = cases_repo.protection_history(conn, person_id)
    decisions = [d for d in history if d.superseded_by is None]
    found = any(d.kind == "citizenship_found" for d in history)
    if fact is None:
        return ProtectionState(found, False, "us_citizen" if found else None, (), None, found)
    refs = fact.support.refs
    clearance = next((d for d in decisions if d.kind == "cleared"), None)
    covered = clearance is not None and set(refs) <= set(json.loads(clearance.refs))
    cleared = covered and not fact.by_birth and not found
    return ProtectionState(
        not cleared, fact.by_birth, fact.status.value, refs, clearance.actor if cleared and clearance else None, found
    )
