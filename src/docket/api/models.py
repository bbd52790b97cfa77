"""Request and response bodies of the API, built from what the services return."""

from __future__ import annotations

import base64
from typing import Any

from pydantic import BaseModel, Field

from docket.domain.records import SourceDeclaration
from docket.domain.vocabulary import Purpose, RecordKind


class SourceOut(BaseModel):
    name: str
    kind: RecordKind
    legal_authority: str
    purposes: list[Purpose]
    authoritative_for_status: bool
    retention_days: int
    columns: dict[str, str]
    declared_at: str | None = None

    @classmethod
    def of(cls, declaration: SourceDeclaration, declared_at: str | None = None) -> SourceOut:
        return cls(
            name=declaration.name,
            kind=declaration.kind,
            legal_authority=declaration.legal_authority,
            purposes=list(declaration.purposes),
            authoritative_for_status=declaration.authoritative_for_status,
            retention_days=declaration.retention_days,
            columns=dict(declaration.columns),
            declared_at=declared_at,
        )


class SourceDeclared(BaseModel):
    source: SourceOut
    created: bool = Field(description="False: the identical declaration was already there; nothing changed.")


class BatchOut(BaseModel):
    source: str
    batch_id: int | None
    stored: int
    skipped: int
    already_ingested: bool
    quarantined: bool = Field(description="Invalid rows were written to the data dir's quarantine folder.")

    @classmethod
    def of(cls, result: Any) -> BatchOut:
        return cls(
            source=result.source,
            batch_id=result.batch_id,
            stored=result.stored,
            skipped=result.skipped,
            already_ingested=result.already_ingested,
            quarantined=result.quarantine is not None,
        )


class AccountOut(BaseModel):
    id: str
    role: str
    unit: str
    active: bool

    @classmethod
    def of(cls, account: Any) -> AccountOut:
        return cls(id=account.id, role=account.role, unit=account.unit, active=account.active)


class NewAccount(BaseModel):
    id: str = Field(max_length=60, description="1-60 letters, digits, '.', '-' or '_'.")
    role: str = Field(max_length=40, description="analyst, supervisor, legal_reviewer, data_steward, oversight, admin")
    unit: str = Field(default="", max_length=120)
    password: str | None = Field(default=None, max_length=1024, description="At least 12 characters; optional.")


class AccountState(BaseModel):
    id: str
    active: bool


class TokenRequest(BaseModel):
    days: int = Field(default=30, description="Lifetime in days (1-365).")


class IssuedTokenOut(BaseModel):
    token: str = Field(description="Shown once; only its hash is stored.")
    token_id: str
    user_id: str
    expires_at: str


class TokenRevoked(BaseModel):
    token_id: str
    revoked: bool = True


class CheckpointOut(BaseModel):
    checkpoint: str = Field(description="A signed checkpoint note (C2SP signed-note format).")


class ProofOut(BaseModel):
    index: int
    tree_size: int
    leaf_hash: str
    root: str
    path: list[str]
    checkpoint: str


class VerifyReportOut(BaseModel):
    ok: bool
    leaves: int
    checkpoints: int
    failure: str | None
    root: str = Field(description="Recomputed Merkle root over the leaves examined (base64).")

    @classmethod
    def of(cls, report: Any) -> VerifyReportOut:
        return cls(
            ok=report.ok,
            leaves=report.leaves,
            checkpoints=report.checkpoints,
            failure=report.failure,
            root=base64.b64encode(report.root).decode("ascii"),
        )


class VerifyOut(BaseModel):
    ok: bool
    reports: list[VerifyReportOut]


class CaseOut(BaseModel):
    id: str
    person_id: str
    ground: str
    status: str
    tier: str
    reason: str
    assigned_to: str
    unit: str
    opened_at: str

    @classmethod
    def of(cls, case: Any) -> CaseOut:
        return cls(**case.to_dict())


class CheckpointInfo(BaseModel):
    id: int
    size: int
    root: str = Field(description="Merkle root (hex).")
    origin: str


class DashboardOut(BaseModel):
    """Counts from the audit log only (pseudonymous; never person data)."""

    log_size: int
    last_checkpoint: CheckpointInfo | None
    by_action: dict[str, int]
    by_role: dict[str, int]
    denials: dict[str, int] = Field(description="Refusals by the deciding policies.")
    protection_reviews: int
    last_verify: str | None = Field(description="Outcome and time of the most recent verification.")
