"""Per-invocation state: the settings built at the entry, the runtime and the acting account."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import typer

from docket.domain.vocabulary import Purpose
from docket.errors import Invalid
from docket.services.accounts import OPERATOR, resolve_actor
from docket.services.context import Context
from docket.services.runtime import Runtime, open_runtime
from docket.settings import Settings


@dataclass
class Session:
    settings: Settings
    acting_as: str = OPERATOR
    _runtime: Runtime | None = field(default=None, repr=False)

    @property
    def rt(self) -> Runtime:
        if self._runtime is None:
            self._runtime = open_runtime(self.settings)
        return self._runtime

    def context(self, purpose: Purpose | None = None, via: str = "administration", via_id: str = "") -> Context:
        return Context(resolve_actor(self.rt, self.acting_as), purpose, via, via_id)

    def close(self) -> None:
        if self._runtime is not None:
            self._runtime.close()


def session_of(ctx: typer.Context) -> Session:
    session = ctx.obj
    if not isinstance(session, Session):
        raise RuntimeError("docket CLI session missing")
    return session


def build_session(data_dir: Path | None, acting_as: str) -> Session:
    try:
        settings = Settings.from_env(data_dir)
    except ValueError as exc:  # a setting from the environment that cannot be used
        raise Invalid(str(exc)) from exc
    return Session(settings, acting_as)
