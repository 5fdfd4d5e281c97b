"""The benchmarking files shipped with the app: indicator catalogues and the synthetic
reference set (``resources/benchmarking/``).

A reference set ships as a CSV (read by the same importer as a user's file, so it obeys
the same rules) plus a TOML sidecar describing it (name, synthetic or not, catalogue
version, generator and seed). The sidecar is how a synthetic set is recognized: its
``synthetic = true`` travels into :class:`~escadesk.domain.benchmarking.ReferenceSet`.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from escadesk.domain.benchmarking import Catalogue, ReferenceSet, parse_catalogue
from escadesk.importing.reference import load_reference_set
from escadesk.resource_files import resources_dir

CURRENT_CATALOGUE = "catalogue-2018.toml"
SYNTHETIC_REFERENCE = "reference-synthetic-2018.toml"


class BenchmarkResourceError(ValueError):
    """A shipped benchmarking file is missing or broken (an installation problem)."""


@dataclass(frozen=True, slots=True)
class ReferenceSetInfo:
    """The sidecar of a shipped reference set."""

    name: str
    synthetic: bool
    catalogue_version: str
    year: int
    data_file: Path
    """The CSV with the organizations."""
    size: int
    """Organizations the sidecar announces (checked against the CSV on loading)."""
    seed: int | None
    generator: str | None


def benchmarking_dir() -> Path:
    """``resources/benchmarking`` (see :mod:`escadesk.resource_files`)."""
    return resources_dir() / "benchmarking"


def load_catalogue(file_name: str = CURRENT_CATALOGUE, folder: Path | None = None) -> Catalogue:
    """The indicator catalogue ``file_name`` (default: the current one)."""
    path = (folder or benchmarking_dir()) / file_name
    return parse_catalogue(_read_toml(path))


def read_reference_info(sidecar: Path) -> ReferenceSetInfo:
    """Read a reference set's TOML sidecar."""
    data = _read_toml(sidecar)
    try:
        name = data["name"]
        data_file = sidecar.parent / data["data"]
        info = ReferenceSetInfo(
            name=str(name),
            synthetic=bool(data.get("synthetic", False)),
            catalogue_version=str(data["catalogue_version"]),
            year=int(data["year"]),
            data_file=data_file,
            size=int(data["size"]),
            seed=int(data["seed"]) if "seed" in data else None,
            generator=str(data["generator"]) if "generator" in data else None,
        )
    except (KeyError, TypeError, ValueError) as error:
        raise BenchmarkResourceError(f"{sidecar.name}: missing or invalid {error}") from error
    return info


def load_reference_file(sidecar: Path, catalogue: Catalogue) -> ReferenceSet:
    """The reference set described by ``sidecar`` (its CSV read with the importer)."""
    info = read_reference_info(sidecar)
    if info.catalogue_version != catalogue.version:
        raise BenchmarkResourceError(
            f"{sidecar.name} was made for catalogue {info.catalogue_version}, "
            f"not {catalogue.version}"
        )
    result = load_reference_set(info.data_file, catalogue)
    if not result.ok:
        details = "; ".join(str(problem) for problem in result.problems[:5])
        raise BenchmarkResourceError(
            f"{info.data_file.name} is not a valid reference set: {details}"
        )
    if len(result.organizations) != info.size:
        raise BenchmarkResourceError(
            f"{info.data_file.name} has {len(result.organizations)} organizations; "
            f"{sidecar.name} announces {info.size}"
        )
    return ReferenceSet(
        name=info.name,
        organizations=result.organizations,
        catalogue_version=info.catalogue_version,
        synthetic=info.synthetic,
    )


def load_synthetic_reference_set(catalogue: Catalogue | None = None) -> ReferenceSet:
    """The shipped synthetic reference set (about 1,300 generated organizations)."""
    return load_reference_file(
        benchmarking_dir() / SYNTHETIC_REFERENCE, catalogue or load_catalogue()
    )


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError as error:
        raise BenchmarkResourceError(f"The benchmarking file {path} is missing") from error
    except tomllib.TOMLDecodeError as error:
        raise BenchmarkResourceError(f"{path.name} is not valid TOML: {error}") from error
