"""Automatic syncs in the open window: every N minutes, apply the safe part of a plan; hold the rest.

``AutoSync`` owns a timer (off by default; ``Settings.auto_interval_min``). Each tick runs, as an op, the same
use cases as ``carteira-sync apply --odoo --safe-only`` (``compute_split`` + ``apply_safe``) — unless a
planner is busy: a plan under review is never replaced (and never made stale under the planner's eyes), and
nothing is applied while a dialog is open or another op reads or writes the database; the tick is then skipped
and the next one tries again. When changes are held, ``held_changed`` says how many and how many are CRÍTICO:
the window shows a badge on the Plano tab and a desktop notification.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QSystemTrayIcon, QWidget

from carteira_gui.domain.errors import CarteiraError, StalePlan
from carteira_gui.domain.model import Nivel
from carteira_gui.domain.safe import PlanSplit
from carteira_gui.gui.ops import Ops
from carteira_gui.gui.tasks import Task, TaskContext
from carteira_gui.services.ports import Source, UnitOfWork
from carteira_gui.services.sync import ApplyResult, SyncOptions, apply_safe, compute_split

log = logging.getLogger(__name__)

#: Op names whose run means "someone is reading or writing the carteira": a tick waits for the next one.
BUSY_OPS = ("fetch", "apply", "check", "auto-sync", "decision", "import")


class AutoSync(QObject):
    """The window's scheduled sync: a timer, the safe part applied in a worker, the held part announced."""

    #: A run ended: its result (``None`` when nothing safe was applied) and how many changes it held.
    ran = Signal(object, int)
    #: Held changes waiting for a planner: (how many, how many CRÍTICO). (0, 0) when none are left.
    held_changed = Signal(int, int)
    #: A tick was skipped because a planner was busy: why (for the status bar and the log).
    skipped = Signal(str)

    def __init__(
        self,
        ops: Ops,
        uow: UnitOfWork,
        source_factory: Callable[[], Source],
        options: Callable[[], SyncOptions],
        user: Callable[[], str],
        planner_busy: Callable[[], str | None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._ops = ops
        self._uow = uow
        self._source_factory = source_factory
        self._options = options
        self._user = user
        self._planner_busy = planner_busy
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.tick)
        self.held = 0
        self.held_critico = 0

    def set_interval(self, minutes: int) -> None:
        """Run every ``minutes`` minutes; 0 turns automatic syncs off."""
        self.set_interval_ms(minutes * 60_000)

    def set_interval_ms(self, milliseconds: int) -> None:
        """Run every ``milliseconds`` (tests use a short interval); 0 turns automatic syncs off."""
        if milliseconds <= 0:
            self.timer.stop()
            return
        self.timer.start(milliseconds)

    @property
    def active(self) -> bool:
        """Whether automatic syncs are on."""
        return self.timer.isActive()

    def why_not_now(self) -> str | None:
        """Why a tick must wait (a planner is busy), or ``None`` when it may run."""
        if QApplication.activeModalWidget() is not None:
            return self.tr("a dialog is open")
        if any(self._ops.running(name) for name in BUSY_OPS):
            return self.tr("another task is running")
        return self._planner_busy()

    def tick(self) -> Task | None:
        """One automatic sync, unless a planner is busy (then the next tick tries again)."""
        why = self.why_not_now()
        if why is not None:
            log.info("automatic sync skipped: %s", why)
            self.skipped.emit(why)
            return None
        try:
            source = self._source_factory()
        except CarteiraError as error:  # an unconfigured Odoo: said in the status bar, never a dialog
            log.info("automatic sync skipped: %s", error)
            self.skipped.emit(str(error))
            return None
        uow, options, user = self._uow, self._options(), self._user()

        def job(context: TaskContext) -> tuple[ApplyResult, PlanSplit]:
            split, _timings = compute_split(uow, source, options, context.progress, context.cancel)
            context.cancel.raise_if_cancelled()
            return apply_safe(uow, split, usuario=user), split

        return (
            self._ops.op("auto-sync", job, self.tr("Automatic sync"))
            .success(self._on_ran)
            .failure(self._on_failed)
            .run()
        )

    def _on_ran(self, result: tuple[ApplyResult, PlanSplit]) -> None:
        applied, split = result
        levels = split.held_levels
        self._set_held(len(split.held), levels[Nivel.CRITICO])
        self.ran.emit(applied if applied.applied else None, len(split.held))

    def _on_failed(self, error: BaseException) -> None:
        # Unattended: never a dialog. A stale plan means someone else wrote first; the next tick plans again.
        if isinstance(error, StalePlan):
            log.info("automatic sync: the carteira changed meanwhile; next time")
        else:
            log.warning("automatic sync failed: %s", error)
        self.skipped.emit(str(error))

    def _set_held(self, count: int, critico: int) -> None:
        self.held, self.held_critico = count, critico
        self.held_changed.emit(count, critico)

    def clear_held(self) -> None:
        """A planner applied a reviewed plan: nothing is known to be waiting until the next run."""
        self._set_held(0, 0)


class DesktopNotifier(QObject):
    """A desktop notification where the desktop has a notification area; else the window asks for attention."""

    #: Every notification shown (title, text): what tests and the log can read.
    shown = Signal(str, str)

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._tray: QSystemTrayIcon | None = None

    def notify(self, title: str, text: str) -> None:
        """Show ``text`` as a desktop notification (or flash the window's task-bar entry)."""
        if QSystemTrayIcon.isSystemTrayAvailable() and QSystemTrayIcon.supportsMessages():
            if self._tray is None:
                self._tray = QSystemTrayIcon(self._window.windowIcon(), self)
                self._tray.show()
            self._tray.showMessage(title, text, QSystemTrayIcon.MessageIcon.Information, 10_000)
        else:
            QApplication.alert(self._window)
        log.info("notification: %s", text)
        self.shown.emit(title, text)
