"""Reading users' files (CSV, Excel) into plain data, with precise errors for the user.

May use openpyxl and :mod:`escadesk.domain`; nothing of Qt, SQL, storage, services or UI.
"""

from escadesk.importing.columns import ColumnMapping, ColumnSpec, header_key, map_columns
from escadesk.importing.delegates import (
    DELEGATE_COLUMNS,
    DelegateImport,
    DelegateRecord,
    ImportProblem,
    load_delegates,
    parse_delegates,
)
from escadesk.importing.tables import RawRow, RawTable, TableReadError, read_table

__all__ = [
    "DELEGATE_COLUMNS",
    "ColumnMapping",
    "ColumnSpec",
    "DelegateImport",
    "DelegateRecord",
    "ImportProblem",
    "RawRow",
    "RawTable",
    "TableReadError",
    "header_key",
    "load_delegates",
    "map_columns",
    "parse_delegates",
    "read_table",
]
