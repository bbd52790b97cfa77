from itertools import count

from docket.linkage import assign_ids


def factory():
    numbers = count(1)
    return lambda: f"P{next(numbers):03d}"


def test_unchanged_persons_keep_their_ids_and_new_ones_get_fresh_ids():
    previous = {1: "A", 2: "A", 3: "B"}
    result = assign_ids(previous, [{1, 2, 4}, {3}, {5, 6}], factory())
    assert result.person_of == {1: "A", 2: "A", 4: "A", 3: "B", 5: "P001", 6: "P001"}
    assert result.events == []
    assert result.new_persons == ["P001"]


def test_merge_keeps_the_larger_id_and_records_before_and_after():
    previous = {1: "A", 2: "A", 3: "B"}
    result = assign_ids(previous, [{1, 2, 3}], factory(), reason="reviewer must-link")
    assert set(result.person_of.values()) == {"A"}
    [event] = result.events
    assert (event.kind, event.before, event.after) == ("merge", ("A", "B"), ("A",))
    assert event.reason == "reviewer must-link"


def test_split_keeps_the_id_on_the_larger_part():
    previous = {1: "A", 2: "A", 3: "A"}
    result = assign_ids(previous, [{1, 2}, {3}], factory())
    assert result.person_of == {1: "A", 2: "A", 3: "P001"}
    [event] = result.events
    assert (event.kind, event.before, event.after) == ("split", ("A",), ("A", "P001"))


def test_rerun_with_identical_clusters_is_a_no_op():
    previous = {1: "A", 2: "B", 3: "B"}
    result = assign_ids(previous, [{2, 3}, {1}], factory())
    assert result.person_of == previous
    assert result.events == [] and result.new_persons == []
