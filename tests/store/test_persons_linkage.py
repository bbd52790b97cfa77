"""Memberships, person events, link decisions (appended, superseded) and the linkage frame."""

from __future__ import annotations

import json

import pandas as pd
from sqlalchemy import Engine, inspect, select

from docket.store import blocking_repo, linkage_repo, persons_repo, retention_repo
from docket.store.schema import blocking_keys, link_decisions, memberships, person_events, sources
from tests.store.rows import add_records


def test_singletons_get_fresh_sequential_person_ids(engine: Engine) -> None:
    with engine.begin() as conn:
        first = persons_repo.add_singletons(conn, add_records(conn, ["R1", "R2"]))
        second = persons_repo.add_singletons(conn, add_records(conn, ["R3"], source="other"))
        assert persons_repo.add_singletons(conn, []) == []
    assert (first, second) == (["P00000001", "P00000002"], ["P00000003"])
    with engine.connect() as conn:
        assert persons_repo.person_exists(conn, "P00000003") and not persons_repo.person_exists(conn, "P00000004")
        assert persons_repo.person_of_record(conn, "ids", "R2") is not None
        assert persons_repo.person_of_record(conn, "ids", "R3") is None
        created = conn.execute(select(person_events).order_by(person_events.c.id)).all()
        verified = set(conn.execute(select(memberships.c.verified)).scalars())
    assert [(e.kind, json.loads(e.after)) for e in created] == [
        ("created", ["P00000001", "P00000002"]),
        ("created", ["P00000003", "P00000003"]),
    ]
    assert verified == {True}


def test_export_is_ordered_by_source_then_record_id(engine: Engine) -> None:
    with engine.begin() as conn:
        persons_repo.add_singletons(conn, add_records(conn, ["b2", "a1", "b10"], source="zeta"))
        persons_repo.add_singletons(conn, add_records(conn, ["x"], source="alpha"))
    with engine.connect() as conn:
        exported = list(persons_repo.export_rows(conn))
    assert [(s, r) for s, r, _ in exported] == [("alpha", "x"), ("zeta", "a1"), ("zeta", "b10"), ("zeta", "b2")]


def test_moving_records_links_them_into_one_person(engine: Engine) -> None:
    with engine.begin() as conn:
        keys = add_records(conn, ["R1", "R2", "R3"], given_name="Ana")
        people = persons_repo.add_singletons(conn, keys)
        persons_repo.move_records(conn, keys[1:], people[0], False, "0.87", "m1")
    with engine.connect() as conn:
        rows = persons_repo.records_of_person(conn, people[0])
        assert not persons_repo.person_exists(conn, people[1])
        assert linkage_repo.membership_map(conn) == dict.fromkeys(keys, people[0])
        assert linkage_repo.membership_rows(conn)[keys[2]] == (people[0], False, "0.87")
    assert [r.record_id for r in rows] == ["R1", "R2", "R3"]
    assert [(bool(r.verified), r.match_probability) for r in rows] == [(True, None), (False, "0.87"), (False, "0.87")]
    assert rows[0].source == "ids" and json.loads(rows[0].source_purposes) and len(rows[0].file_sha256) == 64


def test_update_memberships_and_person_events(engine: Engine) -> None:
    with engine.begin() as conn:
        keys = add_records(conn, ["R1", "R2"])
        people = persons_repo.add_singletons(conn, keys)
        changed = linkage_repo.update_memberships(conn, [(keys[1], people[0], True, "0.9995", "m2")])
        linkage_repo.add_person_events(conn, [("merge", people, people[:1], "linked")], "m2")
        assert linkage_repo.update_memberships(conn, []) == 0
        assert linkage_repo.add_person_events(conn, [], None) == 0
    with engine.connect() as conn:
        assert linkage_repo.membership_rows(conn) == {
            keys[0]: (people[0], True, None),
            keys[1]: (people[0], True, "0.9995"),
        }
        merge = conn.execute(select(person_events).where(person_events.c.kind == "merge")).one()
    assert changed == 1
    assert (json.loads(merge.before), json.loads(merge.after), merge.model_version) == (people, people[:1], "m2")


def test_a_bulk_membership_update_builds_the_person_index_again(engine: Engine, monkeypatch) -> None:
    """Past ``_REINDEX_AT`` rows (a full link) the person index is dropped and built again after."""
    monkeypatch.setattr(linkage_repo, "_REINDEX_AT", 2)
    with engine.begin() as conn:
        keys = add_records(conn, ["R1", "R2", "R3"])
        people = persons_repo.add_singletons(conn, keys)
        assert linkage_repo.update_memberships(conn, [(k, people[0], False, "0.97", "m3") for k in keys[1:]]) == 2
    with engine.connect() as conn:
        assert linkage_repo.membership_rows(conn) == {
            keys[0]: (people[0], True, None), keys[1]: (people[0], False, "0.97"), keys[2]: (people[0], False, "0.97")}
        assert not persons_repo.person_exists(conn, people[2])
        indexes = {ix["name"] for ix in inspect(conn).get_indexes("memberships")}
    assert "ix_memberships_person_id" in indexes


