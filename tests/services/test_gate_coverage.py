"""Every service that acts for someone goes through the gate, and every gate call leaves a leaf."""

from __future__ import annotations

import ast
import contextlib
import importlib
import pkgutil
from pathlib import Path

import pytest

import docket.services
from docket.errors import DocketError
from docket.services import auditing, cases, persons, requests, reviews, sources
from docket.services.runtime import Runtime
from docket.store import audit_repo
from tests.factories import add_account, operator, write_declaration


def service_functions() -> list[tuple[str, ast.FunctionDef]]:
    """Public functions of docket.services whose first two parameters are ``rt`` and ``ctx``."""
    found = []
    for info in pkgutil.iter_modules(docket.services.__path__):
        module = importlib.import_module(f"docket.services.{info.name}")
        tree = ast.parse(Path(module.__file__ or "").read_text())
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_") and node.name != "open_gate":
                names = [a.arg for a in node.args.args[:2]]
                if names == ["rt", "ctx"]:
                    found.append((f"{info.name}.{node.name}", node))
    return found


def opens_gate(node: ast.FunctionDef) -> bool:
    return any(isinstance(n, ast.Call) and getattr(n.func, "id", None) == "open_gate" for n in ast.walk(node))


def test_every_service_taking_a_context_opens_the_gate() -> None:
    functions = service_functions()
    assert len(functions) > 30
    missing = [name for name, node in functions if not opens_gate(node)]
    assert missing == []


def leaves(rt: Runtime) -> int:
    with rt.engine.connect() as conn:
        return audit_repo.tree_size(conn)


def test_each_call_allowed_or_denied_leaves_exactly_one_leaf(rt: Runtime, tmp_path: Path) -> None:
    sam, lee, olga = (
        add_account(rt, "sam", "supervisor"),
        add_account(rt, "lee", "legal_reviewer"),
        add_account(rt, "olga", "oversight"),
    )
    calls = [
        lambda: sources.add_source(rt, operator(), write_declaration(tmp_path)),
        lambda: sources.list_sources(rt, operator()),
        lambda: sources.list_sources(rt, olga),  # denied
        lambda: persons.export_persons(rt, operator(), tmp_path / "out.csv"),
        lambda: cases.list_cases(rt, sam),
        lambda: cases.list_cases(rt, olga),  # denied
        lambda: cases.show_case(rt, sam, "C9999999"),  # not found after authorization
        lambda: reviews.list_reviews(rt, lee),
        lambda: requests.list_requests(rt, lee),
        lambda: auditing.verify(rt, olga),
        lambda: auditing.checkpoint_now(rt, operator()),
    ]
    for call in calls:
        before = leaves(rt)
        with contextlib.suppress(DocketError):
            call()
        assert leaves(rt) - before == 1


@pytest.mark.parametrize("role", ["analyst", "data_steward", "oversight", "admin"])
def test_denials_are_audited_with_the_deciding_policy(rt: Runtime, role: str) -> None:
    from docket.auditlog.leaf import AuditEvent

    who = add_account(rt, f"u_{role}", role)
    with pytest.raises(DocketError):
        requests.list_requests(rt, who)
    with rt.engine.connect() as conn:
        *_, (_, data, _) = audit_repo.iter_leaves(conn)
    leaf = AuditEvent.from_bytes(data)
    assert (leaf.actor, leaf.outcome) == (f"u_{role}", "denied") and leaf.detail["policies"]
