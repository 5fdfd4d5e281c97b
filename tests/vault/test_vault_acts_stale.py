"""A vault act racing another desk's change of the same registration (issue 20): on a
server, recording a card while another desk steps the registration on made SQLAlchemy
raise a raw StaleDataError (found by bench/concurrency.py). It is refused in words, as
every other edit is (services/row_versions.py), and nothing is stored.

PostgreSQL only: on a SQLite file the card's transaction holds the file's write lock
from its first statement, so the other desk's change waits for it and cannot cut in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace

import pytest
from sqlalchemy import func, select
from vaultkit import ANDES, visa_form

from escadesk.app import AppConfig, Services, build_services
from escadesk.services import vault as vault_module
from escadesk.services.clock import FixedClock
from escadesk.services.row_versions import StaleEditError
from escadesk.storage.models import AuditEntry, CardAuthorization
from postgres_server import SKIP_REASON, server_url

pytestmark = pytest.mark.accepted_skip(SKIP_REASON)

OTHER = "hubert.lee"


@pytest.fixture
def other_desk(config: AppConfig, clock: FixedClock, services: Services) -> Iterator[Services]:
    if not server_url() or services.context.database.engine.dialect.name != "postgresql":
        pytest.skip(SKIP_REASON)
    desk = build_services(config, clock=clock, actor=OTHER)
    yield desk
    desk.close()


def test_recording_a_card_while_another_desk_changes_the_registration_is_refused(
    services: Services,
    other_desk: Services,
    registration: Callable[[str], int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    andes = registration(ANDES)
    real_check = vault_module.check_authorization

    (workshop,) = other_desk.workshops.list()
    (row,) = [row for row in other_desk.registrations.list(workshop.id) if row.id == andes]

    def other_desk_cuts_in(*args: object, **kwargs: object):
        # The registration is loaded in the card's transaction; another desk's session
        # edits it and commits before the card's transaction writes.
        changed = replace(row.details, contact_phone="+1 555 0100")
        other_desk.registrations.update_details(andes, changed, expected_version=row.version)
        return real_check(*args, **kwargs)

    def counts() -> tuple[int, int]:
        with services.context.database.reading() as session:
            cards = session.scalar(select(func.count()).select_from(CardAuthorization))
            entries = session.scalar(select(func.count()).select_from(AuditEntry))
            return int(cards or 0), int(entries or 0)

    monkeypatch.setattr(vault_module, "check_authorization", other_desk_cuts_in)
    before = counts()
    with pytest.raises(StaleEditError) as refused:
        services.vault.record(andes, visa_form())
    assert refused.value.message.startswith(
        f"The registration of {ANDES} was changed by {OTHER} at "
    )
    assert refused.value.message.endswith(" — reload to see the change; nothing was saved.")
    cards, entries = counts()
    assert (cards, entries) == (before[0], before[1] + 1)  # only the other desk's step
    monkeypatch.undo()
    services.vault.record(andes, visa_form())  # reloaded: stored
    stored = services.vault.masked(services.workshops.list()[0].id)[andes]
    assert stored.last4 == visa_form().digits[-4:]
