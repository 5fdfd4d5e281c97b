"""``escadesk-cli personal``: personal data beyond cards (issue 15, item 10).

- ``personal export``: everything about one organization in a zip (an access request);
- ``personal erase``: one organization's personal data, after ``--dry-run`` shows what;
- ``personal purge``: every workshop whose retention period has ended (also done at each
  unlock of the window).

Each is audited by the service (services/personal_data.py). An organization is named by
one of its registrations (``--registration``, the id the window shows) or by its own id
(``--organization-id``, printed by ``personal export`` and ``erase``); ``--workshop``
checks it registered for that workshop.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from escadesk.cli_arguments import whole_number
from escadesk.cli_codes import NOT_FOUND, OK, REFUSED, USAGE, Failure
from escadesk.i18n import _

if TYPE_CHECKING:
    from escadesk.app import Services
    from escadesk.services.personal_data import Organization

#: The largest id a database keeps (a signed 64-bit integer).


def add_parsers(
    commands: argparse._SubParsersAction,
    workshop_id: Callable[[str], int],
    path_text: Callable[[str], str],
) -> None:
    """``workshop_id`` and ``path_text`` are escadesk-cli's own argument checks (passed in,
    so this module never imports cli.py)."""
    personal = commands.add_parser(
        "personal",
        help=_("personal data: export or erase an organization's, purge after retention"),
        description=_(
            "Personal data beyond cards: contacts, delegate-list entries, "
            "questionnaire answers and notes, typed reasons, the cardholder's name on a charge. "
            "Each workshop keeps them a number of months after the event (24 unless its form "
            "says otherwise); then they are purged, keeping the anonymous totals (registrations "
            "by state, fees charged). Every export, erasure and purge is in the audit log."
        ),
    )
    actions = personal.add_subparsers(dest="personal_command", required=True, metavar="ACTION")

    export = actions.add_parser(
        "export",
        help=_("everything about one organization, in a zip (an access request)"),
        description=_(
            "Write one zip with everything escadesk holds about an organization: "
            "organization.json (UTF-8, ISO 8601 dates, cards as brand and last four digits "
            "only) and a README. Written under a temporary name and then renamed, readable by "
            "its owner only."
        ),
    )
    _organization_options(export, workshop_id)
    export.add_argument(
        "--out",
        type=path_text,
        required=True,
        metavar="FILE.zip",
        help=_(
            "the zip to write (replaced if it exists; .zip is added if missing); a folder "
            "gets the usual name"
        ),
    )

    erase = actions.add_parser(
        "erase",
        help=_("erase one organization's personal data"),
        description=_(
            "Erase an organization's personal data: its contact, its people's "
            "delegate-list entries, its questionnaire answers and notes, the reasons typed in "
            "its history, the cardholder's name on its charge; also in the backups. Kept: its "
            "name, country and area, its status, fee, charge amounts, certificates and the "
            "audit log. Refused while a card authorization is stored for it (erase the card "
            "first). This cannot be undone: --dry-run shows what would go."
        ),
    )
    _organization_options(erase, workshop_id)
    _mode(erase, _("erase it"))

    purge = actions.add_parser(
        "purge",
        help=_("purge the workshops whose retention period has ended"),
        description=_(
            "Purge the personal data of every workshop whose retention period has "
            "ended (its event date plus its months, in the workshop's time zone), keeping the "
            "anonymous totals. The window does the same at each unlock. --dry-run lists every "
            "workshop's period and what is due."
        ),
    )
    purge.add_argument("--workshop", type=workshop_id, help=_("only this workshop"))
    _mode(purge, _("purge what is due"))


def _organization_options(
    parser: argparse.ArgumentParser, workshop_id: Callable[[str], int]
) -> None:
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument(
        "--registration", type=_record_id, metavar="R", help=_("a registration of the organization")
    )
    which.add_argument(
        "--organization-id", type=_record_id, metavar="O", help=_("the organization's own id")
    )
    parser.add_argument(
        "--workshop", type=workshop_id, help=_("check that the organization registered for it")
    )


def _mode(parser: argparse.ArgumentParser, confirm: str) -> None:
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--dry-run", action="store_true", help=_("show what would happen"))
    mode.add_argument("--confirm", action="store_true", help=confirm)


def _record_id(text: str) -> int:
    """A registration or organization id as the database can hold it."""
    return whole_number(text, _("an id"))


def personal(services: Services, options: argparse.Namespace, _in: TextIO, out: TextIO) -> int:
    if options.personal_command == "export":
        return _export(services, options, out)
    if options.personal_command == "erase":
        return _erase(services, options, out)
    if options.personal_command == "purge":
        return _purge(services, options, out)
    raise Failure(
        USAGE,
        _("unknown action {personal_command!r}").format(personal_command=options.personal_command),
    )


def _chosen(services: Services, options: argparse.Namespace) -> Organization:
    """The organization named on the command line (NotFoundError: exit code 7)."""
    from escadesk.services.views import NotFoundError

    if options.registration is not None:
        if options.registration < 1:
            raise NotFoundError(
                _("There is no registration #{registration}.").format(
                    registration=options.registration
                )
            )
        organization = services.personal_data.organization_of(options.registration)
    else:
        if options.organization_id < 1:
            raise NotFoundError(
                _("There is no organization #{organization_id}.").format(
                    organization_id=options.organization_id
                )
            )
        organization = services.personal_data.organization(options.organization_id)
    workshop = getattr(options, "workshop", None)
    if workshop is not None and workshop not in organization.workshop_ids:
        raise Failure(
            NOT_FOUND,
            _("{organization} did not register for workshop {workshop}.").format(
                organization=organization.name, workshop=workshop
            ),
        )
    return organization


def _export(services: Services, options: argparse.Namespace, out: TextIO) -> int:
    organization = _chosen(services, options)
    target = _zip_target(services, organization.organization_id, options.out)
    try:
        written = services.personal_data.export(organization.organization_id, target)
    except OSError as error:
        raise Failure(REFUSED, _write_failure(error, target)) from None
    print(written, file=out)
    return OK


def _zip_target(services: Services, organization_id: int, text: str) -> Path:
    """``--out`` as a file: a folder gets the suggested name; .zip is added to a new name
    that lacks it; anything but a regular file is refused (never replaced)."""
    target = Path(text)
    if target.is_dir() or text.endswith(("/", os.sep)):
        if not target.is_dir():
            raise Failure(REFUSED, _("refused: there is no folder {target}").format(target=target))
        return target / services.personal_data.suggested_file_name(organization_id)
    if target.suffix.lower() != ".zip" and not target.exists():
        target = target.with_name(target.name + ".zip")
    if target.exists() and not target.is_file():  # a device, a pipe: never replaced
        raise Failure(REFUSED, _("refused: {target} is not a regular file").format(target=target))
    parent = target.parent
    if not parent.is_dir():
        what = _("is not a folder") if parent.exists() else _("does not exist")
        raise Failure(
            REFUSED, _("refused: the folder {parent} {what}").format(parent=parent, what=what)
        )
    return target


def _write_failure(error: OSError, target: Path) -> str:
    from escadesk.disk_space import is_disk_full

    if is_disk_full(error):
        return _("The disk is full: nothing was saved (folder {parent}).").format(
            parent=target.parent
        )
    return _("could not write {target}: {value}. Nothing was written.").format(
        target=target, value=error.strerror or error
    )


def _erase(services: Services, options: argparse.Namespace, out: TextIO) -> int:
    organization = _chosen(services, options)
    preview = services.personal_data.preview_erase(organization.organization_id)
    print(
        _("organization id: {organization_id}").format(
            organization_id=organization.organization_id
        ),
        file=out,
    )
    if options.dry_run:
        if not preview.allowed:
            raise Failure(REFUSED, f"refused: {preview.sentence()}")
        print(_("Dry run: {sentence}").format(sentence=preview.sentence()), file=out)
        for warning in preview.warnings:
            print(f"Note: {warning}", file=out)
        return OK
    erased = services.personal_data.erase(organization.organization_id)
    print(erased.sentence(), file=out)
    return OK


def _purge(services: Services, options: argparse.Namespace, out: TextIO) -> int:
    workshop = options.workshop
    if options.dry_run:
        for retention in services.personal_data.retentions():
            if workshop is None or retention.workshop_id == workshop:
                print(f"{retention.workshop_id}\t{retention.code}\t{retention.words()}", file=out)
        due = services.personal_data.due_purges(workshop)
        for plan in due:
            print(_("Dry run: {sentence}").format(sentence=plan.sentence()), file=out)
        if not due:
            print(_("Nothing is due to be purged today."), file=out)
        return OK
    purged = services.personal_data.purge_due(workshop)
    for result in purged:
        print(result.sentence(), file=out)
    if not purged:
        print(_("Nothing was due to be purged today."), file=out)
    return OK


SERVICE_HANDLERS: dict[str, Callable[[Services, argparse.Namespace, TextIO, TextIO], int]] = {
    "personal": personal,
}
