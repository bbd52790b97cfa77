"""The condition language of policy packs: data, never code.

A condition is either a leaf ``{fact: NAME, op: OP, value: V}`` or a group ``{all: [...]}`` /
``{any: [...]}``. Nothing is evaluated as an expression. A leaf over a fact that was not derived is
never met, whatever the op (``ne`` and ``is_false`` included): absence is never evidence.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from docket.domain.vocabulary import POLICY_FORBIDDEN_INPUTS
from docket.policy.schema import ALL_OPS, FACT_TYPES, LIST_OPS, OPS_BY_KIND, VALUELESS_OPS, FactType


@dataclass(frozen=True)
class Leaf:
    fact: str
    op: str
    value: object = None


@dataclass(frozen=True)
class Group:
    mode: str  # "all" or "any"
    parts: tuple[Condition, ...]


Condition = Leaf | Group


@dataclass(frozen=True)
class Match:
    """Whether a condition is met, the (fact, elements) of leaves that were met, and missing facts."""

    met: bool
    hits: tuple[tuple[str, tuple[str, ...]], ...] = ()
    missing: tuple[str, ...] = ()


def facts_read(condition: Condition) -> tuple[str, ...]:
    if isinstance(condition, Leaf):
        return (condition.fact,)
    names: dict[str, None] = {}
    for part in condition.parts:
        names.update(dict.fromkeys(facts_read(part)))
    return tuple(names)


def needs_any_of(condition: Condition, names: frozenset[str]) -> bool:
    """True when no way of meeting the condition avoids reading one of ``names``."""
    if isinstance(condition, Leaf):
        return condition.fact in names
    if condition.mode == "all":
        return any(needs_any_of(part, names) for part in condition.parts)
    return all(needs_any_of(part, names) for part in condition.parts)


def match(condition: Condition, values: Mapping[str, object]) -> Match:
    if isinstance(condition, Leaf):
        return _match_leaf(condition, values)
    results = [match(part, values) for part in condition.parts]
    met = all(r.met for r in results) if condition.mode == "all" else any(r.met for r in results)
    hits = tuple(hit for r in results if r.met for hit in r.hits)
    missing = tuple(dict.fromkeys(name for r in results for name in r.missing))
    return Match(met, hits, missing)


def _match_leaf(leaf: Leaf, values: Mapping[str, object]) -> Match:
    if leaf.fact not in values:
        return Match(False, (), (leaf.fact,))
    actual = values[leaf.fact]
    if leaf.op == "intersects":
        common = tuple(sorted(set(_strings(actual)) & set(_strings(leaf.value))))
        return Match(bool(common), ((leaf.fact, common),) if common else ())
    met = _compare(leaf.op, actual, leaf.value)
    return Match(met, ((leaf.fact, ()),) if met else ())


def _compare(op: str, actual: object, expected: object) -> bool:
    if op == "is_true":
        return actual is True
    if op == "is_false":
        return actual is False
    if op == "eq":
        return actual == expected
    if op == "ne":
        return actual != expected
    if op == "in":
        return actual in _items(expected)
    return _ordered(op, actual, expected)


def _ordered(op: str, actual: object, expected: object) -> bool:
    if isinstance(actual, date) and isinstance(expected, date):
        return actual >= expected if op == "gte" else actual <= expected
    if isinstance(actual, int) and isinstance(expected, int):
        return actual >= expected if op == "gte" else actual <= expected
    return False


def _items(value: object) -> tuple[object, ...]:
    return tuple(value) if isinstance(value, (list, tuple)) else ()


def _strings(value: object) -> tuple[str, ...]:
    return tuple(item for item in _items(value) if isinstance(item, str))


# ---- parsing and validation -------------------------------------------------------------------


def parse_condition(raw: object, where: str, errors: list[str]) -> Condition | None:
    """Parse and validate one condition; problems go to ``errors`` prefixed with ``where``."""
    if not isinstance(raw, dict):
        errors.append(f"{where}: a condition must be a mapping")
        return None
    if "fact" in raw:
        return _parse_leaf(raw, where, errors)
    if len(raw) != 1 or next(iter(raw)) not in ("all", "any"):
        errors.append(f"{where}: a condition is {{fact, op, value}} or a single 'all'/'any' list")
        return None
    mode, parts = next(iter(raw.items()))
    if not isinstance(parts, list) or not parts:
        errors.append(f"{where}: '{mode}' needs a non-empty list of conditions")
        return None
    parsed = [parse_condition(part, f"{where}.{mode}[{i}]", errors) for i, part in enumerate(parts)]
    kept = tuple(part for part in parsed if part is not None)
    return Group(mode, kept) if len(kept) == len(parsed) else None


def _parse_leaf(raw: dict[object, object], where: str, errors: list[str]) -> Leaf | None:
    extra = sorted(str(key) for key in raw if key not in ("fact", "op", "value"))
    if extra:
        errors.append(f"{where}: unknown key(s) {', '.join(extra)}")
        return None
    fact, op = raw.get("fact"), raw.get("op")
    fact_type = _fact_type(fact, where, errors)
    if fact_type is None or not _op_ok(str(fact), fact_type, op, where, errors):
        return None
    value = _value(str(fact), fact_type, str(op), raw, where, errors)
    if value is _INVALID:
        return None
    return Leaf(str(fact), str(op), value)


def _fact_type(fact: object, where: str, errors: list[str]) -> FactType | None:
    if not isinstance(fact, str):
        errors.append(f"{where}: 'fact' must be a name")
    elif fact in POLICY_FORBIDDEN_INPUTS:
        errors.append(f"{where}: field '{fact}' is a forbidden policy input (DESIGN.md §1)")
    elif fact not in FACT_TYPES:
        errors.append(f"{where}: field '{fact}' is not a whitelisted fact")
    else:
        return FACT_TYPES[fact]
    return None


def _op_ok(fact: str, fact_type: FactType, op: object, where: str, errors: list[str]) -> bool:
    if not isinstance(op, str) or op not in ALL_OPS:
        errors.append(f"{where}: unknown op {op!r} (ops: {', '.join(sorted(ALL_OPS))})")
        return False
    if op not in OPS_BY_KIND[fact_type.kind]:
        errors.append(f"{where}: op '{op}' does not apply to {fact_type.kind} fact '{fact}'")
        return False
    return True


_INVALID = object()


def _value(fact: str, fact_type: FactType, op: str, raw: dict[object, object], where: str, errors: list[str]) -> object:
    if op in VALUELESS_OPS:
        if "value" in raw:
            errors.append(f"{where}: op '{op}' takes no value")
            return _INVALID
        return None
    if "value" not in raw:
        errors.append(f"{where}: op '{op}' needs a value")
        return _INVALID
    value = raw["value"]
    if op in LIST_OPS:
        if not isinstance(value, list) or not value:
            errors.append(f"{where}: op '{op}' needs a non-empty list value")
            return _INVALID
        items = [_scalar(fact, fact_type, item, where, errors) for item in value]
        return _INVALID if _INVALID in items else tuple(items)
    return _scalar(fact, fact_type, value, where, errors)


def _scalar(fact: str, fact_type: FactType, value: object, where: str, errors: list[str]) -> object:
    kind = "str" if fact_type.kind == "set" else fact_type.kind
    checked = _coerce(kind, value)
    if checked is _INVALID:
        errors.append(f"{where}: value {value!r} is not a {kind} for fact '{fact}'")
    elif fact_type.choices and checked not in fact_type.choices:
        errors.append(f"{where}: value {value!r} is not one of the known values of '{fact}'")
        return _INVALID
    return checked


def _coerce(kind: str, value: object) -> object:
    if kind == "bool":
        return value if isinstance(value, bool) else _INVALID
    if kind == "int":
        return value if isinstance(value, int) and not isinstance(value, bool) else _INVALID
    if kind == "str":
        return value if isinstance(value, str) else _INVALID
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value) if isinstance(value, str) else _INVALID
    except ValueError:
        return _INVALID
