"""The registrations table: every row of the workshop with what the table shows of it,
and the order the table shows them in.

At 10,000 registrations Qt's ``QSortFilterProxyModel`` called Python for every cell it
searched (twelve columns of every row per keystroke) and for both sides of every
comparison it sorted, and the model formatted each cell again at every paint (issue 17).
Here a row's texts, sort keys and folded search text are computed once, when the row
changes; a click sorts with Python's sort over one column's keys (no Python call per
comparison), a keystroke is one substring search over the search texts of every row, and
either result becomes the table's row order in one layout change, which keeps the
selection. A refresh compares the new rows with the old (tuple equality) and redraws only
those that differ.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from heapq import nlargest
from itertools import accumulate, compress
from operator import and_
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from escadesk.domain.moments import long_date
from escadesk.domain.registration import RegistrationStatus
from escadesk.i18n import N_, _, current_locale, pgettext, reader_locale
from escadesk.ui import style
from escadesk.ui.formatting import local_time

if TYPE_CHECKING:
    from escadesk.services.charging import ChargeView
    from escadesk.services.desk_rows import DeskRow

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


#: The longest texts of a column kept track of (more than are measured: one that gets
#: shorter leaves enough behind it).
LONGEST_KEPT = 16

#: Withdrawn and cancelled registrations: greyed out, hidden by "Hide withdrawn".
INACTIVE = frozenset({RegistrationStatus.WITHDRAWN, RegistrationStatus.CANCELLED})

Texts = Callable[[Sequence["DeskRow"], ZoneInfo], list[str]]
Keys = Callable[[Sequence["DeskRow"]], list[Any]]


def _countries(rows: Sequence[DeskRow]) -> list[str]:
    """The rows' countries in the window's language (stored in English)."""
    from escadesk.domain.localized_names import country_name

    return _in_window_language([r.country for r in rows], country_name)


def _technology_areas(rows: Sequence[DeskRow]) -> list[str]:
    """The rows' technology areas in the window's language (stored in English)."""
    from escadesk.domain.localized_names import technology_area_name

    return _in_window_language([r.technology_area for r in rows], technology_area_name)


def _in_window_language(stored: list[str], name: Callable[[str], str]) -> list[str]:
    """Names stored in English as the window's language shows them: each distinct name
    looked up once, not once per row; an English window shows them as stored."""
    if reader_locale()[1]:
        return stored
    shown = {value: name(value) for value in set(stored)}
    return [shown[value] for value in stored]


@dataclass(frozen=True)
class Column:
    """One column: its texts and its sort keys, each computed for many rows at once (a
    comprehension over the rows, not a call per cell)."""

    #: The English title: the column's stable key in code and in the saved column choice
    #: (ui/column_chooser.py); shown as :attr:`label`, in the window's language.
    title: str
    texts: Texts
    keys: Keys
    tooltip: str = ""
    centered: bool = False
    #: Less used (the details panel shows it too): hidden until chosen in View > Columns,
    #: so the table fits a 1280-pixel screen without scrolling sideways before the decision.
    hidden_by_default: bool = False
    #: A stable key for the saved column choice (ui/column_chooser.py): never shown, never
    #: translated, never renamed.
    key: str = ""

    @property
    def label(self) -> str:
        """The title as shown, in the window's language."""
        return column_labels()[self.title]

    @property
    def tip(self) -> str:
        return _(self.tooltip) if self.tooltip else ""


_LABELS: dict[str, dict[str, str]] = {}


def column_labels() -> dict[str, str]:
    """Each column's title (English, its key) as shown in the window's language."""
    locale = current_locale()
    labels = _LABELS.get(locale)
    if labels is None:
        labels = _LABELS[locale] = {
            "Organization": pgettext("column", "Organization"),
            "Status": pgettext("column", "Status"),
            # Translators: the column ticked when the registration form was received.
            "Form": pgettext("column", "Form"),
            # Translators: the column ticked when the signed card authorization was received.
            "Card auth.": pgettext("column", "Card auth."),
            "Card": pgettext("column", "Card"),
            "Charge": pgettext("column", "Charge"),
            "Completed": pgettext("column", "Completed"),
            "Late": pgettext("column", "Late"),
            "Country": pgettext("column", "Country"),
            "Technology area": pgettext("column", "Technology area"),
            "Contact": pgettext("column", "Contact"),
            "E-mail": pgettext("column", "E-mail"),
        }
    return labels


