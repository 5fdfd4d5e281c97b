"""Withdrawing a registration from the desk; its card authorization goes with it.

The confirmation says, before anything is done, that the organization's stored card
authorization will be destroyed. The withdrawal and the erasure then run off the GUI
thread (an erasure compacts the database), and the status bar names the certificate of
destruction (Workshop > Certificates of destruction… shows it, ready to send).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from escadesk.domain.registration import RegistrationStatus
from escadesk.domain.validation import ValidationError
from escadesk.i18n import _

if TYPE_CHECKING:
    from escadesk.services.vault import ErasureView
    from escadesk.services.views import RegistrationRow
    from escadesk.ui.window_api import MainWindowApi


def withdraw_prompt(organization: str, card: str | None) -> str:
    """What the director reads before confirming: the card's destruction included."""
    text = _("Withdraw {organization}? It will no longer count toward the quorum.").format(
        organization=organization
    )
    if card:
        text += "\n\n" + _(
            "Its card authorization ({card}) will be destroyed at once: card number, "
            "expiry, cardholder, billing address, security code and scanned form. This "
            "cannot be undone; a certificate of destruction is kept."
        ).format(card=card)
    return text


def withdraw(window: MainWindowApi, row: RegistrationRow, card: str | None) -> None:
    """Ask why (saying what is destroyed), then withdraw in the background."""
    from escadesk.ui.after_decision import offer_freed_place
    from escadesk.ui.step_dialogs import ReasonDialog
    from escadesk.ui.workers import run_in_background

    services = window.services
    dialog = ReasonDialog(
        _("Withdraw registration"),
        withdraw_prompt(row.organization, card),
        parent=window.window(),
        act=_("Withdraw"),
        irreversible=True,
    )

    def start() -> None:
        reason = dialog.reason()
        window.messages.note(
            _("Withdrawing {organization}…").format(organization=row.organization), None
        )
        window.set_busy(True)
        run_in_background(
            lambda _progress: services.registrations.withdraw(row.id, reason), done, failed
        )

    def done(erasure: ErasureView | None) -> None:
        window.set_busy(False)
        window.refresh([row.id])  # a place freed is offered next, refreshing again
        window.messages.note(_withdrawn_text(row.organization, erasure), 15000)
        offer_freed_place(window, row)  # after a proceed decision: the waitlist

    def failed(error: Exception) -> None:
        window.set_busy(False)
        window.messages.clear_note()
        window.refresh()
        withdrawn = _is_withdrawn(window, row)
        title, message = _failure_text(row, error, withdrawn)
        box = window.messages.warn(title, message)
        if withdrawn:  # the withdrawal stands: its freed place is offered all the same
            box.finished.connect(lambda _result: offer_freed_place(window, row))

    window.messages.open(dialog, start)


def _withdrawn_text(organization: str, erasure: ErasureView | None) -> str:
    if erasure is None:
        return _("{organization} withdrawn.").format(organization=organization)
    return _(
        "{organization} withdrawn; its card authorization was destroyed (certificate "
        "{certificate}, {status})."
    ).format(
        organization=organization,
        certificate=erasure.certificate_number,
        status=erasure.status,
    )


def _is_withdrawn(window: MainWindowApi, row: RegistrationRow) -> bool:
    history = window.services.registrations.history(row.id)
    return bool(history) and history[-1].after is RegistrationStatus.WITHDRAWN


def _failure_text(row: RegistrationRow, error: Exception, withdrawn: bool) -> tuple[str, str]:
    """A refusal stores nothing; an erasure that stopped after the withdrawal was stored
    is finished at the next unlock (its pending record was written with the withdrawal)."""
    if isinstance(error, ValidationError) or not withdrawn:
        return _("Not withdrawn"), str(error)
    return (
        _("Card erasure not finished"),
        _(
            "{organization} is withdrawn, but destroying its card authorization stopped: "
            "{error} It is finished at the next unlock, with its certificate of destruction."
        ).format(organization=row.organization, error=error),
    )
