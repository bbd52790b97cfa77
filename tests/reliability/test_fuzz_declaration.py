"""Fuzzing the source-declaration loader: random dicts into ``parse_declaration``, random TOML-ish
bytes into ``read_declaration``. A declaration is accepted or refused with a ``SourceError`` whose
every problem names the file (or the place given) and the key at fault."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest

from docket.domain.records import SourceDeclaration
from docket.errors import DocketError
from docket.ingest.declaration import KNOWN_KEYS, parse_declaration, read_declaration
from tests.reliability.fuzzing import examples, refusal, run_fuzz
from tests.reliability.strategies import declaration_dicts, toml_texts

WHERE = "fuzzed.toml"
_names = itertools.count()


def parse_dict(data: dict[Any, Any]) -> str:
    try:
        declaration = parse_declaration(data, WHERE)
    except DocketError as error:
        refusal(error, WHERE)
        keys = KNOWN_KEYS | {str(key) for key in data}
        for problem in error.errors:
            rest = problem.removeprefix(f"{WHERE}: ")
            assert any(rest.startswith(key) for key in keys), f"problem names no key of the input: {problem!r}"
        return "refused"
    assert isinstance(declaration, SourceDeclaration)
    return "accepted"


def read_toml(folder: Path, data: bytes) -> str:
    path = folder / f"decl-{next(_names)}.toml"
    path.write_bytes(data)
    try:
        read_declaration(path)
    except DocketError as error:
        return refusal(error, str(path))
    finally:
        path.unlink()
    return "accepted"


def _fuzz(folder: Path, full: bool) -> None:
    run_fuzz("declaration dicts", declaration_dicts(), parse_dict, examples(full))
    run_fuzz("declaration TOML files", toml_texts(), lambda data: read_toml(folder, data), examples(full))


def test_hostile_declarations_are_refused_naming_file_and_key(tmp_path: Path) -> None:
    _fuzz(tmp_path, full=False)


@pytest.mark.full
def test_hostile_declarations_full_campaign(tmp_path: Path) -> None:
    _fuzz(tmp_path, full=True)
