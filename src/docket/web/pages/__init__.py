"""The page routers. Extension point: a new page module adds its ``router`` here and its link in
``docket.web.nav``. Order matters where paths overlap: ``/cases/new`` before ``/cases/{id}``."""

from __future__ import annotations

from fastapi import APIRouter

from docket.web.pages import accounts, case_file, cases, home, links, oversight, requests, reviews, signin, sources

PAGES: tuple[APIRouter, ...] = (
    signin.router,
    home.router,
    cases.router,
    case_file.router,
    reviews.router,
    links.router,
    requests.router,
    sources.router,
    oversight.router,
    accounts.router,
)
