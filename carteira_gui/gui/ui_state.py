"""What the window remembers between sessions (geometry, column widths, splitters, names), behind QSettings.

One adapter so that tests point it at a temporary INI file and the rest of the window never sees QSettings.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QHeaderView, QSplitter, QWidget

ORGANIZATION = "carteira-sync"
APPLICATION = "carteira-gui"


class UiState:
    """Remembered window state, stored through one ``QSettings``."""

    def __init__(self, settings: QSettings) -> None:
        self._settings = settings

    @classmethod
    def at(cls, path: Path) -> UiState:
        """State kept in the INI file ``path`` (tests, demo screenshots)."""
        return cls(QSettings(str(path), QSettings.Format.IniFormat))

    @classmethod
    def default(cls) -> UiState:
        """State kept in the user's settings (the platform's usual place)."""
        return cls(QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION))

    @property
    def file_name(self) -> str:
        """Where the state is stored."""
        return self._settings.fileName()

    def _bytes(self, key: str) -> QByteArray | None:
        value = self._settings.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def restore_geometry(self, name: str, widget: QWidget) -> bool:
        """Restore a window's geometry; False when there is none remembered."""
        data = self._bytes(f"geometry/{name}")
        return data is not None and widget.restoreGeometry(data)

    def save_geometry(self, name: str, widget: QWidget) -> None:
        """Remember a window's geometry."""
        self._settings.setValue(f"geometry/{name}", widget.saveGeometry())

    def restore_header(self, name: str, header: QHeaderView) -> bool:
        """Restore column widths and order of a view's header."""
        data = self._bytes(f"headers/{name}")
        return data is not None and header.restoreState(data)

    def save_header(self, name: str, header: QHeaderView) -> None:
        """Remember column widths and order of a view's header."""
        self._settings.setValue(f"headers/{name}", header.saveState())

    def restore_splitter(self, name: str, splitter: QSplitter) -> bool:
        """Restore the sizes of a splitter."""
        data = self._bytes(f"splitters/{name}")
        return data is not None and splitter.restoreState(data)

    def save_splitter(self, name: str, splitter: QSplitter) -> None:
        """Remember the sizes of a splitter."""
        self._settings.setValue(f"splitters/{name}", splitter.saveState())

    def user_name(self) -> str:
        """The planner's name, the last one typed; empty until one is.

        Never the OS login, which is often a shared account: the audit would name the wrong person.
        """
        value = self._settings.value("user/name")
        return value.strip() if isinstance(value, str) else ""

    def set_user_name(self, name: str) -> None:
        """Remember the name typed by the planner."""
        self._settings.setValue("user/name", name.strip())

    def last_dir(self) -> str:
        """The folder of the last exported or opened file."""
        value = self._settings.value("files/last_dir")
        return value if isinstance(value, str) else str(Path.home())

    def set_last_dir(self, folder: Path) -> None:
        """Remember the folder of a file just exported or opened."""
        self._settings.setValue("files/last_dir", str(folder))

    def sync(self) -> None:
        """Write pending changes to disk."""
        self._settings.sync()
