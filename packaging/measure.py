"""The figures of a build (``packaging/build.sh OUT``): wheel size, frozen folder size, start to first paint.

Usage: ``python packaging/measure.py OUT [--runs 5]``. Start to first paint is measured from just before the
program is launched to the moment the window reports its first paint (``CARTEIRA_FIRST_PAINT=quit``, see
``carteira_gui/gui/first_paint.py``): the median of ``--runs`` starts, each on a new empty database, under X11 (one
Xvfb server started beforehand, so its own start is not counted) when ``Xvfb`` is installed, and on Qt's
offscreen platform. ``--demo`` starts are measured too (they also seed the demo carteira and start the local
Odoo). Prints one line per figure.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

EXE = ".exe" if sys.platform == "win32" else ""
PAINT = re.compile(r"first paint: (\d+\.\d+) \(epoch s\)")


def folder_size(folder: Path) -> int:
    """Bytes of every file under ``folder`` (links counted once per name, as an installer copies them)."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


@contextlib.contextmanager
def xvfb() -> Iterator[str | None]:
    """A private X server for the runs (its display, e.g. ``:7``), or ``None`` where Xvfb is not installed."""
    if not sys.platform.startswith("linux") or shutil.which("Xvfb") is None:
        yield None
        return
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    try:
        with os.fdopen(read) as pipe:
            yield f":{pipe.readline().strip()}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def first_paint_ms(program: Path, *args: str, display: str | None) -> float:
    """Milliseconds from launching ``program`` to its first painted window."""
    with tempfile.TemporaryDirectory(prefix="carteira-paint-") as tmp:
        home = Path(tmp)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("CARTEIRA_", "QT_", "PYTHON"))}
        env.update(
            HOME=str(home),
            XDG_CONFIG_HOME=str(home / "config"),
            XDG_DATA_HOME=str(home / "data"),
            XDG_STATE_HOME=str(home / "state"),
            XDG_CACHE_HOME=str(home / "cache"),
            CARTEIRA_LOG_DIR=str(home / "log"),
            CARTEIRA_FIRST_PAINT="quit",
            QT_QPA_PLATFORM="xcb" if display else "offscreen",
        )
        if display:
            env["DISPLAY"] = display
        command = [str(program), *(a.replace("{tmp}", tmp) for a in args)]
        started = time.time()
        result = subprocess.run(command, env=env, cwd=tmp, capture_output=True, text=True, timeout=180, check=False)
        match = PAINT.search(result.stderr)
        if result.returncode != 0 or match is None:
            raise SystemExit(f"{program} did not report its first paint ({result.returncode}):\n{result.stderr}")
        return (float(match.group(1)) - started) * 1000


def paint_figure(label: str, program: Path, *args: str, runs: int, display: str | None) -> str:
    """One line: the median, min and max of ``runs`` starts of ``program``."""
    times = [first_paint_ms(program, *args, display=display) for _ in range(runs)]
    return (
        f"{label}: start to first paint {statistics.median(times):.0f} ms median "
        f"(min {min(times):.0f}, max {max(times):.0f}; {runs} runs, {'X11 (Xvfb)' if display else 'offscreen'})"
    )


def main() -> None:
    """Print the figures of the build in ``OUT``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="the folder packaging/build.sh built into")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    out: Path = args.out
    (wheel,) = (out / "dist").glob("carteira_sync-*.whl")
    frozen = out / "frozen" / "carteira-sync"
    print(f"wheel: {wheel.name} {wheel.stat().st_size / 1024:.0f} KiB")
    print(f"frozen folder: {frozen} {folder_size(frozen) / 1024**2:.0f} MiB")
    gui = frozen / f"carteira-gui{EXE}"
    venv_gui = out / "venv" / ("Scripts" if sys.platform == "win32" else "bin") / f"carteira-gui{EXE}"
    empty = ("--db", "sqlite:///{tmp}/carteira.sqlite3")
    with xvfb() as display:
        for where in dict.fromkeys((display, None)):
            print(paint_figure("frozen app, new database", gui, *empty, runs=args.runs, display=where))
            print(paint_figure("frozen app, --demo", gui, "--demo", runs=args.runs, display=where))
            print(paint_figure("wheel in a venv, new database", venv_gui, *empty, runs=args.runs, display=where))


if __name__ == "__main__":
    main()
