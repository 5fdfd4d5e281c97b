"""The card vault: reveal a card, erase one, the certificates of destruction, the audit
log's check, the passphrase and the lock."""

from __future__ import annotations

from typing import TYPE_CHECKING

from escadesk.domain.wording import counted
from escadesk.ui.actions.area import ActionArea, Place, has_card, ready

if TYPE_CHECKING:
    from escadesk.ui.window_api import MainWindowApi


class VaultActions(ActionArea):
    def __init__(self, window: MainWindowApi) -> None:
        super().__init__(window)
        self.add(
            "reveal",
            "Re&veal card…",
            self.open_reveal,
            enabled=has_card,
            menu=Place("registration", 1, 2),
        )
        self.add(
            "erase_card",
            "E&rase card authorization…",
            self.erase_card,
            enabled=has_card,
            menu=Place("registration", 2, 1),
        )
        self.add(
            "change_passphrase",
            "Change &passphrase…",
            self.open_change_passphrase,
            menu=Place("file", 2, 0),
        )
        self.add(
            "lock",
            "&Lock",
            window.lock,
            menu=Place("file", 2, 1),
            shortcut="Ctrl+L",
            tip="Lock escadesk: hide all data until the passphrase is typed",
        )
        self.add(
            "certificates",
            "&Certificates of destruction…",
            self.open_certificates,
            enabled=ready,
            menu=Place("workshop", 2, 1),
        )
        self.add(
            "audit_log",
            "&Audit log…",
            self.open_audit_log,
            menu=Place("workshop", 2, 2),
            tip="Read, filter and export who did what and when",
        )
        self.add(
            "verify_audit",
            "&Verify the audit log",
            self.verify_audit,
            menu=Place("workshop", 2, 3),
        )

    def open_reveal(self) -> None:
        """Show the selected registration's full card, after the passphrase again."""
        window = self.window
        row, card, clipboard = (
            window.selected_registration(),
            window.state.card,
            window.clipboard_guard,
        )
        if row is None or card is None or clipboard is None:
            return
        from escadesk.ui.actions.capabilities import permitted, window_capabilities

        if not permitted("reveal", window_capabilities(window)):  # the desk asks too
            return
        from escadesk.ui.reveal_dialog import CLIPBOARD_SECONDS, SHOW_SECONDS, RevealDialog

        dialog = RevealDialog(
            window.services,
            row.id,
            row.organization,
            str(card),
            clipboard,
            show_seconds=window.reveal_seconds or SHOW_SECONDS,
            clipboard_seconds=window.clipboard_seconds or CLIPBOARD_SECONDS,
            parent=window.window(),
        )
        window.messages.open(dialog)

    def erase_card(self) -> None:
        """Crypto-erase the selected card authorization (off the GUI thread: it compacts
        the database), then show its certificate of destruction."""
        window = self.window
        row = window.selected_registration()
        if row is None or window.state.card is None:
            return
        from escadesk.ui.step_dialogs import ReasonDialog
        from escadesk.ui.workers import run_in_background

        registration_id, organization = row.id, row.organization
        dialog = ReasonDialog(
            "Erase card authorization",
            f"Destroy the card authorization of {organization}: card number, expiry, "
            "cardholder, billing address, security code and scanned form. This cannot be "
            "undone; a certificate of destruction is kept. Why is it erased?",
            parent=window.window(),
            act="Erase",
            irreversible=True,
        )
        messages = window.messages

        def erase() -> None:
            reason = dialog.reason()
            messages.note(f"Erasing the card authorization of {organization}…", None)
            window.set_busy(True)
            run_in_background(
                lambda _progress: window.services.vault.erase(registration_id, reason),
                erased,
                failed,
            )

        def erased(erasure: object) -> None:
            window.set_busy(False)
            messages.note(f"Card authorization of {organization} erased.")
            window.refresh([registration_id])
            self.open_certificates(getattr(erasure, "id", None))

        def failed(error: Exception) -> None:
            window.set_busy(False)
            messages.clear_note()
            window.refresh()
            messages.warn("Not erased", str(error))

        messages.open(dialog, erase)

    def open_certificates(self, select_erasure: int | None = None) -> None:
        window = self.window
        if window.workshop is None:
            return
        from escadesk.ui.certificates import CertificatesDialog

        dialog = CertificatesDialog(
            window.services,
            window.workshop.id,
            window.workshop.calendar.zone,
            select_erasure,
            window.window(),
        )
        window.messages.open(dialog)

    def open_change_passphrase(self) -> None:
        from escadesk.ui.passphrase_dialog import ChangePassphraseDialog

        window = self.window
        dialog = ChangePassphraseDialog(window.services, parent=window.window())
        window.messages.open(
            dialog, lambda: window.messages.note("The vault passphrase was changed.")
        )

    def open_audit_log(self) -> None:
        from escadesk.ui.audit_dialog import open_audit_log

        open_audit_log(self.window)

    def verify_audit(self) -> None:
        from escadesk.ui.workers import run_in_background

        window = self.window

        def done(report: object) -> None:
            checked = getattr(report, "checked", 0)
            if getattr(report, "intact", False):
                window.messages.inform(
                    "Audit log intact",
                    f"All {counted(checked, 'entry', 'entries')} of the audit log are intact: "
                    "none was changed, removed or reordered. "
                    f"{getattr(report, 'coverage', '')}".strip(),
                )
            else:
                window.messages.alarm(
                    "Audit log damaged",
                    f"{getattr(report, 'problem', '')} Entries after it cannot be trusted.",
                )

        run_in_background(
            lambda _progress: window.services.vault.verify_audit(),
            done,
            lambda error: window.messages.warn("Not verified", str(error)),
        )
