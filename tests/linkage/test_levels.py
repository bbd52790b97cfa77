"""The Python side of each level must agree with the SQL Splink runs in DuckDB."""

import duckdb
import jellyfish

NAMES = ["MARIA", "MARTA", "MARIO", "JOSE", "JOSEPH", "JON", "JOHN", "GARCIA", "GARCIALOPEZ",
         "GARSIA", "LOPEZ", "LOPES", "NGUYEN", "NGUYN", "A", "AB", "DWAYNE", "DUANE", "HYEJIN", "HYE"]


def test_duckdb_and_jellyfish_similarities_agree():
    pairs = [(a, b) for a in NAMES for b in NAMES]
    con = duckdb.connect()
    rows = con.execute(
        "SELECT a, b, jaro_winkler_similarity(a, b), levenshtein(a, b) "
        "FROM (SELECT unnest(?) AS a, unnest(?) AS b)",
        [[a for a, _ in pairs], [b for _, b in pairs]],
    ).fetchall()
    assert len(rows) == len(pairs)
    for a, b, jw, lev in rows:
        assert abs(jellyfish.jaro_winkler_similarity(a, b) - jw) < 1e-12
        assert jellyfish.levenshtein_distance(a, b) == lev


def test_one_edit_or_transposition_agrees_with_duckdb_at_distance_one():
    from docket.linkage.levels import one_edit_or_transposition

    numbers = ["7180320", "7180230", "7180321", "718032", "8710320", "7108320", "0718032", "1234567"]
    level = one_edit_or_transposition("passport_number")
    con = duckdb.connect()
    for a in numbers:
        for b in numbers:
            (sql,) = con.execute("SELECT damerau_levenshtein(?, ?) <= 1", [a, b]).fetchone()
            assert level.test({"passport_number": a}, {"passport_number": b}) == sql
    assert level.test({"passport_number": "7180320"}, {"passport_number": "7180230"})  # a swap
    assert not level.test({"passport_number": "7180320"}, {"passport_number": "7108230"})


def level_of(comparison: str, a: dict[str, str], b: dict[str, str]) -> str:
    """The label of the level two records (given as identity fields) reach in ``comparison``."""
    from docket.linkage.model import COMPARISONS
    from docket.linkage.prepare import prepare_record

    from .factories import record

    spec = next(c for c in COMPARISONS if c.name == comparison)
    x, y = prepare_record(record(1, **a)), prepare_record(record(2, **b))
    return spec.levels[len(spec.levels) - 1 - spec.gamma(x, y)].label


def names_level(a: tuple[str, str], b: tuple[str, str]) -> str:
    return level_of("given_name", {"given_name": a[0], "family_name": a[1]},
                    {"given_name": b[0], "family_name": b[1]})


def test_swapped_names_are_read_in_one_form_and_survive_a_misspelling():
    assert names_level(("Jack", "Ryan"), ("Ryan", "Jack")) == "given and family swapped"  # JACK is JOHN
    assert names_level(("Ewan", "Whiteley"), ("Whiteley", "Ewa")) == "given and family swapped, one misspelt"
    assert names_level(("Ewan", "Whiteley"), ("Whiteley", "Maria")) == "all other"


def test_a_swap_with_a_compound_or_particle_surname_is_seen_from_both_sides():
    # FEBRL 4: the hyphenated surname moved into the given-name field.
    assert names_level(("katelyn", "slack-smith"), ("slack-smith", "katelyn")) == "given and family swapped"
    assert names_level(("Ana", "García López"), ("García López", "Ana")) == "given and family swapped"
    assert names_level(("Maria", "De Leon"), ("De Leon", "Maria")) == "given and family swapped"
    assert names_level(("Omar", "El-Sayed"), ("El-Sayed", "Omar")) == "given and family swapped"


def test_a_shared_first_syllable_or_particle_is_not_a_swap():
    # Siblings, one written family name first: Hye-jin is one name, not HYE.
    assert names_level(("Hye-jin", "Kim"), ("Kim", "Hye-won")) == "all other"
    # Two people named Maria De-something: the particle is not the surname.
    assert names_level(("Maria", "De Leon"), ("De Souza", "Maria")) == "all other"
    assert names_level(("katelyn", "slack-smith"), ("slack-jones", "katelyn")) == "all other"


def test_swap_levels_agree_with_duckdb():
    from docket.linkage.model import COMPARISONS
    from docket.linkage.prepare import prepare_record

    from .factories import record

    given = next(c for c in COMPARISONS if c.name == "given_name")
    names = [("Katelyn", "Slack-Smith"), ("Slack-Smith", "Katelyn"), ("Slack", "Katelyn"), ("De Leon", "Maria"),
             ("Maria", "De Leon"), ("Katelin", "Slack-Smith"), ("Jack", "Ryan"), ("Ryan", "Jack")]
    recs = [prepare_record(record(k, given_name=g, family_name=f)) for k, (g, f) in enumerate(names)]
    con = duckdb.connect()
    for level in given.levels[2:4]:  # swapped, swapped with one misspelt
        for a in recs:
            for b in recs:
                row = {f"{c}_{side}": r[c] for side, r in (("l", a), ("r", b)) for c in ("given_swap", "family_swap")}
                params = list(row.values())
                select = ", ".join(f"? AS {name}" for name in row)
                (sql,) = con.execute(f"SELECT CASE WHEN {level.sql} THEN 1 ELSE 0 END FROM (SELECT {select})",
                                     params).fetchone()
                assert level.test(a, b) == bool(sql), (level.label, a["unique_id"], b["unique_id"])


def test_a_birth_date_with_two_digits_transposed_is_one_edit_not_a_disagreement():
    def dob_level(a: str, b: str) -> str:
        return level_of("date_of_birth", {"date_of_birth": a}, {"date_of_birth": b})

    # 19330122 and 19330212: one adjacent transposition across the month and the day.
    assert dob_level("1933-01-22", "1933-02-12") == "one edit or transposition"
    assert dob_level("1933-01-22", "1933-01-23") == "one edit or transposition"
    assert dob_level("1933-10-22", "1933-01-22") == "one edit or transposition"
    assert dob_level("1933-01-22", "1933-02-21") == "all other"  # two digits changed
    assert dob_level("1933-01-02", "1933-02-01") == "day and month swapped"
    assert dob_level("1939-05-04", "1940-05-04") == "year off by one"


def test_the_birth_date_level_agrees_with_duckdb():
    from docket.linkage.model import COMPARISONS

    dates = ["1933-01-22", "1933-02-12", "1933-01-23", "1933-10-22", "1931-03-22", "1933-02-21", "2001-11-30"]
    level = next(c for c in COMPARISONS if c.name == "date_of_birth").levels[3]
    con = duckdb.connect()
    for a in dates:
        for b in dates:
            (sql,) = con.execute(f"SELECT {level.sql} FROM (SELECT ? AS dob_l, ? AS dob_r)", [a, b]).fetchone()
            assert level.test({"dob": a}, {"dob": b}) == sql, (a, b)
