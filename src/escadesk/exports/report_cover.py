"""The facts both covers of a report state (the workbook's and the PDF's), and the file's
title and subject: plain text in the report's language, so that the PDF (documents/,
which never loads openpyxl) and the workbook share them without the workbook's code."""

from __future__ import annotations

from escadesk.exports.report_context import ReportContext
from escadesk.exports.report_language import country, long_day, technology_area
from escadesk.exports.report_language import number as grouped
from escadesk.exports.report_texts import peer_groups_text
from escadesk.i18n import N_

DOCUMENT_SUBJECT = N_("Individual cluster management benchmarking report (confidential)")


def document_title(context: ReportContext) -> str:
    """The file's title property (the workbook's and the PDF's)."""
    return context.language.gettext("{workshop} — benchmarking report — {organization}").format(
        workshop=context.workshop_title, organization=context.organization
    )


def cover_facts(context: ReportContext) -> list[tuple[str, str, str]]:
    """(key, label, text) of the facts the workbook and the PDF covers share: who, which
    workshop, which reference set, the groups, the questionnaire ("date": the workshop's,
    which the workbook writes as a date cell)."""
    comparison = context.comparison
    subject = comparison.subject
    language = context.language
    words = language
    catalogue = comparison.catalogue
    answered = sum(1 for item in comparison.indicators if item.value is not None)
    reference = words.gettext("{reference} — {count} organizations").format(
        reference=comparison.reference_name, count=grouped(comparison.reference_size, language)
    )
    if comparison.synthetic:
        reference += "\n" + words.gettext("Synthetic reference data — not real clusters.")
    area = subject.technology_area
    place = subject.country
    return [
        ("organization", words.gettext("Organization"), context.organization),
        (
            "area",
            words.gettext("Technology area"),
            technology_area(area, language) if area else words.gettext("Not given"),
        ),
        (
            "country",
            words.gettext("Country"),
            country(place, language) if place else words.gettext("Not given"),
        ),
        ("workshop", words.gettext("Workshop"), context.workshop_title),
        ("date", words.gettext("Workshop date"), long_day(context.workshop_date, language)),
        ("reference", words.gettext("Reference set"), reference),
        ("groups", words.gettext("Peer groups"), peer_groups_text(comparison, language)),
        (
            "questionnaire",
            words.gettext("Questionnaire"),
            language.ngettext(
                "{title} (version {version}); {answered} of {count} indicator answered",
                "{title} (version {version}); {answered} of {count} indicators answered",
                len(catalogue),
            ).format(
                title=catalogue.title,
                version=catalogue.version,
                answered=answered,
                count=len(catalogue),
            ),
        ),
    ]
