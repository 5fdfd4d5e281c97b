"""Issue 21: the decision's summary is one whole sentence in the language asked for (the
window's by default, English for the audit log), and agenda times in messages read the
French way ("09 h 00") in French; English stays exactly as it was written."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from escadesk.domain.decision import DecisionPlan, Outcome
from escadesk.domain.fees import announcement_fee_schedule
from escadesk.domain.quorum import QuorumEntry
from escadesk.domain.registration import RegistrationStatus as S
from escadesk.domain.workshop_calendar import AgendaItem, agenda_problems, agenda_timing_problem
from escadesk.i18n import Translator, format_time

AT = datetime(2018, 10, 2, 9, 0, tzinfo=ZoneInfo("America/Toronto"))
FEE = announcement_fee_schedule().quote(4)
NBSP, NNBSP = "\u00a0", "\u202f"
FRENCH, ENGLISH = Translator("fr_CA"), Translator("en_CA")


def _entries(count: int) -> tuple[QuorumEntry, ...]:
    return tuple(QuorumEntry(key, f"Org {key}", S.COMPLETE, AT) for key in range(count))


def proceeds(participants: int, waitlisted: int = 0, cancelled: int = 0) -> DecisionPlan:
    return DecisionPlan(
        Outcome.PROCEED,
        AT,
        _entries(participants),
        _entries(waitlisted),
        _entries(cancelled),
        FEE,
        True,
    )


def cancels(cancelled: int) -> DecisionPlan:
    return DecisionPlan(Outcome.CANCEL, AT, (), (), _entries(cancelled), None, True)


PRICE_FR = f"3{NBSP}000,00{NBSP}$"


@pytest.mark.parametrize(
    ("plan", "english", "french"),
    [
        (
            proceeds(4),
            "The workshop proceeds with 4 organizations at 3,000.00 CAD each (13% tax included).",
            f"L'atelier a lieu avec 4 organisations au prix de {PRICE_FR} chacune "
            f"(taxe de 13{NBSP}% comprise).",
        ),
        (
            proceeds(1),
            "The workshop proceeds with 1 organization at 3,000.00 CAD (13% tax included).",
            f"L'atelier a lieu avec 1 organisation au prix de {PRICE_FR} "
            f"(taxe de 13{NBSP}% comprise).",
        ),
        (
            proceeds(6, waitlisted=2),
            "The workshop proceeds with 6 organizations at 3,000.00 CAD each (13% tax included); "
            "2 waitlisted.",
            f"L'atelier a lieu avec 6 organisations au prix de {PRICE_FR} chacune "
            f"(taxe de 13{NBSP}% comprise){NNBSP}; 2 en liste d'attente.",
        ),
        (
            proceeds(4, cancelled=1),
            "The workshop proceeds with 4 organizations at 3,000.00 CAD each (13% tax included); "
            "1 incomplete registration cancelled.",
            f"L'atelier a lieu avec 4 organisations au prix de {PRICE_FR} chacune "
            f"(taxe de 13{NBSP}% comprise){NNBSP}; 1 inscription incomplète annulée.",
        ),
        (
            proceeds(6, waitlisted=1, cancelled=1200),
            "The workshop proceeds with 6 organizations at 3,000.00 CAD each (13% tax included); "
            "1 waitlisted; 1,200 incomplete registrations cancelled.",
            f"L'atelier a lieu avec 6 organisations au prix de {PRICE_FR} chacune "
            f"(taxe de 13{NBSP}% comprise){NNBSP}; 1 en liste d'attente{NNBSP}; "
            f"1{NBSP}200 inscriptions incomplètes annulées.",
        ),
        (
            cancels(1),
            "The workshop does not proceed: 1 registration is cancelled.",
            f"L'atelier n'a pas lieu{NBSP}: 1 inscription est annulée.",
        ),
        (
            cancels(3),
            "The workshop does not proceed: 3 registrations are cancelled.",
            f"L'atelier n'a pas lieu{NBSP}: 3 inscriptions sont annulées.",
        ),
    ],
)
def test_locale_summary_in_english_and_french(
    plan: DecisionPlan, english: str, french: str
) -> None:
    assert plan.summary() == english  # the window's language: English by default
    assert plan.summary(ENGLISH) == english
    assert plan.summary(FRENCH) == french


def test_french_window_summary_and_english_audit_summary(french: None) -> None:
    plan = proceeds(4, cancelled=2)
    assert plan.summary().startswith("L'atelier a lieu avec 4 organisations")
    assert plan.price_text() == PRICE_FR
    assert plan.summary(ENGLISH) == (
        "The workshop proceeds with 4 organizations at 3,000.00 CAD each (13% tax included); "
        "2 incomplete registrations cancelled."
    )
    assert plan.price_text(ENGLISH) == "3,000.00 CAD"
    assert cancels(2).price_text() == ""


def test_locale_agenda_times_in_english_messages_are_unchanged() -> None:
    assert format_time(time(9, 5)) == "9:05"
    assert agenda_timing_problem(time(9), time(9)) == (
        "The agenda item from 9:00 must end after it starts."
    )
    assert agenda_problems([AgendaItem(time(13), time(13, 30), "")]) == [
        "The agenda item 13:00\u201313:30 needs a title."
    ]


def test_french_agenda_times_in_messages(french: None) -> None:
    assert format_time(time(9, 5)) == "09 h 05"
    assert format_time(time(9, 5), "en_CA") == "9:05"
    assert agenda_timing_problem(time(9), time(9)) == (
        "Le point du programme qui commence à 09 h 00 doit se terminer après son début."
    )
    assert agenda_problems([AgendaItem(time(13), time(13, 30), "")]) == [
        "Le point du programme de 13 h 00 à 13 h 30 doit avoir un titre."
    ]
