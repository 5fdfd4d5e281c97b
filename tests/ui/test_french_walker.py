"""The French walker (issue 21): started in French on the demo data, no screen shows an
English text, and every window still fits 1280×720.

The window is built under ``set_locale("fr_CA")`` with Qt's own French (``qtbase_fr``),
unlocked, then every command of the menu bar is triggered in turn (the desk's next-step
buttons name the same commands: ui/main_window.py ``open_next_step``); each window it
opens (dialogs, message boxes, wizards: every tab of their tab widgets) is read, then
closed; file choosers are closed unread (Qt's own, translated by ``qtbase_fr``).
Commands that end the session or change the data at once (quit, lock, the language) are
not triggered.

Every visible text is collected: labels, buttons, check boxes, group boxes, tab titles,
menu items, table headers, placeholders and window titles. A text fails when it is

- an English message of the catalogue shown as is (its French exists), or
- English not in the catalogue at all: a word only English uses (the catalogue's English
  words that its French never uses, and common English words).

Data is not English to translate: the words of every text stored in the demo database
(organizations, people, countries, codes, the audit log's legal English) and tokens with
digits, "@" or "/" (amounts, dates, e-mails, paths) are removed before the check; a letter
shown as it goes out is in its organization's language (widgets with the
``organizationLanguage`` property are skipped).

The findings are printed per window (``-s``) and the test fails with their count per
window, so the helpers translating the window can work from it:

    python3 run.py pytest tests/ui/test_french_walker.py -q
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QSize, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QApplication,
    QComboBox,
    QDialog,
    QFileDialog,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QTabWidget,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot
from sqlalchemy import String, Text, inspect, select
from uihelpers import make_services, open_window, unlock

from escadesk.app import Services
from escadesk.i18n import set_locale
from escadesk.i18n.catalogue import po_path
from escadesk.services.demo import DEMO_PASSPHRASE, seed_demo
from escadesk.storage.models import Base
from escadesk.ui.main_window import MainWindow
from escadesk.ui.qt_translations import qt_translator
from escadesk.ui.workers import jobs_running

#: Commands not triggered: they end the session, lock it, or change the language.
NOT_TRIGGERED = frozenset({"quit", "lock", "language"})
#: Texts shown as they are in both languages: a language named in itself, the app's name.
SAME_IN_BOTH = frozenset({"English", "Français", "escadesk", "OK"})
#: Common English words that French never uses (the catalogue's English adds the rest).
ENGLISH_WORDS = frozenset(
    [
        "the",
        "and",
        "of",
        "to",
        "for",
        "with",
        "from",
        "this",
        "that",
        "these",
        "those",
        "your",
        "you",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "will",
        "would",
        "can",
        "could",
        "should",
        "not",
        "no",
        "yes",
        "all",
        "any",
        "each",
        "every",
        "what",
        "which",
        "who",
        "when",
        "where",
        "how",
        "why",
        "there",
        "here",
        "into",
        "onto",
        "out",
        "over",
        "under",
        "after",
        "before",
        "about",
        "file",
        "open",
        "save",
        "cancel",
        "close",
        "delete",
        "edit",
        "new",
        "add",
        "remove",
        "show",
        "hide",
        "choose",
        "select",
        "search",
        "find",
        "help",
        "view",
        "settings",
        "back",
        "next",
        "previous",
        "finish",
        "done",
        "none",
        "loading",
        "please",
        "registration",
        "registrations",
        "workshop",
        "organization",
        "organizations",
        "card",
        "cards",
        "payment",
        "export",
        "import",
        "letter",
        "letters",
        "invoice",
        "invoices",
        "report",
        "reports",
        "unlock",
        "locked",
    ]
)
#: Words French writes as English does (the catalogue's French may not use them yet);
#: one word each (a frozenset of one long string would hold its letters).
BOTH_LANGUAGES = frozenset(
    [
        "places",
        "date",
        "dates",
        "total",
        "note",
        "notes",
        "service",
        "services",
        "article",
        "type",
        "types",
        "code",
        "codes",
        "question",
        "questions",
        "action",
        "actions",
        "options",
        "option",
        "message",
        "messages",
        "format",
        "minute",
        "minutes",
        "description",
        "document",
        "documents",
        "information",
        "position",
        "client",
        "local",
        "national",
        "international",
        "normal",
        "final",
        "simple",
        "global",
        "contact",
        "contacts",
    ]
)
SCREEN = QSize(1280, 720)
SETTLE_MS = 60_000


@dataclass
class Findings:
    """English texts per window; windows that do not fit 1280×720."""

    english: dict[str, list[str]] = field(default_factory=dict)
    too_big: dict[str, tuple[int, int]] = field(default_factory=dict)
    windows: list[str] = field(default_factory=list)
    texts: int = 0

    def report(self) -> str:
        lines = [f"{len(self.windows)} windows read, {self.texts} texts"]
        for window, texts in self.english.items():
            lines.append(f"{window}: {len(texts)} English text(s)")
            lines.extend(f"    {text}" for text in texts)
        for window, (width, height) in self.too_big.items():
            lines.append(f"{window}: {width}×{height} does not fit 1280×720")
        return "\n".join(lines)


class Catalogue:
    """The French catalogue read by Babel: which English texts have a French of their
    own, and the words each language uses."""

    def __init__(self) -> None:
        from babel.messages.pofile import read_po

        with po_path("fr_CA").open("rb") as handle:
            catalogue = read_po(handle)
        self.translated: set[str] = set()
        self.templates: list[re.Pattern[str]] = []
        english_words: set[str] = set()
        french_words: set[str] = set(BOTH_LANGUAGES)
        same: set[str] = set()
        for message in catalogue:
            if not message.id:
                continue
            sources = [message.id] if isinstance(message.id, str) else list(message.id)
            strings = [message.string] if isinstance(message.string, str) else message.string
            for source in sources:
                english_words |= _words(_placeholders_out(source))
                shown = _shown(source)
                if any(_shown(s) == shown for s in strings if s):
                    same.add(shown)  # French writes it the same way ("Net", "Total")
                elif "{" not in source:
                    self.translated.add(shown)
                elif len(re.sub(r"\{[^{}]*\}|\W", "", shown)) >= 4:
                    self.templates.append(_template(shown))  # enough words to tell
            for string in strings:
                french_words |= _words(_placeholders_out(string or ""))
        self.english_only = (english_words | ENGLISH_WORDS) - french_words
        self.translated -= same

    def untranslated(self, text: str) -> bool:
        shown = _shown(text)
        return shown in self.translated or any(t.fullmatch(shown) for t in self.templates)


def _shown(text: str) -> str:
    """A text as compared: no mnemonic "&", one space, no trailing colon or ellipsis."""
    text = re.sub(r"&(?=[^&\s])", "", text).replace("&&", "&")
    text = " ".join(text.split())
    return text.rstrip(":…").rstrip(". ").strip()


def _placeholders_out(text: str) -> str:
    return re.sub(r"\{[^{}]*\}|%\(\w+\)[sd]|%[sd]", " ", text)


def _template(shown: str) -> re.Pattern[str]:
    parts = re.split(r"\{[^{}]*\}", shown)
    return re.compile(".+?".join(re.escape(part) for part in parts), re.DOTALL)


_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*", re.UNICODE)


def _words(text: str) -> set[str]:
    return {word.casefold() for word in _WORD.findall(text) if len(word) >= 3}


def _demo_data(services: Services) -> tuple[set[str], set[str]]:
    """Every text the demo database holds (whole, and its words)."""
    values: set[str] = set()
    with services.context.database.reading() as session:
        for table in Base.metadata.sorted_tables:
            columns = [c for c in table.columns if isinstance(c.type, (String, Text))]
            if not columns or table.name not in inspect(session.bind).get_table_names():
                continue
            for row in session.execute(select(*columns)):
                values.update(str(value) for value in row if value)
    words: set[str] = set()
    for value in values:
        words |= _words(value)
    return values, words


class FrenchWalk:
    def __init__(self, qtbot: QtBot, window: MainWindow, catalogue: Catalogue) -> None:
        self.qtbot = qtbot
        self.window = window
        self.catalogue = catalogue
        self.findings = Findings()
        self.data, self.data_words = _demo_data(window.services)

    # -- judging texts ---------------------------------------------------------------------

    def english(self, text: str) -> bool:
        return bool(self.why_english(text))

    def why_english(self, text: str) -> str:
        """Why ``text`` reads as English ("" when it does not): the catalogue's message
        left as is, or the English words found (acronyms such as HST or PNG count as
        neither language)."""
        shown = _shown(text)
        if not shown or shown in SAME_IN_BOTH or shown in self.data:
            return ""
        if self.catalogue.untranslated(shown):
            return "catalogue message, French not shown"
        tokens = [t for t in shown.split() if not re.search(r"[\d@/\\]", t) and not t.isupper()]
        words = _words(" ".join(tokens)) - self.data_words
        english = sorted(words & self.catalogue.english_only)
        return f"English words: {', '.join(english)}" if english else ""

    def read(self, widget: QWidget, name: str) -> None:
        """Judge every visible text of ``widget`` (every tab), and its size."""
        QApplication.processEvents()
        self.findings.windows.append(name)
        texts = list(self._texts(widget))
        for tabs in widget.findChildren(QTabWidget):
            if tabs.isVisibleTo(widget):
                shown = tabs.currentIndex()
                for index in range(tabs.count()):
                    tabs.setCurrentIndex(index)
                    QApplication.processEvents()
                    texts += self._texts(tabs.widget(index))
                tabs.setCurrentIndex(shown)
        self.findings.texts += len(texts)
        found = sorted({f"{t!r} ({why})" for t in texts if (why := self.why_english(t))})
        if found:
            self.findings.english.setdefault(name, []).extend(found)
        if widget is not self.window:
            self._fits(widget, name)

    def _fits(self, widget: QWidget, name: str) -> None:
        hint = widget.sizeHint().expandedTo(widget.minimumSize())
        if hint.width() <= SCREEN.width() and hint.height() <= SCREEN.height():
            return
        least = widget.minimumSizeHint().expandedTo(widget.minimumSize())
        scrolls = any(area.isVisibleTo(widget) for area in widget.findChildren(QAbstractScrollArea))
        if scrolls and least.width() <= SCREEN.width() and least.height() <= SCREEN.height():
            return
        self.findings.too_big[name] = (hint.width(), hint.height())

    def _texts(self, root: QWidget) -> Iterator[str]:
        yield root.windowTitle()
        for widget in [root, *root.findChildren(QWidget)]:
            if not widget.isVisibleTo(root) and widget is not root:
                continue
            if widget.property("organizationLanguage"):
                continue  # a letter's text, in its organization's language (ui/letters_dialog)
            if isinstance(widget, QLabel):
                yield (
                    widget.text()
                    if widget.textFormat() != Qt.TextFormat.RichText
                    else (re.sub(r"<[^>]+>", " ", widget.text()))
                )
            elif isinstance(widget, QAbstractButton):
                yield widget.text()
            elif isinstance(widget, QGroupBox):
                yield widget.title()
            elif isinstance(widget, QTabWidget):
                yield from (widget.tabText(i) for i in range(widget.count()))
            elif isinstance(widget, (QLineEdit, QPlainTextEdit, QTextEdit)):
                yield widget.placeholderText()
            elif isinstance(widget, QComboBox) and widget.isEditable() and widget.lineEdit():
                yield widget.lineEdit().placeholderText()
            elif isinstance(widget, QAbstractItemView):
                yield from self._headers(widget)
            if isinstance(widget, QMessageBox):
                yield widget.informativeText()

    @staticmethod
    def _headers(view: QAbstractItemView) -> Iterator[str]:
        model = view.model()
        if model is None:
            return
        header = getattr(view, "horizontalHeader", None) or getattr(view, "header", None)
        shown = header() if callable(header) else None
        if not isinstance(shown, QHeaderView) or not shown.isVisible():
            return
        for section in range(model.columnCount(QModelIndex())):
            if shown.isSectionHidden(section):
                continue
            value = model.headerData(section, Qt.Orientation.Horizontal)
            if isinstance(value, str):
                yield value

    def read_menus(self) -> None:
        texts: list[str] = []
        for action in self._menu_actions(self.window.menuBar().actions()):
            texts.append(action.text())
            texts.append(action.toolTip() if action.toolTip() != action.text() else "")
        for action in self.window.toolbar.actions():
            texts.append(action.text())
            texts.append(action.iconText())  # the toolbar button's (shorter) text
        found = sorted({f"{t!r} ({why})" for t in texts if (why := self.why_english(t))})
        self.findings.windows.append("Menus and toolbar")
        self.findings.texts += len(texts)
        if found:
            self.findings.english["Menus and toolbar"] = found

    def _menu_actions(self, actions: list[QAction]) -> Iterator[QAction]:
        for action in actions:
            if action.isSeparator():
                continue
            yield action
            menu = action.menu()
            if isinstance(menu, QMenu):
                menu.aboutToShow.emit()  # submenus filled when opened (Columns)
                yield from self._menu_actions(menu.actions())

    # -- walking the commands --------------------------------------------------------------

    def others(self) -> list[QWidget]:
        return [
            widget
            for widget in QApplication.topLevelWidgets()
            if widget.isVisible()
            and widget is not self.window
            and not isinstance(widget, QMenu)
            and widget.windowType() in (Qt.WindowType.Dialog, Qt.WindowType.Window)
        ]

    def trigger_all(self) -> None:
        keys = [
            key
            for key, action in self.window.actions_by_key.items()
            if key not in NOT_TRIGGERED and action.menu() is None
        ]
        for key in keys:
            action = self.window.action(key)
            if not (action.isVisible() and action.isEnabled()):
                continue
            action.trigger()
            self.settle()
            if not self.others():
                continue  # no window (find, refresh...)
            self.read_and_close(_shown(action.text()) or key)

    def settle(self) -> None:
        """Until the command's background work has landed, with whatever its callbacks
        open: the walk waits on the work itself, not on a clock (under a loaded machine
        a window could open after any fixed wait, and be read under the next command)."""
        for _round in range(3):  # a callback may start the next job
            self.qtbot.waitUntil(lambda: jobs_running() == 0, timeout=SETTLE_MS)
            QApplication.processEvents()

    def read_and_close(self, label: str) -> None:
        for _round in range(8):
            windows = self.others()
            if not windows:
                return
            for widget in windows:
                if isinstance(widget, QFileDialog):
                    widget.reject()
                    continue
                busy = getattr(widget, "is_busy", None)
                if busy is not None:
                    self.qtbot.waitUntil(lambda w=widget: not w.is_busy, timeout=20_000)
                name = f"{label} — {widget.windowTitle() or type(widget).__name__}"
                self.read(widget, name)
                if isinstance(widget, QDialog):
                    widget.done(int(QDialog.DialogCode.Rejected))
                else:
                    widget.close()
                QApplication.processEvents()


@pytest.fixture
def french(qapp) -> Iterator[None]:
    """French everywhere, Qt's own texts included, for one test."""
    set_locale("fr_CA")
    translator = qt_translator("fr")  # as the application installs it (ui/application.py)
    assert translator is not None
    qapp.installTranslator(translator)
    yield
    qapp.removeTranslator(translator)
    set_locale("en_CA")


