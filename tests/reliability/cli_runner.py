"""Run ``docket`` commands in this process, through the console entry ``docket.cli.main:run``.

The same entry, argument parsing, error boundary and exit codes as the installed command, without
paying for a new interpreter each time (the crash harness pays for that only where it must).
"""

from __future__ import annotations

import contextlib
import io
import logging
import sys
from dataclasses import dataclass
from pathlib import Path

from docket.cli.main import run


@dataclass(frozen=True)
class Outcome:
    args: tuple[str, ...]
    code: int
    out: str
    err: str
    log: str = ""

    @property
    def text(self) -> str:
        return self.out + self.err

    def ok(self) -> Outcome:
        """This outcome, after asserting the command exited 0 (with its output in the failure)."""
        assert self.code == 0, f"docket {' '.join(self.args)} exited {self.code}:\n{self.text}"
        return self


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.name}:{record.levelname}:{record.getMessage()}")


def docket(data_dir: Path, *args: str, acting_as: str | None = None) -> Outcome:
    """``docket --data-dir DATA_DIR [--as USER] ARGS``: exit code, stdout, stderr and log records."""
    argv = ["docket", "--data-dir", str(data_dir), *(["--as", acting_as] if acting_as else []), *args]
    out, err, handler = io.StringIO(), io.StringIO(), _Collect()
    root = logging.getLogger()
    saved_argv, saved_level = sys.argv, root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    sys.argv = argv
    code = 0
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                run()
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        sys.argv = saved_argv
        root.removeHandler(handler)
        root.setLevel(saved_level)
    return Outcome(tuple(args), code, out.getvalue(), err.getvalue(), "\n".join(handler.lines))
