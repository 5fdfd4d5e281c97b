"""A small hand-checkable catalogue and reference organizations for the benchmarking maths."""

from __future__ import annotations

import copy
from collections.abc import Callable
from types import MappingProxyType
from typing import Any

import pytest

from escadesk.domain.benchmarking import (
    Catalogue,
    ReferenceOrganization,
    ReferenceSet,
    parse_catalogue,
)

SMALL_CATALOGUE: dict[str, Any] = {
    "catalogue": {"version": "test.1", "year": 2018, "title": "Test catalogue"},
    "eligibility": {"committed_members": "1.1", "management_fte": "1.3", "member_types": "1.4"},
    "areas": [
        {"code": "A", "name": "Structure", "short_name": "Struct"},
        {"code": "B", "name": "Strategy"},
    ],
    "indicators": [
        {
            "code": "1.1",
            "area": "A",
            "label": "Committed members",
            "unit": "count",
            "min": 0,
            "max": 100000,
            "higher_is_better": True,
            "score_zero": 0,
            "score_full": 100,
            "recommendations": ["Recruit more members."],
        },
        {
            "code": "1.2",
            "area": "A",
            "label": "Member churn",
            "unit": "percent",
            "higher_is_better": False,
            "score_zero": 20,
            "score_full": 0,
            "recommendations": ["Ask leaving members why."],
        },
        {
            "code": "1.3",
            "area": "A",
            "label": "Management team",
            "unit": "fte",
            "min": 0,
            "max": 100,
            "higher_is_better": True,
            "score_zero": 0,
            "score_full": 5,
            "recommendations": ["Hire."],
        },
        {
            "code": "1.4",
            "area": "A",
            "label": "Member types",
            "unit": "count",
            "min": 0,
            "max": 9,
            "higher_is_better": True,
            "score_zero": 1,
            "score_full": 6,
            "recommendations": ["Invite universities."],
        },
        {
            "code": "2.1",
            "area": "B",
            "label": "Documented strategy",
            "unit": "yes_no",
            "higher_is_better": True,
            "recommendations": ["Write it down."],
        },
        {
            "code": "2.2",
            "area": "B",
            "label": "Focus",
            "unit": "ordinal",
            "higher_is_better": True,
            "recommendations": ["Sharpen the focus."],
        },
    ],
}


@pytest.fixture
def catalogue_data() -> dict[str, Any]:
    """A fresh copy of the small catalogue's mapping (tests may break it)."""
    return copy.deepcopy(SMALL_CATALOGUE)


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    """The small catalogue, parsed (immutable, so shared)."""
    return parse_catalogue(SMALL_CATALOGUE)


MakeOrg = Callable[..., ReferenceOrganization]


@pytest.fixture
def make_org() -> MakeOrg:
    """``make_org("R1", {"1.1": 50}, area="ICT", country="Germany")``."""

    def make(
        identifier: str,
        values: dict[str, float],
        *,
        area: str = "ICT",
        country: str = "Germany",
    ) -> ReferenceOrganization:
        return ReferenceOrganization(
            identifier=identifier,
            country=country,
            technology_area=area,
            year=2018,
            label=None,
            values=MappingProxyType(dict(values)),
        )

    return make


@pytest.fixture
def make_set() -> Callable[..., ReferenceSet]:
    def make(*organizations: ReferenceOrganization, synthetic: bool = False) -> ReferenceSet:
        return ReferenceSet(
            name="Test set",
            organizations=tuple(organizations),
            catalogue_version="test.1",
            synthetic=synthetic,
        )

    return make
