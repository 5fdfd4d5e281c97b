"""Qt's own texts (standard buttons, file dialogs, context menus) in the window's language.

They come from the ``qtbase_<language>`` catalogue PySide6 ships. Qt 6 gave some of its
labels a mnemonic since that catalogue was translated (QFileDialog's "&Look in:" and
"Files of &type:" were "Look in:" and "Files of type:"), so they have no entry and would
show in English: such a text falls back to the entry of the same text without its "&"
(the French then has no mnemonic, which beats English).
"""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QObject, QTranslator


class QtTranslator(QTranslator):
    """``qtbase_<language>``, with the mnemonic fallback above."""

    def translate(
        self,
        context: str,
        source: str,
        disambiguation: str | None = None,
        n: int = -1,
    ) -> str | None:
        text = super().translate(context, source, disambiguation, n)
        if not text and "&" in source:
            text = super().translate(context, source.replace("&", ""), disambiguation, n)
        # None (a null string) when there is none: "" would count as a translation, and
        # every untranslated Qt text would come out empty (QImage reading fails, even).
        return text or None


def qt_translator(language: str, parent: QObject | None = None) -> QtTranslator | None:
    """Qt's catalogue for ``language`` ("fr"), or None when PySide6 has none."""
    translator = QtTranslator(parent)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    return translator if translator.load(f"qtbase_{language}", folder) else None
