"""The desk and every dialog on a 1280×720 screen (issue 16, item 5).

Qt fixes its platform (and so the screen) once per process, and the suite's screen is
1920×1200 (tests/offscreen-screen.json): these checks run in a process of their own, which
tests/ui/test_small_screen.py starts with tests/offscreen-small-screen.json. The file is
not named ``test_*`` so that the suite does not collect it on the large screen; run it
alone with ``QT_QPA_PLATFORM=offscreen:configfile=tests/offscreen-small-screen.json
pytest tests/ui/small_screen_checks.py``.

Each window must lie within the screen's available area, its layout must not be squeezed
below the size its content needs, and its buttons (and the main window's status bar) must
be wholly visible. With ESCADESK_SCREENSHOTS=folder each window is also saved as a PNG.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QAction, QRegion
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QSizePolicy,
    QWidget,
)
from pytestqt.qtbot import QtBot
from uihelpers import make_services, unlock

from escadesk.app import Services
from escadesk.services.demo import DEMO_PASSPHRASE
from escadesk.ui.main_window import MainWindow
from escadesk.ui.style import apply_style

#: The screen these checks need, in the form QT_QPA_PLATFORM takes it.
SMALL_SCREEN = Path(__file__).parents[1] / "offscreen-small-screen.json"
PLATFORM = f"offscreen:configfile={SMALL_SCREEN}"
WIDTH, HEIGHT = 1280, 720
DECISION_DAY = datetime(2018, 10, 2, 9, 0, tzinfo=ZoneInfo("America/Toronto"))
ANDES = "Andes AgriFood Alliance"  # no card authorization in the demo
NORTHSHORE = "Northshore Photonics Cluster"  # complete, card in the vault
LAKESIDE = "Lakeside Clean Energy Cluster"  # card authorization only, no form

Opener = Callable[[MainWindow], QWidget | None]


@pytest.fixture
def small_screen(qapp: QApplication) -> QRect:
    """The screen's available area, which must be the small one (else: wrong process)."""
    area = qapp.primaryScreen().availableGeometry()
    if (area.width(), area.height()) != (WIDTH, HEIGHT):
        pytest.fail(
            f"The screen is {area.width()}×{area.height()}: run this module in its own "
            f"process with QT_QPA_PLATFORM={PLATFORM} (tests/ui/test_small_screen.py does)."
        )
    return area


@pytest.fixture
def services(demo_services: Services) -> Services:
    return demo_services  # tests/ui/conftest.py


def _shown(qtbot: QtBot, qapp: QApplication, services: Services) -> MainWindow:
    """The window as it opens: its own size (no resize here), behind the vault's page."""
    apply_style(qapp)
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def locked(qtbot: QtBot, qapp: QApplication, small_screen: QRect, services: Services) -> MainWindow:
    """The demo desk as it opens: on the unlock page."""
    return _shown(qtbot, qapp, services)


@pytest.fixture
def window(qtbot: QtBot, locked: MainWindow) -> MainWindow:
    """The demo desk unlocked."""
    unlock(qtbot, locked)
    return locked


# -- what "fits" means ---------------------------------------------------------------------


