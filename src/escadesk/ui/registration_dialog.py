"""Register an organization (or edit one): inline validation, nothing saved until valid.

The form starts with the contact's e-mail because the delegate list knows the rest: the
field suggests delegates by address, name or organization, and choosing one fills in the
name, organization and country. A name or organization that differs from the list is
pointed out (amber, saving still allowed); an address not on the list leads to the
delegates it was probably meant to be instead of a dead end.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from escadesk.disk_space import DiskFullError
from escadesk.domain.completion import best_completion
from escadesk.domain.delegate_match import (
    DelegateEntry,
    close_delegates,
    find_delegate,
    record_differences,
)
from escadesk.domain.eligibility import is_valid_email
from escadesk.domain.languages import known_language, organization_language
from escadesk.domain.localized_names import (
    country_choices,
    country_from_any,
    country_name,
    technology_area_choices,
    technology_area_from_any,
    technology_area_name,
)
from escadesk.domain.registration_form import RegistrationDetails
from escadesk.domain.validation import FieldProblem, ValidationError
from escadesk.i18n import _, pgettext
from escadesk.services.views import RegistrationRow, StaleEditError
from escadesk.ui.delegate_completer import DelegateCompleter
from escadesk.ui.delegate_suggestions import DelegateSuggestions, link_button
from escadesk.ui.dialog_buttons import add_action, save_cancel_buttons
from escadesk.ui.discard_guard import DiscardGuard
from escadesk.ui.form_parts import (
    FieldMessages,
    debounce,
    error_label,
    keep_size,
    refresh_messages,
)
from escadesk.ui.tab_completion import TabCompletion

if TYPE_CHECKING:
    from escadesk.services.container import Services
    from escadesk.services.live_changes import Change

#: In the order of the form (the first one with a problem gets the focus on Save).
FIELDS = (
    "contact_email",
    "contact_name",
    "contact_title",
    "contact_phone",
    "organization",
    "country",
    "technology_area",
    "language",
)
#: What the delegate list may fill in, besides the e-mail.
FILLED_FROM_LIST = ("contact_name", "organization", "country")


def _choice_box(
    choices: Sequence[tuple[str, str]], placeholder: str, resolve: Callable[[str], str | None]
) -> QComboBox:
    """An editable list that suggests as you type (anywhere in a name); Tab or leaving
    the field takes the suggestion ("Cana" becomes "Canada"). ``choices``: (shown name,
    stored English name) pairs: a French window lists "Allemagne" for "Germany"."""
    box = QComboBox()
    box.setEditable(True)
    for shown, stored in choices:
        box.addItem(shown, stored)
    box.setCurrentIndex(-1)
    box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    line = box.lineEdit()
    assert line is not None  # an editable combo box has one
    line.setPlaceholderText(placeholder)
    completer = QCompleter([shown for shown, _stored in choices], box)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    box.setCompleter(completer)
    TabCompletion(box, resolve)
    return box


def _country(text: str) -> str | None:
    """The shown name ``text`` completes to: a name in either language, a code or an
    alias ("DE", "Germany" -> "Allemagne" in French), else the list's best match."""
    known = country_from_any(text)
    if known is not None:
        return country_name(known)
    return best_completion(text, (shown for shown, _stored in country_choices()))


def _technology_area(text: str) -> str | None:
    known = technology_area_from_any(text)
    if known is not None:
        return technology_area_name(known)
    return best_completion(text, (shown for shown, _stored in technology_area_choices()))


def _stored(text: str, known: Callable[[str], str | None]) -> str:
    """What the registration holds for a field's text: its English name when recognised."""
    return known(text) or text


def _intro(source: str, read: bool) -> str:
    """The opening words: typing a new registration, or checking a returned form's."""
    if not source:
        return _(
            "Start with the contact's e-mail: the conference delegate list fills in "
            "the name, the organization and the country."
        )
    if read:
        return _(
            "Read from {source}. Check each field (the delegate list's differences are "
            "marked), then Save: nothing is stored before. Saving records the "
            "registration form as received."
        ).format(source=source)
    return _(
        "{source} has no fields to read (a scan): type the registration from it. Saving "
        "records the registration form as received."
    ).format(source=source)


