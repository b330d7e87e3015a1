"""The Overview tiles follow the Real terms and Per head toggles, and each figure says its basis."""

from PySide6.QtGui import QAccessible

from briefing.analysis import briefing as core


def card(window, label_start: str):
    return next(c for c in window.workspace.overview.cards if c.label.text().startswith(label_start))


def test_tiles_change_with_real_terms_and_per_head(qtbot, window, dataset):
    window.workspace.select_council("886")
    window.workspace.show_view("overview")
    hnb = card(window, "High needs block")
    cash = hnb.value.text()
    assert hnb.basis.text() == "cash, total"
    assert card(window, "EHC plans").basis.text() == "total"
    assert card(window, "DSG balance as %").basis.isHidden()       # a rate: neither toggle changes it
    window.workspace.real_terms.click()
    assert card(window, "DSG balance as %").basis.text() == "a percentage (real terms does not apply)"
    real = core.build_briefing(dataset, core.Selection("886", real_terms=True), with_charts=False).headline("hnb")
    assert hnb.value.text() == real.text
    assert hnb.basis.text().startswith("real terms, 2024-25 prices")
    assert real.text != cash or real.period == "2024-25"
    window.workspace.per.setCurrentIndex(window.workspace.per.findData("per_head_0_25"))
    per_head = core.build_briefing(dataset, core.Selection("886", real_terms=True, per="per_head_0_25"),
                                   with_charts=False).headline("hnb")
    assert hnb.value.text() == per_head.text
    assert per_head.value < 10_000                                  # pounds per child, not £311.7m
    assert "per head aged 0-25" in hnb.basis.text()
    plans = card(window, "EHC plans")
    assert plans.basis.text() == "per 1,000 aged 0-25" and float(plans.value.text()) > 1     # once read '0.0'
    window.workspace.per.setCurrentIndex(window.workspace.per.findData("per_ehc_plan"))
    assert "per EHC plan does not apply" in card(window, "EHC plans").basis.text()


def test_cards_expose_plain_text_to_assistive_technology(window):
    window.workspace.select_council("886")
    window.workspace.show_view("overview")
    for tile in window.workspace.overview.cards:
        interface = QAccessible.queryAccessibleInterface(tile)
        name = interface.text(QAccessible.Text.Name)
        description = interface.text(QAccessible.Text.Description)
        assert tile.value.text() in name
        for text in (name, description):
            assert "<" not in text and "&" not in text.replace(" & ", "")
