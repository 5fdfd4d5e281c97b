"""The certificate of a recorded Bronze label, as a PDF file name and its bytes.

The facts come from the stored label (``benchmark_records``), the registration and the
institute's identity (Settings); the page from the paper chosen for every document
(``page_size``). reportlab is loaded only when a certificate is made.
"""

from __future__ import annotations

from escadesk.domain import file_names
from escadesk.domain.benchmarking.label_certificate import (
    KIND,
    BronzeCertificate,
    label_certificate_number,
)
from escadesk.domain.languages import locale_of
from escadesk.domain.validation import FieldProblem, ValidationError
from escadesk.i18n import _
from escadesk.services.benchmark_records import award_of, find_label
from escadesk.services.context import ServiceContext
from escadesk.services.institute import read_identity
from escadesk.services.lookups import load_registration
from escadesk.services.page_size import document_page
from escadesk.services.settings import SettingsService


class LabelCertificates:
    """Reads one registration's label as its certificate, and lays it out."""

    def __init__(self, context: ServiceContext) -> None:
        self._context = context

    def bronze_certificate_facts(
        self, registration_id: int, locale: str | None = None
    ) -> BronzeCertificate:
        """The certificate's facts, in ``locale``'s language (by default the
        organization's); ValidationError when no label is recorded."""
        with self._context.database.reading() as session:
            registration = load_registration(session, registration_id)
            organization = registration.organization.name
            label = find_label(session, registration_id)
            if label is None:
                raise ValidationError(
                    [
                        FieldProblem(
                            "label",
                            _(
                                "{organization} holds no Bronze label yet: award the label "
                                "(after the "
                                "interview) before issuing its certificate."
                            ).format(organization=organization),
                        )
                    ]
                )
            workshop = registration.workshop
            award = award_of(label)
            return BronzeCertificate(
                number=label_certificate_number(label.id, award.awarded_on),
                organization=organization,
                workshop=workshop.title,
                workshop_on=workshop.event_date,
                award=award,
                issuer=read_identity(session),
                locale=locale or locale_of(registration.organization.language),
            )

    def bronze_certificate(
        self, registration_id: int, locale: str | None = None
    ) -> tuple[str, bytes]:
        """(proposed file name, PDF bytes) of the registration's Bronze label certificate,
        both in ``locale``'s language (by default the organization's)."""
        from escadesk.documents.bronze_pdf import bronze_certificate_pdf

        certificate = self.bronze_certificate_facts(registration_id, locale)
        page = document_page(SettingsService(self._context.database))
        name = file_names.file_name(
            certificate.workshop,
            certificate.award.awarded_on,
            certificate.language.gettext(KIND),
            "pdf",
            about=certificate.organization,
        )
        return name, bronze_certificate_pdf(certificate, page)
