"""Renders ``carteira_gui/resources/icons/app.svg`` to a 256-pixel PNG: the Windows/macOS icon of the frozen app.

PyInstaller turns the PNG into ``.ico``/``.icns`` itself (with Pillow, which the lock file installs).
Usage: ``python packaging/app_icon.py OUT.png``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

SVG = Path(__file__).resolve().parents[1] / "carteira_gui" / "resources" / "icons" / "app.svg"


def render(out: Path, size: int = 256) -> Path:
    """Draw the SVG into a transparent ``size``×``size`` PNG at ``out``."""
    app = QGuiApplication.instance() or QGuiApplication(["app_icon", "-platform", "offscreen"])
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    QSvgRenderer(str(SVG)).render(painter)
    painter.end()
    out.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(out)):  # the format follows the suffix
        raise SystemExit(f"could not write {out}")
    del app
    return out


if __name__ == "__main__":
    print(render(Path(sys.argv[1])))
