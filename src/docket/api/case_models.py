"""Bodies of the case endpoints: the case file as ``cases.show_case`` returns it, and the requests
that open, step and close a case."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from docket.api.link_models import ExplanationOut
from docket.api.models import CaseOut
from docket.services.case_steps import STEP_NAMES
from docket.services.case_workflow import CLOSE_REASONS

REASON = Field(min_length=1, max_length=4000, description="A written reason (required).")


class NewCase(BaseModel):
    person_id: str = Field(max_length=40, description="The person, e.g. `P00000042`.")
    ground: str = Field(max_length=40, description="national_security, public_safety or border_security.")


class CaseStep(BaseModel):
    step: str = Field(max_length=40, description=f"One of {', '.join(STEP_NAMES)}.")
    reason: str = REASON
    to_user: str | None = Field(default=None, max_length=60, description="For `assign`: the account to assign to.")


class CaseClose(BaseModel):
    reason_code: str = Field(max_length=40, description=f"One of {', '.join(CLOSE_REASONS)}.")
    reason: str = REASON
    citizenship_evidence: bool = Field(
        default=False, description="Closed on evidence of citizenship: the person is protected from then on."
    )


class PackOut(BaseModel):
    name: str
    sha256: str = Field(description="Content hash of the policy pack the case was evaluated under.")


class ProvenanceOut(BaseModel):
    source: str
    record_id: str
    batch_id: int | None
    line: int | None
    file_name: str | None
    file_sha256: str | None
    ingested_at: str | None
    verified: bool = Field(description="Linked to the person with verified confidence or by a reviewer.")
    match_probability: str | None


class CaseRecordOut(BaseModel):
    ref: str = Field(description="`SOURCE:RECORD_ID`.")
    kind: str
    fields: dict[str, Any]
    provenance: ProvenanceOut


class CaseEventOut(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    at: str
    kind: str
    from_status: str | None = Field(alias="from")
    to: str | None
    actor: str
    reason: str | None
    detail: dict[str, Any]


class NoticeOut(BaseModel):
    id: str
    issued_at: str
    contest_until: str = Field(description="The contest window closes at this time.")
    sha256: str


class CaseFileOut(BaseModel):
    """The case file: only records from sources declared for the case's purpose."""

    case: CaseOut
    purpose: str
    pack: PackOut
    evaluation: dict[str, Any] = Field(description="Tier, and each rule and factor with the records behind it.")
    facts: dict[str, Any] = Field(description="Derived facts, each naming its supporting records.")
    protection: dict[str, Any]
    records: list[CaseRecordOut]
    timeline: list[CaseEventOut]
    notice: NoticeOut | None
    steps: list[str] = Field(description="Steps the transition table offers from here; the service still decides.")
    explanations: list[ExplanationOut] = Field(
        default_factory=list, description="Each link's match weights per field, when the service includes them."
    )
