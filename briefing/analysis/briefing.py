"""A ``Selection`` (what the user asked for) becomes a ``Briefing`` (everything the overview page and the
PDF show). Both readers take the same object, so the screen and the paper always agree.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache

import pandas as pd

from briefing import __version__
from briefing.analysis import compare, programmes
from briefing.analysis.charts import COMPARATOR, PREDECESSOR, REFERENCE, SUBJECT, ChartPoint, ChartSeries, ChartSpec
from briefing.analysis.format import format_change, format_percent_change, format_value, month_year
from briefing.analysis.programmes import (
    NEITHER,
    ContextPoint,
    DeliveringBetterValue,
    SafetyValveAgreement,
    TimelineEvent,
)
from briefing.analysis.series import (
    DENOMINATOR_NAMES,
    DENOMINATORS,
    Point,
    change_between,
    denominator_period,
    measure_info,
    normalise,
    per_label,
    per_scale,
    real_terms,
    real_terms_label,
    series,
    value_at,
)
from briefing.analysis.summary import Sentence, summarise
from briefing.data.catalogue import Measure
from briefing.data.dataset import ENGLAND, Dataset
from briefing.data.periods import describe_period, period_sort_key
from briefing.data.provenance import Citation
from briefing.data.releases import not_held_text

PLAIN_UNITS = ("%", "number", "people")   # value labels that add nothing to a caption
MAX_LINES = 12  # more comparators than this are drawn as their median, not as a tangle of lines


@dataclass(frozen=True)
class Selection:
    la_code: str
    comparator_group: str = "neighbours"
    custom: tuple[str, ...] = ()
    real_terms: bool = False
    per: str = ""               # "", or a key of series.DENOMINATORS
    hnb_basis: str = "before_deductions"


# --- chart building ----------------------------------------------------------------------------------------

def per_applies(info: Measure, per: str) -> bool:
    """Per-head and per-plan views only make sense for amounts and counts (not EHC plans per EHC plan)."""
    return bool(per) and info.unit in ("gbp", "count") and not (info.measure == "ehc_plans" and per == "per_ehc_plan")


def real_applies(info: Measure, selection: Selection) -> bool:
    return selection.real_terms and info.unit == "gbp" and info.period_type.startswith("financial_year")


def transform(dataset: Dataset, selection: Selection, info: Measure, points: list[Point], area: str) -> list[Point]:
    if per_applies(info, selection.per):
        points = normalise(dataset, points, area, selection.per, info.unit)
    if real_applies(info, selection):
        points = real_terms(dataset, points)
    return points


def value_label(dataset: Dataset, selection: Selection, info: Measure) -> str:
    parts = [{"gbp": "£", "pct": "%", "count": "number", "persons": "people"}[info.unit]]
    if per_applies(info, selection.per):
        parts.append(per_label(info.unit, selection.per))
    if real_applies(info, selection):
        parts.append(real_terms_label(dataset))
    elif info.unit == "gbp":
        parts.append("cash")
    return ", ".join(parts)


def to_chart_points(points: list[Point], dataset: Dataset) -> tuple[ChartPoint, ...]:
    out = []
    for p in points:
        note = p.note or (dataset.statuses.get(p.status, "") if p.missing else "")
        out.append(ChartPoint(p.period, p.value, note, sources=tuple(p.source_ids)))
    return tuple(out)


def chart_points(dataset: Dataset, selection: Selection, info: Measure, area: str) -> tuple[ChartPoint, ...]:
    """An area's line on the selection's basis."""
    per = selection.per if per_applies(info, selection.per) else ""
    return area_chart_points(dataset, info, area, per, real_applies(info, selection))


@lru_cache(maxsize=8192)
def area_chart_points(dataset: Dataset, info: Measure, area: str, per: str, real: bool) -> tuple[ChartPoint, ...]:
    """Made once per area, measure and basis: a council's line recurs in the charts of each of its neighbours."""
    selection = Selection(area, per=per, real_terms=real)
    return to_chart_points(transform(dataset, selection, info, series(dataset, info.measure, info.variant, area),
                                     area), dataset)


def reference_lines(dataset: Dataset, selection: Selection, info: Measure, periods: list[str]) -> list[ChartSeries]:
    """England's published figure for rates; medians for amounts and counts, whose England total is on
    another scale. Normalised or real-terms views use medians of the transformed council figures. The same for
    every council of a region: worked out once per region (a batch of briefings asks 153 times)."""
    return list(region_reference_lines(dataset, dataset.regions[selection.la_code], info, selection.per,
                                       selection.real_terms, tuple(periods)))


@lru_cache(maxsize=512)
def region_reference_lines(dataset: Dataset, region: str, info: Measure, per: str, real: bool,
                           periods: tuple[str, ...]) -> tuple[ChartSeries, ...]:
    selection = Selection("", per=per, real_terms=real)
    periods = list(periods)
    lines = []
    published = compare.england_published(dataset, info.measure, info.variant)
    plain = not selection.per and not selection.real_terms
    if published is not None and (info.unit == "pct" or plain and info.unit not in ("gbp", "count", "persons")):
        lines.append(ChartSeries("England", REFERENCE, tuple(
            ChartPoint(p, float(published.get(p, float("nan")))) for p in periods), ENGLAND))
    transformed = transformed_grid(dataset, selection, info)
    if info.unit != "pct" or not lines:
        lines.append(median_series("England median council", transformed.drop(index=ENGLAND, errors="ignore"),
                                   periods, 10))
    lines.append(median_series(f"{region} median council", transformed.reindex(dataset.region_codes(region)),
                               periods, 3))
    return tuple(lines)


