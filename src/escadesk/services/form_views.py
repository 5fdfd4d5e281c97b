"""What the forms use cases (services/forms.py) give back, and how they refuse a file.

Light on purpose: nothing here imports reportlab, pypdf or Jinja2, so a window module may
import these types before the first paint; the service loads those on first use.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from escadesk.domain.card_authorization import CardAuthorizationForm
from escadesk.domain.registration_form import RegistrationDetails
from escadesk.domain.validation import FieldProblem
from escadesk.forms.content import PageSize as PageSize
from escadesk.forms.errors import Refusal as Refusal
from escadesk.i18n import N_

#: What the card dialog attaches as the signed scan: the returned PDF itself.
PDF_MEDIA_TYPE = "application/pdf"

#: A card form's note when no registration (or several) has the organization's name: the
#: window asks which registration, and then drops this note.
NO_MATCH_NOTE = N_(
    "No registration of this workshop has the organization's name as written on the form: "
    "choose the registration the card is for."
)

#: Refusals whose file is still the organization's form, for the manual path: a scan or
#: a form printed to PDF, whose fields are gone.
_BY_HAND = frozenset({Refusal.NO_FIELDS, Refusal.XFA})


class FormRefusedError(ValueError):
    """A returned form that is not read. ``message`` is for the director and never holds
    a field's value; ``reason`` is the reader's (None: the form came back blank)."""

    def __init__(self, file_name: str, message: str, reason: Refusal | None = None) -> None:
        super().__init__(f"{file_name}: {message}")
        self.file_name = file_name
        self.message = message
        self.reason = reason

    @property
    def by_hand(self) -> bool:
        """The file is a scan (no fields to read): it is entered by hand, as before."""
        return self.reason in _BY_HAND


@dataclass(frozen=True)
class RegistrationFileOutcome:
    """One returned registration form of an import: what it says, or why not."""

    path: Path
    #: As read from the form (None: the file was refused).
    details: RegistrationDetails | None
    #: Why the file was refused ("" when it was read).
    refusal: str = ""
    #: The usual checks' problems with what the form says (each names its field).
    problems: tuple[FieldProblem, ...] = ()
    #: The registration made from it (None: nothing was stored).
    registration_id: int | None = None

    @property
    def ok(self) -> bool:
        return self.details is not None and not self.refusal and not self.problems


@dataclass(frozen=True)
class RegistrationImport:
    """Returned registration forms checked together and registered all or none."""

    files: tuple[RegistrationFileOutcome, ...]
    dry_run: bool
    #: True once every form is registered (never for a dry run or a refused batch).
    stored: bool

    @property
    def ok(self) -> bool:
        return bool(self.files) and all(outcome.ok for outcome in self.files)

    @property
    def refused(self) -> tuple[RegistrationFileOutcome, ...]:
        return tuple(outcome for outcome in self.files if not outcome.ok)


@dataclass(frozen=True, repr=False)
class CardFormReview:
    """A returned card-authorization form, for the card dialog to show for review.

    Held in memory only: the card goes into the vault when the director saves the dialog
    (``form.scan`` is the PDF itself, kept encrypted as the signed scan). Never logged,
    written or put in a message; the repr shows no field.
    """

    file_name: str
    #: The organization as written on the form.
    organization: str
    #: The workshop's registration of that organization (same name, case and accents
    #: aside, not withdrawn or cancelled), None when none or several match.
    registration_id: int | None
    #: The card fields, the signature date (None: not a date) and the PDF as the scan.
    form: CardAuthorizationForm
    #: The name typed in the signature box ("" when empty).
    signature: str
    #: Things to check before saving, in the director's words (no field's value).
    notes: tuple[str, ...] = ()
    scan_media_type: str = PDF_MEDIA_TYPE

    def __repr__(self) -> str:
        return "CardFormReview(card fields hidden)"


@dataclass(frozen=True)
class InvitationDrafts:
    """The invitation drafts written for a workshop's delegate list."""

    paths: tuple[Path, ...]
    #: Delegates the drafts go to.
    invited: int
    #: Delegates on the list left out because they have registered already.
    already_registered: int
