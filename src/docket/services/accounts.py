"""Bootstrapping a data dir and resolving who acts."""

from __future__ import annotations

from dataclasses import dataclass

from docket.errors import Unauthenticated
from docket.services.audit import append_event
from docket.services.context import Actor, Context
from docket.services.keys import ensure_session_secret, ensure_signing_key
from docket.services.runtime import Runtime
from docket.settings import SESSION_SECRET_FILE
from docket.store import users_repo
from docket.store.database import is_initialised, schema_revision, upgrade

# Two bootstrap accounts keep duties apart: the operator (a data steward: sources, ingest, linkage)
# is who the CLI acts as by default; the admin manages accounts (`docket --as admin users add ...`).
OPERATOR = "operator"
OPERATOR_ROLE = "data_steward"
ADMIN = "admin"
ADMIN_ROLE = "admin"


@dataclass(frozen=True)
class InitResult:
    created_database: bool
    created_key: bool
    created_operator: bool
    # An existing database brought up to this version's schema: the migrations before and after.
    migrated: tuple[str | None, str | None] | None = None

    @property
    def anything_new(self) -> bool:
        return self.created_database or self.created_key or self.created_operator or self.migrated is not None


def initialise(rt: Runtime) -> InitResult:
    """Create (or bring up to date) the database, the signing key and the operator account. Idempotent.

    Runs before any account exists, so it is not a gate call; it touches no person data and still
    leaves an audit leaf when it creates something.
    """
    rt.settings.data_dir.mkdir(parents=True, exist_ok=True)
    fresh = not is_initialised(rt.engine)
    before = None if fresh else schema_revision(rt.engine)
    upgrade(rt.engine)
    after = None if fresh else schema_revision(rt.engine)
    created_key = ensure_signing_key(rt.settings.signing_key_path)
    ensure_session_secret(rt.settings.data_dir / SESSION_SECRET_FILE)
    with rt.transaction() as conn:
        created_operator = users_repo.find_user(conn, OPERATOR) is None
        if created_operator:
            users_repo.add_user(conn, OPERATOR, OPERATOR_ROLE, "", None)
            users_repo.add_user(conn, ADMIN, ADMIN_ROLE, "", None)
        result = InitResult(fresh, created_key, created_operator, None if before == after else (before, after))
        if result.anything_new:
            ctx = Context(Actor(OPERATOR, OPERATOR_ROLE))
            detail: dict[str, str | int] = {"database": int(fresh), "key": int(created_key)}
            if result.migrated:
                detail["schema"] = f"{result.migrated[0]}->{result.migrated[1]}"
            append_event(rt, conn, ctx, "init", [f"user:{OPERATOR}"], "ok", detail)
    return result


def resolve_actor(rt: Runtime, user_id: str) -> Actor:
    """The account ``user_id`` as an actor; unknown accounts are refused. Disabled ones are kept
    (inactive) so that Cedar's `inactive-user` policy names the denial and it is audited."""
    if not is_initialised(rt.engine):
        raise Unauthenticated(f"no Docket database in {rt.settings.data_dir}; run `docket init` first")
    with rt.engine.connect() as conn:
        row = users_repo.find_user(conn, user_id)
    if row is None:
        raise Unauthenticated(f"no account named {user_id!r}")
    return Actor(row.id, row.role, row.unit, bool(row.active))
