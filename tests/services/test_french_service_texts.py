"""In French (issue 21): the audit viewer's action words and kinds, the personal-data
summaries and the export progress lines come out in Canadian French, while what goes into
the audit log stays English (a legal record, hashed as written)."""

from __future__ import annotations

from escadesk.i18n.translator import translator
from escadesk.services.audit_log import action_words, kind_choices
from escadesk.services.personal_data_records import ErasedCounts
from escadesk.services.personal_erasure import ENGLISH

COUNTS = ErasedCounts(contacts=1, questionnaires=1, answers=36, notes=1, delegate_entries=2)


def test_french_audit_viewer_words(french: None) -> None:
    assert action_words("registration.receive_form").endswith("inscription reçu")
    assert dict(kind_choices())["personal_data"] == "Renseignements personnels"
    assert action_words("something.new") == "Something: new"  # no words: from its code


def test_english_audit_viewer_words_are_unchanged() -> None:
    assert action_words("registration.receive_form") == "Registration form received"
    assert dict(kind_choices())["personal_data"] == "Personal data"


def test_french_erased_counts_in_the_window_english_in_the_log(french: None) -> None:
    assert COUNTS.words() == (
        "1 contact, 1 questionnaire (36 réponses, 1 note), 2 entrées de la liste des délégués"
    )
    assert COUNTS.words(ENGLISH) == (
        "1 contact, 1 questionnaire (36 answers, 1 note), 2 delegate-list entries"
    )
    assert ErasedCounts().words() == "plus rien à effacer"


def test_english_erased_counts_are_unchanged() -> None:
    assert (
        COUNTS.words()
        == COUNTS.words(translator("en_CA"))
        == ("1 contact, 1 questionnaire (36 answers, 1 note), 2 delegate-list entries")
    )
