"""Cedar authorization: who may do what, and why a denial says so."""

from __future__ import annotations

import re
from importlib.resources import files
from typing import Any

import cedarpy
import pytest

from docket.errors import ConfigError, Denied, Protected
from docket.services.authz import DEFAULT_DENY, INVALID_REQUEST, ROLES, Action, Authorizer, Principal, Resource

CEDAR = files("docket").joinpath("services", "cedar")
SCHEMA = CEDAR.joinpath("schema.cedarschema").read_text()
UNIT = "north"


@pytest.fixture(scope="module")
def authz() -> Authorizer:
    return Authorizer()


# ---- factories -------------------------------------------------------------------------------


def user(role: str, *, active: bool = True, unit: str = UNIT) -> Principal:
    return Principal(id=f"{role}-1", role=role, unit=unit, active=active)


def case(assigned_to: str = "analyst-1", **attrs: Any) -> Resource:
    values = {"assigned_to": assigned_to, "unit": UNIT, "purpose": "enforcement", "status": "open"}
    return Resource("Case", "case-1", {**values, "person_protected": False, **attrs})


def case_ctx(**extra: Any) -> dict[str, Any]:
    return {"purpose": "enforcement", "via": "case", **extra}


def person() -> Resource:
    return Resource("Person", "person-1")


def via_case(p: Principal, **extra: Any) -> dict[str, Any]:
    return case_ctx(**{"assigned_to": p.id, "unit": UNIT, "status": "open", **extra})


def via_review(p: Principal) -> dict[str, Any]:
    return {"purpose": "identity_verification", "via": "review", "role_needed": p.role, "assigned_to": p.id}


def via_request(p: Principal) -> dict[str, Any]:
    return {"purpose": "identity_verification", "via": "request", "assigned_to": p.id}


def task(p: Principal) -> Resource:
    return Resource("ReviewTask", "task-1", {"kind": "link", "role_needed": p.role, "assigned_to": ""})


ADMIN = {"purpose": "none", "via": "administration"}
IDV = {"purpose": "identity_verification"}


def const(value: Any) -> Any:
    return lambda p: value


# action label -> (action, resource for principal p, context for p): the ordinary, legitimate form
# of each request, so that the only thing varying in the matrix is the role.
SCENARIOS: dict[str, Any] = {
    "read_case": ("read_case", lambda p: case(p.id), const(case_ctx())),
    "open_case": ("open_case", lambda p: case(p.id, status="new"), const(case_ctx())),
    "assign_case": ("assign_case", const(case("analyst-2")), const(case_ctx())),
    "signoff_case": ("signoff_case", const(case("analyst-2")), const(case_ctx())),
    "refer_case": ("refer_case", lambda p: case(p.id), const(case_ctx())),
    "close_case": ("close_case", lambda p: case(p.id), const(case_ctx())),
    "transition_case": ("transition_case", lambda p: case(p.id), const(case_ctx(to_status="notified"))),
    "read_person/case": ("read_person", const(person()), via_case),
    "read_person/review": ("read_person", const(person()), via_review),
    "read_person/request": ("read_person", const(person()), via_request),
    "export_persons": ("export_persons", const(person()), const(IDV)),
    "clear_protection": (
        "clear_protection",
        const(person()),
        const({"purpose": "status_verification", "via": "review", "citizen_by_birth": False}),
    ),
    "decide_review": ("decide_review", task, const({**IDV, "via": "review"})),
    "list_review": ("list_review", task, const({**IDV, "via": "review"})),
    "handle_request": (
        "handle_request",
        const(Resource("SubjectRequest", "req-1", {"assigned_to": "", "status": "open"})),
        const({**IDV, "via": "request"}),
    ),
    "manage_sources": ("manage_sources", const(Resource("Source", "entry_records")), const(ADMIN)),
    "ingest": ("ingest", const(Resource("Source", "entry_records")), const(ADMIN)),
    "purge": ("purge", const(Resource("Source", "*")), const(ADMIN)),
    "link": ("link", const(Resource("Source", "*")), const(ADMIN)),
    "read_audit": ("read_audit", const(Resource("AuditLog", "main")), const(ADMIN)),
    "verify_audit": ("verify_audit", const(Resource("AuditLog", "main")), const(ADMIN)),
    "read_report": (
        "read_report",
        const(Resource("Report", "tiers", {"aggregate": True})),
        const({"purpose": "statistics", "via": "oversight"}),
    ),
    "manage_accounts": (
        "manage_accounts",
        const(Resource("Account", "acct-9", {"user_id": "someone-else"})),
        const(ADMIN),
    ),
}

