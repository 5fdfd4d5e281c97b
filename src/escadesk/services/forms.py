"""The forms that go out and come back, as use cases: the two blank PDFs of a workshop,
the invitation to its delegates with both attached, and returned forms read back.

Reading never stores anything. A returned registration form becomes the details the
registration dialog shows for review (the dialog saves them through the registrations
service), or a batch registered all or none from the command line. A returned card form
becomes a :class:`~escadesk.services.form_views.CardFormReview` held in memory for the
card dialog, which stores it in the vault; nothing here logs a card field or puts one in
an exception, and the PDF is never written anywhere.

reportlab, pypdf and Jinja2 are imported by the methods that need them, so building this
service (or importing its result types) costs nothing at start-up.
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Callable, Sequence
from dataclasses import astuple, dataclass
from datetime import date
from email.message import EmailMessage
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from escadesk.atomic_files import write_atomically
from escadesk.domain import file_names
from escadesk.domain.card_authorization import CardAuthorizationForm
from escadesk.domain.completion import folded
from escadesk.domain.eligibility import normalize_email
from escadesk.domain.fees import EXCHANGE_DISCLAIMER, FeeSchedule
from escadesk.domain.registration import RegistrationStatus
from escadesk.domain.registration_form import RegistrationDetails
from escadesk.domain.validation import FieldProblem, ValidationError
from escadesk.domain.wording import counted
from escadesk.forms.content import FormWorkshop, PageSize
from escadesk.forms.errors import FormReadError, Refusal
from escadesk.forms.results import CardFormFields, RegistrationFormFields
from escadesk.forms.stamp import FormKind
from escadesk.i18n import N_, _
from escadesk.services import audit
from escadesk.services.context import ServiceContext
from escadesk.services.form_views import (
    NO_MATCH_NOTE,
    CardFormReview,
    FormRefusedError,
    InvitationDrafts,
    RegistrationFileOutcome,
    RegistrationImport,
)
from escadesk.services.institute import read_identity
from escadesk.services.lookups import load_workshop
from escadesk.services.registrations import RegistrationService
from escadesk.services.workshop_mapping import calendar_of, schedule_of
from escadesk.storage import models

if TYPE_CHECKING:
    from escadesk.notifications.invitation import RenderedInvitation
    from escadesk.notifications.messages import Recipient

_T = TypeVar("_T")

#: A card form given where registration forms are imported (the command line).
CARD_FORM_IN_WINDOW = N_(
    "This is the credit-card authorization form: card forms are read in the window, where "
    "the card goes into the vault after review."
)
_BLANK = N_(
    "The {form} came back blank: nothing was filled in. Ask the organization to fill it in "
    "and save it again, or enter it by hand."
)
_NO_DELEGATES = N_(
    "No delegate list has been imported for this workshop yet; import it first (File > "
    "Import delegate list): the invitation goes to the delegates on it."
)
_ALL_REGISTERED = N_("Every delegate on the list has registered already: nobody is left to invite.")
_UNSIGNED = N_(
    "The signature box is empty: this copy is not signed. Store the card only with a signed "
    "form (typed in the box, or signed in ink and scanned)."
)
_UNDATED = N_(
    "The signature date on the form is not a date written as YYYY-MM-DD: enter it from the form."
)
#: How much of a deleted returned form is zeroed per write.
_ZEROS_AT_ONCE = 1024 * 1024
#: Registrations that no longer count: a delegate among them may register again.
_INACTIVE = (RegistrationStatus.WITHDRAWN.value, RegistrationStatus.CANCELLED.value)


@dataclass(frozen=True)
class _Blank:
    name: str
    pdf: bytes


class FormsService:
    """Blank forms out, returned forms back (safe from a worker thread)."""

    def __init__(self, context: ServiceContext, registrations: RegistrationService) -> None:
        self._context = context
        self._registrations = registrations

    # -- out -------------------------------------------------------------------------------

    def blank_file_names(self, workshop_id: int, locale: str | None = None) -> tuple[str, str]:
        """(registration form, card-authorization form): 'ESCA Cluster Benchmarking
        Workshop (TCI 2018) 2018-10-04 registration form.pdf' and its sibling, in
        ``locale``'s language (None: the window's)."""
        with self._context.database.reading() as session:
            return _names(_form_workshop(session, workshop_id), _locale(locale))

    def write_blank(
        self,
        workshop_id: int,
        folder: Path,
        page: PageSize = PageSize.A4,
        locale: str | None = None,
    ) -> list[Path]:
        """Both blank forms of the workshop into ``folder`` (created if missing), laid out
        for ``page`` and printed in ``locale``'s language (None: the window's; a form for
        one organization goes in its language); each written whole or not at all, an
        existing one replaced."""
        folder = _folder(folder, _("the forms"))
        with self._context.database.reading() as session:
            workshop = _form_workshop(session, workshop_id)
        blanks = _blanks(workshop, page, _locale(locale))
        written = _write_all(folder, [(blank.name, blank.pdf) for blank in blanks])
        self._audit(
            workshop_id,
            "forms.blank",
            f"Blank registration and card-authorization forms ({page.value}) written to '{folder}'",
        )
        return written

    def write_invitations(
        self,
        workshop_id: int,
        folder: Path,
        *,
        one_for_all: bool = False,
        page: PageSize = PageSize.A4,
    ) -> InvitationDrafts:
        """The invitation to register, with both blank forms attached, as .eml drafts in
        ``folder``: one per delegate on the workshop's list, or ``one_for_all`` addressed
        to the director with every delegate in Bcc. Delegates who have registered already
        are left out. Every draft is built before the first is saved."""
        from escadesk.notifications.draft_names import DraftName
        from escadesk.notifications.drafts import Attachment, build_email

        folder = _folder(folder, _("the drafts"))
        registered = self._registrations.registered_emails(workshop_id)
        with self._context.database.reading() as session:
            workshop = _form_workshop(session, workshop_id)
            delegates = _delegates(session, workshop_id)
        if not delegates:
            raise ValidationError([FieldProblem("delegates", _(_NO_DELEGATES))])
        invited = [d for d in delegates if normalize_email(d.email) not in registered]
        if not invited:
            raise ValidationError([FieldProblem("delegates", _(_ALL_REGISTERED))])
        # Each language's blank forms are built once, for every delegate written to in it.
        built: dict[str, tuple[_Blank, _Blank]] = {}

        def blanks_in(locale: str) -> tuple[_Blank, _Blank]:
            if locale not in built:
                built[locale] = _blanks(workshop, page, locale)
            return built[locale]

        def attached(blanks: tuple[_Blank, _Blank]) -> list[Attachment]:
            return [Attachment(blank.name, blank.pdf, "application/pdf") for blank in blanks]

        sender = _sender(workshop)
        calendar = workshop.calendar
        drafts: list[tuple[str, EmailMessage]] = []
        if one_for_all:
            locale = _invitation_locale(None)
            blanks = blanks_in(locale)
            message = _invitation(workshop, blanks, None, locale)
            email = build_email(message, sender, sender, attached(blanks), bcc=_recipients(invited))
            stem = DraftName.INVITATION_TO_ALL.stem(locale, workshop.title, calendar.event_date)
            drafts.append((stem, email))
        else:
            used: set[str] = set()
            for delegate in invited:
                locale = _invitation_locale(delegate)
                blanks = blanks_in(locale)
                message = _invitation(workshop, blanks, delegate, locale)
                (to,) = _recipients([delegate])
                stem = DraftName.INVITATION.stem(
                    locale, workshop.title, calendar.event_date, delegate.name or delegate.email
                )
                unique = file_names.unique_name(f"{stem}.eml", used).removesuffix(".eml")
                drafts.append((unique, build_email(message, sender, to, attached(blanks))))
        paths = _save_drafts(folder, drafts)
        how = (
            f"saved as one draft to {counted(len(invited), 'delegate')} (Bcc)"
            if one_for_all
            else f"saved as {counted(len(paths), 'draft')}, one per delegate"
        )
        # The subject and counts, never an address: the audit log is kept for good.
        self._audit(workshop_id, "notify.invitation", f"'{message.subject}' {how}")
        return InvitationDrafts(tuple(paths), len(invited), len(delegates) - len(invited))

    # -- back ------------------------------------------------------------------------------

    def read_registration(self, path: Path, workshop_id: int) -> RegistrationDetails:
        """A returned registration form of the workshop as the registration dialog's
        details, for review (nothing stored); FormRefusedError says why not."""
        return self._registration_details(Path(path), self._code(workshop_id))

    def read_card(self, path: Path, workshop_id: int) -> CardFormReview:
        """A returned card-authorization form of the workshop, for the card dialog
        (nothing stored, nothing written); FormRefusedError says why not."""
        from escadesk.forms.reading import read_card_form

        path = Path(path)
        code = self._code(workshop_id)
        filled = _read(path, lambda: read_card_form(path, code))
        return self._card_review(path, workshop_id, filled.fields, filled.pdf)

    def read_returned(self, path: Path, workshop_id: int) -> RegistrationDetails | CardFormReview:
        """Either returned form of the workshop, whichever the file is: the window opens
        the registration dialog for details, the card dialog for a card review."""
        from escadesk.forms.reading import read_form

        path = Path(path)
        code = self._code(workshop_id)
        filled = _read(path, lambda: read_form(path, code))
        fields = filled.fields
        if isinstance(fields, CardFormFields):
            return self._card_review(path, workshop_id, fields, filled.pdf)
        return _details(path, fields)

    def delete_returned(self, path: Path, workshop_id: int) -> None:
        """Delete a returned form's file once what it says is stored: zeroed in place and
        flushed to the disk, then removed (a card form holds the card number in clear
        until then). Copies elsewhere (the e-mail it came with, a backup) are beyond
        reach; OSError says why the file was not deleted."""
        path = Path(path)
        if not path.is_symlink() and not path.exists():
            raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(path))
        if path.is_symlink() or not path.is_file():
            raise OSError(_("'{path}' is not a regular file").format(path=path.name))
        size = path.stat().st_size
        with path.open("r+b") as handle:
            for start in range(0, size, _ZEROS_AT_ONCE):
                handle.write(bytes(min(_ZEROS_AT_ONCE, size - start)))
            handle.flush()
            os.fsync(handle.fileno())
        path.unlink()
        self._audit(
            workshop_id,
            "forms.returned_deleted",
            "A returned form's file was overwritten and deleted once its content was stored",
        )

    def import_registrations(
        self, paths: Sequence[Path], workshop_id: int, *, dry_run: bool = False
    ) -> RegistrationImport:
        """Returned registration forms checked with the usual rules (a delegate's e-mail,
        not registered yet, not twice in the batch) and registered all or none, each with
        its registration form recorded as received; ``dry_run`` stores nothing. Card forms
        are refused: they are read in the window (:meth:`read_card`)."""
        code = self._code(workshop_id)
        read: list[RegistrationFileOutcome] = []
        for path in map(Path, paths):
            try:
                details = self._registration_details(path, code)
            except FormRefusedError as refused:
                message = _(CARD_FORM_IN_WINDOW) if refused.reason is Refusal.OTHER_KIND else None
                read.append(RegistrationFileOutcome(path, None, message or refused.message))
            else:
                read.append(RegistrationFileOutcome(path, details))
        forms = [outcome.details for outcome in read if outcome.details is not None]
        problems = iter(self._registrations.problems_of_batch(workshop_id, forms))
        checked = tuple(
            outcome
            if outcome.details is None
            else RegistrationFileOutcome(
                outcome.path, outcome.details, problems=tuple(next(problems))
            )
            for outcome in read
        )
        batch = RegistrationImport(checked, dry_run=dry_run, stored=False)
        if dry_run or not batch.ok:
            return batch
        ids = self._registrations.register_all(workshop_id, forms, record_form=True)
        stored = tuple(
            RegistrationFileOutcome(outcome.path, outcome.details, registration_id=registration_id)
            for outcome, registration_id in zip(checked, ids, strict=True)
        )
        return RegistrationImport(stored, dry_run=False, stored=True)

    # -- internals -------------------------------------------------------------------------

    def _code(self, workshop_id: int) -> str:
        with self._context.database.reading() as session:
            return load_workshop(session, workshop_id).code

    def _registration_details(self, path: Path, code: str) -> RegistrationDetails:
        from escadesk.forms.reading import read_registration_form

        filled = _read(path, lambda: read_registration_form(path, code))
        return _details(path, filled.fields)

    def _card_review(
        self, path: Path, workshop_id: int, fields: CardFormFields, pdf: bytes
    ) -> CardFormReview:
        card = (fields.cardholder, fields.card_number, fields.expiry, fields.code)
        if not any(card) and not fields.billing_address:
            raise FormRefusedError(
                path.name, _(_BLANK).format(form=_form(FormKind.CARD_AUTHORIZATION))
            )
        notes = []
        signed_on = _signed_on(fields.signed_on)
        if fields.signed_on and signed_on is None:
            notes.append(_(_UNDATED))
        if not fields.signature:
            notes.append(_(_UNSIGNED))
        registration_id = self._registration_of(workshop_id, fields.organization)
        if registration_id is None:
            notes.append(_(NO_MATCH_NOTE))
        form = CardAuthorizationForm(
            cardholder=fields.cardholder,
            card_number=fields.card_number,
            expiry=fields.expiry,
            code=fields.code,
            billing_address=fields.billing_address,
            signed_on=signed_on,
            scan=pdf,
        )
        return CardFormReview(
            file_name=path.name,
            organization=fields.organization,
            registration_id=registration_id,
            form=form,
            signature=fields.signature,
            notes=tuple(notes),
        )

    def _registration_of(self, workshop_id: int, organization: str) -> int | None:
        wanted = folded(organization)
        if not wanted:
            return None
        query = (
            select(models.Registration.id, models.Organization.name)
            .join(models.Organization)
            .where(
                models.Registration.workshop_id == workshop_id,
                models.Registration.status.not_in(_INACTIVE),
            )
        )
        with self._context.database.reading() as session:
            found = [key for key, name in session.execute(query) if folded(name) == wanted]
        return found[0] if len(found) == 1 else None

    def _audit(self, workshop_id: int, action: str, summary: str) -> None:
        with self._context.database.transaction() as session:
            audit.record_now(
                session,
                self._context,
                action=action,
                entity="workshop",
                entity_id=workshop_id,
                workshop_id=workshop_id,
                summary=summary,
            )


# -- the workshop on its forms -----------------------------------------------------------------


def _form_workshop(session: Session, workshop_id: int) -> FormWorkshop:
    """The stored workshop as both forms (and the invitation) present it: the one place."""
    workshop = load_workshop(session, workshop_id)
    return FormWorkshop(
        code=workshop.code,
        title=workshop.title,
        venue=workshop.venue,
        calendar=calendar_of(workshop),
        fees=schedule_of(workshop),
        institute=read_identity(session),
    )


def _form(kind: FormKind) -> str:
    """The form's name in a message of the window ("the registration form came back ...")."""
    return _(kind.form_title).lower()