_STATUS_WORDS: dict[str, dict[RegistrationStatus, str]] = {}


def status_words() -> dict[RegistrationStatus, str]:
    """Each status as the window shows it, in its language (the stored value, the sort
    rank and the domain's English label stay as they are)."""
    locale = current_locale()
    words = _STATUS_WORDS.get(locale)
    if words is None:
        status = RegistrationStatus
        words = _STATUS_WORDS[locale] = {
            status.REGISTERED: pgettext("registration status", "Registered"),
            status.FORM_RECEIVED: pgettext("registration status", "Form received"),
            status.AUTHORIZATION_RECEIVED: pgettext(
                "registration status", "Authorization received"
            ),
            status.COMPLETE: pgettext("registration status", "Complete"),
            status.LATE: pgettext("registration status", "Late"),
            status.WITHDRAWN: pgettext("registration status", "Withdrawn"),
            status.CONFIRMED: pgettext("registration status", "Confirmed"),
            status.WAITLISTED: pgettext("registration status", "Waitlisted"),
            status.CANCELLED: pgettext("registration status", "Cancelled"),
            status.CHARGED: pgettext("registration status", "Charged"),
        }
    return words


def _when(moment: datetime | None) -> float:
    return moment.timestamp() if moment else float("inf")


def _late(row: DeskRow) -> str:
    """The Late column's sort key (English, as it always was)."""
    if not row.late:
        return ""
    return "accepted" if row.late_accepted_reason else "not accepted"


def _late_texts(rows: Sequence[DeskRow]) -> list[str]:
    # Translators: the Late column of a registration completed after the deadline.
    words = {"": "", "accepted": _("accepted"), "not accepted": _("not accepted")}
    return [words[_late(row)] for row in rows]


_STATUS_RANK = {status: rank for rank, status in enumerate(RegistrationStatus)}


def _status_texts(rows: Sequence[DeskRow]) -> list[str]:
    words = status_words()
    texts = {status: f"{STATUS_SYMBOLS[status]}  {word}" for status, word in words.items()}
    return [
        f"{texts[r.status]} #{r.waitlist_position}" if r.waitlist_position else texts[r.status]
        for r in rows
    ]


def charge_summary(charge: ChargeView) -> str:
    """'3,000.00 CAD · Oct 2, 2018 · ref. APPROVAL 834211' (the table's Charge cell)."""
    return _("{amount} · {date} · ref. {reference}").format(
        amount=charge.amount, date=long_date(charge.charged_on), reference=charge.reference
    )


