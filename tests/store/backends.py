"""Where the contract suite runs: a fresh SQLite file, or a fresh schema on a PostgreSQL server.

The server is named by ``DOCKET_TEST_POSTGRES_URL`` (``scripts/postgres-test-server`` starts one and
prints it). Each test gets its own schema, reached through the connection's ``search_path``, and the
schema is dropped afterwards, so tests never see each other's rows and the server keeps nothing.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, make_url, text

POSTGRES_ENV = "DOCKET_TEST_POSTGRES_URL"
# A test that waits on a lock for this long has deadlocked: fail it rather than hang CI.
LOCK_TIMEOUT = "30s"


def postgres_url() -> str:
    """The server's URL, or skip the test when none is configured."""
    url = os.environ.get(POSTGRES_ENV, "")
    if not url:
        pytest.skip(f"{POSTGRES_ENV} is not set (start one with scripts/postgres-test-server)")
    return url


def with_search_path(url: str, schema: str) -> str:
    """``url`` with every connection's ``search_path`` set to ``schema``."""
    options = f"-csearch_path={schema} -clock_timeout={LOCK_TIMEOUT}"
    return make_url(url).update_query_dict({"options": options}).render_as_string(hide_password=False)


@contextmanager
def fresh_postgres_url() -> Iterator[str]:
    """A URL onto a new, empty schema, dropped (with everything in it) when the block ends."""
    server = postgres_url()
    schema = f"t_{os.getpid()}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        yield with_search_path(server, schema)
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    finally:
        admin.dispose()
