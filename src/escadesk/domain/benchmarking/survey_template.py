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
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

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


@dataclass(frozen=True, slots=True)
class TemplateNames:
    """The names a template is read by, in one language: its two sheets, the Answers
    header (columns from A) and the About labels, each keyed by its English name (the
    keys code uses: ``about[ORGANIZATION]``)."""

    language: str
    about_sheet: str
    answers_sheet: str
    answer_headers: tuple[str, ...]
    about_labels: Mapping[str, str]
    """English label -> this language's label, for every About row."""

    def about_label(self, english: str) -> str:
        return self.about_labels[english]

    @property
    def about_required(self) -> tuple[str, ...]:
        """The About labels an import reads, in this language."""
        return tuple(self.about_labels[label] for label in ABOUT_REQUIRED)


ENGLISH_NAMES = TemplateNames(
    language="en",
    about_sheet=ABOUT_SHEET,
    answers_sheet=ANSWERS_SHEET,
    answer_headers=ANSWER_HEADERS,
    about_labels=MappingProxyType(
        {
            label: label
            for label in (
                ORGANIZATION,
                WORKSHOP,
                WORKSHOP_DATE,
                CATALOGUE,
                CATALOGUE_VERSION,
                FORM_IDENTIFIER,
                MADE_ON,
                PREPARED_BY,
            )
        }
    ),
)
# The French names are part of the file's contract, like the English ones: written here,
# not taken from the message catalogue, so that rewording a translation later never stops
# a template already sent out from being read back.
FRENCH_NAMES = TemplateNames(
    language="fr",
    about_sheet="À propos",
    answers_sheet="Réponses",
    answer_headers=(
        "Domaine",
        "Code",
        "Question",
        "Unité",
        "Réponses valides",
        "Réponse",
        "Aide",
    ),
    about_labels=MappingProxyType(
        {
            ORGANIZATION: "Organisation",
            WORKSHOP: "Atelier",
            WORKSHOP_DATE: "Date de l’atelier",
            CATALOGUE: "Catalogue",
            CATALOGUE_VERSION: "Version du catalogue",
            FORM_IDENTIFIER: "Identifiant du formulaire",
            MADE_ON: "Créé le",
            PREPARED_BY: "Préparé par",
        }
    ),
)
TEMPLATE_NAMES: tuple[TemplateNames, ...] = (ENGLISH_NAMES, FRENCH_NAMES)
"""Every language a template is written in, and read back from (English first)."""


def template_names(locale: str) -> TemplateNames:
    """The names of a template written for ``locale`` ("fr_CA", "fr", "en_CA"):
    its language's, else English."""
    language = locale.replace("-", "_").partition("_")[0].lower()
    return next((names for names in TEMPLATE_NAMES if names.language == language), ENGLISH_NAMES)


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