def median_series(label: str, values: pd.DataFrame, periods: list[str], minimum: int) -> ChartSeries:
    medians = values.median(skipna=True).where(values.notna().sum() >= minimum)
    return ChartSeries(label, REFERENCE, tuple(ChartPoint(p, float(medians.get(p, float("nan")))) for p in periods))


def transformed_grid(dataset: Dataset, selection: Selection, info: Measure) -> pd.DataFrame:
    """All councils' figures for the measure after the selection's per-head / real-terms restatement."""
    per = selection.per if per_applies(info, selection.per) else ""
    return _transformed_grid(dataset, info.measure, info.variant, per, real_applies(info, selection))


@lru_cache(maxsize=256)
def _transformed_grid(dataset: Dataset, measure: str, variant: str, per: str, real: bool) -> pd.DataFrame:
    values = dataset.grid(measure, variant).values
    if per:
        den_measure, den_variant, _ = DENOMINATORS[per]
        den = dataset.grid(den_measure, den_variant).values
        scale = per_scale(measure_info(dataset, measure, variant).unit, per)
        columns = {}
        for period in values.columns:
            den_period = denominator_period(dataset, period, per)
            divisor = den[den_period].reindex(values.index) if den_period else float("nan")
            columns[period] = values[period] / divisor * scale
        values = pd.DataFrame(columns)
    if real:
        deflators = dataset.deflators["index"].astype(float)
        values = values.apply(lambda col: col * 100 / deflators.get(col.name, float("nan")))
    return values


def trend_chart(dataset: Dataset, selection: Selection, measure: str, variants: tuple[str, ...] = ("",),
                comparators: list[str] | None = None) -> ChartSpec:
    """A measure over time: the council, its comparators (or their median), and reference lines. Several
    variants (two tribunal methods) become separate series: never joined into one line."""
    code = selection.la_code
    if comparators is None:
        comparators = compare.comparator_codes(dataset, selection.comparator_group, code, selection.custom)
    infos = [measure_info(dataset, measure, v) for v in variants]
    periods: list[str] = []
    for info in infos:
        periods += [p for p in dataset.grid(measure, info.variant).periods if p not in periods]
    series_list: list[ChartSeries] = []
    source_ids: list[str] = []
    name = dataset.council_name(code)
    for info in infos:
        variant = info.variant_label if len(infos) > 1 else ""
        suffix = f" ({variant})" if variant else ""
        own = chart_points(dataset, selection, info, code)
        source_ids += [s for p in own for s in p.sources]
        series_list.append(ChartSeries(name + suffix, SUBJECT, own, code, variant))
        for former, label in predecessors(dataset, code):
            points = chart_points(dataset, selection, info, former)
            if any(not p.missing for p in points):
                source_ids += [s for p in points for s in p.sources]
                series_list.append(ChartSeries(label + suffix, PREDECESSOR, points, former, variant))
        if len(comparators) <= MAX_LINES:
            for other in comparators:
                points = chart_points(dataset, selection, info, other)
                source_ids += [s for p in points for s in p.sources]
                series_list.append(ChartSeries(dataset.council_name(other) + suffix, COMPARATOR, points, other,
                                               variant))
        else:
            grid = transformed_grid(dataset, selection, info).reindex(comparators)
            median = median_series(f"Comparator median ({len(comparators)} councils){suffix}", grid,
                                   info_periods(dataset, info), 3)
            series_list.append(replace(median, variant=variant))
        for line in reference_lines(dataset, selection, info, info_periods(dataset, info)):
            series_list.append(replace(line, label=line.label + suffix, role=REFERENCE, variant=variant))
    first = infos[0]
    label = value_label(dataset, selection, first)
    title = first.label + ("" if len(infos) > 1 or not first.variant_label else f", {first.variant_label}")
    caption = f"{first.description} {sentence_case(first.period_label)}" + (
        f"; {label}." if label not in PLAIN_UNITS else ".") + denominator_caption(dataset, selection, first, periods)
    drawn = [p for p in periods if any(q.x == p and not q.missing for s in series_list for q in s.points)]
    if drawn:       # no empty years at either end (figures published for a few councils only are not drawn)
        periods = periods[periods.index(drawn[0]):periods.index(drawn[-1]) + 1]
        series_list = [replace(s, points=tuple(q for q in s.points if q.x in periods)) for s in series_list]
        caption += f" Figures to {describe_period(periods[-1], first.period_type)}."
    return ChartSpec(
        chart_id=f"trend.{measure}", kind="line", title=title, unit=first.unit,
        value_label=label, categories=tuple(periods), series=tuple(series_list),
        y_from_zero=False, caption=caption, source_ids=tuple(dict.fromkeys(source_ids)),
        notes=tuple(dict.fromkeys(i.caveats for i in infos)),
    )


