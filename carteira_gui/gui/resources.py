"""Where the window's resources are (SVG icons, translations) and the colours of the alert levels.

The files live inside the package ``carteira_gui.resources`` (``icons/*.svg``, ``translations/*.qm``) and are
found through ``importlib.resources``, so an editable install, a wheel and the PyInstaller folder all carry
them. A missing file is an error (``MissingResource``) when the window starts, never a window without icons.
"""

from __future__ import annotations

import logging
from functools import cache
from importlib.resources import files
from pathlib import Path

from PySide6.QtGui import QColor, QGuiApplication, QIcon

from carteira_gui.domain.model import Nivel

log = logging.getLogger(__name__)

#: The package that holds the resources (``carteira_gui/resources/`` in the source tree).
PACKAGE = "carteira_gui.resources"


class MissingResource(RuntimeError):
    """A file the window needs (an icon, a translation, a Qt plugin) is not where the program looks for it."""

    def __init__(self, what: str) -> None:
        super().__init__(
            f"Carteira Sync está incompleto: {what}. A janela não foi aberta; reinstale o programa "
            "(pip install carteira-sync, ou o instalador)."
        )


def resource_dir(name: str) -> Path:
    """The folder ``name`` of ``carteira_gui.resources`` on disk (Qt reads files by path).

    Raises ``MissingResource`` when the folder is not there, or when the package is not made of files (a zip).
    """
    folder = files(PACKAGE) / name
    if not isinstance(folder, Path):
        raise MissingResource(f"os recursos de {PACKAGE} não estão em arquivos comuns ({folder})")
    if not folder.is_dir():
        raise MissingResource(f"a pasta {folder} não existe")
    return folder


#: ``carteira_gui/resources/icons`` and ``.../translations`` (resolved at import; checked when used).
ICONS = Path(str(files(PACKAGE) / "icons"))
TRANSLATIONS = Path(str(files(PACKAGE) / "translations"))

#: Strong colour of each level (text, icon) and a light tint for row backgrounds.
LEVEL_COLORS: dict[str, str] = {Nivel.CRITICO: "#c62828", Nivel.ATENCAO: "#b45309", Nivel.INFO: "#1565c0"}
LEVEL_TINTS: dict[str, str] = {Nivel.CRITICO: "#fde8e8", Nivel.ATENCAO: "#fff3dc", Nivel.INFO: "#e8f0fb"}
LEVEL_ICONS: dict[str, str] = {Nivel.CRITICO: "critico", Nivel.ATENCAO: "atencao", Nivel.INFO: "info"}


@cache
def check_icons() -> Path:
    """Check once that the icons are there and that Qt can draw an SVG; log where they were found.

    Raises ``MissingResource`` when the folder is missing or empty, or when Qt's SVG plugins are missing (an
    icon would then be blank). Returns the icons folder.
    """
    folder = resource_dir("icons")
    svgs = sorted(folder.glob("*.svg"))
    if not svgs:
        raise MissingResource(f"nenhum ícone .svg em {folder}")
    renders = "not checked (no QGuiApplication)"
    if QGuiApplication.instance() is not None:
        pixmap = QIcon(str(svgs[0])).pixmap(16, 16)
        if pixmap.isNull():
            raise MissingResource(f"o Qt não desenha SVG (faltam os plugins iconengines/imageformats): {svgs[0]}")
        renders = "yes"
    log.info("resources: %d SVG icons in %s (SVG drawn: %s)", len(svgs), folder, renders)
    return folder


@cache
def icon(name: str) -> QIcon:
    """The SVG icon ``carteira_gui/resources/icons/<name>.svg``; ``MissingResource`` when it is not there."""
    path = check_icons() / f"{name}.svg"
    if not path.is_file():
        raise MissingResource(f"o ícone {path} não existe")
    return QIcon(str(path))


def level_icon(nivel: str | None) -> QIcon:
    """The icon of an alert level; the neutral icon when there is no alert."""
    if nivel is None:
        return QIcon()
    return icon(LEVEL_ICONS.get(nivel, "info"))


@cache
def level_color(nivel: str) -> QColor:
    """The strong colour of an alert level."""
    return QColor(LEVEL_COLORS.get(nivel, "#37474f"))


@cache
def level_tint(nivel: str) -> QColor:
    """The light background tint of an alert level."""
    return QColor(LEVEL_TINTS.get(nivel, "#ffffff"))
