"""invoices: GST/HST invoices per charge, refunds and their credit notes

Revision ID: 0008_invoices
Revises: 0007_retention

New tables only: an older database keeps its charges as they were. Their invoices are
issued on first ask (services/invoices.py, ``issue_missing``), dated the day they are
issued, from the Settings of that day: a migration never guesses what an institute's
identity was when a charge was made.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_invoices"
down_revision = "0007_retention"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "refund",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("charge_id", sa.Integer(), nullable=False),
        sa.Column("amount", sa.String(length=40), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("refunded_on", sa.Date(), nullable=False),
        sa.Column("reference", sa.String(length=100), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_by", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["charge_id"], ["charge.id"], name=op.f("fk_refund_charge_id_charge")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_refund")),
    )
    op.create_index(op.f("ix_refund_charge_id"), "refund", ["charge_id"])
    op.create_table(
        "document_counter",
        sa.Column("series", sa.String(length=20), nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("series", name=op.f("pk_document_counter")),
    )
    op.create_table(
        "tax_document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=30), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=False),
        sa.Column("charge_id", sa.Integer(), nullable=False),
        sa.Column("refund_id", sa.Integer(), nullable=True),
        sa.Column("refers_to", sa.String(length=30), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("supplier_name", sa.String(length=200), nullable=False),
        sa.Column("supplier_address", sa.Text(), nullable=False),
        sa.Column("supplier_email", sa.String(length=254), nullable=False),
        sa.Column("supplier_tax_number", sa.String(length=30), nullable=False),
        sa.Column("buyer", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("tax_name", sa.String(length=20), nullable=False),
        sa.Column("tax_rate", sa.String(length=40), nullable=False),
        sa.Column("gross", sa.String(length=40), nullable=False),
        sa.Column("net", sa.String(length=40), nullable=False),
        sa.Column("tax", sa.String(length=40), nullable=False),
        sa.Column("payment", sa.Text(), nullable=False),
        sa.Column("terms", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("issued_by", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["charge_id"], ["charge.id"], name=op.f("fk_tax_document_charge_id_charge")
        ),
        sa.ForeignKeyConstraint(
            ["refund_id"], ["refund.id"], name=op.f("fk_tax_document_refund_id_refund")
        ),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["registration.id"],
            name=op.f("fk_tax_document_registration_id_registration"),
        ),
        sa.ForeignKeyConstraint(
            ["workshop_id"], ["workshop.id"], name=op.f("fk_tax_document_workshop_id_workshop")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tax_document")),
        sa.UniqueConstraint("number", name=op.f("uq_tax_document_number")),
        sa.UniqueConstraint("refund_id", name=op.f("uq_tax_document_refund_id")),
    )
    op.create_index(op.f("ix_tax_document_workshop_id"), "tax_document", ["workshop_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_tax_document_workshop_id"), table_name="tax_document")
    op.drop_table("tax_document")
    op.drop_table("document_counter")
    op.drop_index(op.f("ix_refund_charge_id"), table_name="refund")
    op.drop_table("refund")
