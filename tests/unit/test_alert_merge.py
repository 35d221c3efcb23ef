"""Alert merging as a pure rule: open alerts + new ones → inserts and updates."""

from __future__ import annotations

from decimal import Decimal

from carteira_gui.domain.alerts import OpenAlert, merge_alerts
from carteira_gui.domain.model import Nivel, TipoAlerta
from carteira_gui.domain.plan import AlertaPlano


def _new(tipo: TipoAlerta, nivel: Nivel, antes: str, depois: str, sep: int | None = 3) -> AlertaPlano:
    return AlertaPlano(nivel, tipo, "P", "X", "msg.", Decimal(antes), Decimal(depois), separacao_id=sep, lote="L1")


def _open(ident: int, tipo: str, nivel: Nivel, antes: str, sep: int | None = 3) -> OpenAlert:
    return OpenAlert(ident, sep, None, "P", "X", tipo, nivel, Decimal(antes))


def test_a_new_alert_without_an_open_one_of_the_same_story_is_inserted() -> None:
    writes = merge_alerts(
        [_open(1, "AUMENTO", Nivel.ATENCAO, "10")], [_new(TipoAlerta.REDUCAO, Nivel.CRITICO, "10", "5")]
    )
    assert len(writes.inserts) == 1
    assert writes.updates == []


def test_a_removal_after_a_reduction_of_the_same_separacao_updates_the_open_alert() -> None:
    writes = merge_alerts(
        [_open(1, "REDUCAO", Nivel.CRITICO, "100")], [_new(TipoAlerta.REMOCAO, Nivel.CRITICO, "80", "0")]
    )
    [update] = writes.updates
    assert writes.inserts == []
    assert (update.id, update.qtd_nova, update.tipo) == (1, Decimal("0"), TipoAlerta.REMOCAO)
    assert update.mensagem.endswith("Desde o primeiro alerta: 100 → 0.")


def test_the_merged_alert_keeps_the_more_severe_level() -> None:
    writes = merge_alerts(
        [_open(1, "REDUCAO", Nivel.CRITICO, "10")], [_new(TipoAlerta.REDUCAO, Nivel.ATENCAO, "10", "8")]
    )
    assert writes.updates[0].nivel is Nivel.CRITICO
    assert "Desde o primeiro" not in writes.updates[0].mensagem


def test_alerts_of_different_separacoes_never_merge() -> None:
    writes = merge_alerts(
        [_open(1, "REDUCAO", Nivel.CRITICO, "10", sep=4)], [_new(TipoAlerta.REDUCAO, Nivel.CRITICO, "10", "8")]
    )
    assert len(writes.inserts) == 1


def test_with_two_open_alerts_of_one_story_the_oldest_takes_the_update() -> None:
    writes = merge_alerts(
        [_open(9, "REDUCAO", Nivel.ATENCAO, "50"), _open(2, "REDUCAO", Nivel.ATENCAO, "60")],
        [_new(TipoAlerta.REDUCAO, Nivel.ATENCAO, "40", "30")],
    )
    assert writes.updates[0].id == 2
