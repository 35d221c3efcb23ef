"""The Plan: a value that says exactly what a sync will do, with JSON in and out as docs/comando.md specifies."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from carteira_gui.domain.errors import InvalidPlan, MassRemovalRefused
from carteira_gui.domain.model import (
    CAMPOS,
    DATE_CAMPOS,
    ZERO,
    Alvo,
    FieldValue,
    Key,
    Nivel,
    Status,
    TipoAlerta,
    TipoMudanca,
    parse_decimal,
    qtd,
)

PLAN_FORMAT = 1
#: Changes whose quantity moves: the plan depends on these keys' allocations.
QTY_TIPOS = frozenset({TipoMudanca.REDUCAO, TipoMudanca.AUMENTO, TipoMudanca.NOVO, TipoMudanca.REMOVIDO})


def number(value: Decimal) -> int | float:
    """A quantity as a JSON number: an int when whole, else a float.

    Numeric(15,3) values have at most 15 significant digits, which a float round-trips exactly.
    """
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def field_to_json(value: FieldValue) -> str | int | float | None:
    """An Odoo-owned field value as JSON."""
    if isinstance(value, Decimal):
        return number(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


@dataclass(slots=True, frozen=True)
class Impacto:
    """What a change does to the saldo livre or to one allocation: quantity before and after."""

    alvo: Alvo
    qtd_antes: Decimal
    qtd_depois: Decimal
    id: int | None = None
    lote: str | None = None
    status: Status | None = None

    @property
    def delta(self) -> Decimal:
        """qtd_depois − qtd_antes."""
        return self.qtd_depois - self.qtd_antes

    @property
    def excluida(self) -> bool:
        """A pré-separação that this change empties is deleted."""
        return self.alvo is Alvo.PRE_SEPARACAO and self.qtd_depois == 0 and self.qtd_antes > 0

    def to_json(self) -> dict[str, Any]:
        """docs/comando.md form."""
        out: dict[str, Any] = {"alvo": self.alvo.value}
        if self.id is not None:
            out["id"] = self.id
        if self.alvo is Alvo.SEPARACAO:
            out["lote"] = self.lote
            out["status"] = self.status.value if self.status else None
        out["qtd_antes"] = number(self.qtd_antes)
        out["qtd_depois"] = number(self.qtd_depois)
        return out


@dataclass(slots=True, frozen=True)
class AlertaPlano:
    """An alert the plan will raise (persisted, or merged into an open one, when applied)."""

    nivel: Nivel
    tipo: TipoAlerta
    num_pedido: str
    cod_produto: str
    mensagem: str
    qtd_anterior: Decimal
    qtd_nova: Decimal
    separacao_id: int | None = None
    lote: str | None = None
    pre_separacao_id: int | None = None

    def to_json(self) -> dict[str, Any]:
        """docs/comando.md form (plus the quantities and the pré-separação, when there is one)."""
        out: dict[str, Any] = {
            "nivel": self.nivel.value,
            "tipo": self.tipo.value,
            "mensagem": self.mensagem,
            "separacao_id": self.separacao_id,
            "lote": self.lote,
            "qtd_anterior": number(self.qtd_anterior),
            "qtd_nova": number(self.qtd_nova),
        }
        if self.pre_separacao_id is not None:
            out["pre_separacao_id"] = self.pre_separacao_id
        return out


@dataclass(slots=True)
class Change:
    """The change of one key, with its impact on every allocation and the alerts it raises."""

    tipo: TipoMudanca
    num_pedido: str
    cod_produto: str
    qtd_antes: Decimal
    qtd_depois: Decimal
    impactos: list[Impacto] = field(default_factory=list)
    nao_coberto: Decimal = ZERO
    campos: dict[str, tuple[FieldValue, FieldValue]] = field(default_factory=dict)
    alertas: list[AlertaPlano] = field(default_factory=list)
    linhas_somadas: int = 1
    #: For display only (the client of the line); not part of the JSON contract.
    cliente: str | None = None

    @property
    def key(self) -> Key:
        """The key of the changed line."""
        return (self.num_pedido, self.cod_produto)

    @property
    def delta(self) -> Decimal:
        """qtd_depois − qtd_antes."""
        return self.qtd_depois - self.qtd_antes

    @property
    def nivel(self) -> Nivel | None:
        """The most severe alert level of the change, if any."""
        levels = {a.nivel for a in self.alertas}
        for level in (Nivel.CRITICO, Nivel.ATENCAO, Nivel.INFO):
            if level in levels:
                return level
        return None

    @property
    def touches_allocations(self) -> bool:
        """Whether the change alters a pré-separação or a separação."""
        return any(i.alvo is not Alvo.SALDO_LIVRE and i.qtd_antes != i.qtd_depois for i in self.impactos)

    def to_json(self) -> dict[str, Any]:
        """docs/comando.md form."""
        out: dict[str, Any] = {
            "tipo": self.tipo.value,
            "num_pedido": self.num_pedido,
            "cod_produto": self.cod_produto,
            "qtd_antes": number(self.qtd_antes),
            "qtd_depois": number(self.qtd_depois),
            "delta": number(self.delta),
            "impactos": [i.to_json() for i in self.impactos],
            "nao_coberto": number(self.nao_coberto),
            "campos": {k: [field_to_json(a), field_to_json(b)] for k, (a, b) in self.campos.items()},
            "alertas": [a.to_json() for a in self.alertas],
        }
        if self.linhas_somadas > 1:
            out["linhas_somadas"] = self.linhas_somadas
        return out


@dataclass(slots=True)
class Plan:
    """What a sync will do, computed from one state of the carteira (identified by ``fingerprint``)."""

    fingerprint: str
    changes: list[Change]
    inalterados: int
    origem: str
    linhas_carteira: int
    limite_remocao_pct: float = 20.0
    gerado_em: datetime = field(default_factory=lambda: datetime.now(UTC))
    ignorados: int = 0
    #: Lines of the carteira that Odoo owns (all of them without owned prefixes); ``None``: ``linhas_carteira``.
    linhas_odoo: int | None = None
    #: A mass removal also needs at least this many removed lines (1 of 3 is not a mass removal).
    limite_remocao_min: int = 10
    #: Lines Odoo sent that it owns; 0 while the carteira has Odoo lines always needs the confirmation.
    linhas_fonte: int | None = None
    #: What the fetch left out on purpose (code-less goods, by setting), named for the planner.
    deixadas: tuple[str, ...] = ()

    def count(self, tipo: TipoMudanca) -> int:
        """Number of changes of one kind (INALTERADO included)."""
        if tipo is TipoMudanca.INALTERADO:
            return self.inalterados
        return sum(1 for c in self.changes if c.tipo is tipo)

    def alert_counts(self) -> dict[Nivel, int]:
        """Alerts per level."""
        counts = dict.fromkeys(Nivel, 0)
        for change in self.changes:
            for alerta in change.alertas:
                counts[alerta.nivel] += 1
        return counts

    @property
    def summary(self) -> dict[str, Any]:
        """Counts per kind and alerts per level, as docs/comando.md's ``summary``."""
        counts = dict.fromkeys((t.value for t in TipoMudanca), 0)
        for change in self.changes:
            counts[change.tipo.value] += 1
        counts[TipoMudanca.INALTERADO.value] = self.inalterados
        out: dict[str, Any] = dict(counts)
        out["alertas"] = {k.value: v for k, v in self.alert_counts().items()}
        return out

    @property
    def removidos(self) -> int:
        """How many lines the plan removes from the carteira."""
        return self.count(TipoMudanca.REMOVIDO)

    @property
    def linhas_do_odoo(self) -> int:
        """Lines of the carteira that Odoo owns, before the plan."""
        return self.linhas_carteira if self.linhas_odoo is None else self.linhas_odoo

    @property
    def fonte_vazia(self) -> bool:
        """Odoo answered with none of its lines while the carteira holds some (a wrong filter, hidden orders)."""
        return self.linhas_fonte == 0 and self.linhas_do_odoo > 0

    @property
    def remocao_em_massa(self) -> bool:
        """Whether the plan needs the explicit mass-removal confirmation (docs/regras.md, "Guardas").

        It removes more than ``limite_remocao_pct`` % of the lines Odoo owns AND at least ``limite_remocao_min``
        lines — or Odoo sent none of its lines at all while the carteira has some, whatever the count.
        """
        removed = self.removidos
        if removed == 0:
            return False
        if self.fonte_vazia:
            return True
        return removed >= self.limite_remocao_min and removed * 100 > self.limite_remocao_pct * self.linhas_do_odoo

    def mass_removal_refusal(self) -> MassRemovalRefused:
        """The refusal to show when this plan is applied without the mass-removal confirmation."""
        return MassRemovalRefused(
            self.removidos, self.linhas_do_odoo, self.limite_remocao_pct, self.limite_remocao_min, self.fonte_vazia
        )

    @property
    def has_changes(self) -> bool:
        """Whether applying the plan would change anything."""
        return bool(self.changes)

    @property
    def delta_total(self) -> Decimal:
        """Σ of every change's quantity delta."""
        return sum((c.delta for c in self.changes), ZERO)

    @property
    def keys(self) -> list[Key]:
        """The keys of every change: what a check of the plan against the database must read."""
        return [c.key for c in self.changes]

    @property
    def dependency_keys(self) -> list[Key]:
        """Keys whose allocations the plan depends on (and changes)."""
        return [c.key for c in self.changes if c.tipo in QTY_TIPOS]

    def to_json(self) -> dict[str, Any]:
        """docs/comando.md form, plus the facts ``apply --plan`` needs to check it again."""
        return {
            "fingerprint": self.fingerprint,
            "summary": self.summary,
            "changes": [c.to_json() for c in self.changes],
            "formato": PLAN_FORMAT,
            "origem": self.origem,
            "gerado_em": self.gerado_em.isoformat(),
            "linhas_carteira": self.linhas_carteira,
            "linhas_odoo": self.linhas_do_odoo,
            "linhas_fonte": self.linhas_fonte,
            "limite_remocao_pct": self.limite_remocao_pct,
            "limite_remocao_min": self.limite_remocao_min,
            "deixadas": list(self.deixadas),
            "remocao_em_massa": self.remocao_em_massa,
            "ignorados": self.ignorados,
        }

    def dumps(self) -> str:
        """The plan as a JSON document."""
        return json.dumps(self.to_json(), ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, data: object, origin: str = "plano") -> Plan:
        """Read a plan written by ``to_json``; raises ``InvalidPlan`` with one clear sentence."""
        try:
            return _plan_from_json(data)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise InvalidPlan(
                f"O plano {origin} não pôde ser lido ({exc.__class__.__name__}: {exc}). "
                "Nada foi alterado; gere o plano de novo com 'carteira-sync plan --out'."
            ) from None


