"""What makes a vault passphrase acceptable, apart from the vault service.

The set-up page checks every keystroke against these rules; it is shown before the
database layer (SQLAlchemy) and the cryptography behind ``services.vault`` are loaded, so
the rules live here, with nothing heavier than the domain's validation types.
"""

from __future__ import annotations

from escadesk.domain.validation import FieldProblem
from escadesk.i18n import _

MIN_PASSPHRASE = 12


def passphrase_problems(passphrase: str, confirmation: str) -> list[FieldProblem]:
    """Too short, or the confirmation differs: one problem per field."""
    problems = []
    if len(passphrase) < MIN_PASSPHRASE:
        problems.append(
            FieldProblem(
                "passphrase",
                _("Use at least {min_passphrase} characters (a few words).").format(
                    min_passphrase=MIN_PASSPHRASE
                ),
            )
        )
    if passphrase != confirmation:
        problems.append(FieldProblem("confirmation", _("The two passphrases differ.")))
    return problems
