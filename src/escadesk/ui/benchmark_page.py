"""The benchmarking page: one participant against its peers, with the recommendations beside.

Pick an organization; the comparison (peer statistics over the active reference set, its
recommendations and Bronze eligibility) is computed off the GUI thread while a busy bar
runs, then drawn: the headline, a radar by area (the organization, its technology-area
peers, the excellence group) and one bar chart per indicator of the chosen area. Only the
latest request is drawn, so switching quickly never shows a stale organization. A set of
synthetic reference data says so above the charts, as the reports do on every page.

The page is a plain widget (``BenchmarkPage``) shown in ``BenchmarkDialog``; the window's
Benchmarking menu opens the dialog, so locking closes it like every other dialog.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTabBar,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from escadesk.domain.benchmarking import (
    BronzeEligibility,
    Comparison,
    PeerGroup,
    QualityLabelAward,
    Recommendation,
    recommendations,
)
from escadesk.domain.moments import long_date
from escadesk.domain.validation import ValidationError
from escadesk.i18n import N_, _, current_locale, format_decimal, ngettext, pgettext
from escadesk.services.benchmark_views import BenchmarkParticipant, NoReferenceSetError
from escadesk.ui.benchmark_charts import (
    BAR_NOTE,
    GROUP_COLOURS,
    RADAR_GROUPS,
    IndicatorCharts,
    Legend,
    RadarChart,
    bar_keys,
    percent,
    radar_keys,
    value_text,
)
from escadesk.ui.child_dialogs import ChildHostDialog
from escadesk.ui.dialog_buttons import add_action, close_buttons, confirmation
from escadesk.ui.form_parts import error_label
from escadesk.ui.sizing import fit_to_screen
from escadesk.ui.style import GOOD, MUTED
from escadesk.ui.workers import run_in_background
from escadesk.ui.wrapping_scroll import WrappingScrollArea

if TYPE_CHECKING:
    from escadesk.services.benchmarking import BenchmarkingService
    from escadesk.services.container import Services

SYNTHETIC_NOTICE = N_(
    "Synthetic reference data: the peers are generated organizations, not real clusters."
)
RECOMMENDATIONS = 6


@dataclass(frozen=True)
class PageData:
    """What one computation hands to the GUI thread: the comparison with its texts in
    the window's language (catalogue, groups, advice), and the sentences made of it."""

    registration_id: int
    comparison: Comparison
    recommendations: tuple[Recommendation, ...]
    bronze: BronzeEligibility
    headline: str = ""
    no_recommendation: str = ""
    share_texts: tuple[str, ...] = ()
    """Each recommendation's peer share in the window's language ('' for a median)."""


def page_data(benchmarking: BenchmarkingService, registration_id: int, locale: str) -> PageData:
    """Compare (a worker thread's job) and put the texts in ``locale``'s language, the
    same way the organization's report does (exports.report_language)."""
    from escadesk.exports.report_language import (
        localized_comparison,
        no_recommendation,
        share_text,
    )
    from escadesk.exports.report_texts import headline_text
    from escadesk.i18n.translator import translator

    language = translator(locale)
    comparison = localized_comparison(benchmarking.comparison(registration_id), language)
    advice = recommendations(comparison, limit=RECOMMENDATIONS)
    return PageData(
        registration_id=registration_id,
        comparison=comparison,
        recommendations=advice,
        bronze=benchmarking.bronze(registration_id),
        headline=headline_text(comparison, language),
        no_recommendation=no_recommendation(comparison, comparison.subject.name, language),
        share_texts=tuple(share_text(item.peer_share, language) or "" for item in advice),
    )


