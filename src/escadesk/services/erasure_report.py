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

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from escadesk.domain.wording import counted
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


def copy_on_write_warning(key_filesystem: Filesystem | None) -> str | None:
    """The warning for a device key kept in a file on a copy-on-write filesystem."""
    if key_filesystem is None or key_filesystem.copy_on_write is not True:
        return None
    return (
        f"Warning: the device key is kept in a file in the data folder, on a copy-on-write "
        f"filesystem ({key_filesystem.kind}). There, overwriting or deleting a file does not "
        "reach the disk blocks that held it, so an old device key may remain on the disk "
        "(and in any snapshot) until those blocks are reused, and with it the means to "
        "decrypt earlier copies of the database. Keep the device key in the operating "
        "system's keychain instead, and use full-disk encryption."
    )


def _size(size: int) -> str:
    return counted(size, "byte")


def verification_text(facts: ErasureFacts) -> str:
    """One sentence per line, each about something that was done or checked, or about
    a limit of those checks."""
    lines: list[str] = []
    if facts.interrupted:
        lines.append(
            "Finished after an interruption: the destroyed data was no longer at hand to "
            "search for, so no file was searched for it."
        )
    if facts.on_server:
        lines.append(
            f"The database is on a {facts.database} server. Its storage (data files, "
            "write-ahead log, backups) is not on this computer: escadesk did not scan it "
            "and did not compact it."
        )
        lines.append(
            "What protects that storage: the data keys of this authorization were deleted "
            "and the device key was replaced, so earlier copies of it, backups included, "
            "cannot be decrypted without the old device key."
        )
    else:
        lines.append(
            "The SQLite database file was compacted after the deletion (write-ahead log "
            "checkpoint and VACUUM)."
        )
        if facts.scanned is not None and not facts.interrupted:
            listed = "; ".join(f"{f.name} ({_size(f.size)})" for f in facts.scanned)
            lines.append(
                f"Files searched for pieces of the {facts.items} destroyed items (keys and "
                f"encrypted data), in the database's folder and its backups: "
                f"{listed or 'no file was there'}."
            )
            if facts.remnants:
                lines.append("Traces remained in: " + "; ".join(facts.remnants) + ".")
            elif facts.scanned:
                lines.append("No trace of the destroyed data was found in these files.")
            lines.append(
                "The search read the contents of these files, not free space elsewhere on the disk."
            )
        elif not facts.interrupted:
            lines.append("No file was searched: this database is not kept in a file.")
    lines.append(f"Device key: kept in {facts.keychain}; it was replaced after the deletion.")
    if facts.keychain_kind == "file":
        lines.append(
            "In the key file the old device key was overwritten in place with zeros and "
            "written to disk (the file keeps its size and place, so no earlier copy of it is "
            "left by escadesk in another file)."
        )
    if facts.database_filesystem is not None:
        lines.append(f"Filesystem of the database folder: {facts.database_filesystem.describe()}.")
        if facts.database_filesystem.copy_on_write is True:
            lines.append(
                "On a copy-on-write filesystem the compaction does not reach the disk blocks "
                "the file used before: they may still hold the destroyed data, encrypted, "
                "until they are reused."
            )
    if facts.key_filesystem is not None:
        lines.append(f"Filesystem of the key folder: {facts.key_filesystem.describe()}.")
    if facts.on_server and facts.key_filesystem is None:
        lines.append(
            "No filesystem was examined: the database is on a server and escadesk keeps "
            "the device key in no file of its own."
        )
    warning = copy_on_write_warning(facts.key_filesystem)
    if warning:
        lines.append(warning)
    return "\n".join(lines)
