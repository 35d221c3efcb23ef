"""The ``carteira-sync`` command: the sync engine headless (its contract: docs/comando.md).

Each command parses its arguments, calls one use case of ``carteira_gui.services`` and prints. Exit status:
0 ok (``plan``: no changes), 1 error (usage errors included), 2 ``plan`` found changes, 3 stale plan refused,
4 mass removal refused. Errors are one sentence on stderr; a traceback only with ``--debug``.

One module of ~750 lines on purpose: it is the whole contract of the command (docs/comando.md), every
subcommand a short parse-call-print, and reading it top to bottom is how the contract is checked.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import getpass
import json
import logging
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, NoReturn, TextIO

from carteira_gui import __version__
from carteira_gui.bootstrap import (
    CLI_LOG_FILE,
    App,
    build_app,
    describe_failure,
    is_database_failure,
    read_allocation_file,
    read_json_file,
    run_demo_odoo,
    setup_logging,
)
from carteira_gui.domain.errors import (
    CarteiraError,
    ConfirmationRequired,
    DatabaseError,
    MassRemovalRefused,
    StalePlan,
)
from carteira_gui.domain.impact import render_impact
from carteira_gui.domain.model import Nivel, TipoEnvio, TipoMudanca, parse_decimal
from carteira_gui.domain.parsing import parse_field
from carteira_gui.domain.plan import Change, Plan
from carteira_gui.domain.quantities import fmt_qtd
from carteira_gui.domain.safe import MOTIVO_MASSA
from carteira_gui.services import views
from carteira_gui.services.alerts import acknowledge, list_alerts
from carteira_gui.services.decisions import (
    delete_lote,
    delete_pre,
    edit_lote,
    edit_pre,
    list_lotes,
    lote_from_pres,
    make_lote,
    make_pre,
    move_lote,
)
from carteira_gui.services.history import list_runs
from carteira_gui.services.imports import ImportPreview, import_allocations
from carteira_gui.services.reports import export_run_report
from carteira_gui.services.state import export_state, seed_state
from carteira_gui.services.sync import apply_plan, apply_safe, compute_plan, compute_split

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_CHANGES = 2
EXIT_STALE = 3
EXIT_MASS_REMOVAL = 4
EXIT_HELD = 5

log = logging.getLogger("carteira_gui.cli")


def _default_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "desconhecido"


class UsageError(CarteiraError):
    """The command line itself is wrong (unknown option, missing argument): exit 1 like any error."""


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one sentence and exit 1.

    argparse would exit 2 with a usage dump, and 2 is what ``plan`` says when there are changes.
    """

    def error(self, message: str) -> NoReturn:
        """Raise ``UsageError`` instead of printing the usage and exiting 2."""
        raise UsageError(
            f"Comando inválido ({self.prog}: {message}). Nada foi alterado; veja as opções com '{self.prog} --help'."
        )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (the command's contract, plus a few options of our own)."""
    parser = _Parser(
        prog="carteira-sync",
        description="Sincroniza a carteira local com o Odoo sem perder pré-separações e separações.",
    )
    parser.add_argument("--db", help="URL do banco (padrão: $CARTEIRA_DB_URL ou SQLite na pasta de dados do usuário)")
    parser.add_argument("--settings", type=Path, help="arquivo de configuração TOML (padrão: $CARTEIRA_SETTINGS)")
    parser.add_argument("--debug", action="store_true", help="mostra detalhes técnicos dos erros")
    parser.add_argument("--version", action="version", version=f"carteira-sync {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("seed", help="carrega um estado local num banco vazio")
    p.add_argument("state_file", type=Path, metavar="STATE.json")
    p.add_argument("--replace", action="store_true", help="esvazia o banco antes")

    p = sub.add_parser("state", help="mostra o estado atual")
    p.add_argument("--json", action="store_true")

    for name, helptext in (("plan", "calcula o plano de sincronização"), ("apply", "aplica um plano")):
        p = sub.add_parser(name, help=helptext)
        group = p.add_mutually_exclusive_group(required=True)
        group.add_argument("--source", type=Path, metavar="FILE.json", help="arquivo JSON com as linhas do Odoo")
        group.add_argument("--odoo", action="store_true", help="busca as linhas no Odoo configurado")
        if name == "plan":
            p.add_argument("--json", action="store_true")
            p.add_argument("--out", type=Path, metavar="PLAN.json", help="salva o plano para um 'apply --plan'")
        else:
            group.add_argument("--plan", type=Path, metavar="PLAN.json", help="plano salvo por 'plan --out'")
            p.add_argument("--yes", action="store_true", help="aplica sem perguntar")
            p.add_argument("--allow-mass-removal", action="store_true", help="confirma uma remoção em massa")
            p.add_argument(
                "--safe-only",
                action="store_true",
                help="sincronização automática: aplica só o que não mexe em decisões; o resto fica para revisão "
                "(saída 5 quando algo ficou retido; implica --yes)",
            )
            p.add_argument("--by", default=None, help="quem aplica (padrão: o usuário do sistema)")
            p.add_argument("--json", action="store_true", help="imprime o resultado em JSON")

    p = sub.add_parser("alerts", help="lista os alertas")
    p.add_argument("--all", action="store_true", help="inclui os já reconhecidos")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("ack", help="reconhece alertas")
    p.add_argument("ids", nargs="+", type=int, metavar="ALERT_ID")
    p.add_argument("--by", required=True)
    p.add_argument("--note", default=None)

    p = sub.add_parser("history", help="sincronizações anteriores")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("report", help="relatório de mudanças de uma sincronização")
    p.add_argument("--run", type=int, default=None, metavar="ID", help="sincronização (padrão: a última)")
    p.add_argument("--format", required=True, choices=["csv", "xlsx", "pdf"])
    p.add_argument("--output", required=True, type=Path, metavar="FILE")

    _add_decision_parsers(sub)

    p = sub.add_parser("demo-odoo", help="servidor Odoo local de demonstração e testes")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8069)
    p.add_argument("--lines", type=int, default=300)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--db-name", default="demo")
    p.add_argument("--user", default="admin")
    p.add_argument("--password", default="admin")
    p.add_argument("--dataset", default=None, help="arquivo de dados (padrão: gerado a partir da semente)")
    p.add_argument(
        "--odoo-version", type=int, choices=[17, 19], default=17, help="responde como o Odoo 17 (padrão) ou 19"
    )
    p.add_argument("--delay", type=float, default=0.0, metavar="SEGUNDOS", help="atraso em cada resposta")
    return parser


def _by(p: argparse.ArgumentParser) -> None:
    p.add_argument("--by", default=None, metavar="NAME", help="quem decide (padrão: o usuário do sistema)")


def _add_decision_parsers(sub: Any) -> None:
    """The planners' decisions: ``pre``, ``lote``, ``lotes`` and ``import-allocations``."""
    pre = sub.add_parser("pre", help="pré-separações (add, edit, delete)")
    actions = pre.add_subparsers(dest="action", required=True, metavar="ACTION", parser_class=_Parser)
    p = actions.add_parser("add", help="faz uma pré-separação; imprime o id")
    p.add_argument("pedido", metavar="PEDIDO")
    p.add_argument("produto", metavar="PRODUTO")
    p.add_argument("qtd", metavar="QTD")
    p.add_argument("--expedicao", required=True, metavar="YYYY-MM-DD", help="data de expedição planejada")
    p.add_argument("--tipo", choices=["total", "parcial"], default=None, help="tipo de envio (padrão: pela qtd)")
    p.add_argument("--obs", default=None, metavar="TEXT", help="observação")
    _by(p)
    p.add_argument("--json", action="store_true", help="imprime a pré-separação em JSON")
    p = actions.add_parser("edit", help="altera uma pré-separação")
    p.add_argument("id", type=_int_id, metavar="ID")
    p.add_argument("--qtd", default=None, metavar="QTD")
    p.add_argument("--expedicao", default=None, metavar="YYYY-MM-DD")
    p.add_argument("--obs", default=None, metavar="TEXT", help="observação ('' apaga)")
    _by(p)
    p.add_argument("--json", action="store_true", help="imprime a pré-separação em JSON")
    p = actions.add_parser("delete", help="exclui uma pré-separação")
    p.add_argument("id", type=_int_id, metavar="ID")
    _by(p)

    lote = sub.add_parser("lote", help="lotes de separação (add, from-pre, edit, status, delete)")
    actions = lote.add_subparsers(dest="action", required=True, metavar="ACTION", parser_class=_Parser)
    p = actions.add_parser("add", help="faz um lote ABERTO de linhas de um pedido; imprime o código")
    p.add_argument("pedido", metavar="PEDIDO")
    p.add_argument("itens", nargs="*", metavar="PRODUTO=QTD")
    p.add_argument("--all", action="store_true", help="todo o saldo livre de cada linha do pedido")
    p.add_argument("--expedicao", required=True, metavar="YYYY-MM-DD", help="data de expedição planejada")
    p.add_argument("--obs", default=None, metavar="TEXT", help="observação")
    _by(p)
    p.add_argument("--json", action="store_true", help="imprime o lote em JSON")
    p = actions.add_parser("from-pre", help="faz um lote das pré-separações de um pedido; imprime o código")
    p.add_argument("pre_ids", nargs="+", type=_int_id, metavar="PRE_ID")
    p.add_argument("--expedicao", default=None, metavar="YYYY-MM-DD", help="padrão: a mais cedo das pré-separações")
    _by(p)
    p.add_argument("--json", action="store_true", help="imprime o lote em JSON")
    p = actions.add_parser("edit", help="altera linhas de um lote ABERTO (0 remove a linha)")
    p.add_argument("lote", metavar="LOTE")
    p.add_argument("itens", nargs="+", metavar="PRODUTO=QTD")
    _by(p)
    p.add_argument("--json", action="store_true", help="imprime o lote em JSON")
    p = actions.add_parser("status", help="muda o status de um lote")
    p.add_argument("lote", metavar="LOTE")
    p.add_argument("status", metavar="ABERTO|COTADO|EMBARCADO|FATURADO")
    _by(p)
    p.add_argument("--note", default=None, metavar="TEXT", help="nota para o histórico")
    p.add_argument("--transportadora", default=None, metavar="T", help="ao cotar")
    p.add_argument("--frete", default=None, metavar="VALOR", help="valor do frete, ao cotar")
    p.add_argument("--embarque", default=None, metavar="YYYY-MM-DD", help="data de embarque (padrão: hoje)")
    p.add_argument("--nf", default=None, metavar="NUMERO", help="número da NF, ao faturar")
    p.add_argument("--json", action="store_true", help="imprime o lote em JSON")
    p = actions.add_parser("delete", help="exclui um lote ABERTO")
    p.add_argument("lote", metavar="LOTE")
    _by(p)

    p = sub.add_parser("lotes", help="lotes com suas linhas")
    p.add_argument("--status", default=None, metavar="S")
    p.add_argument("--pedido", default=None, metavar="P")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("import-allocations", help="importa pré-separações e lotes de uma planilha (tudo ou nada)")
    p.add_argument("file", type=Path, metavar="FILE.xlsx|csv|json")
    p.add_argument("--dry-run", action="store_true", help="só mostra o que seria importado; nada é gravado")
    _by(p)


def _int_id(text: str) -> int:
    """An allocation id on the command line: a positive integer (else a usage error naming it)."""
    try:
        value = int(text.strip())
    except ValueError:
        value = 0
    if value <= 0:
        raise argparse.ArgumentTypeError(f"id inválido {text!r} (use o número da pré-separação)")
    return value


def _dump(data: object, out: TextIO) -> None:
    out.write(json.dumps(data, ensure_ascii=False, indent=1))
    out.write("\n")


def impact_line(change: Change) -> str:
    """A one-line impact: ``−20 livre; −10 pré-sep #12; −5 LOTE-7 COTADO``."""
    return render_impact(change)


def format_plan(plan: Plan) -> str:
    """The plan for a person: counts, alerts, destructive things first, then every change."""
    s = plan.summary
    lines = [
        f"Plano ({plan.origem}): {s['REDUCAO']} redução(ões), {s['AUMENTO']} aumento(s), {s['NOVO']} nova(s), "
        f"{s['REMOVIDO']} removida(s), {s['ALTERADO']} alterada(s), {s['INALTERADO']} inalterada(s).",
        f"Alertas: {s['alertas']['CRITICO']} CRÍTICO, {s['alertas']['ATENCAO']} ATENÇÃO, {s['alertas']['INFO']} INFO. "
        f"Variação total: {fmt_qtd(plan.delta_total)}.",
    ]
    if plan.remocao_em_massa:
        lines.append(
            f"ATENÇÃO: remoção em massa — {plan.removidos} de {plan.linhas_do_odoo} linhas do Odoo "
            f"(limite {plan.limite_remocao_pct:g} %)."
        )
    if plan.deixadas:
        shown = "; ".join(plan.deixadas[:10]) + (
            f"; e mais {len(plan.deixadas) - 10}" if len(plan.deixadas) > 10 else ""
        )
        lines.append(f"{len(plan.deixadas)} linha(s) do Odoo deixada(s) de fora pela configuração: {shown}.")
    if plan.ignorados:
        lines.append(f"{plan.ignorados} linha(s) da fonte fora dos prefixos do Odoo foram ignoradas.")
    criticos = [a for c in plan.changes for a in c.alertas if a.nivel.value == "CRITICO"]
    for alerta in criticos:
        lines.append(f"  CRÍTICO: {alerta.mensagem}")
    order = [
        TipoMudanca.REMOVIDO,
        TipoMudanca.REDUCAO,
        TipoMudanca.AUMENTO,
        TipoMudanca.NOVO,
        TipoMudanca.ALTERADO,
    ]
    for tipo in order:
        group = [c for c in plan.changes if c.tipo is tipo]
        if not group:
            continue
        lines.append(f"{tipo.value} ({len(group)}):")
        for c in group:
            somadas = f" [{c.linhas_somadas} linhas do Odoo somadas]" if c.linhas_somadas > 1 else ""
            lines.append(
                f"  {c.num_pedido}/{c.cod_produto}: {fmt_qtd(c.qtd_antes)} → {fmt_qtd(c.qtd_depois)} "
                f"({'+' if c.delta > 0 else ''}{fmt_qtd(c.delta)}): {impact_line(c)}{somadas}"
            )
    if not plan.has_changes:
        lines.append("Nada a mudar: a carteira já segue o Odoo.")
    return "\n".join(lines)


def _source_plan(app: App, args: argparse.Namespace) -> Plan:
    source = app.odoo_source() if args.odoo else app.file_source(args.source)
    plan, timings = compute_plan(app.uow, source, app.options)
    log.info("plan: fetch %.3fs load %.3fs plan %.3fs", timings.fetch_s, timings.load_s, timings.plan_s)
    return plan


def cmd_seed(app: App, args: argparse.Namespace) -> int:
    """``seed STATE.json [--replace]``."""
    document = read_json_file(args.state_file, "de estado")
    counts = seed_state(
        app.uow, document, str(args.state_file.name), replace=args.replace, db_description=app.db_description
    )
    print(
        f"Estado carregado: {counts.carteira} linhas, {counts.pre_separacoes} pré-separações, "
        f"{counts.separacoes} separações."
    )
    return EXIT_OK


def cmd_state(app: App, args: argparse.Namespace) -> int:
    """``state [--json]``."""
    exported = export_state(app.uow)
    snapshot, alerts = exported.snapshot, exported.alerts
    if args.json:
        _dump(views.state_json(snapshot, alerts, exported.pres, exported.lotes), sys.stdout)
        return EXIT_OK
    pres = sum(len(a.pre_separacoes) for a in snapshot.allocations.values())
    seps = sum(len(a.separacoes) for a in snapshot.allocations.values())
    abertos = sum(1 for a in alerts if a.reconhecido_em is None)
    print(f"Banco: {app.db_description}")
    print(
        f"Carteira: {len(snapshot.lines)} linhas; {pres} pré-separações; {seps} separações; {abertos} alertas abertos."
    )
    for key in sorted(snapshot.lines):
        line = snapshot.lines[key]
        print(
            f"  {key[0]}/{key[1]}: saldo {fmt_qtd(line.qtd_saldo)}, livre {fmt_qtd(snapshot.saldo_livre(key))}"
            + (f" — {line.cliente}" if line.cliente else "")
        )
    return EXIT_OK


def cmd_plan(app: App, args: argparse.Namespace) -> int:
    """``plan --source FILE.json | --odoo [--json] [--out PLAN.json]``."""
    plan = _source_plan(app, args)
    if args.out:
        try:
            args.out.write_text(plan.dumps(), encoding="utf-8")
        except OSError as exc:
            raise CarteiraError(
                f"O plano não pôde ser salvo em {args.out} ({exc.strerror}). Nada foi alterado; indique outro caminho."
            ) from None
    if args.json:
        _dump(plan.to_json(), sys.stdout)
    else:
        print(format_plan(plan))
    return EXIT_CHANGES if plan.has_changes else EXIT_OK


def _confirm(plan: Plan, args: argparse.Namespace) -> None:
    if args.yes:
        return
    if not sys.stdin.isatty():
        raise ConfirmationRequired(
            "Aplicar exige confirmação e não há terminal para perguntar. Nada foi alterado; "
            "revise o plano e use --yes para aplicá-lo."
        )
    print(format_plan(plan))
    if not plan.has_changes:
        return
    answer = input("Aplicar este plano? Digite 's' para confirmar: ").strip().lower()
    if answer not in ("s", "sim", "y", "yes"):
        raise ConfirmationRequired("Aplicação cancelada. Nada foi alterado.")


def cmd_apply(app: App, args: argparse.Namespace) -> int:
    """``apply (--source FILE.json | --odoo | --plan PLAN.json) --yes [--allow-mass-removal] [--by NAME]``."""
    if args.safe_only:
        return _apply_safe(app, args)
    if args.plan:
        plan = Plan.from_json(read_json_file(args.plan, "de plano"), args.plan.name)
    else:
        plan = _source_plan(app, args)
    if plan.remocao_em_massa and not args.allow_mass_removal:
        raise plan.mass_removal_refusal()
    _confirm(plan, args)
    result = apply_plan(app.uow, plan, usuario=args.by or _default_user(), allow_mass_removal=args.allow_mass_removal)
    if args.json:
        _dump({"sync_id": result.sync_id, "summary": plan.summary}, sys.stdout)
    elif result.applied:
        s = plan.summary
        print(
            f"Sincronização #{result.sync_id} aplicada: {s['REDUCAO']} redução(ões), {s['AUMENTO']} aumento(s), "
            f"{s['NOVO']} nova(s), {s['REMOVIDO']} removida(s), {s['ALTERADO']} alterada(s); "
            f"{sum(s['alertas'].values())} alerta(s)."
        )
    else:
        print("Nada a aplicar: a carteira já segue a fonte.")
    return EXIT_OK


def _apply_safe(app: App, args: argparse.Namespace) -> int:
    """``apply (--source F | --odoo) --safe-only``: an unattended sync (docs/regras.md, automatic syncs)."""
    if args.plan:
        raise UsageError(
            "--safe-only vale com --source ou --odoo, não com --plan (um plano salvo é aplicado por um planejador). "
            "Nada foi alterado."
        )
    source = app.odoo_source() if args.odoo else app.file_source(args.source)
    split, timings = compute_split(app.uow, source, app.options)
    log.info("plan: fetch %.3fs load %.3fs plan %.3fs", timings.fetch_s, timings.load_s, timings.plan_s)
    if any(h.motivo == MOTIVO_MASSA for h in split.held):
        # Nothing is applied: the refusal speaks of the whole plan (every change was held).
        raise dataclasses.replace(split.safe, changes=[h.change for h in split.held]).mass_removal_refusal()
    result = apply_safe(app.uow, split, usuario=args.by or app.settings.auto_user)
    held = split.held
    if args.json:
        _dump(
            {
                "sync_id": result.sync_id,
                "automatico": True,
                "summary": split.safe.summary,
                "retidas": [
                    {
                        **h.change.to_json(),
                        "motivo": h.motivo,
                        "nivel": h.change.nivel.value if h.change.nivel else None,
                    }
                    for h in held
                ],
            },
            sys.stdout,
        )
    else:
        s = split.safe.summary
        if result.applied:
            print(
                f"Sincronização automática #{result.sync_id} aplicada: {s['REDUCAO']} redução(ões), "
                f"{s['AUMENTO']} aumento(s), {s['NOVO']} nova(s), {s['REMOVIDO']} removida(s), "
                f"{s['ALTERADO']} alterada(s)."
            )
        else:
            print("Nada seguro a aplicar automaticamente.")
        if held:
            levels = split.held_levels
            print(
                f"{len(held)} mudança(s) retida(s) para um planejador ({levels[Nivel.CRITICO]} CRÍTICO, "
                f"{levels[Nivel.ATENCAO]} ATENÇÃO), intocadas até um 'apply' revisado:"
            )
            for h in held:
                c = h.change
                print(
                    f"  {c.tipo.value} {c.num_pedido}/{c.cod_produto}: {fmt_qtd(c.qtd_antes)} → "
                    f"{fmt_qtd(c.qtd_depois)} — {h.motivo}"
                )
    return EXIT_HELD if held else EXIT_OK


def cmd_alerts(app: App, args: argparse.Namespace) -> int:
    """``alerts [--all] [--json]``."""
    alerts = list_alerts(app.uow, include_acknowledged=args.all)
    if args.json:
        _dump([views.alert_json(a) for a in alerts], sys.stdout)
        return EXIT_OK
    if not alerts:
        print("Nenhum alerta." if args.all else "Nenhum alerta aberto.")
    for a in alerts:
        ack = f" — reconhecido por {a.reconhecido_por}" if a.reconhecido_por else ""
        print(f"#{a.id} {a.nivel} {a.tipo} {a.num_pedido}/{a.cod_produto}: {a.mensagem}{ack}")
    return EXIT_OK


def cmd_ack(app: App, args: argparse.Namespace) -> int:
    """``ack ALERT_ID... --by NAME [--note TEXT]``."""
    by = args.by.strip()
    if not by:
        raise CarteiraError("Informe quem reconhece em --by. Nenhum alerta foi reconhecido.")
    result = acknowledge(app.uow, args.ids, by, args.note)
    already = result.already
    print(
        f"{len(result.done)} alerta(s) reconhecido(s) por {by}." + (f" Já reconhecidos: {already}." if already else "")
    )
    return EXIT_OK


def cmd_history(app: App, args: argparse.Namespace) -> int:
    """``history [--json]``."""
    runs = list_runs(app.uow)
    if args.json:
        _dump([views.run_json(r) for r in runs], sys.stdout)
        return EXIT_OK
    if not runs:
        print("Nenhuma sincronização aplicada ainda.")
    for r in runs:
        c = r.counts
        print(
            f"#{r.id} {r.iniciado_em.astimezone().strftime('%d/%m/%Y %H:%M')} por {r.usuario} ({r.origem}): "
            f"{c['REDUCAO']} red., {c['AUMENTO']} aum., {c['NOVO']} novas, {c['REMOVIDO']} rem., "
            f"{c['ALTERADO']} alt.; {r.alertas['CRITICO']} críticos; {r.duracao_s:.2f} s"
        )
    return EXIT_OK


def cmd_report(app: App, args: argparse.Namespace) -> int:
    """``report [--run ID] --format csv|xlsx|pdf --output FILE``."""
    path = export_run_report(app.uow, app.report_writer, args.format, args.output, args.run)
    print(f"Relatório gravado em {path}.")
    return EXIT_OK


# -- the planners' decisions ---------------------------------------------------------------------------


def _who(args: argparse.Namespace) -> str:
    by: str | None = args.by
    return _default_user() if by is None else by


def _day(value: str | None, option: str) -> date | None:
    """A date typed after ``option`` (YYYY-MM-DD); one sentence when it is not one."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise CarteiraError(
            f"Data inválida em {option}: {value!r}. Nada foi gravado; use AAAA-MM-DD (por exemplo 2026-11-30)."
        ) from None


def _number_text(value: str) -> str:
    """A number as typed: ``12,5`` (pt-BR) is ``12.5``; the use case refuses what is not a number."""
    text = value.strip()
    return text.replace(",", ".") if text.count(",") == 1 and "." not in text else text


def _money(value: str | None, option: str) -> Decimal | None:
    if value is None:
        return None
    try:
        number = parse_field("valor_frete", _number_text(value))
    except ValueError:
        number = None
    if not isinstance(number, Decimal):
        raise CarteiraError(f"Valor inválido em {option}: {value!r}. Nada foi gravado; informe um número, como 150,00.")
    return number


def _items(values: Sequence[str]) -> dict[str, object]:
    """``PRODUTO=QTD`` arguments by product (the last ``=`` splits: a product code may hold one)."""
    items: dict[str, object] = {}
    for value in values:
        produto, sep, quantity = value.rpartition("=")
        produto = produto.strip()
        if not sep or not produto:
            raise CarteiraError(
                f"Item inválido: {value!r}. Nada foi gravado; "
                "escreva cada item como PRODUTO=QTD (por exemplo PROD001=30)."
            )
        if produto in items:
            raise CarteiraError(f"O produto {produto} aparece duas vezes. Nada foi gravado; informe-o uma vez só.")
        text = _number_text(quantity)
        number = parse_decimal(text)
        items[produto] = 0 if number is not None and number == 0 else text
    return items


def _brl(value: Decimal) -> str:
    """Money in pt-BR: ``1.234,50``."""
    return f"{value:,.2f}".replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def _lote_line(lote: views.LoteView) -> str:
    """``LOTE-20261130-0001 PED001 COTADO (expedição 30/11/2026, …): PROD001 30 (parcial); PROD002 5 (total)``."""
    facts = []
    if lote.data_expedicao:
        facts.append(f"expedição {lote.data_expedicao:%d/%m/%Y}")
    if lote.transportadora:
        facts.append(f"transportadora {lote.transportadora}")
    if lote.valor_frete is not None:
        facts.append(f"frete R$ {_brl(lote.valor_frete)}")
    if lote.data_embarque:
        facts.append(f"embarque {lote.data_embarque:%d/%m/%Y}")
    if lote.numero_nf:
        facts.append(f"NF {lote.numero_nf}")
    if lote.criado_por:
        facts.append(f"por {lote.criado_por}")
    rows = "; ".join(f"{i.cod_produto} {fmt_qtd(i.qtd)} ({i.tipo_envio})" for i in lote.itens) or "sem linhas"
    detail = f" ({', '.join(facts)})" if facts else ""
    return f"{lote.lote} {lote.num_pedido} {lote.status}{detail}: {rows}"


def _pre_line(pre: views.PreView) -> str:
    day = f" para {pre.data_expedicao:%d/%m/%Y}" if pre.data_expedicao else ""
    return f"Pré-separação #{pre.id} de {pre.num_pedido}/{pre.cod_produto}: {fmt_qtd(pre.qtd)} ({pre.tipo_envio}){day}"


def cmd_pre(app: App, args: argparse.Namespace) -> int:
    """``pre add|edit|delete``."""
    if args.action == "add":
        made = make_pre(
            app.uow,
            args.pedido,
            args.produto,
            _number_text(args.qtd),
            _day(args.expedicao, "--expedicao"),
            by=_who(args),
            tipo_envio=TipoEnvio(args.tipo) if args.tipo else None,
            observacao=args.obs,
        )
        if args.json:
            _dump(views.pre_json(made), sys.stdout)
        else:
            print(made.id)
        return EXIT_OK
    if args.action == "edit":
        if args.qtd is None and args.expedicao is None and args.obs is None:
            raise CarteiraError(
                f"Nada a alterar na pré-separação #{args.id}. Nada foi gravado; informe --qtd, --expedicao ou --obs."
            )
        edited = edit_pre(
            app.uow,
            args.id,
            by=_who(args),
            qtd=None if args.qtd is None else _number_text(args.qtd),
            data_expedicao=_day(args.expedicao, "--expedicao"),
            observacao=args.obs,
        )
        if args.json:
            _dump(views.pre_json(edited), sys.stdout)
        else:
            print(_pre_line(edited) + ".")
        return EXIT_OK
    deleted = delete_pre(app.uow, args.id, by=_who(args))
    print(f"{_pre_line(deleted)} — excluída.")
    return EXIT_OK


def _print_lote(lote: views.LoteView, as_json: bool, text: str) -> None:
    if as_json:
        _dump(views.lote_json(lote), sys.stdout)
    else:
        print(text)


def cmd_lote(app: App, args: argparse.Namespace) -> int:
    """``lote add|from-pre|edit|status|delete``."""
    by = _who(args)
    if args.action == "add":
        if args.all == bool(args.itens):
            raise CarteiraError(
                "Informe os itens do lote como PRODUTO=QTD ou use --all (um dos dois). Nada foi gravado."
            )
        rows: Mapping[str, object] | None = None if args.all else _items(args.itens)
        made = make_lote(app.uow, args.pedido, rows, _day(args.expedicao, "--expedicao"), by=by, observacao=args.obs)
        _print_lote(made, args.json, made.lote)
    elif args.action == "from-pre":
        made = lote_from_pres(app.uow, args.pre_ids, by=by, data_expedicao=_day(args.expedicao, "--expedicao"))
        _print_lote(made, args.json, made.lote)
    elif args.action == "edit":
        edited = edit_lote(app.uow, args.lote, _items(args.itens), by=by)
        _print_lote(edited, args.json, _lote_line(edited))
    elif args.action == "status":
        moved = move_lote(
            app.uow,
            args.lote,
            args.status,
            by=by,
            note=args.note,
            transportadora=args.transportadora,
            valor_frete=_money(args.frete, "--frete"),
            data_embarque=_day(args.embarque, "--embarque"),
            numero_nf=args.nf,
        )
        _print_lote(moved, args.json, _lote_line(moved))
    else:
        deleted = delete_lote(app.uow, args.lote, by=by)
        print(f"Lote {deleted.lote} excluído ({len(deleted.itens)} linha(s) de volta ao saldo livre).")
    return EXIT_OK


def cmd_lotes(app: App, args: argparse.Namespace) -> int:
    """``lotes [--status S] [--pedido P] [--json]``."""
    lotes = list_lotes(app.uow, status=args.status, pedido=args.pedido)
    if args.json:
        _dump([views.lote_json(lote) for lote in lotes], sys.stdout)
        return EXIT_OK
    if not lotes:
        print("Nenhum lote.")
    for lote in lotes:
        print(_lote_line(lote))
    return EXIT_OK


def format_import(preview: ImportPreview) -> list[str]:
    """What an import creates: counts, then each pré-separação and lote with the rows of the file."""
    lines = [f"{len(preview.pres)} pré-separação(ões) e {len(preview.lotes)} lote(s) com {preview.sep_rows} linha(s)."]
    for p in preview.pres:
        lines.append(
            f"  pré-separação {p.num_pedido}/{p.cod_produto}: {fmt_qtd(p.qtd)} ({p.tipo_envio}) "
            f"para {p.data_expedicao:%d/%m/%Y} [{p.label}]"
        )
    for lote in preview.lotes:
        rows = "; ".join(f"{r.cod_produto} {fmt_qtd(r.qtd)} ({r.tipo_envio})" for r in lote.rows)
        lines.append(f"  lote {lote.lote} {lote.num_pedido} {lote.status}: {rows} [{', '.join(lote.labels)}]")
    return lines


def cmd_import_allocations(app: App, args: argparse.Namespace) -> int:
    """``import-allocations FILE.xlsx|csv|json [--dry-run] [--by NAME]``."""
    rows = read_allocation_file(args.file)
    result = import_allocations(app.uow, rows, args.file.name, by=_who(args), dry_run=args.dry_run)
    body = format_import(result.preview)
    if result.dry_run:
        print(f"Simulação da importação de {args.file.name} (nada foi gravado): {body[0]}")
    else:
        print(f"Importado de {args.file.name}: {body[0]}")
    for line in body[1:]:
        print(line)
    return EXIT_OK


def cmd_demo_odoo(args: argparse.Namespace) -> int:
    """``demo-odoo``: the local Odoo server in the foreground."""
    run_demo_odoo(
        host=args.host,
        port=args.port,
        lines=args.lines,
        seed=args.seed,
        db_name=args.db_name,
        user=args.user,
        password=args.password,
        dataset_path=args.dataset,
        odoo_version=args.odoo_version,
        delay_s=args.delay,
    )
    return EXIT_OK


COMMANDS: dict[str, Callable[[App, argparse.Namespace], int]] = {
    "seed": cmd_seed,
    "state": cmd_state,
    "plan": cmd_plan,
    "apply": cmd_apply,
    "alerts": cmd_alerts,
    "ack": cmd_ack,
    "history": cmd_history,
    "report": cmd_report,
    "pre": cmd_pre,
    "lote": cmd_lote,
    "lotes": cmd_lotes,
    "import-allocations": cmd_import_allocations,
}


_STDERR_MARK = "_carteira_sync_stderr"


def _configure_logging(debug: bool) -> None:
    """Log lines are for support: they go to the command's log file, and to stderr only with ``--debug``.

    Without it stderr carries the one sentence of a failure and nothing else (a retried timeout's WARNING or
    a driver's "error ignored terminating <Pipeline>" would come before it).
    """
    with contextlib.suppress(OSError):  # a read-only home folder must not stop the command
        setup_logging(level=logging.DEBUG if debug else logging.INFO, filename=CLI_LOG_FILE)
    root = logging.getLogger()
    if debug and not any(getattr(h, _STDERR_MARK, False) for h in root.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
        setattr(handler, _STDERR_MARK, True)
        root.addHandler(handler)
        root.setLevel(logging.DEBUG)


def run(argv: Sequence[str] | None = None) -> int:
    """Parse ``argv``, run the command and return its exit status (no ``sys.exit``)."""
    debug = "--debug" in (sys.argv[1:] if argv is None else argv)
    try:
        args = build_parser().parse_args(argv)
    except UsageError as exc:
        return _fail(exc, EXIT_ERROR, debug)
    _configure_logging(args.debug)
    app: App | None = None
    try:
        if args.command == "demo-odoo":
            return cmd_demo_odoo(args)
        app = build_app(args.db, args.settings)
        return COMMANDS[args.command](app, args)
    except StalePlan as exc:
        return _fail(exc, EXIT_STALE, args.debug)
    except MassRemovalRefused as exc:
        return _fail(exc, EXIT_MASS_REMOVAL, args.debug)
    except CarteiraError as exc:
        return _fail(exc, EXIT_ERROR, args.debug)
    except KeyboardInterrupt:
        # An interrupted apply's transaction is rolled back by the database: nothing is half-written.
        print("Interrompido. Nada foi alterado.", file=sys.stderr)
        return EXIT_ERROR
    except Exception as exc:
        if is_database_failure(exc):
            # A driver error that SQLAlchemy did not wrap (the store's raw cursors): still a database failure.
            return _fail(DatabaseError(describe_failure(_db_url(app, args), exc)), EXIT_ERROR, args.debug, exc)
        return _fail(
            CarteiraError(
                f"Erro inesperado ({exc.__class__.__name__}: {exc}). Nada foi alterado; "
                "rode de novo com --debug e envie a saída ao suporte."
            ),
            EXIT_ERROR,
            args.debug,
            exc,
        )
    finally:
        if app is not None:
            app.close()


def _db_url(app: App | None, args: argparse.Namespace) -> str:
    return app.db_url if app else (args.db or os.environ.get("CARTEIRA_DB_URL", "padrão"))


def _fail(error: BaseException, code: int, debug: bool, cause: BaseException | None = None) -> int:
    """Print ``error`` as its one sentence on stderr (after the traceback with ``--debug``); return ``code``."""
    if debug:
        import traceback

        traceback.print_exception(cause or error, file=sys.stderr)
    print(str(error), file=sys.stderr)
    return code


def main(argv: Sequence[str] | None = None) -> Any:
    """Console-script entry point."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="replace")
    sys.exit(run(argv))


if __name__ == "__main__":
    main()
