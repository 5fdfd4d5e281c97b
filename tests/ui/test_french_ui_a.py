"""Issue 21 (ui A): the window's commands and the dialogs from after_decision to
export_dialog speak Canadian French under ``set_locale("fr_CA")``, fit 1280×720 there,
keep one Alt+letter per menu and per dialog, and English comes back unchanged (real
widgets, offscreen; PNGs of the three biggest in /tmp/fr_ui_a_*.png)."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

from escadesk.i18n import _
from escadesk.services.demo import DEMO_PASSPHRASE
from escadesk.ui.actions.area import MENUS, menu_title
from escadesk.ui.audit_dialog import AuditLogDialog
from escadesk.ui.benchmark_page import BenchmarkDialog
from escadesk.ui.card_dialog import CardAuthorizationDialog
from escadesk.ui.certificates import CertificatesDialog
from escadesk.ui.charge_dialog import ChargeDialog, charge_message
from escadesk.ui.discard_guard import DISCARD, KEEP_EDITING
from escadesk.ui.export_dialog import ExportDialog, describe_failure
from escadesk.ui.main_window import MainWindow

NORTHSHORE = "Northshore Photonics Cluster"  # complete, card in the vault
ANDES = "Andes AgriFood Alliance"  # no card stored in the demo
DECISION_DAY = datetime(2018, 10, 2, 9, 0, tzinfo=ZoneInfo("America/Toronto"))
WIDTH, HEIGHT = 1280, 720


def texts(dialog: QWidget) -> set[str]:
    """Every caption the dialog shows: labels, buttons, group titles, placeholders."""
    found = {dialog.windowTitle()}
    found |= {label.text() for label in dialog.findChildren(QLabel)}
    found |= {button.text() for button in dialog.findChildren(QAbstractButton)}
    found |= {box.title() for box in dialog.findChildren(QGroupBox)}
    found |= {edit.placeholderText() for edit in dialog.findChildren(QLineEdit)}
    found |= {w.accessibleName() for w in dialog.findChildren(QWidget) if w.accessibleName()}
    return found - {""}


def mnemonics(captions: list[str]) -> list[str]:
    """The Alt+letters of ``captions`` ("&&" is a plain ampersand)."""
    found = []
    for caption in captions:
        match = re.search(r"(?<!&)&([^&\s])", caption.replace("&&", ""))
        if match:
            found.append(match.group(1).lower())
    return found


def assert_unique_mnemonics(dialog: QWidget) -> None:
    captions = [b.text() for b in dialog.findChildren(QAbstractButton) if b.isVisibleTo(dialog)]
    captions += [
        label.text()
        for label in dialog.findChildren(QLabel)
        if label.buddy() is not None and label.isVisibleTo(dialog)
    ]
    letters = mnemonics(captions)
    assert len(letters) == len(set(letters)), captions


def shown(qtbot: QtBot, dialog: QDialog, name: str | None = None) -> QDialog:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.wait(50)
    if name is not None:
        dialog.grab().save(f"/tmp/fr_ui_a_{name}.png")
    return dialog


def assert_fits_small_screen(dialog: QDialog) -> None:
    """Laid out at (at most) 1280×720, nothing is squeezed below what it needs."""
    dialog.resize(min(dialog.width(), WIDTH), min(dialog.height(), HEIGHT))
    QApplication.processEvents()
    layout = dialog.layout()
    assert layout is not None
    needed = layout.totalMinimumSize()
    assert needed.width() <= dialog.width() and needed.height() <= dialog.height(), needed
    squeezed = [
        widget.text()
        for widget in dialog.findChildren(QLabel) + dialog.findChildren(QAbstractButton)
        if widget.isVisibleTo(dialog) and widget.height() + 1 < widget.minimumSizeHint().height()
    ]
    assert not squeezed, squeezed


def _proceed(window: MainWindow) -> None:
    """Andes' authorization makes 4: the demo proceeds (as tests/ui/test_charge_dialog.py)."""
    services = window.services
    services.registrations.record_authorization(_row(window, ANDES).id)
    services.clock.set(DECISION_DAY)
    services.decision.confirm(window.workshop.id, DEMO_PASSPHRASE)
    services.decision.erase_cancelled(window.workshop.id)
    window.refresh()


