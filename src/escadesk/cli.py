"""``escadesk-cli``: the same services, headless, for scripting and for finance.

The passphrase is read from standard input (``--passphrase-stdin``), never from an
argument (arguments are visible to every user of the machine and kept in shell history).

Every failure is one line on standard error, never a traceback, and one of the exit codes
of ``EXIT_MEANINGS`` (appended below, and the epilog of ``--help``): an error nobody
foresaw is one line too, with a code of its own, and no message shows a card number.

Here: the parser, the dispatch and the commands' handlers. The arguments are checked in
cli_arguments.py, failures are put in words in cli_messages.py, and every line on standard
error goes through cli_output.py.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import logging
import os
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from escadesk import (
    __version__,
    cli_data,
    cli_forms,
    cli_personal,
    cli_receipts,
    cli_registration_import,
    cli_server,
    cli_survey,
    cli_vault,
)
from escadesk.cli_argparse import argparse_speaks
from escadesk.cli_arguments import check_arguments
from escadesk.cli_arguments import path as _path
from escadesk.cli_arguments import path_text as _path_text
from escadesk.cli_arguments import workshop_id as _workshop_id
from escadesk.cli_codes import (
    DAMAGED,
    DATA_UNREADABLE,
    EXIT_MEANINGS,
    IN_USE,
    INTERRUPTED,
    LOCKED,
    NOT_FOUND,
    OK,
    REFUSED,
    UNEXPECTED,
    USAGE,
    Failure,
)
from escadesk.cli_messages import said, unexpected, write_failure
from escadesk.cli_output import one_line, say, write_line
from escadesk.i18n import _, locales, ngettext, pgettext, set_locale

if TYPE_CHECKING:
    from escadesk.app import AppConfig, Services
    from escadesk.services.decision import CardToDestroy

#: What escadesk.cli offers: its entry points, its handlers and the exit codes (kept
#: importable from here, where scripts and tests have always found them).
__all__ = [
    "DAMAGED",
    "DATA_UNREADABLE",
    "EXIT_CODES",
    "EXIT_MEANINGS",
    "HANDLERS",
    "INTERRUPTED",
    "IN_USE",
    "LOCKED",
    "NOT_FOUND",
    "OK",
    "REFUSED",
    "UNEXPECTED",
    "USAGE",
    "main",
    "main_exit",
]

_MEANINGS = "; ".join(f"{code} {text}" for code, text in EXIT_MEANINGS.items())
EXIT_CODES = f"exit codes: {_MEANINGS}"
__doc__ = f"{__doc__}\n" + "\n".join(textwrap.wrap(f"Exit codes: {_MEANINGS}.", 88)) + "\n"


def _exit_meanings() -> str:
    """EXIT_MEANINGS in the user's language (the module's EXIT_CODES stays English)."""
    return "; ".join(f"{code} {_(text)}" for code, text in EXIT_MEANINGS.items())


class _Parser(argparse.ArgumentParser):
    """A usage error is one line (what is wrong, and where the help is), never the usage
    block, and never a card number given by mistake."""

    def error(self, message: str) -> NoReturn:
        problem = one_line(_("{prog}: error: {message}").format(prog=self.prog, message=message))
        write_line(_("{problem} (see {prog} -h)").format(problem=problem, prog=self.prog))
        raise SystemExit(USAGE)


def _data_options(parser: argparse.ArgumentParser, default: object) -> None:
    """Which data a command works on; ``default`` is argparse.SUPPRESS on the commands, so
    an option given before the command is not reset by the command's parser."""
    # Translators: escadesk-cli --help: the heading of the options choosing the data.
    data = parser.add_argument_group(pgettext("cli options", "data"))
    data.add_argument(
        "--data-dir",
        type=_path,
        default=default,
        help=_("the data folder (default: the user data folder; ESCADESK_DATA_DIR)"),
    )
    data.add_argument(
        "--database-url", default=default, help=_("a SQLAlchemy URL (ESCADESK_DATABASE_URL)")
    )
    data.add_argument(
        "--demo",
        action="store_true",
        default=default,
        help=_(
            "use the demo's data folder, the one 'escadesk --demo' opens (created with the "
            "announcement's workshop when empty; its clock stands at 28 Sep 2018)"
        ),
    )


