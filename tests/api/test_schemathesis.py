"""Property-based run of the published OpenAPI document against the app, in process.

Every operation gets generated requests (authenticated: stewards for sources, ingest, export and the
audit log; an administrator for accounts and tokens); no response may be a 5xx, and every response
must conform to the schema the document publishes for its status. The quick run is part of the
default suite; ``-m full`` runs many more examples.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from docket.services.runtime import Runtime
from tests.api.factories import add_account, bearer, fresh_app, token_for

CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance, content_type_conformance]
# Source declarations are TOML text: send generated strings as they are.
schemathesis.serializer.alias("application/toml", "text/plain")


def _headers_by_path(app: FastAPI) -> Callable[[str], dict[str, str]]:
    """Who calls: an administrator for accounts, a supervisor for cases, a legal reviewer for subject
    requests and protection, oversight for the dashboard and reports, the data steward otherwise."""
    rt: Runtime = app.state.rt
    steward = bearer(token_for(rt, "operator", days=365))
    admin = bearer(token_for(rt, add_account(rt, "admin2", "admin"), days=365))
    supervisor = bearer(token_for(rt, add_account(rt, "sam", "supervisor", "north"), days=365))
    legal = bearer(token_for(rt, add_account(rt, "lee", "legal_reviewer"), days=365))
    oversight = bearer(token_for(rt, add_account(rt, "ovi", "oversight"), days=365))
    by_prefix = {
        "/api/v1/users": admin,
        "/api/v1/tokens": admin,
        "/api/v1/cases": supervisor,
        "/api/v1/requests": legal,
        "/api/v1/oversight": oversight,
        "/api/v1/reports": oversight,
    }

    def headers(path: str) -> dict[str, str]:
        if path.endswith("/protection/clear"):
            return legal
        return next((h for prefix, h in by_prefix.items() if path.startswith(prefix)), steward)

    return headers


def _run(tmp_path: Path, examples: int) -> None:
    app = fresh_app(tmp_path)
    headers = _headers_by_path(app)
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 30
    with TestClient(app, raise_server_exceptions=False):
        for operation in operations:
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                _exercise(operation, mode, headers(operation.path), examples)


def _exercise(
    operation: schemathesis.APIOperation, mode: GenerationMode, headers: dict[str, str], examples: int
) -> None:
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case: schemathesis.Case) -> None:
        case.call_and_validate(headers={**(case.headers or {}), **headers}, checks=CHECKS)

    check()


def test_api_conforms_to_its_openapi_document(tmp_path: Path) -> None:
    _run(tmp_path, examples=15)


@pytest.mark.full
def test_api_conforms_to_its_openapi_document_at_length(tmp_path: Path) -> None:
    _run(tmp_path, examples=300)
