"""Everything escadesk creates in the data folder is its owner's only, whichever command
created it first (issue 15, item 9): the demo's first run used to leave escadesk's own
folder 0755, and Qt wrote window.ini world-readable. A whole workflow runs under a
permissive umask, then the folder is walked."""

from __future__ import annotations

import io
import os
import stat
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from escadesk import cli
from escadesk.app import default_data_dir
from escadesk.vault import kdf

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")


@pytest.fixture
def permissive_umask() -> Iterator[None]:
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def _cli(*args: str) -> str:
    out = io.StringIO()
    code = cli.main(["--demo", *args], stdin=io.StringIO(), out=out)
    assert code == cli.OK, args
    return out.getvalue()


def test_a_whole_workflow_leaves_only_owner_only_files(
    permissive_umask: None, qtbot: QtBot, qapp, monkeypatch: pytest.MonkeyPatch
) -> None:
    from escadesk.ui.main_window import MainWindow

    monkeypatch.setattr(kdf, "calibrate", kdf.fast_test_params)
    root = default_data_dir()
    assert not root.exists()  # the isolation fixture's fresh home

    _cli("workshops")  # creates escadesk's folder and the demo inside it
    _cli("backup")
    _cli("check")
    demo = root / "demo"
    database = demo / "escadesk.sqlite3"
    database.write_bytes(database.read_bytes()[:4096])  # damaged: cut short
    _cli("restore", "--latest")  # sets the damaged file aside
    window = MainWindow(data_dir=demo)
    qtbot.addWidget(window)
    window.close()  # writes window.ini
    assert (demo / "window.ini").exists()

    opened = []
    for path in [root, *root.rglob("*")]:
        mode = stat.S_IMODE(path.lstat().st_mode)
        ok = mode == 0o700 if path.is_dir() else mode & 0o077 == 0
        if not ok:
            opened.append(f"{path.relative_to(root.parent)} {oct(mode)}")
    assert opened == []
    names = {p.name for p in root.rglob("*")}
    assert {"escadesk.sqlite3", "window.ini", "backups", "set-aside", "keys"} <= names
