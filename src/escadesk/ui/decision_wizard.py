"""Decision day as a wizard: registrations, the outcome as a dry run, then confirm.

Before the deadline the same screens are a read-only preview. Confirming re-asks the
vault passphrase and runs off the GUI thread (key derivation); the erasure of the card
authorizations the decision makes useless follows with a progress bar (the dry run lists
each one, and the last page says how many were actually destroyed). Once the decision is
taken the wizard only shows it (and finishes an erasure that was cut off).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from escadesk.domain.decision import DecisionPlan, Outcome
from escadesk.domain.fees import EXCHANGE_DISCLAIMER
from escadesk.domain.lifecycle import StepKey
from escadesk.domain.money import money_text, percent_text, tax_name_text
from escadesk.domain.registration import IN_PROGRESS, RegistrationStatus
from escadesk.domain.validation import ValidationError
from escadesk.i18n import N_, _, ngettext
from escadesk.services.vault import VaultError
from escadesk.ui.dialog_buttons import add_action, close_buttons
from escadesk.ui.field_labels import buddy_label
from escadesk.ui.formatting import local_time
from escadesk.ui.next_steps import NextStepButtons, letters_in_use
from escadesk.ui.registrations_model import status_words
from escadesk.ui.sizing import fit_to_screen
from escadesk.ui.style import ACCENT, BAD, BORDER, GOOD, MUTED

if TYPE_CHECKING:
    from escadesk.services.container import Services
    from escadesk.services.decision import CardToDestroy, ErasureReport
    from escadesk.services.views import RegistrationRow, WorkshopView

STEPS = (N_("Registrations"), N_("Outcome (preview)"), N_("Confirm"))


def _label(text: str = "", name: str | None = None, wrap: bool = True) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if name:
        label.setObjectName(name)
    return label


def _clear(layout: QVBoxLayout | QGridLayout | QFormLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.setParent(None)
            widget.deleteLater()


class _Section(QFrame):
    """A white card: a title, then rows of text (and buttons)."""

    def __init__(self, title: str = "") -> None:
        super().__init__()
        self.setObjectName("card")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 12, 16, 14)
        outer.setSpacing(8)
        self.title = _label(title, "cardTitle")
        outer.addWidget(self.title)
        self.rows = QVBoxLayout()
        self.rows.setSpacing(6)
        outer.addLayout(self.rows)

    def set_title(self, title: str) -> None:
        self.title.setText(title)

    def clear(self) -> None:
        _clear(self.rows)

    def add_text(self, text: str, name: str | None = None) -> QLabel:
        label = _label(text, name)
        self.rows.addWidget(label)
        return label

    def add_row(self, text: str, detail: str = "", button: QPushButton | None = None) -> None:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        main = _label(text, "fieldLabel")
        layout.addWidget(main, 2)
        extra = _label(detail, "muted")
        layout.addWidget(extra, 3)
        if button is not None:
            layout.addWidget(button, 0)
        self.rows.addWidget(row)

    def add_empty(self, text: str = "") -> None:
        text = text or _("None.")
        self.add_text(text, "muted")


def _scrolling(content: QWidget) -> QScrollArea:
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidget(content)
    # Tab stops on the page (the arrows then scroll a long one): a reader names it.
    title = content.findChild(QLabel, "pageTitle")
    if title is not None:
        scroll.setAccessibleName(title.text())
    content.setObjectName("wizardPage")
    content.setStyleSheet("QWidget#wizardPage { background: transparent; }")
    scroll.viewport().setAutoFillBackground(False)
    return scroll


def _missing(row: RegistrationRow) -> str:
    form, authorization = row.form_received_at is None, row.authorization_received_at is None
    if form and authorization:
        return _("Missing: registration form and signed card authorization")
    if form:
        return _("Missing: registration form")
    if authorization:
        return _("Missing: signed card authorization")
    return status_words()[row.status]


def _proceeds_consequence(plan: DecisionPlan) -> str:
    """What confirming does when the workshop proceeds: one whole sentence for each case
    (waitlisted or not, cancelled or not). Two counts, two plural choices: the sentence is
    chosen by the number confirmed (at least 1, so "1" is the singular in English and
    French alike) and ngettext agrees with the cancelled."""
    one = plan.participants == 1
    waitlisted, cancelled = len(plan.waitlisted), len(plan.cancelled)
    if waitlisted and cancelled:
        # Translators: what confirming the decision does; the plural agrees with {cancelled}.
        text = (
            ngettext(
                "{count} organization is confirmed at {price}, {waitlisted} waitlisted, "
                "{cancelled} cancelled. The price is fixed for each confirmed organization.",
                "{count} organization is confirmed at {price}, {waitlisted} waitlisted, "
                "{cancelled} cancelled. The price is fixed for each confirmed organization.",
                cancelled,
            )
            if one
            else ngettext(
                "{count} organizations are confirmed at {price} each, {waitlisted} waitlisted, "
                "{cancelled} cancelled. The price is fixed for each confirmed organization.",
                "{count} organizations are confirmed at {price} each, {waitlisted} waitlisted, "
                "{cancelled} cancelled. The price is fixed for each confirmed organization.",
                cancelled,
            )
        )
    elif cancelled:
        # Translators: what confirming the decision does; the plural agrees with {cancelled}.
        text = (
            ngettext(
                "{count} organization is confirmed at {price}, {cancelled} cancelled. "
                "The price is fixed for each confirmed organization.",
                "{count} organization is confirmed at {price}, {cancelled} cancelled. "
                "The price is fixed for each confirmed organization.",
                cancelled,
            )
            if one
            else ngettext(
                "{count} organizations are confirmed at {price} each, {cancelled} cancelled. "
                "The price is fixed for each confirmed organization.",
                "{count} organizations are confirmed at {price} each, {cancelled} cancelled. "
                "The price is fixed for each confirmed organization.",
                cancelled,
            )
        )
    elif waitlisted:
        # Translators: what confirming the decision does.
        text = ngettext(
            "{count} organization is confirmed at {price}, {waitlisted} waitlisted. "
            "The price is fixed for each confirmed organization.",
            "{count} organizations are confirmed at {price} each, {waitlisted} waitlisted. "
            "The price is fixed for each confirmed organization.",
            plan.participants,
        )
    else:
        # Translators: what confirming the decision does.
        text = ngettext(
            "{count} organization is confirmed at {price}. "
            "The price is fixed for each confirmed organization.",
            "{count} organizations are confirmed at {price} each. "
            "The price is fixed for each confirmed organization.",
            plan.participants,
        )
    return text.format(
        count=plan.participants,
        price=plan.price_text(),
        waitlisted=len(plan.waitlisted),
        cancelled=len(plan.cancelled),
    )


class DecisionWizard(QDialog):
    """Registrations -> outcome (dry run) -> confirm; or the decision already taken."""

    #: Something was stored (late completion accepted, decision taken, erasure done).
    changed = Signal()
    #: The director wants the certificates of destruction (the wizard has closed).
    certificates_requested = Signal()
    #: A next-step button was pressed (the wizard has closed): the step's key, as the
    #: desk's dashboard emits it (domain.lifecycle.StepKey's value).
    next_step_requested = Signal(str)

    def __init__(
        self, services: Services, workshop: WorkshopView, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._workshop = workshop
        self._zone = workshop.calendar.zone
        self._busy = False
        self.plan: DecisionPlan | None = None
        #: The dry run's card authorizations to destroy (each one, masked).
        self.cards: list[CardToDestroy] = []
        self.reason_dialog: QDialog | None = None
        self.setWindowTitle(_("Decision — {workshop}").format(workshop=workshop.title))
        self.setMinimumSize(760, 620)
        fit_to_screen(self, 880, 740)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(12)
        self.steps = QLabel()
        self.steps.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.steps)
        self.steps_line = QFrame()
        self.steps_line.setFrameShape(QFrame.Shape.HLine)
        self.steps_line.setStyleSheet(f"color: {BORDER};")
        layout.addWidget(self.steps_line)

        self.pages = QStackedWidget()
        layout.addWidget(self.pages, 1)
        self._build_registrations_page()
        self._build_outcome_page()
        self._build_confirm_page()
        self._build_done_page()
        self._build_taken_page()

        # Cancel while nothing is decided, Close once the decision is taken.
        buttons, self.close_button = close_buttons(self)
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setAutoDefault(False)
        self.back_button = add_action(
            buttons, _("< &Back"), lambda: self._go(self.pages.currentIndex() - 1)
        )
        self.next_button = add_action(
            buttons, _("&Next >"), lambda: self._go(self.pages.currentIndex() + 1)
        )
        self.next_button.setObjectName("primary")
        layout.addWidget(buttons)

        record = services.decision.taken(workshop.id)
        if record is None:
            self.reload()
            self._go(0)
        else:
            self._show_taken()

    # -- pages -----------------------------------------------------------------------------

    def _page(self, title: str, subtitle: str = "") -> tuple[QWidget, QVBoxLayout]:
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 8, 0)
        layout.setSpacing(12)
        layout.addWidget(_label(title, "pageTitle"))
        if subtitle:
            layout.addWidget(_label(subtitle, "muted"))
        return content, layout

    def _build_registrations_page(self) -> None:
        content, layout = self._page(
            _("Registrations"),
            _(
                "Only registrations completed by the deadline count toward the quorum; a late "
                "completion counts once you accept it."
            ),
        )
        self.preview_banner = _label("", "banner")
        layout.addWidget(self.preview_banner)
        self.counted_section = _Section()
        self.late_section = _Section()
        self.incomplete_section = _Section()
        for section in (self.counted_section, self.late_section, self.incomplete_section):
            layout.addWidget(section)
        layout.addStretch(1)
        self.pages.addWidget(_scrolling(content))

    def _build_outcome_page(self) -> None:
        content, layout = self._page(_("Outcome (preview)"))
        self.dry_run_note = _label(
            _("Nothing has changed yet. This is what confirming the decision will do."), "banner"
        )
        layout.addWidget(self.dry_run_note)
        self.outcome_headline = _label("")
        self.outcome_headline.setObjectName("outcomeHeadline")
        layout.addWidget(self.outcome_headline)
        self.outcome_summary = _label("", "muted")
        layout.addWidget(self.outcome_summary)
        self.outcome_sections = QVBoxLayout()
        self.outcome_sections.setSpacing(12)
        layout.addLayout(self.outcome_sections)
        layout.addStretch(1)
        self.pages.addWidget(_scrolling(content))

    def _build_confirm_page(self) -> None:
        content, layout = self._page(_("Confirm the decision"))
        self.confirm_banner = _label("", "banner")
        layout.addWidget(self.confirm_banner)
        self.confirm_headline = _label("", "headline")
        layout.addWidget(self.confirm_headline)
        self.confirm_consequence = _label("")
        layout.addWidget(self.confirm_consequence)
        card = _Section(_("Confirm with your passphrase"))
        card.add_text(_("Type the vault passphrase to take the decision. It is taken once."))
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setPlaceholderText(_("Vault passphrase"))
        self.passphrase.setMinimumWidth(360)
        self.passphrase.textChanged.connect(self._update_confirm_button)
        self.passphrase.returnPressed.connect(self.confirm)
        self.confirm_error = _label("", "fieldError")
        self.confirm_error.hide()
        self.confirm_button = QPushButton(_("&Confirm decision"))
        self.confirm_button.setObjectName("primary")
        self.confirm_button.setAutoDefault(False)
        self.confirm_button.clicked.connect(self.confirm)
        row = QHBoxLayout()
        row.addWidget(buddy_label(_("&Passphrase:"), self.passphrase, _("Vault passphrase")))
        row.addWidget(self.passphrase, 1)
        row.addWidget(self.confirm_button)
        card.rows.addLayout(row)
        card.rows.addWidget(self.confirm_error)
        self.confirm_busy = QProgressBar()
        self.confirm_busy.setRange(0, 0)
        self.confirm_busy.setTextVisible(False)
        self.confirm_busy.setMaximumHeight(8)
        self.confirm_busy.hide()
        card.rows.addWidget(self.confirm_busy)
        layout.addWidget(card)
        layout.addStretch(1)
        self.pages.addWidget(_scrolling(content))

    def _build_done_page(self) -> None:
        content, layout = self._page(_("Decision taken"))
        self.done_headline = _label("")
        self.done_headline.setObjectName("outcomeHeadline")
        layout.addWidget(self.done_headline)
        self.done_summary = _label("")
        layout.addWidget(self.done_summary)
        card = _Section()
        card.set_title(_("Card authorizations the decision destroys"))
        self.erasure_status = card.add_text("")
        self.erasure_progress = QProgressBar()
        self.erasure_progress.setRange(0, 100)
        self.erasure_progress.setValue(0)
        card.rows.addWidget(self.erasure_progress)
        self.erasure_error = card.add_text("", "fieldError")
        self.erasure_error.hide()
        self.retry_button = QPushButton(_("Try erasing again"))
        self.retry_button.clicked.connect(self.erase)
        self.retry_button.hide()
        self.certificates_button = QPushButton(_("Certificates of destruction…"))
        self.certificates_button.clicked.connect(self._certificates)
        self.certificates_button.setEnabled(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.retry_button)
        buttons.addWidget(self.certificates_button)
        buttons.addStretch(1)
        card.rows.addLayout(buttons)
        self.erasure_card = card
        layout.addWidget(card)
        self.done_steps_card, self.done_next, self.done_steps = self._next_steps_section()
        layout.addWidget(self.done_steps_card)
        layout.addStretch(1)
        self.pages.addWidget(_scrolling(content))

    def _build_taken_page(self) -> None:
        content, layout = self._page(_("The decision was already taken"))
        layout.addWidget(_label(_("A decision is taken once; this is what was decided."), "muted"))
        self.taken_headline = _label("")
        self.taken_headline.setObjectName("outcomeHeadline")
        layout.addWidget(self.taken_headline)
        card = _Section()
        card.set_title(_("Decision"))
        self.taken_form = QFormLayout()
        self.taken_form.setHorizontalSpacing(24)
        self.taken_form.setVerticalSpacing(8)
        card.rows.addLayout(self.taken_form)
        layout.addWidget(card)
        self.pending_card = _Section()
        self.pending_card.set_title(_("Erasure not finished"))
        self.pending_text = self.pending_card.add_text("", "warningText")
        self.finish_button = QPushButton(_("Finish erasing"))
        self.finish_button.setObjectName("primary")
        self.finish_button.clicked.connect(self._finish_erasing)
        row = QHBoxLayout()
        row.addWidget(self.finish_button)
        row.addStretch(1)
        self.pending_card.rows.addLayout(row)
        layout.addWidget(self.pending_card)
        self.taken_steps_card, self.taken_next, self.taken_steps = self._next_steps_section()
        layout.addWidget(self.taken_steps_card)
        layout.addStretch(1)
        self.pages.addWidget(_scrolling(content))

    def _next_steps_section(self) -> tuple[_Section, QLabel, NextStepButtons]:
        """The steps that follow the decision, as buttons (shown once nothing runs)."""
        section = _Section(_("Next steps"))
        note = section.add_text("", "muted")
        steps = NextStepButtons()
        steps.next_step_requested.connect(self._next_step)
        row = QHBoxLayout()
        row.addWidget(steps)
        row.addStretch(1)
        section.rows.addLayout(row)
        section.hide()
        return section, note, steps

    # -- navigation ------------------------------------------------------------------------

    REGISTRATIONS, OUTCOME, CONFIRM, DONE, TAKEN = range(5)

    def _go(self, index: int) -> None:
        index = max(self.REGISTRATIONS, min(index, self.CONFIRM))
        self.pages.setCurrentIndex(index)
        self._update_navigation()
        if index == self.CONFIRM and self.passphrase.isEnabled():
            self.passphrase.setFocus()

    def _update_navigation(self) -> None:
        index = self.pages.currentIndex()
        wizard = index <= self.CONFIRM
        self.back_button.setVisible(wizard)
        self.next_button.setVisible(wizard and index < self.CONFIRM)
        self.back_button.setEnabled(wizard and index > 0 and not self._busy)
        self.next_button.setEnabled(index < self.CONFIRM and not self._busy)
        self.cancel_button.setVisible(wizard)
        self.cancel_button.setEnabled(not self._busy)
        self.close_button.setVisible(not wizard)
        self.close_button.setEnabled(not self._busy)
        parts = []
        for number, title in enumerate(STEPS):
            if wizard and number == index:
                style = f"font-weight: 700; color: {ACCENT};"
            else:
                style = f"color: {MUTED};"
            parts.append(f'<span style="{style}">{number + 1}&nbsp;&nbsp;{_(title)}</span>')
        gap = "&nbsp;" * 3
        separator = f'<span style="color: {BORDER};">{gap}&rsaquo;{gap}</span>'
        self.steps.setText(separator.join(parts))
        self.steps.setVisible(wizard)
        self.steps_line.setVisible(wizard)

    def reject(self) -> None:
        """Escape and Close wait while the decision or the erasure runs."""
        if not self._busy:
            super().reject()

    # -- data ------------------------------------------------------------------------------

    def reload(self) -> None:
        """Preview again (after a late completion was accepted, or the clock moved)."""
        workshop_id = self._workshop.id
        dry_run = self._services.decision.dry_run(workshop_id)  # planned once for both
        self.plan, self.cards = dry_run.plan, dry_run.cards
        rows = self._services.registrations.list(workshop_id)
        self._fill_registrations(rows)
        self._fill_outcome(self.plan)
        self._fill_confirm(self.plan)

    def _opens_text(self) -> str:
        return local_time(self._workshop.calendar.decision_opens, self._zone)

    def _fill_registrations(self, rows: list[RegistrationRow]) -> None:
        plan = self.plan
        assert plan is not None
        self.preview_banner.setVisible(not plan.available)
        self.preview_banner.setText(
            _(
                "Read-only preview: registration is still open. The decision can be taken from "
                "{moment} ({zone}); until then nothing can be confirmed."
            ).format(moment=self._opens_text(), zone=self._zone.key)
        )
        counted = sorted(
            (r for r in rows if r.status is RegistrationStatus.COMPLETE),
            key=lambda r: (r.completed_at, r.id),
        )
        late = [r for r in rows if r.status is RegistrationStatus.LATE]
        incomplete = sorted(
            (r for r in rows if r.status in IN_PROGRESS), key=lambda r: r.organization.casefold()
        )
        minimum = self._workshop.calendar.minimum_organizations

        section = self.counted_section
        section.clear()
        section.set_title(
            _("Complete on time — counted ({count} of {minimum} needed)").format(
                count=len(counted), minimum=minimum
            )
        )
        for number, row in enumerate(counted, start=1):
            moment = local_time(row.completed_at, self._zone)
            section.add_row(
                f"{number}. {row.organization}",
                _("Completed {moment} (late, accepted)").format(moment=moment)
                if row.late
                else _("Completed {moment}").format(moment=moment),
            )
        if not counted:
            section.add_empty(_("No registration is complete."))

        section = self.late_section
        section.clear()
        section.set_title(_("Late — not counted unless accepted ({count})").format(count=len(late)))
        for row in late:
            button = QPushButton(_("Accept late…"))
            button.setAutoDefault(False)
            button.clicked.connect(lambda _checked=False, r=row: self.accept_late(r))
            section.add_row(
                row.organization,
                _("Completed {moment}, after the deadline").format(
                    moment=local_time(row.completed_at, self._zone)
                ),
                button,
            )
        if not late:
            section.add_empty(_("No late completion."))

        section = self.incomplete_section
        section.clear()
        section.set_title(
            _("Incomplete — cannot take part ({count})").format(count=len(incomplete))
        )
        for row in incomplete:
            section.add_row(row.organization, _missing(row))
        if not incomplete:
            section.add_empty(_("Every registration is complete."))

    def _fill_outcome(self, plan: DecisionPlan) -> None:
        _clear(self.outcome_sections)
        proceeds = plan.outcome is Outcome.PROCEED
        self._style_headline(self.outcome_headline, proceeds)
        self.outcome_headline.setText(
            _("The workshop proceeds") if proceeds else _("The workshop does not proceed")
        )
        self.outcome_summary.setText(plan.summary())
        self.dry_run_note.setText(
            _("A preview: nothing has changed yet. This is what confirming the decision will do.")
            if plan.available
            else _(
                "A preview: nothing has changed yet. This is what confirming the decision will "
                "do; it can be confirmed from {moment}."
            ).format(moment=self._opens_text())
        )
        if proceeds:
            self.outcome_sections.addWidget(self._fee_section(plan))
            confirmed = _Section()
            confirmed.set_title(
                _("Confirmed, in completion order ({count})").format(count=len(plan.confirmed))
            )
            for number, entry in enumerate(plan.confirmed, start=1):
                confirmed.add_row(
                    f"{number}. {entry.organization}",
                    _("Completed {moment}").format(
                        moment=local_time(entry.completed_at, self._zone)
                    ),
                )
            self.outcome_sections.addWidget(confirmed)
            waitlist = _Section()
            waitlist.set_title(_("Waitlist ({count})").format(count=len(plan.waitlisted)))
            for number, entry in enumerate(plan.waitlisted, start=1):
                waitlist.add_row(
                    f"{number}. {entry.organization}",
                    _("Completed {moment}").format(
                        moment=local_time(entry.completed_at, self._zone)
                    ),
                )
            if not plan.waitlisted:
                waitlist.add_empty(_("Nobody is waitlisted."))
            self.outcome_sections.addWidget(waitlist)
            cancelled = _Section()
            cancelled.set_title(
                _("Cancelled: not completed in time ({count})").format(count=len(plan.cancelled))
            )
            for entry in plan.cancelled:
                cancelled.add_row(entry.organization, entry.status.label)
            if not plan.cancelled:
                cancelled.add_empty(_("Nobody is cancelled."))
            self.outcome_sections.addWidget(cancelled)
        else:
            cancelled = _Section()
            cancelled.set_title(
                _("Every registration is cancelled ({count})").format(count=len(plan.cancelled))
            )
            for entry in plan.cancelled:
                cancelled.add_row(
                    entry.organization,
                    _("Now: {status}").format(status=status_words()[entry.status]),
                )
            if not plan.cancelled:
                cancelled.add_empty(_("There is no registration to cancel."))
            self.outcome_sections.addWidget(cancelled)
        self.outcome_sections.addWidget(self._cards_section(self.cards))

    def _cards_section(self, cards: list[CardToDestroy]) -> _Section:
        """Each card authorization confirming destroys, whatever its registration's state
        (a withdrawn organization's card goes too)."""
        section = _Section()
        section.set_title(
            _("Card authorizations destroyed after confirming ({count})").format(count=len(cards))
        )
        for card in cards:
            section.add_row(card.organization, f"{card.card} — {status_words()[card.status]}")
        if cards:
            section.add_text(
                _(
                    "Destroyed: card number, expiry, cardholder, billing address, security code "
                    "and scanned form. A certificate of destruction is kept for each."
                ),
                "warningText",
            )
        else:
            section.add_empty(_("No stored card authorization is destroyed."))
        return section

    def _fee_section(self, plan: DecisionPlan) -> _Section:
        fee = plan.fee
        assert fee is not None
        section = _Section()
        section.set_title(
            _("Fee per organization — tier of {count}, fixed").format(count=fee.participants)
        )
        grid = QGridLayout()
        grid.setHorizontalSpacing(28)
        grid.setVerticalSpacing(6)
        tax = tax_name_text(self._workshop.schedule.tax_name)
        lines = [
            (_("Price (tax included)"), money_text(fee.price.gross), ""),
            (_("Net"), money_text(fee.price.net), ""),
            (f"{tax} {percent_text(fee.price.rate)}", money_text(fee.price.tax), ""),
        ]
        if fee.rate is not None and fee.approximation_text():
            lines.append((_("Approximately"), fee.approximation_text(), fee.rate.describe()))
        for index, (name, value, note) in enumerate(lines):
            grid.addWidget(_label(name, "muted"), index, 0)
            shown = _label(value, "headline" if index == 0 else "fieldLabel")
            grid.addWidget(shown, index, 1, Qt.AlignmentFlag.AlignRight)
            grid.addWidget(_label(note, "muted"), index, 2)
        grid.setColumnStretch(2, 1)
        section.rows.addLayout(grid)
        if fee.rate is not None:
            section.add_text(_(EXCHANGE_DISCLAIMER), "muted")
        return section

    def _fill_confirm(self, plan: DecisionPlan) -> None:
        self.confirm_banner.setVisible(not plan.available)
        self.confirm_banner.setText(
            _(
                "Confirming is possible from {moment} ({zone}), after the last day to register. "
                "This is a read-only preview."
            ).format(moment=self._opens_text(), zone=self._zone.key)
        )
        self.confirm_headline.setText(plan.summary())
        if plan.outcome is Outcome.PROCEED:
            consequence = _proceeds_consequence(plan)
        else:
            # Translators: {cancelled} and {destroyed} are the two clauses below.
            consequence = _("{cancelled}, then {destroyed}. This cannot be undone.").format(
                cancelled=ngettext(
                    "The {count} registration is cancelled",
                    "All {count} registrations are cancelled",
                    len(plan.cancelled),
                ).format(count=len(plan.cancelled)),
                destroyed=ngettext(
                    "the {count} card authorization stored for the workshop is destroyed",
                    "the {count} card authorizations stored for the workshop are destroyed",
                    len(self.cards),
                ).format(count=len(self.cards)),
            )
        self.confirm_consequence.setText(consequence)
        self.passphrase.setEnabled(plan.available)
        self._update_confirm_button()

    def _update_confirm_button(self) -> None:
        plan = self.plan
        self.confirm_button.setEnabled(
            plan is not None and plan.available and bool(self.passphrase.text()) and not self._busy
        )

    @staticmethod
    def _style_headline(label: QLabel, good: bool) -> None:
        colour = GOOD if good else BAD
        label.setStyleSheet(f"color: {colour}; font-size: 20pt; font-weight: 700;")

    # -- accepting a late completion -------------------------------------------------------

    def accept_late(self, row: RegistrationRow) -> None:
        from escadesk.ui.step_dialogs import ReasonDialog

        dialog = ReasonDialog(
            _("Accept late completion"),
            _(
                "{organization} completed its registration after the deadline. Accepting it "
                "counts it toward the quorum. Why do you accept it?"
            ).format(organization=row.organization),
            parent=self,
        )
        self.reason_dialog = dialog

        def accepted() -> None:
            try:
                self._services.registrations.accept_late(row.id, dialog.reason())
            except ValidationError as error:
                self.preview_banner.setText(str(error))
                self.preview_banner.show()
                return
            self.reload()
            self.changed.emit()

        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.accepted.connect(accepted)
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        dialog.open()

    # -- confirming ------------------------------------------------------------------------

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.passphrase.setEnabled(not busy and self.plan is not None and self.plan.available)
        self.confirm_busy.setVisible(busy and self.pages.currentIndex() == self.CONFIRM)
        self._update_confirm_button()
        self._update_navigation()

    def confirm(self) -> None:
        if not self.confirm_button.isEnabled():
            return
        from escadesk.ui.workers import run_in_background

        passphrase = self.passphrase.text()
        workshop_id = self._workshop.id
        self.confirm_error.hide()
        self._set_busy(True)
        run_in_background(
            lambda _progress: self._services.decision.confirm(workshop_id, passphrase),
            self._confirmed,
            self._not_confirmed,
        )

    def _alive(self) -> bool:
        return shiboken6.isValid(self) and self.isVisible()

    def _not_confirmed(self, error: Exception) -> None:
        if not self._alive():
            return
        self._set_busy(False)
        if not isinstance(error, (VaultError, ValidationError)):
            raise error
        self.confirm_error.setText(str(error))
        self.confirm_error.show()
        self.passphrase.selectAll()
        self.passphrase.setFocus()

    def _confirmed(self, plan: DecisionPlan) -> None:
        if not self._alive():
            return
        self.passphrase.clear()
        self._set_busy(False)
        self.plan = plan
        self.changed.emit()
        proceeds = plan.outcome is Outcome.PROCEED
        self._style_headline(self.done_headline, proceeds)
        self.done_headline.setText(
            _("The workshop proceeds") if proceeds else _("The workshop does not proceed")
        )
        self.done_summary.setText(
            _("{summary} The decision is recorded in the audit log.").format(summary=plan.summary())
        )
        self._show_done()

    def _show_done(self) -> None:
        self.pages.setCurrentIndex(self.DONE)
        self._update_navigation()
        pending = self._services.decision.pending_erasures(self._workshop.id)
        if pending:
            self.erase()
        else:
            self.erasure_progress.setValue(100)
            self.erasure_status.setText(_("No card authorization is left to destroy."))
            self.certificates_button.setEnabled(True)
            self._show_next_steps(self.done_steps_card, self.done_next, self.done_steps)

    # -- erasing ---------------------------------------------------------------------------

    def erase(self) -> None:
        from escadesk.ui.workers import run_in_background

        workshop_id = self._workshop.id
        count = len(self._services.decision.pending_erasures(workshop_id))
        self.erasure_error.hide()
        self.retry_button.hide()
        self.certificates_button.setEnabled(False)
        self.done_steps_card.hide()  # what is next is known once the erasure is done
        self.erasure_progress.setValue(0)
        self.erasure_status.setText(
            ngettext(
                "Destroying {count} card authorization…",
                "Destroying {count} card authorizations…",
                count,
            ).format(count=count)
        )
        self._set_busy(True)
        run_in_background(
            lambda progress: self._services.decision.erase_cancelled(workshop_id, progress),
            self._erased,
            self._not_erased,
            self._erasure_progress,
        )

    def _erasure_progress(self, percent: int, message: str) -> None:
        if shiboken6.isValid(self):
            self.erasure_progress.setValue(percent)
            self.erasure_status.setText(message)

    def _erased(self, report: ErasureReport) -> None:
        """Say what was actually destroyed, counted; a failure keeps the retry at hand."""
        if not shiboken6.isValid(self):
            return
        self._set_busy(False)
        self.erasure_progress.setValue(100)
        self.erasure_status.setText(report.sentence())
        self.retry_button.setVisible(bool(report.failures))
        self.certificates_button.setEnabled(True)
        self.changed.emit()
        self._show_next_steps(self.done_steps_card, self.done_next, self.done_steps)

    def _not_erased(self, error: Exception) -> None:
        if not shiboken6.isValid(self):
            return
        self._set_busy(False)
        self.erasure_error.setText(
            _(
                "The erasure stopped: {error} What is left is finished by trying again (or at "
                "the next start)."
            ).format(error=error)
        )
        self.erasure_error.show()
        self.retry_button.show()
        self.certificates_button.setEnabled(True)
        self.changed.emit()
        self._show_next_steps(self.done_steps_card, self.done_next, self.done_steps)

    def _certificates(self) -> None:
        self.accept()
        self.certificates_requested.emit()

    # -- next steps ------------------------------------------------------------------------

    def _show_next_steps(self, section: _Section, note: QLabel, buttons: NextStepButtons) -> None:
        """The desk's next steps for the phase the decision led to (domain/lifecycle.py),
        but those this wizard does itself (erasing, certificates)."""
        steps = [
            step
            for step in self._services.lifecycle.next_steps(self._workshop.id)
            if step.key not in _DONE_IN_THE_WIZARD
        ]
        buttons.set_steps(steps, letters_in_use(self, besides=buttons))
        note.setText(
            _("Each opens where it is done (this window closes).")
            if steps
            else _("Nothing else is due now.")
        )
        section.show()

    def _next_step(self, key: str) -> None:
        self.accept()
        self.next_step_requested.emit(key)

    # -- already taken ---------------------------------------------------------------------

    def _show_taken(self) -> None:
        record = self._services.decision.taken(self._workshop.id)
        assert record is not None
        proceeds = record.outcome is Outcome.PROCEED
        self._style_headline(self.taken_headline, proceeds)
        self.taken_headline.setText(
            _("The workshop proceeds") if proceeds else _("The workshop does not proceed")
        )
        _clear(self.taken_form)
        lines = (
            (_("Taken"), f"{local_time(record.decided_at, self._zone)} ({self._zone.key})"),
            (_("By"), record.decided_by or _("(unknown)")),
            (
                _("Outcome"),
                _("Proceed") if proceeds else _("Cancel: the workshop does not take place"),
            ),
            (
                _("Head-count"),
                ngettext(
                    "{count} organization confirmed",
                    "{count} organizations confirmed",
                    record.participants,
                ).format(count=record.participants),
            ),
        )
        for name, value in lines:
            self.taken_form.addRow(_label(name, "muted"), _label(value, "fieldLabel"))
        pending = self._services.decision.pending_erasures(self._workshop.id)
        self.pending_card.setVisible(bool(pending))
        self.pending_text.setText(
            ngettext(
                "{count} card authorization this decision destroys is still stored (an erasure "
                "was interrupted). Finish erasing them now.",
                "{count} card authorizations this decision destroys are still stored (an "
                "erasure was interrupted). Finish erasing them now.",
                len(pending),
            ).format(count=len(pending))
        )
        self.pages.setCurrentIndex(self.TAKEN)
        self._update_navigation()
        self._show_next_steps(self.taken_steps_card, self.taken_next, self.taken_steps)

    def _finish_erasing(self) -> None:
        record = self._services.decision.taken(self._workshop.id)
        if record is not None:
            proceeds = record.outcome is Outcome.PROCEED
            self._style_headline(self.done_headline, proceeds)
            self.done_headline.setText(_("Finishing the erasure"))
            self.done_summary.setText(
                _(
                    "The decision was taken earlier; the card authorizations it left stored are "
                    "destroyed now."
                )
            )
        self._show_done()


#: Next steps the wizard offers itself (its erasure and certificate buttons), so it does
#: not repeat them among the buttons that close it.
_DONE_IN_THE_WIZARD = frozenset({StepKey.DECISION, StepKey.FINISH_ERASING, StepKey.CERTIFICATES})
