"""The registrations table (ui/registrations_model.py, issue 17) shows the same rows in the
same order as the table before it (tests/ui/previous_registrations_model.py: Qt's
QSortFilterProxyModel over the old model), for every column sorted both ways one after
the other, searches typed a letter at a time, and "Hide withdrawn", on the demo
workshop and on generated rows full of ties, accents and case-folding traps."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import previous_registrations_model as previous
import pytest
from PySide6.QtCore import QSortFilterProxyModel, Qt

from escadesk.app import Services
from escadesk.domain.cards import CardBrand, MaskedCard
from escadesk.domain.money import Money
from escadesk.domain.registration import RegistrationStatus
from escadesk.services.charging import ChargeView
from escadesk.services.desk_rows import DeskRow, StoredCard
from escadesk.ui.main_window import MainWindow
from escadesk.ui.registrations_model import (
    COLUMNS,
    RegistrationsFilter,
    RegistrationsModel,
)
from statement_counter import statements

ZONE = ZoneInfo("America/Toronto")
START = datetime(2018, 9, 1, 9, 0, tzinfo=ZONE)
ASCENDING, DESCENDING = Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder
#: Names that tie, differ only by case or accent, or fold in more than one way.
NAMES = (
    "Zürich Straße Cluster",
    "ZÜRICH STRASSE CLUSTER",
    "Ørsted Energy Ring",
    "ærø maritime",
    "Kelvin \u212a Cluster",
    "Σίσυφος Cluster",
    "ΣΊΣΥΦΟΣ CLUSTER",
    "İstanbul Tech",
    "istanbul tech",
    "Andes AgriFood Alliance",
    "andes agrifood alliance",
    "Baltic Maritime Innovation Network",
)
COUNTRIES = ("Canada", "canada", "Chile", "Österreich", "Deutschland", "")
QUERIES = (
    "canada",
    "STRASSE",
    "straße",
    "zür",
    "ss",
    "σίσυφος",
    "k cluster",
    "istanbul",
    "✓",
    "✔  confirmed",
    "visa",
    "#1",
    "2018",
    "ref. approval",
    "not accepted",
    "@clusters",
    "zzz",
)


def generated(count: int = 240, seed: int = 17) -> list[DeskRow]:
    rng = random.Random(seed)
    rows = []
    for number in range(count):
        status = rng.choice(list(RegistrationStatus))
        done = status not in (
            RegistrationStatus.REGISTERED,
            RegistrationStatus.FORM_RECEIVED,
            RegistrationStatus.AUTHORIZATION_RECEIVED,
        )
        completed = START + timedelta(hours=rng.randrange(0, 40)) if done else None
        form = completed or (START if status is RegistrationStatus.FORM_RECEIVED else None)
        authorization = completed or (
            START if status is RegistrationStatus.AUTHORIZATION_RECEIVED else None
        )
        card = None
        if rng.random() < 0.5:
            brand = rng.choice(list(CardBrand))
            card = StoredCard(brand, rng.choice(("1111", "4444", "0005")), "active", START)
        charge = None
        if status is RegistrationStatus.CHARGED:
            charge = ChargeView(
                registration_id=number + 1,
                organization="",
                cardholder="A. Holder",
                card=str(MaskedCard(CardBrand.MASTERCARD, "4444")),
                amount=Money(Decimal(rng.choice(("2650.00", "3000.00"))), "CAD"),
                charged_on=date(2018, 10, rng.choice((1, 2, 2, 3))),
                reference=f"APPROVAL {rng.randrange(3):06d}",
                card_erase_due=START,
            )
        rows.append(
            DeskRow(
                id=number + 1,
                organization=rng.choice(NAMES),
                country=rng.choice(COUNTRIES),
                technology_area=rng.choice(("ICT", "Energy and environment", "ict")),
                contact_name=rng.choice(("Wei Chen", "wei chen", "Ærin Øster", "Sofia Muñoz")),
                contact_title="",
                contact_email=f"c{rng.randrange(30)}@clusters.example",
                contact_phone="",
                status=status,
                registered_at=START,
                form_received_at=form,
                authorization_received_at=authorization,
                completed_at=completed,
                late_accepted_reason=rng.choice((None, None, "Courier delay")),
                fee_gross=None,
                fee_notice_due=False,
                waitlist_position=rng.randrange(1, 12)
                if status is RegistrationStatus.WAITLISTED
                else None,
                card=card,
                charge=charge,
            )
        )
    return rows


@pytest.fixture
def demo_rows(demo_services: Services) -> list[DeskRow]:
    (workshop,) = demo_services.workshops.list()
    return list(demo_services.desk_view.load(workshop.id).rows)


class Tables:
    """The old table and the new, fed the same rows and asked the same things."""

    def __init__(self, rows: list[DeskRow]) -> None:
        self.old_model = previous.RegistrationsModel(ZONE)
        self.old = previous.RegistrationsFilter()
        self.old.setSourceModel(self.old_model)
        self.old.sort(0, ASCENDING)  # as the desk starts
        self.store = RegistrationsModel(ZONE)
        self.new = RegistrationsFilter(self.store)
        self.new.sort(0, ASCENDING)
        self.show(rows)

    def show(self, rows: list[DeskRow]) -> None:
        cards = {row.id: row.card_mask for row in rows if row.card is not None}
        charges = [row.charge for row in rows if row.charge is not None]
        registrations = [row.registration() for row in rows]
        self.old_model.set_rows(registrations, ZONE, cards, charges)
        self.new.show_rows(rows, ZONE, reset=True)

    def search(self, text: str) -> None:
        self.old.setFilterFixedString(text)
        self.new.setFilterFixedString(text)

    def sort(self, column: int, order: Qt.SortOrder) -> None:
        self.old.sort(column, order)
        self.new.sort(column, order)

    def hide_inactive(self, hide: bool) -> None:
        self.old.set_hide_inactive(hide)
        self.new.set_hide_inactive(hide)

    def shown(self, model: QSortFilterProxyModel | RegistrationsFilter) -> list[list[str]]:
        return [
            [model.index(row, column).data() for column in range(len(COLUMNS))]
            for row in range(model.rowCount())
        ]

    def ids(self) -> tuple[list[int], list[int]]:
        old = [
            self.old.index(row, 0).data(previous.ROW_ROLE).id for row in range(self.old.rowCount())
        ]
        new = [self.new.row_at(row).id for row in range(self.new.rowCount())]
        return old, new

    def check(self, what: str) -> None:
        old, new = self.ids()
        assert new == old, what
        assert self.shown(self.new) == self.shown(self.old), what


def typed(text: str) -> Iterator[str]:
    for end in range(1, len(text) + 1):
        yield text[:end]


@pytest.mark.parametrize("source", ["demo", "generated"])
def test_every_sort_and_search_shows_what_the_old_table_showed(
    qapp: object, source: str, request: pytest.FixtureRequest
) -> None:
    rows = request.getfixturevalue("demo_rows") if source == "demo" else generated()
    tables = Tables(rows)
    tables.check("as it starts: by organization")
    for column, spec in enumerate(COLUMNS):
        for order in (ASCENDING, DESCENDING):
            tables.sort(column, order)
            tables.check(f"sorted by {spec.title} {order.name}")
    for column in (0, 1, 7):  # columns full of ties: the order of the sort before counts
        for query in QUERIES:
            tables.search("")  # widening again: see the next test
            tables.show(rows)  # both start again from the rows' order
            tables.sort(column, ASCENDING)
            tables.check(f"sorted by column {column}")
            for text in typed(query):  # narrowing, a letter at a time
                tables.search(text)
                tables.check(f"sorted by column {column}, searching {text!r}")
    tables.search("cluster")
    tables.hide_inactive(True)
    tables.check("withdrawn hidden, searching")
    tables.sort(1, DESCENDING)
    tables.check("withdrawn hidden, sorted by status")
    tables.hide_inactive(False)  # widening again: see the next test
    tables.show(rows)
    tables.check("withdrawn shown again, sorted by status")


def test_a_search_that_widens_again_shows_the_same_rows(qapp: object) -> None:
    """Where the old proxy put the rows that come back after a search narrowed then
    widened depended on Qt's insertion among equal keys; the new table puts them back
    where they were. Same rows, same texts, in an order sorted by the column's keys."""
    tables = Tables(generated())
    tables.sort(1, ASCENDING)
    for query in QUERIES:
        tables.search(query)
        tables.search("")
        old, new = tables.ids()
        assert sorted(new) == sorted(old)
        keys = tables.store.column_keys(1)
        shown = [keys[position] for position in tables.new.positions()]
        assert shown == sorted(shown)


