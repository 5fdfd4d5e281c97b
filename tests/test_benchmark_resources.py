"""The shipped benchmarking files load, and broken ones say what is wrong."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from escadesk.benchmark_resources import (
    SYNTHETIC_REFERENCE,
    BenchmarkResourceError,
    benchmarking_dir,
    load_catalogue,
    load_reference_file,
    load_synthetic_reference_set,
)
from escadesk.domain.benchmarking import (
    Benchmark,
    CatalogueError,
    PeerGroup,
    Subject,
    recommendations,
)
from escadesk.resource_files import resources_dir


def test_the_benchmarking_folder_is_in_the_resources():
    assert benchmarking_dir() == resources_dir() / "benchmarking"
    assert (benchmarking_dir() / "catalogue-2018.toml").is_file()


def test_the_current_catalogue():
    catalogue = load_catalogue()
    assert (catalogue.version, len(catalogue), len(catalogue.areas)) == ("2018.1", 36, 6)


def test_a_full_comparison_against_the_synthetic_set():
    catalogue = load_catalogue()
    reference = load_synthetic_reference_set(catalogue)
    benchmark = Benchmark.prepare(catalogue, reference)
    peer = reference.organizations[0]
    comparison = benchmark.compare(Subject("Demo", peer.country, peer.technology_area, peer.values))
    assert comparison.synthetic
    assert comparison.reference_size == 1300
    assert comparison.groups[PeerGroup.ALL].size == 1300
    assert comparison.groups[PeerGroup.TECHNOLOGY_AREA].size > 10
    assert 0 < len(benchmark.excellence) < 1300
    headline = comparison.headline()
    assert headline.compared == len(peer.values)
    assert headline.text.startswith(f"top 25% of {peer.technology_area} clusters in ")
    for recommendation in recommendations(comparison):
        assert recommendation.gap > 0
        assert recommendation.advice


def _copy_shipped(tmp_path: Path) -> Path:
    for name in (SYNTHETIC_REFERENCE, "reference-synthetic-2018.csv"):
        shutil.copy(benchmarking_dir() / name, tmp_path / name)
    return tmp_path / SYNTHETIC_REFERENCE


def test_a_sidecar_for_another_catalogue_is_refused(tmp_path: Path):
    sidecar = _copy_shipped(tmp_path)
    sidecar.write_text(sidecar.read_text().replace('"2018.1"', '"2016.1"'))
    with pytest.raises(BenchmarkResourceError, match=r"made for catalogue 2016\.1, not 2018\.1"):
        load_reference_file(sidecar, load_catalogue())


def test_a_size_mismatch_or_a_bad_file_is_refused(tmp_path: Path):
    sidecar = _copy_shipped(tmp_path)
    sidecar.write_text(sidecar.read_text().replace("size = 1300", "size = 1299"))
    with pytest.raises(BenchmarkResourceError, match=r"has 1300 organizations; .* announces 1299"):
        load_reference_file(sidecar, load_catalogue())
    data = tmp_path / "reference-synthetic-2018.csv"
    data.write_text(data.read_text().replace("SYN-0002,", "SYN-0001,", 1))
    with pytest.raises(BenchmarkResourceError, match="Row 3, column 'Identifier'"):
        load_reference_file(sidecar, load_catalogue())


def test_missing_and_broken_files(tmp_path: Path):
    with pytest.raises(BenchmarkResourceError, match="is missing"):
        load_catalogue(folder=tmp_path)
    (tmp_path / "catalogue-2018.toml").write_text("[catalogue\n")
    with pytest.raises(BenchmarkResourceError, match="not valid TOML"):
        load_catalogue(folder=tmp_path)
    (tmp_path / "catalogue-2018.toml").write_text('[catalogue]\nversion = "x"\n')
    with pytest.raises(CatalogueError, match="year must be a whole number"):
        load_catalogue(folder=tmp_path)
    (tmp_path / "bad.toml").write_text('name = "x"\n')
    with pytest.raises(BenchmarkResourceError, match=r"bad\.toml: missing or invalid"):
        load_reference_file(tmp_path / "bad.toml", load_catalogue())