class BenchmarkPage(QWidget):
    """One organization's comparison, computed in the background."""

    comparison_shown = Signal()
    """A computation finished and its result is on screen (or its failure explained)."""

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
        self._request = 0
        self._busy = False
        self.data: PageData | None = None
        self.participants: list[BenchmarkParticipant] = []
        self._build()
        self.reload(registration_id)

    # -- building --------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)

        top = QHBoxLayout()
        top.setSpacing(10)
        caption = QLabel(_("&Organization:"))
        caption.setObjectName("fieldLabel")
        self.organization = QComboBox()
        self.organization.setMinimumWidth(360)
        self.organization.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        caption.setBuddy(self.organization)
        self.organization.currentIndexChanged.connect(lambda _index: self.compute())
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(140)
        self.busy.setMaximumHeight(14)
        self.busy.setTextVisible(False)
        self.busy_label = QLabel(_("Comparing…"))
        self.busy_label.setObjectName("muted")
        self.reference = QLabel()
        self.reference.setObjectName("muted")
        self.reference.setWordWrap(True)
        self.reference.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        top.addWidget(caption)
        top.addWidget(self.organization)
        top.addWidget(self.busy)
        top.addWidget(self.busy_label)
        top.addStretch(1)
        top.addWidget(self.reference, 1)
        layout.addLayout(top)

        self.synthetic = QLabel(_(SYNTHETIC_NOTICE))
        self.synthetic.setWordWrap(True)
        self.synthetic.setObjectName("banner")
        self.synthetic.hide()
        layout.addWidget(self.synthetic)

        self.empty = QFrame()
        self.empty.setObjectName("card")
        empty_layout = QVBoxLayout(self.empty)
        empty_layout.setContentsMargins(24, 20, 24, 20)
        self.empty_text = QLabel()
        self.empty_text.setWordWrap(True)
        self.install_button = QPushButton(_("&Install the shipped synthetic reference set"))
        self.install_button.clicked.connect(self.install_shipped_set)
        empty_layout.addWidget(self.empty_text)
        empty_layout.addWidget(self.install_button, 0, Qt.AlignmentFlag.AlignLeft)
        empty_layout.addStretch(1)
        layout.addWidget(self.empty, 1, Qt.AlignmentFlag.AlignTop)

        self.content = QWidget()
        content = QVBoxLayout(self.content)
        content.setContentsMargins(0, 0, 0, 0)
        content.setSpacing(8)
        content.addWidget(self._headline_card())
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self._charts_panel())
        splitter.addWidget(self._recommendations_panel())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([860, 340])
        self.splitter = splitter
        content.addWidget(splitter, 1)
        layout.addWidget(self.content, 1)

        self.error = error_label()
        layout.addWidget(self.error)

    def _headline_card(self) -> QFrame:
        card = QFrame()
        card.setObjectName("card")
        layout = QVBoxLayout(card)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(4)
        self.headline = QLabel()
        self.headline.setObjectName("headline")
        self.headline.setWordWrap(True)
        self.scores = QLabel()
        self.scores.setTextFormat(Qt.TextFormat.RichText)
        self.scores.setWordWrap(True)
        label_row = QHBoxLayout()
        self.label_status = QLabel()
        self.label_status.setWordWrap(True)
        self.award_button = QPushButton(_("Award the &Bronze label…"))
        self.award_button.clicked.connect(self.confirm_award)
        self.certificate_button = QPushButton(_("Save label &certificate…"))
        self.certificate_button.setToolTip(
            _("The Bronze label's certificate as a PDF, to send or print.")
        )
        self.certificate_button.clicked.connect(self.save_label_certificate)
        self.certificate_button.hide()
        label_row.addWidget(self.label_status, 1)
        label_row.addWidget(self.award_button)
        label_row.addWidget(self.certificate_button)
        #: What became of the last label certificate (saved where, or why not).
        self.certificate_note = QLabel()
        self.certificate_note.setObjectName("muted")
        self.certificate_note.setWordWrap(True)
        self.certificate_note.setTextFormat(Qt.TextFormat.PlainText)
        self.certificate_note.hide()
        layout.addWidget(self.headline)
        layout.addWidget(self.scores)
        layout.addLayout(label_row)
        layout.addWidget(self.certificate_note)
        return card

    def _charts_panel(self) -> QWidget:
        """A tab bar over the charts: the radar by area first, then one tab per area with
        the bar charts of its indicators (each view fits without scrolling far)."""
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 8, 0)
        layout.setSpacing(6)
        self.views = QTabBar()
        self.views.setDocumentMode(True)
        self.views.setExpanding(False)
        self.views.addTab(_("By area"))
        self.views.setTabToolTip(0, _("Score by area (0-100 %) against the peer groups"))
        for area in self._benchmarking.catalogue().localized(current_locale()).areas:
            index = self.views.addTab(area.short_name)
            self.views.setTabData(index, area.code)
            self.views.setTabToolTip(index, _("The indicators of {area}").format(area=area.name))
        self.views.currentChanged.connect(lambda _index: self._show_view())
        layout.addWidget(self.views)
        self.stack = QStackedWidget()
        self.stack.addWidget(self._radar_view())
        bars_page = QWidget()
        bars_layout = QVBoxLayout(bars_page)
        bars_layout.setContentsMargins(0, 0, 0, 0)
        bars_layout.setSpacing(6)
        self.legend = Legend()
        bars_layout.addWidget(self.legend)
        self.bars = IndicatorCharts()
        scroll = QScrollArea()
        scroll.setAccessibleName(_("Indicators of the area"))  # a Tab stop: the arrows scroll
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.bars)
        bars_layout.addWidget(scroll, 1)
        self.stack.addWidget(bars_page)
        layout.addWidget(self.stack, 1)
        panel.setMinimumWidth(560)
        return panel

    def _radar_view(self) -> QWidget:
        """The radar, with its legend and the scores in figures beside it."""
        view = QWidget()
        layout = QHBoxLayout(view)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        self.radar = RadarChart()
        layout.addWidget(self.radar, 3)
        side = QVBoxLayout()
        side.setSpacing(8)
        self.radar_legend = Legend(vertical=True)
        side.addWidget(self.radar_legend)
        self.area_table = QTableWidget(0, 4)
        self.area_table.setAccessibleName(_("Scores by area"))
        self.area_table.setHorizontalHeaderLabels(
            [_("Area"), pgettext("chart", "You"), _("Peers"), _("Excellence")]
        )
        self.area_table.verticalHeader().hide()
        self.area_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.area_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.area_table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        header = self.area_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        side.addWidget(self.area_table)
        hint = QLabel(
            _(
                "Scores: each answer placed on its indicator's 0-100 % scale, averaged per "
                "area. Pick an area above for its indicators."
            )
        )
        hint.setObjectName("muted")
        hint.setWordWrap(True)
        side.addWidget(hint)
        side.addStretch(1)
        layout.addLayout(side, 2)
        return view

    def _show_area_table(self, comparison: Comparison) -> None:
        tips = (
            "",
            comparison.subject.name,
            *(
                _("Mean score of {group}").format(group=comparison.groups[group].label)
                for group in RADAR_GROUPS
            ),
        )
        for column, tip in enumerate(tips):
            header_item = self.area_table.horizontalHeaderItem(column)
            if header_item is not None:
                header_item.setToolTip(tip)
        shown = comparison.shown_groups(RADAR_GROUPS)
        for column, group in enumerate(RADAR_GROUPS, start=2):  # no empty group's column
            self.area_table.setColumnHidden(column, group not in shown)
        profiles = [*comparison.area_profiles, comparison.overall_profile]
        self.area_table.setRowCount(len(profiles))
        for row, profile in enumerate(profiles):
            cells = [
                profile.area.short_name if profile.area else _("Overall"),
                percent(profile.subject),
                percent(profile.peers.get(PeerGroup.TECHNOLOGY_AREA)),
                percent(profile.peers.get(PeerGroup.EXCELLENCE)),
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if profile.area is not None:
                    item.setToolTip(profile.area.name)
                else:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.area_table.setItem(row, column, item)
        self.area_table.resizeRowsToContents()
        height = self.area_table.horizontalHeader().height() + 4
        height += sum(self.area_table.rowHeight(row) for row in range(len(profiles)))
        self.area_table.setFixedHeight(height)

    def show_area(self, area_code: str | None) -> None:
        """Show the bar charts of ``area_code``, or the radar for None."""
        index = 0
        for position in range(1, self.views.count()):
            if self.views.tabData(position) == area_code:
                index = position
        self.views.setCurrentIndex(index)
        self._show_view()

    def _recommendations_panel(self) -> WrappingScrollArea:
        body = QWidget()
        self._recommendations_layout = QVBoxLayout(body)
        self._recommendations_layout.setContentsMargins(8, 0, 4, 0)
        self._recommendations_layout.setSpacing(8)
        title = QLabel(_("Recommendations"))
        title.setObjectName("cardTitle")
        self._recommendations_layout.addWidget(title)
        self.recommendation_cards: list[QFrame] = []
        self._recommendations_layout.addStretch(1)
        scroll = self._recommendations_scroll = WrappingScrollArea()
        scroll.setAccessibleName(_("Recommendations"))  # a Tab stop: the arrows scroll
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        scroll.setMinimumWidth(300)
        return scroll

    # -- loading ---------------------------------------------------------------------------

    @property
    def registration_id(self) -> int | None:
        data = self.organization.currentData()
        return None if data is None else int(data)

    @property
    def is_busy(self) -> bool:
        return self._busy

    def reload(self, registration_id: int | None = None) -> None:
        """Re-read the participants (keeping the current one) and compute again."""
        wanted = registration_id if registration_id is not None else self.registration_id
        self.participants = self._benchmarking.participants(self._workshop_id)
        self.organization.blockSignals(True)
        self.organization.clear()
        for participant in self.participants:
            self.organization.addItem(
                _("{organization}  ({answered}/{total} answered)").format(
                    organization=participant.organization,
                    answered=participant.answered,
                    total=participant.total,
                ),
                participant.registration_id,
            )
        index = self.organization.findData(wanted) if wanted is not None else 0
        self.organization.setCurrentIndex(max(index, 0))
        self.organization.blockSignals(False)
        self._show_reference()
        self.compute()

    def _show_reference(self) -> None:
        active = next((s for s in self._benchmarking.reference_sets() if s.active), None)
        if active is None:
            self.reference.setText(_("No reference set"))
            self.synthetic.hide()
            return
        self.reference.setText(
            ngettext(
                "Compared with: {name} ({count} organization)",
                "Compared with: {name} ({count} organizations)",
                active.size,
            ).format(name=active.name, count=format_decimal(active.size))
        )
        self.synthetic.setVisible(active.synthetic)

    def compute(self) -> None:
        """Compare the chosen organization in the background (the latest request wins)."""
        registration_id = self.registration_id
        self._request += 1
        request = self._request
        self.error.hide()
        if registration_id is None:
            self._show_empty(
                _(
                    "No organization takes part in the benchmarking yet: complete "
                    "registrations (confirmed ones after the decision) appear here."
                ),
                install=False,
            )
            return
        self._set_busy(True)
        benchmarking = self._benchmarking
        locale = current_locale()  # the window's, read on the GUI thread

        run_in_background(
            lambda _progress: page_data(benchmarking, registration_id, locale),
            lambda data: self._computed(request, data),
            lambda error: self._failed(request, error),
        )

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busy.setVisible(busy)
        self.busy_label.setVisible(busy)

    def _computed(self, request: int, data: object) -> None:
        if request != self._request or not shiboken6.isValid(self):
            return  # an older request: another organization was picked meanwhile
        self._set_busy(False)
        assert isinstance(data, PageData)
        self.data = data
        self._show_data(data)
        self.comparison_shown.emit()

    def _failed(self, request: int, error: Exception) -> None:
        if request != self._request or not shiboken6.isValid(self):
            return
        self._set_busy(False)
        self.data = None
        if isinstance(error, NoReferenceSetError):
            self._show_empty(
                _(
                    "There is no reference set to compare with. Install the synthetic "
                    "reference set shipped with escadesk (about 1,300 generated organizations, "
                    "labelled synthetic in every report), or import one under Benchmarking > "
                    "Reference sets."
                ),
                install=True,
            )
        else:
            self._show_empty(_("The comparison failed: {error}").format(error=error), install=False)
        self.comparison_shown.emit()

    def _show_empty(self, message: str, install: bool) -> None:
        self._set_busy(False)
        self.content.hide()
        self.empty_text.setText(message)
        self.install_button.setVisible(install)
        self.empty.show()

    # -- showing ---------------------------------------------------------------------------

    def _show_data(self, data: PageData) -> None:
        self.empty.hide()
        self.content.show()
        comparison = data.comparison
        self.synthetic.setVisible(comparison.synthetic)
        self.headline.setText(data.headline)
        self.scores.setText(self._scores_html(comparison))
        self._show_label(data)
        self.radar.show_comparison(comparison)
        self.radar_legend.set_keys(radar_keys(comparison))
        self._show_area_table(comparison)
        self.legend.set_keys(bar_keys(comparison), _(BAR_NOTE))
        self._show_view()
        self._show_recommendations(data)

    @staticmethod
    def _scores_html(comparison: Comparison) -> str:
        overall = comparison.overall_profile
        parts = [_("Overall score <b>{score}</b>").format(score=percent(overall.subject))]
        shown = (PeerGroup.TECHNOLOGY_AREA, PeerGroup.EXCELLENCE, PeerGroup.ALL)
        for group in comparison.shown_groups(shown):
            colour = GROUP_COLOURS[group]
            parts.append(
                f"<span style='color:{colour}'>■</span> {comparison.groups[group].label} "
                f"{percent(overall.peers.get(group))}"
            )
        answered = sum(item.value is not None for item in comparison.indicators)
        total = len(comparison.indicators)
        answered_text = ngettext(
            "{answered} of {total} indicator answered",
            "{answered} of {total} indicators answered",
            total,
        ).format(answered=answered, total=total)
        parts.append(f"<span style='color:{MUTED}'>{answered_text}</span>")
        return " &nbsp;·&nbsp; ".join(parts)

    def _participant(self, registration_id: int) -> BenchmarkParticipant | None:
        return next((p for p in self.participants if p.registration_id == registration_id), None)

    def _show_label(self, data: PageData) -> None:
        participant = self._participant(data.registration_id)
        award = participant.label if participant else None
        self.award_button.setVisible(award is None)
        self.award_button.setEnabled(award is None and data.bronze.eligible)
        self.certificate_button.setVisible(award is not None)
        if self.certificate_note.property("registration") != data.registration_id:
            self.certificate_note.hide()  # it spoke of another organization
        self.label_status.setStyleSheet(f"color: {GOOD};" if award else "")
        self.label_status.setText(label_text(award, data.bronze))

    def _show_view(self) -> None:
        data = self.data
        area = self.views.tabData(self.views.currentIndex()) if self.views.currentIndex() else None
        self.stack.setCurrentIndex(0 if area is None else 1)
        if area is not None:
            self.bars.show_area(data.comparison if data else None, area)

    def _show_recommendations(self, data: PageData) -> None:
        for card in self.recommendation_cards:
            self._recommendations_layout.removeWidget(card)
            card.deleteLater()
        self.recommendation_cards = []
        shares = data.share_texts or ("",) * len(data.recommendations)
        cards = [
            recommendation_card(item, share)
            for item, share in zip(data.recommendations, shares, strict=True)
        ]
        if not cards:
            cards = [_note_card(data.no_recommendation)]
        for position, card in enumerate(cards, start=1):
            self._recommendations_layout.insertWidget(position, card)
        self.recommendation_cards = cards
        self._recommendations_scroll.fit()

    # -- actions ---------------------------------------------------------------------------

    def install_shipped_set(self) -> None:
        """Install the synthetic set (a second or two: off the GUI thread), then compare."""
        self.install_button.setEnabled(False)
        self.empty_text.setText(_("Installing the synthetic reference set…"))
        self._set_busy(True)

        def done(_set_id: object) -> None:
            if not shiboken6.isValid(self):
                return  # closed (or locked) meanwhile
            self.install_button.setEnabled(True)
            self._show_reference()
            self.compute()

        def failed(error: Exception) -> None:
            if not shiboken6.isValid(self):
                return
            self.install_button.setEnabled(True)
            self._set_busy(False)
            self.empty_text.setText(
                _("The synthetic reference set was not installed: {error}").format(error=error)
            )

        run_in_background(
            lambda _progress: self._benchmarking.ensure_shipped_reference_set(), done, failed
        )

    def confirm_award(self) -> None:
        registration_id = self.registration_id
        participant = self._participant(registration_id) if registration_id else None
        if participant is None:
            return
        day = self._benchmarking.survey(participant.registration_id).interview_on
        if day:
            question = _(
                "Record the Bronze label for {organization}? It is dated the day "
                "of the interview ({day}) and valid for 2 years from that month."
            ).format(organization=participant.organization, day=long_date(day))
        else:
            question = _(
                "Record the Bronze label for {organization}? It is dated the day "
                "of the interview and valid for 2 years from that month."
            ).format(organization=participant.organization)
        box = confirmation(self, _("Award the Bronze label"), question, _("&Award"))
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.accepted.connect(lambda: self.award(participant.registration_id))
        box.finished.connect(lambda _result: box.deleteLater())
        self.award_box = box
        box.open()

    def award(self, registration_id: int) -> QualityLabelAward | None:
        """Record the Bronze label; a refusal is explained under the page."""
        try:
            award = self._benchmarking.award_bronze(registration_id)
        except ValidationError as error:
            self.error.setText(_("The label was not recorded: {error}").format(error=error))
            self.error.show()
            return None
        self.reload(registration_id)
        return award

    # -- the label's certificate -----------------------------------------------------------

    def save_label_certificate(self) -> None:
        """Make the Bronze label's certificate off the GUI thread, then ask where to save
        it (the name proposed is the service's)."""
        registration_id = self.registration_id
        if registration_id is None or not self.certificate_button.isEnabled():
            return
        self.certificate_button.setEnabled(False)
        self._certificate_note(registration_id, _("Making the label certificate…"))

        def made(result: tuple[str, bytes]) -> None:
            if shiboken6.isValid(self):
                self.certificate_button.setEnabled(True)
                self.certificate_note.hide()
                self._choose_certificate_file(registration_id, *result)

        run_in_background(
            lambda _progress: self._benchmarking.bronze_certificate(registration_id),
            made,
            lambda error: self._certificate_failed(registration_id, error),
        )

    def _choose_certificate_file(self, registration_id: int, name: str, data: bytes) -> None:
        from escadesk.ui.export_dialog import default_folder

        chooser = QFileDialog(
            self,
            _("Save the Bronze label certificate"),
            str(default_folder(self._services) / name),
            _("PDF files (*.pdf)"),
        )
        chooser.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        chooser.setDefaultSuffix("pdf")
        chooser.selectFile(name)
        chooser.setWindowModality(Qt.WindowModality.WindowModal)
        chooser.fileSelected.connect(
            lambda chosen: self.write_label_certificate(registration_id, Path(chosen), data)
        )
        chooser.finished.connect(lambda _result: chooser.deleteLater())
        self.certificate_chooser = chooser
        chooser.open()

    def write_label_certificate(self, registration_id: int, path: Path, data: bytes) -> None:
        """Write the certificate's ``data`` to ``path`` (.pdf added if left out), whole or
        not at all, off the GUI thread; say where, or why not."""
        from escadesk.atomic_files import write_atomically

        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        self.certificate_button.setEnabled(False)

        def job(_progress: object) -> Path:
            write_atomically(path, lambda stream: stream.write(data), prefix=f".{path.stem[:40]}.")
            return path

        def saved(written: Path) -> None:
            if shiboken6.isValid(self):
                self.certificate_button.setEnabled(True)
                self._certificate_note(
                    registration_id,
                    _("Saved {file} in {folder}.").format(file=written.name, folder=written.parent),
                )

        run_in_background(
            job, saved, lambda error: self._certificate_failed(registration_id, error)
        )

    def _certificate_failed(self, registration_id: int, error: Exception) -> None:
        if not shiboken6.isValid(self):
            return
        self.certificate_button.setEnabled(True)
        if isinstance(error, OSError):
            reason = _("{error}; choose another folder").format(error=error.strerror or error)
        else:
            reason = str(error)
        self._certificate_note(
            registration_id,
            _("The label certificate was not saved: {reason}.").format(reason=reason),
            error=True,
        )

    def _certificate_note(self, registration_id: int, text: str, *, error: bool = False) -> None:
        self.certificate_note.setProperty("registration", registration_id)
        self.certificate_note.setObjectName("fieldError" if error else "muted")
        self.certificate_note.setText(text)
        self.certificate_note.style().polish(self.certificate_note)
        self.certificate_note.show()


def label_text(award: QualityLabelAward | None, bronze: BronzeEligibility) -> str:
    """The Bronze label line: held, eligible, or what stands in the way."""
    if award is not None:
        return _("{label} label awarded {awarded}, valid until {until}.").format(
            label=award.label,
            awarded=long_date(award.awarded_on),
            until=long_date(award.valid_until),
        )
    if bronze.eligible:
        return _("Eligible for the Bronze label (complete questionnaire, eligibility rule met).")
    reasons = " ".join(problem.message for problem in bronze.problems)
    return _("Not yet eligible for the Bronze label. {reasons}").format(reasons=reasons)


def recommendation_card(item: Recommendation, share: str = "") -> QFrame:
    """One recommendation: the indicator, where the organization stands, the advice
    (``share``: the peers' share answering yes, as the window's language writes it)."""
    indicator = item.indicator
    card = QFrame()
    card.setObjectName("card")
    layout = QVBoxLayout(card)
    layout.setContentsMargins(12, 10, 12, 10)
    layout.setSpacing(4)
    title = QLabel(indicator.title)
    title.setObjectName("fieldLabel")
    title.setWordWrap(True)
    standing = QLabel(peers_text(item, share))
    standing.setObjectName("muted")
    standing.setWordWrap(True)
    layout.addWidget(title)
    layout.addWidget(standing)
    for text in item.advice:
        advice = QLabel(text)
        advice.setWordWrap(True)
        layout.addWidget(advice)
    return card


def peers_text(item: Recommendation, share: str = "") -> str:
    """'Answer: no · ICT clusters answering yes: 4 of 6 (67 %)' for a yes/no question (never
    a median of yes and no); 'Answer: 3 · median: 5 (120 ICT clusters)' otherwise."""
    indicator = item.indicator
    answer = value_text(indicator, item.value)
    if item.peer_share is not None:
        label = item.peer_label.removeprefix("the ")
        return _("Answer: {answer} · {peers} answering yes: {share}").format(
            answer=answer,
            peers=f"{label[:1].upper()}{label[1:]}",
            share=share or item.peer_share.text,
        )
    return _("Answer: {answer} · median: {median} ({count} {peers})").format(
        answer=answer,
        median=value_text(indicator, item.peer_typical),
        count=format_decimal(item.peer_count),
        peers=item.peer_label,
    )


def _note_card(text: str) -> QFrame:
    card = QFrame()
    card.setObjectName("card")
    layout = QVBoxLayout(card)
    layout.setContentsMargins(12, 10, 12, 10)
    label = QLabel(text)
    label.setWordWrap(True)
    label.setObjectName("muted")
    layout.addWidget(label)
    return card


class BenchmarkDialog(ChildHostDialog):
    """The page in a window of its own, with the questionnaire and the report at hand
    (both open over it; closing the questionnaire compares again with the new answers)."""

    def __init__(
        self,
        services: Services,
        workshop_id: int,
        registration_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._workshop_id = workshop_id
        self.setWindowTitle(_("Benchmarking"))
        self.setMinimumSize(1120, 720)
        fit_to_screen(self, 1260, 860)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        self.page = BenchmarkPage(services, workshop_id, registration_id, self)
        layout.addWidget(self.page, 1)
        buttons, self.close_button = close_buttons(self)
        self.survey_button = add_action(buttons, _("&Questionnaire…"), self.open_survey)
        self.report_button = add_action(buttons, _("Save &report…"), self.open_report)
        layout.addWidget(buttons)
        self.page.comparison_shown.connect(self._enable)
        self._enable()

    def _enable(self) -> None:
        has_org = self.page.registration_id is not None
        self.survey_button.setEnabled(has_org)
        self.report_button.setEnabled(has_org and self.page.data is not None)

    def open_survey(self) -> None:
        from escadesk.ui.survey_dialog import SurveyDialog

        registration_id = self.page.registration_id
        if registration_id is None:
            return
        dialog = SurveyDialog(self._services, self._workshop_id, registration_id, self)
        dialog.finished.connect(lambda _result: self.page.reload())
        self._open_child(dialog)

    def open_report(self) -> None:
        from escadesk.ui.report_export_dialog import BenchmarkReportDialog

        registration_id = self.page.registration_id
        if registration_id is None:
            return
        dialog = BenchmarkReportDialog.for_organization(
            self._services, self._workshop_id, registration_id, self
        )
        self._open_child(dialog)
        dialog.start()  # the format first, then the file
