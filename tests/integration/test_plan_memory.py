"""A plan from a real database and a real source file runs without the garbage collector's passes.

The collector's passes over hundreds of thousands of live objects were a third of a 100,000-line plan
(docs/performance.md); ``compute_plan`` pauses it. The figures are the benchmark's business: here only that
no automatic collection runs while a plan is computed, and that the collector runs again afterwards.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.generate import generate
from carteira_gui.adapters.db.engine import open_database
from carteira_gui.adapters.db.uow import SqlUnitOfWork
from carteira_gui.adapters.sources.json_file import JsonFileSource
from carteira_gui.services.state import seed_state
from carteira_gui.services.sync import SyncOptions, compute_plan


@pytest.fixture
def collections() -> Iterator[list[int]]:
    """The generations of the automatic collections that start while the test runs."""
    seen: list[int] = []

    def record(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            seen.append(info["generation"])

    gc.enable()
    gc.callbacks.append(record)
    yield seen
    gc.callbacks.remove(record)


def test_no_collection_runs_while_a_plan_is_computed(db_url: str, tmp_path: Path, collections: list[int]) -> None:
    state, source_rows = generate(3000, 0.05, 7)
    engine = open_database(db_url)
    try:
        uow = SqlUnitOfWork(engine)
        seed_state(uow, state, "teste", replace=False, db_description="teste")
        source = tmp_path / "odoo.json"
        source.write_text(json.dumps(source_rows), encoding="utf-8")
        collections.clear()
        plan, _timings = compute_plan(uow, JsonFileSource(source), SyncOptions())
        # At most the one pass that the first allocation after resuming triggers (without the pause, this
        # plan of 3,000 lines ran about forty).
        assert len(collections) <= 1
        assert plan.has_changes
        assert gc.isenabled()
        # Outside the plan the collector works as before: allocations trigger it again.
        junk = [[] for _ in range(10 * gc.get_threshold()[0])]
        del junk
        assert collections
    finally:
        engine.dispose()
