"""Analysis core: series, restatements, comparisons, chart descriptions, the briefing and its summary."""

import math

import pandas as pd
import pytest

from briefing.analysis import compare
from briefing.analysis.briefing import Selection, build_briefing, comparison_chart, trend_chart
from briefing.analysis.charts import COMPARATOR, PREDECESSOR, REFERENCE, SUBJECT
from briefing.analysis.format import format_change, format_percent_change, format_value, ordinal
from briefing.analysis.series import change_between, normalise, real_terms, series, value_at
from briefing.data.dataset import ENGLAND


def grid_value(dataset, measure, variant, area, period):
    return float(dataset.grid(measure, variant).values.at[area, period])


def test_series_carries_status_and_reason(dataset):
    points = series(dataset, "ehc_plans", "", "942")
    first = points[0]
    assert first.missing and first.status == "council_did_not_exist"
    last = points[-1]
    assert last.period == "2026" and last.value == grid_value(dataset, "ehc_plans", "", "942", "2026")
    assert last.source_ids == ("dfe_ehcp_2026",)


def test_change_between(dataset):
    points = series(dataset, "ehc_plans", "", "886")
    absolute, relative = change_between(points, "2020", "2025")
    start = grid_value(dataset, "ehc_plans", "", "886", "2020")
    end = grid_value(dataset, "ehc_plans", "", "886", "2025")
    assert absolute == end - start
    assert relative == pytest.approx((end - start) / start)
    assert all(math.isnan(x) for x in change_between(series(dataset, "ehc_plans", "", "942"), "2020", "2025"))


def test_per_head_names_the_denominator_year(dataset):
    points = series(dataset, "high_needs_block_gbp", "before_deductions", "886")
    per_head = normalise(dataset, points, "886", "per_head_2_18")
    p = value_at(per_head, "2019-20")
    expected = grid_value(dataset, "high_needs_block_gbp", "before_deductions", "886", "2019-20") / grid_value(
        dataset, "population_2_18", "", "886", "2019")
    assert p.value == pytest.approx(expected)
    assert p.status == "derived" and "2019" in p.note
    # later years use the latest earlier estimate (mid-2020), and say so
    assert "2020" in value_at(per_head, "2023-24").note


def test_per_ehc_plan_uses_the_january_inside_the_financial_year(dataset):
    points = series(dataset, "high_needs_block_gbp", "before_deductions", "886")
    p = value_at(normalise(dataset, points, "886", "per_ehc_plan"), "2023-24")
    expected = grid_value(dataset, "high_needs_block_gbp", "before_deductions", "886", "2023-24") / grid_value(
        dataset, "ehc_plans", "", "886", "2024")
    assert p.value == pytest.approx(expected) and "2024" in p.note


def test_real_terms(dataset):
    points = series(dataset, "high_needs_block_gbp", "before_deductions", "886")
    real = real_terms(dataset, points)
    index_2019 = float(dataset.deflators.at["2019-20", "index"])
    assert value_at(real, "2019-20").value == pytest.approx(value_at(points, "2019-20").value * 100 / index_2019)
    assert "deflator" in value_at(real, "2019-20").note
    torbay = series(dataset, "high_needs_block_gbp", "after_deductions", "880")
    assert not value_at(torbay, "2025-26").missing
    beyond = value_at(real_terms(dataset, torbay), "2025-26")
    assert beyond.missing and "no published GDP deflator" in beyond.note


def test_rank_and_band():
    values = pd.Series({"a": 10.0, "b": 20.0, "c": 30.0, "d": 40.0, "e": float("nan")})
    top = compare.rank_among(values, "d", "higher_is_better")
    assert (top.rank, top.out_of, top.band, top.quartile) == (1, 4, "best quarter", 1)
    bottom = compare.rank_among(values, "a", "lower_is_better")
    assert (bottom.rank, bottom.band) == (4, "best quarter")
    assert compare.rank_among(values, "e", "neutral") is None
    assert compare.rank_among(values, "a", "neutral").band == "lowest quarter"
    assert compare.rank_among(values, "c", "higher_is_better").band == "second-best quarter"


