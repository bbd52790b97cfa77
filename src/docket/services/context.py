"""Who is asking, and why."""

from __future__ import annotations

from dataclasses import dataclass

from docket.domain.vocabulary import Purpose


@dataclass(frozen=True)
class Actor:
    id: str
    role: str
    unit: str = ""
    active: bool = True


@dataclass(frozen=True)
class Context:
    """Every service call carries one: the actor, the purpose, and what justifies it here.

    ``via`` names the justification: ``case`` (an open case), ``review`` (a review task),
    ``request`` (a subject request), ``oversight``, or ``administration`` for actions on the system
    itself (sources, ingest, accounts) that read no person's file. ``via_id`` is the case, task or
    request id.
    """

    actor: Actor
    purpose: Purpose | None = None
    via: str = "administration"
    via_id: str = ""