def denominator_caption(dataset: Dataset, selection: Selection, info: Measure, periods: Iterable[str]) -> str:
    """' Per head aged 0-25 uses ONS population aged 0-25 for mid-2019 and mid-2020 …': the denominators' years
    a per-head or per-plan chart divides by (empty when none applies)."""
    if not per_applies(info, selection.per):
        return ""
    den_measure, den_variant, _ = DENOMINATORS[selection.per]
    den_type = measure_info(dataset, den_measure, den_variant).period_type
    used = sorted({d for p in periods if (d := denominator_period(dataset, p, selection.per))})
    if not used:
        return f" No {DENOMINATOR_NAMES[selection.per]} figure is bundled for these periods."
    years = [describe_period(p, den_type) for p in used]
    listed = f"{years[0]} to {years[-1]}" if len(years) > 2 else " and ".join(years)
    rule = ("the January inside each financial year" if selection.per == "per_ehc_plan"
            else "ONS mid-year estimates; each year takes the same year's or the nearest earlier one")
    return f" {sentence_case(per_label(info.unit, selection.per))} divides by {DENOMINATOR_NAMES[selection.per]} " \
           f"for {listed} ({rule})."


def sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def predecessors(dataset: Dataset, code: str) -> tuple[tuple[str, str], ...]:
    """Former councils whose area passed (wholly or partly) to ``code``, labelled as theirs: drawn beside the
    council's own line, never joined to it."""
    return all_predecessors(dataset).get(code, ())


@lru_cache(maxsize=8)
def all_predecessors(dataset: Dataset) -> dict[str, tuple[tuple[str, str], ...]]:
    """Each successor council's predecessors, read once per dataset (every trend chart asks)."""
    found: dict[str, list[tuple[str, str]]] = {}
    for former, successor in zip(dataset.changes["predecessor"], dataset.changes["successor"], strict=True):
        if former != successor:
            ended = dataset.councils.at[former, "in_use_to"]
            found.setdefault(successor, []).append(
                (former, f"{dataset.council_name(former)} ({former}, former council to {month_year(ended)})"))
    return {code: tuple(rows) for code, rows in found.items()}


def info_periods(dataset: Dataset, info: Measure) -> list[str]:
    return dataset.grid(info.measure, info.variant).periods


def missing_reason(dataset: Dataset, selection: Selection, info: Measure, area: str, period: str) -> str:
    """Why ``area`` has no bar for ``period``: the figure's own gap reason, or, where the figure exists but
    cannot be restated (no population for a council created since the estimates), that reason, as its line
    chart gives it."""
    point = next((p for p in series(dataset, info.measure, info.variant, area) if p.period == period), None)
    if point is None:
        return "no figure"
    point = transform(dataset, selection, info, [point], area)[0]
    return point.note or dataset.statuses.get(point.status, "no figure")


def comparison_chart(dataset: Dataset, selection: Selection, measure: str, variant: str = "",
                     period: str | None = None, everyone: bool = False, regions_of: tuple[str, ...] = ()
                     ) -> ChartSpec:
    """One period, one bar per council: the comparators (or every council: the caterpillar), largest first,
    with the medians of the region (and of the regions of ``regions_of``) and England as reference bars. Bars
    always start at zero."""
    info = measure_info(dataset, measure, variant)
    period = period or compare.latest_broad_period(dataset, measure, variant)
    code = selection.la_code
    comparators = compare.comparator_codes(dataset, selection.comparator_group, code, selection.custom)
    grid = transformed_grid(dataset, selection, info)
    codes = list(dataset.current_codes) if everyone else [code, *comparators]
    column = grid[period].reindex(codes) if period in grid.columns else pd.Series(float("nan"), index=codes)
    points = []
    chosen = set(comparators)
    for other, value in zip(codes, column.to_numpy(dtype=float).tolist(), strict=True):   # not 153 pandas lookups
        role = SUBJECT if other == code else COMPARATOR if other in chosen else ""
        note = missing_reason(dataset, selection, info, other, period) if math.isnan(value) else ""
        points.append(ChartPoint(dataset.council_name(other), value, note, role, other))
    points.sort(key=lambda p: (p.missing, -p.value if not p.missing else 0))
    if not everyone:
        regions = dict.fromkeys(dataset.regions[c] for c in (code, *regions_of))
        references = [(f"{region} median", grid[period].reindex(dataset.region_codes(region))) for region in regions]
        for label, values in (*references, ("England median", grid[period].reindex(dataset.current_codes))):
            median = float(values.median()) if values.notna().sum() >= 3 else float("nan")
            points.append(ChartPoint(label, median, "", REFERENCE))
    label = value_label(dataset, selection, info)
    when = describe_period(period, info.period_type)
    group = "all councils" if everyone else compare.GROUPS[selection.comparator_group]
    kind = "caterpillar" if everyone else "bar"
    present = sum(1 for p in points if not p.missing and p.role != REFERENCE)
    caption = f"{info.full_label}, {when}: {dataset.council_name(code)} and {group} ({present} with figures)" + (
        f"; {label}." if label not in PLAIN_UNITS else ".") + denominator_caption(dataset, selection, info, [period])
    return ChartSpec(
        chart_id=f"{kind}.{measure}", kind=kind, title=f"{info.full_label}, {when}", unit=info.unit,
        value_label=label, categories=tuple(p.x for p in points),
        series=(ChartSeries(info.full_label, SUBJECT, tuple(points), code),),
        y_from_zero=True, caption=caption,
        source_ids=tuple(dataset.source_ids(next((s for s in dataset.grid(measure, variant).source[period] if s), ""))),
        notes=(info.caveats,),
    )