COLUMNS: tuple[Column, ...] = (
    Column(
        "Organization",
        lambda rows, z: [r.organization for r in rows],
        lambda rows: [r.organization.casefold() for r in rows],
        key="organization",
    ),
    Column(
        "Status",
        lambda rows, z: _status_texts(rows),
        lambda rows: [_STATUS_RANK[r.status] for r in rows],
        key="status",
    ),
    Column(
        "Form",
        lambda rows, z: [CHECK if r.form_received_at else "" for r in rows],
        lambda rows: [_when(r.form_received_at) for r in rows],
        N_("Registration form received"),
        centered=True,
        key="form",
    ),
    Column(
        "Card auth.",
        lambda rows, z: [CHECK if r.authorization_received_at else "" for r in rows],
        lambda rows: [_when(r.authorization_received_at) for r in rows],
        N_("Signed credit-card authorization received"),
        centered=True,
        key="card_auth",
    ),
    # The vault's mask ("VISA •••• 1111"), or the charged card's: never more of a card.
    Column(
        "Card",
        lambda rows, z: [r.card_mask for r in rows],
        lambda rows: [r.card_mask for r in rows],
        N_("Card on the signed authorization (masked)"),
        key="card",
    ),
    # The charge recorded: amount, date and reference; the uncharged sort last.
    Column(
        "Charge",
        lambda rows, z: [charge_summary(r.charge) if r.charge else "" for r in rows],
        lambda rows: [r.charge.charged_on.isoformat() if r.charge else "~" for r in rows],
        N_("Charge recorded: amount, date, reference"),
        key="charge",
    ),
    Column(
        "Completed",
        lambda rows, z: [local_time(r.completed_at, z) for r in rows],
        lambda rows: [_when(r.completed_at) for r in rows],
        hidden_by_default=True,
        key="completed",
    ),
    Column(
        "Late",
        lambda rows, z: _late_texts(rows),
        lambda rows: [_late(r) for r in rows],
        N_("Completed after the deadline"),
        key="late",
    ),
    Column(
        "Country",
        lambda rows, z: _countries(rows),
        lambda rows: _countries(rows),
        hidden_by_default=True,
        key="country",
    ),
    Column(
        "Technology area",
        lambda rows, z: _technology_areas(rows),
        lambda rows: _technology_areas(rows),
        hidden_by_default=True,
        key="technology_area",
    ),
    Column(
        "Contact",
        lambda rows, z: [r.contact_name for r in rows],
        lambda rows: [r.contact_name.casefold() for r in rows],
        hidden_by_default=True,
        key="contact",
    ),
    Column(
        "E-mail",
        lambda rows, z: [r.contact_email for r in rows],
        lambda rows: [r.contact_email.casefold() for r in rows],
        hidden_by_default=True,
        key="email",
    ),
)
STATUS_COLUMN = 1
CARD_COLUMN = [column.title for column in COLUMNS].index("Card")
CHARGE_COLUMN = [column.title for column in COLUMNS].index("Charge")


# -- searching -------------------------------------------------------------------------------


