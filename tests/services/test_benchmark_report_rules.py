"""The report fixes through the service and the CLI, on the demo: a report needs a minimum
of answers (refused with the reason, nothing written; a batch skips and names), and the
workbook shows yes/no questions as the share answering yes.

The demo's three participants answered everything; a test clears answers to go below the
minimum (a blank answer clears it).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from report_answers import keep_only, registration_id, report_demo

from escadesk import cli
from escadesk.app import Services
from escadesk.domain.benchmarking import PeerGroup, Unit
from escadesk.services import audit
from escadesk.services.benchmarking import ReportRefusedError
from organization_languages import speak

RHINE = "Rhine Valley Health Cluster"
REPORT = "ESCA Cluster Benchmarking Workshop (TCI 2018) 2018-10-04 benchmarking report - "
SHARE = re.compile(r"^[\d,]+ of [\d,]+ \((<1|>99|\d{1,3}) %\)$")


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[tuple[Services, int, Path]]:
    """The demo (no vault needed for reports), its data folder for the CLI."""
    folder = tmp_path / "data"
    services, workshop_id = report_demo(folder)
    yield services, workshop_id, folder
    services.close()


def _audit(services: Services) -> list[tuple[str, str]]:
    with services.context.database.reading() as session:
        return [(e.action, e.summary) for e in audit.recent(session, None, limit=10_000)]


def test_one_below_the_minimum_the_report_is_refused_and_nothing_written(
    demo: tuple[Services, int, Path], tmp_path: Path
) -> None:
    services, workshop_id, _folder = demo
    rid = registration_id(services, workshop_id, RHINE)
    keep_only(services, rid, 23)
    out = tmp_path / "out"
    out.mkdir()
    before = _audit(services)

    refusal = services.benchmarking.report_refusal(rid)
    assert isinstance(refusal, ReportRefusedError)
    with pytest.raises(ReportRefusedError) as refused:
        services.benchmarking.write_report(rid, out / "rhine.xlsx")

    assert str(refused.value) == (
        f"{RHINE} has answered 23 of 36 indicators; a report needs at least 24 (two thirds "
        "of the questionnaire) and at least one answer in every area."
    )
    assert str(refusal) == str(refused.value)
    assert list(out.iterdir()) == []  # no file, not even a temporary one
    assert _audit(services) == before  # nothing happened, nothing recorded

    keep_only(services, rid, 24)  # exactly at the minimum: written
    assert services.benchmarking.report_refusal(rid) is None
    path = services.benchmarking.write_report(rid, out / "rhine.xlsx")
    assert path.exists()


def test_the_report_shows_yes_no_questions_as_the_share_answering_yes(
    demo: tuple[Services, int, Path], tmp_path: Path
) -> None:
    services, workshop_id, _folder = demo
    speak(
        services, "en"
    )  # the English shares (French: tests/services/test_french_report_service.py)
    rid = registration_id(services, workshop_id, "Northshore Photonics Cluster")
    comparison = services.benchmarking.comparison(rid)
    path = services.benchmarking.write_report(rid, tmp_path / "northshore.xlsx")
    book = load_workbook(path)
    rows = {row[0].value: row for row in book["Indicators"].iter_rows() if row[0].value}
    groups = comparison.shown_groups((PeerGroup.ALL, PeerGroup.TECHNOLOGY_AREA,
                                      PeerGroup.COUNTRY, PeerGroup.EXCELLENCE))  # fmt: skip
    yes_no = [i for i in comparison.indicators if i.indicator.unit is Unit.YES_NO]
    assert len(yes_no) == 6
    for item in yes_no:
        row = rows[item.indicator.code]
        for number, group in enumerate(groups):
            n, q1, median, q3, _standing = (c.value for c in row[4 + 5 * number : 9 + 5 * number])
            share = item.peers[group].yes_share
            assert share is not None and n == share.answered
            assert q1 == share.text and SHARE.match(q1), (item.indicator.code, group, q1)
            assert (median, q3) == (None, None)  # merged into the share: no median, no 0.5
    services_page = {row[0].value: row for row in book["4 Services"].iter_rows() if row[0].value}
    strategy = services_page[comparison.indicator("4.1.1").indicator.title]
    peers = [c.value for c in strategy[3 : 3 + 3]]
    assert all(isinstance(v, str) and SHARE.match(v) for v in peers), peers


def test_a_batch_skips_and_names_whoever_answered_too_little(
    demo: tuple[Services, int, Path], tmp_path: Path
) -> None:
    services, workshop_id, _folder = demo
    rid = registration_id(services, workshop_id, RHINE)
    keep_only(services, rid, 0)
    folder = tmp_path / "reports"
    seen: list[str] = []

    batch = services.benchmarking.write_reports(
        workshop_id, folder, progress=lambda _p, message: seen.append(message)
    )

    names = [f"{REPORT}Baltic Maritime Innovation Network.xlsx",
             f"{REPORT}Northshore Photonics Cluster.xlsx"]  # fmt: skip
    assert [path.name for path in batch] == names and len(batch) == 2
    assert sorted(path.name for path in folder.iterdir()) == names  # no Rhine file
    (skipped,) = batch.skipped
    assert (skipped.registration_id, skipped.organization) == (rid, RHINE)
    assert skipped.reason == (
        f"{RHINE} has answered 0 of 36 indicators; a report needs at least 24 (two thirds "
        "of the questionnaire) and at least one answer in every area."
    )
    assert batch.skipped_text().startswith(
        "Not written: 1 organization answered too little for a report.\n" + RHINE
    )
    assert seen[-1] == "2 reports written; 1 skipped (too few answers)"
    entries = _audit(services)
    assert ("benchmark.reports", f"2 benchmarking reports written to '{folder}'; not written "
            f"(too few answers): {RHINE}") in entries  # fmt: skip
    # not a run for everyone: each report written is recorded on its own too
    assert ("benchmark.report", f"Northshore Photonics Cluster: benchmarking report written as "
            f"'{names[1]}'") in entries  # fmt: skip


def test_the_cli_names_the_skipped_organization_and_exits_with_1(
    demo: tuple[Services, int, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    services, workshop_id, data = demo
    keep_only(services, registration_id(services, workshop_id, RHINE), 10)
    services.close()
    folder = tmp_path / "reports"
    out = io.StringIO()

    code = cli.main(
        ["--data-dir", str(data), "benchmark", "report", "--workshop", str(workshop_id),
         "--out", str(folder), "--format", "xlsx"],
        stdin=io.StringIO(""),
        out=out,
    )  # fmt: skip

    assert code == cli.REFUSED
    assert len(out.getvalue().splitlines()) == 2  # the two reports written
    error = capsys.readouterr().err
    assert error == (
        f"escadesk-cli: refused: not written: {RHINE} has answered 10 of 36 indicators; a "
        "report needs at least 24 (two thirds of the questionnaire) and at least one answer "
        "in every area.\n"
    )
    assert not any(RHINE in path.name for path in folder.iterdir())
