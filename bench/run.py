"""Carteira Sync benchmark: ``python bench/run.py --lines N [--changed 0.05] [--json] [--engine-only]``.

Generates from a fixed seed a carteira of N lines (pré-separações on ~20 %, separações in every status on
~15 %) and an Odoo answer with ~5 % of the lines changed (all five kinds), then measures each figure of
issue 5 as the median of several runs where it is cheap. With ``--json`` the last line is one JSON object.
``--engine-only`` measures only ``plan_floor_s`` and ``plan_s`` (for the 1,000,000-line linearity check).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.decisions_bench import measure_decisions  # noqa: E402
from bench.generate import generate  # noqa: E402
from carteira_gui.adapters.db.engine import open_database  # noqa: E402
from carteira_gui.adapters.db.uow import SqlUnitOfWork  # noqa: E402
from carteira_gui.adapters.sources.json_file import JsonFileSource  # noqa: E402
from carteira_gui.domain.model import Snapshot, SourceData  # noqa: E402
from carteira_gui.domain.parsing import parse_source_records  # noqa: E402
from carteira_gui.domain.plan import Plan  # noqa: E402
from carteira_gui.domain.planner import plan_sync  # noqa: E402
from carteira_gui.services.state import load_carteira, seed_state  # noqa: E402
from carteira_gui.services.sync import SyncOptions, apply_plan, compute_plan  # noqa: E402

KEYS = [
    "plan_floor_s",
    "plan_s",
    "plan_e2e_s",
    "apply_s",
    "naive_apply_s",
    "fetch_s",
    "fetch_raw_s",
    "fetch_ratio",
    "fetch_calls",
    "gui_load_s",
    "gui_filter_ms",
    "peak_rss_mb",
    "decision_ms",
    "line_detail_ms",
]


def median_time(fn: Callable[[], object], runs: int) -> float:
    """Median wall time of ``runs`` calls of ``fn``."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class Workspace:
    """A temp folder with the seeded database, the source file and a pristine copy to restore."""

    def __init__(self, lines: int, changed: float, seed: int) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="carteira-bench-"))
        self.state_doc, self.source_rows = generate(lines, changed, seed)
        self.source_path = self.dir / "odoo.json"
        self.source_path.write_text(json.dumps(self.source_rows), encoding="utf-8")
        self.pristine = self.dir / "pristine.sqlite3"
        self.db = self.dir / "carteira.sqlite3"
        engine = open_database(f"sqlite:///{self.pristine}")
        seed_state(SqlUnitOfWork(engine), self.state_doc, "bench", replace=False, db_description="bench")
        engine.dispose()  # the last connection checkpoints the WAL into the main file

    @property
    def url(self) -> str:
        return f"sqlite:///{self.db}"

    def restore(self) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.db}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(self.pristine, self.db)

    def close(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)


def in_memory(ws: Workspace) -> tuple[list[Any], list[Any], Snapshot, SourceData]:
    """The carteira as the store delivers it and the Odoo records as the source delivers them."""
    ws.restore()
    engine = open_database(ws.url)
    snapshot = load_carteira(SqlUnitOfWork(engine))
    engine.dispose()
    source = parse_source_records(json.loads(ws.source_path.read_text(), parse_float=Decimal), "bench")
    return list(snapshot.lines.values()), list(source.lines.values()), snapshot, source


def measure_engine(ws: Workspace, runs: int) -> dict[str, float]:
    carteira, odoo, snapshot, source = in_memory(ws)

    def floor() -> None:
        # Reading both sides once into dicts by key: what any plan must pay at least.
        {(line.num_pedido, line.cod_produto): line for line in carteira}
        {(line.num_pedido, line.cod_produto): line for line in odoo}

    out = {"plan_floor_s": median_time(floor, runs)}
    # The fingerprint's line digest is computed by the loader from raw rows (inside plan_e2e_s); the
    # planner proper is the diff, the impacts and the alerts.
    out["plan_s"] = median_time(lambda: plan_sync(snapshot, source, with_fingerprint=False), runs)
    return out


def measure_e2e(ws: Workspace, runs: int) -> dict[str, float]:
    ws.restore()
    engine = open_database(ws.url)
    uow = SqlUnitOfWork(engine)
    plans: list[Plan] = []

    def e2e() -> None:
        plans.append(compute_plan(uow, JsonFileSource(ws.source_path), SyncOptions())[0])

    out = {"plan_e2e_s": median_time(e2e, runs)}
    engine.dispose()
    plan = plans[-1]
    times = []
    for _ in range(runs):
        ws.restore()
        engine = open_database(ws.url)
        uow = SqlUnitOfWork(engine)
        t0 = time.perf_counter()
        result = apply_plan(uow, plan, usuario="bench", allow_mass_removal=True)
        times.append(time.perf_counter() - t0)
        assert result.applied
        engine.dispose()
    out["apply_s"] = statistics.median(times)
    ws.restore()
    out["naive_apply_s"] = naive_apply(ws, plan)
    return out


