"""The reference sets organizations are compared with: stored, activated, deleted, and
the active one prepared for comparisons.

Several sets can be stored; exactly one is active whenever any exists (the first one
stored becomes active; deleting the active set is refused while others exist, so the
director picks the next one deliberately; deleting the only set is allowed and leaves
nothing to compare with). A set's organizations are stored as JSON ``{code: number}``; a
prepared :class:`~escadesk.domain.benchmarking.Benchmark` is cached per reference set id
(about 0.2 s to load and build for 1,300 organizations; a comparison then takes about
20 ms with its reads) and dropped whenever reference sets change.
"""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from escadesk.benchmark_resources import (
    SYNTHETIC_REFERENCE,
    BenchmarkResourceError,
    benchmarking_dir,
    load_reference_file,
    read_reference_info,
)
from escadesk.domain import benchmarking as bm
from escadesk.domain.text_rules import problem_in_text
from escadesk.domain.validation import FieldProblem, ValidationError
from escadesk.exports.progress import Monitor, Progress
from escadesk.i18n import _
from escadesk.importing.reference import ReferenceImport, load_reference_set
from escadesk.services import audit
from escadesk.services.benchmark_views import (
    NoReferenceSetError,
    ReferenceImportError,
    ReferenceSetView,
)
from escadesk.services.context import ServiceContext
from escadesk.services.row_versions import Edited, VersionedEdit
from escadesk.services.views import NotFoundError
from escadesk.storage import models

SHIPPED_SOURCE_PREFIX = "shipped with escadesk: "
"""``ReferenceSet.source`` of a set installed from ``resources/benchmarking``."""
MAX_NAME_CHARS = 200
MAX_SOURCE_CHARS = 260
_STORE_CHUNK = 250


