"""The accessibility walker (issue 16, item 4): the desk and every dialog of the app, as
a screen reader and a keyboard user meet them.

It opens the main window on the demo data (the unlock page first), then every dialog
(``grep 'class .*(QDialog' src/escadesk/ui``) the way the director opens it, through the
menu commands and buttons, in each of its pages and states: before the deadline, on
decision day (a late completion accepted, the decision confirmed, the decision already
taken), after a proceed decision (a charge and its confirmation), then the first-run
and recovery pages. Each window is audited by ``accessibility_audit.Audit``: no visible
interactive control without an accessible name, no mnemonic twice in a window or a
menu, no form field without a label carrying a mnemonic. The counts are printed (run
with ``-s``) and asserted.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from accessibility_audit import Audit
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QMenu, QMessageBox, QTabWidget, QWidget
from pytestqt.qtbot import QtBot
from uihelpers import choose_in, make_services, open_window, registration_of, unlock

from escadesk.app import AppConfig, build_services
from escadesk.services.clock import FixedClock
from escadesk.services.demo import DEMO_PASSPHRASE, DEMO_TODAY, seed_demo
from escadesk.ui.main_window import MainWindow
from escadesk.vault.kdf import fast_test_params

TORONTO = ZoneInfo("America/Toronto")
DECISION_DAY = datetime(2018, 10, 2, 9, 0, tzinfo=TORONTO)
NORTHSHORE = "Northshore Photonics Cluster"
ANDES = "Andes AgriFood Alliance"  # no card stored in the demo
BALTIC = "Baltic Maritime Innovation Network"
CATALONIA = "Catalonia Smart Mobility Hub"  # neither form nor card yet
WAIT = 20_000


class Walk:
    """The window being walked, the audit, and how to open and close what it shows."""

    def __init__(self, qtbot: QtBot, window: MainWindow, audit: Audit) -> None:
        self.qtbot = qtbot
        self.window = window
        self.audit = audit

    def settle(self) -> None:
        QApplication.processEvents()

    def check(self, widget: QWidget, name: str | None = None) -> None:
        """Audit ``widget`` as shown, then each other tab of its tab widgets."""
        self.qtbot.waitExposed(widget)
        self.settle()
        title = name or widget.windowTitle()
        self.audit.window(widget, title)
        for tabs in widget.findChildren(QTabWidget):
            if not tabs.isVisible() or tabs.window() is not widget.window():
                continue
            shown = tabs.currentIndex()
            for index in range(tabs.count()):
                if index != shown:
                    tabs.setCurrentIndex(index)
                    self.settle()
                    self.audit.window(widget, f"{title} (tab {tabs.tabText(index)!r})")
            tabs.setCurrentIndex(shown)

    def trigger(self, key: str, organization: str | None = None) -> QDialog:
        window = self.window
        if organization is not None:
            window.select_registration(registration_of(window, organization))
        action = window.action(key)
        assert action.isEnabled(), key
        action.trigger()
        dialog = window.active_dialog
        assert dialog is not None, key
        self.qtbot.waitExposed(dialog)
        return dialog

    def close(self, dialog: QDialog) -> None:
        if dialog.isVisible():
            dialog.done(int(QDialog.DialogCode.Rejected))
        self.qtbot.waitUntil(lambda: self.window.active_dialog is not dialog)

    def open_check_close(self, key: str, organization: str | None = None) -> QDialog:
        dialog = self.trigger(key, organization)
        self.check(dialog)
        self.close(dialog)
        return dialog


def letter_not_needed(widget: QWidget) -> str | None:
    """The fields that go without a letter of their own, and why."""
    from escadesk.ui.survey_dialog import SurveyDialog
    from escadesk.ui.survey_form import AreaPage

    owner = widget.parentWidget()
    while owner is not None:
        if isinstance(owner, AreaPage):
            return "a questionnaire answer: dozens per tab, each named by its indicator, Tab"
        if isinstance(owner, SurveyDialog) and widget is owner.interview_on:
            return "the interview date follows its check box, which has the letter (&Interview)"
        owner = owner.parentWidget()
    return None


@pytest.fixture
def audit() -> Iterator[Audit]:
    found = Audit(no_letter_needed=letter_not_needed)
    yield found
    print(f"\n{found.summary()}")


def _main_window(walk: Walk) -> None:
    window = walk.window
    window.select_registration(registration_of(window, NORTHSHORE))  # a card: Reveal shows
    walk.check(window, "Main window (desk)")
    for action in window.menuBar().actions():
        menu = action.menu()
        if isinstance(menu, QMenu):
            walk.audit.menu(menu, f"{action.text()} menu")


def _registration_and_workshop(walk: Walk) -> None:
    walk.open_check_close("new_registration")
    walk.open_check_close("edit_registration", BALTIC)
    walk.open_check_close("new_workshop")
    walk.open_check_close("edit_workshop")


def _steps(walk: Walk, tmp_path: Path) -> None:
    walk.open_check_close("form", CATALONIA)
    walk.open_check_close("authorization", ANDES)
    walk.open_check_close("withdraw", BALTIC)
    walk.open_check_close("erase_card", NORTHSHORE)
    # Reveal: the passphrase, then the card.
    reveal = walk.trigger("reveal", NORTHSHORE)
    walk.check(reveal)
    walk.qtbot.keyClicks(reveal.passphrase, DEMO_PASSPHRASE)
    walk.qtbot.keyClick(reveal.passphrase, Qt.Key.Key_Return)
    walk.qtbot.waitUntil(lambda: reveal.showing, timeout=WAIT)
    walk.check(reveal, "Reveal card (shown)")
    walk.close(reveal)


def _file_and_settings(walk: Walk, tmp_path: Path) -> None:
    window = walk.window
    walk.open_check_close("change_passphrase")
    walk.open_check_close("settings")
    window.services.backups.back_up("manual")
    from escadesk.ui.data_care import RestoreDialog

    restore = RestoreDialog(window)
    restore.show()
    walk.check(restore)
    restore.reject()
    restore.deleteLater()
    # Exports: the dialog under its file chooser, then done.
    export = walk.trigger("export_roster")
    walk.check(export)
    choose_in(export, tmp_path / "roster.xlsx")
    walk.qtbot.waitUntil(lambda: not export.is_running, timeout=WAIT)
    walk.check(export, "Export roster (done)")
    walk.close(export)
    finance = walk.trigger("export_finance")
    walk.check(finance)
    finance.file_dialog.reject()
    walk.close(finance)


def _delegates(walk: Walk, tmp_path: Path) -> None:
    good = tmp_path / "delegates.csv"
    good.write_text(
        "E-mail,Name,Organization,Country\n"
        "ana.silva@lisbon.example,Ana Silva,Lisbon Tech Cluster,Portugal\n"
        "not-an-email,Bad Row,Nowhere,Canada\n",
        encoding="utf-8",
    )
    dialog = walk.trigger("import")
    walk.check(dialog, "Import delegate list (empty)")
    dialog.start_preview(good)
    walk.qtbot.waitUntil(lambda: not dialog.is_busy, timeout=WAIT)
    walk.check(dialog, "Import delegate list (preview)")
    walk.close(dialog)


def _returned(walk: Walk, path: Path, kind: type) -> QWidget:
    """Registration > Open a returned form… on ``path``: what it opens, once shown."""
    from PySide6.QtWidgets import QFileDialog

    chooser = walk.trigger("returned_form")
    assert isinstance(chooser, QFileDialog)
    chooser.selectFile(str(path))
    chooser.accept()
    walk.qtbot.waitUntil(lambda: isinstance(walk.window.active_dialog, kind), timeout=WAIT)
    return walk.window.active_dialog


def _forms(walk: Walk, tmp_path: Path) -> None:
    """The forms out (blank, invitations, done) and back: a registration and a card form
    for review, the registration asked for, a scan's ways on, the delete question."""
    from escadesk.ui.card_dialog import CardAuthorizationDialog
    from escadesk.ui.registration_choice import RegistrationChoiceDialog
    from escadesk.ui.registration_dialog import RegistrationDialog
    from returned_forms_kit import CARD_VALUES, fill, scan_pdf

    walk.open_check_close("blank_forms")
    invitations = walk.trigger("invitations")
    walk.check(invitations)
    invitations.export_to(tmp_path / "invitations")
    walk.qtbot.waitUntil(lambda: not invitations.is_running, timeout=WAIT)
    walk.check(invitations, "Invitation e-mails (done)")
    walk.close(invitations)
    window = walk.window
    registration, card = window.services.forms.write_blank(window.workshop.id, tmp_path / "b")
    values = {
        "organization": "Pearl River ICT Cluster",
        "country": "China",
        "technology_area": "Biotechnology",
        "contact_name": "Wei Chen",
        "contact_email": "wei.chen@prict.example",
    }
    returned = tmp_path / "registration.pdf"
    returned.write_bytes(fill(registration.read_bytes(), values))
    review = _returned(walk, returned, RegistrationDialog)
    walk.check(review, "Registration from a returned form")
    walk.qtbot.mouseClick(review.save_button, Qt.MouseButton.LeftButton)
    walk.qtbot.waitUntil(lambda: isinstance(window.active_dialog, QMessageBox))
    walk.check(window.active_dialog, "Delete the returned form?")
    walk.close(window.active_dialog)  # kept
    unmatched = tmp_path / "card.pdf"
    unmatched.write_bytes(fill(card.read_bytes(), {**CARD_VALUES, "signature": ""}))
    choice = _returned(walk, unmatched, RegistrationChoiceDialog)
    walk.check(choice)
    choice.accept()
    walk.qtbot.waitUntil(lambda: isinstance(window.active_dialog, CardAuthorizationDialog))
    review = window.active_dialog
    walk.check(review, "Card authorization from a returned form (notes, scan)")
    walk.close(review)  # not stored: the later steps need the demo's cards as they are
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(scan_pdf())
    by_hand = _returned(walk, scan, QMessageBox)
    walk.check(by_hand, "Enter the form by hand")
    walk.close(by_hand)


