"""Registrations from a web form's export: the three services' exports import to the right
registrations, every bad input names its row and column and stores nothing, and the
columns chosen come back for the next export of the same form."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from escadesk.app import Services
from escadesk.domain.registration_form import RegistrationDetails
from escadesk.domain.validation import ValidationError
from escadesk.importing.limits import MAX_FILE_BYTES
from escadesk.importing.web_form_columns import ColumnMap
from escadesk.services.registration_import import RegistrationImportPreview
from escadesk.services.registration_import_checks import MAX_RESPONSES, RowStatus
from web_form_kit import (
    GOOGLE_HEADERS,
    LUCIA,
    MICROSOFT_HEADERS,
    PRIYA,
    RESPONDENTS,
    TOM,
    WEI,
    google_export,
    google_rows,
    microsoft_export,
    microsoft_rows,
    typeform_export,
    with_changes,
    write_export,
)

#: Registered before the import: a delegate of the list, not in the exports.
HENRIK = RegistrationDetails(
    organization="Copenhagen Cleantech",
    country="Denmark",
    technology_area="Energy and environment",
    contact_name="Henrik Larsen",
    contact_email="hl@cphclean.example",
    contact_title="CEO",
    contact_phone="+45 33 55 50 10",
)


@pytest.fixture
def workshop(services: Services, workshop_id: int, add_delegates) -> int:
    """The announcement's workshop, its delegate list, and one registration already."""
    people = [*RESPONDENTS, PRIYA]
    add_delegates(workshop_id, [p.email for p in people] + [HENRIK.contact_email])
    services.registrations.register(workshop_id, HENRIK)
    return workshop_id


def preview_of(
    services: Services, workshop: int, path: Path, columns: ColumnMap | None = None
) -> RegistrationImportPreview:
    importer = services.registration_import
    export = importer.read(path)
    chosen = columns or importer.columns_for(export).columns
    return importer.preview(workshop, export, chosen)


def stored(services: Services, workshop: int) -> dict[str, RegistrationDetails]:
    return {row.organization: row.details for row in services.registrations.list(workshop)}


def problems_of(preview: RegistrationImportPreview) -> list[tuple[int | None, str | None]]:
    return [(p.row, p.column) for p in preview.problems]


def audit_summaries(services: Services) -> list[str]:
    return [row.details for row in services.audit_log.rows()]


# -- the three services ------------------------------------------------------------------


@pytest.mark.parametrize(
    "export",
    [microsoft_export, google_export, lambda f: google_export(f, suffix=".xlsx"), typeform_export],
    ids=["microsoft-forms-xlsx", "google-forms-csv", "google-forms-xlsx", "typeform-csv"],
)
def test_each_services_export_imports_to_the_right_registrations(
    services: Services, workshop: int, tmp_path: Path, export: Callable[[Path], Path]
) -> None:
    path = export(tmp_path)
    preview = preview_of(services, workshop, path)

    assert preview.problems == ()
    assert preview.ok
    assert [row.number for row in preview.new_rows] == [2, 3, 4]
    assert preview.summary() == "3 responses: 3 new registrations"

    ids = services.registration_import.commit(preview)

    assert len(ids) == 3
    registered = stored(services, workshop)
    for person in RESPONDENTS:
        assert registered[person.organization] == person.details()
    assert registered["Copenhagen Cleantech"] == HENRIK  # untouched
    summaries = audit_summaries(services)
    for row, person in zip((2, 3, 4), RESPONDENTS, strict=True):
        assert (
            f"Registered {person.organization} (from the web-form export {path.name}, row {row})"
        ) in summaries
    assert any(s.startswith(f"Imported 3 registrations from the web-form export {path.name}")
               for s in summaries)  # fmt: skip


