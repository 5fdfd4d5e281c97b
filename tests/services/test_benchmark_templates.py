"""The survey template through the real service: written for an organization, filled in
as a user would, read back into a preview against the stored answers and committed all
or nothing. Every bad file leaves the database exactly as it was."""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook

from escadesk.app import Services
from escadesk.domain.benchmarking import survey_template as form
from escadesk.domain.validation import ValidationError
from escadesk.exports.survey_template import write_survey_template
from escadesk.services import audit
from escadesk.services.benchmark_template_views import AnswersPreview, ChangeKind
from escadesk.services.benchmark_templates import TEMPLATE_KIND
from survey_template_kit import code_rows, fill, template_context

NAME = (
    "ESCA Cluster Benchmarking Workshop (TCI 2018) 2018-10-04 benchmarking survey - Cluster 01.xlsx"
)


@pytest.fixture
def registration(services: Services, workshop_id: int, details, delegates_for_ten) -> int:
    """Cluster 01, registered."""
    return services.registrations.register(workshop_id, details(1))


@pytest.fixture
def other_registration(services: Services, workshop_id: int, details, delegates_for_ten) -> int:
    """Cluster 02, registered."""
    return services.registrations.register(workshop_id, details(2))


@pytest.fixture
def template(services: Services, registration: int, tmp_path: Path) -> Path:
    """Cluster 01's template with three answers stored before it was written."""
    services.benchmarking.save_answers(registration, {"1.1.2": "40", "2.2.1": "2.5", "4.1.1": "no"})
    out = tmp_path / "out"
    out.mkdir()
    return services.benchmarking.write_template(registration, out / "survey.xlsx")


def _stored(services: Services, registration: int) -> dict[str, str]:
    survey = services.benchmarking.survey(registration)
    return {code: answer.text for code, answer in survey.answers.items() if answer.text}


def _audit(services: Services) -> list[str]:
    with services.context.database.reading() as session:
        return [line.summary for line in audit.recent(session, None, limit=1000)]


# -- out and back ------------------------------------------------------------------------------


def test_the_template_carries_the_stored_answers_and_a_proposed_name(
    services: Services, registration: int, template: Path
):
    assert services.benchmarking.template_file_name(registration) == NAME
    assert TEMPLATE_KIND in NAME
    sheet = load_workbook(template)[form.ANSWERS_SHEET]
    rows = code_rows(sheet)
    assert sheet.cell(rows["1.1.2"], form.ANSWER_COLUMN).value == 40
    assert sheet.cell(rows["2.2.1"], form.ANSWER_COLUMN).value == 2.5
    assert sheet.cell(rows["4.1.1"], form.ANSWER_COLUMN).value == "no"
    assert "Cluster 01: survey template written as 'survey.xlsx'" in _audit(services)


def test_a_filled_template_previews_then_stores_the_same_values(
    services: Services, registration: int, template: Path
):
    fill(
        template,
        {
            "1.1.2": 85,
            "2.2.1": 2.5,
            "4.1.1": None,
            "2.2.2": 4,
            "3.3": "EUR 480.000",
            "4.1.2": "Yes",
        },
    )
    preview = services.benchmarking.read_answers(template)

    assert preview.ok and preview.problems == ()
    assert (preview.registration_id, preview.organization) == (registration, "Cluster 01")
    kinds = {change.code: change.kind for change in preview.changes}
    assert len(kinds) == 36
    assert {code: kind for code, kind in kinds.items() if kind is not ChangeKind.UNCHANGED} == {
        "1.1.2": ChangeKind.CHANGED,
        "4.1.1": ChangeKind.CLEARED,
        "2.2.2": ChangeKind.NEW,
        "3.3": ChangeKind.NEW,
        "4.1.2": ChangeKind.NEW,
    }
    change = next(c for c in preview.changes if c.code == "1.1.2")
    assert (change.before, change.after, change.title) == (
        "40",
        "85",
        "1.1.2 Total committed participants",
    )
    assert preview.summary() == "3 new, 1 changed, 31 unchanged, 1 cleared answers"

    view = services.benchmarking.commit_answers(preview)

    expected = {"1.1.2": "85", "2.2.1": "2.5", "2.2.2": "4", "3.3": "480000", "4.1.2": "yes"}
    assert _stored(services, registration) == expected
    assert view.completion.answered == 5
    assert "Cluster 01: 5 answers saved from 'survey.xlsx'" in _audit(services)


