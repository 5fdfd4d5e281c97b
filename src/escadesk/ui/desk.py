"""The desk itself: demo banner, dashboard, the searchable registrations table and the
selected registration's story. Built once the data is open (see MainWindow.attach)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import shiboken6
from PySide6.QtCore import QEvent, QItemSelection, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from escadesk.domain.moments import long_date
from escadesk.domain.registration import RegistrationEvent, Transition
from escadesk.i18n import _, current_locale, format_decimal, ngettext, pgettext
from escadesk.ui.column_chooser import ColumnChooser
from escadesk.ui.dashboard import DashboardWidget
from escadesk.ui.formatting import local_time
from escadesk.ui.frozen_table import FrozenColumnTable
from escadesk.ui.registrations_model import (
    COLUMNS,
    STATUS_COLUMN,
    RegistrationsFilter,
    RegistrationsModel,
    column_labels,
    status_font,
    status_words,
)
from escadesk.ui.wrapping_scroll import WrappingScrollArea

if TYPE_CHECKING:
    from escadesk.services.charging import ChargeView
    from escadesk.services.desk_view import DeskHead, DeskSnapshot
    from escadesk.services.views import RegistrationRow

#: Rows measured to fit a column's width: the longest texts, and the first rows shown.
SAMPLE_LONGEST = 8
SAMPLE_FIRST = 10
#: Rows whose search texts are built per idle moment after a show (a few ms each), from
#: a moment after it: the show itself formats only what it paints, and the first
#: keystroke finds them built (one before builds the rest then).
WARM_ROWS = 1000
WARM_AFTER_MS = 500
#: The rows a large workshop is first shown with (services/desk_view.py: DeskHead): more
#: than a tall screen's table shows, so the first paint needs no other.
FIRST_ROWS = 60
#: What a cell adds to its text's width (the item view's text margins: the style's focus
#: frame margin and one pixel, on each side).
CELL_MARGINS = 6
#: After their first paint, the first rows are announced this much later: the paints that
#: follow the first one (the layout settling) are done before a read competes with them.
FIRST_PAINT_SETTLE_MS = 50
#: Each column's English title (its label's key) by its stable key.
_TITLES = {column.key: column.title for column in COLUMNS}

_EVENT_WORDS: dict[str, dict[RegistrationEvent, str]] = {}


def event_words() -> dict[RegistrationEvent, str]:
    """What each step of a registration's history is called, in the window's language."""
    locale = current_locale()
    words = _EVENT_WORDS.get(locale)
    if words is None:
        event = RegistrationEvent
        words = _EVENT_WORDS[locale] = {
            event.REGISTER: pgettext("history", "Registered"),
            event.RECEIVE_FORM: pgettext("history", "Registration form received"),
            event.RECEIVE_AUTHORIZATION: pgettext("history", "Card authorization received"),
            event.ACCEPT_LATE: pgettext("history", "Late completion accepted"),
            event.WITHDRAW: pgettext("history", "Withdrawn"),
            event.CONFIRM: pgettext("history", "Confirmed"),
            event.WAITLIST: pgettext("history", "Waitlisted"),
            event.PROMOTE: pgettext("history", "Promoted from the waitlist"),
            event.CANCEL: pgettext("history", "Cancelled"),
            event.CHARGE: pgettext("history", "Charged"),
        }
    return words


def charge_details(charge: ChargeView) -> str:
    """The charge recorded for a registration, as the details panel shows it."""
    lines = [
        _("{amount} on {date}").format(amount=charge.amount, date=long_date(charge.charged_on)),
        _("Reference: {reference}").format(reference=charge.reference),
        _("Card: {card}").format(card=charge.card),
    ]
    if charge.amount_reason:
        lines.append(_("Reason for the amount: {reason}").format(reason=charge.amount_reason))
    return "\n".join(lines)


def _section_title(text: str) -> QLabel:
    label = QLabel(text.upper())
    label.setObjectName("cardTitle")
    return label


class DeskView(QWidget):
    """Shows one workshop; knows nothing of services (MainWindow feeds it values)."""

    selection_changed = Signal()
    activated = Signal()
    #: The "Reveal card…" button of the selected registration was pressed.
    reveal_requested = Signal()
    #: The first rows of a large workshop (:meth:`show_first`) were painted: the window
    #: reads the rest from then on (a read holding the interpreter during the paint made
    #: each of the paint's calls into Python wait for it, issue 17).
    first_rows_painted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.zone = ZoneInfo("UTC")
        self.model = RegistrationsModel(self.zone)
        self.proxy = RegistrationsFilter(self.model)
        self._warming = QTimer(self)
        self._warming.timeout.connect(self._warm)
        #: The registration last announced as selected (selection_changed).
        self._announced: int | None = None
        #: The workshop as last shown (None: none yet).
        self.snapshot: DeskSnapshot | None = None
        #: The workshop whose first rows are shown while the rest is read (None: none).
        self.loading_workshop: int | None = None
        #: Whether the first rows shown (:meth:`show_first`) were painted yet.
        self.first_rows_shown = False

        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 8)
        layout.setSpacing(10)
        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.hide()
        layout.addWidget(self.banner)
        self.dashboard = DashboardWidget()
        self.dashboard.hide()  # until a workshop is shown whole (show_workshop): a large
        layout.addWidget(self.dashboard)  # one's first rows paint without it (issue 17)
        layout.addLayout(self._build_filters())
        self.table = self._build_table()
        self.details = self._build_details()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.details)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([900, 340])
        layout.addWidget(self.splitter, 1)

    def _build_filters(self) -> QHBoxLayout:
        filters = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(
            _("Search organizations, contacts, countries, statuses…  (Ctrl+F)")
        )
        # A label of its own: Alt+S (or Ctrl+F) reaches the box; a screen reader names it.
        search_label = QLabel(_("&Search:"))
        search_label.setBuddy(self.search)
        self.search.setAccessibleName(_("Search registrations"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._search_changed)
        self.hide_inactive = QCheckBox(_("Hi&de withdrawn"))
        self.hide_inactive.toggled.connect(self._hide_inactive_toggled)
        self.count_label = QLabel()
        self.count_label.setObjectName("muted")
        filters.addWidget(search_label)
        filters.addWidget(self.search, 1)
        filters.addWidget(self.hide_inactive)
        filters.addWidget(self.count_label)
        return filters

    def _build_table(self) -> FrozenColumnTable:
        """The Organization column stays in view when the table scrolls sideways; the
        less-used columns start hidden (``columns``: the header's or View menu's choice)."""
        table = FrozenColumnTable()
        table.setAccessibleName(_("Registrations"))
        table.setModel(self.proxy)
        table.setSortingEnabled(True)
        table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        for view in table.views():
            view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
            view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            view.setAlternatingRowColors(True)
            view.verticalHeader().hide()
            view.verticalHeader().setDefaultSectionSize(30)
            view.setShowGrid(False)
            header = view.horizontalHeader()
            header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
            header.setHighlightSections(False)
            header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        table.horizontalHeader().setStretchLastSection(True)
        self.columns = ColumnChooser(
            table,
            [column.key for column in COLUMNS],
            {column.key for column in COLUMNS if column.hidden_by_default},
            headers=[view.horizontalHeader() for view in table.views()],
            label=lambda key: column_labels()[_TITLES[key]],
            legacy_titles={column.title: column.key for column in COLUMNS},
        )
        self.columns.changed.connect(self._fit_columns)
        table.selectionModel().selectionChanged.connect(self._selection_changed)
        table.doubleClicked.connect(lambda _index: self.activated.emit())
        return table

    def _build_details(self) -> QFrame:
        frame = QFrame()
        frame.setObjectName("card")
        frame.setMinimumWidth(300)
        # In a scroll area: a long story (a charge, a card note) never makes the window
        # taller than the screen.
        scroll = self.details_scroll = WrappingScrollArea()
        scroll.setAccessibleName(_("Selected registration"))  # a Tab stop: the arrows scroll
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setStyleSheet(
            "QScrollArea, QScrollArea > QWidget > QWidget { background: transparent; }"
        )
        content = QWidget()
        scroll.setWidget(content)
        outer = QVBoxLayout(frame)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.addWidget(_section_title(_("Selected registration")))
        self.detail_name = QLabel()
        self.detail_name.setObjectName("headline")
        self.detail_name.setWordWrap(True)
        self.detail_contact = QLabel()
        self.detail_contact.setObjectName("muted")
        self.detail_contact.setWordWrap(True)
        self.detail_contact.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail_checklist = QLabel()
        self.detail_checklist.setWordWrap(True)
        layout.addWidget(self.detail_name)
        layout.addWidget(self.detail_contact)
        layout.addWidget(self.detail_checklist)
        self.card_title = _section_title(_("Card authorization"))
        layout.addWidget(self.card_title)
        card_row = QHBoxLayout()
        card_row.setContentsMargins(0, 2, 0, 2)
        self.detail_card = QLabel()
        self.detail_card.setObjectName("cardMask")
        self.detail_card.setWordWrap(True)
        self.reveal_button = QPushButton(_("Reveal card…"))
        self.reveal_button.setToolTip(
            _("Show the full card for 30 seconds (asks for the passphrase again)")
        )
        self.reveal_button.clicked.connect(self.reveal_requested)
        card_row.addWidget(self.detail_card, 1)
        card_row.addWidget(self.reveal_button)
        layout.addLayout(card_row)
        # Translators: the details panel's section on the charge recorded (débit).
        self.charge_title = _section_title(pgettext("section", "Charge"))
        layout.addWidget(self.charge_title)
        self.detail_charge = QLabel()
        self.detail_charge.setWordWrap(True)
        self.detail_charge.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail_charge.setAccessibleName(_("Charge recorded"))
        layout.addWidget(self.detail_charge)
        layout.addWidget(_section_title(_("History")))
        self.history = QListWidget()
        self.history.setAccessibleName(_("History of the selected registration"))
        self.history.setWordWrap(True)
        self.history.setFrameShape(QFrame.Shape.NoFrame)
        # The list takes the height left (it scrolls itself); its default size hint (192
        # pixels) made the panel scroll on a 720-pixel screen with nothing to show below.
        self.history.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        self.history.setMinimumHeight(96)
        layout.addWidget(self.history, 1)
        self.show_details(None, ())
        return frame

    # -- feeding ---------------------------------------------------------------------------

    def show_banner(self, text: str | None) -> None:
        self.banner.setText(text or "")
        self.banner.setVisible(bool(text))

    def show_workshop(self, snapshot: DeskSnapshot, zone: ZoneInfo) -> None:
        """Show a workshop as read (services/desk_view.py): its dashboard and its rows.
        The same workshop again redraws only the rows that changed and keeps the
        selection, the order and the search; another one starts the table afresh."""
        shown = self.snapshot.workshop_id if self.snapshot is not None else None
        reset = snapshot.workshop_id not in (shown, self.loading_workshop)
        self.snapshot = snapshot
        self.loading_workshop = None
        self.zone = zone
        self.proxy.show_rows(snapshot.rows, zone, reset=reset)
        self.dashboard.show_overview(snapshot.overview)
        self.dashboard.show()
        self._fit_columns()
        index = self.table.currentIndex()
        if index.isValid() and self.table.selectionModel().hasSelection():
            self.table.scrollTo(index)  # as selecting it again did
        self._update_count()
        self._announced = self.selected_id()
        self.selection_changed.emit()
        self._warming.start(WARM_AFTER_MS)

    def show_first(self, head: DeskHead, zone: ZoneInfo) -> None:
        """Show the first rows of a large workshop (another one: the table starts again)
        while the rest is read; :meth:`show_workshop` brings every row, the dashboard and
        the count, keeping the selection, the scroll, the search and the sort. Until then
        the dashboard is hidden and the count says that the rest is loading."""
        self.snapshot = None
        self.loading_workshop = head.workshop_id
        self.first_rows_shown = False
        self.table.viewport().installEventFilter(self)
        self.zone = zone
        self._warming.stop()
        self.proxy.show_first(head.rows, zone, head.total)
        self.dashboard.hide()
        self._fit_columns()
        self._update_count()
        self._announced = self.selected_id()
        self.selection_changed.emit()

    def lay_out_rows(self) -> None:
        """The table's rows, header and scroll bars laid out now, the desk being shown: Qt
        does it on a zero timer, after the first paint, and its scroll bars appearing
        then made the window lay itself out and paint a second time (issue 17)."""
        for view in self.table.views():
            view.executeDelayedItemsLayout()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Installed by :meth:`show_first` until the table's first paint after it."""
        if event.type() == QEvent.Type.Paint and watched is self.table.viewport():
            watched.removeEventFilter(self)
            if self.loading_workshop is not None and not self.first_rows_shown:
                self.first_rows_shown = True
                # The window starts its read on this signal. A lambda, not the bound
                # method: PySide adds a bound method to the class's meta-object as a slot,
                # and a widget whose meta-object changed is polished again by its next
                # layout (the style sheet's polish, a second layout and a second paint of
                # the whole window: 15-30 ms after the first rows, issue 17).
                QTimer.singleShot(FIRST_PAINT_SETTLE_MS, lambda: self._announce_first_rows())
        return False

    def _announce_first_rows(self) -> None:
        if shiboken6.isValid(self) and self.loading_workshop is not None:
            self.first_rows_painted.emit()

    def _warm(self) -> None:
        if self.model.warm(WARM_ROWS):
            self._warming.stop()
        else:
            self._warming.setInterval(0)

    def _fit_columns(self) -> None:
        """Each shown column as wide as its content, within bounds (a column shown later
        from the chooser is fitted then). Measured on a sample, the longest texts and the
        first rows shown, never every row; with the font's metrics, not the delegate's
        size hints (a call into Python per role of each cell measured: 5-13 ms of the
        desk's first show, issue 17)."""
        plain = QFontMetrics(self.table.font())
        bold = QFontMetrics(status_font())
        header, cell = self.table.horizontalHeader(), self.model.cell
        first = self.proxy.positions()[:SAMPLE_FIRST]
        display = Qt.ItemDataRole.DisplayRole
        widths = {}
        for column in range(self.model.columnCount()):
            if self.table.isColumnHidden(column):
                continue
            advance = (bold if column == STATUS_COLUMN else plain).horizontalAdvance
            sample = set(first) | set(self.model.longest(column, SAMPLE_LONGEST))
            content = max((advance(cell(p, column, display)) for p in sample), default=0)
            width = max(content + CELL_MARGINS, header.sectionSizeHint(column))
            widths[column] = min(max(width + 16, 60), 280)
        self.table.set_column_widths(widths)

    def show_details(
        self,
        row: RegistrationRow | None,
        history: Sequence[Transition],
        card: str = "",
        card_note: str = "",
    ) -> None:
        """``card`` is the mask of its card authorization, if one is in the vault."""
        self.history.clear()
        self.detail_card.setText(card + (f"\n{card_note}" if card and card_note else ""))
        self.detail_card.setVisible(bool(card))
        self.card_title.setVisible(bool(card))
        self.reveal_button.setVisible(bool(card))
        charge = self.model.charge(row.id) if row is not None else None
        self.detail_charge.setText(charge_details(charge) if charge else "")
        self.detail_charge.setVisible(charge is not None)
        self.charge_title.setVisible(charge is not None)
        if row is None:
            self.detail_name.setText(_("Select a registration to see its history."))
            self.detail_contact.clear()
            self.detail_checklist.clear()
            return
        zone = self.zone
        from escadesk.domain.localized_names import country_name, technology_area_name

        self.detail_name.setText(row.organization)
        contact = [row.contact_name + (f", {row.contact_title}" if row.contact_title else "")]
        place = f"{country_name(row.country)} · {technology_area_name(row.technology_area)}"
        contact += [row.contact_email, row.contact_phone, place]
        self.detail_contact.setText("\n".join(part for part in contact if part))
        lines = []
        for received, label in (
            (row.form_received_at, _("Registration form")),
            (row.authorization_received_at, _("Signed card authorization")),
        ):
            when = f"  {local_time(received, zone)}" if received else ""
            lines.append(f"{'✓' if received else '✗'} {label}{when}")
        lines.append(_("Status: {status}").format(status=status_words()[row.status]))
        self.detail_checklist.setText("\n".join(lines))
        self.details_scroll.fit()
        for step in history:
            when, what = local_time(step.at, zone), event_words()[step.event]
            text = _("{moment} — {what}, recorded by {person}").format(
                moment=when, what=what, person=step.by
            )
            if step.reason:
                text += f"\n    “{step.reason}”"
            self.history.addItem(text)

    # -- selection -------------------------------------------------------------------------

    def selected_registration(self) -> RegistrationRow | None:
        indexes = self.table.selectionModel().selectedRows()
        if not indexes:
            return None
        return self.proxy.row_at(indexes[0].row()).registration()

    def selected_id(self) -> int | None:
        indexes = self.table.selectionModel().selectedRows()
        return self.proxy.row_at(indexes[0].row()).id if indexes else None

    def select_registration(self, registration_id: int) -> None:
        row = self.proxy.row_of(registration_id)
        if row is not None:
            self.table.selectRow(row)

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._announced = self.selected_id()
        self.selection_changed.emit()

    def _search_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        self._filtered()

    def _hide_inactive_toggled(self, hide: bool) -> None:
        self.proxy.set_hide_inactive(hide)
        self._filtered()

    def _filtered(self) -> None:
        """After the search or "Hide withdrawn" changed: the count, and the selection if
        its registration is no longer shown (the table's layout change drops it quietly)."""
        self._update_count()
        if self.selected_id() != self._announced:
            self._announced = self.selected_id()
            self.selection_changed.emit()

    def _update_count(self) -> None:
        loading = self.proxy.loading()
        if loading is not None:  # the search and the filter see only the first rows yet
            self.count_label.setText(
                ngettext(
                    "Loading {count} registration…", "Loading {count} registrations…", loading
                ).format(count=format_decimal(loading))
            )
            return
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        text = (
            _("{shown} of {total} shown").format(shown=shown, total=total)
            if shown != total
            else ngettext("{count} registration", "{count} registrations", total).format(
                count=format_decimal(total)
            )
        )
        self.count_label.setText(text)

    def clear(self) -> None:
        """Drop every value shown (on lock, before the desk is thrown away)."""
        self.table.clearSelection()
        self.search.clear()
        self.proxy.show_rows([], self.zone, reset=True)
        self.snapshot = None
        self.loading_workshop = None
        self.show_details(None, ())
        self.banner.clear()
        self.dashboard.hide()
        self.count_label.clear()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()
