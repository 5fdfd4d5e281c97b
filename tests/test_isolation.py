"""The root conftest keeps every test away from the real user's folders."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs


def test_user_folders_point_into_tmp_path(tmp_path):
    for variable in ("HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "APPDATA"):
        assert Path(os.environ[variable]).is_relative_to(tmp_path), variable
    assert Path.home().is_relative_to(tmp_path)
    assert Path(platformdirs.user_data_dir("escadesk")).is_relative_to(tmp_path)
    assert "ESCADESK_DATA_DIR" not in os.environ
    assert "ESCADESK_DATABASE_URL" not in os.environ


def test_qt_runs_offscreen():
    assert os.environ["QT_QPA_PLATFORM"]


def test_data_dir_is_fresh_and_empty(data_dir, tmp_path):
    assert data_dir == tmp_path / "data"
    assert data_dir.is_dir()
    assert list(data_dir.iterdir()) == []