class _SimpleFolding(dict[int, str]):
    """Character -> its simple case folding, as a case-insensitive regular expression
    compares (Qt's search did): one character for one, so "ß" stays "ß" while the three
    Greek sigmas become one. Filled as characters are met."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        folded = char.casefold()
        if len(folded) != 1:
            folded = char.lower() if len(char.lower()) == 1 else char
        self[code] = folded
        return folded


_FOLDING = _SimpleFolding()
_FOLDED: dict[str, str] = {}
#: Between two texts of the search: a needle holding it is searched cell by cell.
_SEPARATOR = "\n"


def fold(text: str) -> str:
    """``text`` for a case-insensitive search (see :class:`_SimpleFolding`)."""
    if text.isascii():
        return text.lower()
    folded = _FOLDED.get(text)
    if folded is None:
        folded = text.translate(_FOLDING)
        if len(_FOLDED) < 4096:  # the repeated ones: statuses, ticks, card masks
            _FOLDED[text] = folded
    return folded


def _folded_column(texts: list[str]) -> list[str]:
    joined = _SEPARATOR.join(texts)
    if joined.isascii():
        parts = joined.lower().split(_SEPARATOR)
        if len(parts) == len(texts):
            return parts
    return [fold(text) for text in texts]


# -- the rows --------------------------------------------------------------------------------


class _Shown:
    """What the table shows of some rows, column by column, each part computed when first
    asked: a column's texts when it is painted (or searched), its keys when it is sorted,
    the folded search texts at the first search (or in idle time after the desk is shown,
    see :meth:`warm`). A hidden column may never be formatted; the first show of 10,000
    registrations formats only what it paints (issue 17)."""

    def __init__(
        self,
        rows: Sequence[DeskRow],
        zone: ZoneInfo,
        texts: list[list[str] | None] | None = None,
        keys: list[list[Any] | None] | None = None,
        search: list[str] | None = None,
    ) -> None:
        """``texts``, ``keys``, ``search``: the parts already known (None: none)."""
        self._rows = rows
        self._zone = zone
        self._texts = texts or [None] * len(COLUMNS)
        self._keys = keys or [None] * len(COLUMNS)
        #: Per row, its folded texts joined by _SEPARATOR; built in slices by warm().
        self._search = search or []
        self.active = [row.status not in INACTIVE for row in rows]

    def texts(self, column: int) -> list[str]:
        texts = self._texts[column]
        if texts is None:
            texts = self._texts[column] = COLUMNS[column].texts(self._rows, self._zone)
        return texts

    def keys(self, column: int) -> list[Any]:
        keys = self._keys[column]
        if keys is None:
            keys = self._keys[column] = COLUMNS[column].keys(self._rows)
        return keys

    def search(self) -> list[str]:
        while not self.warm(len(self._rows)):
            pass
        return self._search

    def warm(self, count: int = 1000) -> bool:
        """Build the search texts of up to ``count`` more rows; True once all are built.
        Columns already formatted are reused; the others are formatted for the slice."""
        done, rows = len(self._search), self._rows
        if done >= len(rows):
            return True
        chunk = rows[done : done + count]
        columns = [
            texts[done : done + count] if texts is not None else column.texts(chunk, self._zone)
            for column, texts in zip(COLUMNS, self._texts, strict=True)
        ]
        folded = [_folded_column(texts) for texts in columns]
        self._search.extend(_SEPARATOR.join(cells) for cells in zip(*folded, strict=True))
        return len(self._search) >= len(rows)

    def patch(self, update: RowsUpdate) -> None:
        """Take the rows of ``update`` (in the same places): the parts computed so far
        get the changed rows' values, the others are computed from the new rows later."""
        changed, fresh = update.changed, update.shown
        self._rows, self._zone = update.rows, update.zone
        for column in range(len(COLUMNS)):
            texts, keys = self._texts[column], self._keys[column]
            if texts is not None:
                new_texts = fresh.texts(column)
                for k, position in enumerate(changed):
                    texts[position] = new_texts[k]
            if keys is not None:
                new_keys = fresh.keys(column)
                for k, position in enumerate(changed):
                    keys[position] = new_keys[k]
        search = self._search
        if search:
            new_search = fresh.search()
            for k, position in enumerate(changed):
                if position < len(search):
                    search[position] = new_search[k]
        for k, position in enumerate(changed):
            self.active[position] = fresh.active[k]

    def picked(self, update: RowsUpdate, places: list[int], fresh: dict[int, int]) -> _Shown:
        """What is shown of ``update``'s rows: for each new position, the value of its old
        ``places`` entry (-1: a changed row, taken from ``update.shown`` at ``fresh``)."""
        new = update.shown

        def pick(before: list[Any] | None, after: Callable[[], list[Any]]) -> list[Any] | None:
            if before is None:
                return None
            values = after() if fresh else []
            return [
                before[place] if place >= 0 else values[fresh[i]] for i, place in enumerate(places)
            ]

        columns = range(len(COLUMNS))
        complete = len(self._search) == len(self._rows) and bool(self._rows)
        return _Shown(
            update.rows,
            update.zone,
            texts=[pick(self._texts[c], partial(new.texts, c)) for c in columns],
            keys=[pick(self._keys[c], partial(new.keys, c)) for c in columns],
            search=pick(self._search if complete else None, new.search),
        )


@dataclass(frozen=True)
class RowsUpdate:
    """New rows compared with those shown (see :meth:`RegistrationsModel.compare`)."""

    rows: list[DeskRow]
    zone: ZoneInfo
    #: The positions (in ``rows``) of the rows that are new or differ, and what the table
    #: shows of them (in the same order).
    changed: list[int]
    shown: _Shown
    #: Every registration is where it was (none came, went or moved).
    same_places: bool


