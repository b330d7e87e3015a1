"""A ``Selection`` (what the user asked for) becomes a ``Briefing`` (everything the overview page and the
PDF show). Both readers take the same object, so the screen and the paper always agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache

import pandas as pd

from briefing import __version__
from briefing.analysis import compare
from briefing.analysis.charts import COMPARATOR, PREDECESSOR, REFERENCE, SUBJECT, ChartPoint, ChartSeries, ChartSpec
from briefing.analysis.format import format_change, format_percent_change, format_value
from briefing.analysis.series import (
    DENOMINATORS,
    MeasureInfo,
    Point,
    change_between,
    denominator_period,
    measure_info,
    normalise,
    real_terms,
    real_terms_label,
    series,
    value_at,
)
from briefing.analysis.summary import Sentence, summarise
from briefing.data.dataset import ENGLAND, Dataset
from briefing.data.periods import describe_period

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

def per_applies(info: MeasureInfo, per: str) -> bool:
    """Per-head and per-plan views only make sense for amounts and counts (not EHC plans per EHC plan)."""
    return bool(per) and info.unit in ("gbp", "count") and not (info.measure == "ehc_plans" and per == "per_ehc_plan")


def real_applies(info: MeasureInfo, selection: Selection) -> bool:
    return selection.real_terms and info.unit == "gbp" and info.period_type.startswith("financial_year")


def transform(dataset: Dataset, selection: Selection, info: MeasureInfo, points: list[Point], area: str) -> list[Point]:
    if per_applies(info, selection.per):
        points = normalise(dataset, points, area, selection.per)
    if real_applies(info, selection):
        points = real_terms(dataset, points)
    return points


def value_label(dataset: Dataset, selection: Selection, info: MeasureInfo) -> str:
    parts = [{"gbp": "£", "pct": "%", "count": "number", "persons": "people"}[info.unit]]
    if per_applies(info, selection.per):
        parts.append(DENOMINATORS[selection.per][2])
    if real_applies(info, selection):
        parts.append(real_terms_label(dataset))
    elif info.unit == "gbp":
        parts.append("cash")
    return ", ".join(parts)


def to_chart_points(points: list[Point], dataset: Dataset) -> tuple[ChartPoint, ...]:
    out = []
    for p in points:
        note = p.note or (dataset.statuses.get(p.status, "") if p.missing else "")
        out.append(ChartPoint(p.period, p.value, note))
    return tuple(out)


def reference_lines(dataset: Dataset, selection: Selection, info: MeasureInfo, periods: list[str]) -> list[ChartSeries]:
    """England's published figure for rates; medians for amounts and counts, whose England total is on
    another scale. Normalised or real-terms views use medians of the transformed council figures."""
    region = dataset.regions[selection.la_code]
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
    return lines


def median_series(label: str, values: pd.DataFrame, periods: list[str], minimum: int) -> ChartSeries:
    medians = values.median(skipna=True).where(values.notna().sum() >= minimum)
    return ChartSeries(label, REFERENCE, tuple(ChartPoint(p, float(medians.get(p, float("nan")))) for p in periods))


def transformed_grid(dataset: Dataset, selection: Selection, info: MeasureInfo) -> pd.DataFrame:
    """All councils' figures for the measure after the selection's per-head / real-terms restatement."""
    per = selection.per if per_applies(info, selection.per) else ""
    return _transformed_grid(dataset, info.measure, info.variant, per, real_applies(info, selection))


@lru_cache(maxsize=256)
def _transformed_grid(dataset: Dataset, measure: str, variant: str, per: str, real: bool) -> pd.DataFrame:
    values = dataset.grid(measure, variant).values
    if per:
        den_measure, den_variant, _ = DENOMINATORS[per]
        den = dataset.grid(den_measure, den_variant).values
        columns = {}
        for period in values.columns:
            den_period = denominator_period(dataset, period, per)
            divisor = den[den_period].reindex(values.index) if den_period else float("nan")
            columns[period] = values[period] / divisor
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
        own = transform(dataset, selection, info, series(dataset, measure, info.variant, code), code)
        source_ids += [s for p in own for s in p.source_ids]
        series_list.append(ChartSeries(name + suffix, SUBJECT, to_chart_points(own, dataset), code, variant))
        for former, label in predecessors(dataset, code):
            points = transform(dataset, selection, info, series(dataset, measure, info.variant, former), former)
            if any(not p.missing for p in points):
                source_ids += [s for p in points for s in p.source_ids]
                series_list.append(ChartSeries(label + suffix, PREDECESSOR, to_chart_points(points, dataset),
                                               former, variant))
        if len(comparators) <= MAX_LINES:
            for other in comparators:
                points = transform(dataset, selection, info, series(dataset, measure, info.variant, other), other)
                source_ids += [s for p in points for s in p.source_ids]
                series_list.append(ChartSeries(dataset.council_name(other) + suffix, COMPARATOR,
                                               to_chart_points(points, dataset), other, variant))
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
        f"; {label}." if label not in PLAIN_UNITS else ".")
    return ChartSpec(
        chart_id=f"trend.{measure}", kind="line", title=title, unit=first.unit,
        value_label=label, categories=tuple(periods), series=tuple(series_list),
        y_from_zero=False, caption=caption, source_ids=tuple(dict.fromkeys(source_ids)),
        notes=tuple(dict.fromkeys(i.caveats for i in infos)),
    )


def sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def predecessors(dataset: Dataset, code: str) -> list[tuple[str, str]]:
    """Former councils whose area passed (wholly or partly) to ``code``, labelled as theirs: drawn beside the
    council's own line, never joined to it."""
    changes = dataset.changes[(dataset.changes["successor"] == code) & (dataset.changes["predecessor"] != code)]
    out = []
    for former in changes["predecessor"]:
        ended = dataset.councils.at[former, "in_use_to"]
        out.append((former, f"{dataset.council_name(former)} ({former}, former council to {month_year(ended)})"))
    return out


