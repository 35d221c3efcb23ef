"""Loading the translations: pt-BR by default (our strings and Qt's own), English when the settings say so.

Source strings are English (``tr()``); ``carteira_gui/resources/translations/carteira_pt_BR.qm`` turns them into pt-BR.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from carteira_gui.gui.formatting import set_language
from carteira_gui.gui.resources import TRANSLATIONS

log = logging.getLogger(__name__)


def resolve_language(setting: str | None) -> str:
    """``en`` when the setting asks for English (``en``, ``en_US``...), else ``pt_BR``."""
    return "en" if (setting or "").lower().startswith("en") else "pt_BR"


def install_translations(app: QCoreApplication, setting: str | None) -> list[QTranslator]:
    """Install the translators of the chosen language and return them (the caller keeps them alive)."""
    language = resolve_language(setting)
    set_language(language)
    if language == "en":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        return []
    QLocale.setDefault(QLocale(QLocale.Language.Portuguese, QLocale.Country.Brazil))
    installed: list[QTranslator] = []
    # Qt's own strings first (standard buttons, file dialogs), then ours.
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name, folder in (("qtbase_pt_BR", qt_dir), ("carteira_pt_BR", str(TRANSLATIONS))):
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            installed.append(translator)
        else:
            log.warning("translation %s not found in %s; showing the English texts", name, folder)
    return installed


def remove_translations(app: QCoreApplication, translators: list[QTranslator]) -> None:
    """Uninstall translators installed by ``install_translations``."""
    for translator in translators:
        app.removeTranslator(translator)
    set_language("pt_BR")
