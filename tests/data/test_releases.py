"""The release table behind `briefing data sources` and Data > Update…: every importable file described once, with
the publisher's own page and what the dataset as loaded holds of its measures."""

from briefing.data import catalogue
from briefing.data.releases import ANY_VARIANT, RELEASES, describe, holdings

OFFICIAL_HOSTS = ("https://www.gov.uk/", "https://explore-education-statistics.service.gov.uk/",
                  "https://www.ons.gov.uk/")


def by_key(key):
    return next(r for r in RELEASES if r.key == key)


def test_every_release_the_issue_names_is_listed_with_the_publishers_page():
    assert [r.key for r in RELEASES] == ["dsg_2024-25", "dsg_2025-26", "dsg_2026-27", "s251_outturn", "ons_mye",
                                         "ehc_plans", "sen_in_england"]
    for release in RELEASES:
        assert release.page_url.startswith(OFFICIAL_HOSTS), release.page_url     # never a copy or mirror
        for measure, variant in release.measures:
            assert any(m.measure == measure for m in catalogue.MEASURES) if variant == ANY_VARIANT \
                else catalogue.measure(measure, variant)
    assert by_key("dsg_2026-27").page_url == \
        "https://www.gov.uk/government/publications/dedicated-schools-grant-dsg-2026-to-2027"
    assert "view-latest-funding/national-funding-allocations/DSG/2026-to-2027" in by_key("dsg_2026-27").download


def test_holdings_are_the_latest_periods_of_the_loaded_dataset(dataset):
    ehc = {h.label: h for h in holdings(dataset, by_key("ehc_plans"))}
    assert ehc["EHC plans"].text() == "EHC plans: to January 2026 (152 councils, England)"
    hnb = holdings(dataset, by_key("dsg_2024-25"))[0]
    assert (hnb.latest, hnb.england) == ("2023-24", True) and hnb.later == "2025-26"      # single councils later
    s251 = holdings(dataset, by_key("s251_outturn"))
    assert s251[0].text() == "High needs outturn: none yet"
    assert s251[2].latest == "31 March 2024"
    population = holdings(dataset, by_key("ons_mye"))[0]
    assert population.latest == "mid-2020"


def test_describe_says_what_is_held_where_to_get_it_and_what_it_adds(dataset):
    lines = describe(dataset, by_key("sen_in_england"))
    text = "\n".join(lines)
    assert lines[0] == "Special educational needs in England (Department for Education)"
    assert "Pupils with an EHC plan: to January 2025 (153 councils, England)" in text
    assert "Number of pupils with an EHC plan: none yet" in text
    assert "Get the file: https://explore-education-statistics.service.gov.uk/find-statistics/" \
           "special-educational-needs-in-england" in text
    assert "Importing it adds: Pupils with an EHC plan and on SEN support" in text
    year = "\n".join(describe(dataset, by_key("dsg_2026-27")))
    assert f"2026-27: a figure for 0 of {len(dataset.current_codes)} councils" in year
