"""``escadesk-cli forms`` (issue 18) on a copy of the demo: blank forms written and
readable, returned registration forms imported all or none, invitations as .eml drafts
with both forms attached; every bad file its own message and exit code, nothing changed."""

from __future__ import annotations

import io
from contextlib import closing
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

import pytest
from pypdf import PdfReader

from escadesk import cli
from escadesk.app import AppConfig, build_services
from escadesk.config import DATABASE_FILE
from escadesk.domain.registration import RegistrationStatus
from escadesk.forms.reading import read_form
from escadesk.forms.results import RegistrationFormFields
from escadesk.forms.stamp import FormKind
from escadesk.services import audit
from escadesk.services.forms import CARD_FORM_IN_WINDOW
from escadesk.storage.sqlite_files import connect as sqlite_connect
from returned_forms_kit import (
    CARD_VALUES,
    fill,
    locked,
    registration_values,
    restamp,
    scan_pdf,
    write,
)

CODE = "TCI2018-BENCH"
TITLE = "ESCA Cluster Benchmarking Workshop (TCI 2018)"
REGISTRATION_PDF = f"{TITLE} 2018-10-04 registration form.pdf"
CARD_PDF = f"{TITLE} 2018-10-04 credit-card authorization form.pdf"
#: Demo delegates who have not registered (services/demo.py's extra delegates).
WEI, LUCIA = "wei.chen@prict.example", "l.fernandez@bam.example"
NOT_REGISTERED = 7  # the six extra delegates and Nordic's, whose registration was withdrawn


def run(demo: Path, *args: str) -> tuple[int, str]:
    out = io.StringIO()
    code = cli.main(["--data-dir", str(demo), *args], stdin=io.StringIO(""), out=out)
    return code, out.getvalue()


def dump(demo: Path) -> list[str]:
    """Every table of the demo's database, read through a plain SQLite connection."""
    with closing(sqlite_connect(demo / DATABASE_FILE)) as connection:
        return list(connection.iterdump())


def registrations(demo: Path) -> dict[str, RegistrationStatus]:
    services = build_services(AppConfig.resolve(demo))
    try:
        return {row.organization: row.status for row in services.registrations.list(1)}
    finally:
        services.close()


def audit_summaries(demo: Path) -> list[str]:
    services = build_services(AppConfig.resolve(demo))
    try:
        with services.context.database.reading() as session:
            return [line.summary for line in audit.recent(session, 1)]
    finally:
        services.close()


@pytest.fixture
def blanks(demo: Path, tmp_path: Path) -> tuple[bytes, bytes]:
    code, _text = run(demo, "forms", "blank", "--workshop", "1", "--out", str(tmp_path / "b"))
    assert code == cli.OK
    folder = tmp_path / "b"
    return (folder / REGISTRATION_PDF).read_bytes(), (folder / CARD_PDF).read_bytes()


def parsed(path: Path) -> EmailMessage:
    message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
    assert isinstance(message, EmailMessage)
    return message


# -- forms blank ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("page", "width"), [("a4", 595.3), ("LETTER", 612.0)])
def test_blank_writes_both_forms_readable_as_this_workshops(
    demo: Path, tmp_path: Path, page: str, width: float
) -> None:
    folder = tmp_path / "new" / "forms"
    code, text = run(
        demo, "forms", "blank", "--workshop", "1", "--out", str(folder), "--page", page
    )
    assert code == cli.OK
    assert text.splitlines() == [str(folder / REGISTRATION_PDF), str(folder / CARD_PDF)]
    assert sorted(p.name for p in folder.iterdir()) == sorted([REGISTRATION_PDF, CARD_PDF])
    registration = read_form(folder / REGISTRATION_PDF, CODE)
    assert registration.stamp.kind is FormKind.REGISTRATION
    assert registration.fields == RegistrationFormFields("", "", "", "", "", "", "")
    assert read_form(folder / CARD_PDF, CODE).stamp.kind is FormKind.CARD_AUTHORIZATION
    for name in (REGISTRATION_PDF, CARD_PDF):
        box = PdfReader(folder / name).pages[0].mediabox
        assert float(box.width) == pytest.approx(width, abs=0.5)


def test_blank_refuses_an_unknown_workshop_or_page(demo: Path, tmp_path: Path, capsys) -> None:
    out = str(tmp_path / "f")
    assert run(demo, "forms", "blank", "--workshop", "9", "--out", out)[0] == cli.NOT_FOUND
    assert run(demo, "forms", "blank", "--workshop", "1", "--out", out, "--page", "a5")[0] == (
        cli.USAGE
    )
    assert not (tmp_path / "f").exists()
    assert "Traceback" not in capsys.readouterr().err


