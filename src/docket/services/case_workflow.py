"""The case transition table and the preconditions of adverse action (DESIGN.md §7).

One explicit table: (from status, step) -> (to status, Cedar action). Anything not in it is refused.
"""

from __future__ import annotations

from dataclasses import dataclass

CLOSE_REASONS = ("departed", "protected", "not_a_priority", "resolved")


@dataclass(frozen=True)
class Step:
    name: str
    to_status: str
    action: str  # Cedar action


TRANSITIONS: dict[str, dict[str, Step]] = {
    "open": {"assign": Step("assign", "assigned", "assign_case")},
    "assigned": {
        "assign": Step("assign", "assigned", "assign_case"),
        "submit": Step("submit", "in_review", "transition_case"),
    },
    "in_review": {
        "signoff": Step("signoff", "signed_off", "signoff_case"),
        "return": Step("return", "assigned", "transition_case"),
    },
    "signed_off": {"notice": Step("notice", "noticed", "transition_case")},
    "noticed": {
        "contest": Step("contest", "contested", "transition_case"),
        "refer": Step("refer", "referred", "refer_case"),
    },
    "contested": {"resolve_contest": Step("resolve_contest", "noticed", "transition_case")},
    "referred": {},
    "suspended": {"resume": Step("resume", "assigned", "transition_case")},
    "closed": {},
}
CLOSABLE = frozenset(status for status in TRANSITIONS if status != "closed")
ENFORCEMENT_STEPS = frozenset({"assign", "signoff", "notice", "refer", "resume"})


def step_for(status: str, name: str) -> Step | None:
    return TRANSITIONS.get(status, {}).get(name)


def allowed_steps(status: str) -> list[str]:
    steps = list(TRANSITIONS.get(status, {}))
    return [*steps, "close"] if status in CLOSABLE else steps
