"""What an erasure verified, and where: the facts behind each certificate's wording.

A certificate states only what was done and checked, on which storage:
- on SQLite, the files that were searched for the destroyed bytes (names in the
  database's folder, with their sizes) and what was found;
- on a database server, that its storage was not scanned (escadesk cannot read it) and
  what protects it instead: the data keys were deleted and the device key replaced, so
  earlier copies of that storage cannot be decrypted without the old device key;
- where the device key is kept (OS keychain, key file, memory), and the filesystem of
  every local folder involved, with a warning when a key file is on a copy-on-write
  filesystem (an overwrite there never reaches the old key's blocks).

The facts are gathered by the vault service right after the erasure and composed here
into the text stored with the erasure (``Erasure.verification``), so a certificate
printed later says what was true at the time.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from escadesk.domain.wording import counted
from escadesk.i18n import N_, Translator
from escadesk.vault.remnants import database_files, find_remnants
from escadesk.vault.storage_facts import Filesystem


@dataclass(frozen=True)
class ScannedFile:
    name: str
    size: int


@dataclass(frozen=True)
class ErasureFacts:
    #: "sqlite", or the server's dialect ("postgresql").
    database: str
    #: The files searched for the destroyed bytes; None when no search was made.
    scanned: tuple[ScannedFile, ...] | None
    #: How many destroyed items (wrapped keys, ciphertexts) were searched for.
    items: int
    #: "file (n of m destroyed items)" for every file holding a trace.
    remnants: tuple[str, ...]
    #: Finished at a later unlock: the destroyed bytes were no longer at hand.
    interrupted: bool
    #: Where the device key is kept, in words (storage_facts.keychain_description).
    keychain: str
    keychain_kind: str
    #: The filesystem of the SQLite file's folder (None on a server).
    database_filesystem: Filesystem | None
    #: The filesystem of the key file's folder (None unless the file keychain is used).
    key_filesystem: Filesystem | None

    @property
    def on_server(self) -> bool:
        return self.database != "sqlite"


def search_files(
    database: Path, destroyed: Sequence[bytes], backups: Sequence[Path] = ()
) -> tuple[list[ScannedFile], list[str]]:
    """Search the SQLite file, its companions and its backups for the destroyed bytes:
    the files searched (named relative to the database's folder, with their sizes as
    read) and the traces found."""
    files = [*database_files(database), *backups]
    scanned = [ScannedFile(_relative(path, database.parent), path.stat().st_size) for path in files]
    return scanned, find_remnants(files, destroyed, lambda path: _relative(path, database.parent))


def _relative(path: Path, folder: Path) -> str:
    try:
        return path.relative_to(folder).as_posix()
    except ValueError:
        return str(path)


#: Each line :func:`verification_text` writes, as a message. The stored text is English
#: (it is written once, when the erasure finishes, and kept as it was); a certificate in
#: another language matches each stored line back to its message (:func:`checks_in`).
INTERRUPTED = N_(
    "Finished after an interruption: the destroyed data was no longer at hand to "
    "search for, so no file was searched for it."
)
ON_SERVER = N_(
    "The database is on a {database} server. Its storage (data files, "
    "write-ahead log, backups) is not on this computer: escadesk did not scan it "
    "and did not compact it."
)
SERVER_PROTECTION = N_(
    "What protects that storage: the data keys of this authorization were deleted "
    "and the device key was replaced, so earlier copies of it, backups included, "
    "cannot be decrypted without the old device key."
)
COMPACTED = N_(
    "The SQLite database file was compacted after the deletion (write-ahead log "
    "checkpoint and VACUUM)."
)
SEARCHED = N_(
    "Files searched for pieces of the {items} destroyed items (keys and "
    "encrypted data), in the database's folder and its backups: {files}."
)
NO_FILE_THERE = N_("no file was there")
TRACES = N_("Traces remained in: {files}.")
NO_TRACE = N_("No trace of the destroyed data was found in these files.")
CONTENTS_ONLY = N_(
    "The search read the contents of these files, not free space elsewhere on the disk."
)
NOT_A_FILE = N_("No file was searched: this database is not kept in a file.")
DEVICE_KEY = N_("Device key: kept in {keychain}; it was replaced after the deletion.")
KEY_FILE = N_(
    "In the key file the old device key was overwritten in place with zeros and "
    "written to disk (the file keeps its size and place, so no earlier copy of it is "
    "left by escadesk in another file)."
)
DATABASE_FILESYSTEM = N_("Filesystem of the database folder: {filesystem}.")
COMPACTION_ON_COPY_ON_WRITE = N_(
    "On a copy-on-write filesystem the compaction does not reach the disk blocks "
    "the file used before: they may still hold the destroyed data, encrypted, "
    "until they are reused."
)
KEY_FILESYSTEM = N_("Filesystem of the key folder: {filesystem}.")
NO_FILESYSTEM = N_(
    "No filesystem was examined: the database is on a server and escadesk keeps "
    "the device key in no file of its own."
)
COPY_ON_WRITE_WARNING = N_(
    "Warning: the device key is kept in a file in the data folder, on a copy-on-write "
    "filesystem ({filesystem}). There, overwriting or deleting a file does not "
    "reach the disk blocks that held it, so an old device key may remain on the disk "
    "(and in any snapshot) until those blocks are reused, and with it the means to "
    "decrypt earlier copies of the database. Keep the device key in the operating "
    "system's keychain instead, and use full-disk encryption."
)
LINES = (
    INTERRUPTED,
    ON_SERVER,
    SERVER_PROTECTION,
    COMPACTED,
    SEARCHED,
    TRACES,
    NO_TRACE,
    CONTENTS_ONLY,
    NOT_A_FILE,
    DEVICE_KEY,
    KEY_FILE,
    DATABASE_FILESYSTEM,
    COMPACTION_ON_COPY_ON_WRITE,
    KEY_FILESYSTEM,
    NO_FILESYSTEM,
    COPY_ON_WRITE_WARNING,
)


def copy_on_write_warning(key_filesystem: Filesystem | None) -> str | None:
    """The warning for a device key kept in a file on a copy-on-write filesystem."""
    if key_filesystem is None or key_filesystem.copy_on_write is not True:
        return None
    return COPY_ON_WRITE_WARNING.format(filesystem=key_filesystem.kind)


def _size(size: int) -> str:
    return counted(size, "byte")


def verification_text(facts: ErasureFacts) -> str:
    """One sentence per line, each about something that was done or checked, or about
    a limit of those checks. English: it is stored with the erasure as it was."""
    lines: list[str] = []
    if facts.interrupted:
        lines.append(INTERRUPTED)
    if facts.on_server:
        lines.append(ON_SERVER.format(database=facts.database))
        lines.append(SERVER_PROTECTION)
    else:
        lines.append(COMPACTED)
        if facts.scanned is not None and not facts.interrupted:
            listed = "; ".join(f"{f.name} ({_size(f.size)})" for f in facts.scanned)
            lines.append(SEARCHED.format(items=facts.items, files=listed or NO_FILE_THERE))
            if facts.remnants:
                lines.append(TRACES.format(files="; ".join(facts.remnants)))
            elif facts.scanned:
                lines.append(NO_TRACE)
            lines.append(CONTENTS_ONLY)
        elif not facts.interrupted:
            lines.append(NOT_A_FILE)
    lines.append(DEVICE_KEY.format(keychain=facts.keychain))
    if facts.keychain_kind == "file":
        lines.append(KEY_FILE)
    if facts.database_filesystem is not None:
        lines.append(DATABASE_FILESYSTEM.format(filesystem=facts.database_filesystem.describe()))
        if facts.database_filesystem.copy_on_write is True:
            lines.append(COMPACTION_ON_COPY_ON_WRITE)
    if facts.key_filesystem is not None:
        lines.append(KEY_FILESYSTEM.format(filesystem=facts.key_filesystem.describe()))
    if facts.on_server and facts.key_filesystem is None:
        lines.append(NO_FILESYSTEM)
    warning = copy_on_write_warning(facts.key_filesystem)
    if warning:
        lines.append(warning)
    return "\n".join(lines)


# -- the stored lines in another language ---------------------------------------------------

#: The words :func:`verification_text` puts inside its lines (storage_facts' and
#: remnants' English), as patterns and their messages.
_INNER: tuple[tuple[str, str], ...] = (
    (r"\b(?P<count>[01]) bytes?\b", N_("{count} byte")),
    (r"(?P<count>\d[\d,]*) bytes\b", N_("{count} bytes")),
    (r"(?P<hits>\d+) of (?P<items>\d+) destroyed items", N_("{hits} of {items} destroyed items")),
    (r"could not be determined", N_("could not be determined")),
    (r"(?P<kind>\S+) \(copy-on-write\)", N_("{kind} (copy-on-write)")),
    (r"(?P<kind>\S+) \(not copy-on-write\)", N_("{kind} (not copy-on-write)")),
    (
        r"(?P<kind>\S+) \(whether it is copy-on-write is not known\)",
        N_("{kind} (whether it is copy-on-write is not known)"),
    ),
    (r"the operating system's keychain", N_("the operating system's keychain")),
    (
        r"a key file in the data folder, in its (?P<folder>.+) folder \(the file keychain\)",
        N_("a key file in the data folder, in its {folder} folder (the file keychain)"),
    ),
    (
        r"a key file in the data folder \(the file keychain\)",
        N_("a key file in the data folder (the file keychain)"),
    ),
    (
        r"the memory of the running program only \(a test keychain\)",
        N_("the memory of the running program only (a test keychain)"),
    ),
    (r"no file was there", NO_FILE_THERE),
)


@cache
def _pattern(message: str) -> re.Pattern[str]:
    """A line's message as a pattern: each ``{name}`` any text (named group ``name``)."""
    parts = re.split(r"\{(\w+)\}", message)
    pattern = "".join(
        f"(?P<{part}>.*?)" if index % 2 else re.escape(part) for index, part in enumerate(parts)
    )
    return re.compile(f"^{pattern}$", re.DOTALL)


