"""The threads under ``gui.ops``: a ``Task`` with ``progress``, ``finished``, ``failed``, cancel.

The window and its tabs do not start tasks themselves: they describe an ``ops.Op``, which runs here. A job is a
plain function ``job(context) -> result`` that receives use cases, the unit of work and a source through its
closure and a ``TaskContext`` to report progress and to check cancellation; it never touches a widget. Every
signal of a ``Task`` is emitted on the main thread, after the worker thread has ended, so a slot may start
the next task or close the window without racing the worker.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from carteira_gui.domain.errors import FetchCancelled
from carteira_gui.services.ports import CancelToken

log = logging.getLogger(__name__)


class TaskContext:
    """What a running job sees: a cancellation token and a way to report progress."""

    def __init__(self, thread: _Worker, cancel: CancelToken) -> None:
        self._thread = thread
        self.cancel = cancel

    def progress(self, value: object) -> None:
        """Report progress; only the newest value is delivered when the window is behind."""
        self._thread.post_progress(value)


Job = Callable[[TaskContext], Any]


class _Worker(QThread):
    """The thread of one task: runs the job and keeps its outcome for the main thread."""

    progress_posted = Signal()

    def __init__(self, job: Job, cancel: CancelToken, name: str) -> None:
        super().__init__()
        self.setObjectName(f"task-{name}")
        self._job = job
        self._cancel = cancel
        self._lock = threading.Lock()
        self._latest: object = None
        self._pending = False
        self.result: object = None
        self.error: BaseException | None = None

    def post_progress(self, value: object) -> None:
        with self._lock:
            self._latest = value
            if self._pending:
                return
            self._pending = True
        self.progress_posted.emit()

    def take_progress(self) -> object:
        with self._lock:
            self._pending = False
            return self._latest

    def run(self) -> None:
        try:
            self.result = self._job(TaskContext(self, self._cancel))
        except BaseException as exc:  # every failure of a job goes to the window, bugs included
            self.error = exc


class Task(QObject):
    """A job running in its own thread.

    Signals are emitted on the main thread, in this order: any number of ``progress``, then exactly one of
    ``finished``/``failed``/``cancelled``, then ``done``.
    """

    progress = Signal(object)
    finished = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    done = Signal()

    def __init__(self, name: str, job: Job, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.token = CancelToken()
        self.result: object = None
        self.error: BaseException | None = None
        self._worker: _Worker | None = _Worker(job, self.token, name)
        self._running = False
        # Queued: the worker thread only posts; the main thread reads the outcome once the thread ended.
        self._worker.progress_posted.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        self._worker.finished.connect(self._on_worker_finished, Qt.ConnectionType.QueuedConnection)

    @property
    def running(self) -> bool:
        """Whether the job has started and its outcome was not delivered yet."""
        return self._running

    def start(self) -> None:
        """Start the job. Signals arrive through the event loop, so connecting right after is safe."""
        if self._worker is None or self._running:
            raise RuntimeError(f"task {self.name} cannot start twice")
        self._running = True
        log.debug("task %s started", self.name)
        self._worker.start()

    def cancel(self) -> None:
        """Ask the job to stop at its next check; ``cancelled`` follows when it does."""
        self.token.cancel()

    def wait(self, timeout_ms: int = 30_000) -> bool:
        """Block until the worker thread ends (used when the window closes)."""
        return self._worker.wait(timeout_ms) if self._worker is not None else True

    @Slot()
    def _on_progress(self) -> None:
        if self._worker is not None and self._running:
            self.progress.emit(self._worker.take_progress())

    @Slot()
    def _on_worker_finished(self) -> None:
        worker = self._worker
        if worker is None:
            return
        worker.wait()
        self._worker = None
        self._running = False
        self.result, self.error = worker.result, worker.error
        if isinstance(self.error, FetchCancelled) or (self.error is not None and self.token.cancelled):
            log.info("task %s cancelled", self.name)
            self.cancelled.emit()
        elif self.error is not None:
            log.info("task %s failed: %r", self.name, self.error)
            self.failed.emit(self.error)
        else:
            log.debug("task %s finished", self.name)
            self.finished.emit(self.result)
        self.done.emit()


class TaskRunner(QObject):
    """Starts tasks and keeps them alive until they are done; tells when it is busy."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tasks: list[Task] = []

    @property
    def busy(self) -> bool:
        """Whether any task is running."""
        return bool(self._tasks)

    def running(self, name: str | None = None) -> list[Task]:
        """The running tasks (of one name, when given)."""
        return [t for t in self._tasks if name is None or t.name == name]

    def start(self, name: str, job: Job) -> Task:
        """Run ``job`` in a new worker thread and return its task (connect its signals right away)."""
        # No Qt parent: the task lives as long as Python references it (this runner, then the caller).
        task = Task(name, job)
        was_busy = self.busy
        self._tasks.append(task)
        task.done.connect(lambda: self._forget(task))
        task.start()
        if not was_busy:
            self.busy_changed.emit(True)
        return task

    def _forget(self, task: Task) -> None:
        if task in self._tasks:
            self._tasks.remove(task)
        if not self._tasks:
            self.busy_changed.emit(False)

    def cancel_all(self) -> None:
        """Ask every running task to stop."""
        for task in self._tasks:
            task.cancel()

    def shutdown(self, timeout_ms: int = 30_000) -> None:
        """Cancel every task and wait for its thread (the window is closing)."""
        self.cancel_all()
        for task in list(self._tasks):
            task.wait(timeout_ms)
