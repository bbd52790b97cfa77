"""Hypothesis strategies for hostile inputs: table files, source declarations, policy packs."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from hypothesis import strategies as st

from docket.domain.vocabulary import CANONICAL_FIELDS, Purpose, RecordKind

JUNK_COLUMNS = ("loyalty_card", "facebook_handle", "", " ", "record_id ", "Record_ID", "record_id\x00", "Admit Until")
COLUMNS = st.one_of(st.sampled_from(CANONICAL_FIELDS), st.sampled_from(JUNK_COLUMNS), st.text(max_size=12))
PLAUSIBLE = (
    "R1", "R1", "R2", "Maria", "GARCIA LÓPEZ", "1990-01-31", "19900131", "1990-02-30", "2999-01-01", "A123-456-789",
    "12345678", "M", "female", "x", "MEX", "ZZZ", "TX", "12345", "12345-6789", "(404) 555-7874", "B2", "final_order",
    "us_citizen", "homicide", "١٩٩٠-٠١-٠١", "１２３４５", "²³⁴", "Ma\u0301ria", "Mar1a", "0", "-1", "nan", "null",
)
WEIRD = ('"', '""', 'a"b', "\x00", "\r\n", "\n", "\r", ",", "\ufeff", " ", "\t", "\u200b", "\u202e", "\x1b[31m", "\\")
HUGE = ("x" * 65_537, "y" * 300_000, "é" * 70_000)
CELLS = st.one_of(
    st.sampled_from(PLAUSIBLE),
    st.sampled_from(PLAUSIBLE),
    st.sampled_from(WEIRD),
    st.text(max_size=40),
    st.lists(st.sampled_from(PLAUSIBLE + WEIRD), max_size=4).map("".join),
)


def with_huge_cell(draw: st.DrawFn, rows: list[list[Any]]) -> list[list[Any]]:
    """Now and then one cell of a file becomes enormous (past the readers' limits)."""
    if rows and rows[0] and draw(st.integers(0, 9)) == 0:
        row = draw(st.sampled_from(rows))
        row[draw(st.integers(0, len(row) - 1))] = draw(st.sampled_from(HUGE))
    return rows


IDENTITY_COLUMNS = ("record_id", "given_name", "family_name", "date_of_birth", "sex", "a_number", "phone", "state")
EVENT_COLUMNS = ("Admit Until", "admission_class")


def accepted_columns(draw: st.DrawFn, events: bool) -> list[str]:
    """Columns an identity source (or, with ``events``, an entry source) accepts, in any order."""
    required = ["record_id", "event_date"] if events else ["record_id"]
    optional = IDENTITY_COLUMNS[1:] + (EVENT_COLUMNS if events else ())
    return draw(st.permutations(required + draw(st.lists(st.sampled_from(optional), max_size=6, unique=True))))


@st.composite
def csv_bytes(draw: st.DrawFn, events: bool = False) -> bytes:
    """A CSV file: header and rows built from plausible and hostile cells, written in many ways."""
    if draw(st.integers(0, 3)):  # mostly columns the source accepts, so that rows get validated
        columns = accepted_columns(draw, events)
    else:
        columns = draw(st.lists(COLUMNS, min_size=1, max_size=8))
    width = len(columns)
    rows = draw(st.lists(st.lists(CELLS, min_size=width, max_size=width), max_size=6))
    rows = [row if draw(st.integers(0, 9)) else row[: draw(st.integers(0, width + 1))] + ["x"] for row in rows]
    rows = with_huge_cell(draw, rows)
    buffer = io.StringIO()
    style = draw(st.sampled_from(("csv", "csv-crlf", "csv-all-quoted", "naive")))
    if style == "naive":  # joined without any quoting: stray quotes and newlines stay as they are
        buffer.write("\n".join(",".join(row) for row in [columns, *rows]))
    else:
        quoting = csv.QUOTE_ALL if style == "csv-all-quoted" else csv.QUOTE_MINIMAL
        writer = csv.writer(buffer, quoting=quoting, lineterminator="\r\n" if style == "csv-crlf" else "\n")
        writer.writerows([columns, *rows])
    return _encode(draw, buffer.getvalue())


def _encode(draw: st.DrawFn, text: str) -> bytes:
    encoding = draw(st.sampled_from(("utf-8",) * 6 + ("utf-8-sig", "utf-16", "latin-1")))
    data = text.encode(encoding, errors="replace")
    if draw(st.integers(0, 19)) == 0:  # one byte-level mutation: insert, delete or flip
        at = draw(st.integers(0, len(data)))
        op = draw(st.sampled_from(("insert", "delete", "flip")))
        byte = bytes([draw(st.integers(0, 255))])
        data = data[:at] + byte + data[at:] if op == "insert" else data[:at] + data[at + 1 :] if op == "delete" else (
            data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1 :] if at < len(data) else data
        )
    return data


