"""The delegate list as a help while registering, not only as a gate.

Only delegates may register (``eligibility``). Here the list also helps the director:
the delegate's record fills in the form, a contact name or organization that differs
from the record is pointed out (a warning: the form may be right and the list old), and
an e-mail that is not on the list leads to the delegates it was probably meant to be.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from escadesk.domain.completion import folded
from escadesk.domain.eligibility import normalize_email
from escadesk.domain.registration_form import RegistrationDetails
from escadesk.domain.validation import FieldProblem
from escadesk.i18n import N_, _

#: How many close delegates a refused e-mail suggests.
MAX_SUGGESTIONS = 3
#: Similarity (0..1) from which two spellings count as "probably the same".
_CLOSE = 0.8


@dataclass(frozen=True)
class DelegateEntry:
    """One person on the conference's delegate list, as imported."""

    email: str
    name: str = ""
    organization: str = ""
    country: str = ""

    @property
    def domain(self) -> str:
        return normalize_email(self.email).rpartition("@")[2]

    def label(self) -> str:
        """'Wei Chen (wei.chen@prict.example)', or the e-mail alone without a name."""
        return f"{self.name} ({self.email})" if self.name else self.email


def find_delegate(entries: Iterable[DelegateEntry], email: str) -> DelegateEntry | None:
    """The delegate with this e-mail (case and spaces ignored), if any."""
    wanted = normalize_email(email)
    if not wanted:
        return None
    return next((entry for entry in entries if normalize_email(entry.email) == wanted), None)


def _same(typed: str, recorded: str) -> bool:
    """Equal once case, accents, punctuation and spacing are ignored ("Sofia Munoz" is
    "Sofía Muñoz"): only a real difference is worth a warning."""
    return _letters(typed) == _letters(recorded)


def _letters(text: str) -> str:
    return " ".join("".join(ch if ch.isalnum() else " " for ch in folded(text)).split())


def record_differences(details: RegistrationDetails, delegate: DelegateEntry) -> list[FieldProblem]:
    """Warnings for a contact name or organization that differs from the delegate's
    record; a field left empty, or empty on the list, is not a difference."""
    warnings: list[FieldProblem] = []
    checks = (
        (
            "contact_name",
            details.contact_name,
            delegate.name,
            N_("The delegate list gives the name \u201c{recorded}\u201d for {email}."),
        ),
        (
            "organization",
            details.organization,
            delegate.organization,
            N_("The delegate list gives the organization \u201c{recorded}\u201d for {email}."),
        ),
    )
    for field, typed, recorded, sentence in checks:
        if typed.strip() and recorded.strip() and not _same(typed, recorded):
            warnings.append(
                FieldProblem(
                    field,
                    _(sentence).format(recorded=recorded.strip(), email=delegate.email),
                )
            )
    return warnings


def _similarity(first: str, second: str) -> float:
    if not first or not second:
        return 0.0
    return SequenceMatcher(None, first, second).ratio()


def _name_in_local_part(local: str, name: str) -> bool:
    """'sofia.munoz' or 'smunoz' belongs to Sofía Muñoz: every word of the address's
    local part is a word of the name or its initial plus the last name."""
    words = _letters(name).split()
    parts = _letters(local.replace(".", " ").replace("_", " ").replace("-", " ")).split()
    if not words or not parts:
        return False
    joined = "".join(words)
    initials = "".join(word[0] for word in words[:-1]) + words[-1]
    return all(part in words for part in parts) or "".join(parts) in (joined, initials)


def close_delegates(
    email: str, name: str, entries: Sequence[DelegateEntry], limit: int = MAX_SUGGESTIONS
) -> list[DelegateEntry]:
    """The delegates a refused e-mail was probably meant to be, closest first.

    Close means: the same e-mail domain (a colleague, or the same person under another
    address), an address one or two typos away, a name like the contact name typed, or
    an address whose local part spells the delegate's name.
    """
    typed = normalize_email(email)
    local, _, domain = typed.rpartition("@") if "@" in typed else (typed, "", "")
    scored: list[tuple[float, int, DelegateEntry]] = []
    for position, entry in enumerate(entries):
        address = normalize_email(entry.email)
        score = _similarity(typed, address)
        if score < _CLOSE:
            score = 0.0
        if domain and entry.domain == domain:
            score = max(score, 0.85)
        name_score = _similarity(_letters(name), _letters(entry.name))
        if name_score >= _CLOSE:
            score = max(score, name_score)
        if local and entry.name and _name_in_local_part(local, entry.name):
            score = max(score, 0.9)
        if score > 0:
            scored.append((score, position, entry))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [entry for _score, _position, entry in scored[:limit]]
