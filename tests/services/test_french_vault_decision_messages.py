"""In French (issue 21): the decision's erasure report, the vault desk's refusals, a move
file's problems and storage's words for an unreadable database come out in Canadian
French under ``set_locale("fr_CA")``; English stays byte for byte what it was."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from escadesk.domain.roles import Role
from escadesk.i18n import set_locale
from escadesk.services.decision import ErasureReport
from escadesk.services.vault_desk import Transit, VaultDesk
from escadesk.services.vault_move import target_problem
from escadesk.storage.damage import DataUnreadableError
from escadesk.storage.integrity import check_before_open


def test_french_erasure_report_counts_in_french_and_english_is_unchanged() -> None:
    nothing, one_failed = ErasureReport(0, ()), ErasureReport(2, (), ("Nordic: locked",))
    assert nothing.sentence() == "No card authorization was found to destroy."
    assert one_failed.sentence() == (
        "0 of 2 card authorizations found were destroyed. 1 could not be destroyed: Nordic: "
        "locked. Try again; an erasure cut off half-way is finished at the next unlock."
    )
    set_locale("fr_CA")
    try:
        assert nothing.sentence() == (
            "Aucune autorisation de carte de crédit à détruire n’a été trouvée."
        )
        assert one_failed.sentence() == (
            "0 autorisation de carte de crédit sur les 2 trouvées a été détruite. 1 n’a pas "
            "pu être détruite\u00a0: Nordic: locked. Réessayez\u202f; un effacement "
            "interrompu en cours de route est terminé au prochain déverrouillage."
        )
    finally:
        set_locale("en_CA")


def test_french_vault_desk_refusals(french: None, tmp_path: Path) -> None:
    desk = VaultDesk("lab-pc-3 (director)", holds_key=False, role_may=True, role=Role.DIRECTOR)
    assert desk.message.startswith(
        "Les cartes s’ouvrent sur le poste du coffre-fort\u00a0: lab-pc-3 (director). Le "
        "trousseau de cet ordinateur n’a aucune clé d’appareil pour ce coffre-fort"
    )
    unnamed = VaultDesk(None, holds_key=False, role_may=True, role=Role.DIRECTOR)
    assert "l’ordinateur où le coffre-fort a été configuré" in unnamed.message
    moving = Transit("lab-pc-3", "director", "2018-09-28 10:00 UTC", 2, "f")
    assert moving.words().startswith(
        "Le coffre-fort est en déplacement vers un autre ordinateur\u00a0: fichier de "
        "déplacement écrit par director sur lab-pc-3 le 2018-09-28 10:00 UTC\u202f;"
    )
    kept = tmp_path / "kept.move"
    kept.write_text("kept")
    assert target_problem(kept) == (
        f"{kept} existe déjà\u00a0: indiquez un nouveau nom de fichier. Rien n’a été écrit."
    )


def test_french_unreadable_database_is_said_in_french(french: None, tmp_path: Path) -> None:
    database = tmp_path / "escadesk.sqlite3"
    database.write_bytes(b"PK\x03\x04" + os.urandom(4092))
    with pytest.raises(DataUnreadableError) as refused:
        check_before_open(database)
    assert str(refused.value) == (
        f"Le fichier {database} n’est pas une base de données d’escadesk\u00a0: c’est une "
        "archive ZIP (un classeur Excel ou un document\u202f?). Rien n’a été modifié."
    )
    assert refused.value.names_recovery_screen is False
