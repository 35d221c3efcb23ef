"""The rotating log files of the window and of the command, in the user's log directory (``platformdirs``).

Log lines are for support; a person reads the one sentence the program prints. The window logs to
``carteira-gui.log``; the command to ``carteira-sync.log``, and to stderr only with ``--debug``.
"""

from __future__ import annotations

import logging
import os
from logging.handlers import RotatingFileHandler
from pathlib import Path

import platformdirs

from carteira_gui.settings import APP_NAME

LOG_FILE = "carteira-gui.log"
CLI_LOG_FILE = "carteira-sync.log"
_MARK = "_carteira_gui_handler"


def log_dir() -> Path:
    """``$CARTEIRA_LOG_DIR`` or the user's log directory."""
    explicit = os.environ.get("CARTEIRA_LOG_DIR")
    return Path(explicit) if explicit else Path(platformdirs.user_log_dir(APP_NAME))


def setup_logging(directory: Path | None = None, level: int = logging.INFO, filename: str = LOG_FILE) -> Path:
    """Send every log record to a rotating file (1 MB × 5) and return its path; idempotent."""
    folder = directory or log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / filename
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, _MARK, False) and isinstance(handler, RotatingFileHandler):
            if Path(handler.baseFilename) == path.absolute():
                return path
            if Path(handler.baseFilename).name == filename:
                # One file of each name per process: another folder (a test's, a changed setting) replaces it;
                # the window's and the command's logs (in-process, as in tests) live side by side.
                root.removeHandler(handler)
                handler.close()
    handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"))
    setattr(handler, _MARK, True)
    root.addHandler(handler)
    root.setLevel(min(root.level or level, level))
    return path


def current_log_file(filename: str = LOG_FILE) -> Path | None:
    """The file the log of that name goes to (the window's by default), when ``setup_logging`` ran."""
    for handler in logging.getLogger().handlers:
        marked = getattr(handler, _MARK, False) and isinstance(handler, RotatingFileHandler)
        if marked and Path(handler.baseFilename).name == filename:  # type: ignore[attr-defined]
            return Path(handler.baseFilename)  # type: ignore[attr-defined]
    return None
