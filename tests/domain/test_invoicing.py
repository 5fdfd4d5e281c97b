"""The invoice rules: CRA's items, numbers, the supplier's Settings, refund limits."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from escadesk.domain import invoicing
from escadesk.domain.institute import InstituteIdentity
from escadesk.domain.invoicing import (
    CRA_ITEMS,
    DocumentKind,
    RefundEntry,
    RefundLimits,
    TaxDocument,
    document_number,
    parse_number,
    refund_problems,
)
from escadesk.domain.money import Money, split_tax_included
from escadesk.domain.validation import ValidationError

CAD = "CAD"


def _document(**changes: object) -> TaxDocument:
    base = TaxDocument(
        kind=DocumentKind.INVOICE,
        number="INV-2018-0001",
        issued_on=date(2018, 10, 2),
        supplier_name="Institute for Competitiveness & Prosperity",
        supplier_address="105 St George Street\nToronto ON M5S 3E6",
        supplier_email="director@institute.example",
        supplier_tax_number="123456782 RT0001",
        buyer="Northshore Photonics Cluster",
        description=invoicing.participation(
            "Northshore Photonics Cluster", "ESCA Benchmarking", date(2018, 10, 4)
        ),
        amounts=split_tax_included(Money.of("2650.00", CAD), Decimal("0.13")),
        tax_name="HST",
        payment=invoicing.payment_line("VISA •••• 1111", date(2018, 10, 2), "A1"),
        terms=invoicing.INVOICE_TERMS,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_every_cra_item_has_a_printed_value() -> None:
    items = _document().cra_items()
    assert tuple(items) == CRA_ITEMS
    assert all(value.strip() for value in items.values())
    assert items["total"] == "2,650.00 CAD"
    assert items["tax"] == "304.87 CAD"  # 2650 - round_half_up(2650 / 1.13) = 2650 - 2345.13
    assert items["description"] == (
        "Participation of Northshore Photonics Cluster in the ESCA Benchmarking on Oct 4, 2018"
    )
    assert _document().includes_statement() == "The total includes HST at 13%."


def test_a_document_never_holds_a_card_number() -> None:
    with pytest.raises(ValueError, match="card number"):
        _document(payment="Paid by 4111 1111 1111 1111")


@pytest.mark.parametrize(
    ("kind", "year", "sequence", "number"),
    [
        (DocumentKind.INVOICE, 2018, 1, "INV-2018-0001"),
        (DocumentKind.CREDIT_NOTE, 2018, 12, "CN-2018-0012"),
        (DocumentKind.INVOICE, 2019, 12345, "INV-2019-12345"),
    ],
)
def test_numbers(kind: DocumentKind, year: int, sequence: int, number: str) -> None:
    assert document_number(kind, year, sequence) == number
    assert parse_number(number) == (kind, year, sequence)


@given(st.lists(st.integers(min_value=1, max_value=99_999), unique=True, max_size=30))
def test_distinct_sequences_give_distinct_numbers(sequences: list[int]) -> None:
    numbers = {document_number(DocumentKind.INVOICE, 2018, s) for s in sequences}
    assert len(numbers) == len(sequences)


def test_a_number_starts_at_one() -> None:
    with pytest.raises(ValueError):
        document_number(DocumentKind.INVOICE, 2018, 0)


def test_the_supplier_needs_its_name_and_a_valid_gst_hst_number() -> None:
    good = InstituteIdentity(name="Institute", tax_number="123 456 782 rt 0001")
    assert invoicing.check_supplier(good).tax_number == "123456782 RT0001"
    with pytest.raises(ValidationError) as refused:
        invoicing.check_supplier(InstituteIdentity(name=" ", tax_number=""))
    fields = {p.field: p.message for p in refused.value.problems}
    assert set(fields) == {"name", "tax_number"}
    assert "Settings > Institute" in fields["tax_number"]
    wrong = invoicing.supplier_problems(InstituteIdentity(tax_number="123456789 RT0001"))
    assert [p.field for p in wrong] == ["tax_number"] and "check digit" in wrong[0].message


LIMITS = RefundLimits(
    charged=Money.of("3000.00", CAD),
    refunded_before=Money.of("500.00", CAD),
    charged_on=date(2018, 10, 2),
    today=date(2018, 10, 10),
)


def _entry(**changes: object) -> RefundEntry:
    return replace(
        RefundEntry(Decimal("100.00"), date(2018, 10, 3), "RF-1", "Half day"),
        **changes,  # type: ignore[arg-type]
    )


def test_a_refund_within_what_is_left_is_accepted() -> None:
    assert refund_problems(_entry(amount=Decimal("2500.00")), LIMITS) == []
    assert refund_problems(_entry(refunded_on=date(2018, 10, 2)), LIMITS) == []


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"amount": None}, "amount", "Give the amount"),
        ({"amount": Decimal("0")}, "amount", "greater than zero"),
        ({"amount": Decimal("-5")}, "amount", "greater than zero"),
        ({"amount": Decimal("2500.01")}, "amount", "at most 2,500.00 CAD"),
        ({"amount": Decimal("1.005")}, "amount", "cents"),
        ({"refunded_on": date(2018, 10, 1)}, "refunded_on", "before its charge"),
        ({"refunded_on": date(2018, 10, 11)}, "refunded_on", "future"),
        ({"reference": "  "}, "reference", "required"),
        ({"reference": "4111111111111111"}, "reference", "card number"),
        ({"reason": ""}, "reason", "required"),
        ({"reason": "a\nb"}, "reason", "one line"),
        ({"reason": "x" * 501}, "reason", "500 characters"),
    ],
)
def test_refund_problems_name_their_field(
    changes: dict[str, object], field: str, words: str
) -> None:
    (problem,) = refund_problems(_entry(**changes), LIMITS)
    assert problem.field == field
    assert words in problem.message


def test_a_first_refund_is_capped_at_the_charge() -> None:
    limits = replace(LIMITS, refunded_before=Money.zero(CAD))
    (problem,) = refund_problems(_entry(amount=Decimal("3000.01")), limits)
    assert problem.message == "At most the amount charged, 3,000.00 CAD, can be refunded."
