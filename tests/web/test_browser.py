"""Real Chromium (Debian's, through Playwright) against a real uvicorn server on 127.0.0.1.

Run with ``pytest -m browser``; needs ``/usr/bin/chromium`` (``make browser-deps``). Screenshots go to
``test-artifacts/``.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from docket.services.runtime import Runtime
from tests.api.factories import PASSWORD, add_account, fresh_app

pytestmark = pytest.mark.browser
sync_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Runtime]]:
    app = fresh_app(tmp_path)
    config = uvicorn.Config(app, host="127.0.0.1", port=_free_port(), log_level="warning", lifespan="on")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not running.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{config.port}", app.state.rt
    running.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def page(server: tuple[str, Runtime]) -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no {CHROMIUM}: run `make browser-deps`")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(base_url=server[0])
        yield context.new_page()
        context.close()
        browser.close()


def _sign_in(page, user: str) -> None:  # type: ignore[no-untyped-def]
    page.goto("/login")
    page.get_by_label("User name").fill(user)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def _shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


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
