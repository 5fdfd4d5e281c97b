"""A writer for test_audit_appends: waits for the start signal, then appends N entries to
the audit log, each in its own transaction (as N use cases would)."""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from escadesk.services import audit
from escadesk.storage.database import Database
from escadesk.storage.engine import make_engine


def main(url: str, start: str, count: int, name: str) -> None:
    database = Database(make_engine(url))
    try:
        while not Path(start).exists():
            time.sleep(0.002)
        for number in range(count):
            with database.transaction() as session:
                audit.record(
                    session,
                    at=datetime.now(UTC),
                    actor=name,
                    action="note",
                    entity="test",
                    entity_id=None,
                    workshop_id=None,
                    summary=f"{name}: entry {number}",
                )
    finally:
        database.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4])