def _workshop_menu(walk: Walk) -> None:
    walk.open_check_close("pitch_order")
    letters = walk.trigger("letters")
    walk.check(letters)
    walk.close(letters)
    paper = walk.trigger("paper")
    walk.check(paper)
    walk.qtbot.mouseClick(paper.add_button, Qt.MouseButton.LeftButton)
    add = paper.sub_dialog
    walk.check(add)
    add.organization.setCurrentIndex(add.organization.findText(BALTIC))
    walk.qtbot.mouseClick(add.save_button, Qt.MouseButton.LeftButton)
    walk.qtbot.waitUntil(lambda: paper.sub_dialog is None)
    paper.table.selectRow(0)
    walk.check(paper, "Paper forms (a form listed)")
    walk.qtbot.mouseClick(paper.dispose_button, Qt.MouseButton.LeftButton)
    dispose = paper.sub_dialog
    walk.check(dispose)
    dispose.reject()
    walk.close(paper)
    walk.open_check_close("certificates")
    # The audit log (File menu; built here while the menu command is being wired).
    from escadesk.ui.audit_dialog import AuditLogDialog

    log = AuditLogDialog(walk.window.services, walk.window.workshop.calendar.zone, walk.window)
    log.show()
    walk.qtbot.waitUntil(lambda: not getattr(log, "busy", False), timeout=WAIT)
    walk.check(log)
    log.reject()
    log.deleteLater()


