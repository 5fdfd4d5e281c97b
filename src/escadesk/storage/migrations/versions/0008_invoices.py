"""invoices: GST/HST invoices per charge, refunds and their credit notes

Revision ID: 0008_invoices
Revises: 0007_retention
"""

from __future__ import annotations

revision = "0008_invoices"
down_revision = "0007_retention"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
