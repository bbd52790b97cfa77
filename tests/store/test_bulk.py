"""Bulk writes (``store.bulk``): COPY on PostgreSQL, the driver's executemany on SQLite. Both keep
every value as given and fail as any other statement would."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError

from docket.store.blocking_repo import COLUMNS
from docket.store.bulk import insert_tuples
from docket.store.schema import blocking_keys, records
from tests.store.rows import add_records

AWKWARD = "Tab\there, new\nline, back\\slash, \\N, 'quote', \"dq\", Ñúñez, 王"


def test_bulk_inserts_keep_every_value(engine: Engine) -> None:
    with engine.begin() as conn:
        keys = add_records(conn, ["r1", "r\t2"], family_name=AWKWARD)
        entries = [(keys[0], 0, -(2**63)), (keys[0], 1, 2**63 - 1), (keys[1], 0, 0)]
        insert_tuples(conn, blocking_keys, COLUMNS, entries)
    with engine.connect() as conn:
        stored = conn.execute(select(records.c.record_id, records.c.family_name, records.c.middle_name)
                              .order_by(records.c.id)).all()
        assert [tuple(r) for r in stored] == [("r1", AWKWARD, None), ("r\t2", AWKWARD, None)]
        assert sorted(tuple(r) for r in conn.execute(select(blocking_keys))) == sorted(entries)


def test_a_failed_bulk_insert_raises_sqlalchemys_error_and_stores_nothing(engine: Engine) -> None:
    with engine.begin() as conn:
        key = add_records(conn, ["r1"])[0]
        insert_tuples(conn, blocking_keys, COLUMNS, [(key, 0, 1)])
    with pytest.raises(IntegrityError), engine.begin() as conn:
        insert_tuples(conn, blocking_keys, COLUMNS, [(key, 1, 2), (key, 0, 3)])  # the second repeats a key
    with engine.connect() as conn:
        assert [tuple(r) for r in conn.execute(select(blocking_keys))] == [(key, 0, 1)]
