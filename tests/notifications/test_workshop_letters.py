"""The letters through the workshop, rendered from plain data."""

from __future__ import annotations

import dataclasses
from datetime import date

from escadesk.notifications.messages import MessageContext, Template, render


def test_acknowledgement_says_which_document_when_and_what_is_missing(context: MessageContext):
    message = render(Template.ACKNOWLEDGEMENT, context)
    assert (
        message.subject
        == "ESCA Benchmarking Workshop: your credit card authorization form is received"
    )
    body = message.body
    assert (
        "received the credit card authorization form of Ontario Aerospace Cluster on Sep 20, 2018"
        in body
    )
    assert "Still missing:\n  • the registration form\n" in body
    assert "by Monday, Oct 1, 2018" in body
    assert "at least 4 cluster organizations" in body
    assert "kept encrypted" in body
    assert "VISA" not in body and "1111" not in body  # never any card data, not even the mask


def test_acknowledgement_of_the_last_document_says_complete(context: MessageContext):
    form = dataclasses.replace(
        context,
        document="registration form",
        received_documents=("registration form", "credit card authorization form"),
        missing_documents=(),
    )
    body = render(Template.ACKNOWLEDGEMENT, form).body
    assert "is now complete" in body and "Still missing" not in body
    assert "kept encrypted" not in body


def test_reminder_says_what_is_missing_by_when_and_the_quorum(context: MessageContext):
    message = render(Template.REMINDER, context)
    assert message.subject.startswith("Reminder: ESCA Benchmarking Workshop")
    assert "Monday, Oct 1, 2018" in message.subject
    body = message.body
    assert "Received:\n  • the credit card authorization form\n" in body
    assert "Still missing:\n  • the registration form\n" in body
    assert (
        "Last day to register: Monday, Oct 1, 2018 (until the end of the day, America/Toronto time)"
        in body
    )
    assert "does not count towards them" in body
    assert "international charge" not in body  # only when the card form is missing


def test_practical_details_schedule_venue_bring_and_survey(context: MessageContext):
    details = dataclasses.replace(
        context,
        pitch_slot="9:30–9:52, number 1 of 4",
        directions="Map: https://www.openstreetmap.org/search?query=Rotman",
        facilitators=("Dr. Oliver Ziegler, ESCA",),
    )
    message = render(Template.PRACTICAL_DETAILS, details)
    assert (
        message.subject == "ESCA Benchmarking Workshop: practical details for Monday, Oct 22, 2018"
    )
    body = message.body
    for expected in (
        "Monday, Oct 22, 2018, 9:00 to 15:00 (America/Toronto time)",
        "Rotman School of Management",
        "Map: https://www.openstreetmap.org/",
        "Welcome and introductions",
        "Your strategy pitch: 9:30–9:52, number 1 of 4.",
        "Dr. Oliver Ziegler, ESCA",
        "What to bring",
        "  • a laptop",
        "The benchmarking survey",
        "calendar invitation attached",
    ):
        assert expected in body, expected
    update = render(Template.PRACTICAL_DETAILS, dataclasses.replace(details, details_update=True))
    assert "(updated)" in update.subject and "replaces my earlier message" in update.body


def test_report_delivery_and_bronze_label(context: MessageContext):
    report = render(Template.REPORT_DELIVERY, context)
    assert "  • Report.pdf\n  • Report.xlsx\n" in report.body
    assert "recommendations for improvement" in report.body
    label = render(
        Template.BRONZE_LABEL, dataclasses.replace(context, label_awarded_on=date(2018, 10, 4))
    )
    assert label.subject == (
        "Ontario Aerospace Cluster is awarded the Bronze Label of the European Cluster "
        "Excellence Initiative"
    )
    assert "Awarded:      Oct 4, 2018" in label.body and "Valid until:  Oct 31, 2020" in label.body
    assert "certificate of the label is attached" in label.body
