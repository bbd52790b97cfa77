"""Bodies of the subject-request, protection, ingest-history and report endpoints."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from docket.api.case_models import REASON


class NewRequest(BaseModel):
    kind: str = Field(max_length=20, description="access, correction or contest.")
    person_id: str = Field(max_length=40)
    detail: dict[str, Any] = Field(
        default_factory=dict,
        description='What is asked, no more: correction `{"record": "SRC:R1", "field": ..., "value": ...}`, '
        'contest of a link `{"records": ["SRC:R1", "SRC:R2"]}`.',
    )


class RequestOut(BaseModel):
    id: str
    kind: str
    person_id: str
    status: str = Field(description="received, acknowledged or decided.")
    detail: dict[str, Any]
    received_at: str
    acknowledge_by: str = Field(description="Acknowledge within 10 working days.")
    decide_by: str = Field(description="Decide within 30 days.")
    acknowledged_at: str | None
    decided_at: str | None
    decided_by: str | None
    decision: str | None
    reason: str | None
    assigned_to: str
    acknowledge_overdue: bool
    decide_overdue: bool


class AccessAnswered(BaseModel):
    request: str
    documents: list[str] = Field(description="The response documents written (JSON and HTML), by file name.")

    @classmethod
    def of(cls, result: dict[str, Any]) -> AccessAnswered:
        return cls(request=result["request"], documents=[Path(v).name for k, v in result.items() if k != "request"])


class CorrectionDecision(BaseModel):
    accept: bool
    reason: str = REASON


class CorrectionDecided(BaseModel):
    request: str
    decision: str = Field(description="accepted or refused.")
    effects: dict[str, Any] = Field(description="Cases re-evaluated or suspended, recipients to notify.")

    @classmethod
    def of(cls, result: dict[str, Any]) -> CorrectionDecided:
        effects = {k: v for k, v in result.items() if k not in ("request", "decision")}
        return cls(request=result["request"], decision=result["decision"], effects=effects)


class ProtectionClearing(BaseModel):
    reason: str = Field(min_length=1, max_length=4000, description="At least 20 characters, in words.")


class ProtectionCleared(BaseModel):
    person_id: str
    records: list[str] = Field(description="The protective records the clearance covers.")


class IngestBatchOut(BaseModel):
    id: int
    source: str
    file_name: str
    file_sha256: str
    file_format: str
    row_count: int
    skipped_count: int
    ingested_at: str
    ingested_by: str


class ReportPeriod(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    period_from: date = Field(alias="from", description="First day, YYYY-MM-DD.")
    period_to: date = Field(alias="to", description="Last day, YYYY-MM-DD.")
