"""benchmarking: reference sets, each participant's questionnaire and its quality label

Revision ID: 0005_benchmarking
Revises: 0004_decision
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_benchmarking"
down_revision = "0004_decision"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reference_set",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("source", sa.String(length=260), nullable=False),
        sa.Column("synthetic", sa.Boolean(), nullable=False),
        sa.Column("catalogue_version", sa.String(length=40), nullable=False),
        sa.Column("organization_count", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("imported_by", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reference_set")),
    )
    op.create_table(
        "reference_organization",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference_set_id", sa.Integer(), nullable=False),
        sa.Column("identifier", sa.String(length=60), nullable=False),
        sa.Column("country", sa.String(length=100), nullable=False),
        sa.Column("technology_area", sa.String(length=100), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=20), nullable=True),
        sa.Column("values_json", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["reference_set_id"],
            ["reference_set.id"],
            name=op.f("fk_reference_organization_reference_set_id_reference_set"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reference_organization")),
        sa.UniqueConstraint(
            "reference_set_id",
            "identifier",
            name=op.f("uq_reference_organization_reference_set_id"),
        ),
    )
    op.create_index(
        op.f("ix_reference_organization_reference_set_id"),
        "reference_organization",
        ["reference_set_id"],
    )
    op.create_table(
        "benchmark_survey",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=False),
        sa.Column("catalogue_version", sa.String(length=40), nullable=False),
        sa.Column("interview_on", sa.Date(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["registration.id"],
            name=op.f("fk_benchmark_survey_registration_id_registration"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_benchmark_survey")),
        sa.UniqueConstraint("registration_id", name=op.f("uq_benchmark_survey_registration_id")),
    )
    op.create_table(
        "benchmark_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("indicator", sa.String(length=20), nullable=False),
        sa.Column("value", sa.String(length=40), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["survey_id"],
            ["benchmark_survey.id"],
            name=op.f("fk_benchmark_answer_survey_id_benchmark_survey"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_benchmark_answer")),
        sa.UniqueConstraint("survey_id", "indicator", name=op.f("uq_benchmark_answer_survey_id")),
    )
    op.create_index(op.f("ix_benchmark_answer_survey_id"), "benchmark_answer", ["survey_id"])
    op.create_table(
        "quality_label",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=20), nullable=False),
        sa.Column("awarded_on", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_by", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["registration.id"],
            name=op.f("fk_quality_label_registration_id_registration"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quality_label")),
        sa.UniqueConstraint("registration_id", name=op.f("uq_quality_label_registration_id")),
    )


def downgrade() -> None:
    op.drop_table("quality_label")
    op.drop_index(op.f("ix_benchmark_answer_survey_id"), table_name="benchmark_answer")
    op.drop_table("benchmark_answer")
    op.drop_table("benchmark_survey")
    op.drop_index(
        op.f("ix_reference_organization_reference_set_id"), table_name="reference_organization"
    )
    op.drop_table("reference_organization")
    op.drop_table("reference_set")
