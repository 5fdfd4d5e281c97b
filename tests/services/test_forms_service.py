"""The forms service: blank forms written and readable, returned forms read for review,
registration forms imported all or none, card forms read in memory only."""

from __future__ import annotations

import io
import logging
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader

from escadesk.domain.registration import RegistrationStatus
from escadesk.domain.registration_form import RegistrationDetails
from escadesk.domain.validation import ValidationError
from escadesk.forms.reading import read_form
from escadesk.forms.results import RegistrationFormFields
from escadesk.forms.stamp import FormKind
from escadesk.services import audit
from escadesk.services.form_views import CardFormReview, FormRefusedError, PageSize, Refusal
from escadesk.services.forms import CARD_FORM_IN_WINDOW
from returned_forms_kit import CARD_VALUES, fill, registration_values, scan_pdf, write

CARD_DIGITS = "4111111111111111"


@pytest.fixture
def blanks(services, workshop_id, tmp_path: Path) -> tuple[bytes, bytes]:
    registration, card = services.forms.write_blank(workshop_id, tmp_path / "blank")
    return registration.read_bytes(), card.read_bytes()


def code_of(services, workshop_id: int) -> str:
    return services.workshops.get(workshop_id).code


def audit_summaries(services, workshop_id: int) -> list[str]:
    with services.context.database.reading() as session:
        return [line.summary for line in audit.recent(session, workshop_id)]


# -- blank forms ---------------------------------------------------------------------------------


@pytest.mark.parametrize("page", list(PageSize), ids=[page.value for page in PageSize])
def test_both_blank_forms_are_written_named_and_readable(
    services, workshop_id, tmp_path: Path, page: PageSize
) -> None:
    folder = tmp_path / "new" / "forms"
    written = services.forms.write_blank(workshop_id, folder, page)
    title = services.workshops.get(workshop_id).title
    assert [path.name for path in written] == [
        f"{title} 2018-10-04 registration form.pdf",
        f"{title} 2018-10-04 credit-card authorization form.pdf",
    ]
    assert list(services.forms.blank_file_names(workshop_id)) == [p.name for p in written]
    assert sorted(folder.iterdir()) == sorted(written)  # no temporary file left
    code = code_of(services, workshop_id)
    registration, card = (read_form(path, code) for path in written)
    assert registration.stamp.kind is FormKind.REGISTRATION
    assert registration.fields == RegistrationFormFields("", "", "", "", "", "", "")
    assert card.stamp.kind is FormKind.CARD_AUTHORIZATION
    width = float(PdfReader(io.BytesIO(written[0].read_bytes())).pages[0].mediabox.width)
    assert width == pytest.approx(page.points[0], abs=0.5)
    assert any(
        "Blank registration and card-authorization forms" in s
        for s in audit_summaries(services, workshop_id)
    )


def test_a_file_where_the_folder_should_be_is_refused(
    services, workshop_id, tmp_path: Path
) -> None:
    in_the_way = write(tmp_path / "forms", b"not a folder")
    with pytest.raises(ValidationError, match="is a file; choose a folder"):
        services.forms.write_blank(workshop_id, in_the_way)
    assert in_the_way.read_bytes() == b"not a folder"


# -- a returned registration form ----------------------------------------------------------------


def test_a_returned_registration_form_reads_as_the_dialogs_details(
    services, workshop_id, blanks, tmp_path: Path, delegates_for_ten
) -> None:
    values = registration_values(1, delegates_for_ten[0])
    path = write(tmp_path / "returned.pdf", fill(blanks[0], values))
    details = services.forms.read_registration(path, workshop_id)
    assert details == RegistrationDetails(**values)
    assert services.forms.read_returned(path, workshop_id) == details
    assert services.registrations.list(workshop_id) == []  # nothing saved before Save