def test_blank_refuses_a_file_where_the_folder_should_be(
    demo: Path, tmp_path: Path, capsys
) -> None:
    in_the_way = write(tmp_path / "forms", b"a file")
    assert run(demo, "forms", "blank", "--workshop", "1", "--out", str(in_the_way))[0] == (
        cli.REFUSED
    )
    assert "is a file, not a folder" in capsys.readouterr().err
    assert in_the_way.read_bytes() == b"a file"


# -- forms import --------------------------------------------------------------------------------


def test_a_filled_registration_form_is_imported(demo: Path, blanks, tmp_path: Path) -> None:
    values = registration_values(1, WEI, organization="Pearl River ICT Cluster", country="China")
    form = write(tmp_path / "returned.pdf", fill(blanks[0], values))
    code, text = run(demo, "forms", "import", str(form), "--workshop", "1")
    assert code == cli.OK, text
    assert text.splitlines() == [
        "returned.pdf: Pearl River ICT Cluster, wei.chen@prict.example: registration #8",
        "Registered 1 organization.",
    ]
    assert registrations(demo)["Pearl River ICT Cluster"] is RegistrationStatus.FORM_RECEIVED


def test_a_dry_run_checks_and_stores_nothing(demo: Path, blanks, tmp_path: Path) -> None:
    forms = [
        write(tmp_path / f"{n}.pdf", fill(blanks[0], registration_values(n, email)))
        for n, email in ((1, WEI), (2, LUCIA))
    ]
    before = dump(demo)
    code, text = run(demo, "forms", "import", *map(str, forms), "--workshop", "1", "--dry-run")
    assert code == cli.OK, text
    assert (
        text.splitlines()[-1]
        == "Dry run: 2 registration forms can be registered; nothing was stored."
    )
    assert "1.pdf: Pôle Numérique 1, wei.chen@prict.example: ok" in text
    assert dump(demo) == before


BAD_FILES = {
    "card form": (lambda blanks: fill(blanks[1], CARD_VALUES), CARD_FORM_IN_WINDOW),
    "scan": (lambda _blanks: scan_pdf(), "enter the form by hand"),
    "blank form": (lambda blanks: blanks[0], "came back blank"),
    "encrypted": (
        lambda blanks: locked(fill(blanks[0], registration_values(1, WEI))),
        "protected by a password",
    ),
    "not a PDF": (lambda _blanks: b"PK\x03\x04 a zip", "The file is not a PDF"),
    "another workshop's": (
        lambda blanks: restamp(
            fill(blanks[0], registration_values(1, WEI)), "escadesk/registration/1/WS-2019"
        ),
        "is for another workshop (WS-2019), not TCI2018-BENCH",
    ),
    "not a delegate": (
        lambda blanks: fill(blanks[0], registration_values(1, "someone@elsewhere.example")),
        "someone@elsewhere.example is not on the conference delegate list",
    ),
    "already registered": (
        lambda blanks: fill(blanks[0], registration_values(1, "jordi.puig@catmobility.example")),
        "jordi.puig@catmobility.example has already registered for this workshop",
    ),
    "unknown country": (
        lambda blanks: fill(blanks[0], registration_values(1, WEI, country="Atlantis")),
        "'Atlantis' is not a known country",
    ),
}


@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_each_bad_file_says_why_and_nothing_is_stored(
    demo: Path, blanks, tmp_path: Path, capsys, kind: str
) -> None:
    make, message = BAD_FILES[kind]
    good = write(tmp_path / "good.pdf", fill(blanks[0], registration_values(2, LUCIA)))
    bad = write(tmp_path / "bad.pdf", make(blanks))
    before = dump(demo)
    code, text = run(demo, "forms", "import", str(good), str(bad), "--workshop", "1")
    assert code == cli.REFUSED
    lines = text.splitlines()
    assert lines[0] == "good.pdf: Pôle Numérique 2, l.fernandez@bam.example: ok"
    assert lines[1].startswith("bad.pdf: ")
    assert message in " ".join(lines[1:])
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "escadesk-cli: refused: nothing was stored; 1 of 2 registration forms cannot be "
        "registered (see above). Fix or leave out those files and import again."
    ]
    assert "4111" not in text + err
    assert dump(demo) == before


def test_a_missing_file_is_refused_before_the_data_is_opened(
    demo: Path, blanks, tmp_path: Path, capsys
) -> None:
    good = write(tmp_path / "good.pdf", fill(blanks[0], registration_values(2, LUCIA)))
    before = dump(demo)
    missing = tmp_path / "missing.pdf"
    assert run(demo, "forms", "import", str(good), str(missing), "--workshop", "1") == (
        cli.REFUSED,
        "",
    )
    assert capsys.readouterr().err == (
        f"escadesk-cli: refused: there is no file {missing}; nothing was stored\n"
    )
    assert dump(demo) == before


