"""The benchmarking survey template as use cases: write it for one organization or for
every participant of a workshop, read a filled one back, and store its answers.

Reading never stores anything: it returns a preview, the answers against the stored
ones, or the problems (the file's own, and whether it belongs here: a registration this
data folder holds, of the workshop and organization the template names). Storing goes
through :meth:`Questionnaires.save_answers`, all or nothing and audited as answers typed
into the survey are ("answers saved", never their values), and only if the stored
answers are still those the preview was made against.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from escadesk.domain import benchmarking as bm
from escadesk.domain import file_names
from escadesk.domain.benchmarking import survey_template as form
from escadesk.domain.confidentiality import confidentiality_notice
from escadesk.domain.languages import locale_of
from escadesk.domain.validation import FieldProblem, ValidationError
from escadesk.domain.wording import counted
from escadesk.exports.survey_template import SurveyTemplateContext, write_survey_template
from escadesk.i18n import N_, _
from escadesk.importing.survey_template import (
    FilledTemplate,
    TemplateProblem,
    read_survey_template,
)
from escadesk.services import audit
from escadesk.services.benchmark_questionnaires import Questionnaires
from escadesk.services.benchmark_records import find_survey, stored_values
from escadesk.services.benchmark_template_views import AnswerChange, AnswersPreview, ChangeKind
from escadesk.services.benchmark_views import SurveyView
from escadesk.services.context import ServiceContext
from escadesk.services.institute import read_identity
from escadesk.services.lookups import load_registration, load_workshop
from escadesk.storage import models

TEMPLATE_KIND = "benchmarking survey"

_UNKNOWN_REGISTRATION = N_(
    "This template was made for registration #{id}, which this data folder does not hold: "
    "was it made by another copy of escadesk (or the demo)?"
)
_OTHER_WORKSHOP = N_(
    "This template was made for another workshop (#{found}); registration #{id} belongs "
    "to '{title}'."
)
_OTHER_ORGANIZATION = N_(
    "This template was made for '{found}', but registration #{id} here is '{stored}'. "
    "Make a new template for the right organization."
)
_NOT_CHOSEN_ORGANIZATION = N_(
    "This template is for '{found}', not for '{chosen}' (the organization chosen)."
)
_NOT_CHOSEN_WORKSHOP = N_("This template is for the workshop '{found}', not for '{chosen}'.")
_OTHER_CATALOGUE = N_(
    "The survey of '{organization}' was started with catalogue {stored}; this template "
    "asks catalogue {version}, so its answers cannot be stored there."
)


class SurveyTemplates:
    """Writes survey templates and reads filled ones back (safe from a worker thread)."""

    def __init__(
        self,
        context: ServiceContext,
        catalogue: Callable[[], bm.Catalogue],
        questionnaires: Questionnaires,
    ) -> None:
        self._context = context
        self._catalogue = catalogue
        self._questionnaires = questionnaires

    # -- out -----------------------------------------------------------------------------------

    def template_file_name(self, registration_id: int) -> str:
        """'ESCA Cluster Benchmarking Workshop (TCI 2018) 2018-10-04 benchmarking survey -
        Northshore Photonics Cluster.xlsx' (see :mod:`escadesk.domain.file_names`)."""
        with self._context.database.reading() as session:
            registration = load_registration(session, registration_id)
            return _file_name(registration.workshop, registration.organization.name)

    def write_template(self, registration_id: int, target: Path) -> Path:
        """Write one organization's template to ``target`` (.xlsx, written whole or not at
        all), its stored answers pre-filled."""
        target = _checked_target(target)
        context = self._template_context(registration_id)
        path = write_survey_template(context, target)
        with self._context.database.transaction() as session:
            registration = load_registration(session, registration_id)
            audit.record_for_registration(
                session,
                self._context,
                registration,
                "benchmark.template",
                f"{registration.organization.name}: survey template written as '{path.name}'",
            )
        return path

    def write_templates(self, workshop_id: int, folder: Path) -> list[Path]:
        """One template per participant of the workshop into ``folder`` (created if
        missing), named by :meth:`template_file_name`; one audit entry for the batch."""
        folder = Path(folder).expanduser()
        if folder.exists() and not folder.is_dir():
            raise ValidationError(
                [
                    FieldProblem(
                        "folder",
                        _("'{folder}' is a file; choose a folder for the templates.").format(
                            folder=folder
                        ),
                    )
                ]
            )
        participants = self._questionnaires.participants(workshop_id)
        contexts = [self._template_context(p.registration_id) for p in participants]
        folder.mkdir(parents=True, exist_ok=True)
        used: set[str] = set()
        written = []
        for participant, context in zip(participants, contexts, strict=True):
            name = file_names.unique_name(
                self.template_file_name(participant.registration_id), used
            )
            written.append(write_survey_template(context, folder / name))
        if written:
            with self._context.database.transaction() as session:
                audit.record_now(
                    session,
                    self._context,
                    action="benchmark.templates",
                    entity="workshop",
                    entity_id=workshop_id,
                    workshop_id=workshop_id,
                    summary=f"{counted(len(written), 'survey template')} written to '{folder}'",
                )
        return written

    def _template_context(self, registration_id: int) -> SurveyTemplateContext:
        catalogue = self._catalogue()
        with self._context.database.reading() as session:
            registration = load_registration(session, registration_id)
            survey = find_survey(session, registration_id)
            organization = registration.organization.name
            if survey is not None and survey.catalogue_version != catalogue.version:
                raise ValidationError(
                    [
                        FieldProblem(
                            "catalogue",
                            _(_OTHER_CATALOGUE).format(
                                organization=organization,
                                stored=survey.catalogue_version,
                                version=catalogue.version,
                            ),
                        )
                    ]
                )
            workshop = registration.workshop
            institute = read_identity(session).name
            locale = locale_of(registration.organization.language)
            return SurveyTemplateContext(
                organization=organization,
                workshop_title=workshop.title,
                workshop_date=workshop.event_date,
                catalogue=catalogue,
                identifier=form.form_identifier(
                    workshop.id, registration.id, catalogue.version, organization
                ),
                answers=stored_values(catalogue, survey),
                generated_at=self._context.clock.now().astimezone(ZoneInfo(workshop.timezone)),
                timezone=workshop.timezone,
                prepared_by=institute,
                # The template goes to the organization: in its language.
                confidentiality=confidentiality_notice(institute, locale),
                locale=locale,
            )

    # -- back ----------------------------------------------------------------------------------

    def read_answers(
        self,
        path: Path,
        *,
        registration_id: int | None = None,
        workshop_id: int | None = None,
    ) -> AnswersPreview:
        """Read a filled template and compare it with the stored answers; stores nothing.

        ``registration_id`` / ``workshop_id``: what the user chose to import into (the
        window's selection); a template made for another is then a problem. Without them
        the template's own identifier says where its answers go.
        """
        path = Path(path)
        catalogue = self._catalogue()
        filled = read_survey_template(path, catalogue)
        if filled.identifier is None or not filled.ok:
            return _preview(path, filled, filled.problems)
        identifier = filled.identifier
        with self._context.database.reading() as session:
            problems = _belonging(session, filled, identifier, registration_id, workshop_id)
            if problems:
                return _preview(path, filled, tuple(problems))
            survey = find_survey(session, identifier.registration_id)
            stored = {answer.indicator: answer.value for answer in survey.answers} if survey else {}
        changes = tuple(
            _change(catalogue, filled, code, stored.get(code)) for code in catalogue.codes
        )
        return _preview(path, filled, (), changes, identifier)

    def commit(self, preview: AnswersPreview) -> SurveyView:
        """Store the preview's new, changed and cleared answers, all or nothing; refused
        (ValidationError, nothing stored) when the preview has problems or the stored
        answers changed since it was made. One audit entry naming the file."""
        if not preview.ok or preview.registration_id is None:
            raise ValidationError(
                [FieldProblem("file", _("The file has problems; fix them and read it again."))]
            )
        if not preview.to_store:
            return self._questionnaires.survey(preview.registration_id)
        return self._questionnaires.save_answers(
            preview.registration_id,
            {change.code: change.after for change in preview.to_store},
            expected={change.code: change.before for change in preview.changes},
            source=preview.source.name,
        )