def _personal_data(walk: Walk) -> None:
    export = walk.trigger("export_personal", BALTIC)
    walk.check(export)
    export.file_dialog.reject()
    walk.close(export)
    walk.open_check_close("erase_personal", CATALONIA)  # no card: the form shows


def _benchmarking(walk: Walk) -> None:
    window = walk.window
    page_dialog = walk.trigger("benchmark", NORTHSHORE)
    walk.qtbot.waitUntil(lambda: not page_dialog.page.is_busy, timeout=WAIT)
    walk.check(page_dialog)
    page_dialog.page.views.setCurrentIndex(1)  # an area's indicators, as bar charts
    walk.check(page_dialog, "Benchmarking (an area's indicators)")
    walk.close(page_dialog)
    survey = walk.trigger("survey", NORTHSHORE)
    walk.check(survey)  # every tab: one per area
    walk.close(survey)
    for action in ("benchmark_report", "benchmark_reports"):
        report = walk.trigger(action, NORTHSHORE)
        walk.check(report)  # the format choice first; the chooser opens on Choose…
        assert report.file_dialog is None
        walk.close(report)
    sets = walk.trigger("reference_sets")
    walk.check(sets)
    importer = sets.open_import(None)
    walk.check(importer)
    importer.reject()
    walk.close(sets)
    assert window.active_dialog is None


