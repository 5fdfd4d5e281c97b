from __future__ import annotations

import dataclasses
from pathlib import Path

import jinja2
import pytest

from escadesk.domain.cards import contains_card_number
from escadesk.notifications.letter_kinds import STATUS_TEMPLATES
from escadesk.notifications.messages import (
    CardDataLeakError,
    MessageContext,
    MessageError,
    Template,
    render,
)

# A Luhn-valid Visa test number: it must never reach a message.
CARD_NUMBER = "4111 1111 1111 1111"


def _text(template: Template, context: MessageContext) -> str:
    message = render(template, context)
    assert not contains_card_number(message.subject + message.body)
    assert "Dear Marie Tremblay," in message.body
    assert (
        message.body.endswith(
            "Dorinda So\nInstitute for Competitiveness & Prosperity\ndorinda.so@example.org\n"
        )
        or "Certificate of destruction no. 7" in message.body
    )
    assert not message.body.startswith("Subject:")
    return message.subject + "\n" + message.body


def test_confirmed_states_the_exact_price_and_what_happens_next(context):
    message = render(Template.CONFIRMED, context)
    assert message.subject == "ESCA Benchmarking Workshop will proceed – your price: 3,000.00 CAD"
    body = message.body
    for expected in (
        "will proceed",
        "3,000.00 CAD, HST (13%) included",
        "2,654.87 CAD",
        "345.13 CAD",
        "~1,990 EUR",
        "The Institute is not responsible for any exchange rate fees.",
        "VISA •••• 1111",
        "international charge",
        "Oct 22, 2018",
        "Rotman School of Management",
        "What happens next",
    ):
        assert expected in body, expected
    _text(Template.CONFIRMED, context)


def test_waitlisted_gives_the_position_and_says_the_card_was_not_charged(context):
    message = render(Template.WAITLISTED, context)
    assert message.subject == (
        "ESCA Benchmarking Workshop: Ontario Aerospace Cluster is number 2 on the waiting list"
    )
    assert "number 2 on the waiting list" in message.body
    assert "If a place opens, I will let you know" in message.body
    assert "has not been charged" in message.body
    _text(Template.WAITLISTED, context)


def test_cancelled_confirms_the_card_was_destroyed_and_not_charged(context):
    message = render(Template.CANCELLED, context)
    assert message.subject == (
        "ESCA Benchmarking Workshop will not take place – your card was not charged"
    )
    body = message.body
    assert "fewer than 4" in body
    assert "has NOT been charged" in body
    assert "authorization form" in body and "have been destroyed" in body
    assert "certificate of destruction is attached" in body
    assert "Certificate of destruction no. 7" in body
    _text(Template.CANCELLED, context)


def test_cancelled_says_what_was_destroyed_counted_never_a_fixed_text(context):
    """Issue 14: the letter said every card was destroyed, whatever was stored or erased."""
    done = render(Template.CANCELLED, context).body
    assert "the credit card authorization form of Ontario Aerospace Cluster and all" in done
    assert "destroyed:" not in done  # plain words, no tally in brackets
    two = render(Template.CANCELLED, dataclasses.replace(context, cards_found=2, cards_destroyed=2))
    assert "the 2 credit card authorization forms of Ontario Aerospace Cluster" in two.body
    assert "all the card information they contained" in two.body

    never_stored = dataclasses.replace(
        context, cards_found=0, cards_destroyed=0, certificate_text=None
    )
    body = render(Template.CANCELLED, never_stored).body
    assert "held no stored card information of Ontario Aerospace Cluster" in body
    assert "have been destroyed" not in body and "certificate" not in body

    unfinished = dataclasses.replace(context, cards_found=1, cards_destroyed=0)
    body = render(Template.CANCELLED, unfinished).body
    assert "not finished yet: 0 of 1 stored credit card authorization destroyed so far" in body
    assert "have been destroyed" not in body


def test_cancelled_refuses_to_guess_the_counts(context):
    with pytest.raises(MessageError, match="cards_found"):
        render(Template.CANCELLED, dataclasses.replace(context, cards_found=None))


def test_cancelled_without_certificate_text_still_reads(context):
    body = render(Template.CANCELLED, dataclasses.replace(context, certificate_text=None)).body
    assert "Certificate of destruction no." not in body
    assert body.endswith("dorinda.so@example.org\n")


def test_receipt_names_amount_date_reference_and_mask(context):
    message = render(Template.RECEIPT, context)
    assert message.subject == "Receipt: ESCA Benchmarking Workshop – 3,000.00 CAD charged"
    for expected in (
        "Amount:     3,000.00 CAD",
        "(2,654.87 CAD plus 345.13 CAD HST (13%))",
        "Date:       Oct 3, 2018",
        "Card:       VISA •••• 1111",
        "Reference:  AUTH 482913",
    ):
        assert expected in message.body, expected


def test_the_director_name_defaults_to_the_title(context):
    default = dataclasses.replace(context, director_name=MessageContext.director_name)
    assert default.director_name == "Research Director"
    assert "Research Director\nInstitute for Competitiveness & Prosperity" in (
        render(Template.WAITLISTED, default).body
    )


@pytest.mark.parametrize(
    ("template", "field"),
    [(template, "organization") for template in Template]
    + [(template, "card_mask") for template in STATUS_TEMPLATES]
    + [(Template.CONFIRMED, "venue"), (Template.CANCELLED, "certificate_text")],
)
def test_the_guard_refuses_a_card_number_anywhere(context, template, field):
    leaky = dataclasses.replace(context, **{field: f"VISA {CARD_NUMBER}"})
    with pytest.raises(CardDataLeakError) as raised:
        render(template, leaky)
    assert "1111 1111" not in str(raised.value)


def test_a_template_missing_its_data_says_which(context):
    with pytest.raises(MessageError, match="waitlist_position"):
        render(Template.WAITLISTED, dataclasses.replace(context, waitlist_position=None))
    with pytest.raises(MessageError, match="charge_reference"):
        render(Template.RECEIPT, dataclasses.replace(context, charge_reference=None))


def test_strict_undefined_catches_a_misspelled_field(context, tmp_path: Path):
    (tmp_path / "confirmed.txt.j2").write_text(
        "Subject: Hello\n\nDear {{ contact_nmae }},\n", encoding="utf-8"
    )
    with pytest.raises(jinja2.UndefinedError, match="contact_nmae"):
        render(Template.CONFIRMED, context, folder=tmp_path)


def test_a_template_without_a_subject_line_is_refused(context, tmp_path: Path):
    (tmp_path / "receipt.txt.j2").write_text("Dear {{ contact_name }},\n", encoding="utf-8")
    with pytest.raises(MessageError, match="Subject:"):
        render(Template.RECEIPT, context, folder=tmp_path)


def test_no_html_escaping_in_plain_text(context):
    body = render(
        Template.CONFIRMED, dataclasses.replace(context, organization="R&D <Cluster>")
    ).body
    assert "R&D <Cluster>" in body
