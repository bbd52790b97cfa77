"""The closed vocabulary of DESIGN.md §4.

Docket stores only these fields. There is no field for a social-media handle, a purchase history, a
phone location or a licence plate, so such data cannot be ingested: a column outside this vocabulary
is refused before anything is stored.
"""

from __future__ import annotations

from enum import StrEnum


class RecordKind(StrEnum):
    IDENTITY = "identity"
    ENTRY = "entry"
    DEPARTURE = "departure"
    STATUS_GRANT = "status_grant"
    REMOVAL_ORDER = "removal_order"
    CONVICTION = "conviction"


class Purpose(StrEnum):
    ENFORCEMENT = "enforcement"
    STATUS_VERIFICATION = "status_verification"
    IDENTITY_VERIFICATION = "identity_verification"
    STATISTICS = "statistics"


class Status(StrEnum):
    US_CITIZEN = "us_citizen"
    NATURALIZED_CITIZEN = "naturalized_citizen"
    LAWFUL_PERMANENT_RESIDENT = "lawful_permanent_resident"
    VALID_VISA = "valid_visa"
    ASYLEE = "asylee"
    REFUGEE = "refugee"
    TPS = "tps"
    PENDING_APPLICATION = "pending_application"


class OrderType(StrEnum):
    FINAL_ORDER = "final_order"
    VOLUNTARY_DEPARTURE = "voluntary_departure"
    ORDER_VACATED = "order_vacated"


class Sex(StrEnum):
    M = "M"
    F = "F"
    X = "X"


# Citizenship statuses; `us_citizen` (by birth) can never be cleared by a reviewer.
CITIZENSHIP_STATUSES = frozenset({Status.US_CITIZEN, Status.NATURALIZED_CITIZEN})
# Statuses that make a person protected when granted by an authoritative source.
PROTECTIVE_STATUSES = frozenset(
    {
        Status.US_CITIZEN,
        Status.NATURALIZED_CITIZEN,
        Status.LAWFUL_PERMANENT_RESIDENT,
        Status.VALID_VISA,
        Status.ASYLEE,
        Status.REFUGEE,
        Status.TPS,
    }
)

IDENTITY_FIELDS: tuple[str, ...] = (
    "given_name",
    "middle_name",
    "family_name",
    "date_of_birth",
    "sex",
    "a_number",
    "passport_number",
    "passport_country",
    "address",
    "city",
    "state",
    "postal_code",
    "phone",
)

EVENT_FIELDS: dict[RecordKind, tuple[str, ...]] = {
    RecordKind.IDENTITY: (),
    RecordKind.ENTRY: ("event_date", "admission_class", "admitted_until"),
    RecordKind.DEPARTURE: ("event_date",),
    RecordKind.STATUS_GRANT: ("event_date", "status"),
    RecordKind.REMOVAL_ORDER: ("event_date", "order_type"),
    RecordKind.CONVICTION: ("event_date", "offense_category"),
}

ALL_EVENT_FIELDS: tuple[str, ...] = (
    "event_date",
    "admission_class",
    "admitted_until",
    "status",
    "order_type",
    "offense_category",
)

# Every canonical column a stored record has, in storage order (record_id first).
CANONICAL_FIELDS: tuple[str, ...] = ("record_id", *IDENTITY_FIELDS, *ALL_EVENT_FIELDS)

DATE_FIELDS = frozenset({"date_of_birth", "event_date", "admitted_until"})

# Offense categories (closed list; the policy pack refers to these names).
OFFENSE_CATEGORIES: tuple[str, ...] = (
    "terrorism",
    "espionage",
    "homicide",
    "sexual_assault",
    "kidnapping",
    "aggravated_assault",
    "weapons",
    "drug_trafficking",
    "human_trafficking",
    "smuggling",
    "burglary",
    "robbery",
    "fraud",
    "theft",
    "dui",
    "drug_possession",
    "immigration_offense",
    "traffic",
    "public_order",
)

# Fields the policy engine may never read (DESIGN.md §1): identity matching may use some of them.
POLICY_FORBIDDEN_INPUTS = frozenset(
    {
        "nationality",
        "country_of_birth",
        "passport_country",
        "ethnicity",
        "race",
        "religion",
        "language",
        "sex",
        "political_activity",
        "union_activity",
        "sexual_orientation",
    }
)


def fields_for_kind(kind: RecordKind) -> tuple[str, ...]:
    """The canonical fields a record of this kind may carry."""
    return ("record_id", *IDENTITY_FIELDS, *EVENT_FIELDS[kind])
