"""``python main.py --demo --screenshot DIR``: the real program renders the README's pictures and exits."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from carteira_gui.gui.app import build_parser, window_size

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


@pytest.mark.parametrize(("size", "expected"), [(None, (1280, 800)), ("1024x700", (1024, 700))])
def test_demo_screenshots_render_offscreen_at_the_size_asked(
    tmp_path: Path, size: str | None, expected: tuple[int, int]
) -> None:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("CARTEIRA_")}
    environ.pop("QT_QPA_PLATFORM", None)  # the program must choose offscreen by itself
    environ["CARTEIRA_LOG_DIR"] = str(tmp_path / "log")
    extra = ["--size", size] if size else []
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--demo", "--screenshot", str(tmp_path / "shots"), *extra],
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
        assert (image.width(), image.height()) == expected, name
    log = (tmp_path / "log" / "carteira-gui.log").read_text(encoding="utf-8")
    assert "Sync #1 applied" in log or "Sincronização #1 aplicada" in log


def test_a_size_that_is_not_one_is_refused_with_the_form_to_use(capsys: pytest.CaptureFixture[str]) -> None:
    assert window_size("1920x1080") == (1920, 1080)
    assert window_size("1024×700") == (1024, 700)
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--demo", "--screenshot", "x", "--size", "grande"])
    assert "LARGURAxALTURA" in capsys.readouterr().err
