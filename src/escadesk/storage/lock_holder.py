"""Who holds the data, and the refusals a second escadesk gets (issue 14).

Kept free of SQLAlchemy and of the lock libraries, and json, socket and getpass are
imported where used: ``escadesk.app`` imports these errors on the window's start-up path.

A holder's description is only ever *information* for the refused process: the lock
itself is the operating system's (or the database server's), so a description left
behind by a crashed holder can be wrong for a moment but never keeps anyone out.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from escadesk.i18n import N_, _

#: How each way of opening the data is named in a refusal.
PROGRAMS = {
    "window": N_("the escadesk window"),
    "cli": "escadesk-cli",
    "self-test": N_("the escadesk self-test"),
    "escadesk": "escadesk",
}


def _user() -> str:
    """The account this process runs as (on POSIX its effective user, whatever $USER says)."""
    try:
        import pwd

        return pwd.getpwuid(os.geteuid()).pw_name
    except (ImportError, KeyError):
        pass
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "an unknown account"


def _host() -> str:
    import socket

    return socket.gethostname()


@dataclass(frozen=True)
class LockHolder:
    """The process that has the data open: what it is, whose, where, since when."""

    program: str
    user: str
    host: str
    pid: int
    since: datetime

    @classmethod
    def this_process(cls, program: str) -> LockHolder:
        return cls(program, _user(), _host(), os.getpid(), datetime.now(UTC))

    def describe(self) -> str:
        """'the escadesk window of alice on desk-3 (process 4242) since 2025-06-02 14:05'
        (the time in the reader's own time zone)."""
        name = (
            _(PROGRAMS[self.program]) if self.program in PROGRAMS else f"escadesk ({self.program})"
        )
        since = self.since.astimezone()
        return _("{name} of {user} on {host} (process {pid}) since {since:%Y-%m-%d %H:%M}").format(
            name=name, user=self.user, host=self.host, pid=self.pid, since=since
        )

    def on_this_computer(self) -> bool:
        return self.host == _host()

    def plausibly_running(self) -> bool:
        """False only when the holder was on this computer and its process is gone: a
        description left by a crash, not yet replaced by the new holder's."""
        if not self.on_this_computer() or os.name != "posix":
            return True
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except OSError:  # e.g. another account's process: it exists
            return True
        return True

    def to_json(self) -> str:
        import json

        return json.dumps(
            {
                "program": self.program,
                "user": self.user,
                "host": self.host,
                "pid": self.pid,
                "since": self.since.isoformat(),
            }
        )

    @classmethod
    def from_json(cls, text: str) -> LockHolder | None:
        """None for anything unreadable (half written, an older format)."""
        import json

        try:
            data = json.loads(text)
            since = datetime.fromisoformat(data["since"])
            return cls(
                str(data["program"]), str(data["user"]), str(data["host"]), int(data["pid"]), since
            )
        except (ValueError, KeyError, TypeError):
            return None

    def tag(self) -> str:
        """A short one-line form (at most 63 ASCII characters: a PostgreSQL
        application_name), host last so that only the host is cut when too long."""
        text = f"escadesk {self.program} {self.pid} {int(self.since.timestamp())} "
        text += f"{self.user}@{self.host}"
        return text.encode("ascii", "replace").decode("ascii")[:63]

    @classmethod
    def from_tag(cls, tag: str | None) -> LockHolder | None:
        parts = (tag or "").split(" ", 4)
        if len(parts) != 5 or parts[0] != "escadesk" or "@" not in parts[4]:
            return None
        user, _, host = parts[4].rpartition("@")
        try:
            since = datetime.fromtimestamp(int(parts[3]), UTC)
            return cls(parts[1], user, host, int(parts[2]), since)
        except ValueError:
            return None


class DataLockError(RuntimeError):
    """This escadesk may not open the data; the message says why, for the director."""


class DataInUseError(DataLockError):
    """Another escadesk has the data open (another window, the CLI, another account)."""

    def __init__(self, where: str, holder: LockHolder | None) -> None:
        self.where = where
        self.holder = holder
        who = holder.describe() if holder else _("another escadesk (it has not said which)")
        super().__init__(
            _(
                "The data in {where} is already in use by {who}. Only one escadesk at a time "
                "may use the same data: two at once can leave card authorizations that no "
                "longer open. Close the other one, then try again."
            ).format(where=where, who=who)
        )


class VaultInUseError(DataInUseError):
    """On a shared server: another escadesk has the vault open (each process keeps the
    vault's keys in memory; two at once could wrap keys with a retired device key)."""

    def __init__(self, where: str, holder: LockHolder | None) -> None:
        self.where = where
        self.holder = holder
        who = holder.describe() if holder else _("another escadesk (it has not said which)")
        DataLockError.__init__(
            self,
            _(
                "The vault of {where} is already open in {who}. Only one escadesk at a time "
                "may open the vault: two at once can leave card authorizations that no "
                "longer open. Lock the vault there (or close that escadesk), then try again; "
                "everything but the cards can be done here by opening without the vault."
            ).format(where=where, who=who),
        )


class DataNotAccessibleError(DataLockError):
    """The data belongs to another account on this computer (or its folder forbids us)."""


def not_accessible(path: Path, error: OSError) -> DataNotAccessibleError:
    """The refusal for a PermissionError on the way to the data: names the account the
    data belongs to when that is not us (the data folder is its owner's only: 0700)."""
    owner_id, owner = _owner(path)
    me = _user()
    if owner_id is not None and hasattr(os, "geteuid") and owner_id != os.geteuid():
        return DataNotAccessibleError(
            _(
                "The data in {path} belongs to {owner}, another account on this computer, "
                "and escadesk running as {me} may not open it. Use escadesk from {owner}'s "
                "account, or choose another data folder."
            ).format(path=path, owner=owner, me=me)
        )
    return DataNotAccessibleError(
        _(
            "escadesk running as {me} may not open the data in {path} ({value}). Check "
            "the permissions of that folder."
        ).format(me=me, path=path, value=error.strerror or error)
    )


def _owner(path: Path) -> tuple[int | None, str]:
    """The owner of ``path``, or of its nearest folder we may look at."""
    for candidate in (path, *path.parents):
        try:
            uid = candidate.stat().st_uid
        except OSError:
            continue
        try:
            import pwd

            return uid, pwd.getpwuid(uid).pw_name
        except (ImportError, KeyError):
            return uid, _("the account with user id {uid}").format(uid=uid)
    return None, _("another account")
