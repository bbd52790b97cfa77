"""Bodies of link explanations: comparison levels and match weights per field, never the values."""

from __future__ import annotations

from pydantic import BaseModel, Field


class ComparisonOut(BaseModel):
    comparison: str = Field(description="The field compared (given_name, date_of_birth, a_number, ...).")
    gamma: int
    level: str = Field(description="The comparison level reached, in words (`null`: a value is missing).")
    match_weight: float
    tf_adjustment: float = Field(description="Term-frequency adjustment (common values weigh less).")
    total: float = Field(description="Weight of this field: positive for a match, negative against.")


class ExplanationOut(BaseModel):
    """Comparison levels and match weights of two records; never the values compared."""

    left: str
    right: str
    model_version: str
    prior_weight: float
    comparisons: list[ComparisonOut]
    match_weight: float
    match_probability: float
    text: str
