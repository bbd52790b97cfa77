"""Authorization decided by Cedar policies (DESIGN.md §3).

The schema and the policies live as files in ``docket/services/cedar``: one file of hard rules
(``forbid``) and one file of ``permit`` policies per role. Every policy carries an ``@id`` so a
decision names the policies behind it; permits also say ``@role`` and ``@requires`` (what they need,
in words) and forbids say ``@reason``, and ``@kind("protection")`` marks the forbids that protect a
person. Anything no permit allows is denied ("default-deny").

The policies are parsed and validated against the schema once, when the ``Authorizer`` is built;
each decision checks the request and its two entities (the user and the resource) against the
schema, so a missing or mistyped attribute denies ("invalid-request") instead of silently skipping
a policy.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from importlib.resources import files
from typing import Any

import cedarpy
from cedarpy import pst

from docket.errors import ConfigError, Denied, Protected

NAMESPACE = "Docket"
DEFAULT_DENY = "default-deny"
INVALID_REQUEST = "invalid-request"
UNKNOWN_ACTION = "unknown-action"
# Cedar quotes the whole entity JSON in an entity error; the reason keeps only what is wrong.
_ENTITY_DUMP = re.compile(r"failed to parse entities from:.*?\]: ", re.DOTALL)


class Action(StrEnum):
    """The closed set of actions; each is declared in ``cedar/schema.cedarschema``."""

    READ_CASE = "read_case"
    OPEN_CASE = "open_case"
    ASSIGN_CASE = "assign_case"
    SIGNOFF_CASE = "signoff_case"
    REFER_CASE = "refer_case"
    CLOSE_CASE = "close_case"
    TRANSITION_CASE = "transition_case"
    READ_PERSON = "read_person"
    EXPORT_PERSONS = "export_persons"
    CLEAR_PROTECTION = "clear_protection"
    DECIDE_REVIEW = "decide_review"
    LIST_REVIEW = "list_review"
    HANDLE_REQUEST = "handle_request"
    MANAGE_SOURCES = "manage_sources"
    INGEST = "ingest"
    LINK = "link"
    PURGE = "purge"
    READ_AUDIT = "read_audit"
    VERIFY_AUDIT = "verify_audit"
    READ_REPORT = "read_report"
    MANAGE_ACCOUNTS = "manage_accounts"


_ACTION_NAMES = frozenset(a.value for a in Action)
ROLES = ("analyst", "supervisor", "legal_reviewer", "data_steward", "oversight", "admin")


@dataclass(frozen=True)
class Principal:
    id: str
    role: str
    unit: str = ""
    active: bool = True


@dataclass(frozen=True)
class Resource:
    """A Cedar resource: ``type`` without the namespace ("Case"), its id and its attributes."""

    type: str
    id: str
    attrs: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Decision:
    allowed: bool
    policy_ids: tuple[str, ...]
    reason: str
    protected: bool = False  # denied by a rule that protects the person


@dataclass(frozen=True)
class _Policy:
    id: str
    effect: str
    actions: frozenset[str] | None  # None: any action
    annotations: Mapping[str, str]

    @property
    def roles(self) -> tuple[str, ...]:
        return tuple(r.strip() for r in self.annotations.get("role", "").split(",") if r.strip())


class Authorizer:
    """Cedar decisions over the package's policies (or the texts given, for tests)."""

    def __init__(self, schema: str | None = None, policies: Mapping[str, str] | None = None) -> None:
        if schema is None or policies is None:
            package_schema, package_policies = _package_files()
            schema = package_schema if schema is None else schema
            policies = package_policies if policies is None else policies
        self._schema = _parse_schema(schema)
        text, self._policies = _parse_policies(policies)
        self._policy_set = cedarpy.PolicySet.from_str(text)
        _validate(text, self._schema)
        self._by_id = {p.id: p for p in self._policies.values()}
        self._protection = frozenset(p.id for p in self._policies.values() if p.annotations.get("kind") == "protection")

    @property
    def policy_ids(self) -> tuple[str, ...]:
        return tuple(p.id for p in self._policies.values())

    def decide(
        self, principal: Principal, action: str, resource: Resource, context: Mapping[str, Any] | None = None
    ) -> Decision:
        if action not in _ACTION_NAMES:
            return Decision(False, (UNKNOWN_ACTION,), f"{UNKNOWN_ACTION}: {action!r} is not a Docket action")
        request = {
            "principal": {"type": f"{NAMESPACE}::User", "id": principal.id},
            "action": {"type": f"{NAMESPACE}::Action", "id": str(action)},
            "resource": {"type": f"{NAMESPACE}::{resource.type}", "id": resource.id},
            "context": {k: _json(v) for k, v in (context or {}).items()},
        }
        try:
            result = cedarpy.is_authorized(request, self._policy_set, _entities(principal, resource), self._schema)
        except (TypeError, ValueError) as exc:  # a value Cedar JSON cannot carry: fail closed
            return Decision(False, (INVALID_REQUEST,), f"{INVALID_REQUEST}: {exc}")
        return self._explain(result, principal, str(action), resource)

    def require(
        self, principal: Principal, action: str, resource: Resource, context: Mapping[str, Any] | None = None
    ) -> Decision:
        """The decision if allowed; otherwise raise ``Protected`` or ``Denied`` naming the policies."""
        decision = self.decide(principal, action, resource, context)
        if decision.allowed:
            return decision
        message = f"{principal.role} {principal.id!r} may not {action} {resource.type} {resource.id!r}: "
        error = Protected if decision.protected else Denied
        raise error(message + decision.reason, [decision.reason], decision.policy_ids)

    def _explain(self, result: cedarpy.AuthzResult, principal: Principal, action: str, res: Resource) -> Decision:
        diagnostics = result.diagnostics
        if result.decision is cedarpy.Decision.NoDecision:
            problems = "; ".join(_ENTITY_DUMP.sub("entities: ", e) for e in diagnostics.errors) or "no decision"
            return Decision(False, (INVALID_REQUEST,), f"{INVALID_REQUEST}: {problems}")
        ids = tuple(sorted(self._policies[r].id for r in diagnostics.reasons))
        if result.allowed:
            return Decision(True, ids, "allowed by " + ", ".join(ids))
        if ids:
            reasons = "; ".join(f"{i}: {self._by_id[i].annotations.get('reason', 'forbidden')}" for i in ids)
            return Decision(False, ids, reasons, protected=any(i in self._protection for i in ids))
        reason = self._default_deny(principal, action, res)
        if diagnostics.errors:
            reason += " (evaluation errors: " + "; ".join(diagnostics.errors) + ")"
        return Decision(False, (DEFAULT_DENY,), reason)

    def _default_deny(self, principal: Principal, action: str, res: Resource) -> str:
        head = f"{DEFAULT_DENY}: no permit applies to {principal.role} for {action} on {res.type} {res.id!r}"
        candidates = [
            p
            for p in self._policies.values()
            if p.effect == "permit" and (p.actions is None or action in p.actions) and principal.role in p.roles
        ]
        if not candidates:
            return f"{head}; the {principal.role} role has no permit for {action}"
        needs = " or ".join(f"{p.id} needs {p.annotations.get('requires', 'its conditions')}" for p in candidates)
        return f"{head}; {needs}"


