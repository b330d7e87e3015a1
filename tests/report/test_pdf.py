"""The PDF briefing, opened with pypdf: pages, figures, sources, metadata, fonts, links, escaping, options."""

import io

import pytest
from pypdf import PdfReader

from briefing.analysis.format import format_value
from briefing.report.document import link
from briefing.report.fonts import printable
from briefing.report.pdf import ExportOptions, render_briefing, render_comparison

from .conftest import NOTES, pdf_text


def test_kent_briefing_has_pages_name_and_every_section(kent_pdf, kent_text):
    reader = PdfReader(io.BytesIO(kent_pdf[0]))
    assert 2 <= len(reader.pages) <= 4
    assert "Kent: high needs funding, deficits and demand" in kent_text
    for heading in ("Key points", "At a glance", "National context now", "Funding, deficit and demand", "Comparison",
                    "Safety valve agreement", "Sources and method", "Caveats"):
        assert heading in kent_text
    assert f"Page 2 of {len(reader.pages)}" in " ".join(reader.pages[1].extract_text().split())


def test_headline_figures_are_the_datasets(dataset, kent_text):
    plans = dataset.grid("ehc_plans").values.at["886", "2026"]
    balance = dataset.grid("dsg_balance_gbp").values.at["886", "2023-24"]
    assert printable(format_value(plans, "count")) in kent_text           # 21,742
    assert printable(format_value(balance, "gbp")) in kent_text           # –£67.2m: the minus survives
    assert balance < 0 and "\u2013£" in printable(format_value(balance, "gbp"))


def test_sources_are_listed_with_clickable_links(dataset, kent_pdf, kent_text):
    briefing = kent_pdf[1]
    reader = PdfReader(io.BytesIO(kent_pdf[0]))
    uris = {annot.get_object()["/A"]["/URI"] for page in reader.pages for annot in page.get("/Annots", [])
            if "/A" in annot.get_object() and "/URI" in annot.get_object()["/A"]}
    for source_id in briefing.source_ids:
        source = dataset.sources.loc[source_id]
        assert source["url"] in uris
        assert source["publisher"] in kent_text


def test_metadata_language_outline_and_embedded_fonts(kent_pdf):
    reader = PdfReader(io.BytesIO(kent_pdf[0]))
    meta = reader.metadata
    assert meta.title == "Kent: high needs funding, deficits and demand"
    assert meta.author == "Test Org"
    assert "Kent" in meta.subject
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert "At a glance" in str(reader.outline) and titles[0].startswith("Kent")
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts[font["/BaseFont"]] = "/FontFile2" in font["/FontDescriptor"]
    assert fonts and all(fonts.values())                       # every font embedded
    assert all("NotoSans" in name for name in fonts)           # and it is the bundled open-licence font


def test_user_notes_are_plain_text_never_markup(kent_pdf, kent_text):
    flat = kent_text
    assert "<img src='http://example.com/x.png'/>" in flat
    assert "<font color=red>urgent</font>" in flat
    assert "& " in flat
    reader = PdfReader(io.BytesIO(kent_pdf[0]))
    assert all("/XObject" not in page["/Resources"] or not any(
        x.get_object().get("/Subtype") == "/Image" for x in page["/Resources"]["/XObject"].values())
        for page in reader.pages)


def test_missing_figures_show_their_reason(dataset):
    data, briefing = render_briefing(dataset, "201", ExportOptions(sections=("glance",), invariant=True))
    text = pdf_text(data)
    assert "n/a" in text
    assert "DfE leaves City of London" in text


def test_invariant_mode_gives_identical_bytes(dataset, kent_pdf):
    again, _ = render_briefing(dataset, "886", ExportOptions(org="Test Org", notes=NOTES, invariant=True))
    assert again == kent_pdf[0]
    dated, _ = render_briefing(dataset, "886", ExportOptions(sections=("sources",)))
    assert "Generated " in pdf_text(dated)


def test_options_letter_sections_real_terms_and_title(dataset):
    data, _ = render_briefing(dataset, "351", ExportOptions(letter=True, sections=("glance", "sources"),
                                                            real_terms=True, title="Bury for the committee"))
    reader = PdfReader(io.BytesIO(data))
    assert [round(float(v)) for v in reader.pages[0].mediabox[2:]] == [612, 792]
    text = pdf_text(data)
    assert "Bury for the committee" in text
    assert "Funding, deficit and demand" not in text and "Status history and notes" not in text
    assert "Comparison" not in text.replace("Comparison briefing", "")
    assert "Money is shown in real terms" in text
    with pytest.raises(ValueError, match="unknown section"):
        render_briefing(dataset, "351", ExportOptions(sections=("glance", "appendix")))


def test_comparison_briefing_puts_councils_side_by_side(dataset):
    data, briefings = render_comparison(dataset, ["886", "204", "201"], ExportOptions(invariant=True))
    text = pdf_text(data)
    assert "Comparison briefing: Kent, Hackney, City of London" in text
    for b in briefings:
        assert printable(b.headline("ehc_plans").text) in text
    with pytest.raises(ValueError, match="at most"):
        render_comparison(dataset, dataset.current_codes[:22], ExportOptions())


def test_only_web_addresses_become_links():
    assert link("https://gov.uk/x?a=1&b=2", "DfE <release>") == (
        '<a href="https://gov.uk/x?a=1&amp;b=2" color="#0B5A8E"><u>DfE &lt;release&gt;</u></a>')
    assert link('javascript:alert("x")', "click") == "click"
    assert link("file:///etc/passwd") == "file:///etc/passwd"


def test_long_notes_print_every_line(dataset):
    """10,000 one-line notes (20,000 characters, the limit) print in full across pages (their speed is in
    benchmarks: one Paragraph per block took 35 s, paragraphs of 20 lines take under 1 s)."""
    notes = "".join(f"n{i}\n" for i in range(4000))
    data, _ = render_briefing(dataset, "886", ExportOptions(sections=("glance",), notes=notes, invariant=True))
    reader = PdfReader(io.BytesIO(data))
    words = set(" ".join(page.extract_text() for page in reader.pages).split())
    assert len(reader.pages) > 20 and {f"n{i}" for i in range(4000)} <= words
