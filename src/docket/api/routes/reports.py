"""Reports built from the audit log and decision records only (oversight): the transparency report."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response
from fastapi.responses import FileResponse, HTMLResponse

from docket.api.auth import CallerCtx, Rt
from docket.api.request_models import ReportPeriod
from docket.services import reports

router = APIRouter(prefix="/reports", tags=["reports"])
REPORT_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The report, as HTML (default) or PDF; counts below 10 are shown as <10.",
        "content": {
            "text/html": {"schema": {"type": "string"}},
            "application/pdf": {"schema": {"type": "string", "format": "binary"}},
        },
    }
}


@router.post(
    "/transparency",
    summary="The transparency report for a period (also kept in the data dir's documents)",
    response_model=None,
    response_class=Response,  # no media type of its own: 200 documents HTML and PDF, errors JSON
    responses=REPORT_RESPONSE,
)
def transparency(
    rt: Rt,
    ctx: CallerCtx,
    body: ReportPeriod,
    format: Annotated[Literal["html", "pdf"], Query(description="html (default) or pdf.")] = "html",
) -> HTMLResponse | FileResponse:
    folder = rt.settings.documents_dir / "reports"
    paths = reports.transparency(rt, ctx, body.period_from.isoformat(), body.period_to.isoformat(), folder)
    if format == "pdf":
        return FileResponse(paths["pdf"], media_type="application/pdf", filename=paths["pdf"].name)
    return HTMLResponse(paths["html"].read_text(encoding="utf-8"))