class ReferenceSets:
    """The stored reference sets and the prepared active one (safe across threads)."""

    def __init__(self, context: ServiceContext, catalogue: Callable[[], bm.Catalogue]) -> None:
        self._context = context
        self._catalogue = catalogue
        self._lock = threading.Lock()
        self._benchmarks: dict[int, bm.Benchmark] = {}
        self._generation = 0

    def reference_sets(self) -> list[ReferenceSetView]:
        """Every stored reference set, oldest first."""
        with self._context.database.reading() as session:
            rows = session.scalars(
                select(models.ReferenceSet).order_by(
                    models.ReferenceSet.imported_at, models.ReferenceSet.id
                )
            )
            return [_set_view(row) for row in rows]

    def ensure_shipped_reference_set(self) -> int:
        """Install the shipped synthetic reference set unless it is already stored; returns
        its id. It becomes active only when no other set is."""
        sidecar = benchmarking_dir() / SYNTHETIC_REFERENCE
        info = read_reference_info(sidecar)
        source = f"{SHIPPED_SOURCE_PREFIX}{info.data_file.name}"
        existing = self._set_id_by_source(source)
        if existing is not None:
            return existing
        reference = _shipped_reference_set(sidecar, self._catalogue())
        with self._context.database.transaction() as session:
            existing = session.scalar(
                select(models.ReferenceSet.id).where(models.ReferenceSet.source == source)
            )
            if existing is not None:  # installed meanwhile by another thread
                return existing
            set_id = self._store(
                session,
                name=reference.name,
                source=source,
                synthetic=reference.synthetic,
                organizations=reference.organizations,
                activate=False,
                progress=None,
            )
        self._invalidate()
        return set_id

    def preview_reference_file(
        self, path: Path, *, include_hidden: bool = False
    ) -> ReferenceImport:
        """Read and check a reference file without storing anything (for the import dialog).

        Hidden rows and columns of a workbook are left out (and reported in the result's
        warnings) unless ``include_hidden``.
        """
        return load_reference_set(Path(path), self._catalogue(), include_hidden=include_hidden)

    def import_reference_set(
        self,
        path: Path,
        name: str,
        activate: bool = True,
        progress: Progress | None = None,
        *,
        include_hidden: bool = False,
    ) -> int:
        """Store the reference set in ``path`` (CSV or xlsx) as ``name``; all or nothing.

        Raises :class:`ReferenceImportError` (every problem, with row and column) when the
        file is not valid, ValidationError when the name is empty or taken. The set is
        marked synthetic when a reference sidecar (``<file>.toml``) beside it says so.
        It becomes active when ``activate`` or when no other set is active. Hidden rows
        and columns of a workbook are imported only when ``include_hidden``.
        """
        path = Path(path)
        monitor = Monitor(progress)
        monitor.report(0, _("Reading {path}").format(path=path.name))
        clean_name = _checked_name(name)
        result = self.preview_reference_file(path, include_hidden=include_hidden)
        if not result.ok:
            raise ReferenceImportError(path.name, result.problems)
        monitor.report(
            50, _("Storing {count:,} organizations").format(count=len(result.organizations))
        )
        with self._context.database.transaction() as session:
            _refuse_taken_name(session, clean_name)
            set_id = self._store(
                session,
                name=clean_name,
                source=_source_text(path),
                synthetic=_sidecar_says_synthetic(path),
                organizations=result.organizations,
                activate=activate,
                progress=lambda done, total: monitor.report(
                    50 + 45 * done // max(total, 1), _("Storing organizations")
                ),
            )
        self._invalidate()
        monitor.report(
            100, _("Imported {count:,} organizations").format(count=len(result.organizations))
        )
        return set_id

    def activate_reference_set(self, set_id: int, *, expected_version: int | None = None) -> None:
        """Compare against ``set_id`` from now on (the others become inactive);
        ``expected_version``: the listed ReferenceSetView's (services/row_versions.py)."""
        edit = VersionedEdit(self._context.database)
        with edit.transaction() as session:
            row = _load_set(session, set_id)
            edit.claim(session, row, expected_version, _edited(row))
            _deactivate_all(session, but=row.id)
            row.active = True
            self._audit_set(session, row, "benchmark.reference_activate", "activated")
        self._invalidate()

    def delete_reference_set(self, set_id: int, *, expected_version: int | None = None) -> None:
        """Delete a stored set with its organizations. The active set can be deleted only
        when it is the only one (activate another first). ``expected_version``: the
        listed ReferenceSetView's (services/row_versions.py)."""
        edit = VersionedEdit(self._context.database)
        with edit.transaction() as session:
            row = _load_set(session, set_id)
            edit.claim(session, row, expected_version, _edited(row))
            others = session.scalar(
                select(func.count())
                .select_from(models.ReferenceSet)
                .where(models.ReferenceSet.id != set_id)
            )
            if row.active and others:
                raise ValidationError(
                    [
                        FieldProblem(
                            "reference_set",
                            _(
                                "'{name}' is the active reference set; activate another one "
                                "before deleting "
                                "it."
                            ).format(name=row.name),
                        )
                    ]
                )
            self._audit_set(session, row, "benchmark.reference_delete", "deleted")
            session.execute(
                delete(models.ReferenceOrganization).where(
                    models.ReferenceOrganization.reference_set_id == set_id
                )
            )
            session.execute(delete(models.ReferenceSet).where(models.ReferenceSet.id == set_id))
        self._invalidate()

    def active_benchmark(self) -> bm.Benchmark:
        """The active set, prepared (cached per set id); NoReferenceSetError when no set is
        stored, BenchmarkResourceError when it was made for another catalogue."""
        catalogue = self._catalogue()
        with self._context.database.reading() as session:
            row = session.scalar(
                select(models.ReferenceSet)
                .where(models.ReferenceSet.active)
                .order_by(models.ReferenceSet.id.desc())
                .limit(1)
            )
            if row is None:
                row = session.scalar(
                    select(models.ReferenceSet).order_by(models.ReferenceSet.id.desc()).limit(1)
                )
            if row is None:
                raise NoReferenceSetError()
            with self._lock:
                cached = self._benchmarks.get(row.id)
                generation = self._generation
            if cached is not None:
                return cached
            if row.catalogue_version != catalogue.version:
                raise BenchmarkResourceError(
                    _(
                        "The reference set '{name}' was made for catalogue {catalogue_version}, "
                        "not "
                        "{version}."
                    ).format(
                        name=row.name,
                        catalogue_version=row.catalogue_version,
                        version=catalogue.version,
                    )
                )
            reference = bm.ReferenceSet(
                name=row.name,
                organizations=tuple(_load_organizations(session, row.id)),
                catalogue_version=row.catalogue_version,
                synthetic=row.synthetic,
            )
        benchmark = bm.Benchmark.prepare(catalogue, reference)
        with self._lock:
            if generation == self._generation:
                self._benchmarks[row.id] = benchmark
        return benchmark

    # -- internals ---------------------------------------------------------------------------

    def _invalidate(self) -> None:
        with self._lock:
            self._benchmarks.clear()
            self._generation += 1

    def _store(
        self,
        session: Session,
        *,
        name: str,
        source: str,
        synthetic: bool,
        organizations: Sequence[bm.ReferenceOrganization],
        activate: bool,
        progress: Callable[[int, int], None] | None,
    ) -> int:
        """Add one set and its organizations inside the caller's transaction."""
        catalogue = self._catalogue()
        any_active = session.scalar(
            select(models.ReferenceSet.id).where(models.ReferenceSet.active).limit(1)
        )
        active = activate or any_active is None
        if active:
            _deactivate_all(session)
        row = models.ReferenceSet(
            name=name,
            source=source[:MAX_SOURCE_CHARS],
            synthetic=synthetic,
            catalogue_version=catalogue.version,
            organization_count=len(organizations),
            active=active,
            imported_at=self._context.clock.now(),
            imported_by=self._context.actor,
        )
        session.add(row)
        session.flush()
        total = len(organizations)
        for start in range(0, total, _STORE_CHUNK):
            chunk = organizations[start : start + _STORE_CHUNK]
            session.execute(
                insert(models.ReferenceOrganization),
                [
                    {
                        "reference_set_id": row.id,
                        "identifier": org.identifier,
                        "country": org.country,
                        "technology_area": org.technology_area,
                        "year": org.year,
                        "label": org.label,
                        "values_json": values_json(org.values),
                    }
                    for org in chunk
                ],
            )
            if progress is not None:
                progress(start + len(chunk), total)
        kind = "synthetic reference set" if synthetic else "reference set"
        self._audit_set(
            session,
            row,
            "benchmark.reference_import",
            f"stored ({total:,} organizations, {kind}, from {source}"
            + (", active)" if active else ")"),
        )
        return row.id

    def _set_id_by_source(self, source: str) -> int | None:
        with self._context.database.reading() as session:
            return session.scalar(
                select(models.ReferenceSet.id).where(models.ReferenceSet.source == source)
            )

    def _audit_set(
        self, session: Session, row: models.ReferenceSet, action: str, words: str
    ) -> None:
        audit.record_now(
            session,
            self._context,
            action=action,
            entity="reference_set",
            entity_id=row.id,
            workshop_id=None,
            summary=f"Reference set '{row.name}' {words}",
        )


