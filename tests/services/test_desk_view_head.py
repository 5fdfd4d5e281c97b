"""A large workshop's first rows (services/desk_view.py ``head``, issue 17): the first
registrations in the table's default order (organization, case-insensitive, then
registration order), the same as a whole read sorted, in a number of statements that does
not grow with the workshop; a small workshop is read whole (None)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from sqlalchemy import update

from bench_exports import bench_exports
from escadesk.app import Services
from escadesk.services import desk_view
from escadesk.storage import models
from statement_counter import statements

SMALL, LARGE = 10, 200


@pytest.fixture(scope="module")
def bench() -> Iterator[ModuleType]:
    with bench_exports("escadesk_bench_exports_desk_head") as module:
        yield module


@pytest.fixture
def built(bench: ModuleType, tmp_path: Path) -> Iterator[tuple[Services, int, int]]:
    services, (small, large) = bench.build(
        tmp_path / "data", workshops=1, per_workshop=SMALL, large=LARGE
    )
    yield services, small, large
    services.close()


def default_order(rows: tuple[desk_view.DeskRow, ...]) -> list[int]:
    """The table's first sort: Python's stable sort by the folded name, from registration
    order (ui/registrations_model.py)."""
    return [row.id for row in sorted(rows, key=lambda row: row.organization.casefold())]


def test_a_small_workshop_is_read_whole(built: tuple[Services, int, int]) -> None:
    services, small, large = built
    assert services.desk_view.head(small, 5) is None
    assert services.desk_view.head(large, 5) is None  # 200 <= HEAD_ABOVE


def test_the_head_is_the_first_rows_of_a_whole_read_in_the_default_order(
    built: tuple[Services, int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    services, _small, large = built
    # Names that fold otherwise than SQL's lower() would, and ties broken by registration.
    traps = ["ßeta", "SSeta", "Ǆemal", "ǆemal", "KELVIN", "kelvin", "Σίσυφος", "σίσυφος"]
    with services.context.database.transaction() as session:
        ids = [row.id for row in services.desk_view.load(large).rows]
        for position, name in zip(range(0, len(ids), 7), traps * 3, strict=False):
            organization = session.get(models.Registration, ids[position]).organization_id
            session.execute(
                update(models.Organization)
                .where(models.Organization.id == organization)
                .values(name=name)
            )
    monkeypatch.setattr(desk_view, "HEAD_ABOVE", 50)
    whole = services.desk_view.load(large)
    for count in (1, 7, 40):
        head = services.desk_view.head(large, count)
        assert head is not None
        assert head.total == LARGE
        assert [row.id for row in head.rows] == sorted(
            (row.id for row in head.rows), key=[r.id for r in whole.rows].index
        )  # registration order, as a whole read
        expected = default_order(whole.rows)[:count]
        assert default_order(head.rows) == expected
        by_id = {row.id: row for row in whole.rows}
        assert all(row == by_id[row.id].placed(None) for row in head.rows)


#: Names whose case folds otherwise in SQL's lower() than in Python's casefold.
TRAPS = [
    "ßeta",
    "SSeta",
    "sseta",
    "Ǆemal",
    "ǅemal",
    "ǆemal",
    "\u212aelvin",
    "KELVIN",
    "kelvin",
    "Σίσυφος",
    "σίσυφος",
    "ςίσυφος",
    "Ärzte",
    "ärzte",
    "Zeta",
    "İstanbul",
    "istanbul",
    "ﬁnance",
    "FINANCE",
]


@pytest.mark.sqlite_only("SQLite's casefold function (storage/engine.py); PostgreSQL reads")
def test_sqlite_sorts_by_python_casefold_as_the_read_path_does(
    built: tuple[Services, int, int],
) -> None:
    """The SQL function is Python's casefold: the first ids SQLite picks are the ones a
    read of every name sorted in Python picks, with names that SQL's lower() folds
    otherwise, each planted twice so that ties fall back on registration order."""
    services, _small, large = built
    with services.context.database.transaction() as session:
        ids = [row.id for row in services.desk_view.load(large).rows]
        for position, name in zip(range(0, len(ids), 5), TRAPS * 2, strict=False):
            organization = session.get(models.Registration, ids[position]).organization_id
            session.execute(
                update(models.Organization)
                .where(models.Organization.id == organization)
                .values(name=name)
            )
    with services.context.database.reading() as session:
        connection = session.connection()
        assert connection.dialect.name == "sqlite"
        for count in (1, 10, 39, LARGE):
            in_sql = desk_view._first_ids_sqlite(connection, large, count)
            assert in_sql == desk_view._first_ids_read(connection, large, count)
        names = connection.exec_driver_sql(
            "SELECT name FROM organization ORDER BY escadesk_casefold(name), id"
        ).scalars()
        folded = [name.casefold() for name in names]
    assert folded == sorted(folded)
    assert "ss" in "".join(folded) and "\u212a" not in "".join(folded)


def test_the_head_reads_as_many_statements_for_200_registrations_as_for_10(
    built: tuple[Services, int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both workshops of one database (a second one built beside it would reuse the
    first's workshop codes on a PostgreSQL server, one database a test)."""
    services, small, large = built
    monkeypatch.setattr(desk_view, "HEAD_ABOVE", 5)
    services.desk_view.head(small, 8)
    few = statements(services, lambda: services.desk_view.head(small, 8))
    services.desk_view.head(large, 8)
    many = statements(services, lambda: services.desk_view.head(large, 8))
    assert len(many) == len(few) <= 6, (few, many)
