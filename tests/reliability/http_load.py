"""Mixed readers and writers over HTTP against the real app under uvicorn on loopback.

A small world is set up through the services (accounts, convicted persons, cases assigned to two
analysts, API tokens), the app is served by uvicorn in a child process, and clients with fixed
habits act on it at once for a bounded time, each noting every request it made: what it was, the
status it got, how long it took, and which audit action its gate records. Reads, writes and denials
each leave exactly one leaf; a refusal before the gate (401, 422) or a conflict rolled back with
its transaction (409) leaves none. So the leaves the run added can be predicted from the clients'
own notes, action by action.
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from docket.api.app import create_app
from docket.services import case_steps, cases, users
from docket.services.accounts import initialise
from docket.services.context import Actor, Context
from docket.services.runtime import Runtime
from docket.settings import Settings
from tests.api.world import seed_model
from tests.factories import CONVICTION_HEADER, add_account, ingest_rows

ROOT = Path(__file__).resolve().parents[2]
TEAM = {"sam": ("supervisor", "east"), "ana": ("analyst", "east"), "ben": ("analyst", "east"),
        "lee": ("legal_reviewer", "")}
ANALYSTS = ("ana", "ben")
SAM = Context(Actor("sam", "supervisor", "east"))
GIVEN = ("Ada", "Bela", "Cruz", "Dina", "Emil", "Fara", "Gus", "Hana", "Ivo", "Jana", "Kai", "Lia")
FAMILY = ("Moreno", "Novak", "Okafor", "Petrov", "Quinn", "Rossi", "Sato", "Tanaka", "Ueda", "Vargas")


def server_app() -> object:
    """uvicorn's ``--factory`` entry: the app over ``$DOCKET_DATA_DIR``."""
    return create_app(Settings.from_env())


@dataclass(frozen=True)
class LoadWorld:
    data_dir: Path
    cases: dict[str, tuple[str, ...]]  # analyst -> the cases assigned to them
    persons: tuple[str, ...]  # the convicted persons (one case each)
    tokens: dict[str, str]  # user -> API token

    @property
    def every_case(self) -> list[str]:
        return [c for owned in self.cases.values() for c in owned]

    def owner(self, case_id: str) -> str:
        return next(user for user, owned in self.cases.items() if case_id in owned)


def build_world(data_dir: Path, cases_per_analyst: int = 3) -> LoadWorld:
    """Init, the team, one homicide conviction per person (each its own person), a public-safety
    case per person opened by ``sam`` and assigned in turn to ``ana`` and ``ben``, and tokens."""
    rt = Runtime(Settings.from_env(data_dir, environ={}))
    initialise(rt)
    seed_model(rt)
    for user, (role, unit) in TEAM.items():
        add_account(rt, user, role, unit)
    count = cases_per_analyst * len(ANALYSTS)
    rows = [[f"K{i}", GIVEN[i % len(GIVEN)], FAMILY[i % len(FAMILY)], f"19{70 + i}-0{1 + i % 9}-1{i % 10}",
             f"5{i:08d}", f"201{i % 10}-03-01", "homicide"] for i in range(count)]
    folder = data_dir.parent / "sources"
    folder.mkdir(exist_ok=True)
    persons = ingest_rows(rt, folder, "court", "conviction", CONVICTION_HEADER, rows)
    owned: dict[str, list[str]] = {a: [] for a in ANALYSTS}
    for i, person in enumerate(persons):
        case_id = cases.open_case(rt, SAM, person, "public_safety").id
        analyst = ANALYSTS[i % len(ANALYSTS)]
        case_steps.step_case(rt, SAM, case_id, "assign", "load campaign", analyst)
        owned[analyst].append(case_id)
    admin = Context(Actor("admin", "admin"))
    tokens = {user: users.create_token(rt, admin, user).token for user in TEAM}
    rt.close()
    return LoadWorld(data_dir, {a: tuple(c) for a, c in owned.items()}, tuple(persons), tokens)


class Server:
    """``uvicorn --factory tests.reliability.http_load:server_app`` on a free loopback port."""

    def __init__(self, data_dir: Path) -> None:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = int(sock.getsockname()[1])
        argv = [sys.executable, "-m", "uvicorn", "--factory", "tests.reliability.http_load:server_app",
                "--host", "127.0.0.1", "--port", str(self.port), "--no-access-log", "--log-level", "warning"]
        path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
        env = {**os.environ, "DOCKET_DATA_DIR": str(data_dir), "PYTHONPATH": path}
        self.process = subprocess.Popen(argv, cwd=ROOT, env=env)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Server:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                if httpx.get(f"{self.url}/api/v1/openapi.json", timeout=5).status_code == 200:
                    return self
            except httpx.TransportError:
                time.sleep(0.2)
        self.__exit__()
        raise RuntimeError(f"uvicorn did not come up (exit {self.process.returncode})")

    def __exit__(self, *_exc: object) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@dataclass(frozen=True)
class Action:
    """One request a client made: what, the audit action its gate records, status and latency."""

    client: str
    kind: str  # "read", "list", "denied read", "submit", "return", "assign", "file", "bad token", ...
    audited_as: str  # the gate's action name ("read_case", "transition_case", ...)
    writes: bool
    status: int
    seconds: float

    @property
    def expected_leaf(self) -> tuple[str, str] | None:
        """(action, outcome) of the leaf this request must have left, or None for no leaf."""
        if 200 <= self.status < 300:
            return (self.audited_as, "ok")
        if self.status == 403:
            return (self.audited_as, "denied")
        return None


@dataclass
class Tally:
    actions: list[Action] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # transport errors, by client

    def expected_leaves(self) -> Counter[tuple[str, str]]:
        return Counter(a.expected_leaf for a in self.actions if a.expected_leaf is not None)


