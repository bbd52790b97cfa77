"""Timestamps as ISO-8601 UTC text (portable across SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")
