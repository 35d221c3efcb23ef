"""Renders the README's pictures from the running demo, without a display.

Carteira, a line's detail (a line with a pré-separação and a COTADO lote, its side panel), lotes, plan (a
CRITICO line selected), confirmation, alerts and history, each 1280×800 unless another size is asked for
(``--size 1024x700``: how the window looks on a small screen).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEventLoop, QPoint, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPixmap
from PySide6.QtWidgets import QDialog

from carteira_gui.domain.model import Nivel, Status
from carteira_gui.gui.dialogs import ConfirmApplyDialog
from carteira_gui.gui.models.carteira import CarteiraModel
from carteira_gui.gui.window import TAB_ALERTS, TAB_CARTEIRA, TAB_HISTORY, TAB_LOTES, TAB_PLAN, MainWindow

SIZE = (1280, 800)
DEMO_USER_NAME = "Ana Souza"


def wait_until(predicate: Callable[[], bool], timeout_s: float = 60.0) -> None:
    """Run the event loop until ``predicate()`` holds; ``TimeoutError`` after ``timeout_s``."""
    deadline = time.monotonic() + timeout_s
    loop = QEventLoop()
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not reach the expected state in time")
        QTimer.singleShot(20, loop.quit)
        loop.exec()


def _settle(window: MainWindow) -> None:
    wait_until(lambda: not window.tasks.busy)
    # Let layouts and deferred paints run once more.
    loop = QEventLoop()
    QTimer.singleShot(50, loop.quit)
    loop.exec()


def _save(pixmap: QPixmap, path: Path) -> Path:
    if not pixmap.save(str(path)):
        raise OSError(f"could not write {path}")
    return path


def _with_dialog(window: MainWindow, dialog: QDialog) -> QPixmap:
    """The window dimmed, with the dialog drawn centred on it (a dialog is its own top-level window)."""
    picture = window.grab()
    shot = dialog.grab()
    painter = QPainter(picture)
    painter.fillRect(picture.rect(), QColor(0, 0, 0, 90))
    x = (picture.width() - shot.width()) // 2
    y = (picture.height() - shot.height()) // 2
    painter.fillRect(x - 1, y - 1, shot.width() + 2, shot.height() + 2, QColor("#607d8b"))
    painter.drawPixmap(QPoint(x, y), shot)
    painter.end()
    return picture


def render_screenshots(window: MainWindow, folder: Path, size: tuple[int, int] = SIZE) -> list[Path]:
    """Drive the demo window through detail → lotes → fetch → review → confirm → apply → acknowledge; seven pictures."""
    folder.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []
    window.ui_state.set_user_name(DEMO_USER_NAME)
    window.resize(*size)
    window.show()
    _settle(window)

    window.tabs.setCurrentIndex(TAB_CARTEIRA)
    # Lines with quoted separações first: the picture shows the split, not a page of free balances.
    tab = window.carteira_tab
    tab.view.sortByColumn(CarteiraModel.COL_COTADO, Qt.SortOrder.DescendingOrder)
    tab.view.selectRow(0)
    _settle(window)
    saved.append(_save(window.grab(), folder / "carteira.png"))

    # A line planned the usual way: a pré-separação and a COTADO lote.
    planned = next((r for r in tab.model.rows if r.pre_separado > 0 and r.cotado > 0), None)
    if planned is None:
        raise RuntimeError("the demo has no line with a pre-separation and a COTADO batch")
    tab.select_keys([(planned.num_pedido, planned.cod_produto)])
    wait_until(lambda: tab.panel.key == (planned.num_pedido, planned.cod_produto))
    _settle(window)
    saved.append(_save(window.grab(), folder / "carteira-detalhe.png"))

    window.tabs.setCurrentIndex(TAB_LOTES)
    cotado = next((lote for lote in tab.panel.lote_model.rows if lote.lote.status == Status.COTADO.value), None)
    if cotado is not None:
        window.lotes_tab.select_lote(cotado.lote.lote)
    _settle(window)
    saved.append(_save(window.grab(), folder / "lotes.png"))

    if window.flow.fetch() is None:
        raise RuntimeError(f"the fetch did not start: {window.last_message}")
    wait_until(lambda: window.flow.plan is not None or window.active_dialog is not None)
    if window.flow.plan is None:
        raise RuntimeError(f"the fetch failed: {window.last_message}")
    _settle(window)
    panel = window.plan_panel
    change = panel.first_change(Nivel.CRITICO, Status.COTADO) or panel.first_change(Nivel.CRITICO)
    if change is not None:
        panel.select_change(change)
    window.tabs.setCurrentIndex(TAB_PLAN)
    _settle(window)
    saved.append(_save(window.grab(), folder / "plano.png"))

    window.flow.request_apply()
    wait_until(lambda: isinstance(window.active_dialog, ConfirmApplyDialog))
    dialog = window.active_dialog
    assert isinstance(dialog, ConfirmApplyDialog)
    if dialog.plan.remocao_em_massa:
        dialog.mass_removal_input.setText(str(dialog.plan.removidos))
    # The first CRÍTICO line ticked in the review, the others here: the picture shows both.
    if dialog.critical_changes:
        dialog.critical_list.item(0).setCheckState(Qt.CheckState.Checked)
    dialog.adjustSize()
    _settle(window)
    saved.append(_save(_with_dialog(window, dialog), folder / "confirmacao.png"))

    applied: list[object] = []
    window.applied.connect(applied.append)
    dialog.tick_all()
    dialog.accept()
    wait_until(lambda: bool(applied))
    _settle(window)

    # One alert acknowledged, to show both states.
    window.tabs.setCurrentIndex(TAB_ALERTS)
    window.alerts_tab.show_acknowledged.setChecked(True)
    open_alerts = [a for a in window.alerts_tab.model.rows if a.reconhecido_em is None and a.nivel == Nivel.ATENCAO]
    if open_alerts:
        window.alerts_tab.acknowledge([open_alerts[0].id], DEMO_USER_NAME, "Cliente avisado; separação conferida.")
        _settle(window)
    window.alerts_tab.view.selectRow(0)
    _settle(window)
    saved.append(_save(window.grab(), folder / "alertas.png"))

    window.tabs.setCurrentIndex(TAB_HISTORY)
    window.history_tab.run_view.selectRow(0)
    _settle(window)
    wait_until(lambda: window.history_tab.change_model.rowCount() > 0)
    _settle(window)
    saved.append(_save(window.grab(), folder / "historico.png"))
    return saved
