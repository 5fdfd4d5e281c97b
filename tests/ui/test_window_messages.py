"""The window's one way to open dialogs and ask questions (ui/window_messages.py)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from escadesk.ui.main_window import MainWindow


def test_a_question_about_an_irreversible_act_does_not_act_on_enter(
    qtbot: QtBot, window: MainWindow
) -> None:
    done: list[str] = []
    box = window.messages.ask(
        "Erase", "Destroy it?", lambda: done.append("yes"), act="&Erase", irreversible=True
    )
    qtbot.waitExposed(box)
    assert window.active_dialog is box
    assert box.windowModality() == Qt.WindowModality.WindowModal
    default = box.defaultButton()
    assert default is not None and default.text() == "Cancel"
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.active_dialog is None)
    assert done == []


def test_a_question_runs_its_act_on_yes_only(qtbot: QtBot, window: MainWindow) -> None:
    done: list[str] = []
    box = window.messages.ask("Offer", "Offer the place?", lambda: done.append("yes"))
    qtbot.waitExposed(box)
    yes = box.defaultButton()
    assert yes is not None and yes.text() == "&Yes"
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: done == ["yes"])


def test_the_lock_closes_every_dialog_innermost_first(qtbot: QtBot, window: MainWindow) -> None:
    outer = QDialog(window)
    closed: list[str] = []
    outer.finished.connect(lambda _r: closed.append("outer"))
    window.messages.open(outer)
    inner = QFileDialog(outer)
    inner.setOption(QFileDialog.Option.DontUseNativeDialog)
    inner.finished.connect(lambda _r: closed.append("inner"))
    inner.open()
    qtbot.waitExposed(inner)
    window.lock()
    assert closed == ["inner", "outer"]
    assert window.active_dialog is None


def test_messages_carry_their_icon_and_the_status_bar_its_note(
    qtbot: QtBot, window: MainWindow
) -> None:
    for show, icon in (
        (window.messages.inform, QMessageBox.Icon.Information),
        (window.messages.warn, QMessageBox.Icon.Warning),
        (window.messages.alarm, QMessageBox.Icon.Critical),
    ):
        box = show("Title", "Text")
        assert box.icon() is icon and window.active_dialog is box
        box.done(0)
    window.messages.note("Saved.", None)
    assert window.statusBar().currentMessage() == "Saved."
    window.messages.clear_note()
    assert window.statusBar().currentMessage() == ""


def test_a_note_after_the_window_is_gone_is_dropped(qtbot: QtBot) -> None:
    """A file job can finish after its window closed (a returned form deleted while the
    window is torn down): its status note has nowhere to go and must not fail."""
    from PySide6.QtWidgets import QMainWindow
    from shiboken6 import delete

    from escadesk.ui.window_messages import WindowMessages

    shown = QMainWindow()
    messages = WindowMessages(shown)
    messages.note("before")
    assert shown.statusBar().currentMessage() == "before"
    delete(shown)
    messages.note("Deleted form.pdf.")  # raised RuntimeError before
    messages.clear_note()
