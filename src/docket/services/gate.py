"""The gate: one unit of work per use case.

    with open_gate(rt, ctx, "ingest") as g:
        source = ...                       # load what the decision needs
        g.authorize(Resource("Source", name, {...}))
        ...act through g.conn...
        g.touch(batch_id)                  # object ids for the audit leaf
    # committed together with the leaf

The leaf is appended in the same transaction as the action, so if the append fails the action fails
(fail closed). A denial rolls back whatever was begun, then records a denial leaf on its own. Leaving
the block without having called ``authorize`` is itself an error: no path acts unauthorized.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.exc import SQLAlchemyError

from docket.errors import Denied, DocketError, StorageError
from docket.services.audit import append_event
from docket.services.authz import Principal, Resource
from docket.services.context import Context
from docket.services.runtime import Runtime


class GateMisuse(DocketError):
    code = "internal"


@dataclass
class Gate:
    rt: Runtime
    ctx: Context
    action: str
    conn: Connection
    object_ids: list[str] = field(default_factory=list)
    detail: dict[str, str | int] = field(default_factory=dict)
    authorized: bool = False

    def authorize(self, resource: Resource, context: dict[str, Any] | None = None) -> None:
        """Ask Cedar; raise ``Denied`` (or ``Protected``) naming the deciding policies."""
        cedar_context = {"purpose": self.ctx.purpose.value if self.ctx.purpose else "none", "via": self.ctx.via}
        cedar_context.update(context or {})
        actor = self.ctx.actor
        principal = Principal(actor.id, actor.role, actor.unit, actor.active)
        if resource.id and resource.id not in self.object_ids:
            self.object_ids.append(resource.id)
        self.rt.authorizer.require(principal, self.action, resource, cedar_context)
        self.authorized = True

    def touch(self, *object_ids: str) -> None:
        self.object_ids.extend(i for i in object_ids if i not in self.object_ids)


@contextmanager
def open_gate(rt: Runtime, ctx: Context, action: str) -> Iterator[Gate]:
    touched: list[str] = []
    opened: list[Gate] = []
    try:
        with rt.transaction() as conn:
            gate = Gate(rt, ctx, action, conn, object_ids=touched)
            opened.append(gate)
            yield gate
            if not gate.authorized:
                raise GateMisuse(f"service {action!r} acted without an authorization decision")
            # The leaf names the action Cedar decided on: a service may narrow it once it knows more
            # (a case step becomes assign_case, signoff_case or refer_case).
            append_event(rt, conn, gate.ctx, gate.action, gate.object_ids, "ok", gate.detail)
    except Denied as denial:
        decided = opened[0] if opened else None
        _record_denial(rt, decided.ctx if decided else ctx, decided.action if decided else action, touched, denial)
        raise
    except SQLAlchemyError as exc:
        raise StorageError(
            f"{action}: the database refused the change; nothing was stored ({exc.__class__.__name__})"
        ) from exc


def _record_denial(rt: Runtime, ctx: Context, action: str, object_ids: list[str], denial: Denied) -> None:
    detail: dict[str, str | int] = {"policies": ",".join(denial.policy_ids), "code": denial.code}
    with rt.transaction() as conn:
        append_event(rt, conn, ctx, action, object_ids, "denied", detail)