def test_each_services_columns_are_guessed_from_its_headers(tmp_path: Path, services) -> None:
    importer = services.registration_import
    microsoft = importer.columns_for(importer.read(microsoft_export(tmp_path)))
    google = importer.columns_for(importer.read(google_export(tmp_path)))
    typeform = importer.columns_for(importer.read(typeform_export(tmp_path)))

    assert not microsoft.remembered and not google.remembered and not typeform.remembered
    assert dict(microsoft.columns.columns) == {
        "organization": ("Name of your cluster organization",),
        "country": ("Country",),
        "technology_area": ("Technology area (ESCA)",),
        "contact_name": ("Contact person",),  # not Microsoft's account "Name"
        "contact_title": ("Job title",),
        "contact_email": ("E-mail address",),  # not Microsoft's account "Email"
        "contact_phone": ("Phone number",),
    }
    assert dict(google.columns.columns) == {
        "organization": ("Organization name",),
        "country": ("Country where the cluster is based",),
        "technology_area": ("Which ESCA technology area fits your cluster best?",),
        "contact_name": ("Your full name",),
        "contact_title": ("Your title / position",),
        "contact_email": ("Email Address",),  # the address the form collected
        "contact_phone": ("Phone (with country code)",),
    }
    assert dict(typeform.columns.columns) == {
        "organization": ("What's the name of your cluster organization?",),
        "country": ("Which country is your cluster organization based in?",),
        "technology_area": ("Which of ESCA's technology areas fits it best?",),
        "contact_name": ("First name", "Last name"),
        "contact_title": ("What's your job title?",),
        "contact_email": ("Email",),
        "contact_phone": ("Phone number",),
    }


def test_the_columns_chosen_come_back_for_the_next_export_of_the_same_form(
    services: Services, workshop: int, tmp_path: Path
) -> None:
    importer = services.registration_import
    first = tmp_path / "monday"
    first.mkdir()
    export = importer.read(google_export(first, [WEI]))
    guessed = importer.columns_for(export).columns
    # The director keeps the phone out and takes the title from the name's column... no:
    # the title is left out too. What was chosen is remembered, not what was guessed.
    chosen = guessed.replaced("contact_phone", ()).replaced("contact_title", ())
    preview = importer.preview(workshop, export, chosen)
    importer.commit(preview)
    assert stored(services, workshop)["Pearl River ICT Cluster"].contact_phone == ""

    # Friday's export holds Monday's response too, its columns in another order.
    later = tmp_path / "friday"
    later.mkdir()
    order = [7, 6, 5, 4, 3, 2, 1, 0]
    headers = [GOOGLE_HEADERS[i] for i in order]
    rows = [[row[i] for i in order] for row in google_rows([WEI, LUCIA])]
    again = importer.read(write_export(later / "responses.csv", headers, rows))

    suggested = importer.columns_for(again)

    assert suggested.remembered
    assert suggested.columns == chosen
    preview = importer.preview(workshop, again, suggested.columns)
    assert [(r.number, r.status) for r in preview.rows] == [
        (2, RowStatus.ALREADY),  # Monday's response: registered already, skipped
        (3, RowStatus.NEW),
    ]
    assert preview.summary() == "2 responses: 1 new registration, 1 already registered (skipped)"
    importer.commit(preview)
    assert set(stored(services, workshop)) == {
        "Copenhagen Cleantech",
        "Pearl River ICT Cluster",
        "Basque Advanced Manufacturing",
    }
    # Another form's export is guessed afresh.
    assert not importer.columns_for(importer.read(typeform_export(tmp_path))).remembered


def test_a_preview_or_a_refused_import_remembers_nothing(
    services: Services, workshop: int, tmp_path: Path, snapshot
) -> None:
    importer = services.registration_import
    export = importer.read(google_export(tmp_path))
    chosen = importer.columns_for(export).columns.replaced("contact_phone", ())
    before = snapshot()
    importer.preview(workshop, export, chosen)
    assert snapshot() == before
    assert not importer.columns_for(export).remembered


# -- bad input: named by row and column, nothing stored ----------------------------------


def _refused(services: Services, preview: RegistrationImportPreview, snapshot, before) -> None:
    """The import is refused and the database is exactly as it was."""
    assert not preview.ok
    with pytest.raises(ValidationError):
        services.registration_import.commit(preview)
    assert snapshot() == before


def test_a_missing_required_column_is_named_and_nothing_is_stored(
    services: Services, workshop: int, tmp_path: Path, snapshot
) -> None:
    keep = [i for i, h in enumerate(MICROSOFT_HEADERS) if h != "Country"]
    path = write_export(
        tmp_path / "no country.xlsx",
        [MICROSOFT_HEADERS[i] for i in keep],
        [[row[i] for i in keep] for row in microsoft_rows()],
    )
    before = snapshot()
    preview = preview_of(services, workshop, path)

    assert preview.columns.headers("country") == ()
    assert [str(p) for p in preview.problems] == [
        "Country is required: choose the column of the file that holds it."
    ]
    assert preview.problems[0].field == "country"
    # The rows themselves are fine otherwise: no "Country is required" on each of them.
    assert all(row.problems == () for row in preview.rows)
    _refused(services, preview, snapshot, before)


