"""The one error hierarchy (DESIGN.md §10).

Every failure a user can see is a ``DocketError`` with a stable ``code``. ``errors`` carries the
individual problems (``FILE:LINE: FIELD: reason`` strings for ingest, say) so that one refusal can
report every reason at once. The table at the bottom maps each class to an HTTP status and a CLI
exit code; interfaces look codes up there and nowhere else.
"""

from __future__ import annotations

from collections.abc import Sequence


class DocketError(Exception):
    code = "error"

    def __init__(self, message: str, errors: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.errors = list(errors)

    def to_dict(self) -> dict[str, object]:
        return {"ok": False, "code": self.code, "error": self.message, "errors": self.errors}


class NotFound(DocketError):
    code = "not_found"


class Invalid(DocketError):
    code = "invalid"


class SourceError(Invalid):
    """A source declaration or a source file is unacceptable."""

    code = "source_error"


class Conflict(DocketError):
    code = "conflict"


class IncompatibleModel(Conflict):
    """A stored linkage model was trained for another version's comparison levels (its format
    differs): read by this version's levels it would be misread, so only retraining replaces it."""

    code = "incompatible_model"


class Denied(DocketError):
    code = "denied"

    def __init__(self, message: str, errors: Sequence[str] = (), policy_ids: Sequence[str] = ()) -> None:
        super().__init__(message, errors)
        self.policy_ids = list(policy_ids)


class Unauthenticated(Denied):
    code = "unauthenticated"


class Protected(Denied):
    """An enforcement action was asked for on a protected person."""

    code = "protected"


class StorageError(DocketError):
    code = "storage_error"


class AuditIntegrityError(DocketError):
    code = "audit_integrity"


class ConfigError(DocketError):
    code = "config_error"


# class -> (HTTP status, CLI exit code). Exit codes: 0 ok, 1 refused or invalid, 2 usage, 3 internal.
STATUS_TABLE: dict[type[DocketError], tuple[int, int]] = {
    NotFound: (404, 1),
    Invalid: (422, 1),
    SourceError: (422, 1),
    Conflict: (409, 1),
    IncompatibleModel: (409, 1),
    Unauthenticated: (401, 1),
    Denied: (403, 1),
    Protected: (403, 1),
    StorageError: (500, 3),
    AuditIntegrityError: (500, 1),
    ConfigError: (500, 2),
    DocketError: (500, 3),
}


def status_for(error: DocketError) -> tuple[int, int]:
    """HTTP status and CLI exit code for an error, by its most specific class in the table."""
    for cls in type(error).__mro__:
        if cls in STATUS_TABLE and issubclass(cls, DocketError):
            return STATUS_TABLE[cls]
    return (500, 3)
