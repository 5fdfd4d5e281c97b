"""The ORM schema. Never card data: the vault keeps that, encrypted, in its own tables."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any, ClassVar

from sqlalchemy import (
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship
from sqlalchemy.types import TypeEngine

from escadesk.storage.types import DecimalText, UTCDateTime

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[type, TypeEngine[Any]]] = {
        Decimal: DecimalText(),
        datetime: UTCDateTime(),
    }


class Versioned:
    """A row a person edits from a form: its ``version`` is checked and bumped by every
    ORM UPDATE (``UPDATE ... WHERE version = :seen``), so of two desks that saved the
    same row at once the second finds no row to update (StaleDataError) instead of
    overwriting the first; services/row_versions.py turns that into a message. A bulk
    UPDATE of such a row bumps it itself (``version + 1``)."""

    version: Mapped[int] = mapped_column(Integer, server_default=text("1"))

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


class Workshop(Versioned, Base):
    __tablename__ = "workshop"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    venue: Mapped[str] = mapped_column(String(300), default="")
    timezone: Mapped[str] = mapped_column(String(64))
    registration_deadline: Mapped[date]
    event_date: Mapped[date]
    minimum_organizations: Mapped[int]
    maximum_organizations: Mapped[int]
    currency: Mapped[str] = mapped_column(String(3))
    tax_rate: Mapped[Decimal]
    tax_name: Mapped[str] = mapped_column(String(20))
    fx_currency: Mapped[str | None] = mapped_column(String(3))
    fx_rate: Mapped[Decimal | None]
    fx_as_of: Mapped[date | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    decided_at: Mapped[datetime | None]
    decided_by: Mapped[str | None] = mapped_column(String(100))
    decision: Mapped[str | None] = mapped_column(String(20))
    decided_participants: Mapped[int | None]
    #: Months the personal data is kept after the event (domain/retention.py; None: the
    #: default period). Set when the workshop is created, and by 0007 for older ones.
    retention_months: Mapped[int | None]
    #: When the personal data was purged once its retention ended (None: not yet).
    personal_data_purged_at: Mapped[datetime | None]

    fee_tiers: Mapped[list[FeeTier]] = relationship(
        back_populates="workshop", cascade="all, delete-orphan", order_by="FeeTier.participants"
    )
    agenda: Mapped[list[AgendaEntry]] = relationship(
        back_populates="workshop", cascade="all, delete-orphan", order_by="AgendaEntry.start"
    )
    facilitators: Mapped[list[FacilitatorEntry]] = relationship(
        back_populates="workshop",
        cascade="all, delete-orphan",
        order_by="FacilitatorEntry.position",
    )
    registrations: Mapped[list[Registration]] = relationship(back_populates="workshop")


class FeeTier(Base):
    __tablename__ = "fee_tier"
    __table_args__ = (UniqueConstraint("workshop_id", "participants"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"))
    participants: Mapped[int]
    gross: Mapped[Decimal]

    workshop: Mapped[Workshop] = relationship(back_populates="fee_tiers")


class AgendaEntry(Base):
    __tablename__ = "agenda_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"))
    start: Mapped[time]
    end: Mapped[time]
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))

    workshop: Mapped[Workshop] = relationship(back_populates="agenda")


class FacilitatorEntry(Base):
    __tablename__ = "facilitator"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"))
    position: Mapped[int]
    name: Mapped[str] = mapped_column(String(200))
    affiliation: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(100))

    workshop: Mapped[Workshop] = relationship(back_populates="facilitators")


class Organization(Versioned, Base):
    __tablename__ = "organization"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(String(100))
    technology_area: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime]
    #: "en" or "fr": its letters, forms, invoices and report (domain/languages.py).
    language: Mapped[str] = mapped_column(String(8), server_default=text("'en'"))


class Contact(Versioned, Base):
    __tablename__ = "contact"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id"))
    name: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(254))
    email_normalized: Mapped[str] = mapped_column(String(254), index=True)
    phone: Mapped[str] = mapped_column(String(40), default="")

    organization: Mapped[Organization] = relationship()


class Registration(Versioned, Base):
    __tablename__ = "registration"
    __table_args__ = (UniqueConstraint("workshop_id", "organization_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id"), index=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id"))
    contact_id: Mapped[int] = mapped_column(ForeignKey("contact.id"))
    status: Mapped[str] = mapped_column(String(30))
    form_received_at: Mapped[datetime | None]
    authorization_received_at: Mapped[datetime | None]
    completed_at: Mapped[datetime | None]
    late_accepted_reason: Mapped[str | None] = mapped_column(Text)
    fee_gross: Mapped[Decimal | None]
    fee_notice_due: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    #: When its personal data was erased (on request, or by the workshop's purge).
    personal_data_erased_at: Mapped[datetime | None]

    workshop: Mapped[Workshop] = relationship(back_populates="registrations")
    organization: Mapped[Organization] = relationship()
    contact: Mapped[Contact] = relationship()
    transitions: Mapped[list[RegistrationTransition]] = relationship(
        back_populates="registration",
        cascade="all, delete-orphan",
        order_by="RegistrationTransition.position",
    )


class RegistrationTransition(Base):
    __tablename__ = "registration_transition"
    __table_args__ = (UniqueConstraint("registration_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registration.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    event: Mapped[str] = mapped_column(String(30))
    before: Mapped[str | None] = mapped_column(String(30))
    after: Mapped[str] = mapped_column(String(30))
    at: Mapped[datetime]
    by: Mapped[str] = mapped_column(String(100))
    reason: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime]

    registration: Mapped[Registration] = relationship(back_populates="transitions")


class Delegate(Versioned, Base):
    """A conference delegate: only they may register (matched on normalized e-mail)."""

    __tablename__ = "delegate"
    __table_args__ = (UniqueConstraint("workshop_id", "email_normalized"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"))
    email: Mapped[str] = mapped_column(String(254))
    email_normalized: Mapped[str] = mapped_column(String(254))
    name: Mapped[str | None] = mapped_column(String(200))
    organization: Mapped[str | None] = mapped_column(String(200))
    country: Mapped[str | None] = mapped_column(String(100))
    imported_at: Mapped[datetime]


class AuditEntry(Base):
    """Who did what, when. Summaries are written by services and never hold card data."""

    __tablename__ = "audit_entry"
    __table_args__ = (Index("ix_audit_entry_workshop_at", "workshop_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(60))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None]
    workshop_id: Mapped[int | None] = mapped_column(ForeignKey("workshop.id"))
    summary: Mapped[str] = mapped_column(Text)
    previous_hash: Mapped[str] = mapped_column(String(64))
    entry_hash: Mapped[str] = mapped_column(String(64), unique=True)


class Setting(Versioned, Base):
    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class VaultMeta(Base):
    """The vault's one row: how the passphrase key is derived, and a value that proves a
    passphrase right. Key material itself is never stored here."""

    __tablename__ = "vault"

    id: Mapped[int] = mapped_column(primary_key=True)
    vault_uid: Mapped[str] = mapped_column(String(36), unique=True)
    kdf: Mapped[str] = mapped_column(Text)
    check_blob: Mapped[bytes] = mapped_column(LargeBinary)
    key_generation: Mapped[int]
    keychain_kind: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime]
    passphrase_changed_at: Mapped[datetime]


class CardAuthorization(Base):
    """One signed card authorization, encrypted. Outside the blobs only brand and last 4."""

    __tablename__ = "card_authorization"

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registration.id"), unique=True)
    record_uid: Mapped[str] = mapped_column(String(36), unique=True)
    brand: Mapped[str] = mapped_column(String(20))
    last4: Mapped[str] = mapped_column(String(4))
    state: Mapped[str] = mapped_column(String(20))
    card_key: Mapped[bytes | None] = mapped_column(LargeBinary)
    sensitive_key: Mapped[bytes | None] = mapped_column(LargeBinary)
    card_blob: Mapped[bytes | None] = mapped_column(LargeBinary)
    code_blob: Mapped[bytes | None] = mapped_column(LargeBinary)
    scan_blob: Mapped[bytes | None] = mapped_column(LargeBinary)
    scan_media_type: Mapped[str | None] = mapped_column(String(40))
    recorded_at: Mapped[datetime]
    recorded_by: Mapped[str] = mapped_column(String(100))
    updated_at: Mapped[datetime]

    registration: Mapped[Registration] = relationship()


class Erasure(Base):
    """What was destroyed, when, why and by whom: the record behind each certificate.
    Holds no card data."""

    __tablename__ = "erasure"

    id: Mapped[int] = mapped_column(primary_key=True)
    certificate_uid: Mapped[str] = mapped_column(String(36), unique=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registration.id"))
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id"))
    organization: Mapped[str] = mapped_column(String(200))
    scope: Mapped[str] = mapped_column(String(20))
    destroyed: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    erased_at: Mapped[datetime]
    erased_by: Mapped[str] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(20))
    verification: Mapped[str] = mapped_column(Text, default="")
    completed_at: Mapped[datetime | None]


class Charge(Base):
    """A card charge keyed into the payment terminal. What remains after the card itself
    is erased: cardholder, brand, last 4, amount, date and reference (no card number)."""

    __tablename__ = "charge"

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registration.id"), unique=True)
    cardholder: Mapped[str] = mapped_column(String(200))
    brand: Mapped[str] = mapped_column(String(20))
    last4: Mapped[str] = mapped_column(String(4))
    amount: Mapped[Decimal]
    currency: Mapped[str] = mapped_column(String(3))
    charged_on: Mapped[date]
    reference: Mapped[str] = mapped_column(String(100))
    card_erase_due: Mapped[datetime]
    recorded_at: Mapped[datetime]
    recorded_by: Mapped[str] = mapped_column(String(100))
    #: Why the amount is not the fixed fee (None: it is the fee). Also in the audit log.
    amount_reason: Mapped[str | None] = mapped_column(Text)


class Refund(Base):
    """Money given back on a charge (all or part of it), with its credit note."""

    __tablename__ = "refund"

    id: Mapped[int] = mapped_column(primary_key=True)
    charge_id: Mapped[int] = mapped_column(ForeignKey("charge.id"), index=True)
    amount: Mapped[Decimal]
    currency: Mapped[str] = mapped_column(String(3))
    refunded_on: Mapped[date]
    reference: Mapped[str] = mapped_column(String(100))
    reason: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[datetime]
    recorded_by: Mapped[str] = mapped_column(String(100))


class DocumentCounter(Base):
    """The last number drawn in a series of tax documents ('INV-2018'): incremented in
    the transaction that issues the document, so a rollback takes the number back."""

    __tablename__ = "document_counter"

    series: Mapped[str] = mapped_column(String(20), primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer)


class TaxDocument(Base):
    """An invoice (one per charge) or a credit note (one per refund), as issued: every
    printed value is kept here, so a reprint is the same page whatever Settings or the
    personal-data erasure change later. A tax record: kept six years, never erased."""

    __tablename__ = "tax_document"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(30), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id"), index=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registration.id"))
    charge_id: Mapped[int] = mapped_column(ForeignKey("charge.id"))
    #: The credit note's refund (None on an invoice).
    refund_id: Mapped[int | None] = mapped_column(ForeignKey("refund.id"), unique=True)
    #: The invoice a credit note corrects ("" on an invoice).
    refers_to: Mapped[str] = mapped_column(String(30), default="")
    issued_on: Mapped[date]
    supplier_name: Mapped[str] = mapped_column(String(200))
    supplier_address: Mapped[str] = mapped_column(Text)
    supplier_email: Mapped[str] = mapped_column(String(254))
    supplier_tax_number: Mapped[str] = mapped_column(String(30))
    buyer: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    currency: Mapped[str] = mapped_column(String(3))
    tax_name: Mapped[str] = mapped_column(String(20))
    tax_rate: Mapped[Decimal]
    gross: Mapped[Decimal]
    net: Mapped[Decimal]
    tax: Mapped[Decimal]
    payment: Mapped[str] = mapped_column(Text)
    terms: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text, default="")
    issued_at: Mapped[datetime]
    issued_by: Mapped[str] = mapped_column(String(100))
    #: "en" or "fr": the language it was issued in (its buyer's then), which every reprint
    #: keeps whatever the buyer prefers later (migration 0012).
    language: Mapped[str] = mapped_column(String(8), server_default=text("'en'"))


class PaperForm(Versioned, Base):
    """The paper side: a signed form that arrived by mail or e-mail, and when it was
    shredded (cross-cut) or deleted. Recorded by the director; holds no card data."""

    __tablename__ = "paper_form"

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registration.id"))
    kind: Mapped[str] = mapped_column(String(40))
    channel: Mapped[str] = mapped_column(String(20))
    received_on: Mapped[date]
    disposal: Mapped[str | None] = mapped_column(String(40))
    disposed_on: Mapped[date | None]
    recorded_by: Mapped[str] = mapped_column(String(100))


class ReferenceSet(Versioned, Base):
    """A set of benchmarked cluster organizations the participants are compared with.

    Several can be kept (a newer ESCA extract, the shipped synthetic set); one is active.
    """

    __tablename__ = "reference_set"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(String(260))
    synthetic: Mapped[bool] = mapped_column(default=False)
    catalogue_version: Mapped[str] = mapped_column(String(40))
    organization_count: Mapped[int] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(default=False)
    imported_at: Mapped[datetime]
    imported_by: Mapped[str] = mapped_column(String(100))

    organizations: Mapped[list[ReferenceOrganization]] = relationship(
        back_populates="reference_set", cascade="all, delete-orphan", passive_deletes=True
    )


class ReferenceOrganization(Base):
    """One benchmarked cluster of a reference set; its indicator values as JSON
    ({code: number}; a missing indicator is absent, never zero)."""

    __tablename__ = "reference_organization"
    __table_args__ = (UniqueConstraint("reference_set_id", "identifier"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    reference_set_id: Mapped[int] = mapped_column(
        ForeignKey("reference_set.id", ondelete="CASCADE"), index=True
    )
    identifier: Mapped[str] = mapped_column(String(60))
    country: Mapped[str] = mapped_column(String(100))
    technology_area: Mapped[str] = mapped_column(String(100))
    year: Mapped[int] = mapped_column(Integer)
    label: Mapped[str | None] = mapped_column(String(20))
    values_json: Mapped[str] = mapped_column(Text)

    reference_set: Mapped[ReferenceSet] = relationship(back_populates="organizations")


class BenchmarkSurvey(Base):
    """A participant's benchmarking questionnaire (confidential: it leaves the app only in
    the organization's own report)."""

    __tablename__ = "benchmark_survey"

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registration.id"), unique=True)
    catalogue_version: Mapped[str] = mapped_column(String(40))
    interview_on: Mapped[date | None]
    updated_at: Mapped[datetime]
    updated_by: Mapped[str] = mapped_column(String(100))

    answers: Mapped[list[BenchmarkAnswer]] = relationship(
        back_populates="survey", cascade="all, delete-orphan", passive_deletes=True
    )


