"""The registrations table as it was before issue 17 (commit 1782ef0), kept unchanged as
the oracle of tests/ui/test_registrations_model.py: a model over RegistrationRow and
Qt's QSortFilterProxyModel, which called Python for every cell it searched and both sides
of every comparison. The new table must show the same rows in the same order."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from escadesk.domain.moments import long_date
from escadesk.domain.registration import RegistrationStatus
from escadesk.services.views import RegistrationRow
from escadesk.ui import style
from escadesk.ui.formatting import local_time

if TYPE_CHECKING:
    from escadesk.services.charging import ChargeView

AnyIndex = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
CHECK = "✓"

#: Foreground and background per status, chosen to stay readable when printed in grey.
STATUS_COLOURS: dict[RegistrationStatus, tuple[str, str]] = {
    RegistrationStatus.REGISTERED: ("#44505c", "#eef1f4"),
    RegistrationStatus.FORM_RECEIVED: ("#7a4b00", "#fff4d6"),
    RegistrationStatus.AUTHORIZATION_RECEIVED: ("#7a4b00", "#fff4d6"),
    RegistrationStatus.COMPLETE: ("#14602a", "#ddf3e2"),
    RegistrationStatus.LATE: ("#9a2a12", "#fde4dc"),
    RegistrationStatus.WITHDRAWN: ("#5f6b76", "#f1f1f1"),
    RegistrationStatus.CONFIRMED: ("#0b4f8a", "#dcebfa"),
    RegistrationStatus.WAITLISTED: ("#5b3a8c", "#ece3f8"),
    RegistrationStatus.CANCELLED: ("#5f6b76", "#f1f1f1"),
    RegistrationStatus.CHARGED: ("#14602a", "#cdebd5"),
}

STATUS_SYMBOLS: dict[RegistrationStatus, str] = {
    RegistrationStatus.REGISTERED: "○",
    RegistrationStatus.FORM_RECEIVED: "◐",
    RegistrationStatus.AUTHORIZATION_RECEIVED: "◑",
    RegistrationStatus.COMPLETE: "●",
    RegistrationStatus.LATE: "◷",
    RegistrationStatus.WITHDRAWN: "✕",
    RegistrationStatus.CONFIRMED: "✔",
    RegistrationStatus.WAITLISTED: "…",
    RegistrationStatus.CANCELLED: "✕",
    RegistrationStatus.CHARGED: "✔",
}


@dataclass(frozen=True)
class Column:
    title: str
    text: Callable[[RegistrationRow, ZoneInfo], str]
    sort: Callable[[RegistrationRow], Any]
    tooltip: str = ""
    centered: bool = False
    #: Less used (the details panel shows it too): hidden until chosen in View > Columns,
    #: so the table fits a 1280-pixel screen without scrolling sideways before the decision.
    hidden_by_default: bool = False


def _when(moment: datetime | None) -> float:
    return moment.timestamp() if moment else float("inf")


def _late(row: RegistrationRow) -> str:
    if not row.late:
        return ""
    return "accepted" if row.late_accepted_reason else "not accepted"


COLUMNS: tuple[Column, ...] = (
    Column("Organization", lambda r, z: r.organization, lambda r: r.organization.casefold()),
    Column(
        "Status",
        lambda r, z: (
            f"{STATUS_SYMBOLS[r.status]}  {r.status.label}"
            + (f" #{r.waitlist_position}" if r.waitlist_position else "")
        ),
        lambda r: list(RegistrationStatus).index(r.status),
    ),
    Column(
        "Form",
        lambda r, z: CHECK if r.form_received_at else "",
        lambda r: _when(r.form_received_at),
        "Registration form received",
        centered=True,
    ),
    Column(
        "Card auth.",
        lambda r, z: CHECK if r.authorization_received_at else "",
        lambda r: _when(r.authorization_received_at),
        "Signed credit-card authorization received",
        centered=True,
    ),
    # Filled from the vault's masks ("VISA •••• 1111"): never more of a card than that.
    Column("Card", lambda r, z: "", lambda r: "", "Card on the signed authorization (masked)"),
    # Filled from the charges recorded: amount, date and reference.
    Column("Charge", lambda r, z: "", lambda r: "", "Charge recorded: amount, date, reference"),
    Column(
        "Completed",
        lambda r, z: local_time(r.completed_at, z),
        lambda r: _when(r.completed_at),
        hidden_by_default=True,
    ),
    Column("Late", lambda r, z: _late(r), lambda r: _late(r), "Completed after the deadline"),
    Column("Country", lambda r, z: r.country, lambda r: r.country, hidden_by_default=True),
    Column(
        "Technology area",
        lambda r, z: r.technology_area,
        lambda r: r.technology_area,
        hidden_by_default=True,
    ),
    Column(
        "Contact",
        lambda r, z: r.contact_name,
        lambda r: r.contact_name.casefold(),
        hidden_by_default=True,
    ),
    Column(
        "E-mail",
        lambda r, z: r.contact_email,
        lambda r: r.contact_email.casefold(),
        hidden_by_default=True,
    ),
)
STATUS_COLUMN = 1
CARD_COLUMN = [column.title for column in COLUMNS].index("Card")
CHARGE_COLUMN = [column.title for column in COLUMNS].index("Charge")


def charge_summary(charge: ChargeView) -> str:
    """'3,000.00 CAD · Oct 2, 2018 · ref. APPROVAL 834211' (the table's Charge cell)."""
    return f"{charge.amount} · {long_date(charge.charged_on)} · ref. {charge.reference}"


class RegistrationsModel(QAbstractTableModel):
    def __init__(self, zone: ZoneInfo) -> None:
        super().__init__()
        self._rows: list[RegistrationRow] = []
        self._cards: dict[int, str] = {}
        self._charges: dict[int, ChargeView] = {}
        self._zone = zone

    def set_rows(
        self,
        rows: Sequence[RegistrationRow],
        zone: ZoneInfo,
        cards: Mapping[int, str] | None = None,
        charges: Sequence[ChargeView] = (),
    ) -> None:
        """``cards`` maps a registration id to its card's mask, e.g. "VISA •••• 1111";
        ``charges`` are the charges recorded (a charged card keeps its mask there)."""
        self.beginResetModel()
        self._rows = list(rows)
        self._cards = dict(cards or {})
        self._charges = {charge.registration_id: charge for charge in charges}
        self._zone = zone
        self.endResetModel()

    def card(self, registration_id: int) -> str:
        """The card's mask: from the vault, or kept with the charge once it is erased."""
        charge = self._charges.get(registration_id)
        return self._cards.get(registration_id, charge.card if charge else "")

    def charge(self, registration_id: int) -> ChargeView | None:
        return self._charges.get(registration_id)

    def row_at(self, row: int) -> RegistrationRow:
        return self._rows[row]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        column = COLUMNS[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.title
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip:
            return column.tooltip
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = COLUMNS[index.column()]
        if index.column() == CARD_COLUMN and role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            return self.card(row.id)
        if index.column() == CHARGE_COLUMN and role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            charge = self.charge(row.id)
            if role == SORT_ROLE:
                return charge.charged_on.isoformat() if charge else "~"  # uncharged last
            return charge_summary(charge) if charge else ""
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row, self._zone)
        if role == SORT_ROLE:
            return column.sort(row)
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.TextAlignmentRole and column.centered:
            return int(Qt.AlignmentFlag.AlignCenter)
        foreground, background = STATUS_COLOURS[row.status]
        if role == Qt.ItemDataRole.BackgroundRole and index.column() == STATUS_COLUMN:
            return QBrush(QColor(background))
        if role == Qt.ItemDataRole.ForegroundRole:
            if index.column() == STATUS_COLUMN:
                return QBrush(QColor(foreground))
            if row.status in (RegistrationStatus.WITHDRAWN, RegistrationStatus.CANCELLED):
                return QBrush(QColor(style.MUTED))
            if column.centered:
                return QBrush(QColor(style.GOOD))
        if role == Qt.ItemDataRole.FontRole and index.column() == STATUS_COLUMN:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, index.column())
        return None

    def _tooltip(self, row: RegistrationRow, column: int) -> str | None:
        if COLUMNS[column].title == "Form" and row.form_received_at:
            return f"Form received {local_time(row.form_received_at, self._zone)}"
        if COLUMNS[column].title == "Card auth." and row.authorization_received_at:
            return f"Authorization received {local_time(row.authorization_received_at, self._zone)}"
        if COLUMNS[column].title == "Late" and row.late_accepted_reason:
            return f"Accepted: {row.late_accepted_reason}"
        charge = self.charge(row.id)
        if column == CHARGE_COLUMN and charge is not None:
            return (
                f"Charged {charge.amount} on {long_date(charge.charged_on)} to {charge.card}, "
                f"reference {charge.reference}"
            )
        return None


class RegistrationsFilter(QSortFilterProxyModel):
    """Search across every text column; optionally hide withdrawn/cancelled ones."""

    def __init__(self) -> None:
        super().__init__()
        self.setSortRole(SORT_ROLE)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)
        self._hide_inactive = False

    def set_hide_inactive(self, hide: bool) -> None:
        self.beginFilterChange()
        self._hide_inactive = hide
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        model = self.sourceModel()
        assert isinstance(model, RegistrationsModel)
        row = model.row_at(source_row)
        if self._hide_inactive and row.status in (
            RegistrationStatus.WITHDRAWN,
            RegistrationStatus.CANCELLED,
        ):
            return False
        return super().filterAcceptsRow(source_row, source_parent)

    def lessThan(self, left: AnyIndex, right: AnyIndex) -> bool:
        return bool(left.data(SORT_ROLE) < right.data(SORT_ROLE))
