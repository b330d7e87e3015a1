"""What the user is looking at, what has been built for it, and what is remembered between runs.

``Session`` holds the one ``Selection``, the briefings and charts built for it (cached per selection, cleared
when imports change the data) and the signal views refresh on. ``SETTINGS`` declares every remembered value once:
its key, its default and what counts as valid, so a hand-edited or stale settings file falls back to defaults
instead of reaching a view.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from PySide6.QtCore import QObject, QSettings, Signal

from briefing.analysis import briefing as core
from briefing.analysis.charts import ChartSpec
from briefing.analysis.compare import GROUPS
from briefing.analysis.series import DENOMINATORS
from briefing.data.dataset import Dataset

DEFAULT_COUNCIL = "886"
HNB_BASES = {"before_deductions": "Before deductions", "after_deductions": "After deductions"}
CACHE_LIMIT = 4000


@dataclass(frozen=True)
class Setting:
    key: str
    default: str
    valid: Callable[[str, Dataset], bool] = lambda value, dataset: True


def a_measure(value: str, dataset: Dataset) -> bool:
    return tuple(value.split(",", 1)) in set(dataset.measures.index)


SETTINGS = {s.key: s for s in (
    Setting("council", DEFAULT_COUNCIL, lambda value, dataset: value in dataset.current_codes),
    Setting("comparator_group", "neighbours", lambda value, dataset: value in GROUPS),
    Setting("custom", ""),                      # comma-separated codes; unknown ones are dropped on reading
    Setting("real_terms", "false", lambda value, dataset: value in ("true", "false")),
    Setting("per", "", lambda value, dataset: value in ("", *DENOMINATORS)),
    Setting("hnb_basis", "before_deductions", lambda value, dataset: value in HNB_BASES),
    Setting("view", "overview"),                # checked against the window's views
    Setting("map_measure", "dsg_balance_pct_of_dsg,", a_measure),
    Setting("compare_measure", "high_needs_block_gbp,before_deductions", a_measure),
)}


def read_setting(settings: QSettings | None, key: str, dataset: Dataset) -> str:
    """The stored value if it is valid for ``dataset``, else the declared default."""
    setting = SETTINGS[key]
    if settings is None:
        return setting.default
    value = settings.value(key, setting.default)
    value = value if isinstance(value, str) else setting.default
    return value if setting.valid(value, dataset) else setting.default


def stored_selection(settings: QSettings | None, dataset: Dataset) -> core.Selection:
    custom = tuple(c for c in read_setting(settings, "custom", dataset).split(",") if c in dataset.current_codes)
    group = read_setting(settings, "comparator_group", dataset)
    if group == "custom" and not custom:
        group = "neighbours"
    return normalised(core.Selection(read_setting(settings, "council", dataset), group, custom,
                                     read_setting(settings, "real_terms", dataset) == "true",
                                     read_setting(settings, "per", dataset),
                                     read_setting(settings, "hnb_basis", dataset)))


def store_selection(settings: QSettings, selection: core.Selection) -> None:
    for key, value in (("council", selection.la_code), ("comparator_group", selection.comparator_group),
                       ("custom", ",".join(selection.custom)), ("real_terms", str(selection.real_terms).lower()),
                       ("per", selection.per), ("hnb_basis", selection.hnb_basis)):
        settings.setValue(key, value)


def normalised(selection: core.Selection) -> core.Selection:
    """A council is never its own custom comparator."""
    if selection.comparator_group != "custom":
        return selection
    return replace(selection, custom=tuple(c for c in selection.custom if c != selection.la_code))


class Session(QObject):
    """One selection and everything built for it; ``changed`` fires when either changes."""

    changed = Signal()

    def __init__(self, dataset: Dataset, selection: core.Selection | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.dataset = dataset
        self.selection = selection or core.Selection(DEFAULT_COUNCIL)
        self.cache: dict[tuple, object] = {}

    def update(self, **changes) -> bool:
        """Change the selection; False (and no signal) if nothing changed."""
        selection = normalised(replace(self.selection, **changes))
        if selection == self.selection:
            return False
        self.selection = selection
        self.changed.emit()
        return True

    def set_dataset(self, dataset: Dataset) -> None:
        """Imports change figures and sources, never councils or measures: everything built is rebuilt."""
        self.dataset = dataset
        self.cache.clear()
        self.changed.emit()

    def cached(self, key: tuple, build: Callable[[], object]):
        if key not in self.cache:
            if len(self.cache) > CACHE_LIMIT:
                self.cache.clear()
            self.cache[key] = build()
        return self.cache[key]

    def briefing(self) -> core.Briefing:
        selection = self.selection
        return self.cached(("briefing", selection),
                           lambda: core.build_briefing(self.dataset, selection, with_charts=False))

    def charts(self, view: str) -> tuple[ChartSpec, ...]:
        selection = self.selection
        return self.cached(("charts", selection, view), lambda: core.build_charts(self.dataset, selection, (view,)))

    def comparison(self, measure: str, variant: str, everyone: bool) -> ChartSpec:
        selection = self.selection
        if everyone:   # the all-council picture does not depend on the comparator group
            selection = replace(selection, comparator_group="neighbours", custom=())
        return self.cached(("comparison", selection, measure, variant, everyone), lambda: core.comparison_chart(
            self.dataset, selection, measure, variant, everyone=everyone))

    def balance(self) -> ChartSpec:
        """The council's own DSG balance over time, beside its programme terms."""
        selection = self.selection
        return self.cached(("balance", selection), lambda: core.trend_chart(
            self.dataset, selection, "dsg_balance_gbp", comparators=[]))

    def source_names(self, source_ids: tuple[str, ...]) -> str:
        """Publisher and title of each source; remembered, as every chart of every switch asks."""
        known = self.dataset.sources.index
        return self.cached(("source_names", tuple(source_ids)), lambda: "; ".join(
            core.cite(self.dataset.source_citation(s)) for s in source_ids if s in known))
