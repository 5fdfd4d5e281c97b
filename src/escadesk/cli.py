"""``escadesk-cli``: the same services, headless, for scripting and for finance.

The passphrase is read from standard input (``--passphrase-stdin``), never from an
argument (arguments are visible to every user of the machine and kept in shell history).

Every failure is one line on standard error, never a traceback, and one of the exit codes
of ``EXIT_MEANINGS`` (appended below, and the epilog of ``--help``): an error nobody
foresaw is one line too, with a code of its own, and no message shows a card number.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import io
import logging
import os
import re
import stat
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from escadesk import __version__, cli_data, cli_personal

if TYPE_CHECKING:
    import sqlite3

    from escadesk.app import AppConfig, Services
    from escadesk.services.decision import CardToDestroy
    from escadesk.storage.damage import DataUnreadableError

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

_MEANINGS = "; ".join(f"{code} {text}" for code, text in EXIT_MEANINGS.items())
EXIT_CODES = f"exit codes: {_MEANINGS}"
__doc__ = f"{__doc__}\n" + "\n".join(textwrap.wrap(f"Exit codes: {_MEANINGS}.", 88)) + "\n"

#: Where to go from a damaged database: the window's recovery screen (its backups).
RECOVERY = (
    "To restore a backup: escadesk-cli backups, then escadesk-cli restore --latest (or "
    "open escadesk, the window, for its recovery screen)."
)

#: The largest id a database keeps (a signed 64-bit integer).
_MAX_ID = 2**63 - 1
#: Path limits: Linux's PATH_MAX (with its NUL) and every common file system's NAME_MAX;
#: Windows counts characters (long paths enabled), the others bytes.
_PATH_MAX, _NAME_MAX = (32767, 255) if os.name == "nt" else (4095, 255)


# ---------------------------------------------------------------------------------------
# Arguments: checked by argparse, so a wrong value is a usage error naming its argument.


def _workshop_id(text: str) -> int:
    """A workshop id as the database can hold it; 0 or -1 pass (and are not found)."""
    value = text.strip()
    if not re.fullmatch(r"[+-]?[0-9]+", value, re.ASCII):
        raise argparse.ArgumentTypeError(
            f"a workshop id is a whole number, not {_quoted(text)} "
            "(escadesk-cli workshops lists them)"
        )
    number = int(value) if len(value) <= 20 else _MAX_ID + 1  # int() of 5,000 digits: no
    if not -_MAX_ID - 1 <= number <= _MAX_ID:
        raise argparse.ArgumentTypeError(
            f"{_quoted(text)} is out of range for a workshop id (escadesk-cli workshops lists them)"
        )
    return number


def _path_problem(text: str) -> str | None:
    """Why ``text`` cannot name a file or folder on this computer, whatever is on disk."""
    if not text:
        return "the path is empty"
    if "\0" in text:
        return "the path contains a NUL character"
    unit = "bytes"
    if os.name == "nt":
        unit, size = "characters", len(text)
        names = [(name, len(name)) for name in re.split(r"[\\/]", text)]
    else:
        try:
            encoded = os.fsencode(text)
        except UnicodeError:
            return "the path contains characters this computer cannot use in a file name"
        size = len(encoded)
        names = [(os.fsdecode(name), len(name)) for name in encoded.split(b"/")]
    if size > _PATH_MAX:
        return f"the path is too long ({size} {unit}; at most {_PATH_MAX})"
    for name, length in names:
        if length > _NAME_MAX:
            return (
                f"the name {_shown(name, 24)} is too long ({length} {unit}; a file or "
                f"folder name has at most {_NAME_MAX})"
            )
    return None


def _path_text(text: str) -> str:
    problem = _path_problem(text)
    if problem:
        raise argparse.ArgumentTypeError(problem)
    return text


def _path(text: str) -> Path:
    return Path(_path_text(text))


class _Parser(argparse.ArgumentParser):
    """A usage error is one line (what is wrong, and where the help is), never the usage
    block, and never a card number given by mistake."""

    def error(self, message: str) -> NoReturn:
        _write_line(f"{_one_line(f'{self.prog}: error: {message}')} (see {self.prog} -h)")
        raise SystemExit(USAGE)


def _data_options(parser: argparse.ArgumentParser, default: object) -> None:
    """Which data a command works on; ``default`` is argparse.SUPPRESS on the commands, so
    an option given before the command is not reset by the command's parser."""
    data = parser.add_argument_group("data")
    data.add_argument(
        "--data-dir",
        type=_path,
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


class _CommandParser(_Parser):
    """A command's parser (nested ones too): it takes the data options as well, so
    ``escadesk-cli workshops --demo`` works like ``escadesk-cli --demo workshops``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _data_options(self, argparse.SUPPRESS)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
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
    decide.add_argument("--workshop", type=_workshop_id, required=True, help="workshop id")
    mode = decide.add_mutually_exclusive_group(required=True)
    mode.add_argument("--dry-run", action="store_true", help="show what would happen")
    mode.add_argument("--confirm", action="store_true", help="take the decision")
    decide.add_argument("--passphrase-stdin", action="store_true", help="read the passphrase")

    charges = commands.add_parser("charges", help="list the charges of a workshop")
    charges.add_argument("--workshop", type=_workshop_id, required=True, help="workshop id")

    erasures = commands.add_parser("erasures", help="what was erased, when and why")
    erasures.add_argument("--workshop", type=_workshop_id, help="only this workshop")

    audit = commands.add_parser("audit", help="check the audit log")
    audit_commands = audit.add_subparsers(dest="audit_command", required=True, metavar="ACTION")
    audit_commands.add_parser("verify", help="verify every link of the hash chain")

    notify = commands.add_parser(
        "notify",
        help="save letters as .eml drafts",
        description="Write the letters of one template for every organization it applies to.",
    )
    notify.add_argument("--workshop", type=_workshop_id, required=True, help="workshop id")
    notify.add_argument(
        "--template", required=True, choices=["confirmed", "waitlisted", "cancelled", "receipt"]
    )
    notify.add_argument("--out", type=_path, required=True, help="folder for the .eml drafts")

    export = commands.add_parser(
        "export",
        help="write the roster or the finance workbook (.xlsx)",
        description="Write a workshop's roster or finance workbook. The file is written under "
        "a temporary name and then renamed, so a failure never leaves half a file.",
    )
    export.add_argument("kind", choices=["roster", "finance"], help="which workbook")
    export.add_argument("--workshop", type=_workshop_id, required=True, help="workshop id")
    export.add_argument(
        "--out",
        type=_path_text,
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
    delegates.add_argument("file", type=_path, metavar="FILE", help="the .xlsx or .csv file")
    delegates.add_argument("--workshop", type=_workshop_id, required=True, help="workshop id")
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
    report.add_argument("--workshop", type=_workshop_id, required=True, help="workshop id")
    report.add_argument(
        "--out", type=_path, required=True, metavar="DIR", help="folder for the reports"
    )

    commands.add_parser("workshops", help="list the workshops and their ids")
    cli_data.add_parsers(commands)
    cli_personal.add_parsers(commands, _workshop_id, _path_text)
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
        _say("interrupted.")
        return INTERRUPTED
    except Exception as error:  # a bug: one line, and the code that says so
        _say(_unexpected(error))
        return UNEXPECTED


def _main(argv: list[str] | None, stdin: TextIO, out: TextIO) -> int:
    try:
        options = _parser().parse_args(argv)
    except SystemExit as exited:  # --help, --version, a usage error (already said)
        return exited.code if isinstance(exited.code, int) else USAGE
    from escadesk.app import AppConfig

    config = AppConfig.resolve(options.data_dir, options.database_url, demo=options.demo)
    try:
        _check_arguments(options, config)
    except _Failure as failure:
        _say(str(failure))
        return failure.code
    return _run(options, config, stdin, out)


def _run(options: argparse.Namespace, config: AppConfig, stdin: TextIO, out: TextIO) -> int:
    from escadesk.app import build_services

    if options.command in cli_data.OFFLINE:  # the data may be what is damaged
        try:
            return cli_data.OFFLINE_HANDLERS[options.command](config, options, stdin, out)
        except _Failure as failure:
            _say(str(failure))
            return failure.code
        except Exception as error:
            return _said(error, config, opening=False)

    try:
        services = build_services(config, actor=f"{_user()} (escadesk-cli)", opened_by="cli")
    except Exception as error:  # in use, another account's, damaged, too new, unreachable
        return _said(error, config, opening=True)
    try:
        code = _command(services, options, stdin, out)
    except BaseException:  # Ctrl+C, or an error main() reports: the data is let go first
        with contextlib.suppress(Exception):
            services.close()
        raise
    try:
        services.close()
    except Exception as error:
        failed = _said(error, config, opening=False)
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
            _say(f"No workshop {workshop}; see escadesk-cli{demo} workshops")
            return NOT_FOUND
        return HANDLERS[options.command](services, options, stdin, out)
    except ValidationError as error:
        _say(f"refused: {error}")
        return REFUSED
    except VaultError as error:
        _say(str(error))
        return LOCKED
    except NotFoundError as error:
        _say(str(error))
        return NOT_FOUND
    except LookupError as error:
        _say(str(error))
        return REFUSED
    except _Failure as failure:
        _say(str(failure))
        return failure.code
    except Exception as error:
        return _said(error, services.config, opening=False)


def _workshop_exists(services: Services, workshop_id: int) -> bool:
    from escadesk.services.views import NotFoundError

    if workshop_id < 1:
        return False
    try:
        services.workshops.get(workshop_id)
    except NotFoundError:
        return False
    return True


# ---------------------------------------------------------------------------------------
# Before anything is opened: the data folder, the database URL, the files named.


def _check_arguments(options: argparse.Namespace, config: AppConfig) -> None:
    """Raise _Failure for a data folder, database URL, input or output that cannot work,
    with what is wrong in plain words, before the data is opened."""
    if options.data_dir is not None:
        source = "--data-dir"
    elif os.environ.get("ESCADESK_DATA_DIR", "").strip():
        source = "ESCADESK_DATA_DIR"
    else:
        source = "the data folder"
    _check_folder(config.data_dir, source, writable=False, data=True)
    if options.database_url:
        url_source = "--database-url"
    elif os.environ.get("ESCADESK_DATABASE_URL"):
        url_source = "ESCADESK_DATABASE_URL"
    else:
        url_source = source  # the database in the data folder
    database = _check_url(config.database_url, url_source)
    if database is not None:
        _check_folder(database.parent, url_source, writable=False, data=True)
    if options.command in ("notify", "benchmark"):
        _check_folder(options.out, "--out", writable=True)
    elif options.command == "export":
        target = Path(options.out)
        if options.out.endswith(("/", os.sep)):
            _check_folder(target, "--out", writable=True)
        else:  # a missing folder is the export's to refuse (the window's words)
            _check_folder(target.parent, "--out", writable=False, target=target)
    elif options.command == "import":
        problem = _input_problem(options.file)
        if problem:
            raise _Failure(REFUSED, f"refused: {problem}")


def _check_folder(
    folder: Path,
    source: str,
    *,
    writable: bool,
    data: bool = False,
    target: Path | None = None,
) -> None:
    """The data's folder, or one to write in (``target``, a file in it): a usage error for
    a path no system takes; unusable data, or a refusal, for one this computer cannot
    use now."""
    problem = _path_problem(str(folder))
    if problem:
        raise _Failure(USAGE, f"{source}: {problem}")
    problem = _folder_problem(folder, writable=writable)
    if problem and data:
        raise _Failure(
            DATA_UNREADABLE, f"escadesk cannot use the data folder {_shown(folder)}: {problem}."
        )
    if problem:
        where = _shown(target) if target is not None else f"in {_shown(folder)}"
        raise _Failure(REFUSED, f"refused: cannot write {where}: {problem}")


def _folder_problem(folder: Path, *, writable: bool) -> str | None:
    """Why ``folder`` cannot be used or created (a file in the way, no permission), or
    None; a missing folder is fine (it is created, or its absence is said later)."""
    existing = folder
    while True:
        try:
            found = existing.stat()
        except (FileNotFoundError, NotADirectoryError):
            if existing.parent == existing:
                return None
            existing = existing.parent
            continue
        except OSError as error:
            return f"{_shown(existing)}: {error.strerror or error}"
        break
    if not stat.S_ISDIR(found.st_mode):
        return f"{_shown(existing)} is a file, not a folder"
    if writable and not os.access(existing, os.W_OK):
        if _read_only_disk(existing):
            return f"{_shown(existing)} is on a read-only disk"
        return f"no permission to write in {_shown(existing)}"
    return None


def _read_only_disk(folder: Path) -> bool:
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (AttributeError, OSError):  # Windows has no statvfs
        return False


def _input_problem(source: Path) -> str | None:
    """Why ``source`` cannot be read as a list, or None."""
    try:
        found = source.stat()
    except (FileNotFoundError, NotADirectoryError):
        return f"there is no file {_shown(source)}"
    except OSError as error:
        return f"could not read {_shown(source)}: {error.strerror or error}"
    if stat.S_ISDIR(found.st_mode):
        return f"{_shown(source)} is a folder, not a file"
    if not stat.S_ISREG(found.st_mode):
        return f"{_shown(source)} is not a regular file (a device, a pipe or a socket)"
    if not os.access(source, os.R_OK):
        return f"escadesk may not read {_shown(source)} (permission denied)"
    return None


def _check_url(url: str, source: str) -> Path | None:
    """Raise _Failure for a URL SQLAlchemy cannot use; the SQLite file it names, if any."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError, TypeError):
        # Not quoted: a URL may hold a password.
        raise _Failure(
            USAGE,
            f"{source} is not a database URL (for example sqlite:///folder/escadesk.sqlite3 "
            "or postgresql+psycopg://user@server/escadesk)",
        ) from None
    shown = parsed.render_as_string(hide_password=True)
    try:
        dialect = parsed.get_dialect()
    except NoSuchModuleError:
        raise _Failure(
            USAGE,
            f"{source}: escadesk cannot use a {_quoted(parsed.drivername)} database "
            f"({_shown(shown)}); use sqlite or postgresql+psycopg",
        ) from None
    try:
        dialect.import_dbapi()
    except ImportError as error:
        raise _Failure(
            REFUSED,
            f"{source}: the driver for {_quoted(parsed.drivername)} is not installed "
            f"({error.name or error})",
        ) from None
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    problem = _path_problem(parsed.database)
    if problem:
        raise _Failure(USAGE, f"{source}: {problem}")
    return Path(parsed.database)


# ---------------------------------------------------------------------------------------
# Errors: one line each, with its exit code.


def _said(error: Exception, config: AppConfig, *, opening: bool) -> int:
    """Say what went wrong in one line; the exit code."""
    failure = _storage_failure(error, config, opening=opening)
    if failure is None:
        _say(_unexpected(error))
        return UNEXPECTED
    _say(str(failure))
    return failure.code


def _unexpected(error: BaseException) -> str:
    # A database error's own text holds its SQL and parameters: the driver's words only.
    reason = getattr(error, "orig", None) or error
    return (
        f"unexpected error: {type(error).__name__}: {_shown(str(reason), 300)} (please report it)"
    )


def _storage_failure(error: Exception, config: AppConfig, *, opening: bool) -> _Failure | None:
    """The database, the disk or the operating system said no: what to tell the director."""
    from escadesk.storage import damage
    from escadesk.storage.lock_holder import DataInUseError, DataLockError

    if isinstance(error, damage.DataUnreadableError):
        return _Failure(DATA_UNREADABLE, _unreadable(error))
    if isinstance(error, DataLockError):  # SQLite's own lock, held by another program
        return _Failure(IN_USE if isinstance(error, DataInUseError) else REFUSED, str(error))
    disk_full = getattr(damage, "DiskFullError", None)  # storage's words for ENOSPC
    if disk_full is not None and isinstance(error, disk_full):
        return _Failure(REFUSED, str(error))
    sqlite = _sqlite_cause(error)
    if sqlite is not None:
        return _sqlite_failure(sqlite, config)
    if isinstance(error, OSError):
        return _os_failure(error, config, opening=opening)
    from sqlalchemy.exc import OperationalError

    if isinstance(error, OperationalError):  # a database server out of reach
        reason = str(error.orig).strip().splitlines()[0] if str(error.orig).strip() else ""
        shown = _shown_url(config.database_url)
        return _Failure(REFUSED, f"could not use the database {shown}: {_shown(reason, 200)}")
    return None


def _unreadable(error: DataUnreadableError) -> str:
    """Storage's words, and for damage where the director goes from here."""
    from escadesk.storage.damage import Damage

    message = str(error)
    if error.damage in (Damage.TOO_NEW, Damage.NOT_ACCESSIBLE):
        return message  # install the newer escadesk; fix the permissions: both said
    if "recovery screen" in message:
        return f"{message} (The recovery screen opens in escadesk, the window.)"
    return f"{message} {RECOVERY}"


def _sqlite_cause(error: BaseException) -> sqlite3.Error | None:
    import sqlite3

    current: BaseException | None = error
    for _ in range(8):
        if current is None:
            return None
        if isinstance(current, sqlite3.Error):
            return current
        original = getattr(current, "orig", None)
        if isinstance(original, sqlite3.Error):
            return original
        current = current.__cause__
    return None


#: What SQLite's error means for the director: (error name prefix, words of its message,
#: the reason given); SQLite's names are exact, its words a fallback.
_SQLITE_REASONS = (
    (
        "SQLITE_NOTADB",
        "file is not a database",
        "it is not a SQLite database (damaged, or another kind of file)",
    ),
    ("SQLITE_CORRUPT", "malformed", "it is damaged"),
    ("SQLITE_CANTOPEN", "unable to open database file", "the file cannot be opened"),
    ("SQLITE_IOERR", "disk i/o error", "the disk reported an error"),
    ("SQLITE_PERM", "access permission denied", "permission denied"),
)


def _sqlite_failure(error: sqlite3.Error, config: AppConfig) -> _Failure | None:
    name = getattr(error, "sqlite_errorname", None) or ""
    text = str(error).lower()
    database = _shown(_database_file(config) or _shown_url(config.database_url))
    if name == "SQLITE_FULL" or "disk is full" in text:
        return _Failure(REFUSED, _disk_full(_database_folder(config)))
    if name.startswith("SQLITE_READONLY") or "readonly database" in text:
        return _Failure(
            DATA_UNREADABLE,
            f"the database {database} cannot be written: it is read-only (check the "
            "permissions of the file and its folder). Nothing was changed.",
        )
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "database is locked" in text:
        return _Failure(
            IN_USE,
            f"the database {database} is locked by another program; close it, then try again.",
        )
    for prefix, words, reason in _SQLITE_REASONS:
        if name.startswith(prefix) or (not name and words in text):
            return _Failure(
                DATA_UNREADABLE,
                f"the database {database} cannot be read: {reason}. Nothing was changed. "
                f"{RECOVERY}",
            )
    return None


def _os_failure(error: OSError, config: AppConfig, *, opening: bool) -> _Failure:
    where = _filename(error)
    code = error.errno
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        folder = where.parent if where is not None else _database_folder(config)
        return _Failure(REFUSED, _disk_full(folder))
    if code == errno.ENAMETOOLONG:
        return _Failure(
            REFUSED, f"refused: the path {_shown(where or config.data_dir)} is too long"
        )
    if code in (errno.EROFS, errno.EACCES, errno.EPERM):
        why = "it is on a read-only disk" if code == errno.EROFS else "permission denied"
        if opening or where is None or _inside(where, config.data_dir):
            return _Failure(
                DATA_UNREADABLE,
                f"the data in {_shown(config.data_dir)} cannot be used: {why}. Nothing was "
                "changed.",
            )
        return _Failure(REFUSED, f"could not open {_shown(where)}: {why}")
    if code == errno.ENOTDIR and where is not None:
        return _Failure(REFUSED, f"refused: a part of {_shown(where)} is a file, not a folder")
    reason = error.strerror or str(error)
    return _Failure(REFUSED, f"{_shown(where)}: {reason}" if where else reason)


def _write_failure(error: OSError, target: Path, *, folder: bool = False) -> str:
    """A workbook (or a ``folder`` of reports) escadesk-cli was writing could not be."""
    if error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return _disk_full(target if folder else target.parent)
    where = f"in {_shown(target)}" if folder else _shown(target)
    return f"could not write {where}: {error.strerror or error}"


def _disk_full(folder: Path) -> str:
    return f"The disk is full: nothing was saved (folder {_shown(folder)})."


def _filename(error: OSError) -> Path | None:
    name = error.filename
    if isinstance(name, bytes):
        name = os.fsdecode(name)
    return Path(name) if isinstance(name, str) and name else None


def _inside(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except (OSError, ValueError, RuntimeError):
        return False


def _database_file(config: AppConfig) -> Path | None:
    try:
        from escadesk.storage.engine import sqlite_path

        return sqlite_path(config.database_url)
    except Exception:  # an unusable URL: already said
        return None


def _database_folder(config: AppConfig) -> Path:
    database = _database_file(config)
    return database.parent if database is not None else config.data_dir


def _shown_url(url: str) -> str:
    try:
        from sqlalchemy.engine import make_url

        return _shown(make_url(url).render_as_string(hide_password=True))
    except Exception:
        return "(the database URL)"


# ---------------------------------------------------------------------------------------
# Output: one line, no control characters, no card number.

#: Line breaks (and white space around them) become one space.
_LINE_BREAKS = re.compile(r"\s*[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]+\s*")
#: Shown as escapes: terminal controls and the bidi overrides that reorder what is read.
_UNSAFE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_DIGIT_RUN = re.compile(r"[0-9](?:[ -]?[0-9])*")


def _one_line(text: str) -> str:
    text = _LINE_BREAKS.sub(" ", text).strip()
    text = _UNSAFE.sub(lambda found: ascii(found.group())[1:-1], text)
    return _without_cards(text)


def _without_cards(text: str) -> str:
    """``text`` with anything that could be a card number hidden (the shared guard)."""
    from escadesk.domain.cards import contains_card_number

    if not contains_card_number(text):
        return text
    hidden = _DIGIT_RUN.sub(
        lambda run: "[card number hidden]" if contains_card_number(run.group()) else run.group(),
        text,
    )
    return re.sub(r"[0-9]", "#", hidden) if contains_card_number(hidden) else hidden


def _say(message: str) -> None:
    """One line on standard error, however the message came."""
    _write_line(f"escadesk-cli: {_one_line(message)}")


def _write_line(line: str) -> None:
    try:
        print(line, file=sys.stderr)
    except UnicodeEncodeError:  # a stream that cannot show it (a lone surrogate, ASCII)
        print(line.encode("ascii", "backslashreplace").decode("ascii"), file=sys.stderr)


def _shown(value: object, limit: int = 160) -> str:
    """A path or text as quoted in a message: a very long one keeps its two ends."""
    text = str(value)
    if len(text) <= limit:
        return text
    half = (limit - 1) // 2
    return f"{text[:half]}…{text[-half:]}"


def _quoted(text: str) -> str:
    return f"'{_shown(text, 40)}'"


def _open_demo(services: Services) -> None:
    """The window's demo folder: seeded the first time, which is said on standard error."""
    from escadesk.demo_opening import open_demo
    from escadesk.services.demo import DEMO_PASSPHRASE

    if open_demo(services):
        _say(
            f"created the demo in {services.config.data_dir} (its vault "
            f'passphrase: "{DEMO_PASSPHRASE}")'
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
        _say("--confirm needs --passphrase-stdin")
        return USAGE
    passphrase = _passphrase(stdin)
    if not passphrase:  # nothing typed is no attempt: it costs no delay
        _say("no passphrase on standard input (--passphrase-stdin reads one line)")
        return USAGE
    wait = services.vault.retry_after()
    if wait > 0:  # the delay after wrong passphrases binds every process (issue 15)
        _say(f"waiting {wait:.0f} s after earlier wrong passphrases…")
        time.sleep(wait)
    services.vault.unlock(passphrase)
    taken_plan = services.decision.confirm(options.workshop, passphrase)
    print(f"Decision taken. {taken_plan.summary()}", file=out)
    report = services.decision.erase_cancelled(
        options.workshop, progress=lambda _percent, text: print(f"  {text}", file=out)
    )
    for erasure in report.erasures:
        print(f"  erased: {erasure.organization} ({erasure.status})", file=out)
    if report.failures:
        _say(report.sentence())
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
        _say(_write_failure(error, target))
        return REFUSED
    print(written, file=out)
    return OK


def _import(services: Services, options: argparse.Namespace, _in: TextIO, out: TextIO) -> int:
    """``import delegates``: the same preview and commit as the import dialog."""
    source: Path = options.file  # a readable regular file (checked before the data opened)
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
        _say("refused: no organization takes part in this workshop.")
        return REFUSED
    try:
        written = services.benchmarking.write_reports(options.workshop, folder)
    except OSError as error:
        _say(_write_failure(error, folder, folder=True))
        return REFUSED
    for path in written:
        print(path, file=out)
    return OK


HANDLERS: dict[str, Callable[[Services, argparse.Namespace, TextIO, TextIO], int]] = {
    **cli_data.SERVICE_HANDLERS,
    **cli_personal.SERVICE_HANDLERS,
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
    sys.excepthook = lambda _kind, error, _trace: _say(_unexpected(error))
    threading.excepthook = lambda report: _say(_unexpected(report.exc_value or Exception()))
    sys.unraisablehook = lambda report: _say(_unexpected(report.exc_value or Exception()))


class _OneLineLog(logging.Handler):
    """Log records as one line each: the message, never the traceback attached to it."""

    def emit(self, record: logging.LogRecord) -> None:
        with contextlib.suppress(Exception):  # a log call must never break the command
            _say(f"{record.levelname.lower()}: {record.getMessage()}")


if __name__ == "__main__":
    main_exit()
