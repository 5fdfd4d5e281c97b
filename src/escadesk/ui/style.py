"""One look for the whole desk: Fusion, a calm light palette and status colours.

The window shown at start-up sets its two enum properties here (``qproperty-…``) rather
than through ``Qt.AlignmentFlag`` / ``Qt.ToolButtonStyle``: PySide6 creates all ~90 enums
of the ``Qt`` namespace on its first use, 15-25 ms, and the start-up path stays clear of it
until the window has painted (tests/ui/test_startup.py holds this, bench/bundle.py
measures it). For the same reason the app is started with Fusion (``STYLE_ARGUMENTS``)
rather than given it afterwards.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

ACCENT = "#0b6e79"
ACCENT_DARK = "#084f57"
TEXT = "#1f2933"
MUTED = "#5f6b76"
BORDER = "#d5dbe1"
SURFACE = "#ffffff"
WINDOW = "#f3f5f7"
GOOD = "#1e7b34"
WARN = "#a15c00"
BAD = "#b42318"

#: Qt's own start option: Fusion is made in C++ as the application starts. Setting it
#: afterwards (``app.setStyle("Fusion")``) hands Python the ``QStyle``, and PySide then
#: builds its dozen enums (~800 members): 10-30 ms on the way to the first paint.
STYLE_ARGUMENTS = ("-style", "Fusion")

#: The rules of what the window's first paint shows (the window, the opening page's
#: message, the status bar): the start sets these alone, and the rest right after that
#: paint (``complete_style``), which pixel for pixel paints the same, ~3 ms sooner: Qt
#: matches every rule against every widget it polishes (issue 17).
FIRST_PAINT_STYLESHEET = f"""
QMainWindow, QDialog {{ background: {WINDOW}; }}
QLabel#headline, QLabel#openingMessage {{ color: {TEXT}; font-size: 12pt; font-weight: 600; }}
QLabel#openingMessage {{ qproperty-alignment: AlignCenter; }}
QStatusBar {{ background: {SURFACE}; border-top: 1px solid {BORDER}; color: {MUTED}; }}
"""

STYLESHEET = (
    FIRST_PAINT_STYLESHEET
    + f"""
QFrame#card {{
    background: {SURFACE};
    border: 1px solid {BORDER};
    border-radius: 8px;
}}
QLabel#cardTitle {{
    color: {MUTED};
    font-size: 9pt;
    font-weight: 600;
}}
QLabel#muted {{ color: {MUTED}; }}
QLabel#fieldError {{ color: {BAD}; font-size: 9pt; }}
QLabel#fieldWarning {{ color: {WARN}; font-size: 9pt; }}
QLabel#fieldLabel {{ color: {TEXT}; font-weight: 600; }}
QLabel#pageTitle {{ color: {TEXT}; font-size: 16pt; font-weight: 600; }}
QLabel#warningText {{ color: #7a4b00; }}
QLabel#countdown {{ color: {WARN}; font-weight: 600; }}
QLabel#cardMask {{ color: {TEXT}; font-weight: 600; }}
QLabel#brandBadge {{
    color: {ACCENT_DARK}; background: #e3f1f3; border: 1px solid #b9dde1;
    border-radius: 4px; padding: 3px 8px; font-weight: 600;
}}
QLabel#revealedNumber {{ color: {TEXT}; padding: 6px 0; }}
QFrame#warningPanel {{
    background: #fff8e6; border: 1px solid #f0d48a; border-radius: 6px;
}}
QLabel#panelTitle {{ color: #7a4b00; font-weight: 600; }}
QFrame#scanPreview {{
    background: {WINDOW}; border: 1px dashed {BORDER}; border-radius: 6px;
}}
QLabel#banner {{
    background: #fff4d6; color: #7a4b00; border: 1px solid #f0d48a;
    border-radius: 6px; padding: 6px 10px;
}}
QTableView {{
    background: {SURFACE};
    gridline-color: #edf0f3;
    border: 1px solid {BORDER};
    border-radius: 6px;
    selection-background-color: #cfe6e9;
    selection-color: {TEXT};
}}
QHeaderView::section {{
    background: #f7f9fa; color: {MUTED}; font-weight: 600;
    border: none; border-bottom: 1px solid {BORDER}; padding: 6px 8px;
}}
QLineEdit, QPlainTextEdit {{
    padding: 4px 6px; border: 1px solid {BORDER}; border-radius: 4px; background: {SURFACE};
}}
QLineEdit:focus, QPlainTextEdit:focus {{ border-color: {ACCENT}; }}
QLineEdit[invalid="true"], QPlainTextEdit[invalid="true"] {{ border-color: {BAD}; }}
QLineEdit:disabled {{ background: #eef1f4; color: #9aa5b1; }}
QPushButton {{
    padding: 5px 14px; border: 1px solid {BORDER}; border-radius: 4px; background: {SURFACE};
}}
QPushButton:hover {{ border-color: {ACCENT}; }}
QPushButton:default, QPushButton#primary {{
    background: {ACCENT}; color: white; border-color: {ACCENT_DARK};
}}
QPushButton:disabled, QPushButton:default:disabled, QPushButton#primary:disabled {{
    color: #9aa5b1; background: #eef1f4; border-color: {BORDER};
}}
/* One icon rule: no pictures on dialog buttons, on every platform (GNOME and KDE would
   put a floppy on Save, a tick on Yes); the verb on the button says what it does. */
QDialogButtonBox {{ dialogbuttonbox-buttons-have-icons: 0; }}
QToolBar#mainToolbar {{ qproperty-toolButtonStyle: ToolButtonTextOnly; }}
QComboBox#workshopPicker {{ qproperty-sizeAdjustPolicy: AdjustToMinimumContentsLengthWithIcon; }}
QToolBar {{ background: {SURFACE}; border-bottom: 1px solid {BORDER}; spacing: 6px; padding: 4px; }}
"""
)


def apply_style(
    app: QApplication, *, started_with_style: bool = False, first_paint: bool = False
) -> None:
    """The look; ``started_with_style``: the app was made with ``STYLE_ARGUMENTS``;
    ``first_paint``: only the first paint's rules, ``complete_style`` adds the rest."""
    if not started_with_style:
        app.setStyle("Fusion")
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Window, QColor(WINDOW))
    palette.setColor(QPalette.ColorRole.Base, QColor(SURFACE))
    palette.setColor(QPalette.ColorRole.AlternateBase, QColor("#f8fafb"))
    palette.setColor(QPalette.ColorRole.Text, QColor(TEXT))
    palette.setColor(QPalette.ColorRole.WindowText, QColor(TEXT))
    palette.setColor(QPalette.ColorRole.ButtonText, QColor(TEXT))
    palette.setColor(QPalette.ColorRole.Highlight, QColor(ACCENT))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("white"))
    # Hints in empty fields ("MM/YY") are read too: Qt's half-transparent grey is 3.9:1.
    palette.setColor(QPalette.ColorRole.PlaceholderText, QColor(MUTED))
    disabled = QPalette.ColorGroup.Disabled
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(disabled, role, QColor("#9aa5b1"))
    app.setPalette(palette)
    font = QFont(app.font())
    if font.pointSizeF() < 10:
        font.setPointSizeF(10)
    app.setFont(font)
    app.setStyleSheet(FIRST_PAINT_STYLESHEET if first_paint else STYLESHEET)


def complete_style(app: QApplication) -> None:
    """Every rule, after a start that set only the first paint's (``apply_style``)."""
    if app.styleSheet() == FIRST_PAINT_STYLESHEET:
        app.setStyleSheet(STYLESHEET)
