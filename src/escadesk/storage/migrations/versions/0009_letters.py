"""letters: which letter went to which registration, and when (what is due next)

Revision ID: 0009_letters
Revises: 0008_invoices
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_letters"
down_revision = "0008_invoices"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Letters written before this step are in the audit log only: the status letters'
    # "due" still reads it there; the letters through the workshop start here.
    op.create_table(
        "letter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("about", sa.String(length=120), nullable=False),
        sa.Column("how", sa.String(length=10), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("by", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["registration.id"],
            name=op.f("fk_letter_registration_id_registration"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_letter")),
    )
    op.create_index(op.f("ix_letter_registration_id"), "letter", ["registration_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_letter_registration_id"), table_name="letter")
    op.drop_table("letter")