def test_refusals_say_why_and_mark_a_scan_for_the_manual_path(
    services, workshop_id, blanks, tmp_path: Path
) -> None:
    def refusal(data: bytes) -> FormRefusedError:
        with pytest.raises(FormRefusedError) as caught:
            services.forms.read_registration(write(tmp_path / "form.pdf", data), workshop_id)
        assert caught.value.file_name == "form.pdf"
        return caught.value

    scan = refusal(scan_pdf())
    assert scan.reason is Refusal.NO_FIELDS and scan.by_hand
    assert "enter the form by hand" in scan.message
    blank = refusal(blanks[0])
    assert blank.reason is None and "came back blank" in blank.message and not blank.by_hand
    card = refusal(fill(blanks[1], CARD_VALUES))
    assert card.reason is Refusal.OTHER_KIND
    assert CARD_DIGITS not in str(card) and "1111" not in str(card)
    assert refusal(b"hello").reason is Refusal.NOT_PDF


def test_another_workshops_form_is_refused(services, workshop_id, blanks, tmp_path: Path) -> None:
    from escadesk.services.demo import announcement_workshop

    other = services.workshops.create(replace(announcement_workshop(), code="OTHER-2019"))
    path = write(tmp_path / "form.pdf", fill(blanks[0], registration_values(1, "a@b.example")))
    with pytest.raises(FormRefusedError, match="another workshop") as caught:
        services.forms.read_registration(path, other)
    assert caught.value.reason is Refusal.OTHER_WORKSHOP


# -- importing returned registration forms ------------------------------------------------------


def test_import_registers_every_form_with_its_form_received(
    services, workshop_id, blanks, tmp_path: Path, delegates_for_ten, snapshot
) -> None:
    paths = [
        write(
            tmp_path / f"form {n}.pdf",
            fill(blanks[0], registration_values(n, delegates_for_ten[n])),
        )
        for n in (1, 2)
    ]
    before = snapshot()
    dry = services.forms.import_registrations(paths, workshop_id, dry_run=True)
    assert dry.ok and not dry.stored and snapshot() == before

    done = services.forms.import_registrations(paths, workshop_id)
    assert done.ok and done.stored
    rows = services.registrations.list(workshop_id)
    assert [row.organization for row in rows] == ["Pôle Numérique 1", "Pôle Numérique 2"]
    assert [outcome.registration_id for outcome in done.files] == [row.id for row in rows]
    assert {row.status for row in rows} == {RegistrationStatus.FORM_RECEIVED}


def test_one_bad_form_stores_none_and_each_says_why(
    services, workshop_id, blanks, tmp_path: Path, delegates_for_ten, snapshot
) -> None:
    good = fill(blanks[0], registration_values(1, delegates_for_ten[0]))
    paths = [
        write(tmp_path / "good.pdf", good),
        write(tmp_path / "again.pdf", good),  # the same delegate twice in the batch
        write(
            tmp_path / "stranger.pdf", fill(blanks[0], registration_values(3, "x@nowhere.example"))
        ),
        write(tmp_path / "card.pdf", fill(blanks[1], CARD_VALUES)),
        write(tmp_path / "scan.pdf", scan_pdf()),
    ]
    before = snapshot()
    result = services.forms.import_registrations(paths, workshop_id)
    assert not result.ok and not result.stored and snapshot() == before
    by_name = {outcome.path.name: outcome for outcome in result.files}
    assert by_name["good.pdf"].ok
    assert [p.field for p in by_name["again.pdf"].problems] == ["contact_email"]
    assert "already registered" in by_name["again.pdf"].problems[0].message
    assert "not on the conference delegate list" in by_name["stranger.pdf"].problems[0].message
    assert by_name["card.pdf"].refusal == CARD_FORM_IN_WINDOW
    assert "by hand" in by_name["scan.pdf"].refusal
    assert [o.path.name for o in result.refused] == [
        "again.pdf",
        "stranger.pdf",
        "card.pdf",
        "scan.pdf",
    ]


