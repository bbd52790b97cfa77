import json

import pytest

from docket.errors import IncompatibleModel, Invalid
from docket.linkage import TrainedModel, default_model
from docket.linkage.blocking import blocked
from docket.linkage.constraints import (
    _A_NUMBER_ONE_EDIT,
    _CONTACT,
    _DOB_EXACT,
    _DOCUMENT_CLOSE,
    _DOCUMENT_EXACT,
    _GIVEN_EXACT,
)
from docket.linkage.model import COMPARISONS, MODEL_FORMAT
from docket.linkage.prepare import frame_records, prepare_frame


def test_model_round_trips_through_json_with_a_stable_version(model):
    text = model.to_json()
    again = TrainedModel.from_json(text)
    assert again.version == model.version
    assert again.to_json() == text


def test_tampered_model_json_is_refused(model):
    data = json.loads(model.to_json())
    data["splink"]["probability_two_random_records_match"] = 0.5
    with pytest.raises(Invalid):
        TrainedModel.from_json(json.dumps(data))
    with pytest.raises(Invalid):
        TrainedModel.from_json("{}")


def test_a_model_of_another_format_is_refused_as_incompatible():
    """Its weights belong to other comparison levels, and the vetoes read levels by number."""
    data = json.loads(default_model().to_json())
    assert data["format"] == MODEL_FORMAT
    for other in ("docket-linkage/1", "docket-linkage/99"):
        with pytest.raises(IncompatibleModel) as caught:
            TrainedModel.from_json(json.dumps({**data, "format": other}))
        assert other in caught.value.message
    with pytest.raises(Invalid) as caught:
        TrainedModel.from_json(json.dumps({**data, "format": "something else"}))
    assert not isinstance(caught.value, IncompatibleModel)


def test_the_shipped_model_has_this_versions_levels():
    shipped = default_model().splink["comparisons"]
    assert [[lvl["sql_condition"] for lvl in c["comparison_levels"]] for c in shipped] == [
        [lvl.sql for lvl in c.levels] for c in COMPARISONS]


def test_model_has_every_comparison_trained(model):
    names = [c["output_column_name"] for c in model.splink["comparisons"]]
    assert names == [c.name for c in COMPARISONS]
    assert set(model.tf_tables) == {"given_canon", "family_std"}


def test_veto_gammas_point_at_the_levels_they_mean():
    specs = {c.name: c for c in COMPARISONS}

    def label(name: str, gamma: int) -> str:
        return specs[name].levels[len(specs[name].levels) - 1 - gamma].label

    assert label("given_name", 0) == label("date_of_birth", 0) == "all other"
    assert label("given_name", _GIVEN_EXACT) == "exact (nicknames resolved)"
    assert label("date_of_birth", _DOB_EXACT) == "exact"
    assert label("a_number", _A_NUMBER_ONE_EDIT) == "at most 1 edit"
    assert {label(n, g) for n, g in _DOCUMENT_EXACT.items()} == {"exact", "number and country"}
    assert label("location", _CONTACT["location"]) == "same postal code"
    assert label("a_number", _DOCUMENT_CLOSE["a_number"]) == "at most 1 edit"
    assert label("passport", _DOCUMENT_CLOSE["passport"]) == "one edit or transposition"


def test_blocking_keeps_true_pairs(training_population):
    records, truth = training_population
    prepared = frame_records(prepare_frame(records))
    by_person: dict[int, list[dict]] = {}
    for rec in prepared:
        by_person.setdefault(truth[rec["unique_id"]], []).append(rec)
    kept = total = 0
    for recs in by_person.values():
        for i, a in enumerate(recs):
            for b in recs[i + 1:]:
                total += 1
                kept += blocked(a, b)
    assert kept / total >= 0.97  # the factory population is noisier than synth


def test_pair_veto_and_batch_vetoes_agree():
    """The incremental path (``pair_veto``) and batch clustering (``veto_reasons``) decide alike."""
    import itertools

    import pandas as pd

    from docket.linkage.constraints import STRANGERS, pair_veto, veto_reasons

    names = ("given_name", "family_name", "date_of_birth", "sex", "a_number", "passport", "phone", "location")
    rows, suffixed = [], {}
    grid = itertools.product((-1, 0, 7), (-1, 0, 6), (-1, 0, 4), (-1, 0, 1), (-1, 1, 2), (-1, 3), (-1, 1), (-1, 2))
    for n, gammas in enumerate(grid):
        gamma_columns = {f"gamma_{k}": g for k, g in zip(names, gammas, strict=True)}
        rows.append({"key_l": 2 * n, "key_r": 2 * n + 1, STRANGERS: float(n % 3 == 0), **gamma_columns})
        suffixed[2 * n] = n % 5 == 0
    pairs = pd.DataFrame(rows)
    batch = veto_reasons(pairs, suffixed).tolist()
    single = [pair_veto({k: r[f"gamma_{k}"] for k in names}, ("JR" if suffixed[r["key_l"]] else None, None),
                        r[STRANGERS]) for r in rows]
    assert batch == single
    assert {"given_name_disagrees", "sex_disagrees", "near_a_number", "suffix_unconfirmed",
            "contact_only", "names_only", "common_name_and_birth_date"} <= set(batch)


def test_em_sessions_narrow_the_names_session_only_when_the_data_allows(training_population):
    from docket.linkage.model import em_rules

    frame = prepare_frame(training_population[0])
    assert em_rules(frame, min_pairs=500)[1].endswith('l."postal5" = r."postal5"')
    assert em_rules(frame.assign(postal5=None), min_pairs=500)[1].endswith('l."city_std" = r."city_std"')
    names_only = em_rules(frame.assign(postal5=None, city_std=None), min_pairs=500)[1]
    assert names_only == 'l."given_canon" = r."given_canon" AND l."family_first" = r."family_first"'
