"""The audit log over HTTP: checkpoints, inclusion proofs, verification."""

from __future__ import annotations

from fastapi.testclient import TestClient

from docket.services.runtime import Runtime
from tests.api.factories import as_role, assert_error


def test_checkpoint_is_signed_and_covers_the_log(client: TestClient, steward: dict[str, str]) -> None:
    note = client.get("/api/v1/audit/checkpoint", headers=steward).json()["checkpoint"]
    origin, size, _root = note.splitlines()[:3]
    assert origin.startswith("docket.audit/") and int(size) > 0 and "\n\n— " in note


def test_inclusion_proof_of_a_leaf(client: TestClient, steward: dict[str, str]) -> None:
    proof = client.get("/api/v1/audit/proofs/0", headers=steward).json()
    assert proof["index"] == 0 and proof["tree_size"] >= 1 and proof["checkpoint"]
    assert set(proof) == {"index", "tree_size", "leaf_hash", "root", "path", "checkpoint"}


def test_proof_of_a_missing_leaf_is_404(client: TestClient, steward: dict[str, str]) -> None:
    assert_error(client.get("/api/v1/audit/proofs/999999", headers=steward), 404, "not_found")
    assert_error(client.get("/api/v1/audit/proofs/-1", headers=steward), 422, "invalid")


def test_verify_reports_an_intact_log(client: TestClient, rt: Runtime) -> None:
    body = client.get("/api/v1/audit/verify", headers=as_role(rt, "oversight")).json()
    assert body["ok"] is True and body["reports"][0]["leaves"] > 0 and body["reports"][0]["failure"] is None


def test_verify_needs_authentication(client: TestClient) -> None:
    assert_error(client.get("/api/v1/audit/verify"), 401, "unauthenticated")


def test_oversight_dashboard_counts_denials(client: TestClient, rt: Runtime, steward: dict[str, str]) -> None:
    client.get("/api/v1/users", headers=steward)  # refused: audited as a denial
    oversight = as_role(rt, "oversight")
    client.get("/api/v1/audit/verify", headers=oversight)
    board = client.get("/api/v1/oversight/dashboard", headers=oversight).json()
    assert board["log_size"] > 0 and board["by_role"]["data_steward"] >= 1
    assert board["denials"] == {"default-deny": 1} and board["last_verify"].startswith("ok")


def test_oversight_dashboard_is_for_oversight(client: TestClient, steward: dict[str, str]) -> None:
    body = assert_error(client.get("/api/v1/oversight/dashboard", headers=steward), 403, "denied")
    assert body["policy_ids"] == ["default-deny"]