# -- a returned card form ------------------------------------------------------------------------


def test_a_card_form_is_read_for_the_card_dialog_in_memory(
    services, workshop_id, blanks, tmp_path: Path, delegates_for_ten, details
) -> None:
    registration_id = services.registrations.register(workshop_id, details(1))
    pdf = fill(blanks[1], CARD_VALUES)
    path = write(tmp_path / "card.pdf", pdf)
    review = services.forms.read_card(path, workshop_id)
    assert review.registration_id == registration_id  # "Cluster 01" on the form
    assert review.organization == "Cluster 01"
    assert review.form.cardholder == "José Ñúñez-García"
    assert review.form.digits == CARD_DIGITS
    assert (review.form.expiry, review.form.code) == ("09/27", "123")
    assert review.form.billing_address == "12 rue de l'Été\n75011 Paris\nFrance"
    assert review.form.signed_on.isoformat() == "2018-09-20"
    assert review.form.scan == pdf and review.scan_media_type == "application/pdf"
    assert review.notes == ()
    assert CARD_DIGITS not in repr(review) and "123" not in repr(review)
    assert isinstance(services.forms.read_returned(path, workshop_id), CardFormReview)


def test_a_card_form_unsigned_undated_or_unmatched_gets_notes(
    services, workshop_id, blanks, tmp_path: Path
) -> None:
    values = {**CARD_VALUES, "signature": "", "signed_on": "20 Sept.", "organization": "Nobody"}
    review = services.forms.read_card(
        write(tmp_path / "c.pdf", fill(blanks[1], values)), workshop_id
    )
    assert review.form.signed_on is None and review.registration_id is None
    assert len(review.notes) == 3
    assert all("20 Sept" not in note for note in review.notes)


def test_a_card_number_in_the_date_box_never_reaches_a_message(
    services, workshop_id, blanks, tmp_path: Path
) -> None:
    values = {**CARD_VALUES, "signed_on": CARD_DIGITS}
    review = services.forms.read_card(
        write(tmp_path / "c.pdf", fill(blanks[1], values)), workshop_id
    )
    assert review.form.signed_on is None
    assert all(CARD_DIGITS not in note for note in review.notes)


def test_a_blank_or_registration_form_is_not_a_card_form(
    services, workshop_id, blanks, tmp_path: Path
) -> None:
    with pytest.raises(FormRefusedError, match="came back blank"):
        services.forms.read_card(write(tmp_path / "c.pdf", blanks[1]), workshop_id)
    with pytest.raises(FormRefusedError) as caught:
        services.forms.read_card(write(tmp_path / "r.pdf", blanks[0]), workshop_id)
    assert caught.value.reason is Refusal.OTHER_KIND


def test_reading_forms_writes_nothing_and_stores_nothing(
    services, workshop_id, blanks, tmp_path: Path, snapshot
) -> None:
    (tmp_path / "in").mkdir()
    path = write(tmp_path / "in" / "card.pdf", fill(blanks[1], CARD_VALUES))
    before = snapshot()
    services.forms.read_card(path, workshop_id)
    assert snapshot() == before
    assert [p.name for p in (tmp_path / "in").iterdir()] == ["card.pdf"]


def test_reading_a_card_form_logs_nothing_of_it(
    services, workshop_id, blanks, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    card = write(tmp_path / "card.pdf", fill(blanks[1], CARD_VALUES))
    services.forms.read_card(card, workshop_id)
    services.forms.read_returned(card, workshop_id)
    result = services.forms.import_registrations([card], workshop_id)
    with pytest.raises(FormRefusedError) as caught:
        services.forms.read_registration(card, workshop_id)
    said = [record.getMessage() for record in caplog.records]
    said += [str(caught.value), repr(result), *(o.refusal for o in result.files)]
    assert not any(CARD_DIGITS in text or "4111 1111" in text for text in said)
    assert caught.value.__cause__ is None and caught.value.__suppress_context__
