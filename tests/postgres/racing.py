"""A second transaction in its own thread, for tests of what waits for what on PostgreSQL."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, Engine


class InTransaction(threading.Thread):
    """Runs ``work(conn)`` in its own transaction. ``result`` is what it returned, or the exception
    it raised (handed to the test thread); ``returned_at`` is when it returned, before the commit."""

    def __init__(self, engine: Engine, work: Callable[[Connection], Any]) -> None:
        super().__init__(daemon=True)
        self.engine, self.work = engine, work
        self.result: Any = None
        self.returned_at: float | None = None

    def run(self) -> None:
        try:
            with self.engine.begin() as conn:
                self.result = self.work(conn)
                self.returned_at = time.monotonic()
        except BaseException as exc:  # handed to the test thread
            self.result = exc
