"""The workshop dashboard: where the workshop stands in its life, and what to do next.

Before the deadline: the quorum gauge, the fee tiers, the revenue if registration closed
now and the waitlist. From the deadline on, each phase (domain/lifecycle.py) has its own
cards (ui/desk_phases.py) under a line that names the phase, with its next-step buttons.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from escadesk.domain.fees import EXCHANGE_DISCLAIMER
from escadesk.domain.lifecycle import Phase
from escadesk.domain.money import money_text, percent_text
from escadesk.domain.quorum import QuorumOutlook
from escadesk.i18n import _, format_decimal, ngettext, pgettext
from escadesk.ui import style
from escadesk.ui.desk_phases import (
    PHASE_CARDS,
    build_cards,
    card,
    fill_cards,
    header_text,
    muted,
    names,
)
from escadesk.ui.formatting import amount
from escadesk.ui.next_steps import NextStepButtons, letters_in_use

if TYPE_CHECKING:
    from escadesk.services.lifecycle import DeskOverview


class QuorumGauge(QWidget):
    """One slot per place (up to the maximum); a marker after the minimum needed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.complete = 0
        self.minimum = 4
        self.maximum = 6
        self.setMinimumSize(QSize(260, 64))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_counts(self, complete: int, minimum: int, maximum: int) -> None:
        self.complete, self.minimum, self.maximum = complete, minimum, maximum
        self.setAccessibleName(
            _("{complete} complete; {minimum} needed; at most {maximum} places").format(
                complete=complete, minimum=minimum, maximum=maximum
            )
        )
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        slots = max(self.maximum, 1)
        gap = 10.0
        size = min(34.0, (self.width() - gap * (slots + 1)) / slots)
        top = 6.0
        reached = self.complete >= self.minimum
        fill = QColor(style.GOOD if reached else style.ACCENT)
        for index in range(slots):
            left = gap + index * (size + gap)
            rect = QRectF(left, top, size, size)
            if index < self.complete:
                painter.setPen(QPen(fill.darker(115), 1.5))
                painter.setBrush(fill)
            else:
                painter.setPen(QPen(QColor(style.BORDER), 2, Qt.PenStyle.SolidLine))
                painter.setBrush(QColor(style.SURFACE))
            painter.drawEllipse(rect)
            painter.setPen(QColor("white" if index < self.complete else style.MUTED))
            font = QFont(self.font())
            font.setBold(True)
            painter.setFont(font)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(index + 1))
        marker_x = gap + self.minimum * (size + gap) - gap / 2
        painter.setPen(
            QPen(QColor(style.BAD if not reached else style.GOOD), 2, Qt.PenStyle.DashLine)
        )
        painter.drawLine(int(marker_x), int(top - 4), int(marker_x), int(top + size + 4))
        painter.setPen(QColor(style.MUTED))
        small = QFont(self.font())
        small.setPointSizeF(max(7.5, self.font().pointSizeF() - 2))
        painter.setFont(small)
        label_rect = QRectF(gap, top + size + 4, marker_x - gap, 18)
        painter.drawText(
            label_rect,
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            _("minimum {count}").format(count=self.minimum),
        )
        extra = self.complete - self.maximum
        if extra > 0:
            painter.drawText(
                QRectF(marker_x, top + size + 4, self.width() - marker_x - gap, 18),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                _("+{count} waitlisted").format(count=extra),
            )
        painter.end()


