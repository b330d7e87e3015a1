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