class RegistrationsModel(QAbstractTableModel):
    """Every registration of the workshop, in registration order, with its texts, sort
    keys and search text computed when it changes."""

    def __init__(self, zone: ZoneInfo) -> None:
        super().__init__()
        self._zone = zone
        self._rows: list[DeskRow] = []
        self._index: dict[int, int] = {}
        self._shown = _Shown([], zone)
        self._active = bytearray()
        #: The search texts of every row, joined, and where each row starts (built at the
        #: first search after a change).
        self._haystack: tuple[str, list[int]] | None = None
        #: Per column, the positions of its longest texts (found when first asked, then
        #: kept up to date from the rows that change).
        self._longest: dict[int, list[int]] = {}

    # -- changing --------------------------------------------------------------------------

    def compare(self, rows: Sequence[DeskRow], zone: ZoneInfo) -> RowsUpdate:
        """``rows`` against those shown: which differ, and what the table shows of them.
        Changes nothing (see :meth:`apply`)."""
        rows = list(rows)
        old = self._rows
        if zone != self._zone:
            changed = list(range(len(rows)))
            same = len(rows) == len(old) and all(
                a.id == b.id for a, b in zip(rows, old, strict=True)
            )
        elif len(rows) == len(old) and all(a.id == b.id for a, b in zip(rows, old, strict=True)):
            same = True
            changed = [
                i for i, (a, b) in enumerate(zip(rows, old, strict=True)) if a is not b and a != b
            ]
        else:
            same = False
            index = self._index
            changed = []
            for i, row in enumerate(rows):
                before = index.get(row.id)
                if before is None or old[before] != row:
                    changed.append(i)
        shown = _Shown([rows[i] for i in changed], zone)
        return RowsUpdate(rows, zone, changed, shown, same)

    def apply(self, update: RowsUpdate) -> None:
        """Show the rows of ``update`` (from :meth:`compare`)."""
        if update.same_places:
            shown = self._shown
            shown.patch(update)
            for k, position in enumerate(update.changed):
                self._active[position] = update.shown.active[k]
            self._rows = update.rows
            self._zone = update.zone
            self._haystack = None
            for column, longest in self._longest.items():
                texts = shown.texts(column)
                candidates = set(longest).union(update.changed)
                self._longest[column] = nlargest(
                    LONGEST_KEPT, candidates, key=lambda position: len(texts[position])
                )
            if update.changed:
                first, last = min(update.changed), max(update.changed)
                self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))
            return
        self.beginResetModel()
        self._shown = self._reused(update)
        self._rows = update.rows
        self._zone = update.zone
        self._index = {row.id: position for position, row in enumerate(update.rows)}
        self._active = bytearray(self._shown.active)
        self._haystack = None
        self._longest = {}
        self.endResetModel()

    def _reused(self, update: RowsUpdate) -> _Shown:
        """What the table shows of ``update``'s rows: kept for the rows that did not
        change (wherever they moved), computed for the others."""
        fresh = dict(zip(update.changed, range(len(update.changed)), strict=True))
        if len(fresh) == len(update.rows):
            return update.shown
        if len(fresh) * 2 > len(update.rows):  # mostly new (a workshop's first rows, then
            return _Shown(update.rows, update.zone)  # all): computed when asked, as new
        places = [
            self._index[row.id] if i not in fresh else -1 for i, row in enumerate(update.rows)
        ]
        return self._shown.picked(update, places, fresh)

    def set_rows(self, rows: Sequence[DeskRow], zone: ZoneInfo) -> None:
        """Show ``rows`` (a model of its own; the desk goes through RegistrationsFilter)."""
        self.apply(self.compare(rows, zone))

    # -- reading ---------------------------------------------------------------------------

    @property
    def zone(self) -> ZoneInfo:
        return self._zone

    def row_at(self, position: int) -> DeskRow:
        return self._rows[position]

    def position_of(self, registration_id: int) -> int | None:
        return self._index.get(registration_id)

    def card(self, registration_id: int) -> str:
        """The card's mask: from the vault, or kept with the charge once it is erased."""
        position = self._index.get(registration_id)
        return self._rows[position].card_mask if position is not None else ""

    def charge(self, registration_id: int) -> ChargeView | None:
        position = self._index.get(registration_id)
        return self._rows[position].charge if position is not None else None

    def text(self, position: int, column: int) -> str:
        return self._shown.texts(column)[position]

    def column_texts(self, column: int) -> list[str]:
        return self._shown.texts(column)

    def column_keys(self, column: int) -> list[Any]:
        return self._shown.keys(column)

    def warm(self, count: int = 1000) -> bool:
        """Build the search texts of up to ``count`` more rows (idle time after a show, so
        the first keystroke finds them built); True once all are."""
        return self._shown.warm(count)

    def active(self) -> bytearray:
        """1 for each row neither withdrawn nor cancelled, by position."""
        return self._active

    def accepts(self, needle: str, search: str) -> bool:
        """Whether one row's search text (see :class:`_Shown`) holds ``needle`` (folded)."""
        if _SEPARATOR in needle:
            return any(needle in cell for cell in search.split(_SEPARATOR))
        return needle in search

    def matching(self, needle: str) -> bytearray:
        """1 for each row one of whose texts holds ``needle`` (folded), by position: one
        search through the texts of every row, not a call per row or per cell."""
        found = bytearray(len(self._rows))
        if _SEPARATOR in needle:
            for position, text in enumerate(self._shown.search()):
                found[position] = self.accepts(needle, text)
            return found
        if self._haystack is None:
            texts = self._shown.search()
            starts = [0, *accumulate(len(text) + 1 for text in texts)]
            self._haystack = (_SEPARATOR.join(texts), starts)
        haystack, starts = self._haystack
        find, last = haystack.find, len(self._rows) - 1
        at = find(needle)
        while at >= 0:
            position = bisect_right(starts, at) - 1
            found[position] = 1
            at = find(needle, starts[position + 1]) if position < last else -1
        return found

    def longest(self, column: int, count: int) -> list[int]:
        """The positions of the ``count`` (at most LONGEST_KEPT) longest texts of
        ``column``: a sample to fit the column's width to, instead of every row."""
        longest = self._longest.get(column)
        if longest is None:
            lengths = list(map(len, self._shown.texts(column)))
            longest = nlargest(LONGEST_KEPT, range(len(lengths)), key=lengths.__getitem__)
            self._longest[column] = longest
        return longest[:count]

    # -- the Qt model ----------------------------------------------------------------------

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
            return column.label
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip:
            return column.tip
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        return self.cell(index.row(), index.column(), role)

    def cell(self, position: int, column: int, role: int) -> Any:
        """What the table shows at ``position`` (in registration order) for ``role``."""
        if role == Qt.ItemDataRole.DisplayRole:
            return self._shown.texts(column)[position]
        if role == SORT_ROLE:
            return self._shown.keys(column)[position]
        row = self._rows[position]
        if role == ROW_ROLE:
            return row.registration()
        if role == Qt.ItemDataRole.TextAlignmentRole and COLUMNS[column].centered:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.BackgroundRole and column == STATUS_COLUMN:
            return _brush(STATUS_COLOURS[row.status][1])
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == STATUS_COLUMN:
                return _brush(STATUS_COLOURS[row.status][0])
            if row.status in INACTIVE:
                return _brush(style.MUTED)
            if COLUMNS[column].centered:
                return _brush(style.GOOD)
        if role == Qt.ItemDataRole.FontRole and column == STATUS_COLUMN:
            return _bold()
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        return None

    def _tooltip(self, row: DeskRow, column: int) -> str | None:
        title = COLUMNS[column].title
        if title == "Form" and row.form_received_at:
            return _("Form received {moment}").format(
                moment=local_time(row.form_received_at, self._zone)
            )
        if title == "Card auth." and row.authorization_received_at:
            return _("Authorization received {moment}").format(
                moment=local_time(row.authorization_received_at, self._zone)
            )
        if title == "Late" and row.late_accepted_reason:
            return _("Accepted: {reason}").format(reason=row.late_accepted_reason)
        charge = row.charge
        if column == CHARGE_COLUMN and charge is not None:
            return _("Charged {amount} on {date} to {card}, reference {reference}").format(
                amount=charge.amount,
                date=long_date(charge.charged_on),
                card=charge.card,
                reference=charge.reference,
            )
        return None


