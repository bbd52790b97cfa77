"""What the services need to run: settings, the database engine, the authorizer, the signing key.

Built once at the edge (CLI entry, ``create_app``) and passed down; nothing here runs at import.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cached_property
from typing import Any

from sqlalchemy import Connection, Engine

from docket.settings import Settings
from docket.store import wal_checkpoint
from docket.store.database import make_engine
from docket.store.group_commit import GroupCommit
from docket.store.wal_checkpoint import WalCheckpointer


@dataclass
class Runtime:
    settings: Settings
    engine: Engine = field(init=False)
    # Wall clock for deadlines (contest windows, request due dates); tests move it.
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))

    group: GroupCommit | None = field(init=False, default=None)
    checkpointer: WalCheckpointer | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self.engine = make_engine(self.settings.database_url, self.settings.sqlite_synchronous)
        if self.engine.dialect.name == "sqlite" and self.settings.group_commit:
            self.group = GroupCommit(self.engine)
        if wal_checkpoint.wanted(self.engine):
            self.checkpointer = WalCheckpointer(self.engine).start()

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One unit of work that writes audit leaves: committed before this returns, or rolled back.

        On SQLite, a unit of the group commit (``store/group_commit.py``): concurrent units share
        one durable commit. On PostgreSQL, its own transaction (the server batches WAL flushes)."""
        if self.group is None:
            with self.engine.begin() as conn:
                yield conn
        else:
            with self.group.unit() as conn:
                yield conn

    @cached_property
    def authorizer(self) -> Any:
        from docket.services.authz import Authorizer

        return Authorizer()

    @cached_property
    def signing_key(self) -> Any:
        from docket.services.keys import load_signing_key

        return load_signing_key(self.settings.signing_key_path)

    @cached_property
    def log_origin(self) -> str:
        from docket.services.keys import log_origin

        return log_origin(self.signing_key)

    def now(self) -> datetime:
        return self.clock()

    def today(self) -> date:
        return self.clock().date()

    def close(self) -> None:
        if self.group is not None:
            self.group.close()
        if self.checkpointer is not None:
            self.checkpointer.stop()
            self.checkpointer = None
        self.engine.dispose()


def open_runtime(settings: Settings) -> Runtime:
    return Runtime(settings)
