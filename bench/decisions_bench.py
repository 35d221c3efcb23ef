"""Planners' decisions at scale: how long one decision takes to commit, and the side panel of a line to fill.

``decision_ms``: the slower of the two medians — a pré-separação, and a lote of 5 rows — each made through
its use case on the benchmark's seeded carteira (commit included). ``line_detail_ms``: the median of
``line_detail`` (the Carteira tab's side panel: the line, its allocations and its history) over lines that
have allocations.
"""

from __future__ import annotations

import sqlite3
import statistics
import time
from datetime import date
from typing import Any

from carteira_gui.adapters.db.engine import open_database
from carteira_gui.adapters.db.uow import SqlUnitOfWork
from carteira_gui.services import decisions

DAY = date(2026, 12, 3)


def _extra_lines(db: str, runs: int) -> None:
    # Bench setup only: pedidos of 5 free lines for the lotes, and free lines for the pré-separações.
    rows = [(f"BENCHLOTE{r}", f"P{n}", 100_000) for r in range(runs) for n in range(5)]
    rows += [(f"BENCHPRE{r}", "P", 100_000) for r in range(runs)]
    with sqlite3.connect(db) as conn:
        conn.executemany("INSERT INTO carteira (num_pedido, cod_produto, qtd_saldo) VALUES (?, ?, ?)", rows)


def measure_decisions(ws: Any, runs: int) -> dict[str, float]:
    """Time the decisions and the line detail on a fresh copy of the workspace's database."""
    ws.restore()
    _extra_lines(str(ws.db), runs)
    engine = open_database(ws.url)
    uow = SqlUnitOfWork(engine)
    try:
        pre_times: list[float] = []
        lote_times: list[float] = []
        for r in range(runs):
            t0 = time.perf_counter()
            decisions.make_pre(uow, f"BENCHPRE{r}", "P", 10, DAY, by="bench")
            pre_times.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            made = decisions.make_lote(uow, f"BENCHLOTE{r}", {f"P{n}": 10 for n in range(5)}, DAY, by="bench")
            lote_times.append(time.perf_counter() - t0)
            assert len(made.itens) == 5
        keys = [(p["num_pedido"], p["cod_produto"]) for p in ws.state_doc["pre_separacoes"][:10]]
        keys += [(s["num_pedido"], s["cod_produto"]) for s in ws.state_doc["separacoes"][:10]]
        keys += [(f"BENCHPRE{r}", "P") for r in range(runs)]
        detail_times: list[float] = []
        for key in keys:
            t0 = time.perf_counter()
            detail = decisions.line_detail(uow, key)
            detail_times.append(time.perf_counter() - t0)
            assert detail.line is not None
    finally:
        engine.dispose()
    pre_ms = statistics.median(pre_times) * 1000
    lote_ms = statistics.median(lote_times) * 1000
    return {
        "decision_ms": max(pre_ms, lote_ms),
        "decision_pre_ms": pre_ms,
        "decision_lote_ms": lote_ms,
        "line_detail_ms": statistics.median(detail_times) * 1000,
    }
