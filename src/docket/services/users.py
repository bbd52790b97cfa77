"""Accounts, passwords (argon2) and API tokens; authentication for the API and the pages."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from docket.errors import Conflict, Invalid, NotFound, Unauthenticated
from docket.services.audit import append_event
from docket.services.authz import ROLES, Resource
from docket.services.context import Actor, Context
from docket.services.gate import open_gate
from docket.services.runtime import Runtime
from docket.store import tokens_repo, users_repo
from docket.store.clock import now_iso

LOCKOUT_FAILURES = 5
LOCKOUT_WINDOW = timedelta(minutes=15)
TOKEN_PREFIX = "dkt_"
_hasher = PasswordHasher()


@dataclass(frozen=True)
class Account:
    id: str
    role: str
    unit: str
    active: bool


def _account_resource(user_id: str) -> Resource:
    return Resource("Account", user_id, {"user_id": user_id})


def add_user(
    rt: Runtime, ctx: Context, user_id: str, role: str, unit: str = "", password: str | None = None
) -> Account:
    if role not in ROLES:
        raise Invalid(f"role {role!r} is not one of {', '.join(ROLES)}")
    if not user_id or not user_id.replace("_", "").replace("-", "").replace(".", "").isalnum() or len(user_id) > 60:
        raise Invalid("user id: 1-60 letters, digits, '.', '-' or '_'")
    if password is not None and len(password) < 12:
        raise Invalid("password: at least 12 characters")
    with open_gate(rt, ctx, "manage_accounts") as gate:
        gate.authorize(_account_resource(user_id))
        if users_repo.find_user(gate.conn, user_id) is not None:
            raise Conflict(f"an account named {user_id!r} already exists")
        users_repo.add_user(gate.conn, user_id, role, unit, _hasher.hash(password) if password else None)
        gate.detail["role"] = role
    return Account(user_id, role, unit, True)


def list_users(rt: Runtime, ctx: Context) -> list[Account]:
    with open_gate(rt, ctx, "manage_accounts") as gate:
        gate.authorize(_account_resource("*"))
        return [Account(r.id, r.role, r.unit, bool(r.active)) for r in users_repo.list_users(gate.conn)]


def set_active(rt: Runtime, ctx: Context, user_id: str, active: bool) -> None:
    with open_gate(rt, ctx, "manage_accounts") as gate:
        gate.authorize(_account_resource(user_id))
        if users_repo.find_user(gate.conn, user_id) is None:
            raise NotFound(f"no account named {user_id!r}")
        users_repo.set_active(gate.conn, user_id, active)
        gate.detail["active"] = int(active)


def set_password(rt: Runtime, ctx: Context, user_id: str, password: str) -> None:
    if len(password) < 12:
        raise Invalid("password: at least 12 characters")
    with open_gate(rt, ctx, "manage_accounts") as gate:
        gate.authorize(_account_resource(user_id))
        if users_repo.find_user(gate.conn, user_id) is None:
            raise NotFound(f"no account named {user_id!r}")
        users_repo.set_password_hash(gate.conn, user_id, _hasher.hash(password))


@dataclass(frozen=True)
class IssuedToken:
    token: str  # shown once; only its hash is stored
    token_id: str
    user_id: str
    expires_at: str


def create_token(rt: Runtime, ctx: Context, user_id: str, days: int = 30) -> IssuedToken:
    """A random bearer token for ``user_id``; stored hashed, expiring, revocable."""
    if not 1 <= days <= 365:
        raise Invalid("token lifetime: 1 to 365 days")
    token_id = secrets.token_hex(8)
    secret = secrets.token_urlsafe(32)
    created = datetime.now(UTC)
    expires = (created + timedelta(days=days)).isoformat().replace("+00:00", "Z")
    with open_gate(rt, ctx, "manage_accounts") as gate:
        gate.authorize(_account_resource(user_id))
        if users_repo.find_user(gate.conn, user_id) is None:
            raise NotFound(f"no account named {user_id!r}")
        tokens_repo.add_token(gate.conn, token_id, user_id, _digest(secret), now_iso(), expires)
        gate.touch(f"token:{token_id}")
    return IssuedToken(f"{TOKEN_PREFIX}{token_id}_{secret}", token_id, user_id, expires)


def revoke_token(rt: Runtime, ctx: Context, token_id: str) -> None:
    with open_gate(rt, ctx, "manage_accounts") as gate:
        row = tokens_repo.find_token(gate.conn, token_id)
        gate.authorize(_account_resource(row.user_id if row else "*"))
        if row is None:
            raise NotFound(f"no token {token_id!r}")
        tokens_repo.revoke_token(gate.conn, token_id, now_iso())
        gate.touch(f"token:{token_id}")


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def authenticate_token(rt: Runtime, token: str) -> Actor:
    """The actor behind a bearer token; unknown, expired, revoked or disabled tokens are refused alike."""
    refused = Unauthenticated("invalid, expired or revoked token")
    if not token.startswith(TOKEN_PREFIX) or token.count("_") < 2:
        raise refused
    token_id, _, secret = token[len(TOKEN_PREFIX) :].partition("_")
    with rt.engine.connect() as conn:
        row = tokens_repo.find_token_holder(conn, token_id)
    if row is None or row.revoked_at or row.expires_at <= now_iso():
        raise refused
    if not secrets.compare_digest(row.secret_hash, _digest(secret)):
        raise refused
    if row.user_id is None or not row.active:
        raise refused
    return Actor(row.user_id, row.role, row.unit, True)


def authenticate_password(rt: Runtime, user_id: str, password: str) -> Actor:
    """Check a password; five failures within 15 minutes lock the account for the rest of the window.
    Every attempt leaves an audit leaf (no password, of course)."""
    since = (datetime.now(UTC) - LOCKOUT_WINDOW).isoformat().replace("+00:00", "Z")
    # Argon2 takes tens of milliseconds on purpose: verify outside the write transaction (on SQLite
    # every gate call of the process would queue behind it), then decide inside it, where a lockout
    # reached meanwhile by concurrent attempts still counts.
    with rt.engine.connect() as conn:
        user = users_repo.find_user(conn, user_id)
        locked = tokens_repo.failures_since(conn, user_id, since) >= LOCKOUT_FAILURES
    matches = not locked and user is not None and user.active and _password_matches(user.password_hash, password)
    with rt.transaction() as conn:
        locked = locked or tokens_repo.failures_since(conn, user_id, since) >= LOCKOUT_FAILURES
        ok = matches and not locked
        actor = Actor(user_id, user.role if user else "unknown", user.unit if user else "")
        if not ok and not locked:
            tokens_repo.record_failure(conn, user_id, now_iso())
        if ok:
            tokens_repo.clear_failures(conn, user_id)
        outcome = "ok" if ok else ("locked" if locked else "denied")
        append_event(rt, conn, Context(actor), "sign_in", [f"user:{user_id}"], outcome)
    if locked:
        raise Unauthenticated("too many failed sign-ins; the account is locked for 15 minutes")
    if not ok:
        raise Unauthenticated("wrong user name or password")
    return actor


def _password_matches(stored: str | None, password: str) -> bool:
    if not stored:
        return False
    try:
        return bool(_hasher.verify(stored, password))
    except (VerificationError, InvalidHashError):
        return False