class _CommandParser(_Parser):
    """A command's parser (nested ones too): it takes the data options as well, so
    ``escadesk-cli workshops --demo`` works like ``escadesk-cli --demo workshops``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _data_options(self, argparse.SUPPRESS)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="escadesk-cli",
        description=_(
            "Run escadesk's use cases without the window (decision day, charges, "
            "erasures, audit, letters, Excel exports, delegate imports)."
        ),
        epilog=_("exit codes: {meanings}").format(meanings=_exit_meanings()),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"escadesk {__version__}",
        help=_("show program's version number and exit"),
    )
    _data_options(parser, None)
    parser.set_defaults(demo=False)
    commands = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=_CommandParser
    )

    decide = commands.add_parser(
        "decide",
        help=_("show or take the quorum decision of a workshop"),
        description=_("Show the decision as a dry run, or take it (once, from the deadline on)."),
    )
    decide.add_argument("--workshop", type=_workshop_id, required=True, help=_("workshop id"))
    mode = decide.add_mutually_exclusive_group(required=True)
    mode.add_argument("--dry-run", action="store_true", help=_("show what would happen"))
    mode.add_argument("--confirm", action="store_true", help=_("take the decision"))
    decide.add_argument("--passphrase-stdin", action="store_true", help=_("read the passphrase"))

    charges = commands.add_parser("charges", help=_("list the charges of a workshop"))
    charges.add_argument("--workshop", type=_workshop_id, required=True, help=_("workshop id"))

    erasures = commands.add_parser("erasures", help=_("what was erased, when and why"))
    erasures.add_argument("--workshop", type=_workshop_id, help=_("only this workshop"))

    audit = commands.add_parser("audit", help=_("check the audit log"))
    audit_commands = audit.add_subparsers(dest="audit_command", required=True, metavar="ACTION")
    audit_commands.add_parser("verify", help=_("verify every link of the hash chain"))

    notify = commands.add_parser(
        "notify",
        help=_("save letters as .eml drafts"),
        description=_("Write the letters of one template for every organization it applies to."),
    )
    notify.add_argument("--workshop", type=_workshop_id, required=True, help=_("workshop id"))
    notify.add_argument(
        "--template", required=True, choices=["confirmed", "waitlisted", "cancelled", "receipt"]
    )
    notify.add_argument("--out", type=_path, required=True, help=_("folder for the .eml drafts"))

    export = commands.add_parser(
        "export",
        help=_("write the roster or the finance workbook (.xlsx)"),
        description=_(
            "Write a workshop's roster or finance workbook. The file is written under "
            "a temporary name and then renamed, so a failure never leaves half a file."
        ),
    )
    export.add_argument("kind", choices=["roster", "finance"], help=_("which workbook"))
    export.add_argument("--workshop", type=_workshop_id, required=True, help=_("workshop id"))
    export.add_argument(
        "--out",
        type=_path_text,
        required=True,
        metavar="FILE",
        help=_(
            "the .xlsx file to write (replaced if it exists); a folder gets the usual name "
            "(a name ending in / is a folder, created if missing)"
        ),
    )

    importing = commands.add_parser(
        "import",
        help=_("import a list from a file"),
        description=_("Import a list from an .xlsx or .csv file: all of it, or nothing."),
    )
    import_commands = importing.add_subparsers(dest="import_command", required=True, metavar="WHAT")
    delegates = import_commands.add_parser(
        "delegates",
        help=_("the conference's delegate list (.xlsx or .csv)"),
        description=_(
            "Check the delegate list and store it. Every problem is listed with its "
            "row and column, and nothing is stored unless the whole file is clean."
        ),
    )
    delegates.add_argument("file", type=_path, metavar="FILE", help=_("the .xlsx or .csv file"))
    delegates.add_argument("--workshop", type=_workshop_id, required=True, help=_("workshop id"))
    delegates.add_argument(
        "--dry-run", action="store_true", help=_("check the file and report; store nothing")
    )
    cli_registration_import.add_parser(import_commands, _workshop_id, _path)

    benchmark = commands.add_parser(
        "benchmark",
        help=_("benchmarking reports and survey templates"),
        description=_(
            "Benchmarking: individual reports for the organizations taking part, "
            "and the survey template out to them and back."
        ),
    )
    benchmark_commands = benchmark.add_subparsers(
        dest="benchmark_command", required=True, metavar="ACTION"
    )
    report = benchmark_commands.add_parser(
        "report",
        help=_("write each participating organization's report (workbook and PDF)"),
        description=_(
            "Write each participating organization's benchmarking report (.xlsx "
            "workbook and its .pdf, or one of them with --format) into a folder, compared "
            "with the active reference set. Existing reports of the "
            "same name are replaced; a report is never left half-written. An organization that "
            "answered too little (fewer than two thirds of the indicators, or none in an area) "
            "is skipped and named with the reason, and the exit code is 1."
        ),
    )
    report.add_argument("--workshop", type=_workshop_id, required=True, help=_("workshop id"))
    report.add_argument(
        "--out", type=_path, required=True, metavar="DIR", help=_("folder for the reports")
    )
    report.add_argument(
        "--format",
        choices=("xlsx", "pdf", "both"),
        default="both",
        help=_("the workbook, its PDF, or both side by side (default: both)"),
    )
    cli_survey.add_parsers(benchmark_commands, _workshop_id, _path)

    commands.add_parser("workshops", help=_("list the workshops and their ids"))
    cli_data.add_parsers(commands)
    cli_personal.add_parsers(commands, _workshop_id, _path_text)
    cli_forms.add_parsers(commands, _workshop_id, _path)
    cli_receipts.add_parsers(commands, _workshop_id, _path)
    cli_server.add_parsers(commands)
    cli_vault.add_parsers(commands, _path)
    return parser


_Failure = Failure


def main(
    argv: list[str] | None = None, stdin: TextIO | None = None, out: TextIO | None = None
) -> int:
    """Run one command and return its exit code (``--help`` and usage errors included):
    whatever goes wrong, no exception leaves and no traceback is printed."""
    try:
        return _main(argv, stdin or sys.stdin or io.StringIO(), out or sys.stdout)
    except KeyboardInterrupt:
        say(_("interrupted."))
        return INTERRUPTED
    except Exception as error:  # a bug: one line, and the code that says so
        say(unexpected(error))
        return UNEXPECTED


def _main(argv: list[str] | None, stdin: TextIO, out: TextIO) -> int:
    set_locale(_language(argv))  # --help and a usage error speak it too
    try:
        with argparse_speaks():
            options = _parser().parse_args(argv)
    except SystemExit as exited:  # --help, --version, a usage error (already said)
        return exited.code if isinstance(exited.code, int) else USAGE
    from escadesk.app import AppConfig

    config = AppConfig.resolve(options.data_dir, options.database_url, demo=options.demo)
    # The View > Language choice of this data folder, else the environment's (LANG...).
    set_locale(locales.resolve(config.data_dir))
    try:
        check_arguments(options, config)
    except _Failure as failure:
        say(str(failure))
        return failure.code
    return _run(options, config, stdin, out)


class _EarlyStop(Exception):
    """The early look at the options found them wrong: the real parse says how."""


class _EarlyParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _EarlyStop(message)


def _language(argv: list[str] | None) -> str:
    """The language from the first line on: the View > Language choice of the data folder
    the options name (so read before the parser, whose help speaks it), else the
    environment's (LANG...). Options argparse will refuse count as none."""
    from escadesk.config import AppConfig

    early = _EarlyParser(add_help=False)
    early.add_argument("--data-dir", type=Path)
    early.add_argument("--database-url")
    early.add_argument("--demo", action="store_true")
    try:
        known, _rest = early.parse_known_args(argv)
        config = AppConfig.resolve(known.data_dir, None, demo=known.demo)
        return locales.resolve(config.data_dir)
    except (_EarlyStop, ValueError, OSError):
        return locales.resolve()


