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


def test_swapped_names_are_read_in_one_form_and_survive_a_misspelling():
    from docket.linkage.model import COMPARISONS
    from docket.linkage.prepare import prepare_record

    from .factories import record

    given = next(c for c in COMPARISONS if c.name == "given_name")

    def level(a: tuple[str, str], b: tuple[str, str]) -> str:
        x, y = (prepare_record(record(k, given_name=g, family_name=f)) for k, (g, f) in enumerate((a, b)))
        return given.levels[len(given.levels) - 1 - given.gamma(x, y)].label

    assert level(("Jack", "Ryan"), ("Ryan", "Jack")) == "given and family swapped"  # JACK is JOHN
    assert level(("Ewan", "Whiteley"), ("Whiteley", "Ewa")) == "given and family swapped, one misspelt"
    assert level(("Ewan", "Whiteley"), ("Whiteley", "Maria")) == "all other"