@pytest.fixture
def french_window(qtbot: QtBot, qapp, french, tmp_path: Path) -> Iterator[MainWindow]:
    services = make_services(tmp_path / "data")
    seed_demo(services, vault_passphrase=DEMO_PASSPHRASE)
    try:
        window = open_window(qtbot, qapp, services)
        yield window
    finally:
        QApplication.processEvents()
        services.close()


@pytest.mark.timeout(600)  # every command of the window, one after the other
def test_french_walker_no_english_text_and_every_window_fits(
    qtbot: QtBot, french_window: MainWindow
) -> None:
    walk = FrenchWalk(qtbot, french_window, Catalogue())
    walk.read(french_window, "Unlock page")
    unlock(qtbot, french_window)
    walk.read(french_window, "Main window (desk)")
    walk.read_menus()
    walk.trigger_all()
    report = walk.findings.report()
    print("\n" + report)
    assert len(walk.findings.windows) >= 20, report
    assert walk.findings.english == {} and walk.findings.too_big == {}, report


def test_french_walker_catches_an_english_text_and_lets_data_through(
    qtbot: QtBot, french_window: MainWindow
) -> None:
    """The walker's judge itself: it can fail."""
    walk = FrenchWalk(qtbot, french_window, Catalogue())
    assert walk.english("&Save")  # a catalogue message left in English
    assert walk.english("Choose the columns of the table")  # English, in no catalogue
    assert not walk.english("Enregistrer")
    assert not walk.english("Contacts directs et information")  # French writes them too
    assert not walk.english("Northshore Photonics Cluster")  # the demo's data
    assert not walk.english("2 650,00 $")
    assert not walk.english("Français")