def values_json(values: Mapping[str, float]) -> str:
    """{code: number} as compact JSON; whole numbers as integers, others as the shortest
    text that reads back as the same float (``repr``), so values round-trip exactly."""
    plain = {code: int(v) if float(v).is_integer() else v for code, v in values.items()}
    return json.dumps(plain, separators=(",", ":"))


def _shipped_reference_set(sidecar: Path, catalogue: bm.Catalogue) -> bm.ReferenceSet:
    """The shipped set, read through the importer; kept for the process's lifetime (the
    file does not change while the app runs, and its values are immutable), so a demo
    seeded again or a re-install after a deletion does not parse 1,300 rows again."""
    data_file = read_reference_info(sidecar).data_file
    stat = data_file.stat()
    return _parsed_shipped(sidecar, catalogue, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=1)
def _parsed_shipped(
    sidecar: Path, catalogue: bm.Catalogue, mtime_ns: int, size: int
) -> bm.ReferenceSet:
    return load_reference_file(sidecar, catalogue)


def _load_organizations(session: Session, set_id: int) -> Iterable[bm.ReferenceOrganization]:
    rows = session.execute(
        select(
            models.ReferenceOrganization.identifier,
            models.ReferenceOrganization.country,
            models.ReferenceOrganization.technology_area,
            models.ReferenceOrganization.year,
            models.ReferenceOrganization.label,
            models.ReferenceOrganization.values_json,
        )
        .where(models.ReferenceOrganization.reference_set_id == set_id)
        .order_by(models.ReferenceOrganization.id)
    )
    for identifier, country, area, year, label, raw in rows:
        values = {code: float(value) for code, value in json.loads(raw).items()}
        yield bm.ReferenceOrganization(
            identifier=identifier,
            country=country,
            technology_area=area,
            year=year,
            label=label,
            values=MappingProxyType(values),
        )


