"""The pages in front of the data: set a passphrase (first run) or unlock.

No workshop data exists in the window while one of these is shown: the desk is only
built once the vault is open. Key derivation (Argon2id, about a second by design) runs in
the thread pool, so the window keeps painting while it works.

At start-up a page is shown before the data is open (``services`` None; what it shows
comes from services/first_look.py), so this module imports nothing of the database layer
or the vault's cryptography: a passphrase submitted meanwhile waits, in its field, until
``open_with`` hands the page the services, and then goes on.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from escadesk.app import KEYCHAIN_SETTING, choose_keychain
from escadesk.domain.validation import ValidationError
from escadesk.i18n import _
from escadesk.services.clock import FixedClock
from escadesk.services.passphrase_rules import MIN_PASSPHRASE, passphrase_problems
from escadesk.ui.field_labels import buddy_label
from escadesk.ui.passphrase import StrengthMeter, passphrase_field
from escadesk.ui.workers import run_in_background

if TYPE_CHECKING:
    from escadesk.services.container import Services
    from escadesk.services.vault_desk import VaultDesk


def _label(text: str = "", name: str | None = None, wrap: bool = True) -> QLabel:
    label = QLabel(text)
    if name:
        label.setObjectName(name)
    label.setWordWrap(wrap)
    return label


def _busy_bar() -> QProgressBar:
    bar = QProgressBar()
    bar.setRange(0, 0)
    bar.setTextVisible(False)
    bar.setFixedHeight(6)
    bar.hide()
    return bar


class KeychainPanel(QFrame):
    """No OS keychain here: say so plainly and offer the documented file fallback."""

    chosen = Signal()

    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("warningPanel")
        #: Set by the page once the data is open (the panel only shows after that).
        self.services: Services | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.setSpacing(8)
        layout.addWidget(_label(_("No system keychain on this computer"), "panelTitle"))
        folder = data_dir / "keys"
        layout.addWidget(
            _label(
                _(
                    "escadesk keeps half of the vault's key, the device key, in the operating "
                    "system's keychain, so that a copy of the data folder opens nothing even "
                    "with the passphrase. This computer has no working keychain (on Linux: no "
                    "Secret Service such as GNOME Keyring or KWallet is running)."
                )
            )
        )
        layout.addWidget(
            _label(
                _(
                    "You can keep the device key in a file in the data folder instead "
                    "({folder}). That is weaker: anyone with a copy of the whole data folder "
                    "then needs only the passphrase. You can also close escadesk, start a "
                    "keychain, and open escadesk again."
                ).format(folder=folder)
            )
        )
        self.choose_button = QPushButton(_("&Keep the device key in the data folder"))
        self.choose_button.clicked.connect(self.choose_file)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.choose_button)
        layout.addLayout(row)
        self.hide()

    def choose_file(self) -> None:
        services = self.services
        assert services is not None  # shown only by the keychain probe, with the data open
        services.settings.set(KEYCHAIN_SETTING, "file")
        keychain = choose_keychain(services.config, "file")
        assert keychain is not None
        services.vault.use_keychain(keychain)
        self.hide()
        self.chosen.emit()


class VaultPage(QWidget):
    """A centred card with a title, an explanation, a form and a busy bar."""

    #: The vault is open: the window may build the desk.
    unlocked = Signal()
    #: The desk was asked for without the vault (not the vault desk, or a role without
    #: the vault: services/vault_desk.py): masked cards and no vault command.
    without_vault = Signal()
    #: Emitted once, after the page was first painted (start-up sequencing).
    first_painted = Signal()
    #: The set-up page (no vault yet) or the unlock page.
    first_run = False

    def __init__(
        self,
        services: Services | None,
        title: str,
        parent: QWidget | None = None,
        *,
        data_dir: Path | None = None,
    ) -> None:
        """``services`` None: the data is still opening (``data_dir`` names its folder);
        ``open_with`` brings them."""
        super().__init__(parent)
        self._services = services
        self._retired = False
        self._busy = False
        self._painted = False
        self._probing = False
        self._after_probe: Callable[[], None] | None = None
        self._after_open: Callable[[], None] | None = None
        folder = services.config.data_dir if services is not None else data_dir
        if folder is None:
            raise ValueError("A vault page needs services or the data folder.")
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.card = QFrame()
        self.card.setObjectName("card")
        self.card.setFixedWidth(560)
        row.addWidget(self.card)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        self.body = QVBoxLayout(self.card)
        self.body.setContentsMargins(28, 24, 28, 24)
        self.body.setSpacing(10)
        self.title = _label(title, "pageTitle")
        self.body.addWidget(self.title)
        self.keychain_panel = KeychainPanel(folder)
        self.keychain_panel.services = services
        self.keychain_panel.chosen.connect(self._keychain_chosen)
        self.busy_bar = _busy_bar()
        self.busy_label = _label("", "muted")
        self.busy_label.hide()

    # -- life cycle ------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._busy

    def retire(self) -> None:
        """The window is done with this page: late worker results are ignored."""
        self._retired = True

    @property
    def opened(self) -> bool:
        """Whether the page has the open data (shown before it at start-up, it has not)."""
        return self._services is not None

    def open_with(self, services: Services) -> None:
        """The data is open behind the page: probe the keychain, and carry on with a
        passphrase submitted while it was opening."""
        self._services = services
        self.keychain_panel.services = services
        self._data_opened(services)
        self.check_keychain()
        pending, self._after_open = self._after_open, None
        if pending is not None and not self._retired:
            self._set_busy(False)
            pending()

    def _wait_for_data(self, then: Callable[[], None]) -> bool:
        """Submitting before the data is open: keep the passphrase in its field and carry
        on once ``open_with`` brings the services."""
        if self._services is not None:
            return False
        self._after_open = then
        self._set_busy(True, _("Finishing opening the data…"))
        return True

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self.first_painted.emit)

    def check_keychain(self) -> None:
        """Probing the OS keychain can be slow: do it off the GUI thread."""
        if self._services is None:
            return  # open_with probes it
        vault = self._services.vault
        self._probing = True
        run_in_background(
            lambda _progress: vault.has_keychain,
            self._keychain_checked,
            lambda _error: self._keychain_checked(None),
        )

    def _keychain_checked(self, available: object) -> None:
        self._probing = False
        if self._retired:
            return
        if available is False:
            self._after_probe = None
            self._set_busy(False)
            self.show_keychain_missing()
            return
        pending, self._after_probe = self._after_probe, None
        if pending is not None:
            self._set_busy(False)
            pending()

    def _wait_for_probe(self, then: Callable[[], None]) -> bool:
        """Submitting while the keychain is still being probed: carry on once it is known
        (two probes at once could disturb each other)."""
        if not self._probing:
            return False
        self._after_probe = then
        self._set_busy(True, _("Looking for the system keychain…"))
        return True

    def show_keychain_missing(self) -> None:
        self.keychain_panel.show()
        self._set_form_enabled(False)

    def _keychain_chosen(self) -> None:
        self._set_form_enabled(True)
        self.focus()

    # -- for subclasses --------------------------------------------------------------------

    def focus(self) -> None:
        raise NotImplementedError

    def _data_opened(self, services: Services) -> None:
        """What the page shows differently once it has the services (nothing here)."""

    def _set_form_enabled(self, enabled: bool) -> None:
        raise NotImplementedError

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self._busy = busy
        self.busy_bar.setVisible(busy)
        self.busy_label.setText(text)
        self.busy_label.setVisible(busy and bool(text))
        self._set_form_enabled(not busy and not self.keychain_panel.isVisible())


class SetUpPage(VaultPage):
    """First run: choose the passphrase that protects the card authorizations."""

    first_run = True

    def __init__(
        self,
        services: Services | None,
        parent: QWidget | None = None,
        *,
        data_dir: Path | None = None,
    ) -> None:
        super().__init__(services, _("Set a passphrase"), parent, data_dir=data_dir)
        self.body.addWidget(
            _label(
                _(
                    "escadesk keeps the signed credit-card authorizations encrypted on this "
                    "computer. This passphrase unlocks them: escadesk asks for it every time "
                    "it starts, after it has been left alone for a few minutes, and again "
                    "before it shows a full card number."
                )
            )
        )
        self.body.addWidget(
            _label(
                _(
                    "It cannot be recovered, by anyone. If it is forgotten, the stored card "
                    "authorizations cannot be opened again and the organizations must send "
                    "new forms. Write it down somewhere safe, away from this computer."
                ),
                "warningText",
            )
        )
        self.passphrase = passphrase_field(
            _("Passphrase (at least {count} characters)").format(count=MIN_PASSPHRASE)
        )
        self.meter = StrengthMeter(MIN_PASSPHRASE)
        self.passphrase_error = _label("", "fieldError")
        self.confirmation = passphrase_field(_("The same passphrase again"))
        self.confirmation_error = _label("", "fieldError")
        self.passphrase_error.hide()
        self.confirmation_error.hide()
        self.body.addSpacing(4)
        self.body.addWidget(
            buddy_label(_("&Passphrase"), self.passphrase, object_name="fieldLabel")
        )
        self.body.addWidget(self.passphrase)
        self.body.addWidget(self.meter)
        self.body.addWidget(self.passphrase_error)
        self.body.addWidget(
            buddy_label(_("&Confirm the passphrase"), self.confirmation, object_name="fieldLabel")
        )
        self.body.addWidget(self.confirmation)
        self.body.addWidget(self.confirmation_error)
        self.body.addWidget(self.keychain_panel)
        #: Where the device key would be kept is weak (a key file on a copy-on-write
        #: filesystem): said before the vault is set up, as the service words it.
        self.storage_warning = _label("", "warningText")
        self.storage_warning.hide()
        self.body.addWidget(self.storage_warning)
        self.set_button = QPushButton(_("&Set passphrase"))
        self.set_button.setObjectName("primary")
        self.set_button.setEnabled(False)
        self.set_button.clicked.connect(self.submit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.busy_label, 1)
        buttons.addStretch(0)
        buttons.addWidget(self.set_button, 0, Qt.AlignmentFlag.AlignRight)
        self.body.addSpacing(6)
        self.body.addWidget(self.busy_bar)
        self.body.addLayout(buttons)
        self.passphrase.textChanged.connect(self._changed)
        self.confirmation.textChanged.connect(self._changed)
        self.passphrase.returnPressed.connect(self.confirmation.setFocus)
        self.confirmation.returnPressed.connect(self.submit)

    def focus(self) -> None:
        self.passphrase.setFocus()

    def _set_form_enabled(self, enabled: bool) -> None:
        self.passphrase.setEnabled(enabled)
        self.confirmation.setEnabled(enabled)
        self._changed()
        if not enabled:
            self.set_button.setEnabled(False)

    def _changed(self) -> None:
        text, again = self.passphrase.text(), self.confirmation.text()
        self.meter.show_strength(text)
        problems = passphrase_problems(text, again)
        mismatch = [p.message for p in problems if p.field == "confirmation"]
        # Only say the two differ once the second one is as long as the first.
        self.confirmation_error.setText(mismatch[0] if mismatch else "")
        self.confirmation_error.setVisible(bool(mismatch) and len(again) >= len(text))
        self.passphrase_error.hide()
        self.set_button.setEnabled(not problems and self.passphrase.isEnabled() and not self._busy)

    def submit(self) -> None:
        text, again = self.passphrase.text(), self.confirmation.text()
        if self._busy or passphrase_problems(text, again):
            return
        if self._wait_for_data(self.submit) or self._wait_for_probe(self.submit):
            return
        self._set_busy(True, _("Setting up the vault: tuning the encryption to this computer…"))
        assert self._services is not None
        vault = self._services.vault
        run_in_background(lambda _progress: vault.set_up(text, again), self._done, self._failed)

    def _done(self, _result: object) -> None:
        if self._retired:
            return
        self.passphrase.clear()
        self.confirmation.clear()
        self._set_busy(False)
        self.unlocked.emit()

    def _failed(self, error: Exception) -> None:
        from escadesk.services.vault import KeychainMissingError

        if self._retired:
            return
        self._set_busy(False)
        if isinstance(error, KeychainMissingError):
            self.show_keychain_missing()
            return
        messages = (
            [(p.field, p.message) for p in error.problems]
            if isinstance(error, ValidationError)
            else [("passphrase", str(error) or _("The vault could not be set up."))]
        )
        for field, message in messages:
            label = self.confirmation_error if field == "confirmation" else self.passphrase_error
            label.setText(message)
            label.show()

    def show_storage_warnings(self) -> None:
        assert self._services is not None  # after the keychain probe, with the data open
        warnings = self._services.vault.storage_warnings()
        self.storage_warning.setText("\n\n".join(warnings))
        self.storage_warning.setVisible(bool(warnings))

    def _keychain_checked(self, available: object) -> None:
        super()._keychain_checked(available)
        if available is True and not self._retired:
            self.show_storage_warnings()

    def _keychain_chosen(self) -> None:
        self.show_storage_warnings()
        super()._keychain_chosen()
        # The director already typed both: carry on with what was asked.
        if not passphrase_problems(self.passphrase.text(), self.confirmation.text()):
            self.submit()


class UnlockPage(VaultPage):
    """Every start and after every lock: the passphrase, then the data."""

    def __init__(
        self,
        services: Services | None,
        parent: QWidget | None = None,
        *,
        data_dir: Path | None = None,
        demo: bool = False,
    ) -> None:
        """``demo``: before the data is open, whether it is the demo's (see ``open_with``)."""
        super().__init__(services, _("escadesk is locked"), parent, data_dir=data_dir)
        self._failures = 0
        self._retry_at = 0.0
        self.body.addWidget(
            _label(
                _(
                    "The workshop data and the card authorizations are locked. Type the vault "
                    "passphrase to open them."
                ),
                "muted",
            )
        )
        self.passphrase = passphrase_field(_("Passphrase"))
        self.unlock_button = QPushButton(_("&Unlock"))
        self.unlock_button.setObjectName("primary")
        self.unlock_button.clicked.connect(self.submit)
        self.passphrase.returnPressed.connect(self.submit)
        entry = QHBoxLayout()
        entry.addWidget(self.passphrase, 1)
        entry.addWidget(self.unlock_button)
        self.message = _label("", "fieldError")
        self.message.hide()
        self.countdown = _label("", "countdown", wrap=False)
        self.countdown.hide()
        self.body.addSpacing(4)
        self.body.addWidget(
            buddy_label(_("&Passphrase"), self.passphrase, object_name="fieldLabel")
        )
        self.body.addLayout(entry)
        self.body.addWidget(self.busy_bar)
        self.body.addWidget(self.busy_label)
        self.body.addWidget(self.message)
        self.body.addWidget(self.countdown)
        self.demo_hint = _label("", "banner")
        self.demo_hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.demo_hint.hide()
        self.body.addWidget(self.demo_hint)
        self._show_demo_hint(demo if services is None else isinstance(services.clock, FixedClock))
        self.body.addWidget(self.keychain_panel)
        # Another computer is the vault desk (or the role has no vault): say which, and
        # offer the desk with masked cards. Shown once the vault's desk is known.
        self.desk_note = _label("", "banner")
        self.desk_note.hide()
        self.open_without_button = QPushButton(_("&Open without the vault"))
        self.open_without_button.clicked.connect(self.without_vault.emit)
        self.open_without_button.hide()
        #: Where the vault opens, once asked (services/vault_desk.py).
        self.desk: VaultDesk | None = None
        self.body.addWidget(self.desk_note)
        self.body.addWidget(self.open_without_button, 0, Qt.AlignmentFlag.AlignRight)
        self._tick = QTimer(self)
        self._tick.setInterval(200)
        self._tick.timeout.connect(self._count_down)

    def focus(self) -> None:
        self.passphrase.setFocus()

    def _show_demo_hint(self, demo: bool) -> None:
        if demo:
            # The demo's passphrase, public: the module holding it is light.
            from escadesk.services.demo_passphrase import DEMO_PASSPHRASE

            self.demo_hint.setText(
                _("Demo data: the passphrase is “{passphrase}”.").format(passphrase=DEMO_PASSPHRASE)
            )
        self.demo_hint.setVisible(demo)

    def _data_opened(self, services: Services) -> None:
        self._show_demo_hint(isinstance(services.clock, FixedClock))

    @property
    def waiting(self) -> bool:
        """Whether a delay after wrong passphrases is running."""
        return self._tick.isActive()

    def _set_form_enabled(self, enabled: bool) -> None:
        enabled = enabled and not self.waiting
        self.passphrase.setEnabled(enabled)
        self.unlock_button.setEnabled(enabled)

    def submit(self) -> None:
        text = self.passphrase.text()
        if self._busy or self.waiting or not text or self.keychain_panel.isVisible():
            return
        if self._wait_for_data(self.submit) or self._wait_for_probe(self.submit):
            return
        self.message.hide()
        self._set_busy(True, _("Checking the passphrase…"))
        assert self._services is not None
        vault = self._services.vault
        run_in_background(lambda _progress: vault.unlock(text), self._done, self._failed)

    def _done(self, _result: object) -> None:
        if self._retired:
            return
        self.passphrase.clear()
        self._failures = 0
        self._set_busy(False)
        self.unlocked.emit()

    def _failed(self, error: Exception) -> None:
        from escadesk.services.passphrase_delay import MAX_DELAY_SECONDS
        from escadesk.services.vault import (
            KeychainMissingError,
            TooSoonError,
            WrongPassphraseError,
        )

        if self._retired:
            return
        self._set_busy(False)
        self.passphrase.clear()
        if isinstance(error, KeychainMissingError):
            self.show_keychain_missing()
            return
        if isinstance(error, TooSoonError):
            self._show_message(_("Too many wrong passphrases in a row."))
            self._wait(error.seconds)
        elif isinstance(error, WrongPassphraseError):
            # The vault makes each further try wait longer (1, 2, 4 … s); show it at once
            # instead of letting the next try bounce.
            self._failures += 1
            self._show_message(_("That passphrase is not right."))
            self._wait(min(2 ** (self._failures - 1), MAX_DELAY_SECONDS))
        else:
            self._show_message(str(error) or _("The vault could not be opened."))
        self.focus()

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def _wait(self, seconds: float) -> None:
        self._retry_at = time.monotonic() + seconds
        self._tick.start()
        self._set_form_enabled(False)
        self._count_down()

    def _count_down(self) -> None:
        left = self._retry_at - time.monotonic()
        if left <= 0:
            self._tick.stop()
            self.countdown.hide()
            self._set_form_enabled(not self._busy and not self.keychain_panel.isVisible())
            self.focus()
            return
        self.countdown.setText(_("Try again in {seconds} s").format(seconds=math.ceil(left)))
        self.countdown.show()

    def _keychain_chosen(self) -> None:
        super()._keychain_chosen()
        self.message.hide()

    def _keychain_checked(self, available: object) -> None:
        """Once the keychain is known: ask (off the GUI thread) whether the vault opens
        here at all."""
        super()._keychain_checked(available)
        if self._retired or self._services is None:
            return
        vault = self._services.vault
        run_in_background(lambda _progress: vault.desk(), self._desk_known, lambda _e: None)

    def _desk_known(self, desk: object) -> None:
        """Not the vault desk: name it and offer the desk without the vault; a role
        without the vault has no passphrase to type, so only that is left on the page."""
        from escadesk.services.vault_desk import VaultDesk

        if self._retired or not isinstance(desk, VaultDesk):
            return
        self.desk = desk
        if desk.here:
            return
        self.desk_note.setText(desk.message)
        self.desk_note.show()
        self.open_without_button.show()
        if not desk.role_may:
            for widget in (self.passphrase, self.unlock_button, self.keychain_panel):
                widget.hide()
            self.passphrase.setEnabled(False)
        if not self.passphrase.isEnabled() or not desk.role_may:
            self.open_without_button.setFocus()
