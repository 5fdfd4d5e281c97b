"""Deleting a returned form's file once what it says is stored: zeroed, flushed, removed,
and the act audited without the file's content or name."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from escadesk.services import audit
from returned_forms_kit import CARD_VALUES, fill, write


def _summaries(services, workshop_id: int) -> list[str]:
    with services.context.database.reading() as session:
        return [line.summary for line in audit.recent(session, workshop_id)]


def test_a_returned_form_is_zeroed_then_removed_and_the_act_audited(
    services, workshop_id, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    card = services.forms.write_blank(workshop_id, tmp_path / "blank")[1]
    path = write(tmp_path / "returned card.pdf", fill(card.read_bytes(), CARD_VALUES))
    size = path.stat().st_size
    seen: list[bytes] = []
    unlink = Path.unlink

    def look_first(self: Path, *args, **kwargs) -> None:
        seen.append(self.read_bytes())  # what is left on the disk when it is removed
        unlink(self, *args, **kwargs)

    monkeypatch.setattr(Path, "unlink", look_first)

    services.forms.delete_returned(path, workshop_id)

    assert not path.exists()
    assert seen == [bytes(size)]
    (summary,) = [s for s in _summaries(services, workshop_id) if "returned form's file" in s]
    assert summary == (
        "A returned form's file was overwritten and deleted once its content was stored"
    )


def test_a_folder_or_a_link_is_not_deleted(services, workshop_id, tmp_path: Path) -> None:
    folder = tmp_path / "folder.pdf"
    folder.mkdir()
    target = write(tmp_path / "target.pdf", b"%PDF-1.7 kept")
    link = tmp_path / "link.pdf"
    os.symlink(target, link)

    for path in (folder, link, tmp_path / "missing.pdf"):
        with pytest.raises(OSError):
            services.forms.delete_returned(path, workshop_id)

    assert folder.is_dir() and link.is_symlink() and target.read_bytes() == b"%PDF-1.7 kept"