def test_all_36_answers_typed_in_a_blank_template_round_trip(
    services: Services, registration: int, tmp_path: Path
):
    path = services.benchmarking.write_template(registration, tmp_path / "blank.xlsx")
    typed: dict[str, object] = {}
    for indicator in services.benchmarking.catalogue().indicators:
        if indicator.unit.value == "yes_no":
            typed[indicator.code] = "yes"
        elif indicator.unit.whole:
            typed[indicator.code] = int(indicator.minimum) + 1
        else:
            typed[indicator.code] = indicator.minimum + 0.5
    fill(path, typed)

    services.benchmarking.commit_answers(services.benchmarking.read_answers(path))

    stored = _stored(services, registration)
    assert len(stored) == 36
    for code, value in typed.items():
        assert stored[code] == (value if isinstance(value, str) else f"{value:g}")
    again = services.benchmarking.read_answers(path)
    assert again.count(ChangeKind.UNCHANGED) == 36 and again.to_store == ()


def test_nothing_to_store_writes_nothing(
    services: Services, registration: int, template: Path, snapshot: Callable[[], list[str]]
):
    before = snapshot()
    preview = services.benchmarking.read_answers(template)
    assert preview.ok and preview.to_store == ()
    services.benchmarking.commit_answers(preview)
    assert snapshot() == before


# -- bad files change nothing ------------------------------------------------------------------


def _formula(path: Path) -> None:
    fill(path, {"2.2.1": "=2+1"})


def _text_in_number(path: Path) -> None:
    fill(path, {"1.1.2": "about forty"})


def _out_of_range(path: Path) -> None:
    fill(path, {"2.2.1": 1200})


def _not_in_list(path: Path) -> None:
    fill(path, {"4.1.1": "perhaps"})