def _package_files() -> tuple[str, dict[str, str]]:
    folder = files("docket").joinpath("services", "cedar")
    try:
        schema = folder.joinpath("schema.cedarschema").read_text(encoding="utf-8")
        policies = {
            entry.name: entry.read_text(encoding="utf-8")
            for entry in sorted(folder.iterdir(), key=lambda e: e.name)
            if entry.name.endswith(".cedar")
        }
    except OSError as exc:
        raise ConfigError(f"cannot read the Cedar policy files: {exc}") from exc
    return schema, policies


def _parse_schema(text: str) -> cedarpy.Schema:
    try:
        return cedarpy.Schema.from_str(text)
    except ValueError as exc:
        raise ConfigError("the Cedar schema does not parse", [str(exc)]) from exc


def _parse_policies(texts: Mapping[str, str]) -> tuple[str, dict[str, _Policy]]:
    """Check every file parses and every policy has a unique @id; the joined text and its index."""
    if not texts:
        raise ConfigError("no Cedar policy files")
    problems: list[str] = []
    seen: dict[str, str] = {}
    for name, text in texts.items():
        try:
            templates = cedarpy.PolicySet.from_str(text).to_pst().static_policies.values()
        except ValueError as exc:
            problems.append(f"{name}: does not parse: {exc}")
            continue
        for template in templates:
            policy_id = template.annotations.get("id", "")
            if not policy_id:
                problems.append(f"{name}: a {template.effect} policy has no @id")
            elif policy_id in seen:
                problems.append(f"{name}: @id {policy_id!r} is also used in {seen[policy_id]}")
            else:
                seen[policy_id] = name
    if problems:
        raise ConfigError("the Cedar policies are invalid: " + "; ".join(problems), problems)
    text = "\n".join(texts.values())
    index = {
        cedar_id: _Policy(t.annotations["id"], t.effect, _actions(t.action), dict(t.annotations))
        for cedar_id, t in cedarpy.PolicySet.from_str(text).to_pst().static_policies.items()
    }
    return text, index


def _validate(text: str, schema: cedarpy.Schema) -> None:
    result = cedarpy.validate_policies(text, schema)
    if not result.validation_passed:
        names = result.id_annotations_by_policy_id
        problems = [f"{names.get(e.policy_id, e.policy_id)}: {e.error}" for e in result.errors]
        raise ConfigError("the Cedar policies do not validate against the schema: " + "; ".join(problems), problems)


def _actions(constraint: pst.ActionConstraint) -> frozenset[str] | None:
    if isinstance(constraint, pst.ActionEq):
        return frozenset({constraint.entity.id})
    if isinstance(constraint, pst.ActionIn):
        return frozenset(e.id for e in constraint.entities)
    return None


def _entities(principal: Principal, resource: Resource) -> list[dict[str, Any]]:
    user = {
        "uid": {"type": f"{NAMESPACE}::User", "id": principal.id},
        "attrs": {
            "id": principal.id,
            "role": principal.role,
            "unit": principal.unit,
            "active": principal.active,
        },
        "parents": [],
    }
    target = {
        "uid": {"type": f"{NAMESPACE}::{resource.type}", "id": resource.id},
        "attrs": {k: _json(v) for k, v in resource.attrs.items()},
        "parents": [],
    }
    return [user, target]


def _json(value: Any) -> Any:
    """Cedar JSON for a Python value: enums as their value, sets and tuples as lists."""
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, set | frozenset | tuple | list):
        return [_json(v) for v in value]
    return value
