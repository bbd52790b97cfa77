"""Sign in (password, with the service's lockout) and sign out."""

from __future__ import annotations

from typing import Annotated

from fastapi import Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool

from docket.errors import Unauthenticated
from docket.services.users import authenticate_password
from docket.web.auth import Rt, sign_in, sign_out
from docket.web.csrf import renew_csrf
from docket.web.rendering import render
from docket.web.router import page_router

router = page_router()


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request) -> HTMLResponse:
    return render(request, "login.html")


@router.post("/login", response_model=None)
async def login(
    request: Request,
    rt: Rt,
    user: Annotated[str, Form(max_length=60)],
    password: Annotated[str, Form(max_length=1024)],
) -> HTMLResponse | RedirectResponse:
    try:
        actor = await run_in_threadpool(authenticate_password, rt, user, password)
    except Unauthenticated as refused:
        return render(request, "login.html", {"error": refused.message, "user_name": user}, 401)
    sign_in(request, actor)
    renew_csrf(request)
    return RedirectResponse("/", status_code=303)


@router.post("/logout")
def logout(request: Request) -> RedirectResponse:
    sign_out(request)
    return RedirectResponse("/login", status_code=303)
