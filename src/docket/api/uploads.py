"""Streamed uploads: a request body written straight to a file in the data dir, under a size limit.

The file gets a random name (never the client's: no path traversal, no clobbering); only the
client's extension is kept, and only when it is a format Docket reads. Over the limit the request
is refused with 413 and the partial file is removed, so nothing is stored.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import BinaryIO

from fastapi import Request
from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.exceptions import HTTPException

from docket.errors import DocketError, Invalid

DEFAULT_MAX_UPLOAD = 200 * 1024 * 1024
TABLE_SUFFIXES = frozenset({".csv", ".txt", ".jsonl", ".ndjson", ".parquet", ".pq"})
FILE_FIELD = "file"


def uploads_dir(data_dir: Path) -> Path:
    return data_dir / "uploads"


def too_large(limit: int) -> HTTPException:
    return HTTPException(413, f"the upload is larger than the limit of {limit} bytes; nothing was stored")


def safe_suffix(client_name: str) -> str:
    """The client's extension if Docket reads that format; the name itself is never used."""
    suffix = PurePosixPath(client_label(client_name)).suffix.lower()
    if suffix not in TABLE_SUFFIXES:
        raise Invalid(f"unsupported file type {suffix or '(none)'!r}: send CSV, JSON Lines or Parquet")
    return suffix


def new_path(folder: Path, suffix: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"upload-{secrets.token_hex(16)}{suffix}"


@dataclass(frozen=True)
class Upload:
    path: Path  # where it is stored, under a generated name
    label: str  # the client's base name, for messages only


def client_label(client_name: str) -> str:
    return PureWindowsPath(PurePosixPath(client_name).name).name or "upload"


@contextmanager
def kept_on_success(upload: Upload) -> Iterator[Path]:
    """Remove the file when the block fails (a refused upload leaves nothing behind); messages name
    the upload by the client's base name, not by the server's path."""
    try:
        yield upload.path
    except DocketError as error:
        upload.path.unlink(missing_ok=True)
        error.message = error.message.replace(str(upload.path), upload.label)
        error.errors = [line.replace(str(upload.path), upload.label) for line in error.errors]
        error.args = (error.message,)
        raise
    except BaseException:
        upload.path.unlink(missing_ok=True)
        raise


class _FilePart:
    """Callbacks for python-multipart: write the part named ``file`` into a new file, counting bytes."""

    def __init__(self, folder: Path, limit: int) -> None:
        self.folder, self.limit = folder, limit
        self.path: Path | None = None
        self.label = ""
        self.size = 0
        self._handle: BinaryIO | None = None
        self._headers: dict[bytes, bytes] = {}
        self._header = (bytearray(), bytearray())  # the header being read: name, value
        self._in_file = False

    def callbacks(self) -> dict[str, object]:
        return {
            "on_part_begin": self._begin,
            "on_header_field": lambda data, start, end: self._header[0].extend(data[start:end]),
            "on_header_value": lambda data, start, end: self._header[1].extend(data[start:end]),
            "on_header_end": self._header_end,
            "on_headers_finished": self._headers_done,
            "on_part_data": self._data,
            "on_part_end": self._end,
        }

    def _begin(self) -> None:
        self._headers = {}

    def _header_end(self) -> None:
        name, value = self._header
        self._headers[bytes(name).lower()] = bytes(value)
        self._header = (bytearray(), bytearray())

    def _headers_done(self) -> None:
        _kind, options = parse_options_header(self._headers.get(b"content-disposition", b""))
        self._in_file = options.get(b"name") == FILE_FIELD.encode() and self.path is None
        if self._in_file:
            client_name = options.get(b"filename", b"").decode("utf-8", "replace")
            self.path = new_path(self.folder, safe_suffix(client_name))
            self.label = client_label(client_name)
            self._handle = self.path.open("wb")

    def _data(self, data: bytes, start: int, end: int) -> None:
        if not self._in_file:
            return
        self.size += end - start
        if self.size > self.limit:
            raise too_large(self.limit)
        if self._handle is not None:
            self._handle.write(data[start:end])

    def _end(self) -> None:
        if self._in_file and self._handle is not None:
            self._handle.close()
        self._in_file = False

    def discard(self) -> None:
        if self._handle is not None:
            self._handle.close()
        if self.path is not None:
            self.path.unlink(missing_ok=True)


async def receive_file(request: Request, folder: Path, limit: int) -> Upload:
    """Stream the multipart part ``file`` of ``request`` into ``folder``; its path."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit + 64 * 1024:
        raise too_large(limit)
    part = _FilePart(folder, limit)
    parser = MultipartParser(_boundary(request), part.callbacks())  # type: ignore[arg-type]
    try:
        async for chunk in request.stream():
            parser.write(chunk)
        parser.finalize()
    except FormParserError as exc:
        part.discard()
        raise Invalid(f"the multipart upload is malformed: {exc}") from exc
    except BaseException:
        part.discard()
        raise
    if part.path is None:
        raise Invalid(f"no part named {FILE_FIELD!r} in the upload")
    return Upload(part.path, part.label)


def _boundary(request: Request) -> bytes:
    content_type, options = parse_options_header(request.headers.get("content-type", ""))
    if content_type.lower() != b"multipart/form-data" or not options.get(b"boundary"):
        raise Invalid(f"send the file as multipart/form-data in a part named {FILE_FIELD!r}")
    return options[b"boundary"]
