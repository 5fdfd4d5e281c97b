"""Realistic message data for the notification tests (no vault, no database)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from escadesk.domain.money import Money, split_tax_included
from escadesk.notifications.messages import MessageContext, Recipient


@pytest.fixture
def context() -> MessageContext:
    split = split_tax_included(Money.of("3000", "CAD"), Decimal("0.13"))
    return MessageContext(
        organization="Ontario Aerospace Cluster",
        contact_name="Marie Tremblay",
        workshop_title="ESCA Benchmarking Workshop",
        venue="Rotman School of Management, University of Toronto",
        event_date=date(2018, 10, 22),
        workshop_timezone="America/Toronto",
        director_email="dorinda.so@example.org",
        director_name="Dorinda So",
        price_gross=split.gross,
        price_net=split.net,
        price_tax=split.tax,
        tax_label="HST (13%)",
        price_approximation="~1,990 EUR",
        participants=4,
        card_mask="VISA •••• 1111",
        charge_amount=split.gross,
        charge_date=date(2018, 10, 3),
        charge_reference="AUTH 482913",
        waitlist_position=2,
        certificate_text="Certificate of destruction no. 7: VISA •••• 1111, destroyed Oct 2, 2018.",
        cards_found=1,
        cards_destroyed=1,
        document="credit card authorization form",
        document_received_on=date(2018, 9, 20),
        received_documents=("credit card authorization form",),
        missing_documents=("registration form",),
        deadline_text="Monday, Oct 1, 2018",
        minimum_organizations=4,
        event_times="9:00 to 15:00",
        agenda_lines=(" 9:00–9:15   Welcome and introductions",),
        bring_items=("a laptop",),
        report_names=("Report.pdf", "Report.xlsx"),
        label_awarded_on=date(2018, 10, 22),
        label_valid_until=date(2020, 10, 31),
    )


@pytest.fixture
def director() -> Recipient:
    return Recipient("Dorinda So", "dorinda.so@example.org")


@pytest.fixture
def contact() -> Recipient:
    return Recipient("Marie Tremblay", "marie.tremblay@example.com")
