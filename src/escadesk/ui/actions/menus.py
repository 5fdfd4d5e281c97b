"""The menu bar's menus, in order, by key: all the first paint needs of the commands
(their titles); the commands themselves (ui/actions/area.py and the areas) are built
right after it (ui/main_window.py, issue 17)."""

from __future__ import annotations

from escadesk.i18n import N_, _

#: The menu bar, in order. An area names the menu by its key.
#: The titles are marked for extraction only: ``menu_title`` translates them when shown.
MENUS: dict[str, str] = {
    "file": N_("&File"),
    "workshop": N_("&Workshop"),
    "registration": N_("&Registration"),
    "benchmarking": N_("&Benchmarking"),
    "view": N_("&View"),
    "help": N_("&Help"),
}


def menu_title(key: str) -> str:
    """The menu's title in the window's language."""
    return _(MENUS[key])
