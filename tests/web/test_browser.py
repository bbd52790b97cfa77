"""Sign-in, refusal and oversight in real Chromium (fixtures and helpers: ``tests.web.browser``).

Run with ``pytest -m browser``; needs ``/usr/bin/chromium`` (``make browser-deps``). Screenshots go to
``test-artifacts/``.
"""

from __future__ import annotations

import pytest

from docket.services.runtime import Runtime
from tests.api.factories import PASSWORD, add_account
from tests.web.browser import shot as _shot
from tests.web.browser import sign_in as _sign_in

pytestmark = pytest.mark.browser
sync_api = pytest.importorskip("playwright.sync_api")


def test_sign_in_and_out(server: tuple[str, Runtime], page) -> None:  # type: ignore[no-untyped-def]
    add_account(server[1], "ana", "analyst", "north", PASSWORD)
    page.goto("/")
    assert page.url.endswith("/login")
    _shot(page, "sign-in")
    _sign_in(page, "ana")
    sync_api.expect(page.get_by_role("heading", level=1)).to_have_text("My work")
    sync_api.expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    _shot(page, "home-analyst")
    page.get_by_role("button", name="Sign out").click()
    sync_api.expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")


def test_wrong_password_is_announced(server: tuple[str, Runtime], page) -> None:  # type: ignore[no-untyped-def]
    add_account(server[1], "ana", "analyst", "north", PASSWORD)
    page.goto("/login")
    page.get_by_label("User name").fill("ana")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    sync_api.expect(page.get_by_role("alert")).to_contain_text("wrong user name or password")


def test_refused_a_page_outside_my_role(server: tuple[str, Runtime], page) -> None:  # type: ignore[no-untyped-def]
    add_account(server[1], "ana", "analyst", "north", PASSWORD)
    _sign_in(page, "ana")
    response = page.goto("/sources")
    assert response is not None and response.status == 403
    sync_api.expect(page.get_by_role("heading", level=1)).to_have_text("Not allowed")
    sync_api.expect(page.locator(".policy-ids")).to_contain_text("default-deny")
    _shot(page, "refused-sources-as-analyst")


def test_oversight_sees_verify_status(server: tuple[str, Runtime], page) -> None:  # type: ignore[no-untyped-def]
    add_account(server[1], "ovi", "oversight", "", PASSWORD)
    _sign_in(page, "ovi")
    page.get_by_role("link", name="Oversight").first.click()
    sync_api.expect(page.locator("#verify-status")).to_contain_text("Not verified yet")
    page.get_by_role("button", name="Verify the log now").click()
    sync_api.expect(page.locator("#verify-status")).to_contain_text("Verified: ok at")
    sync_api.expect(page.get_by_text("Log size (leaves)")).to_be_visible()
    _shot(page, "oversight-dashboard")