def test_a_refresh_redraws_only_what_changed_and_keeps_the_order(qapp: object) -> None:
    """Rows compared with those shown: an unchanged refresh changes nothing; a changed
    status moves its row to its sorted place; a new registration joins; the search and the
    sort stay; the result is what a table built from scratch on the same rows shows."""
    rows = generated()
    tables = Tables(rows)
    tables.sort(1, ASCENDING)
    tables.search("cluster")
    before = tables.ids()[1]
    tables.new.show_rows(list(rows), ZONE, reset=False)
    assert tables.ids()[1] == before
    changed = list(rows)
    changed[5] = changed[5]._replace(
        status=RegistrationStatus.CANCELLED, organization="Nordic Cluster"
    )
    changed.append(generated(1, seed=99)[0]._replace(id=10_000, organization="New Cluster"))
    tables.new.show_rows(changed, ZONE, reset=False)
    fresh = Tables(changed)
    fresh.sort(1, ASCENDING)
    fresh.search("cluster")
    assert sorted(tables.ids()[1]) == sorted(fresh.ids()[1])
    assert sorted(map(tuple, tables.shown(tables.new))) == sorted(
        map(tuple, fresh.shown(fresh.old))
    )
    keys = tables.store.column_keys(1)
    shown = [keys[position] for position in tables.new.positions()]
    assert shown == sorted(shown)


