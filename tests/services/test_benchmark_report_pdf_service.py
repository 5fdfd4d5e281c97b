"""The report's PDF through the service and the CLI, on the demo: written beside the
workbook in the formats asked for, handed over in memory for the delivery letter, refused
in every format below the minimum of answers, and ``--format`` checked on the CLI."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from report_answers import keep_only, registration_id, report_demo

from escadesk import cli
from escadesk.app import Services
from escadesk.domain.validation import ValidationError
from escadesk.services.benchmarking import ReportRefusedError

RHINE = "Rhine Valley Health Cluster"


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[tuple[Services, int, Path]]:
    folder = tmp_path / "data"
    services, workshop_id = report_demo(folder)
    yield services, workshop_id, folder
    services.close()


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def test_report_files_are_the_pdf_and_the_workbook_in_memory(
    demo: tuple[Services, int, Path], tmp_path: Path
) -> None:
    services, workshop_id, _ = demo
    rid = registration_id(services, workshop_id, RHINE)
    files = services.benchmarking.report_files(rid)
    (pdf_name, pdf), (xlsx_name, xlsx) = files
    expected = services.benchmarking.report_file_name(rid)
    assert xlsx_name == expected and pdf_name == expected.removesuffix(".xlsx") + ".pdf"
    assert pdf.startswith(b"%PDF-") and RHINE in _pdf_text(pdf)
    (tmp_path / "w.xlsx").write_bytes(xlsx)
    assert "Summary" in load_workbook(tmp_path / "w.xlsx").sheetnames


def test_one_report_in_each_format_and_both(
    demo: tuple[Services, int, Path], tmp_path: Path
) -> None:
    services, workshop_id, _ = demo
    rid = registration_id(services, workshop_id, RHINE)
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    pdf = services.benchmarking.write_report(rid, tmp_path / "a.pdf", formats={"pdf"})
    assert pdf == tmp_path / "a.pdf" and sorted(p.name for p in tmp_path.iterdir()) == ["a.pdf"]
    both = services.benchmarking.write_report(rid, tmp_path / "b.xlsx", formats={"xlsx", "pdf"})
    assert both == tmp_path / "b.xlsx" and (tmp_path / "b.pdf").is_file()
    assert PdfReader(tmp_path / "b.pdf").pages
    with pytest.raises(ValidationError, match="xlsx, pdf or both"):
        services.benchmarking.write_report(rid, tmp_path / "c.xlsx", formats={"docx"})
    assert not (tmp_path / "c.xlsx").exists()


def test_a_batch_in_both_formats_reports_progress_per_file(
    demo: tuple[Services, int, Path], tmp_path: Path
) -> None:
    services, workshop_id, _ = demo
    seen: list[tuple[int, str]] = []
    batch = services.benchmarking.write_reports(
        workshop_id, tmp_path / "out", lambda p, m: seen.append((p, m)), formats=("pdf", "xlsx")
    )
    count = len(services.benchmarking.participants(workshop_id))
    assert len(batch) == 2 * count
    assert [p.suffix for p in batch] == [".xlsx", ".pdf"] * count
    assert [p for p, _ in seen] == sorted(p for p, _ in seen)  # never goes back
    assert any("Laying out the PDF" in m for _, m in seen)


def test_below_the_minimum_refused_in_both_formats_and_in_memory(
    demo: tuple[Services, int, Path], tmp_path: Path
) -> None:
    services, workshop_id, _ = demo
    rid = registration_id(services, workshop_id, RHINE)
    keep_only(services, rid, 10)
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    for formats in ({"pdf"}, {"xlsx"}, {"pdf", "xlsx"}):
        with pytest.raises(ReportRefusedError):
            services.benchmarking.write_report(rid, tmp_path / "r.pdf", formats=formats)
    with pytest.raises(ReportRefusedError):
        services.benchmarking.report_files(rid)
    assert list(tmp_path.iterdir()) == []


def _run(folder: Path, *arguments: str) -> tuple[int, str]:
    out = io.StringIO()
    code = cli.main(["--data-dir", str(folder), *arguments], stdin=io.StringIO(""), out=out)
    return code, out.getvalue()


@pytest.mark.parametrize(
    ("choice", "suffixes"),
    [
        ("xlsx", {".xlsx"}),
        ("pdf", {".pdf"}),
        ("both", {".xlsx", ".pdf"}),
        (None, {".xlsx", ".pdf"}),
    ],
)
def test_cli_format(
    demo: tuple[Services, int, Path], tmp_path: Path, choice: str | None, suffixes: set[str]
) -> None:
    services, workshop_id, folder = demo
    services.close()
    out = tmp_path / "reports"
    extra = [] if choice is None else ["--format", choice]
    code, printed = _run(
        folder, "benchmark", "report", "--workshop", str(workshop_id), "--out", str(out), *extra
    )
    assert code == cli.OK
    files = sorted(out.iterdir())
    assert {p.suffix for p in files} == suffixes
    assert sorted(printed.splitlines()) == [str(p) for p in files]  # one line per file


def test_cli_bad_format_is_a_clear_message(
    demo: tuple[Services, int, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    services, workshop_id, folder = demo
    services.close()
    arguments = ["--workshop", str(workshop_id), "--out", str(tmp_path / "o"), "--format", "docx"]
    code, printed = _run(folder, "benchmark", "report", *arguments)
    assert code != cli.OK and printed == ""
    error = capsys.readouterr().err
    assert "--format" in error and "'docx'" in error and "Traceback" not in error
    assert not (tmp_path / "o").exists()
