"""Clusters and review items from the trained test model (behaviour, not float values)."""

import pandas as pd

from docket.linkage import Thresholds, link
from tests.linkage.factories import frame, record

HOME = {"address": "12 Oak Ave", "city": "Houston", "state": "TX", "postal_code": "77001"}


def same_cluster(result, a: int, b: int) -> bool:
    return result.clustering.cluster_of[a] == result.clustering.cluster_of[b]


def test_obvious_duplicates_cluster(model):
    records = frame(
        record(1, given_name="Maria", family_name="Garcia Lopez", date_of_birth="1980-02-11",
               a_number="123456789"),
        record(2, given_name="MARIA", family_name="GARCIA-LOPEZ", date_of_birth="1980-02-11",
               a_number="123456789"),
        record(3, given_name="Pedro", family_name="Okafor", date_of_birth="1955-07-30"),
    )
    result = link(model, records)
    assert same_cluster(result, 1, 2)
    assert not same_cluster(result, 1, 3)


def test_twins_stay_apart(model):
    records = frame(
        record(1, given_name="Ana", family_name="Reyes", date_of_birth="1990-05-04", sex="F", **HOME),
        record(2, given_name="Lucia", family_name="Reyes", date_of_birth="1990-05-04", sex="F", **HOME),
        record(3, given_name="Ana", family_name="REYES", date_of_birth="1990-05-04", **HOME),
    )
    result = link(model, records)
    assert same_cluster(result, 1, 3)
    assert not same_cluster(result, 1, 2)
    assert not same_cluster(result, 2, 3)


def test_junior_and_senior_stay_apart(model):
    records = frame(
        record(1, given_name="Robert", family_name="Smith Jr", date_of_birth="1985-03-09", **HOME),
        record(2, given_name="Robert", family_name="Smith Sr", date_of_birth="1958-03-09", **HOME),
        record(3, given_name="Robert", family_name="Smith", date_of_birth="1985-03-09", **HOME),
    )
    result = link(model, records)
    assert not same_cluster(result, 1, 2)
    assert not same_cluster(result, 2, 3)


def test_a_numbers_three_digits_apart_never_share_a_cluster(model):
    same = {"given_name": "Jose", "family_name": "Martinez", "date_of_birth": "1977-12-01",
            "sex": "M", **HOME}
    records = frame(
        record(1, a_number="123456789", **same),
        record(2, a_number="123999789", **same),
        record(3, **same),  # a bridge that agrees with both
        record(4, **same),
    )
    result = link(model, records)
    assert not same_cluster(result, 1, 2)
    assert same_cluster(result, 3, 4)


def test_one_digit_a_number_difference_with_strong_agreement_links(model):
    same = {"given_name": "Carmen", "family_name": "Flores Medina", "date_of_birth": "1969-08-21",
            "sex": "F", "passport_number": "G1234567", "passport_country": "GTM", **HOME}
    result = link(model, frame(record(1, a_number="555123456", **same),
                               record(2, a_number="555123457", **same)))
    assert same_cluster(result, 1, 2)


def test_citizen_by_birth_never_joins_an_immigrant_status(model):
    same = {"given_name": "Luis", "family_name": "Herrera", "date_of_birth": "1988-01-17", **HOME}
    result = link(model, frame(record(1, protected_status="us_citizen", **same),
                               record(2, protected_status="lawful_permanent_resident", **same)))
    assert not same_cluster(result, 1, 2)


def test_a_citizen_by_birth_meeting_an_a_number_waits_for_a_reviewer_however_verified(model):
    """An A-number registers a noncitizen: a citizen by birth beside one is two people of one name,
    or a citizen processed as an alien in error. A reviewer decides, even at a certain-looking link;
    a naturalized citizen, who held an A-number before, links as any other record."""
    same = {"given_name": "Luis", "family_name": "Gonzalez", "date_of_birth": "1990-12-09", "sex": "M", **HOME}
    lenient = Thresholds(link=0.5, review=0.1, verified=0.5)
    for status, apart in (("us_citizen", True), ("naturalized_citizen", False)):
        result = link(model, frame(record(1, protected_status=status, **same),
                                   record(2, a_number="245550034", adverse=True, **same)), thresholds=lenient)
        assert result.pairs["match_probability"].min() >= lenient.verified
        assert same_cluster(result, 1, 2) is not apart
        assert [r.reason for r in result.clustering.review] == (["citizen_meets_a_number"] if apart else [])