def month_year(iso_date: str) -> str:
    months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December"]
    return f"{months[int(iso_date[5:7]) - 1]} {iso_date[:4]}"


def info_periods(dataset: Dataset, info: MeasureInfo) -> list[str]:
    return dataset.grid(info.measure, info.variant).periods


def comparison_chart(dataset: Dataset, selection: Selection, measure: str, variant: str = "",
                     period: str | None = None, everyone: bool = False) -> ChartSpec:
    """One period, one bar per council: the comparators (or every council: the caterpillar), largest first,
    with the region and England medians as reference bars. Bars always start at zero."""
    info = measure_info(dataset, measure, variant)
    period = period or compare.latest_broad_period(dataset, measure, variant)
    code = selection.la_code
    comparators = compare.comparator_codes(dataset, selection.comparator_group, code, selection.custom)
    grid = transformed_grid(dataset, selection, info)
    codes = list(dataset.current_codes) if everyone else [code, *comparators]
    column = grid[period].reindex(codes) if period in grid.columns else pd.Series(float("nan"), index=codes)
    points = []
    for other in codes:
        role = SUBJECT if other == code else COMPARATOR if (other in comparators) else ""
        value = float(column[other])
        note = ""
        if pd.isna(value):
            raw = dataset.grid(measure, variant)
            known = other in raw.status.index and period in raw.status.columns
            own_note = raw.note.at[other, period] if known else ""
            note = own_note if isinstance(own_note, str) and own_note else \
                dataset.statuses.get(raw.status.at[other, period] if known else "", "no figure")
        points.append(ChartPoint(dataset.council_name(other), value, note, role, other))
    points.sort(key=lambda p: (p.missing, -p.value if not p.missing else 0))
    if not everyone:
        region = dataset.regions[code]
        region_codes = dataset.region_codes(region)
        for label, values in ((f"{region} median", grid[period].reindex(region_codes)),
                              ("England median", grid[period].reindex(dataset.current_codes))):
            median = float(values.median()) if values.notna().sum() >= 3 else float("nan")
            points.append(ChartPoint(label, median, "", REFERENCE))
    label = value_label(dataset, selection, info)
    when = describe_period(period, info.period_type)
    group = "all councils" if everyone else compare.GROUPS[selection.comparator_group]
    kind = "caterpillar" if everyone else "bar"
    present = sum(1 for p in points if not p.missing and p.role != REFERENCE)
    caption = f"{info.full_label}, {when}: {dataset.council_name(code)} and {group} ({present} with figures)" + (
        f"; {label}." if label not in PLAIN_UNITS else ".")
    return ChartSpec(
        chart_id=f"{kind}.{measure}", kind=kind, title=f"{info.full_label}, {when}", unit=info.unit,
        value_label=label, categories=tuple(p.x for p in points),
        series=(ChartSeries(info.full_label, SUBJECT, tuple(points), code),),
        y_from_zero=True, caption=caption,
        source_ids=tuple(dataset.source_ids(next((s for s in dataset.grid(measure, variant).source[period] if s), ""))),
        notes=(info.caveats,),
    )


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

    @property
    def missing(self) -> bool:
        return pd.isna(self.value)


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
    if measure == "high_needs_block_gbp":
        variant = selection.hnb_basis
    info = measure_info(dataset, measure, variant)
    code = selection.la_code
    periods = compare.lifetime_periods(dataset, measure, variant, code) or \
        compare.broad_periods(dataset, measure, variant)
    period = periods[-1] if periods else dataset.grid(measure, variant).periods[-1]
    points = series(dataset, measure, variant, code)
    point = value_at(points, period) or Point(period, float("nan"), "not_published")
    base = {"first": periods[0] if periods else None, "previous": periods[-2] if len(periods) > 1 else None,
            "five": next((p for p in periods if int(p[:4]) == int(period[:4]) - 5), None), "none": None}[against]
    change_text = ""
    if base and not point.missing:
        absolute, relative = change_between(points, base, period)
        if not pd.isna(absolute):
            when = describe_period(base, info.period_type)
            change_text = (f"{format_percent_change(relative)} since {when}" if info.unit != "pct"
                           else f"{format_change(absolute, 'pct')} since {when}")
    column = compare.all_councils_column(dataset, measure, variant, period)
    rank_all = compare.rank_among(column, code, info.direction)
    rank_group = compare.rank_among(column.reindex([code, *comparators]), code, info.direction)
    england = compare.england_published(dataset, measure, variant)
    england_text = ""
    if england is not None and info.unit == "pct" and not pd.isna(england.get(period)):
        england_text = f"England {format_value(float(england[period]), info.unit)}"
    note = point.note or (dataset.statuses.get(point.status, "") if point.missing else "")
    return Headline(key, info.full_label, measure, variant, info.unit, period,
                    describe_period(period, info.period_type), point.value, format_value(point.value, info.unit),
                    point.status, note, change_text, rank_all, rank_group, england_text, point.source_ids)


