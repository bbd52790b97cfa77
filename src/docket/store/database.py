"""Engine creation and migrations.

SQLite is the default (one file in the data dir, WAL, foreign keys on); PostgreSQL by URL. The
schema is created and upgraded only through Alembic so both back ends follow one history.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.exc import SQLAlchemyError

from docket.errors import StorageError
from docket.store.wal_checkpoint import FALLBACK_PAGES

MMAP_BYTES = 8 << 30


def _sqlite_pragmas(synchronous: str) -> Callable[[Any, Any], None]:
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA synchronous={synchronous}")
        cursor.execute("PRAGMA busy_timeout=10000")
        # Reads through a memory map of the file, not read() calls into a 2 MB page cache: a match at
        # a million records reads ~10 candidates' rows scattered over a 1 GB file (p50 7.4 -> 4.9 ms
        # in bench_incremental at 994k records). Address space only; the OS page cache holds the pages.
        cursor.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
        # Checkpoints run in the background (wal_checkpoint.py); this one only if that falls behind.
        cursor.execute(f"PRAGMA wal_autocheckpoint={FALLBACK_PAGES}")
        cursor.close()

    return on_connect


def make_engine(url: str, synchronous: str = "FULL") -> Engine:
    """An engine for ``url``; SQLite files get WAL, foreign keys and ``synchronous`` (a level that
    ``Settings`` validated) on every connection."""
    try:
        if url.startswith("sqlite"):
            engine = create_engine(url, connect_args={"check_same_thread": False})
            event.listen(engine, "connect", _sqlite_pragmas(synchronous))
        else:
            engine = create_engine(url, pool_pre_ping=True)
    except (SQLAlchemyError, ImportError) as exc:
        raise StorageError(f"cannot open database {_redact(url)}: {exc}") from exc
    return engine


@contextmanager
def whole_store_pass(conn: Connection) -> Iterator[None]:
    """For work that reads and writes most of the store (a full link), on SQLite meanwhile:

    - reads go through SQLite's own page cache instead of the memory map. Every page read through
      the map stays in the process's resident memory (~0.4 GB of a million records' store, on top
      of the link's own), and a pass in key order gains nothing from it;
    - sorts (building an index again over 15M rows) may use helper threads: 9 s became 7 s.

    The connection is as before for its next user."""
    if conn.dialect.name != "sqlite":
        yield
        return
    conn.exec_driver_sql("PRAGMA mmap_size=0")
    conn.exec_driver_sql(f"PRAGMA threads={min(4, os.cpu_count() or 1)}")
    try:
        yield
    finally:
        # Only settings are restored: if the connection broke meanwhile, the error that broke it is
        # the one to report, and a broken connection is discarded by the pool anyway.
        with suppress(SQLAlchemyError):
            conn.exec_driver_sql(f"PRAGMA mmap_size={MMAP_BYTES}")
            conn.exec_driver_sql("PRAGMA threads=0")


LINKAGE_LOCK = "docket:linkage"


def hold_lock(conn: Connection, name: str) -> None:
    """Wait for the lock ``name``, then hold it until the transaction ends: on PostgreSQL a
    transaction-level advisory lock, so that work of one kind runs one at a time (``LINKAGE_LOCK``:
    everything that changes who is linked to whom, or reads and writes the blocking index). SQLite
    runs one writing transaction at a time anyway."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", (name,))


def _redact(url: str) -> str:
    """The URL without its password, for messages."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        return f"{scheme}://***@{rest.split('@', 1)[1]}"
    return url


def _alembic_config(engine: Engine) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(str(resources.files("docket.store"))) / "migrations"))
    config.attributes["engine"] = engine
    return config


def is_initialised(engine: Engine) -> bool:
    try:
        return inspect(engine).has_table("alembic_version")
    except SQLAlchemyError as exc:
        raise StorageError(f"cannot read database: {exc}") from exc


def schema_revision(engine: Engine) -> str | None:
    """The migration the database is at (None before the first)."""
    from alembic.migration import MigrationContext

    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    except SQLAlchemyError as exc:
        raise StorageError(f"cannot read database: {exc}") from exc


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration."""
    from alembic import command

    try:
        command.upgrade(_alembic_config(engine), "head")
    except SQLAlchemyError as exc:
        raise StorageError(f"cannot migrate database: {exc}") from exc