def _locale(locale: str | None) -> str:
    """``locale``, or the window's language when none is given."""
    from escadesk.i18n import current_locale

    return current_locale() if locale is None else locale


def _names(workshop: FormWorkshop, locale: str) -> tuple[str, str]:
    """The blank forms' file names in ``locale``'s language (an invitation's attachments)."""
    from escadesk.notifications.draft_names import blank_form_names

    return blank_form_names(locale, workshop.title, workshop.calendar.event_date)


def _blanks(workshop: FormWorkshop, page: PageSize, locale: str) -> tuple[_Blank, _Blank]:
    """Both blank forms printed in ``locale``'s language, under names in it."""
    from escadesk.forms.card_authorization_pdf import card_authorization_pdf
    from escadesk.forms.registration_pdf import registration_pdf

    registration, card = _names(workshop, locale)
    return (
        _Blank(registration, registration_pdf(workshop, page, locale)),
        _Blank(card, card_authorization_pdf(workshop, page, locale)),
    )


def _fee_lines(fees: FeeSchedule, locale: str) -> tuple[str, ...]:
    """One line a head-count, in the letter's language: '4 organizations: 3,000.00 CAD
    (~1,990 EUR)' / '4 organisations : 3 000,00 $ (~1 990 EUR)'."""
    from escadesk.notifications.letter_language import (
        letter_approximation,
        letter_money,
        translator,
    )

    language = translator(locale)
    lines = []
    for quote in fees.quotes():
        price = letter_money(quote.price.gross, locale)
        approximation = letter_approximation(quote.approximation, locale)
        if approximation:
            # Translators: a line of the invitation's fee table (always several organizations).
            text = language.gettext("{count} organizations: {price} ({approximation})")
        else:
            # Translators: a line of the invitation's fee table (always several organizations).
            text = language.gettext("{count} organizations: {price}")
        lines.append(
            text.format(count=quote.participants, price=price, approximation=approximation)
        )
    return tuple(lines)