class RegistrationDialog(QDialog):
    def __init__(
        self,
        services: Services,
        workshop_id: int,
        existing: RegistrationRow | None = None,
        parent: QWidget | None = None,
        *,
        source: str = "",
        prefilled: RegistrationDetails | None = None,
    ) -> None:
        """``source``: the returned form's file this registration comes from (saving
        records the form as received with it); ``prefilled``: what was read from it, shown
        for review (None: a scan, typed by hand)."""
        super().__init__(parent)
        self._services = services
        self._workshop_id = workshop_id
        self._existing = existing
        self._source = source
        self._touched: set[str] = set()
        self._show_all = False
        self.saved_id: int | None = None
        self.setWindowTitle(
            _("Edit registration")
            if existing
            else _("Registration from a returned form")
            if source
            else _("New registration")
        )
        self.setMinimumWidth(560)

        #: The workshop's delegates: suggested in the e-mail field, and filling in the form.
        self.delegates: list[DelegateEntry] = services.delegates.entries(workshop_id)
        #: Values the list filled in (replaced again when another delegate is chosen).
        self._filled: dict[str, str] = {}
        #: Where the form differs from the chosen delegate's record (shown in amber).
        self.warnings: list[FieldProblem] = []

        self.organization = QLineEdit()
        self.organization.setPlaceholderText(_("Cluster organization's name"))
        self.country = _choice_box(country_choices(), _("Type to search…"), _country)
        self.technology_area = _choice_box(
            technology_area_choices(),
            _("Type or choose ESCA's technology area…"),
            _technology_area,
        )
        self.contact_name = QLineEdit()
        self.contact_title = QLineEdit()
        self.contact_title.setPlaceholderText(_("Optional, e.g. Cluster Manager"))
        self.contact_email = QLineEdit()
        self.contact_email.setPlaceholderText(_("Type an address, a name or an organization"))
        self.contact_email.setCompleter(DelegateCompleter(self.delegates, self.contact_email))
        TabCompletion(self.contact_email)  # Tab takes the highlighted (or first) delegate
        self.contact_phone = QLineEdit()
        self.contact_phone.setPlaceholderText(_("Optional, e.g. +1 416 555 0100"))
        self.suggestions = DelegateSuggestions()
        self.suggestions.chosen.connect(self._use_suggestion)
        #: Its letters, forms, invoices and report (domain/languages.py): the country's
        #: default until chosen here; an existing organization keeps its own.
        self.language = QComboBox()
        self.language.addItem(pgettext("language", "English"), "en")
        self.language.addItem(pgettext("language", "French"), "fr")
        named = known_language(prefilled.language) if prefilled is not None else None
        self._language_chosen = existing is not None or named is not None
        if named is not None:  # the returned form names it
            self._set_language(named)
        self.language.activated.connect(lambda _index: setattr(self, "_language_chosen", True))

        self._errors: dict[str, QLabel] = {}
        self._warnings: dict[str, QLabel] = {}
        self._captions: list[QLabel] = []
        #: "Use the list's name/organization", shown with a difference from the record.
        self._use_buttons: dict[str, QPushButton] = {}
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        if existing is None:
            intro = QLabel(_intro(source, prefilled is not None))
            intro.setTextFormat(Qt.TextFormat.PlainText)  # a file name is not markup
            intro.setObjectName("muted")
            intro.setWordWrap(True)
            layout.addWidget(intro)
        layout.addWidget(
            self._group(
                _("Contact person (a conference delegate)"),
                [
                    ("contact_email", _("&E-mail *")),
                    ("contact_name", _("&Name *")),
                    ("contact_title", _("T&itle")),
                    ("contact_phone", _("&Phone")),
                ],
            )
        )
        layout.addWidget(
            self._group(
                _("Cluster organization"),
                [
                    ("organization", _("&Organization *")),
                    ("country", _("Coun&try *")),
                    ("technology_area", _("Technology &area *")),
                    ("language", _("&Language")),
                ],
            )
        )
        width = max(caption.sizeHint().width() for caption in self._captions)
        for caption in self._captions:  # one label column: the fields line up
            caption.setMinimumWidth(width)
        layout.addStretch(1)
        self.summary = error_label()
        summary_line = FieldMessages()  # its line is kept too
        summary_line.add(self.summary)
        layout.addWidget(summary_line)
        self.buttons, self.save_button = save_cancel_buttons(self, self.save)
        #: Another desk changed the registration since it was loaded: its refusal, shown
        #: until Reload (services/row_versions.py); what was typed stays meanwhile.
        self._stale = ""
        self.reload_button = add_action(self.buttons, _("&Reload"), self.reload)
        self.reload_button.hide()
        #: Another desk changed the registration while this form is open (heard through
        #: ui/live_changes.py): said before a Save is refused, until Reload.
        self.changed_elsewhere = QLabel()
        self.changed_elsewhere.setObjectName("changedElsewhere")
        self.changed_elsewhere.setWordWrap(True)
        self.changed_elsewhere.hide()
        layout.addWidget(self.changed_elsewhere)
        layout.addWidget(self.buttons)
        self._timer = debounce(self, 250, self._validate_when_open)
        for name in FIELDS:
            widget = getattr(self, name)
            if isinstance(widget, QLineEdit):
                widget.textEdited.connect(lambda _text, n=name: self._edited(n))
            else:
                widget.currentTextChanged.connect(lambda _text, n=name: self._edited(n))
        # Tab follows the form, through the suggestions under the e-mail when they show.
        chain: list[QWidget] = [self.contact_email, *self.suggestions.buttons]
        for name in FIELDS[1:]:
            chain.append(getattr(self, name))
            if name in self._use_buttons:
                chain.append(self._use_buttons[name])
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)
        # Typed, chosen from the list or a suggestion: a delegate's address fills the form.
        self.contact_email.textChanged.connect(self._email_changed)
        if existing is not None:
            self._fill(existing.details)
            self._set_language(services.registrations.preferred_language(existing.id))
        elif prefilled is not None:
            self._fill(prefilled)
            self._touched.update(FIELDS)  # for review: every problem shows at once
            self.validate()
        self._default_language()
        self.country.currentTextChanged.connect(self._default_language)
        self.contact_phone.textChanged.connect(self._default_language)
        self._initial = self.details()
        self.discard_guard = DiscardGuard(
            self,
            _("Discard your changes to this registration?")
            if existing
            else _("Discard the registration you typed?"),
            lambda: self.details() != self._initial,
        )
        # Room for a wrapped message and the suggestions, so the dialog keeps its size.
        keep_size(self, spare_lines=4)

    def _group(self, title: str, rows: list[tuple[str, str]]) -> QGroupBox:
        box = QGroupBox(title)
        form = QFormLayout(box)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.setVerticalSpacing(4)
        form.setHorizontalSpacing(12)
        for name, label in rows:
            field = getattr(self, name)
            container = QWidget()
            column = QVBoxLayout(container)
            column.setContentsMargins(0, 0, 0, 2)
            column.setSpacing(2)
            column.addWidget(field)
            messages = FieldMessages()
            column.addWidget(messages)
            if name in ("contact_name", "organization"):
                use = link_button(
                    _("Use the list's name")
                    if name == "contact_name"
                    else _("Use the list's organization")
                )
                use.clicked.connect(lambda _checked=False, n=name: self._use_record(n))
                use.hide()
                column.addWidget(use)
                self._use_buttons[name] = use
            if name == "contact_email":
                column.addWidget(self.suggestions)
            self._errors[name] = messages.error
            self._warnings[name] = messages.warning
            # A label of its own, the field its buddy: Alt+letter reaches the field and a
            # screen reader names it ("*" marks a required field, said as "required").
            caption = QLabel(label)
            caption.setBuddy(field)
            plain = label.replace("&", "").removesuffix(" *")
            field.setAccessibleName(plain)
            if label.endswith("*"):
                field.setAccessibleDescription(_("Required"))
            form.addRow(caption, container)
            self._captions.append(caption)
        return box

    def _fill(self, details: RegistrationDetails) -> None:
        self.organization.setText(details.organization)
        # Stored in English, shown in the window's language (unknown text as it is).
        self.country.setCurrentText(country_name(details.country))
        self.technology_area.setCurrentText(technology_area_name(details.technology_area))
        self.contact_name.setText(details.contact_name)
        self.contact_title.setText(details.contact_title)
        self.contact_email.setText(details.contact_email)
        self.contact_phone.setText(details.contact_phone)
        self._touched.clear()

    def details(self) -> RegistrationDetails:
        return RegistrationDetails(
            organization=self.organization.text(),
            # The stored English names ("Allemagne" -> "Germany"); text not recognised
            # as it was typed, for the check to name it.
            country=_stored(self.country.currentText(), country_from_any),
            technology_area=_stored(self.technology_area.currentText(), technology_area_from_any),
            contact_name=self.contact_name.text(),
            contact_email=self.contact_email.text(),
            contact_title=self.contact_title.text(),
            contact_phone=self.contact_phone.text(),
            language=str(self.language.currentData()),
        )

    def _set_language(self, code: str) -> None:
        self.language.setCurrentIndex(max(0, self.language.findData(code)))

    def _default_language(self, _text: str = "") -> None:
        """Until chosen: the language the organization's country (and telephone) says."""
        if not self._language_chosen:
            self._set_language(
                organization_language(self.country.currentText(), self.contact_phone.text())
            )

    def _edited(self, name: str) -> None:
        self._touched.add(name)
        self._timer.start()

    # -- the delegate list -----------------------------------------------------------------

    def delegate(self) -> DelegateEntry | None:
        """The delegate whose address is in the e-mail field, if any."""
        return find_delegate(self.delegates, self.contact_email.text())

    def _email_changed(self, _text: str) -> None:
        delegate = self.delegate()
        if delegate is not None:
            self._fill_from(delegate)
            self._timer.start()

    def _fill_from(self, delegate: DelegateEntry) -> None:
        """Fill in what the list knows, in fields left empty or filled by the list before;
        what the director typed stays (and is flagged if it differs)."""
        country = country_from_any(delegate.country)
        values = {
            "contact_name": delegate.name,
            "organization": delegate.organization,
            "country": country_name(country) if country else "",  # the window's language
        }
        for name in FILLED_FROM_LIST:
            value = values[name]
            current = self._text(name)
            if value and (not current.strip() or current == self._filled.get(name)):
                self._set_text(name, value)
                self._filled[name] = value

    def _text(self, name: str) -> str:
        widget = getattr(self, name)
        return widget.currentText() if isinstance(widget, QComboBox) else widget.text()

    def _set_text(self, name: str, value: str) -> None:
        widget = getattr(self, name)
        if isinstance(widget, QComboBox):
            widget.setCurrentText(value)
        else:
            widget.setText(value)

    def _use_record(self, name: str) -> None:
        """Take the delegate list's value for a field that differs from it."""
        delegate = self.delegate()
        if delegate is None or name not in ("contact_name", "organization"):
            return
        value = delegate.name if name == "contact_name" else delegate.organization
        self._set_text(name, value)
        self._filled[name] = value
        self.validate()

    def _use_suggestion(self, chosen: DelegateEntry) -> None:
        """A close delegate was chosen under a refused e-mail: take their address."""
        self.contact_email.setText(chosen.email)
        self.contact_email.setFocus()
        self._touched.add("contact_email")
        self.validate()

    def _suggest(self, details: RegistrationDetails, email_refused: bool) -> None:
        """Under an address that is not on the list: the delegates it was probably meant
        to be, and how to search the list."""
        email = details.contact_email.strip()
        if (
            email_refused
            and bool(self.delegates)
            and is_valid_email(email)
            and find_delegate(self.delegates, email) is None
        ):
            self.suggestions.offer(close_delegates(email, details.contact_name, self.delegates))
        else:
            self.suggestions.withdraw()

    # -- checking --------------------------------------------------------------------------

    def _validate_when_open(self) -> None:
        """The check once typing pauses; none once the data is closed (the window locked
        while the form stayed open: it is closed with the window, and its check must not
        read a closed database meanwhile)."""
        if not self._services.closed:
            self.validate()

    def validate(self) -> list[FieldProblem]:
        """Check the form and show messages under the fields the user has been in."""
        editing = self._existing.id if self._existing else None
        details = self.details()
        problems = self._services.registrations.problems(self._workshop_id, details, editing)
        delegate = self.delegate()
        self.warnings = record_differences(details, delegate) if delegate else []
        self._show(problems)
        email_refused = self._errors["contact_email"].isVisible()
        self._suggest(details, email_refused)
        refresh_messages(self)  # two-line messages get their second line
        return problems

    def _show(self, problems: list[FieldProblem]) -> None:
        by_field: dict[str, list[str]] = {}
        for problem in problems:
            by_field.setdefault(problem.field, []).append(problem.message)
        for name, label in self._errors.items():
            messages = by_field.get(name, [])
            visible = bool(messages) and (self._show_all or name in self._touched)
            label.setText("\n".join(messages))
            label.setVisible(visible)
            widget = getattr(self, name)
            if isinstance(widget, QComboBox) and widget.lineEdit() is not None:
                widget = widget.lineEdit()  # the style sheet's red border is a line edit's
            widget.setProperty("invalid", visible)
            widget.style().unpolish(widget)
            widget.style().polish(widget)
        differences = {warning.field: warning.message for warning in self.warnings}
        for name, label in self._warnings.items():
            message = differences.get(name)
            label.setText(message or "")
            label.setVisible(message is not None)
            if name in self._use_buttons:
                self._use_buttons[name].setVisible(message is not None)
        if self._stale:
            self.summary.setText(self._stale)
            self.summary.show()
        elif self._show_all and problems:
            self.summary.setText(_("Please correct the fields marked in red; nothing was saved."))
            self.summary.show()
        else:
            self.summary.hide()

    def save(self) -> None:
        self._timer.stop()
        self._show_all = True
        for completion in self.findChildren(TabCompletion):
            completion.settle()  # Enter in "Cana" saves Canada, as Tab would have
        self._timer.stop()
        problems = self.validate()
        if problems:
            wrong = {problem.field for problem in problems}
            first = next((name for name in FIELDS if name in wrong), None)
            if first:
                getattr(self, first).setFocus()
            return
        try:
            if self._source:  # one transaction: registered with its form received
                (self.saved_id,) = self._services.registrations.register_all(
                    self._workshop_id, [self.details()], record_form=True
                )
            elif self._existing is None:
                self.saved_id = self._services.registrations.register(
                    self._workshop_id, self.details()
                )
            else:
                self._services.registrations.update_details(
                    self._existing.id, self.details(), expected_version=self._existing.version
                )
                self.saved_id = self._existing.id
        except StaleEditError as error:  # another desk saved it first: keep what was typed
            self._stale = error.message
            self.reload_button.show()
            self._show([])
            return
        except ValidationError as error:  # changed underneath us (e.g. delegate list)
            self._show(list(error.problems))
            return
        except DiskFullError as error:  # rolled back: what was typed stays in the form
            self.summary.setText(str(error))
            self.summary.show()
            return
        self.accept()

    def note_changes_elsewhere(self, changes: Sequence[Change]) -> None:
        """Other desks' changes (ui/live_changes.py): one of this registration is noted,
        naming who, and Reload offered; what was typed stays until then."""
        mine = self._existing.id if self._existing is not None else None
        by = [c.actor for c in changes if c.registration_ids and mine in c.registration_ids]
        if not by:
            return
        self.changed_elsewhere.setText(
            _(
                "{actor} changed this registration at another desk: Reload shows the change "
                "(replacing what you typed here); saving now would be refused."
            ).format(actor=by[-1] or _("Someone"))
        )
        self.changed_elsewhere.show()
        self.reload_button.show()

    def reload(self) -> None:
        """Replace the form with the registration as stored now (after a stale refusal);
        Save then goes against that version."""
        if self._existing is None:
            return
        current = next(
            (
                r
                for r in self._services.registrations.list(self._workshop_id)
                if r.id == self._existing.id
            ),
            None,
        )
        if current is None:
            return
        self._existing, self._stale = current, ""
        self.changed_elsewhere.hide()
        self._fill(current.details)
        self._initial = self.details()
        self.reload_button.hide()
        self._show_all = False
        self.validate()

    def reject(self) -> None:
        """Cancel, Escape or the close button: ask first when something was typed."""
        if self.discard_guard.may_close():
            self._timer.stop()
            super().reject()