JSON_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.sampled_from(PLAUSIBLE + WEIRD), st.text()
)
JSON_VALUES = st.recursive(JSON_SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner))
JUNK_LINES = (
    "[", "{", '"text"', "1", "NaN", "[]", "{}", "{\"record_id\": }", "1" * 5000, '{"record_id": ' + "9" * 5000 + "}",
    "[" * 100_000, '{"a":' * 50_000, '{"record_id": "R1", "given_name": "' + "z" * 300_000 + '"}',
)


@st.composite
def jsonl_bytes(draw: st.DrawFn, events: bool = False) -> bytes:
    """JSON Lines: objects over plausible and hostile keys and values, with junk lines among them."""
    lines = []
    for _ in range(draw(st.integers(0, 6))):
        keys = accepted_columns(draw, events) if draw(st.integers(0, 3)) else draw(st.lists(COLUMNS, max_size=6))
        values = st.one_of(st.sampled_from(PLAUSIBLE), st.sampled_from(PLAUSIBLE), st.integers(), JSON_VALUES)
        lines.append({key: draw(values) for key in ["record_id", *keys]})
    lines = [json.dumps(obj, ensure_ascii=draw(st.booleans())) for obj in lines]
    if draw(st.integers(0, 3)) == 0:  # a junk line somewhere
        junk = draw(st.sampled_from(JUNK_LINES) | st.text(max_size=30))
        lines.insert(draw(st.integers(0, len(lines))), junk)
    ending = draw(st.sampled_from(("\n", "\r\n", "\n\n")))
    return _encode(draw, ending.join(lines) + draw(st.sampled_from(("", ending))))


# ---- source declarations ------------------------------------------------------------------------

DECLARATION_KEYS = (
    "name", "kind", "legal_authority", "purposes", "authoritative_for_status", "retention_days", "columns",
    "description",
)
PLAIN = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20))
ANY_VALUE = st.recursive(PLAIN, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner))
KINDS = [k.value for k in RecordKind]
VALID: dict[str, st.SearchStrategy[Any]] = {
    "name": st.sampled_from(("entry_records", "x", "a_1")),
    "kind": st.sampled_from(KINDS),
    "legal_authority": st.sampled_from(("8 U.S.C. 1365a", " 28 U.S.C. 534 ")),
    "purposes": st.lists(st.sampled_from([p.value for p in Purpose]), min_size=1, max_size=3),
    "authoritative_for_status": st.just(False),
    "retention_days": st.integers(1, 40_000),
    "columns": st.dictionaries(st.sampled_from(JUNK_COLUMNS[:2] + ("Admit Until", "DOB")), st.sampled_from(
        ("given_name", "date_of_birth", "a_number"))),
    "description": st.text(max_size=20),
}
INVALID: dict[str, st.SearchStrategy[Any]] = {
    "name": st.sampled_from(("Bad Name", "a" * 61, "", "ñame", "x\x00")),
    "kind": st.sampled_from(("social_media", "", "IDENTITY", " entry")),
    "legal_authority": st.sampled_from((" ", "", "\t")),
    "purposes": st.sampled_from(([], ["marketing"], [["enforcement"]], [{"a": 1}], "enforcement", [None, 1.5])),
    "authoritative_for_status": st.sampled_from((True, 1, "yes", None)),
    "retention_days": st.sampled_from((0, -1, True, 1.5, "3650", 10**30)),
    "columns": st.sampled_from(
        ([], "x", {"a": 1}, {"a": ["given_name"]}, {"a": "loyalty_card"}, {"a": "sex", "b": "sex"})
    ),
    "description": st.sampled_from((None, 1, [])),
}


