"""Issue 21: a file name from a whole translated pattern follows file_stem's rules (safe on
every system, the title gives way first) and gives English exactly what file_stem gave."""

from __future__ import annotations

from datetime import date

import pytest

from escadesk.domain.file_names import MAX_STEM, file_stem, pattern_stem
from escadesk.notifications.draft_names import DraftName

DAY = date(2018, 10, 4)
TITLE = "ESCA Cluster Benchmarking Workshop (TCI 2018)"


@pytest.mark.parametrize("title", [TITLE, TITLE * 4, ""])
@pytest.mark.parametrize("about", ["Northshore Photonics Cluster", "Ørsted / Fyn: Cluster " * 9])
def test_locale_english_pattern_is_file_stem(title: str, about: str) -> None:
    pattern = "{title} {date} confirmation - {organization}"
    assert pattern_stem(pattern, title, DAY, about) == file_stem(
        title, DAY, "confirmation", about=about
    )
    assert DraftName.CONFIRMED.stem("en_CA", title, DAY, about) == file_stem(
        title, DAY, "confirmation", about=about
    )


def test_locale_french_pattern_is_safe_and_trimmed() -> None:
    stem = DraftName.WAITLISTED.stem("fr_CA", TITLE * 3, DAY, "Grappe: Québec/Lévis")
    assert stem.endswith(" 2018-10-04 lettre de liste d'attente - Grappe - Québec-Lévis")
    assert len(stem) <= MAX_STEM and "…" in stem
    assert not set(stem) & set('<>:"/\\|?*')
    assert DraftName.INVITATION_TO_ALL.stem("fr_CA", TITLE, DAY) == (
        f"{TITLE} 2018-10-04 invitation à tous les délégués"
    )
