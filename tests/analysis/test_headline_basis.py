"""Headlines on the selection's basis: real terms and per head where they apply, said in words."""

import pytest

from briefing.analysis import briefing as core


def test_a_figure_is_never_compared_with_itself(dataset):
    """A council with one year of figures (Cumberland, 942) once read '0% since 2023-24'."""
    for code in dataset.current_codes:
        for h in core.build_briefing(dataset, core.Selection(code), with_charts=False).headlines:
            assert f"since {h.period_text}" not in h.change_text, (code, h.key, h.change_text)


@pytest.mark.parametrize("per", ["", "per_head_0_25", "per_head_2_18", "per_ehc_plan"])
def test_ranks_are_taken_on_the_shown_basis(dataset, per):
    selection = core.Selection("886", real_terms=True, per=per)
    h = core.build_briefing(dataset, selection, with_charts=False).headline("hnb")
    info = core.measure_info(dataset, h.measure, h.variant)
    column = core.headline_column(dataset, selection, info, h.period)
    assert column["886"] == pytest.approx(h.value)
    assert h.rank_all.rank == 1 + int((column > h.value).sum())


def test_counts_per_head_are_per_1000_and_captions_name_the_denominators_year(dataset):
    selection = core.Selection("886", per="per_head_2_18")
    h = core.build_briefing(dataset, selection, with_charts=False).headline("ehc_plans")
    plans = dataset.grid("ehc_plans", "").values.at["886", h.period]
    people = dataset.grid("population_2_18", "").values.at["886", "2020"]     # the latest bundled estimate
    assert h.value == pytest.approx(plans / people * 1000)
    assert h.text == f"{plans / people * 1000:.1f}" and h.basis == "per 1,000 aged 2-18"
    trend = next(c for c in core.build_charts(dataset, selection, ("demand",)) if c.chart_id == "trend.ehc_plans")
    assert "per 1,000 aged 2-18" in trend.value_label
    assert "mid-2019 and mid-2020" in trend.caption
    bar = core.comparison_chart(dataset, selection, "high_needs_block_gbp", "before_deductions", "2023-24")
    assert "for mid-2020" in bar.caption and "£, per head aged 2-18" in bar.value_label
    per_plan = core.comparison_chart(dataset, core.Selection("886", per="per_ehc_plan"), "high_needs_block_gbp",
                                     "before_deductions", "2023-24")
    assert "EHC plans for January 2024" in per_plan.caption


def test_a_council_created_after_the_population_estimates_says_why_it_has_no_per_head_figure(dataset):
    h = core.build_briefing(dataset, core.Selection("942", per="per_head_0_25"), with_charts=False).headline("hnb")
    assert h.missing
    assert "before this council was created" in h.note and "mid-2020" in h.note
    assert "head aged" not in h.note                   # once read 'no head aged 0-25 figure for 2020'


def test_the_summary_reads_cash_totals_whatever_the_toggles(dataset):
    plain = core.build_briefing(dataset, core.Selection("886"), with_charts=False).summary
    for real, per in ((True, ""), (False, "per_head_0_25"), (True, "per_ehc_plan")):
        toggled = core.build_briefing(dataset, core.Selection("886", real_terms=real, per=per), with_charts=False)
        assert toggled.summary == plain