@st.composite
def declaration_dicts(draw: st.DrawFn) -> dict[Any, Any]:
    """Mostly-plausible declarations with some keys dropped, added or given hostile values."""
    data: dict[Any, Any] = {}
    for key in DECLARATION_KEYS:
        roll = draw(st.integers(0, 19))
        if roll == 0:
            continue
        data[key] = draw(ANY_VALUE) if roll == 1 else draw(INVALID[key]) if roll <= 3 else draw(VALID[key])
    for key in draw(st.lists(st.text(max_size=10) | st.integers(), max_size=1)):
        data[key] = draw(ANY_VALUE)
    return data


TOML_SNIPPETS = (
    'name = "entry_records"', 'kind = "entry"', 'legal_authority = "8 U.S.C. 1365a"', 'purposes = ["enforcement"]',
    "authoritative_for_status = false", "retention_days = 3650", "[columns]", '"Admit Until" = "admitted_until"',
    "purposes = [[\"enforcement\"]]", "retention_days = 1979-02-30", "name = ", "[[columns]]", "kind = 'entry'",
    'description = """open', "a = " + "[" * 5000, "x = {a = {b = {c = 1}}}", "\x00", "\ufeff", "= 1",
    "retention_days = 1e400", "purposes = [1, true, {a = 1}]", '"\\ud800" = 1', "name = '\u202e'",
)


VALID_TOML = (
    'name = "entry_records"', 'kind = "entry"', 'legal_authority = "8 U.S.C. 1365a"',
    'purposes = ["enforcement", "status_verification"]', "authoritative_for_status = false", "retention_days = 3650",
    "[columns]", '"Admit Until" = "admitted_until"',
)


@st.composite
def toml_texts(draw: st.DrawFn) -> bytes:
    """A valid declaration with a few lines dropped, repeated or replaced; or lines from nowhere."""
    if draw(st.booleans()):
        lines = draw(st.lists(st.sampled_from(TOML_SNIPPETS) | st.text(max_size=30), max_size=10))
    else:
        lines = list(VALID_TOML)
        for _ in range(draw(st.integers(0, 3))):
            at = draw(st.integers(0, len(lines) - 1)) if lines else 0
            op = draw(st.sampled_from(("drop", "repeat", "replace", "insert")))
            snippet = draw(st.sampled_from(TOML_SNIPPETS) | st.text(max_size=20))
            if op == "drop" and lines:
                del lines[at]
            elif op == "repeat" and lines:
                lines.insert(at, lines[at])
            elif op == "replace" and lines:
                lines[at] = snippet
            else:
                lines.insert(at, snippet)
    return _encode(draw, "\n".join(lines))


# ---- policy packs -------------------------------------------------------------------------------

YAML_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20), st.dates(),
    st.sampled_from(("public_safety", "convicted", "conviction_categories", "intersects", "is_true", "all", "any")),
)
YAML_VALUES = st.recursive(
    YAML_SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(YAML_SCALARS, inner, max_size=4)
)
YAML_TEXTS = (
    "a: 2001-02-30", "a: &x [*x]", "a: &x {all: [*x]}", "? [1, 2]\n: x", "!!python/object:os.system {}",
    "a: !!binary '###'", "a: !!int 'x'", "- " * 2000, "a: " + "[" * 3000, "\t- x", "a: b: c", "%YAML 9.9\n---\na: 1",
    "a: !!timestamp 2001-13-01", "a: !!float 'x'", "a: 0x" + "f" * 10, "<<: *undefined", "name: \u0000",
    "rules: [{id: r, ground: public_safety, description: d, weight: 1, when: &c {all: [*c]}}]",
)
