"""Persons: the pseudonymous ``source,record_id,person_id`` export as a CSV download, why a person's
records were linked, and a legal reviewer's clearance of a protection."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from docket.api.auth import CallerCtx, PurposeCtx, Rt
from docket.api.errors import error_responses
from docket.api.link_models import ExplanationOut
from docket.api.pagination import Page, Paging, page_of
from docket.api.request_models import ProtectionCleared, ProtectionClearing
from docket.api.uploads import new_path, uploads_dir
from docket.services import explanations
from docket.services.persons import export_persons
from docket.services.protection import clear_protection

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


@router.get(
    "/{person_id}/explanations",
    response_model=Page[ExplanationOut],
    summary="Why each record of a person was linked: comparison levels and match weights per field",
    responses=error_responses(404),
)
def explain_person(rt: Rt, ctx: CallerCtx, person_id: str, paging: Paging) -> Page[ExplanationOut]:
    found = explanations.explain_person(rt, ctx, person_id)
    return page_of([ExplanationOut.model_validate(e) for e in found], paging)


@router.post(
    "/{person_id}/protection/clear",
    response_model=ProtectionCleared,
    summary="Clear a lawful-status protection (legal reviewers; citizenship by birth never)",
    responses=error_responses(404),
)
def clear(rt: Rt, ctx: CallerCtx, person_id: str, body: ProtectionClearing) -> ProtectionCleared:
    return ProtectionCleared(person_id=person_id, records=clear_protection(rt, ctx, person_id, body.reason))
