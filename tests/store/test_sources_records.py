"""Sources, batches and records: round trips, provenance and the uniqueness the ingest relies on."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError

from docket.domain.vocabulary import Purpose, RecordKind
from docket.store import records_repo, sources_repo
from tests.store.rows import add_batch, add_records, add_source, declaration, record_row


def test_a_source_round_trips(engine: Engine) -> None:
    wanted = declaration(
        "entries",
        RecordKind.ENTRY,
        purposes=(Purpose.ENFORCEMENT, Purpose.STATUS_VERIFICATION),
        authoritative_for_status=True,
        retention_days=10,
        columns={"Admit Until": "admitted_until", "Nº A": "a_number"},
    )
    with engine.begin() as conn:
        source_id = sources_repo.add_source(conn, wanted, "ef" * 32, "operator")
    with engine.connect() as conn:
        assert sources_repo.find_source(conn, "entries") == (source_id, wanted, "ef" * 32)
        assert sources_repo.find_source(conn, "ENTRIES") is None  # names compare exactly
        assert sources_repo.find_source(conn, "nope") is None


def test_sources_list_by_name_and_names_are_unique(engine: Engine) -> None:
    with engine.begin() as conn:
        for name in ("zeta", "alpha", "mid"):
            add_source(conn, name)
    with engine.connect() as conn:
        listed = sources_repo.list_sources(conn)
    assert [d.name for _, d, _ in listed] == ["alpha", "mid", "zeta"]
    assert all(at.endswith("Z") for _, _, at in listed)
    with pytest.raises(IntegrityError), engine.begin() as conn:
        add_source(conn, "alpha")


def test_a_batch_round_trips_and_is_found_by_file_hash(engine: Engine) -> None:
    with engine.begin() as conn:
        source_id = add_source(conn)
        batch_id = add_batch(conn, source_id, "01" * 32)
        records_repo.finish_batch(conn, batch_id, 7, 2)
    with engine.connect() as conn:
        batch = records_repo.find_batch(conn, source_id, "01" * 32)
        assert records_repo.find_batch(conn, source_id, "02" * 32) is None
        history = records_repo.batch_history(conn)
    assert batch is not None
    assert (batch.id, batch.row_count, batch.skipped_count, batch.file_format) == (batch_id, 7, 2, "csv")
    assert [(h["id"], h["source"], h["ingested_by"]) for h in history] == [(batch_id, "ids", "operator")]
    with pytest.raises(IntegrityError), engine.begin() as conn:
        add_batch(conn, source_id, "01" * 32)


def test_batch_history_is_newest_first_and_pages(engine: Engine) -> None:
    with engine.begin() as conn:
        source_id = add_source(conn)
        ids = [add_batch(conn, source_id, f"{n:064x}") for n in range(5)]
    with engine.connect() as conn:
        assert [h["id"] for h in records_repo.batch_history(conn)] == ids[::-1]
        assert [h["id"] for h in records_repo.batch_history(conn, limit=2, offset=1)] == ids[3:1:-1]


def test_inserted_records_come_back_with_their_keys_in_order(engine: Engine) -> None:
    record_ids = [f"R{n:05d}" for n in range(2500)]  # more rows than one multi-row INSERT carries
    with engine.begin() as conn:
        keys = add_records(conn, record_ids, given_name="Ana")
    assert len(keys) == len(set(keys)) == 2500
    with engine.connect() as conn:
        assert records_repo.count_records(conn) == 2500
        for index in (0, 1, 1234, 2499):
            found = records_repo.record_by_key(conn, keys[index])
            assert found is not None
            assert (found["record_id"], found["line"], found["source"]) == (record_ids[index], index + 2, "ids")
        assert records_repo.record_by_key(conn, max(keys) + 1) is None


def test_record_by_key_returns_only_present_fields(engine: Engine) -> None:
    with engine.begin() as conn:
        (key,) = add_records(conn, ["E1"], kind="entry", given_name="Ana", admitted_until="2020-07-01")
    with engine.connect() as conn:
        found = records_repo.record_by_key(conn, key)
    assert found is not None
    assert {k: v for k, v in found.items() if k not in ("key", "batch_id")} == {
        "record_id": "E1",
        "given_name": "Ana",
        "admitted_until": "2020-07-01",
        "source": "ids",
        "kind": "entry",
        "line": 2,
    }


def test_a_record_id_is_unique_within_its_source_only(engine: Engine) -> None:
    with engine.begin() as conn:
        add_records(conn, ["R1", "R2"], source="a")
        add_records(conn, ["R1"], source="b")
    with pytest.raises(IntegrityError), engine.begin() as conn:
        add_records(conn, ["R3", "R1"], source="a")
    with engine.connect() as conn:
        assert records_repo.count_records(conn) == 3  # the failed batch left nothing behind
        assert len(records_repo.batch_history(conn)) == 2


def test_existing_record_ids_across_chunks(engine: Engine) -> None:
    with engine.begin() as conn:
        add_records(conn, [f"R{n}" for n in range(0, 2000, 2)])
        other = add_records(conn, ["R1"], source="other")
    asked = [f"R{n}" for n in range(2000)]
    with engine.connect() as conn:
        source_id = sources_repo.find_source(conn, "ids")
        assert source_id is not None
        found = records_repo.existing_record_ids(conn, source_id[0], asked)
        assert records_repo.existing_record_ids(conn, source_id[0], []) == set()
    assert found == {f"R{n}" for n in range(0, 2000, 2)} and other


def test_a_record_needs_an_existing_batch(engine: Engine) -> None:
    with engine.begin() as conn:
        source_id = add_source(conn)
    with pytest.raises(IntegrityError), engine.begin() as conn:
        records_repo.insert_records(conn, [record_row(source_id, 999, 2, "R1")])
    with engine.begin() as conn:
        assert records_repo.insert_records(conn, []) == []
