"""``escadesk-cli``: the same services, headless, for scripting and for finance.

The passphrase is read from standard input (``--passphrase-stdin``), never from an
argument (arguments are visible to every user of the machine and kept in shell history).

Exit codes: 0 done; 1 refused (the message says why); 2 usage; 3 the vault could not be
opened (wrong passphrase, no device key); 4 the audit log is damaged; 5 the data is open
in another escadesk (a window, another escadesk-cli, another account): the message names
it (program, account, computer, process, since when); nothing was done.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from escadesk import __version__

if TYPE_CHECKING:
    from escadesk.app import Services
    from escadesk.services.decision import CardToDestroy

OK, REFUSED, USAGE, LOCKED, DAMAGED = 0, 1, 2, 3, 4
#: One escadesk at a time per data folder or database (storage/data_lock.py).
IN_USE = 5

EXIT_CODES = (
    "exit codes: 0 done; 1 refused (the message says why); 2 usage; 3 the vault could not "
    "be opened (wrong passphrase, no device key); 4 the audit log is damaged; 5 the data is "
    "open in another escadesk (the message names it; close it, then try again)"
)


def _data_options(parser: argparse.ArgumentParser, default: object) -> None:
    """Which data a command works on; ``default`` is argparse.SUPPRESS on the commands, so
    an option given before the command is not reset by the command's parser."""
    data = parser.add_argument_group("data")
    data.add_argument(
        "--data-dir",
        type=Path,
        default=default,
        help="the data folder (default: the user data folder; ESCADESK_DATA_DIR)",
    )
    data.add_argument(
        "--database-url", default=default, help="a SQLAlchemy URL (ESCADESK_DATABASE_URL)"
    )
    data.add_argument(
        "--demo",
        action="store_true",
        default=default,
        help="use the demo's data folder, the one 'escadesk --demo' opens (created with the "
        "announcement's workshop when empty; its clock stands at 28 Sep 2018)",
    )


