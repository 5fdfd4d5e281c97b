"""What the desk opens on, read behind the unlock page (issue 17): the picker's workshops,
the workshop last used and the first rows of a large one. MainWindow starts the read in
the background once the unlock page is painted, while the passphrase is typed; the
unlock then fills the desk from it instead of reading on the GUI thread (5-25 ms at 1,000
workshops and 10,000 registrations).

Nothing of it is shown before the unlock, and a read older than :data:`FRESH_SECONDS` is
not used (the page may have waited for hours: the unlock reads again, as before). The
desk's full read after its first paint replaces the first rows anyway."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from escadesk.services.container import Services
    from escadesk.services.desk_view import DeskHead
    from escadesk.services.views import WorkshopSummary, WorkshopView

#: A read this old is read again at the unlock (another desk may have changed the data).
FRESH_SECONDS = 60.0


@dataclass(frozen=True)
class DeskOpening:
    workshops: list[WorkshopSummary]
    #: The workshop the desk opens on (None: there is none yet).
    workshop: WorkshopView | None
    #: Its first rows, if it is large (services/desk_view.py: DeskViewService.head).
    head: DeskHead | None
    read_at: float = field(default_factory=time.monotonic)

    def fresh(self) -> bool:
        return time.monotonic() - self.read_at < FRESH_SECONDS

    def opens_on(self, workshop_id: object) -> bool:
        """Whether this read is of ``workshop_id`` (its view and first rows)."""
        return self.workshop is not None and self.workshop.id == workshop_id


def chosen_workshop(workshops: list[WorkshopSummary], wanted: int | None) -> int | None:
    """The workshop the picker selects: ``wanted`` if listed, else the last one."""
    if any(workshop.id == wanted for workshop in workshops):
        return wanted
    return workshops[-1].id if workshops else None


def read_opening(services: Services, wanted: int | None, first_rows: int) -> DeskOpening:
    """Read off the GUI thread (each service call is its own reading session)."""
    workshops = services.workshops.list()
    chosen = chosen_workshop(workshops, wanted)
    if chosen is None:
        return DeskOpening(workshops, None, None)
    workshop = services.workshops.get(chosen)
    return DeskOpening(workshops, workshop, services.desk_view.head(chosen, first_rows))
