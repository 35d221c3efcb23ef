"""``python main.py --demo --screenshot DIR``: the real program renders the README's pictures and exits."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parents[2]
PICTURES = (
    "carteira.png",
    "carteira-detalhe.png",
    "lotes.png",
    "plano.png",
    "confirmacao.png",
    "alertas.png",
    "historico.png",
)


def test_demo_screenshots_render_offscreen_at_1280_by_800(tmp_path: Path) -> None:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("CARTEIRA_")}
    environ.pop("QT_QPA_PLATFORM", None)  # the program must choose offscreen by itself
    environ["CARTEIRA_LOG_DIR"] = str(tmp_path / "log")
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--demo", "--screenshot", str(tmp_path / "shots")],
        cwd=tmp_path,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    for name in PICTURES:
        image = QImage(str(tmp_path / "shots" / name))
        assert (image.width(), image.height()) == (1280, 800), name
    log = (tmp_path / "log" / "carteira-gui.log").read_text(encoding="utf-8")
    assert "Sync #1 applied" in log or "Sincronização #1 aplicada" in log
