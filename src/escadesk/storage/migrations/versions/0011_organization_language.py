"""organization language: the language of an organization's letters, forms, invoices and
report (issue 21), set for the organizations already stored from their country and, in
Canada, their contact's telephone area code (domain/languages.py)

Revision ID: 0011_organization_language
Revises: 0010_row_versions
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_organization_language"
down_revision = "0010_row_versions"
branch_labels = None
depends_on = None

#: domain/languages.py's rule as it stood when this migration was written, frozen here:
#: a later change of the rule must not change what this migration did.
FRENCH_SPEAKING = frozenset(
    {
        "France", "Belgium", "Switzerland", "Luxembourg", "Monaco", "Algeria", "Benin",
        "Burkina Faso", "Burundi", "Cameroon", "Central African Republic", "Chad", "Comoros",
        "Congo", "Côte d'Ivoire", "Democratic Republic of the Congo", "Djibouti",
        "Equatorial Guinea", "French Guiana", "French Polynesia", "Gabon", "Guadeloupe",
        "Guinea", "Haiti", "Madagascar", "Mali", "Martinique", "Mauritania", "Mayotte",
        "Morocco", "New Caledonia", "Niger", "Réunion", "Rwanda", "Saint Barthélemy",
        "Saint Martin", "Saint Pierre and Miquelon", "Senegal", "Seychelles", "Togo",
        "Tunisia", "Vanuatu", "Wallis and Futuna",
    }
)  # fmt: skip
QUEBEC_AREA_CODES = frozenset(
    {"263", "354", "367", "418", "438", "450", "468", "514", "579", "581", "819", "873"}
)


def _language(country: str, phone: str) -> str:
    """Stored countries are canonical already (the registration cleans them)."""
    if country == "Canada":
        digits = "".join(c for c in phone if c.isdigit())
        if len(digits) == 11 and digits.startswith("1"):
            digits = digits[1:]
        return "fr" if len(digits) == 10 and digits[:3] in QUEBEC_AREA_CODES else "en"
    return "fr" if country in FRENCH_SPEAKING else "en"


def upgrade() -> None:
    # Plain ADD COLUMN with a server default (no table rebuild): English, then French for
    # the rows the rule says, in this transaction.
    op.add_column(
        "organization",
        sa.Column("language", sa.String(8), server_default=sa.text("'en'"), nullable=False),
    )
    connection = op.get_bind()
    rows = connection.execute(
        sa.text(
            "SELECT o.id, o.country, c.phone FROM organization o LEFT JOIN contact c "
            "ON c.id = (SELECT MIN(id) FROM contact WHERE organization_id = o.id)"
        )
    ).all()
    french = [row.id for row in rows if _language(row.country or "", row.phone or "") == "fr"]
    if french:
        connection.execute(
            sa.text("UPDATE organization SET language = 'fr' WHERE id IN :ids").bindparams(
                sa.bindparam("ids", expanding=True)
            ),
            {"ids": french},
        )


def downgrade() -> None:
    with op.batch_alter_table("organization") as batch:
        batch.drop_column("language")