def _exchange(fees: FeeSchedule, locale: str) -> str:
    """The approximations' dated rate and the disclaimer, as the card form says them,
    in the letter's language (English: the rate and date as stored, '2026-03-01')."""
    from escadesk.i18n import format_date, format_decimal
    from escadesk.notifications.letter_language import is_english, translator

    rate = fees.rate
    if rate is None:
        return ""
    if is_english(locale):
        return f"{rate.quote} amounts at {rate.describe('en_CA')}. {EXCHANGE_DISCLAIMER}"
    # Translators: under the invitation's fee table; {date} is the rate's day.
    text = translator(locale).gettext(
        "{quote} amounts at 1 {base} = {rate} {quote} on {date}. Approximate; the "
        "Institute is not responsible for any exchange rate fees."
    )
    return text.format(
        quote=rate.quote,
        base=rate.base,
        rate=format_decimal(rate.rate, locale),
        date=format_date(rate.as_of, "long", locale),
    )


# -- the invitation ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Delegate:
    name: str
    email: str
    #: As the delegate list gives it ("" when it does not): picks the letter's language.
    country: str = ""


def _delegates(session: Session, workshop_id: int) -> list[_Delegate]:
    rows = session.scalars(
        select(models.Delegate).where(models.Delegate.workshop_id == workshop_id)
    )
    found = [
        _Delegate(" ".join((row.name or "").split()), row.email, row.country or "") for row in rows
    ]
    return sorted(found, key=lambda d: (folded(d.name), d.email.casefold()))


