"""Generate the synthetic reference set of benchmarked clusters (NOT real clusters).

    python3 run.py python scripts/make_reference_set.py              # rewrite the shipped files
    python3 run.py python scripts/make_reference_set.py --out-dir /tmp/x --seed 7 --size 200

Writes ``reference-synthetic-2018.csv`` (one row per organization, identifiers
"SYN-0001"...) and its sidecar ``reference-synthetic-2018.toml`` (name "Synthetic
reference set (not real clusters)", ``synthetic = true``, seed, size, generator): the app
reads the sidecar to label every report made against it as synthetic.

Deterministic for a seed: only ``random.Random(seed)`` with ``random()``, ``gauss()``,
``choices()`` and ``shuffle()`` is used (stable across Python versions), and values are
written with fixed rounding, so regenerating gives identical bytes.

Model (distributions from ESCA material, see the module constants):

* two latent factors per organization: *quality* q and *size* s (standard normal,
  correlation 0.3). Size drives members, staff and budget (bigger clusters have more
  staff and budget); quality drives most other indicators, so composite scores spread
  the way ESCA's do (mean ~65 %, sd ~12, 10-15 % at 80 % or more);
* committed members: lognormal, median ~70, IQR ~35-150, at least 15, at most 600;
* SME share: mean ~65 %; member types: 2-9;
* management staff: lognormal, median ~3 FTE, at least 0.5; budget: EUR 100-150k per
  FTE (median ~EUR 350k); private funding share median ~45 % (public ~55 %);
* age of the cluster management: lognormal, median ~9 years, 1-25;
* service types: Poisson, mean ~8;
* every other indicator: its catalogue scale position ``centre + spread * z`` with
  ``z = loading * q + noise``, turned into a value of the indicator's unit;
* about 1.5 % of the values are missing (never the three eligibility figures).
"""

from __future__ import annotations

import argparse
import csv
import math
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from statistics import NormalDist

from escadesk.benchmark_resources import benchmarking_dir, load_catalogue
from escadesk.domain.benchmarking import (
    Catalogue,
    Indicator,
    Unit,
    composite_scores,
    format_value,
)

SEED = 2018
SIZE = 1300
CSV_NAME = "reference-synthetic-2018.csv"
SIDECAR_NAME = "reference-synthetic-2018.toml"
NAME = "Synthetic reference set (not real clusters)"
GENERATOR = "scripts/make_reference_set.py"

DESCRIPTIVE_HEADERS = ("Identifier", "Country", "Technology area", "Year", "Label")

# Europe-heavy, 48 countries (every one gets at least one organization).
COUNTRY_WEIGHTS: dict[str, float] = {
    "Germany": 14, "Spain": 9, "France": 7, "Italy": 6, "Austria": 5, "Poland": 5,
    "Netherlands": 4, "Belgium": 4, "Denmark": 4, "Sweden": 4, "Norway": 3, "Finland": 3,
    "Czechia": 3, "Hungary": 3, "Portugal": 3, "Romania": 3, "United Kingdom": 3,
    "Bulgaria": 2, "Slovakia": 2, "Slovenia": 2, "Croatia": 2, "Greece": 2, "Switzerland": 2,
    "Ireland": 1, "Estonia": 1.5, "Latvia": 1, "Lithuania": 1.5, "Luxembourg": 0.5,
    "Cyprus": 0.5, "Malta": 0.3, "Iceland": 0.3, "Serbia": 1, "North Macedonia": 0.5,
    "Montenegro": 0.3, "Bosnia and Herzegovina": 0.5, "Albania": 0.3, "Ukraine": 1,
    "Moldova": 0.3, "Türkiye": 1.5, "Georgia": 0.3, "Israel": 0.5, "Tunisia": 0.5,
    "Morocco": 0.5, "South Africa": 0.5, "Brazil": 0.5, "Mexico": 0.5, "Canada": 0.7,
    "South Korea": 0.8,
}  # fmt: skip
TECHNOLOGY_WEIGHTS: dict[str, float] = {
    "Production and engineering": 16,
    "Energy and environment": 15,
    "ICT": 13,
    "Health and medical science": 11,
    "Food industry": 9,
    "New materials and chemistry": 6,
    "Transportation and mobility": 6,
    "Biotechnology": 5,
    "Construction": 4,
    "Creative industries": 4,
    "Micro, nano and optical technologies": 4,
    "Aviation and space": 3,
    "Maritime technologies, water resources": 3,
    "Sports, leisure and tourism": 3,
}
YEAR_WEIGHTS: dict[int, float] = {2013: 5, 2014: 8, 2015: 12, 2016: 18, 2017: 25, 2018: 32}

