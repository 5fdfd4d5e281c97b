"""A demo data folder made once by ``escadesk-cli --demo`` itself, copied for each test
that damages, fills or locks it (issue 15's fault tests and the Hypothesis run)."""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from escadesk import cli
from escadesk.vault import kdf
from postgres_server import copy_database, fresh_database, server_url


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str | None]]:
    """The demo as ``escadesk-cli --demo --data-dir X workshops`` creates it (its device key
    in X/keys, its clock at 28 Sep 2018). Made outside any test's own home folders, so
    they are pointed at a folder of this fixture's, as the suite's autouse fixture does.
    On a PostgreSQL server (tests/postgres_server.py) its database is one of its own,
    which ``demo`` copies as it copies the folder."""
    base = tmp_path_factory.mktemp("cli-demo")
    home = base / "home"
    with ExitStack() as stack, pytest.MonkeyPatch.context() as patch:
        database = stack.enter_context(fresh_database()) if server_url() else None
        for variable, folder in {
            "HOME": home,
            "USERPROFILE": home,
            "XDG_DATA_HOME": home / ".local" / "share",
            "XDG_CONFIG_HOME": home / ".config",
            "XDG_CACHE_HOME": home / ".cache",
            "XDG_STATE_HOME": home / ".local" / "state",
            "APPDATA": home / "AppData" / "Roaming",
            "LOCALAPPDATA": home / "AppData" / "Local",
        }.items():
            folder.mkdir(parents=True, exist_ok=True)
            patch.setenv(variable, str(folder))
        patch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
        patch.delenv("ESCADESK_DATA_DIR", raising=False)
        if database is None:
            patch.delenv("ESCADESK_DATABASE_URL", raising=False)
        else:
            patch.setenv("ESCADESK_DATABASE_URL", database)
        patch.setattr(kdf, "calibrate", kdf.fast_test_params)
        folder = base / "demo"
        out = io.StringIO()
        code = cli.main(["--demo", "--data-dir", str(folder), "workshops"], out=out)
        assert code == cli.OK and "TCI2018-BENCH" in out.getvalue()
        yield folder, database


@pytest.fixture
def demo(
    demo_template: tuple[Path, str | None], tmp_path: Path, database_under_test: str | None
) -> Path:
    """This test's own copy of the demo data folder (and of its database on a server)."""
    template, database = demo_template
    folder = tmp_path / "demo"
    shutil.copytree(template, folder)
    if database is not None and database_under_test is not None:
        copy_database(database, database_under_test)
    return folder