Step = Callable[[httpx.AsyncClient, random.Random], Awaitable[Action]]


async def _send(http: httpx.AsyncClient, client: str, kind: str, audited_as: str, method: str, path: str,
                token: str, body: dict[str, object] | None = None) -> Action:
    started = time.perf_counter()
    response = await http.request(method, path, json=body, headers={"Authorization": f"Bearer {token}"})
    return Action(client, kind, audited_as, method != "GET", response.status_code, time.perf_counter() - started)


def reader(world: LoadWorld, analyst: str, name: str) -> Step:
    """Reads the case files of their own queue; now and then their queue, or a colleague's case
    (which Cedar denies, and the denial is audited)."""
    other = next(a for a in ANALYSTS if a != analyst)
    token = world.tokens[analyst]

    async def step(http: httpx.AsyncClient, rng: random.Random) -> Action:
        roll = rng.random()
        if roll < 0.1:
            return await _send(http, name, "list", "read_case", "GET", "/api/v1/cases", token)
        if roll < 0.2:
            case_id = rng.choice(world.cases[other])
            return await _send(http, name, "denied read", "read_case", "GET", f"/api/v1/cases/{case_id}", token)
        case_id = rng.choice(world.cases[analyst])
        return await _send(http, name, "read", "read_case", "GET", f"/api/v1/cases/{case_id}", token)

    return step


def supervisor_reader(world: LoadWorld, name: str) -> Step:
    async def step(http: httpx.AsyncClient, rng: random.Random) -> Action:
        if rng.random() < 0.3:
            return await _send(http, name, "list", "read_case", "GET", "/api/v1/cases", world.tokens["sam"])
        case_id = rng.choice(world.every_case)
        return await _send(http, name, "read", "read_case", "GET", f"/api/v1/cases/{case_id}", world.tokens["sam"])

    return step


def intruder(name: str) -> Step:
    """A token that was never issued: refused before the gate (401), no leaf."""

    async def step(http: httpx.AsyncClient, rng: random.Random) -> Action:
        await asyncio.sleep(0.05)
        return await _send(http, name, "bad token", "read_case", "GET", "/api/v1/cases", "dkt_0000_forged")

    return step


def case_stepper(world: LoadWorld, user: str, step_name: str, name: str) -> Step:
    """Takes ``step_name`` on a random case it may act on. Racing the other steppers, it often finds
    the case no longer where the step starts from: a 409, rolled back with no leaf."""
    targets = world.cases[user] if user in world.cases else tuple(world.every_case)
    audited_as = "assign_case" if step_name == "assign" else "transition_case"

    async def step(http: httpx.AsyncClient, rng: random.Random) -> Action:
        case_id = rng.choice(targets)
        body: dict[str, object] = {"step": step_name, "reason": f"load campaign: {step_name}"}
        if step_name == "assign":
            body["to_user"] = world.owner(case_id)
        path = f"/api/v1/cases/{case_id}/steps"
        return await _send(http, name, step_name, audited_as, "POST", path, world.tokens[user], body)

    return step


def request_filer(world: LoadWorld, name: str) -> Step:
    """A legal reviewer registering access requests and reading the request list."""

    async def step(http: httpx.AsyncClient, rng: random.Random) -> Action:
        token = world.tokens["lee"]
        if rng.random() < 0.3:
            return await _send(http, name, "list requests", "handle_request", "GET", "/api/v1/requests", token)
        body: dict[str, object] = {"kind": "access", "person_id": rng.choice(world.persons), "detail": {}}
        return await _send(http, name, "file", "handle_request", "POST", "/api/v1/requests", token, body)

    return step


def clients(world: LoadWorld) -> dict[str, Step]:
    """The mix: nine readers (one of them an intruder) and six writers."""
    mix: dict[str, Step] = {}
    for analyst in ANALYSTS:
        for n in range(3):
            mix[f"{analyst}-reader-{n}"] = reader(world, analyst, f"{analyst}-reader-{n}")
        mix[f"{analyst}-submitter"] = case_stepper(world, analyst, "submit", f"{analyst}-submitter")
    mix["sam-reader"] = supervisor_reader(world, "sam-reader")
    mix["intruder"] = intruder("intruder")
    mix["sam-returner"] = case_stepper(world, "sam", "return", "sam-returner")
    mix["sam-assigner"] = case_stepper(world, "sam", "assign", "sam-assigner")
    for n in range(2):
        mix[f"lee-filer-{n}"] = request_filer(world, f"lee-filer-{n}")
    return mix


async def _run_client(url: str, name: str, step: Step, seed: int, stop: float, tally: Tally) -> None:
    rng = random.Random(f"{seed}:{name}")
    async with httpx.AsyncClient(base_url=url, timeout=60) as http:
        while time.perf_counter() < stop:
            try:
                tally.actions.append(await step(http, rng))
            except httpx.TransportError as exc:
                tally.failures.append(f"{name}: {exc.__class__.__name__}: {exc}")
                return


async def _run_all(url: str, mix: dict[str, Step], seconds: float, seed: int) -> Tally:
    tally = Tally()
    stop = time.perf_counter() + seconds
    await asyncio.gather(*(_run_client(url, name, step, seed, stop, tally) for name, step in mix.items()))
    return tally


def run_load(world: LoadWorld, seconds: float, seed: int) -> tuple[Tally, float]:
    """Serve ``world`` and let the mix act on it for ``seconds``; the tally and the wall time."""
    with Server(world.data_dir) as server:
        started = time.perf_counter()
        tally = asyncio.run(_run_all(server.url, clients(world), seconds, seed))
        return tally, time.perf_counter() - started
