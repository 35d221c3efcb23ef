"""The desktop window of Carteira Sync (PySide6).

Modules: ``app`` (entry point), ``window`` (the main window: actions, tabs, status bar), one widget per tab
(``carteira_tab``, ``plan_view``, ``alerts_tab``, ``history_tab``), ``sync_flow`` (the plan's life: fetch,
freshness, apply), ``export`` (change reports), ``ops`` over ``tasks`` (the one way to run work off the GUI
thread), ``models/`` (item models over plain rows), ``dialogs`` and ``settings_dialog``, ``errors`` (one error
pipeline), ``widgets`` (shared small widgets), ``ui_state`` (QSettings), ``secrets`` (keyring),
``formatting``, ``resources``, ``i18n``, ``logs``, ``demo`` and ``screenshots``. The window reaches the data
through use cases (``carteira_gui.services``) and the composition root (``carteira_gui.bootstrap``) only.
"""

from carteira_gui.gui.compat import keep_none_alive

# Before any Qt call: see compat.py (PySide6 6.12 leaks references to None on Python 3.11).
keep_none_alive()
