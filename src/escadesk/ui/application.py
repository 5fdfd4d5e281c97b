"""Start the desk: one QApplication, the style, the main window."""

from __future__ import annotations

import sys
from collections.abc import Callable

from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QApplication

from escadesk import __version__
from escadesk.app import AppConfig, Services
from escadesk.ui.main_window import MainWindow
from escadesk.ui.style import apply_style
from escadesk.ui.workers import run_in_background


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


def run(config: AppConfig, open_services: Callable[[], Services]) -> int:
    """Show the window at once; open (migrate, seed) the data in the background.

    Returns the exit code; the services opened are closed before returning.
    """
    app = make_application()
    window = MainWindow(data_dir=config.data_dir)
    window.show()
    opened: list[Services] = []
    failure: list[str] = []

    def attach(services: Services) -> None:
        opened.append(services)
        if window.isVisible():
            window.attach(services)

    def failed(error: Exception) -> None:
        failure.append(str(error))
        window.show_opening_failure(
            f"escadesk could not open its data.\n\n{error}\n\nData folder: {config.data_dir}"
        )

    # Start opening only once the window is on screen: importing the database layer in a
    # thread would otherwise compete with the first paint for the interpreter.
    window.first_painted.connect(
        lambda: run_in_background(lambda _progress: open_services(), attach, failed)
    )
    try:
        code = app.exec()
    finally:
        QThreadPool.globalInstance().waitForDone()
        for services in opened:
            services.close()
    return 2 if failure else code
