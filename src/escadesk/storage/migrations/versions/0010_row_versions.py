"""row versions: a version on every row a person edits (optimistic concurrency)

Revision ID: 0010_row_versions
Revises: 0009_letters
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_row_versions"
down_revision = "0009_letters"
branch_labels = None
depends_on = None

#: The tables of storage/models.py's ``Versioned`` rows when this migration was written.
TABLES = (
    "workshop",
    "organization",
    "contact",
    "registration",
    "delegate",
    "setting",
    "paper_form",
    "reference_set",
    "benchmark_answer",
)
# Not benchmark_survey: every answer saved writes its updated_at, so a version there
# would make two desks answering different questions refuse each other.


def upgrade() -> None:
    # Plain ADD COLUMN (no table rebuild), NOT NULL with a server default of 1: every
    # existing row starts at version 1, as a new one does, and a row inserted by plain SQL
    # (a restore, an older tool) gets one too. The fresh schema has the same default.
    for table in TABLES:
        op.add_column(
            table,
            sa.Column("version", sa.Integer(), server_default=sa.text("1"), nullable=False),
        )


def downgrade() -> None:
    for table in reversed(TABLES):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("version")
