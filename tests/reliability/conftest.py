"""Reliability and security campaign: crash consistency, fuzzing, tampering, privacy.

Default runs are short; ``-m full`` (or ``-m "full or not full"``) runs the full campaign. Figures
(trials, generated inputs, durations, findings) are printed at the end of the session.
"""

from __future__ import annotations

from typing import Any

from tests.reliability.figures import FIGURES


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not FIGURES:
        return
    terminalreporter.write_sep("=", "reliability figures")
    for section, lines in FIGURES.items():
        terminalreporter.write_line(f"{section}:")
        for line in lines:
            terminalreporter.write_line(f"  {line}")
