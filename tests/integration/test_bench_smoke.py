"""The benchmark runs end to end on a small carteira and prints every figure (no timing is asserted)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
KEYS = {
    "lines",
    "plan_floor_s",
    "plan_s",
    "plan_e2e_s",
    "apply_s",
    "naive_apply_s",
    "fetch_s",
    "fetch_calls",
    "fetch_raw_s",
    "fetch_ratio",
    "gui_load_s",
    "gui_filter_ms",
    "peak_rss_mb",
    "decision_ms",
    "decision_pre_ms",
    "decision_lote_ms",
    "line_detail_ms",
}


def test_the_benchmark_prints_every_key_as_its_last_json_line(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", TMPDIR=str(tmp_path))
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--lines", "400", "--runs", "1", "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert set(figures) == KEYS
    assert figures["lines"] == 400
    assert figures["fetch_calls"] >= 4
    assert all(isinstance(figures[k], int | float) and figures[k] >= 0 for k in KEYS)
    assert figures["peak_rss_mb"] > 10