class DashboardWidget(QWidget):
    """Read-only summary of where the workshop stands: from a QuorumOutlook (today's desk
    before the deadline), or from a DeskOverview, which shows the phase, its own cards and
    its next steps. Pressing a step emits its key; the window opens what it names."""

    #: A next-step button was pressed: the step's key (domain.lifecycle.StepKey's value).
    next_step_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(8)
        self.phase: Phase | None = None
        #: The phase whose cards are in place, and the fee table shown (a refresh that
        #: changes neither leaves their widgets alone: no layout, no repaint).
        self._placed: Phase | None = None
        self._fees_shown: object = None
        self.header = QWidget()
        header = QHBoxLayout(self.header)
        header.setContentsMargins(2, 0, 0, 0)
        header.setSpacing(10)
        self.phase_title = QLabel()
        self.phase_title.setObjectName("headline")
        self.phase_detail = muted()
        self.steps = NextStepButtons()
        self.steps.next_step_requested.connect(self.next_step_requested)
        header.addWidget(self.phase_title)
        header.addWidget(self.phase_detail, 1)
        header.addWidget(self.steps)
        self.header.hide()  # until a DeskOverview says which phase it is
        outer.addWidget(self.header)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(12)
        outer.addLayout(row)
        self._row = row

        quorum, quorum_layout = card(_("Quorum"))
        self.gauge = QuorumGauge()
        self.headline = QLabel()
        self.headline.setObjectName("headline")
        self.headline.setWordWrap(True)
        self.deadline = muted()
        self.progress_note = muted()
        quorum_layout.addWidget(self.headline)
        quorum_layout.addWidget(self.gauge)
        quorum_layout.addWidget(self.deadline)
        quorum_layout.addWidget(self.progress_note)
        quorum_layout.addStretch(1)

        fees, fees_layout = card(_("Fee per organization"))
        self.fee_grid = QGridLayout()
        self.fee_grid.setHorizontalSpacing(14)
        self.fee_grid.setVerticalSpacing(4)
        fees_layout.addLayout(self.fee_grid)
        self.fee_note = muted()
        fees_layout.addWidget(self.fee_note)
        fees_layout.addStretch(1)

        revenue, revenue_layout = card(_("If registration closed now"))
        self.revenue = QLabel()
        self.revenue.setObjectName("headline")
        self.revenue_detail = muted()
        self.waitlist = muted()
        revenue_layout.addWidget(self.revenue)
        revenue_layout.addWidget(self.revenue_detail)
        revenue_layout.addWidget(self.waitlist)
        revenue_layout.addStretch(1)

        row.addWidget(quorum, 6)
        row.addWidget(fees, 6)
        row.addWidget(revenue, 4)
        #: Every card, by name; a phase shows those PHASE_CARDS names.
        self.cards: dict[str, QFrame] = {"quorum": quorum, "fees": fees, "revenue": revenue}
        self._facts = build_cards()
        for name, fact in self._facts.items():
            fact.hide()
            row.addWidget(fact, 6 if name in _WIDE else 4)
            self.cards[name] = fact

    def show_overview(self, overview: DeskOverview) -> None:
        """Show the phase the workshop is in: its title and dates, its cards, its next
        steps (each a button with its own Alt+letter)."""
        self.phase = overview.phase
        self.show_outlook(overview.outlook)
        self.phase_title.setText(overview.phase.heading)
        self.phase_detail.setText(header_text(overview))
        page = self.parentWidget() or self  # the desk: its search and filters have letters
        self.steps.set_steps(overview.steps, letters_in_use(page, besides=self.steps))
        self.header.show()
        shown = PHASE_CARDS[overview.phase]
        if overview.phase is not self._placed:
            self._placed = overview.phase
            for name, frame in self.cards.items():
                frame.setVisible(name in shown)
            for name in shown:  # the phase's order, left to right
                frame = self.cards[name]
                self._row.removeWidget(frame)
                self._row.addWidget(frame, 6 if name in _WIDE else 4)
        fill_cards(self._facts, overview)

    def show_outlook(self, outlook: QuorumOutlook) -> None:
        self.gauge.set_counts(outlook.complete_count, outlook.minimum, outlook.maximum)
        self.headline.setText(outlook.headline())
        self.deadline.setText(outlook.deadline_text())
        waiting = len(outlook.in_progress)
        late = len(outlook.late_pending)
        notes = []
        if waiting:
            notes.append(
                ngettext(
                    "{count} registration still missing a document",
                    "{count} registrations still missing a document",
                    waiting,
                ).format(count=format_decimal(waiting))
            )
        if late:
            notes.append(
                ngettext(
                    "{count} late completion awaiting your decision",
                    "{count} late completions awaiting your decision",
                    late,
                ).format(count=format_decimal(late))
            )
        self.progress_note.setText("; ".join(notes))
        self._show_fees(outlook)
        self._show_revenue(outlook)

    def _show_fees(self, outlook: QuorumOutlook) -> None:
        current = outlook.fee_now.participants if outlook.fee_now else None
        if (outlook.tier_quotes, current) == self._fees_shown:
            return
        self._fees_shown = (outlook.tier_quotes, current)
        while (item := self.fee_grid.takeAt(0)) is not None:  # None: the grid is empty
            widget = item.widget()
            if widget is not None:
                widget.hide()  # gone at once, not when the deletion is processed
                widget.deleteLater()
        quotes = outlook.tier_quotes
        currency = quotes[0].price.gross.currency
        tax = outlook.tier_quotes[0].price.rate
        approx_currency = quotes[0].approximation.currency if quotes[0].approximation else ""
        headers = [
            _("Organizations"),
            _("Fee ({currency})").format(currency=currency),
            pgettext("amount", "Net"),
            _("{rate} tax").format(rate=percent_text(tax)),
        ]
        if approx_currency:
            headers.append(f"~{approx_currency}")
        for column, text in enumerate(headers):
            label = muted(text)
            label.setWordWrap(False)
            alignment = Qt.AlignmentFlag.AlignLeft if column == 0 else Qt.AlignmentFlag.AlignRight
            self.fee_grid.addWidget(label, 0, column, alignment)
        for row, quote in enumerate(quotes, start=1):
            marker = "▶ " if quote.participants == current else "   "
            cells = [
                f"{marker}{quote.participants}",
                amount(quote.price.gross),
                amount(quote.price.net),
                amount(quote.price.tax),
            ]
            if approx_currency:
                cells.append(quote.approximation_text())
            for column, text in enumerate(cells):
                label = QLabel(text)
                if quote.participants == current:
                    label.setStyleSheet(f"font-weight: 600; color: {style.GOOD};")
                alignment = (
                    Qt.AlignmentFlag.AlignLeft if column == 0 else Qt.AlignmentFlag.AlignRight
                )
                self.fee_grid.addWidget(label, row, column, alignment)
        rate = quotes[0].rate
        note = _("Prices include {rate} tax.").format(rate=percent_text(tax))
        if rate is not None:
            note += " " + _("~{quote}: 1 {base} = {rate} {quote} on {date}.").format(
                quote=rate.quote,
                base=rate.base,
                rate=format_decimal(rate.rate, pattern="0.##########"),
                date=rate.as_of.isoformat(),
            )
            note += " " + _(EXCHANGE_DISCLAIMER)
        self.fee_note.setText(note)

    def _show_revenue(self, outlook: QuorumOutlook) -> None:
        if outlook.revenue is None or outlook.fee_now is None:
            self.revenue.setText(_("Below quorum"))
            self.revenue_detail.setText(
                ngettext(
                    "The workshop proceeds only with at least {count} complete "
                    "registration; no card is charged before then.",
                    "The workshop proceeds only with at least {count} complete "
                    "registrations; no card is charged before then.",
                    outlook.minimum,
                ).format(count=outlook.minimum)
            )
        else:
            revenue = outlook.revenue
            self.revenue.setText(f"{revenue.gross.format()}")
            self.revenue_detail.setText(
                _("{count} × {fee}\nNet {net} + tax {tax}").format(
                    count=outlook.participants,
                    fee=money_text(outlook.fee_now.price.gross),
                    net=money_text(revenue.net),
                    tax=money_text(revenue.tax),
                )
            )
        if outlook.waitlisted:
            waiting = names([entry.organization for entry in outlook.waitlisted])
            self.waitlist.setText(
                _("Waitlist (by completion time): {organizations}").format(organizations=waiting)
            )
        else:
            self.waitlist.setText(_("Waitlist: none"))


#: Cards given more room than the others (a gauge, a table, a list of organizations).
_WIDE = frozenset({"quorum", "fees", "confirmed"})
