"""An error no slot caught becomes one message box in words, never a traceback on
standard error (ui/unexpected.py): a full disk says so, a bug says it is one, and a card
number in an error message is never shown."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from escadesk.disk_space import DiskFullError
from escadesk.permission_refusal import PermissionRefusedError
from escadesk.ui import unexpected


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    said: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda _parent, title, text: said.append((title, text))
    )
    previous = unexpected.install(lambda: None)
    yield said
    sys.excepthook = previous


@pytest.mark.parametrize(
    ("error", "title", "words"),
    [
        (
            DiskFullError(Path("/data")),
            "The disk is full",
            "The disk is full: nothing was saved (/data)",
        ),
        (PermissionError(13, "Permission denied"), "Not done", "The computer refused"),
        (
            PermissionRefusedError("bob", "permission denied for table registration"),
            "Not allowed",
            "Not allowed for the database role “bob”: this role may read and export",
        ),
        (RuntimeError("a bug"), "Something went wrong", "RuntimeError: a bug"),
        (
            ValueError("card 4111 1111 1111 1111 rejected"),
            "Something went wrong",
            "may contain card data",
        ),
    ],
)
def test_a_slot_that_raises_shows_words(
    qtbot: QtBot, qapp, shown: list[tuple[str, str]], error: BaseException, title: str, words: str
) -> None:
    button = QPushButton("Save")
    qtbot.addWidget(button)

    def fail() -> None:
        raise error

    button.clicked.connect(fail)
    button.click()

    ((said_title, said_text),) = shown
    assert said_title == title and words in said_text
    assert "4111" not in said_text
