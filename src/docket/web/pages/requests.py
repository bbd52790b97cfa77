"""Subject requests with their deadlines, and the legal reviewer's forms: register, acknowledge,
answer an access request, decide a correction, clear a protection."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from docket.domain.vocabulary import CANONICAL_FIELDS
from docket.services import requests
from docket.services.protection import clear_protection
from docket.web.auth import CallerCtx, Rt
from docket.web.flash import flash
from docket.web.rendering import render
from docket.web.router import page_router

router = page_router()
PAGE_SIZE = 25
Short = Annotated[str, Form(max_length=200)]
Reason = Annotated[str, Form(max_length=4000)]


@router.get("/requests", response_class=HTMLResponse)
def listing(
    request: Request, rt: Rt, ctx: CallerCtx, offset: Annotated[int, Query(ge=0, le=1_000_000_000)] = 0
) -> HTMLResponse:
    found, total = requests.list_requests(rt, ctx, PAGE_SIZE, offset)
    page = {"items": found, "total": total, "limit": PAGE_SIZE, "offset": offset}
    fields = [f for f in CANONICAL_FIELDS if f != "record_id"]
    return render(request, "requests.html", {"page": page, "kinds": requests.KINDS, "fields": fields})


def request_detail(kind: str, record: str, field: str, value: str, contested: list[str]) -> dict[str, Any]:
    """What the form asks, for the kind of request (no more than needed)."""
    if kind == "correction":
        return {"record": record.strip(), "field": field, "value": value}
    if kind == "contest":
        refs = [ref.strip() for ref in contested if ref.strip()]
        return {"records": refs} if refs else {}
    return {}


@router.post("/requests")
def file_request(
    request: Request,
    rt: Rt,
    ctx: CallerCtx,
    kind: Annotated[str, Form(max_length=20)],
    person_id: Annotated[str, Form(max_length=40)],
    record: Short = "",
    field: Short = "",
    value: Short = "",
    contest_left: Short = "",
    contest_right: Short = "",
) -> RedirectResponse:
    detail = request_detail(kind, record, field, value, [contest_left, contest_right])
    filed = requests.file_request(rt, ctx, kind, person_id.strip(), detail)
    flash(request, f"Registered {filed['kind']} request {filed['id']}: acknowledge by {filed['acknowledge_by']}.")
    return RedirectResponse("/requests", status_code=303)


@router.post("/requests/{request_id}/acknowledge")
def acknowledge(request: Request, rt: Rt, ctx: CallerCtx, request_id: str) -> RedirectResponse:
    requests.acknowledge(rt, ctx, request_id)
    flash(request, f"Acknowledged request {request_id}.")
    return RedirectResponse("/requests", status_code=303)


@router.post("/requests/{request_id}/answer")
def answer(request: Request, rt: Rt, ctx: CallerCtx, request_id: str) -> RedirectResponse:
    requests.answer_access(rt, ctx, request_id)
    flash(request, f"Answered request {request_id}: the response (JSON and HTML) is recorded as a disclosure.")
    return RedirectResponse("/requests", status_code=303)


@router.post("/requests/{request_id}/correction")
def correction(
    request: Request, rt: Rt, ctx: CallerCtx, request_id: str, accept: Annotated[bool, Form()], reason: Reason
) -> RedirectResponse:
    result = requests.decide_correction(rt, ctx, request_id, accept, reason)
    flash(request, f"Correction {request_id} {result['decision']}.")
    return RedirectResponse("/requests", status_code=303)


@router.post("/protection/clear")
def clear(
    request: Request, rt: Rt, ctx: CallerCtx, person_id: Annotated[str, Form(max_length=40)], reason: Reason
) -> RedirectResponse:
    cleared = clear_protection(rt, ctx, person_id.strip(), reason)
    flash(request, f"Cleared the protection of {person_id.strip()} (records {', '.join(cleared)}).")
    return RedirectResponse("/requests", status_code=303)
