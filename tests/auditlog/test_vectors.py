"""The public RFC 9162 proof vectors (transparency-dev/merkle testdata), one test per file.

The folder is ``../shared/testdata/rfc9162-vectors`` beside the repository, or ``$DOCKET_RFC9162_VECTORS``.
A missing folder fails the run: silently skipping the vectors would leave the verifiers untested.
"""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path
from typing import Any

import pytest

from docket.auditlog import verify_consistency, verify_inclusion

VECTORS = Path(
    os.environ.get("DOCKET_RFC9162_VECTORS")
    or Path(__file__).parents[2].parent / "shared" / "testdata" / "rfc9162-vectors"
)


def _files(kind: str) -> list[Path]:
    files = sorted((VECTORS / kind).rglob("*.json"))
    # A placeholder keeps the parametrized test present (and failing) when the folder is missing.
    return files or [VECTORS / kind / "MISSING"]


def _load(path: Path) -> dict[str, Any]:
    assert path.is_file(), f"RFC 9162 vectors not found at {path.parent}; set DOCKET_RFC9162_VECTORS"
    return dict(json.loads(path.read_text()))


def _b64(value: str) -> bytes:
    return base64.b64decode(value)


def _proof(case: dict[str, Any]) -> list[bytes]:
    return [_b64(p) for p in case["proof"] or []]


def _id(path: Path) -> str:
    return path.relative_to(VECTORS).as_posix() if path.is_relative_to(VECTORS) else str(path)


def test_the_vectors_are_present() -> None:
    assert VECTORS.is_dir(), f"RFC 9162 vectors not found at {VECTORS}; set DOCKET_RFC9162_VECTORS"
    assert len(list((VECTORS / "inclusion").rglob("*.json"))) >= 90
    assert len(list((VECTORS / "consistency").rglob("*.json"))) >= 90


@pytest.mark.parametrize("path", _files("inclusion"), ids=_id)
def test_inclusion_vector(path: Path) -> None:
    case = _load(path)
    ok = verify_inclusion(case["leafIdx"], case["treeSize"], _b64(case["leafHash"]), _proof(case), _b64(case["root"]))
    assert ok is not case["wantErr"], case["desc"]


@pytest.mark.parametrize("path", _files("consistency"), ids=_id)
def test_consistency_vector(path: Path) -> None:
    case = _load(path)
    ok = verify_consistency(
        case["size1"], case["size2"], _b64(case["root1"]), _b64(case["root2"]), _proof(case)
    )
    assert ok is not case["wantErr"], case["desc"]
