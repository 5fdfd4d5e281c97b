"""Saving never leaves half a file: cancel and failure leave the target as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from exportkit import finance_data, participant, read, roster_data
from openpyxl.writer.excel import ExcelWriter

from escadesk.exports.finance import write_finance
from escadesk.exports.progress import ExportCancelled
from escadesk.exports.roster import write_roster


def _after(calls: int):
    """A cancelled() that answers yes from its ``calls``-th question on."""
    asked = [0]

    def cancelled() -> bool:
        asked[0] += 1
        return asked[0] >= calls

    return cancelled


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def _leftovers(folder: Path, tmp_tempdir: Path) -> list[str]:
    """Files in the export folder and in the system temp folder."""
    return sorted(p.name for p in [*folder.iterdir(), *tmp_tempdir.iterdir()])


def test_progress_rises_to_100_and_names_each_step(tmp_path: Path) -> None:
    seen: list[tuple[int, str]] = []
    write_roster(roster_data(4), tmp_path / "r.xlsx", progress=lambda p, m: seen.append((p, m)))
    percents = [p for p, _m in seen]
    assert percents == sorted(percents) and percents[-1] == 100
    assert any("Participants" in m for _p, m in seen)
    assert seen[-1][1] == "Saved r.xlsx"


@pytest.mark.parametrize("writer", ["roster", "finance"])
def test_cancel_at_any_point_leaves_no_file_and_no_temporary_file(
    out: Path, tmp_tempdir: Path, writer: str
) -> None:
    def export(cancelled: object) -> Path:
        if writer == "roster":
            return write_roster(roster_data(600), out / "x.xlsx", cancelled=cancelled)
        return write_finance(finance_data(), out / "x.xlsx", cancelled=cancelled)

    asked = [0]

    def never() -> bool:
        asked[0] += 1
        return False

    export(never)
    (out / "x.xlsx").unlink()
    assert asked[0] >= 4  # asked at every step, and every few hundred rows
    for calls in range(1, asked[0] + 1):
        with pytest.raises(ExportCancelled):
            export(_after(calls))
        assert _leftovers(out, tmp_tempdir) == [], calls


def test_cancel_leaves_an_existing_file_untouched(out: Path, tmp_tempdir: Path) -> None:
    target = out / "finance.xlsx"
    write_finance(finance_data(), target)
    before = target.read_bytes()
    with pytest.raises(ExportCancelled):
        write_finance(finance_data(), target, cancelled=_after(4))
    assert target.read_bytes() == before
    assert _leftovers(out, tmp_tempdir) == ["finance.xlsx"]


def test_a_failed_save_leaves_an_existing_file_untouched(
    out: Path, tmp_tempdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = out / "roster.xlsx"
    write_roster(roster_data(4), target)
    before = target.read_bytes()
    real_save = ExcelWriter.save

    def full_disk(self: ExcelWriter) -> None:
        real_save(self)  # writes most of the package, then the disk is full
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(ExcelWriter, "save", full_disk)
    with pytest.raises(OSError, match="The disk is full: nothing was saved"):
        write_roster(roster_data(5), target)
    assert target.read_bytes() == before
    assert _leftovers(out, tmp_tempdir) == ["roster.xlsx"]


def test_bad_data_fails_before_anything_is_written(out: Path, tmp_tempdir: Path) -> None:
    broken = participant(9, waitlist_position="first")  # not an int
    with pytest.raises(TypeError, match="integer"):
        write_roster(roster_data(4, (broken,)), out / "roster.xlsx")
    assert _leftovers(out, tmp_tempdir) == []


def test_an_existing_file_is_replaced_on_success(out: Path) -> None:
    target = out / "roster.xlsx"
    target.write_bytes(b"an old, unrelated file")
    write_roster(roster_data(5), target)
    assert read(target)["Participants"].max_row == 6
    assert sorted(p.name for p in out.iterdir()) == ["roster.xlsx"]
