"""Docs tests: every CLI command, setting and audit event name is documented in docs/reference.md."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from typer.main import get_command

from docket.cli.main import app
from docket.services.authz import Action

REFERENCE = Path(__file__).resolve().parents[1] / "docs" / "reference.md"
# Audit actions written outside Cedar decisions (bootstrap, sign-in, per-batch purge leaves).
EXTRA_EVENTS = ("init", "sign_in", "purge_batch")
SETTINGS = (
    "DOCKET_DATA_DIR",
    "DOCKET_DATABASE_URL",
    "DOCKET_POLICY_PACK",
    "DOCKET_SESSION_SECRET",
    "DOCKET_SQLITE_SYNCHRONOUS",
    "DOCKET_SPARK_MASTER",
)


def command_paths(command: Any, prefix: tuple[str, ...] = ()) -> Iterator[str]:
    children = getattr(command, "commands", None)
    if children:
        for name, sub in children.items():
            yield from command_paths(sub, (*prefix, name))
    elif prefix:
        yield " ".join(prefix)


def documented() -> str:
    return REFERENCE.read_text(encoding="utf-8")


def test_every_command_is_documented() -> None:
    text = documented()
    missing = [p for p in command_paths(get_command(app)) if f"`docket {p}" not in text]
    assert missing == []


def test_every_setting_is_documented() -> None:
    text = documented()
    assert [s for s in SETTINGS if f"`{s}`" not in text] == []
    source = (Path(__file__).resolve().parents[1] / "src" / "docket" / "settings.py").read_text()
    assert set(re.findall(r'"(DOCKET_[A-Z_]+)"', source)) <= set(SETTINGS)


def test_every_audit_event_name_is_documented() -> None:
    text = documented()
    names = [a.value for a in Action] + list(EXTRA_EVENTS)
    assert [n for n in names if f"`{n}`" not in text] == []
