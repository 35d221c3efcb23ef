"""The change report as a value: what a sync did (or what a reviewed plan would do), ready to write.

Both sources of a report — a run stored in the database and an unapplied ``Plan`` — are turned into the same
``ChangeReport``, so the CSV, XLSX and PDF writers never need to know where the facts came from. Texts are
rendered here once, in pt-BR (decimal comma, ``dd/mm/yyyy``), so every format says the same thing — and with
the window's words: one word per kind of change (Removida, Redução, Aumento, Nova, Alterada), kinds destructive
first.

Just over 500 lines: the words, the columns and the two constructors of one report are kept together so that
the three writers cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from carteira_gui.adapters.reports.formatting import (
    EMPTY_FIELD,
    date_br,
    decimal_br,
    duration_br,
    int_br,
    pct_br,
)
from carteira_gui.domain.impact import render_impact
from carteira_gui.domain.model import DATE_CAMPOS, NIVEL_ORDER, Nivel, TipoMudanca
from carteira_gui.domain.plan import AlertaPlano, Change, Plan
from carteira_gui.domain.quantities import fmt_qtd
from carteira_gui.services.views import AlertView, ChangeView, RunView

#: A value of a report cell. Writers render by type: numbers stay numbers, text is neutralised.
Cell = str | int | float | Decimal | datetime | None

#: The groups of a report, in the order they are shown: destructive first, as in the window's review.
KINDS: tuple[str, ...] = ("REMOVIDO", "REDUCAO", "AUMENTO", "NOVO", "ALTERADO")

#: One word per kind of change, the same in every format and in the window: the "Tipo" column, the XLSX sheet
#: names, the PDF headings and the summary's counts.
KIND_LABELS: Mapping[str, str] = {
    "REMOVIDO": "Removida",
    "REDUCAO": "Redução",
    "AUMENTO": "Aumento",
    "NOVO": "Nova",
    "ALTERADO": "Alterada",
    "INALTERADO": "Inalterada",
}
#: Group titles are the kind's own word (one word per kind everywhere).
KIND_TITLES: Mapping[str, str] = KIND_LABELS

LEVELS: tuple[str, ...] = tuple(n.value for n in sorted(Nivel, key=NIVEL_ORDER.__getitem__))
LEVEL_LABELS: Mapping[str, str] = {"CRITICO": "CRÍTICO", "ATENCAO": "ATENÇÃO", "INFO": "INFO"}

#: What raised an alert, in the words of the kinds of change (a removal alert is the "Removida" kind).
ALERT_KIND_LABELS: Mapping[str, str] = {
    "REDUCAO": KIND_LABELS["REDUCAO"],
    "REMOCAO": KIND_LABELS["REMOVIDO"],
    "AUMENTO": KIND_LABELS["AUMENTO"],
    "NAO_COBERTO": "Não coberto",
}

FIELD_LABELS: Mapping[str, str] = {
    "nome_produto": "nome do produto",
    "cliente": "cliente",
    "cnpj_cpf": "CNPJ/CPF",
    "municipio": "município",
    "uf": "UF",
    "data_pedido": "data do pedido",
    "data_entrega": "data de entrega",
    "preco": "preço",
}

#: Columns of a change line (the CSV puts "Tipo" in front; a per-kind sheet or table does not need it). Lines
#: that Odoo sent more than once and that were summed say so in their impact (``ReportLine.impacto_text``).
CHANGE_HEADERS: tuple[str, ...] = (
    "Nível",
    "Pedido",
    "Produto",
    "Cliente",
    "Antes",
    "Depois",
    "Variação",
    "Não coberto",
    "Impacto",
    "Campos alterados",
)

ALERT_HEADERS: tuple[str, ...] = (
    "Nº",
    "Nível",
    "Tipo",
    "Pedido",
    "Produto",
    "Lote",
    "Separação",
    "Qtd anterior",
    "Qtd nova",
    "Mensagem",
    "Sincronização",
    "Criado em",
    "Reconhecido por",
    "Reconhecido em",
    "Nota",
)

#: Label of the run id among the facts (an id is shown as ``#12``, never grouped like a count).
RUN_LABEL = "Sincronização"

_NO_LEVEL_RANK = len(LEVELS)


def _level_rank(nivel: str | None) -> int:
    return LEVELS.index(nivel) if nivel in LEVELS else _NO_LEVEL_RANK


@dataclass(frozen=True, slots=True)
class ReportLine:
    """One changed carteira line, with its impact already rendered as text."""

    tipo: str
    num_pedido: str
    cod_produto: str
    cliente: str | None
    qtd_antes: Decimal
    qtd_depois: Decimal
    nao_coberto: Decimal
    impacto: str
    campos: tuple[str, ...]
    nivel: str | None
    linhas_somadas: int = 1

    @property
    def delta(self) -> Decimal:
        """qtd_depois − qtd_antes."""
        return self.qtd_depois - self.qtd_antes

    @property
    def nivel_label(self) -> str:
        """The alert level as shown (``CRÍTICO``), empty when the line raised no alert."""
        return LEVEL_LABELS.get(self.nivel, self.nivel) if self.nivel else ""

    @property
    def impacto_text(self) -> str:
        """The impact, saying when Odoo sent the line several times and the quantities were summed."""
        if self.linhas_somadas > 1:
            return f"{self.impacto} [{self.linhas_somadas} linhas do Odoo somadas]"
        return self.impacto

    @property
    def campos_text(self) -> str:
        """Every changed field, ``campo: antes → depois``, separated by ``; ``."""
        return "; ".join(self.campos)

    def cells(self) -> tuple[Cell, ...]:
        """The values of ``CHANGE_HEADERS``, typed (quantities are ``Decimal``)."""
        return (
            self.nivel_label,
            self.num_pedido,
            self.cod_produto,
            self.cliente or "",
            self.qtd_antes,
            self.qtd_depois,
            self.delta,
            self.nao_coberto,
            self.impacto_text,
            self.campos_text,
        )


@dataclass(frozen=True, slots=True)
class ReportAlert:
    """An alert of the report: stored (with id and acknowledgement) or raised by an unapplied plan."""

    nivel: str
    tipo: str
    num_pedido: str
    cod_produto: str
    mensagem: str
    qtd_anterior: Decimal
    qtd_nova: Decimal
    lote: str | None = None
    separacao_id: int | None = None
    id: int | None = None
    sync_id: int | None = None
    criado_em: datetime | None = None
    reconhecido_por: str | None = None
    reconhecido_em: datetime | None = None
    nota: str | None = None

    @property
    def nivel_label(self) -> str:
        """``CRÍTICO``, ``ATENÇÃO`` or ``INFO``."""
        return LEVEL_LABELS.get(self.nivel, self.nivel)

    @property
    def tipo_label(self) -> str:
        """What kind of change raised it, in pt-BR."""
        return ALERT_KIND_LABELS.get(self.tipo, self.tipo)

    def cells(self) -> tuple[Cell, ...]:
        """The values of ``ALERT_HEADERS``, typed."""
        return (
            self.id,
            self.nivel_label,
            self.tipo_label,
            self.num_pedido,
            self.cod_produto,
            self.lote or "",
            self.separacao_id,
            self.qtd_anterior,
            self.qtd_nova,
            self.mensagem,
            self.sync_id,
            self.criado_em,
            self.reconhecido_por or "",
            self.reconhecido_em,
            self.nota or "",
        )


@dataclass(frozen=True, slots=True)
class ChangeReport:
    """The change report of one sync run, or of a reviewed plan that is not applied yet (``run_id`` None).

    ``lines`` hold every change (not INALTERADO), most severe first within each kind; ``alerts`` the alerts the
    run raised or updated (or the plan would raise), most severe first.
    """

    title: str
    generated_at: datetime
    run_id: int | None
    when: datetime
    who: str
    origem: str
    counts: Mapping[str, int]
    alert_counts: Mapping[str, int]
    delta_total: Decimal
    duration_s: float | None
    lines_before: int | None
    lines_after: int | None
    lines: tuple[ReportLine, ...]
    alerts: tuple[ReportAlert, ...]
    notes: tuple[str, ...] = field(default=())

    @property
    def applied(self) -> bool:
        """Whether the report describes an applied sync (rather than a plan under review)."""
        return self.run_id is not None

    @property
    def subject(self) -> str:
        """``sincronização #3`` or ``plano não aplicado``."""
        return f"sincronização #{self.run_id}" if self.run_id is not None else "plano não aplicado"

    def group(self, tipo: str) -> tuple[ReportLine, ...]:
        """The lines of one kind, in report order."""
        return tuple(line for line in self.lines if line.tipo == tipo)

    def groups(self) -> list[tuple[str, tuple[ReportLine, ...]]]:
        """Every kind of ``KINDS`` with its lines (possibly none), in display order."""
        return [(tipo, self.group(tipo)) for tipo in KINDS]

    def facts(self) -> list[tuple[str, Cell]]:
        """Who, when, where from and how much, as label/value pairs."""
        rows: list[tuple[str, Cell]] = [
            ("Relatório", self.title),
            ("Situação", "Aplicada" if self.applied else "Plano revisado, ainda NÃO aplicado"),
            (RUN_LABEL, self.run_id),
            ("Data" if self.applied else "Plano gerado em", self.when),
            ("Aplicada por" if self.applied else "Revisado por", self.who),
            ("Origem", self.origem),
            ("Linhas da carteira antes", self.lines_before),
            ("Linhas da carteira depois", self.lines_after),
            ("Variação total de quantidade", self.delta_total),
        ]
        if self.duration_s is not None:
            rows.append(("Duração", duration_br(self.duration_s)))
        rows.append(("Relatório gerado em", self.generated_at))
        return rows

    def count_rows(self) -> list[tuple[str, int]]:
        """Lines per kind and alerts per level, as label/count pairs."""
        rows = [(KIND_LABELS[t], self.counts.get(t, 0)) for t in (*KINDS, "INALTERADO")]
        rows += [(f"Alertas {LEVEL_LABELS[n]}", self.alert_counts.get(n, 0)) for n in LEVELS]
        return rows

    def summary_rows(self) -> list[tuple[str, Cell]]:
        """Facts, counts and notes: the "Resumo" of every format."""
        rows: list[tuple[str, Cell]] = [*self.facts(), *self.count_rows()]
        rows += [("Observação", note) for note in self.notes]
        return rows