def _inner(value: str, language: Translator) -> str:
    """A value inside a line in ``language``: each known English phrase in it replaced."""
    for pattern, message in _INNER:
        value = re.sub(pattern, _replacer(message, language), value)
    return value


def _replacer(message: str, language: Translator) -> Callable[[re.Match[str]], str]:
    """What a found phrase becomes: ``message`` in ``language``, its counts as numbers."""

    def replace(found: re.Match[str]) -> str:
        values = {
            name: _number(text, language) if name in ("count", "hits", "items") else text
            for name, text in found.groupdict().items()
        }
        return language.gettext(message).format(**values)

    return replace


def _number(text: str, language: Translator) -> str:
    from escadesk.i18n import format_decimal

    return format_decimal(int(text.replace(",", "")), language.locale)


def checks_in(lines: Sequence[str], locale: str) -> tuple[str, ...]:
    """The stored (English) lines of an erasure's verification in ``locale``'s language;
    a line matching none of the messages (written by an older escadesk) stays as stored."""
    language = Translator(locale)
    if language.language == "en":
        return tuple(lines)
    said: list[str] = []
    for line in lines:
        for message in LINES:
            found = _pattern(message).match(line)
            if found is None:
                continue
            values = {
                name: _inner(text, language) if name != "items" else _number(text, language)
                for name, text in found.groupdict().items()
            }
            said.append(language.gettext(message).format(**values))
            break
        else:
            said.append(line)
    return tuple(said)
