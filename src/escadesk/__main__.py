"""``escadesk`` / ``python -m escadesk``: parse options, show the desk, open the data.

Qt is imported only once the options are understood, so ``--version`` and ``--help`` are
instant and work without a display; the database layer is opened in the background while
the window is already on screen.

``--self-test`` runs the end-to-end check every built bundle must pass (escadesk.self_test).
With ``ESCADESK_FIRST_PAINT_FILE`` set, the app appends ``time.monotonic()`` to that file
when its main window first paints, then exits: how bench/bundle.py times a frozen app's
cold start (a windowed Windows app has no standard output to print it to).

Exit codes: 0 closed normally; 1 a system library Qt needs is missing (on Linux: standard
error names the Debian/Ubuntu packages, see escadesk.qt_libraries); 2 a usage error, or
the data could not be opened (the window says why: e.g. another escadesk has it open).
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from escadesk import __version__

FIRST_PAINT_FILE = "ESCADESK_FIRST_PAINT_FILE"
MISSING_LIBRARY = 1
_probes: list[object] = []  # keeps the first-paint probe alive


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="escadesk",
        description="Run a quorum-based benchmarking workshop: registrations, card "
        "authorizations, decision day, Excel and reports.",
    )
    parser.add_argument("--version", action="version", version=f"escadesk {__version__}")
    parser.add_argument(
        "--data-dir",
        type=Path,
        help="folder for the database, backups and settings (default: the user data folder; "
        "also ESCADESK_DATA_DIR)",
    )
    parser.add_argument(
        "--database-url",
        help="any SQLAlchemy URL instead of the SQLite file in the data folder "
        "(also ESCADESK_DATABASE_URL)",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open a demo: an empty data folder gets the announcement's workshop with "
        "fictional organizations (without --data-dir, a separate demo folder is used)",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check this installation end to end without a display (temporary data, test "
        "card), print one line per check and exit 0 only if all passed",
    )
    parser.add_argument(
        "--self-test-report",
        type=Path,
        metavar="FILE",
        help="also write the self-test's lines to FILE",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    options = parse_args(argv)
    if options.self_test:
        from escadesk.self_test import run_self_test

        return run_self_test(report=options.self_test_report)
    # No cycle collection on the way to the first paint (issue 17): importing Qt and the
    # window's modules and building the window allocate ~100,000 objects that live as long
    # as the process, and 40-50 collections walked them again (5-20 ms). Turned back on
    # once the window has painted (ui/application.py), and when this returns.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _show_window(options)
    finally:
        if collecting:
            gc.enable()


def _show_window(options: argparse.Namespace) -> int:
    from escadesk.config import AppConfig

    if TYPE_CHECKING:
        from escadesk.app import Services

    config = AppConfig.resolve(options.data_dir, options.database_url, demo=options.demo)

    def open_services(chosen: AppConfig) -> Services:
        # Here, in the background after the first paint: escadesk.app names every
        # service (a 20-field dataclass, datetime), not needed before it (issue 17).
        from escadesk.app import build_services

        services = build_services(chosen, opened_by="window")
        if options.demo:
            from escadesk.demo_opening import open_demo

            open_demo(services)
        return services

    try:
        from escadesk.ui.application import platform_problem, run
    except ImportError as error:
        return _missing_library(error)
    problem = platform_problem()
    if problem is not None:
        print(problem, file=sys.stderr)
        return MISSING_LIBRARY
    stamp_file = os.environ.get(FIRST_PAINT_FILE)
    if stamp_file:
        _exit_at_first_paint(Path(stamp_file))
    # --demo seeds a vault into a new folder: no set-up page before the data is open.
    return run(config, open_services, early_set_up=not options.demo)


def _missing_library(error: ImportError) -> int:
    """A Qt without its system libraries: one paragraph naming the packages, not a
    traceback; any other import error is a bug and keeps its traceback."""
    from escadesk.qt_libraries import advice, error_text

    paragraph = advice(error_text(error))
    if paragraph is None:
        raise error
    print(paragraph, file=sys.stderr)
    return MISSING_LIBRARY


def _exit_at_first_paint(stamp_file: Path) -> None:
    """For start-up benchmarks of a built app: note the first paint of the main window
    (the moment bench/startup.py measures for the development checkout) and exit."""
    import time

    from PySide6.QtCore import QEvent, QObject

    from escadesk.ui.application import make_application
    from escadesk.ui.main_window import MainWindow

    class FirstPaint(QObject):
        """Watches the whole app only until the main window appears (its first child),
        then that window alone: a Python call per event of every widget would slow the
        start it measures."""

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if isinstance(watched, MainWindow) and self.parent() is app:
                app.removeEventFilter(self)
                self.setParent(watched)
                watched.installEventFilter(self)
            if event.type() == QEvent.Type.Paint and isinstance(watched, MainWindow):
                with stamp_file.open("a", encoding="ascii") as handle:
                    handle.write(f"{time.monotonic():.6f}\n")
                os._exit(0)
            return False

    app = make_application(first_paint_style=True)  # as run() makes it
    probe = FirstPaint(app)
    _probes.append(probe)
    app.installEventFilter(probe)


if __name__ == "__main__":
    sys.exit(main())
