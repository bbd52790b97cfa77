"""The real app under uvicorn in a child process on loopback, and a lean HTTP/1.1 load client.

Shared by the HTTP benchmarks. The client speaks just enough HTTP/1.1 (keep-alive, Content-Length
bodies) over asyncio streams to cost the machine as little as possible: the server and the load
generator share the same cores, and a heavier client (httpx spends several times the CPU per
request) would measure the client more than the server.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from docket.api.app import create_app
from docket.settings import Settings

HERE = Path(__file__).resolve().parent


def server_app() -> object:
    """uvicorn's ``--factory`` entry: the app over ``$DOCKET_DATA_DIR``, as ``docket serve`` builds it."""
    return create_app(Settings.from_env())


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """``uvicorn --factory http_loopback:server_app`` on 127.0.0.1; access log off (as a log shipper
    would take it elsewhere), uvloop and httptools as ``docket serve`` runs it."""

    def __init__(self, data_dir: Path, workers: int = 1) -> None:
        self.port = free_port()
        argv = [sys.executable, "-m", "uvicorn", "--factory", "http_loopback:server_app", "--app-dir", str(HERE),
                "--host", "127.0.0.1", "--port", str(self.port), "--workers", str(workers),
                "--loop", "uvloop", "--http", "httptools", "--no-access-log", "--log-level", "warning"]
        env = {**os.environ, "DOCKET_DATA_DIR": str(data_dir)}
        self.process = subprocess.Popen(argv, env=env)

    def wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"uvicorn exited with {self.process.returncode}")
            try:
                status, _ = asyncio.run(_get_once(self.port, "/api/v1/openapi.json"))
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError("uvicorn did not answer in time")

    def cpu_seconds(self) -> float:
        """User+system CPU of the server and its worker processes so far (Linux ``/proc``)."""
        return sum(_cpu_of(pid) for pid in _tree(self.process.pid))

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self) -> Server:
        try:
            self.wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()


def _tree(pid: int) -> list[int]:
    found = [pid]
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children = (task / "children").read_text().split()
        except OSError:
            continue
        for child in children:
            found.extend(_tree(int(child)))
    return found


def _cpu_of(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


class Connection:
    """One keep-alive HTTP/1.1 connection; a request is one write and one response read."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    @classmethod
    async def open(cls, port: int) -> Connection:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        return cls(reader, writer)

    async def request(self, method: str, path: str, token: str = "", body: bytes | None = None) -> tuple[int, bytes]:
        lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1"]
        if token:
            lines.append(f"Authorization: Bearer {token}")
        if body is not None:
            lines += ["Content-Type: application/json", f"Content-Length: {len(body)}"]
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + (body or b""))
        return await self._response()

    async def _response(self) -> tuple[int, bytes]:
        head = await self.reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        headers = dict(line.lower().split(": ", 1) for line in header_lines if ": " in line)
        if "content-length" not in headers:
            raise OSError(f"response without Content-Length: {status_line}")
        return int(status_line.split()[1]), await self.reader.readexactly(int(headers["content-length"]))

    async def close(self) -> None:
        self.writer.close()
        with contextlib.suppress(OSError):
            await self.writer.wait_closed()


async def _get_once(port: int, path: str) -> tuple[int, bytes]:
    conn = await Connection.open(port)
    try:
        return await conn.request("GET", path)
    finally:
        await conn.close()


@dataclass
class Samples:
    """Every request's completion time, latency and status; figures come from a window of them."""

    done_at: list[float] = field(default_factory=list)
    latency: list[float] = field(default_factory=list)
    status: list[int] = field(default_factory=list)
    broken: int = 0  # connections that failed mid-request (reconnected)

    def add(self, started: float, status: int) -> None:
        now = time.perf_counter()
        self.done_at.append(now)
        self.latency.append(now - started)
        self.status.append(status)

    def count(self, ok: bool) -> int:
        return sum(1 for s in self.status if (200 <= s < 300) == ok)

    def window(self, start: float, stop: float) -> tuple[list[float], list[int]]:
        picked = [i for i, t in enumerate(self.done_at) if start <= t <= stop]
        return [self.latency[i] for i in picked], [self.status[i] for i in picked]


def percentile(sorted_values: list[float], fraction: float) -> float:
    if not sorted_values:
        return float("nan")
    return sorted_values[min(len(sorted_values) - 1, int(len(sorted_values) * fraction))]
