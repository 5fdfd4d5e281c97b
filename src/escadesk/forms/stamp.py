"""The hidden field that names a form: which form, for which workshop, in which version.

Every blank form carries one read-only, hidden text field (:data:`STAMP_FIELD`) whose
value is ``escadesk/<kind>/<version>/<workshop code>``. The reader trusts nothing else to
tell a registration form from a card form, or this workshop's form from another's: titles
and layout may change between versions, the stamp's shape does not. The code comes last
so that any code (a slash included) survives the round trip.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from escadesk.i18n import N_, Translator

STAMP_FIELD = "escadesk_form"
_PREFIX = "escadesk"
#: Bumped when a form's field names or meanings change; the reader knows every version
#: up to this one.
FORM_VERSION = 1


class FormKind(StrEnum):
    REGISTRATION = "registration"
    CARD_AUTHORIZATION = "card-authorization"

    @property
    def form_title(self) -> str:
        """The form's name in English (the source text; see :meth:`title_in`)."""
        return _TITLES[self]

    def title_in(self, language: Translator) -> str:
        """The form's name as printed on it, in ``language`` ("Formulaire d'inscription")."""
        return language.gettext(_TITLES[self])


_TITLES = {
    FormKind.REGISTRATION: N_("Registration form"),
    # Translators: the title of the blank credit-card authorization form.
    FormKind.CARD_AUTHORIZATION: N_("Credit-card authorization form"),
}


@dataclass(frozen=True)
class FormStamp:
    kind: FormKind
    workshop_code: str
    version: int = FORM_VERSION

    def __post_init__(self) -> None:
        if not self.workshop_code.strip():
            raise ValueError("A form needs its workshop's code.")
        if self.version < 1:
            raise ValueError("Form versions start at 1.")

    def encode(self) -> str:
        return f"{_PREFIX}/{self.kind.value}/{self.version}/{self.workshop_code}"

    @classmethod
    def decode(cls, text: str) -> FormStamp | None:
        """The stamp written by :meth:`encode`, or None for anything else."""
        parts = text.strip().split("/", 3)
        if len(parts) != 4 or parts[0] != _PREFIX:
            return None
        _, kind, version, code = parts
        known = {member.value: member for member in FormKind}
        if kind not in known or not (version.isascii() and version.isdecimal()):
            return None
        if int(version) < 1 or not code.strip():
            return None
        return cls(known[kind], code, int(version))
