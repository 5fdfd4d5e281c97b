"""One rule for amounts, rates and tax names in the reader's language (issue 21)."""

from __future__ import annotations

from decimal import Decimal

from escadesk.domain.money import Money, money_text, percent_text, tax_name_text
from escadesk.i18n import set_locale


def test_locale_money_text_english_keeps_its_form_french_uses_babel() -> None:
    fee = Money(Decimal("2650.005"), "CAD")  # half up to the cent
    assert money_text(fee, "en_CA") == "2,650.01 CAD"
    assert money_text(fee, "fr_CA") == "2\u00a0650,01\u00a0$"
    assert money_text(Money(Decimal("2220"), "EUR"), "fr_CA") == "2\u00a0220,00\u00a0€"


def test_locale_percent_and_tax_names() -> None:
    assert percent_text(Decimal("0.13"), "en_CA") == "13%"
    assert percent_text(Decimal("0.14975"), "fr_CA") == "14,975\u00a0%"
    assert tax_name_text("HST", "fr_CA") == "TVH"
    assert tax_name_text(" gst ", "fr_CA") == "TPS"
    assert tax_name_text("HST", "en_CA") == "HST"
    assert tax_name_text("Sales tax", "fr_CA") == "Sales tax"  # as the workshop stores it


def test_locale_money_text_follows_the_window_when_no_locale_is_given() -> None:
    set_locale("fr_CA")
    try:
        assert money_text(Money(Decimal("3000"), "CAD")) == "3\u00a0000,00\u00a0$"
        assert tax_name_text("HST") == "TVH"
    finally:
        set_locale("en_CA")
    assert money_text(Money(Decimal("3000"), "CAD")) == "3,000.00 CAD"
