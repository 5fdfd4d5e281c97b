"""A lazy start (issue 17): the unlock page appears before the libraries only the desk's
later work needs (workbooks, letters, migrations) are imported.

Each check starts the app in a fresh interpreter, as the director does, and reads
``sys.modules`` the moment the unlock (or set-up) page is ready: in this process the
suite has long imported everything.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from escadesk import __main__ as entry
from escadesk.app import KEYCHAIN_SETTING, AppConfig, build_services
from escadesk.services.clock import FixedClock
from escadesk.services.demo import DEMO_PASSPHRASE, DEMO_TODAY, seed_demo
from escadesk.vault.kdf import fast_test_params
from escadesk.vault.keychain import FileKeychain

#: Not before the unlock page: openpyxl (workbooks), Jinja2 (letters), Alembic (only when
#: a database needs upgrading, which these folders do not), reportlab, pypdf and Pillow
#: (the forms that go out and come back).
NOT_YET = ("openpyxl", "jinja2", "alembic", "reportlab", "pypdf", "PIL")

PAGE_PROBE = """
import json, os, sys
from escadesk import __main__ as entry
from escadesk.ui import main_window

attach = main_window.MainWindow.attach

def attach_and_report(self, services):
    attach(self, services)
    loaded = sorted(sys.modules)
    print(json.dumps({"page": type(self.vault_page).__name__, "modules": loaded}), flush=True)
    os._exit(0)

main_window.MainWindow.attach = attach_and_report
entry.main(["--data-dir", sys.argv[1]])
"""


def _modules_at_the_page(data: Path) -> tuple[str, list[str]]:
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    environment.pop(entry.FIRST_PAINT_FILE, None)
    result = subprocess.run(
        [sys.executable, "-c", PAGE_PROBE, str(data)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=environment,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    return report["page"], report["modules"]


def _of(modules: list[str], names: tuple[str, ...]) -> list[str]:
    return [m for m in modules if m.split(".")[0] in names]


def _demo_folder(folder: Path) -> Path:
    """The demo as ``--demo`` leaves it (vault set up, file keychain, fixed clock), with
    the fast test key derivation."""
    services = build_services(
        AppConfig.resolve(folder),
        clock=FixedClock(DEMO_TODAY),
        keychain=FileKeychain(folder / "keys"),
        kdf_profile=fast_test_params,
    )
    try:
        services.settings.set(KEYCHAIN_SETTING, "file")
        seed_demo(services, vault_passphrase=DEMO_PASSPHRASE)
    finally:
        services.close()
    return folder


def test_the_unlock_page_is_ready_before_workbooks_letters_and_migrations(
    tmp_path: Path,
) -> None:
    page, modules = _modules_at_the_page(_demo_folder(tmp_path / "demo"))
    assert page == "UnlockPage"
    assert _of(modules, NOT_YET) == []
    # The services behind workbooks, letters and benchmarking wait for their first use.
    waiting = ("exports", "notify", "benchmarking", "audit_log")
    assert [m for m in modules if m in {f"escadesk.services.{w}" for w in waiting}] == []


def test_the_first_run_set_up_page_is_ready_without_workbooks_or_letters(
    tmp_path: Path,
) -> None:
    """A new folder's schema is made by the migrations (Alembic), once; nothing else."""
    page, modules = _modules_at_the_page(tmp_path / "new")
    assert page == "SetUpPage"
    assert _of(modules, ("openpyxl", "jinja2")) == []


EARLY_PROBE = """
import json, os, sys
from escadesk import __main__ as entry
from escadesk.ui import main_window

show = main_window.MainWindow.show_early_vault_page

def show_and_report_at_its_paint(self, set_up, demo):
    show(self, set_up, demo)
    page = self.vault_page

    def report():
        hint = getattr(page, "demo_hint", None)
        print(json.dumps({
            "page": type(page).__name__,
            "opened": page.opened,
            "current": self.pages.currentWidget() is page,
            "hint": hint is not None and not hint.isHidden(),
            "modules": sorted(sys.modules),
        }), flush=True)
        os._exit(0)

    page.first_painted.connect(report)  # before the opening's own slot: nothing started

def no_early_page(self, services):  # the page waited for the data: say so, not hang
    print(json.dumps({"page": None, "modules": sorted(sys.modules)}), flush=True)
    os._exit(0)

main_window.MainWindow.show_early_vault_page = show_and_report_at_its_paint
main_window.MainWindow.attach = no_early_page
entry.main(["--data-dir", sys.argv[1]])
"""

