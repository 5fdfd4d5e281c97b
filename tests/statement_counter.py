"""The SQL statements an action issues, counted on the services' engine: how the tests
show that a read does not grow with the number of registrations (issue 17)."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import event

from escadesk.services.container import Services


def statements(services: Services, action: Callable[[], object]) -> list[str]:
    """Run ``action`` and return every statement it sent to the database, in order."""
    seen: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        seen.append(statement)

    engine = services.context.database.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        action()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return seen
