"""Source declarations: every problem named with its key."""

from __future__ import annotations

from typing import Any

import pytest

from docket.domain.vocabulary import Purpose, RecordKind
from docket.errors import SourceError
from docket.ingest.declaration import parse_declaration


def declaration(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "entry_records",
        "kind": "entry",
        "legal_authority": "8 U.S.C. 1365a",
        "purposes": ["enforcement", "status_verification"],
        "authoritative_for_status": False,
        "retention_days": 3650,
        "columns": {"Admit Until": "admitted_until"},
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def problems(data: dict[str, Any]) -> list[str]:
    with pytest.raises(SourceError) as caught:
        parse_declaration(data, "src.toml")
    return caught.value.errors


def test_valid_declaration_parses() -> None:
    parsed = parse_declaration(declaration())
    assert parsed.kind is RecordKind.ENTRY and parsed.purposes == (Purpose.ENFORCEMENT, Purpose.STATUS_VERIFICATION)
    assert parsed.columns == {"Admit Until": "admitted_until"}


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"legal_authority": None}, "src.toml: legal_authority: required key is missing"),
        ({"legal_authority": "  "}, "src.toml: legal_authority: must cite"),
        ({"kind": "social_media"}, "src.toml: kind: 'social_media' is not a record kind"),
        ({"purposes": ["marketing"]}, "src.toml: purposes: 'marketing' is not a purpose"),
        ({"purposes": []}, "src.toml: purposes: must be a non-empty list"),
        (
            {"columns": {"Handle": "twitter_handle"}},
            "src.toml: columns.Handle: 'twitter_handle' is not a canonical field",
        ),
        ({"columns": {"S": "status"}}, "src.toml: columns.S: 'status' is not a field of entry records"),
        ({"retention_days": 0}, "src.toml: retention_days: must be a positive whole number"),
        ({"authoritative_for_status": True}, "only a status_grant source can be authoritative"),
        ({"extra": 1}, "src.toml: extra: unknown key"),
        ({"name": "Bad Name"}, "src.toml: name: must be"),
    ],
)
def test_each_problem_names_the_key(changes: dict[str, Any], expected: str) -> None:
    assert any(p.startswith(expected) or expected in p for p in problems(declaration(**changes))), expected


def test_all_problems_are_reported_at_once() -> None:
    found = problems(declaration(kind="nope", purposes=["x"], retention_days=-1))
    assert len(found) == 3
