"""Figures a campaign reports (trials, inputs, durations, findings), printed at the end of the run."""

from __future__ import annotations

import os

FIGURES: dict[str, list[str]] = {}


def record(section: str, line: str) -> None:
    FIGURES.setdefault(section, []).append(line)


def scaled(default: int, full: int, full_mode: bool, env: str) -> int:
    """``full`` in a full campaign, else ``default``; an environment variable overrides both."""
    if os.environ.get(env):
        return int(os.environ[env])
    return full if full_mode else default