def _run(options: argparse.Namespace, config: AppConfig, stdin: TextIO, out: TextIO) -> int:
    from escadesk.app import build_services

    offline = {**cli_data.OFFLINE_HANDLERS, "server": cli_server.run}
    if options.command in offline:  # the data may be what is damaged; a server's roles
        try:
            return offline[options.command](config, options, stdin, out)
        except _Failure as failure:
            say(str(failure))
            return failure.code
        except Exception as error:
            return said(error, config, opening=False)

    try:
        services = build_services(config, via="escadesk-cli", opened_by="cli")
    except Exception as error:  # in use, another account's, damaged, too new, unreachable
        return said(error, config, opening=True)
    try:
        code = _command(services, options, stdin, out)
    except BaseException:  # Ctrl+C, or an error main() reports: the data is let go first
        with contextlib.suppress(Exception):
            services.close()
        raise
    try:
        services.close()
    except Exception as error:
        failed = said(error, config, opening=False)
        code = failed if code == OK else code
    return code


def _command(services: Services, options: argparse.Namespace, stdin: TextIO, out: TextIO) -> int:
    from escadesk.domain.validation import ValidationError
    from escadesk.services.vault import VaultError
    from escadesk.services.views import NotFoundError

    try:
        if options.demo:
            _open_demo(services)
        workshop = getattr(options, "workshop", None)
        if workshop is not None and not _workshop_exists(services, workshop):
            demo = " --demo" if options.demo else ""
            say(
                _("No workshop {workshop}; see escadesk-cli{demo} workshops").format(
                    workshop=workshop, demo=demo
                )
            )
            return NOT_FOUND
        return HANDLERS[options.command](services, options, stdin, out)
    except ValidationError as error:
        say(_("refused: {problem}").format(problem=error))
        return REFUSED
    except VaultError as error:
        say(str(error))
        return LOCKED
    except NotFoundError as error:
        say(str(error))
        return NOT_FOUND
    except LookupError as error:
        say(str(error))
        return REFUSED
    except _Failure as failure:
        say(str(failure))
        return failure.code
    except Exception as error:
        return said(error, services.config, opening=False)


