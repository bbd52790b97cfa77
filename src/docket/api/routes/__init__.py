"""The API's routers, mounted under ``/api/v1`` by ``docket.api.app``. A new noun adds its module here."""

from __future__ import annotations

from fastapi import APIRouter

from docket.api.routes import accounts, audit, cases, links, oversight, persons, reports, requests, reviews, sources

ROUTERS: tuple[APIRouter, ...] = (
    sources.router,
    persons.router,
    audit.router,
    oversight.router,
    accounts.router,
    cases.router,
    reviews.router,
    links.router,
    requests.router,
    reports.router,
)