def _survey_templates(walk: Walk, tmp_path: Path) -> None:
    """The survey template out (one, all: under their choosers, then done) and back (the
    import under its chooser, a clean file's changes, a file with problems)."""
    from survey_template_kit import fill

    written: list[Path] = []
    for action in ("survey_template", "survey_templates"):
        folder = tmp_path / action
        folder.mkdir()
        walk.window.services.settings.set("exports.last_folder", str(folder))
        dialog = walk.trigger(action, NORTHSHORE)
        walk.check(dialog)
        dialog.file_dialog.accept()  # the name or folder proposed
        walk.qtbot.waitUntil(lambda d=dialog: not d.is_running, timeout=WAIT)
        written += dialog.written
        walk.check(dialog, f"{dialog.windowTitle()} (done)")
        walk.close(dialog)
    template = fill(written[0], {"1.1.2": 120, "4.1.1": None})
    importer = walk.trigger("survey_answers_import")
    walk.check(importer, "Import survey answers (choosing)")
    importer.read(template)  # as chosen (tests/ui/test_survey_template_ui.py chooses it)
    importer.file_dialog.reject()
    walk.qtbot.waitUntil(lambda: not importer.is_busy, timeout=WAIT)
    importer.show_unchanged.setChecked(True)
    walk.check(importer, "Import survey answers (changes)")
    fill(template, {"2.2.1": "about forty"})
    importer.read_again()
    walk.qtbot.waitUntil(lambda: not importer.is_busy, timeout=WAIT)
    walk.check(importer, "Import survey answers (problems)")
    walk.close(importer)


def _wizard_pages(walk: Walk, wizard: QDialog, name: str, last: int) -> None:
    for index in range(wizard.pages.currentIndex(), last + 1):
        walk.check(wizard, f"{name} — page {index + 1}")
        if index < last:
            walk.qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)


def _decision(walk: Walk) -> None:
    """Before the deadline (a preview), then on decision day with a late completion,
    confirmed, and opened again once taken."""
    window, services = walk.window, walk.window.services
    wizard = walk.trigger("decision")
    _wizard_pages(walk, wizard, "Decision (preview)", wizard.CONFIRM)
    walk.close(wizard)

    services.clock.set(DECISION_DAY)
    services.registrations.record_authorization(registration_of(window, ANDES))  # late
    window.refresh()
    wizard = walk.trigger("decision")
    walk.check(wizard, "Decision — page 1 (a late completion)")
    accept = next(
        button
        for button in wizard.late_section.findChildren(type(wizard.close_button))
        if "Accept late" in button.text()
    )
    walk.qtbot.mouseClick(accept, Qt.MouseButton.LeftButton)
    reason = wizard.reason_dialog
    walk.check(reason, "Decision — accept late (reason)")
    walk.qtbot.keyClicks(reason.text, "Posted on time")
    reason.accept()
    _wizard_pages(walk, wizard, "Decision (decision day)", wizard.CONFIRM)
    walk.qtbot.keyClicks(wizard.passphrase, DEMO_PASSPHRASE)
    walk.qtbot.mouseClick(wizard.confirm_button, Qt.MouseButton.LeftButton)
    walk.qtbot.waitUntil(lambda: wizard.pages.currentIndex() == wizard.DONE, timeout=WAIT)
    walk.qtbot.waitUntil(wizard.certificates_button.isEnabled, timeout=WAIT)
    walk.check(wizard, "Decision — taken (done page)")
    walk.close(wizard)
    again = walk.trigger("decision")
    walk.check(again, "Decision — already taken")
    walk.close(again)


