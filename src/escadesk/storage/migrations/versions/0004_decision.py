"""decision day: the workshop's decision, each confirmed organization's fixed fee, charges

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
    # Plain ADD COLUMN (SQLite supports it for these): no table rebuild, so an upgraded
    # database ends up with exactly the schema of a fresh one.
    op.add_column("workshop", sa.Column("decided_at", sa.DateTime(), nullable=True))
    op.add_column("workshop", sa.Column("decided_by", sa.String(length=100), nullable=True))
    op.add_column("workshop", sa.Column("decision", sa.String(length=20), nullable=True))
    op.add_column("workshop", sa.Column("decided_participants", sa.Integer(), nullable=True))
    op.add_column("registration", sa.Column("fee_gross", sa.String(length=40), nullable=True))
    op.add_column(
        "registration",
        sa.Column("fee_notice_due", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.create_table(
        "charge",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=False),
        sa.Column("cardholder", sa.String(length=200), nullable=False),
        sa.Column("brand", sa.String(length=20), nullable=False),
        sa.Column("last4", sa.String(length=4), nullable=False),
        sa.Column("amount", sa.String(length=40), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("charged_on", sa.Date(), nullable=False),
        sa.Column("reference", sa.String(length=100), nullable=False),
        sa.Column("card_erase_due", sa.DateTime(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_by", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["registration.id"],
            name=op.f("fk_charge_registration_id_registration"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_charge")),
        sa.UniqueConstraint("registration_id", name=op.f("uq_charge_registration_id")),
    )
    op.create_table(
        "paper_form",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("disposal", sa.String(length=40), nullable=True),
        sa.Column("disposed_on", sa.Date(), nullable=True),
        sa.Column("recorded_by", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["registration.id"],
            name=op.f("fk_paper_form_registration_id_registration"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_paper_form")),
    )


def downgrade() -> None:
    op.drop_table("paper_form")
    op.drop_table("charge")
    with op.batch_alter_table("registration") as batch:
        batch.drop_column("fee_notice_due")
        batch.drop_column("fee_gross")
    with op.batch_alter_table("workshop") as batch:
        batch.drop_column("decided_participants")
        batch.drop_column("decision")
        batch.drop_column("decided_by")
        batch.drop_column("decided_at")