RANKING_LABELS = 5   # councils named at each end of a ranking


def ranking_chart(dataset: Dataset, selection: Selection, measure: str, variant: str = "", period: str | None = None,
                  lowest_first: bool = False) -> ChartSpec:
    """Every council ranked on one measure and period (the all-council bars of ``comparison_chart``), highest or
    lowest value first, the council and its comparators highlighted and the first and last five named: what answers
    'which councils had the largest DSG deficits at March 2024?' (lowest DSG balance first)."""
    spec = comparison_chart(dataset, selection, measure, variant, period, everyone=True)
    period = period or compare.latest_broad_period(dataset, measure, variant)
    sources = dataset.grid(measure, variant).source.get(period, pd.Series(dtype=object))
    points = [replace(p, sources=tuple(dataset.source_ids(sources.get(p.area) or ""))) for p in spec.series[0].points]
    present = [p for p in points if not p.missing]
    if lowest_first:
        present.reverse()
    ends = present if len(present) <= 2 * RANKING_LABELS else present[:RANKING_LABELS] + present[-RANKING_LABELS:]
    ordered = (*present, *(p for p in points if p.missing))
    order = "lowest" if lowest_first else "highest"
    return replace(spec, chart_id=f"ranking.{measure}", categories=tuple(p.x for p in ordered),
                   series=(replace(spec.series[0], points=ordered),), labelled=tuple(p.x for p in ends),
                   title=f"{spec.title}: all councils, {order} first",
                   caption=spec.caption.removesuffix(".") + f"; ranked {order} value first.")


def ranking_table(spec: ChartSpec) -> tuple[list[str], list[list[str]]]:
    """Rank, council, figure and group of every council in a ranking, in its order; councils without a figure
    last, with the reason."""
    ranks = iter(spec.ranks())
    group = {SUBJECT: "selected council", COMPARATOR: "comparator"}
    rows = []
    for p in spec.series[0].points:
        figure = f"n/a ({p.note})" if p.missing and p.note else spec.cell(p)
        rows.append(["–" if p.missing else str(next(ranks)), p.x, figure, group.get(p.role, "")])
    return ["Rank", "Council", spec.value_label, "Group"], rows


# --- headlines ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Headline:
    key: str
    label: str
    measure: str
    variant: str
    unit: str
    period: str
    period_text: str
    value: float
    text: str
    status: str
    note: str
    change_text: str
    rank_all: compare.Rank | None
    rank_group: compare.Rank | None
    england_text: str
    source_ids: tuple[str, ...]
    basis: str = ""             # 'cash, total', 'real terms, … prices, per head aged 0-25' (see headline_basis)
    also_held: tuple[str, ...] = ()   # later figures published for this council only (no all-council ranking)

    @property
    def missing(self) -> bool:
        return pd.isna(self.value)

    def rank_lines(self, group_label: str) -> list[str]:
        """'Rank 12 of 150 councils (highest quarter)' and the rank among the comparators, as every view says it."""
        lines = []
        if self.rank_all:
            lines.append(f"Rank {self.rank_all.describe()} councils ({self.rank_all.band})")
        if self.rank_group:
            lines.append(f"{self.rank_group.describe()} among {group_label} and this council")
        return lines


HEADLINES = [
    # key, measure, variant, change compared with
    ("hnb", "high_needs_block_gbp", "before_deductions", "first"),
    ("dsg_balance", "dsg_balance_gbp", "", "none"),
    ("dsg_balance_pct", "dsg_balance_pct_of_dsg", "", "first"),
    ("ehc_plans", "ehc_plans", "", "five"),
    ("timeliness", "pct_issued_within_20_weeks", "", "previous"),
    ("tribunal", "tribunal_appeal_rate_pct", "new_method", "previous"),
]


def headline(dataset: Dataset, selection: Selection, key: str, measure: str, variant: str, against: str,
             comparators: list[str]) -> Headline:
    """The latest figure on the selection's basis (real terms and per head where they apply), with its change,
    ranks on that same basis, and the basis in words."""
    if measure == "high_needs_block_gbp":
        variant = selection.hnb_basis
    info = measure_info(dataset, measure, variant)
    code = selection.la_code
    periods = compare.lifetime_periods(dataset, measure, variant, code) or \
        compare.broad_periods(dataset, measure, variant)
    period = periods[-1] if periods else dataset.grid(measure, variant).periods[-1]
    points = transform(dataset, selection, info, series(dataset, measure, variant, code), code)
    point = value_at(points, period) or Point(period, float("nan"), "not_published")
    base = {"first": periods[0] if periods else None, "previous": periods[-2] if len(periods) > 1 else None,
            "five": next((p for p in periods if int(p[:4]) == int(period[:4]) - 5), None), "none": None}[against]
    change_text = ""
    if base and base != period and not point.missing:      # a figure is never compared with itself
        absolute, relative = change_between(points, base, period)
        if not pd.isna(absolute):
            when = describe_period(base, info.period_type)
            change_text = (f"{format_percent_change(relative)} since {when}" if info.unit != "pct"
                           else f"{format_change(absolute, 'pct')} since {when}")
    per = selection.per if per_applies(info, selection.per) else ""
    ranking = headline_ranking(dataset, info.measure, info.variant, period, per, real_applies(info, selection))
    rank_all = ranking.rank(code, info.direction)
    rank_group = ranking.among([code, *comparators]).rank(code, info.direction)
    england = compare.england_published(dataset, measure, variant)
    england_text = ""
    if england is not None and info.unit == "pct" and not pd.isna(england.get(period)):
        england_text = f"England {format_value(float(england[period]), info.unit)}"
    note = point.note or (dataset.statuses.get(point.status, "") if point.missing else "")
    return Headline(key, info.full_label, measure, variant, info.unit, period,
                    describe_period(period, info.period_type), point.value, format_value(point.value, info.unit),
                    point.status, note, change_text, rank_all, rank_group, england_text, point.source_ids,
                    headline_basis(dataset, selection, info), later_figures(dataset, measure, code, period))