#: Not before the early page: the database layer, the vault's cryptography and keychain.
#: Babel formats the desk's dates and money in the user's language (escadesk.i18n imports
#: it on the first formatting): the desk needs it, a page painted before the data must not.
NOT_BEFORE_THE_DATA = ("sqlalchemy", "cryptography", "keyring", "babel", *NOT_YET)


def _early_page(data: Path) -> dict[str, object]:
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    environment.pop(entry.FIRST_PAINT_FILE, None)
    result = subprocess.run(
        [sys.executable, "-c", EARLY_PROBE, str(data)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=environment,
    )
    assert result.returncode == 0, result.stderr
    report: dict[str, object] = json.loads(result.stdout.strip().splitlines()[-1])
    return report


def test_the_unlock_page_paints_before_the_database_layer_is_imported(tmp_path: Path) -> None:
    """Issue 17: the page is drawn from a plain read of the database (the vault is set up;
    the demo's clock, so its hint); the services open behind it."""
    report = _early_page(_demo_folder(tmp_path / "demo"))
    modules = report.pop("modules")
    assert report == {"page": "UnlockPage", "opened": False, "current": True, "hint": True}
    assert isinstance(modules, list)
    assert _of(modules, NOT_BEFORE_THE_DATA) == []


def test_a_new_folder_paints_its_set_up_page_before_the_database_layer(tmp_path: Path) -> None:
    report = _early_page(tmp_path / "new")
    modules = report.pop("modules")
    assert report == {"page": "SetUpPage", "opened": False, "current": True, "hint": False}
    assert isinstance(modules, list)
    assert _of(modules, NOT_BEFORE_THE_DATA) == []


DESK_PROBE = """
import json, sys
from pathlib import Path
from escadesk.app import AppConfig, build_services
from escadesk.services.clock import FixedClock
from escadesk.services.demo import DEMO_PASSPHRASE, DEMO_TODAY
from escadesk.vault.kdf import fast_test_params
from escadesk.vault.keychain import FileKeychain
import escadesk.ui.desk, escadesk.ui.dashboard, escadesk.ui.main_window  # the desk's code

folder = Path(sys.argv[1])
services = build_services(
    AppConfig.resolve(folder),
    clock=FixedClock(DEMO_TODAY),
    keychain=FileKeychain(folder / "keys"),
    kdf_profile=fast_test_params,
)
services.vault.unlock(DEMO_PASSPHRASE)
(workshop,) = services.workshops.list()
services.desk_view.load(workshop.id)
print(json.dumps(sorted(sys.modules)), flush=True)
"""


def test_the_desk_is_shown_without_workbooks_or_letters(tmp_path: Path) -> None:
    """Unlocked, the desk's one read (rows, outlook, phase, letters due) needs neither the
    workbook writer nor the letters' template engine: they load when first used."""
    folder = _demo_folder(tmp_path / "demo")
    result = subprocess.run(
        [sys.executable, "-c", DESK_PROBE, str(folder)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr
    modules = json.loads(result.stdout.strip().splitlines()[-1])
    assert _of(modules, NOT_YET) == []


def test_in_french_the_early_page_paints_before_babel_once_the_catalogue_is_cached(
    tmp_path: Path, monkeypatch
) -> None:
    """Issue 21: a checkout's French catalogue is compiled by Babel once into the cache
    (i18n/catalogue.py); with it cached, the French page paints before Babel's import."""
    from escadesk.i18n import locales
    from escadesk.i18n.catalogue import CACHE_ENV, cached_mo_path, compile_po, po_path

    cache = tmp_path / "catalogues"
    monkeypatch.setenv(CACHE_ENV, str(cache))
    source = po_path("fr_CA").read_bytes()
    cached = cached_mo_path("fr_CA", source)
    cached.parent.mkdir(parents=True)
    cached.write_bytes(compile_po(source, "fr_CA"))
    folder = _demo_folder(tmp_path / "demo")
    locales.write_choice(folder, "fr_CA")
    report = _early_page(folder)
    modules = report.pop("modules")
    assert report == {"page": "UnlockPage", "opened": False, "current": True, "hint": True}
    assert isinstance(modules, list)
    assert _of(modules, NOT_BEFORE_THE_DATA) == []