class _CommandParser(argparse.ArgumentParser):
    """A command's parser (nested ones too): it takes the data options as well, so
    ``escadesk-cli workshops --demo`` works like ``escadesk-cli --demo workshops``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _data_options(self, argparse.SUPPRESS)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="escadesk-cli",
        description="Run escadesk's use cases without the window (decision day, charges, "
        "erasures, audit, letters, Excel exports, delegate imports).",
        epilog=EXIT_CODES,
    )
    parser.add_argument("--version", action="version", version=f"escadesk {__version__}")
    _data_options(parser, None)
    parser.set_defaults(demo=False)
    commands = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=_CommandParser
    )

    decide = commands.add_parser(
        "decide",
        help="show or take the quorum decision of a workshop",
        description="Show the decision as a dry run, or take it (once, from the deadline on).",
    )
    decide.add_argument("--workshop", type=int, required=True, help="workshop id")
    mode = decide.add_mutually_exclusive_group(required=True)
    mode.add_argument("--dry-run", action="store_true", help="show what would happen")
    mode.add_argument("--confirm", action="store_true", help="take the decision")
    decide.add_argument("--passphrase-stdin", action="store_true", help="read the passphrase")

    charges = commands.add_parser("charges", help="list the charges of a workshop")
    charges.add_argument("--workshop", type=int, required=True, help="workshop id")

    erasures = commands.add_parser("erasures", help="what was erased, when and why")
    erasures.add_argument("--workshop", type=int, help="only this workshop")

    audit = commands.add_parser("audit", help="check the audit log")
    audit_commands = audit.add_subparsers(dest="audit_command", required=True, metavar="ACTION")
    audit_commands.add_parser("verify", help="verify every link of the hash chain")

    notify = commands.add_parser(
        "notify",
        help="save letters as .eml drafts",
        description="Write the letters of one template for every organization it applies to.",
    )
    notify.add_argument("--workshop", type=int, required=True, help="workshop id")
    notify.add_argument(
        "--template", required=True, choices=["confirmed", "waitlisted", "cancelled", "receipt"]
    )
    notify.add_argument("--out", type=Path, required=True, help="folder for the .eml drafts")

    export = commands.add_parser(
        "export",
        help="write the roster or the finance workbook (.xlsx)",
        description="Write a workshop's roster or finance workbook. The file is written under "
        "a temporary name and then renamed, so a failure never leaves half a file.",
    )
    export.add_argument("kind", choices=["roster", "finance"], help="which workbook")
    export.add_argument("--workshop", type=int, required=True, help="workshop id")
    export.add_argument(
        "--out",
        required=True,
        metavar="FILE",
        help="the .xlsx file to write (replaced if it exists); a folder gets the usual name "
        "(a name ending in / is a folder, created if missing)",
    )

    importing = commands.add_parser(
        "import",
        help="import a list from a file",
        description="Import a list from an .xlsx or .csv file: all of it, or nothing.",
    )
    import_commands = importing.add_subparsers(dest="import_command", required=True, metavar="WHAT")
    delegates = import_commands.add_parser(
        "delegates",
        help="the conference's delegate list (.xlsx or .csv)",
        description="Check the delegate list and store it. Every problem is listed with its "
        "row and column, and nothing is stored unless the whole file is clean.",
    )
    delegates.add_argument("file", type=Path, metavar="FILE", help="the .xlsx or .csv file")
    delegates.add_argument("--workshop", type=int, required=True, help="workshop id")
    delegates.add_argument(
        "--dry-run", action="store_true", help="check the file and report; store nothing"
    )

    benchmark = commands.add_parser(
        "benchmark",
        help="benchmarking reports",
        description="Benchmarking: individual reports for the organizations taking part.",
    )
    benchmark_commands = benchmark.add_subparsers(
        dest="benchmark_command", required=True, metavar="ACTION"
    )
    report = benchmark_commands.add_parser(
        "report",
        help="write one report workbook per participating organization",
        description="Write each participating organization's benchmarking report (.xlsx) "
        "into a folder, compared with the active reference set. Existing reports of the "
        "same name are replaced; a report is never left half-written.",
    )
    report.add_argument("--workshop", type=int, required=True, help="workshop id")
    report.add_argument(
        "--out", type=Path, required=True, metavar="DIR", help="folder for the reports"
    )

    commands.add_parser("workshops", help="list the workshops and their ids")
    return parser


def main(
    argv: list[str] | None = None, stdin: TextIO | None = None, out: TextIO | None = None
) -> int:
    options = _parser().parse_args(argv)
    stdin = stdin or sys.stdin
    out = out or sys.stdout
    from escadesk.app import AppConfig, build_services
    from escadesk.domain.validation import ValidationError
    from escadesk.services.vault import VaultError
    from escadesk.storage.lock_holder import DataInUseError, DataLockError

    config = AppConfig.resolve(options.data_dir, options.database_url, demo=options.demo)
    try:
        services = build_services(config, actor=f"{_user()} (escadesk-cli)", opened_by="cli")
    except DataLockError as error:  # another escadesk has the data, or another account
        print(f"escadesk-cli: {error}", file=sys.stderr)
        return IN_USE if isinstance(error, DataInUseError) else REFUSED
    try:
        if options.demo:
            _open_demo(services)
        handler = HANDLERS[options.command]
        return handler(services, options, stdin, out)
    except ValidationError as error:
        print(f"escadesk-cli: refused: {error}", file=sys.stderr)
        return REFUSED
    except VaultError as error:
        print(f"escadesk-cli: {error}", file=sys.stderr)
        return LOCKED
    except LookupError as error:
        print(f"escadesk-cli: {error}", file=sys.stderr)
        return REFUSED
    finally:
        services.close()


def _open_demo(services: Services) -> None:
    """The window's demo folder: seeded the first time, which is said on standard error."""
    from escadesk.demo_opening import open_demo
    from escadesk.services.demo import DEMO_PASSPHRASE

    if open_demo(services):
        print(
            f"escadesk-cli: created the demo in {services.config.data_dir} (its vault "
            f'passphrase: "{DEMO_PASSPHRASE}")',
            file=sys.stderr,
        )