# --- programmes --------------------------------------------------------------------------------------------

def programme_record(table: pd.DataFrame, code: str) -> dict[str, str] | None:
    if code not in table.index:
        return None
    return {k: str(v) for k, v in table.loc[code].items()}


# --- the briefing ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Briefing:
    selection: Selection
    council: dict[str, str]
    comparator_label: str
    comparators: tuple[tuple[str, str], ...]
    headlines: tuple[Headline, ...]
    summary: tuple[Sentence, ...]
    charts: tuple[ChartSpec, ...]
    safety_valve: dict[str, str] | None
    safety_valve_payments: tuple[dict[str, str], ...]
    dbv: dict[str, str] | None
    reorganisations: tuple[str, ...]
    data_version: str
    app_version: str = __version__
    source_ids: tuple[str, ...] = field(default=())

    def chart(self, chart_id: str) -> ChartSpec:
        return next(c for c in self.charts if c.chart_id == chart_id)

    def headline(self, key: str) -> Headline:
        return next(h for h in self.headlines if h.key == key)


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
    council = {k: str(v) for k, v in dataset.councils.loc[code].items()}
    comparators = compare.comparator_codes(dataset, selection.comparator_group, code, selection.custom)
    headlines = tuple(headline(dataset, selection, key, measure, variant, against, comparators)
                      for key, measure, variant, against in HEADLINES)
    charts = build_charts(dataset, selection) if with_charts else ()
    changes = dataset.changes[(dataset.changes["predecessor"] == code) | (dataset.changes["successor"] == code)]
    source_ids = [s for h in headlines for s in h.source_ids] + [s for c in charts for s in c.source_ids]
    briefing = Briefing(
        selection=selection, council=council,
        comparator_label=compare.GROUPS[selection.comparator_group],
        comparators=tuple((c, dataset.council_name(c)) for c in comparators),
        headlines=headlines, summary=(), charts=charts,
        safety_valve=programme_record(dataset.safety_valve, code),
        safety_valve_payments=tuple(dataset.safety_valve_payments[dataset.safety_valve_payments["la_code"] == code]
                                    .to_dict("records")),
        dbv=programme_record(dataset.dbv, code),
        reorganisations=tuple(f"{row['date']}: {row['note']}" for row in changes.to_dict("records")),
        data_version=dataset.version, source_ids=tuple(dict.fromkeys(source_ids)),
    )
    return replace(briefing, summary=tuple(summarise(dataset, briefing)))