def _dec(value: object) -> Decimal:
    result = parse_decimal(value)
    if result is None:
        raise ValueError(f"quantidade inválida {value!r}")
    return qtd(result)


def _field_from_json(name: str, value: object) -> FieldValue:
    if value is None:
        return None
    if name in DATE_CAMPOS:
        return date.fromisoformat(str(value))
    if name == "preco":
        result = parse_decimal(value)
        if result is None:
            raise ValueError(f"preco inválido {value!r}")
        return result
    return str(value)


def _plan_from_json(data: object) -> Plan:
    if not isinstance(data, Mapping):
        raise TypeError("o plano deve ser um objeto JSON")
    if data.get("formato", PLAN_FORMAT) != PLAN_FORMAT:
        raise ValueError(f"formato de plano {data.get('formato')!r} desconhecido")
    changes: list[Change] = []
    for raw in data["changes"]:
        impactos = [
            Impacto(
                Alvo(i["alvo"]),
                _dec(i["qtd_antes"]),
                _dec(i["qtd_depois"]),
                i.get("id"),
                i.get("lote"),
                Status(i["status"]) if i.get("status") else None,
            )
            for i in raw["impactos"]
        ]
        alertas = [
            AlertaPlano(
                Nivel(a["nivel"]),
                TipoAlerta(a["tipo"]),
                raw["num_pedido"],
                raw["cod_produto"],
                str(a["mensagem"]),
                _dec(a.get("qtd_anterior", 0)),
                _dec(a.get("qtd_nova", 0)),
                a.get("separacao_id"),
                a.get("lote"),
                a.get("pre_separacao_id"),
            )
            for a in raw["alertas"]
        ]
        campos: dict[str, tuple[FieldValue, FieldValue]] = {}
        for name, pair in raw.get("campos", {}).items():
            if name not in CAMPOS:
                raise ValueError(f"campo desconhecido {name!r}")
            before, after = pair
            campos[name] = (_field_from_json(name, before), _field_from_json(name, after))
        changes.append(
            Change(
                TipoMudanca(raw["tipo"]),
                str(raw["num_pedido"]),
                str(raw["cod_produto"]),
                _dec(raw["qtd_antes"]),
                _dec(raw["qtd_depois"]),
                impactos,
                _dec(raw.get("nao_coberto", 0)),
                campos,
                alertas,
                int(raw.get("linhas_somadas", 1)),
            )
        )
    summary = data.get("summary", {})
    generated = data.get("gerado_em")
    return Plan(
        fingerprint=str(data["fingerprint"]),
        changes=changes,
        inalterados=int(summary.get("INALTERADO", 0)),
        origem=str(data.get("origem", "plano salvo")),
        linhas_carteira=int(data["linhas_carteira"]),
        limite_remocao_pct=float(data.get("limite_remocao_pct", 20.0)),
        gerado_em=datetime.fromisoformat(generated) if isinstance(generated, str) else datetime.now(UTC),
        ignorados=int(data.get("ignorados", 0)),
        linhas_odoo=_optional_int(data.get("linhas_odoo")),
        limite_remocao_min=int(data.get("limite_remocao_min", 10)),
        linhas_fonte=_optional_int(data.get("linhas_fonte")),
        deixadas=tuple(str(item) for item in data.get("deixadas", ()) or ()),
    )


def _optional_int(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError(f"não é um número inteiro: {value!r}")
    return int(value)
