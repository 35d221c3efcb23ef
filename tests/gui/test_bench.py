"""The window's share of the benchmark runs (no timing is asserted: the machines are shared and noisy)."""

from __future__ import annotations

from typing import Any

from bench import gui_bench
from tests.gui.conftest import scattered_plan


def test_the_gui_benchmark_loads_and_filters_a_plan_painting_the_table_once_per_step(
    qapp: Any, monkeypatch: Any
) -> None:
    paints: list[int] = []
    settle = gui_bench._settle

    def counting(app: Any, table: Any, counter: list[int]) -> None:
        before = counter[0]
        settle(app, table, counter)
        paints.append(counter[0] - before)

    monkeypatch.setattr(gui_bench, "_settle", counting)
    figures = gui_bench.measure(scattered_plan(200), 2)
    assert set(figures) == {"gui_load_s", "gui_filter_ms"}
    assert all(value > 0 for value in figures.values())
    # Two loads, then "VCD0000100" typed and erased key by key: each timed step ends with one paint.
    assert len(paints) == 2 + 20
    assert paints == [1] * len(paints)
