"""The delegate-list import: preview in the background, then import all or nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from escadesk.app import AppConfig, Services, build_services
from escadesk.services.clock import FixedClock
from escadesk.services.demo import DEMO_TODAY, seed_demo
from escadesk.ui.delegate_import_dialog import NOTHING_IMPORTED, DelegateImportDialog

HEADER = "E-mail,Name,Organization,Country\n"


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Services]:
    """Real services on an empty database in this test's folder; closed afterwards."""
    built = build_services(
        AppConfig.resolve(data_dir=tmp_path / "data"), clock=FixedClock(DEMO_TODAY)
    )
    try:
        yield built
    finally:
        built.close()


@pytest.fixture
def workshop_id(services: Services) -> int:
    """The demo workshop, whose list already holds 13 delegates."""
    return seed_demo(services)


def write_csv(folder: Path, name: str, rows: list[str]) -> Path:
    path = folder / name
    path.write_text(HEADER + "".join(row + "\n" for row in rows), encoding="utf-8")
    return path


def open_dialog(qtbot, services: Services, workshop_id: int, path: Path) -> DelegateImportDialog:
    dialog = DelegateImportDialog(services, workshop_id, path=path)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: not dialog.is_busy, timeout=10_000)
    return dialog


def problem_lines(dialog: DelegateImportDialog) -> list[str]:
    return [dialog.problems_list.item(i).text() for i in range(dialog.problems_list.count())]


def test_a_good_list_is_previewed_and_imported(qtbot, services, workshop_id, tmp_path):
    path = write_csv(
        tmp_path,
        "delegates.csv",
        [
            "wei.chen@prict.example,Wei Chen,Pearl River ICT Cluster,China",  # already listed
            "new.one@cluster.example,New One,Cluster One,Canada",
            "new.two@cluster.example,New Two,Cluster Two,Germany",
        ],
    )
    before = services.delegates.count(workshop_id)

    dialog = open_dialog(qtbot, services, workshop_id, path)

    assert dialog.summary_label.text() == "3 delegates: 2 new, 1 already on the list"
    assert dialog.records_model.rowCount() == 3
    model = dialog.records_model
    assert [model.index(1, c).data() for c in range(5)] == [
        "3",
        "new.one@cluster.example",
        "New One",
        "Cluster One",
        "Canada",
    ]
    assert not dialog.problems_box.isVisible()
    assert dialog.import_button.isEnabled()
    assert services.delegates.count(workshop_id) == before  # a preview stores nothing

    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)

    assert dialog.imported_count == 3
    assert services.delegates.count(workshop_id) == before + 2


def test_a_list_with_a_bad_email_lists_the_row_and_imports_nothing(
    qtbot, services, workshop_id, tmp_path
):
    path = write_csv(
        tmp_path,
        "delegates.csv",
        [
            "new.one@cluster.example,New One,Cluster One,Canada",
            "not-an-address,Broken Row,Cluster Two,Germany",
            "new.three@cluster.example,New Three,Cluster Three,Spain",
        ],
    )
    before = services.delegates.count(workshop_id)

    dialog = open_dialog(qtbot, services, workshop_id, path)

    lines = problem_lines(dialog)
    assert len(lines) == 1
    assert lines[0].startswith("Row 3")
    assert "not-an-address" in lines[0]
    assert dialog.problems_box.isVisible()
    assert dialog.nothing_imported_label.isVisible()
    assert dialog.nothing_imported_label.text() == NOTHING_IMPORTED
    assert not dialog.import_button.isEnabled()

    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)  # disabled: no effect
    assert not dialog.is_busy
    assert dialog.isVisible()
    assert dialog.imported_count == 0
    assert services.delegates.count(workshop_id) == before


def test_an_unreadable_file_is_reported_without_a_row(qtbot, services, workshop_id, tmp_path):
    path = tmp_path / "delegates.csv"
    path.write_text(HEADER + '"unterminated@quote.example,Someone\n', encoding="utf-8")

    dialog = open_dialog(qtbot, services, workshop_id, path)

    assert problem_lines(dialog) and "quote" in problem_lines(dialog)[0]
    assert not dialog.import_button.isEnabled()
    assert not dialog.table.isVisible()


def test_choosing_a_fixed_file_replaces_the_preview(qtbot, services, workshop_id, tmp_path):
    bad = write_csv(tmp_path, "bad.csv", ["x@", "fine@cluster.example"])
    good = write_csv(tmp_path, "good.csv", ["x@cluster.example", "fine@cluster.example"])
    dialog = open_dialog(qtbot, services, workshop_id, bad)
    assert not dialog.import_button.isEnabled()

    dialog.start_preview(good)
    qtbot.waitUntil(lambda: not dialog.is_busy, timeout=10_000)

    assert not dialog.problems_box.isVisible()
    assert dialog.summary_label.text() == "2 delegates: 2 new, 0 already on the list"
    assert dialog.import_button.isEnabled()


def test_a_failing_preview_is_shown_inline(qtbot, services, workshop_id, tmp_path):
    path = write_csv(tmp_path, "delegates.csv", ["someone@cluster.example"])

    dialog = open_dialog(qtbot, services, workshop_id + 999, path)  # no such workshop

    assert dialog.error_label.isVisible()
    assert "There is no workshop" in dialog.error_label.text()
    assert not dialog.import_button.isEnabled()
    assert dialog.choose_button.isEnabled()
