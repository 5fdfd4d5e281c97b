"""The responses of a web-form export as the import would register them: one row per
response, its status, and each field as read with the chosen columns; a cell with a
problem is red, its messages in its tooltip (and its accessible description)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from escadesk.domain.localized_names import country_name, technology_area_name
from escadesk.domain.registration_form import FIELD_LABELS
from escadesk.i18n import N_, _
from escadesk.importing.web_form_columns import FIELDS
from escadesk.services.registration_import import RegistrationImportPreview
from escadesk.services.registration_import_checks import CheckedRow, RowStatus

ERROR_COLOUR = "#b42318"
ERROR_BACKGROUND = "#fdecea"
NEW_COLOUR = "#1e7b34"
MUTED_COLOUR = "#5f6b76"

STATUS_TEXT = {
    RowStatus.NEW: N_("New"),
    RowStatus.ALREADY: N_("Already registered"),
    RowStatus.PROBLEM: N_("Problem"),
}
#: The table's columns: the row in the file, its status, then the form's fields.
HEADERS = (N_("Row"), N_("Status"), *(FIELD_LABELS[field] for field in FIELDS))
_FIRST_FIELD = 2
#: Stored in English, shown in the window's language ("Germany" -> "Allemagne"); a value
#: neither language knows is shown as the file has it.
_SHOWN_NAMES = {"country": country_name, "technology_area": technology_area_name}

_Index = QModelIndex | QPersistentModelIndex


class ResponsesModel(QAbstractTableModel):
    """The previewed responses, read-only (a model, so a long export stays light)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._preview: RegistrationImportPreview | None = None

    def set_preview(self, preview: RegistrationImportPreview | None) -> None:
        self.beginResetModel()
        self._preview = preview
        self.endResetModel()

    def row_of(self, number: int) -> int | None:
        """The model row showing the file's row ``number``."""
        if self._preview is None:
            return None
        return next((i for i, row in enumerate(self._preview.rows) if row.number == number), None)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        if parent.isValid() or self._preview is None:
            return 0
        return len(self._preview.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _(HEADERS[section])  # the form's field labels are catalogue msgids
        if role == Qt.ItemDataRole.ToolTipRole and section >= _FIRST_FIELD and self._preview:
            column = self._preview.columns.column_name(FIELDS[section - _FIRST_FIELD])
            if column:
                return _("From the column '{column}'").format(column=column)
            return _("Not in the file")
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if self._preview is None or not index.isValid():
            return None
        row = self._preview.rows[index.row()]
        column = index.column()
        field = FIELDS[column - _FIRST_FIELD] if column >= _FIRST_FIELD else None
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return str(row.number)
            if column == 1:
                return _(STATUS_TEXT[row.status])
            value = getattr(row.details, field or "")
            if value and field in _SHOWN_NAMES:  # known names in the window's language
                return _SHOWN_NAMES[field](value)
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleDescriptionRole):
            return _messages(row, field) or None
        flagged = field in row.problem_fields() if field else column == 1 and row.problems
        if role == Qt.ItemDataRole.BackgroundRole and flagged:
            return QColor(ERROR_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole:
            if flagged:
                return QColor(ERROR_COLOUR)
            if column == 1:
                return QColor(NEW_COLOUR if row.status is RowStatus.NEW else MUTED_COLOUR)
        return None


def column_of(field: str) -> int:
    """The table's column showing ``field``."""
    return _FIRST_FIELD + FIELDS.index(field)


def _messages(row: CheckedRow, field: str | None) -> str:
    """The problems of one cell (of the whole row, for its status cell)."""
    if field is None and row.status is RowStatus.ALREADY:
        return _("Registered already (the same e-mail and organization): skipped.")
    if field is None:
        return "\n".join(str(problem) for problem in row.problems)
    return "\n".join(p.message for p in row.problems if p.field == field)
