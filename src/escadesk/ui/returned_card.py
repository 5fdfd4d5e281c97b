"""A returned credit-card authorization form into the vault, through the card dialog.

The form's fields fill the dialog for review, and the PDF itself is attached as the
signed scan straight from memory (the card dialog's ``attach_scan_data``): nothing is
written anywhere and nothing of the card is logged or put in a message. The registration
is the one whose organization the form names; when it names none (or several), the
director chooses it. Saving stores the card as the dialog always does
(``services.vault.record``), then records the form on the paper checklist as received
by e-mail today, then offers to delete the file (ui/returned_file.py). A scan typed by
hand (``type_card``) keeps today's manual path: the card dialog empty, the file attached
as its scan, and the same offer to delete it afterwards.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QLineEdit

from escadesk.domain.cards import MAX_LENGTH, digits_only, grouped_digits
from escadesk.domain.registration import RegistrationEvent, can
from escadesk.i18n import N_, _
from escadesk.services.form_views import NO_MATCH_NOTE, CardFormReview
from escadesk.services.views import RegistrationRow
from escadesk.ui.card_dialog import CardAuthorizationDialog
from escadesk.ui.registration_choice import RegistrationChoiceDialog
from escadesk.ui.returned_file import ask_to_delete

if TYPE_CHECKING:
    from escadesk.ui.window_api import MainWindowApi

NOT_OPENED = N_("Card authorization not opened")
UNDATED = N_("Not read from the form: set the date it was signed.")


def review_card(window: MainWindowApi, path: Path, review: CardFormReview) -> None:
    """Open the card dialog on ``review`` for the registration the form is for."""
    workshop = window.workshop
    if workshop is None:
        return
    rows = window.services.registrations.list(workshop.id)
    matched = next((row for row in rows if row.id == review.registration_id), None)
    if matched is not None:
        if can(matched.status, RegistrationEvent.RECEIVE_AUTHORIZATION):
            _open_review(window, path, review, matched)
        else:
            window.messages.warn(
                _(NOT_OPENED),
                _(
                    "{file} is the credit-card authorization form of {organization}, whose "
                    "registration takes no card authorization now (it is {status}). Nothing "
                    "was stored; the file is as it was."
                ).format(
                    file=path.name,
                    organization=matched.organization,
                    status=matched.status.label.lower(),
                ),
            )
        return
    _choose_registration(
        window,
        rows,
        review.organization,
        path.name,
        lambda row: _open_review(window, path, review, row, chosen=True),
    )


def type_card(window: MainWindowApi, path: Path) -> None:
    """The manual path for a scanned card form: the card dialog empty, the file attached
    as its scan, for the selected registration (or the one the director chooses)."""
    workshop = window.workshop
    if workshop is None:
        return
    selected = window.state.registration
    if selected is not None and can(selected.status, RegistrationEvent.RECEIVE_AUTHORIZATION):
        _open_by_hand(window, path, selected)
        return
    rows = window.services.registrations.list(workshop.id)
    _choose_registration(window, rows, "", path.name, lambda row: _open_by_hand(window, path, row))


def _choose_registration(
    window: MainWindowApi,
    rows: list[RegistrationRow],
    organization: str,
    file_name: str,
    then: Callable[[RegistrationRow], None],
) -> None:
    waiting = [row for row in rows if can(row.status, RegistrationEvent.RECEIVE_AUTHORIZATION)]
    if not waiting:
        window.messages.warn(
            _(NOT_OPENED),
            _(
                "No registration of this workshop is waiting for a card authorization, so "
                "{file} has none to go to. Register the organization first (Registration > "
                "New registration…), then open the form again. Nothing was stored."
            ).format(file=file_name),
        )
        return
    selected = window.state.registration
    dialog = RegistrationChoiceDialog(
        waiting,
        organization,
        file_name,
        selected.id if selected is not None else None,
        parent=window.window(),
    )
    window.messages.open(dialog, lambda: then(dialog.chosen()))


def _dialog(window: MainWindowApi, row: RegistrationRow) -> tuple[CardAuthorizationDialog, date]:
    workshop = window.workshop
    assert workshop is not None
    calendar = workshop.calendar
    today = window.services.clock.now().astimezone(calendar.zone).date()
    dialog = CardAuthorizationDialog(
        window.services, row, calendar.decision_opens.date(), today, parent=window.window()
    )
    return dialog, today


def _open_review(
    window: MainWindowApi,
    path: Path,
    review: CardFormReview,
    row: RegistrationRow,
    *,
    chosen: bool = False,
) -> None:
    workshop = window.workshop
    if workshop is None:
        return
    dialog, today = _dialog(window, row)
    fill_from_review(dialog, review, row, chosen=chosen)

    def saved() -> None:
        stored = _stored(window, row, dialog)
        paper = _record_paper(window, row.id, today)
        ask_to_delete(window, path, workshop.id, f"{stored} {paper}", card=True)

    window.messages.open(dialog, saved)


def _open_by_hand(window: MainWindowApi, path: Path, row: RegistrationRow) -> None:
    workshop = window.workshop
    if workshop is None:
        return
    dialog, _today = _dialog(window, row)
    dialog.attach_scan(path)  # read in a worker, into memory only

    def saved() -> None:
        ask_to_delete(window, path, workshop.id, _stored(window, row, dialog), card=True)

    window.messages.open(dialog, saved)


def _stored(window: MainWindowApi, row: RegistrationRow, dialog: CardAuthorizationDialog) -> str:
    window.refresh([row.id])
    window.select_registration(row.id)
    stored = _(
        "The card authorization of {organization} is stored in the vault ({card}), with the "
        "form as its signed scan, encrypted."
    ).format(organization=row.organization, card=dialog.saved_mask)
    if dialog.warnings:
        stored += " " + _("Note: {warning}").format(warning=dialog.warnings[0].message)
    return stored


def _record_paper(window: MainWindowApi, registration_id: int, today: date) -> str:
    """The form on the paper checklist, received by e-mail today; what to say about it."""
    from escadesk.services.paper import Channel, PaperKind

    try:
        window.services.paper.record_received(
            registration_id, PaperKind.CARD_AUTHORIZATION, Channel.EMAIL, today
        )
    except Exception as error:  # the card is stored: this must not hide it
        return _(
            "The form could not be put on the paper checklist ({error}): "
            "add it there with Workshop > Paper forms."
        ).format(error=type(error).__name__)
    return _("The form is on the paper checklist, received by e-mail today.")


# -- the dialog filled in from the form ------------------------------------------------------


def fill_from_review(
    dialog: CardAuthorizationDialog,
    review: CardFormReview,
    row: RegistrationRow,
    *,
    chosen: bool = False,
) -> None:
    """Set the dialog's fields to the form's, attach its PDF, and show what to check.

    A value too long for its field is left out with a note rather than cut short (a cut
    security code would be a wrong one), and the note never quotes it."""
    form = review.form
    notes = [note for note in review.notes if note != _(NO_MATCH_NOTE)]
    if chosen:
        named = review.organization.strip()
        notes.append(
            _("The form names “{named}”: check that it is {organization}.").format(
                named=named, organization=row.organization
            )
            if named
            else _("The form names no organization: check that it is {organization}'s.").format(
                organization=row.organization
            )
        )
    _put(
        dialog.cardholder,
        form.cardholder.strip(),
        _("The cardholder's name on the form is too long to be one: type it from the form."),
        notes,
    )
    digits = digits_only(form.card_number.strip())
    number = (
        grouped_digits(digits)
        if digits.isascii() and digits.isdigit() and len(digits) <= MAX_LENGTH
        else form.card_number.strip()
    )
    _put(  # sets the code's length first
        dialog.card_number,
        number,
        _("The card number on the form is too long to be one: type it from the form."),
        notes,
    )
    _put(
        dialog.expiry,
        form.expiry.strip(),
        _("The expiry on the form is too long to be one: type it from the form."),
        notes,
    )
    _put(
        dialog.code,
        form.code.strip(),
        _("The security code on the form is too long to be one: type it from the form."),
        notes,
    )
    dialog.billing_address.setPlainText(_lines(form.billing_address))
    date_note = _signed_on(dialog, form.signed_on)
    if form.scan is not None:
        dialog.attach_scan_data(review.file_name, form.scan, review.scan_media_type)
    signature = review.signature.strip()
    check = _(
        "Check the details read from <b>{file}</b>, the credit-card authorization form of "
        "<b>{organization}</b>, then Save."
    ).format(file=escape(review.file_name), organization=escape(row.organization))
    if signature:
        check += " " + _("The signature box reads “{signature}”.").format(
            signature=escape(signature)
        )
    check += " " + _(
        "Nothing is stored before; then the card is encrypted, with the PDF as its signed "
        "scan, and only its brand and last four digits are shown."
    )
    dialog.review(
        check,
        notes,
        date_note=date_note,
        discard_question=_("Close without storing the card authorization read from {file}?").format(
            file=review.file_name
        ),
    )


def _put(field: QLineEdit, value: str, too_long: str, notes: list[str]) -> None:
    if len(value) > field.maxLength():
        notes.append(too_long)
        return
    field.setText(value)


def _lines(text: str) -> str:
    """Line breaks as a PDF reader saves them (CR) as the address field shows them."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _signed_on(dialog: CardAuthorizationDialog, signed_on: date | None) -> str:
    """Set the date signed from the form; what to say under it when that cannot be."""
    if signed_on is None:
        return _(UNDATED)
    day = QDate(signed_on.year, signed_on.month, signed_on.day)
    edit = dialog.signed_on
    if not edit.minimumDate() <= day <= edit.maximumDate():
        return _(
            "The form is dated {date}, outside the last two years up to today: check the date "
            "it was signed."
        ).format(date=signed_on.isoformat())
    edit.setDate(day)
    return ""
