"""Workshop > Blank forms… and Invitation e-mails…: the forms and the invitation drafts
written through the window's menu commands into a chosen folder, on the chosen paper.

The folder chooser is answered as the director would (``choose_in``); the files are read
back: the PDFs' page size and fields, the drafts' recipients and attachments. Opening the
folder goes through a recording opener, so no program starts.
"""

from __future__ import annotations

import io
import os
from dataclasses import replace
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot
from uihelpers import RecordingOpener, choose_in, snapshot

from escadesk.forms.reading import read_form
from escadesk.forms.stamp import FormKind
from escadesk.services.form_views import PageSize
from escadesk.ui.forms_out_dialog import PAGE_SETTING, FormsOutDialog
from escadesk.ui.main_window import MainWindow

WAIT = 20_000


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def trigger(window: MainWindow, key: str) -> FormsOutDialog:
    action = window.action(key)
    assert action.isEnabled(), key
    action.trigger()
    dialog = window.active_dialog
    assert isinstance(dialog, FormsOutDialog)
    dialog.opener = RecordingOpener()
    return dialog


def write_into(qtbot: QtBot, dialog: FormsOutDialog, folder: Path) -> None:
    """Change… the folder, then the dialog's act (Save the forms / Write the drafts)."""
    dialog.choose_button.click()
    chooser = dialog.file_dialog
    assert isinstance(chooser, QFileDialog)
    assert chooser.fileMode() == QFileDialog.FileMode.Directory
    choose_in(dialog, folder)
    assert dialog.target == folder and not dialog.is_running  # choosing starts nothing
    assert dialog.export_button.isVisible()
    dialog.export_button.click()
    qtbot.waitUntil(lambda: not dialog.is_running, timeout=WAIT)


def page_width(path: Path) -> float:
    return float(PdfReader(io.BytesIO(path.read_bytes())).pages[0].mediabox.width)


def test_the_blank_forms_are_saved_on_the_chosen_paper_and_the_folder_opens(
    qtbot: QtBot, window: MainWindow, out: Path
) -> None:
    assert window.workshop is not None
    dialog = trigger(window, "blank_forms")
    assert dialog.windowTitle() == "Blank forms"
    dialog.page.setCurrentIndex(dialog.page.findData(PageSize.LETTER.value))

    write_into(qtbot, dialog, out)

    names = window.services.forms.blank_file_names(window.workshop.id)
    assert [path.name for path in dialog.written] == list(names)
    assert sorted(out.iterdir()) == sorted(dialog.written)
    assert [dialog.files.item(row).text() for row in range(dialog.files.count())] == list(names)
    assert dialog.status_label.text() == "Done: both forms saved, laid out for Letter paper."
    code = window.workshop.code
    kinds = [read_form(path, code).stamp.kind for path in dialog.written]
    assert kinds == [FormKind.REGISTRATION, FormKind.CARD_AUTHORIZATION]
    assert page_width(dialog.written[0]) == pytest.approx(8.5 * 72, abs=0.5)
    assert window.services.settings.get(PAGE_SETTING) == "Letter"  # the next time's paper
    assert dialog.open_button.isVisible() and dialog.open_button.text() == "&Open folder"
    if os.environ.get("ESCADESK_SCREENSHOTS"):
        snapshot(dialog, Path(os.environ["ESCADESK_SCREENSHOTS"]) / "blank_forms_done.png")
    dialog.open_button.click()
    assert dialog.opener.calls == [("open", out)]


def test_the_paper_chosen_last_is_offered_first(window: MainWindow) -> None:
    window.services.settings.set(PAGE_SETTING, "A4")
    dialog = trigger(window, "blank_forms")
    assert dialog.chosen_page() is PageSize.A4
    dialog.reject()


def _delegates_to_invite(window: MainWindow) -> tuple[set[str], int]:
    assert window.workshop is not None
    services = window.services
    registered = services.registrations.registered_emails(window.workshop.id)
    emails = {entry.email for entry in services.delegates.entries(window.workshop.id)}
    invited = {email for email in emails if email.casefold() not in registered}
    return invited, len(emails) - len(invited)


def test_one_invitation_draft_per_delegate_not_registered_yet(
    qtbot: QtBot, window: MainWindow, out: Path
) -> None:
    invited, registered = _delegates_to_invite(window)
    assert len(invited) >= 5 and registered >= 5  # the demo has both kinds
    dialog = trigger(window, "invitations")
    assert dialog.per_delegate.isChecked()

    write_into(qtbot, dialog, out)

    assert dialog.drafts is not None
    assert len(dialog.written) == len(invited) == dialog.drafts.invited
    assert dialog.status_label.text() == (
        f"Done: {len(invited)} drafts saved, one for each of {len(invited)} delegates. "
        f"{registered} delegates on the list registered already and were left out."
    )
    recipients = set()
    for path in dialog.written:
        email = message_from_bytes(path.read_bytes(), policy=policy.default)
        recipients.add(str(email["To"]).rsplit("<", 1)[-1].rstrip(">"))
        attached = [part.get_filename() for part in email.iter_attachments()]
        assert attached == list(window.services.forms.blank_file_names(window.workshop.id))
    assert recipients == invited
    if os.environ.get("ESCADESK_SCREENSHOTS"):
        snapshot(dialog, Path(os.environ["ESCADESK_SCREENSHOTS"]) / "invitations_done.png")


def test_one_invitation_for_all_with_the_delegates_in_bcc(
    qtbot: QtBot, window: MainWindow, out: Path
) -> None:
    invited, _registered = _delegates_to_invite(window)
    dialog = trigger(window, "invitations")
    dialog.one_for_all.click()

    write_into(qtbot, dialog, out)

    (path,) = dialog.written
    email = message_from_bytes(path.read_bytes(), policy=policy.default)
    assert len(email["Bcc"].addresses) == len(invited)
    assert dialog.status_label.text().startswith(
        f"Done: one draft to {len(invited)} delegates (in Bcc) saved."
    )


def test_without_a_delegate_list_the_invitation_says_so_and_writes_nothing(
    qtbot: QtBot, window: MainWindow, out: Path
) -> None:
    from escadesk.services.demo import announcement_workshop

    other = window.services.workshops.create(replace(announcement_workshop(), code="NEXT-2019"))
    window.reload_workshops(other)
    qtbot.waitUntil(lambda: window.workshop is not None and window.workshop.id == other)
    dialog = trigger(window, "invitations")

    write_into(qtbot, dialog, out)

    assert dialog.error.isVisible()
    assert dialog.error.text().startswith("Nothing was written: No delegate list has been")
    assert list(out.iterdir()) == []
    assert dialog.export_button.text() == "&Try again"
