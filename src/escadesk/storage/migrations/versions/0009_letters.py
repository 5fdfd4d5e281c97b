"""letters: which letter went to which registration, and when (what is due next)

Revision ID: 0009_letters
Revises: 0008_invoices
"""

from __future__ import annotations

revision = "0009_letters"
down_revision = "0008_invoices"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
