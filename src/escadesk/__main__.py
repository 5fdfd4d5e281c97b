"""``escadesk`` / ``python -m escadesk``: parse options, show the desk, open the data.

Qt is imported only once the options are understood, so ``--version`` and ``--help`` are
instant and work without a display; the database layer is opened in the background while
the window is already on screen.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from escadesk import __version__


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
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    options = parse_args(argv)
    from escadesk.app import AppConfig, Services, build_services

    config = AppConfig.resolve(options.data_dir, options.database_url, demo=options.demo)

    def open_services() -> Services:
        services = build_services(config)
        if options.demo and not services.workshops.list():
            from escadesk.app import KEYCHAIN_SETTING, choose_keychain
            from escadesk.services.clock import FixedClock
            from escadesk.services.demo import DEMO_PASSPHRASE, DEMO_TODAY, seed_demo

            # The demo holds test cards only: its device key may live in its own folder.
            services.settings.set(KEYCHAIN_SETTING, "file")
            keychain = choose_keychain(config, "file")
            assert keychain is not None
            services.vault.use_keychain(keychain)
            services.context.clock = FixedClock(DEMO_TODAY)
            seed_demo(services, vault_passphrase=DEMO_PASSPHRASE)
        return services

    from escadesk.ui.application import run

    return run(config, open_services)


if __name__ == "__main__":
    sys.exit(main())