CASE_WORK = {"analyst", "supervisor"}
CASE_LABELS = ["read_case", "open_case", "refer_case", "close_case", "transition_case", "read_person/case"]
ALLOWED: dict[str, set[str]] = {
    **dict.fromkeys(CASE_LABELS, CASE_WORK),
    **dict.fromkeys(["assign_case", "signoff_case"], {"supervisor"}),
    **dict.fromkeys(["read_person/review", "decide_review", "list_review"], {"legal_reviewer", "data_steward"}),
    **dict.fromkeys(["read_person/request", "clear_protection", "handle_request"], {"legal_reviewer"}),
    **dict.fromkeys(["export_persons", "manage_sources", "ingest", "link", "purge"], {"data_steward"}),
    **dict.fromkeys(["read_audit", "read_report"], {"oversight"}),
    "verify_audit": {"analyst", "supervisor", "legal_reviewer", "data_steward", "oversight", "admin"},
    "manage_accounts": {"admin"},
}


def ask(authz: Authorizer, label: str, p: Principal, resource: Resource | None = None, **ctx: Any) -> Any:
    action, make_resource, context = SCENARIOS[label]
    return authz.decide(p, action, resource or make_resource(p), {**context(p), **ctx})


def test_scenarios_cover_every_action() -> None:
    assert {SCENARIOS[label][0] for label in SCENARIOS} == {a.value for a in Action}
    assert set(SCENARIOS) == set(ALLOWED)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("label", list(SCENARIOS))
def test_role_action_matrix(authz: Authorizer, label: str, role: str) -> None:
    decision = ask(authz, label, user(role))
    assert decision.allowed is (role in ALLOWED[label]), decision.reason
    assert decision.policy_ids, "every decision names the policies behind it"
    assert INVALID_REQUEST not in decision.policy_ids, decision.reason


# ---- hard rules ------------------------------------------------------------------------------

ENFORCEMENT = ["open_case", "assign_case", "signoff_case", "refer_case"]


@pytest.mark.parametrize("label", ENFORCEMENT)
@pytest.mark.parametrize("role", ["analyst", "supervisor"])
def test_protected_person_forbids_enforcement(authz: Authorizer, label: str, role: str) -> None:
    p = user(role)
    action, resource, context = SCENARIOS[label]
    protected_case = Resource("Case", "case-1", {**resource(p).attrs, "person_protected": True})
    decision = authz.decide(p, action, protected_case, context(p))
    assert not decision.allowed
    assert decision.protected
    assert "protected-person-no-enforcement" in decision.policy_ids
    with pytest.raises(Protected) as raised:
        authz.require(p, action, protected_case, context(p))
    assert "protected-person-no-enforcement" in raised.value.policy_ids
    assert "the person is protected" in raised.value.message


@pytest.mark.parametrize("label", ENFORCEMENT)
def test_protection_in_context_also_forbids(authz: Authorizer, label: str) -> None:
    decision = ask(authz, label, user("supervisor"), person_protected=True)
    assert decision.policy_ids == ("protected-person-no-enforcement",)
    assert decision.protected


@pytest.mark.parametrize("role", ["analyst", "supervisor", "legal_reviewer"])
def test_a_protected_persons_case_can_always_be_closed(authz: Authorizer, role: str) -> None:
    p = user(role)
    decision = authz.decide(p, "close_case", case(p.id, person_protected=True), case_ctx(person_protected=True))
    assert decision.allowed, decision.reason


def test_a_protected_persons_case_only_moves_to_closed(authz: Authorizer) -> None:
    p = user("supervisor")
    protected_case = case(person_protected=True)
    assert authz.decide(p, "transition_case", protected_case, case_ctx(to_status="closed")).allowed
    decision = authz.decide(p, "transition_case", protected_case, case_ctx(to_status="notice_issued"))
    assert decision.policy_ids == ("protected-person-close-only",)
    assert decision.protected


def test_legal_reviewer_closes_only_on_protection(authz: Authorizer) -> None:
    assert not authz.decide(user("legal_reviewer"), "close_case", case(), case_ctx()).allowed


@pytest.mark.parametrize("label", list(SCENARIOS))
def test_inactive_user_is_denied_everything(authz: Authorizer, label: str) -> None:
    for role in ALLOWED[label]:
        decision = ask(authz, label, user(role, active=False))
        assert not decision.allowed
        assert "inactive-user" in decision.policy_ids


