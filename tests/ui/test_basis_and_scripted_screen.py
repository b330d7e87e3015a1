"""Both high needs block bases on screen and from the command line, and a snapshot of any screen state."""

from pathlib import Path

import pytest

from briefing.analysis import briefing as core
from briefing.cli import main


def test_funding_basis_switch_reaches_charts_tiles_and_settings(qtbot, window, dataset, settings):
    window.workspace.select_council("886")
    window.workspace.show_view("funding")
    titles = [c.spec.title for c in window.workspace.chart_pages["funding"].charts if c.isVisible()]
    assert any("before deductions" in t for t in titles)
    window.workspace.basis.setCurrentIndex(window.workspace.basis.findData("after_deductions"))
    assert window.workspace.selection.hnb_basis == "after_deductions"
    titles = [c.spec.title for c in window.workspace.chart_pages["funding"].charts if c.isVisible()]
    assert titles and all("before" not in t for t in titles)
    assert any("after deductions" in t for t in titles)
    window.workspace.show_view("overview")
    tile = next(c for c in window.workspace.overview.cards if c.label.text().startswith("High needs block"))
    assert tile.label.text() == "High needs block (after deductions)"
    after = dataset.grid("high_needs_block_gbp", "after_deductions").values
    expected = core.build_briefing(dataset, core.Selection("886", hnb_basis="after_deductions"),
                                   with_charts=False).headline("hnb")
    assert tile.value.text() == expected.text
    assert expected.value == after.at["886", expected.period]
    window.close()
    from briefing.ui.main_window import MainWindow

    again = MainWindow(dataset, settings)
    qtbot.addWidget(again)
    assert again.workspace.selection.hnb_basis == "after_deductions"
    assert again.workspace.basis.currentData() == "after_deductions"


def test_snapshot_takes_the_selection_options_of_export(tmp_path, monkeypatch):
    import briefing.ui.snapshot as snapshot_module

    asked = {}

    def fake(dataset, selection, out, view, size):
        asked.update(selection=selection, view=view)
        return Path(out)

    monkeypatch.setattr(snapshot_module, "snapshot", fake)
    assert main(["snapshot", "kent", "--out", str(tmp_path / "k.png"), "--view", "funding", "--compare",
                 "medway,essex", "--real", "--per", "head-0-25", "--basis", "after"]) == 0
    assert asked["view"] == "funding"
    assert asked["selection"] == core.Selection("886", "custom", ("887", "881"), True, "per_head_0_25",
                                                "after_deductions")
    assert main(["snapshot", "kent", "--out", str(tmp_path / "k.png")]) == 0     # the old defaults still hold
    assert asked["selection"] == core.Selection("886")
    with pytest.raises(SystemExit) as usage:
        main(["snapshot", "kent", "--out", str(tmp_path / "k.png"), "--basis", "middle"])
    assert usage.value.code == 2


def test_snapshot_draws_the_selection_it_was_given(tmp_path, dataset):
    from PIL import Image

    out = tmp_path / "kent.png"
    assert main(["snapshot", "kent", "--out", str(out), "--view", "overview", "--real", "--per", "head-2-18",
                 "--basis", "after", "--size", "1100x700"]) == 0
    assert Image.open(out).size == (1100, 700)


def test_window_set_selection_sets_every_control(window):
    selection = core.Selection("942", "region", (), True, "per_ehc_plan", "after_deductions")
    window.workspace.set_selection(selection)
    assert window.workspace.selection == selection
    ws = window.workspace
    assert (ws.comparators.currentData(), ws.real_terms.isChecked(), ws.per.currentData(),
            ws.basis.currentData()) == ("region", True, "per_ehc_plan", "after_deductions")
    assert window.workspace.council_list.currentIndex().data(256) == "942"


def test_export_takes_basis(tmp_path, dataset):
    from pypdf import PdfReader

    out = tmp_path / "kent.pdf"
    assert main(["export", "kent", "--out", str(out), "--basis", "after", "--sections", "glance", "--no-csv",
                 "--invariant"]) == 0
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert "after deductions" in text
