"""document language: the language each invoice and credit note was issued in, stored
with it (issue 21) instead of being read back from its printed terms; the documents
already stored get the language their terms are written in

Revision ID: 0012_document_language
Revises: 0011_organization_language
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_document_language"
down_revision = "0011_organization_language"
branch_labels = None
depends_on = None

#: The terms escadesk printed when this migration was written (domain/invoicing.py and
#: the French catalogue), frozen here: a later rewording must not change what it did.
FRENCH_TERMS = frozenset(
    {
        "Payé en totalité par carte de crédit\u202f; aucun montant n'est dû.",
        "Crédité sur la carte utilisée pour le paiement\u202f; aucun montant n'est dû.",
    }
)
ENGLISH_TERMS = frozenset(
    {
        "Paid in full by credit card; nothing is due.",
        "Credited to the card used for payment; nothing is due.",
    }
)


def language_of_terms(terms: str, organization: str | None) -> str:
    """The language a stored document's terms read in; terms in neither (edited by hand)
    leave the buyer's preferred language, as escadesk 0011 printed them."""
    if terms in ENGLISH_TERMS:
        return "en"
    if terms in FRENCH_TERMS:
        return "fr"
    return organization if organization in ("en", "fr") else "en"


def upgrade() -> None:
    # Plain ADD COLUMN with a server default (no table rebuild), then the French rows.
    op.add_column(
        "tax_document",
        sa.Column("language", sa.String(8), server_default=sa.text("'en'"), nullable=False),
    )
    connection = op.get_bind()
    rows = connection.execute(
        sa.text(
            "SELECT d.id, d.terms, o.language FROM tax_document d "
            "LEFT JOIN registration r ON r.id = d.registration_id "
            "LEFT JOIN organization o ON o.id = r.organization_id"
        )
    ).all()
    french = [row.id for row in rows if language_of_terms(row.terms or "", row.language) == "fr"]
    if french:
        connection.execute(
            sa.text("UPDATE tax_document SET language = 'fr' WHERE id IN :ids").bindparams(
                sa.bindparam("ids", expanding=True)
            ),
            {"ids": french},
        )


def downgrade() -> None:
    with op.batch_alter_table("tax_document") as batch:
        batch.drop_column("language")