def _after_decision(walk: Walk) -> None:
    window = walk.window
    walk.check(window, "Main window (after the decision)")
    charge = walk.trigger("charge", NORTHSHORE)
    walk.check(charge)
    walk.qtbot.keyClicks(charge.reference, "AUTH-1")
    walk.qtbot.mouseClick(charge.record_button, Qt.MouseButton.LeftButton)
    walk.qtbot.waitUntil(lambda: charge.confirmation is not None)
    box = charge.confirmation
    assert isinstance(box, QMessageBox)
    walk.check(box, "Record the charge? (confirmation)")
    box.button(QMessageBox.StandardButton.Cancel).click()
    walk.close(charge)
    walk.open_check_close("reprice")
    walk.open_check_close("invoices")
    letters = walk.trigger("letters")
    walk.check(letters, "Letters (letters due)")
    walk.qtbot.mouseClick(letters.send_button, Qt.MouseButton.LeftButton)
    walk.qtbot.waitUntil(lambda: letters.smtp_dialog is not None)
    walk.check(letters.smtp_dialog)
    letters.smtp_dialog.reject()
    walk.close(letters)


def _first_run_and_recovery(qtbot: QtBot, qapp, audit: Audit, tmp_path: Path) -> None:
    # First run: set a passphrase; without a keychain, the file fallback is offered.
    services = build_services(
        AppConfig.resolve(tmp_path / "first-run"),
        clock=FixedClock(DEMO_TODAY),
        kdf_profile=fast_test_params,
    )
    try:
        window = open_window(qtbot, qapp, services)
        page = window.vault_page
        qtbot.waitUntil(page.keychain_panel.isVisible, timeout=WAIT)
        audit.window(window, "First run (no keychain)")
        qtbot.mouseClick(page.keychain_panel.choose_button, Qt.MouseButton.LeftButton)
        audit.window(window, "First run (set a passphrase)")
        window.close()
    finally:
        services.close()
    # Recovery: the data cannot be opened.
    from escadesk.ui.recovery_flow import show_recovery

    folder = tmp_path / "damaged"
    damaged = make_services(folder)
    seed_demo(damaged, vault_passphrase=DEMO_PASSPHRASE)
    damaged.backups.back_up()
    damaged.close()
    with (folder / "escadesk.sqlite3").open("r+b") as handle:
        handle.write(bytes(4096))
    try:
        make_services(folder).close()
    except Exception as error:
        problem = error
    window = MainWindow(data_dir=folder)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    page = show_recovery(window, AppConfig.resolve(folder), problem, lambda _config: None)
    assert page is not None
    QApplication.processEvents()
    audit.window(window, "Recovery page")


def test_accessibility_walker_every_window_has_names_and_letters(
    qtbot: QtBot, qapp, locked_window: MainWindow, audit: Audit, tmp_path: Path
) -> None:
    audit.window(locked_window, "Unlock page")
    unlock(qtbot, locked_window)
    walk = Walk(qtbot, locked_window, audit)
    _main_window(walk)
    _registration_and_workshop(walk)
    _steps(walk, tmp_path)
    _file_and_settings(walk, tmp_path)
    _delegates(walk, tmp_path)
    _forms(walk, tmp_path)
    _workshop_menu(walk)
    _personal_data(walk)
    _benchmarking(walk)
    _survey_templates(walk, tmp_path)
    _decision(walk)
    _after_decision(walk)
    _first_run_and_recovery(qtbot, qapp, audit, tmp_path)

    print("\n" + "\n".join(str(finding) for finding in audit.findings))
    assert audit.checked >= 300, audit.summary()
    assert [str(f) for f in audit.findings] == [], audit.summary()


def test_accessibility_walker_the_workshop_picker_has_a_name_and_a_letter(
    qtbot: QtBot, window: MainWindow
) -> None:
    audit = Audit()
    audit.window(window, "Main window (desk)")
    assert [str(f) for f in audit.findings] == []
