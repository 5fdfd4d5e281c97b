"""``escadesk-cli forms``: the forms that go out and come back (issue 18).

- ``forms blank``: the workshop's two blank PDFs (registration, card authorization);
- ``forms import``: returned registration forms, checked and registered all or none;
- ``forms invite``: the invitation to register as .eml drafts, both forms attached.

Card-authorization forms are not read here: a card goes into the vault only after the
director has reviewed it in the window's card dialog.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from escadesk.cli_codes import OK, REFUSED, USAGE, Failure
from escadesk.cli_output import one_line, quoted, say
from escadesk.domain.languages import LANGUAGES, LOCALES
from escadesk.domain.wording import counted
from escadesk.i18n import _, current_locale, ngettext

if TYPE_CHECKING:
    from escadesk.app import Services
    from escadesk.services.form_views import PageSize, RegistrationImport

#: The --page choices, as typed.
PAGES = ("a4", "letter")


def add_parsers(
    commands: argparse._SubParsersAction,
    workshop_id: Callable[[str], int],
    path: Callable[[str], Path],
) -> None:
    """``workshop_id`` and ``path`` are escadesk-cli's own argument checks (passed in, so
    this module never imports cli.py)."""
    forms = commands.add_parser(
        "forms",
        help=_("the blank registration and card-authorization forms; returned registration forms"),
        description=_(
            "The two forms a workshop sends out, as fillable PDFs, the invitation "
            "that carries them to the delegates, and returned registration forms read back. "
            "Card-authorization forms are read in the window, where the card goes into the vault "
            "after review."
        ),
    )
    actions = forms.add_subparsers(dest="forms_command", required=True, metavar="ACTION")

    blank = actions.add_parser(
        "blank",
        help=_("write the workshop's two blank forms (PDF)"),
        description=_(
            "Write the registration form and the credit-card authorization form of "
            "a workshop into a folder (created if missing). Each is written whole or not at "
            "all; a file of the same name is replaced."
        ),
    )
    blank.add_argument("--workshop", type=workshop_id, required=True, help=_("workshop id"))
    blank.add_argument(
        "--out", type=path, required=True, metavar="DIR", help=_("folder for the PDFs")
    )
    _page(blank)
    blank.add_argument(
        "--language",
        type=forms_language,
        metavar="{en,fr}",
        help=_(
            "the language the forms are printed in: en (English) or fr (French); "
            "default: the command line's language"
        ),
    )

    importing = actions.add_parser(
        "import",
        help=_("register organizations from returned registration forms (PDF)"),
        description=_(
            "Read filled registration forms of the workshop and check each as the "
            "registration dialog does (a delegate's e-mail, not registered yet). Every form is "
            "registered, with its registration form recorded as received, or none is: each "
            "file's problem is listed and nothing is stored."
        ),
    )
    importing.add_argument("files", type=path, nargs="+", metavar="FILE", help=_("returned forms"))
    importing.add_argument("--workshop", type=workshop_id, required=True, help=_("workshop id"))
    importing.add_argument(
        "--dry-run", action="store_true", help=_("check the files and report; store nothing")
    )

    invite = actions.add_parser(
        "invite",
        help=_("write the invitation to register as .eml drafts, both forms attached"),
        description=_(
            "Write the invitation to register, with both blank forms attached, as "
            "one .eml draft per delegate on the workshop's list (or one for all, in Bcc). "
            "Delegates who have registered already are left out."
        ),
    )
    invite.add_argument("--workshop", type=workshop_id, required=True, help=_("workshop id"))
    invite.add_argument(
        "--out", type=path, required=True, metavar="DIR", help=_("folder for the drafts")
    )
    invite.add_argument(
        "--one",
        action="store_true",
        help=_("one draft for all, addressed to you with every delegate in Bcc"),
    )
    _page(invite)


def _page(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--page",
        type=str.lower,
        choices=PAGES,
        default="a4",
        help=_("the paper the forms are laid out for (default: a4)"),
    )


def forms_language(text: str) -> str:
    """``--language``: 'en' or 'fr' (any case), else a usage error saying which."""
    code = text.strip().lower()
    if code not in LANGUAGES:
        raise argparse.ArgumentTypeError(
            _("the forms are printed in en (English) or fr (French), not {text}").format(
                text=quoted(text)
            )
        )
    return code


def forms(services: Services, options: argparse.Namespace, _in: TextIO, out: TextIO) -> int:
    if options.forms_command == "blank":
        return _blank(services, options, out)
    if options.forms_command == "import":
        return _import(services, options, out)
    if options.forms_command == "invite":
        return _invite(services, options, out)
    raise Failure(
        USAGE, _("unknown action {forms_command!r}").format(forms_command=options.forms_command)
    )


def _page_size(options: argparse.Namespace) -> PageSize:
    from escadesk.services.form_views import PageSize

    return PageSize.LETTER if options.page == "letter" else PageSize.A4


def _blank(services: Services, options: argparse.Namespace, out: TextIO) -> int:
    page = _page_size(options)
    # Blank forms belong to no organization: the language asked for, else the CLI's own.
    locale = current_locale() if options.language is None else LOCALES[options.language]
    try:
        written = services.forms.write_blank(options.workshop, options.out, page, locale)
    except OSError as error:
        raise Failure(REFUSED, _write_failure(error, options.out)) from None
    for path in written:
        print(path, file=out)
    return OK


def _invite(services: Services, options: argparse.Namespace, out: TextIO) -> int:
    page = _page_size(options)
    try:
        drafts = services.forms.write_invitations(
            options.workshop, options.out, one_for_all=options.one, page=page
        )
    except OSError as error:
        raise Failure(REFUSED, _write_failure(error, options.out)) from None
    for path in drafts.paths:
        print(path, file=out)
    if options.one:
        line = ngettext(
            "Invitation for {count} delegate in one draft (Bcc).",
            "Invitation for {count} delegates in one draft (Bcc).",
            drafts.invited,
        ).format(count=drafts.invited)
    else:
        # Translators: {drafts} is "1 draft" / "3 drafts" (the next message).
        line = ngettext(
            "Invitation for {count} delegate in {drafts}.",
            "Invitation for {count} delegates in {drafts}.",
            drafts.invited,
        ).format(
            count=drafts.invited,
            drafts=ngettext("{count} draft", "{count} drafts", len(drafts.paths)).format(
                count=len(drafts.paths)
            ),
        )
    if drafts.already_registered:
        line += " " + ngettext(
            "Left out: {count} delegate who has registered already.",
            "Left out: {count} delegates who have registered already.",
            drafts.already_registered,
        ).format(count=drafts.already_registered)
    print(line, file=out)
    return OK


def _import(services: Services, options: argparse.Namespace, out: TextIO) -> int:
    result = services.forms.import_registrations(
        options.files, options.workshop, dry_run=options.dry_run
    )
    _report(result, out)
    forms_count = counted(len(result.files), "registration form")
    if not result.ok:
        bad = len(result.refused)
        say(
            _(
                "refused: nothing was stored; {bad} of {forms_count} cannot be registered "
                "(see above). Fix or leave out those files and import again."
            ).format(bad=bad, forms_count=forms_count)
        )
        return REFUSED
    if result.dry_run:
        print(
            _("Dry run: {forms_count} can be registered; nothing was stored.").format(
                forms_count=forms_count
            ),
            file=out,
        )
    else:
        print(
            ngettext(
                "Registered {count} organization.",
                "Registered {count} organizations.",
                len(result.files),
            ).format(count=len(result.files)),
            file=out,
        )
    return OK


def _report(result: RegistrationImport, out: TextIO) -> None:
    """One line per file (its organization, or why not), then one per problem; every line
    as a terminal shows it safely (control characters and card numbers never printed)."""
    for outcome in result.files:
        name = outcome.path.name
        if outcome.refusal:
            print(one_line(f"{name}: refused: {outcome.refusal}"), file=out)
            continue
        details = outcome.details
        assert details is not None
        organization = details.organization or _("(no organization)")
        what = f"{organization}, {details.contact_email or _('(no e-mail)')}"
        if outcome.ok:
            done = (
                _("registration #{registration_id}").format(registration_id=outcome.registration_id)
                if outcome.registration_id
                else "ok"
            )
            print(one_line(f"{name}: {what}: {done}"), file=out)
            continue
        print(one_line(f"{name}: {what}: {counted(len(outcome.problems), 'problem')}"), file=out)
        for problem in outcome.problems:
            print(one_line(f"  {problem.message}"), file=out)


def _write_failure(error: OSError, folder: Path) -> str:
    from escadesk.cli_messages import write_failure

    return write_failure(error, folder, folder=True)


SERVICE_HANDLERS: dict[str, Callable[[Services, argparse.Namespace, TextIO, TextIO], int]] = {
    "forms": forms,
}
