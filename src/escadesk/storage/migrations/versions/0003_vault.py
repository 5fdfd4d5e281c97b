"""card-authorization vault, erasure records, hash-chained audit log

Revision ID: 0003_vault
Revises: 0002_delegates
"""

from __future__ import annotations

from datetime import UTC

import sqlalchemy as sa
from alembic import op

from escadesk.vault.audit_chain import GENESIS, entry_hash

revision = "0003_vault"
down_revision = "0002_delegates"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "vault",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vault_uid", sa.String(length=36), nullable=False),
        sa.Column("kdf", sa.Text(), nullable=False),
        sa.Column("check_blob", sa.LargeBinary(), nullable=False),
        sa.Column("key_generation", sa.Integer(), nullable=False),
        sa.Column("keychain_kind", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("passphrase_changed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vault")),
        sa.UniqueConstraint("vault_uid", name=op.f("uq_vault_vault_uid")),
    )
    op.create_table(
        "card_authorization",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=False),
        sa.Column("record_uid", sa.String(length=36), nullable=False),
        sa.Column("brand", sa.String(length=20), nullable=False),
        sa.Column("last4", sa.String(length=4), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("card_key", sa.LargeBinary(), nullable=True),
        sa.Column("sensitive_key", sa.LargeBinary(), nullable=True),
        sa.Column("card_blob", sa.LargeBinary(), nullable=True),
        sa.Column("code_blob", sa.LargeBinary(), nullable=True),
        sa.Column("scan_blob", sa.LargeBinary(), nullable=True),
        sa.Column("scan_media_type", sa.String(length=40), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_by", sa.String(length=100), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["registration.id"],
            name=op.f("fk_card_authorization_registration_id_registration"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_card_authorization")),
        sa.UniqueConstraint("record_uid", name=op.f("uq_card_authorization_record_uid")),
        sa.UniqueConstraint("registration_id", name=op.f("uq_card_authorization_registration_id")),
    )
    op.create_table(
        "erasure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("certificate_uid", sa.String(length=36), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("organization", sa.String(length=200), nullable=False),
        sa.Column("scope", sa.String(length=20), nullable=False),
        sa.Column("destroyed", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("erased_at", sa.DateTime(), nullable=False),
        sa.Column("erased_by", sa.String(length=100), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("verification", sa.Text(), nullable=False),
        sa.Column("completed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["registration.id"],
            name=op.f("fk_erasure_registration_id_registration"),
        ),
        sa.ForeignKeyConstraint(
            ["workshop_id"], ["workshop.id"], name=op.f("fk_erasure_workshop_id_workshop")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_erasure")),
        sa.UniqueConstraint("certificate_uid", name=op.f("uq_erasure_certificate_uid")),
    )
    with op.batch_alter_table("audit_entry") as batch:
        batch.add_column(sa.Column("previous_hash", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("entry_hash", sa.String(length=64), nullable=True))
    _chain_existing_entries()
    with op.batch_alter_table("audit_entry") as batch:
        batch.alter_column("previous_hash", existing_type=sa.String(length=64), nullable=False)
        batch.alter_column("entry_hash", existing_type=sa.String(length=64), nullable=False)
        batch.create_unique_constraint(op.f("uq_audit_entry_entry_hash"), ["entry_hash"])


def _chain_existing_entries() -> None:
    """Entries written before the chain existed are chained in their id order."""
    connection = op.get_bind()
    rows = connection.execute(
        sa.text(
            "SELECT id, at, actor, action, entity, entity_id, workshop_id, summary "
            "FROM audit_entry ORDER BY id"
        )
    ).all()
    previous = GENESIS
    for row in rows:
        at = row.at
        if isinstance(at, str):
            from datetime import datetime

            at = datetime.fromisoformat(at)
        at = at.replace(tzinfo=UTC)
        current = entry_hash(
            previous,
            at,
            row.actor,
            row.action,
            row.entity,
            row.entity_id,
            row.workshop_id,
            row.summary,
        )
        connection.execute(
            sa.text("UPDATE audit_entry SET previous_hash = :p, entry_hash = :h WHERE id = :i"),
            {"p": previous, "h": current, "i": row.id},
        )
        previous = current


def downgrade() -> None:
    with op.batch_alter_table("audit_entry") as batch:
        batch.drop_constraint(op.f("uq_audit_entry_entry_hash"), type_="unique")
        batch.drop_column("entry_hash")
        batch.drop_column("previous_hash")
    op.drop_table("erasure")
    op.drop_table("card_authorization")
    op.drop_table("vault")
