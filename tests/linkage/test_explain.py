from docket.linkage import explain, predict
from docket.linkage.model import COMPARISONS
from tests.linkage.factories import frame, record


def pair():
    return (record(1, given_name="Bill", family_name="Smith", date_of_birth="1970-03-04",
                   a_number="111222333"),
            record(2, given_name="William", family_name="SMITH", date_of_birth="1970-04-03",
                   a_number="111222333"))


def test_explanation_lists_every_comparison_with_its_level_and_weight(model):
    left, right = pair()
    result = explain(model, left, right)
    assert [c.comparison for c in result.comparisons] == [c.name for c in COMPARISONS]
    by_name = {c.comparison: c for c in result.comparisons}
    assert by_name["given_name"].level.startswith("exact")
    assert by_name["date_of_birth"].level == "day and month swapped"
    assert by_name["a_number"].match_weight > 0
    assert by_name["middle_name"].level == "null" and by_name["middle_name"].total == 0
    assert result.model_version == model.version


def test_explanation_totals_agree_with_batch_prediction(model):
    left, right = pair()
    result = explain(model, left, right)
    [row] = predict(model, frame(left, right)).to_dict("records")
    assert abs(result.match_weight - row["match_weight"]) < 1e-6
    for c in result.comparisons:
        assert row[f"gamma_{c.comparison}"] == c.gamma
        assert abs(row[f"tf_{c.comparison}"] - c.tf_adjustment) < 1e-6


def test_explanation_renders_as_dict_and_text(model):
    result = explain(model, *pair())
    data = result.to_dict()
    assert set(data) >= {"comparisons", "match_weight", "match_probability", "prior_weight"}
    text = result.to_text()
    for c in COMPARISONS:
        assert c.name in text
    assert "probability" in text
