"""``escadesk-cli benchmark template`` and ``benchmark answers import``: the benchmarking
survey template, out to the organizations and back (issue 18, item 3).

- ``benchmark template``: one .xlsx per organization taking part (or one, with
  ``--registration``), its stored answers pre-filled, into a folder;
- ``benchmark answers import FILE``: a filled template read against the stored answers.
  A file with problems is listed one problem a line (sheet, row, column, indicator,
  message), exits with REFUSED and stores nothing; a clean one prints its summary and
  every change, then stores them all (or, with ``--dry-run``, nothing).

The same service calls as the window's commands (services/benchmark_templates.py). The
answers are the organization's, confidential: they go to standard output, which the
director asked for, never to the audit log (it says how many were saved).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from escadesk.cli_arguments import whole_number
from escadesk.cli_codes import OK, REFUSED, USAGE, Failure
from escadesk.cli_messages import write_failure
from escadesk.cli_output import one_line, shown
from escadesk.i18n import _, ngettext

if TYPE_CHECKING:
    from escadesk.app import Services
    from escadesk.services.benchmark_template_views import (
        AnswerChange,
        AnswersPreview,
        TemplateProblem,
    )

#: The ``benchmark`` actions this module handles (cli.py hands them on).
ACTIONS = frozenset({"template", "answers"})

#: How an empty answer is shown in a change line.
EMPTY = "(empty)"


def add_parsers(
    actions: argparse._SubParsersAction,
    workshop_id: Callable[[str], int],
    path: Callable[[str], Path],
) -> None:
    """Add ``template`` and ``answers`` to the ``benchmark`` command's ``actions``;
    ``workshop_id`` and ``path`` are escadesk-cli's own argument checks (passed in, so
    this module never imports cli.py)."""
    template = actions.add_parser(
        "template",
        help=_("write the survey template (.xlsx) for the organizations taking part"),
        description=_(
            "Write each participating organization's benchmarking survey template "
            "(.xlsx, one row per indicator, its stored answers pre-filled) into a folder, "
            "created if missing; --registration writes one organization's only. A template of "
            "the same name is replaced."
        ),
    )
    template.add_argument("--workshop", type=workshop_id, required=True, help=_("workshop id"))
    template.add_argument(
        "--out", type=path, required=True, metavar="DIR", help=_("folder for the templates")
    )
    template.add_argument(
        "--registration",
        type=_registration_id,
        metavar="R",
        help=_("only this organization's template (the registration id the window shows)"),
    )

    answers = actions.add_parser(
        "answers",
        help=_("import the answers of a filled survey template"),
        description=_("The answers an organization typed into its survey template."),
    )
    answer_actions = answers.add_subparsers(dest="answers_command", required=True, metavar="ACTION")
    importing = answer_actions.add_parser(
        "import",
        help=_("check a filled survey template and store its answers"),
        description=_(
            "Read a filled survey template and compare it with the stored answers. "
            "Every problem is listed with its sheet, row and column, and nothing is stored "
            "unless the whole file is clean; then every change is listed and stored, all or "
            "nothing. The template itself says which organization it is for."
        ),
    )
    importing.add_argument("file", type=path, metavar="FILE", help=_("the filled .xlsx template"))
    importing.add_argument(
        "--workshop", type=workshop_id, help=_("check that the template is for this workshop")
    )
    importing.add_argument(
        "--dry-run",
        action="store_true",
        help=_("check the file and show the changes; store nothing"),
    )


def _registration_id(text: str) -> int:
    return whole_number(text, _("a registration id"))


def benchmark(services: Services, options: argparse.Namespace, _in: TextIO, out: TextIO) -> int:
    """Run ``benchmark template`` or ``benchmark answers import``."""
    if options.benchmark_command == "template":
        return _template(services, options, out)
    if options.benchmark_command == "answers" and options.answers_command == "import":
        return _import_answers(services, options, out)
    raise Failure(
        USAGE,
        _("unknown action {benchmark_command!r}").format(
            benchmark_command=options.benchmark_command
        ),
    )


# -- out ---------------------------------------------------------------------------------------


def _template(services: Services, options: argparse.Namespace, out: TextIO) -> int:
    benchmarking = services.benchmarking
    folder: Path = options.out
    participants = benchmarking.participants(options.workshop)
    if not participants:
        raise Failure(REFUSED, _("refused: no organization takes part in this workshop."))
    chosen = options.registration
    if chosen is not None and chosen not in {p.registration_id for p in participants}:
        benchmarking.template_file_name(chosen)  # no such registration: NotFoundError (7)
        taking_part = ", ".join(f"#{p.registration_id} {p.organization}" for p in participants)
        raise Failure(
            REFUSED,
            _(
                "refused: registration #{chosen} does not take part in workshop {workshop}'s "
                "benchmarking (taking part: {taking_part})."
            ).format(chosen=chosen, workshop=options.workshop, taking_part=taking_part),
        )
    try:
        if chosen is None:
            written = benchmarking.write_templates(options.workshop, folder)
        else:
            folder.mkdir(parents=True, exist_ok=True)
            target = folder / benchmarking.template_file_name(chosen)
            written = [benchmarking.write_template(chosen, target)]
    except OSError as error:
        raise Failure(REFUSED, write_failure(error, folder, folder=True)) from None
    for path in written:
        print(path, file=out)
    return OK


# -- back --------------------------------------------------------------------------------------


def _import_answers(services: Services, options: argparse.Namespace, out: TextIO) -> int:
    from escadesk.domain.validation import ValidationError

    source: Path = options.file  # a readable regular file (checked before the data opened)
    preview = services.benchmarking.read_answers(source, workshop_id=options.workshop)
    if not preview.ok:
        print(
            _("{source}: nothing stored; fix these problems first:").format(source=source.name),
            file=out,
        )
        for problem in preview.problems:
            print(f"  {problem_line(problem)}", file=out)
        return REFUSED
    print(about_line(preview), file=out)
    print(f"{preview.summary()}.", file=out)
    for change in preview.to_store:
        print(f"  {change_line(change)}", file=out)
    if options.dry_run:
        print(_("Dry run: nothing was stored."), file=out)
        return OK
    if not preview.to_store:
        print(_("Nothing to store: the file holds the answers escadesk already has."), file=out)
        return OK
    try:
        services.benchmarking.commit_answers(preview)
    except ValidationError as error:  # the stored answers changed since the file was read
        raise Failure(
            REFUSED,
            _(
                "refused: {error} (run escadesk-cli benchmark answers import again to read "
                "it against the answers stored now)"
            ).format(error=error),
        ) from None
    count = len(preview.to_store)
    print(
        ngettext("Stored {count} answer.", "Stored {count} answers.", count).format(count=count),
        file=out,
    )
    return OK


def problem_line(problem: TemplateProblem) -> str:
    """ "Sheet 'Answers', row 12, column F: 2.2.1 Human resources of the management team:
    'about forty' is not a number (…)": where first (each part only when known; the
    indicator too, unless the message starts with it), then what is wrong."""
    where = []
    if problem.sheet is not None:
        where.append(_("sheet '{sheet}'").format(sheet=problem.sheet))
    if problem.row is not None:
        where.append(_("row {row}").format(row=problem.row))
    if problem.column is not None:
        where.append(_("column {column}").format(column=problem.column))
    message = one_line(problem.message)
    if problem.code is not None and not message.startswith(problem.code):
        where.append(_("indicator {problem_code}").format(problem_code=problem.code))
    if not where:
        return message
    place = ", ".join(where)
    return f"{place[0].upper()}{place[1:]}: {message}"


def about_line(preview: AnswersPreview) -> str:
    """Whose answers, for which workshop and catalogue, from which file."""
    return one_line(
        _(
            "{source}: {organization} (registration #{registration_id}), {workshop}, "
            "catalogue {catalogue_version}"
        ).format(
            source=preview.source.name,
            organization=shown(preview.organization, 200),
            registration_id=preview.registration_id,
            workshop=shown(preview.workshop, 200),
            catalogue_version=preview.catalogue_version,
        )
    )


def change_line(change: AnswerChange) -> str:
    """'1.1.2 Total committed participants: changed, 40 -> 85'."""
    title = (
        change.title if change.title.startswith(change.code) else f"{change.code} {change.title}"
    )
    before = change.before if change.before is not None else EMPTY
    after = change.after if change.after is not None else EMPTY
    return one_line(f"{title}: {change.kind.value}, {before} -> {after}")
