"""The contract fixtures: every test in tests/store runs on SQLite and, when a server is configured,
on PostgreSQL, each time against a freshly migrated, empty schema."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from docket.store.database import make_engine, upgrade
from tests.store.backends import fresh_postgres_url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.sqlite'}"
        return
    with fresh_postgres_url() as url:
        yield url


@pytest.fixture
def bare_engine(database_url: str) -> Iterator[Engine]:
    """An engine on the empty database, before any migration."""
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def engine(bare_engine: Engine) -> Engine:
    """An engine on a database migrated to head by Alembic, as ``docket init`` leaves it."""
    upgrade(bare_engine)
    return bare_engine
