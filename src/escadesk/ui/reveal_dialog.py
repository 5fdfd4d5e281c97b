"""Reveal one card: the passphrase again, then the full card for a short time.

The vault checks the passphrase and writes the audit entry (in a worker: Argon2 takes
about a second). The card is shown for ``show_seconds`` with a visible countdown, then
the dialog closes itself and empties its labels. "Copy number" is offered here only; the
clipboard is marked concealed and cleared after ``clipboard_seconds`` if it still holds
the number.
"""

from __future__ import annotations

import math
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from escadesk.domain.cards import detect_brand, grouped_digits
from escadesk.domain.moments import long_date
from escadesk.i18n import _, ngettext
from escadesk.services.vault import RevealedCard, WrongPassphraseError
from escadesk.ui.clipboard import ClipboardGuard
from escadesk.ui.dialog_buttons import act_cancel_buttons, add_action, close_buttons
from escadesk.ui.field_labels import buddy_label
from escadesk.ui.passphrase import passphrase_field
from escadesk.ui.scan_preview import ScanPreview
from escadesk.ui.sizing import grow_to_fit
from escadesk.ui.workers import run_in_background

if TYPE_CHECKING:
    from escadesk.services.container import Services

SHOW_SECONDS = 30
CLIPBOARD_SECONDS = 15


def grouped(digits: str) -> str:
    """Digits in the groups printed on the card (the rule of the card dialog too)."""
    return grouped_digits(digits)


def _value(selectable: bool = False) -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(
        Qt.TextInteractionFlag.TextSelectableByMouse
        if selectable
        else Qt.TextInteractionFlag.NoTextInteraction
    )
    return label


