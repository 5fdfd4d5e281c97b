"""Render the README screenshot: the real desk with the demo data, offscreen.

uv run python scripts/screenshot.py [docs/screenshot.png]
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> None:
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshot.png")
    from escadesk.app import AppConfig, build_services
    from escadesk.services.clock import FixedClock
    from escadesk.services.demo import DEMO_TODAY, seed_demo
    from escadesk.ui.application import make_application
    from escadesk.ui.main_window import MainWindow

    app = make_application()
    with tempfile.TemporaryDirectory() as folder:
        services = build_services(AppConfig.resolve(Path(folder)), clock=FixedClock(DEMO_TODAY))
        seed_demo(services)
        window = MainWindow(services)
        window.resize(1360, 820)
        window.show()
        rows = services.registrations.list(window.workshop.id)
        window.select_registration(next(r.id for r in rows if r.organization.startswith("Rhine")))
        for _ in range(5):
            app.processEvents()
        target.parent.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(target))
        window.close()
        services.close()
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