class BenchmarkAnswer(Versioned, Base):
    """One answer as exact text (a number, yes/no, or a 1-5 level) with the director's note."""

    __tablename__ = "benchmark_answer"
    __table_args__ = (UniqueConstraint("survey_id", "indicator"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(
        ForeignKey("benchmark_survey.id", ondelete="CASCADE"), index=True
    )
    indicator: Mapped[str] = mapped_column(String(20))
    value: Mapped[str | None] = mapped_column(String(40))
    note: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime]

    survey: Mapped[BenchmarkSurvey] = relationship(back_populates="answers")


class QualityLabel(Base):
    """A label awarded for taking part (Bronze), with its date and validity."""

    __tablename__ = "quality_label"

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registration.id"), unique=True)
    label: Mapped[str] = mapped_column(String(20))
    awarded_on: Mapped[date]
    valid_until: Mapped[date]
    recorded_at: Mapped[datetime]
    recorded_by: Mapped[str] = mapped_column(String(100))


class LetterEntry(Base):
    """A letter saved as a draft or sent to a registration's contact: its kind (the
    template), what it was about (domain/letters.py) and when. The audit log keeps the
    tamper-evident account; this table makes "which letters are due" one cheap query."""

    __tablename__ = "letter"

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registration.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(40))
    about: Mapped[str] = mapped_column(String(120), default="")
    #: "draft" or "sent".
    how: Mapped[str] = mapped_column(String(10))
    at: Mapped[datetime]
    by: Mapped[str] = mapped_column(String(100))
