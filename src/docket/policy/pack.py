"""Policy packs: versioned YAML, identified by the SHA-256 of their content, validated strictly.

A pack names its legal grounds (a closed list), rules that establish a ground, aggravating and
mitigating factors with weights, and tiers (minimum scores). Every key is known, every op is known,
every fact read is on the whitelist. Reading a forbidden input (nationality, sex, language...) is
refused with an error that names the rule and the field.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from docket.errors import Invalid
from docket.policy.conditions import Condition, facts_read, needs_any_of, parse_condition
from docket.policy.schema import (
    FACT_TYPES,
    LEGAL_GROUNDS,
    MITIGATING_ONLY_FACTS,
    NOT_A_PRIORITY,
    REMOVABILITY_FACTS,
)

_TOP_REQUIRED = ("name", "version", "statement", "legal_grounds", "rules", "tiers")
_TOP_OPTIONAL = ("title", "source", "aggravating", "mitigating")
_RULE_REQUIRED = ("id", "ground", "description", "weight", "when")
_RULE_OPTIONAL = ("unless",)
_FACTOR_REQUIRED = ("id", "description", "grounds", "weight")
_FACTOR_OPTIONAL = ("when", "reviewer_attested")
_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
# A rule must need at least one of these to fire: removability alone is not a ground.
_GROUND_FACTS = frozenset(name for name in FACT_TYPES if name not in REMOVABILITY_FACTS)


@dataclass(frozen=True)
class Rule:
    id: str
    ground: str
    description: str
    weight: int
    when: Condition
    unless: Condition | None = None


@dataclass(frozen=True)
class Factor:
    """An aggravating or mitigating factor: computed from ``when``, or ``reviewer_attested`` (a
    supervisor records it; it is never computed from records)."""

    id: str
    kind: str  # "aggravating" or "mitigating"
    description: str
    grounds: tuple[str, ...]
    weight: int
    when: Condition | None = None

    @property
    def reviewer_attested(self) -> bool:
        return self.when is None


@dataclass(frozen=True)
class PolicyPack:
    name: str
    version: str
    title: str
    source: str
    statement: str
    legal_grounds: tuple[str, ...]
    rules: tuple[Rule, ...]
    aggravating: tuple[Factor, ...]
    mitigating: tuple[Factor, ...]
    tiers: tuple[tuple[str, int], ...]  # highest minimum score first
    sha256: str

    @property
    def factors(self) -> tuple[Factor, ...]:
        return self.aggravating + self.mitigating

    def attestable(self) -> tuple[str, ...]:
        """Ids of the factors a reviewer attests."""
        return tuple(factor.id for factor in self.factors if factor.reviewer_attested)


def load_pack(text_or_path: str | Path) -> PolicyPack:
    """Load and validate a pack from YAML text or a file path; raise ``Invalid`` listing every problem."""
    content = _read(text_or_path)
    try:
        raw = yaml.safe_load(content)
    except yaml.YAMLError as exc:
        raise Invalid(f"policy pack is not valid YAML: {exc}") from exc
    except (ValueError, TypeError, AttributeError, RecursionError) as exc:
        # PyYAML's constructors raise these for a value its tag cannot hold (an impossible date, `!!int x`),
        # and the parser for nesting deeper than the stack
        what = f"{exc.__class__.__name__}: {exc}"
        raise Invalid(f"policy pack is not valid YAML: a value cannot be read ({what})") from exc
    errors: list[str] = []
    try:
        pack = _parse(raw, hashlib.sha256(content.encode("utf-8")).hexdigest(), errors)
    except RecursionError as exc:  # a YAML alias that contains itself, or absurdly deep nesting
        why = "a condition refers to itself (a YAML alias cycle) or nests too deeply"
        raise Invalid(f"policy pack is not valid: {why}") from exc
    if errors or pack is None:
        raise Invalid("invalid policy pack: " + "; ".join(errors), errors)
    return pack


def _read(text_or_path: str | Path) -> str:
    is_path = isinstance(text_or_path, Path) or ("\n" not in text_or_path and text_or_path.endswith((".yaml", ".yml")))
    if not is_path:
        return str(text_or_path)
    try:
        return Path(text_or_path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise Invalid(f"cannot read policy pack {text_or_path}: {exc}") from exc


def _parse(raw: object, sha256: str, errors: list[str]) -> PolicyPack | None:
    if not isinstance(raw, dict):
        errors.append("a policy pack is a YAML mapping")
        return None
    _check_keys(raw, "pack", _TOP_REQUIRED, _TOP_OPTIONAL, errors)
    grounds = _grounds(raw.get("legal_grounds"), errors)
    rules = tuple(_rules(raw.get("rules"), grounds, errors))
    aggravating = tuple(_factors(raw.get("aggravating", []), "aggravating", grounds, errors))
    mitigating = tuple(_factors(raw.get("mitigating", []), "mitigating", grounds, errors))
    _unique_ids([*rules, *aggravating, *mitigating], errors)
    pack = PolicyPack(
        name=_text(raw, "name", "pack", errors, pattern=True),
        version=_text(raw, "version", "pack", errors),
        title=_text(raw, "title", "pack", errors, required=False),
        source=_text(raw, "source", "pack", errors, required=False),
        statement=_text(raw, "statement", "pack", errors),
        legal_grounds=grounds,
        rules=rules,
        aggravating=aggravating,
        mitigating=mitigating,
        tiers=_tiers(raw.get("tiers"), errors),
        sha256=sha256,
    )
    return None if errors else pack


def _check_keys(
    raw: dict[object, object], where: str, required: tuple[str, ...], optional: tuple[str, ...], errors: list[str]
) -> None:
    unknown = sorted(str(key) for key in raw if key not in required + optional)
    if unknown:
        errors.append(f"{where}: unknown key(s) {', '.join(unknown)}")
    missing = [key for key in required if key not in raw]
    if missing:
        errors.append(f"{where}: missing key(s) {', '.join(missing)}")


def _text(
    raw: dict[object, object], key: str, where: str, errors: list[str], required: bool = True, pattern: bool = False
) -> str:
    value = raw.get(key)
    if value is None and not required:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        if key in raw:
            errors.append(f"{where}: '{key}' must be non-empty text")
        return ""
    if pattern and not _NAME.match(value):
        errors.append(f"{where}: '{key}' must be lower-case letters, digits, '_', '-' or '.'")
    return value.strip()


def _grounds(raw: object, errors: list[str]) -> tuple[str, ...]:
    if not isinstance(raw, list) or not raw:
        errors.append("pack: 'legal_grounds' must be a non-empty list")
        return ()
    unknown = [str(ground) for ground in raw if ground not in LEGAL_GROUNDS]
    if unknown:
        errors.append(f"pack: unknown legal ground(s) {', '.join(unknown)} (known: {', '.join(LEGAL_GROUNDS)})")
    return tuple(str(ground) for ground in raw if ground in LEGAL_GROUNDS)


def _entries(raw: object, section: str, errors: list[str], allow_empty: bool) -> list[dict[object, object]]:
    if not isinstance(raw, list) or (not raw and not allow_empty):
        errors.append(f"pack: '{section}' must be a{'' if allow_empty else ' non-empty'} list")
        return []
    bad = [i for i, entry in enumerate(raw) if not isinstance(entry, dict) or not isinstance(entry.get("id"), str)]
    for i in bad:
        errors.append(f"pack: {section}[{i}] must be a mapping with a text 'id'")
    return [entry for i, entry in enumerate(raw) if i not in bad]


def _rules(raw: object, grounds: tuple[str, ...], errors: list[str]) -> list[Rule]:
    rules = []
    for entry in _entries(raw, "rules", errors, allow_empty=False):
        where = f"rule {entry['id']}"
        _check_keys(entry, where, _RULE_REQUIRED, _RULE_OPTIONAL, errors)
        ground = entry.get("ground")
        if ground not in grounds:
            errors.append(f"{where}: ground {ground!r} is not one of the pack's legal grounds")
        when = parse_condition(entry.get("when"), f"{where}: when", errors)
        unless = None if "unless" not in entry else parse_condition(entry["unless"], f"{where}: unless", errors)
        _check_rule_reads(where, when, unless, errors)
        description, weight = _text(entry, "description", where, errors), _weight(entry, where, errors)
        if when is not None:
            rules.append(Rule(str(entry["id"]), str(ground), description, weight, when, unless))
    return rules


def _check_rule_reads(where: str, when: Condition | None, unless: Condition | None, errors: list[str]) -> None:
    for condition, part in ((when, "when"), (unless, "unless")):
        for name in facts_read(condition) if condition is not None else ():
            if name in MITIGATING_ONLY_FACTS:
                errors.append(f"{where}: {part}: field '{name}' may be read only by mitigating factors")
    if when is not None and not needs_any_of(when, _GROUND_FACTS):
        errors.append(
            f"{where}: when: removability alone is not a ground; the rule can fire on "
            f"{', '.join(sorted(REMOVABILITY_FACTS))} alone"
        )


def _factors(raw: object, kind: str, grounds: tuple[str, ...], errors: list[str]) -> list[Factor]:
    factors = []
    for entry in _entries(raw, kind, errors, allow_empty=True):
        where = f"{kind} factor {entry['id']}"
        _check_keys(entry, where, _FACTOR_REQUIRED, _FACTOR_OPTIONAL, errors)
        when = _factor_condition(entry, kind, where, errors)
        factor_grounds = entry.get("grounds")
        if not isinstance(factor_grounds, list) or not factor_grounds or any(g not in grounds for g in factor_grounds):
            errors.append(f"{where}: 'grounds' must be a non-empty list of the pack's legal grounds")
            factor_grounds = []
        description = _text(entry, "description", where, errors)
        weight = _weight(entry, where, errors)
        factors.append(Factor(str(entry["id"]), kind, description, tuple(map(str, factor_grounds)), weight, when))
    return factors


def _factor_condition(entry: dict[object, object], kind: str, where: str, errors: list[str]) -> Condition | None:
    attested = entry.get("reviewer_attested", False)
    if attested not in (True, False):
        errors.append(f"{where}: 'reviewer_attested' must be true or false")
    if (attested is True) == ("when" in entry):
        errors.append(f"{where}: a factor has either 'when' or 'reviewer_attested: true', not both or neither")
        return None
    if attested is True:
        return None
    when = parse_condition(entry.get("when"), f"{where}: when", errors)
    for name in facts_read(when) if when is not None and kind != "mitigating" else ():
        if name in MITIGATING_ONLY_FACTS:
            errors.append(f"{where}: when: field '{name}' may be read only by mitigating factors")
    return when


def _weight(entry: dict[object, object], where: str, errors: list[str]) -> int:
    weight = entry.get("weight")
    if not isinstance(weight, int) or isinstance(weight, bool) or weight < 0:
        errors.append(f"{where}: 'weight' must be a whole number, 0 or more")
        return 0
    return weight


def _unique_ids(items: list[Rule | Factor], errors: list[str]) -> None:
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            errors.append(f"pack: id '{item.id}' is used twice")
        seen.add(item.id)


def _tiers(raw: object, errors: list[str]) -> tuple[tuple[str, int], ...]:
    if not isinstance(raw, dict) or not raw:
        errors.append("pack: 'tiers' must map tier names to minimum scores")
        return ()
    tiers: list[tuple[str, int]] = []
    for name, minimum in raw.items():
        if not isinstance(name, str) or not _NAME.match(name) or name == NOT_A_PRIORITY:
            errors.append(f"pack: tier {name!r} is not a valid tier name ('{NOT_A_PRIORITY}' is implicit)")
        elif not isinstance(minimum, int) or isinstance(minimum, bool):
            errors.append(f"pack: tier '{name}' needs a whole-number minimum score")
        else:
            tiers.append((name, minimum))
    return tuple(sorted(tiers, key=lambda tier: -tier[1]))
