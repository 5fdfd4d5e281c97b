"""What the window's commands depend on, in one value: the enable rule of every action
is a function of this state and nothing else.

The window builds it when a workshop is loaded (the facts that need a query: whether the
workshop proceeded, whether cards wait for erasure after the event, whether there is a
pitch order) and narrows it when the selection changes (the registration and its card),
so an area never queries the services to decide whether one of its commands is enabled.
Whether an event may happen to the selected registration is the domain's rule
(``escadesk.domain.registration.can``), asked here, written nowhere else.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from escadesk.domain.registration import RegistrationEvent
    from escadesk.services.vault import MaskedAuthorization
    from escadesk.services.views import RegistrationRow, WorkshopView


@dataclass(frozen=True)
class SelectionState:
    """The window's state as its commands see it."""

    #: The desk is shown (the vault is open); False while locked or opening.
    unlocked: bool = False
    #: A job that changes the data runs in the background (an erasure, a withdrawal):
    #: nothing else may start until it ends.
    busy: bool = False
    workshop: WorkshopView | None = None
    #: The masked card of each registration of the workshop that has one in the vault.
    cards: Mapping[int, MaskedAuthorization] = field(default_factory=dict)
    #: The workshop was decided and proceeds.
    proceeded: bool = False
    #: After the event: cards of waitlisted or withdrawn organizations wait for erasure.
    erasures_due: bool = False
    #: The workshop has organizations to put in a pitch order.
    has_pitch_order: bool = False
    #: The registration selected in the table, if any.
    registration: RegistrationRow | None = None

    @property
    def ready(self) -> bool:
        """Commands that touch the data may run."""
        return self.unlocked and not self.busy

    @property
    def has_workshop(self) -> bool:
        return self.ready and self.workshop is not None

    @property
    def has_registration(self) -> bool:
        return self.has_workshop and self.registration is not None

    @property
    def card(self) -> MaskedAuthorization | None:
        """The selected registration's card in the vault, if any."""
        if self.registration is None:
            return None
        return self.cards.get(self.registration.id)

    @property
    def has_card(self) -> bool:
        return self.has_registration and self.card is not None

    def allows(self, event: RegistrationEvent) -> bool:
        """Whether ``event`` may happen to the selected registration now."""
        # Here, not at the top: the window is built from this state before its first
        # paint, and the domain's registration rules are not needed then (issue 17).
        from escadesk.domain.registration import can

        row = self.registration
        return self.has_workshop and row is not None and can(row.status, event)

    def selecting(self, registration: RegistrationRow | None) -> SelectionState:
        return replace(self, registration=registration)

    def working(self, busy: bool) -> SelectionState:
        return replace(self, busy=busy)