SIZE_QUALITY_CORRELATION = 0.3
MEMBERS_MEDIAN, MEMBERS_SIGMA, MEMBERS_MIN, MEMBERS_MAX = 58.0, 1.28, 15, 600
"""Before keeping only 15-600: what is kept has a median of ~70 and an IQR of ~35-150."""
SME_CENTRE, SME_SIGMA = 0.69, 0.8  # logit scale; mean share ~0.65
FTE_MEDIAN, FTE_SIGMA, FTE_MIN = 3.0, 0.7, 0.5
EUR_PER_FTE_MEDIAN, EUR_PER_FTE_SIGMA = 118_000.0, 0.12
PRIVATE_SHARE_MEDIAN = 0.45
AGE_MEDIAN, AGE_SIGMA, AGE_MIN, AGE_MAX = 9.0, 0.5, 1, 25
SERVICE_TYPES_MEAN = 8.0

QUALITY_LOADING = 0.42
"""Correlation of each quality-driven indicator's position with the latent quality."""
CENTRE, SPREAD = 0.65, 0.30
"""Typical position of a quality-driven indicator on its 0-1 scale, and its spread."""
MISSING_SHARE = 0.015

YES_SHARES: dict[str, float] = {
    "4.1.1": 0.75,
    "4.1.2": 0.85,
    "4.1.3": 0.70,
    "4.1.4": 0.90,
    "4.1.5": 0.60,
    "4.1.6": 0.55,
}
"""Share of "yes" for the yes/no indicators (yes when the quality position is high)."""
DECIMALS: dict[Unit, int] = {
    Unit.COUNT: 0,
    Unit.NUMBER: 1,
    Unit.PERCENT: 0,
    Unit.YEARS: 1,
    Unit.FTE: 1,
    Unit.EUR: -3,
    Unit.ORDINAL: 0,
    Unit.YES_NO: 0,
}
"""Rounding of generated values per unit (-3: to the thousand)."""


@dataclass(frozen=True)
class Organization:
    identifier: str
    country: str
    technology_area: str
    year: int
    label: str | None
    values: dict[str, float]


def generate(catalogue: Catalogue, seed: int = SEED, size: int = SIZE) -> list[Organization]:
    """``size`` synthetic organizations, identical for identical arguments."""
    rng = random.Random(seed)
    countries = _spread(rng, COUNTRY_WEIGHTS, size)
    areas = _spread(rng, TECHNOLOGY_WEIGHTS, size)
    years = rng.choices(list(YEAR_WEIGHTS), weights=list(YEAR_WEIGHTS.values()), k=size)
    eligibility = catalogue.eligibility
    keep = {eligibility.committed_members, eligibility.management_fte, eligibility.member_types}
    organizations = []
    for number in range(size):
        values = _values(rng, catalogue)
        for code in list(values):
            if code not in keep and rng.random() < MISSING_SHARE:
                del values[code]
        overall = composite_scores(catalogue, values).overall
        organizations.append(
            Organization(
                identifier=f"SYN-{number + 1:04d}",
                country=countries[number],
                technology_area=areas[number],
                year=years[number],
                label=_label(rng, overall),
                values=values,
            )
        )
    return organizations


def _values(rng: random.Random, catalogue: Catalogue) -> dict[str, float]:
    quality = rng.gauss(0.0, 1.0)
    members = _members(rng, quality)
    size = (math.log(members) - math.log(MEMBERS_MEDIAN)) / MEMBERS_SIGMA  # as drawn
    fte = max(
        FTE_MIN,
        FTE_MEDIAN * math.exp(FTE_SIGMA * (0.6 * size + 0.2 * quality + 0.77 * rng.gauss(0, 1))),
    )
    fte = round(fte, 1)
    budget = fte * EUR_PER_FTE_MEDIAN * math.exp(EUR_PER_FTE_SIGMA * rng.gauss(0, 1))
    logit_private = _logit(PRIVATE_SHARE_MEDIAN) + 0.3 * quality + 0.7 * rng.gauss(0, 1)
    age = AGE_MEDIAN * math.exp(AGE_SIGMA * _correlated(rng, quality, 0.3))
    member_types = 4.6 + 0.5 * size + 0.8 * quality + 1.1 * rng.gauss(0, 1)
    sme_logit = SME_CENTRE + SME_SIGMA * rng.gauss(0, 1) + 0.1 * quality
    service_mean = SERVICE_TYPES_MEAN * math.exp(0.18 * quality - 0.18**2 / 2)
    fixed: dict[str, float] = {
        "1.1.2": members,
        "1.1.1a": 100 * _sigmoid(sme_logit),
        "1.1.1b": min(9, max(2, round(member_types))),
        "2.2.1": fte,
        "3.3": budget,
        "3.2": 100 * _sigmoid(logit_private),
        "2.1": min(AGE_MAX, max(AGE_MIN, round(age))),
        "4.3.1": _poisson(rng, service_mean),
    }
    values: dict[str, float] = {}
    for indicator in catalogue.indicators:
        if indicator.code in fixed:
            value = fixed[indicator.code]
        else:
            value = _quality_driven(rng, indicator, quality)
        values[indicator.code] = _rounded(indicator, value)
    return values


