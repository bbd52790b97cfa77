"""Blocking rules: which pairs are compared, in batch SQL and in the incremental key form alike."""

from docket.linkage.blocking import BLOCKING_RULES, BlockingRule, blocked, index_entries, without
from docket.linkage.prepare import prepare_record
from tests.linkage.factories import record


def prepared(key: int, **fields) -> dict:
    return prepare_record(record(key, **fields))


def test_names_alone_pair_records_only_when_one_lacks_a_birth_date():
    maria = {"given_name": "Maria", "family_name": "Garcia"}
    dated_a = prepared(1, date_of_birth="1980-02-11", **maria)
    dated_b = prepared(2, date_of_birth="1961-09-30", **maria)
    undated = prepared(3, **maria)
    assert not blocked(dated_a, dated_b)  # two dated holders of a common name: not by names alone
    assert blocked(dated_a, undated) and blocked(undated, dated_a) and blocked(undated, prepared(4, **maria))


def test_a_half_rule_keys_only_records_lacking_the_column():
    left, right = without("dob", "names", ("given_canon",), ("given_canon",))
    undated, dated = prepared(1, given_name="Ana"), prepared(2, given_name="Ana", date_of_birth="1990-01-01")
    assert left.key(undated, "left") == ("ANA",) and left.key(dated, "left") is None
    assert right.key(dated, "left") == ("ANA",) and right.key(dated, "right") is None
    assert left.sql().endswith('l."dob" IS NULL') and right.sql().endswith('r."dob" IS NULL')
    assert left.signature != right.signature != BlockingRule("n", ("given_canon",), ("given_canon",)).signature
    assert right.broad and not left.broad


def test_a_birthday_with_the_year_one_off_is_blocked_across_bucket_edges():
    for year_a, year_b in ((1989, 1990), (1990, 1991)):  # one pair crosses each bucketing's edge
        a = prepared(1, given_name="Priya", family_name="Patel", date_of_birth=f"{year_a}-07-31")
        b = prepared(2, given_name="Rpiya", family_name="Patel", date_of_birth=f"{year_b}-07-31")
        assert blocked(a, b)
    far = prepared(3, given_name="Rpiya", family_name="Patel", date_of_birth="1995-07-31")
    assert not blocked(prepared(1, given_name="Priya", family_name="Patel", date_of_birth="1989-07-31"), far)


def test_swapped_names_are_blocked_with_the_birthday_or_without_a_date():
    a = prepared(1, given_name="Seojun", family_name="Lee", date_of_birth="1989-06-04")
    assert blocked(a, prepared(2, given_name="Lee", family_name="Seojun", date_of_birth="1988-06-04"))
    assert blocked(a, prepared(3, given_name="Lee", family_name="Seojun"))


def test_every_rule_is_symmetric_or_paired_with_its_mirror():
    """Splink pairs l < r only; a rule asymmetric on its own must come with its other half."""
    for rule in BLOCKING_RULES:
        if rule.null_left or rule.null_right:
            mirror = [r for r in BLOCKING_RULES if (r.left, r.right) == (rule.left, rule.right)
                      and (r.null_left, r.null_right) == (rule.null_right, rule.null_left)]
            assert mirror, rule.name


def test_frame_index_entries_equal_record_by_record_entries_for_every_rule():
    """The column-wise entries of a full link are the ones incremental matching makes per record,
    including a rule's requirement that a column be missing, nicknames and swapped names."""
    import pandas as pd

    from docket.linkage.columnar import prepare_table
    from docket.linkage.key_index import frame_index_entries
    from docket.linkage.prepare import prepare_frame

    people = {
        7: {"given_name": "Ana", "family_name": "Reyes", "a_number": "A123456789"},
        3: {"given_name": "Ana", "family_name": "Reyes", "date_of_birth": "1990-05-04"},
        5: {"given_name": "Reyes", "family_name": "Ana", "date_of_birth": "1990-04-05"},
        9: {"given_name": "Bill", "family_name": "Reyes-Ortiz", "date_of_birth": "1990-05-04",
            "a_number": "A123456789"},
    }
    raw = pd.DataFrame([record(key, **fields) for key, fields in people.items()])
    got = [e for chunk in frame_index_entries(prepare_frame(raw), chunk=5) for e in chunk]
    expected = [(key, rule, h) for key in sorted(people) for rule, h in index_entries(prepared(key, **people[key]))]
    assert got == expected
    assert [e for chunk in frame_index_entries(prepare_table(raw)) for e in chunk] == expected  # Arrow
    undated = {n for n, r in enumerate(BLOCKING_RULES) if r.null_left}
    assert {rule for key, rule, _ in got if key == 7} & undated  # the undated record is indexed there
    assert not {rule for key, rule, _ in got if key == 3} & undated  # the dated one is not

