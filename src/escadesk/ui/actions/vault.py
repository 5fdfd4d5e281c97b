"""The card vault: reveal a card, erase one, the certificates of destruction, the audit
log's check, the passphrase and the lock."""

from __future__ import annotations

from typing import TYPE_CHECKING

from escadesk.i18n import _, format_decimal, ngettext, pgettext
from escadesk.ui.actions.area import ActionArea, Place, has_card, ready

if TYPE_CHECKING:
    from escadesk.ui.window_api import MainWindowApi


class VaultActions(ActionArea):
    def __init__(self, window: MainWindowApi) -> None:
        super().__init__(window)
        self.add(
            "reveal",
            _("Re&veal card…"),
            self.open_reveal,
            enabled=has_card,
            menu=Place("registration", 1, 2),
        )
        self.add(
            "erase_card",
            _("E&rase card authorization…"),
            self.erase_card,
            enabled=has_card,
            menu=Place("registration", 2, 1),
        )
        self.add(
            "change_passphrase",
            _("Change &passphrase…"),
            self.open_change_passphrase,
            menu=Place("file", 2, 0),
        )
        self.add(
            "lock",
            _("&Lock"),
            window.lock,
            menu=Place("file", 2, 1),
            shortcut="Ctrl+L",
            tip=_("Lock escadesk: hide all data until the passphrase is typed"),
        )
        self.add(
            "move_vault",
            _("&Move the vault to another computer…"),
            self.explain_move,
            menu=Place("file", 2, 2),
            tip=_("How the vault desk moves: two escadesk-cli steps, each in the audit log"),
        )
        self.add(
            "certificates",
            _("&Certificates of destruction…"),
            self.open_certificates,
            enabled=ready,
            menu=Place("workshop", 2, 1),
        )
        self.add(
            "audit_log",
            _("&Audit log…"),
            self.open_audit_log,
            menu=Place("workshop", 2, 2),
            tip=_("Read, filter and export who did what and when"),
        )
        self.add(
            "verify_audit",
            _("&Verify the audit log"),
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
            _("Erase card authorization"),
            _(
                "Destroy the card authorization of {organization}: card number, expiry, "
                "cardholder, billing address, security code and scanned form. This cannot be "
                "undone; a certificate of destruction is kept. Why is it erased?"
            ).format(organization=organization),
            parent=window.window(),
            act=pgettext("button", "Erase"),
            irreversible=True,
        )
        messages = window.messages

        def erase() -> None:
            reason = dialog.reason()
            messages.note(
                _("Erasing the card authorization of {organization}…").format(
                    organization=organization
                ),
                None,
            )
            window.set_busy(True)
            run_in_background(
                lambda _progress: window.services.vault.erase(registration_id, reason),
                erased,
                failed,
            )

        def erased(erasure: object) -> None:
            window.set_busy(False)
            messages.note(
                _("Card authorization of {organization} erased.").format(organization=organization)
            )
            window.refresh([registration_id])
            self.open_certificates(getattr(erasure, "id", None))

        def failed(error: Exception) -> None:
            window.set_busy(False)
            messages.clear_note()
            window.refresh()
            messages.warn(_("Not erased"), str(error))

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
            dialog, lambda: window.messages.note(_("The vault passphrase was changed."))
        )

    def explain_move(self) -> None:
        """The two command-line steps (the move itself is not done in the window: the
        data can be open in one escadesk at a time, and each step needs that one)."""
        window = self.window
        window.messages.inform(
            _("Moving the vault to another computer"),
            move_steps(window.services.vault.desk_name),
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
                intact = ngettext(
                    "All {count} entry of the audit log are intact: "
                    "none was changed, removed or reordered.",
                    "All {count} entries of the audit log are intact: "
                    "none was changed, removed or reordered.",
                    checked,
                ).format(count=format_decimal(checked))
                window.messages.inform(
                    _("Audit log intact"), f"{intact} {getattr(report, 'coverage', '')}".strip()
                )
            else:
                window.messages.alarm(
                    _("Audit log damaged"),
                    _("{problem} Entries after it cannot be trusted.").format(
                        problem=getattr(report, "problem", "")
                    ),
                )

        run_in_background(
            lambda _progress: window.services.vault.verify_audit(),
            done,
            lambda error: window.messages.warn(_("Not verified"), str(error)),
        )


def move_steps(here: str) -> str:
    """What the Move the vault command says: why one key, the two steps, the risk."""
    # Translators: the command lines (escadesk-cli vault move-out --to FILE, move-in FILE)
    # are typed as they are: keep them in English.
    return _(
        "The vault's device key exists in one place only, so that erasing a card destroys "
        "it for good: a copy of the key anywhere else would survive the erasure. Moving the "
        "vault is two steps, each recorded in the audit log; close the window on both "
        "computers first.\n\n"
        "1. On the vault desk: escadesk-cli vault move-out --to FILE\n"
        "It asks for the vault passphrase, replaces the device key by a new one written "
        "only into FILE (sealed under the passphrase) and removes every key from that "
        "computer. From then on no computer opens the cards until step 2.\n\n"
        "2. On the new computer, with the same database: escadesk-cli vault move-in FILE\n"
        "(or on the old one, to cancel the move). It checks the file and the passphrase, "
        "records that computer as the vault desk and at once replaces the device key "
        "again: the file opens nothing any more, and is removed.\n\n"
        "Keep the file safe until it is moved in: it is the key's only copy. If it is "
        "lost, the stored cards open for no one and their authorizations must be "
        "collected again.\n\n"
        "This computer: {here}."
    ).format(here=here)