def test_cannot_link_and_must_link_are_honoured(model):
    same = {"given_name": "Sofia", "family_name": "Vargas", "date_of_birth": "1999-09-09",
            "a_number": "987654321", **HOME}
    records = frame(record(1, **same), record(2, **same),
                    record(3, given_name="Mai", family_name="Tran", date_of_birth="1970-01-01"))
    result = link(model, records, cannot_link=[(1, 2)], must_link=[(1, 3)])
    assert not same_cluster(result, 1, 2)
    assert same_cluster(result, 1, 3)


def test_adverse_link_below_verified_waits_for_review_unapplied(model):
    same = {"given_name": "Miguel", "family_name": "Castillo", "date_of_birth": "1975-04-13"}
    records = frame(record(1, **same, **HOME), record(2, adverse=True, **same))
    strict = Thresholds(link=0.5, review=0.1, verified=1.0)
    result = link(model, records, thresholds=strict)
    assert not same_cluster(result, 1, 2)
    assert [r.reason for r in result.clustering.review] == ["adverse_link_unverified"]


def test_uncertain_links_are_listed_by_impact(model):
    records = frame(
        record(1, given_name="Rosa", family_name="Diaz", date_of_birth="1960-01-01"),
        record(2, given_name="Rosa", family_name="Diaz", date_of_birth="1961-01-01",
               protected_status="us_citizen"),
        record(3, given_name="Juan", family_name="Perez", date_of_birth="1950-06-06"),
        record(4, given_name="Juan", family_name="Perez", date_of_birth="1951-06-06"),
    )
    result = link(model, records, thresholds=Thresholds(link=0.999999999, review=1e-6))
    review = result.clustering.review
    assert {r.reason for r in review} == {"uncertain"}
    assert (review[0].key_l, review[0].key_r) == (1, 2)  # protection at stake comes first
    assert review[0].impact > review[-1].impact


def _reasons(result) -> set[str]:
    return {r.reason for r in result.clustering.review}


def test_records_of_different_sex_wait_for_a_reviewer(model):
    same = {"given_name": "Phuc", "family_name": "Nguyen", "date_of_birth": "1987-03-29",
            "phone": "7135550123", "middle_name": "Van", **HOME}
    # Thresholds so low that the model alone would link them: the veto still holds.
    anything = Thresholds(link=1e-12, review=1e-13, verified=1e-12)
    result = link(model, frame(record(1, sex="M", **same), record(2, sex="F", **same)), thresholds=anything)
    assert not same_cluster(result, 1, 2)
    assert _reasons(result) == {"sex_disagrees"}


def test_twins_with_consecutive_a_numbers_wait_for_a_reviewer(model):
    same = {"family_name": "Han", "date_of_birth": "1988-11-16", "sex": "M", **HOME}
    result = link(model, frame(record(1, given_name="Jian", a_number="226162510", **same),
                               record(2, given_name="Jun", a_number="226162511", **same)))
    assert not same_cluster(result, 1, 2)
    assert _reasons(result) == {"near_a_number"}


def test_a_suffix_on_one_record_only_needs_the_same_birth_date(model):
    same = {"given_name": "Kenneth", "sex": "M", "phone": "2125550101", **HOME}
    junior = record(1, family_name="Smith Jr", date_of_birth="1984-07-08", **same)
    result = link(model, frame(junior, record(2, family_name="Smith", **same)))
    assert not same_cluster(result, 1, 2)
    assert _reasons(result) == {"suffix_unconfirmed"}
    confirmed = link(model, frame(junior, record(2, family_name="Smith", date_of_birth="1984-07-08", **same)))
    assert same_cluster(confirmed, 1, 2)