@pytest.mark.parametrize(
    ("person", "column", "words"),
    [
        (with_changes(LUCIA, email="l.fernandez@bam"), "E-mail address", "not a valid e-mail"),
        (with_changes(LUCIA, area="Robotics"), "Technology area (ESCA)", "ESCA's technology"),
        (with_changes(LUCIA, country="Atlantis"), "Country", "not a known country"),
        (with_changes(LUCIA, email="someone@else.example"), "E-mail address", "delegate list"),
        (with_changes(LUCIA, organization=""), "Name of your cluster organization", "required"),
        (with_changes(LUCIA, phone="call me"), "Phone number", "phone number"),
    ],
    ids=["bad-email", "unknown-area", "unknown-country", "not-a-delegate", "empty", "phone"],
)
def test_a_bad_value_is_named_by_row_and_column_and_nothing_is_stored(
    services: Services, workshop: int, tmp_path: Path, snapshot, person, column, words
) -> None:
    path = microsoft_export(tmp_path, [WEI, person, TOM])
    before = snapshot()
    preview = preview_of(services, workshop, path)

    assert problems_of(preview) == [(3, column)]
    assert words in preview.problems[0].message
    assert str(preview.problems[0]).startswith(f"Row 3, column '{column}': ")
    assert [r.status for r in preview.rows] == [RowStatus.NEW, RowStatus.PROBLEM, RowStatus.NEW]
    _refused(services, preview, snapshot, before)


def test_duplicates_in_the_file_and_against_the_workshop_are_flagged(
    services: Services, workshop: int, tmp_path: Path, snapshot
) -> None:
    people = [
        WEI,
        with_changes(WEI, organization="Pearl River ICT"),  # submitted twice
        with_changes(LUCIA, email=TOM.email),  # Tom's address, with Lucía's organization
        TOM,
        with_changes(PRIYA, organization="Copenhagen Cleantech"),  # registered already
        with_changes(LUCIA, email=HENRIK.contact_email),  # Henrik's address, another org
    ]
    path = google_export(tmp_path, people)
    before = snapshot()
    preview = preview_of(services, workshop, path)

    lines = [str(p) for p in preview.problems]
    assert lines == [
        "Row 3, column 'Email Address': E-mail wei.chen@prict.example is also on row 2; "
        "keep one of the two responses.",
        "Row 5, column 'Email Address': E-mail tom.obrien@aot.example is also on row 4; "
        "keep one of the two responses.",
        "Row 6, column 'Organization name': Copenhagen Cleantech is already registered for "
        "this workshop (contact hl@cphclean.example).",
        "Row 7, column 'Email Address': hl@cphclean.example is already registered for this "
        "workshop, for Copenhagen Cleantech.",
        "Row 7, column 'Organization name': Organization Basque Advanced Manufacturing is "
        "also on row 4; keep one of the two responses.",
    ]
    _refused(services, preview, snapshot, before)


def test_a_response_registered_already_is_skipped_and_a_file_of_them_imports_nothing(
    services: Services, workshop: int, tmp_path: Path, snapshot
) -> None:
    henrik = with_changes(
        WEI,
        organization="copenhagen  cleantech",
        email="HL@cphclean.example",
        first="Henrik",
        last="Larsen",
    )
    before = snapshot()
    preview = preview_of(services, workshop, typeform_export(tmp_path, [henrik]))

    assert preview.problems == ()
    assert [r.status for r in preview.rows] == [RowStatus.ALREADY]
    assert not preview.ok
    with pytest.raises(ValidationError, match="registered already; there is nothing to import"):
        services.registration_import.commit(preview)
    assert snapshot() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty."),
        (",".join(GOOGLE_HEADERS).encode() + b"\r\n", "no responses"),
    ],
    ids=["empty", "header-only"],
)
def test_an_empty_file_is_refused(
    services: Services, workshop: int, tmp_path: Path, snapshot, content: bytes, message: str
) -> None:
    path = tmp_path / "responses.csv"
    path.write_bytes(content)
    before = snapshot()
    if not content:
        with pytest.raises(ValidationError, match=message):
            services.registration_import.read(path)
    else:
        preview = preview_of(services, workshop, path)
        assert message in str(preview.problems[-1])
        _refused(services, preview, snapshot, before)
    assert snapshot() == before