def test_a_new_link_decision_supersedes_the_old_one_on_the_same_pair(engine: Engine) -> None:
    with engine.begin() as conn:
        a, b, c = add_records(conn, ["R1", "R2", "R3"])
        first = linkage_repo.add_decision(conn, b, a, "must_link", "same A-number", "rita")
        other = linkage_repo.add_decision(conn, a, c, "cannot_link", "different people", "rita")
    with engine.begin() as conn:
        second = linkage_repo.add_decision(conn, a, b, "cannot_link", "twins", "raj")
    with engine.connect() as conn:
        active = sorted(linkage_repo.active_decisions(conn))
        history = conn.execute(select(link_decisions).order_by(link_decisions.c.id)).all()
    assert active == [(a, b, "cannot_link"), (a, c, "cannot_link")]
    assert [(h.id, h.record_a, h.record_b, h.superseded_by) for h in history] == [
        (first, a, b, second),
        (other, a, c, None),
        (second, a, b, None),
    ]
    assert history[0].reviewer == "rita" and history[0].decision == "must_link"  # kept, never rewritten


def test_models_are_stored_once_and_the_latest_is_read(engine: Engine) -> None:
    with engine.begin() as conn:
        assert linkage_repo.latest_model(conn) is None
        linkage_repo.save_model(conn, "v1", '{"m": 1}', 10)
    with engine.begin() as conn:
        linkage_repo.save_model(conn, "v2", '{"m": 2}', 20)
        linkage_repo.save_model(conn, "v1", '{"m": "ignored"}', 99)
    with engine.connect() as conn:
        assert linkage_repo.latest_model(conn) == '{"m": 2}'


def test_linkage_input_flags_protected_status_and_adverse_records(engine: Engine) -> None:
    with engine.begin() as conn:
        add_records(conn, ["I1"], given_name="Ana")
        add_records(conn, ["G1"], source="grants", kind="status_grant", status="naturalized_citizen")
        add_records(conn, ["G2"], source="claims", kind="status_grant", status="naturalized_citizen")
        add_records(conn, ["E1"], source="entries", kind="entry", admitted_until="2020-01-01")
        add_records(conn, ["E2"], source="entries", kind="entry", admitted_until="2030-01-01")
        add_records(conn, ["K1"], source="court", kind="conviction")
        add_records(conn, ["O1"], source="orders", kind="removal_order", order_type="order_vacated")
    with engine.begin() as conn:
        conn.execute(sources.update().where(sources.c.name == "grants").values(authoritative_for_status=True))
    with engine.connect() as conn:
        table = linkage_repo.linkage_table(conn, "2024-06-01", chunk=3)  # three reads of three rows at most
        whole = linkage_repo.linkage_table(conn, "2024-06-01")
    frame = table.to_pandas()
    by_id = {row.record_id: row for row in frame.itertuples()}
    assert by_id["G1"].protected_status == "naturalized_citizen"
    assert all(pd.isna(by_id[r].protected_status) for r in ("I1", "G2", "E1", "K1"))
    assert {r for r, row in by_id.items() if row.adverse} == {"E1", "K1"}
    assert by_id["I1"].given_name == "Ana" and list(frame["key"]) == sorted(frame["key"])
    assert table.num_rows == 7 and table.equals(whole)
    assert table.schema.field("key").type == "int64" and table.schema.field("adverse").type == "bool"


def test_purging_records_removes_what_hangs_on_them(engine: Engine) -> None:
    with engine.begin() as conn:
        keys = add_records(conn, ["R1", "R2", "R3"])
        persons_repo.add_singletons(conn, keys)
        linkage_repo.add_decision(conn, keys[0], keys[1], "must_link", "same", "rita")
        blocking_repo.add(conn, [(k, rule, 1000 * k + rule) for k in keys for rule in (0, 4)])
    with engine.begin() as conn:
        retention_repo.purge_records(conn, keys[:2])
    with engine.connect() as conn:
        # The blocking index has no foreign key: the purge itself deletes a record's keys (hashes
        # of its names and birth date), or they would outlive it.
        assert [tuple(r) for r in conn.execute(select(blocking_keys))] == [(keys[2], 0, 1000 * keys[2]),
                                                                          (keys[2], 4, 1000 * keys[2] + 4)]
        assert list(linkage_repo.membership_map(conn)) == [keys[2]]
        assert linkage_repo.active_decisions(conn) == []
        assert [r for _, r, _ in persons_repo.export_rows(conn)] == ["R3"]
