"""The bundled dataset: complete, consistent, reconciled with England totals, and honest about gaps."""

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from briefing.data import validate
from briefing.data.councils import AmbiguousCouncil, CouncilNotFound, find_council
from briefing.data.dataset import ENGLAND, DataError, bundled_data_dir, load
from briefing.data.validate import MISSING_STATUSES

RAW = bundled_data_dir() / "raw"


def raw_rows(*parts: str) -> list[dict[str, str]]:
    with open(RAW.joinpath(*parts), encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def value(dataset, measure, variant, area, period):
    return dataset.grid(measure, variant).values.at[area, period]


def test_validation_finds_no_problems(dataset):
    assert validate.problems(dataset) == []


def test_every_current_council_is_present_once(dataset):
    councils = dataset.councils
    assert councils.index.is_unique
    assert len(dataset.current_codes) == 153
    expected = {r["la_code"] for r in raw_rows("la_finance", "local_authorities.csv") if r["status"] == "current"}
    assert set(dataset.current_codes) == expected
    for (measure, variant), grid in dataset.grids.items():
        assert set(dataset.current_codes) <= set(grid.values.index), (measure, variant)


def test_observation_keys_are_unique(dataset):
    keys = dataset.observations[["measure", "variant", "area", "period"]]
    assert not keys.duplicated().any()


@pytest.mark.parametrize("measure, variant, tolerance, years", [
    ("ehc_plans", "", 0, 16),                              # January 2010-2025, exact (2026: see below)
    ("high_needs_block_gbp", "before_deductions", 10, 5),  # 2019-20 was published in £m: rounding of a few £
    ("high_needs_block_gbp", "after_deductions", 10, 5),
])
def test_council_sums_equal_england(dataset, measure, variant, tolerance, years):
    rows = [row for row in validate.reconcile(dataset, measure, variant) if row[0] != "2026"]
    assert len(rows) == years
    for period, total, england in rows:
        assert abs(total - england) <= tolerance, (period, total, england)


def test_january_2026_councils_and_suppressed_isle_of_wight_explain_england(dataset):
    """England 718,838 = the 152 published councils + Isle of Wight, which DfE suppressed. Its share (England minus
    the council sum, 2,000) is only known by difference and is not published, so it is bounded, not asserted:
    positive and under 1.5 x Isle of Wight's January 2025 caseload (1,799)."""
    grid = dataset.grid("ehc_plans", "")
    councils = grid.values["2026"].drop(index=ENGLAND)
    missing = [code for code in dataset.current_codes if pd.isna(councils.at[code])]
    assert missing == ["921"]
    assert grid.status.at["921", "2026"] == "suppressed"
    assert "data quality" in grid.note.at["921", "2026"]
    england = grid.values.at[ENGLAND, "2026"]
    assert england == 718_838
    hidden = england - councils.sum()
    assert 0 < hidden < 1.5 * grid.values.at["921", "2025"]
    assert validate.suppressed_councils(dataset, "ehc_plans", "", "2026") == ["921"]


def test_january_2026_figures_match_dfe(dataset):
    plans = dataset.grid("ehc_plans", "")
    assert plans.values.at["209", "2026"] == 3698  # Lewisham: 'x' in phase_transfers.csv, from caseload.csv
    assert "caseload.csv" in plans.note.at["209", "2026"]
    assert plans.values.at["825", "2026"] == 7629  # Buckinghamshire, which DfE still codes E10000002
    assert plans.values.at["942", "2026"] == 3088 and plans.values.at["943", "2026"] == 2687
    assert plans.status.at["909", "2026"] == "council_did_not_exist"
    assert plans.source.at["886", "2026"] == "dfe_ehcp_2026"
    source = dataset.sources.loc["dfe_ehcp_2026"]
    assert source["publisher"] == "Department for Education"
    assert source["title"] == "Education, health and care plans, reporting year 2026"
    assert source["url"].startswith("https://explore-education-statistics.service.gov.uk/")
    assert "github.com" in source["copy_url"]


def test_lewisham_2024_timeliness_is_suppressed(dataset):
    """DfE printed 94.8% for Lewisham in 2024, but its 2026 guidance says the figure is wrong and suppressed."""
    grid = dataset.grid("pct_issued_within_20_weeks", "")
    assert pd.isna(grid.values.at["209", "2024"])
    assert grid.status.at["209", "2024"] == "suppressed"
    assert "Lewisham have informed us that data is incorrect" in grid.note.at["209", "2024"]
    assert grid.values.at["209", "2025"] == 22.9
    assert grid.values.at["209", "2023"] > 0  # only 2024 is withdrawn


def dfe_2025_total_rows(file: str) -> list[dict[str, str]]:
    return raw_rows("ehcp", "ehcp_2026", "dfe_rows", file)


@pytest.mark.parametrize("measure, file, column", [
    ("assessment_requests", "requests_2025_la.csv", "requests_received_in_year"),
    ("assessment_refusals", "requests_2025_la.csv", "requests_decided_not_to_assess"),
    ("new_ehc_plans", "newplans_2025_la.csv", "new_ehc_plans"),
])
def test_2025_flow_councils_sum_to_england_but_for_the_suppressed(dataset, measure, file, column):
    """Each 2025 count: the only councils without a figure are the suppressed ones (Isle of Wight alone), and
    England minus the sum of the other 152 equals exactly what DfE's South East total holds beyond its printed
    councils (regions sum exactly to England, and councils to every other region), i.e. Isle of Wight's
    unpublished count. Nothing else is missing or double counted."""
    grid = dataset.grid(measure, "")
    councils = grid.values["2025"].drop(index=ENGLAND)
    missing = [code for code in dataset.current_codes if pd.isna(councils.at[code])]
    assert missing == validate.suppressed_councils(dataset, measure, "", "2025") == ["921"]
    rows = dfe_2025_total_rows(file)
    south_east = [r for r in rows if r["region_name"] == "South East"]
    region = next(int(r[column]) for r in south_east if r["geographic_level"] == "Regional")
    printed = sum(int(r[column]) for r in south_east if r["geographic_level"] == "Local authority" and r[column] != "x")
    hidden = grid.values.at[ENGLAND, "2025"] - councils.sum()
    assert hidden == region - printed > 0


def test_2025_timeliness_gaps_say_why(dataset):
    grid = dataset.grid("pct_issued_within_20_weeks", "")
    assert grid.values.at[ENGLAND, "2025"] == 46.1
    assert grid.values.at["886", "2025"] == 56.9
    for code, reason in [("921", "data quality"), ("876", "Halton"), ("926", "exceptions")]:
        assert grid.status.at[code, "2025"] == "suppressed" and reason in grid.note.at[code, "2025"]
    assert grid.status.at["856", "2025"] == "not_published" and "Leicester" in grid.note.at["856", "2025"]
    requests = dataset.grid("assessment_requests", "")
    assert requests.values.at["856", "2025"] == 199 and "unreliable" in requests.note.at["856", "2025"]
    assert requests.values.at[ENGLAND, "2025"] == 162_702


def test_figures_match_the_source_tables(dataset):
    assert value(dataset, "ehc_plans", "", "886", "2025") == 20635
    assert value(dataset, "ehc_plans", "", ENGLAND, "2025") == 638745
    assert value(dataset, "ehc_plans", "", ENGLAND, "2024") == 576474
    for row in raw_rows("la_finance", "high_needs_allocations.csv"):
        if row["la_code"] == "886" and row["financial_year"] == "2023-24":
            variant = "before_deductions" if "before" in row["basis"] else "after_deductions"
            assert value(dataset, "high_needs_block_gbp", variant, "886", "2023-24") == int(row["high_needs_block_gbp"])
    england_hnb = value(dataset, "high_needs_block_gbp", "before_deductions", ENGLAND, "2023-24")
    assert england_hnb == 9_952_172_126  # ENGLAND row, column [C], DSG 2023-24 workbook of 20 July 2023


def test_dsg_balance_sign_is_negative_for_deficits(dataset):
    # Brent's forum reported a £13.2m deficit at end 2023-24; s251 shows +13,256,611 (positive = deficit there)
    assert value(dataset, "dsg_balance_gbp", "", "304", "2023-24") == -13_256_611
    # Northumberland reported a £1.16m surplus
    assert value(dataset, "dsg_balance_gbp", "", "929", "2023-24") == 1_159_000


def test_derived_figures_state_their_formula(dataset):
    derived = dataset.observations[dataset.observations["status"] == "derived"]
    assert len(derived) > 400
    assert derived["note"].str.startswith("derived").all()
    kent = derived[(derived["area"] == "886") & (derived["measure"] == "dsg_balance_pct_of_dsg")]
    balance = value(dataset, "dsg_balance_gbp", "", "886", "2023-24")
    total = value(dataset, "dsg_allocation_gbp", "", "886", "2023-24")
    assert float(kent["value"].iloc[0]) == pytest.approx(round(balance / total * 100, 2))


def test_missing_values_keep_a_reason(dataset):
    obs = dataset.observations
    missing = obs[obs["value"] == ""]
    assert len(missing) > 1000
    assert set(missing["status"]) <= MISSING_STATUSES
    assert all(dataset.statuses[s] for s in missing["status"].unique())
    city = dataset.grid("high_needs_block_gbp", "before_deductions")
    assert pd.isna(city.values.at["201", "2023-24"])
    assert "City of London" in city.note.at["201", "2023-24"]


def test_every_figure_has_a_known_source(dataset):
    present = dataset.observations[dataset.observations["value"] != ""]
    for joined in present["source_id"].unique():
        ids = dataset.source_ids(joined)
        assert ids and all(i in dataset.sources.index for i in ids)
    for _, source in dataset.sources.iterrows():
        assert source["publisher"] and source["title"] and source["url"].startswith("http")


@pytest.mark.parametrize("old, new, first_new_january", [("928", "940", "2022"), ("909", "942", "2024")])
def test_split_councils_are_never_joined(dataset, old, new, first_new_january):
    plans = dataset.grid("ehc_plans", "").values
    new_years = [p for p in plans.columns if pd.notna(plans.at[new, p])]
    old_years = [p for p in plans.columns if pd.notna(plans.at[old, p])]
    assert new_years[0] == first_new_january
    assert old_years[-1] < first_new_january
    status = dataset.grid("ehc_plans", "").status
    assert status.at[new, "2019"] == "council_did_not_exist"


def test_dorset_and_bcp_reorganisation(dataset):
    plans = dataset.grid("ehc_plans", "").values
    assert pd.notna(plans.at["835", "2019"]) and pd.isna(plans.at["835", "2020"])
    assert pd.isna(plans.at["838", "2019"]) and pd.notna(plans.at["838", "2020"])
    # the tribunal table files 2014-2018 Dorset figures under 838: re-keyed to the former county
    tribunal = dataset.grid("tribunal_appeal_rate_pct", "old_method").values
    assert pd.notna(tribunal.at["835", "2018"]) and pd.isna(tribunal.at["838", "2018"])
    changes = dataset.changes
    for predecessor, successor in [("835", "838"), ("836", "839"), ("837", "839"), ("825", "825"), ("928", "941"),
                                   ("909", "943"), ("815", "815"), ("933", "933")]:
        assert ((changes["predecessor"] == predecessor) & (changes["successor"] == successor)).any()


def test_two_tribunal_methods_are_separate_series(dataset):
    old = dataset.grid("tribunal_appeal_rate_pct", "old_method").values
    new = dataset.grid("tribunal_appeal_rate_pct", "new_method").values
    assert old.at[ENGLAND, "2024"] != new.at[ENGLAND, "2024"]
    assert "2025" not in old.columns and "2023" not in new.columns


def test_statistical_neighbours_and_groups(dataset):
    kent = dataset.neighbours[(dataset.neighbours["la_code"] == "886")
                              & (dataset.neighbours["list_version"] == "May 2025")]
    assert len(kent) == 10
    assert len(dataset.f40) == 43
    assert set(dataset.f40["la_code"]) <= set(dataset.current_codes)
    assert len(dataset.safety_valve) == 36
    assert dataset.safety_valve.at["886", "total_funding_gbp"] == "140000000"
    assert len(dataset.dbv) == 46


def test_hex_layout_covers_every_current_council_once(dataset):
    layout = dataset.hex_layout
    assert sorted(layout["la_code"]) == sorted(dataset.current_codes)
    assert not layout[["q", "r"]].duplicated().any()


@pytest.mark.parametrize("query, code", [
    ("886", "886"), ("E10000016", "886"), ("kent", "886"), ("KENT", "886"), ("Bristol", "801"),
    ("bristol, city of", "801"), ("dorset", "838"), ("Cumbria", "909"), ("hull", "810"), ("St Helens", "342"),
    ("Bournemouth, Christchurch and Poole", "839"),
])
def test_find_council(dataset, query, code):
    assert find_council(dataset, query) == code


def test_unknown_and_ambiguous_councils(dataset):
    with pytest.raises(CouncilNotFound) as unknown:
        find_council(dataset, "Kentt")
    assert "Kent" in unknown.value.suggestions
    with pytest.raises(AmbiguousCouncil) as ambiguous:
        find_council(dataset, "north")
    assert ("815", "North Yorkshire") in ambiguous.value.matches
    with pytest.raises(CouncilNotFound):
        find_council(dataset, "   ")


def copy_data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(bundled_data_dir(), target, ignore=shutil.ignore_patterns("raw"))
    return target


def test_corrupt_file_is_named(tmp_path):
    data = copy_data(tmp_path)
    with open(data / "observations.csv", "a", encoding="utf-8") as handle:
        handle.write("ehc_plans,,886,2026,99999,published,dfe_ehcp_2025,\n")
    with pytest.raises(DataError, match="observations.csv"):
        load(data)


def test_missing_file_is_named(tmp_path):
    data = copy_data(tmp_path)
    (data / "councils.csv").unlink()
    with pytest.raises(DataError, match="councils.csv"):
        load(data)


def test_build_reproduces_the_bundled_data(tmp_path):
    """Re-running the build on data/raw/ gives byte-identical tables: the bundle is what the script makes."""
    subprocess.run([sys.executable, "-m", "briefing.data.build", "--out", str(tmp_path)], check=True,
                   capture_output=True)
    for built in tmp_path.iterdir():
        assert built.read_bytes() == (bundled_data_dir() / built.name).read_bytes(), built.name


def test_copies_of_articles_are_named_by_their_publication():
    from briefing.data.provenance import cite_address

    assert cite_address("https://www.schoolsweek.co.uk/x").url == "https://www.schoolsweek.co.uk/x"
    copy = cite_address("https://britishreports.com/news/teenagers-die-in-suspected-suicide-pact-after-indecent")
    assert (copy.publisher, copy.url) == ("PA Media report", "")
    assert copy.copy_url.startswith("https://britishreports.com/")
    dbv_list = cite_address("https://github.com/olamideokulaja-debug/Qura/blob/x/api/_sendmarket.js")
    assert dbv_list.publisher.startswith("third-party list") and not dbv_list.url


def test_changed_tables_need_a_new_data_version(tmp_path):
    """The "Data version" on screen and on paper names one set of tables: the build refuses changed tables
    under a version already released, and a version not recorded in data/raw/releases.csv."""
    import json

    from briefing.data.build import DATA_VERSION, RELEASES, check_release, fingerprint

    package = json.loads((bundled_data_dir() / "datapackage.json").read_text(encoding="utf-8"))
    assert package["version"] == DATA_VERSION
    check_release(DATA_VERSION, fingerprint(package))                    # the bundle is the release it says
    package["resources"][0]["hash"] = "sha256:" + "0" * 64                # one table changed
    with pytest.raises(ValueError, match=f"differ from data version {DATA_VERSION}.*add the row"):
        check_release(DATA_VERSION, fingerprint(package))
    with pytest.raises(ValueError, match="2099.1.1 is not in releases.csv"):
        check_release("2099.1.1", fingerprint(package))
    releases = tmp_path / "releases.csv"
    releases.write_text(RELEASES.read_text(encoding="utf-8") + f"2099.1.1,2099-01-01,{fingerprint(package)},x\n",
                        encoding="utf-8")
    check_release("2099.1.1", fingerprint(package), releases)           # recorded: accepted
