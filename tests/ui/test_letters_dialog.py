"""The letters dialog: template picker, preview, .eml drafts and a real local SMTP server."""

from __future__ import annotations

from datetime import datetime
from email import policy
from email.parser import BytesParser
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from escadesk.notifications.messages import Template
from escadesk.notifications.smtp import Security, SmtpSettings
from escadesk.services.demo import DEMO_PASSPHRASE
from escadesk.ui.letters_dialog import LettersDialog, SmtpDialog
from escadesk.ui.main_window import MainWindow
from local_smtp import Mailbox, free_port

DECISION_DAY = datetime(2018, 10, 2, 9, 0, tzinfo=ZoneInfo("America/Toronto"))


def _cancel(window: MainWindow) -> None:
    """The demo on decision day has 3 of 4: cancelled, every card destroyed."""
    services, workshop_id = window.services, window.workshop.id
    services.clock.set(DECISION_DAY)
    services.decision.confirm(workshop_id, DEMO_PASSPHRASE)
    services.decision.erase_cancelled(workshop_id)
    window.refresh()


def _open(window: MainWindow) -> LettersDialog:
    assert window.action("letters").isEnabled()
    window.action("letters").trigger()
    dialog = window.active_dialog
    assert isinstance(dialog, LettersDialog)
    assert dialog.windowModality() == Qt.WindowModality.WindowModal
    return dialog


def _emails(window: MainWindow) -> dict[str, str]:
    rows = window.services.registrations.list(window.workshop.id)
    return {r.organization: r.contact_email for r in rows}


def test_before_the_decision_nothing_is_due(window: MainWindow) -> None:
    dialog = _open(window)
    assert dialog.chosen is Template.CONFIRMED
    assert dialog.letters == [] and dialog.recipients.count() == 0
    assert "No organization" in dialog.count.text()
    assert not dialog.save_button.isEnabled() and not dialog.send_button.isEnabled()
    dialog.reject()


def test_cancellation_letters_preview_and_drafts(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    _cancel(window)
    dialog = _open(window)
    assert dialog.chosen is Template.CANCELLED
    assert dialog.recipients.count() == 6 and dialog.count.text() == "6 letters"
    emails = _emails(window)
    first = dialog.letters[0]
    assert emails[first.organization] in dialog.recipients.item(0).text()
    assert first.organization in dialog.recipients.item(0).text()
    dialog.recipients.setCurrentRow(2)
    shown = dialog.letters[2]
    body = dialog.body.toPlainText()
    assert "did not" in dialog.subject.text() + body
    assert shown.organization in body
    assert dialog.to.text() == f"To: {shown.to.name} <{shown.to.email}>"
    assert dialog.subject.text() == shown.message.subject
    assert "Certificate of destruction" in dialog.attachments.text()

    dialog.template.setCurrentIndex(dialog.template.findData(Template.CONFIRMED))
    assert dialog.recipients.count() == 0 and not dialog.save_button.isEnabled()
    dialog.template.setCurrentIndex(dialog.template.findData(Template.CANCELLED))
    assert dialog.recipients.count() == 6

    folder = tmp_path / "drafts"
    dialog.save_to(folder)
    assert not dialog.save_button.isEnabled()  # busy
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=15000)
    assert dialog.message.isHidden()
    assert dialog.status.text() == f"6 drafts saved in {folder}."
    drafts = sorted(folder.glob("*.eml"))
    assert len(drafts) == 6
    parsed = BytesParser(policy=policy.default).parsebytes(drafts[0].read_bytes())
    assert parsed["To"].addresses[0].addr_spec in emails.values()
    dialog.reject()


def test_send_to_a_local_smtp_server(
    qtbot: QtBot, window: MainWindow, mailbox: tuple[Mailbox, SmtpSettings]
) -> None:
    handler, settings = mailbox
    _cancel(window)
    dialog = _open(window)
    # (header folding around the encoded dash may add a space when unfolded)
    expected = {letter.to.email: letter.message.subject.split() for letter in dialog.letters}
    attached = {
        letter.to.email: [attachment.name for attachment in letter.attachments]
        for letter in dialog.letters
    }
    # The organizations whose card was stored (and destroyed) get the certificate.
    assert sum(bool(names) for names in attached.values()) == 4
    dialog.send_with(settings, None)
    qtbot.waitUntil(lambda: dialog.send_button.isEnabled(), timeout=15000)
    assert dialog.message.isHidden(), dialog.message.text()
    assert dialog.status.text() == "6 letters sent via 127.0.0.1."
    assert len(handler.envelopes) == 6
    arrived = {}
    for envelope in handler.envelopes:
        assert len(envelope.rcpt_tos) == 1
        message = BytesParser(policy=policy.default).parsebytes(envelope.original_content)
        arrived[envelope.rcpt_tos[0]] = message["Subject"].split()
        assert message["X-Unsent"] is None
        names = [part.get_filename() for part in message.iter_attachments()]
        assert names == attached[envelope.rcpt_tos[0]]
        # Named in the organization's language (tests/services/test_french_certificates.py).
        assert set(names) <= {"Certificate of destruction.pdf", "Certificat de destruction.pdf"}
    assert arrived == expected
    assert set(arrived) == {
        email
        for organization, email in _emails(window).items()
        if organization != "Nordic Games & Media Cluster"
    }
    dialog.reject()


def test_a_send_failure_is_shown_inline(qtbot: QtBot, window: MainWindow) -> None:
    _cancel(window)
    dialog = _open(window)
    dialog.send_with(SmtpSettings("127.0.0.1", free_port(), security=Security.NONE), None)
    qtbot.waitUntil(lambda: not dialog.message.isHidden(), timeout=15000)
    assert "Could not reach the mail server 127.0.0.1" in dialog.message.text()
    assert dialog.send_button.isEnabled() and dialog.status.isHidden()
    dialog.reject()


def test_the_smtp_form_checks_and_keeps_its_settings(
    qtbot: QtBot, window: MainWindow, mailbox: tuple[Mailbox, SmtpSettings]
) -> None:
    handler, settings = mailbox
    _cancel(window)
    dialog = _open(window)
    dialog.ask_smtp()
    form = dialog.smtp_dialog
    assert isinstance(form, SmtpDialog)
    assert form.send_button.text() == "Send 6 letters"
    form.check()  # no host
    assert "host name is required" in form.message.text() and form.isVisible()
    qtbot.keyClicks(form.host, "127.0.0.1")
    form.security.setCurrentIndex(form.security.findData(Security.NONE))
    assert form.port.value() == 25
    form.port.setValue(settings.port)
    form.check()
    qtbot.waitUntil(lambda: len(handler.envelopes) == 6, timeout=15000)
    qtbot.waitUntil(lambda: dialog.send_button.isEnabled(), timeout=15000)
    stored = window.services.settings
    assert stored.get("smtp.host") == "127.0.0.1"
    assert stored.get("smtp.port") == str(settings.port)
    assert stored.get("smtp.security") == "none"
    dialog.reject()
