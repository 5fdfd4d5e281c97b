"""A field's own label: how a keyboard user reaches a field and a screen reader names it.

Issue 16 (item 4): a caption beside a field was only text, so Alt+letter did nothing
and a screen reader announced "edit text" with no name. A label made here is the field's
buddy (Alt and the letter after ``&`` move the focus to the field) and gives the field
its accessible name, which Qt reads on every platform (on Linux a combo box otherwise
announces its value as its name).
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget


def plain(text: str) -> str:
    """``"Charge &date:"`` as said aloud: ``"Charge date"`` (no mnemonic, colon or star)."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip(" :*")


def buddy_label(
    text: str, field: QWidget, name: str | None = None, object_name: str | None = None
) -> QLabel:
    """A label showing ``text`` (with its ``&`` letter) whose buddy is ``field``; the
    field is named ``name``, else the label's words."""
    label = QLabel(text)
    label.setBuddy(field)
    if object_name:
        label.setObjectName(object_name)
    field.setAccessibleName(name or plain(text))
    return label
