"""Fuzzing the policy-pack loader: mutated copies of the default pack, random YAML structures and
random text. A pack loads or is refused with ``Invalid``, every problem naming its place (the
pack, a rule or factor by id, a YAML line) and the reason."""

from __future__ import annotations

import copy
import itertools
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import strategies as st

from docket.errors import DocketError
from docket.policy import PolicyPack, load_pack
from tests.reliability.fuzzing import examples, refusal, run_fuzz
from tests.reliability.strategies import YAML_SCALARS, YAML_TEXTS, YAML_VALUES

DEFAULT_TEXT = files("docket.policy").joinpath("packs", "dhs-2021.yaml").read_text(encoding="utf-8")
DEFAULT = yaml.safe_load(DEFAULT_TEXT)
PLACES = ("pack:", "rule ", "aggravating factor ", "mitigating factor ", "a policy pack ")
_names = itertools.count()


def _slots(node: Any) -> list[tuple[Any, Any]]:
    """Every (container, key or index) inside a parsed pack."""
    found: list[tuple[Any, Any]] = []
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, value in items:
        found.append((node, key))
        found += _slots(value)
    return found


@st.composite
def mutated_packs(draw: st.DrawFn) -> str:
    """The default pack with one to four edits: a value replaced, a key or item dropped or added,
    an entry duplicated; dumped back to YAML."""
    doc = copy.deepcopy(DEFAULT)
    for _ in range(draw(st.integers(1, 4))):
        container, key = draw(st.sampled_from(_slots(doc)))
        op = draw(st.sampled_from(("replace", "drop", "add", "duplicate")))
        if op == "replace":
            container[key] = draw(YAML_VALUES)
        elif op == "drop":
            del container[key]
        elif op == "add" and isinstance(container, dict):
            container[draw(YAML_SCALARS)] = draw(YAML_VALUES)
        elif isinstance(container, list):
            container.insert(key, copy.deepcopy(container[key]) if op == "duplicate" else draw(YAML_VALUES))
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)


@st.composite
def spliced_texts(draw: st.DrawFn) -> str:
    """The default pack's text with a hostile snippet spliced in at a random place."""
    at = draw(st.integers(0, len(DEFAULT_TEXT)))
    return DEFAULT_TEXT[:at] + draw(st.sampled_from(YAML_TEXTS) | st.text(max_size=20)) + DEFAULT_TEXT[at:]


def load_text(text: str) -> str:
    try:
        pack = load_pack(text)
    except DocketError as error:
        if error.message.startswith("policy pack is not valid"):
            return refusal(error, "policy pack is not valid")
        refusal(error, *PLACES)
        for problem in error.errors:
            assert problem.startswith(PLACES), f"a problem does not start with its place: {problem!r}"
        return "refused"
    assert isinstance(pack, PolicyPack)
    return "accepted"


def load_file(folder: Path, data: bytes) -> str:
    path = folder / f"pack-{next(_names)}.yaml"
    path.write_bytes(data)
    try:
        return load_text_or_path(path)
    finally:
        path.unlink()


def load_text_or_path(path: Path) -> str:
    try:
        load_pack(path)
    except DocketError as error:
        return refusal(error, str(path), *PLACES, "policy pack is not valid")
    return "accepted"


TARGETS = {
    "mutated default pack": mutated_packs(),
    "random YAML structures": YAML_VALUES.map(lambda doc: yaml.safe_dump(doc, allow_unicode=True)),
    "spliced YAML text": spliced_texts(),
    "random text": st.sampled_from(YAML_TEXTS) | st.text(max_size=200),
}


def _fuzz(name: str, folder: Path, full: bool) -> None:
    if name == "random bytes file":
        run_fuzz(f"policy pack {name}", st.binary(max_size=512), lambda data: load_file(folder, data), examples(full))
        return
    run_fuzz(f"policy pack {name}", TARGETS[name], load_text, examples(full))


NAMES = [*TARGETS, "random bytes file"]


@pytest.mark.parametrize("name", NAMES)
def test_hostile_packs_are_refused_naming_place_and_reason(name: str, tmp_path: Path) -> None:
    _fuzz(name, tmp_path, full=False)


@pytest.mark.full
@pytest.mark.parametrize("name", NAMES)
def test_hostile_packs_full_campaign(name: str, tmp_path: Path) -> None:
    _fuzz(name, tmp_path, full=True)
