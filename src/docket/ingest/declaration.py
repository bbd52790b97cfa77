"""Load and validate a source declaration (DESIGN.md §4) from TOML."""

from __future__ import annotations

import hashlib
import tomllib
from pathlib import Path
from typing import Any

from docket.domain.records import SourceDeclaration
from docket.domain.vocabulary import CANONICAL_FIELDS, Purpose, RecordKind, fields_for_kind
from docket.errors import SourceError

REQUIRED_KEYS = ("name", "kind", "legal_authority", "purposes", "authoritative_for_status", "retention_days")
KNOWN_KEYS = frozenset((*REQUIRED_KEYS, "columns", "description"))
NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")


def read_declaration(path: Path) -> tuple[SourceDeclaration, str]:
    """The declaration in ``path`` and the SHA-256 of its bytes; every problem named with its key."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"{path}: cannot read source declaration: {exc.strerror}") from exc
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise SourceError(f"{path}: not UTF-8 text at byte {exc.start}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise SourceError(f"{path}: not valid TOML: {exc}") from exc
    except RecursionError as exc:  # tomllib parses nested arrays and tables recursively
        raise SourceError(f"{path}: not valid TOML: arrays or tables nested too deeply") from exc
    return parse_declaration(data, str(path)), hashlib.sha256(raw).hexdigest()


def parse_declaration(data: dict[str, Any], where: str = "declaration") -> SourceDeclaration:
    """Validate a parsed declaration; raises ``SourceError`` listing every problem as ``WHERE: key: reason``."""
    problems = [f"{where}: {key}: required key is missing" for key in REQUIRED_KEYS if data.get(key) is None]
    problems += [
        f"{where}: {key}: unknown key (known: {', '.join(sorted(KNOWN_KEYS))})" for key in data if key not in KNOWN_KEYS
    ]
    checks = (_check_name, _check_kind, _check_authority, _check_purposes, _check_flags, _check_columns)
    for check in checks:
        problems += [f"{where}: {p}" for p in check(data)]
    if problems:
        raise SourceError(f"{where}: invalid source declaration ({len(problems)} problems)", problems)
    return SourceDeclaration(
        name=data["name"],
        kind=RecordKind(data["kind"]),
        legal_authority=data["legal_authority"].strip(),
        purposes=tuple(Purpose(p) for p in data["purposes"]),
        authoritative_for_status=data["authoritative_for_status"],
        retention_days=data["retention_days"],
        columns=dict(data.get("columns", {})),
    )


def _check_name(data: dict[str, Any]) -> list[str]:
    name = data.get("name")
    if name is None:
        return []
    if not isinstance(name, str) or not name or not set(name) <= NAME_CHARS or len(name) > 60:
        return ["name: must be 1-60 characters of lower-case letters, digits and _"]
    return []


def _check_kind(data: dict[str, Any]) -> list[str]:
    kind = data.get("kind")
    if kind is None or kind in RecordKind.__members__.values():
        return []
    return [f"kind: {kind!r} is not a record kind (one of {', '.join(k.value for k in RecordKind)})"]


def _check_authority(data: dict[str, Any]) -> list[str]:
    authority = data.get("legal_authority")
    if authority is None:
        return []
    if not isinstance(authority, str) or not authority.strip():
        return ["legal_authority: must cite the legal authority for holding this data (non-empty text)"]
    return []


def _check_purposes(data: dict[str, Any]) -> list[str]:
    purposes = data.get("purposes")
    if purposes is None:
        return []
    if not isinstance(purposes, list) or not purposes:
        return ["purposes: must be a non-empty list"]
    allowed = {p.value for p in Purpose}
    return [
        f"purposes: {p!r} is not a purpose (one of {', '.join(sorted(allowed))})"
        for p in purposes
        if not isinstance(p, str) or p not in allowed
    ]


def _check_flags(data: dict[str, Any]) -> list[str]:
    problems = []
    flag = data.get("authoritative_for_status")
    if flag is not None and not isinstance(flag, bool):
        problems.append("authoritative_for_status: must be true or false")
    if flag is True and data.get("kind") != RecordKind.STATUS_GRANT:
        problems.append("authoritative_for_status: only a status_grant source can be authoritative for status")
    days = data.get("retention_days")
    if days is not None and (isinstance(days, bool) or not isinstance(days, int) or days <= 0):
        problems.append("retention_days: must be a positive whole number of days")
    return problems


def _check_columns(data: dict[str, Any]) -> list[str]:
    columns = data.get("columns", {})
    if not isinstance(columns, dict):
        return ["columns: must be a table of file column = canonical field"]
    kind = data.get("kind")
    valid = set(fields_for_kind(RecordKind(kind))) if isinstance(kind, str) and kind in set(RecordKind) else set()
    problems = []
    for column, target in columns.items():
        if not isinstance(target, str) or target not in CANONICAL_FIELDS:
            problems.append(
                f"columns.{column}: {target!r} is not a canonical field; Docket stores only its closed vocabulary"
            )
        elif valid and target not in valid:
            problems.append(f"columns.{column}: {target!r} is not a field of {kind} records")
    targets = [t for t in columns.values() if isinstance(t, str)]
    problems += [f"columns: {t!r} is mapped from more than one column" for t in set(targets) if targets.count(t) > 1]
    return problems
