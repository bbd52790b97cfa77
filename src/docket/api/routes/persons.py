"""The pseudonymous ``source,record_id,person_id`` export, as a CSV download."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from docket.api.auth import PurposeCtx, Rt
from docket.api.uploads import new_path, uploads_dir
from docket.services.persons import export_persons

router = APIRouter(prefix="/persons", tags=["persons"])
CSV_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "CSV with the header `source,record_id,person_id`; ids only, no names or dates.",
        "content": {"text/csv": {"schema": {"type": "string"}}},
    }
}


@router.get(
    "/export",
    summary="Export record -> person ids (not for enforcement)",
    response_class=FileResponse,
    responses=CSV_RESPONSE,
)
def export(rt: Rt, ctx: PurposeCtx) -> FileResponse:
    out = new_path(uploads_dir(rt.settings.data_dir) / "exports", ".csv")
    try:
        export_persons(rt, ctx, out)
    except BaseException:
        out.unlink(missing_ok=True)
        raise
    cleanup = BackgroundTask(out.unlink, missing_ok=True)
    return FileResponse(out, media_type="text/csv", filename="persons.csv", background=cleanup)