# -- impact text ---------------------------------------------------------------------------------------


def impact_line(change: Change | ChangeView, *, decimal_comma: bool = False, with_campos: bool = True) -> str:
    """A one-line impact of a planned or stored change (``domain.impact.render_impact``).

    ``decimal_comma`` renders quantities as a spreadsheet reads them (``−12,5``, no thousands dot) and
    ``with_campos=False`` leaves out the names of the changed fields (a report lists them in a column).
    """
    fmt = (lambda value: fmt_qtd(value, thousands=None)) if decimal_comma else fmt_qtd
    return render_impact(change, fmt=fmt, with_campos=with_campos)


# -- changed fields ------------------------------------------------------------------------------------


def _field_text(name: str, value: object) -> str:
    if value is None or value == "":
        return EMPTY_FIELD
    if isinstance(value, datetime):
        return date_br(value.date())
    if isinstance(value, date):
        return date_br(value)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, Decimal):
        return decimal_br(value)
    if isinstance(value, int | float):
        # A stored price went through JSON as int/float; repr keeps the digits it was written with.
        try:
            return decimal_br(Decimal(repr(value)))
        except InvalidOperation:
            return str(value)
    text = str(value)
    if name in DATE_CAMPOS:
        try:
            return date_br(date.fromisoformat(text))
        except ValueError:
            return text
    return text


