"""charge rules: why a charge differs from the fixed fee

Revision ID: 0006_charge_rules
Revises: 0005_benchmarking
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_charge_rules"
down_revision = "0005_benchmarking"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN, like 0004: no table rebuild, so an upgraded database ends up with
    # exactly the schema of a fresh one. Nullable: earlier charges were the fixed fee or
    # recorded before a reason was asked for.
    op.add_column("charge", sa.Column("amount_reason", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("charge") as batch:
        batch.drop_column("amount_reason")