def naive_apply(ws: Workspace, plan: Plan) -> float:
    """The seed document's way: per changed line ORM queries and per-item updates, then delete every
    carteira row and insert every row again, in one commit.
    """
    from sqlalchemy import delete, select
    from sqlalchemy.orm import Session

    from carteira_gui.adapters.db.models import CarteiraRow, PreSeparacaoRow, SeparacaoRow
    from carteira_gui.domain.model import CAMPOS, Alvo, TipoMudanca

    engine = open_database(ws.url)
    t0 = time.perf_counter()
    with Session(engine) as session:
        current = {(r.num_pedido, r.cod_produto): r for r in session.scalars(select(CarteiraRow))}
        rows = {
            key: {c: getattr(r, c) for c in ("num_pedido", "cod_produto", "qtd_saldo", *CAMPOS)}
            for key, r in current.items()
        }
        for change in plan.changes:
            key = change.key
            pres = session.scalars(
                select(PreSeparacaoRow).where(
                    PreSeparacaoRow.num_pedido == key[0], PreSeparacaoRow.cod_produto == key[1]
                )
            ).all()
            seps = session.scalars(
                select(SeparacaoRow).where(SeparacaoRow.num_pedido == key[0], SeparacaoRow.cod_produto == key[1])
            ).all()
            by_id = {("P", p.id): p for p in pres} | {("S", s.id): s for s in seps}
            for imp in change.impactos:
                if imp.alvo is Alvo.SALDO_LIVRE or imp.qtd_antes == imp.qtd_depois:
                    continue
                target = by_id[("P" if imp.alvo is Alvo.PRE_SEPARACAO else "S", imp.id)]
                if imp.excluida:
                    session.delete(target)
                else:
                    target.qtd = imp.qtd_depois
                session.flush()
            if change.tipo is TipoMudanca.REMOVIDO:
                rows.pop(key, None)
            else:
                row = rows.setdefault(key, {"num_pedido": key[0], "cod_produto": key[1], **dict.fromkeys(CAMPOS)})
                row["qtd_saldo"] = change.qtd_depois
                row.update({name: after for name, (_b, after) in change.campos.items()})
        session.execute(delete(CarteiraRow))
        session.add_all(CarteiraRow(**row) for row in rows.values())
        session.commit()
    elapsed = time.perf_counter() - t0
    engine.dispose()
    return elapsed


def serve_odoo(lines: int, seed: int, delay_s: float = 0.0) -> None:
    """The local Odoo of ``measure_fetch``, serving its data set of ``lines``, run in a process of its own.

    Prints its port, then answers each line of standard input: ``reset`` (calls counted from zero, prints
    ``ok``), ``calls`` (prints the calls counted), ``stop`` (or the end of the input) stops it. ``delay_s``
    holds every answer that long (a slower Odoo, a network), without using the processor.
    """
    from carteira_gui.adapters.odoo.dataset import generate as generate_odoo
    from carteira_gui.adapters.odoo.server import OdooTestServer

    with OdooTestServer(generate_odoo(lines, seed), delay_s=delay_s) as server:
        print(server.port, flush=True)
        for command in sys.stdin:
            if command.strip() == "reset":
                server.reset_calls()
                print("ok", flush=True)
            elif command.strip() == "calls":
                print(server.total_calls, flush=True)
            else:
                break


class _OdooProcess:
    """``serve_odoo`` in a child process, spoken to through its standard input and output."""

    def __init__(self, lines: int, seed: int, delay_s: float = 0.0) -> None:
        code = (
            f"import sys; sys.path.insert(0, {str(ROOT)!r}); "
            f"from bench.run import serve_odoo; serve_odoo({lines}, {seed}, {delay_s})"
        )
        self.process = subprocess.Popen(
            [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT
        )
        self.port = int(self._answer())

    def _answer(self) -> str:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"the local Odoo stopped (exit status {self.process.wait()})")
        return line.strip()

    def ask(self, command: str) -> str:
        assert self.process.stdin is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        return self._answer()

    def close(self) -> None:
        try:
            assert self.process.stdin is not None
            self.process.stdin.close()  # the end of its input stops it
            self.process.wait(30)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()


