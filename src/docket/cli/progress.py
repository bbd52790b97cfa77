"""A progress bar for long ingests: only on a terminal, only once a file passes 50,000 rows."""

from __future__ import annotations

import sys
from types import TracebackType

from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

THRESHOLD = 50_000


class RowProgress:
    def __init__(self, label: str, threshold: int = THRESHOLD) -> None:
        self.label = label
        self.threshold = threshold
        self._bar: Progress | None = None
        self._task: object = None
        self._tty = sys.stdout.isatty()

    def update(self, rows: int) -> None:
        if not self._tty or rows < self.threshold:
            return
        if self._bar is None:
            self._bar = Progress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                TextColumn("{task.completed} rows"),
                TimeElapsedColumn(),
                transient=True,
            )
            self._bar.start()
            self._task = self._bar.add_task(self.label, total=None)
        self._bar.update(self._task, completed=rows)  # type: ignore[arg-type]

    def __enter__(self) -> RowProgress:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        if self._bar is not None:
            self._bar.stop()