def later_figures(dataset: Dataset, measure: str, code: str, period: str) -> tuple[str, ...]:
    """Figures after the headline's period that DfE published for a few councils only (the 2025-26 allocations
    of ten councils): shown beside the headline, never ranked. Every basis of the measure is looked at."""
    found = []
    for known, variant in dataset.measures.index:
        if known != measure or not dataset.has_figures(measure, variant):
            continue
        info = measure_info(dataset, measure, variant)
        for point in series(dataset, measure, variant, code):
            if not point.missing and period_sort_key(point.period) > period_sort_key(period):
                basis = f" ({info.variant_label})" if info.variant_label else ""
                found.append(f"{describe_period(point.period, info.period_type)}{basis}: "
                             f"{format_value(point.value, info.unit, compact=False)}, published for this council "
                             "only (no all-council ranking)")
    return tuple(found)


def headline_column(dataset: Dataset, selection: Selection, info: Measure, period: str) -> pd.Series:
    """Every council's figure for ``period`` on the selection's basis: what a headline's ranks are taken over."""
    if not (per_applies(info, selection.per) or real_applies(info, selection)):
        return compare.all_councils_column(dataset, info.measure, info.variant, period)
    grid = transformed_grid(dataset, selection, info)
    if period not in grid.columns:
        return pd.Series(dtype=float)
    return grid[period].drop(index=ENGLAND, errors="ignore").dropna()


@lru_cache(maxsize=1024)
def headline_ranking(dataset: Dataset, measure: str, variant: str, period: str, per: str, real: bool
                     ) -> compare.Ranking:
    """Every council's figure for ``period`` on one basis (``per`` and ``real`` as they apply), sorted once: the
    same for every council's headline."""
    info = measure_info(dataset, measure, variant)
    return compare.Ranking.of(headline_column(dataset, Selection("", real_terms=real, per=per), info, period))


def headline_basis(dataset: Dataset, selection: Selection, info: Measure) -> str:
    """'cash, total', 'real terms, 2024-25 prices, per head aged 0-25': what a headline figure is (the deflators are
    named in the caveats). A toggle that does not apply says so; rates say nothing while no toggle is on."""
    if info.unit not in ("gbp", "count"):
        off = [w for on, w in ((selection.real_terms, "real terms"),
                               (bool(selection.per), DENOMINATORS.get(selection.per, ("", "", ""))[2])) if on]
        return f"a percentage ({' and '.join(off)} do{'es' if len(off) == 1 else ''} not apply)" if off else ""
    parts = []
    if info.unit == "gbp":
        parts.append(real_terms_label(dataset).split(" (")[0] if real_applies(info, selection) else "cash")
    if per_applies(info, selection.per):
        parts.append(per_label(info.unit, selection.per))
    elif selection.per:
        parts.append(f"total ({DENOMINATORS[selection.per][2]} does not apply)")
    else:
        parts.append("total")
    return ", ".join(parts)


# --- the council, the comparison table, sources and caveats ---------------------------------------------------

@dataclass(frozen=True)
class Council:
    code: str
    name: str
    region: str
    kind: str                   # 'county council', 'London borough', ...
    ons_code: str
    current: bool               # False for a council abolished in a reorganisation
    source_id: str

    @property
    def description(self) -> str:
        former = " · former council" if not self.current else ""
        return f"{self.region} · {self.kind} · DfE code {self.code} · ONS code {self.ons_code}{former}"

    @property
    def possessive(self) -> str:
        """"Kent's"; DfE's inverted names read in speaking order: "City of Bristol's", not "Bristol, City of's"."""
        place, _, title = self.name.rpartition(", ")
        return f"{title} {place}'s" if place and title.endswith(" of") else f"{self.name}'s"


def council_record(dataset: Dataset, code: str) -> Council:
    c = dataset.councils.loc[code]
    return Council(code, c["name"], c["region"], c["la_type"], c["ons_code"], c["status"] == "current",
                   c["source_id"])


def current_councils(dataset: Dataset) -> list[Council]:
    """Today's councils, by name: the council list, pickers and batch exports."""
    return sorted((council_record(dataset, code) for code in dataset.current_codes), key=lambda c: c.name)


def hex_cells(dataset: Dataset) -> list[tuple[str, int, int]]:
    """(council code, column, row) of each council's hexagon on the map."""
    return [(str(r["la_code"]), int(r["q"]), int(r["r"])) for r in dataset.hex_layout.to_dict("records")]


