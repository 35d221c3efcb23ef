"""The window speaks pt-BR only: our strings and Qt's own (standard buttons, file dialogs, message boxes).

Source strings are English (``tr()``); ``carteira_gui/resources/translations/carteira_pt_BR.qm`` turns them into
pt-BR, and Qt's ``qtbase_pt_BR.qm`` (shipped by PySide6, found through ``QLibraryInfo``) does the same for the
dialogs Qt draws itself. The domain, the command and the reports are written in pt-BR, so there is no other
language to offer: English was removed in 0.1.0 (CHANGELOG.md). A missing catalogue is an error at start
(``MissingResource``), never a window half in English.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from carteira_gui.gui.formatting import set_language
from carteira_gui.gui.resources import MissingResource, resource_dir

log = logging.getLogger(__name__)

#: The one language of the window.
LANGUAGE = "pt_BR"
#: Our catalogue (in ``carteira_gui/resources/translations``) and Qt's (in PySide6's translations folder).
OUR_CATALOGUE = "carteira_pt_BR"
QT_CATALOGUE = "qtbase_pt_BR"
#: One string of each catalogue, translated in the start-up log line so that support (and CI) can see that
#: the window is in pt-BR: (context, English source).
PROBES: dict[str, tuple[str, str]] = {
    OUR_CATALOGUE: ("MainWindow", "Fetch from Odoo"),
    QT_CATALOGUE: ("QPlatformTheme", "Cancel"),
}


def resolve_language(_setting: str | None = None) -> str:
    """Always ``pt_BR``: the only language. Kept for the settings dialog until its language choice goes."""
    return LANGUAGE


def qt_translations_dirs() -> list[Path]:
    """Where Qt's own ``.qm`` files may be: ``QLibraryInfo``'s folder first, then PySide6's (wheel, frozen app)."""
    import PySide6

    package = Path(PySide6.__file__).resolve().parent
    candidates = [
        Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
        package / "Qt" / "translations",  # Linux and macOS wheels, PyInstaller on Linux and macOS
        package / "translations",  # Windows wheels, PyInstaller on Windows
    ]
    seen: list[Path] = []
    for folder in candidates:
        if folder not in seen:
            seen.append(folder)
    return seen


def catalogue_path(name: str) -> Path:
    """The ``.qm`` file of ``name`` (``OUR_CATALOGUE`` or ``QT_CATALOGUE``); ``MissingResource`` if not found."""
    folders = [resource_dir("translations")] if name == OUR_CATALOGUE else qt_translations_dirs()
    for folder in folders:
        path = folder / f"{name}.qm"
        if path.is_file():
            return path
    raise MissingResource(f"a tradução {name}.qm não foi encontrada em {', '.join(map(str, folders))}")


def install_translations(app: QCoreApplication, _setting: str | None = None) -> list[QTranslator]:
    """Install Qt's pt-BR catalogue and ours and return them (the caller keeps them alive).

    Raises ``MissingResource`` when a catalogue is missing or cannot be read. ``_setting`` (the old language
    setting) is ignored: the window is pt-BR only.
    """
    set_language(LANGUAGE)
    QLocale.setDefault(QLocale(QLocale.Language.Portuguese, QLocale.Country.Brazil))
    installed: list[QTranslator] = []
    found: list[str] = []
    # Qt's strings first, then ours: the translator installed last is asked first.
    for name in (QT_CATALOGUE, OUR_CATALOGUE):
        translator = QTranslator(app)
        try:
            path = catalogue_path(name)
            if not translator.load(str(path)) or translator.isEmpty():
                raise MissingResource(f"a tradução {path} não pôde ser lida")
        except MissingResource:
            remove_translations(app, installed)  # all or nothing
            raise
        app.installTranslator(translator)
        installed.append(translator)
        context, source = PROBES[name]
        found.append(f'{path.name} from {path.parent} ("{source}" → "{translator.translate(context, source)}")')
    log.info("translations: %s", "; ".join(found))
    return installed


def remove_translations(app: QCoreApplication, translators: list[QTranslator]) -> None:
    """Uninstall translators installed by ``install_translations``."""
    for translator in translators:
        app.removeTranslator(translator)
    set_language(LANGUAGE)
