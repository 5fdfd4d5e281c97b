"""Backups of the SQLite database: taken, listed, rotated, restored, and kept in line
with the vault (issue 15, item 3).

A backup is a complete SQLite file written with SQLite's backup API (a consistent copy
of a live database, never a file copy of a half-written one), owner-only, named
``escadesk-<UTC stamp>-<reason>.sqlite3`` in the data folder's ``backups`` folder.

Backups and the vault. Card authorizations are encrypted under keys wrapped by the
vault key, which depends on the device key; every erasure replaces the device key and
re-wraps the keys of the remaining cards. A backup left as it was would therefore hold
(a) erased cards, under a device key that no longer exists: unreadable by anyone, but
restored as rows that look damaged; and (b) the remaining cards and the vault's check
value under that old key: after a restore the vault would no longer open. So at the end
of each erasure, :func:`align_with_live` brings every backup in line with the live
vault: card rows gone from the live database are deleted from the backup, the others
get the live wrapped keys and ciphertexts, the vault row is copied, and the erasure
records (the certificates) the backup lacks are added; then the backup is compacted
(secure_delete and VACUUM), so its file holds no page of an erased card. A restore thus
never brings back an erased card: it shows as erased, with its certificate.

Restoring moves the current file (and its ``-wal``) aside into ``backups/set-aside`` -
never deleted - then writes the backup in its place through the backup API.
"""

from __future__ import annotations

import os
import re
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from escadesk.atomic_files import fsync_folder
from escadesk.disk_space import DiskFullError, is_disk_full
from escadesk.storage import sqlite_files

SUFFIX = ".sqlite3"
SET_ASIDE = "set-aside"
#: escadesk-20181002T130000Z-daily.sqlite3, also -2- etc. when two fall in one second.
_NAME = re.compile(r"^(?P<stem>.+?)-(?P<stamp>\d{8}T\d{6}Z)(?:-(?P<n>\d+))?-(?P<reason>.+)$")
#: The vault's tables a backup is aligned on (see the module docstring).
CARD_TABLE, ERASURE_TABLE, VAULT_TABLE = "card_authorization", "erasure", "vault"

#: Why a backup was taken, in words for the list.
REASONS = {
    "daily": "first unlock of the day",
    "before-decision": "before the decision",
    "before-restore": "before a restore",
    "manual": "backed up by hand",
}


@dataclass(frozen=True)
class Backup:
    path: Path
    taken_at: datetime | None
    reason: str
    size: int
    workshops: int | None
    registrations: int | None
    #: Why its contents could not be read (None: read).
    problem: str | None = None

    @property
    def reason_words(self) -> str:
        if self.reason.startswith("before-") and self.reason not in REASONS:
            return f"before an upgrade of the database (from {self.reason[7:]})"
        return REASONS.get(self.reason, self.reason)


def backup_name(database: Path, moment: datetime, reason: str, counter: int = 1) -> str:
    stamp = moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    extra = f"-{counter}" if counter > 1 else ""
    return f"{database.stem}-{stamp}{extra}-{reason}{SUFFIX}"


def take(
    database: Path,
    backup_dir: Path,
    moment: datetime,
    reason: str,
    source: sqlite3.Connection | None = None,
) -> Path:
    """Copy the database into a new backup file (owner-only); ``source`` is an open
    connection to it (the app's own, so the copy sees exactly what it committed)."""
    try:
        make_private_folder(backup_dir)
    except OSError as error:
        if is_disk_full(error):
            raise DiskFullError(backup_dir) from None
        raise
    counter = 1
    target = backup_dir / backup_name(database, moment, reason)
    while target.exists():
        counter += 1
        target = backup_dir / backup_name(database, moment, reason, counter)
    partial = target.with_name(target.name + ".partial")
    try:
        _create_private(partial)
        with closing(sqlite_files.connect(partial)) as destination:
            if source is not None:
                source.backup(destination)
            else:
                with closing(sqlite_files.connect(database)) as opened:
                    opened.backup(destination)
            destination.execute("PRAGMA journal_mode=DELETE")
        _fsync(partial)
        os.replace(partial, target)
        fsync_folder(backup_dir)
    except BaseException as error:
        partial.unlink(missing_ok=True)
        if is_disk_full(error):
            raise DiskFullError(backup_dir) from None
        raise
    return target


