"""The Qt binding keeps Python's reference counts straight.

PySide6 6.12.0 dropped one reference to ``None`` on almost every Qt call that returns
nothing (``setText``, ``show``, ...). On Python 3.11, where ``None`` is an ordinary object,
the app aborted with "Fatal Python error: none_dealloc" after some thousands of calls.
pyproject.toml pins below 6.12 for that reason; this test fails on any binding with the bug.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

CALLS = 500


def test_qt_calls_do_not_leak_references_to_none(qtbot: QtBot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    label.setText("warm-up")
    label.show()
    before = sys.getrefcount(None)
    for _ in range(CALLS):
        label.setText("x")
        label.setVisible(True)
    after = sys.getrefcount(None)
    # A leaky binding loses one reference per call (1,000 here); a sound one stays put.
    assert before - after < CALLS // 10
