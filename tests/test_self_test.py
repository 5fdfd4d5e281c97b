"""``escadesk --self-test``: it passes on a working app and fails, naming the step, when
something a release needs is broken; the first-paint probe of the start-up benchmark."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from openpyxl import Workbook
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

from escadesk import __main__ as entry
from escadesk import self_test
from escadesk.qt_libraries import XCB_PACKAGES, install_command
from escadesk.services.exports import ExportService

STEP_NAMES = [name for name, _step in self_test.STEPS]


def _run(tmp_path: Path) -> tuple[int, list[str], list[str]]:
    out = io.StringIO()
    report = tmp_path / "report.txt"
    code = self_test.run_self_test(out=out, report=report)
    return code, out.getvalue().splitlines(), report.read_text("utf-8").splitlines()


def test_every_check_passes_on_the_working_app(qapp: QApplication, tmp_path: Path) -> None:
    code, lines, reported = _run(tmp_path)

    assert code == 0, "\n".join(lines)
    assert reported == lines
    passed = [line.split(":")[0].removeprefix("ok   ") for line in lines if line.startswith("ok")]
    assert passed == STEP_NAMES
    assert lines[-1].startswith("passed in ")
    workbooks = next(line for line in lines if line.startswith("ok   workbooks"))
    assert "roster" in workbooks and "finance" in workbooks
    assert "VISA •••• 1111" in next(line for line in lines if "card stored" in line)


def test_the_temporary_data_is_gone_afterwards(qapp: QApplication, tmp_path: Path) -> None:
    temporary = Path(tempfile.gettempdir())
    before = set(temporary.glob("escadesk-self-test-*"))
    code, lines, _ = _run(tmp_path)

    assert code == 0, "\n".join(lines)
    assert set(temporary.glob("escadesk-self-test-*")) == before


def test_a_card_number_in_a_workbook_fails_the_workbooks_step(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def leaky_finance(self: ExportService, workshop_id: int, target: Path, *args) -> Path:
        workbook = Workbook()
        workbook.active.append([self_test.ORGANIZATION, "VISA •••• 1111", "4111-1111-1111-1111"])
        workbook.save(target)
        return target

    monkeypatch.setattr(ExportService, "finance", leaky_finance)
    code, lines, reported = _run(tmp_path)

    assert code == 1
    assert any(
        line.startswith("FAIL workbooks:") and "full card number" in line for line in lines
    ), lines
    assert not any(line.startswith("ok   card erased") for line in lines)
    assert reported[-1].startswith("FAILED in ")


def test_a_missing_system_library_is_named_with_its_packages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def bundle(_state: self_test.Run) -> str:
        raise self_test.CheckFailed(
            "the platform plugin libqxcb.so does not load: Cannot load library /q/libqxcb.so: "
            "libxcb-icccm.so.4: cannot open shared object file: No such file or directory"
        )

    monkeypatch.setattr(self_test, "STEPS", (("bundle", bundle),))
    code, lines, _reported = _run(tmp_path)

    assert code == 1 and lines[1].startswith("FAIL bundle: CheckFailed")
    fix = next(line for line in lines if line.startswith("     To fix it: "))
    assert "libxcb-icccm.so.4 (Debian/Ubuntu package libxcb-icccm4)" in fix
    assert fix.endswith(install_command(XCB_PACKAGES))


def test_a_card_number_left_in_the_data_folder_is_found(tmp_path: Path) -> None:
    (tmp_path / "clean.sqlite3").write_bytes(b"VISA \xe2\x80\xa2\xe2\x80\xa2 1111")
    assert self_test._files_without_card(tmp_path) == 1

    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "leak-wal").write_bytes(b"..." + b"4111111111111111" + b"...")
    with pytest.raises(self_test.CheckFailed, match="leak-wal holds the card number"):
        self_test._files_without_card(tmp_path)


def test_a_blank_window_is_not_taken_for_a_painted_one(qtbot) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    window.setStyleSheet("background: white;")
    window.resize(200, 120)
    window.show()
    with pytest.raises(self_test.CheckFailed, match="is blank"):
        self_test._check_not_blank(window, "the test window")

    label = QLabel("escadesk")
    label.setStyleSheet("background: white; color: #0b6e79; font-size: 18pt;")
    window.setCentralWidget(label)
    qtbot.waitUntil(label.isVisible)
    self_test._check_not_blank(window, "the test window")


def test_the_option_is_parsed_without_importing_qt() -> None:
    code = (
        "import sys\n"
        "from escadesk.__main__ import parse_args\n"
        "options = parse_args(['--self-test', '--self-test-report', 'r.txt'])\n"
        "assert options.self_test and str(options.self_test_report) == 'r.txt'\n"
        "assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt was imported'\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr


def test_the_command_runs_it_and_exits_with_its_code(tmp_path: Path) -> None:
    """As installer/build.py runs a bundle: a fresh process, no display, a report file."""
    report = tmp_path / "self-test.txt"
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-m", "escadesk", "--self-test", "--self-test-report", str(report)],
        capture_output=True,
        text=True,
        timeout=110,
        env=environment,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    lines = report.read_text("utf-8").splitlines()
    assert lines == result.stdout.splitlines()
    assert lines[0].startswith("escadesk ") and "frozen: False" in lines[0]
    assert [line[5:].split(":")[0] for line in lines[1:-1]] == STEP_NAMES
    # The offscreen platform's notes about window-manager calls stay out of the log.
    assert "This plugin does not support" not in result.stderr


def test_the_first_paint_probe_notes_the_moment_and_exits(tmp_path: Path) -> None:
    stamps = tmp_path / "first-paint.txt"
    environment = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        entry.FIRST_PAINT_FILE: str(stamps),
    }
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "escadesk", "--data-dir", str(tmp_path / "data")],
        capture_output=True,
        text=True,
        timeout=60,
        env=environment,
        check=False,
    )
    ended = time.monotonic()

    assert result.returncode == 0, result.stderr
    moments = stamps.read_text("ascii").split()
    assert len(moments) == 1
    assert started < float(moments[0]) < ended
