"""The filters of the plan tree: words, alert level, and "only lines that touch allocations"."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QObject, QSortFilterProxyModel, Qt

from carteira_gui.gui.models.plan import PlanModel
from carteira_gui.gui.models.table import ModelIndex, search_terms

#: Level filter value that keeps the changes without any alert.
NO_ALERT = "-"


class PlanFilterProxy(QSortFilterProxyModel):
    """Filters the plan tree: words, alert level, and "only lines that touch allocations".

    A group row stays while one of its changes does, and its title says "shown of total" when filtered (the
    proxy tells the model, whose titles they are: this proxy adds no Python to every ``data()`` call).

    The filters are worked out once per change of filter (or of the plan, or of its order) over the whole plan,
    in plain Python over the search texts the model builds once per plan; ``filterAcceptsRow``, which Qt calls
    for every row, only reads the answer. Group rows are kept by the same answer rather than by Qt's recursive
    filtering, which would call back into Python several times per change.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._terms: list[str] = []
        self._levels: frozenset[str] | None = None
        self._only_allocations = False
        self._plan: PlanModel | None = None
        # Whether each change of each group passes the filters, and how many per group, for ``_revision``.
        self._passes: list[list[bool]] = []
        self._shown: list[int] = []
        self._revision: int | None = None
        self.sourceModelChanged.connect(self._on_source_model_changed)
        self.modelReset.connect(self._publish_counts)  # a new plan (or source): its counts

    def _on_source_model_changed(self) -> None:
        if self._plan is not None:
            self._plan.set_shown(None)
        model = self.sourceModel()
        self._plan = model if isinstance(model, PlanModel) else None
        self._revision = None

    @property
    def filtering(self) -> bool:
        """Whether any filter is on."""
        return bool(self._terms) or self._levels is not None or self._only_allocations

    def set_text(self, text: str) -> None:
        """Keep changes whose pedido, produto, cliente or lote contain every word of ``text``."""
        terms = search_terms(text)
        if terms != self._terms:
            self._set_filter("_terms", terms)

    def set_levels(self, levels: Iterable[str] | None) -> None:
        """Keep changes of these alert levels (``NO_ALERT`` for none); ``None`` keeps every change."""
        value = frozenset(levels) if levels is not None else None
        if value != self._levels:
            self._set_filter("_levels", value)

    def set_only_allocations(self, only: bool) -> None:
        """Keep only changes that alter a pré-separação or a separação."""
        if only != self._only_allocations:
            self._set_filter("_only_allocations", only)

    def _set_filter(self, name: str, value: object) -> None:
        setattr(self, name, value)
        self._revision = None
        # One layout change for the whole re-filter (see ``refilter``), then the group titles' counts.
        self.invalidate()
        self._publish_counts()

    def _evaluate(self, model: PlanModel) -> None:
        """Work out which changes pass the filters, for the model's current plan and order."""
        terms, levels, only = self._terms, self._levels, self._only_allocations
        search = model.search_texts() if terms else {}
        level_of = model.levels()
        passes: list[list[bool]] = []
        for changes in model.group_changes():
            keep = [True] * len(changes)
            if only:
                keep = [k and c.touches_allocations for k, c in zip(keep, changes, strict=True)]
            if levels is not None:
                keep = [k and (level_of.get(id(c)) or NO_ALERT) in levels for k, c in zip(keep, changes, strict=True)]
            if terms:
                texts = [search[id(c)] for c in changes]
                for term in terms:
                    keep = [k and term in t for k, t in zip(keep, texts, strict=True)]
            passes.append(keep)
        self._passes = passes
        self._shown = [sum(keep) for keep in passes]
        self._revision = model.revision

    def _publish_counts(self) -> None:
        # The group titles (the source model's) say "shown of total" while a filter is on.
        model = self._plan
        if model is None:
            return
        if self._revision != model.revision:
            self._evaluate(model)
        model.set_shown(self._shown if self.filtering else None)

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:  # noqa: N802 - Qt's name
        """Whether a change passes the filters; a group row whether one of its changes does."""
        model = self._plan
        if model is None:
            return True
        if self._revision != model.revision:
            self._evaluate(model)
        group = source_parent.row()
        if group < 0:
            return self._shown[source_row] > 0
        return self._passes[group][source_row]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the changes in the source model (groups keep their order)."""
        model = self.sourceModel()
        if model is not None:
            model.sort(column, order)
