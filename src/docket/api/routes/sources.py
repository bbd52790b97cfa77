"""Declared sources and their ingest batches (data stewards)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from starlette.concurrency import run_in_threadpool

from docket.api.auth import AdminCtx, Rt
from docket.api.errors import error_responses
from docket.api.models import BatchOut, SourceDeclared, SourceOut
from docket.api.pagination import Page, Paging, page_of
from docket.api.request_models import IngestBatchOut
from docket.api.uploads import Upload, kept_on_success, new_path, receive_file, too_large, uploads_dir
from docket.services import sources as sources_service
from docket.services.ingest import ingest_file

router = APIRouter(prefix="/sources", tags=["sources"])
MAX_DECLARATION = 64 * 1024
TOML_BODY = {
    "requestBody": {
        "required": True,
        "description": "A source declaration (DESIGN.md §4), as TOML.",
        "content": {"application/toml": {"schema": {"type": "string"}}},
    }
}
UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "description": "The file in a part named `file`: CSV, JSON Lines or Parquet (by its extension).",
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {"file": {"type": "string", "format": "binary"}},
                }
            }
        },
    }
}


@router.get("", response_model=Page[SourceOut], summary="List declared sources")
def list_sources(rt: Rt, ctx: AdminCtx, paging: Paging) -> Page[SourceOut]:
    found = sources_service.list_sources(rt, ctx)
    return page_of([SourceOut.of(decl, at) for decl, at in found], paging)


@router.get(
    "/batches",
    response_model=Page[IngestBatchOut],
    summary="Ingest history: batches, newest first (source, file, sha256, rows, who and when)",
)
def ingest_history(rt: Rt, ctx: AdminCtx, paging: Paging) -> Page[IngestBatchOut]:
    found = sources_service.ingest_history(rt, ctx, paging.limit, paging.offset)
    items = [IngestBatchOut.model_validate(b) for b in found]
    return Page[IngestBatchOut](items=items, limit=paging.limit, offset=paging.offset)


@router.post(
    "",
    status_code=201,
    response_model=SourceDeclared,
    summary="Declare a source from a TOML declaration",
    openapi_extra=TOML_BODY,
    responses=error_responses(409, 413),
)
async def declare_source(request: Request, rt: Rt, ctx: AdminCtx) -> SourceDeclared:
    text = await _small_body(request, MAX_DECLARATION)
    upload = Upload(new_path(uploads_dir(rt.settings.data_dir), ".toml"), "declaration.toml")
    upload.path.write_bytes(text)
    with kept_on_success(upload) as path:
        added = await run_in_threadpool(sources_service.add_source, rt, ctx, path)
    path.unlink(missing_ok=True)  # the declaration is stored with its hash; the file was only transport
    return SourceDeclared(source=SourceOut.of(added.declaration), created=added.created)


async def _small_body(request: Request, limit: int) -> bytes:
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise too_large(limit)
    return body


@router.post(
    "/{name}/batches",
    status_code=201,
    response_model=BatchOut,
    summary="Upload and ingest a file for a declared source (atomic)",
    openapi_extra=UPLOAD_BODY,
    responses=error_responses(404, 413),
)
async def ingest_batch(
    request: Request,
    rt: Rt,
    ctx: AdminCtx,
    name: str,
    skip_invalid: Annotated[bool, Query(description="Store valid rows; quarantine the invalid ones.")] = False,
) -> BatchOut:
    limit: int = request.app.state.max_upload_bytes
    upload = await receive_file(request, uploads_dir(rt.settings.data_dir), limit)
    with kept_on_success(upload) as path:
        result = await run_in_threadpool(ingest_file, rt, ctx, name, path, skip_invalid)
    return BatchOut.of(result)
