"""Certificates of destruction: what was erased, when and why, ready to send.

The text comes from the vault service and holds no card data; saving writes it as a
plain-text file the director can attach to an e-mail.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from escadesk.services.vault import VaultError
from escadesk.ui.formatting import local_time

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from escadesk.services.container import Services

ERASURE_ROLE = Qt.ItemDataRole.UserRole + 1


def certificate_file_name(organization: str, certificate_number: str) -> str:
    """'Certificate of destruction - Andes AgriFood Alliance - KQXF-MBTR.txt'."""
    safe = "".join(c for c in organization if c.isalnum() or c in " -_&.").strip()
    return f"Certificate of destruction - {safe} - {certificate_number[:9]}.txt"


class CertificatesDialog(QDialog):
    def __init__(
        self,
        services: Services,
        workshop_id: int,
        zone: ZoneInfo,
        select_erasure: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self.setWindowTitle("Certificates of destruction")
        self.resize(880, 560)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Each erasure of a card authorization leaves a certificate: what was destroyed, "
            "when, why and by whom. Certificates contain no card data."
        )
        intro.setWordWrap(True)
        intro.setObjectName("muted")
        layout.addWidget(intro)
        row = QHBoxLayout()
        self.erasures = QListWidget()
        self.erasures.setMinimumWidth(300)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        mono = QFont("DejaVu Sans Mono")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.text.setFont(mono)
        row.addWidget(self.erasures, 2)
        row.addWidget(self.text, 5)
        layout.addLayout(row, 1)
        self.empty = QLabel("No card authorization of this workshop has been erased.")
        self.empty.setObjectName("muted")
        layout.addWidget(self.empty)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.save_button = QPushButton("Save as text…")
        self.save_button.setAutoDefault(False)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.save_button.clicked.connect(self.choose_file_and_save)
        layout.addWidget(buttons)
        self.erasures.currentItemChanged.connect(self._show_selected)
        for erasure in services.vault.erasures(workshop_id):
            item = QListWidgetItem(
                f"{erasure.organization}\n{local_time(erasure.erased_at, zone)} — "
                f"{'everything' if erasure.scope.value == 'full' else 'code and scan'}"
                f"{'' if erasure.status == 'complete' else ' (' + erasure.status + ')'}"
            )
            item.setData(ERASURE_ROLE, erasure.id)
            self.erasures.addItem(item)
            if erasure.id == select_erasure:
                self.erasures.setCurrentItem(item)
        if self.erasures.currentItem() is None and self.erasures.count():
            self.erasures.setCurrentRow(self.erasures.count() - 1)
        has_any = self.erasures.count() > 0
        self.empty.setVisible(not has_any)
        self.save_button.setEnabled(has_any)

    def selected_erasure(self) -> int | None:
        item = self.erasures.currentItem()
        return None if item is None else int(item.data(ERASURE_ROLE))

    def _show_selected(self) -> None:
        erasure_id = self.selected_erasure()
        if erasure_id is None:
            self.text.clear()
            return
        try:
            self.text.setPlainText(self._services.vault.certificate_text(erasure_id))
        except VaultError as error:  # e.g. an erasure still pending
            self.text.setPlainText(str(error))

    def suggested_name(self) -> str:
        erasure_id = self.selected_erasure()
        if erasure_id is None:
            return "Certificate of destruction.txt"
        erasure = self._services.vault.erasure(erasure_id)
        return certificate_file_name(erasure.organization, erasure.certificate_number)

    def save_to(self, path: Path) -> Path:
        """Write the shown certificate (UTF-8 text); returns the path written."""
        path.write_text(self.text.toPlainText() + "\n", encoding="utf-8")
        return path

    def choose_file_and_save(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self,
            "Save certificate of destruction",
            str(Path.home() / self.suggested_name()),
            "Text files (*.txt)",
        )
        if name:
            self.save_to(Path(name))
