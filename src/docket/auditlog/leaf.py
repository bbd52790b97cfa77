"""Canonical leaf bytes for one audit event (DESIGN.md §8).

A leaf is canonical JSON: sorted keys, no spaces, UTF-8, with a format version ``v``. The same event
always gives the same bytes, and ``from_bytes`` refuses any bytes that are not exactly what
``to_bytes`` would write, so a stored leaf cannot be re-encoded into a different hash unnoticed.

Pseudonymous ids only. Oversight reads the whole log, so an event carries ids and codes, never person
data: ``actor`` is a user id, ``object_ids`` are store ids such as ``"person:812"`` or ``"case:17"``,
``detail`` holds codes and counts. This module cannot tell an id from a name; the services that build
events are responsible for passing ids only.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from docket.errors import AuditIntegrityError, Invalid

LEAF_VERSION = 1
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z")
_REQUIRED = ("actor", "role", "action", "outcome")
_KEYS = frozenset({"v", "actor", "role", "action", "object_ids", "purpose", "outcome", "at", "detail"})


def utc_timestamp(moment: datetime) -> str:
    """``moment`` as the ISO-8601 UTC text an ``AuditEvent.at`` expects (microseconds, ``Z``)."""
    if moment.tzinfo is None:
        raise Invalid("an audit timestamp needs a timezone-aware datetime")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(frozen=True)
class AuditEvent:
    """One thing a user did, or was refused: who, in which role, what, to which ids, why, with what result.

    ``purpose`` may be empty when none was stated (a failed sign-in, say); the other texts may not.
    """

    actor: str
    role: str
    action: str
    object_ids: tuple[str, ...]
    purpose: str
    outcome: str
    at: str
    detail: dict[str, str | int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if isinstance(self.object_ids, str) or not isinstance(self.detail, dict):
            raise Invalid("invalid audit event: object_ids must be a tuple of ids and detail a dict")
        # Copies, so that a caller's list or dict cannot change the event after the fact.
        object.__setattr__(self, "object_ids", tuple(self.object_ids))
        object.__setattr__(self, "detail", dict(self.detail))
        problems = _problems(self)
        if problems:
            raise Invalid("invalid audit event: " + "; ".join(problems), problems)

    def to_bytes(self) -> bytes:
        """The canonical leaf bytes."""
        return _canonical(
            {
                "v": LEAF_VERSION,
                "actor": self.actor,
                "role": self.role,
                "action": self.action,
                "object_ids": list(self.object_ids),
                "purpose": self.purpose,
                "outcome": self.outcome,
                "at": self.at,
                "detail": self.detail,
            }
        )

    @classmethod
    def from_bytes(cls, data: bytes) -> AuditEvent:
        """Decode stored leaf bytes; raises ``AuditIntegrityError`` unless they are canonical."""
        try:
            obj = json.loads(bytes(data).decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise AuditIntegrityError("audit leaf is not UTF-8 JSON") from exc
        if not isinstance(obj, dict) or set(obj) != _KEYS or obj["v"] != LEAF_VERSION:
            raise AuditIntegrityError(f"audit leaf is not a version {LEAF_VERSION} audit event")
        event = _event_from_json(obj)
        if event.to_bytes() != bytes(data):
            raise AuditIntegrityError("audit leaf is not in canonical form")
        return event


def _event_from_json(obj: dict[str, object]) -> AuditEvent:
    ids, detail = obj["object_ids"], obj["detail"]
    if not isinstance(ids, list) or not isinstance(detail, dict):
        raise AuditIntegrityError("audit leaf has malformed object_ids or detail")
    try:
        return AuditEvent(
            actor=obj["actor"],  # type: ignore[arg-type]  # checked by AuditEvent itself
            role=obj["role"],  # type: ignore[arg-type]
            action=obj["action"],  # type: ignore[arg-type]
            object_ids=tuple(ids),
            purpose=obj["purpose"],  # type: ignore[arg-type]
            outcome=obj["outcome"],  # type: ignore[arg-type]
            at=obj["at"],  # type: ignore[arg-type]
            detail=detail,
        )
    except Invalid as exc:
        raise AuditIntegrityError(f"audit leaf holds an {exc.message}", exc.errors) from exc


def _canonical(obj: dict[str, object]) -> bytes:
    text = json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return text.encode("utf-8")


def _problems(event: AuditEvent) -> list[str]:
    problems = [f"{name} must be a non-empty string" for name in _REQUIRED if not _text(getattr(event, name))]
    if not isinstance(event.purpose, str):
        problems.append("purpose must be a string")
    if not all(_text(i) for i in event.object_ids):
        problems.append("object_ids must be non-empty strings")
    if not _timestamp(event.at):
        problems.append(f"at must be ISO-8601 UTC like 2024-05-01T12:00:00Z, not {event.at!r}")
    problems.extend(_detail_problems(event.detail))
    if not problems and not _encodable(event):
        problems.append("texts must be valid Unicode (a lone surrogate has no UTF-8 form)")
    return problems


def _detail_problems(detail: dict[str, str | int]) -> list[str]:
    problems = []
    for key, value in detail.items():
        if not _text(key):
            problems.append(f"detail key {key!r} must be a non-empty string")
        elif isinstance(value, bool) or not isinstance(value, str | int):
            problems.append(f"detail {key} must be a string or an integer")
    return problems


def _text(value: object) -> bool:
    return isinstance(value, str) and value != ""


def _encodable(event: AuditEvent) -> bool:
    """One UTF-8 encoding of every text at once: cheaper than one per field on the hot path."""
    texts = [event.actor, event.role, event.action, event.purpose, event.outcome, *event.object_ids]
    texts += [f"{key}{value}" for key, value in event.detail.items()]
    try:
        "".join(texts).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _timestamp(value: object) -> bool:
    if not isinstance(value, str) or not _TIMESTAMP.fullmatch(value):
        return False
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True
