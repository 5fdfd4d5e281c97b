"""Each participant's benchmarking questionnaire: who takes part, their answers and notes,
and the date of their interview.

Answers are stored as the canonical text of :func:`~escadesk.domain.benchmarking.format_value`
("yes", "2.5", "350000"), which reads back as exactly the value the director entered.
Answers and notes are confidential: the audit trail says "answer to 2.2.1 saved", never
what the answer was, and an error message holds no more than the text just typed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from enum import Enum
from types import MappingProxyType

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, selectinload

from escadesk.domain import benchmarking as bm
from escadesk.domain.benchmarking.values import with_indicator
from escadesk.domain.decision import Outcome
from escadesk.domain.registration import (
    COUNTS_TOWARD_QUORUM,
    TAKING_PART_VALUES,
)
from escadesk.domain.text_rules import problem_in_text
from escadesk.domain.validation import FieldProblem, ValidationError
from escadesk.domain.wording import counted
from escadesk.i18n import _, ngettext
from escadesk.services import audit
from escadesk.services.benchmark_records import award_of, find_survey, stored_values
from escadesk.services.benchmark_views import AnswerView, BenchmarkParticipant, SurveyView
from escadesk.services.context import ServiceContext
from escadesk.services.lookups import load_registration, load_workshop
from escadesk.services.row_versions import Edited, VersionedEdit, stale_error
from escadesk.storage import models

MAX_NOTE_CHARS = 2000


class NotSeen(Enum):
    """No date was seen (a command, an import): the interview date is not checked."""

    NOT_SEEN = "not seen"


NOT_SEEN = NotSeen.NOT_SEEN
_COUNTED = frozenset(status.value for status in COUNTS_TOWARD_QUORUM)


class Questionnaires:
    """The participants of a workshop and their surveys."""

    def __init__(self, context: ServiceContext, catalogue: Callable[[], bm.Catalogue]) -> None:
        self._context = context
        self._catalogue = catalogue

    def participants(self, workshop_id: int) -> list[BenchmarkParticipant]:
        """The organizations taking part, by name: confirmed or charged once the workshop
        proceeds; before the decision, the complete ones; nobody once it is cancelled."""
        codes = self._catalogue().codes
        with self._context.database.reading() as session:
            workshop = load_workshop(session, workshop_id)
            rows = [
                r
                for r in session.scalars(
                    select(models.Registration)
                    .where(models.Registration.workshop_id == workshop_id)
                    .options(selectinload(models.Registration.organization))
                )
                if _takes_part(workshop, r)
            ]
            ids = [r.id for r in rows]
            answered = dict(
                session.execute(
                    select(models.BenchmarkSurvey.registration_id, func.count())
                    .join(models.BenchmarkAnswer)
                    .where(
                        models.BenchmarkSurvey.registration_id.in_(ids),
                        models.BenchmarkAnswer.value.is_not(None),
                        models.BenchmarkAnswer.indicator.in_(codes),
                    )
                    .group_by(models.BenchmarkSurvey.registration_id)
                ).all()
            )
            labels = {
                label.registration_id: award_of(label)
                for label in session.scalars(
                    select(models.QualityLabel).where(models.QualityLabel.registration_id.in_(ids))
                )
            }
            participants = [
                BenchmarkParticipant(
                    registration_id=r.id,
                    organization=r.organization.name,
                    technology_area=r.organization.technology_area,
                    answered=answered.get(r.id, 0),
                    total=len(codes),
                    label=labels.get(r.id),
                )
                for r in rows
            ]
        return sorted(participants, key=lambda p: (p.organization.casefold(), p.registration_id))

    def survey(self, registration_id: int) -> SurveyView:
        """The questionnaire of one registration (empty until the first answer is saved)."""
        catalogue = self._catalogue()
        with self._context.database.reading() as session:
            registration = load_registration(session, registration_id)
            survey = find_survey(session, registration_id)
            return _survey_view(catalogue, registration, survey)

    def save_answer(
        self,
        registration_id: int,
        code: str,
        text: str | None,
        note: str | None = None,
        *,
        expected: AnswerView | None = None,
    ) -> AnswerView:
        """Check and store one answer ("" or None clears it); returns what is stored.

        ``note`` replaces the answer's note; None keeps the note already stored. An invalid
        answer raises ValidationError (field = the code, message naming the indicator and
        what is valid) and nothing is stored. Saving what is already stored writes nothing.
        ``expected``: the answer as the form showed it; when another desk changed it since,
        StaleEditError and nothing is stored. (Its text and note, not a row version: an
        answer cleared is deleted, so a row's version would start over.)
        """
        catalogue = self._catalogue()
        indicator = _indicator(catalogue, code)
        stored = _canonical_text(indicator, text)
        clean_note = None if note is None else _checked_note(indicator, note)
        # Two desks answering at once may both add the row: the second breaks its key.
        edit = VersionedEdit(self._context.database, inserts_race=True)
        with edit.transaction() as session:
            registration = load_registration(session, registration_id)
            edited = Edited(
                _("The answer to {code} of {organization}").format(
                    code=code, organization=registration.organization.name
                ),
                "registration",
                registration.id,
                registration.workshop_id,
                actions="benchmark.",
            )
            edit.about(edited)
            survey = self._open_survey(session, catalogue, registration_id)
            answer = _find_answer(session, survey.id, code)
            new_note = clean_note if clean_note is not None else (answer.note if answer else "")
            old_text = answer.value if answer else None
            old_note = answer.note if answer else ""
            if expected is not None and (expected.text, expected.note) != (
                old_text or "",
                old_note,
            ):
                raise stale_error(session, edited)
            if stored == old_text and new_note == old_note:
                return AnswerView(code, stored or "", new_note)
            if answer is not None:  # of two desks saving it at once, the second waits
                edit.claim(session, answer, None, edited)
            now = self._context.clock.now()
            _store_answer(session, survey, answer, code, stored, new_note, now)
            survey.updated_at, survey.updated_by = now, self._context.actor
            audit.record_for_registration(
                session,
                self._context,
                registration,
                "benchmark.answer",
                f"{registration.organization.name}: "
                + _answer_words(code, old_text, stored, old_note, new_note),
            )
        return AnswerView(code, stored or "", new_note)

    def save_answers(
        self,
        registration_id: int,
        texts: Mapping[str, str | None],
        notes: Mapping[str, str] | None = None,
        *,
        expected: Mapping[str, str | None] | None = None,
        source: str | None = None,
    ) -> SurveyView:
        """Store many answers at once ({code: text}; a blank clears), all or nothing: any
        invalid answer raises ValidationError listing every problem and nothing is stored.
        ``notes`` ({code: note}) replace those answers' notes. One audit entry.

        ``expected`` ({code: stored text or None}) is what the caller saw stored (an
        import's preview): when one of those answers changed since, nothing is stored
        either. ``source`` names the file the answers came from, in the audit entry."""
        catalogue = self._catalogue()
        notes = dict(notes or {})
        problems: list[FieldProblem] = []
        stored: dict[str, str | None] = {}
        clean_notes: dict[str, str] = {}
        for code in dict.fromkeys([*texts, *notes]):
            indicator = catalogue.find(code)
            if indicator is None:
                problems.append(_unknown(catalogue, code))
                continue
            try:
                if code in texts:
                    stored[code] = _canonical_text(indicator, texts[code])
                if code in notes:
                    clean_notes[code] = _checked_note(indicator, notes[code])
            except ValidationError as error:
                problems.extend(error.problems)
        if problems:
            raise ValidationError(problems)
        with self._context.database.transaction() as session:
            registration = load_registration(session, registration_id)
            survey = self._open_survey(session, catalogue, registration_id)
            existing = {answer.indicator: answer for answer in survey.answers}
            _check_unchanged(existing, expected or {})
            now = self._context.clock.now()
            changed = 0
            for code in dict.fromkeys([*stored, *clean_notes]):
                answer = existing.get(code)
                value = stored.get(code, answer.value if answer else None)
                note = clean_notes.get(code, answer.note if answer else "")
                before = (answer.value, answer.note) if answer else (None, "")
                if before == (value, note):
                    continue
                changed += 1
                _store_answer(session, survey, answer, code, value, note, now)
            if changed:
                survey.updated_at, survey.updated_by = now, self._context.actor
                audit.record_for_registration(
                    session,
                    self._context,
                    registration,
                    "benchmark.answers",
                    f"{registration.organization.name}: {counted(changed, 'answer')} saved"
                    + (f" from '{source}'" if source else ""),
                )
            session.flush()
            session.expire(survey)
            return _survey_view(catalogue, registration, survey)

    def set_interview_date(
        self,
        registration_id: int,
        day: date | None,
        *,
        expected: date | NotSeen | None = NOT_SEEN,
    ) -> None:
        """The day of the benchmarking interview (the Bronze label's date); None clears it.

        ``expected``: the date the form showed (None: none); when another desk changed it
        since, StaleEditError and nothing is stored. (The date itself, not a row version:
        the survey row is not versioned, every answer touches it.) Two desks saving at
        once: the UPDATE names the date seen, so the second finds it moved on."""
        catalogue = self._catalogue()
        # Two desks setting the first date at once may both add the survey row.
        edit = VersionedEdit(self._context.database, inserts_race=True)
        with edit.transaction() as session:
            registration = load_registration(session, registration_id)
            edited = Edited(
                _("The interview date of {organization}").format(
                    organization=registration.organization.name
                ),
                "registration",
                registration.id,
                registration.workshop_id,
                actions="benchmark.interview_date",
            )
            edit.about(edited)
            survey = self._open_survey(session, catalogue, registration_id)
            seen = survey.interview_on if isinstance(expected, NotSeen) else expected
            if survey.interview_on != seen:
                raise stale_error(session, edited)
            if survey.interview_on == day:
                return
            now = self._context.clock.now()
            written = session.scalar(
                update(models.BenchmarkSurvey)
                .where(
                    models.BenchmarkSurvey.id == survey.id,
                    models.BenchmarkSurvey.interview_on.is_not_distinct_from(seen),
                )
                .values(interview_on=day, updated_at=now, updated_by=self._context.actor)
                .returning(models.BenchmarkSurvey.id)
                .execution_options(synchronize_session=False)
            )
            if written is None:  # another desk's commit came first: no row at the date seen
                raise stale_error(session, edited)
            words = f"set to {day.isoformat()}" if day else "cleared"
            audit.record_for_registration(
                session,
                self._context,
                registration,
                "benchmark.interview_date",
                f"{registration.organization.name}: benchmarking interview date {words}",
            )

    def _open_survey(
        self, session: Session, catalogue: bm.Catalogue, registration_id: int
    ) -> models.BenchmarkSurvey:
        """The registration's survey, created on first use for the current catalogue."""
        survey = find_survey(session, registration_id)
        if survey is None:
            survey = models.BenchmarkSurvey(
                registration_id=registration_id,
                catalogue_version=catalogue.version,
                interview_on=None,
                updated_at=self._context.clock.now(),
                updated_by=self._context.actor,
            )
            session.add(survey)
            session.flush()
        elif survey.catalogue_version != catalogue.version:
            raise ValidationError(
                [
                    FieldProblem(
                        "catalogue",
                        _(
                            "This questionnaire was started with catalogue {catalogue_version}; "
                            "this "
                            "version of escadesk asks catalogue {version}."
                        ).format(
                            catalogue_version=survey.catalogue_version, version=catalogue.version
                        ),
                    )
                ]
            )
        return survey


def _takes_part(workshop: models.Workshop, registration: models.Registration) -> bool:
    if workshop.decision == Outcome.PROCEED.value:
        return registration.status in TAKING_PART_VALUES
    if workshop.decision == Outcome.CANCEL.value:
        return False
    return registration.status in _COUNTED


def _check_unchanged(
    existing: Mapping[str, models.BenchmarkAnswer], expected: Mapping[str, str | None]
) -> None:
    """Refuse to store over answers that changed since the caller read them."""
    moved = [
        code
        for code, text in expected.items()
        if (existing[code].value if code in existing else None) != text
    ]
    if moved:
        raise ValidationError(
            [
                FieldProblem(
                    "answers",
                    ngettext(
                        "The stored answer ({codes}) changed since the file was read; nothing "
                        "was saved. Read the file again.",
                        "The {count} stored answers ({codes}) changed since the file was read; "
                        "nothing was saved. Read the file again.",
                        len(moved),
                    ).format(count=len(moved), codes=", ".join(moved)),
                )
            ]
        )


def _find_answer(session: Session, survey_id: int, code: str) -> models.BenchmarkAnswer | None:
    return session.scalar(
        select(models.BenchmarkAnswer).where(
            models.BenchmarkAnswer.survey_id == survey_id,
            models.BenchmarkAnswer.indicator == code,
        )
    )


def _survey_view(
    catalogue: bm.Catalogue,
    registration: models.Registration,
    survey: models.BenchmarkSurvey | None,
) -> SurveyView:
    stored = {answer.indicator: answer for answer in survey.answers} if survey else {}
    answers = {}
    for code in catalogue.codes:
        answer = stored.get(code)
        answers[code] = AnswerView(
            code, (answer.value or "") if answer else "", answer.note if answer else ""
        )
    organization = registration.organization
    return SurveyView(
        registration_id=registration.id,
        organization=organization.name,
        technology_area=organization.technology_area,
        country=organization.country,
        catalogue_version=survey.catalogue_version if survey else catalogue.version,
        interview_on=survey.interview_on if survey else None,
        answers=MappingProxyType(answers),
        completion=bm.completion(catalogue, stored_values(catalogue, survey)),
    )


def _indicator(catalogue: bm.Catalogue, code: str) -> bm.Indicator:
    indicator = catalogue.find(code)
    if indicator is None:
        raise ValidationError([_unknown(catalogue, code)])
    return indicator


def _unknown(catalogue: bm.Catalogue, code: str) -> FieldProblem:
    return FieldProblem(
        code,
        _("{code} is not an indicator of catalogue {version}.").format(
            code=code, version=catalogue.version
        ),
    )


def _canonical_text(indicator: bm.Indicator, text: str | None) -> str | None:
    """The text to store for ``text`` (None when blank); ValidationError naming the
    indicator and what it accepts when invalid."""
    label = _("The answer to {indicator_title}").format(indicator_title=indicator.title)
    if text is not None and (refused := problem_in_text(indicator.code, text, label=label)):
        raise ValidationError([refused])
    try:
        value = bm.parse_answer(indicator, text)
    except ValidationError as error:
        raise ValidationError(
            [
                FieldProblem(indicator.code, with_indicator(indicator, problem.message))
                for problem in error.problems
            ]
        ) from None
    return None if value is None else bm.format_value(indicator, value)


def _checked_note(indicator: bm.Indicator, note: str) -> str:
    if refused := problem_in_text(
        indicator.code,
        note,
        label=_("The note on {indicator_title}").format(indicator_title=indicator.title),
    ):
        raise ValidationError([refused])
    clean = note.strip()
    if len(clean) > MAX_NOTE_CHARS:
        raise ValidationError(
            [
                FieldProblem(
                    indicator.code,
                    _(
                        "{indicator_title}: the note is longer than {max_note_chars} characters."
                    ).format(indicator_title=indicator.title, max_note_chars=MAX_NOTE_CHARS),
                )
            ]
        )
    return clean


def _answer_words(
    code: str, old_text: str | None, new_text: str | None, old_note: str, new_note: str
) -> str:
    """What changed, never the answer or the note themselves (they are confidential)."""
    parts = []
    if old_text != new_text:
        parts.append(f"answer to {code} {'cleared' if new_text is None else 'saved'}")
    if old_note != new_note:
        parts.append(f"note to {code} {'cleared' if not new_note else 'saved'}")
    return "; ".join(parts)


def _store_answer(
    session: Session,
    survey: models.BenchmarkSurvey,
    answer: models.BenchmarkAnswer | None,
    code: str,
    value: str | None,
    note: str,
    now: datetime,
) -> None:
    """Insert, update or delete one answer row: an answer with neither value nor note is
    not kept (an unanswered indicator is absent, never stored as empty)."""
    if value is None and not note:
        if answer is not None:
            session.delete(answer)
    elif answer is None:
        session.add(
            models.BenchmarkAnswer(
                survey_id=survey.id, indicator=code, value=value, note=note, updated_at=now
            )
        )
    else:
        answer.value, answer.note, answer.updated_at = value, note, now
