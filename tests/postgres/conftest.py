"""PostgreSQL-only fixtures: a migrated engine, and a service runtime, on a fresh schema per test.

Every test here is marked ``postgres`` and skipped when ``DOCKET_TEST_POSTGRES_URL`` is unset.
``rt`` overrides the SQLite runtime of tests/conftest.py for the tests collected in this directory.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from docket.services.accounts import initialise
from docket.services.runtime import Runtime
from docket.settings import Settings
from docket.store.database import make_engine, upgrade
from tests.store.backends import fresh_postgres_url


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A URL onto an empty schema of its own."""
    with fresh_postgres_url() as url:
        yield url


@pytest.fixture
def pg_engine(pg_url: str) -> Iterator[Engine]:
    engine = make_engine(pg_url)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def rt(tmp_path: Path, pg_url: str) -> Iterator[Runtime]:
    """An initialised runtime whose database is PostgreSQL (the data dir still holds key and documents)."""
    runtime = Runtime(Settings(data_dir=(tmp_path / "data").resolve(), database_url=pg_url))
    initialise(runtime)
    yield runtime
    runtime.close()
