"""SQL past the models, on the SQLite file or the PostgreSQL database a test runs on
(tests/postgres_server.py): old rows written as an older escadesk stored them, and what
is stored read back the same way on both."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import closing
from typing import Any

from sqlalchemy import inspect, text
from sqlalchemy.engine import make_url

from escadesk.storage.engine import make_engine, sqlite_path
from escadesk.storage.sqlite_files import connect as sqlite_connect


def on_sqlite(url: str) -> bool:
    return sqlite_path(url) is not None


def plain_sql(url: str) -> Callable[..., list[tuple[Any, ...]]]:
    """``run(statement, *parameters)``: SQL (``?`` for each parameter) through a plain
    connection of the driver's, committed at once, as an attacker or a bug would write;
    SQLite's through escadesk's VFS, a server's through psycopg."""
    path = sqlite_path(url)

    def run(statement: str, *parameters: object) -> list[tuple[Any, ...]]:
        if path is not None:
            with closing(sqlite_connect(path)) as connection:
                rows = connection.execute(statement, parameters).fetchall()
                connection.commit()
                return rows
        import psycopg

        server = make_url(url).set(drivername="postgresql").render_as_string(False)
        with psycopg.connect(server) as connection:  # commits when the block ends
            cursor = connection.execute(statement.replace("?", "%s"), parameters)
            return [tuple(row) for row in cursor.fetchall()] if cursor.description else []

    return run


def audit_rows(url: str) -> list[tuple[Any, ...]]:
    """The audit log's action and summary, oldest first."""
    return query(url, "SELECT action, summary FROM audit_entry ORDER BY id")


def execute(url: str, statements: Iterable[str]) -> None:
    """Run ``statements`` in one transaction (dates and stamps as text, which both
    engines take: an older escadesk's rows as written)."""
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            for statement in statements:
                connection.execute(text(statement))
    finally:
        engine.dispose()


def query(url: str, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    """The rows of ``sql`` (parameters by name: ``:name``), as plain tuples."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(sql), params)]
    finally:
        engine.dispose()


def tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def columns(url: str, table: str) -> list[str]:
    engine = make_engine(url)
    try:
        return [column["name"] for column in inspect(engine).get_columns(table)]
    finally:
        engine.dispose()


def dump(url: str, rows: bool = True) -> list[str]:
    """Every schema object and row, as text: SQLite's own dump through a plain connection
    (the engine's pragmas would change the file); on a server, each table's columns,
    constraints, indexes and rows (``row TABLE (values)``) as the inspector and a plain
    SELECT see them (rows left out with ``rows=False``, for a schema alone)."""
    path = sqlite_path(url)
    if path is not None:
        with closing(sqlite_connect(path)) as connection:
            return list(connection.iterdump())
    engine = make_engine(url)
    try:
        found = inspect(engine)
        lines: list[str] = []
        with engine.connect() as connection:
            for table in sorted(found.get_table_names()):
                lines.append(f"table {table}")
                for column in found.get_columns(table):
                    lines.append(
                        f"  column {column['name']} {column['type']!r} "
                        f"nullable={column['nullable']} default={column['default']}"
                    )
                lines.append(f"  primary key {found.get_pk_constraint(table)}")
                for key in sorted(found.get_foreign_keys(table), key=repr):
                    lines.append(f"  foreign key {key}")
                for unique in sorted(found.get_unique_constraints(table), key=repr):
                    lines.append(f"  unique {unique}")
                for check in sorted(found.get_check_constraints(table), key=repr):
                    lines.append(f"  check {check}")
                for index in sorted(found.get_indexes(table), key=repr):
                    lines.append(f"  index {index}")
                if rows:
                    stored = connection.execute(text(f'SELECT * FROM "{table}"'))
                    lines.extend(f"row {table} {tuple(row)!r}" for row in sorted(stored, key=repr))
    finally:
        engine.dispose()
    return lines