def _recipients(delegates: Sequence[_Delegate]) -> list[Recipient]:
    from escadesk.notifications.messages import Recipient

    return [Recipient(delegate.name, delegate.email) for delegate in delegates]


def _sender(workshop: FormWorkshop) -> Recipient:
    from escadesk.notifications.messages import Recipient

    return Recipient(workshop.institute.director_name, workshop.institute.sender_email)


def _invitation_locale(delegate: _Delegate | None) -> str:
    """The invitation's language: a delegate has no organization yet, so their country's
    (domain/languages.py's default), else (no country on the list, or the letter to all)
    the window's."""
    from escadesk.domain.languages import default_language, locale_of
    from escadesk.i18n import current_locale

    if delegate is not None and delegate.country.strip():
        return locale_of(default_language(delegate.country))
    return current_locale()


def _invitation(
    workshop: FormWorkshop,
    blanks: tuple[_Blank, _Blank],
    delegate: _Delegate | None,
    locale: str,
) -> RenderedInvitation:
    from escadesk.notifications.invitation import InvitationContext, render_invitation
    from escadesk.notifications.letter_language import tax_name

    calendar, fees, institute = workshop.calendar, workshop.fees, workshop.institute
    return render_invitation(
        InvitationContext(
            delegate_name=delegate.name if delegate else "",
            delegate_email=delegate.email if delegate else "",
            workshop_title=workshop.title,
            venue=workshop.venue,
            event_date=calendar.event_date,
            registration_deadline=calendar.registration_deadline,
            workshop_timezone=calendar.timezone,
            minimum_organizations=calendar.minimum_organizations,
            maximum_organizations=calendar.maximum_organizations,
            fee_lines=_fee_lines(fees, locale),
            tax_label=tax_name(fees.tax_name, locale),
            exchange_disclaimer=_exchange(fees, locale),
            registration_form=blanks[0].name,
            card_form=blanks[1].name,
            director_email=institute.sender_email,
            director_name=institute.director_name,
            director_title=institute.director_title,
            institute=institute.name,
            institute_address=institute.address,
        ),
        locale=locale,
    )