def _user() -> str:
    from escadesk.app import current_user

    return current_user()


def _passphrase(stdin: TextIO) -> str:
    line = stdin.readline()
    return line.rstrip("\r\n")


def _workshops(services: Services, options: argparse.Namespace, _in: TextIO, out: TextIO) -> int:
    workshops = services.workshops.list()
    for workshop in workshops:
        print(f"{workshop.id}\t{workshop.code}\t{workshop.event_date}\t{workshop.title}", file=out)
    if not workshops:
        hint = "" if options.demo else " To try the demo workshop: escadesk-cli --demo workshops"
        print(f"No workshops yet in {services.config.data_dir}.{hint}", file=out)
    return OK


def _decide(services: Services, options: argparse.Namespace, stdin: TextIO, out: TextIO) -> int:
    plan = services.decision.preview(options.workshop)
    taken = services.decision.taken(options.workshop)
    if options.dry_run:
        if taken is not None:
            print(
                f"Decision already taken: {taken.outcome.value}, {taken.decided_at:%Y-%m-%d %H:%M} "
                f"UTC by {taken.decided_by}.",
                file=out,
            )
        elif not plan.available:
            print(
                "Preview only: the decision opens at the end of the last day to register.", file=out
            )
        _print_plan(plan, out)
        _print_erasures(services.decision.planned_erasures(options.workshop), out)
        return OK
    if not options.passphrase_stdin:
        print("escadesk-cli: --confirm needs --passphrase-stdin", file=sys.stderr)
        return USAGE
    passphrase = _passphrase(stdin)
    services.vault.unlock(passphrase)
    taken_plan = services.decision.confirm(options.workshop, passphrase)
    print(f"Decision taken. {taken_plan.summary()}", file=out)
    report = services.decision.erase_cancelled(
        options.workshop, progress=lambda _percent, text: print(f"  {text}", file=out)
    )
    for erasure in report.erasures:
        print(f"  erased: {erasure.organization} ({erasure.status})", file=out)
    if report.failures:
        print(f"escadesk-cli: {report.sentence()}", file=sys.stderr)
        return REFUSED
    return OK


def _print_erasures(cards: list[CardToDestroy], out: TextIO) -> None:
    """The dry run names each card authorization the decision destroys, whatever its
    registration's state (a withdrawn organization's card goes too)."""
    print(f"  card authorizations to destroy: {len(cards)}", file=out)
    for card in cards:
        state = card.status.label.lower()
        print(f"  {'destroy':<10} {card.organization}: {card.card} ({state})", file=out)


def _print_plan(plan: object, out: TextIO) -> None:
    from escadesk.domain.decision import DecisionPlan

    assert isinstance(plan, DecisionPlan)
    print(plan.summary(), file=out)
    for title, entries in (
        ("confirmed", plan.confirmed),
        ("waitlisted", plan.waitlisted),
        ("cancelled", plan.cancelled),
    ):
        for entry in entries:
            print(f"  {title:<10} {entry.organization}", file=out)
    if plan.fee is not None:
        price = plan.fee.price
        print(
            f"  fee per organization: {price.gross} (net {price.net}, tax {price.tax}) "
            f"{plan.fee.approximation_text()}",
            file=out,
        )


def _charges(services: Services, options: argparse.Namespace, _in: TextIO, out: TextIO) -> int:
    charges = services.charging.charges(options.workshop)
    print("organization\tcardholder\tcard\tamount\tdate\treference\tamount reason", file=out)
    for charge in charges:
        print(
            f"{charge.organization}\t{charge.cardholder}\t{charge.card}\t{charge.amount}\t"
            f"{charge.charged_on}\t{charge.reference}\t{charge.amount_reason or ''}",
            file=out,
        )
    return OK


