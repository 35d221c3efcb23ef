"""Importing decisions from a spreadsheet: the whole file validated, every bad row named, all or nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from carteira_gui.domain.model import Status, TipoEnvio
from carteira_gui.services import decisions
from carteira_gui.services.imports import (
    ImportRow,
    InvalidImport,
    RowKind,
    check_import,
    import_allocations,
    preview_import,
)

from ..fakes import FakeUnitOfWork
from .builders import line, pre, sep, snapshot

DAY = "2026-12-03"


def _uow() -> FakeUnitOfWork:
    return FakeUnitOfWork(
        snapshot(
            line("PED1", "A", 100),
            line("PED1", "B", 40),
            line("PED2", "A", 10),
            pre(7, "PED1", "A", 30),
            sep(3, "PED2", "A", 4, "COTADO", lote="L-OLD"),
        )
    )


def _pre(label: str, pedido: str, produto: str, qtd: object, **more: object) -> ImportRow:
    values: dict[str, Any] = {"num_pedido": pedido, "cod_produto": produto, "qtd": qtd, "data_expedicao": DAY}
    return ImportRow(label, RowKind.PRE, {**values, **more})


def _sep(label: str, lote: str, pedido: str, produto: str, qtd: object, **more: object) -> ImportRow:
    values: dict[str, Any] = {"lote": lote, "num_pedido": pedido, "cod_produto": produto, "qtd": qtd}
    return ImportRow(label, RowKind.SEP, {"data_expedicao": DAY, **values, **more})


def _check(*rows: ImportRow) -> tuple[str, ...]:
    snap = _uow().snapshot()
    return check_import(rows, "f.csv", snap.lines, snap.allocations, {"L-OLD"}).problems


def test_a_valid_file_previews_its_pre_separacoes_and_lotes_without_writing() -> None:
    uow = _uow()
    before = uow.snapshot()
    preview = preview_import(
        uow,
        [
            _pre("linha 2", "PED1", "A", "20", observacao="obs"),
            _sep("linha 3", "L-NEW", "PED1", "A", "50", status="cotado", transportadora="Jadlog"),
            _sep("linha 4", "L-NEW", "PED1", "B", 40),
        ],
        "f.csv",
    )
    assert preview.ok
    [p] = preview.pres
    assert (p.num_pedido, p.cod_produto, p.qtd, p.data_expedicao, p.observacao) == (
        "PED1",
        "A",
        Decimal(20),
        date(2026, 12, 3),
        "obs",
    )
    [lote] = preview.lotes
    assert (lote.lote, lote.num_pedido, lote.status, lote.transportadora) == ("L-NEW", "PED1", Status.COTADO, "Jadlog")
    assert [(r.cod_produto, r.qtd, r.tipo_envio) for r in lote.rows] == [
        ("A", Decimal(50), TipoEnvio.PARCIAL),
        ("B", Decimal(40), TipoEnvio.TOTAL),
    ]
    assert lote.labels == ("linha 3", "linha 4")
    assert uow.snapshot() == before
    assert uow.commits == 0


def test_a_row_above_the_saldo_livre_counting_the_earlier_rows_of_the_file_is_named() -> None:
    # PED1/A: 100 − 30 (pré #7) = 70 livre; the file takes 50, then 15, then 10 (only 5 left).
    problems = _check(
        _pre("linha 2", "PED1", "A", 50),
        _sep("linha 3", "L-NEW", "PED1", "A", 15),
        _pre("linha 4", "PED1", "A", 10),
    )
    assert problems == (
        "linha 4: PED1/A: 10 é mais que o saldo livre da linha (5, contando as linhas anteriores do arquivo)",
    )


def test_a_faturado_lote_does_not_take_saldo_livre_but_needs_its_line_and_nf() -> None:
    assert _check(_sep("linha 2", "L-F", "PED2", "A", 50, status="FATURADO", numero_nf="123")) == ()
    assert _check(_sep("linha 2", "L-F", "PED2", "A", 50, status="FATURADO")) == (
        "linha 2: o lote L-F está FATURADO e não tem numero_nf",
    )


def test_every_bad_value_of_a_row_is_named_in_one_problem() -> None:
    [problem] = _check(
        ImportRow(
            "linha 2",
            RowKind.SEP,
            {
                "num_pedido": "PED1",
                "cod_produto": "A",
                "qtd": "abc",
                "lote": "L-X",
                "status": "PRONTO",
                "data_expedicao": "2026-13-01",
                "valor_frete": "-1",
                "tipo_envio": "metade",
            },
        )
    )
    assert problem.startswith("linha 2: ")
    for named in ("qtd não numérico ('abc')", "PRONTO", "2026-13-01", "valor_frete negativo", "metade"):
        assert named in problem


def test_missing_keys_quantity_and_shipping_date_are_named() -> None:
    [problem] = _check(ImportRow("linha 2", RowKind.PRE, {"qtd": "0"}))
    for named in ("num_pedido ausente", "cod_produto ausente", "qtd deve ser maior que 0", "data_expedicao ausente"):
        assert named in problem
    assert _check(_sep("linha 3", "L-NEW", "PED1", "A", 1, data_expedicao=None)) == (
        "linha 3: o lote L-NEW não tem data_expedicao (preencha-a em ao menos uma linha)",
    )


def test_an_unknown_line_and_an_existing_lote_code_are_named() -> None:
    assert _check(_pre("linha 2", "PED9", "A", 1), _sep("linha 3", "L-OLD", "PED1", "A", 1)) == (
        "linha 2: a linha PED9/A não está na carteira",
        "linha 3: o lote L-OLD já existe no banco (escolha outro código)",
    )


def test_the_rows_of_a_lote_must_share_pedido_status_and_fields_and_not_repeat_a_product() -> None:
    problems = _check(
        _sep("linha 2", "L-NEW", "PED1", "A", 1, status="COTADO", transportadora="X"),
        _sep("linha 3", "L-NEW", "PED2", "A", 1, status="COTADO"),
        _sep("linha 4", "L-NEW", "PED1", "B", 1, status="ABERTO"),
        _sep("linha 5", "L-NEW", "PED1", "A", 1, status="COTADO", transportadora="Y"),
    )
    assert problems == (
        "linha 3: o lote L-NEW tem linhas de pedidos diferentes (PED1, PED2); um lote é de um só pedido",
        "linha 4: o lote L-NEW tem linhas com status diferentes (COTADO, ABERTO)",
        "linha 5: o produto A já está no lote L-NEW (linha 2)",
        "linha 5: transportadora do lote L-NEW difere da linha anterior (linha 2: X, aqui: Y)",
    )


def test_a_lote_field_given_on_one_row_only_is_the_lote_s() -> None:
    snap = _uow().snapshot()
    preview = check_import(
        [_sep("linha 2", "L", "PED1", "A", 1, data_expedicao=None), _sep("linha 3", "L", "PED1", "B", 1, numero_nf=9)],
        "f.csv",
        snap.lines,
        snap.allocations,
        (),
    )
    [lote] = preview.lotes
    assert (lote.data_expedicao, lote.numero_nf) == (date(2026, 12, 3), "9")


@pytest.mark.parametrize(
    ("typed", "value"),
    [("12,5", "12.5"), ("1.234,5", "1234.5"), ("1,234.5", "1234.5"), ("12.5", "12.5"), (7.25, "7.25"), ("3", "3")],
)
def test_numbers_are_read_as_a_pt_br_spreadsheet_writes_them(typed: object, value: str) -> None:
    snap = snapshot(line("P", "X", 5000))
    preview = check_import([_pre("linha 2", "P", "X", typed)], "f.csv", snap.lines, snap.allocations, ())
    assert preview.problems == ()
    assert preview.pres[0].qtd == Decimal(value)


def test_dates_may_be_iso_brazilian_or_a_spreadsheet_date() -> None:
    for typed in ("2026-12-03", "03/12/2026", "3/12/2026", date(2026, 12, 3)):
        snap = snapshot(line("P", "X", 5))
        preview = check_import([_pre("l", "P", "X", 1, data_expedicao=typed)], "f", snap.lines, snap.allocations, ())
        assert preview.pres[0].data_expedicao == date(2026, 12, 3), typed
    assert _check(_pre("linha 2", "PED1", "A", 1, data_expedicao="31/02/2026")) == (
        "linha 2: data_expedicao não é uma data ('31/02/2026'; use AAAA-MM-DD ou DD/MM/AAAA)",
    )


def test_a_pre_separacao_row_with_lote_columns_is_named() -> None:
    assert _check(_pre("linha 2", "PED1", "A", 1, status="COTADO")) == (
        "linha 2: status só vale(m) para linhas de lote (preencha lote ou deixe-as vazias)",
    )


def test_unknown_columns_are_named_once_and_the_state_file_s_ids_are_ignored() -> None:
    problems = _check(
        _pre("linha 2", "PED1", "A", 1, qtde=2, id=5, criado_em="x", cliente="C"),
        _pre("linha 3", "PED1", "A", 1, qtde=3),
    )
    assert len(problems) == 1
    assert problems[0].startswith("coluna(s) desconhecida(s): qtde (")


def test_an_empty_file_is_refused() -> None:
    assert _check() == ("o arquivo não tem nenhuma linha de alocação",)


def test_an_import_writes_everything_in_one_transaction_and_audits_it() -> None:
    uow = _uow()
    result = import_allocations(
        uow,
        [
            _pre("linha 2", "PED1", "A", "20", criado_por="carla"),
            _sep("linha 3", "L-NEW", "PED1", "B", 40, status="EMBARCADO", data_embarque="2026-12-04"),
        ],
        "f.csv",
        by="ana",
    )
    assert uow.commits == 1
    [pre_id] = result.pre_ids
    assert result.lotes == ("L-NEW",)
    [made] = decisions.list_pres(uow)[-1:]
    assert (made.id, made.qtd, made.criado_por, made.data_expedicao) == (
        pre_id,
        Decimal(20),
        "carla",
        date(2026, 12, 3),
    )
    [lote] = decisions.list_lotes(uow, pedido="PED1")
    assert (lote.lote, lote.status, lote.data_embarque, lote.criado_por) == (
        "L-NEW",
        "EMBARCADO",
        date(2026, 12, 4),
        "ana",
    )
    assert [(a.acao, a.por, a.cod_produto) for a in uow.data.audit] == [
        ("IMPORTACAO", "ana", "A"),
        ("IMPORTACAO", "ana", "B"),
    ]
    assert uow.snapshot().saldo_livre(("PED1", "A")) == Decimal(50)


def test_a_bad_file_raises_naming_every_bad_row_and_writes_nothing() -> None:
    uow = _uow()
    before = uow.snapshot()
    with pytest.raises(InvalidImport) as refused:
        import_allocations(
            uow,
            [_pre("linha 2", "PED1", "A", 1), _pre("linha 3", "PED9", "A", 1), _pre("linha 4", "PED1", "A", 99)],
            "f.csv",
            by="ana",
        )
    assert [p.split(":")[0] for p in refused.value.problems] == ["linha 3", "linha 4"]
    assert "Nada foi gravado" in str(refused.value)
    assert uow.snapshot() == before
    assert uow.data.audit == []


def test_the_import_validates_again_inside_the_lock_after_another_planner_used_the_saldo() -> None:
    uow = _uow()
    rows = [_pre("linha 2", "PED1", "B", 40)]
    assert preview_import(uow, rows, "f.csv").ok
    decisions.make_pre(uow, "PED1", "B", 1, date(2026, 12, 3), by="bia")
    before = uow.snapshot()
    with pytest.raises(InvalidImport, match="linha 2: PED1/B: 40 é mais que o saldo livre da linha"):
        import_allocations(uow, rows, "f.csv", by="ana")
    assert uow.snapshot() == before


def test_a_dry_run_validates_and_writes_nothing() -> None:
    uow = _uow()
    result = import_allocations(uow, [_pre("linha 2", "PED1", "A", 1)], "f.csv", by="ana", dry_run=True)
    assert result.dry_run
    assert len(result.preview.pres) == 1
    assert (result.pre_ids, result.lotes) == ((), ())
    assert uow.commits == 0
    with pytest.raises(InvalidImport):
        import_allocations(uow, [_pre("linha 2", "PED9", "A", 1)], "f.csv", by="ana", dry_run=True)


def test_an_import_needs_who_imports() -> None:
    with pytest.raises(InvalidImport, match="quem importa"):
        import_allocations(_uow(), [_pre("linha 2", "PED1", "A", 1)], "f.csv", by="  ")
