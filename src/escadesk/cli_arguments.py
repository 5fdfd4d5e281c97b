"""``escadesk-cli``'s arguments: the values argparse checks, and the files and folders
checked before the data is opened.

A wrong value is a usage error naming its argument, and a folder, database URL or file
that cannot work is said in plain words before anything is opened or changed. Its own
module so the command modules (cli.py, cli_personal.py) share one set of checks.
"""

from __future__ import annotations

import argparse
import os
import re
import stat
from pathlib import Path
from typing import TYPE_CHECKING

from escadesk.cli_codes import DATA_UNREADABLE, REFUSED, USAGE, Failure
from escadesk.cli_output import quoted, shown
from escadesk.i18n import _, ngettext

if TYPE_CHECKING:
    from escadesk.app import AppConfig

#: The largest id a database keeps (a signed 64-bit integer).
_MAX_ID = 2**63 - 1
#: Path limits: Linux's PATH_MAX (with its NUL) and every common file system's NAME_MAX;
#: Windows counts characters (long paths enabled), the others bytes.
_PATH_MAX, _NAME_MAX = (32767, 255) if os.name == "nt" else (4095, 255)


def whole_number(text: str, what: str, hint: str = "") -> int:
    """An id as the database can hold it (a signed 64-bit integer); 0 or -1 pass (and are
    not found). ``what`` names the id in the message, ``hint`` says where ids are listed."""
    value = text.strip()
    if not re.fullmatch(r"[+-]?[0-9]+", value, re.ASCII):
        raise argparse.ArgumentTypeError(
            _("{what} is a whole number, not {text}{hint}").format(
                what=what, text=quoted(text), hint=hint
            )
        )
    number = int(value) if len(value) <= 20 else _MAX_ID + 1  # int() of 5,000 digits: no
    if not -_MAX_ID - 1 <= number <= _MAX_ID:
        raise argparse.ArgumentTypeError(
            _("{text} is out of range for {what}{hint}").format(
                text=quoted(text), what=what, hint=hint
            )
        )
    return number


def workshop_id(text: str) -> int:
    """A workshop id as the database can hold it; 0 or -1 pass (and are not found)."""
    return whole_number(text, _("a workshop id"), _(" (escadesk-cli workshops lists them)"))


def _path_problem(text: str) -> str | None:
    """Why ``text`` cannot name a file or folder on this computer, whatever is on disk."""
    if not text:
        return _("the path is empty")
    if "\0" in text:
        return _("the path contains a NUL character")
    in_characters = os.name == "nt"  # Windows counts characters, the others bytes
    if in_characters:
        size = len(text)
        names = [(name, len(name)) for name in re.split(r"[\\/]", text)]
    else:
        try:
            encoded = os.fsencode(text)
        except UnicodeError:
            return _("the path contains characters this computer cannot use in a file name")
        size = len(encoded)
        names = [(os.fsdecode(name), len(name)) for name in encoded.split(b"/")]
    if size > _PATH_MAX:
        too_long = (
            ngettext(
                "the path is too long ({size} character; at most {path_max})",
                "the path is too long ({size} characters; at most {path_max})",
                size,
            )
            if in_characters
            else ngettext(
                "the path is too long ({size} byte; at most {path_max})",
                "the path is too long ({size} bytes; at most {path_max})",
                size,
            )
        )
        return too_long.format(size=size, path_max=_PATH_MAX)
    for name, length in names:
        if length > _NAME_MAX:
            too_long = (
                ngettext(
                    "the name {name} is too long ({length} character; a file or folder name "
                    "has at most {name_max})",
                    "the name {name} is too long ({length} characters; a file or folder name "
                    "has at most {name_max})",
                    length,
                )
                if in_characters
                else ngettext(
                    "the name {name} is too long ({length} byte; a file or folder name has "
                    "at most {name_max})",
                    "the name {name} is too long ({length} bytes; a file or folder name has "
                    "at most {name_max})",
                    length,
                )
            )
            return too_long.format(name=shown(name, 24), length=length, name_max=_NAME_MAX)
    return None


def path_text(text: str) -> str:
    problem = _path_problem(text)
    if problem:
        raise argparse.ArgumentTypeError(problem)
    return text


def path(text: str) -> Path:
    return Path(path_text(text))


