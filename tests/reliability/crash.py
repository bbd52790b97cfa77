"""Kill ``docket`` with SIGKILL at a random moment of its work.

The child prints ``READY`` once the interpreter has imported Docket (a second or more, and nothing
there can corrupt a store), so the random delay is spent inside the command itself: up to a little
past the moment an uninterrupted run prints its last line (its last commit), not its exit, which
interpreter teardown delays by most of a second. A delay longer than that may let the work commit
before the kill, or the child finish: the trial then checks a committed or completed run.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import docket

ONE_COMMAND = "import sys; from docket.cli.main import run; print('READY', flush=True); run()"
# Several commands in one process (one kill may land in any of them); stops at the first failure.
COMMANDS = """
import json, sys
from docket.cli.main import run
steps = json.loads(sys.argv[1])
print('READY', flush=True)
for argv in steps:
    sys.argv = ['docket', *argv]
    try:
        run()
    except SystemExit as exc:
        if exc.code:
            raise
"""
READY_TIMEOUT = 120.0


@dataclass(frozen=True)
class Kill:
    delay: float
    killed: bool  # still running when the signal was sent
    returncode: int
    ran_for: float  # seconds from READY to exit
    output: str
    last_line: float = 0.0  # seconds from READY to the last line printed (when run to the end)


def command(*args: str) -> list[str]:
    return [sys.executable, "-c", ONE_COMMAND, *args]


def commands(steps: list[list[str]]) -> list[str]:
    return [sys.executable, "-c", COMMANDS, json.dumps(steps)]


def freeze_source(target: Path) -> Path:
    """A copy of the ``docket`` package the children import instead of the working tree, so that a
    long campaign tests one version of the code while others edit theirs."""
    package = Path(docket.__file__).parent
    shutil.copytree(package, target / "docket", ignore=shutil.ignore_patterns("__pycache__"))
    return target


def run_and_kill(data_dir: Path, argv: list[str], delay: float, log: Path, code: Path | None = None) -> Kill:
    """Start ``argv`` on ``data_dir`` (importing Docket from ``code`` if given); ``delay`` seconds
    after READY, SIGKILL it if still running."""
    env = {**os.environ, "DOCKET_DATA_DIR": str(data_dir)}
    if code is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, (str(code), env.get("PYTHONPATH"))))
    with log.open("w+b") as errors:
        proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=errors, env=env, cwd=data_dir.parent)
        assert proc.stdout is not None
        try:
            ready, _, _ = select.select([proc.stdout], [], [], READY_TIMEOUT)
            line = proc.stdout.readline() if ready else b""
            if line.strip() != b"READY":
                proc.kill()
                proc.wait()
                raise AssertionError(f"child never became ready: {line!r} {log.read_text(errors='replace')}")
            started = time.monotonic()
            last_line, rest = 0.0, b""
            if delay == float("inf"):  # run to the end, noting when the work last said something
                for out in proc.stdout:
                    last_line, rest = time.monotonic() - started, rest + out
            _sleep_while_running(proc, delay)
            killed = proc.poll() is None
            if killed:
                os.kill(proc.pid, signal.SIGKILL)
            rest += proc.stdout.read()
            code = proc.wait()
            ran_for = time.monotonic() - started
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            proc.stdout.close()
        errors.seek(0)
        output = rest.decode(errors="replace") + errors.read().decode(errors="replace")
    return Kill(delay, killed, code, ran_for, output, last_line)


def _sleep_while_running(proc: subprocess.Popen[bytes], delay: float) -> None:
    deadline = time.monotonic() + delay
    while proc.poll() is None:
        left = deadline - time.monotonic()
        if left <= 0:
            return
        time.sleep(min(left, 0.002))