@dataclass(frozen=True)
class ComparisonRow:
    label: str
    area: str
    kind: str                               # subject | comparator | reference
    cells: tuple[str, ...]                  # one per headline, as printed
    ranks: tuple[compare.Rank | None, ...]  # among all councils with a figure; None for reference rows


@dataclass(frozen=True)
class ComparisonTable:
    """The headline figures of the council, its comparators, the medians of its region and England and England's
    published rate: the same rows, ranks and band words on screen and paper."""

    columns: tuple[str, ...]
    rows: tuple[ComparisonRow, ...]
    source_ids: tuple[str, ...]


def median_of(values: pd.Series, minimum: int) -> float:
    """The median council, only when at least ``minimum`` councils have a figure (else missing)."""
    return float(values.median()) if values.notna().sum() >= minimum else float("nan")


@dataclass(frozen=True)
class ColumnFacts:
    """One measure in one period across councils: what every council's comparison row needs, worked out once."""

    values: dict[str, float]
    sources: dict[str, str]
    ranks: dict[str, compare.Rank | None]
    england_median: float
    england: float


@lru_cache(maxsize=256)
def column_facts(dataset: Dataset, measure: str, variant: str, period: str) -> ColumnFacts:
    grid = dataset.grid(measure, variant)
    values = grid.values[period]
    all_values = values.reindex(dataset.current_codes)
    direction = measure_info(dataset, measure, variant).direction
    return ColumnFacts(
        values={k: float(v) for k, v in values.items()},
        sources={k: v for k, v in grid.source[period].items() if isinstance(v, str)},
        ranks=compare.ranks_among(all_values, list(dataset.councils.index), direction),
        england_median=median_of(all_values, 10), england=float(values.get(ENGLAND, float("nan"))))


@lru_cache(maxsize=1024)
def region_median(dataset: Dataset, measure: str, variant: str, period: str, region: str) -> float:
    return median_of(dataset.grid(measure, variant).values[period].reindex(dataset.region_codes(region)), 3)


def comparison_table(dataset: Dataset, code: str, headlines: tuple[Headline, ...], comparators: list[str]
                     ) -> ComparisonTable:
    region = dataset.regions[code]
    codes = [code, *comparators]
    cells: dict[str, list[str]] = {c: [] for c in [*codes, "region", "england_median", "england"]}
    ranks: dict[str, list[compare.Rank | None]] = {c: [] for c in codes}
    source_ids: list[str] = []
    for h in headlines:
        facts = column_facts(dataset, h.measure, h.variant, h.period)
        for other in codes:
            cells[other].append(format_value(facts.values.get(other, float("nan")), h.unit))
            ranks[other].append(facts.ranks.get(other))
            source_ids += dataset.source_ids(facts.sources.get(other, ""))
        cells["region"].append(format_value(region_median(dataset, h.measure, h.variant, h.period, region), h.unit))
        cells["england_median"].append(format_value(facts.england_median, h.unit))
        cells["england"].append(format_value(facts.england, h.unit) if h.unit == "pct" else "–")
    rows = [ComparisonRow(dataset.council_name(c), c, SUBJECT if c == code else COMPARATOR, tuple(cells[c]),
                          tuple(ranks[c])) for c in codes]
    for key, label in (("region", f"{region} median council"), ("england_median", "England median council"),
                       ("england", "England (published rate)")):
        rows.append(ComparisonRow(label, "", REFERENCE, tuple(cells[key]), (None,) * len(headlines)))
    return ComparisonTable(tuple(f"{h.label}, {h.period_text}" for h in headlines), tuple(rows),
                           tuple(dict.fromkeys(source_ids)))


def caveats(dataset: Dataset, selection: Selection, reorganisations: tuple[str, ...], spending: str
            ) -> tuple[str, ...]:
    """What a reader must know to read the figures right, in the order of the figures."""
    known = dataset.source_citations
    deflator_source = "; ".join(cite(known[s]) for s in dict.fromkeys(dataset.deflators["source_id"]) if s in known)
    base = dataset.deflators["base_year"].iloc[0] if len(dataset.deflators) else ""
    basis = "real terms" if selection.real_terms else "cash terms (not adjusted for inflation)"
    return (
        f"Money is shown in {basis}. Real-terms figures use the GDP deflator ({base}) from {deflator_source}.",
        "EHC plans: DfE's SEN2 collection moved to person-level returns in 2023; DfE advises caution when comparing "
        "figures across that change.",
        "SEND Tribunal appeal rates are published on two methods (old method to 2024, new method from 2024). They "
        "are shown as separate series and never joined; the new method gives roughly double the rate.",
        "The high needs block is published before and after deductions (academy recoupment and places DfE funds "
        f"directly). This briefing uses the '{selection.hnb_basis.replace('_', ' ')}' basis throughout; "
        "compare councils on one basis only.",
        "Boundary changes: councils that were reorganised have figures only for the years they existed; "
        "predecessors' figures are not added together or carried forward."
        + "".join(f" {change.rstrip('.')}." for change in reorganisations),
        "Allocations are not spending, and the DSG balance may differ from a council's own accounts. "
        + spending,
    )