def _row(window: MainWindow, organization: str):  # type: ignore[no-untyped-def]
    rows = window.services.registrations.list(window.workshop.id)
    return next(r for r in rows if r.organization == organization)


# -- the window's commands -----------------------------------------------------------------


def test_french_commands_menus_and_tips(window: MainWindow, french: None) -> None:
    """Every area's commands built again in French: translated texts and tips, and one
    Alt+letter per menu (the menu bar's titles included)."""
    french_window = MainWindow(window.services)
    try:
        by_menu: dict[str, list[str]] = {key: [] for key in MENUS}
        texts_seen = set()
        for area in french_window.areas:
            for command in area.commands:
                texts_seen.add(command.action.text())
                if command.place is not None:
                    by_menu[command.place.menu].append(command.action.text())
        assert {
            "&Nouvelle inscription…",
            "Enregistrer le &débit…",
            "&Journal d'audit…",
            "&Analyse comparative…",
            "Exporter la liste des &participants…",
            "&Quitter",
        } <= texts_seen
        assert "&New registration…" not in texts_seen
        assert french_window.action("charge").toolTip() == (
            "Enregistrer le débit d'une organisation confirmée"
        )
        for menu, captions in by_menu.items():
            letters = mnemonics(captions)
            assert len(letters) == len(set(letters)), (menu, captions)
        titles = [menu_title(key) for key in MENUS]
        assert titles[0] == "&Fichier"
        assert len(set(mnemonics(titles))) == len(titles), titles
    finally:
        french_window.deleteLater()


# -- the dialogs ---------------------------------------------------------------------------


def test_french_card_authorization_dialog(qtbot: QtBot, window: MainWindow, french: None) -> None:
    row = _row(window, NORTHSHORE)
    dialog = shown(
        qtbot,
        CardAuthorizationDialog(
            window.services, row, date(2018, 10, 2), date(2018, 9, 20), parent=window
        ),
        "card_authorization",
    )
    seen = texts(dialog)
    assert dialog.windowTitle() == f"Autorisation de carte — {NORTHSHORE}"
    assert {
        "&Titulaire *",
        "&Numéro de carte *",
        "&Code de sécurité *",
        "&Adresse de facturation *",
        "Date de &signature *",
        "Formulaire d'autorisation signé",
        "&Joindre le formulaire numérisé…",
        "Tel qu'imprimé sur la carte",
    } <= seen
    assert not {"Card&holder *", "Scanned form", "As printed on the card"} & seen
    assert dialog.code.accessibleDescription() == "Obligatoire"
    assert_unique_mnemonics(dialog)
    assert_fits_small_screen(dialog)
    # The discard question is French too.
    dialog.cardholder.setText("Jeanne Tremblay")
    dialog.reject()
    question = dialog.discard_guard.question
    assert isinstance(question, QMessageBox)
    assert [b.text() for b in question.buttons()] == [_(KEEP_EDITING), _(DISCARD)]
    assert _(DISCARD) == "&Abandonner"
    assert question.informativeText() == "Rien n'a encore été enregistré."
    question.done(0)
    dialog.done(0)


def test_french_charge_dialog_and_messages(qtbot: QtBot, window: MainWindow, french: None) -> None:
    _proceed(window)
    window.select_registration(_row(window, NORTHSHORE).id)
    window.action("charge").trigger()
    dialog = window.active_dialog
    assert isinstance(dialog, ChargeDialog)
    qtbot.waitExposed(dialog)
    qtbot.wait(50)
    seen = texts(dialog)
    assert dialog.windowTitle() == f"Enregistrer le débit — {NORTHSHORE}"
    assert {"&Montant", "&Date du débit", "&Référence", "Enregistrer le dé&bit…"} <= seen
    assert "Reason for the a&mount" not in seen
    assert "Effacés" in dialog.note.text() or "efface" in dialog.note.text()
    assert_unique_mnemonics(dialog)
    assert_fits_small_screen(dialog)
    assert charge_message(NORTHSHORE, None) == f"Débit de {NORTHSHORE} enregistré."