def test_the_same_delegate_twice_in_one_import_is_refused(
    demo: Path, blanks, tmp_path: Path
) -> None:
    data = fill(blanks[0], registration_values(1, WEI))
    first, second = write(tmp_path / "a.pdf", data), write(tmp_path / "b.pdf", data)
    before = dump(demo)
    code, text = run(demo, "forms", "import", str(first), str(second), "--workshop", "1")
    assert code == cli.REFUSED
    assert "b.pdf: Pôle Numérique 1, wei.chen@prict.example: 1 problem" in text
    assert "wei.chen@prict.example has already registered for this workshop." in text
    assert dump(demo) == before


# -- forms invite --------------------------------------------------------------------------------


def _attachments_are_the_blank_forms(message: EmailMessage) -> None:
    parts = list(message.iter_attachments())
    assert [part.get_filename() for part in parts] == [REGISTRATION_PDF, CARD_PDF]
    assert {part.get_content_type() for part in parts} == {"application/pdf"}
    kinds = []
    for part in parts:
        pdf = part.get_payload(decode=True)
        assert isinstance(pdf, bytes)
        form = read_form(pdf, CODE)
        assert not any(vars(form.fields).values())  # blank
        kinds.append(form.stamp.kind)
    assert kinds == [FormKind.REGISTRATION, FormKind.CARD_AUTHORIZATION]


def test_invite_writes_one_draft_per_delegate_with_both_forms(demo: Path, tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    code, text = run(demo, "forms", "invite", "--workshop", "1", "--out", str(folder))
    assert code == cli.OK, text
    drafts = sorted(folder.iterdir())
    assert len(drafts) == NOT_REGISTERED
    assert text.splitlines()[-1] == (
        f"Invitation for {NOT_REGISTERED} delegates in {NOT_REGISTERED} drafts. "
        "Left out: 6 delegates who have registered already."
    )
    path = folder / f"{TITLE} 2018-10-04 invitation - Wei Chen.eml"
    message = parsed(path)
    assert message["To"].addresses[0].addr_spec == WEI
    assert message["To"].addresses[0].display_name == "Wei Chen"
    assert message["From"].addresses[0].addr_spec == "research.director@competeprosper.example"
    assert message["Bcc"] is None
    assert message["X-Unsent"] == "1"
    assert message["Subject"] == f"Invitation: {TITLE} – register by Oct 1, 2018"
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert body.startswith("Dear Wei Chen,")
    for words in (
        "open exclusively to the conference's delegates",
        "registered as a delegate (wei.chen@prict.example)",
        f"attached registration form ({REGISTRATION_PDF})",
        "It proceeds only if at least 4 organizations have completed",
        "4 organizations: 3,000.00 CAD (~1,990 EUR)",
        "6 organizations: 2,650.00 CAD (~1,750 EUR)",
        "not responsible for any exchange rate fees",
    ):
        assert words in body
    _attachments_are_the_blank_forms(message)
    invited = {parsed(draft)["To"].addresses[0].addr_spec for draft in drafts}
    assert "jordi.puig@catmobility.example" not in invited  # registered already
    assert "aino.virtanen@nordicgames.example" in invited  # withdrew: may register again


def test_invite_one_for_all_puts_every_delegate_in_bcc(demo: Path, tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    code, text = run(demo, "forms", "invite", "--workshop", "1", "--out", str(folder), "--one")
    assert code == cli.OK, text
    (path,) = folder.iterdir()
    assert path.name == f"{TITLE} 2018-10-04 invitation to all delegates.eml"
    message = parsed(path)
    assert message["To"].addresses[0].addr_spec == "research.director@competeprosper.example"
    bcc = {address.addr_spec for address in message["Bcc"].addresses}
    assert len(bcc) == NOT_REGISTERED and {WEI, LUCIA} <= bcc
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert body.startswith("Dear delegate,") and WEI not in body
    _attachments_are_the_blank_forms(message)
    (summary,) = [s for s in audit_summaries(demo) if s.startswith("'Invitation:")]
    assert summary.endswith(f"saved as one draft to {NOT_REGISTERED} delegates (Bcc)")
    assert "@" not in summary


def test_invite_without_a_delegate_list_is_refused(tmp_path: Path, capsys) -> None:
    data = tmp_path / "data"
    services = build_services(AppConfig.resolve(data))
    try:
        from escadesk.services.demo import announcement_workshop

        services.workshops.create(announcement_workshop())
    finally:
        services.close()
    code, _text = run(data, "forms", "invite", "--workshop", "1", "--out", str(tmp_path / "d"))
    assert code == cli.REFUSED
    assert "No delegate list has been imported" in capsys.readouterr().err
    assert not (tmp_path / "d").exists() or not any((tmp_path / "d").iterdir())