def measure_fetch(lines: int, seed: int, delay_s: float = 0.0, runs: int = 1) -> dict[str, float]:
    """``fetch_s``: a whole fetch of the local Odoo (as Odoo 17, JSON-RPC); ``fetch_raw_s``: its requests alone.

    The server runs in a process of its own (``serve_odoo``), as a real Odoo does: in the same process it would
    share the client's interpreter lock, and its work and the client's could never overlap. The raw figure
    replays the very requests the fetch sent (``version_info``, ``login``, ``search_count``, the
    ``search_read`` pages and the ``read`` batches) with odoorpc, one after the other, and nothing else: the
    difference is what the connector adds (checks, balances, units, mapping, validation, duplicates) and does
    not hide behind Odoo's work on the next request. ``delay_s`` holds each answer of the server that long.
    With ``runs`` > 1 a fetch and its replay are timed back to back that many times: the medians, and
    ``fetch_ratio`` the median of each pair's ratio (a shared machine's slow moments hit both of a pair).
    """
    import statistics
    import threading

    import odoorpc

    from carteira_gui.adapters.odoo.config import OdooSettings
    from carteira_gui.adapters.odoo.source import OdooSource
    from carteira_gui.adapters.odoo.transport import make_transport
    from carteira_gui.services.memory import collector_paused

    sent: list[tuple[str, str, list[object], dict[str, object]]] = []
    lock = threading.Lock()

    def recording(settings: OdooSettings, cancel: Any) -> Any:
        transport = make_transport(settings, cancel)
        call = transport.call

        def record(model: str, method: str, ids: Any = None, params: Any = None) -> object:
            args: list[object] = [list(ids)] if ids is not None else []
            with lock:  # the fetch sends its requests from a thread of its own
                sent.append((model, method, args, dict(params or {})))
            return call(model, method, ids, params)

        transport.call = record  # type: ignore[method-assign]
        return transport

    def replay(port: int) -> float:
        # The replay runs under the same pause as the fetch, its answers kept until the time is taken.
        with collector_paused():
            t0 = time.perf_counter()
            odoo = odoorpc.ODOO("127.0.0.1", port=port, timeout=120)
            uid = odoo.json("/jsonrpc", {"service": "common", "method": "login", "args": ["demo", "admin", "admin"]})
            answers = []
            for model, method, args, kwargs in sent:
                payload = ["demo", uid["result"], "admin", model, method, args, kwargs]
                answers.append(odoo.json("/jsonrpc", {"service": "object", "method": "execute_kw", "args": payload}))
            elapsed = time.perf_counter() - t0
            del answers
        return elapsed

    server = _OdooProcess(lines, seed, delay_s)
    fetches: list[float] = []
    raws: list[float] = []
    try:
        settings = OdooSettings.from_mapping(
            {"url": f"http://127.0.0.1:{server.port}", "database": "demo", "user": "admin"}, {}
        ).with_secrets(password="admin")
        OdooSource(settings, recording).fetch()  # warm-up, and the requests to replay
        for _ in range(runs):
            server.ask("reset")
            # Timed as the sync runs it: inside the plan's collector pause (services/sync.py), the source kept.
            with collector_paused():
                t0 = time.perf_counter()
                data = OdooSource(settings).fetch()
                fetches.append(time.perf_counter() - t0)
                del data
            calls = int(server.ask("calls"))
            raws.append(replay(server.port))
    finally:
        server.close()
    return {
        "fetch_s": statistics.median(fetches),
        "fetch_raw_s": statistics.median(raws),
        "fetch_ratio": statistics.median(f / r for f, r in zip(fetches, raws, strict=True)),
        "fetch_calls": calls,
    }


def measure_gui(ws: Workspace, runs: int) -> dict[str, float]:
    from bench.gui_bench import measure

    ws.restore()
    engine = open_database(ws.url)
    plan = compute_plan(SqlUnitOfWork(engine), JsonFileSource(ws.source_path), SyncOptions())[0]
    engine.dispose()
    return measure(plan, runs)


def measure_rss(ws: Workspace) -> dict[str, float]:
    ws.restore()
    exe = shutil.which("carteira-sync", path=str(Path(sys.executable).parent))
    cmd = [exe] if exe else [sys.executable, "-m", "carteira_gui.cli"]
    probe = (
        "import resource, subprocess, sys; "
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=False); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, *cmd, "--db", ws.url, "plan", "--source", str(ws.source_path), "--json"],
        capture_output=True,
        text=True,
        check=True,
        env=dict(os.environ),
    )
    return {"peak_rss_mb": int(out.stdout.strip().splitlines()[-1]) / 1024}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, default=10_000)
    parser.add_argument("--changed", type=float, default=0.05)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--engine-only", action="store_true")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    log(f"generating and seeding {args.lines} lines…")
    ws = Workspace(args.lines, args.changed, args.seed)
    result: dict[str, Any] = {"lines": args.lines}
    try:
        result.update(measure_engine(ws, args.runs))
        if not args.engine_only:
            cheap = max(1, min(args.runs, 3))
            result.update(measure_e2e(ws, cheap))
            result.update(measure_fetch(args.lines, args.seed, runs=args.runs))
            result.update(measure_gui(ws, cheap))
            result.update(measure_rss(ws))
            result.update(measure_decisions(ws, max(3, args.runs)))
    finally:
        ws.close()
    for key in ["lines", *KEYS]:
        if key in result:
            value = result[key]
            log(f"{key:>15}: {value:.4f}" if isinstance(value, float) else f"{key:>15}: {value}")
    if args.json:
        print(json.dumps({k: (round(v, 4) if isinstance(v, float) else v) for k, v in result.items()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
