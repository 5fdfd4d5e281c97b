"""Register an organization (or edit one): inline validation, nothing saved until valid."""

from __future__ import annotations

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
    QVBoxLayout,
    QWidget,
)

from escadesk.disk_space import DiskFullError
from escadesk.domain.countries import COUNTRIES
from escadesk.domain.registration_form import RegistrationDetails
from escadesk.domain.technology import TECHNOLOGY_AREAS
from escadesk.domain.validation import FieldProblem, ValidationError
from escadesk.services.views import RegistrationRow
from escadesk.ui.form_parts import debounce, error_label, save_cancel_buttons

if TYPE_CHECKING:
    from escadesk.services.container import Services

FIELDS = (
    "organization",
    "country",
    "technology_area",
    "contact_name",
    "contact_title",
    "contact_email",
    "contact_phone",
)


class RegistrationDialog(QDialog):
    def __init__(
        self,
        services: Services,
        workshop_id: int,
        existing: RegistrationRow | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._workshop_id = workshop_id
        self._existing = existing
        self._touched: set[str] = set()
        self._show_all = False
        self.saved_id: int | None = None
        self.setWindowTitle("Edit registration" if existing else "New registration")
        self.setMinimumWidth(560)

        self.organization = QLineEdit()
        self.organization.setPlaceholderText("Cluster organization's name")
        self.country = QComboBox()
        self.country.setEditable(True)
        self.country.addItems(COUNTRIES)
        self.country.setCurrentIndex(-1)
        country_line = self.country.lineEdit()
        assert country_line is not None  # an editable combo box has one
        country_line.setPlaceholderText("Type to search…")
        completer = QCompleter(list(COUNTRIES), self.country)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.country.setCompleter(completer)
        self.country.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.technology_area = QComboBox()
        self.technology_area.addItems(TECHNOLOGY_AREAS)
        self.technology_area.setCurrentIndex(-1)
        self.technology_area.setPlaceholderText("Choose ESCA's technology area…")
        self.contact_name = QLineEdit()
        self.contact_title = QLineEdit()
        self.contact_title.setPlaceholderText("Optional, e.g. Cluster Manager")
        self.contact_email = QLineEdit()
        self.contact_email.setPlaceholderText("Must be on the conference delegate list")
        self.contact_phone = QLineEdit()
        self.contact_phone.setPlaceholderText("Optional, e.g. +1 416 555 0100")

        self._errors: dict[str, QLabel] = {}
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addWidget(
            self._group(
                "Cluster organization",
                [
                    ("organization", "&Organization *"),
                    ("country", "Coun&try *"),
                    ("technology_area", "Technology &area *"),
                ],
            )
        )
        layout.addWidget(
            self._group(
                "Contact person (a conference delegate)",
                [
                    ("contact_name", "&Name *"),
                    ("contact_title", "T&itle"),
                    ("contact_email", "&E-mail *"),
                    ("contact_phone", "&Phone"),
                ],
            )
        )
        self.summary = error_label()
        layout.addWidget(self.summary)
        self.buttons, self.save_button = save_cancel_buttons(self, self.save)
        layout.addWidget(self.buttons)
        self._timer = debounce(self, 250, self.validate)
        for name in FIELDS:
            widget = getattr(self, name)
            if isinstance(widget, QLineEdit):
                widget.textEdited.connect(lambda _text, n=name: self._edited(n))
            else:
                widget.currentTextChanged.connect(lambda _text, n=name: self._edited(n))
        if existing is not None:
            self._fill(existing.details)

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
            column.setContentsMargins(0, 0, 0, 4)
            column.setSpacing(2)
            column.addWidget(field)
            error = error_label()
            column.addWidget(error)
            self._errors[name] = error
            # A label of its own, the field its buddy: Alt+letter reaches the field and a
            # screen reader names it ("*" marks a required field, said as "required").
            caption = QLabel(label)
            caption.setBuddy(field)
            plain = label.replace("&", "").removesuffix(" *")
            field.setAccessibleName(plain)
            if label.endswith("*"):
                field.setAccessibleDescription("Required")
            form.addRow(caption, container)
        return box

    def _fill(self, details: RegistrationDetails) -> None:
        self.organization.setText(details.organization)
        self.country.setCurrentText(details.country)
        self.technology_area.setCurrentText(details.technology_area)
        self.contact_name.setText(details.contact_name)
        self.contact_title.setText(details.contact_title)
        self.contact_email.setText(details.contact_email)
        self.contact_phone.setText(details.contact_phone)
        self._touched.clear()

    def details(self) -> RegistrationDetails:
        return RegistrationDetails(
            organization=self.organization.text(),
            country=self.country.currentText(),
            technology_area=self.technology_area.currentText(),
            contact_name=self.contact_name.text(),
            contact_email=self.contact_email.text(),
            contact_title=self.contact_title.text(),
            contact_phone=self.contact_phone.text(),
        )

    def _edited(self, name: str) -> None:
        self._touched.add(name)
        self._timer.start()

    def validate(self) -> list[FieldProblem]:
        """Check the form and show messages under the fields the user has been in."""
        editing = self._existing.id if self._existing else None
        problems = self._services.registrations.problems(self._workshop_id, self.details(), editing)
        self._show(problems)
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
            widget.setProperty("invalid", visible)
            widget.style().unpolish(widget)
            widget.style().polish(widget)
        if self._show_all and problems:
            self.summary.setText("Please correct the fields marked in red; nothing was saved.")
            self.summary.show()
        else:
            self.summary.hide()

    def save(self) -> None:
        self._timer.stop()
        self._show_all = True
        problems = self.validate()
        if problems:
            first = next((p.field for p in problems if p.field in FIELDS), None)
            if first:
                getattr(self, first).setFocus()
            return
        try:
            if self._existing is None:
                self.saved_id = self._services.registrations.register(
                    self._workshop_id, self.details()
                )
            else:
                self._services.registrations.update_details(self._existing.id, self.details())
                self.saved_id = self._existing.id
        except ValidationError as error:  # changed underneath us (e.g. delegate list)
            self._show(list(error.problems))
            return
        except DiskFullError as error:  # rolled back: what was typed stays in the form
            self.summary.setText(str(error))
            self.summary.show()
            return
        self.accept()