def test_comparator_groups(dataset):
    neighbours = compare.comparator_codes(dataset, "neighbours", "886")
    assert len(neighbours) == 10 and "886" not in neighbours
    listed = dataset.neighbours[(dataset.neighbours["la_code"] == "886")
                                & (dataset.neighbours["list_version"] == "May 2025")]
    assert neighbours[0] == listed[listed["rank"] == "1"]["neighbour_code"].iloc[0]
    region = compare.comparator_codes(dataset, "region", "886")
    assert all(dataset.councils.at[c, "region"] == "South East" for c in region)
    assert set(compare.comparator_codes(dataset, "safety_valve", "886")) <= set(dataset.safety_valve.index)
    assert len(compare.comparator_codes(dataset, "custom", "886", ("202", "203"))) == 2
    with pytest.raises(ValueError, match="at most 20"):
        compare.comparator_codes(dataset, "custom", "886", tuple(dataset.current_codes[:21]))
    with pytest.raises(ValueError, match="unknown comparator group"):
        compare.comparator_codes(dataset, "friends", "886")


def test_trend_chart_describes_subject_comparators_and_references(dataset):
    chart = trend_chart(dataset, Selection("886"), "ehc_plans")
    roles = [s.role for s in chart.series]
    assert roles.count(SUBJECT) == 1 and roles.count(COMPARATOR) == 10 and REFERENCE in roles
    subject = chart.series[0]
    assert subject.label == "Kent"
    assert {p.x: p.value for p in subject.points}["2026"] == 21742
    assert chart.categories[0] == "2010" and chart.categories[-1] == "2026"
    header, rows = chart.table()
    assert header[0] == "Series" and rows[0][0] == "Kent" and rows[0][-1] == "21,742"


def test_many_comparators_become_a_median_line(dataset):
    chart = trend_chart(dataset, Selection("886", comparator_group="region"), "ehc_plans")
    assert not any(s.role == COMPARATOR for s in chart.series)
    assert any(s.label.startswith("Comparator median") for s in chart.series)


def test_tribunal_methods_are_never_one_line(dataset):
    chart = trend_chart(dataset, Selection("886"), "tribunal_appeal_rate_pct", ("old_method", "new_method"))
    subjects = [s for s in chart.series if s.role == SUBJECT]
    assert len(subjects) == 2
    old, new = ({p.x: p for p in s.points} for s in subjects)
    assert "2025" not in old and "2023" not in new


def test_missing_values_are_gaps_with_reasons(dataset):
    chart = trend_chart(dataset, Selection("201"), "high_needs_block_gbp", ("before_deductions",))
    subject = chart.series[0]
    assert all(p.missing for p in subject.points)
    assert any("City of London" in note for note in chart.missing_notes())
    assert chart.table()[1][0][1] == "n/a"


def test_comparison_and_caterpillar_charts(dataset):
    bar = comparison_chart(dataset, Selection("886"), "dsg_balance_gbp")
    assert bar.y_from_zero and bar.kind == "bar"
    council_bars = [p for p in bar.series[0].points if p.role != REFERENCE]
    values = [p.value for p in council_bars if not p.missing]
    assert values == sorted(values, reverse=True)
    assert [p.area for p in council_bars if p.role == SUBJECT] == ["886"]
    assert bar.series[0].points[-1].x == "England median"
    caterpillar = comparison_chart(dataset, Selection("886"), "dsg_balance_pct_of_dsg", everyone=True)
    assert len(caterpillar.series[0].points) == 153
    assert sum(p.role == SUBJECT for p in caterpillar.series[0].points) == 1


def test_real_terms_selection_changes_money_not_rates(dataset):
    cash = trend_chart(dataset, Selection("886"), "high_needs_block_gbp", ("before_deductions",))
    real = trend_chart(dataset, Selection("886", real_terms=True), "high_needs_block_gbp", ("before_deductions",))
    assert "real terms" in real.value_label and "cash" in cash.value_label
    assert real.series[0].points[0].value > cash.series[0].points[0].value  # 2019-20 in 2024-25 prices
    rate = trend_chart(dataset, Selection("886", real_terms=True), "pct_issued_within_20_weeks")
    assert "real" not in rate.value_label