def _members(rng: random.Random, quality: float) -> int:
    """Committed members, lognormal, kept within [MEMBERS_MIN, MEMBERS_MAX]."""
    while True:
        size = _correlated(rng, quality, SIZE_QUALITY_CORRELATION)
        members = round(MEMBERS_MEDIAN * math.exp(MEMBERS_SIGMA * size))
        if MEMBERS_MIN <= members <= MEMBERS_MAX:
            return members


def _quality_driven(rng: random.Random, indicator: Indicator, quality: float) -> float:
    z = _correlated(rng, quality, QUALITY_LOADING)
    if indicator.unit is Unit.YES_NO:
        share = YES_SHARES.get(indicator.code, 0.7)
        yes = z > NormalDist().inv_cdf(1.0 - share)
        return 1.0 if yes == indicator.higher_is_better else 0.0
    position = CENTRE + SPREAD * z
    return indicator.score_zero + (indicator.score_full - indicator.score_zero) * position


def _rounded(indicator: Indicator, value: float) -> float:
    decimals = DECIMALS[indicator.unit]
    value = min(indicator.maximum, max(indicator.minimum, value))
    rounded = round(value, decimals)
    if decimals <= 0:
        rounded = float(int(rounded))
    return min(indicator.maximum, max(indicator.minimum, rounded)) + 0.0  # no "-0"


def _label(rng: random.Random, overall: float | None) -> str | None:
    draw = rng.random()
    if overall is not None and overall >= 0.80 and draw < 0.35:
        return "Gold"
    if overall is not None and overall >= 0.70 and draw < 0.20:
        return "Silver"
    return "Bronze" if draw < 0.90 else None


def _spread(rng: random.Random, weights: dict[str, float], size: int) -> list[str]:
    """``size`` draws by weight, with every key at least once (when size allows)."""
    keys = list(weights)
    picked = keys[: min(size, len(keys))]
    picked += rng.choices(keys, weights=list(weights.values()), k=size - len(picked))
    rng.shuffle(picked)
    return picked


def _correlated(rng: random.Random, factor: float, loading: float) -> float:
    return loading * factor + math.sqrt(1.0 - loading * loading) * rng.gauss(0.0, 1.0)


def _poisson(rng: random.Random, mean: float) -> int:
    """Knuth's method (fine for small means)."""
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def _logit(p: float) -> float:
    return math.log(p / (1.0 - p))


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


# ------------------------------------------------------------------ output


def write_reference_set(
    out_dir: Path, seed: int = SEED, size: int = SIZE, catalogue: Catalogue | None = None
) -> tuple[Path, Path]:
    """Generate and write the CSV and its sidecar into ``out_dir``; returns both paths."""
    catalogue = catalogue or load_catalogue()
    organizations = generate(catalogue, seed, size)
    out_dir.mkdir(parents=True, exist_ok=True)
    csv_path, sidecar_path = out_dir / CSV_NAME, out_dir / SIDECAR_NAME
    indicators = catalogue.indicators
    with csv_path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow([*DESCRIPTIVE_HEADERS, *(indicator.code for indicator in indicators)])
        for org in organizations:
            cells = [
                format_value(indicator, org.values[indicator.code])
                if indicator.code in org.values
                else ""
                for indicator in indicators
            ]
            descriptive = [org.identifier, org.country, org.technology_area, org.year]
            writer.writerow([*descriptive, org.label or "", *cells])
    sidecar_path.write_text(_sidecar(catalogue, seed, size), encoding="utf-8", newline="\n")
    return csv_path, sidecar_path


def _sidecar(catalogue: Catalogue, seed: int, size: int) -> str:
    return "\n".join(
        [
            f"# Written by {GENERATOR}; regenerate rather than edit.",
            f'name = "{NAME}"',
            "synthetic = true",
            'description = "Generated organizations with realistic distributions for '
            'demonstrations and tests. They are not real clusters."',
            f'catalogue_version = "{catalogue.version}"',
            f"year = {catalogue.year}",
            f"size = {size}",
            f"seed = {seed}",
            f'generator = "{GENERATOR}"',
            f'data = "{CSV_NAME}"',
            "",
        ]
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--out-dir", type=Path, default=None, help="default: the app's resources")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--size", type=int, default=SIZE)
    args = parser.parse_args(argv)
    csv_path, sidecar_path = write_reference_set(
        args.out_dir or benchmarking_dir(), args.seed, args.size
    )
    print(f"Wrote {csv_path} ({csv_path.stat().st_size:,} bytes) and {sidecar_path.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
