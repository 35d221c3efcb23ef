"""The PyInstaller spec's helpers that only Windows and macOS builds run, run here too."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parents[2]


def test_the_app_icon_renders_from_the_svg(tmp_path: Path) -> None:
    out = tmp_path / "app.png"
    subprocess.run([sys.executable, str(ROOT / "packaging" / "app_icon.py"), str(out)], check=True, timeout=60)
    image = QImage(str(out))
    assert (image.width(), image.height()) == (256, 256)
    assert image.hasAlphaChannel()
    assert image.pixelColor(128, 128).alpha() == 255  # drawn, not blank
    assert image.pixelColor(0, 0).alpha() == 0  # rounded corner: transparent


def test_the_spec_is_written_for_every_system_and_carries_what_is_read_from_disk() -> None:
    spec = (ROOT / "packaging" / "carteira-sync.spec").read_text(encoding="utf-8")
    for needed in ('"icons/*.svg"', '"translations/*.qm"', '"migrations/versions/*.py"', '"migrations/env.py"'):
        assert needed in spec
    assert 'sys.platform == "win32"' in spec
    assert 'sys.platform == "darwin"' in spec
    assert "BUNDLE(" in spec
