"""The institute's identity: read by every letter and document, changed in Settings, audited.

It is kept in the database's settings, the logo included (base64 text): so it travels
with the data, into every backup and restore and to a PostgreSQL server shared by several
desks; the identity and its audit entry are written in one transaction; and no letterhead
depends on a file that may be moved or deleted later. The domain caps the logo at 1 MB.

The audit entry names the fields that changed, never their values: the log is
hash-chained and kept for good, and the director's name is personal data.
"""

from __future__ import annotations

import base64
import binascii

from sqlalchemy import select
from sqlalchemy.orm import Session

from escadesk.domain.institute import InstituteIdentity, Logo, changed_fields
from escadesk.domain.validation import ValidationError
from escadesk.i18n import N_
from escadesk.services import audit
from escadesk.services.context import ServiceContext
from escadesk.services.row_versions import Edited, VersionedEdit, version_of
from escadesk.storage.models import Setting

NAME_SETTING = "institute.name"
ADDRESS_SETTING = "institute.address"
DIRECTOR_NAME_SETTING = "institute.director_name"
DIRECTOR_TITLE_SETTING = "institute.director_title"
#: The sender of letters (the key predates the settings dialog: it stays for old data).
SENDER_EMAIL_SETTING = "institute.director_email"
TAX_NUMBER_SETTING = "institute.tax_number"
LOGO_SETTING = "institute.logo"

_TEXT_SETTINGS = {
    "name": NAME_SETTING,
    "address": ADDRESS_SETTING,
    "director_name": DIRECTOR_NAME_SETTING,
    "director_title": DIRECTOR_TITLE_SETTING,
    "sender_email": SENDER_EMAIL_SETTING,
    "tax_number": TAX_NUMBER_SETTING,
}


def read_identity(session: Session) -> InstituteIdentity:
    """The stored identity inside the caller's session (defaults for what was never set).

    Lenient on purpose: a letter is still made if a value was stored by hand; a logo that
    no longer reads as one is left out rather than failing the document.
    """
    stored = {
        setting.key: setting.value
        for setting in session.scalars(select(Setting).where(Setting.key.like("institute.%")))
    }
    defaults = InstituteIdentity()
    values = {
        field: stored.get(key, getattr(defaults, field)) for field, key in _TEXT_SETTINGS.items()
    }
    return InstituteIdentity(**values, logo=_logo(stored.get(LOGO_SETTING)))


def _logo(text: str | None) -> Logo | None:
    if not text:
        return None
    try:
        return Logo.read(base64.b64decode(text, validate=True))
    except (binascii.Error, ValueError, ValidationError):
        return None


class InstituteService:
    def __init__(self, context: ServiceContext) -> None:
        self._context = context

    def identity(self) -> InstituteIdentity:
        with self._context.database.reading() as session:
            return read_identity(session)

    def versioned_identity(self) -> tuple[InstituteIdentity, int]:
        """The identity and its version, read together (what the Settings form saves
        against: services/row_versions.py)."""
        with self._context.database.reading() as session:
            return read_identity(session), version_of(_stored(session))

    def save(
        self, identity: InstituteIdentity, *, expected_version: int | None = None
    ) -> list[str]:
        """Store ``identity`` (checked: ValidationError with every problem, nothing
        stored); returns the fields that changed, in words (empty: nothing to store).
        ``expected_version``: from :meth:`versioned_identity`; refused (StaleEditError,
        nothing stored) when another desk changed the identity since."""
        identity = identity.validated()
        # A setting never stored before is added: two desks adding it at once is the same
        # race as two updating it (the second's insert breaks the key's uniqueness).
        edit = VersionedEdit(self._context.database, inserts_race=True)
        with edit.transaction() as session:
            stored = _stored(session)
            before = read_identity(session)
            changed = changed_fields(before, identity)
            if not changed:
                return []
            edit.claim_rows(session, stored, expected_version, IDENTITY)
            for field, key in _TEXT_SETTINGS.items():
                _put(session, key, getattr(identity, field))
            logo = identity.logo
            _put(session, LOGO_SETTING, base64.b64encode(logo.data).decode() if logo else "")
            audit.record_now(
                session,
                self._context,
                action="settings.institute",
                entity="institute",
                entity_id=None,
                workshop_id=None,
                summary=f"Institute settings changed: {', '.join(changed)}",
            )
        return changed


#: The identity as a stale edit's refusal names it (its audit entries: entity "institute").
IDENTITY = Edited(N_("The institute's identity"), "institute", None)


def _stored(session: Session) -> list[Setting]:
    """The identity's stored settings (those ever set)."""
    keys = [*_TEXT_SETTINGS.values(), LOGO_SETTING]
    return list(session.scalars(select(Setting).where(Setting.key.in_(keys))))


def _put(session: Session, key: str, value: str) -> None:
    setting = session.get(Setting, key)
    if setting is None:
        session.add(Setting(key=key, value=value))
    else:
        setting.value = value
