"""Rendering helpers shared by the commands: errors, tables and JSON."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import Any

from rich.console import Console
from rich.table import Table

from docket.errors import DocketError

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def show_error(error: DocketError) -> None:
    err.print(f"error: {error.message}", markup=False)
    for line in error.errors:
        if line not in error.message:
            err.print(f"  {line}", markup=False)
    if getattr(error, "policy_ids", None):
        err.print(f"  decided by policy: {', '.join(error.policy_ids)}", markup=False)  # type: ignore[attr-defined]


def say(text: str) -> None:
    out.print(text, markup=False)


def table(title: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    grid = Table(title=title)
    for column in columns:
        grid.add_column(column)
    for row in rows:
        grid.add_row(*("" if v is None else str(v) for v in row))
    out.print(grid)


def as_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")
