"""Proposed file names: the workshop's title and date and what the file is, safe on
Windows, macOS and Linux, trimmed without losing the date or the kind, accents kept."""

from __future__ import annotations

from datetime import date

import pytest

from escadesk.domain.file_names import MAX_STEM, MIN_TITLE, file_name, file_stem, safe_stem

TITLE = "ESCA Cluster Benchmarking Workshop (TCI 2018)"
EVENT = date(2018, 10, 4)
REFUSED = set('<>:"/\\|?*') | {chr(code) for code in range(32)}


def test_title_date_and_kind_never_the_code() -> None:
    assert file_name(TITLE, EVENT, "roster", "xlsx") == (
        "ESCA Cluster Benchmarking Workshop (TCI 2018) 2018-10-04 roster.xlsx"
    )
    assert file_name("Benchmarking workshop", date(2018, 10, 15), "roster", ".xlsx") == (
        "Benchmarking workshop 2018-10-15 roster.xlsx"
    )


def test_a_file_about_one_organization_names_it_last() -> None:
    assert file_stem(TITLE, EVENT, "benchmarking report", "Northshore Photonics Cluster") == (
        "ESCA Cluster Benchmarking Workshop (TCI 2018) 2018-10-04 benchmarking report - "
        "Northshore Photonics Cluster"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('R&D: "Aero/Space" <Cluster>?', "R&D - 'Aero-Space' (Cluster)"),
        ("Back\\slash | pipe * star", "Back-slash - pipe star"),
        ("tab\tand\nnewline\x00", "tab and newline"),
        ("CON", "_CON"),
        ("aux.txt", "_aux.txt"),
        ("COM1 ", "_COM1"),
        ("  ends with dots and spaces...  ", "ends with dots and spaces"),
        (".hidden", "hidden"),
        ("", "file"),
        ("...", "file"),
    ],
)
def test_reserved_characters_and_names_are_replaced(text: str, expected: str) -> None:
    assert safe_stem(text) == expected


def test_accents_are_kept_and_composed() -> None:
    decomposed = "Pôle Sante\u0301 Québec"  # "é" typed as e + combining accent
    stem = file_stem(decomposed, EVENT, "liste des participants")
    assert stem == "Pôle Santé Québec 2018-10-04 liste des participants"
    assert "\u0301" not in stem


def test_a_long_title_gives_way_the_date_and_kind_stay() -> None:
    title = "The Annual International Cluster Excellence Benchmarking Workshop " * 4
    stem = file_stem(title, EVENT, "finance", "Northshore Photonics Cluster")
    assert len(stem) <= MAX_STEM
    assert stem.endswith("… 2018-10-04 finance - Northshore Photonics Cluster")
    assert stem.startswith("The Annual International Cluster")
    assert not set(stem) & REFUSED


def test_a_long_organization_gives_way_after_the_title() -> None:
    organization = "Réseau " + "très " * 60 + "long"
    stem = file_stem(TITLE, EVENT, "benchmarking report", organization)
    assert len(stem) <= MAX_STEM
    assert "2018-10-04 benchmarking report - Réseau très" in stem
    assert stem.endswith("…")
    assert len(stem.split(" 2018-10-04")[0]) >= MIN_TITLE


@pytest.mark.parametrize("title", ["x" * 500, "word " * 100, ':"<>|?*' * 40])
def test_every_name_is_short_and_safe(title: str) -> None:
    name = file_name(title, EVENT, "roster", "xlsx", about=title)
    stem = name.removesuffix(".xlsx")
    assert 0 < len(stem) <= MAX_STEM
    assert not set(name) & REFUSED
    assert stem == stem.strip(" .")
