"""Alembic environment: escadesk always passes its own engine (no alembic.ini)."""

from __future__ import annotations

from alembic import context

from escadesk.storage.models import Base

config = context.config
engine = config.attributes["engine"]

with engine.begin() as connection:
    if connection.dialect.name == "sqlite":
        # pysqlite only opens a transaction before INSERT/UPDATE/DELETE, so the CREATE and
        # ALTER of a failed migration would stay behind; an explicit BEGIN makes it atomic.
        connection.exec_driver_sql("BEGIN")
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,
        compare_type=True,
    )
    context.run_migrations()
