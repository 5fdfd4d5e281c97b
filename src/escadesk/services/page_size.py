"""Which paper the institute's documents are laid out for: the one chosen last for the
blank forms (the forms dialog remembers it), so forms, invoices, certificates and reports
all come out on the same paper. Without a choice yet, Letter: the institute is in Ontario,
where Letter is the paper in every printer."""

from __future__ import annotations

from escadesk.forms.content import PageSize
from escadesk.services.settings import SettingsService

#: Settings key: the paper chosen last (the next forms and documents are laid out for it).
PAGE_SETTING = "forms.page_size"


def remembered_page(settings: SettingsService) -> PageSize | None:
    """The paper chosen last, or None before any choice (or after an unknown value)."""
    remembered = settings.get(PAGE_SETTING)
    for page in PageSize:
        if remembered == page.value:
            return page
    return None


def document_page(settings: SettingsService) -> PageSize:
    """The paper for invoices, certificates and reports: the one chosen last, else Letter."""
    return remembered_page(settings) or PageSize.LETTER
