"""``escadesk-cli server``: the roles of a team on a shared PostgreSQL server (issue 20).

- ``server init``: bring the schema up to date (as the role that owns it), then create
  the three group roles if missing and grant them the tables (storage/server_roles.py);
  idempotent, and to be run again after each upgrade of escadesk;
- ``server add-user NAME --role ROLE``: a login role for one person, member of one group.

They run without the services: the roles are the server's, not a workshop's. The password
is typed at a prompt or read from standard input, never given as an argument (arguments
are visible to every user of the machine and kept in shell history).
"""

from __future__ import annotations

import argparse
import getpass
from typing import TYPE_CHECKING, TextIO

from escadesk.cli_codes import OK, REFUSED, USAGE, Failure
from escadesk.cli_output import say
from escadesk.domain.roles import DESCRIPTIONS, Role
from escadesk.i18n import _

if TYPE_CHECKING:
    from escadesk.app import AppConfig


def add_parsers(commands: argparse._SubParsersAction) -> None:
    server = commands.add_parser(
        "server",
        help=_("set up the roles of a shared PostgreSQL server (director, staff, finance)"),
        description=_(
            "Roles from the database server: each person logs in with a role of "
            "their own, member of one group, and the server's GRANTs decide what their "
            "escadesk may do; the audit log names the login role. Give the server with "
            "--database-url (or ESCADESK_DATABASE_URL)."
        ),
    )
    actions = server.add_subparsers(dest="server_command", required=True, metavar="ACTION")
    init = actions.add_parser(
        "init",
        help=_("create the groups and grant them the tables (run again after each upgrade)"),
        description=_(
            "Bring the schema up to date, create the group roles escadesk_director, "
            "escadesk_staff and escadesk_finance if missing, and grant them escadesk's tables "
            "(and the tables created later by this role). Run it as the role that owns "
            "escadesk's tables, with CREATEROLE. Running it again changes nothing but what "
            "an upgrade added."
        ),
    )
    init.add_argument(
        "--director",
        action="append",
        default=[],
        metavar="NAME",
        help=_(
            "also make NAME a director (a login role, created without a password if "
            "missing); may be repeated"
        ),
    )
    add_user = actions.add_parser(
        "add-user",
        help=_("a login role for one person, in one group"),
        description=_("Create the login role NAME (or change its group) as a member of one group: ")
        + "; ".join(f"{role.value}: {words}" for role, words in DESCRIPTIONS.items())
        + ". The password is asked at the terminal, read from standard input "
        "(--password-stdin), or not set (--no-password: the server authenticates NAME "
        "otherwise, e.g. peer or certificate). The SCRAM verifier is computed here: the "
        "password never reaches the server.",
    )
    add_user.add_argument("name", metavar="NAME", help=_("the person's login role"))
    add_user.add_argument(
        "--role", required=True, metavar="ROLE", help=_("director, staff or finance")
    )
    source = add_user.add_mutually_exclusive_group()
    source.add_argument("--password-stdin", action="store_true", help=_("read the password"))
    source.add_argument("--no-password", action="store_true", help=_("set no password"))


def run(config: AppConfig, options: argparse.Namespace, stdin: TextIO, out: TextIO) -> int:
    """``server init`` or ``server add-user``: the exit code; every refusal one line."""
    from escadesk.storage.server_roles import ServerRolesError, require_server, role_named

    try:
        require_server(config.database_url)
        if options.server_command == "init":
            return _init(config, options, out)
        role = role_named(options.role)
        password = _password(options, stdin)
        return _add_user(config, options.name, role, password, out)
    except ServerRolesError as error:
        say(f"refused: {error}")
        return REFUSED


def _init(config: AppConfig, options: argparse.Namespace, out: TextIO) -> int:
    from escadesk.services.clock import SystemClock
    from escadesk.storage.data_lock import lock_data
    from escadesk.storage.engine import make_engine
    from escadesk.storage.migrate import prepare
    from escadesk.storage.server_roles import init_roles

    lease = lock_data(config.database_url, "cli")  # migrating is a write: nobody else in
    engine = make_engine(config.database_url)
    try:
        prepare(engine, config.backup_dir, SystemClock().now())
        report = init_roles(engine, options.director)
    finally:
        engine.dispose()
        lease.release()
    for group in report.created:
        out.write(_("created the group role {group}\n").format(group=group))
    for group in report.existing:
        out.write(_("the group role {group} was already there\n").format(group=group))
    out.write(
        _("granted the {tables} tables of the schema {schema}\n").format(
            tables=report.tables, schema=report.schema
        )
    )
    for name in report.directors:
        out.write(_("{name} is a director\n").format(name=name))
    return OK


def _add_user(config: AppConfig, name: str, role: Role, password: str | None, out: TextIO) -> int:
    from escadesk.storage.engine import make_engine
    from escadesk.storage.server_roles import GROUPS, add_user

    engine = make_engine(config.database_url)
    try:
        left = add_user(engine, name, role, password)
    finally:
        engine.dispose()
    moved = _(" (no longer in {left})").format(left=left) if left else ""
    out.write(
        _("{name} logs in as {role_value}: member of {groups}{moved}\n").format(
            name=name, role_value=role.value, groups=GROUPS[role], moved=moved
        )
    )
    return OK


def _password(options: argparse.Namespace, stdin: TextIO) -> str | None:
    if options.no_password:
        return None
    if options.password_stdin:
        password = stdin.readline().rstrip("\r\n")
    elif stdin.isatty():
        password = getpass.getpass(_("Password for {name}: ").format(name=options.name))
        if getpass.getpass(_("The same password again: ")) != password:
            raise Failure(REFUSED, _("refused: the two passwords differ; nothing was changed"))
    else:
        raise Failure(
            USAGE,
            _(
                "give the password on standard input with --password-stdin, or --no-password "
                "(no terminal to ask it at)"
            ),
        )
    if not password:
        raise Failure(REFUSED, _("refused: an empty password; nothing was changed"))
    return password
