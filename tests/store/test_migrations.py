"""Alembic's history, run to head, builds exactly the tables that ``schema.metadata`` declares."""

from __future__ import annotations

from importlib import resources
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, UniqueConstraint, inspect, text

from docket.store.database import is_initialised, upgrade
from docket.store.schema import metadata


def type_name(engine: Engine, column_type: Any) -> str:
    return str(column_type.compile(dialect=engine.dialect))


def test_upgrade_creates_every_table(engine: Engine) -> None:
    tables = set(inspect(engine).get_table_names())
    assert tables == {*metadata.tables, "alembic_version"}


def test_every_column_has_the_declared_type_and_nullability(engine: Engine) -> None:
    inspector = inspect(engine)
    for table in metadata.sorted_tables:
        reflected = inspector.get_columns(table.name)
        assert [c["name"] for c in reflected] == [c.name for c in table.columns], table.name
        for declared, found in zip(table.columns, reflected, strict=True):
            where = f"{table.name}.{declared.name}"
            assert type_name(engine, found["type"]) == type_name(engine, declared.type), where
            assert found["nullable"] == declared.nullable, where


def test_keys_constraints_and_indexes_match(engine: Engine) -> None:
    inspector = inspect(engine)
    for table in metadata.sorted_tables:
        name = table.name
        assert inspector.get_pk_constraint(name)["constrained_columns"] == [c.name for c in table.primary_key], name
        unique = {tuple(u["column_names"]) for u in inspector.get_unique_constraints(name)}
        declared_unique = {
            tuple(c.name for c in u.columns) for u in table.constraints if isinstance(u, UniqueConstraint)
        }
        declared_unique |= {(c.name,) for c in table.columns if c.unique}
        assert unique == declared_unique, name
        foreign = {
            (tuple(f["constrained_columns"]), f["referred_table"], (f.get("options") or {}).get("ondelete"))
            for f in inspector.get_foreign_keys(name)
        }
        declared_foreign = {((fk.parent.name,), fk.column.table.name, fk.ondelete) for fk in table.foreign_keys}
        assert foreign == declared_foreign, name
        indexes = {tuple(i["column_names"]) for i in inspector.get_indexes(name) if not i.get("unique")}
        declared_indexes = {tuple(c.name for c in i.columns) for i in table.indexes if not i.unique}
        assert indexes == declared_indexes, name


def test_autogenerate_finds_nothing_to_migrate(engine: Engine) -> None:
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []


def test_upgrade_is_idempotent_and_recorded(bare_engine: Engine) -> None:
    assert not is_initialised(bare_engine)
    upgrade(bare_engine)
    upgrade(bare_engine)
    assert is_initialised(bare_engine)
    with bare_engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
    assert current == ScriptDirectory(str(resources.files("docket.store") / "migrations")).get_current_head()


def test_0009_keeps_the_blocking_index_and_drops_only_its_foreign_key(bare_engine: Engine) -> None:
    """A store indexed before 0009 keeps every index row through the upgrade (SQLite copies the
    table); downgraded, rows of records gone are dropped and the foreign key is back."""
    from alembic import command

    from docket.store.database import _alembic_config
    from tests.store.rows import add_records

    config = _alembic_config(bare_engine)
    command.upgrade(config, "0008")
    with bare_engine.begin() as conn:
        keys = add_records(conn, ["r1", "r2"])
        conn.execute(text("INSERT INTO blocking_keys (record_key, rule, key_hash) VALUES "
                          f"({keys[0]}, 0, -5), ({keys[0]}, 3, 7), ({keys[1]}, 0, 9)"))
    command.upgrade(config, "head")
    rows = "SELECT record_key, rule, key_hash FROM blocking_keys ORDER BY record_key, rule"
    with bare_engine.connect() as conn:
        assert [tuple(r) for r in conn.execute(text(rows))] == [(keys[0], 0, -5), (keys[0], 3, 7), (keys[1], 0, 9)]
        assert inspect(conn).get_foreign_keys("blocking_keys") == []
        assert {ix["name"] for ix in inspect(conn).get_indexes("blocking_keys")} == {"ix_blocking_keys_key_hash"}
    with bare_engine.begin() as conn:
        conn.execute(text(f"INSERT INTO blocking_keys (record_key, rule, key_hash) VALUES ({max(keys) + 99}, 0, 1)"))
    command.downgrade(config, "0008")
    with bare_engine.connect() as conn:
        assert [tuple(r) for r in conn.execute(text(rows))] == [(keys[0], 0, -5), (keys[0], 3, 7), (keys[1], 0, 9)]
        assert [fk["referred_table"] for fk in inspect(conn).get_foreign_keys("blocking_keys")] == ["records"]
