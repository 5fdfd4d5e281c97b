"""Every menu command can be reached from the keyboard by its letter (issue 16, item 4):
each has a mnemonic, and no menu repeats one (the Workshop menu had two P and two N)."""

from __future__ import annotations

import re
from pathlib import Path

from pytestqt.qtbot import QtBot

from escadesk.ui.main_window import MainWindow

MNEMONIC = re.compile(r"&([^&\s])")


def _letters(texts: list[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for text in texts:
        match = MNEMONIC.search(text.replace("&&", ""))
        found.setdefault(match.group(1).lower() if match else "(none)", []).append(text)
    return found


def test_accessible_menus_have_a_mnemonic_each_and_never_twice(
    qtbot: QtBot, qapp, tmp_path: Path
) -> None:
    window = MainWindow(data_dir=tmp_path)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.first_painted):  # the commands fill the menus after it
        window.show()
    menus = [action for action in window.menuBar().actions() if action.menu() is not None]
    assert len(menus) >= 5
    problems = []
    bar = _letters([action.text() for action in menus])
    for menu_action in menus:
        menu = menu_action.menu()
        assert menu is not None
        texts = [a.text() for a in menu.actions() if not a.isSeparator() and a.text()]
        for letter, holders in _letters(texts).items():
            if letter == "(none)" or len(holders) > 1:
                problems.append(f"{menu_action.text()}: {letter} {holders}")
    problems += [f"menu bar: {k} {v}" for k, v in bar.items() if k == "(none)" or len(v) > 1]
    assert problems == []


def test_accessible_registration_fields_have_names_and_their_own_letters(
    qtbot: QtBot, window: MainWindow
) -> None:
    """The registration dialog: 7 of its 9 fields had no accessible name (its labels were
    not buddies). Each field now has a name, a label whose letter moves the focus to it,
    and no letter is used twice in the dialog."""
    from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit

    from escadesk.ui.registration_dialog import FIELDS, RegistrationDialog

    assert window.workshop is not None
    dialog = RegistrationDialog(window.services, window.workshop.id, None, parent=window)
    qtbot.addWidget(dialog)
    captions = {label.buddy(): label for label in dialog.findChildren(QLabel) if label.buddy()}
    letters = []
    for name in FIELDS:
        field = getattr(dialog, name)
        assert isinstance(field, QLineEdit | QComboBox)
        assert field.accessibleName(), name
        assert field in captions, f"{name} has no label of its own"
        match = MNEMONIC.search(captions[field].text())
        assert match, f"{name}'s label has no letter"
        letters.append(match.group(1).lower())
    buttons = [b.text() for b in dialog.buttons.buttons()]
    letters += [m.group(1).lower() for m in map(MNEMONIC.search, buttons) if m]
    assert len(letters) == len(set(letters)), letters
