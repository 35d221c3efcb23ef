"""Small builders for domain tests: states and sources in a few words."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from carteira_gui.domain.model import (
    CarteiraLine,
    PreSeparacao,
    Separacao,
    Snapshot,
    SourceData,
    Status,
    TipoEnvio,
    qtd,
)
from carteira_gui.domain.parsing import parse_source_records

T0 = datetime(2026, 11, 1, 10, 0, tzinfo=UTC)


def line(pedido: str, produto: str, saldo: int | str, **campos: object) -> CarteiraLine:
    return CarteiraLine(pedido, produto, qtd(saldo), **campos)  # type: ignore[arg-type]


def pre(ident: int, pedido: str, produto: str, q: int | str, minutes: int = 0, tipo: str = "parcial") -> PreSeparacao:
    return PreSeparacao(ident, pedido, produto, qtd(q), T0 + timedelta(minutes=minutes), TipoEnvio(tipo))


def sep(
    ident: int,
    pedido: str,
    produto: str,
    q: int | str,
    status: str,
    minutes: int = 0,
    tipo: str = "parcial",
    lote: str | None = None,
) -> Separacao:
    return Separacao(
        ident,
        lote or f"LOTE-{ident}",
        pedido,
        produto,
        qtd(q),
        Status(status),
        T0 + timedelta(minutes=minutes),
        TipoEnvio(tipo),
    )


def snapshot(*items: CarteiraLine | PreSeparacao | Separacao) -> Snapshot:
    return Snapshot.build(
        [i for i in items if isinstance(i, CarteiraLine)],
        [i for i in items if isinstance(i, PreSeparacao)],
        [i for i in items if isinstance(i, Separacao)],
    )


def source(*rows: tuple[str, str, int | str] | dict[str, object]) -> SourceData:
    records: list[object] = []
    for row in rows:
        if isinstance(row, dict):
            records.append(row)
        else:
            records.append({"num_pedido": row[0], "cod_produto": row[1], "qtd_saldo": row[2]})
    return parse_source_records(records, "teste")


def d(value: int | str) -> Decimal:
    return qtd(value)