def test_briefing_headlines_equal_the_dataset(dataset):
    briefing = build_briefing(dataset, Selection("886"))
    plans = briefing.headline("ehc_plans")
    assert (plans.period, plans.value, plans.text) == ("2026", 21742, "21,742")
    assert plans.rank_all.rank == 1
    hnb = briefing.headline("hnb")
    assert hnb.period == "2023-24"
    assert hnb.value == grid_value(dataset, "high_needs_block_gbp", "before_deductions", "886", "2023-24")
    assert briefing.safety_valve.first_year == "2022-23"
    assert len(briefing.comparators) == 10
    assert "dfe_ehcp_2026" in briefing.source_ids


def test_summary_sentences_rest_on_shown_figures(dataset):
    briefing = build_briefing(dataset, Selection("886"))
    text = " ".join(s.text for s in briefing.summary)
    assert "21,742 EHC plans in January 2026" in text
    assert briefing.headline("dsg_balance").text.replace("\u2212", "") in text
    assert "safety valve agreement in 2022-23" in text
    assert all(s.figures for s in briefing.summary)


def test_summary_leaves_out_sentences_without_figures(dataset):
    briefing = build_briefing(dataset, Selection("201"))
    text = " ".join(s.text for s in briefing.summary)
    assert "high needs block" not in text.lower() and "DSG" not in text
    assert briefing.headline("hnb").missing and "City of London" in briefing.headline("hnb").note


def test_new_council_briefing_mentions_its_reorganisation(dataset):
    briefing = build_briefing(dataset, Selection("942"))
    assert any("Cumbria" in r for r in briefing.reorganisations)
    assert [s.text for s in briefing.summary if "Cumbria" in s.text] == [
        "Reorganisation, April 2023: Cumbria split; Cumberland (942) created."]       # dated, said once
    merged = build_briefing(dataset, Selection("839"))            # three changes on one date: the date said once
    sentence = next(s.text for s in merged.summary if s.text.startswith("Reorganisation"))
    assert sentence.startswith("Reorganisation, April 2019: Christchurch") and sentence.count("April") == 1


def test_england_reference_for_rates(dataset):
    chart = trend_chart(dataset, Selection("886"), "pct_issued_within_20_weeks")
    england = next(s for s in chart.series if s.label == "England")
    assert {p.x: p.value for p in england.points}["2024"] == grid_value(
        dataset, "pct_issued_within_20_weeks", "", ENGLAND, "2024")


def test_formatting():
    assert format_value(311_700_000, "gbp") == "£311.7m"
    assert format_value(-67_200_000, "gbp") == "\u2212£67.2m"
    assert format_value(1_234_000_000, "gbp") == "£1.23bn"
    assert format_value(20635, "count") == "20,635"
    assert format_value(5.26, "pct") == "5.3%"
    assert format_value(float("nan"), "pct") == "n/a"
    assert format_change(-2.4, "pct") == "\u22122.4 points"
    assert format_percent_change(0.53) == "+53%"
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 102)] == ["1st", "2nd", "3rd", "4th", "11th", "12th",
                                                                       "13th", "21st", "102nd"]


def test_a_year_no_source_covers_is_a_gap_not_a_join(dataset):
    chart = trend_chart(dataset, Selection("886"), "dsg_balance_pct_of_dsg")
    assert chart.categories == ("2019-20", "2020-21", "2021-22", "2022-23", "2023-24")
    kent = {p.x: p for p in chart.series[0].points}
    assert kent["2022-23"].missing and "not available" in kent["2022-23"].note
    assert not kent["2021-22"].missing and not kent["2023-24"].missing
    assert "At 31 March" in chart.caption


def test_new_councils_show_their_predecessor_beside_them_never_joined(dataset):
    chart = trend_chart(dataset, Selection("942"), "ehc_plans")
    own = {p.x: p for p in chart.series[0].points}
    cumbria = next(s for s in chart.series if s.area == "909")
    assert cumbria.role == PREDECESSOR and cumbria.label == "Cumbria (909, former council to March 2023)"
    former = {p.x: p for p in cumbria.points}
    assert not former["2023"].missing and former["2024"].missing
    assert own["2023"].missing and not own["2024"].missing
    kent = trend_chart(dataset, Selection("886"), "ehc_plans")
    assert not any("former council" in s.label for s in kent.series)