def _screenshot(widget: QWidget, name: str) -> None:
    folder = os.environ.get("ESCADESK_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(folder) / f"{name}.png"))


def _scrolled(widget: QWidget, window: QWidget) -> bool:
    """Whether ``widget`` lies inside a scroll area (where being scrolled away is fine)."""
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def _bottom_controls(window: QWidget) -> list[QWidget]:
    """The buttons outside scroll areas (button boxes, a wizard's Back/Next/Close) and a
    main window's status bar: what must always be on screen."""
    controls: list[QWidget] = [
        button
        for button in window.findChildren(QAbstractButton)
        if button.window() is window
        and button.isVisibleTo(window)
        and not _scrolled(button, window)
        and (isinstance(button.parentWidget(), QDialogButtonBox) or isinstance(window, QDialog))
    ]
    if isinstance(window, QMainWindow):
        controls.append(window.statusBar())
    return controls


def _squeezed(window: QWidget) -> list[str]:
    """The fields and labels given less height than they need (overlapping rows: what a
    layout does when its container is too small and nothing scrolls)."""
    found = []
    for widget in window.findChildren(QWidget):
        if (
            widget.window() is window
            and widget.isVisibleTo(window)
            and isinstance(
                widget, (QLabel, QLineEdit, QAbstractSpinBox, QComboBox, QAbstractButton)
            )
            and not widget.objectName().startswith("qt_")
            and widget.sizePolicy().verticalPolicy() is not QSizePolicy.Policy.Ignored
            and widget.height() + 1 < widget.minimumSizeHint().height()
        ):
            text = getattr(widget, "text", lambda: "")()
            found.append(f"{type(widget).__name__} {text[:30]!r} {widget.height()} px")
    return found


def _record_opened(window: QWidget) -> None:
    """Name the window's class in ESCADESK_OPENED (if set): the parent test checks that
    every window class of the app was opened here."""
    record = os.environ.get("ESCADESK_OPENED")
    if record:
        with open(record, "a", encoding="utf-8") as file:
            file.write(f"{type(window).__module__}.{type(window).__name__}\n")


def fit_problems(window: QWidget, name: str) -> list[str]:
    """What of ``window`` does not fit the screen (empty when all of it does)."""
    QApplication.processEvents()
    _record_opened(window)
    area = window.screen().availableGeometry()
    frame = window.frameGeometry()
    problems = []
    if frame.width() > area.width() or frame.height() > area.height():
        problems.append(
            f"{name}: {frame.width()}×{frame.height()} is larger than the screen's "
            f"{area.width()}×{area.height()}"
        )
    elif not area.contains(frame):
        problems.append(f"{name}: placed at {frame.x()},{frame.y()}, partly off the screen")
    layout = window.layout()
    if layout is not None:
        needed = layout.totalMinimumSize()
        if needed.width() > window.width() or needed.height() > window.height():
            problems.append(
                f"{name}: squeezed: its content needs {needed.width()}×{needed.height()}, "
                f"it has {window.width()}×{window.height()}"
            )
    squeezed = _squeezed(window)
    if squeezed:
        problems.append(f"{name}: squeezed below the height they need: {', '.join(squeezed)}")
    for control in _bottom_controls(window):
        label = control.text() if isinstance(control, QAbstractButton) else "status bar"
        on_screen = QRect(control.mapToGlobal(QPoint(0, 0)), control.size())
        hidden = QRegion(control.rect()).subtracted(control.visibleRegion())
        if not area.contains(on_screen):
            problems.append(f"{name}: {label!r} is off the screen at {on_screen.getRect()}")
        elif not hidden.isEmpty():
            problems.append(f"{name}: {label!r} is cut off ({hidden.boundingRect().getRect()})")
    return problems


def _open_dialogs(window: MainWindow) -> list[QDialog]:
    """The dialogs open over the window, innermost (a file chooser) last."""
    dialogs = [
        widget
        for widget in QApplication.topLevelWidgets()
        if isinstance(widget, QDialog) and widget.isVisible()
    ]

    def depth(widget: QWidget) -> int:
        count, parent = 0, widget.parentWidget()
        while parent is not None:
            count, parent = count + 1, parent.parentWidget()
        return count

    return sorted(dialogs, key=depth)


def _close_all(qtbot: QtBot, window: MainWindow) -> None:
    for dialog in reversed(_open_dialogs(window)):
        if dialog.isVisible():
            dialog.done(int(QDialog.DialogCode.Rejected))
    qtbot.waitUntil(lambda: not _open_dialogs(window))


def check_each(qtbot: QtBot, window: MainWindow, openers: dict[str, Opener]) -> list[str]:
    """Open each dialog (and what it opens at once, such as a file chooser), check that
    it fits, close it; returns every problem found."""
    problems: list[str] = []
    for name, open_ in openers.items():
        opened = open_(window)
        qtbot.waitUntil(lambda: bool(_open_dialogs(window)), timeout=10000)
        if opened is not None:
            qtbot.waitUntil(opened.isVisible)
        for index, dialog in enumerate(_open_dialogs(window)):
            label = name if index == 0 else f"{name} > {dialog.windowTitle()}"
            problems += fit_problems(dialog, label)
            print(f"{label}: {dialog.frameGeometry().width()}×{dialog.frameGeometry().height()}")
            _screenshot(dialog, label.replace(" > ", "--").replace(" ", "_"))
        _close_all(qtbot, window)
    return problems


# -- how each dialog is opened ---------------------------------------------------------------


def _registration(window: MainWindow, organization: str) -> int:
    assert window.workshop is not None
    rows = window.services.registrations.list(window.workshop.id)
    return next(row.id for row in rows if row.organization == organization)


def command(window: MainWindow, text: str) -> QAction:
    """The menu command whose text starts with ``text`` (mnemonics and "…" ignored): the
    dialogs are opened the way the director opens them."""
    menus = [action.menu() for action in window.menuBar().actions() if action.menu()]
    while menus:
        menu = menus.pop()
        assert isinstance(menu, QMenu)
        for action in menu.actions():
            if action.menu() is not None:
                menus.append(action.menu())
            elif action.text().replace("&", "").startswith(text):
                return action
    raise LookupError(f"No menu command {text!r}")


def _trigger(text: str, organization: str | None = None) -> Opener:
    """Select ``organization`` (if any) on the desk and run the menu command ``text``."""

    def open_(window: MainWindow) -> QWidget | None:
        if organization is not None:
            window.select_registration(_registration(window, organization))
        action = command(window, text)
        assert action.isEnabled(), f"{text!r} is disabled ({organization})"
        action.trigger()
        return None

    return open_


def _once(opener: Opener, ready: Callable[[Any], bool]) -> Opener:
    """``opener``, then wait until its dialog is ``ready`` (background work shown)."""

    def open_(window: MainWindow) -> QWidget | None:
        opener(window)
        QApplication.processEvents()
        dialog = _open_dialogs(window)[0]
        _wait_for(lambda: ready(dialog))
        return None

    return open_


def _wait_for(condition: Callable[[], bool], seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting for a dialog"
        QApplication.processEvents()
        time.sleep(0.01)


def _wizard_page(page: int) -> Opener:
    """The decision wizard, moved on to ``page`` with its Next button."""

    def open_(window: MainWindow) -> QWidget | None:
        from escadesk.ui.decision_wizard import DecisionWizard

        command(window, "Decision").trigger()
        (wizard,) = [d for d in _open_dialogs(window) if isinstance(d, DecisionWizard)]
        for _ in range(page):
            wizard.next_button.click()
        return wizard

    return open_


def _delegate_list(window: MainWindow) -> Path:
    """A long delegate list with faults: the preview's lists and table at their fullest."""
    path = window.services.config.data_dir.parent / "delegates.csv"
    rows = ["E-mail,Name,Organization,Country"]
    rows += [f"person{n}@cluster{n}.example,Person {n},Cluster {n},Canada" for n in range(80)]
    rows += [f"broken{n}@,Broken {n},Cluster,Canada" for n in range(12)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _web_form_export(window: MainWindow) -> Path:
    """A long web-form export with faults: the columns, problems and table at their fullest."""
    path = window.services.config.data_dir.parent / "responses.csv"
    rows = [
        "Timestamp,Email Address,Name of your cluster organization,Country,"
        "Which of ESCA's technology areas fits your cluster best?,Your full name,"
        "Your title / position,Phone"
    ]
    rows += [
        f"2018/09/12 3:{n:02d}:15 PM GMT-4,person{n}@cluster{n}.example,Cluster {n},Canada,"
        f"ICT,Person {n},Manager,+1 416 555 01{n:02d}"
        for n in range(80)
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _returned_form(kind: str) -> Opener:
    """Registration > Open a returned form… on a filled-in form of ``kind``: the dialog it
    opens for review (the card dialog with its notes and the PDF as its scan)."""

    def open_(window: MainWindow) -> QWidget | None:
        from PySide6.QtWidgets import QFileDialog

        from returned_forms_kit import CARD_VALUES, fill

        assert window.workshop is not None
        folder = window.services.config.data_dir.parent / "returned"
        blank = dict(
            zip(
                ("registration", "card"),
                window.services.forms.write_blank(window.workshop.id, folder / "blank"),
                strict=True,
            )
        )
        if kind == "registration":
            values = {
                "organization": "Pearl River ICT Cluster",
                "country": "China",
                "technology_area": "Biotechnology",
                "contact_name": "Wei Chen",
                "contact_email": "wei.chen@prict.example",
            }
            pdf = fill(blank["registration"].read_bytes(), values)
        else:  # unsigned and undated: the notes at their longest
            named = ANDES if kind == "card" else "Somewhere Else Cluster"
            values = {**CARD_VALUES, "organization": named, "signature": "", "signed_on": "x"}
            pdf = fill(blank["card"].read_bytes(), values)
        path = folder / f"{kind}.pdf"
        path.write_bytes(pdf)
        command(window, "Open a returned form").trigger()
        (chooser,) = [d for d in _open_dialogs(window) if isinstance(d, QFileDialog)]
        chooser.selectFile(str(path))
        chooser.accept()
        _wait_for(lambda: bool(_open_dialogs(window)))
        return None

    return open_


def _filled_survey(window: MainWindow, problems: bool) -> Path:
    """Northshore's survey template filled in: every answer changed (the unchanged ones
    shown too), or a dozen faulty answers (the problems at their fullest)."""
    from survey_template_kit import fill

    benchmarking = window.services.benchmarking
    path = window.services.config.data_dir.parent / f"survey-{problems}.xlsx"
    benchmarking.write_template(_registration(window, NORTHSHORE), path)
    codes = benchmarking.catalogue().codes
    return fill(path, {code: "about forty" if problems else None for code in codes[:12]})


def _survey_answers(problems: bool) -> Opener:
    def read(window: MainWindow, dialog: Any) -> None:
        dialog.show_unchanged.setChecked(True)
        dialog.read(_filled_survey(window, problems))

    return _once(
        _child(_trigger("Import survey answers"), read),
        lambda d: not d.is_busy and d.preview is not None,
    )


def _paper_dispose(window: MainWindow) -> None:
    """The paper forms with one received, and its disposal dialog over them."""
    from escadesk.services.paper import Channel, PaperKind

    paper = window.services.paper.record_received(
        _registration(window, NORTHSHORE),
        PaperKind.CARD_AUTHORIZATION,
        Channel.MAIL,
        date(2018, 9, 8),
    )
    _trigger("Paper forms")(window)
    QApplication.processEvents()
    dialog = _open_dialogs(window)[0]
    dialog.select(paper)  # type: ignore[attr-defined]
    dialog.open_dispose()  # type: ignore[attr-defined]


def _audit_log(window: MainWindow) -> None:
    """The audit-log viewer (Workshop > Audit log…), through the function the menu calls."""
    from escadesk.ui.audit_dialog import open_audit_log

    open_audit_log(window)


def _restore(window: MainWindow) -> QWidget:
    from escadesk.ui.data_care import RestoreDialog

    window.services.backups.back_up()
    dialog = RestoreDialog(window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def _child(parent_opener: Opener, open_child: Callable[[MainWindow, Any], object]) -> Opener:
    """A dialog opened from another one (the outer one stays open under it)."""

    def open_(window: MainWindow) -> QWidget | None:
        parent_opener(window)
        QApplication.processEvents()
        open_child(window, _open_dialogs(window)[0])
        return None

    return open_


BEFORE_THE_DECISION: dict[str, Opener] = {
    "new_registration": _trigger("New registration"),
    "edit_registration": _trigger("Edit registration", NORTHSHORE),
    "new_workshop": _trigger("New workshop"),
    "edit_workshop": _trigger("Edit workshop"),
    "delegate_import": _trigger("Import delegate list"),
    "delegate_import_previewed": _once(
        _child(_trigger("Import delegate list"), lambda w, d: d.start_preview(_delegate_list(w))),
        lambda d: not d.is_busy and d.preview is not None,
    ),
    "registration_import": _trigger("Import registrations from a web form"),
    "registration_import_previewed": _once(
        _child(
            _trigger("Import registrations from a web form"),
            lambda w, d: d.start_reading(_web_form_export(w)),
        ),
        lambda d: not d.is_busy and d.preview is not None,
    ),
    "returned_registration_form": _returned_form("registration"),
    "returned_card_form": _returned_form("card"),
    "returned_card_form_which_registration": _returned_form("unmatched"),
    "blank_forms": _trigger("Blank forms"),
    "invitation_emails": _trigger("Invitation e-mails"),
    "form_received": _trigger("Registration form received", LAKESIDE),
    "card_authorization": _trigger("Card authorization received", ANDES),
    "reveal_card": _trigger("Reveal card", NORTHSHORE),
    "withdraw": _trigger("Withdraw", NORTHSHORE),
    "erase_card": _trigger("Erase card authorization", NORTHSHORE),
    "export_personal_data": _trigger("Export everything about", NORTHSHORE),
    "erase_personal_data": _trigger("Erase this organization", NORTHSHORE),
    "change_passphrase": _trigger("Change passphrase"),
    "settings": _trigger("Settings"),
    "decision_preview": _wizard_page(0),
    "certificates": _trigger("Certificates of destruction"),
    "paper_forms": _trigger("Paper forms"),
    "paper_forms_add": _child(_trigger("Paper forms"), lambda _w, d: d.open_add()),
    "paper_forms_dispose": _paper_dispose,
    "audit_log": _audit_log,
    "export_roster": _trigger("Export roster"),
    "export_finance": _trigger("Export finance"),
    "pitch_order": _trigger("Pitch order"),
    "letters": _trigger("Letters"),
    "benchmarking": _once(_trigger("Benchmarking", NORTHSHORE), lambda d: d.page.data),
    "benchmarking_services_area": _once(
        _child(_trigger("Benchmarking", NORTHSHORE), lambda _w, d: d.page.views.setCurrentIndex(4)),
        lambda d: d.page.data,
    ),
    "questionnaire": _trigger("Questionnaire", NORTHSHORE),
    "benchmarking_report": _trigger("Benchmarking report", NORTHSHORE),
    "benchmarking_reports": _trigger("Reports for all participants"),
    "survey_template": _trigger("Survey template…", NORTHSHORE),
    "survey_templates": _trigger("Survey templates for all"),
    "survey_answers": _trigger("Import survey answers"),
    "survey_answers_changes": _survey_answers(problems=False),
    "survey_answers_problems": _survey_answers(problems=True),
    "reference_sets": _trigger("Reference sets"),
    "reference_import": _child(_trigger("Reference sets"), lambda _w, d: d.open_import()),
    "restore_backup": _restore,
}


def _decision_day(window: MainWindow) -> None:
    """Andes' authorization makes 4, and the deadline has passed: the wizard can decide."""
    window.services.registrations.record_authorization(_registration(window, ANDES))
    window.services.clock.set(DECISION_DAY)
    window.refresh()


DECISION_DAY_PAGES: dict[str, Opener] = {
    "decision_registrations": _wizard_page(0),
    "decision_outcome": _wizard_page(1),
    "decision_confirm": _wizard_page(2),
}

AFTER_THE_DECISION: dict[str, Opener] = {
    "decision_taken": _wizard_page(0),
    "record_charge": _trigger("Record charge", NORTHSHORE),
    "invoices_and_refunds": _trigger("Invoices and refunds"),
    "letters_after_the_decision": _trigger("Letters"),
    "letters_send": _child(_trigger("Letters"), lambda _w, d: d.ask_smtp()),
    "certificates_after_the_decision": _trigger("Certificates of destruction"),
}


# -- the checks ------------------------------------------------------------------------------


def test_small_screen_main_window_fits(
    qtbot: QtBot, qapp: QApplication, small_screen: QRect, locked: MainWindow, tmp_path: Path
) -> None:
    """The first run's set-up page, the unlock page, then the desk."""
    first_run = make_services(tmp_path / "first run")
    try:
        set_up = _shown(qtbot, qapp, first_run)
        problems = fit_problems(set_up, "main window, first run")
        set_up.close()
    finally:
        first_run.close()
    problems += fit_problems(locked, "main window, locked")
    unlock(qtbot, locked)
    _screenshot(locked, "main_window")
    problems += fit_problems(locked, "main window")
    assert not problems, "\n".join(problems)


def test_small_screen_decision_day_fits(qtbot: QtBot, window: MainWindow) -> None:
    """The wizard's pages on decision day, its last page after confirming, and the desk
    and its dialogs once the workshop proceeds."""
    from escadesk.ui.decision_wizard import DecisionWizard

    _decision_day(window)
    problems = check_each(qtbot, window, DECISION_DAY_PAGES)
    _wizard_page(2)(window)
    (wizard,) = [d for d in _open_dialogs(window) if isinstance(d, DecisionWizard)]
    qtbot.keyClicks(wizard.passphrase, DEMO_PASSPHRASE)
    wizard.confirm_button.click()
    _wait_for(
        lambda: wizard.pages.currentIndex() == wizard.DONE and wizard.close_button.isEnabled()
    )
    problems += fit_problems(wizard, "decision_done")
    _screenshot(wizard, "decision_done")
    _close_all(qtbot, window)
    window.refresh()
    problems += fit_problems(window, "main window after the decision")
    _screenshot(window, "main_window_after_the_decision")
    problems += check_each(qtbot, window, AFTER_THE_DECISION)
    assert not problems, "\n".join(problems)


def test_small_screen_dialogs_before_the_decision_fit(qtbot: QtBot, window: MainWindow) -> None:
    problems = check_each(qtbot, window, BEFORE_THE_DECISION)
    assert not problems, "\n".join(problems)


def test_small_screen_organization_column_stays_when_scrolled_right(
    qtbot: QtBot, window: MainWindow
) -> None:
    """Every column shown: the table scrolls sideways, and the Organization column stays
    where it was, pixel for pixel, with the names in it."""
    desk = window.desk
    table = desk.table
    for title in desk.columns.hidden():
        desk.columns.set_shown(title, True)
    QApplication.processEvents()
    bar = table.horizontalScrollBar()
    assert bar.maximum() > 0, "all columns shown, the table should scroll sideways"
    header = table.horizontalHeader().height()
    names = QRect(0, 0, table.columnWidth(0), header + table.viewport().height())
    before = table.grab(names).toImage()
    bar.setValue(bar.maximum())
    QApplication.processEvents()
    _screenshot(window, "main_window_scrolled_right")
    assert table.frozen.isVisible()
    assert table.frozen.geometry().width() >= table.columnWidth(0)
    assert table.grab(names).toImage() == before
    first = table.frozen.visualRect(desk.proxy.index(0, 0))
    assert table.frozen.viewport().rect().contains(first)
    assert desk.proxy.index(0, 0).data() == "Andes AgriFood Alliance"
    # The rightmost column is in view beside it.
    last = max(c for c in range(desk.proxy.columnCount()) if not table.isColumnHidden(c))
    right = table.visualRect(desk.proxy.index(0, last))
    assert right.right() <= table.viewport().width() + 1
    assert right.left() >= table.columnWidth(0)
