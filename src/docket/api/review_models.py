"""Bodies of the review queue and the link decisions: tasks, records side by side, decisions."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from docket.api.case_models import REASON

RECORD_REF = Field(min_length=3, max_length=200, description="A record as `SOURCE:RECORD_ID`.")


class TaskOut(BaseModel):
    id: str
    kind: str = Field(description="link, departure, notify_recipient, ...")
    reason: str
    impact: int = Field(description="Higher first: how much a decision matters to open cases.")
    probability: str | None
    person_id: str | None
    created_at: str
    due_at: str | None


class ReviewOut(BaseModel):
    """A task with its two records side by side (identity fields and provenance)."""

    task: TaskOut
    left: dict[str, Any]
    right: dict[str, Any]
    differing: list[str] = Field(description="Identity fields whose values differ between the two records.")


class ReviewDecision(BaseModel):
    decision: str = Field(max_length=20, description="Link tasks: `link` or `no_link`; others: `accept` or `refuse`.")
    reason: str = REASON


class ReviewDecided(BaseModel):
    task: str
    decision: str
    person_id: str | None = None
    merged: str | None = Field(default=None, description="The person merged into `person_id` (must-link).")
    split_to: str | None = Field(default=None, description="The new person the record was split out to.")


class PairDecision(BaseModel):
    left: str = RECORD_REF
    right: str = RECORD_REF
    decision: str = Field(max_length=20, description="`link` (must-link) or `no_link` (cannot-link).")
    reason: str = REASON


class PairDecided(BaseModel):
    person_id: str
    merged: str | None = None
    split_to: str | None = None