def test_missing_bars_give_the_figures_own_reason(dataset):
    bar = comparison_chart(dataset, Selection("942"), "dsg_balance_gbp")
    cumberland = next(p for p in bar.series[0].points if p.area == "942")
    assert cumberland.missing and "could not match" in cumberland.note


def test_a_former_council_is_shown_at_its_own_last_periods(dataset):
    briefing = build_briefing(dataset, Selection("909"))
    plans = briefing.headline("ehc_plans")
    assert plans.period == "2023" and plans.value == grid_value(dataset, "ehc_plans", "", "909", "2023")
    assert plans.rank_all is not None and plans.rank_all.out_of == 152   # the councils of January 2023
    assert briefing.headline("hnb").period == "2022-23"
    assert "EHC plans in January 2023" in " ".join(s.text for s in briefing.summary)


def test_ranking_answers_which_councils_had_the_largest_dsg_deficits_at_march_2024(dataset):
    """Issue 10 item 5: every council ranked, lowest balance (largest deficit) first, for any measure and period."""
    from briefing.analysis.briefing import Selection, ranking_chart, ranking_table

    spec = ranking_chart(dataset, Selection("886"), "dsg_balance_gbp", period="2023-24", lowest_first=True)
    header, rows = ranking_table(spec)
    assert [r[1] for r in rows[:5]] == ["Hampshire", "Devon", "Norfolk", "Surrey", "Cheshire East"]
    assert [r[0] for r in rows[:5]] == ["1", "2", "3", "4", "5"] and rows[0][2].startswith("−£123")
    assert header == ["Rank", "Council", "£, cash", "Group"]
    assert spec.labelled[:5] == ("Hampshire", "Devon", "Norfolk", "Surrey", "Cheshire East")
    assert len(spec.labelled) == 10 and spec.title.endswith("all councils, lowest first")
    hampshire = spec.series[0].points[0]
    assert hampshire.sources and set(hampshire.sources) <= set(dataset.sources.index)    # its own source, on hover
    assert len(rows) == len(dataset.current_codes)
    assert next(r for r in rows if r[1] == "Kent")[3] == "selected council"
    assert sum(r[3] == "comparator" for r in rows) == 10
    percent = ranking_chart(dataset, Selection("886"), "dsg_balance_pct_of_dsg", period="2023-24")
    values = [p.value for p in percent.series[0].points if not p.missing]
    assert values == sorted(values, reverse=True) and percent.unit == "pct"


def test_trend_charts_draw_no_empty_years_at_their_ends(dataset):
    """The funding charts drew 2024-25 and 2025-26 with nothing in them (only a few councils have figures)."""
    from briefing.analysis.briefing import Selection, trend_chart

    spec = trend_chart(dataset, Selection("886"), "high_needs_block_gbp", ("before_deductions",))
    assert spec.categories[0] == "2019-20" and spec.categories[-1] == "2023-24"
    torbay = trend_chart(dataset, Selection("880"), "high_needs_block_gbp", ("after_deductions",))
    assert torbay.categories[-1] == "2025-26"            # its own later figure is drawn


def test_a_bar_missing_per_head_says_why_not_what_the_cash_figure_was(dataset):
    from briefing.analysis.briefing import Selection, comparison_chart

    cash = comparison_chart(dataset, Selection("942"), "high_needs_block_gbp", "before_deductions")
    per_head = comparison_chart(dataset, Selection("942", per="per_head_0_25"), "high_needs_block_gbp",
                                "before_deductions")
    [cumberland] = [p for p in cash.series[0].points if p.area == "942"]
    assert not cumberland.missing                      # Cumberland has a cash figure for 2023-24 ...
    gaps = {p.area: p.note for p in per_head.series[0].points if p.missing}
    assert set(gaps) == {"942", "943"}                 # ... but no population for its area: Westmorland too
    assert gaps["942"].startswith("no population aged 0-25 figure for this council's area")
    assert "Published figure" not in " ".join(per_head.missing_notes())
