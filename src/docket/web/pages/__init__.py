"""The page routers. Extension point: a new page module (case queue, case file, review queue,
subject requests) adds its ``router`` here and its link in ``docket.web.nav``."""

from __future__ import annotations

from fastapi import APIRouter

from docket.web.pages import accounts, home, oversight, signin, sources

PAGES: tuple[APIRouter, ...] = (signin.router, home.router, sources.router, oversight.router, accounts.router)