@pytest.mark.parametrize("purpose", ["marketing", "none", "", "Enforcement"])
def test_purpose_outside_the_closed_list_is_denied(authz: Authorizer, purpose: str) -> None:
    p = user("analyst")
    decision = authz.decide(p, "read_person", person(), {**via_case(p), "purpose": purpose})
    assert not decision.allowed
    assert "purpose-closed-list" in decision.policy_ids


def test_administration_may_go_without_a_purpose(authz: Authorizer) -> None:
    assert ask(authz, "ingest", user("data_steward")).allowed
    assert "purpose-closed-list" in ask(authz, "ingest", user("data_steward"), purpose="sales").policy_ids


HARD_RULES = [
    ("case-purpose-binding", "analyst", "read_case", None, {"purpose": "statistics"}),
    ("via-closed-list", "analyst", "read_person/case", None, {"via": "search"}),
    ("no-self-signoff", "supervisor", "signoff_case", case("supervisor-1"), {}),
    (
        "citizen-by-birth-never-cleared",
        "legal_reviewer",
        "clear_protection",
        None,
        {"citizen_by_birth": True},
    ),
    ("no-bulk-export-for-enforcement", "data_steward", "export_persons", None, {"purpose": "enforcement"}),
    (
        "no-self-administration",
        "admin",
        "manage_accounts",
        Resource("Account", "a", {"user_id": "admin-1"}),
        {},
    ),
    ("data-steward-no-case-file", "data_steward", "read_case", None, {}),
    ("data-steward-no-case-file", "data_steward", "read_person/case", None, {}),
]


@pytest.mark.parametrize(("policy_id", "role", "label", "resource", "ctx"), HARD_RULES)
def test_hard_rule_denies_and_names_itself(
    authz: Authorizer, policy_id: str, role: str, label: str, resource: Resource | None, ctx: dict[str, Any]
) -> None:
    decision = ask(authz, label, user(role), resource, **ctx)
    assert not decision.allowed
    assert decision.policy_ids == (policy_id,), decision.reason
    assert not decision.protected


def test_analyst_denied_on_a_case_assigned_to_someone_else(authz: Authorizer) -> None:
    p = user("analyst")
    for action in ["read_case", "refer_case", "transition_case"]:
        ctx = case_ctx(to_status="notice_issued") if action == "transition_case" else case_ctx()
        decision = authz.decide(p, action, case("analyst-2"), ctx)
        assert decision.policy_ids == (DEFAULT_DENY,), action
        assert "an open case assigned to you" in decision.reason
    decision = authz.decide(p, "read_person", person(), {**via_case(p), "assigned_to": "analyst-2"})
    assert decision.policy_ids == (DEFAULT_DENY,)
    assert "analyst-read-person-via-case" in decision.reason


def test_analyst_reads_no_person_through_a_closed_case(authz: Authorizer) -> None:
    p = user("analyst")
    assert not authz.decide(p, "read_person", person(), via_case(p, status="closed")).allowed
    assert not authz.decide(p, "read_case", case(p.id, status="closed"), case_ctx()).allowed


def test_supervisor_limited_to_own_unit(authz: Authorizer) -> None:
    p = user("supervisor", unit="south")
    assert not authz.decide(p, "signoff_case", case("analyst-2"), case_ctx()).allowed
    assert not authz.decide(p, "read_person", person(), via_case(p, unit=UNIT)).allowed


@pytest.mark.parametrize("role", ["oversight", "admin"])
@pytest.mark.parametrize("label", ["read_case", "read_person/case", "read_person/review", "export_persons"])
def test_oversight_and_admin_never_read_person_data(authz: Authorizer, role: str, label: str) -> None:
    decision = ask(authz, label, user(role))
    assert not decision.allowed
    assert f"{role}-no-person-data" in decision.policy_ids


def test_oversight_reads_only_aggregate_reports(authz: Authorizer) -> None:
    report = Resource("Report", "cases", {"aggregate": False})
    assert not authz.decide(user("oversight"), "read_report", report, {"purpose": "statistics"}).allowed


