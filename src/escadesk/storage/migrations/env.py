"""Alembic environment: escadesk always passes its own engine (no alembic.ini)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import text

from escadesk.storage.models import Base

#: The transaction advisory lock a schema upgrade holds on PostgreSQL (a fixed 64-bit key,
#: apart from the vault's lock and the audit's append lock).
MIGRATION_LOCK_KEY = 0x6573_6361_6D69_6772  # "escamigr"

config = context.config
engine = config.attributes["engine"]

with engine.connect() as connection:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        # Batch migrations rebuild a table by copy, drop and rename; with foreign keys on,
        # the drop would cascade into the tables that reference it. Off for the migration
        # (only possible outside a transaction), checked before committing.
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        connection.commit()  # end SQLAlchemy's autobegun (empty) transaction
    with connection.begin():
        if sqlite:
            # pysqlite only opens a transaction before INSERT/UPDATE/DELETE, so the CREATE
            # and ALTER of a failed migration would stay behind; BEGIN makes it atomic.
            connection.exec_driver_sql("BEGIN")
        elif connection.dialect.name == "postgresql":
            # Several desks share a server database and may start at once on an older
            # schema: one migrates, the others wait here, then find it at head (Alembic
            # reads the version after this, in the same transaction) and do nothing.
            connection.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY}
            )
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            render_as_batch=True,
            compare_type=True,
        )
        context.run_migrations()
        if sqlite:
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise RuntimeError(f"The migration left broken references: {broken[:5]}")
    if sqlite:
        connection.exec_driver_sql("PRAGMA foreign_keys=ON")
        connection.commit()
