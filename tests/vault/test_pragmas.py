"""secure_delete, WAL and foreign keys are in force on the very connections that write
vault data (read through the engine, at the moment of each write)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import event, text
from vaultkit import ANDES, NORTHSHORE, PASSPHRASE, visa_form

from escadesk.app import Services
from escadesk.services import audit
from escadesk.services.vault import ErasureScope

EXPECTED = {"secure_delete": 1, "journal_mode": "wal", "foreign_keys": 1, "synchronous": 2}
VAULT_TABLES = ("card_authorization", "vault", "erasure")

pytestmark = pytest.mark.sqlite_only("SQLite's pragmas on the connections that write")


def _pragmas(execute: Callable[[str], Any]) -> dict[str, Any]:
    return {name: execute(f"PRAGMA {name}") for name in EXPECTED}


def test_pragmas_on_the_engine(services: Services) -> None:
    with services.context.database.engine.connect() as connection:
        assert _pragmas(lambda sql: connection.execute(text(sql)).scalar()) == EXPECTED


def test_pragmas_in_force_during_every_vault_write(
    services: Services, registration: Callable[[str], int], monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = services.context.database.engine
    seen: list[tuple[str, dict[str, Any]]] = []

    def before_cursor_execute(connection: Any, cursor: Any, statement: str, *_args: Any) -> None:
        words = statement.split()
        verb = words[0].upper() if words else ""
        writes_vault = verb in {"INSERT", "UPDATE", "DELETE"} and any(
            table in statement for table in VAULT_TABLES
        )
        if writes_vault or verb == "VACUUM":
            dbapi = connection.connection.dbapi_connection
            seen.append(
                (f"{verb} {statement[:40]}", _pragmas(lambda sql: dbapi.execute(sql).fetchone()[0]))
            )

    event.listen(engine, "before_cursor_execute", before_cursor_execute)
    in_transaction: list[dict[str, Any]] = []
    real_record = audit.record

    def record_and_look(session: Any, **entry: Any) -> None:
        in_transaction.append(_pragmas(lambda sql: session.execute(text(sql)).scalar()))
        real_record(session, **entry)

    monkeypatch.setattr(audit, "record", record_and_look)
    try:
        andes = registration(ANDES)
        services.vault.record(andes, visa_form())
        services.vault.reveal(andes, PASSPHRASE)
        services.vault.change_passphrase(PASSPHRASE, PASSPHRASE + "?", PASSPHRASE + "?")
        services.vault.erase(andes, "Card charged", ErasureScope.SENSITIVE)
        services.vault.erase(registration(NORTHSHORE), "Withdrawn")
    finally:
        event.remove(engine, "before_cursor_execute", before_cursor_execute)

    verbs = {label.split()[0] for label, _ in seen}
    assert {"INSERT", "UPDATE", "DELETE", "VACUUM"} <= verbs
    assert len(in_transaction) >= 7
    for label, pragmas in seen:
        assert pragmas == EXPECTED, label
    for pragmas in in_transaction:
        assert pragmas == EXPECTED