def _belonging(
    session: Session,
    filled: FilledTemplate,
    identifier: form.FormIdentifier,
    registration_id: int | None,
    workshop_id: int | None,
) -> list[TemplateProblem]:
    """Whether the template belongs here: its registration, workshop and organization,
    and the user's choice. Each problem points at the About sheet's cell it is about."""
    at_identifier = _about_cell(filled, form.FORM_IDENTIFIER)
    at_organization = _about_cell(filled, form.ORGANIZATION)
    organization = filled.about_text(form.ORGANIZATION)
    registration = session.get(models.Registration, identifier.registration_id)
    if registration is None:
        return [at_identifier(_(_UNKNOWN_REGISTRATION).format(id=identifier.registration_id))]
    problems = []
    if registration.workshop_id != identifier.workshop_id:
        message = _(_OTHER_WORKSHOP).format(
            found=identifier.workshop_id, id=registration.id, title=registration.workshop.title
        )
        problems.append(at_identifier(message))
    stored_name = registration.organization.name
    if not form.same_name(stored_name, organization):
        message = _(_OTHER_ORGANIZATION).format(
            found=organization, id=registration.id, stored=stored_name
        )
        problems.append(at_organization(message))
    if registration_id is not None and registration_id != registration.id:
        chosen = load_registration(session, registration_id).organization.name
        message = _(_NOT_CHOSEN_ORGANIZATION).format(found=organization, chosen=chosen)
        problems.append(at_organization(message))
    if workshop_id is not None and workshop_id != identifier.workshop_id:
        chosen = load_workshop(session, workshop_id).title
        found = filled.about_text(form.WORKSHOP)
        problems.append(
            _about_cell(filled, form.WORKSHOP)(
                _(_NOT_CHOSEN_WORKSHOP).format(found=found, chosen=chosen)
            )
        )
    survey = find_survey(session, registration.id)
    version = filled.about_text(form.CATALOGUE_VERSION)
    if survey is not None and survey.catalogue_version != version:
        message = _(_OTHER_CATALOGUE).format(
            organization=stored_name, stored=survey.catalogue_version, version=version
        )
        problems.append(_about_cell(filled, form.CATALOGUE_VERSION)(message))
    return problems


