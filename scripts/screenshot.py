"""Render the README screenshot: the real desk with the demo data, offscreen.

    python3 run.py python scripts/screenshot.py [docs/screenshot.png]

The window is unlocked the way the director does it (passphrase typed on the unlock
page); the vault uses a throw-away in-memory keychain.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> None:
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshot.png")
    from escadesk.app import AppConfig, build_services
    from escadesk.services.clock import FixedClock
    from escadesk.services.demo import DEMO_PASSPHRASE, DEMO_TODAY, seed_demo
    from escadesk.ui.application import make_application
    from escadesk.ui.main_window import MainWindow
    from escadesk.vault.keychain import MemoryKeychain

    app = make_application()

    def settle(until: object, seconds: float = 20) -> None:
        deadline = time.monotonic() + seconds
        while not until() and time.monotonic() < deadline:  # type: ignore[operator]
            app.processEvents()
            time.sleep(0.02)

    with tempfile.TemporaryDirectory() as folder:
        # The demo's own folder under a throw-away home: the status bar then shows
        # "~/.local/share/escadesk/demo", as on a director's machine, not a temporary path.
        os.environ["HOME"] = folder
        os.environ["XDG_DATA_HOME"] = str(Path(folder) / ".local" / "share")
        services = build_services(
            AppConfig.resolve(demo=True),
            clock=FixedClock(DEMO_TODAY),
            keychain=MemoryKeychain(),
        )
        seed_demo(services, vault_passphrase=DEMO_PASSPHRASE)
        window = MainWindow(services)
        window.resize(1280, 720)  # the smallest screen the desk is made for
        window.show()
        page = window.vault_page
        settle(lambda: page.passphrase.isEnabled())
        page.passphrase.setText(DEMO_PASSPHRASE)
        page.submit()
        settle(lambda: window.unlocked)
        rows = services.registrations.list(window.workshop.id)
        window.select_registration(next(r.id for r in rows if r.organization.startswith("Rhine")))
        settle(lambda: False, 0.3)
        target.parent.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(target))
        window.close()
        services.close()
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
