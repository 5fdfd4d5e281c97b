"""Start the desk: one QApplication, the style, the main window."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLibraryInfo, QLocale, QThreadPool, QTimer
from PySide6.QtWidgets import QApplication

from escadesk import __version__, qt_libraries
from escadesk.config import AppConfig
from escadesk.i18n import _, locales, set_locale
from escadesk.ui import collector
from escadesk.ui.main_window import MainWindow
from escadesk.ui.qt_translations import qt_translator
from escadesk.ui.style import STYLE_ARGUMENTS, apply_style
from escadesk.ui.workers import run_in_background

if TYPE_CHECKING:
    # The services are built behind the first paint (the database layer is heavy).
    from escadesk.app import Services


def platform_problem() -> str | None:
    """Advice when Qt's platform plugin would abort the process for want of a system
    library (Qt's own failure is a C++ abort no caller can catch); None when it can start.

    Call before the QApplication exists: afterwards it is too late.
    """
    return qt_libraries.xcb_problem(os.environ, sys.platform, _plugin_dirs())


def _plugin_dirs() -> Iterator[Path]:
    """Where Qt looks for plugins, in its order; a generator, so nothing is asked of Qt
    when no check needs it (offscreen, Windows, macOS)."""
    extra = os.environ.get("QT_PLUGIN_PATH", "")
    yield from (Path(folder) for folder in extra.split(os.pathsep) if folder)
    yield Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))


def make_application(
    argv: list[str] | None = None, *, first_paint_style: bool = False
) -> QApplication:
    """The application, styled; ``first_paint_style``: with the first paint's style rules
    only, the main window adds the rest once painted (ui/style.py ``complete_style``)."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication([*(argv if argv is not None else sys.argv[:1]), *STYLE_ARGUMENTS])
    app.setApplicationName("escadesk")
    app.setApplicationDisplayName("escadesk")
    app.setOrganizationName("Institute for Competitiveness & Prosperity")
    app.setApplicationVersion(__version__)
    apply_style(app, started_with_style=True, first_paint=first_paint_style)
    return app


def speak(app: QApplication, data_dir: Path) -> str:
    """Choose the window's language before any of its text is made: the View > Language
    choice, else the system's (i18n/locales.py). In French, Qt's own texts (standard
    buttons, file dialogs, context menus) come from the ``qtbase_fr`` it ships (kept in
    the bundle: installer/bundle_rules.py). Returns the locale."""
    locale = set_locale(locales.resolve(data_dir, system=QLocale.system().name()))
    language = locale.partition("_")[0]
    if language != "en":
        translator = qt_translator(language, app)  # ui/qt_translations.py
        if translator is not None:
            app.installTranslator(translator)
    return locale


#: How long the data waits for the early page to paint before opening anyway.
EARLY_PAGE_PAINT_MS = 250


def run(
    config: AppConfig,
    open_services: Callable[[AppConfig], Services],
    *,
    early_set_up: bool = True,
) -> int:
    """Show the window at once, then the unlock (or set-up) page from a plain read of the
    database (services/first_look.py), and open (migrate, seed) the data in the background
    behind it. Data that cannot be opened gets the recovery page (ui/recovery_flow.py),
    from which a restore or another folder opens it again the same way. ``early_set_up``
    False: a folder without a vault waits for the data (``--demo`` seeds one).

    Returns the exit code; the services opened are closed before returning.
    """
    app = make_application(first_paint_style=True)
    speak(app, config.data_dir)
    window = MainWindow(data_dir=config.data_dir)
    window.show()
    opened: list[Services] = []
    failure: list[str] = []

    def attach(services: Services) -> None:
        failure.clear()
        opened.append(services)
        if window.isVisible():
            window.attach(services)
        # Everything alive now lives as long as the data: frozen out of every later
        # collection, while the unlock page waits for the passphrase (ui/collector.py).
        collector.settle()

    def open_data(chosen: AppConfig) -> None:
        def failed(error: Exception) -> None:
            failure.append(str(error))
            from escadesk.ui.recovery_flow import show_recovery

            if show_recovery(window, chosen, error, open_data) is None:
                window.show_opening_failure(
                    _(
                        "escadesk could not open its data.\n\n{error}\n\nData folder: {folder}"
                    ).format(error=error, folder=chosen.data_dir)
                )

        run_in_background(lambda _progress: open_services(chosen), attach, failed)

    def restore(backup: object) -> None:
        from escadesk.ui.recovery_flow import restore_while_open

        restore_while_open(window, config, backup, open_data)  # type: ignore[arg-type]

    window.restore_requested.connect(restore)
    from escadesk.ui import unexpected

    previous_hook = unexpected.install(lambda: window)
    window.first_painted.connect(collector.resume)  # off since the start (escadesk.__main__)
    window.first_painted.connect(lambda: _start(window, config, open_data, early_set_up))
    try:
        code = app.exec()
    finally:
        sys.excepthook = previous_hook
        QThreadPool.globalInstance().waitForDone()
        for services in opened:
            services.close()
    return 2 if failure else code


def _start(
    window: MainWindow,
    config: AppConfig,
    open_data: Callable[[AppConfig], None],
    early_set_up: bool,
) -> None:
    """At the window's first paint: the vault's page at once if a plain read of the
    database can tell which (services/first_look.py), then open the data. Opening starts
    only once the window and that page are on screen: importing the database layer in a
    thread would otherwise compete with painting them for the interpreter."""
    from escadesk.services.first_look import first_look

    look = first_look(config)
    if look is None or not (look.set_up or early_set_up):
        open_data(config)
        return
    window.show_early_vault_page(look.set_up, look.demo)
    page = window.vault_page
    assert page is not None
    started: list[bool] = []

    def open_once() -> None:
        if not started:
            started.append(True)
            open_data(config)

    page.first_painted.connect(open_once)
    QTimer.singleShot(EARLY_PAGE_PAINT_MS, open_once)  # the window hidden before it painted