def _damaged(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def _csv_renamed(path: Path) -> None:
    path.write_text("Code,Answer\n2.2.1,3\n", encoding="utf-8")


def _sheet_renamed(path: Path) -> None:
    workbook = load_workbook(path)
    workbook[form.ANSWERS_SHEET].title = "Sheet1"
    workbook.save(path)


def _row_deleted(path: Path) -> None:
    workbook = load_workbook(path)
    sheet = workbook[form.ANSWERS_SHEET]
    sheet.delete_rows(code_rows(sheet)["3.1"])
    workbook.save(path)


def _huge(path: Path) -> None:
    with path.open("ab") as handle:
        handle.truncate(6 * 1024 * 1024)


def _about_edited(path: Path) -> None:
    workbook = load_workbook(path)
    sheet = workbook[form.ABOUT_SHEET]
    sheet["B3"] = "Cluster 02"  # the organization, typed over once unprotected
    workbook.save(path)


BAD_FILES = {
    "formula": (_formula, "Answers", "F", "is a formula (=2+1)"),
    "text in a number cell": (_text_in_number, "Answers", "F", "'about forty' is not a number"),
    "out of range": (_out_of_range, "Answers", "F", "must be between 0 and 1000 FTE"),
    "not in the list": (_not_in_list, "Answers", "F", "'perhaps' is not yes or no"),
    "damaged zip": (_damaged, None, None, "not a valid Excel workbook"),
    "csv renamed .xlsx": (_csv_renamed, None, None, "is a text (CSV) file"),
    "sheet renamed": (_sheet_renamed, None, None, "has no sheet 'Answers'"),
    "row deleted": (_row_deleted, "Answers", "B", "3.1 Financing perspective has no row"),
    "huge file": (_huge, None, None, "too large to be a survey template"),
    "About edited": (_about_edited, "About", "B", "The About sheet was changed"),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_each_bad_file_names_its_problem_and_changes_nothing(
    services: Services,
    registration: int,
    template: Path,
    snapshot: Callable[[], list[str]],
    case: str,
):
    spoil, sheet, column, message = BAD_FILES[case]
    fill(template, {"1.1.2": 99})  # a real change beside the bad one
    spoil(template)
    answers, before = _stored(services, registration), snapshot()

    preview = services.benchmarking.read_answers(template)

    assert not preview.ok and preview.changes == ()
    (problem,) = preview.problems
    assert (problem.sheet, problem.column) == (sheet, column)
    assert message in str(problem)
    with pytest.raises(ValidationError, match="The file has problems"):
        services.benchmarking.commit_answers(preview)
    assert (
        _stored(services, registration) == answers == {"1.1.2": "40", "2.2.1": "2.5", "4.1.1": "no"}
    )
    assert snapshot() == before


def test_a_template_of_another_catalogue_version_changes_nothing(
    services: Services,
    workshop_id: int,
    registration: int,
    tmp_path: Path,
    snapshot: Callable[[], list[str]],
):
    other = dataclasses.replace(services.benchmarking.catalogue(), version="2019.1")
    context = template_context(
        other, organization="Cluster 01", workshop_id=workshop_id, registration_id=registration
    )
    path = write_survey_template(context, tmp_path / "2019.xlsx")
    fill(path, {"1.1.2": 99})
    before = snapshot()

    preview = services.benchmarking.read_answers(path)

    (problem,) = preview.problems
    assert (problem.sheet, problem.column) == (form.ABOUT_SHEET, "B")
    assert "asks catalogue version 2019.1; escadesk asks catalogue 2018.1" in problem.message
    with pytest.raises(ValidationError):
        services.benchmarking.commit_answers(preview)
    assert snapshot() == before


# -- whose template is it ----------------------------------------------------------------------


def test_a_template_of_another_organization_than_the_one_chosen(
    services: Services,
    registration: int,
    other_registration: int,
    template: Path,
    snapshot: Callable[[], list[str]],
):
    fill(template, {"1.1.2": 99})
    before = snapshot()
    preview = services.benchmarking.read_answers(template, registration_id=other_registration)
    with pytest.raises(ValidationError):
        services.benchmarking.commit_answers(preview)
    assert snapshot() == before
    (problem,) = preview.problems
    assert (problem.sheet, problem.row, problem.column) == (form.ABOUT_SHEET, 3, "B")
    assert str(problem) == (
        "Sheet 'About', row 3, column B: This template is for 'Cluster 01', not for "
        "'Cluster 02' (the organization chosen)."
    )


def test_a_template_of_another_workshop_than_the_one_chosen(
    services: Services, workshop_id: int, registration: int, template: Path
):
    other = services.workshops.create(_another_workshop())
    preview = services.benchmarking.read_answers(template, workshop_id=other)
    (problem,) = preview.problems
    assert problem.sheet == form.ABOUT_SHEET
    assert "is for the workshop 'ESCA Cluster Benchmarking Workshop (TCI 2018)'" in problem.message
    assert services.benchmarking.read_answers(template, workshop_id=workshop_id).ok


def _another_workshop():
    from dataclasses import replace

    from escadesk.services.demo import announcement_workshop

    return replace(announcement_workshop(), code="TCI2019", title="Another workshop")


def test_a_template_made_by_another_data_folder(
    services: Services, workshop_id: int, registration: int, tmp_path: Path
):
    catalogue = services.benchmarking.catalogue()
    # Same ids, another organization: the demo's registration #1 is someone else.
    same_id = template_context(
        catalogue,
        organization="Rhine Valley Health Cluster",
        workshop_id=workshop_id,
        registration_id=registration,
    )
    unknown = template_context(catalogue, workshop_id=workshop_id, registration_id=999)
    other_workshop = template_context(
        catalogue, organization="Cluster 01", workshop_id=77, registration_id=registration
    )
    messages = []
    for number, context in enumerate((same_id, unknown, other_workshop)):
        path = write_survey_template(context, tmp_path / f"foreign-{number}.xlsx")
        preview = services.benchmarking.read_answers(path)
        assert not preview.ok
        messages.append([str(p) for p in preview.problems])
    assert messages[0] == [
        "Sheet 'About', row 3, column B: This template was made for 'Rhine Valley Health "
        f"Cluster', but registration #{registration} here is 'Cluster 01'. Make a new "
        "template for the right organization."
    ]
    assert "registration #999, which this data folder does not hold" in messages[1][0]
    assert "made for another workshop (#77)" in messages[2][0]


def test_answers_changed_after_the_preview_are_not_overwritten(
    services: Services, registration: int, template: Path, snapshot: Callable[[], list[str]]
):
    fill(template, {"2.2.2": 3})
    preview = services.benchmarking.read_answers(template)
    assert preview.ok
    services.benchmarking.save_answer(registration, "1.1.2", "41")  # typed in the window
    before = snapshot()

    with pytest.raises(
        ValidationError, match=r"^The stored answer \(1\.1\.2\) changed since the file was read"
    ):
        services.benchmarking.commit_answers(preview)

    assert snapshot() == before
    assert _stored(services, registration)["1.1.2"] == "41"


# -- a batch -----------------------------------------------------------------------------------


def test_one_template_per_participant_into_a_folder(
    services: Services,
    workshop_id: int,
    registration: int,
    other_registration: int,
    details,
    tmp_path: Path,
):
    services.registrations.register(workshop_id, details(3))  # not complete: not taking part
    for taking_part in (registration, other_registration):
        services.registrations.record_form(taking_part)
        services.registrations.record_authorization(taking_part)
    folder = tmp_path / "templates" / "new"

    paths = services.benchmarking.write_templates(workshop_id, folder)

    assert [p.name for p in paths] == [NAME, NAME.replace("Cluster 01", "Cluster 02")]
    assert sorted(folder.iterdir()) == sorted(paths)
    for path, expected in zip(paths, (registration, other_registration), strict=True):
        assert services.benchmarking.read_answers(path).registration_id == expected
    assert f"2 survey templates written to '{folder}'" in _audit(services)


def test_templates_refuse_a_file_as_their_folder(
    services: Services, workshop_id: int, tmp_path: Path
):
    target = tmp_path / "a-file"
    target.write_text("x")
    with pytest.raises(ValidationError, match="is a file; choose a folder"):
        services.benchmarking.write_templates(workshop_id, target)


@pytest.mark.parametrize(
    ("name", "message"),
    [("survey.pdf", "as an .xlsx file"), ("missing/survey.xlsx", "does not exist")],
)
def test_a_single_template_needs_an_xlsx_in_an_existing_folder(
    services: Services, registration: int, tmp_path: Path, name: str, message: str
):
    with pytest.raises(ValidationError, match=message):
        services.benchmarking.write_template(registration, tmp_path / name)


def test_a_preview_is_plain_data_the_window_can_show(
    services: Services, registration: int, template: Path, tmp_path: Path
):
    copy = shutil.copy(template, tmp_path / "copy.xlsx")
    preview = services.benchmarking.read_answers(Path(copy))
    assert isinstance(preview, AnswersPreview)
    assert (preview.workshop, preview.catalogue_version) == (
        "ESCA Cluster Benchmarking Workshop (TCI 2018)",
        "2018.1",
    )
    assert [c.row for c in preview.changes] == list(range(5, 41))


def test_several_answers_changed_after_the_preview_are_named_together(
    services: Services, registration: int, template: Path, snapshot: Callable[[], list[str]]
):
    fill(template, {"2.2.2": 3})
    preview = services.benchmarking.read_answers(template)
    services.benchmarking.save_answer(registration, "1.1.2", "41")
    services.benchmarking.save_answer(registration, "2.1", "7")
    before = snapshot()

    with pytest.raises(ValidationError) as refused:
        services.benchmarking.commit_answers(preview)

    message = str(refused.value.problems[0].message)
    assert message.startswith("The 2 stored answers (")
    assert "1.1.2" in message and "2.1" in message
    assert message.endswith("nothing was saved. Read the file again.")
    assert snapshot() == before