# -- files -------------------------------------------------------------------------------------


def _folder(folder: Path, what: str) -> Path:
    folder = Path(folder).expanduser()
    if folder.exists() and not folder.is_dir():
        raise ValidationError(
            [
                FieldProblem(
                    "folder",
                    _("'{folder}' is a file; choose a folder for {what}.").format(
                        folder=folder, what=what
                    ),
                )
            ]
        )
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _write_all(folder: Path, files: Sequence[tuple[str, bytes]]) -> list[Path]:
    """Each file written atomically; if one fails, the new files written before it are
    removed again (a file that was replaced cannot be given back, but is whole)."""
    written: list[Path] = []
    created: list[Path] = []
    try:
        for name, data in files:
            target = folder / name
            existed = target.exists()
            write_atomically(target, _writer(data), prefix=".escadesk-")
            written.append(target)
            if not existed:
                created.append(target)
    except BaseException:
        for path in created:
            with contextlib.suppress(OSError):
                path.unlink()
        raise
    return written


def _writer(data: bytes) -> Callable[[BinaryIO], object]:
    return lambda stream: stream.write(data)


def _save_drafts(folder: Path, drafts: Sequence[tuple[str, EmailMessage]]) -> list[Path]:
    from escadesk.notifications.drafts import EML_SUFFIX, MAIL_POLICY

    return _write_all(
        folder,
        [(f"{stem}{EML_SUFFIX}", email.as_bytes(policy=MAIL_POLICY)) for stem, email in drafts],
    )


# -- reading -----------------------------------------------------------------------------------


def _read(path: Path, read: Callable[[], _T]) -> _T:
    """``read()``, its refusal in the service's terms (the reader's words, no value)."""
    try:
        return read()
    except FormReadError as error:
        raise FormRefusedError(path.name, error.message, error.reason) from None


def _details(path: Path, fields: RegistrationFormFields) -> RegistrationDetails:
    if not any(astuple(fields)):
        raise FormRefusedError(path.name, _(_BLANK).format(form=_form(FormKind.REGISTRATION)))
    return RegistrationDetails(
        organization=fields.organization,
        country=fields.country,
        technology_area=fields.technology_area,
        contact_name=fields.contact_name,
        contact_email=fields.contact_email,
        contact_title=fields.contact_title,
        contact_phone=fields.contact_phone,
    )


def _signed_on(text: str) -> date | None:
    """The signature date as asked on the form (YYYY-MM-DD), None otherwise. The text is
    never quoted: a card number typed in the wrong box must not reach a message."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None
