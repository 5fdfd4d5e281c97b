"""retention: how long a workshop keeps personal data, and what was purged or erased

Revision ID: 0007_retention
Revises: 0006_charge_rules
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_retention"
down_revision = "0006_charge_rules"
branch_labels = None
depends_on = None

#: domain/retention.py's DEFAULT_RETENTION_MONTHS when this migration was written (a
#: migration never follows a later change of the default).
DEFAULT_MONTHS = 24


def upgrade() -> None:
    # Plain ADD COLUMN, like 0004 and 0006: no table rebuild, so an upgraded database
    # ends up with exactly the schema of a fresh one. Nullable, since SQLite adds a NOT
    # NULL column only with a server default that a fresh schema would not have.
    op.add_column("workshop", sa.Column("retention_months", sa.Integer(), nullable=True))
    op.add_column("workshop", sa.Column("personal_data_purged_at", sa.DateTime(), nullable=True))
    op.add_column(
        "registration", sa.Column("personal_data_erased_at", sa.DateTime(), nullable=True)
    )
    # Existing workshops get the default period written out, so it is the one they keep
    # whatever a later escadesk's default becomes, and the director sees it in the form.
    op.execute(
        sa.text("UPDATE workshop SET retention_months = :months").bindparams(months=DEFAULT_MONTHS)
    )


def downgrade() -> None:
    with op.batch_alter_table("registration") as batch:
        batch.drop_column("personal_data_erased_at")
    with op.batch_alter_table("workshop") as batch:
        batch.drop_column("personal_data_purged_at")
        batch.drop_column("retention_months")