_BRUSHES: dict[str, QBrush] = {}
_FONTS: list[QFont] = []


def _brush(colour: str) -> QBrush:
    """One brush per colour, made once (the table asks for them at every paint)."""
    brush = _BRUSHES.get(colour)
    if brush is None:
        brush = _BRUSHES[colour] = QBrush(QColor(colour))
    return brush


def status_font() -> QFont:
    """The Status column's font (the desk fits the column's width with it)."""
    return _bold()


def _bold() -> QFont:
    if not _FONTS:
        font = QFont()
        font.setBold(True)
        _FONTS.append(font)
    return _FONTS[0]


# -- the order shown -------------------------------------------------------------------------

#: The layout signals' overload with a hint: a vertical sort (rows only), so the headers
#: keep their columns, their widths and the hidden ones (PySide's plain emit has no hint).
_LAYOUT_SIGNATURE = ("QList<QPersistentModelIndex>", "QAbstractItemModel::LayoutChangeHint")


class RegistrationsFilter(QAbstractTableModel):
    """The rows of a RegistrationsModel the table shows, in the order it shows them: the
    search (every text column, case-insensitive, hidden columns too), "Hide withdrawn",
    and the sort of the last header clicked.

    Sorting is stable and starts from the order shown, as Qt's proxy did: rows that tie
    keep the order of the previous sort. The order is kept for every row, shown or not,
    so a search that widens again puts the rows back where they were.
    """

    def __init__(self, source: RegistrationsModel) -> None:
        super().__init__()
        self._source = source
        #: Every position of the source, in the table's order.
        self._order: list[int] = []
        #: The positions shown, in order, and for each position whether it is shown.
        self._shown: list[int] = []
        self._accepted = bytearray()
        self._needle = ""
        self._hide_inactive = False
        self._column = -1
        self._descending = False
        #: While only the first rows of a large workshop are shown: how many it has.
        self._loading: int | None = None

    def source(self) -> RegistrationsModel:
        return self._source

    # -- what the desk asks ----------------------------------------------------------------

    def show_rows(self, rows: Sequence[DeskRow], zone: ZoneInfo, *, reset: bool) -> None:
        """Show ``rows``. ``reset``: another workshop (the selection and the order start
        again); else only the rows that differ are redrawn, and the table is re-sorted and
        searched again only if one of them moved or came into or out of the search."""
        source = self._source
        update = source.compare(rows, zone)
        if reset:
            self._loading = None
            self.beginResetModel()
            source.apply(update)
            self._order = self._sorted(list(range(source.rowCount())))
            self._filter()
            self.endResetModel()
            return
        if self._loading is not None:
            self._loading = None
            self._relayout(partial(self._complete, update))
            return
        if update.same_places and not self._moves(update):
            source.apply(update)
            self._redraw(update.changed)
            return
        ids = [source.row_at(position).id for position in self._order]

        def reorder() -> None:
            source.apply(update)
            places = [source.position_of(key) for key in ids]
            kept = [place for place in places if place is not None]
            known = set(kept)
            kept += [position for position in range(source.rowCount()) if position not in known]
            self._order = self._sorted(kept)
            self._filter()

        self._relayout(reorder)

    def show_first(self, rows: Sequence[DeskRow], zone: ZoneInfo, total: int) -> None:
        """Show the first ``rows`` of a workshop of ``total`` registrations (another
        workshop: the table starts again), until :meth:`show_rows` brings every row in one
        layout change. Meanwhile the search, "Hide withdrawn" and a sort apply to the rows
        there are, and again to every row when they come (see :meth:`loading`)."""
        self.show_rows(rows, zone, reset=True)
        self._loading = total

    def loading(self) -> int | None:
        """The number of registrations coming while only the first are shown (else None)."""
        return self._loading

    def canFetchMore(self, parent: AnyIndex) -> bool:
        """More rows are coming (they come by themselves: :meth:`fetchMore` does nothing)."""
        return self._loading is not None and not parent.isValid()

    def fetchMore(self, parent: AnyIndex) -> None:
        return None

    def _complete(self, update: RowsUpdate) -> None:
        """Every row, in the order a whole read would show them: sorted by organization
        (the table's first sort), then by the column last clicked, if another."""
        source = self._source
        source.apply(update)
        positions = list(range(source.rowCount()))
        if self._column > 0:
            positions.sort(key=source.column_keys(0).__getitem__)
        self._order = self._sorted(positions)
        self._filter()

    def setFilterFixedString(self, text: str) -> None:
        """Show the rows one of whose texts holds ``text``, whatever the case."""
        needle = fold(text)
        if needle != self._needle:
            self._needle = needle
            self._relayout(self._filter)

    def set_hide_inactive(self, hide: bool) -> None:
        if hide != self._hide_inactive:
            self._hide_inactive = hide
            self._relayout(self._filter)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._column = column
        self._descending = order == Qt.SortOrder.DescendingOrder
        self._relayout(self._resort)

    def sortColumn(self) -> int:
        return self._column

    def sortOrder(self) -> Qt.SortOrder:
        return Qt.SortOrder.DescendingOrder if self._descending else Qt.SortOrder.AscendingOrder

    def row_at(self, row: int) -> DeskRow:
        """The registration shown in table row ``row``."""
        return self._source.row_at(self._shown[row])

    def row_of(self, registration_id: int) -> int | None:
        """The table row showing ``registration_id`` (None: not shown)."""
        position = self._source.position_of(registration_id)
        if position is None or not self._accepted[position]:
            return None
        return self._shown.index(position)

    def positions(self) -> list[int]:
        """The source positions shown, in the table's order."""
        return self._shown

    # -- ordering --------------------------------------------------------------------------

    def _sorted(self, positions: list[int]) -> list[int]:
        if self._column < 0:
            return positions
        keys = self._source.column_keys(self._column)
        return sorted(positions, key=keys.__getitem__, reverse=self._descending)

    def _resort(self) -> None:
        self._order = self._sorted(self._order)
        self._shown = list(compress(self._order, map(self._accepted.__getitem__, self._order)))

    def _filter(self) -> None:
        source = self._source
        accepted = (
            source.matching(self._needle)
            if self._needle
            else bytearray(b"\x01") * source.rowCount()
        )
        if self._hide_inactive:
            accepted = bytearray(map(and_, accepted, source.active()))
        self._accepted = accepted
        self._shown = list(compress(self._order, map(accepted.__getitem__, self._order)))

    def _moves(self, update: RowsUpdate) -> bool:
        """Whether a changed row sorts elsewhere, or comes into or out of the search."""
        column, source = self._column, self._source
        for k, position in enumerate(update.changed):
            if column >= 0 and update.shown.keys(column)[k] != source.column_keys(column)[position]:
                return True
            accepted = (
                not self._needle or source.accepts(self._needle, update.shown.search()[k])
            ) and (update.shown.active[k] or not self._hide_inactive)
            if accepted != bool(self._accepted[position]):
                return True
        return False

    def _relayout(self, change: Callable[[], None]) -> None:
        """Apply ``change`` to the order shown as one layout change: the selection and the
        current cell follow their registrations (or go, if no longer shown)."""
        hint = QAbstractItemModel.LayoutChangeHint.VerticalSortHint
        self.layoutAboutToBeChanged[_LAYOUT_SIGNATURE].emit([], hint)  # type: ignore[index]
        persistent = self.persistentIndexList()
        source = self._source
        held = [
            (source.row_at(self._shown[index.row()]).id, index.column())
            if 0 <= index.row() < len(self._shown)
            else None
            for index in persistent
        ]
        change()
        rows: dict[int, int | None] = {}
        moved = []
        for item in held:
            if item is None:
                moved.append(QModelIndex())
                continue
            key, column = item
            if key not in rows:
                rows[key] = self.row_of(key)
            row = rows[key]
            moved.append(self.index(row, column) if row is not None else QModelIndex())
        self.changePersistentIndexList(persistent, moved)
        self.layoutChanged[_LAYOUT_SIGNATURE].emit([], hint)  # type: ignore[index]

    def _redraw(self, positions: list[int]) -> None:
        rows = sorted(
            self._shown.index(position) for position in positions if self._accepted[position]
        )
        if not rows:
            return
        last = len(COLUMNS) - 1
        if len(rows) > 64:
            self.dataChanged.emit(self.index(rows[0], 0), self.index(rows[-1], last))
            return
        for row in rows:
            self.dataChanged.emit(self.index(row, 0), self.index(row, last))

    # -- the Qt model ----------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        return self._source.headerData(section, orientation, role)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        return self._source.cell(self._shown[index.row()], index.column(), role)
