"""The window's log file: the one place the window sets it up (``adapters.logs`` through bootstrap)."""

from carteira_gui.bootstrap import LOG_FILE, current_log_file, log_dir, setup_logging

__all__ = ["LOG_FILE", "current_log_file", "log_dir", "setup_logging"]
