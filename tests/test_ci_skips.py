"""The CI skip policy (tests/ci_skips.py), run in an inner pytest session."""

from __future__ import annotations

import pytest

TESTS = """
import pytest

def test_runs():
    pass

@pytest.mark.skipif(True, reason="no tool here")
def test_skipped_silently():
    pass

@pytest.mark.accepted_skip("Windows only: CI runs on Linux")
@pytest.mark.skipif(True, reason="Windows only")
def test_skipped_with_an_accepted_reason():
    pass

def test_skipped_at_run_time():
    pytest.skip("file missing")

@pytest.mark.xfail(reason="known bug", strict=False)
def test_expected_failure():
    raise AssertionError
"""


@pytest.fixture
def inner(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makeini("[pytest]\nmarkers =\n    accepted_skip(reason): may be skipped in CI\n")
    pytester.makepyfile(test_inner=TESTS)
    return pytester


def test_under_ci_an_unaccepted_skip_fails_and_says_why(inner, monkeypatch) -> None:
    monkeypatch.setenv("CI", "true")
    result = inner.runpytest("-p", "ci_skips", "-ra")
    # A skip decided at set-up (skipif) reports as an error, one in the test as a failure.
    result.assert_outcomes(passed=1, failed=1, errors=1, skipped=1, xfailed=1)
    assert result.ret != 0
    result.stdout.fnmatch_lines(
        [  # the short summary, in its order
            "SKIPPED*Windows only*",
            "ERROR*test_skipped_silently*skipped under CI without an accepted reason "
            "(no tool here)*",
            "FAILED*test_skipped_at_run_time*skipped under CI without an accepted reason "
            "(file missing)*",
        ]
    )


def test_outside_ci_skips_stay_skips(inner, monkeypatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    result = inner.runpytest("-p", "ci_skips")
    result.assert_outcomes(passed=1, skipped=3, xfailed=1)
    assert result.ret == 0


def test_a_module_that_skips_itself_fails_under_ci(pytester, monkeypatch) -> None:
    monkeypatch.setenv("CI", "true")
    pytester.makepyfile(
        test_whole='import pytest\npytest.skip("no driver", allow_module_level=True)\n'
    )
    result = pytester.runpytest("-p", "ci_skips")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*was skipped whole under CI (no driver)*"])
