"""Under CI, a skipped test fails unless it carries ``@pytest.mark.accepted_skip(reason)``.

Why: a check that CI silently skips (a missing file, a missing tool) is a check that is
not there. A test may still be skipped where the skip is intended, for example on another
operating system, by saying so in the marker; ``-ra`` prints every skip's reason.
"""

from __future__ import annotations

import os
from collections.abc import Generator

import pytest

MARKER = "accepted_skip"


def under_ci() -> bool:
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


def _reason(report: pytest.TestReport | pytest.CollectReport) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if not (under_ci() and report.skipped) or hasattr(report, "wasxfail"):
        return report
    if item.get_closest_marker(MARKER) is not None:
        return report
    report.outcome = "failed"
    report.longrepr = (
        f"skipped under CI without an accepted reason ({_reason(report)}): make the test "
        f"run in CI, or mark it @pytest.mark.{MARKER}('why CI may skip it')"
    )
    return report


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(
    collector: pytest.Collector,
) -> Generator[None, pytest.CollectReport, pytest.CollectReport]:
    report = yield
    if under_ci() and report.skipped:
        report.outcome = "failed"
        report.longrepr = (
            f"{collector.nodeid} was skipped whole under CI ({_reason(report)}): a module "
            "may not skip itself in CI; skip single tests with an accepted reason instead"
        )
    return report
