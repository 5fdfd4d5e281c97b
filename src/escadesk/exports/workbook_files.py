"""A workbook from start to file: properties, and a save that never leaves half a file.

The file is written to a temporary name in the target's own folder, flushed to disk and
then renamed over the target (``os.replace``: atomic on one file system). A cancelled or
failed export therefore leaves no file where the user asked for one, and an existing file
there stays exactly as it was. The temporary file is created owner-only (0600) and keeps
that mode, like the rest of the director's data.

Write-only worksheets stream their rows into openpyxl's own temporary files (in the
system temp folder) until the workbook is saved; ``discard`` removes those when an export
stops early, so personal data does not linger there either.
"""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.writer.excel import ExcelWriter

from escadesk.atomic_files import write_atomically
from escadesk.domain.institute import DEFAULT_INSTITUTE_NAME
from escadesk.exports.progress import Monitor
from escadesk.i18n import _

INSTITUTE = DEFAULT_INSTITUTE_NAME
PART_SUFFIX = ".part"


@dataclass(frozen=True)
class DocumentInfo:
    title: str
    subject: str
    created: datetime  # aware; stored as UTC, as the file format requires
    #: The file's author: the institute's name (Settings > Institute).
    author: str = INSTITUTE

    def __post_init__(self) -> None:
        if self.created.tzinfo is None or self.created.utcoffset() is None:
            raise ValueError("The generation time must carry its time zone.")


def new_workbook(info: DocumentInfo) -> Workbook:
    """An empty write-only workbook carrying the document properties."""
    workbook = Workbook(write_only=True)
    created = info.created.astimezone(UTC).replace(tzinfo=None, microsecond=0)
    properties = workbook.properties
    properties.title = info.title
    properties.subject = info.subject
    properties.creator = info.author
    properties.lastModifiedBy = info.author
    properties.created = created
    properties.modified = created
    return workbook


def write_workbook(
    target: Path,
    info: DocumentInfo,
    build: Callable[[Workbook], None],
    monitor: Monitor,
) -> Path:
    """Build the sheets with ``build``, then save atomically; clean up on any failure."""
    _build_and_save(info, build, monitor, lambda workbook: save_atomically(workbook, target))
    monitor.finished(_("Saved {name}").format(name=target.name))
    return target


def workbook_bytes(
    info: DocumentInfo, build: Callable[[Workbook], None], monitor: Monitor
) -> bytes:
    """The workbook's file content, kept in memory (an attachment: no file of the user's
    is written; openpyxl's own row streams of write-only sheets are removed either way)."""
    stream = io.BytesIO()
    _build_and_save(info, build, monitor, lambda workbook: _save(workbook, stream))
    monitor.finished(_("Workbook ready"))
    return stream.getvalue()


def _build_and_save(
    info: DocumentInfo,
    build: Callable[[Workbook], None],
    monitor: Monitor,
    save: Callable[[Workbook], None],
) -> None:
    """A new workbook built with ``build`` and saved with ``save``; on any failure (a
    cancel too) openpyxl's row streams are discarded before the error goes on."""
    workbook = new_workbook(info)
    try:
        build(workbook)
        monitor.report(95, _("Saving the workbook"))
        save(workbook)
    except BaseException:
        discard(workbook)
        raise


def save_atomically(workbook: Workbook, target: Path) -> None:
    """Write to a temporary name beside ``target``, sync, then replace ``target``."""
    write_atomically(
        target,
        lambda stream: _save(workbook, stream),
        prefix=f".{target.stem[:40]}.",
        suffix=PART_SUFFIX,
    )


def _save(workbook: Workbook, stream: BinaryIO) -> None:
    """``Workbook.save`` (openpyxl.writer.excel.save_workbook), except that a failure
    half way (a full disk) lets go of the half-written zip archive: left to the garbage
    collector, it would try to finish itself on the closed file and print a traceback."""
    if workbook.write_only and not workbook.worksheets:
        workbook.create_sheet()
    archive = ZipFile(stream, "w", ZIP_DEFLATED, allowZip64=True)
    try:
        workbook.properties.modified = datetime.now(UTC).replace(tzinfo=None)
        ExcelWriter(workbook, archive).save()
    except BaseException:
        archive.fp = None  # the stream is thrown away: nothing left to finish
        raise


def discard(workbook: Workbook) -> None:
    """Remove the temporary files of write-only sheets that were never saved.

    openpyxl offers no public call for this: each write-only sheet keeps its stream in
    ``_writer`` (``out`` is the file) until the workbook is saved.
    """
    for sheet in workbook.worksheets:
        writer = getattr(sheet, "_writer", None)
        if writer is None:
            continue
        if not sheet.closed:
            with contextlib.suppress(Exception):
                sheet.close()
        if os.path.exists(writer.out):
            with contextlib.suppress(OSError, ValueError):
                writer.cleanup()