def spending_text(dataset: Dataset, code: str) -> str:
    """The spending side: the council's latest high needs outturn (s251) once imported, else what to import;
    never a zero."""
    measure = "high_needs_outturn_gbp"
    if not dataset.has_figures(measure):
        missing = not_held_text(measure, "")
        return f"High needs spending (s251 outturn): {missing[:1].lower()}{missing[1:]}"
    figures = [p for p in series(dataset, measure, "", code) if not p.missing]
    if not figures:
        return "High needs spending (s251 outturn): the imported file has no figure for this council."
    latest = figures[-1]
    share = value_at(series(dataset, "high_needs_outturn_pct_of_hnb", "", code), latest.period) \
        if dataset.has_figures("high_needs_outturn_pct_of_hnb") else None
    of_allocation = f", {format_value(share.value, 'pct')} of its high needs block after deductions" \
        if share and not share.missing else ""
    return (f"High needs spending (s251 outturn, imported): {format_value(latest.value, 'gbp', compact=False)} in "
            f"{latest.period}{of_allocation}.")


def grant_note(council: Council, headlines: tuple[Headline, ...]) -> str:
    """The grant's rule beside the council's latest published balance and its date; never a grant worked out
    from an older balance."""
    balance = next(h for h in headlines if h.key == "dsg_balance")
    rule = (f"The High Needs Stability Grant will be based on {council.possessive} DSG deficit at 31 March 2026, which "
            "is not yet in the bundled data")
    if balance.missing:
        return f"{rule}; no earlier balance for this council is held ({(balance.note or 'no figure').rstrip('.')})."
    if balance.value >= 0:
        return (f"The High Needs Stability Grant is for DSG deficits at 31 March 2026 (not yet in the bundled "
                f"data); {council.possessive} latest published balance is a surplus of {balance.text} at "
                f"{balance.period_text}.")
    return f"{rule}; its latest published balance is {balance.text} at {balance.period_text}."


def cite(citation: Citation) -> str:
    """'Department for Education, Title (2023-07-20)': the words every view shows for a source."""
    title = f", {citation.document}" if citation.document else ""
    date = f" ({citation.published})" if citation.published else ""
    return f"{citation.publisher}{title}{date}"


# --- the briefing ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Briefing:
    """Everything the overview page and the PDF show. Renderers read only this (and its charts)."""

    selection: Selection
    council: Council
    comparator_label: str
    comparators: tuple[tuple[str, str], ...]
    headlines: tuple[Headline, ...]
    summary: tuple[Sentence, ...]
    charts: tuple[ChartSpec, ...]
    safety_valve: SafetyValveAgreement | None
    dbv: DeliveringBetterValue | None
    comparison: ComparisonTable
    timeline: tuple[TimelineEvent, ...]
    national_now: tuple[ContextPoint, ...]       # what applies to every council now, each with its sources
    grant_note: str                              # the High Needs Stability Grant's rule beside this council
    spending: str                                # high needs outturn once imported, else which file brings it
    caveats: tuple[str, ...]
    reorganisations: tuple[str, ...]
    citations: Mapping[str, Citation]      # every source id used -> its citation
    data_version: str
    app_version: str = __version__
    source_ids: tuple[str, ...] = field(default=())

    def chart(self, chart_id: str) -> ChartSpec:
        return next(c for c in self.charts if c.chart_id == chart_id)

    def headline(self, key: str) -> Headline:
        return next(h for h in self.headlines if h.key == key)

    def cite(self, source_ids: Iterable[str]) -> list[Citation]:
        """The citations of ``source_ids``, once each, in order."""
        return [self.citations[s] for s in dict.fromkeys(source_ids) if s in self.citations]

    @property
    def sources_used(self) -> list[Citation]:
        """Every release a figure in the briefing comes from (the sources table of the PDF)."""
        return self.cite(self.citations)

    @property
    def figures_to(self) -> list[tuple[str, str]]:
        """(measure, latest period) of each headline: 'figures to …' on page 1 and the overview."""
        return [(h.label, h.period_text) for h in self.headlines]

    @property
    def programme_summary(self) -> str:
        if self.safety_valve:
            return self.safety_valve.summary
        return self.dbv.summary if self.dbv else NEITHER


CHARTS = [
    # (view, builder args)
    ("funding", "trend", "high_needs_block_gbp", None),
    ("funding", "bar", "high_needs_block_gbp", None),
    ("deficit", "trend", "dsg_balance_pct_of_dsg", ("",)),
    ("deficit", "bar", "dsg_balance_gbp", ""),
    ("deficit", "caterpillar", "dsg_balance_pct_of_dsg", ""),
    ("demand", "trend", "ehc_plans", ("",)),
    ("demand", "trend", "pct_issued_within_20_weeks", ("",)),
    ("demand", "trend", "tribunal_appeal_rate_pct", ("old_method", "new_method")),
]


def build_charts(dataset: Dataset, selection: Selection, views: tuple[str, ...] = ("funding", "deficit", "demand")
                 ) -> tuple[ChartSpec, ...]:
    charts = []
    for view, kind, measure, variants in CHARTS:
        if view not in views:
            continue
        if measure == "high_needs_block_gbp":
            variants = (selection.hnb_basis,) if kind == "trend" else selection.hnb_basis
        if kind == "trend":
            charts.append(trend_chart(dataset, selection, measure, variants))
        else:
            charts.append(comparison_chart(dataset, selection, measure, variants, everyone=kind == "caterpillar"))
    return tuple(charts)


