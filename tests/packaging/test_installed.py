"""What users install, run as users run it: the wheel in a fresh venv and the PyInstaller folder.

``packaging/build.sh OUT`` builds both outside the source tree; ``CARTEIRA_TEST_BUILD=OUT`` points these tests at
them (``.ci/run`` does both). Without the variable they are skipped. Every program runs in its own process, from
a folder outside the tree, with its user folders and log in the test's temp folder.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from carteira_gui.adapters.odoo.demo import build_demo

ROOT = Path(__file__).resolve().parents[2]
BUILD = os.environ.get("CARTEIRA_TEST_BUILD")
EXE = ".exe" if sys.platform == "win32" else ""
PICTURES = ("carteira", "carteira-detalhe", "lotes", "plano", "confirmacao", "alertas", "historico")
PASSWORD = "s3nh4-demo"

pytestmark = pytest.mark.skipif(not BUILD, reason="CARTEIRA_TEST_BUILD is not set (bash packaging/build.sh OUT)")


def _build() -> Path:
    assert BUILD
    return Path(BUILD)


def venv_bin(name: str) -> Path:
    folder = _build() / "venv" / ("Scripts" if sys.platform == "win32" else "bin")
    return folder / f"{name}{EXE}"


def frozen(name: str) -> Path:
    return _build() / "frozen" / "carteira-sync" / f"{name}{EXE}"


def environ(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The test's environment less the project's variables and Python's paths; user folders in ``tmp_path``."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("CARTEIRA_", "PYTHON", "QT_")) and k not in ("VIRTUAL_ENV",)
    }
    home = tmp_path / "home"
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_STATE_HOME=str(home / "state"),
        XDG_CACHE_HOME=str(home / "cache"),
        CARTEIRA_LOG_DIR=str(tmp_path / "log"),
    )
    env.update(extra)
    return env


def run(
    program: Path, *args: str, env: dict[str, str], cwd: Path, timeout: float = 180
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(program), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


# -- the wheel ------------------------------------------------------------------------------------------------


def test_the_wheel_carries_icons_translations_and_migrations() -> None:
    (wheel,) = (_build() / "dist").glob("carteira_sync-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    package = ROOT / "carteira_gui"
    needed = [
        *package.glob("resources/icons/*.svg"),
        *package.glob("resources/translations/*.qm"),
        *package.glob("adapters/db/migrations/versions/*.py"),
        package / "adapters/db/migrations/env.py",
        package / "adapters/db/migrations/script.py.mako",
    ]
    assert len(needed) > 30
    assert (
        sorted(str(p.relative_to(ROOT).as_posix()) for p in needed if p.relative_to(ROOT).as_posix() not in names) == []
    )
    assert "carteira_gui/resources/__init__.py" in names


def test_the_installed_package_is_the_wheel_not_the_source_tree(tmp_path: Path) -> None:
    python = venv_bin("python")
    result = run(
        python,
        "-c",
        "import carteira_gui; print(carteira_gui.__file__, carteira_gui.__version__)",
        env=environ(tmp_path),
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    location, version = result.stdout.split()
    assert Path(location).is_relative_to(_build() / "venv")
    assert not Path(location).is_relative_to(ROOT)
    assert re.fullmatch(r"\d+\.\d+\.\d+", version)


@pytest.fixture
def wheel_demo_odoo(tmp_path: Path) -> Iterator[str]:
    yield from serve(venv_bin("carteira-sync"), tmp_path)


def test_the_installed_command_syncs_against_the_demo_odoo(wheel_demo_odoo: str, tmp_path: Path) -> None:
    demo_sync(venv_bin("carteira-sync"), wheel_demo_odoo, f"sqlite:///{tmp_path / 'c.sqlite3'}", tmp_path)


def test_the_installed_command_names_the_postgres_extra_it_lacks(tmp_path: Path) -> None:
    result = run(
        venv_bin("carteira-sync"),
        "--db",
        "postgresql+psycopg://u@127.0.0.1:1/x",
        "state",
        env=environ(tmp_path),
        cwd=tmp_path,
    )
    assert result.returncode == 1
    assert "[postgres]" in result.stderr
    assert "pip install 'psycopg[binary]'" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_the_installed_window_renders_the_demo_in_pt_br_with_its_icons(tmp_path: Path) -> None:
    screenshots(venv_bin("carteira-gui"), tmp_path, inside=_build() / "venv")


# -- the frozen folder ----------------------------------------------------------------------------------------


def test_the_frozen_window_renders_the_demo_in_pt_br_with_its_icons(tmp_path: Path) -> None:
    screenshots(frozen("carteira-gui"), tmp_path, inside=_build() / "frozen" / "carteira-sync")


@pytest.fixture
def frozen_demo_odoo(tmp_path: Path) -> Iterator[str]:
    yield from serve(frozen("carteira-sync"), tmp_path)


def test_the_frozen_command_syncs_and_reports_on_sqlite_and_postgresql(
    frozen_demo_odoo: str, db_url: str, tmp_path: Path
) -> None:
    # Migrations (Alembic reads them from files), the PostgreSQL driver and reportlab's fonts are in the folder.
    demo_sync(frozen("carteira-sync"), frozen_demo_odoo, db_url, tmp_path, report="pdf")


def test_the_frozen_window_paints_and_says_when(tmp_path: Path) -> None:
    env = environ(tmp_path, CARTEIRA_FIRST_PAINT="quit", QT_QPA_PLATFORM="offscreen")
    result = run(
        frozen("carteira-gui"), "--db", f"sqlite:///{tmp_path / 'c.sqlite3'}", env=env, cwd=tmp_path, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert re.search(r"first paint: \d+\.\d+ \(epoch s\); \d+ ms after the process started", result.stderr)


def test_a_frozen_folder_without_its_catalogue_refuses_to_start(tmp_path: Path) -> None:
    copy = tmp_path / "carteira-sync"
    shutil.copytree(_build() / "frozen" / "carteira-sync", copy, copy_function=os.link)
    (qm,) = copy.glob("_internal/carteira_gui/resources/translations/carteira_pt_BR.qm")
    qm.unlink()
    result = run(
        copy / f"carteira-gui{EXE}",
        "--demo",
        "--screenshot",
        str(tmp_path / "shots"),
        env=environ(tmp_path),
        cwd=tmp_path,
        timeout=120,
    )
    assert result.returncode == 1
    assert "Carteira Sync está incompleto" in result.stderr
    assert "carteira_pt_BR.qm" in result.stderr
    assert not (tmp_path / "shots").exists()


# -- helpers --------------------------------------------------------------------------------------------------


def screenshots(program: Path, tmp_path: Path, *, inside: Path) -> None:
    """``--demo --screenshot``: seven 1280×800 pictures, and the log says pt-BR and where the files came from."""
    result = run(program, "--demo", "--screenshot", str(tmp_path / "shots"), env=environ(tmp_path), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    for name in PICTURES:
        image = QImage(str(tmp_path / "shots" / f"{name}.png"))
        assert (image.width(), image.height()) == (1280, 800), name
    log = (tmp_path / "log" / "carteira-gui.log").read_text(encoding="utf-8")
    icons = re.search(r"resources: (\d+) SVG icons in (.+) \(SVG drawn: yes\)", log)
    assert icons, log
    assert int(icons.group(1)) == len(list((ROOT / "carteira_gui" / "resources" / "icons").glob("*.svg")))
    translations = re.search(r"translations: qtbase_pt_BR\.qm from (.+?) \(.*\); carteira_pt_BR\.qm from (.+?) \(", log)
    assert translations, log
    for folder in (icons.group(2), translations.group(1), translations.group(2)):
        assert Path(folder).is_relative_to(inside), folder
    assert '("Cancel" → "Cancelar")' in log
    assert '("Fetch from Odoo" → "Buscar no Odoo")' in log
    assert "Sincronização #1 aplicada" in log or "Sync #1 applied" in log


def serve(program: Path, tmp_path: Path) -> Iterator[str]:
    """``carteira-sync demo-odoo`` in its own process until the test ends; yields its URL."""
    proc = subprocess.Popen(
        [str(program), "demo-odoo", "--port", "0", "--lines", "300", "--seed", "7", "--password", PASSWORD],
        cwd=tmp_path,
        env=environ(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        match = re.fullmatch(r"listening on http://127\.0\.0\.1:(\d+)\n", first)
        assert match, first + (proc.stderr.read() if proc.poll() is not None and proc.stderr else "")
        yield f"http://127.0.0.1:{match.group(1)}"
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
        for stream in (proc.stdout, proc.stderr):
            if stream:
                stream.close()


def demo_sync(program: Path, url: str, db_url: str, tmp_path: Path, report: str = "xlsx") -> None:
    """Seed yesterday's carteira, plan and apply today's Odoo, plan again (empty), write a report."""
    state_file = tmp_path / "ontem.json"
    state_file.write_text(json.dumps(build_demo(300, 7)[0]), encoding="utf-8")
    env = environ(
        tmp_path,
        CARTEIRA_DB_URL=db_url,
        CARTEIRA_ODOO_URL=url,
        CARTEIRA_ODOO_DB="demo",
        CARTEIRA_ODOO_USER="admin",
        CARTEIRA_ODOO_PROTOCOL="jsonrpc",
        CARTEIRA_ODOO_PASSWORD=PASSWORD,
    )

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return run(program, *args, env=env, cwd=tmp_path)

    seeded = cli("seed", str(state_file))
    assert seeded.returncode == 0, seeded.stderr
    planned = cli("plan", "--odoo", "--json")
    assert planned.returncode == 2, planned.stderr
    summary = json.loads(planned.stdout)["summary"]
    assert all(summary[kind] > 0 for kind in ("REDUCAO", "AUMENTO", "NOVO", "REMOVIDO", "ALTERADO"))
    applied = cli("apply", "--odoo", "--yes", "--allow-mass-removal", "--by", "demo")
    assert applied.returncode == 0, applied.stderr
    again = cli("plan", "--odoo")
    assert again.returncode == 0, again.stderr + again.stdout
    out = tmp_path / f"relatorio.{report}"
    written = cli("report", "--format", report, "--output", str(out))
    assert written.returncode == 0, written.stderr
    assert out.read_bytes()[:4] == (b"%PDF" if report == "pdf" else b"PK\x03\x04")
    alerts = json.loads(cli("alerts", "--json").stdout)
    assert any(a["nivel"] == "CRITICO" for a in alerts)
