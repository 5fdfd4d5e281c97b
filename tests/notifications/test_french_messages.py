"""Issue 21: a letter in French (resources/templates/fr): subject, salutation, Babel's
amounts and dates in the letter's locale whatever the window speaks; English unchanged."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

import pytest

from escadesk.domain.money import Money, split_tax_included
from escadesk.i18n import set_locale
from escadesk.notifications.messages import MessageContext, Template, render

NBSP = "\u00a0"


@pytest.fixture
def french(context: MessageContext) -> MessageContext:
    split = split_tax_included(Money.of("2650", "CAD"), Decimal("0.13"))
    return dataclasses.replace(
        context,
        locale="fr_CA",
        tax_label="TVH",
        price_gross=split.gross,
        price_net=split.net,
        price_tax=split.tax,
        charge_amount=split.gross,
        event_date=date(2018, 10, 4),
        charge_date=date(2018, 10, 4),
    )


@pytest.fixture(params=["en_CA", "fr_CA"])
def window(request: pytest.FixtureRequest):
    set_locale(request.param)
    yield
    set_locale("en_CA")


def test_french_confirmation_reads_back(french: MessageContext, window: None) -> None:
    message = render(Template.CONFIRMED, french)
    amount = f"2{NBSP}650,00{NBSP}$"
    assert message.subject == (
        f"L'atelier «{NBSP}ESCA Benchmarking Workshop{NBSP}» aura lieu – votre prix{NBSP}: {amount}"
    )
    body = message.body
    assert body.startswith("Madame, Monsieur,\n\n")
    assert f"Total{NBSP}: {amount}" in body
    assert f"Date{NBSP}: 4 oct. 2018 (heures locales, heure de l’Est)" in body
    assert "TVH comprise" in body
    assert "Je vous prie d'agréer, Madame, Monsieur" in body
    assert body.endswith("dorinda.so@example.org\n")


@pytest.mark.parametrize("template", list(Template))
def test_every_letter_has_a_french_template(french: MessageContext, template: Template) -> None:
    message = render(template, french)
    assert message.body.startswith("Madame, Monsieur,")
    for english in ("Dear ", "Kind regards", "Subject", " CAD"):
        assert english not in message.subject + message.body, (template, english)


def test_english_letter_unchanged_in_a_french_window(context: MessageContext) -> None:
    english = render(Template.RECEIPT, context)
    set_locale("fr_CA")
    try:
        assert render(Template.RECEIPT, context) == english
    finally:
        set_locale("en_CA")
    assert "Oct 3, 2018" in english.body and "3,000.00 CAD" in english.body
