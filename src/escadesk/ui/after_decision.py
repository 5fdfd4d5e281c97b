"""What the director does after a proceed decision: offer a freed place to the waitlist,
re-price explicitly, erase the authorizations no longer needed once the event is over.

The card-number retention setting moved to ``ui/settings_dialog.py``; its name stays
importable from here until the window's Settings command opens it from there."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog

from escadesk.domain.decision import Outcome
from escadesk.domain.money import money_text
from escadesk.domain.registration import RegistrationStatus
from escadesk.domain.validation import ValidationError
from escadesk.i18n import _

if TYPE_CHECKING:
    from escadesk.services.container import Services
    from escadesk.services.decision import ErasureReport
    from escadesk.services.views import RegistrationRow
    from escadesk.ui.window_api import MainWindowApi


def proceeded(services: Services, workshop_id: int) -> bool:
    decision = services.decision.taken(workshop_id)
    return decision is not None and decision.outcome is Outcome.PROCEED


# -- a freed place ---------------------------------------------------------------------------


def offer_freed_place(window: MainWindowApi, withdrawn: RegistrationRow) -> None:
    """After withdrawing a confirmed organization of a workshop that proceeds: offer its
    place to the first waitlisted organization (by completion time)."""
    workshop = window.workshop
    if workshop is None or withdrawn.status is not RegistrationStatus.CONFIRMED:
        return
    services = window.services
    if not proceeded(services, workshop.id):
        return
    waiting = [
        row
        for row in services.registrations.list(workshop.id)
        if row.status is RegistrationStatus.WAITLISTED
    ]
    if not waiting:
        return
    first = min(waiting, key=lambda row: (row.waitlist_position or 0, row.completed_at or 0))

    def promote() -> None:
        try:
            promoted = services.decision.promote_next(workshop.id)
        except ValidationError as error:
            window.messages.warn(_("Not promoted"), str(error))
            return
        window.refresh()
        if promoted is not None:
            window.select_registration(promoted)
            window.messages.note(
                _("{organization} is confirmed at the notified fee; send it a letter.").format(
                    organization=first.organization
                ),
                15000,
            )

    window.messages.ask(
        _("Offer the freed place"),
        _(
            "{withdrawn} withdrew. Offer the freed place to {first}?\n\n"
            "It is confirmed at the fee already notified; the price does not change."
        ).format(withdrawn=withdrawn.organization, first=first.organization),
        promote,
        act=_("&Offer the place"),
    )


# -- re-pricing ------------------------------------------------------------------------------


def open_reprice(window: MainWindowApi) -> None:
    """Re-price the workshop for the current head-count, with a reason."""
    workshop = window.workshop
    if workshop is None:
        return
    from escadesk.ui.step_dialogs import ReasonDialog

    dialog = ReasonDialog(
        _("Re-price the workshop"),
        _(
            "The fee stays as notified unless you re-price. Re-pricing sets the fee of the tier "
            "for the organizations taking part now; every confirmed organization not yet charged "
            "gets the new fee and is flagged for a new letter. Why does the price change?"
        ),
        parent=window.window(),
    )

    def reprice() -> None:
        try:
            repriced = window.services.decision.reprice(workshop.id, dialog.reason())
        except ValidationError as error:
            window.messages.warn(_("Not re-priced"), str(error))
            window.refresh()
            return
        window.refresh()
        flagged = "\n".join(f"  • {name}" for name in repriced.flagged)
        if repriced.flagged:
            text = _(
                "The fee is now {fee} per organization.\n\n"
                "These organizations must be told the new price (Letters… → "
                "Workshop confirmed):\n\n{organizations}"
            )
        else:
            text = _(
                "The fee is now {fee} per organization.\n\n"
                "Every organization taking part has already been charged; nobody needs "
                "a new letter."
            )
        window.messages.inform(
            _("Re-priced"), text.format(fee=money_text(repriced.fee), organizations=flagged)
        )

    window.messages.open(dialog, reprice)


# -- after the event -------------------------------------------------------------------------


def after_event_organizations(services: Services, workshop_id: int) -> list[str]:
    pending = set(services.decision.after_event_erasures(workshop_id))
    return [
        row.organization for row in services.registrations.list(workshop_id) if row.id in pending
    ]


def erase_after_event(window: MainWindowApi) -> None:
    """List the authorizations that will never be charged, confirm, erase them in the
    background with progress, then show the certificates."""
    workshop = window.workshop
    if workshop is None:
        return
    services = window.services
    organizations = after_event_organizations(services, workshop.id)
    if not organizations:
        return
    from escadesk.ui.workers import run_in_background

    workshop_id = workshop.id
    names = "\n".join(f"  • {name}" for name in organizations)
    bar = QProgressDialog(
        _("Erasing the card authorizations no longer needed…"), "", 0, 100, window.window()
    )
    bar.setWindowTitle(_("Erasing card authorizations"))
    bar.setCancelButton(None)  # an erasure is finished, not halted
    bar.setWindowModality(Qt.WindowModality.WindowModal)
    bar.setMinimumDuration(0)
    bar.setAutoClose(False)
    bar.setAutoReset(False)
    bar.setMinimumWidth(420)

    def progress(percent: int, message: str) -> None:
        bar.setLabelText(message)
        bar.setValue(percent)

    def close_bar() -> None:
        bar.close()  # the window's messages let it go

    def erased(report: ErasureReport) -> None:
        """Say what was destroyed, counted; anything not destroyed is shown, not hidden."""
        close_bar()
        window.set_busy(False)
        window.messages.note(report.sentence(), 15000)
        window.refresh()
        if report.failures:
            window.messages.warn(_("Not all erased"), report.sentence())
            return
        last = report.erasures[-1].id if report.erasures else None
        window.open_certificates(last)

    def failed(error: Exception) -> None:
        close_bar()
        window.set_busy(False)
        window.messages.clear_note()
        window.refresh()
        window.messages.warn(_("Not erased"), str(error))

    def erase() -> None:
        window.set_busy(True)
        bar.setValue(0)
        window.messages.show(bar)
        run_in_background(
            lambda report: services.decision.erase_after_event(workshop_id, report),
            erased,
            failed,
            progress,
        )

    window.messages.ask(
        _("Erase cards no longer needed"),
        _(
            "The workshop is over. These organizations were waitlisted or withdrew; their card "
            "authorizations will never be charged:\n\n{organizations}\n\n"
            "Destroy them now? This cannot be undone; a certificate of destruction is kept "
            "for each."
        ).format(organizations=names),
        erase,
        act=_("&Erase"),
        irreversible=True,
    )
