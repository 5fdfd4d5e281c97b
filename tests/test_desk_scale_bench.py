"""bench/desk_scale.py runs end to end at a tiny size (50 registrations, one run), so the
script cannot rot while the desk changes under it. Its figures are not checked: a test
times nothing (the bench prints PASS or OVER for a person to read)."""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"


@pytest.fixture
def bench_modules(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """bench/ on the path for the test only: its modules (``exports``, ``vault``…) are
    forgotten afterwards, so no later test imports them by accident."""
    monkeypatch.syspath_prepend(str(BENCH))
    yield
    for name, module in list(sys.modules.items()):
        if Path(getattr(module, "__file__", None) or "/").parent == BENCH:
            del sys.modules[name]


def _digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(folder)).encode() + path.read_bytes())
    return digest.hexdigest()


def test_the_desk_scale_bench_runs_at_a_tiny_size(qapp, tmp_path, bench_modules, capsys):
    import desk_scale  # bench/ is on the path only now
    from desk_scale_data import Sizes, cached_database

    cache = tmp_path / "cache"
    cached = cached_database(Sizes(workshops=2, per_workshop=10, large=50, mid=5), cache)
    assert cached.built_seconds is not None
    before = _digest(cached.data)

    arguments = ["--runs", "1", "--workshops", "2", "--per-workshop", "10"]
    desk_scale.main([*arguments, "--large", "50", "--mid", "5", "--cache", str(cache)])

    printed = capsys.readouterr().out
    for heading in (
        "load average at start",
        f"(from the cache: {cached.folder})",
        "1. desk shown after unlock (50 rows)",
        '2a. filter per keystroke: "49" typed',
        "2b. sort per header click",
        "3. refresh after one change",
        "4. decision dry run",
        "5. unlock page ready",
        "6. resident memory",
        "bare window + escadesk's libraries",
        "targets met:",
        "load average at end",
    ):
        assert heading in printed
    # Every target is judged, none left out for want of a figure.
    verdicts = [line for line in printed.splitlines() if "(target <=" in line]
    assert len(verdicts) == 9
    assert all(" PASS" in line or " OVER" in line for line in verdicts)
    # Each run worked on a copy: the cached database is as it was built.
    assert _digest(cached.data) == before
