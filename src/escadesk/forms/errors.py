"""Why a returned form was refused: a reason a caller can act on, and a message for the
director that never carries a field's value."""

from __future__ import annotations

from enum import StrEnum


class Refusal(StrEnum):
    """Why a file was refused, for a caller that acts on the reason (a scan, for one,
    goes the manual way)."""

    UNREADABLE_FILE = "unreadable file"
    TOO_LARGE = "too large"
    NOT_PDF = "not a PDF"
    DAMAGED = "damaged"
    ENCRYPTED = "encrypted"
    XFA = "XFA form"
    NO_FIELDS = "no fields"
    NOT_OURS = "not an escadesk form"
    NEWER_VERSION = "newer form version"
    OTHER_KIND = "another kind of form"
    OTHER_WORKSHOP = "another workshop's form"
    ALTERED = "altered form"


class FormReadError(ValueError):
    """The file cannot be read as a filled form; ``message`` says why, for the user."""

    def __init__(self, reason: Refusal, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message
