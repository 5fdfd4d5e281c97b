from __future__ import annotations

from pathlib import Path

import pytest

from escadesk.notifications.messages import Template
from escadesk.notifications.resources import resources_dir, templates_dir


def test_the_dev_install_finds_the_repository_resources():
    folder = resources_dir()
    assert folder.is_dir()
    for template in Template:
        assert (templates_dir() / template.file_name).is_file()


def test_package_resources_win_over_the_repository_folder(tmp_path: Path):
    package = tmp_path / "src" / "escadesk"
    (package / "resources").mkdir(parents=True)
    (tmp_path / "resources").mkdir()
    assert resources_dir(package) == package / "resources"


def test_falls_back_to_the_repository_resources(tmp_path: Path):
    package = tmp_path / "src" / "escadesk"
    package.mkdir(parents=True)
    (tmp_path / "resources").mkdir()
    assert resources_dir(package) == tmp_path / "resources"
    assert templates_dir(package) == tmp_path / "resources" / "templates"


def test_a_missing_folder_says_where_it_looked(tmp_path: Path):
    package = tmp_path / "src" / "escadesk"
    package.mkdir(parents=True)
    with pytest.raises(FileNotFoundError, match="resources folder is missing"):
        resources_dir(package)
