"""Live changes between desks (issue 20): on PostgreSQL a committed change is announced
(LISTEN/NOTIFY) to every other desk, a rolled-back one never, and a desk does not hear its
own; the listener can be reconnected after the server dropped it. On SQLite: nothing.

The server tests run with ESCADESK_TEST_DATABASE_URL (tests/postgres_server.py).
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text

from escadesk.app import AppConfig, Services, build_services
from escadesk.services import audit
from escadesk.services.clock import FixedClock
from escadesk.services.demo import announcement_workshop
from escadesk.services.live_changes import Change, ChangeFeed, ListenerLost, decode, encode
from escadesk.storage.data_lock import DataLease
from postgres_server import SKIP_REASON, server_url

OTHER = "hubert.lee"


def wait_for(feed: ChangeFeed, count: int = 1, seconds: float = 5.0) -> list[Change]:
    """The changes heard until ``count`` arrived (or the time is up: fewer)."""
    heard: list[Change] = []
    deadline = time.monotonic() + seconds
    while len(heard) < count and time.monotonic() < deadline:
        heard.extend(feed.receive())
        time.sleep(0.01)
    return heard


@pytest.fixture
def other_desk(config: AppConfig, clock: FixedClock, services: Services) -> Iterator[Services]:
    """Another desk on the same database (its own engine); the data lock is not tested."""
    desk = build_services(
        config, clock=clock, actor=OTHER, data_lock=lambda _url, _program: DataLease()
    )
    yield desk
    desk.close()


@pytest.fixture
def on_server(services: Services) -> None:
    if services.context.database.engine.dialect.name != "postgresql":
        pytest.skip(SKIP_REASON)


@pytest.fixture
def feed(services: Services, on_server: None) -> Iterator[ChangeFeed]:
    """This desk's ear, connected."""
    ear = ChangeFeed(services.context)
    ear.connect()
    yield ear
    ear.close()


def test_a_payload_reads_back_and_a_foreign_one_is_ignored() -> None:
    change = Change("abc", frozenset({3}), frozenset({7, 9}), frozenset({"registration"}), 42, "x")
    assert decode(encode(change)) == change
    assert decode("hello") is None and decode('{"v": 2, "o": "x"}') is None
    many = Change("abc", frozenset({3}), frozenset(range(5000)), frozenset({"registration"}))
    assert len(encode(many)) < 8000 and decode(encode(many)).registration_ids is None


@pytest.mark.sqlite_only("SQLite has no LISTEN/NOTIFY: the feed must do nothing there")
def test_on_sqlite_there_is_nothing_to_listen_to(services: Services) -> None:
    ear = ChangeFeed(services.context)
    assert not ear.available
    ear.connect()
    assert not ear.connected


@pytest.mark.accepted_skip(SKIP_REASON)
def test_a_change_committed_by_one_desk_reaches_the_other(
    services: Services, other_desk: Services, feed: ChangeFeed, details, add_delegates
) -> None:
    workshop_id = other_desk.workshops.create(announcement_workshop())
    (created,) = wait_for(feed)
    assert created.workshop_ids == {workshop_id} and created.registration_ids is None
    assert "workshop" in created.entities and created.actor == OTHER
    add_delegates(workshop_id, [details(1).contact_email])  # this desk's: not heard

    registration_id = other_desk.registrations.register(workshop_id, details(1))
    (registered,) = wait_for(feed)
    assert registered.workshop_ids == {workshop_id}
    assert registered.registration_ids == {registration_id}
    with services.context.database.reading() as session:
        newest = audit.head(session)
    assert newest is not None and registered.audit_id == newest.last_id


@pytest.mark.accepted_skip(SKIP_REASON)
def test_a_rolled_back_change_says_nothing_and_a_desk_does_not_hear_itself(
    services: Services, other_desk: Services, feed: ChangeFeed, details, add_delegates
) -> None:
    workshop_id = services.workshops.create(announcement_workshop())  # this desk's own
    add_delegates(workshop_id, [details(1).contact_email])
    with pytest.raises(RuntimeError), other_desk.context.database.transaction() as session:
        audit.record_now(
            session,
            other_desk.context,
            action="test.nothing",
            entity="workshop",
            entity_id=workshop_id,
            workshop_id=workshop_id,
            summary="rolled back",
        )
        raise RuntimeError("the use case failed after its audit entry")
    marker = other_desk.registrations.register(workshop_id, details(1))

    heard = wait_for(feed, count=2, seconds=1.0)  # a wait: only the marker may come

    assert [change.registration_ids for change in heard] == [{marker}]


@pytest.mark.accepted_skip(SKIP_REASON)
def test_the_listener_reconnects_after_the_server_dropped_it(
    services: Services, other_desk: Services, feed: ChangeFeed, details
) -> None:
    pid = feed.backend_pid
    admin = create_engine(server_url(), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    finally:
        admin.dispose()
    with pytest.raises(ListenerLost):
        wait_for(feed, seconds=5.0)
    assert not feed.connected

    feed.connect()
    workshop_id = other_desk.workshops.create(announcement_workshop())
    (created,) = wait_for(feed)
    assert created.workshop_ids == {workshop_id} and feed.backend_pid != pid
