"""Which schema revisions this build knows, without importing Alembic at start-up.

Kept in step with migrations/versions by a test; start-up compares the database's
revision with HEAD and only imports Alembic when an upgrade is really needed.
"""

from __future__ import annotations

KNOWN_REVISIONS: tuple[str, ...] = (
    "0001_initial",
    "0002_delegates",
    "0003_vault",
    "0004_decision",
    "0005_benchmarking",
    "0006_charge_rules",
    "0007_retention",
    "0008_invoices",
    "0009_letters",
    "0010_row_versions",
    "0011_organization_language",
    "0012_document_language",
)
HEAD = KNOWN_REVISIONS[-1]
