"""The benchmarking questionnaire of one participating organization, typed during the interview.

One tab per area of the catalogue. Every answer is saved as soon as the director leaves its
field (see :mod:`escadesk.ui.survey_form`), so a crash loses at most the field being typed,
and closing (Close, Escape, switching organization or the window locking itself) saves the
edits still open first. An answer the service refuses is never stored: its message stays
next to the field, and Close warns once before such an edit is dropped.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from escadesk.domain.localized_names import country_name, technology_area_name
from escadesk.domain.validation import ValidationError
from escadesk.i18n import N_, _, current_locale, ngettext
from escadesk.services.benchmark_views import AnswerView, SurveyView
from escadesk.services.views import StaleEditError
from escadesk.ui.dialog_buttons import close_buttons
from escadesk.ui.form_parts import error_label
from escadesk.ui.qt_dates import pydate, qdate
from escadesk.ui.sizing import fit_to_screen
from escadesk.ui.survey_form import AnswerRow, AreaPage

if TYPE_CHECKING:
    from escadesk.services.container import Services

CONFIDENTIAL = N_(
    "Answers are confidential: they appear only in this organization's own report. Each "
    "answer is saved as soon as you leave its field."
)


def tab_title(short_name: str, answered: int, total: int) -> str:
    """ "Structure 5/6", with a check mark once the area is complete."""
    mark = " ✓" if answered == total else ""
    return f"{short_name} {answered}/{total}{mark}"


class SurveyDialog(QDialog):
    """The questionnaire of the participants of one workshop, one organization at a time."""

    def __init__(
        self,
        services: Services,
        workshop_id: int,
        registration_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._benchmarking = services.benchmarking
        self._workshop_id = workshop_id
        # Shown in the window's language (the indicators' texts: catalogue-<year>.toml).
        self._catalogue = self._benchmarking.catalogue().localized(current_locale())
        self.survey: SurveyView | None = None
        self.rows: dict[str, AnswerRow] = {}
        self.pages: list[AreaPage] = []
        self._leave_warned = False
        self.setWindowTitle(_("Benchmarking questionnaire"))
        self.setMinimumSize(860, 560)
        fit_to_screen(self, 1080, 760)
        self._build()
        self._load_participants(registration_id)

    # -- building --------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 14)
        layout.setSpacing(8)
        heading = QLabel(self._catalogue.title)
        heading.setObjectName("headline")
        layout.addWidget(heading)

        top = QHBoxLayout()
        top.setSpacing(10)
        caption = QLabel(_("&Organization:"))
        caption.setObjectName("fieldLabel")
        self.organization = QComboBox()
        self.organization.setMinimumWidth(340)
        caption.setBuddy(self.organization)
        self.organization.activated.connect(self._organization_picked)
        top.addWidget(caption)
        top.addWidget(self.organization, 1)
        top.addSpacing(18)
        self.interview_held = QCheckBox(_("&Interview on"))
        self.interview_held.toggled.connect(self._interview_toggled)
        self.interview_on = QDateEdit()
        self.interview_on.setAccessibleName(_("Interview date"))
        self.interview_on.setCalendarPopup(True)
        self.interview_on.setDisplayFormat("MMM d, yyyy")
        self.interview_on.dateChanged.connect(self._interview_changed)
        top.addWidget(self.interview_held)
        top.addWidget(self.interview_on)
        layout.addLayout(top)

        self.details = QLabel()
        self.details.setObjectName("muted")
        layout.addWidget(self.details)

        meter = QHBoxLayout()
        self.completion = QProgressBar()
        self.completion.setTextVisible(True)
        self.completion.setMinimumWidth(260)
        self.completion_text = QLabel()
        self.completion_text.setObjectName("fieldLabel")
        meter.addWidget(self.completion_text)
        meter.addWidget(self.completion, 1)
        layout.addLayout(meter)
        note = QLabel(_(CONFIDENTIAL))
        note.setObjectName("muted")
        note.setWordWrap(True)
        layout.addWidget(note)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        layout.addWidget(self.tabs, 1)

        self.error = error_label()
        layout.addWidget(self.error)
        self.buttons, self.close_button = close_buttons(self)
        layout.addWidget(self.buttons)

    # -- loading ---------------------------------------------------------------------------

    def _load_participants(self, wanted: int | None) -> None:
        participants = self._benchmarking.participants(self._workshop_id)
        self.organization.clear()
        for participant in participants:
            self.organization.addItem(participant.organization, participant.registration_id)
        if wanted is not None and self.organization.findData(wanted) < 0:
            # Not (yet) taking part, but the director asked for it by name: allow it.
            view = self._benchmarking.survey(wanted)
            self.organization.addItem(view.organization, wanted)
        index = self.organization.findData(wanted) if wanted is not None else 0
        self.organization.setCurrentIndex(max(index, 0))
        self._show_current()

    def _show_current(self) -> None:
        registration_id = self.organization.currentData()
        if registration_id is None:
            self.survey = None
            self._show_empty()
            return
        self.load(int(registration_id))

    def _show_empty(self) -> None:
        self.tabs.clear()
        self.rows, self.pages = {}, []
        self.details.setText(
            _(
                "No organization takes part in the benchmarking yet: complete registrations "
                "(confirmed ones after the decision) appear here."
            )
        )
        self.interview_held.setEnabled(False)
        self.interview_on.setEnabled(False)
        self._update_completion()

    def load(self, registration_id: int) -> None:
        """Show the questionnaire of ``registration_id`` as stored."""
        survey = self._benchmarking.survey(registration_id)
        self.survey = survey
        self._leave_warned = False
        self.error.hide()
        self.details.setText(
            _("{area} · {country} · questionnaire {version}").format(
                area=technology_area_name(survey.technology_area)
                if survey.technology_area
                else _("Technology area not given"),
                country=country_name(survey.country) if survey.country else _("country not given"),
                version=survey.catalogue_version,
            )
        )
        self._show_interview(survey.interview_on)
        self.tabs.clear()
        for page in self.pages:
            page.deleteLater()
        self.rows, self.pages = {}, []
        for area in self._catalogue.areas:
            rows = []
            for indicator in self._catalogue.in_area(area.code):
                answer = survey.answers.get(indicator.code) or AnswerView(indicator.code, "", "")
                row = AnswerRow(indicator, answer, self._save, self)
                row.changed.connect(self._answer_saved)
                self.rows[indicator.code] = row
                rows.append(row)
            page = AreaPage(rows)
            self.pages.append(page)
            self.tabs.addTab(page, "")
            self.tabs.setTabToolTip(self.tabs.count() - 1, area.name)
        self._update_completion()

    def _show_interview(self, day: date | None) -> None:
        today = self._services.clock.now().date()
        for widget in (self.interview_held, self.interview_on):
            widget.blockSignals(True)
            widget.setEnabled(True)
        self.interview_held.setChecked(day is not None)
        self.interview_on.setDate(qdate(day or today))
        self.interview_on.setEnabled(day is not None)
        for widget in (self.interview_held, self.interview_on):
            widget.blockSignals(False)

    # -- saving ----------------------------------------------------------------------------

    def _save(self, code: str, text: str | None, note: str) -> AnswerView:
        if self.survey is None:
            raise RuntimeError("No questionnaire is open.")
        row = self.rows.get(code)
        return self._benchmarking.save_answer(
            self.survey.registration_id,
            code,
            text,
            note,
            expected=row.saved_answer if row is not None else None,
        )

    def _answer_saved(self, _answer: AnswerView) -> None:
        self._update_completion()
        if not self.invalid_rows():
            self.error.hide()

    def _interview_toggled(self, held: bool) -> None:
        self.interview_on.setEnabled(held)
        self._save_interview()

    def _interview_changed(self, _day: QDate) -> None:
        self._save_interview()

    def _save_interview(self) -> None:
        if self.survey is None:
            return
        day = pydate(self.interview_on.date()) if self.interview_held.isChecked() else None
        seen = self.survey.interview_on
        try:
            self._benchmarking.set_interview_date(self.survey.registration_id, day, expected=seen)
        except StaleEditError as error:  # changed on another desk: show the stored date
            stored = self._benchmarking.survey(self.survey.registration_id).interview_on
            self.survey = replace(self.survey, interview_on=stored)
            self._show_interview(stored)
            self.error.setText(
                _("{problem} The stored date is shown.").format(problem=error.message)
            )
            self.error.show()
        except ValidationError as error:
            self.error.setText(str(error))
            self.error.show()
        else:
            self.survey = replace(self.survey, interview_on=day)

    def commit_all(self) -> list[AnswerRow]:
        """Save every open edit; returns the rows whose edit was refused."""
        return [row for row in self.rows.values() if not row.commit()]

    def invalid_rows(self) -> list[AnswerRow]:
        return [row for row in self.rows.values() if row.problem]

    # -- completion ------------------------------------------------------------------------

    def _update_completion(self) -> None:
        answered = sum(row.answered for row in self.rows.values())
        total = len(self.rows)
        self.completion.setRange(0, max(total, 1))
        self.completion.setValue(answered)
        self.completion.setFormat(f"{answered * 100 // total} %" if total else "")
        self.completion_text.setText(
            _("{answered} of {total} answered").format(answered=answered, total=total)
            if total
            else ""
        )
        for index, page in enumerate(self.pages):
            area = self._catalogue.areas[index]
            self.tabs.setTabText(index, tab_title(area.short_name, page.answered, page.total))

    @property
    def answered(self) -> int:
        return self.completion.value() if self.rows else 0

    # -- switching and closing -------------------------------------------------------------

    def _may_leave(self) -> bool:
        """Save what can be saved; refuse once when some edits were refused."""
        refused = self.commit_all()
        if not refused or self._leave_warned:
            return True
        self._leave_warned = True
        codes = ", ".join(row.code for row in refused)
        count = len(refused)
        self.error.setText(
            ngettext(
                "{count} answer is not valid and not saved ({codes}). Correct or clear them, or "
                "close again to drop them.",
                "{count} answers are not valid and not saved ({codes}). Correct or clear them, "
                "or close again to drop them.",
                count,
            ).format(count=count, codes=codes)
        )
        self.error.show()
        self.tabs.setCurrentWidget(self._page_of(refused[0]))
        refused[0].editor.setFocus()
        return False

    def _page_of(self, row: AnswerRow) -> AreaPage:
        return next(page for page in self.pages if row in page.rows)

    def _organization_picked(self, _index: int) -> None:
        if self.survey is not None and self.organization.currentData() == (
            self.survey.registration_id
        ):
            return
        if not self._may_leave():
            index = self.organization.findData(self.survey.registration_id if self.survey else None)
            self.organization.setCurrentIndex(max(index, 0))
            return
        self._show_current()

    def reject(self) -> None:
        if not self._may_leave():
            return
        super().reject()

    def done(self, result: int) -> None:
        """Also when the window locks: whatever can be saved is saved before closing."""
        self.commit_all()
        super().done(result)
