"""Who may register: only delegates of the conference, matched on e-mail."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

# Deliberately pragmatic: one "@", a dotted domain, no spaces. RFC 5322 allows far more,
# but a registration desk wants typos caught, not exotic addresses accepted.
_EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")


def normalize_email(email: str) -> str:
    """Case- and whitespace-insensitive form used for every e-mail comparison."""
    return "".join(email.split()).casefold()


def is_valid_email(email: str) -> bool:
    """True when ``email`` looks like a deliverable address (after trimming)."""
    candidate = email.strip()
    if not candidate or len(candidate) > 254:
        return False
    if not _EMAIL_PATTERN.match(candidate):
        return False
    local, _, domain = candidate.rpartition("@")
    return ".." not in domain and not domain.startswith(".") and len(local) <= 64


@dataclass(frozen=True)
class DelegateList:
    """The conference's delegates, keyed by normalized e-mail."""

    emails: frozenset[str]

    @classmethod
    def of(cls, emails: Iterable[str]) -> DelegateList:
        return cls(frozenset(normalize_email(e) for e in emails if e.strip()))

    def is_delegate(self, email: str) -> bool:
        return normalize_email(email) in self.emails

    def __len__(self) -> int:
        return len(self.emails)