def test_french_audit_log_dialog(qtbot: QtBot, window: MainWindow, french: None) -> None:
    dialog = AuditLogDialog(window.services, ZoneInfo("America/Toronto"), parent=window)
    shown(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.loaded, timeout=15_000)
    qtbot.wait(50)
    dialog.grab().save("/tmp/fr_ui_a_audit_log.png")
    seen = texts(dialog)
    assert dialog.windowTitle() == "Journal d'audit"
    assert {"&Entrées", "&Vérifier", "E&xporter vers Excel…", "&Rechercher\u00a0:"} <= seen
    assert dialog.count.text().endswith("entrées")
    headers = [dialog.model.headerData(n, Qt.Orientation.Horizontal) for n in range(5)]
    assert headers == ["Heure", "Qui", "Action", "Concerne", "Détails"]
    assert_unique_mnemonics(dialog)
    assert_fits_small_screen(dialog)
    dialog.done(0)


def test_french_benchmark_dialog(qtbot: QtBot, window: MainWindow, french: None) -> None:
    dialog = BenchmarkDialog(window.services, window.workshop.id, parent=window)
    shown(qtbot, dialog)
    page = dialog.page
    qtbot.waitUntil(lambda: not page.is_busy, timeout=20_000)
    if page.install_button.isVisible():  # no reference set yet: install the shipped one
        page.install_shipped_set()
        qtbot.waitUntil(lambda: page.data is not None, timeout=60_000)
    qtbot.wait(100)
    dialog.grab().save("/tmp/fr_ui_a_benchmark.png")
    seen = texts(dialog)
    assert dialog.windowTitle() == "Analyse comparative"
    assert {"&Organisation\u00a0:", "&Questionnaire…", "Enregistrer le &rapport…"} <= seen
    assert page.views.tabText(0) == "Par domaine"
    assert page.area_table.horizontalHeaderItem(1).text() == "Vous"
    assert page.scores.text().startswith("Score global")
    assert_unique_mnemonics(dialog)
    assert_fits_small_screen(dialog)
    dialog.done(0)


def test_french_certificates_and_export_dialogs(
    qtbot: QtBot, window: MainWindow, french: None
) -> None:
    certificates = shown(
        qtbot,
        CertificatesDialog(
            window.services, window.workshop.id, ZoneInfo("America/Toronto"), parent=window
        ),
    )
    seen = texts(certificates)
    assert certificates.windowTitle() == "Certificats de destruction"
    assert {"&Imprimer…", "Enregistrer en P&DF…", "Enregistrer en &texte…"} <= seen
    assert_unique_mnemonics(certificates)
    certificates.done(0)
    export = shown(qtbot, ExportDialog(window.services, window.workshop.id, "finance"))
    seen = texts(export)
    assert export.windowTitle() == "Exporter la feuille des finances"
    assert "Exporter la feuille des finances" in seen
    assert_unique_mnemonics(export)
    refusal = describe_failure(PermissionError(), Path("/tmp/x/finances.xlsx"))
    assert refusal.startswith("Impossible d'écrire finances.xlsx\u00a0: permission refusée.")
    export.done(0)


# -- English unchanged -----------------------------------------------------------------------


def test_english_is_unchanged_after_french(qtbot: QtBot, window: MainWindow) -> None:
    """The same texts in English, as the code says them (set_locale restored by the
    fixture of the tests above)."""
    assert window.action("charge").text() == "Record c&harge…"
    assert menu_title("file") == "&File"
    row = _row(window, NORTHSHORE)
    dialog = shown(
        qtbot, ChargeDialog(window.services, window.workshop, row, "Visa •••• 1111", parent=window)
    )
    assert dialog.windowTitle() == f"Record charge — {NORTHSHORE}"
    assert "Reason for the a&mount" in texts(dialog)
    dialog.done(0)
    assert describe_failure(PermissionError(), Path("/x/a.xlsx")).startswith(
        "Could not write a.xlsx: permission denied."
    )
