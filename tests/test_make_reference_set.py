"""The synthetic reference set: reproducible from its seed, and within its stated
distributions (scripts/make_reference_set.py)."""

from __future__ import annotations

import importlib.util
import statistics
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

from escadesk.benchmark_resources import (
    benchmarking_dir,
    load_catalogue,
    load_synthetic_reference_set,
    read_reference_info,
)
from escadesk.domain.benchmarking import Benchmark, Catalogue, ReferenceSet

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "make_reference_set.py"


@pytest.fixture(scope="module")
def script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_reference_set", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    return module


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


@pytest.fixture(scope="module")
def shipped(catalogue: Catalogue) -> ReferenceSet:
    return load_synthetic_reference_set(catalogue)


def test_regenerating_gives_the_committed_bytes(tmp_path: Path, script: ModuleType):
    csv_path, sidecar_path = script.write_reference_set(tmp_path)
    shipped_dir = benchmarking_dir()
    assert csv_path.read_bytes() == (shipped_dir / script.CSV_NAME).read_bytes()
    assert sidecar_path.read_bytes() == (shipped_dir / script.SIDECAR_NAME).read_bytes()


def test_the_seed_decides(tmp_path: Path, script: ModuleType):
    first, _ = script.write_reference_set(tmp_path / "a", seed=7, size=60)
    again, _ = script.write_reference_set(tmp_path / "b", seed=7, size=60)
    other, _ = script.write_reference_set(tmp_path / "c", seed=8, size=60)
    assert first.read_bytes() == again.read_bytes()
    assert first.read_bytes() != other.read_bytes()
    assert len(first.read_text(encoding="utf-8").splitlines()) == 61


def test_the_main_entry_point_writes_where_told(tmp_path: Path, script: ModuleType, capsys):
    assert script.main(["--out-dir", str(tmp_path), "--seed", "3", "--size", "10"]) == 0
    info = read_reference_info(tmp_path / script.SIDECAR_NAME)
    assert (info.size, info.seed, info.synthetic) == (10, 3, True)
    assert "Wrote" in capsys.readouterr().out


def test_the_shipped_set_is_labelled_synthetic(shipped: ReferenceSet):
    info = read_reference_info(benchmarking_dir() / "reference-synthetic-2018.toml")
    assert info.name == "Synthetic reference set (not real clusters)"
    assert info.synthetic and shipped.synthetic
    assert (info.seed, info.size, info.generator) == (2018, 1300, "scripts/make_reference_set.py")
    assert shipped.name == info.name
    assert len(shipped) == 1300
    assert info.data_file.stat().st_size < 1_000_000
    identifiers = [org.identifier for org in shipped.organizations]
    assert identifiers[:2] == ["SYN-0001", "SYN-0002"] and identifiers[-1] == "SYN-1300"
    assert len(set(identifiers)) == 1300


def _column(shipped: ReferenceSet, code: str) -> list[float]:
    return [org.values[code] for org in shipped.organizations if code in org.values]


def _quartiles(values: list[float]) -> list[float]:
    return statistics.quantiles(values, n=4, method="inclusive")


def test_size_distributions(shipped: ReferenceSet):
    members = _column(shipped, "1.1.2")
    q1, median, q3 = _quartiles(members)
    assert 60 <= median <= 80
    assert 28 <= q1 <= 42
    assert 130 <= q3 <= 170
    assert min(members) >= 15 and 400 <= max(members) <= 600
    staff = _column(shipped, "2.2.1")
    assert 2.6 <= statistics.median(staff) <= 3.4
    assert min(staff) >= 0.5
    budgets = _column(shipped, "3.3")
    assert 300_000 <= statistics.median(budgets) <= 420_000
    per_fte = [
        o.values["3.3"] / o.values["2.2.1"] for o in shipped.organizations if "3.3" in o.values
    ]
    assert 100_000 <= statistics.median(per_fte) <= 150_000
    assert statistics.correlation(*_pairs(shipped, "1.1.2", "2.2.1")) > 0.3
    assert statistics.correlation(*_pairs(shipped, "2.2.1", "3.3")) > 0.8


def _pairs(shipped: ReferenceSet, a: str, b: str) -> tuple[list[float], list[float]]:
    both = [o for o in shipped.organizations if a in o.values and b in o.values]
    return [o.values[a] for o in both], [o.values[b] for o in both]


def test_other_distributions(shipped: ReferenceSet):
    assert 62 <= statistics.fmean(_column(shipped, "1.1.1a")) <= 68  # SME share
    assert 40 <= statistics.median(_column(shipped, "3.2")) <= 50  # private = 100 - public 55
    ages = _column(shipped, "2.1")
    assert 8 <= statistics.median(ages) <= 10
    assert min(ages) >= 1 and max(ages) <= 25
    assert 7.5 <= statistics.fmean(_column(shipped, "4.3.1")) <= 8.5  # Poisson mean 8
    assert min(_column(shipped, "1.1.1b")) >= 2
    missing = sum(36 - len(org.values) for org in shipped.organizations) / (36 * 1300)
    assert 0.005 <= missing <= 0.03


def test_composite_scores_spread_like_escas(catalogue: Catalogue, shipped: ReferenceSet):
    benchmark = Benchmark.prepare(catalogue, shipped)
    overall = [s.overall for s in benchmark.scores.values() if s.overall is not None]
    assert len(overall) == 1300
    assert 0.62 <= statistics.fmean(overall) <= 0.68
    assert 0.10 <= statistics.stdev(overall) <= 0.14
    assert 0.10 <= sum(score >= 0.8 for score in overall) / len(overall) <= 0.15
    assert benchmark.excellence.by_threshold


def test_countries_areas_years_and_labels(shipped: ReferenceSet):
    countries = Counter(org.country for org in shipped.organizations)
    assert len(countries) == 48
    assert countries.most_common(1)[0][0] == "Germany"
    areas = Counter(org.technology_area for org in shipped.organizations)
    assert len(areas) == 14
    assert {area for area, _ in areas.most_common(5)} == {
        "Production and engineering",
        "Energy and environment",
        "ICT",
        "Health and medical science",
        "Food industry",
    }
    assert {org.year for org in shipped.organizations} == set(range(2013, 2019))
    labels = Counter(org.label for org in shipped.organizations)
    assert set(labels) == {"Bronze", "Silver", "Gold", None}
    assert labels["Bronze"] > labels["Silver"] + labels["Gold"]