def _preview(
    path: Path,
    filled: FilledTemplate,
    problems: tuple[TemplateProblem, ...],
    changes: tuple[AnswerChange, ...] = (),
    identifier: form.FormIdentifier | None = None,
) -> AnswersPreview:
    return AnswersPreview(
        path,
        problems,
        changes,
        registration_id=identifier.registration_id if identifier else None,
        workshop_id=identifier.workshop_id if identifier else None,
        organization=filled.about_text(form.ORGANIZATION),
        workshop=filled.about_text(form.WORKSHOP),
        catalogue_version=filled.about_text(form.CATALOGUE_VERSION),
    )


def _about_cell(filled: FilledTemplate, label: str) -> Callable[[str], TemplateProblem]:
    value = filled.about.get(label)
    row = value.row if value else None

    def problem(message: str) -> TemplateProblem:
        return TemplateProblem(message, filled.names.about_sheet, row, "B")

    return problem


def _change(
    catalogue: bm.Catalogue, filled: FilledTemplate, code: str, before: str | None
) -> AnswerChange:
    indicator = catalogue.indicator(code)
    answer = filled.answers[code]
    after = None if answer.value is None else bm.format_value(indicator, answer.value)
    if before == after:
        kind = ChangeKind.UNCHANGED
    elif before is None:
        kind = ChangeKind.NEW
    elif after is None:
        kind = ChangeKind.CLEARED
    else:
        kind = ChangeKind.CHANGED
    return AnswerChange(code, indicator.title, kind, before, after, answer.row)


def _file_name(workshop: models.Workshop, organization: str) -> str:
    return file_names.file_name(
        workshop.title, workshop.event_date, TEMPLATE_KIND, "xlsx", about=organization
    )


def _checked_target(target: Path) -> Path:
    target = Path(target).expanduser()
    problem = None
    if target.suffix.lower() != ".xlsx":
        problem = _("Save the template as an .xlsx file (e.g. '{value}.xlsx').").format(
            value=target.stem or "survey"
        )
    elif target.is_dir():
        problem = _("'{target}' is a folder; give a file name ending in .xlsx.").format(
            target=target
        )
    elif not target.parent.is_dir():
        problem = _("The folder '{parent}' does not exist.").format(parent=target.parent)
    if problem:
        raise ValidationError([FieldProblem("target", problem)])
    return target
