"""Where the window's resources are (SVG icons, translations) and the colours of the alert levels."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtGui import QColor, QIcon

from carteira_gui.domain.model import Nivel

#: ``carteira_gui/resources/``: inside the package, so that a wheel or a frozen app carries it.
RESOURCES = Path(__file__).resolve().parents[1] / "resources"
ICONS = RESOURCES / "icons"
TRANSLATIONS = RESOURCES / "translations"

#: Strong colour of each level (text, icon) and a light tint for row backgrounds.
LEVEL_COLORS: dict[str, str] = {Nivel.CRITICO: "#c62828", Nivel.ATENCAO: "#b45309", Nivel.INFO: "#1565c0"}
LEVEL_TINTS: dict[str, str] = {Nivel.CRITICO: "#fde8e8", Nivel.ATENCAO: "#fff3dc", Nivel.INFO: "#e8f0fb"}
LEVEL_ICONS: dict[str, str] = {Nivel.CRITICO: "critico", Nivel.ATENCAO: "atencao", Nivel.INFO: "info"}


@cache
def icon(name: str) -> QIcon:
    """The SVG icon ``carteira_gui/resources/icons/<name>.svg`` (an empty icon when the file is missing)."""
    path = ICONS / f"{name}.svg"
    return QIcon(str(path)) if path.exists() else QIcon()


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
