"""Declared sources and the ingest history (data stewards)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query, Request
from fastapi.responses import HTMLResponse

from docket.services.sources import ingest_history, list_sources
from docket.web.auth import AdminCtx, Rt
from docket.web.rendering import render
from docket.web.router import page_router

router = page_router()
PAGE_SIZE = 25


@router.get("/sources", response_class=HTMLResponse)
def sources(
    request: Request, rt: Rt, ctx: AdminCtx, offset: Annotated[int, Query(ge=0, le=1_000_000_000)] = 0
) -> HTMLResponse:
    """Two reads of the same administrative function: the declarations, then a page of batches."""
    batches = ingest_history(rt, ctx, PAGE_SIZE + 1, offset)  # one more: is there a next page?
    more = len(batches) > PAGE_SIZE
    history = {"items": batches[:PAGE_SIZE], "limit": PAGE_SIZE, "offset": offset, "total": None, "more": more}
    return render(request, "sources.html", {"sources": list_sources(rt, ctx), "history": history})
