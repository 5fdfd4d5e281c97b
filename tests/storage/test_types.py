"""Column types: exact decimals and unambiguous instants, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Column, Engine, Integer, MetaData, Table, insert, select, text
from sqlalchemy.exc import StatementError

from escadesk.storage.types import DecimalText, UTCDateTime

metadata = MetaData()
things = Table(
    "thing",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("amount", DecimalText()),
    Column("moment", UTCDateTime()),
)


@pytest.fixture
def engine(engine_factory, db_url) -> Engine:
    engine = engine_factory(db_url)
    metadata.create_all(engine)
    return engine


def store(engine: Engine, **values) -> int:
    with engine.begin() as connection:
        return connection.execute(insert(things).values(**values)).inserted_primary_key[0]


def load(engine: Engine, key: int, column: str):
    with engine.connect() as connection:
        return connection.execute(select(things.c[column]).where(things.c.id == key)).scalar()


#: How each engine names what a column stores: text on SQLite (never a REAL), a string
#: and a timestamp without a zone (naive UTC) on PostgreSQL.
KINDS = {
    "sqlite": {"amount": "text", "moment": "text"},
    "postgresql": {"amount": "character varying", "moment": "timestamp without time zone"},
}


def raw(engine: Engine, key: int, column: str):
    """The stored value as text, and what the engine says it stores."""
    if engine.dialect.name == "sqlite":
        query = f"SELECT {column}, typeof({column}) FROM thing WHERE id = :id"
    else:
        query = (
            f"SELECT CAST({column} AS TEXT), CAST(pg_typeof({column}) AS TEXT) "
            "FROM thing WHERE id = :id"
        )
    with engine.connect() as connection:
        return connection.execute(text(query), {"id": key}).one()


@pytest.mark.parametrize(
    "amount",
    ["3000.00", "2654.87", "0.00", "0", "-12.345", "0.10", "0.14975", "12345678901234567890.12"],
)
def test_decimal_round_trips_exactly(engine: Engine, amount: str) -> None:
    key = store(engine, amount=Decimal(amount))
    loaded = load(engine, key, "amount")
    assert isinstance(loaded, Decimal)
    assert str(loaded) == amount  # same digits and exponent, not just an equal value
    assert raw(engine, key, "amount") == (amount, KINDS[engine.dialect.name]["amount"])


@settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    amount=st.decimals(
        min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=5, allow_nan=False
    )
)
def test_decimal_round_trip_property(engine: Engine, amount: Decimal) -> None:
    loaded = load(engine, store(engine, amount=amount), "amount")
    assert loaded.as_tuple() == amount.as_tuple()


@pytest.mark.parametrize("value", [0.1, 3000.0, 13, "3000.00"])
def test_decimal_column_refuses_anything_but_decimal(engine: Engine, value) -> None:
    with pytest.raises(StatementError) as refused:
        store(engine, amount=value)
    assert isinstance(refused.value.orig, TypeError)
    assert "Expected a Decimal" in str(refused.value.orig)


def test_decimal_null_stays_null(engine: Engine) -> None:
    assert load(engine, store(engine, amount=None), "amount") is None


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2018, 10, 2, 0, 0, tzinfo=ZoneInfo("America/Toronto")),
        datetime(2018, 10, 2, 6, 0, tzinfo=ZoneInfo("Europe/Berlin")),
        datetime(2018, 10, 2, 4, 0, tzinfo=UTC),
        datetime(2018, 10, 2, 9, 30, tzinfo=timezone(timedelta(hours=5, minutes=30))),
    ],
)
def test_instants_come_back_as_the_same_instant_in_utc(engine: Engine, moment: datetime) -> None:
    key = store(engine, moment=moment)
    loaded = load(engine, key, "moment")
    assert loaded == moment
    assert loaded.tzinfo is UTC
    assert loaded.replace(tzinfo=None) == datetime(2018, 10, 2, 4, 0)
    stored, kind = raw(engine, key, "moment")
    assert kind == KINDS[engine.dialect.name]["moment"]
    assert stored.startswith("2018-10-02 04:00:00")  # naive UTC on disk


def test_microseconds_survive(engine: Engine) -> None:
    moment = datetime(2018, 9, 28, 14, 0, 5, 123456, tzinfo=UTC)
    assert load(engine, store(engine, moment=moment), "moment") == moment


def test_naive_datetimes_are_refused(engine: Engine) -> None:
    with pytest.raises(StatementError) as refused:
        store(engine, moment=datetime(2018, 10, 2, 4, 0))
    assert isinstance(refused.value.orig, ValueError)
    assert "naive" in str(refused.value.orig)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM thing")).scalar() == 0


def test_datetime_null_stays_null(engine: Engine) -> None:
    assert load(engine, store(engine, moment=None), "moment") is None


@settings(
    max_examples=80,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    moment=st.datetimes(
        min_value=datetime(1900, 1, 1), max_value=datetime(2200, 12, 31), timezones=st.just(UTC)
    )
)
def test_instants_read_back_exactly_property(engine: Engine, moment: datetime) -> None:
    """SQLite's stored text is read straight into an aware datetime (issue 17's fast
    path): the same instant, in UTC, as written."""
    loaded = load(engine, store(engine, moment=moment), "moment")
    assert loaded == moment
    assert loaded.tzinfo is UTC


@pytest.mark.parametrize(
    ("stored", "expected"),
    [
        ("2018-10-02 04:00:00.000000", datetime(2018, 10, 2, 4, 0, tzinfo=UTC)),
        ("2018-10-02 04:00:00", datetime(2018, 10, 2, 4, 0, tzinfo=UTC)),
        ("2018-10-02 04:00:00.5", datetime(2018, 10, 2, 4, 0, 0, 500000, tzinfo=UTC)),
        ("2018-10-02T04:00:00.000001", datetime(2018, 10, 2, 4, 0, 0, 1, tzinfo=UTC)),
    ],
)
def test_instants_written_by_hand_read_as_before(
    engine: Engine, stored: str, expected: datetime
) -> None:
    """Text another tool (or an old migration) wrote in another shape is not the fast
    path's: it is read the general way, to the same instant."""
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO thing (id, moment) VALUES (1, :m)"), {"m": stored})
    loaded = load(engine, 1, "moment")
    assert loaded == expected
    assert loaded.tzinfo is UTC
