"""In French (issue 21): the domain's refusals of a card, a charge and a card
authorization come out in Canadian French; English stays as it was written."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from escadesk.domain.card_authorization import CardAuthorizationForm, check_authorization
from escadesk.domain.cards import CardBrand, check_card_number, check_code, check_expiry
from escadesk.domain.charging import ChargeDates, date_problems, fee_problems


def test_french_card_refusals(french: None) -> None:
    assert check_card_number("")[0].message == "Le numéro de carte est obligatoire."
    (length,) = check_card_number("4111 1111 1111")
    assert (
        length.message
        == "Un numéro Visa compte 13, 16 ou 19 chiffres\u202f; celui-ci en compte 12."
    )
    (letter,) = check_card_number("4111 1111 1111 111x")
    assert letter.message.startswith("Un numéro de carte ne peut contenir que des chiffres")
    assert "«" not in letter.message and "“x” n’est pas permis." in letter.message
    (code,) = check_code("12", CardBrand.AMEX)
    assert code.message == "Une carte Amex porte un code de 4 chiffres au recto."
    _errors, (late,) = check_expiry("01/18", date(2018, 10, 1))
    assert late.message == (
        "La carte expire en 01/2018, avant la date de débit prévue (1 oct. 2018)."
    )


def test_english_card_refusals_are_unchanged() -> None:
    (length,) = check_card_number("4111 1111 1111")
    assert length.message == "A Visa number has 13, 16 or 19 digits; this one has 12."
    (code,) = check_code("12", CardBrand.AMEX)
    assert code.message == "An Amex card has a 4-digit code on the front."
    (letters,) = check_card_number("4111 1111 1111 11xy")
    assert letters.message == (
        "A card number may contain only digits, spaces and dashes; “x” and “y” are not allowed."
    )


def test_french_charge_refusals(french: None) -> None:
    (early,) = date_problems(
        date(2018, 9, 1), ChargeDates(first=date(2018, 10, 1), last=date(2018, 10, 5))
    )
    assert early.message == "Le débit ne peut pas être daté d’avant la décision (1 oct. 2018)."
    (reason,) = fee_problems(Decimal("3000"), Decimal("2500"), "", "CAD")
    assert reason.message == (
        "Les frais fixés sont de 3\u00a0000,00\u00a0$\u00a0: dites pourquoi un montant différent "
        "est débité."
    )


def test_english_fixed_fee_refusal_is_unchanged() -> None:
    (reason,) = fee_problems(Decimal("3000"), Decimal("2500"), "", "CAD")
    assert reason.message == "The fixed fee is 3,000.00 CAD: say why a different amount is charged."


def test_french_card_authorization_refusals(french: None) -> None:
    form = CardAuthorizationForm(
        cardholder="",
        card_number="4111 1111 1111 1111",
        expiry="12/30",
        code="123",
        billing_address="",
        signed_on=None,
    )
    errors, _warnings = check_authorization(form, date(2018, 10, 1), date(2018, 9, 28))
    messages = {problem.message for problem in errors}
    assert "Le nom du titulaire est obligatoire." in messages
    assert any(m.endswith("adresse de facturation est obligatoire.") for m in messages)
    assert "La date de signature du formulaire est obligatoire." in messages