def build_briefing(dataset: Dataset, selection: Selection, with_charts: bool = True) -> Briefing:
    code = selection.la_code
    if code not in dataset.councils.index:
        raise KeyError(f"unknown council code {code!r}")
    council = council_record(dataset, code)
    comparators = compare.comparator_codes(dataset, selection.comparator_group, code, selection.custom)
    headlines = tuple(headline(dataset, selection, key, measure, variant, against, comparators)
                      for key, measure, variant, against in HEADLINES)
    charts = build_charts(dataset, selection) if with_charts else ()
    table = comparison_table(dataset, code, headlines, comparators)
    timeline = programmes.timeline(dataset)
    reorganisations = council_changes(dataset).get(code, ())
    source_ids = [s for h in headlines for s in h.source_ids] + [s for c in charts for s in c.source_ids]
    used = [*source_ids, *table.source_ids, council.source_id]
    if selection.real_terms:
        used += list(dataset.deflators["source_id"])
    spending = spending_text(dataset, code)
    briefing = Briefing(
        selection=selection, council=council,
        comparator_label=compare.GROUPS[selection.comparator_group],
        comparators=tuple((c, dataset.council_name(c)) for c in comparators),
        headlines=headlines, summary=(), charts=charts,
        safety_valve=programmes.agreement(dataset, code), dbv=programmes.dbv(dataset, code),
        comparison=table, timeline=timeline, national_now=programmes.national_now(timeline),
        grant_note=grant_note(council, headlines), spending=spending,
        caveats=caveats(dataset, selection, reorganisations, spending), reorganisations=reorganisations,
        citations={s: dataset.source_citations[s] for s in dict.fromkeys(used) if s in dataset.source_citations},
        data_version=dataset.version, source_ids=tuple(dict.fromkeys(source_ids)),
    )
    return replace(briefing, summary=tuple(summarise(dataset, plain_basis(dataset, briefing))))


@lru_cache(maxsize=8)
def council_changes(dataset: Dataset) -> dict[str, tuple[str, ...]]:
    """'Month year: note' of each boundary change, under each council it involves (predecessor or successor), in the
    table's order."""
    found: dict[str, list[str]] = {}
    for row in dataset.changes.to_dict("records"):
        for code in dict.fromkeys((row["predecessor"], row["successor"])):
            found.setdefault(code, []).append(f"{month_year(row['date'])}: {row['note']}")
    return {code: tuple(rows) for code, rows in found.items()}


def plain_basis(dataset: Dataset, briefing: Briefing) -> Briefing:
    """The briefing with its headlines in cash totals: the summary's sentences say 'cash' and compare totals,
    whatever the tiles' toggles."""
    selection = briefing.selection
    if not selection.real_terms and not selection.per:
        return briefing
    plain = replace(selection, real_terms=False, per="")
    comparators = [code for code, _ in briefing.comparators]
    return replace(briefing, headlines=tuple(headline(dataset, plain, key, measure, variant, against, comparators)
                                             for key, measure, variant, against in HEADLINES))


@dataclass(frozen=True)
class Comparison:
    """Several councils side by side: each one's briefing (without its own charts) and one bar chart per headline
    measure with every chosen council, at the first council's latest period."""

    briefings: tuple[Briefing, ...]
    charts: tuple[ChartSpec, ...]

    @property
    def combined(self) -> Briefing:
        """The first briefing with the others as its comparators and every council's sources: what the sources
        and method section of the comparison lists."""
        first = self.briefings[0]
        citations = {k: v for b in self.briefings for k, v in b.citations.items()}
        return replace(first, citations=citations,
                       source_ids=tuple(dict.fromkeys(s for b in self.briefings for s in b.source_ids)),
                       comparators=tuple((b.council.code, b.council.name) for b in self.briefings[1:]))


COMPARISON_TRENDS = ("high_needs_block_gbp", "ehc_plans", "pct_issued_within_20_weeks")


def build_comparison(dataset: Dataset, selections: list[Selection], with_charts: bool = True) -> Comparison:
    """Each council's briefing, then for each headline measure its bars (every council with the medians of each
    one's region and England) and, for the main measures, the trends of every council."""
    briefings = tuple(build_briefing(dataset, s, with_charts=False) for s in selections)
    charts: tuple[ChartSpec, ...] = ()
    if with_charts:
        first = selections[0]
        together = Selection(first.la_code, "custom", tuple(s.la_code for s in selections[1:]),
                             real_terms=first.real_terms, hnb_basis=first.hnb_basis)
        others = together.custom
        found = []
        for h in briefings[0].headlines:
            if h.measure in COMPARISON_TRENDS:
                found.append(trend_chart(dataset, together, h.measure, (h.variant,), comparators=list(others)))
            found.append(comparison_chart(dataset, together, h.measure, h.variant, h.period, regions_of=others))
        charts = tuple(found)
        used = [s for spec in charts for s in spec.source_ids if s in dataset.sources.index]
        briefings = (replace(briefings[0], citations={**briefings[0].citations, **{
            s: dataset.source_citation(s) for s in used}}), *briefings[1:])
    return Comparison(briefings, charts)
