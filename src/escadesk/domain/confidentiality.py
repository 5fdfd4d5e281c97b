"""The announcement's confidentiality statement, quoted wherever personal data is asked
for or handed out (the roster's cover, both blank forms, the reports)."""

from __future__ import annotations

from escadesk.domain.institute import DEFAULT_INSTITUTE_NAME


def confidentiality_notice(institute_name: str = DEFAULT_INSTITUTE_NAME) -> str:
    """The statement, with the host institute named as in Settings (the announcement's
    host by default): it promises what *that* institute does with registrations."""
    return (
        "All collected data and information shared during the workshop and any reports "
        "produced are treated with absolute confidentiality by ESCA and will not be made "
        f"available to any third party. All registration information collected by the "
        f"{institute_name} will be treated with absolute confidentiality by the Institute "
        "and will not be made available to any third party."
    )


#: The announcement's own wording (its host institute).
CONFIDENTIALITY_NOTICE = confidentiality_notice()
