"""The desktop window of Carteira Sync (PySide6).

Modules: ``app`` (entry point), ``window`` (main window), ``plan_view`` (plan review), ``models`` (item
models over plain rows), ``dialogs`` and ``settings_dialog``, ``tasks`` (work off the GUI thread),
``errors`` (one error pipeline), ``ui_state`` (QSettings), ``secrets`` (keyring), ``formatting``,
``resources``, ``i18n``, ``logs``, ``demo`` and ``screenshots``.
"""

from carteira_gui.gui.compat import keep_none_alive

# Before any Qt call: see compat.py (PySide6 6.12 leaks references to None on Python 3.11).
keep_none_alive()
