from __future__ import annotations

from datetime import UTC, datetime
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest

from escadesk.notifications.drafts import Attachment, build_email, safe_file_stem, save_eml
from escadesk.notifications.messages import CardDataLeakError, Template, render

CERTIFICATE = "Certificate of destruction no. 7\nVISA •••• 1111 destroyed Oct 2, 2018.\n".encode()


def test_eml_round_trip(context, director, contact, tmp_path: Path):
    rendered = render(Template.CANCELLED, context)
    pdf = b"%PDF-1.4 certificate \x00\xff bytes"
    message = build_email(
        rendered,
        director,
        contact,
        [
            Attachment("certificate-of-destruction.txt", CERTIFICATE, "text/plain"),
            Attachment("Certificate – Ontario.pdf", pdf, "application/pdf"),
        ],
        now=datetime(2018, 10, 2, 14, 30, tzinfo=UTC),
    )
    path = save_eml(message, tmp_path / "drafts", "Ontario Aerospace Cluster – cancelled")
    assert path == tmp_path / "drafts" / "Ontario Aerospace Cluster – cancelled.eml"
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temp file left

    parsed = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
    assert parsed["Subject"] == rendered.subject
    assert parsed["From"].addresses[0].addr_spec == "dorinda.so@example.org"
    assert parsed["From"].addresses[0].display_name == "Dorinda So"
    assert parsed["To"].addresses[0].addr_spec == "marie.tremblay@example.com"
    assert parsed["X-Unsent"] == "1"
    assert parsed["Date"].datetime == datetime(2018, 10, 2, 14, 30, tzinfo=UTC)
    assert parsed["Message-ID"].endswith("@example.org>")
    body = parsed.get_body(preferencelist=("plain",))
    assert body.get_content_charset() == "utf-8"
    assert body.get_content().replace("\r\n", "\n") == rendered.body
    attachments = {part.get_filename(): part for part in parsed.iter_attachments()}
    assert set(attachments) == {"certificate-of-destruction.txt", "Certificate – Ontario.pdf"}
    assert attachments["certificate-of-destruction.txt"].get_payload(decode=True) == CERTIFICATE
    assert attachments["Certificate – Ontario.pdf"].get_payload(decode=True) == pdf
    assert attachments["Certificate – Ontario.pdf"].get_content_type() == "application/pdf"


def test_saving_again_replaces_the_draft(context, director, contact, tmp_path: Path):
    first = build_email(render(Template.CONFIRMED, context), director, contact)
    second = build_email(render(Template.RECEIPT, context), director, contact)
    folder = tmp_path / "drafts"
    path = save_eml(first, folder, "draft")
    assert save_eml(second, folder, "draft") == path
    reread = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
    assert reread["Subject"].startswith("Receipt:")
    assert list(folder.iterdir()) == [path]


def test_a_failed_write_leaves_no_temporary_file(
    context, director, contact, tmp_path: Path, monkeypatch
):
    message = build_email(render(Template.CONFIRMED, context), director, contact)

    def refuse(*_args):
        raise OSError("disk full")

    monkeypatch.setattr("escadesk.atomic_files.os.replace", refuse)
    with pytest.raises(OSError, match="disk full"):
        save_eml(message, tmp_path / "drafts", "draft")
    assert list((tmp_path / "drafts").iterdir()) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('R&D: "Aero/Space" <Cluster>?', "R&D - 'Aero-Space' (Cluster)"),
        ("CON", "_CON"),
        ("lpt1.notes", "_lpt1.notes"),
        ("ends with dots...  ", "ends with dots"),
        ("tab\tand\nnewline", "tab and newline"),
        ("", "file"),
        ("...", "file"),
        ("x" * 300, "x" * 119 + "…"),
    ],
)
def test_file_names_are_safe_on_windows(text, expected):
    assert safe_file_stem(text) == expected


def test_a_text_attachment_with_a_card_number_is_refused(context, director, contact):
    leaky = Attachment("form.txt", b"Card: 4111-1111-1111-1111", "text/plain")
    with pytest.raises(CardDataLeakError):
        build_email(render(Template.CANCELLED, context), director, contact, [leaky])


def test_a_bad_mime_type_is_refused(context, director, contact):
    with pytest.raises(ValueError, match="MIME type"):
        build_email(
            render(Template.CANCELLED, context), director, contact, [Attachment("x", b"", "pdf")]
        )
