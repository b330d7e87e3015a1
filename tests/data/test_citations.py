"""Citations of the programme tables (issue 11): every address has a curated citation naming the original
publisher and document; a copy read stays as provenance and its site never appears in what a reader is shown."""

import hashlib

import pytest

from briefing.data.build import TIMELINE_2026_ALREADY_PRESENT, cited_addresses, timeline_order
from briefing.data.dataset import bundled_data_dir, read_table, verify_checksums
from briefing.data.provenance import COPIES, Citation, host

RAW = bundled_data_dir() / "raw"


def programme_addresses(dataset) -> set[str]:
    return cited_addresses([dataset.safety_valve, dataset.safety_valve_payments, dataset.dbv, dataset.timeline])


def copy_sites(dataset) -> set[str]:
    """Every site a copy was read on: the known mirrors and the host of each row marked as a copy."""
    copies = dataset.citations[dataset.citations["is_copy"] == "yes"]
    return {prefix.split("/")[0] for prefix in COPIES} | {host(a) for a in copies["address_read"]}


def test_every_programme_address_has_one_citation_row(dataset):
    addresses = programme_addresses(dataset)
    assert len(addresses) > 90
    assert addresses == set(dataset.citations["address_read"])
    assert dataset.citations.index.is_unique
    assert set(dataset.citations["is_copy"]) == {"yes", "no"}


def test_no_citation_shows_a_copy_site(dataset):
    sites = copy_sites(dataset)
    assert {"lossofbraintrust.com", "chinaview.cn", "britishreports.com", "parallelparliament.co.uk",
            "eldaddp.azurewebsites.net", "room151.dev.docandtee.com", "govukdiff.njk.onl"} <= sites
    for address in programme_addresses(dataset):
        citation = dataset.citation(address)
        assert citation.publisher and citation.title, address
        shown = " ".join((citation.publisher, citation.title, citation.url, citation.shown_url)).lower()
        assert not [site for site in sites if site in shown], address


def test_copies_keep_the_address_read_and_originals_cite_themselves(dataset):
    for row in dataset.citations.to_dict("records"):
        citation = dataset.citation(row["address_read"])
        if row["is_copy"] == "yes":
            assert citation.copy_url == row["address_read"]
            assert citation.url != row["address_read"]
        else:
            assert citation.copy_url == ""
            assert host(citation.url).rstrip(".") == host(row["address_read"]).rstrip(".")


def test_identified_originals(dataset):
    bailouts = dataset.citation("https://www.lossofbraintrust.com/post/uk-1-2b-bailout-to-councils-make-mainstream-"
                                "schools-more-inclusive")
    assert bailouts == Citation("Schools Week", "Council SEND deficit bailouts hit £1bn as 20 more issued",
                                "https://schoolsweek.co.uk/council-send-deficit-bailouts-hit-1bn-as-20-more-issued/",
                                "2023-03-17", "", bailouts.copy_url)
    snapshot = dataset.citation("https://govukdiff.njk.onl/update/2026-04-01T16:04:00+01:00/www.gov.uk/government/"
                                "publications/dedicated-schools-grant-very-high-deficit-intervention")
    assert snapshot.publisher == "Department for Education"
    assert snapshot.url == "https://www.gov.uk/government/publications/dedicated-schools-grant-very-high-deficit-intervention"
    assert snapshot.licence == "OGL-UK-3.0"


def test_a_copy_whose_original_is_unknown_names_its_publisher_without_an_address(dataset):
    pa = dataset.citation("https://britishreports.com/news/teenagers-die-in-suspected-suicide-pact-after-indecent-"
                          "child-image-arrests")
    assert pa.publisher == "PA Media" and pa.url == "" and pa.shown_url == ""
    assert "britishreports" in pa.copy_url
    hansard = dataset.citation("https://parallelparliament.co.uk/question/174924/dedicated-schools-grant")
    assert hansard.publisher == "UK Parliament" and hansard.url == ""
    assert "13 April 2021" in hansard.title and "Vicky Ford" in hansard.title


@pytest.mark.parametrize("address, publisher", [
    ("https://universitytrends.co.uk/some-other-article/", "Schools Week article"),
    ("https://www.parallelparliament.co.uk/question/1/x", "UK Parliament record"),
    ("https://www.example.org/report", "example.org"),
])
def test_addresses_not_in_the_table_fall_back_to_their_publication(dataset, address, publisher):
    citation = dataset.citation(address)
    assert citation.publisher == publisher
    assert ("example" in citation.url) == (publisher == "example.org")


def test_the_timeline_has_the_2024_2026_facts_once_and_in_date_order(dataset):
    timeline = dataset.timeline
    recent = read_table(RAW / "ehcp" / "ehcp_2026" / "national_timeline_2024_2026.csv")
    added = [r for r in recent.to_dict("records") if (r["date"], r["source_url"]) not in TIMELINE_2026_ALREADY_PRESENT]
    assert len(recent) == 20 and len(added) == 13
    for fact in added:
        match = timeline[(timeline["date"] == fact["date"]) & (timeline["source_url"] == fact["source_url"])]
        assert list(match["event"]).count(fact["fact"]) == 1
    assert not timeline.duplicated(["date", "event"]).any()
    order = [timeline_order(d) for d in timeline["date"]]
    assert order == sorted(order)
    white_paper = timeline[timeline["date"] == "2026-02-23"]
    assert "Every Child Achieving and Thriving" in white_paper["event"].iloc[0]
    assert "£4bn" in set(white_paper["figure"])
    january = timeline[timeline["date"] == "2026-06"]
    assert set(january["figure"]) == {"718,838 EHC plans", "538,547 pupils with a plan"}
    assert not timeline["event"].str.contains("GBP").any()


def test_datapackage_checksums_verify_and_cover_citations():
    data = bundled_data_dir()
    package = verify_checksums(data)
    resources = {r["path"]: r for r in package["resources"]}
    for name in ("citations.csv", "national_timeline.csv"):
        digest = hashlib.sha256((data / name).read_bytes()).hexdigest()
        assert resources[name]["hash"] == f"sha256:{digest}"
    fields = [f["name"] for f in resources["citations.csv"]["schema"]["fields"]]
    assert fields == ["address_read", "publisher", "title", "original_url", "published", "is_copy", "licence", "note"]


def test_citation_notes_do_not_name_copy_sites(dataset):
    """Notes are provenance (data package only) but still describe a copy in words, not by its site."""
    sites = copy_sites(dataset)
    for row in dataset.citations.to_dict("records"):
        assert not [site for site in sites if site in row["note"]], row["address_read"]
