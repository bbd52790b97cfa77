"""``create_app(settings)``: the API under ``/api/v1`` and the pages at ``/``, over one runtime.

Settings are built by the caller (the CLI's ``serve``, or a test) and passed in; nothing is created
at import time, so a test can build as many apps as it likes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

from fastapi import APIRouter, FastAPI

from docket.api.errors import error_responses, install_error_handlers
from docket.api.routes import ROUTERS
from docket.api.uploads import DEFAULT_MAX_UPLOAD
from docket.services.runtime import Runtime, open_runtime
from docket.settings import Settings
from docket.web import site

API_PREFIX = "/api/v1"
DESCRIPTION = (
    "Accountable immigration case records. Every call is authorized by published Cedar policies for a "
    "stated purpose and leaves a leaf in a tamper-evident audit log. Every error has one shape: "
    '`{"ok": false, "code", "error", "errors", "policy_ids"}`.'
)


def app_from_env() -> FastAPI:
    """The app over the settings in the environment: the entry uvicorn's worker processes import
    (``docket serve --workers N``)."""
    return create_app(Settings.from_env())


def create_app(settings: Settings, max_upload_bytes: int = DEFAULT_MAX_UPLOAD) -> FastAPI:
    app = FastAPI(
        title="Docket",
        version="1",
        description=DESCRIPTION,
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=f"{API_PREFIX}/docs",
        redoc_url=None,
    )
    app.include_router(_api())  # before the pages: an API call is matched without trying every page route
    site.install(app, settings)  # refuses a placeholder session secret before anything opens
    rt = open_runtime(settings)
    app.state.rt = rt
    app.state.max_upload_bytes = max_upload_bytes
    app.router.lifespan_context = _closing(rt)
    install_error_handlers(app, site.error_page)
    return app


def _api() -> APIRouter:
    api = APIRouter(prefix=API_PREFIX, responses=error_responses(401, 403, 422, 500))
    for router in ROUTERS:
        api.include_router(router)
    return api


def _closing(rt: Runtime) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        rt.close()

    return lifespan
