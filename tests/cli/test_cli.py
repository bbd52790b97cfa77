"""The command line through its entry point, on a temporary data dir."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest

from docket.cli.main import run
from docket.services.runtime import Runtime
from docket.settings import Settings
from tests.factories import IDENTITY_HEADER, IDENTITY_ROWS, write_csv, write_declaration


def docket(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """Run ``docket ARGS``; return the exit code and everything printed."""
    monkeypatch.setattr(sys, "argv", ["docket", *args])
    code = 0
    try:
        run()
    except SystemExit as exc:
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("DOCKET_DATA_DIR", str(tmp_path / "data"))
    return lambda *args: docket(monkeypatch, capsys, *args)


def test_init_twice_is_safe_and_says_so(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli("init")[0] == 0
    code, text = cli("init")
    assert code == 0 and "already initialised" in text
    key = tmp_path / "data" / "audit-signing.key"
    assert key.stat().st_mode & 0o777 == 0o600


def test_init_brings_an_earlier_versions_database_up_to_date_and_says_so(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """After an upgrade of Docket, ``docket init`` migrates the database, says from what to what, and
    leaves an audit leaf; run again, nothing changes."""
    from alembic import command
    from sqlalchemy import text

    from docket.store.database import _alembic_config, make_engine, schema_revision

    assert cli("init")[0] == 0
    engine = make_engine(f"sqlite:///{tmp_path / 'data' / 'docket.sqlite'}")
    head = schema_revision(engine)

    def leaves() -> int:
        with engine.connect() as conn:
            return int(conn.execute(text("SELECT count(*) FROM audit_leaves")).scalar_one())

    command.downgrade(_alembic_config(engine), "0008")
    before = leaves()
    code, said = cli("init")
    assert code == 0 and f"up to date (schema 0008 -> {head})" in said and schema_revision(engine) == head
    assert leaves() == before + 1
    assert "already initialised" in cli("init")[1] and leaves() == before + 1
    engine.dispose()


def test_declare_ingest_export(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cli("init")
    assert cli("sources", "add", str(write_declaration(tmp_path)))[0] == 0
    code, text = cli("ingest", "ids", str(write_csv(tmp_path / "ids.csv", IDENTITY_HEADER, IDENTITY_ROWS)))
    assert code == 0 and "Stored 3 records" in text
    assert cli("persons", "export", str(tmp_path / "out.csv"))[0] == 0
    rows = list(csv.DictReader((tmp_path / "out.csv").open()))
    assert [r["record_id"] for r in rows] == ["R0", "R1", "R2"] and len({r["person_id"] for r in rows}) == 3


def test_refusals_exit_1_and_name_the_column(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cli("init")
    cli("sources", "add", str(write_declaration(tmp_path)))
    bad = write_csv(tmp_path / "bad.csv", [*IDENTITY_HEADER, "loyalty_card"], [["B1", "A", "B", "1990-01-01", "", "x"]])
    code, text = cli("ingest", "ids", str(bad))
    assert code == 1 and "loyalty_card" in text


def test_usage_error_exits_2(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("ingest")[0] == 2


def test_unknown_acting_account_is_refused(cli) -> None:  # type: ignore[no-untyped-def]
    cli("init")
    code, text = cli("--as", "mallory", "sources", "list")
    assert code == 1 and "no account named 'mallory'" in text


def test_an_unusable_setting_is_refused_by_name(cli, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("DOCKET_SQLITE_SYNCHRONOUS", "sometimes")
    code, text = cli("init")
    assert code != 0 and "DOCKET_SQLITE_SYNCHRONOUS: 'sometimes' is not one of NORMAL, FULL, EXTRA" in text
    assert "internal error" not in text


def test_the_sqlite_synchronous_level_reaches_every_connection(cli, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    assert cli("init")[0] == 0
    for level, number in (("normal", 1), (None, 2)):  # FULL is the default
        if level:
            monkeypatch.setenv("DOCKET_SQLITE_SYNCHRONOUS", level)
        else:
            monkeypatch.delenv("DOCKET_SQLITE_SYNCHRONOUS", raising=False)
        rt = Runtime(Settings.from_env())
        with rt.transaction() as conn:
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == number
        rt.close()
