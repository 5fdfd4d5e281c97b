"""A closed database stays closed (storage/database.py ``Database.close``): a session asked
of it afterwards is refused instead of SQLAlchemy quietly opening a new connection that
nobody would close (on a server psycopg then warned when it was collected, in whichever
test ran then; on a SQLite file the data's lock was already released)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from escadesk.storage.database import Database, DatabaseClosedError
from escadesk.storage.models import Workshop


def test_a_closed_database_refuses_sessions_and_opens_no_connection(
    db_url: str, backup_dir: Path, moment: datetime
) -> None:
    database = Database.open(db_url, backup_dir, moment)
    with database.reading() as session:
        assert session.scalars(select(Workshop)).all() == []
    database.close()

    with pytest.raises(DatabaseClosedError, match="was closed"), database.reading():
        pass
    with pytest.raises(DatabaseClosedError, match="was closed"), database.transaction():
        pass
    assert database.engine.pool.checkedin() == 0  # nothing reopened behind its back
    assert database.engine.pool.checkedout() == 0
