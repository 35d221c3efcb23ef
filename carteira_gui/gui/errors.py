"""One error pipeline: expected failures become a message, bugs become a crash dialog with details.

A ``CarteiraError`` already says what happened, what was not changed and what to do: the window shows it as
it is. A database failure is explained by the composition root (``bootstrap.describe_failure``). Anything else
is a bug: the window shows the traceback to copy, and the log keeps it. ``present_failure`` is where a failed
op (``gui.ops``) is told apart. Exceptions raised outside the workers (in a slot,
in a stray thread) reach the same place through ``sys.excepthook``/``threading.excepthook``, routed to the
main thread by ``ErrorHub``.
"""

from __future__ import annotations

import logging
import platform
import sys
import threading
import traceback
from collections.abc import Callable
from types import TracebackType
from typing import Protocol

from PySide6.QtCore import QObject, Qt, Signal, Slot, qVersion

from carteira_gui import __version__, bootstrap
from carteira_gui.domain.errors import CarteiraError

log = logging.getLogger(__name__)


def is_database_error(exc: BaseException) -> bool:
    """Whether ``exc`` comes from the database layer: SQLAlchemy or a driver (told by module)."""
    return bootstrap.is_database_failure(exc)


def is_expected(exc: BaseException) -> bool:
    """Whether ``exc`` is a failure the program expects (shown as a message), not a bug."""
    return isinstance(exc, CarteiraError) or is_database_error(exc)


def user_message(exc: BaseException, db_url: str = "") -> str:
    """The sentence for the planner: what happened, what was not changed, what to do."""
    if isinstance(exc, CarteiraError):
        return str(exc)
    if is_database_error(exc):
        return bootstrap.describe_failure(db_url, exc)
    return f"{type(exc).__name__}: {exc}"


class FailureView(Protocol):
    """Where failures are shown: the main window."""

    def show_message(self, text: str, *, dialog: bool = False, title: str | None = None) -> None:
        """Show a message (in a message box titled ``title`` when ``dialog``)."""

    def show_crash(self, error: BaseException) -> None:
        """Show the crash dialog of a bug."""


def present_failure(view: FailureView, error: BaseException, title: str, db_url: str = "") -> None:
    """The one place where a failure becomes a message (expected) or a crash dialog (a bug)."""
    if is_expected(error):
        view.show_message(user_message(error, db_url), dialog=True, title=title)
    else:
        view.show_crash(error)


def format_details(exc: BaseException) -> str:
    """The details to copy into a bug report: versions and the full traceback."""
    header = (
        f"Carteira Sync {__version__} · Python {platform.python_version()} · Qt {qVersion()} · "
        f"{platform.system()} {platform.release()}\n\n"
    )
    return header + "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))


class ErrorHub(QObject):
    """Receives errors from any thread and re-emits them on the main thread as ``unexpected``."""

    #: An exception that is a bug (or an expected error raised outside a worker), on the main thread.
    unexpected = Signal(object)
    _posted = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # Queued: whoever reports (a worker thread, a hook) never runs window code itself.
        self._posted.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def report(self, exc: BaseException) -> None:
        """Report ``exc`` from any thread; it is logged now and delivered on the main thread."""
        log.error("unexpected error", exc_info=(type(exc), exc, exc.__traceback__))
        self._posted.emit(exc)

    @Slot(object)
    def _deliver(self, exc: BaseException) -> None:
        self.unexpected.emit(exc)


ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


def install_excepthooks(hub: ErrorHub) -> Callable[[], None]:
    """Route uncaught exceptions of every thread to ``hub``; return a function that restores the old hooks."""
    previous_sys: ExceptHook = sys.excepthook
    previous_thread = threading.excepthook

    def sys_hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            previous_sys(kind, exc, tb)
            return
        if exc.__traceback__ is None:
            exc = exc.with_traceback(tb)
        hub.report(exc)

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or issubclass(args.exc_type, SystemExit):
            previous_thread(args)
            return
        hub.report(args.exc_value)

    sys.excepthook = sys_hook
    threading.excepthook = thread_hook

    def restore() -> None:
        sys.excepthook = previous_sys
        threading.excepthook = previous_thread

    return restore
