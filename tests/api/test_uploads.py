"""The streamed multipart reader, fed in small chunks as a slow client would send them."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from fastapi import Request
from starlette.exceptions import HTTPException

from docket.api.uploads import receive_file

BOUNDARY = "b0undary"


def _body(filename: str, data: bytes) -> bytes:
    return (
        (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n'
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
            "Content-Type: text/csv\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{BOUNDARY}--\r\n".encode()
    )


def _request(body: bytes, chunk: int) -> Request:
    pieces = [body[i : i + chunk] for i in range(0, len(body), chunk)]
    messages = [{"type": "http.request", "body": p, "more_body": True} for p in pieces]
    messages.append({"type": "http.request", "body": b"", "more_body": False})

    async def receive() -> dict[str, object]:
        return messages.pop(0)

    headers = [(b"content-type", f"multipart/form-data; boundary={BOUNDARY}".encode())]
    return Request({"type": "http", "method": "POST", "path": "/", "headers": headers}, receive)


def test_chunked_upload_keeps_only_the_file_part(tmp_path: Path) -> None:
    data = b"record_id,given_name\nR0,Ann\n" * 50
    upload = asyncio.run(receive_file(_request(_body("..\\..\\win.CSV", data), 7), tmp_path, 10_000))
    assert upload.path.read_bytes() == data and upload.path.parent == tmp_path
    assert upload.path.suffix == ".csv" and upload.label == "win.CSV"


def test_chunked_upload_over_the_limit_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(HTTPException) as refused:
        asyncio.run(receive_file(_request(_body("a.csv", b"x" * 5000), 13), tmp_path, 1000))
    assert refused.value.status_code == 413 and list(tmp_path.iterdir()) == []
