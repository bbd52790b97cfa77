"""Engine creation and migrations.

SQLite is the default (one file in the data dir, WAL, foreign keys on); PostgreSQL by URL. The
schema is created and upgraded only through Alembic so both back ends follow one history.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect
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


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration."""
    from alembic import command

    try:
        command.upgrade(_alembic_config(engine), "head")
    except SQLAlchemyError as exc:
        raise StorageError(f"cannot migrate database: {exc}") from exc