def campos_texts(campos: Mapping[str, Any]) -> tuple[str, ...]:
    """Each changed field as ``campo: antes → depois`` (values in pt-BR), in the order given."""
    out: list[str] = []
    for name, pair in campos.items():
        before, after = pair
        label = FIELD_LABELS.get(name, name)
        out.append(f"{label}: {_field_text(name, before)} → {_field_text(name, after)}")
    return tuple(out)


def _changed_fields(tipo: str, campos: Mapping[str, Any]) -> tuple[str, ...]:
    # The fields of a new line are its data, not changes ("cliente: (vazio) → X" would only be noise).
    return () if tipo == TipoMudanca.NOVO else campos_texts(campos)


# -- constructors --------------------------------------------------------------------------------------


def _sorted_lines(lines: list[ReportLine]) -> tuple[ReportLine, ...]:
    # Within a kind the most severe lines come first: the COTADO separações are what a planner must see.
    return tuple(sorted(lines, key=lambda r: (_level_rank(r.nivel), r.num_pedido, r.cod_produto)))


def _sorted_alerts(alerts: list[ReportAlert]) -> tuple[ReportAlert, ...]:
    return tuple(sorted(alerts, key=lambda a: (_level_rank(a.nivel), a.num_pedido, a.cod_produto, a.id or 0)))


def _worst(levels: list[str]) -> str | None:
    return min(levels, key=_level_rank) if levels else None


def _now(now: datetime | None) -> datetime:
    return now if now is not None else datetime.now(UTC)