def _erasures(services: Services, options: argparse.Namespace, _in: TextIO, out: TextIO) -> int:
    print("erased at (UTC)\torganization\twhat\tstatus\treason\tcertificate", file=out)
    for erasure in services.vault.erasures(options.workshop):
        print(
            f"{erasure.erased_at:%Y-%m-%d %H:%M}\t{erasure.organization}\t{erasure.scope.value}\t"
            f"{erasure.status}\t{erasure.reason}\t{erasure.certificate_number}",
            file=out,
        )
    return OK


def _audit(services: Services, _options: argparse.Namespace, _in: TextIO, out: TextIO) -> int:
    report = services.vault.verify_audit()
    if report.intact:
        print(f"Audit log intact: {report.checked} entries checked.", file=out)
        if report.coverage:
            print(report.coverage, file=out)
        return OK
    print(f"Audit log damaged: {report.problem}", file=out)
    return DAMAGED


def _notify(services: Services, options: argparse.Namespace, _in: TextIO, out: TextIO) -> int:
    from escadesk.notifications.messages import Template

    letters = services.notifications.letters(options.workshop, Template(options.template))
    for path in services.notifications.save_drafts(letters, options.out):
        print(path, file=out)
    if not letters:
        print(f"No organization is due a '{options.template}' letter.", file=out)
    return OK


def _export(services: Services, options: argparse.Namespace, _in: TextIO, out: TextIO) -> int:
    target = Path(options.out)
    write = services.exports.roster if options.kind == "roster" else services.exports.finance
    try:
        # "exports/" names a folder as plainly as an existing one does (Path drops the /).
        if target.is_dir() or options.out.endswith(("/", os.sep)):
            name = services.exports.suggested_file_name(options.workshop, options.kind)
            target.mkdir(parents=True, exist_ok=True)
            target = target / name
        written = write(options.workshop, target)
    except OSError as error:
        print(f"escadesk-cli: could not write {target}: {error.strerror or error}", file=sys.stderr)
        return REFUSED
    print(written, file=out)
    return OK


def _import(services: Services, options: argparse.Namespace, _in: TextIO, out: TextIO) -> int:
    """``import delegates``: the same preview and commit as the import dialog."""
    source: Path = options.file
    if not source.is_file():
        print(f"escadesk-cli: refused: there is no file {source}", file=sys.stderr)
        return REFUSED
    preview = services.delegates.preview(options.workshop, source)
    if preview.problems:
        print(f"{source.name}: nothing imported; fix these problems first:", file=out)
        for problem in preview.problems:
            print(f"  {problem}", file=out)
        return REFUSED
    if not preview.records:
        print(f"{source.name}: nothing imported; the file lists no delegates.", file=out)
        return REFUSED
    counts = (
        f"{len(preview.records)} delegates ({preview.new_count} new, "
        f"{preview.known_count} already known)"
    )
    if options.dry_run:
        print(f"{source.name}: {counts}. Dry run: nothing was stored.", file=out)
        return OK
    services.delegates.commit(preview)
    print(f"{source.name}: imported {counts}.", file=out)
    return OK


def _benchmark(services: Services, options: argparse.Namespace, _in: TextIO, out: TextIO) -> int:
    """``benchmark report``: the batch of reports, one line per file written."""
    folder: Path = options.out
    if not services.benchmarking.participants(options.workshop):
        print(
            "escadesk-cli: refused: no organization takes part in this workshop.", file=sys.stderr
        )
        return REFUSED
    try:
        written = services.benchmarking.write_reports(options.workshop, folder)
    except OSError as error:
        print(
            f"escadesk-cli: could not write in {folder}: {error.strerror or error}", file=sys.stderr
        )
        return REFUSED
    for path in written:
        print(path, file=out)
    return OK


HANDLERS: dict[str, Callable[[Services, argparse.Namespace, TextIO, TextIO], int]] = {
    "workshops": _workshops,
    "decide": _decide,
    "charges": _charges,
    "erasures": _erasures,
    "audit": _audit,
    "notify": _notify,
    "export": _export,
    "import": _import,
    "benchmark": _benchmark,
}


def main_exit() -> None:
    """Console-script entry point."""
    sys.exit(main())


if __name__ == "__main__":
    main_exit()
