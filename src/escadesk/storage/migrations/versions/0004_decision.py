"""decision day: the workshop's decision and each confirmed organization's fixed fee

Revision ID: 0004_decision
Revises: 0003_vault
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_decision"
down_revision = "0003_vault"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("workshop") as batch:
        batch.add_column(sa.Column("decided_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("decided_by", sa.String(length=100), nullable=True))
        batch.add_column(sa.Column("decision", sa.String(length=20), nullable=True))
        batch.add_column(sa.Column("decided_participants", sa.Integer(), nullable=True))
    with op.batch_alter_table("registration") as batch:
        batch.add_column(sa.Column("fee_gross", sa.String(length=40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("registration") as batch:
        batch.drop_column("fee_gross")
    with op.batch_alter_table("workshop") as batch:
        batch.drop_column("decided_participants")
        batch.drop_column("decision")
        batch.drop_column("decided_by")
        batch.drop_column("decided_at")
