"""Issue 21: the refusals of a registration step, a workshop's dates and fees, and a
decision taken too early or twice come out in the window's language (the services show
them as they are); English stays as it was written."""

from __future__ import annotations

import os
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from escadesk.cli_arguments import _path_problem
from escadesk.domain.decision import DecisionNotAvailableError, require_available
from escadesk.domain.fees import FeeSchedule, FeeScheduleError
from escadesk.domain.money import Money
from escadesk.domain.registration import (
    Registration,
    RegistrationEvent,
    TransitionNotAllowedError,
)
from escadesk.domain.workshop_calendar import (
    AgendaItem,
    CalendarError,
    WorkshopCalendar,
    agenda_problems,
)

TORONTO = ZoneInfo("America/Toronto")
START = datetime(2018, 9, 1, 9, 0, tzinfo=TORONTO)
DEADLINE = datetime(2018, 10, 2, 0, 0, tzinfo=TORONTO)
CALENDAR = WorkshopCalendar(date(2018, 10, 1), date(2018, 10, 4), "America/Toronto")
NBSP, NNBSP = "\u00a0", "\u202f"


def refusal(registration: Registration, event: RegistrationEvent, **extra: str) -> str:
    with pytest.raises(TransitionNotAllowedError) as caught:
        registration.apply(event, at=START, by="dorinda", deadline=DEADLINE, **extra)
    return str(caught.value)


def withdrawn() -> Registration:
    new = Registration.new(START, "dorinda")
    return new.apply(
        RegistrationEvent.WITHDRAW, at=START, by="dorinda", deadline=DEADLINE, reason="x"
    )


def test_french_registration_refusals(french: None) -> None:
    new = Registration.new(START, "dorinda")
    assert refusal(new, RegistrationEvent.WITHDRAW) == (
        f"Veuillez donner une raison{NNBSP}; elle est conservée dans l’historique."
    )
    assert refusal(withdrawn(), RegistrationEvent.CONFIRM) == (
        f"L’inscription est retirée{NNBSP}; plus rien ne peut changer."
    )
    assert refusal(new, RegistrationEvent.CONFIRM) == (
        f"«{NBSP}confirmer{NBSP}» est impossible à l’état «{NBSP}inscrite{NBSP}»."
    )


def test_english_registration_refusals_are_unchanged() -> None:
    new = Registration.new(START, "dorinda")
    assert refusal(new, RegistrationEvent.CONFIRM) == "'confirm' is not possible while registered."
    assert refusal(withdrawn(), RegistrationEvent.CANCEL) == (
        "The registration is withdrawn; nothing more can change."
    )


def test_french_calendar_fee_and_decision_refusals(french: None) -> None:
    with pytest.raises(CalendarError, match=r"^L’événement doit avoir lieu après"):
        WorkshopCalendar(date(2018, 10, 4), date(2018, 10, 1), "America/Toronto")
    (untitled,) = agenda_problems([AgendaItem(time(9), time(9, 15), " ")])
    # Times as CLDR writes them in fr_CA ("09 h 00"), not the English agenda's "9:00".
    assert untitled == "Le point du programme de 09 h 00 à 09 h 15 doit avoir un titre."
    with pytest.raises(FeeScheduleError, match=r"^Chaque nombre de participants"):
        FeeSchedule({4: Money.of("3000", "CAD"), 6: Money.of("2500", "CAD")}, 13)
    schedule = FeeSchedule({4: Money.of("3000", "CAD")}, 13)
    with pytest.raises(FeeScheduleError) as fee:
        schedule.quote(2)
    assert str(fee.value) == (
        f"L’atelier exige au moins 4 organisations{NNBSP}; aucuns frais ne sont prévus pour 2."
    )
    with pytest.raises(DecisionNotAvailableError) as early:
        require_available(CALENDAR, START, None)
    assert str(early.value) == (
        "La décision peut être prise dès la fin du dernier jour d’inscription (1 oct. 2018)."
    )


def test_locale_path_too_long_is_one_whole_sentence(french: None) -> None:
    long_name = "a" * 300
    problem = _path_problem(long_name)
    assert problem is not None
    unit = "caractères" if os.name == "nt" else "octets"
    assert problem.startswith("le nom ")
    assert f"trop long (300 {unit}{NNBSP}; un nom de fichier ou de dossier" in problem


def test_english_path_too_long_is_unchanged() -> None:
    unit = "characters" if os.name == "nt" else "bytes"
    assert _path_problem("a" * 5000) == f"the path is too long (5000 {unit}; at most " + (
        "32767)" if os.name == "nt" else "4095)"
    )