def report_from_run(
    run: RunView, changes: list[ChangeView], stored_alerts: list[AlertView], *, now: datetime | None = None
) -> ChangeReport:
    """The report of a stored sync run, its changes and the alerts it raised or last updated.

    A line's alert level comes from those alerts; an alert merged into a later run shows in that later report.
    """
    levels_by_key: dict[tuple[str, str], list[str]] = {}
    for a in stored_alerts:
        levels_by_key.setdefault((a.num_pedido, a.cod_produto), []).append(a.nivel)
    lines = [
        ReportLine(
            tipo=c.tipo,
            num_pedido=c.num_pedido,
            cod_produto=c.cod_produto,
            cliente=c.cliente,
            qtd_antes=c.qtd_antes,
            qtd_depois=c.qtd_depois,
            nao_coberto=c.nao_coberto,
            impacto=impact_line(c, decimal_comma=True, with_campos=False),
            campos=_changed_fields(str(c.tipo), c.campos),
            nivel=_worst(levels_by_key.get((c.num_pedido, c.cod_produto), [])),
            linhas_somadas=c.linhas_somadas,
        )
        for c in changes
    ]
    alerts = [
        ReportAlert(
            nivel=a.nivel,
            tipo=a.tipo,
            num_pedido=a.num_pedido,
            cod_produto=a.cod_produto,
            mensagem=a.mensagem,
            qtd_anterior=a.qtd_anterior,
            qtd_nova=a.qtd_nova,
            lote=a.lote,
            separacao_id=a.separacao_id,
            id=a.id,
            sync_id=a.sync_id,
            criado_em=a.criado_em,
            reconhecido_por=a.reconhecido_por,
            reconhecido_em=a.reconhecido_em,
            nota=a.nota,
        )
        for a in stored_alerts
    ]
    return ChangeReport(
        title=f"Relatório de mudanças — sincronização #{run.id}",
        generated_at=_now(now),
        run_id=run.id,
        when=run.iniciado_em,
        who=run.usuario,
        origem=run.origem,
        counts=dict(run.counts),
        alert_counts=dict(run.alertas),
        delta_total=run.delta_total,
        duration_s=run.duracao_s,
        lines_before=run.linhas_antes,
        lines_after=run.linhas_depois,
        lines=_sorted_lines(lines),
        alerts=_sorted_alerts(alerts),
    )


#: Who reviewed a plan when the window does not know the planner's name yet (never the OS login: the report
#: would name the wrong person).
UNKNOWN_USER = "não informado"


def _plan_alert(a: AlertaPlano) -> ReportAlert:
    return ReportAlert(
        nivel=a.nivel.value,
        tipo=a.tipo.value,
        num_pedido=a.num_pedido,
        cod_produto=a.cod_produto,
        mensagem=a.mensagem,
        qtd_anterior=a.qtd_anterior,
        qtd_nova=a.qtd_nova,
        lote=a.lote,
        separacao_id=a.separacao_id,
    )


def _plan_cliente(change: Change) -> str | None:
    if change.cliente is not None:
        return change.cliente
    pair = change.campos.get("cliente")
    return str(pair[1]) if pair is not None and pair[1] is not None else None


def report_from_plan(plan: Plan, *, usuario: str | None = None, now: datetime | None = None) -> ChangeReport:
    """The report of a reviewed plan that is not applied yet: no run id; who reviewed it, when it was made.

    ``usuario`` is the person exporting it (``UNKNOWN_USER`` when not given: never guessed from the OS login).
    """
    lines = [
        ReportLine(
            tipo=c.tipo.value,
            num_pedido=c.num_pedido,
            cod_produto=c.cod_produto,
            cliente=_plan_cliente(c),
            qtd_antes=c.qtd_antes,
            qtd_depois=c.qtd_depois,
            nao_coberto=c.nao_coberto,
            impacto=impact_line(c, decimal_comma=True, with_campos=False),
            campos=_changed_fields(str(c.tipo), c.campos),
            nivel=c.nivel.value if c.nivel else None,
            linhas_somadas=c.linhas_somadas,
        )
        for c in plan.changes
    ]
    summary = plan.summary
    counts = {k: int(v) for k, v in summary.items() if k != "alertas"}
    added = plan.count(TipoMudanca.NOVO)
    notes = ["Este plano ainda não foi aplicado: nada mudou na carteira."]
    if plan.remocao_em_massa:
        notes.append(
            f"Remoção em massa: {int_br(plan.removidos)} de {int_br(plan.linhas_do_odoo)} linhas do Odoo "
            f"(limite {pct_br(plan.limite_remocao_pct)} %); exige confirmação explícita."
        )
    if plan.ignorados:
        ignored = (
            "1 linha da origem fora dos prefixos do Odoo foi ignorada"
            if plan.ignorados == 1
            else (f"{int_br(plan.ignorados)} linhas da origem fora dos prefixos do Odoo foram ignoradas")
        )
        notes.append(ignored + ".")
    return ChangeReport(
        title="Relatório de mudanças — plano não aplicado",
        generated_at=_now(now),
        run_id=None,
        when=plan.gerado_em,
        who=usuario or UNKNOWN_USER,
        origem=plan.origem,
        counts=counts,
        alert_counts=dict(summary["alertas"]),
        delta_total=plan.delta_total,
        duration_s=None,
        lines_before=plan.linhas_carteira,
        lines_after=plan.linhas_carteira + added - plan.removidos,
        lines=_sorted_lines(lines),
        alerts=_sorted_alerts([_plan_alert(a) for c in plan.changes for a in c.alertas]),
        notes=tuple(notes),
    )
