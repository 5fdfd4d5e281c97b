"""Benchmarking through the real service: surveys saved per answer, reference sets stored
all or nothing, comparisons against the active set, the Bronze label and the demo."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from escadesk.app import AppConfig, Services, build_services
from escadesk.domain.benchmarking import PeerGroup
from escadesk.domain.validation import ValidationError
from escadesk.exports.data import CONFIDENTIALITY_NOTICE
from escadesk.services import audit
from escadesk.services.benchmarking import (
    SHIPPED_SOURCE_PREFIX,
    AnswerView,
    BenchmarkReportCancelledError,
    NoReferenceSetError,
    ReferenceImportError,
    values_json,
)
from escadesk.services.clock import FixedClock
from escadesk.services.demo import DEMO_PASSPHRASE, DEMO_TODAY, seed_demo
from escadesk.services.views import NotFoundError
from escadesk.vault.kdf import fast_test_params
from escadesk.vault.keychain import MemoryKeychain
from organization_languages import speak
from raw_sql import query

#: The name proposed for a report of the demo workshop (issue 16: its title, not its code).
REPORT = "ESCA Cluster Benchmarking Workshop (TCI 2018) 2018-10-04 benchmarking report - "

TORONTO = ZoneInfo("America/Toronto")
HEADERS = ["Identifier", "Country", "Technology area", "Year", "Label", "1.1.2", "2.2.1"]


def _csv(path: Path, rows: list[list[str]], headers: list[str] = HEADERS) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers)
        writer.writerows(rows)
    return path


def _ict_peers(members: list[int], prefix: str = "R") -> list[list[str]]:
    """ICT clusters in Canada with the given member counts (and 0.1 FTE steps)."""
    return [
        [f"{prefix}-{n}", "Canada", "ICT", "2018", "", str(count), f"{1 + n / 10:g}"]
        for n, count in enumerate(members, start=1)
    ]


def _audit_summaries(services: Services) -> list[str]:
    with services.context.database.reading() as session:
        return [line.summary for line in audit.recent(session, None, limit=10_000)]


def _count(db_url: str, table: str) -> int:
    ((count,),) = query(db_url, f"SELECT count(*) FROM {table}")
    return count


@pytest.fixture
def registration(services: Services, workshop_id: int, details, delegates_for_ten) -> int:
    """A registered ICT cluster from Canada (Cluster 01)."""
    return services.registrations.register(workshop_id, details(1))


def _complete_answers(services: Services, **overrides: str) -> dict[str, str]:
    """A valid answer for every indicator: the middle of its scoring scale."""
    answers = {}
    for indicator in services.benchmarking.catalogue().indicators:
        middle = (indicator.score_zero + indicator.score_full) / 2
        if indicator.unit.whole:
            middle = round(middle)
        answers[indicator.code] = "yes" if indicator.unit.value == "yes_no" else f"{middle:g}"
    answers.update({"1.1.2": "40", "2.2.1": "2.5", "1.1.1b": "4"})
    answers.update(overrides)
    return answers


# -- the questionnaire ------------------------------------------------------------------------


def test_a_new_survey_lists_every_indicator_unanswered(services: Services, registration: int):
    survey = services.benchmarking.survey(registration)
    catalogue = services.benchmarking.catalogue()

    assert list(survey.answers) == list(catalogue.codes) and len(catalogue) == 36
    assert all(answer.text == "" and answer.note == "" for answer in survey.answers.values())
    assert (survey.organization, survey.country, survey.technology_area) == (
        "Cluster 01",
        "Canada",
        "ICT",
    )
    assert survey.catalogue_version == catalogue.version
    assert survey.interview_on is None
    assert (survey.completion.answered, survey.completion.total) == (0, 36)


def test_answers_round_trip_as_exact_canonical_text(services: Services, registration: int):
    bench = services.benchmarking
    assert bench.save_answer(registration, "1.1.2", "1 250").text == "1250"
    assert bench.save_answer(registration, "2.2.1", "2,5", note="one part-time").text == "2.5"
    assert bench.save_answer(registration, "4.1.1", " Yes ").text == "yes"
    assert bench.save_answer(registration, "3.3", "EUR 350.000").text == "350000"
    assert bench.save_answer(registration, "2.2.3", "0.1").text == "0.1"

    survey = bench.survey(registration)
    assert {code: survey.answers[code].text for code in ("1.1.2", "2.2.1", "4.1.1", "3.3")} == {
        "1.1.2": "1250",
        "2.2.1": "2.5",
        "4.1.1": "yes",
        "3.3": "350000",
    }
    assert survey.answers["2.2.1"].note == "one part-time"
    assert survey.completion.answered == 5
    subject_values = {
        item.indicator.code: item.value
        for item in _compare_with_shipped(services, registration).indicators
        if item.value is not None
    }
    assert subject_values == {
        "1.1.2": 1250,
        "2.2.1": 2.5,
        "4.1.1": 1.0,
        "3.3": 350000,
        "2.2.3": 0.1,
    }


def _compare_with_shipped(services: Services, registration: int):
    services.benchmarking.ensure_shipped_reference_set()
    return services.benchmarking.comparison(registration)


def test_a_note_is_kept_unless_replaced_and_clearing_keeps_a_noted_answer(
    services: Services, registration: int
):
    bench = services.benchmarking
    bench.save_answer(registration, "2.4", "4", note="board has 2 member seats")
    bench.save_answer(registration, "2.4", "3")  # note None: kept
    assert bench.survey(registration).answers["2.4"] == AnswerView(
        "2.4", "3", "board has 2 member seats"
    )

    cleared = bench.save_answer(registration, "2.4", "")
    assert (cleared.text, cleared.note) == ("", "board has 2 member seats")
    assert bench.survey(registration).completion.answered == 0

    bench.save_answer(registration, "2.4", None, note="")
    assert bench.survey(registration).answers["2.4"] == AnswerView("2.4", "", "")


def test_an_invalid_answer_is_refused_naming_the_indicator_and_range(
    services: Services, registration: int, snapshot: Callable[[], list[str]]
):
    bench = services.benchmarking
    bench.save_answer(registration, "2.2.1", "3")
    before = snapshot()

    with pytest.raises(ValidationError) as out_of_range:
        bench.save_answer(registration, "2.2.1", "1200", note="typo?")
    (problem,) = out_of_range.value.problems
    assert problem.field == "2.2.1"
    assert problem.message == (
        "2.2.1 Human resources of the management team: must be between 0 and 1000 FTE, not 1200"
    )

    with pytest.raises(ValidationError) as not_a_number:
        bench.save_answer(registration, "1.1.2", "about forty")
    assert not_a_number.value.for_field("1.1.2") == [
        "1.1.2 Total committed participants: 'about forty' is not a number "
        "(expected a whole number between 0 and 100000)"
    ]
    with pytest.raises(ValidationError, match="must be a level from 1 to 5, not 7"):
        bench.save_answer(registration, "2.2.2", "7")
    with pytest.raises(ValidationError, match="'maybe' is not yes or no"):
        bench.save_answer(registration, "4.1.1", "maybe")
    with pytest.raises(ValidationError, match=r"9\.9\.9 is not an indicator of catalogue 2018\.1"):
        bench.save_answer(registration, "9.9.9", "1")

    assert snapshot() == before
    assert bench.survey(registration).answers["2.2.1"].text == "3"


def test_saving_per_answer_audits_without_the_answer(services: Services, registration: int) -> None:
    bench = services.benchmarking
    bench.save_answer(registration, "3.3", "987654", note="confidential grant of Acme")
    bench.save_answer(registration, "3.3", "987654")  # unchanged: nothing written
    bench.save_answer(registration, "3.3", "")

    summaries = [s for s in _audit_summaries(services) if "3.3" in s]
    assert sorted(summaries) == [
        "Cluster 01: answer to 3.3 cleared",
        "Cluster 01: answer to 3.3 saved; note to 3.3 saved",
    ]
    everything = "\n".join(_audit_summaries(services))
    assert "987654" not in everything and "Acme" not in everything


def test_save_answers_is_all_or_nothing(
    services: Services, registration: int, snapshot: Callable[[], list[str]]
) -> None:
    bench = services.benchmarking
    before = snapshot()
    with pytest.raises(ValidationError) as refused:
        bench.save_answers(registration, {"1.1.2": "40", "2.2.1": "-1", "2.2.2": "six"})
    assert [p.field for p in refused.value.problems] == ["2.2.1", "2.2.2"]
    assert snapshot() == before

    survey = bench.save_answers(
        registration, {"1.1.2": "40", "2.2.1": "1,5", "4.1.1": "no"}, {"1.1.2": "incl. 3 new"}
    )
    assert survey.completion.answered == 3
    assert survey.answers["2.2.1"].text == "1.5"
    assert survey.answers["4.1.1"].text == "no"
    assert survey.answers["1.1.2"].note == "incl. 3 new"
    assert "Cluster 01: 3 answers saved" in _audit_summaries(services)


def test_interview_date_round_trip(services: Services, registration: int) -> None:
    bench = services.benchmarking
    bench.set_interview_date(registration, date(2018, 9, 20))
    assert bench.survey(registration).interview_on == date(2018, 9, 20)
    bench.set_interview_date(registration, None)
    assert bench.survey(registration).interview_on is None
    assert "Cluster 01: benchmarking interview date set to 2018-09-20" in _audit_summaries(services)


def test_unknown_registration(services: Services) -> None:
    with pytest.raises(NotFoundError):
        services.benchmarking.survey(999)
    with pytest.raises(NotFoundError):
        services.benchmarking.save_answer(999, "1.1.2", "40")


# -- reference sets -----------------------------------------------------------------------------


def test_without_a_reference_set_there_is_nothing_to_compare_with(
    services: Services, registration: int
) -> None:
    assert services.benchmarking.reference_sets() == []
    with pytest.raises(NoReferenceSetError, match="install the shipped synthetic"):
        services.benchmarking.comparison(registration)


def test_the_shipped_set_is_installed_once(services: Services, db_url: str) -> None:
    bench = services.benchmarking
    first = bench.ensure_shipped_reference_set()
    assert bench.ensure_shipped_reference_set() == first

    (view,) = bench.reference_sets()
    assert view.id == first and view.active and view.synthetic
    assert view.size == 1300 == _count(db_url, "reference_organization")
    assert view.source == f"{SHIPPED_SOURCE_PREFIX}reference-synthetic-2018.csv"
    assert view.catalogue_version == "2018.1"
    assert view.imported_at == services.clock.now()


def test_import_stores_exact_values_and_activates(
    services: Services, registration: int, tmp_path: Path
) -> None:
    bench = services.benchmarking
    shipped = bench.ensure_shipped_reference_set()
    path = _csv(tmp_path / "extract.csv", _ict_peers([20, 30, 40, 50, 60]))
    seen: list[tuple[int, str]] = []

    set_id = bench.import_reference_set(path, "  ESCA extract  2018 ", progress=_collect(seen))

    sets = {view.id: view for view in bench.reference_sets()}
    assert sets[set_id].name == "ESCA extract 2018"
    assert sets[set_id].active and not sets[shipped].active
    assert not sets[set_id].synthetic and sets[set_id].size == 5
    assert sets[set_id].source == str(path)
    assert seen[0][0] == 0 and seen[-1] == (100, "Imported 5 organizations")
    assert [p for p, _ in seen] == sorted(p for p, _ in seen)

    bench.save_answer(registration, "2.2.1", "1.3")
    comparison = bench.comparison(registration)
    assert comparison.reference_name == "ESCA extract 2018" and comparison.reference_size == 5
    fte = comparison.indicator("2.2.1").peers[PeerGroup.ALL].summary
    assert fte is not None and (fte.count, fte.minimum, fte.median, fte.maximum) == (
        5,
        1.1,
        1.3,
        1.5,
    )


def test_import_without_activating_keeps_the_active_set(services: Services, tmp_path: Path) -> None:
    bench = services.benchmarking
    first = bench.import_reference_set(
        _csv(tmp_path / "a.csv", _ict_peers([20, 30])), "A", activate=False
    )
    second = bench.import_reference_set(
        _csv(tmp_path / "b.csv", _ict_peers([20, 30])), "B", activate=False
    )
    active = {view.id: view.active for view in bench.reference_sets()}
    assert active == {first: True, second: False}  # the first set stored is always active


def test_a_malformed_reference_file_stores_nothing(
    services: Services, tmp_path: Path, snapshot: Callable[[], list[str]]
) -> None:
    bench = services.benchmarking
    bench.import_reference_set(_csv(tmp_path / "good.csv", _ict_peers([20, 30])), "Good")
    before = snapshot()
    rows = _ict_peers([20, 30, 40])
    rows[1][5] = "lots"  # row 3, column 1.1.2
    rows[2][2] = "Basket weaving"  # row 4, technology area

    with pytest.raises(ReferenceImportError) as refused:
        bench.import_reference_set(_csv(tmp_path / "bad.csv", rows), "Bad")

    problems = refused.value.problems
    assert [(p.row, p.column) for p in problems] == [(3, "1.1.2"), (4, "Technology area")]
    assert "bad.csv was not imported (2 problems; nothing was stored)" in str(refused.value)
    assert "Row 3, column '1.1.2': 'lots' is not a number" in str(refused.value)
    assert snapshot() == before
    assert [view.name for view in bench.reference_sets()] == ["Good"]


def test_the_preview_reads_without_storing(
    services: Services, tmp_path: Path, snapshot: Callable[[], list[str]]
) -> None:
    before = snapshot()
    preview = services.benchmarking.preview_reference_file(
        _csv(tmp_path / "p.csv", _ict_peers([20, 30]))
    )
    assert preview.ok and len(preview.organizations) == 2
    assert preview.indicator_codes == ("1.1.2", "2.2.1")
    assert snapshot() == before


def test_reference_set_names_are_required_and_unique(
    services: Services, tmp_path: Path, snapshot: Callable[[], list[str]]
) -> None:
    bench = services.benchmarking
    path = _csv(tmp_path / "a.csv", _ict_peers([20]))
    bench.import_reference_set(path, "Extract")
    before = snapshot()
    with pytest.raises(ValidationError, match="Give the reference set a name"):
        bench.import_reference_set(path, "   ")
    with pytest.raises(ValidationError, match="named 'extract' already exists"):
        bench.import_reference_set(path, "extract")
    assert snapshot() == before


def test_a_sidecar_marks_an_imported_file_synthetic(services: Services, tmp_path: Path) -> None:
    path = _csv(tmp_path / "generated.csv", _ict_peers([20, 30]))
    (tmp_path / "generated.toml").write_text(
        'name = "Generated"\nsynthetic = true\ncatalogue_version = "2018.1"\nyear = 2018\n'
        'size = 2\ndata = "generated.csv"\n',
        encoding="utf-8",
    )
    set_id = services.benchmarking.import_reference_set(path, "Generated peers")
    (view,) = [v for v in services.benchmarking.reference_sets() if v.id == set_id]
    assert view.synthetic


def test_activation_switches_the_comparison(
    services: Services, registration: int, tmp_path: Path
) -> None:
    bench = services.benchmarking
    bench.save_answer(registration, "1.1.2", "45")
    small = bench.import_reference_set(_csv(tmp_path / "s.csv", _ict_peers([10, 20, 30])), "S")
    large = bench.import_reference_set(_csv(tmp_path / "l.csv", _ict_peers([50, 60, 70, 80])), "L")

    def members() -> tuple[str, float | None, float | None]:
        comparison = bench.comparison(registration)
        item = comparison.indicator("1.1.2").peers[PeerGroup.TECHNOLOGY_AREA]
        assert item.summary is not None
        return comparison.reference_name, item.summary.median, item.standing

    assert members() == ("L", 65, 0)  # below every peer of the large set
    bench.activate_reference_set(small)
    assert members() == ("S", 20, 100)  # above every peer of the small set
    bench.activate_reference_set(large)
    assert members() == ("L", 65, 0)
    assert [v.active for v in bench.reference_sets()] == [False, True]


def test_deleting_reference_sets(
    services: Services, registration: int, tmp_path: Path, db_url: str
) -> None:
    bench = services.benchmarking
    first = bench.import_reference_set(_csv(tmp_path / "a.csv", _ict_peers([10, 20])), "A")
    second = bench.import_reference_set(_csv(tmp_path / "b.csv", _ict_peers([30])), "B")
    assert bench.comparison(registration).reference_name == "B"

    with pytest.raises(ValidationError, match="'B' is the active reference set"):
        bench.delete_reference_set(second)
    bench.delete_reference_set(first)
    assert [v.name for v in bench.reference_sets()] == ["B"]
    assert _count(db_url, "reference_organization") == 1

    bench.delete_reference_set(second)  # the only one: allowed
    assert bench.reference_sets() == []
    assert _count(db_url, "reference_organization") == 0
    with pytest.raises(NoReferenceSetError):
        bench.comparison(registration)
    with pytest.raises(NotFoundError):
        bench.delete_reference_set(second)
    assert any("Reference set 'A' deleted" in s for s in _audit_summaries(services))


def _collect(seen: list[tuple[int, str]]) -> Callable[[int, str], None]:
    return lambda percent, message: seen.append((percent, message))


# -- the Bronze label ---------------------------------------------------------------------------


def test_bronze_needs_a_complete_questionnaire(services: Services, registration: int) -> None:
    bench = services.benchmarking
    bench.save_answers(registration, {"1.1.2": "40"})
    eligibility = bench.bronze(registration)
    assert not eligibility.eligible and len(eligibility.missing) == 35

    bench.save_answers(registration, _complete_answers(services))
    assert bench.bronze(registration).eligible


def test_award_bronze_records_the_label_valid_two_years_from_the_interview_month(
    services: Services, registration: int, workshop_id: int
) -> None:
    bench = services.benchmarking
    bench.save_answers(registration, _complete_answers(services))
    bench.set_interview_date(registration, date(2018, 9, 17))

    award = bench.award_bronze(registration)

    assert (award.label, award.awarded_on, award.valid_from, award.valid_until) == (
        "Bronze",
        date(2018, 9, 17),
        date(2018, 9, 1),
        date(2020, 8, 31),
    )
    services.registrations.record_form(registration)
    services.registrations.record_authorization(registration)
    (participant,) = bench.participants(workshop_id)
    assert participant.label == award
    assert (participant.answered, participant.total) == (36, 36)
    with pytest.raises(ValidationError, match="already holds the Bronze label awarded on 2018"):
        bench.award_bronze(registration)
    assert (
        "Cluster 01: Bronze label awarded (interview 2018-09-17, valid until 2020-08-31)"
        in _audit_summaries(services)
    )


@pytest.mark.parametrize(
    ("answers", "interview", "expected"),
    [
        (
            {"1.1.2": "12"},
            date(2018, 9, 17),
            {"1.1.2": "at least 15 committed members; the answer is 12"},
        ),
        (
            {"2.2.1": "0.4", "1.1.1b": "1"},
            date(2018, 9, 17),
            {
                "2.2.1": "at least 0.5 FTE in the management team; the answer is 0.4",
                "1.1.1b": "at least 2 member types; the answer is 1",
            },
        ),
        ({"1.1.2": "40"}, None, {"interview_on": "Record the date of the benchmarking interview"}),
        ({"1.1.2": "40"}, date(2018, 10, 4), {"interview_on": "2018-10-04 is still to come"}),
    ],
)
def test_award_bronze_refuses_with_every_reason(
    services: Services,
    registration: int,
    snapshot: Callable[[], list[str]],
    answers: dict[str, str],
    interview: date | None,
    expected: dict[str, str],
) -> None:
    bench = services.benchmarking
    bench.save_answers(registration, _complete_answers(services, **answers))
    bench.set_interview_date(registration, interview)
    before = snapshot()

    with pytest.raises(ValidationError) as refused:
        bench.award_bronze(registration)

    for field, words in expected.items():
        assert any(words in message for message in refused.value.for_field(field)), (
            field,
            refused.value.problems,
        )
    assert len(refused.value.problems) == len(expected)
    assert snapshot() == before


def test_an_incomplete_questionnaire_is_named(services: Services, registration: int) -> None:
    bench = services.benchmarking
    answers = _complete_answers(services)
    del answers["5.3"], answers["2.6"]
    bench.save_answers(registration, answers)
    bench.set_interview_date(registration, date(2018, 9, 17))
    with pytest.raises(ValidationError, match=r"2 of 36 indicators are unanswered \(2.6, 5.3\)"):
        bench.award_bronze(registration)


# -- participants and the demo --------------------------------------------------------------------


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[tuple[Services, int]]:
    services = build_services(
        AppConfig.resolve(tmp_path / "demo"),
        clock=FixedClock(DEMO_TODAY),
        keychain=MemoryKeychain(),
        kdf_profile=fast_test_params,
    )
    workshop_id = seed_demo(services, vault_passphrase=DEMO_PASSPHRASE)
    yield services, workshop_id
    services.close()


def test_before_the_decision_the_complete_organizations_take_part(demo) -> None:
    services, workshop_id = demo
    participants = services.benchmarking.participants(workshop_id)

    assert [(p.organization, p.answered, p.total) for p in participants] == [
        ("Baltic Maritime Innovation Network", 36, 36),
        ("Northshore Photonics Cluster", 36, 36),
        ("Rhine Valley Health Cluster", 36, 36),
    ]
    labels = {p.organization: p.label and p.label.label for p in participants}
    assert labels == {
        "Baltic Maritime Innovation Network": "Bronze",
        "Northshore Photonics Cluster": "Bronze",
        "Rhine Valley Health Cluster": None,
    }


def test_demo_gives_every_confirmed_organization_a_full_comparison(demo) -> None:
    services, workshop_id = demo
    ids = {r.organization: r.id for r in services.registrations.list(workshop_id)}
    services.registrations.record_authorization(ids["Andes AgriFood Alliance"])
    services.clock.set(datetime(2018, 10, 2, 9, 0, tzinfo=TORONTO))  # type: ignore[attr-defined]
    services.decision.confirm(workshop_id, DEMO_PASSPHRASE)

    participants = services.benchmarking.participants(workshop_id)
    assert [p.organization for p in participants] == [
        "Andes AgriFood Alliance",
        "Baltic Maritime Innovation Network",
        "Northshore Photonics Cluster",
        "Rhine Valley Health Cluster",
    ]  # Lakeside never completed: cancelled, so not compared
    for participant in participants:
        comparison = services.benchmarking.comparison(participant.registration_id)
        assert comparison.synthetic and comparison.reference_size == 1300
        assert comparison.subject.name == participant.organization
        for item in comparison.indicators:
            assert item.value is not None, item.indicator.code
            for group in (PeerGroup.ALL, PeerGroup.TECHNOLOGY_AREA, PeerGroup.EXCELLENCE):
                assert item.peers[group].standing is not None, (item.indicator.code, group)
        assert all(profile.subject is not None for profile in comparison.area_profiles)
        assert comparison.headline().compared == 36
        recommendations = services.benchmarking.recommendations(participant.registration_id)
        assert 1 <= len(recommendations) <= 6
        assert all(r.gap > 0 and r.advice for r in recommendations)
        assert services.benchmarking.bronze(participant.registration_id).eligible


def test_demo_leaves_a_half_done_survey_and_no_answers_for_the_withdrawn(demo) -> None:
    services, workshop_id = demo
    ids = {r.organization: r.id for r in services.registrations.list(workshop_id)}
    catalonia = services.benchmarking.survey(ids["Catalonia Smart Mobility Hub"])
    assert (catalonia.completion.answered, catalonia.interview_on) == (20, None)
    nordic = services.benchmarking.survey(ids["Nordic Games & Media Cluster"])
    assert nordic.completion.answered == 0
    notes = services.benchmarking.survey(ids["Rhine Valley Health Cluster"]).answers["2.2.1"]
    assert (notes.text, notes.note) == ("7.5", "Includes two part-time project managers.")


def test_after_a_cancelled_workshop_nobody_is_benchmarked(demo) -> None:
    services, workshop_id = demo
    services.clock.set(datetime(2018, 10, 2, 9, 0, tzinfo=TORONTO))  # type: ignore[attr-defined]
    services.decision.confirm(workshop_id, DEMO_PASSPHRASE)  # 3 of 4: cancelled
    assert services.benchmarking.participants(workshop_id) == []


def test_report_file_names_are_safe(demo, details) -> None:
    services, workshop_id = demo
    ids = {r.organization: r.id for r in services.registrations.list(workshop_id)}
    assert services.benchmarking.report_file_name(ids["Northshore Photonics Cluster"]) == (
        f"{REPORT}Northshore Photonics Cluster.xlsx"
    )
    odd = services.registrations.register(
        workshop_id,
        details(
            7,
            organization='Sci/Tech: "Nano" <Hub>?',
            contact_email="wei.chen@prict.example",  # a demo delegate
        ),
    )
    assert services.benchmarking.report_file_name(odd) == (f"{REPORT}Sci-Tech - 'Nano' (Hub).xlsx")


def test_the_comparison_is_computed_once_per_reference_set(
    services: Services, registration: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from escadesk.domain.benchmarking import Benchmark

    prepared: list[str] = []
    original = Benchmark.prepare.__func__  # type: ignore[attr-defined]

    def counting(cls, catalogue, reference_set, rule=None):
        prepared.append(reference_set.name)
        return original(cls, catalogue, reference_set, rule)

    monkeypatch.setattr(Benchmark, "prepare", classmethod(counting))
    bench = services.benchmarking
    first = bench.import_reference_set(_csv(tmp_path / "a.csv", _ict_peers([10, 20])), "A")
    for _ in range(3):
        bench.comparison(registration)
    second = bench.import_reference_set(_csv(tmp_path / "b.csv", _ict_peers([30])), "B")
    bench.comparison(registration)
    bench.activate_reference_set(first)
    bench.comparison(registration)
    bench.activate_reference_set(second)
    bench.comparison(registration)
    assert prepared == ["A", "B", "A", "B"]


# -- reports ------------------------------------------------------------------------------------


def _cover(path: Path) -> dict[str, object]:
    cover = load_workbook(path)["Cover"]
    rows = list(cover.iter_rows(values_only=True))
    values: dict[str, object] = {"title": rows[0][0]}
    values.update({row[0]: row[1] for row in rows[1:] if len(row) > 1 and row[0]})
    return values


def _participant_ids(services: Services, workshop_id: int) -> dict[str, int]:
    return {
        p.organization: p.registration_id for p in services.benchmarking.participants(workshop_id)
    }


def test_write_report_for_one_organization(demo, tmp_path: Path) -> None:
    services, workshop_id = demo
    speak(services, "en")  # the English report (French: test_french_report_service.py)
    rid = _participant_ids(services, workshop_id)["Northshore Photonics Cluster"]
    target = tmp_path / services.benchmarking.report_file_name(rid)
    seen: list[tuple[int, str]] = []

    path = services.benchmarking.write_report(rid, target, progress=_collect(seen))

    assert path == target and seen[-1][0] == 100
    cover = _cover(path)
    assert cover["title"] == "Northshore Photonics Cluster"
    assert cover["Workshop"] == "ESCA Cluster Benchmarking Workshop (TCI 2018)"
    assert cover["Workshop date"] == datetime(2018, 10, 4)
    assert cover["Generated (EDT, UTC-04:00)"] == DEMO_TODAY.replace(tzinfo=None)
    assert str(cover["Reference set"]).startswith(
        "Synthetic reference set (not real clusters) — 1,300 organizations"
    )
    assert str(cover["Quality label"]).startswith("Bronze label awarded Sep 11, 2018")
    notice = str(cover["Confidentiality"])
    assert notice.startswith("Confidential: prepared for Northshore Photonics Cluster only")
    assert notice.endswith(CONFIDENTIALITY_NOTICE)
    assert (
        "Northshore Photonics Cluster: benchmarking report written as "
        f"'{target.name}'" in _audit_summaries(services)
    )


def test_the_report_holds_the_stored_answers(demo, tmp_path: Path) -> None:
    services, workshop_id = demo
    rid = _participant_ids(services, workshop_id)["Rhine Valley Health Cluster"]
    path = services.benchmarking.write_report(rid, tmp_path / "rhine.xlsx")
    sheet = load_workbook(path)["Indicators"]
    by_code = {row[0]: row for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert by_code["2.2.1"][3] == 7.5  # the demo's answer, as stored
    assert by_code["3.3"][3] == 920000


def test_write_reports_writes_one_file_per_participant(demo, tmp_path: Path) -> None:
    services, workshop_id = demo
    speak(services, "en")  # the English report (French: test_french_report_service.py)
    folder = tmp_path / "reports" / "tci-2018"  # created
    seen: list[tuple[int, str]] = []

    paths = services.benchmarking.write_reports(workshop_id, folder, progress=_collect(seen))

    names = [
        f"{REPORT}Baltic Maritime Innovation Network.xlsx",
        f"{REPORT}Northshore Photonics Cluster.xlsx",
        f"{REPORT}Rhine Valley Health Cluster.xlsx",
    ]
    assert [p.name for p in paths] == names
    assert sorted(p.name for p in folder.iterdir()) == names
    for path, organization in zip(
        paths, sorted(_participant_ids(services, workshop_id)), strict=True
    ):
        assert _cover(path)["title"] == organization
    percents = [percent for percent, _ in seen]
    assert percents == sorted(percents) and percents[-1] == 100
    assert seen[-1][1] == "3 reports written"
    assert any(m.startswith("Northshore Photonics Cluster (2 of 3): ") for _, m in seen)
    assert f"3 benchmarking reports written to '{folder}'" in _audit_summaries(services)


def test_cancelling_the_batch_keeps_finished_reports_only(demo, tmp_path: Path) -> None:
    services, workshop_id = demo
    folder = tmp_path / "reports"
    messages: list[str] = []

    def cancelled() -> bool:  # the director presses Cancel while the second report is written
        return any(m.startswith("Northshore Photonics Cluster (2 of 3): ") for m in messages)

    with pytest.raises(BenchmarkReportCancelledError) as stopped:
        services.benchmarking.write_reports(
            workshop_id, folder, progress=lambda _p, m: messages.append(m), cancelled=cancelled
        )

    first = folder / f"{REPORT}Baltic Maritime Innovation Network.xlsx"
    assert stopped.value.written == (first,)
    assert [p.name for p in folder.iterdir()] == [first.name]  # no partial second file
    assert _cover(first)["title"] == "Baltic Maritime Innovation Network"
    assert "1 report was already written" in str(stopped.value)
    assert f"1 of 3 benchmarking reports written to '{folder}' (cancelled)" in _audit_summaries(
        services
    )


def test_cancelling_a_single_report_leaves_no_file(demo, tmp_path: Path) -> None:
    services, workshop_id = demo
    rid = _participant_ids(services, workshop_id)["Baltic Maritime Innovation Network"]
    out = tmp_path / "out"
    out.mkdir()
    calls = iter(range(1000))
    with pytest.raises(BenchmarkReportCancelledError) as stopped:
        services.benchmarking.write_report(
            rid, out / "baltic.xlsx", cancelled=lambda: next(calls) >= 3
        )
    assert stopped.value.written == ()
    assert list(out.iterdir()) == []


def test_reports_need_a_reference_set_and_an_xlsx_target(
    services: Services, registration: int, workshop_id: int, tmp_path: Path
) -> None:
    bench = services.benchmarking
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(ValidationError, match=r"Save the report as an \.xlsx or \.pdf file"):
        bench.write_report(registration, out / "report.docx")
    with pytest.raises(NoReferenceSetError):
        bench.write_report(registration, out / "report.xlsx")
    services.registrations.record_form(registration)
    services.registrations.record_authorization(registration)
    with pytest.raises(NoReferenceSetError):
        bench.write_reports(workshop_id, out / "batch")
    assert list(out.iterdir()) == []


def test_reference_values_are_stored_as_exact_json() -> None:
    values = {"1.1.2": 70.0, "2.2.1": 0.30000000000000004, "3.3": 1e9, "1.3": -2.5}
    text = values_json(values)
    assert text == '{"1.1.2":70,"2.2.1":0.30000000000000004,"3.3":1000000000,"1.3":-2.5}'
    assert {code: float(v) for code, v in json.loads(text).items()} == values