def _everything(model: RegistrationsModel) -> tuple[object, ...]:
    """Every text, key and search result of ``model``, whatever it had computed before."""
    columns = range(len(COLUMNS))
    return (
        [model.column_texts(column) for column in columns],
        [model.column_keys(column) for column in columns],
        [bytes(model.matching(query.casefold())) for query in QUERIES],
        bytes(model.active()),
    )


@pytest.mark.parametrize("computed", ["painted only", "search half built", "everything"])
@pytest.mark.parametrize("change", ["in place", "moved and added"])
def test_what_is_computed_late_matches_a_model_built_from_scratch(
    qapp: object, computed: str, change: str
) -> None:
    """Texts, keys and search texts are computed when first asked (issue 17); a change
    that arrives before, between or after they are must leave the model showing what a
    model built from the new rows shows."""
    rows = generated()
    model = RegistrationsModel(ZONE)
    model.set_rows(rows, ZONE)
    model.column_texts(0)  # what a first paint formats: the visible columns
    model.column_texts(1)
    if computed == "search half built":
        assert model.warm(len(rows) // 2) is False
    elif computed == "everything":
        _everything(model)
    changed = list(rows)
    changed[3] = changed[3]._replace(organization="Zürich Cluster", status=RegistrationStatus.LATE)
    changed[200] = changed[200]._replace(contact_email="NEW@example.org")
    if change == "moved and added":
        changed.insert(0, changed.pop(10))
        changed.append(generated(1, seed=5)[0]._replace(id=20_000, organization="Ωmega Cluster"))
    model.set_rows(changed, ZONE)
    fresh = RegistrationsModel(ZONE)
    fresh.set_rows(changed, ZONE)
    assert _everything(model) == _everything(fresh)


# -- the desk's refresh ----------------------------------------------------------------------


def _table(window: MainWindow) -> list[list[str]]:
    proxy = window.desk.proxy
    return [
        [proxy.index(row, column).data() for column in range(proxy.columnCount())]
        for row in range(proxy.rowCount())
    ]


def test_a_refresh_is_the_desks_one_read(window: MainWindow) -> None:
    """The window reads nothing besides services.desk_view.load (nothing is selected:
    no history to read either)."""
    services, workshop_id = window.services, window.workshop.id
    window.desk.table.clearSelection()
    load = statements(services, lambda: services.desk_view.load(workshop_id))
    assert len(statements(services, window.refresh)) == len(load)


def test_refreshing_only_the_registration_changed_shows_what_a_full_refresh_shows(
    window: MainWindow,
) -> None:
    services = window.services
    window.desk.table.sortByColumn(1, DESCENDING)
    window.desk.search.setText("@")  # every contact's e-mail: all shown, searched
    rows = services.registrations.list(window.workshop.id)
    registered = next(r.id for r in rows if r.status is RegistrationStatus.REGISTERED)
    window.select_registration(registered)
    assert window.selected_registration().id == registered
    services.registrations.record_form(registered)
    window.refresh(changed=[registered])
    partly = (_table(window), window.desk.dashboard.headline.text(), window.state)
    assert window.selected_registration().status is RegistrationStatus.FORM_RECEIVED
    window.refresh()
    assert (_table(window), window.desk.dashboard.headline.text(), window.state) == partly
