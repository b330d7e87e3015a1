"""Why a figure is missing is told in plain words a councillor can read, not in the build's jargon."""

JARGON = ("extract", "source marker", "nil", "keyed", "DSG files", "to this release", "decisions:", "rate:")


def test_missing_figures_give_plain_reasons(dataset):
    obs = dataset.observations
    notes = set(obs.loc[(obs["value"] == "") & (obs["note"] != ""), "note"])
    assert notes
    assert [n for n in notes if any(word in n for word in JARGON)] == []


def test_the_s251_copy_gaps_and_tribunal_markers_say_what_happened(dataset):
    balance = dataset.grid("dsg_balance_gbp")
    assert balance.note.at["942", "2023-24"] == (
        "The copy of DfE's table used has no usable figure for this council for this year (it shows 0 where it could "
        "not match the council), so none is shown.")
    tribunal = dataset.grid("tribunal_appeal_rate_pct", "new_method")
    assert tribunal.note.at["936", "2024"].startswith("DfE's tribunal table has no figure for this council for this "
                                                      "year (it shows 'x', not available")
