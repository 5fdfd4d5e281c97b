"""Issue 21: the dialogs finished in round 2 ("ui B2") speak Canadian French, counts
included (ngettext, never "s" glued on), and English is unchanged. Real widgets,
offscreen; the biggest ones grabbed to /tmp/fr_b2_*.png and checked against 1280×720."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QAbstractButton, QComboBox, QDialog, QLabel
from pytestqt.qtbot import QtBot

from escadesk.app import Services
from escadesk.i18n import set_locale
from escadesk.services.benchmark_views import BenchmarkReportCancelledError
from escadesk.services.demo import DEMO_TODAY, seed_demo
from escadesk.services.form_views import InvitationDrafts
from escadesk.ui.forms_out_dialog import FormsOutDialog, invitation_outcome
from escadesk.ui.paper_dialog import PaperDialog
from escadesk.ui.passphrase import passphrase_strength
from escadesk.ui.reference_sets_dialog import ReferenceSetsDialog
from escadesk.ui.report_export_dialog import cancelled_text
from escadesk.ui.scan_preview import describe_size
from escadesk.ui.unexpected import words_for
from escadesk.ui.withdrawal import withdraw_prompt

NBSP, NNBSP = "\u00a0", "\u202f"


def texts(dialog: QDialog) -> set[str]:
    found = {dialog.windowTitle()}
    found |= {label.text() for label in dialog.findChildren(QLabel)}
    found |= {button.text() for button in dialog.findChildren(QAbstractButton)}
    return found


def shown(qtbot: QtBot, dialog: QDialog, name: str) -> QDialog:
    """Shown at its own size, which must fit a 1280×720 screen; grabbed for a look."""
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.wait(50)
    hint = dialog.minimumSizeHint()
    assert hint.width() <= 1280 and hint.height() <= 720, (name, hint)
    assert dialog.width() <= 1280 and dialog.height() <= 720, (name, dialog.size())
    assert dialog.grab().save(f"/tmp/fr_b2_{name}.png")
    return dialog


def test_the_invitation_dialog_in_french(qtbot: QtBot, services: Services, french) -> None:
    dialog = shown(qtbot, FormsOutDialog(services, seed_demo(services), "invite"), "invitations")
    seen = texts(dialog)
    assert any(text.startswith("Inviter les délégués à ") for text in seen), seen
    assert any("brouillons de courriel (.eml)" in text for text in seen)
    pages = {dialog.page.itemText(i) for i in range(dialog.page.count())}
    assert pages == {"A4 (210 × 297 mm)", "Lettre (8,5 × 11 po)"}
    assert not any("Invite the delegates" in text for text in seen)


def test_the_paper_forms_dialog_in_french(qtbot: QtBot, services: Services, french) -> None:
    workshop_id = seed_demo(services)
    dialog = shown(qtbot, PaperDialog(services, workshop_id, DEMO_TODAY.date()), "paper_forms")
    headers = [
        dialog.table.horizontalHeaderItem(column).text()
        for column in range(dialog.table.columnCount())
    ]
    assert headers == [
        "Organisation",
        "Formulaire",
        "Reçu par",
        "Reçu le",
        "Destruction",
        "Date de destruction",
    ]


def test_the_reference_sets_dialog_in_french(qtbot: QtBot, services: Services, french) -> None:
    dialog = shown(qtbot, ReferenceSetsDialog(services), "reference_sets")
    headers = [
        dialog.table.horizontalHeaderItem(column).text()
        for column in range(dialog.table.columnCount())
    ]
    assert "Données" in headers and "État" in headers and "Source" in headers
    assert "Data" not in headers


def test_counts_in_french_agree_with_their_number(french) -> None:
    one = InvitationDrafts(paths=(Path("a.eml"),), invited=1, already_registered=1)
    assert invitation_outcome(one, one_for_all=True) == (
        f"Terminé{NBSP}: un brouillon adressé à 1 délégué (en Cci) a été enregistré. "
        "1 délégué de la liste était déjà inscrit et a été exclu."
    )
    many = InvitationDrafts(
        paths=tuple(Path(f"{n}.eml") for n in range(1200)), invited=1200, already_registered=3
    )
    assert invitation_outcome(many, one_for_all=False) == (
        f"Terminé{NBSP}: 1{NBSP}200 brouillons enregistrés, un pour chacun des "
        f"1{NBSP}200 délégués. 3 délégués de la liste étaient déjà inscrits et ont été exclus."
    )
    written = BenchmarkReportCancelledError([Path("a.pdf"), Path("b.pdf")])
    assert cancelled_text(written, "batch").startswith(
        f"Annulé{NBSP}: 2 rapports étaient déjà produits et restent dans le dossier"
    )
    assert describe_size(5 * 1024 * 1024) == "5,0 Mo"
    assert describe_size(1) == "1 octet"
    assert passphrase_strength("correct horse battery staple zebra", 12).label == "Forte"
    assert withdraw_prompt("Andes", None) == (
        f"Retirer Andes{NNBSP}? Elle ne comptera plus pour le quorum."
    )
    title, message = words_for(OSError("disque"))
    assert title == "Non effectué" and message.startswith(f"L'ordinateur a refusé{NBSP}:")


def test_the_same_counts_in_english_are_unchanged() -> None:
    set_locale("en_CA")
    one = InvitationDrafts(paths=(Path("a.eml"),), invited=1, already_registered=1)
    assert invitation_outcome(one, one_for_all=True) == (
        "Done: one draft to 1 delegate (in Bcc) saved. "
        "1 delegate on the list registered already and was left out."
    )
    many = InvitationDrafts(
        paths=tuple(Path(f"{n}.eml") for n in range(1200)), invited=1200, already_registered=3
    )
    assert invitation_outcome(many, one_for_all=False) == (
        "Done: 1,200 drafts saved, one for each of 1,200 delegates. "
        "3 delegates on the list registered already and were left out."
    )
    written = BenchmarkReportCancelledError([Path("a.pdf")])
    assert cancelled_text(written, "batch") == (
        "Cancelled: 1 report was already written and stays in the folder; the report in "
        "progress was not written."
    )
    assert describe_size(5 * 1024 * 1024) == "5.0 MB" and describe_size(2048) == "2 KB"
    assert passphrase_strength("correct horse battery staple zebra", 12).label == "Strong"


def test_a_paper_combo_in_french_names_channels_in_french(
    qtbot: QtBot, services: Services, french
) -> None:
    from escadesk.ui.paper_dialog import AddPaperDialog

    dialog = AddPaperDialog(services, seed_demo(services), date(2018, 9, 1))
    qtbot.addWidget(dialog)
    channels = dialog.findChildren(QComboBox)
    shown_channels = {combo.itemText(i) for combo in channels for i in range(combo.count())}
    assert {"Courriel", "Poste", "En main propre", "Formulaire d'inscription"} <= shown_channels