def _workshop_exists(services: Services, workshop_id: int) -> bool:
    from escadesk.services.views import NotFoundError

    if workshop_id < 1:
        return False
    try:
        services.workshops.get(workshop_id)
    except NotFoundError:
        return False
    return True


def _open_demo(services: Services) -> None:
    """The window's demo folder: seeded the first time, which is said on standard error."""
    from escadesk.demo_opening import open_demo
    from escadesk.services.demo import DEMO_PASSPHRASE

    if open_demo(services):
        say(
            _('created the demo in {data_dir} (its vault passphrase: "{demo_passphrase}")').format(
                data_dir=services.config.data_dir, demo_passphrase=DEMO_PASSPHRASE
            )
        )


def _passphrase(stdin: TextIO) -> str:
    line = stdin.readline()
    return line.rstrip("\r\n")


def _workshops(services: Services, options: argparse.Namespace, _in: TextIO, out: TextIO) -> int:
    workshops = services.workshops.list()
    for workshop in workshops:
        print(f"{workshop.id}\t{workshop.code}\t{workshop.event_date}\t{workshop.title}", file=out)
    if not workshops:
        hint = "" if options.demo else _(" To try the demo workshop: escadesk-cli --demo workshops")
        print(
            _("No workshops yet in {data_dir}.{hint}").format(
                data_dir=services.config.data_dir, hint=hint
            ),
            file=out,
        )
    return OK


def _decide(services: Services, options: argparse.Namespace, stdin: TextIO, out: TextIO) -> int:
    plan = services.decision.preview(options.workshop)
    taken = services.decision.taken(options.workshop)
    if options.dry_run:
        if taken is not None:
            print(
                _(
                    "Decision already taken: {outcome_value}, {decided_at:%Y-%m-%d %H:%M} UTC by "
                    "{decided_by}."
                ).format(
                    outcome_value=taken.outcome.value,
                    decided_at=taken.decided_at,
                    decided_by=taken.decided_by,
                ),
                file=out,
            )
        elif not plan.available:
            print(
                _("Preview only: the decision opens at the end of the last day to register."),
                file=out,
            )
        _print_plan(plan, out)
        _print_erasures(services.decision.planned_erasures(options.workshop), out)
        return OK
    if not options.passphrase_stdin:
        say(_("--confirm needs --passphrase-stdin"))
        return USAGE
    passphrase = _passphrase(stdin)
    if not passphrase:  # nothing typed is no attempt: it costs no delay
        say(_("no passphrase on standard input (--passphrase-stdin reads one line)"))
        return USAGE
    wait = services.vault.retry_after()
    if wait > 0:  # the delay after wrong passphrases binds every process (issue 15)
        say(_("waiting {wait:.0f} s after earlier wrong passphrases…").format(wait=wait))
        time.sleep(wait)
    services.vault.unlock(passphrase)
    taken_plan = services.decision.confirm(options.workshop, passphrase)
    print(_("Decision taken. {summary}").format(summary=taken_plan.summary()), file=out)
    report = services.decision.erase_cancelled(
        options.workshop, progress=lambda _percent, text: print(f"  {text}", file=out)
    )
    for erasure in report.erasures:
        print(f"  erased: {erasure.organization} ({erasure.status})", file=out)
    if report.failures:
        say(report.sentence())
        return REFUSED
    return OK


def _print_erasures(cards: list[CardToDestroy], out: TextIO) -> None:
    """The dry run names each card authorization the decision destroys, whatever its
    registration's state (a withdrawn organization's card goes too)."""
    print(_("  card authorizations to destroy: {count}").format(count=len(cards)), file=out)
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
            _("  fee per organization: {gross} (net {net}, tax {tax}) {approximation_text}").format(
                gross=price.gross,
                net=price.net,
                tax=price.tax,
                approximation_text=plan.fee.approximation_text(),
            ),
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
        print(
            ngettext(
                "Audit log intact: {count} entry checked.",
                "Audit log intact: {count} entries checked.",
                report.checked,
            ).format(count=report.checked),
            file=out,
        )
        if report.coverage:
            print(report.coverage, file=out)
        return OK
    print(_("Audit log damaged: {problem}").format(problem=report.problem), file=out)
    return DAMAGED


