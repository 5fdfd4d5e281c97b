"""Start the desk: one QApplication, the style, the main window."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QMessageBox

from escadesk import __version__
from escadesk.app import Services
from escadesk.ui.main_window import MainWindow
from escadesk.ui.style import apply_style


def make_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("escadesk")
    app.setApplicationDisplayName("escadesk")
    app.setOrganizationName("Institute for Competitiveness & Prosperity")
    app.setApplicationVersion(__version__)
    apply_style(app)
    return app


def run(services: Services) -> int:
    app = make_application()
    window = MainWindow(services)
    window.show()
    return app.exec()


def show_fatal(title: str, message: str) -> None:
    """A start-up failure the user must read (e.g. a database from a newer version)."""
    make_application()
    QMessageBox.critical(None, title, message)
