"""Importing the conference's delegate list: preview, then all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from escadesk.domain.validation import ValidationError
from escadesk.services import audit
from escadesk.services.views import NotFoundError
from raw_sql import query

GOOD = """E-mail,Name,Organization,Country
jane.doe@example.org,Jane Doe,Northshore Photonics,Canada
KAAREL.TAMM@bmin.example,Kaarel Tamm,Baltic Maritime,EST
j.becker@rhinehealth.example,Jana Becker,Rhine Valley Health,Germany
"""
LONGER = """Email address,Full name,Company,Pays
jane.doe@example.org,Jane Doe-Smith,Northshore Photonics,Canada
kaarel.tamm@bmin.example,Kaarel Tamm,Baltic Maritime,Estonia
j.becker@rhinehealth.example,Jana Becker,Rhine Valley Health,Germany
wei.chen@prict.example,Wei Chen,Pearl River ICT,China
grace.mensah@adh.example,Grace Mensah,Accra Digital Hub,Ghana
"""
BAD = """E-mail,Name,Country
jane.doe@example.org,Jane Doe,Canada
not-an-address,Someone,Canada
wei.chen@prict.example,Wei Chen,Atlantis
JANE.DOE@example.org,Jane again,Canada
"""


def delegates_table(db_url: str) -> list[tuple]:
    return query(
        db_url,
        "SELECT id, email, email_normalized, name, organization, country FROM delegate ORDER BY id",
    )


def test_problems_are_listed_and_commit_is_refused(
    services, workshop_id, write_csv, snapshot
) -> None:
    before = snapshot()
    preview = services.delegates.preview(workshop_id, write_csv("bad.csv", BAD))

    assert not preview.ok
    assert [(p.row, p.column) for p in preview.problems] == [
        (3, "E-mail"),
        (4, "Country"),
        (5, "E-mail"),
    ]
    assert "not a valid e-mail address" in preview.problems[0].message
    assert "not a known country" in preview.problems[1].message
    assert "duplicates row 2" in preview.problems[2].message
    assert [r.email for r in preview.records] == ["jane.doe@example.org"]  # clean rows only

    with pytest.raises(ValidationError) as refused:
        services.delegates.commit(preview)
    assert refused.value.for_field("file") == [
        "The file has problems; fix them and import it again."
    ]
    assert snapshot() == before
    assert services.delegates.count(workshop_id) == 0


@pytest.mark.parametrize(
    "content",
    ["", "E-mail,Name\n", "Name,Organization\nJane,Northshore\n"],
    ids=["empty", "header-only", "no-email-column"],
)
def test_files_without_delegates_cannot_be_committed(
    services, workshop_id, write_csv, snapshot, content: str
) -> None:
    before = snapshot()
    preview = services.delegates.preview(workshop_id, write_csv("list.csv", content))
    assert not preview.ok
    assert preview.records == ()
    with pytest.raises(ValidationError):
        services.delegates.commit(preview)
    assert snapshot() == before


def test_good_file_is_committed(services, workshop_id, write_csv, db_url, actor) -> None:
    source = write_csv("TCI delegates.csv", GOOD)
    preview = services.delegates.preview(workshop_id, source)

    assert preview.ok
    assert preview.source == source
    assert (preview.new_count, preview.known_count) == (3, 0)
    assert services.delegates.commit(preview) == 3

    assert services.delegates.count(workshop_id) == 3
    rows = delegates_table(db_url)
    assert [(email, normalized) for _, email, normalized, *_ in rows] == [
        ("jane.doe@example.org", "jane.doe@example.org"),
        ("KAAREL.TAMM@bmin.example", "kaarel.tamm@bmin.example"),  # kept as typed
        ("j.becker@rhinehealth.example", "j.becker@rhinehealth.example"),
    ]
    assert [row[3:] for row in rows] == [
        ("Jane Doe", "Northshore Photonics", "Canada"),
        ("Kaarel Tamm", "Baltic Maritime", "Estonia"),  # "EST" in the file
        ("Jana Becker", "Rhine Valley Health", "Germany"),
    ]
    with services.context.database.reading() as session:
        line = audit.recent(session, workshop_id)[0]
    assert (line.action, line.actor) == ("delegates.import", actor)
    assert line.summary == "Imported delegate list TCI delegates.csv: 3 new, 0 already known"


def test_reimport_adds_new_ones_and_keeps_old_ones(services, workshop_id, write_csv, db_url):
    services.delegates.commit(services.delegates.preview(workshop_id, write_csv("a.csv", GOOD)))
    first = {row[2]: row for row in delegates_table(db_url)}

    preview = services.delegates.preview(workshop_id, write_csv("b.csv", LONGER))
    assert (preview.new_count, preview.known_count) == (2, 3)
    assert preview.new_emails == {"wei.chen@prict.example", "grace.mensah@adh.example"}
    assert services.delegates.commit(preview) == 5

    after = {row[2]: row for row in delegates_table(db_url)}
    assert len(after) == 5
    for email, row in first.items():
        assert after[email][0] == row[0]  # same row, not deleted and re-inserted
    assert after["jane.doe@example.org"][3] == "Jane Doe-Smith"  # refreshed from the new list

    # A later, shorter list never removes anyone.
    only_one = "E-mail\npriya@bbf.example\n"
    services.delegates.commit(services.delegates.preview(workshop_id, write_csv("c.csv", only_one)))
    assert services.delegates.count(workshop_id) == 6
    assert "jane.doe@example.org" in {row[2] for row in delegates_table(db_url)}


def test_imported_delegates_may_register(services, workshop_id, write_csv, details) -> None:
    form = details(1, contact_email="Wei.Chen@PRICT.example")
    with pytest.raises(ValidationError, match="No delegate list"):
        services.registrations.register(workshop_id, form)
    services.delegates.commit(services.delegates.preview(workshop_id, write_csv("a.csv", GOOD)))
    with pytest.raises(ValidationError, match="not on the conference delegate list"):
        services.registrations.register(workshop_id, form)
    services.delegates.commit(services.delegates.preview(workshop_id, write_csv("b.csv", LONGER)))
    assert services.registrations.register(workshop_id, form) > 0


def test_lists_belong_to_one_workshop(services, workshop_id, write_csv) -> None:
    from dataclasses import replace

    from escadesk.services.demo import announcement_workshop

    other = services.workshops.create(replace(announcement_workshop(), code="OTHER"))
    services.delegates.commit(services.delegates.preview(workshop_id, write_csv("a.csv", GOOD)))
    assert services.delegates.count(other) == 0
    preview = services.delegates.preview(other, write_csv("b.csv", GOOD))
    assert preview.new_count == 3  # known elsewhere, new here
    services.delegates.commit(preview)
    assert services.delegates.count(other) == services.delegates.count(workshop_id) == 3


def test_unknown_workshop(services, write_csv) -> None:
    with pytest.raises(NotFoundError):
        services.delegates.preview(404, write_csv("a.csv", GOOD))


def test_failure_inside_commit_leaves_nothing(
    services, workshop_id, write_csv, snapshot, monkeypatch
) -> None:
    preview = services.delegates.preview(workshop_id, write_csv("a.csv", GOOD))
    before = snapshot()

    def broken(*args, **kwargs) -> None:
        raise RuntimeError("audit disk full")

    monkeypatch.setattr(audit, "record", broken)
    with pytest.raises(RuntimeError):
        services.delegates.commit(preview)
    assert snapshot() == before


# ------------------------------------------------------------------ the window's file path


def _preview_within(seconds: float, call, unblock: Path | None = None):
    """Run the preview in a daemon thread: a regression fails instead of hanging the run."""
    import os
    import threading

    outcome: list[object] = []
    thread = threading.Thread(target=lambda: outcome.append(call()), daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        if unblock is not None:  # release a reader stuck opening the pipe
            os.close(os.open(unblock, os.O_WRONLY | os.O_NONBLOCK))
        pytest.fail(f"the preview did not return within {seconds} s (it hangs)")
    (result,) = outcome
    return result


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="POSIX named pipes")
def test_named_pipe_is_refused_by_the_preview(services, workshop_id, tmp_path) -> None:
    import os

    fifo = tmp_path / "delegates.csv"
    os.mkfifo(fifo)
    preview = _preview_within(10, lambda: services.delegates.preview(workshop_id, fifo), fifo)
    assert [str(p) for p in preview.problems] == [
        "'delegates.csv' is not a regular file (it is a named pipe); "
        "choose a saved .xlsx or .csv file."
    ]
    assert not preview.ok


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="needs /dev/null")
def test_link_to_a_device_is_refused_by_the_preview(services, workshop_id, tmp_path) -> None:
    # /dev/null, not /dev/zero: a regression must not read without end in this process
    # (tests/importing runs the /dev/zero case in a child process with a memory limit).
    link = tmp_path / "delegates.csv"
    link.symlink_to("/dev/null")
    preview = _preview_within(10, lambda: services.delegates.preview(workshop_id, link))
    assert [str(p) for p in preview.problems] == [
        "'delegates.csv' is not a regular file (it is a link to a character device); "
        "choose a saved .xlsx or .csv file."
    ]


def _hidden_workbook(tmp_path: Path) -> Path:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in [
        ["TCI 2018 delegates"],
        ["E-mail", "Name", "Organization"],
        ["jane.doe@example.org", "Jane Doe", "Northshore Photonics"],
        ["wei.chen@prict.example", "Wei Chen", "Pearl River ICT"],  # hidden
        ["grace.mensah@adh.example", "2018-09-01", "Accra Digital Hub"],
    ]:
        sheet.append(row)
    sheet.row_dimensions[4].hidden = True
    path = tmp_path / "delegates.xlsx"
    workbook.save(path)
    return path


def test_preview_carries_notes_and_hidden_rows(services, workshop_id, tmp_path, db_url) -> None:
    source = _hidden_workbook(tmp_path)
    preview = services.delegates.preview(workshop_id, source)
    assert preview.ok  # warnings never block
    assert [r.email for r in preview.records] == [
        "jane.doe@example.org",
        "grace.mensah@adh.example",
    ]
    assert [str(w) for w in preview.warnings] == [
        "Header found on row 2; row 1 above it was skipped.",
        "1 hidden row (4) was skipped; include hidden rows and columns only if they belong "
        "to the list.",
        "Row 5, column 'Name': '2018-09-01' looks like a date, not a name; check this cell.",
    ]
    assert (preview.hidden_rows, preview.hidden_columns) == ((4,), ())
    assert preview.skipped_hidden

    included = services.delegates.preview(workshop_id, source, include_hidden=True)
    assert included.include_hidden and not included.skipped_hidden
    assert included.new_count == 3
    assert services.delegates.commit(included) == 3
    with services.context.database.reading() as session:
        line = audit.recent(session, workshop_id)[0]
    assert line.summary == (
        "Imported delegate list delegates.xlsx: 3 new, 0 already known "
        "(hidden rows and columns included, as asked)"
    )


@pytest.mark.parametrize(
    ("text", "named"),
    [("\x00", "NUL, U+0000"), ("\x1b[31m", "ESC, U+001B"), ("\u202e", "U+202E")],
    ids=["NUL", "ESC", "RLO"],
)
def test_control_characters_are_refused_by_row_and_column_and_never_stored(
    services, workshop_id, write_csv, snapshot, text: str, named: str
) -> None:
    before = snapshot()
    content = (
        "E-mail,Name,Organization,Country\n"
        "jane.doe@example.org,Jane Doe,Northshore Photonics,Canada\n"
        f"wei.chen@prict.example,Wei Chen,Pearl{text} River ICT,China\n"
    )
    preview = services.delegates.preview(workshop_id, write_csv("list.csv", content))

    assert [(p.row, p.column) for p in preview.problems] == [(3, "Organization")]
    assert named in preview.problems[0].message
    assert text not in str(preview.problems[0])
    assert not preview.ok
    with pytest.raises(ValidationError):
        services.delegates.commit(preview)
    assert snapshot() == before
