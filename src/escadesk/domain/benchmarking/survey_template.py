"""The survey template's contract: its sheets, columns and form identifier.

The template goes out as a workbook (written by :mod:`escadesk.exports.survey_template`)
and comes back filled (read by :mod:`escadesk.importing.survey_template`); the writer and
the reader never import each other, so the layout they share is said here, once.

The form identifier ("SURVEY-W1-R3-5E0B9A1C") names the workshop and the registration the
template was made for, and ends with a check over those, the catalogue version and the
organization's name. The sheets are protected only against slips (see the writer), so the
check is what notices an About sheet edited by hand: a changed organization or catalogue
version no longer matches its identifier.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

ABOUT_SHEET = "About"
ANSWERS_SHEET = "Answers"

AREA, CODE, QUESTION, UNIT, VALID, ANSWER, HELP = (
    "Area",
    "Code",
    "Question",
    "Unit",
    "Valid answers",
    "Answer",
    "Help",
)
ANSWER_HEADERS: tuple[str, ...] = (AREA, CODE, QUESTION, UNIT, VALID, ANSWER, HELP)
"""The Answers sheet's columns, from A."""
HEADER_ROW = 4
"""Row of the Answers sheet's header (a title and the instructions are above it)."""
FIRST_INDICATOR_ROW = HEADER_ROW + 1
CODE_COLUMN = ANSWER_HEADERS.index(CODE) + 1
ANSWER_COLUMN = ANSWER_HEADERS.index(ANSWER) + 1
"""1-based columns of the indicator's code and of its answer."""

ORGANIZATION = "Organization"
WORKSHOP = "Workshop"
WORKSHOP_DATE = "Workshop date"
CATALOGUE = "Catalogue"
CATALOGUE_VERSION = "Catalogue version"
FORM_IDENTIFIER = "Form identifier"
MADE_ON = "Made on"
PREPARED_BY = "Prepared by"
ABOUT_FIRST_ROW = 3
"""The About sheet's first label row (labels in column A, values in column B)."""
ABOUT_REQUIRED: tuple[str, ...] = (ORGANIZATION, WORKSHOP, CATALOGUE_VERSION, FORM_IDENTIFIER)
"""The About rows an import reads."""

_PREFIX = "SURVEY"
_IDENTIFIER = re.compile(rf"^{_PREFIX}-W(\d{{1,12}})-R(\d{{1,12}})-([0-9A-F]{{8}})$")


@dataclass(frozen=True, slots=True)
class FormIdentifier:
    """Whom a template was made for: a workshop, a registration and its check."""

    workshop_id: int
    registration_id: int
    check: str

    @property
    def text(self) -> str:
        return f"{_PREFIX}-W{self.workshop_id}-R{self.registration_id}-{self.check}"

    def matches(self, catalogue_version: str, organization: str) -> bool:
        """Whether the version and organization beside it are those it was made with."""
        expected = _check(self.workshop_id, self.registration_id, catalogue_version, organization)
        return self.check == expected


def form_identifier(
    workshop_id: int, registration_id: int, catalogue_version: str, organization: str
) -> FormIdentifier:
    """The identifier of a new template."""
    check = _check(workshop_id, registration_id, catalogue_version, organization)
    return FormIdentifier(workshop_id, registration_id, check)


def parse_form_identifier(text: str) -> FormIdentifier | None:
    """The identifier written as ``text`` (spaces and case forgiven), or None."""
    match = _IDENTIFIER.match("".join(text.split()).upper())
    if match is None:
        return None
    return FormIdentifier(int(match[1]), int(match[2]), match[3])


def same_name(first: str, second: str) -> bool:
    """Organization names compared as a reader would: case and runs of spaces ignored."""
    return _folded(first) == _folded(second)


def _check(workshop_id: int, registration_id: int, version: str, organization: str) -> str:
    parts = (str(workshop_id), str(registration_id), " ".join(version.split()), organization)
    digest = hashlib.sha256("\x1f".join(_folded(part) for part in parts).encode("utf-8"))
    return digest.hexdigest()[:8].upper()


def _folded(text: str) -> str:
    return " ".join(text.split()).casefold()