def list_backups(backup_dir: Path) -> list[Backup]:
    """Every backup, newest first, with what it holds (read without changing it)."""
    if not backup_dir.is_dir():
        return []
    found = []
    for path in backup_dir.iterdir():
        if path.suffix != SUFFIX or not path.is_file():
            continue
        match = _NAME.match(path.stem)
        taken_at = reason = None
        if match:
            taken_at = datetime.strptime(match["stamp"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
            reason = match["reason"]
        found.append(_describe(path, taken_at, reason or "unknown"))
    found.sort(key=lambda b: (b.taken_at or datetime.min.replace(tzinfo=UTC), b.path.name))
    return list(reversed(found))


def rotate(backup_dir: Path, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` backups (keep >= 1); returns what was deleted."""
    removed = []
    for backup in list_backups(backup_dir)[max(1, keep) :]:
        backup.path.unlink(missing_ok=True)
        removed.append(backup.path)
    return removed


def restore(backup: Path, database: Path, moment: datetime) -> Path | None:
    """Put the backup in the database's place; the current file (if any) and its WAL are
    moved aside first, never deleted. Returns where they went (None: there was none).
    The database must not be open (the caller closed it)."""
    with closing(sqlite_files.connect(backup, read_only=True)) as check:
        problems = [row[0] for row in check.execute("PRAGMA quick_check").fetchall()]
    if problems != ["ok"]:
        raise sqlite3.DatabaseError(f"the backup is damaged too: {problems[0]}")
    aside = None
    if database.exists():
        folder = database.parent / "backups" / SET_ASIDE
        make_private_folder(folder)
        aside = folder / backup_name(database, moment, "set-aside")
        for companion in ("-wal", "-shm", "-journal"):
            extra = database.with_name(database.name + companion)
            if extra.exists():
                os.replace(extra, aside.with_name(aside.name + companion))
        os.replace(database, aside)
    partial = database.with_name(database.name + ".restoring")
    _create_private(partial)
    with (
        closing(sqlite_files.connect(backup, read_only=True)) as source,
        closing(sqlite_files.connect(partial)) as destination,
    ):
        source.backup(destination)
    _fsync(partial)
    os.replace(partial, database)
    fsync_folder(database.parent)
    return aside


def align_with_live(live: sqlite3.Connection, backup_dir: Path) -> list[Path]:
    """Bring every backup's vault in line with the live database (module docstring);
    returns the backups changed. Raises on the first failure (the erasure then stays
    pending and is finished, this included, at the next unlock)."""
    cards = _rows(live, CARD_TABLE)
    vault = _rows(live, VAULT_TABLE)
    erasures = _rows(live, ERASURE_TABLE)
    changed = []
    for backup in list_backups(backup_dir):
        with closing(sqlite_files.connect(backup.path)) as connection:
            connection.execute("PRAGMA secure_delete=ON")
            connection.execute("PRAGMA foreign_keys=ON")
            if _align(connection, cards, vault, erasures):
                connection.commit()
                connection.execute("VACUUM")
                changed.append(backup.path)
        _fsync(backup.path)
    return changed


def write_setting(database: Path, key: str, value: str) -> None:
    """One setting written into a closed database file (the restore's note)."""
    with closing(sqlite_files.connect(database)) as connection:
        connection.execute(
            "INSERT INTO setting (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )
        connection.commit()


def backup_files(backup_dir: Path) -> list[Path]:
    """Every file of the backups folder an erasure must search: the backups, and the files
    a restore set aside (those are never aligned - they may be damaged - so a trace there
    is reported, and the director may delete them once the restore has proved good)."""
    aside = backup_dir / SET_ASIDE
    kept = sorted(p for p in aside.iterdir() if p.is_file()) if aside.is_dir() else []
    return [*(b.path for b in list_backups(backup_dir)), *kept]


def make_private_folder(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    if os.name == "posix":
        folder.chmod(0o700)


# -- internals ---------------------------------------------------------------------------


def _describe(path: Path, taken_at: datetime | None, reason: str) -> Backup:
    size = path.stat().st_size
    try:
        with closing(sqlite_files.connect(path, read_only=True)) as connection:
            workshops = connection.execute("SELECT count(*) FROM workshop").fetchone()[0]
            registrations = connection.execute("SELECT count(*) FROM registration").fetchone()[0]
    except sqlite3.Error as error:
        return Backup(path, taken_at, reason, size, None, None, f"cannot be read ({error})")
    return Backup(path, taken_at, reason, size, workshops, registrations)


def _rows(connection: sqlite3.Connection, table: str) -> tuple[list[str], list[tuple]]:
    cursor = connection.execute(f"SELECT * FROM {table}")
    return [d[0] for d in cursor.description], cursor.fetchall()


def _columns(connection: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in connection.execute(f"PRAGMA table_info({table})")]


def _align(
    connection: sqlite3.Connection,
    cards: tuple[list[str], list[tuple]],
    vault: tuple[list[str], list[tuple]],
    erasures: tuple[list[str], list[tuple]],
) -> bool:
    """One backup; True if anything changed. Columns are matched by name, so a backup
    taken before a migration is aligned on the columns it has."""
    before = connection.total_changes
    _replace_rows(connection, CARD_TABLE, cards, "id", keep_only_live=True)
    _replace_rows(connection, VAULT_TABLE, vault, "id", keep_only_live=True)
    _replace_rows(connection, ERASURE_TABLE, erasures, "certificate_uid", keep_only_live=False)
    return connection.total_changes != before


def _replace_rows(
    connection: sqlite3.Connection,
    table: str,
    live: tuple[list[str], list[tuple]],
    key: str,
    *,
    keep_only_live: bool,
) -> None:
    names, rows = live
    have = set(_columns(connection, table))
    if not have:
        return
    shared = [n for n in names if n in have]
    index = [names.index(n) for n in shared]
    keys = [row[names.index(key)] for row in rows]
    if keep_only_live:
        existing = [r[0] for r in connection.execute(f"SELECT {key} FROM {table}")]
        gone = [k for k in existing if k not in set(keys)]
        connection.executemany(f"DELETE FROM {table} WHERE {key} = ?", [(k,) for k in gone])
    present = {r[0] for r in connection.execute(f"SELECT {key} FROM {table}")}
    columns = ", ".join(shared)
    marks = ", ".join("?" for _ in shared)
    for row, row_key in zip(rows, keys, strict=True):
        values = [row[i] for i in index]
        if row_key in present:
            if keep_only_live:  # the vault's own rows follow the live ones exactly
                sets = ", ".join(f"{n} = ?" for n in shared)
                connection.execute(
                    f"UPDATE {table} SET {sets} WHERE {key} = ?",
                    [*values, row_key],
                )
        elif not keep_only_live or table == VAULT_TABLE:
            # A card recorded after the backup is left out: its registration may not be
            # in the backup. Erasure records and the vault row are added.
            try:
                connection.execute(
                    f"INSERT INTO {table} ({columns}) VALUES ({marks})",
                    values,
                )
            except sqlite3.IntegrityError:
                continue  # its registration is not in this backup: nothing to certify there


def _create_private(path: Path) -> None:
    descriptor = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    os.close(descriptor)


def _fsync(path: Path) -> None:
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())