def _notify(services: Services, options: argparse.Namespace, _in: TextIO, out: TextIO) -> int:
    from escadesk.notifications.messages import Template

    letters = services.notifications.letters(options.workshop, Template(options.template))
    for path in services.notifications.save_drafts(letters, options.out):
        print(path, file=out)
    if not letters:
        print(
            _("No organization is due a '{template}' letter.").format(template=options.template),
            file=out,
        )
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
        say(write_failure(error, target))
        return REFUSED
    print(written, file=out)
    return OK


def _import(services: Services, options: argparse.Namespace, _in: TextIO, out: TextIO) -> int:
    """``import delegates``: the same preview and commit as the import dialog."""
    if options.import_command == "registrations":
        return cli_registration_import.run(services, options, out)
    source: Path = options.file  # a readable regular file (checked before the data opened)
    preview = services.delegates.preview(options.workshop, source)
    if preview.problems:
        print(
            _("{source}: nothing imported; fix these problems first:").format(source=source.name),
            file=out,
        )
        for problem in preview.problems:
            print(f"  {problem}", file=out)
        return REFUSED
    if not preview.records:
        print(
            _("{source}: nothing imported; the file lists no delegates.").format(
                source=source.name
            ),
            file=out,
        )
        return REFUSED
    counts = ngettext(
        "{count} delegate ({new} new, {known} already known)",
        "{count} delegates ({new} new, {known} already known)",
        len(preview.records),
    ).format(count=len(preview.records), new=preview.new_count, known=preview.known_count)
    if options.dry_run:
        print(
            _("{source}: {counts}. Dry run: nothing was stored.").format(
                source=source.name, counts=counts
            ),
            file=out,
        )
        return OK
    services.delegates.commit(preview)
    print(_("{source}: imported {counts}.").format(source=source.name, counts=counts), file=out)
    return OK


def _benchmark(services: Services, options: argparse.Namespace, _in: TextIO, out: TextIO) -> int:
    """``benchmark report``: the batch of reports, one line per file written."""
    if options.benchmark_command in cli_survey.ACTIONS:  # template, answers import
        return cli_survey.benchmark(services, options, _in, out)
    folder: Path = options.out
    if not services.benchmarking.participants(options.workshop):
        say(_("refused: no organization takes part in this workshop."))
        return REFUSED
    try:
        formats = ("xlsx", "pdf") if options.format == "both" else (options.format,)
        written = services.benchmarking.write_reports(options.workshop, folder, formats=formats)
    except OSError as error:
        say(write_failure(error, folder, folder=True))
        return REFUSED
    for path in written:
        print(path, file=out)
    for skipped in written.skipped:  # too few answers: the others are written all the same
        say(_("refused: not written: {reason}").format(reason=skipped.reason))
    return REFUSED if written.skipped else OK


HANDLERS: dict[str, Callable[[Services, argparse.Namespace, TextIO, TextIO], int]] = {
    **cli_data.SERVICE_HANDLERS,
    **cli_personal.SERVICE_HANDLERS,
    **cli_forms.SERVICE_HANDLERS,
    **cli_receipts.SERVICE_HANDLERS,
    "workshops": _workshops,
    "decide": _decide,
    "charges": _charges,
    "erasures": _erasures,
    "audit": _audit,
    "notify": _notify,
    "export": _export,
    "import": _import,
    "benchmark": _benchmark,
    "vault": cli_vault.run,
}


def main_exit() -> None:
    """Console-script entry point. Whatever the libraries log, a background thread raises or
    escapes main(), standard error gets one line, never a traceback."""
    _quiet_reports()
    sys.exit(main())


def _quiet_reports() -> None:
    import threading

    if isinstance(sys.stdout, io.TextIOWrapper):  # a file name the terminal cannot show
        sys.stdout.reconfigure(errors="backslashreplace")
    root = logging.getLogger()
    root.handlers[:] = [_OneLineLog()]
    root.setLevel(logging.WARNING)
    logging.captureWarnings(True)
    sys.excepthook = lambda _kind, error, _trace: say(unexpected(error))
    threading.excepthook = lambda report: say(unexpected(report.exc_value or Exception()))
    sys.unraisablehook = lambda report: say(unexpected(report.exc_value or Exception()))


class _OneLineLog(logging.Handler):
    """Log records as one line each: the message, never the traceback attached to it."""

    def emit(self, record: logging.LogRecord) -> None:
        with contextlib.suppress(Exception):  # a log call must never break the command
            say(f"{record.levelname.lower()}: {record.getMessage()}")


if __name__ == "__main__":
    main_exit()
