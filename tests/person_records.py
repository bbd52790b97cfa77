"""Plain factory functions for hand-built timelines (no database)."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from datetime import date

from docket.domain.records import PersonRecord
from docket.domain.vocabulary import RecordKind
from docket.facts import PersonFacts

TODAY = date(2024, 6, 1)
_keys = itertools.count(1)


def record(
    kind: str,
    fields: Mapping[str, object],
    record_id: str | None = None,
    source: str | None = None,
    authoritative: bool = False,
) -> PersonRecord:
    key = next(_keys)
    return PersonRecord(
        key=key,
        source=source or f"{kind}s",
        record_id=record_id or f"r{key}",
        kind=RecordKind(kind),
        fields={name: str(value) for name, value in fields.items() if value is not None},
        authoritative_for_status=authoritative,
    )


def identity(record_id: str | None = None, **fields: object) -> PersonRecord:
    return record("identity", fields, record_id)


def entry(on: str, until: str | None = None, record_id: str | None = None, **fields: object) -> PersonRecord:
    return record("entry", {"event_date": on, "admitted_until": until, **fields}, record_id)


def departure(on: str | None, record_id: str | None = None, **fields: object) -> PersonRecord:
    return record("departure", {"event_date": on, **fields}, record_id)


def grant(
    status: str, on: str | None, record_id: str | None = None, authoritative: bool = True, **fields: object
) -> PersonRecord:
    source = "uscis" if authoritative else "benefits"
    return record("status_grant", {"event_date": on, "status": status, **fields}, record_id, source, authoritative)


def order(order_type: str, on: str | None, record_id: str | None = None) -> PersonRecord:
    return record("removal_order", {"event_date": on, "order_type": order_type}, record_id, "eoir")


def conviction(category: str, on: str | None, record_id: str | None = None) -> PersonRecord:
    return record("conviction", {"event_date": on, "offense_category": category}, record_id, "courts")


def all_refs(facts: PersonFacts) -> set[str]:
    """Every record ref named anywhere in the facts' JSON form."""
    found: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            found.update(node.get("records", []))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(facts.to_dict())
    return found


def unverified(*records: PersonRecord) -> Callable[[int], bool]:
    """A ``verified`` callable under which the given records' links are unverified."""
    keys = {r.key for r in records}
    return lambda key: key not in keys
