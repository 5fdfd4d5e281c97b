"""Two desks drawing the first invoice number of a year at the same moment: the second
waits for the first's commit and counts on from it; neither transaction fails.

On PostgreSQL only (SQLite has one writer at a time): the counter row does not exist yet,
so both transactions try to create it; a plain INSERT would fail the second one, and with
it the charge it documents.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, create_engine
from sqlalchemy.orm import Session

from escadesk.domain.invoicing import DocumentKind
from escadesk.services.invoice_records import allocate_number
from escadesk.storage import models
from postgres_server import SKIP_REASON, fresh_database

pytestmark = pytest.mark.accepted_skip(SKIP_REASON)


@pytest.fixture
def engine() -> Iterator[Engine]:
    with fresh_database() as url:
        engine = create_engine(url)
        models.Base.metadata.create_all(engine)
        try:
            yield engine
        finally:
            engine.dispose()


def test_two_desks_draw_the_first_number_of_a_year_at_once(engine: Engine) -> None:
    first = Session(engine)
    first.begin()
    drawn_first = allocate_number(first, DocumentKind.INVOICE, 2018)  # row created, held
    drawn_second: list[str] = []
    failures: list[BaseException] = []

    def second_desk() -> None:
        try:
            with Session(engine) as session, session.begin():
                drawn_second.append(allocate_number(session, DocumentKind.INVOICE, 2018))
        except BaseException as error:  # reported below, with the test's own assertion
            failures.append(error)

    thread = threading.Thread(target=second_desk)
    thread.start()
    thread.join(timeout=1.0)
    assert thread.is_alive(), "the second desk must wait for the first one's commit"
    first.commit()
    first.close()
    thread.join(timeout=30)
    assert not failures
    assert (drawn_first, drawn_second) == ("INV-2018-0001", ["INV-2018-0002"])


def test_a_rolled_back_first_number_is_drawn_again(engine: Engine) -> None:
    with Session(engine) as session:
        session.begin()
        assert allocate_number(session, DocumentKind.CREDIT_NOTE, 2019) == "CN-2019-0001"
        session.rollback()
    with Session(engine) as session, session.begin():
        assert allocate_number(session, DocumentKind.CREDIT_NOTE, 2019) == "CN-2019-0001"
