"""The demo: a carteira "of yesterday" in a SQLite file and the local Odoo server "of today", in-process.

Every start seeds the database again (replacing what was there), so a fetch always shows the night's
changes: REDUCAO, AUMENTO, NOVO, REMOVIDO, ALTERADO and CRITICO alerts on quoted lotes. Only the carteira is
seeded: the planners' decisions of the last days (the allocations of the demo's state document) are made
again through the decision use cases, oldest first and by the planner who made each one — pré-separações,
lotes, and their moves to COTADO, EMBARCADO and FATURADO — so the sync protects decisions that were made,
each with its audit trail. The document's dates move with the calendar: its newest decision is made today.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from carteira_gui.bootstrap import App, build_app, build_demo, start_demo_odoo
from carteira_gui.domain.model import Status, TipoEnvio
from carteira_gui.gui.secrets import SecretStore, odoo_account
from carteira_gui.services import decisions
from carteira_gui.services.ports import UnitOfWork
from carteira_gui.services.state import seed_state
from carteira_gui.settings import Settings, save_settings

DEMO_DB_NAME = "demo"
DEMO_USER = "admin"
DEMO_PASSWORD = "admin"  # the local demo server's fixed password, not a secret
#: Small pages, so that the progress bar of a fetch has something to show.
DEMO_PAGE_SIZE = 50


def demo_environ(environ: Mapping[str, str]) -> dict[str, str]:
    """The environment without the variables that would point the demo elsewhere."""
    return {
        k: v
        for k, v in environ.items()
        if not k.startswith("CARTEIRA_ODOO_") and k not in ("CARTEIRA_DB_URL", "CARTEIRA_SETTINGS")
    }


@dataclass
class Demo:
    """A running demo: the app wired to the seeded database, the local Odoo server and its secret."""

    app: App
    server: Any
    secrets: SecretStore
    folder: Path

    def close(self) -> None:
        """Stop the server and release the database."""
        self.app.close()
        self.server.stop()


def start_demo(
    folder: Path,
    db_url: str | None = None,
    *,
    lines: int = 300,
    seed: int = 7,
    language: str = "pt_BR",
    environ: Mapping[str, str] = os.environ,
) -> Demo:
    """Seed the demo carteira (replacing the database's content), start the local Odoo and wire the app."""
    folder.mkdir(parents=True, exist_ok=True)
    state_document, dataset = build_demo(lines, seed)
    server = start_demo_odoo(dataset, db_name=DEMO_DB_NAME, user=DEMO_USER, password=DEMO_PASSWORD)
    try:
        odoo = {
            "url": server.url,
            "database": DEMO_DB_NAME,
            "user": DEMO_USER,
            "protocol": "jsonrpc",
            "page_size": DEMO_PAGE_SIZE,
        }
        settings_file = folder / "settings.toml"
        url = db_url or f"sqlite:///{folder / 'carteira-demo.sqlite3'}"
        save_settings(Settings(db_url=url, odoo=odoo, language=language), settings_file)
        app = build_app(url, settings_file, demo_environ(environ))
        carteira_only = {"carteira": state_document["carteira"]}
        seed_state(app.uow, carteira_only, "demo", replace=True, db_description=app.db_description)
        replay_decisions(app.uow, state_document)
        # The demo's password never goes to the user's keyring.
        secrets = SecretStore(use_keyring=False)
        secrets.set(odoo_account(odoo, "password"), DEMO_PASSWORD)
    except BaseException:
        server.stop()
        raise
    return Demo(app=app, server=server, secrets=secrets, folder=folder)


def _records(document: Mapping[str, Any], name: str) -> list[Mapping[str, Any]]:
    value = document.get(name) or []
    return [r for r in value if isinstance(r, Mapping)] if isinstance(value, Sequence) else []


def _when(record: Mapping[str, Any]) -> datetime:
    return datetime.fromisoformat(str(record["criado_em"]))


def _day(value: object, shift: timedelta) -> date | None:
    return date.fromisoformat(str(value)) + shift if value else None


def replay_decisions(uow: UnitOfWork, document: Mapping[str, Any]) -> int:
    """Make the allocations of a state document again through the decision use cases; returns how many.

    Oldest first (a sync's reduction takes the newest pré-separação first, so the order matters), by the
    planner the document names. A lote is made ABERTO with all its rows, then moved along its way to the
    document's status: COTADO with its transportadora and frete; EMBARCADO (quoted first when it has a
    carrier) on its data de embarque; FATURADO with its NF. Dates are shifted so that the newest decision of
    the document falls on today.
    """
    pres = _records(document, "pre_separacoes")
    rows = _records(document, "separacoes")
    everything = [*pres, *rows]
    if not everything:
        return 0
    shift = date.today() - max(_when(r) for r in everything).date()
    lotes: dict[str, list[Mapping[str, Any]]] = {}
    for row in rows:
        lotes.setdefault(str(row["lote"]), []).append(row)
    steps: list[tuple[datetime, str, Any]] = [(_when(p), "pre", p) for p in pres]
    steps += [(min(_when(r) for r in members), "lote", members) for members in lotes.values()]
    steps.sort(key=lambda step: (step[0], step[1]))
    for _when_made, kind, item in steps:
        if kind == "pre":
            _replay_pre(uow, item, shift)
        else:
            _replay_lote(uow, item, shift)
    return len(steps)


def _replay_pre(uow: UnitOfWork, pre: Mapping[str, Any], shift: timedelta) -> None:
    decisions.make_pre(
        uow,
        str(pre["num_pedido"]),
        str(pre["cod_produto"]),
        str(pre["qtd"]),
        _day(pre.get("data_expedicao"), shift),
        by=str(pre.get("criado_por") or "demo"),
        tipo_envio=TipoEnvio(str(pre["tipo_envio"])) if pre.get("tipo_envio") else None,
        observacao=pre.get("observacao"),
    )


def _replay_lote(uow: UnitOfWork, members: Sequence[Mapping[str, Any]], shift: timedelta) -> None:
    def field(name: str) -> Any:
        return next((r[name] for r in members if r.get(name) not in (None, "")), None)

    first = members[0]
    by = str(field("criado_por") or "demo")
    made = decisions.make_lote(
        uow,
        str(first["num_pedido"]),
        {str(r["cod_produto"]): str(r["qtd"]) for r in members},
        _day(field("data_expedicao"), shift),
        by=by,
        observacao=field("observacao"),
    )
    status = Status(str(first["status"]).upper())
    carrier, freight = field("transportadora"), field("valor_frete")
    if status is Status.COTADO or (status in (Status.EMBARCADO, Status.FATURADO) and carrier):
        decisions.move_lote(
            uow,
            made.lote,
            Status.COTADO,
            by=by,
            transportadora=carrier,
            valor_frete=Decimal(str(freight)) if freight is not None else None,
        )
    if status in (Status.EMBARCADO, Status.FATURADO):
        decisions.move_lote(uow, made.lote, Status.EMBARCADO, by=by, data_embarque=_day(field("data_embarque"), shift))
    if status is Status.FATURADO:
        decisions.move_lote(uow, made.lote, Status.FATURADO, by=by, numero_nf=str(field("numero_nf")))
