"""The ``carteira-sync`` command: the sync engine headless, exactly as ../shared/CLI.md specifies.

Exit status: 0 ok (``plan``: no changes), 1 error, 2 ``plan`` found changes, 3 stale plan refused,
4 mass removal refused. Errors are one sentence on stderr; a traceback only with ``--debug``.
"""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy.exc import SQLAlchemyError

from carteira_gui import __version__
from carteira_gui.adapters.db.engine import explain_db_error, is_database_failure
from carteira_gui.adapters.db.store import NotEmpty
from carteira_gui.adapters.sources.json_file import read_json_file
from carteira_gui.bootstrap import App, build_app
from carteira_gui.domain.errors import (
    CarteiraError,
    ConfirmationRequired,
    DatabaseError,
    MassRemovalRefused,
    StalePlan,
)
from carteira_gui.domain.model import TipoMudanca
from carteira_gui.domain.parsing import parse_state_document
from carteira_gui.domain.plan import Change, Plan
from carteira_gui.domain.planner import fmt_qtd
from carteira_gui.services import views
from carteira_gui.services.sync import apply_plan, compute_plan

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_CHANGES = 2
EXIT_STALE = 3
EXIT_MASS_REMOVAL = 4

log = logging.getLogger("carteira_gui.cli")


def _default_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "desconhecido"


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (commands and options of CLI.md, plus a few of our own)."""
    parser = argparse.ArgumentParser(
        prog="carteira-sync",
        description="Sincroniza a carteira local com o Odoo sem perder pré-separações e separações.",
    )
    parser.add_argument("--db", help="URL do banco (padrão: $CARTEIRA_DB_URL ou SQLite na pasta de dados do usuário)")
    parser.add_argument("--settings", type=Path, help="arquivo de configuração TOML (padrão: $CARTEIRA_SETTINGS)")
    parser.add_argument("--debug", action="store_true", help="mostra detalhes técnicos dos erros")
    parser.add_argument("--version", action="version", version=f"carteira-sync {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

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

    p = sub.add_parser("demo-odoo", help="servidor Odoo local de demonstração e testes")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8069)
    p.add_argument("--lines", type=int, default=300)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--db-name", default="demo")
    p.add_argument("--user", default="admin")
    p.add_argument("--password", default="admin")
    p.add_argument("--dataset", default=None, help="arquivo de dados (padrão: gerado a partir da semente)")
    return parser


def _dump(data: object, out: TextIO) -> None:
    out.write(json.dumps(data, ensure_ascii=False, indent=1))
    out.write("\n")


def impact_line(change: Change) -> str:
    """A one-line impact: ``−20 livre; −10 pré-sep #12; −5 LOTE-7 COTADO``."""
    from carteira_gui.adapters.reports import impact_line as report_impact_line

    return report_impact_line(change)


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
            f"ATENÇÃO: remoção em massa — {plan.removidos} de {plan.linhas_carteira} linhas "
            f"(limite {plan.limite_remocao_pct:g} %)."
        )
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
    plan, timings = compute_plan(app.store, source, app.options)
    log.info("plan: fetch %.3fs load %.3fs plan %.3fs", timings.fetch_s, timings.load_s, timings.plan_s)
    return plan


def cmd_seed(app: App, args: argparse.Namespace) -> int:
    """``seed STATE.json [--replace]``."""
    document = read_json_file(args.state_file, "de estado")
    state = parse_state_document(document, str(args.state_file.name))
    try:
        counts = app.store.seed(state, replace=args.replace)
    except NotEmpty:
        raise CarteiraError(
            f"O banco de dados {app.db_description} já tem dados. Nada foi alterado; "
            "use 'seed --replace' para substituí-los."
        ) from None
    print(
        f"Estado carregado: {counts['carteira']} linhas, {counts['pre_separacoes']} pré-separações, "
        f"{counts['separacoes']} separações."
    )
    return EXIT_OK


def cmd_state(app: App, args: argparse.Namespace) -> int:
    """``state [--json]``."""
    snapshot, alerts = app.store.export_state()
    if args.json:
        _dump(views.state_json(snapshot, alerts), sys.stdout)
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
    if args.plan:
        plan = Plan.from_json(read_json_file(args.plan, "de plano"), args.plan.name)
    else:
        plan = _source_plan(app, args)
    if plan.remocao_em_massa and not args.allow_mass_removal:
        raise MassRemovalRefused(plan.removidos, plan.linhas_carteira, plan.limite_remocao_pct)
    _confirm(plan, args)
    result = apply_plan(app.store, plan, usuario=args.by or _default_user(), allow_mass_removal=args.allow_mass_removal)
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


def cmd_alerts(app: App, args: argparse.Namespace) -> int:
    """``alerts [--all] [--json]``."""
    alerts = app.store.alerts(include_acknowledged=args.all)
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
    done = app.store.acknowledge(args.ids, by, args.note, datetime.now(UTC))
    already = sorted(set(args.ids) - set(done))
    print(f"{len(done)} alerta(s) reconhecido(s) por {by}." + (f" Já reconhecidos: {already}." if already else ""))
    return EXIT_OK


def cmd_history(app: App, args: argparse.Namespace) -> int:
    """``history [--json]``."""
    runs = app.store.runs()
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
    from carteira_gui.adapters.reports import report_from_run, write_report

    path = write_report(report_from_run(app.store, args.run), args.format, args.output)
    print(f"Relatório gravado em {path}.")
    return EXIT_OK


def cmd_demo_odoo(args: argparse.Namespace) -> int:
    """``demo-odoo``: the local Odoo server in the foreground."""
    from carteira_gui.adapters.odoo.server import run_demo_server

    run_demo_server(
        host=args.host,
        port=args.port,
        lines=args.lines,
        seed=args.seed,
        db_name=args.db_name,
        user=args.user,
        password=args.password,
        dataset_path=args.dataset,
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
}


def _own_records(record: logging.LogRecord) -> bool:
    """Let through the program's own log lines only (libraries speak with ``--debug``)."""
    return record.name == "carteira_gui" or record.name.startswith("carteira_gui.")


def run(argv: Sequence[str] | None = None) -> int:
    """Parse ``argv``, run the command and return its exit status (no ``sys.exit``)."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.debug else logging.WARNING, format="%(levelname)s %(message)s")
    if not args.debug:
        # The drivers' own log lines (psycopg's "error ignored terminating <Pipeline>" when a connection
        # drops, say) would come before the one sentence the command prints for the failure itself.
        for handler in logging.getLogger().handlers:
            if isinstance(handler, logging.StreamHandler) and handler.stream in (sys.stderr, sys.__stderr__):
                handler.addFilter(_own_records)
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
    except SQLAlchemyError as exc:
        return _fail(DatabaseError(explain_db_error(_db_url(app, args), exc)), EXIT_ERROR, args.debug, exc)
    except KeyboardInterrupt:
        # An interrupted apply's transaction is rolled back by the database: nothing is half-written.
        print("Interrompido. Nada foi alterado.", file=sys.stderr)
        return EXIT_ERROR
    except Exception as exc:
        if is_database_failure(exc):
            # A driver error that SQLAlchemy did not wrap (the store's raw cursors): still a database failure.
            return _fail(DatabaseError(explain_db_error(_db_url(app, args), exc)), EXIT_ERROR, args.debug, exc)
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