def test_a_huge_file_is_refused_before_it_is_read(
    services: Services, tmp_path: Path, snapshot
) -> None:
    path = tmp_path / "responses.csv"
    with path.open("wb") as handle:  # sparse: no disk is used
        handle.write(b"Timestamp,Email Address\n")
        handle.truncate(MAX_FILE_BYTES + 1)
    before = snapshot()
    with pytest.raises(ValidationError, match="too large"):
        services.registration_import.read(path)
    assert snapshot() == before
    os.remove(path)


def test_more_responses_than_a_workshop_could_take_are_refused(
    services: Services, workshop: int, tmp_path: Path, snapshot
) -> None:
    rows = google_rows([WEI]) * (MAX_RESPONSES + 1)
    path = write_export(tmp_path / "all responses.csv", GOOGLE_HEADERS, rows)
    before = snapshot()
    preview = preview_of(services, workshop, path)
    assert str(preview.problems[0]).startswith(f"The file holds {MAX_RESPONSES + 1:,} responses")
    _refused(services, preview, snapshot, before)


def test_a_formula_is_refused_in_a_workbook_and_in_a_csv_file(
    services: Services, workshop: int, tmp_path: Path, snapshot
) -> None:
    rows = microsoft_rows()
    rows[1][MICROSOFT_HEADERS.index("Job title")] = '=HYPERLINK("http://x.example","Click")'
    workbook = write_export(tmp_path / "formula.xlsx", MICROSOFT_HEADERS, rows)
    before = snapshot()
    with pytest.raises(ValidationError) as refused:
        services.registration_import.read(workbook)
    assert str(refused.value).startswith("Cell K3 contains a formula (=HYPERLINK(")

    text = google_rows()
    text[0][GOOGLE_HEADERS.index("Your title / position")] = "=1+2"
    text[2][GOOGLE_HEADERS.index("Phone (with country code)")] = "+353 91 555 0177"  # a phone
    path = write_export(tmp_path / "formula.csv", GOOGLE_HEADERS, text)
    preview = preview_of(services, workshop, path)
    assert [str(p) for p in preview.problems] == [
        "Row 2, column 'Your title / position': '=1+2' starts like a spreadsheet formula; "
        "registrations are imported from typed answers only. Correct the cell in the file."
    ]
    _refused(services, preview, snapshot, before)


def test_a_csv_file_in_another_encoding_is_refused_with_its_line(
    services: Services, tmp_path: Path, snapshot
) -> None:
    path = google_export(tmp_path)
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1252"))  # "Lucía Fernández"
    before = snapshot()
    with pytest.raises(ValidationError) as refused:
        services.registration_import.read(path)
    assert str(refused.value) == (
        "The file is not UTF-8 text (line 3). Save it as 'CSV UTF-8' and try again."
    )
    assert snapshot() == before


def test_without_a_delegate_list_the_file_is_refused_once_not_on_every_row(
    services: Services, workshop_id: int, tmp_path: Path, snapshot
) -> None:
    before = snapshot()
    preview = preview_of(services, workshop_id, microsoft_export(tmp_path))
    assert [str(p) for p in preview.problems] == [
        "No delegate list has been imported for this workshop yet; import it first "
        "(File > Import delegate list): only conference delegates may register."
    ]
    _refused(services, preview, snapshot, before)


def test_what_changed_since_the_preview_is_found_again_and_nothing_is_stored(
    services: Services, workshop: int, tmp_path: Path, snapshot
) -> None:
    preview = preview_of(services, workshop, typeform_export(tmp_path))
    assert preview.ok
    services.registrations.register(workshop, TOM.details())  # typed in meanwhile
    before = snapshot()
    with pytest.raises(ValidationError, match="changed since the preview"):
        services.registration_import.commit(preview)
    assert snapshot() == before


def test_a_failure_in_the_middle_stores_none_of_the_registrations(
    services: Services, workshop: int, tmp_path: Path, snapshot, monkeypatch
) -> None:
    preview = preview_of(services, workshop, typeform_export(tmp_path))
    registrations = services.registrations
    real = registrations.register_in
    calls = []

    def failing(*args, **kwargs):
        calls.append(args)
        if len(calls) == 3:
            raise OSError("disk unplugged")
        return real(*args, **kwargs)

    monkeypatch.setattr(registrations, "register_in", failing)
    before = snapshot()
    with pytest.raises(OSError, match="disk unplugged"):
        services.registration_import.commit(preview)
    assert snapshot() == before
    assert not services.registration_import.columns_for(preview.export).remembered
