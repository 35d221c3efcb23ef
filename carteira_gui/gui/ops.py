"""The one way the window runs work off the GUI thread: describe an ``Op``, then ``run()`` it.

In the spirit of Anki's ``CollectionOp(parent, op).success(...).failure(...).run_in_background()``::

    ops.op("apply", job, self.tr("Apply")).busy(self.tr("Applying the plan…")).success(self._on_applied).run()

``job(context)`` runs in a worker thread (``tasks.TaskRunner``) and receives use cases and the unit of work
through its closure, never a widget. Whatever the op, the same things happen around it: the status bar shows
its progress while it runs (``busy``), a failure goes to the one error pipeline (``Feedback.show_failure``: a
message for an expected failure, the crash dialog for a bug) unless the op handles it itself, and ``Ops.changed``
fires when it starts and when it ends, so that the window and the tabs re-evaluate their actions.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, Protocol, TypeVar, cast

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog

from carteira_gui.gui.tasks import Task, TaskContext, TaskRunner

T = TypeVar("T")


class Feedback(Protocol):
    """How ops and tabs tell the planner things; the main window implements it."""

    def show_message(self, text: str, *, dialog: bool = False, title: str | None = None) -> None:
        """Tell the planner something: in the status bar, and in a message box when it needs reading."""

    def clear_message(self) -> None:
        """Clear the status bar's message."""

    def open_dialog(self, dialog: QDialog) -> None:
        """Open ``dialog`` (window-modal, deleted on close)."""

    def show_failure(self, error: BaseException, title: str) -> None:
        """The error pipeline: an expected failure as a message titled ``title``, a bug as the crash dialog."""

    def show_progress(self, visible: bool, text: str = "", cancellable: bool = False) -> None:
        """Show (or hide) the busy indicator of the status bar."""

    def update_progress(self, text: str, done: int | None = None, total: int | None = None) -> None:
        """Update the busy indicator: its text, and how far along when the total is known."""


class Ops(QObject):
    """Runs the ops of one window: one task runner, one error pipeline, one ``changed`` signal."""

    #: An op started or ended: actions that depend on running ops are re-evaluated.
    changed = Signal()

    def __init__(self, feedback: Feedback, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.feedback = feedback
        self.tasks = TaskRunner(self)

    def op(self, name: str, job: Callable[[TaskContext], T], title: str) -> Op[T]:
        """Describe an op: ``name`` (what ``running`` looks for), the job, and the title of its failures."""
        return Op(self, name, job, title)

    def running(self, name: str) -> bool:
        """Whether an op named ``name`` is running."""
        return bool(self.tasks.running(name))

    def cancel(self, *names: str) -> None:
        """Ask the running ops of these names to stop."""
        for name in names:
            for task in self.tasks.running(name):
                task.cancel()

    def shutdown(self) -> None:
        """Cancel every op and wait for its thread (the window is closing)."""
        self.tasks.shutdown()


class Op(Generic[T]):
    """One background job, described with chained calls and started by ``run()``."""

    def __init__(self, ops: Ops, name: str, job: Callable[[TaskContext], T], title: str) -> None:
        self._ops = ops
        self._name = name
        self._job = job
        self._title = title
        self._busy: tuple[str, bool] | None = None
        self._progress: list[Callable[[object], None]] = []
        self._success: list[Callable[[T], None]] = []
        self._failure: Callable[[BaseException], None] | None = None
        self._cancelled: list[Callable[[], None]] = []
        self._done: list[Callable[[], None]] = []

    def busy(self, text: str, *, cancellable: bool = False) -> Op[T]:
        """Show ``text`` with a busy bar in the status bar while the op runs (and a Cancel button)."""
        self._busy = (text, cancellable)
        return self

    def progress(self, slot: Callable[[object], None]) -> Op[T]:
        """Receive the job's progress reports (on the main thread; only the newest when behind)."""
        self._progress.append(slot)
        return self

    def success(self, slot: Callable[[T], None]) -> Op[T]:
        """Receive the job's result."""
        self._success.append(slot)
        return self

    def failure(self, slot: Callable[[BaseException], None]) -> Op[T]:
        """Handle a failure here instead of in the error pipeline."""
        self._failure = slot
        return self

    def cancelled(self, slot: Callable[[], None]) -> Op[T]:
        """Be told that the job stopped because it was cancelled."""
        self._cancelled.append(slot)
        return self

    def done(self, slot: Callable[[], None]) -> Op[T]:
        """Be told that the op ended, whatever its outcome (after success, failure or cancellation)."""
        self._done.append(slot)
        return self

    def run(self) -> Task:
        """Start the job in a worker thread; return its task (whose signals tests may wait for)."""
        feedback = self._ops.feedback
        if self._busy is not None:
            text, cancellable = self._busy
            feedback.show_progress(True, text, cancellable=cancellable)
        task = self._ops.tasks.start(self._name, self._job)
        for slot in self._progress:
            task.progress.connect(slot)
        # Lambdas, not bound methods: the connections then keep this op alive until its task is done.
        task.finished.connect(lambda result: self._on_finished(result))
        task.failed.connect(lambda error: self._on_failed(error))
        task.cancelled.connect(lambda: self._on_cancelled())
        task.done.connect(lambda: self._on_done())
        self._ops.changed.emit()
        return task

    def _on_finished(self, result: object) -> None:
        for slot in self._success:
            slot(cast(T, result))

    def _on_failed(self, error: BaseException) -> None:
        if self._failure is not None:
            self._failure(error)
        else:
            self._ops.feedback.show_failure(error, self._title)

    def _on_cancelled(self) -> None:
        for slot in self._cancelled:
            slot()

    def _on_done(self) -> None:
        if self._busy is not None:
            self._ops.feedback.show_progress(False)
        for slot in self._done:
            slot()
        self._ops.changed.emit()