def test_reviewer_works_only_tasks_of_their_role_and_not_anothers(authz: Authorizer) -> None:
    p = user("data_steward")
    protection = Resource("ReviewTask", "t", {"kind": "protection", "role_needed": "legal_reviewer", "assigned_to": ""})
    taken = Resource("ReviewTask", "t", {"kind": "link", "role_needed": "data_steward", "assigned_to": "other"})
    ctx = {"purpose": "identity_verification"}
    assert not authz.decide(p, "decide_review", protection, ctx).allowed
    assert not authz.decide(p, "decide_review", taken, ctx).allowed


# ---- denials name their reasons --------------------------------------------------------------


def test_require_raises_denied_with_policy_ids(authz: Authorizer) -> None:
    with pytest.raises(Denied) as raised:
        authz.require(user("analyst"), "manage_accounts", Resource("Account", "a", {"user_id": "x"}), ADMIN)
    assert not isinstance(raised.value, Protected)
    assert raised.value.policy_ids == [DEFAULT_DENY]
    assert "the analyst role has no permit for manage_accounts" in raised.value.message


def test_require_returns_the_decision_when_allowed(authz: Authorizer) -> None:
    p = user("analyst")
    assert authz.require(p, "read_case", case(p.id), case_ctx()).policy_ids == ("analyst-work-assigned-case",)


def test_forbid_denial_is_not_protected(authz: Authorizer) -> None:
    with pytest.raises(Denied) as raised:
        authz.require(user("oversight"), "read_case", case(), case_ctx())
    assert not isinstance(raised.value, Protected)
    assert raised.value.policy_ids == ["oversight-no-person-data"]


def test_missing_attribute_denies_and_says_which(authz: Authorizer) -> None:
    p = user("analyst")
    decision = authz.decide(p, "read_case", Resource("Case", "c", {"assigned_to": p.id}), case_ctx())
    assert decision.policy_ids == (INVALID_REQUEST,)
    assert 'expected entity `Docket::Case::"c"` to have attribute' in decision.reason
    decision = authz.decide(p, "read_person", person(), {"purpose": "enforcement"})
    assert decision.policy_ids == (INVALID_REQUEST,)
    assert "`via`" in decision.reason


def test_unknown_action_is_denied(authz: Authorizer) -> None:
    decision = authz.decide(user("admin"), "search_population", person(), {"purpose": "enforcement"})
    assert decision.policy_ids == ("unknown-action",)


# ---- the policy files --------------------------------------------------------------------------


def _templates() -> list[Any]:
    text = "\n".join(e.read_text() for e in CEDAR.iterdir() if e.name.endswith(".cedar"))
    return list(cedarpy.PolicySet.from_str(text).to_pst().static_policies.values())


def test_every_policy_is_named_and_explained() -> None:
    for t in _templates():
        assert t.annotations.get("id"), t
        if t.effect == "permit":
            assert t.annotations.get("requires"), t.annotations["id"]
            roles = {r.strip() for r in t.annotations["role"].split(",")}
            assert roles <= set(ROLES), t.annotations["id"]
        else:
            assert t.annotations.get("reason"), t.annotations["id"]


def test_action_enum_matches_the_schema() -> None:
    declared: set[str] = set()
    for names in re.findall(r"^\s*action ([\w, ]+?)(?:\s+in \[|\s+appliesTo|;)", SCHEMA, re.MULTILINE):
        declared.update(n.strip() for n in names.split(","))
    groups = {"person_data", "enforcement", "case_action", "administration"}
    assert declared - groups == {a.value for a in Action}


# ---- construction fails loudly ---------------------------------------------------------------


def test_policy_that_does_not_validate_is_a_config_error() -> None:
    bad = '@id("bad-attr")\npermit (principal, action == Docket::Action::"read_case", resource)\n'
    bad += 'when { resource.nationality == "x" };'
    with pytest.raises(ConfigError) as raised:
        Authorizer(SCHEMA, {"bad.cedar": bad})
    assert "bad-attr" in raised.value.message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("permit (principal, action, resource)", "broken.cedar: does not parse"),
        ("permit (principal, action, resource);", "has no @id"),
        (
            '@id("x") permit (principal, action, resource);\n@id("x") forbid (principal, action, resource);',
            "'x'",
        ),
    ],
)
def test_unparsable_or_unnamed_policies_are_config_errors(text: str, expected: str) -> None:
    with pytest.raises(ConfigError) as raised:
        Authorizer(SCHEMA, {"broken.cedar": text})
    assert expected in raised.value.message


def test_bad_schema_is_a_config_error() -> None:
    with pytest.raises(ConfigError):
        Authorizer("namespace Docket { entity User = ; }")
