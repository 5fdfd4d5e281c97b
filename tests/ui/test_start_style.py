"""The look at start-up without Python wrappers PySide would build enums for (issue 17,
first paint): Fusion from QApplication's own arguments, the workshop picker's size policy
from the style sheet (ui/style.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QComboBox
from pytestqt.qtbot import QtBot

from escadesk.ui.main_window import MainWindow

#: The app as started, stopped at the main window's first paint (its own signal: an
#: application-wide event filter would itself wrap styles and events in Python).
PROBE = """
import os, sys
import PySide6.QtWidgets as widgets
from escadesk import __main__ as entry
from escadesk.ui import main_window

built = main_window.MainWindow.__init__

def watched(self, *args, **kwargs):
    built(self, *args, **kwargs)
    self.first_painted.connect(painted)

def painted():
    wrapped = "QStyle" in vars(widgets)  # read before the line below wraps it
    app = widgets.QApplication.instance()
    app.setStyleSheet("")  # the style beneath the style sheet's
    print("style-wrapped" if wrapped else "style-not-wrapped", app.style().name())
    sys.stdout.flush()
    os._exit(0)

main_window.MainWindow.__init__ = watched
entry.main(["--data-dir", sys.argv[1]])
"""


def test_the_window_paints_in_fusion_without_handing_python_the_style(tmp_path: Path) -> None:
    """``app.setStyle("Fusion")`` returned the style to Python, and PySide built QStyle's
    dozen enums (10-30 ms) before the first paint."""
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    environment.pop("ESCADESK_FIRST_PAINT_FILE", None)
    environment.pop("QT_STYLE_OVERRIDE", None)
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(tmp_path / "data")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=environment,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["style-not-wrapped", "fusion"], result.stderr


def test_the_workshop_picker_is_sized_to_its_contents(
    qapp: QApplication, qtbot: QtBot, tmp_path: Path
) -> None:
    from escadesk.ui.style import apply_style

    apply_style(qapp)
    window = MainWindow(data_dir=tmp_path)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.first_painted):
        window.show()
    # Sized from a sample of labels (ui/workshop_list.py: picker_characters), not by
    # measuring every workshop at each layout.
    policy = window.workshop_picker.sizeAdjustPolicy()
    assert policy == QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
