"""Bulk inserts and updates straight through the driver: ``executemany``, and COPY for inserts
on PostgreSQL.

SQLAlchemy Core builds a parameter dict per row, which costs more than SQLite's own insert; for
ingest and link runs (up to millions of rows) we hand the driver plain tuples instead. The statement is
still built by SQLAlchemy (quoting, dialect), only the per-row parameter processing is skipped.
Values must already be of the column's Python type (text, int, bool).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.exc import DBAPIError


def _placeholder(conn: Connection) -> str:
    return "?" if conn.dialect.paramstyle == "qmark" else "%s"


def insert_tuples(conn: Connection, table: Table, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> None:
    if not rows:
        return
    preparer = conn.dialect.identifier_preparer
    names = ", ".join(preparer.quote(c) for c in columns)
    if conn.dialect.name == "postgresql":
        _copy(conn, f"COPY {preparer.format_table(table)} ({names}) FROM STDIN", rows)
        return
    marks = ", ".join(_placeholder(conn) for _ in columns)
    sql = f"INSERT INTO {preparer.format_table(table)} ({names}) VALUES ({marks})"
    conn.exec_driver_sql(sql, list(rows))


def _copy(conn: Connection, sql: str, rows: Sequence[tuple[Any, ...]]) -> None:
    """Rows into PostgreSQL through COPY, in the connection's transaction: one stream, where
    ``executemany`` sends a statement per row and waits on each (the blocking index of a million
    records, 15.8M rows, is most of a full link's time there). Errors come wrapped as SQLAlchemy's
    own, as from any other statement."""
    dbapi_error = conn.dialect.loaded_dbapi.Error
    try:
        with conn.connection.driver_connection.cursor() as cursor, cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
    except dbapi_error as exc:
        raise DBAPIError.instance(sql, None, exc, dbapi_error) from exc


def update_tuples(
    conn: Connection, table: Table, key: str, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> None:
    """``UPDATE table SET columns WHERE key = ...`` once per row; each row is the new values in the
    order of ``columns``, then the key."""
    if not rows:
        return
    preparer = conn.dialect.identifier_preparer
    mark = _placeholder(conn)
    sets = ", ".join(f"{preparer.quote(c)} = {mark}" for c in columns)
    sql = f"UPDATE {preparer.format_table(table)} SET {sets} WHERE {preparer.quote(key)} = {mark}"
    conn.exec_driver_sql(sql, list(rows))