def check_arguments(options: argparse.Namespace, config: AppConfig) -> None:
    """Raise Failure for a data folder, database URL, input or output that cannot work,
    with what is wrong in plain words, before the data is opened."""
    if options.data_dir is not None:
        source = "--data-dir"
    elif os.environ.get("ESCADESK_DATA_DIR", "").strip():
        source = "ESCADESK_DATA_DIR"
    else:
        source = _("the data folder")
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
    if options.command in ("notify", "benchmark") and hasattr(options, "out"):
        _check_folder(options.out, "--out", writable=True)
    elif options.command == "export":
        target = Path(options.out)
        if options.out.endswith(("/", os.sep)):
            _check_folder(target, "--out", writable=True)
        else:  # a missing folder is the export's to refuse (the window's words)
            _check_folder(target.parent, "--out", writable=False, target=target)
    elif options.command == "import" or getattr(options, "answers_command", None) == "import":
        problem = _input_problem(options.file)
        if problem:
            raise Failure(REFUSED, _("refused: {problem}").format(problem=problem))
    elif options.command == "forms":  # blank and invite write into --out; import reads
        if hasattr(options, "out"):
            _check_folder(options.out, "--out", writable=True)
        for source in getattr(options, "files", ()):
            if problem := _input_problem(source):
                raise Failure(
                    REFUSED, _("refused: {problem}; nothing was stored").format(problem=problem)
                )


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
        raise Failure(USAGE, _("{source}: {problem}").format(source=source, problem=problem))
    problem = _folder_problem(folder, writable=writable)
    if problem and data:
        raise Failure(
            DATA_UNREADABLE,
            _("escadesk cannot use the data folder {folder}: {problem}.").format(
                folder=shown(folder), problem=problem
            ),
        )
    if problem and target is not None:
        raise Failure(
            REFUSED,
            _("refused: cannot write {file}: {problem}").format(
                file=shown(target), problem=problem
            ),
        )
    if problem:
        raise Failure(
            REFUSED,
            _("refused: cannot write in {folder}: {problem}").format(
                folder=shown(folder), problem=problem
            ),
        )


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
            return f"{shown(existing)}: {error.strerror or error}"
        break
    if not stat.S_ISDIR(found.st_mode):
        return _("{existing} is a file, not a folder").format(existing=shown(existing))
    if writable and not os.access(existing, os.W_OK):
        if _read_only_disk(existing):
            return _("{existing} is on a read-only disk").format(existing=shown(existing))
        return _("no permission to write in {existing}").format(existing=shown(existing))
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
        return _("there is no file {source}").format(source=shown(source))
    except OSError as error:
        return _("could not read {source}: {value}").format(
            source=shown(source), value=error.strerror or error
        )
    if stat.S_ISDIR(found.st_mode):
        return _("{source} is a folder, not a file").format(source=shown(source))
    if not stat.S_ISREG(found.st_mode):
        return _("{source} is not a regular file (a device, a pipe or a socket)").format(
            source=shown(source)
        )
    if not os.access(source, os.R_OK):
        return _("escadesk may not read {source} (permission denied)").format(source=shown(source))
    return None


def _check_url(url: str, source: str) -> Path | None:
    """Raise Failure for a URL SQLAlchemy cannot use; the SQLite file it names, if any."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError, TypeError):
        # Not quoted: a URL may hold a password.
        raise Failure(
            USAGE,
            _(
                "{source} is not a database URL (for example "
                "sqlite:///folder/escadesk.sqlite3 or "
                "postgresql+psycopg://user@server/escadesk)"
            ).format(source=source),
        ) from None
    rendered = parsed.render_as_string(hide_password=True)
    try:
        dialect = parsed.get_dialect()
    except NoSuchModuleError:
        raise Failure(
            USAGE,
            _(
                "{source}: escadesk cannot use a {drivername} database ({rendered}); use "
                "sqlite or postgresql+psycopg"
            ).format(source=source, drivername=quoted(parsed.drivername), rendered=shown(rendered)),
        ) from None
    try:
        dialect.import_dbapi()
    except ImportError as error:
        raise Failure(
            REFUSED,
            _("{source}: the driver for {drivername} is not installed ({value})").format(
                source=source, drivername=quoted(parsed.drivername), value=error.name or error
            ),
        ) from None
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    problem = _path_problem(parsed.database)
    if problem:
        raise Failure(USAGE, f"{source}: {problem}")
    return Path(parsed.database)