class RevealDialog(QDialog):
    def __init__(
        self,
        services: Services,
        registration_id: int,
        organization: str,
        masked: str,
        clipboard: ClipboardGuard,
        show_seconds: float = SHOW_SECONDS,
        clipboard_seconds: float = CLIPBOARD_SECONDS,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._registration_id = registration_id
        self._clipboard = clipboard
        self._show_seconds = show_seconds
        self._clipboard_seconds = clipboard_seconds
        self._card: RevealedCard | None = None
        self._retired = False
        self._busy = False
        self._closes_at = 0.0
        self.setWindowTitle(_("Reveal card — {organization}").format(organization=organization))
        self.setMinimumWidth(560)
        self.ask_page = self._build_ask(organization, masked)
        self.card_page = self._build_card()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 14)
        layout.addWidget(self.ask_page)
        layout.addWidget(self.card_page)
        self._show_page(self.ask_page)
        self._tick = QTimer(self)
        self._tick.setInterval(250)
        self._tick.timeout.connect(self._count_down)
        self.passphrase.setFocus()

    # -- step 1: the passphrase ------------------------------------------------------------

    def _build_ask(self, organization: str, masked: str) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        title = QLabel(masked)
        title.setObjectName("headline")
        layout.addWidget(title)
        words = round(self._show_seconds)
        explanation = QLabel(
            ngettext(
                "Type your passphrase again to see the full card of {organization}. It is shown "
                "for {seconds} second, and every reveal is written to the audit log.",
                "Type your passphrase again to see the full card of {organization}. It is shown "
                "for {seconds} seconds, and every reveal is written to the audit log.",
                words,
            ).format(organization=organization, seconds=words)
        )
        explanation.setWordWrap(True)
        layout.addWidget(explanation)
        self.passphrase = passphrase_field(_("Passphrase"))
        self.passphrase.returnPressed.connect(self.submit)
        layout.addWidget(buddy_label(_("&Passphrase:"), self.passphrase, _("Passphrase")))
        layout.addWidget(self.passphrase)
        self.message = QLabel()
        self.message.setObjectName("fieldError")
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setFixedHeight(6)
        self.busy_bar.hide()
        layout.addWidget(self.busy_bar)
        layout.addSpacing(6)
        buttons, self.show_button = act_cancel_buttons(self, _("&Show card"), self.submit)
        self.show_button.setObjectName("primary")
        self.cancel_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setAutoDefault(False)
        layout.addWidget(buttons)
        return page

    def submit(self) -> None:
        text = self.passphrase.text()
        if self._busy or not text or self._retired:
            return
        self._busy = True
        self.message.hide()
        self.busy_bar.show()
        self.passphrase.setEnabled(False)
        self.show_button.setEnabled(False)
        vault, registration_id = self._services.vault, self._registration_id
        run_in_background(
            lambda _progress: vault.reveal(registration_id, text), self._revealed, self._refused
        )

    def _refused(self, error: Exception) -> None:
        if self._retired:
            return
        self._busy = False
        self.busy_bar.hide()
        self.passphrase.clear()
        self.passphrase.setEnabled(True)
        self.show_button.setEnabled(True)
        self.passphrase.setFocus()
        if isinstance(error, WrongPassphraseError):
            self.message.setText(_("That passphrase is not right; nothing was shown."))
        else:
            self.message.setText(str(error) or _("The card could not be opened."))
        self.message.show()

    # -- step 2: the card ------------------------------------------------------------------

    def _build_card(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        self.number = _value()
        self.number.setObjectName("revealedNumber")
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(max(font.pointSizeF(), 10) + 7)
        font.setWeight(QFont.Weight.DemiBold)
        self.number.setFont(font)
        self.number.setAccessibleName(_("Card number"))
        layout.addWidget(self.number)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(6)
        self.brand = _value()
        self.expiry = _value()
        self.cardholder = _value(selectable=True)
        self.billing_address = _value(selectable=True)
        self.signed_on = _value()
        self.code = _value()
        for title, label in (
            (_("Brand"), self.brand),
            (_("Expiry"), self.expiry),
            (_("Cardholder"), self.cardholder),
            (_("Billing address"), self.billing_address),
            (_("Signed on"), self.signed_on),
            (_("Security code"), self.code),
        ):
            form.addRow(title, label)
        layout.addLayout(form)
        self.preview = ScanPreview(QSize(460, 300))
        layout.addWidget(self.preview, 1)
        self.countdown_bar = QProgressBar()
        self.countdown_bar.setTextVisible(False)
        self.countdown_bar.setFixedHeight(6)
        self.countdown = QLabel()
        self.countdown.setObjectName("countdown")
        self.copied = QLabel()
        self.copied.setObjectName("muted")
        self.copied.setWordWrap(True)
        self.copied.hide()
        layout.addWidget(self.countdown_bar)
        row = QHBoxLayout()
        row.addWidget(self.countdown, 1)
        buttons, self.close_button = close_buttons(self)
        self.close_button.setObjectName("primary")
        self.close_button.setDefault(True)
        self.copy_button = add_action(buttons, _("&Copy number"), self.copy_number)
        self.copy_button.setToolTip(
            _("Copies the digits; the clipboard is cleared after {seconds} s").format(
                seconds=round(self._clipboard_seconds)
            )
        )
        row.addWidget(buttons)
        layout.addWidget(self.copied)
        layout.addLayout(row)
        return page

    def _revealed(self, card: object) -> None:
        if self._retired or not isinstance(card, RevealedCard):
            return  # closed (or locked) meanwhile: drop it
        self._busy = False
        self._card = card
        self.passphrase.clear()
        self.number.setText(grouped(card.card_number))
        self.brand.setText(detect_brand(card.card_number).label)
        self.expiry.setText(card.expiry)
        self.cardholder.setText(card.cardholder)
        self.billing_address.setText(card.billing_address)
        self.signed_on.setText(long_date(card.signed_on) if card.signed_on else "—")
        self.code.setText(card.code if card.code else _("erased (only kept until the charge)"))
        if card.scan:
            self.preview.show_scan(card.scan, card.scan_media_type)
        else:
            self.preview.caption.setText(_("No scan was attached to this authorization."))
        self._show_page(self.card_page)
        self.close_button.setFocus()
        self._closes_at = time.monotonic() + self._show_seconds
        self.countdown_bar.setRange(0, max(1, round(self._show_seconds * 1000)))
        self._tick.start()
        self._count_down()

    def _show_page(self, page: QWidget) -> None:
        """One step at a time, the dialog sized for it."""
        self.ask_page.setVisible(page is self.ask_page)
        self.card_page.setVisible(page is self.card_page)
        grow_to_fit(self, shrink=True)

    @property
    def showing(self) -> bool:
        return self._card is not None

    def seconds_left(self) -> float:
        return max(0.0, self._closes_at - time.monotonic())

    def _count_down(self) -> None:
        left = self.seconds_left()
        if left <= 0:
            self.done(QDialog.DialogCode.Rejected)
            return
        self.countdown.setText(_("Closes in {seconds} s").format(seconds=math.ceil(left)))
        self.countdown_bar.setValue(round(left * 1000))

    def copy_number(self) -> None:
        if self._card is None:
            return
        self._clipboard.copy(self._card.card_number, self._clipboard_seconds)
        self.copied.setText(
            _("Number copied. The clipboard will be cleared in {seconds} s.").format(
                seconds=round(self._clipboard_seconds)
            )
        )
        self.copied.show()

    # -- closing ---------------------------------------------------------------------------

    def done(self, result: int) -> None:
        """However it closes (button, countdown, lock): forget the card and empty the view."""
        self._retired = True
        self._tick.stop()
        self._card = None
        self.passphrase.clear()
        for label in (
            self.number,
            self.brand,
            self.expiry,
            self.cardholder,
            self.billing_address,
            self.signed_on,
            self.code,
        ):
            label.clear()
        self.preview.clear()
        super().done(result)
