"""ESCA's technology areas (the "comparative portfolio" used to pick peers)."""

from __future__ import annotations

TECHNOLOGY_AREAS: tuple[str, ...] = (
    "Aviation and space",
    "Biotechnology",
    "Construction",
    "Creative industries",
    "Energy and environment",
    "Food industry",
    "Health and medical science",
    "ICT",
    "Maritime technologies, water resources",
    "Micro, nano and optical technologies",
    "New materials and chemistry",
    "Production and engineering",
    "Sports, leisure and tourism",
    "Transportation and mobility",
)


def canonical_technology_area(name: str) -> str | None:
    """The catalogue spelling of ``name`` (case and spacing ignored), or None if unknown."""
    wanted = " ".join(name.split()).casefold()
    for area in TECHNOLOGY_AREAS:
        if area.casefold() == wanted:
            return area
    return None
