"""Importar decisões…: the preview names every bad row before anything is written; Importar is all or nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from carteira_gui.gui.import_flow import ImportPreviewDialog
from carteira_gui.services import decisions
from tests.gui.conftest import Env, WindowFactory
from tests.gui.test_decisions import activate

HEADER = "num_pedido;cod_produto;qtd;lote;status;data_expedicao;transportadora;valor_frete;criado_por"
GOOD = [
    "PED001;PROD002;10;;;10/12/2026;;;Carla",
    "PED001;PROD002;5;LOTE-IMP-1;COTADO;11/12/2026;Jamef;1.200,50;Carla",
    "PED001;PROD001;20;LOTE-IMP-1;;;;;",
]


def write_csv(folder: Path, name: str, rows: list[str]) -> Path:
    path = folder / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def preview(qtbot: Any, window: Any, path: Path) -> ImportPreviewDialog:
    window.importer.ask_open_path = lambda: path
    with qtbot.waitSignal(window.importer.previewed, timeout=10_000) as shown:
        QTest.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    dialog = shown.args[0]
    assert isinstance(dialog, ImportPreviewDialog)
    assert window.active_dialog is dialog
    return dialog


def test_a_file_with_bad_rows_is_previewed_with_every_bad_row_named_and_cannot_be_imported(
    qtbot: Any, env: Env, make_window: WindowFactory, tmp_path: Path
) -> None:
    window = make_window(env)
    window.show()
    activate(qtbot, window)
    assert window.import_action.text() == "Importar decisões…"
    path = write_csv(
        tmp_path,
        "decisoes.csv",
        [*GOOD, "PED009;PROD001;5;;;10/12/2026;;;", "PED001;PROD002;999;;;10/12/2026;;;", "PED001;PROD002;abc;;;;;;"],
    )
    dialog = preview(qtbot, window, path)
    problems = dialog.problems
    assert len(problems) == 3
    assert problems[0].startswith("linha 5:")
    assert "PED009/PROD001" in problems[0]
    assert problems[1].startswith("linha 6:")
    assert "saldo livre" in problems[1]
    assert problems[2].startswith("linha 7:")
    assert dialog.problem_list.count() == 3
    assert not dialog.ok_button.isEnabled()
    assert "problemas" in dialog.ok_button.toolTip()
    dialog.accept()  # Enter does nothing either
    assert dialog.isVisible()
    assert decisions.list_lotes(env.app.uow, pedido="PED001") == []
    assert [p.id for p in decisions.list_pres(env.app.uow)] == [7]
    dialog.reject()


def test_a_good_file_is_previewed_then_imported_all_at_once(
    qtbot: Any, env: Env, make_window: WindowFactory, tmp_path: Path
) -> None:
    window = make_window(env)
    window.show()
    activate(qtbot, window)
    dialog = preview(qtbot, window, write_csv(tmp_path, "decisoes.csv", GOOD))
    assert dialog.problems == []
    assert dialog.problem_list.isHidden()
    assert "1 pré-separação e 1 lote com 2 linhas" in dialog.summary.text()  # no "(s)": real plurals
    pres, lotes = (dialog.created.topLevelItem(n) for n in range(2))
    assert pres.childCount() == 1
    assert lotes.child(0).text(0) == "LOTE-IMP-1"
    assert lotes.child(0).text(5) == "COTADO"
    assert lotes.child(0).childCount() == 2
    assert decisions.list_lotes(env.app.uow, pedido="PED001") == []  # nothing written by the preview
    dialog.user_input.setText("Carla Dias")
    assert dialog.ok_button.isEnabled()
    with qtbot.waitSignal(window.importer.imported, timeout=10_000) as imported:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    result = imported.args[0]
    assert result.lotes == ("LOTE-IMP-1",)
    assert len(result.pre_ids) == 1
    qtbot.waitUntil(lambda: window.active_dialog is None and not window.tasks.busy, timeout=10_000)
    [lote] = decisions.list_lotes(env.app.uow, pedido="PED001")
    assert (lote.status, lote.transportadora, lote.valor_frete, lote.total) == (
        "COTADO",
        "Jamef",
        Decimal("1200.50"),
        Decimal(25),
    )
    assert window.lotes_tab.select_lote("LOTE-IMP-1")
    assert window.last_message.startswith("Importado de decisoes.csv")


def test_a_file_the_carteira_outgrew_since_the_preview_is_refused_in_the_dialog(
    qtbot: Any, env: Env, make_window: WindowFactory, tmp_path: Path
) -> None:
    window = make_window(env)
    window.show()
    activate(qtbot, window)
    dialog = preview(qtbot, window, write_csv(tmp_path, "decisoes.csv", GOOD))
    assert dialog.ok_button.isEnabled()
    # Another planner takes PED001/PROD002's saldo livre before the planner presses Importar.
    decisions.make_lote(env.app.uow, "PED001", {"PROD002": 45}, date.today(), by="Bruno")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10_000)
    assert dialog.isVisible()
    assert "Nada foi gravado" in dialog.refusal.text()
    assert dialog.problems
    assert not dialog.ok_button.isEnabled()
    assert [lote.lote for lote in decisions.list_lotes(env.app.uow, pedido="PED001") if lote.lote == "LOTE-IMP-1"] == []
    dialog.reject()
