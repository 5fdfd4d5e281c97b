"""The database server refused an act to this user's role, said once for every layer.

On a shared PostgreSQL server the roles (``escadesk-cli server init``) are the engine's
GRANTs: a staff member's client that reaches for the vault's cards, or a finance
member's that changes a registration, meets "permission denied" (SQLSTATE 42501). The
storage layer turns that into this error, so the window and the CLI say it in words,
never as a traceback. No SQLAlchemy here: the window imports it before the first paint.
"""

from __future__ import annotations

import re

from escadesk.i18n import _

#: PostgreSQL's "insufficient privilege".
INSUFFICIENT_PRIVILEGE = "42501"
#: The vault's tables, as a refusal names them.
_VAULT_TABLES = {"card_authorization", "vault", "erasure"}


class PermissionRefusedError(Exception):
    """The server refused this role the act; the transaction was rolled back, so nothing
    of it was saved."""

    def __init__(self, user: str | None, reason: str) -> None:
        self.user = user
        self.reason = reason
        super().__init__(refusal_text(user, reason))


def is_permission_denied(error: BaseException) -> bool:
    """A driver error (or SQLAlchemy's wrapper of one) that is "insufficient privilege"."""
    cause = getattr(error, "orig", None) or error
    return getattr(cause, "sqlstate", None) == INSUFFICIENT_PRIVILEGE


def refused(error: BaseException, user: str | None) -> PermissionRefusedError:
    cause = getattr(error, "orig", None) or error
    lines = str(cause).strip().splitlines()
    return PermissionRefusedError(user, lines[0] if lines else _("permission denied"))


def refusal_text(user: str | None, reason: str) -> str:
    who = _("the database role “{user}”").format(user=user) if user else _("your database role")
    match = re.search(r"(?:table|relation|sequence) (\w+)", reason)
    table = match.group(1) if match else None
    if table in _VAULT_TABLES:
        what = _("the vault's card authorizations are for a director only")
    elif "sequence" in reason or "table" in reason or "relation" in reason:
        what = _("this role may read and export, not change this")
    else:
        what = _("this role may not do this")
    return _(
        "Not allowed for {who}: {what} (the server said: {reason}). Nothing was "
        "changed. Ask whoever runs the database server (escadesk-cli server "
        "add-user) for another role."
    ).format(who=who, what=what, reason=reason)
