"""The status bar names the data folder relative to the home folder."""

from __future__ import annotations

from pathlib import Path

from escadesk.ui.main_window import home_relative


def test_a_folder_in_the_home_is_shown_from_the_tilde() -> None:
    folder = Path.home() / ".local" / "share" / "escadesk" / "demo"
    assert home_relative(folder) == str(Path("~", ".local", "share", "escadesk", "demo"))


def test_a_folder_elsewhere_is_shown_whole(tmp_path: Path) -> None:
    elsewhere = tmp_path / "data"  # the test's home is tmp_path/home, a sibling
    assert home_relative(elsewhere) == str(elsewhere)