def test_an_undated_record_matching_only_on_address_and_phone_waits_for_a_reviewer(model):
    """Father and son of one name share an address and a phone; without both birth dates, only a
    document may link them automatically."""
    same = {"given_name": "Roberto", "family_name": "Hernandez Romero", "sex": "M",
            "phone": "2125550188", **HOME}
    anything = Thresholds(link=1e-12, review=1e-13, verified=1e-12)
    undated = record(2, **same)
    result = link(model, frame(record(1, date_of_birth="1977-01-02", **same), undated), thresholds=anything)
    assert not same_cluster(result, 1, 2)
    assert _reasons(result) == {"contact_only"}
    documented = link(model, frame(record(1, date_of_birth="1977-01-02", a_number="272002777", **same),
                                   record(2, a_number="272002777", **same)), thresholds=anything)
    assert same_cluster(documented, 1, 2)


def test_arrow_table_and_pandas_frame_give_the_same_pairs_and_clusters(model, training_population):
    from dataclasses import astuple

    from docket.linkage import predict, prepare_frame, prepare_table
    from docket.linkage.cluster import cluster

    records = training_population[0]
    frame_, table = prepare_frame(records), prepare_table(records)
    pairs = predict(model, frame=frame_, threshold=0.5)
    assert pairs.equals(predict(model, frame=table, threshold=0.5))
    keys = records["key"].tolist()
    options = {"must_link": [(keys[0], keys[1])], "cannot_link": [(keys[2], keys[3])]}
    a, b = cluster(pairs, frame_, **options), cluster(pairs, table, **options)
    assert list(a.cluster_of.items()) == list(b.cluster_of.items())
    assert [astuple(x) for x in a.links] == [astuple(x) for x in b.links]
    assert [astuple(x) for x in a.review] == [astuple(x) for x in b.review]


def test_a_protected_record_joins_only_on_the_same_birth_date_or_a_document(model):
    """However probable, a link joining a citizen's record on a birth date one digit off waits for a
    reviewer; with the same birth date it is applied (the probability is not what holds it)."""
    same = {"given_name": "Miguel", "family_name": "Castillo", "sex": "M", **HOME}
    lenient = Thresholds(link=0.5, review=0.1, verified=0.5)
    near = link(model, frame(record(1, date_of_birth="1975-04-13", **same),
                             record(2, date_of_birth="1975-04-18", protected_status="us_citizen", **same)),
                thresholds=lenient)
    assert near.pairs["match_probability"].min() >= lenient.verified
    assert not same_cluster(near, 1, 2)
    assert [r.reason for r in near.clustering.review] == ["protected_link_unverified"]
    exact = link(model, frame(record(1, date_of_birth="1975-04-13", **same),
                              record(2, date_of_birth="1975-04-13", protected_status="us_citizen", **same)),
                 thresholds=lenient)
    assert same_cluster(exact, 1, 2) and not exact.clustering.review


def _scored(*pairs: tuple[int, int, float, float, int]) -> pd.DataFrame:
    """Scored pairs by hand: keys, match weight, probability, birth-date level (names agree)."""
    rows = [{"key_l": a, "key_r": b, "match_weight": w, "match_probability": p, "gamma_given_name": 8,
             "gamma_family_name": 7, "gamma_date_of_birth": dob} for a, b, w, p, dob in pairs]
    return pd.DataFrame(rows)


def test_a_reviewer_is_asked_once_about_two_persons_and_never_about_one():
    """Links are refused pair by pair, but one answer settles two persons: the queue holds the best
    pair between them only. A refused pair whose records a verified link joined through another
    record asks nothing."""
    from docket.linkage.cluster import cluster

    lpr = "lawful_permanent_resident"
    records = pd.DataFrame({"unique_id": [1, 2, 3, 4, 5, 6], "a_number": [None] * 6, "suffix": [None] * 6,
                            "protected_status": [lpr, None, None, lpr, None, None], "adverse": [False] * 6})
    exact, one_digit_off = 4, 2
    result = cluster(_scored((2, 3, 30, 1.0, exact), (1, 2, 20, 0.9999, one_digit_off), (1, 3, 10, 0.9995, exact),
                             (5, 6, 30, 1.0, exact), (4, 5, 20, 0.9999, one_digit_off),
                             (4, 6, 19, 0.9998, one_digit_off)), records)
    assert {frozenset(c) for c in result.clusters()} == {frozenset({1, 2, 3}), frozenset({4}), frozenset({5, 6})}
    assert [(r.key_l, r.key_r, r.reason) for r in result.review] == [(4, 5, "protected_link_unverified")]
