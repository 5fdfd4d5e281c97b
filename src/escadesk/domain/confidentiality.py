"""The announcement's confidentiality statement, quoted wherever personal data is asked
for or handed out (the roster's cover, both blank forms, the reports)."""

from __future__ import annotations

from escadesk.domain.institute import DEFAULT_INSTITUTE_NAME
from escadesk.i18n import N_, Translator

#: The statement; {institute} is the host institute's name as in Settings.
_NOTICE = N_(
    "All collected data and information shared during the workshop and any reports "
    "produced are treated with absolute confidentiality by ESCA and will not be made "
    "available to any third party. All registration information collected by the "
    "{institute} will be treated with absolute confidentiality by the Institute "
    "and will not be made available to any third party."
)


def confidentiality_notice(
    institute_name: str = DEFAULT_INSTITUTE_NAME, locale: str | None = None
) -> str:
    """The statement, with the host institute named as in Settings (the announcement's
    host by default): it promises what *that* institute does with registrations. In
    English unless a ``locale`` is given (a form or report in its reader's language)."""
    text = _NOTICE if locale is None else Translator(locale).gettext(_NOTICE)
    return text.format(institute=institute_name)


#: The announcement's own wording (its host institute).
CONFIDENTIALITY_NOTICE = confidentiality_notice()