def _set_view(row: models.ReferenceSet) -> ReferenceSetView:
    return ReferenceSetView(
        id=row.id,
        name=row.name,
        source=row.source,
        synthetic=row.synthetic,
        size=row.organization_count,
        active=row.active,
        imported_at=row.imported_at,
        catalogue_version=row.catalogue_version,
        version=row.version,
    )


def _deactivate_all(session: Session, but: int | None = None) -> None:
    """Make the active set inactive (but ``but``), its version bumped (a bulk UPDATE
    does not bump it by itself)."""
    query = update(models.ReferenceSet).where(models.ReferenceSet.active)
    if but is not None:
        query = query.where(models.ReferenceSet.id != but)
    session.execute(
        query.values(active=False, version=models.ReferenceSet.version + 1).execution_options(
            synchronize_session=False
        )
    )


def _edited(row: models.ReferenceSet) -> Edited:
    """A reference set as a stale act's refusal names it."""
    return Edited(_("The reference set '{name}'").format(name=row.name), "reference_set", row.id)


def _load_set(session: Session, set_id: int) -> models.ReferenceSet:
    row = session.get(models.ReferenceSet, set_id)
    if row is None:
        raise NotFoundError(_("There is no reference set #{set_id}.").format(set_id=set_id))
    return row


def _checked_name(name: str) -> str:
    clean = " ".join(str(name).split())
    problem = None
    if refused := problem_in_text("name", str(name), label=_("The reference set's name")):
        problem = refused.message
    elif not clean:
        problem = _("Give the reference set a name (e.g. 'ESCA extract 2018').")
    elif len(clean) > MAX_NAME_CHARS:
        problem = _("The name is longer than {max_name_chars} characters.").format(
            max_name_chars=MAX_NAME_CHARS
        )
    if problem:
        raise ValidationError([FieldProblem("name", problem)])
    return clean


def _refuse_taken_name(session: Session, name: str) -> None:
    names = session.scalars(select(models.ReferenceSet.name))
    if any(existing.casefold() == name.casefold() for existing in names):
        raise ValidationError(
            [
                FieldProblem(
                    "name", _("A reference set named '{name}' already exists.").format(name=name)
                )
            ]
        )


def _source_text(path: Path) -> str:
    text = str(path)
    if len(text) > MAX_SOURCE_CHARS:
        text = "…" + text[-(MAX_SOURCE_CHARS - 1) :]
    return text


def _sidecar_says_synthetic(path: Path) -> bool:
    """A reference sidecar ``<file>.toml`` beside the file, naming it, marks it synthetic."""
    sidecar = path.with_suffix(".toml")
    if not sidecar.is_file():
        return False
    try:
        info = read_reference_info(sidecar)
    except BenchmarkResourceError:
        return False
    return info.synthetic and info.data_file.name == path.name
