"""The one error page: the API's error body, as HTML. Not signed in: go to the sign-in page."""

from __future__ import annotations

from typing import Any

from fastapi import Request, Response
from fastapi.responses import PlainTextResponse, RedirectResponse

from docket.web.rendering import render

TITLES = {
    400: "Bad request",
    403: "Not allowed",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    413: "Too large",
    422: "Invalid input",
}


def error_page(request: Request, status: int, body: dict[str, Any]) -> Response:
    if status == 401:
        return RedirectResponse("/login", status_code=303)
    if getattr(request.app.state, "templates", None) is None:
        return PlainTextResponse(f"{body['code']}: {body['error']}", status_code=status)
    title = TITLES.get(status, "Something went wrong")
    return render(request, "error.html", {"status": status, "title": title, "body": body}, status)
