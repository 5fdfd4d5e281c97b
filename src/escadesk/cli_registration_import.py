"""``escadesk-cli import registrations``: registrations from a web form's export.

    escadesk-cli import registrations FILE --workshop ID [--map FIELD=COLUMN ...] [--dry-run]

The same steps as the window's import (services/registration_import.py): the columns
remembered for this form, else guessed from the headers, are printed; ``--map`` changes
one field's column (``--map "phone=Phone number"``, ``--map title=`` for "not in the
file"; the same field twice joins two columns, ``--map "name=First name" --map "name=Last
name"``). Every problem is listed with its row and column and nothing is stored unless
the whole file is clean; the columns are remembered when the import is stored.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from escadesk.cli_codes import OK, REFUSED, Failure
from escadesk.cli_output import one_line
from escadesk.domain.registration_form import FIELD_LABELS
from escadesk.i18n import _, ngettext

if TYPE_CHECKING:
    from escadesk.app import Services
    from escadesk.importing.web_form_columns import ColumnMap
    from escadesk.importing.web_form_rows import FormExport

_FIELD_NAMES = (
    "organization, country, technology_area (area), contact_name (name), "
    "contact_title (title), contact_email (email), contact_phone (phone)"
)


def add_parser(
    import_commands: argparse._SubParsersAction,
    workshop_id: Callable[[str], int],
    path: Callable[[str], Path],
) -> None:
    """``workshop_id`` and ``path`` are escadesk-cli's own argument checks (passed in, so
    this module never imports cli.py)."""
    registrations = import_commands.add_parser(
        "registrations",
        help=_(
            "registrations from a web form's export (Microsoft Forms, Google Forms, "
            "Typeform; .xlsx or .csv)"
        ),
        description=_(
            "Register the responses of a web form's export (Microsoft Forms, "
            "Google Forms, Typeform: .xlsx or .csv). The columns "
            "remembered for this form (or guessed from its headers) are printed; --map "
            "changes them. Every problem is listed with its row and column, and nothing is "
            "stored unless the whole file is clean. Responses registered already (same e-mail "
            "and organization) are skipped."
        ),
    )
    registrations.add_argument("file", type=path, metavar="FILE", help=_("the .xlsx or .csv file"))
    registrations.add_argument("--workshop", type=workshop_id, required=True, help=_("workshop id"))
    registrations.add_argument(
        "--map",
        dest="columns",
        type=_column_choice,
        action="append",
        default=[],
        metavar="FIELD=COLUMN",
        help=_(
            "the file's column holding FIELD ({field_names}); an empty COLUMN: not in "
            "the file; the same FIELD twice joins two columns (first and last name)"
        ).format(field_names=_FIELD_NAMES),
    )
    registrations.add_argument(
        "--dry-run", action="store_true", help=_("check the file and report; store nothing")
    )


def _column_choice(text: str) -> tuple[str, str]:
    """'email=E-mail address' -> ('contact_email', 'E-mail address')."""
    from escadesk.importing.web_form_columns import FIELD_ALIASES, FIELDS

    name, equals, column = text.partition("=")
    if not equals:
        raise argparse.ArgumentTypeError(_("give FIELD=COLUMN, not '{text}'").format(text=text))
    key = name.strip().casefold().replace("-", "_").replace(" ", "_")
    field = key if key in FIELDS else FIELD_ALIASES.get(name.strip().casefold())
    if field is None:
        raise argparse.ArgumentTypeError(
            _("'{name}' is not a field; the fields: {fields}").format(
                name=name.strip(), fields=_FIELD_NAMES
            )
        )
    return field, column.strip()


def run(services: Services, options: argparse.Namespace, out: TextIO) -> int:
    """Read, show the columns, check; then store (or not, with --dry-run)."""
    from escadesk.services.registration_import_checks import RowStatus

    importer = services.registration_import
    source: Path = options.file
    export = importer.read(source)
    suggested = importer.columns_for(export)
    columns = _chosen(export, suggested.columns, options.columns)
    origin = (
        _("given with --map")
        if options.columns
        else _("remembered from an earlier import of this form")
        if suggested.remembered
        else _("guessed from the column names; correct them with --map FIELD=COLUMN")
    )
    if export.service:
        heading = _("{export} ({service} export): the columns ({origin}):").format(
            export=export.name, service=export.service, origin=origin
        )
    else:
        heading = _("{export}: the columns ({origin}):").format(export=export.name, origin=origin)
    _line(out, heading)
    for field, label in FIELD_LABELS.items():
        shown = " + ".join(f"'{header}'" for header in columns.headers(field))
        field_label = _("{label}:").format(label=_(label))
        _line(out, f"{field_label:<17} {shown or _('(not in the file)')}", "  ")
    preview = importer.preview(options.workshop, export, columns)
    for warning in preview.warnings:
        _line(out, f"note: {warning}")
    if preview.problems:
        _line(
            out,
            _("{export}: nothing imported; fix these problems first:").format(export=export.name),
        )
        for problem in preview.problems:
            _line(out, str(problem), "  ")
        return REFUSED
    for row in preview.rows:
        details = row.details
        status = "new" if row.status is RowStatus.NEW else _("skipped (registered already)")
        _line(
            out,
            _("row {number}: {status}: {organization} ({contact_email})").format(
                number=row.number,
                status=status,
                organization=details.organization,
                contact_email=details.contact_email,
            ),
            "  ",
        )
    if not preview.new_rows:
        _line(
            out,
            _("{export}: nothing imported; every response is registered already.").format(
                export=export.name
            ),
        )
        return REFUSED
    if options.dry_run:
        _line(
            out,
            _("{export}: {summary}. Dry run: nothing was stored.").format(
                export=export.name, summary=preview.summary()
            ),
        )
        return OK
    ids = importer.commit(preview)
    _line(
        out,
        ngettext(
            "{export}: {summary}. Registered {count} organization; the columns are "
            "remembered for the next export of this form.",
            "{export}: {summary}. Registered {count} organizations; the columns are "
            "remembered for the next export of this form.",
            len(ids),
        ).format(export=export.name, summary=preview.summary(), count=len(ids)),
    )
    return OK


def _line(out: TextIO, text: str, indent: str = "") -> None:
    """One line of the report: a file's names and values can hold anything."""
    print(indent + one_line(text), file=out)


def _chosen(export: FormExport, suggested: ColumnMap, choices: list[tuple[str, str]]) -> ColumnMap:
    """``suggested`` with each ``--map`` applied (a field given twice: both columns)."""
    from escadesk.importing.columns import header_key

    given: dict[str, list[str]] = {}
    for field, column in choices:
        headers = given.setdefault(field, [])
        if not column:
            continue
        found = [h for h in export.headers if h == column] or [
            h for h in export.headers if header_key(h) == header_key(column)
        ]
        if not found:
            names = ", ".join(f"'{h}'" for h in export.headers)
            raise Failure(
                REFUSED,
                _("refused: {export} has no column '{column}'; its columns: {names}").format(
                    export=export.name, column=column, names=names
                ),
            )
        headers.append(found[0])
    columns = suggested
    for field, headers in given.items():
        columns = columns.replaced(field, headers)
    return columns
