"""Item models over plain rows, one module per responsibility.

- ``table``: the generic machinery of the flat tables (``Column``, ``RowTableModel``, ``RowFilterProxy``, roles);
- ``carteira``: the carteira lines with their split (``CarteiraRow``, ``build_carteira_rows``, ``CarteiraModel``);
- ``plan`` and ``plan_filter``: the plan under review as a tree (``PlanModel``) and its filters
  (``PlanFilterProxy``);
- ``alerts``: ``AlertModel``; ``history``: past runs (``RunModel``) and their changes (``RunChangeModel``);
- ``decisions``: the side panel's pré-separações, lotes and history of a line, a lote's rows; ``lotes``: the
  Lotes tab's tree (``LoteTreeModel``, grouped by status and data de expedição).

Every call Qt makes into Python costs microseconds, and views make many: the plan tree, re-laid out on each
keystroke of its filter, keeps its shape in C++ (see ``PlanModel``) and its proxy decides once per filter
change, not once per call (see ``PlanFilterProxy``). The names are re-exported here for convenience.
"""

from carteira_gui.gui.models.alerts import AlertModel
from carteira_gui.gui.models.carteira import CarteiraModel, CarteiraRow, build_carteira_rows
from carteira_gui.gui.models.history import RunChangeModel, RunModel, stored_impact_line
from carteira_gui.gui.models.plan import GROUP_ORDER, PlanModel
from carteira_gui.gui.models.plan_filter import NO_ALERT, PlanFilterProxy
from carteira_gui.gui.models.table import LEVEL_ROLE, ROW_ROLE, Column, RowFilterProxy, RowTableModel

__all__ = [
    "GROUP_ORDER",
    "LEVEL_ROLE",
    "NO_ALERT",
    "ROW_ROLE",
    "AlertModel",
    "CarteiraModel",
    "CarteiraRow",
    "Column",
    "PlanFilterProxy",
    "PlanModel",
    "RowFilterProxy",
    "RowTableModel",
    "RunChangeModel",
    "RunModel",
    "build_carteira_rows",
    "stored_impact_line",
]
