"""View > Language: English, Français, or the system's language, remembered in the data
folder (i18n/locales.py) so the window and the command line share it.

The choice applies at the next start, and says so in the chosen language: the window's
texts are made once, where each widget is built (dialogs, the desk's headers, the letters
already listed), so switching them in place would leave a mix of both languages until
every part could retranslate itself; a restart gives one language everywhere.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu

from escadesk.i18n import Translator, _, current_locale, locales
from escadesk.ui.actions.area import ActionArea, Place, always

if TYPE_CHECKING:
    from escadesk.ui.window_api import MainWindowApi

#: The choices, each language named in itself (a reader of the other language must find
#: their own); None follows the system.
CHOICES: tuple[tuple[str, str | None], ...] = (("English", "en_CA"), ("Français", "fr_CA"))


class LanguageActions(ActionArea):
    def __init__(self, window: MainWindowApi, data_dir: Path) -> None:
        super().__init__(window)
        self._start_folder = data_dir
        parent = window.window()
        action = QAction(_("&Language"), parent)
        menu = QMenu(parent)
        menu.setTitle(_("Language"))
        group = QActionGroup(parent)
        group.setExclusive(True)
        self.choices: dict[str | None, QAction] = {}
        for text, locale in (*CHOICES, (_("Same as the system"), None)):
            choice = QAction(text, parent)
            choice.setCheckable(True)
            choice.triggered.connect(lambda _checked=False, chosen=locale: self.choose(chosen))
            group.addAction(choice)
            menu.addAction(choice)
            self.choices[locale] = choice
        menu.aboutToShow.connect(self._check_current)
        action.setMenu(menu)
        self.menu = menu
        self.adopt("language", action, enabled=always, menu=Place("view", 2, 0))

    def data_dir(self) -> Path:
        """The open data's folder (another may have been chosen since the start)."""
        try:
            return self.window.services.config.data_dir
        except RuntimeError:
            return self._start_folder

    def _check_current(self) -> None:
        chosen = locales.read_choice(self.data_dir())
        key = None if chosen is None else f"{chosen.partition('_')[0]}_CA"
        self.choices.get(key, self.choices[None]).setChecked(True)

    def choose(self, locale: str | None) -> None:
        """Remember the choice; say, in the language chosen, when it applies."""
        folder = self.data_dir()
        try:
            locales.write_choice(folder, locale)
        except OSError as error:
            self.window.messages.warn(
                _("Language"),
                _("The language could not be remembered in {folder}: {error}").format(
                    folder=folder, error=error.strerror or error
                ),
            )
            return
        upcoming = locales.resolve(folder, system=QLocale.system().name())
        if upcoming.partition("_")[0] == current_locale().partition("_")[0]:
            return  # already speaking it: nothing changes
        language = Translator(upcoming)
        self.window.messages.inform(
            language.gettext("Language"),
            language.gettext("The language will be applied the next time escadesk starts."),
        )
