"""Python's cycle collector, tuned for a desk holding thousands of rows (issue 17).

By the time the data is open, the process holds ~110,000 container objects that live as
long as it does: modules, classes, functions, SQLAlchemy's mappers, Qt's wrappers. With
the default policy every full collection walks all of them again (plus the desk's rows):
54 ms idle, 250-450 ms under load with 10,000 registrations, landing in whichever click
happened to allocate the object that tipped it over (one decision dry run in three, some
refreshes).

:func:`settle` therefore collects once and then *freezes* what is alive
(``gc.freeze()``): frozen objects move to a permanent generation that no collection walks.
The trade-off: a frozen object is never cycle-collected. Reference counting still frees
it (a dropped row, a closed dialog), but a reference cycle among frozen objects that
later becomes garbage is leaked until the next :func:`settle`. Hence it runs only where
nothing transient is alive: once the data is open and the unlock page waits for the
passphrase (no desk, no dialog, no snapshot of rows yet). Each opening of the data (a
restore, another folder) unfreezes first, so whatever the previous data left in cycles
(its services, engine, sessions) is collected then rather than kept.

The young generation's threshold goes from 700 to :data:`YOUNG_THRESHOLD` allocations: a
read of 10,000 rows allocates ~100,000 objects, and with 700 the collector ran 140 times
during it, promoting the rows still being built into older generations that later
collections walk again. A larger threshold lets more short-lived objects die by reference
counting before any collection sees them; each young collection walks at most that many
objects (about a millisecond), and a garbage cycle waits a little longer (kilobytes).
"""

from __future__ import annotations

import gc

#: Allocations (net of frees) of container objects between two young collections
#: (Python's default: 700). The older generations keep their default ratios (10, 10).
YOUNG_THRESHOLD = 5_000


def resume() -> None:
    """Collect again (the start turns collection off until the first paint)."""
    gc.enable()


def settle() -> None:
    """Collect everything, then freeze what survives, and set the young threshold.

    Call at a quiet moment where everything alive is permanent (see the module's
    docstring): the application calls it when the data has been opened. Costs one full
    collection (tens of ms), once per opening.
    """
    gc.enable()  # in case the window never painted (hidden at start)
    gc.unfreeze()  # whatever an earlier opening froze is collectable again
    gc.collect()
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, middle, old)
