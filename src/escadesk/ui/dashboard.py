"""The workshop dashboard: quorum gauge, fee tiers, projected revenue and the waitlist."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
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
from escadesk.domain.money import format_percent
from escadesk.domain.quorum import QuorumOutlook
from escadesk.domain.wording import counted
from escadesk.ui import style
from escadesk.ui.formatting import amount


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
        self.setAccessibleName(f"{complete} complete; {minimum} needed; at most {maximum} places")
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
            f"minimum {self.minimum}",
        )
        extra = self.complete - self.maximum
        if extra > 0:
            painter.drawText(
                QRectF(marker_x, top + size + 4, self.width() - marker_x - gap, 18),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                f"+{extra} waitlisted",
            )
        painter.end()


def _card(title: str) -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame()
    frame.setObjectName("card")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(16, 12, 16, 14)
    layout.setSpacing(6)
    heading = QLabel(title.upper())
    heading.setObjectName("cardTitle")
    layout.addWidget(heading)
    return frame, layout


def _muted(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setObjectName("muted")
    label.setWordWrap(True)
    return label


class DashboardWidget(QWidget):
    """Read-only summary of where the workshop stands, refreshed from a QuorumOutlook."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(12)

        quorum, quorum_layout = _card("Quorum")
        self.gauge = QuorumGauge()
        self.headline = QLabel()
        self.headline.setObjectName("headline")
        self.headline.setWordWrap(True)
        self.deadline = _muted()
        self.progress_note = _muted()
        quorum_layout.addWidget(self.headline)
        quorum_layout.addWidget(self.gauge)
        quorum_layout.addWidget(self.deadline)
        quorum_layout.addWidget(self.progress_note)
        quorum_layout.addStretch(1)

        fees, fees_layout = _card("Fee per organization")
        self.fee_grid = QGridLayout()
        self.fee_grid.setHorizontalSpacing(14)
        self.fee_grid.setVerticalSpacing(4)
        fees_layout.addLayout(self.fee_grid)
        self.fee_note = _muted()
        fees_layout.addWidget(self.fee_note)
        fees_layout.addStretch(1)

        revenue, revenue_layout = _card("If registration closed now")
        self.revenue = QLabel()
        self.revenue.setObjectName("headline")
        self.revenue_detail = _muted()
        self.waitlist = _muted()
        revenue_layout.addWidget(self.revenue)
        revenue_layout.addWidget(self.revenue_detail)
        revenue_layout.addWidget(self.waitlist)
        revenue_layout.addStretch(1)

        row.addWidget(quorum, 6)
        row.addWidget(fees, 6)
        row.addWidget(revenue, 4)

    def show_outlook(self, outlook: QuorumOutlook) -> None:
        self.gauge.set_counts(outlook.complete_count, outlook.minimum, outlook.maximum)
        self.headline.setText(outlook.headline())
        self.deadline.setText(outlook.deadline_text())
        waiting = len(outlook.in_progress)
        late = len(outlook.late_pending)
        notes = []
        if waiting:
            notes.append(f"{counted(waiting, 'registration')} still missing a document")
        if late:
            notes.append(f"{counted(late, 'late completion')} awaiting your decision")
        self.progress_note.setText("; ".join(notes))
        self._show_fees(outlook)
        self._show_revenue(outlook)

    def _show_fees(self, outlook: QuorumOutlook) -> None:
        while (item := self.fee_grid.takeAt(0)) is not None:  # None: the grid is empty
            widget = item.widget()
            if widget is not None:
                widget.hide()  # gone at once, not when the deletion is processed
                widget.deleteLater()
        quotes = outlook.tier_quotes
        currency = quotes[0].price.gross.currency
        tax = outlook.tier_quotes[0].price.rate
        approx_currency = quotes[0].approximation.currency if quotes[0].approximation else ""
        headers = ["Organizations", f"Fee ({currency})", "Net", format_percent(tax) + " tax"]
        if approx_currency:
            headers.append(f"~{approx_currency}")
        for column, text in enumerate(headers):
            label = _muted(text)
            label.setWordWrap(False)
            alignment = Qt.AlignmentFlag.AlignLeft if column == 0 else Qt.AlignmentFlag.AlignRight
            self.fee_grid.addWidget(label, 0, column, alignment)
        current = outlook.fee_now.participants if outlook.fee_now else None
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
        note = f"Prices include {format_percent(tax)} tax."
        if rate is not None:
            note += f" ~{rate.quote}: {rate.describe()}. {EXCHANGE_DISCLAIMER}"
        self.fee_note.setText(note)

    def _show_revenue(self, outlook: QuorumOutlook) -> None:
        if outlook.revenue is None or outlook.fee_now is None:
            self.revenue.setText("Below quorum")
            self.revenue_detail.setText(
                f"The workshop proceeds only with at least {outlook.minimum} complete "
                "registrations; no card is charged before then."
            )
        else:
            revenue = outlook.revenue
            self.revenue.setText(f"{revenue.gross.format()}")
            self.revenue_detail.setText(
                f"{outlook.participants} × {outlook.fee_now.price.gross.format()}\n"
                f"Net {revenue.net.format()} + tax {revenue.tax.format()}"
            )
        if outlook.waitlisted:
            names = ", ".join(entry.organization for entry in outlook.waitlisted)
            self.waitlist.setText(f"Waitlist (by completion time): {names}")
        else:
            self.waitlist.setText("Waitlist: none")
