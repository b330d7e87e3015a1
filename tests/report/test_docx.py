"""The Word briefing, read back with python-docx: the structure a screen reader and an officer pasting into a
committee report rely on (headings, header rows, images with alternative text, en-GB), the council's own
figures, and citations that only ever point at originals."""

import datetime as dt
import io
import re
import zipfile

import pytest
from docx import Document
from docx.oxml.ns import qn
from PIL import Image

from briefing import cli
from briefing.analysis.briefing import Selection, build_briefing, build_comparison
from briefing.analysis.chart_style import SUBJECT_COLOUR
from briefing.analysis.charts import SUBJECT
from briefing.data.provenance import COPIES
from briefing.report.docx import alt_text, render_comparison_docx, render_docx

WHEN = dt.datetime(2026, 12, 3, 9, 30, tzinfo=dt.UTC)
H1 = ["At a glance", "Funding, deficit and demand", "Comparison", "Safety valve and Delivering Better Value",
      "Sources and method"]


@pytest.fixture(scope="module")
def kent(dataset):
    return build_briefing(dataset, Selection("886"))


@pytest.fixture(scope="module")
def kent_bytes(kent):
    return render_docx(kent, org="Test Org", notes="=SUM(A1)\n\nملاحظة", generated=WHEN)


@pytest.fixture(scope="module")
def kent_doc(kent_bytes):
    return Document(io.BytesIO(kent_bytes))


def headings(document, style: str) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == style]


def body_text(document) -> str:
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_sections_are_real_headings_in_the_pdf_order(kent, kent_doc):
    assert headings(kent_doc, "Title") == ["Kent: high needs funding, deficits and demand"]
    assert headings(kent_doc, "Heading 1") == H1
    level2 = headings(kent_doc, "Heading 2")
    assert [c.title for c in kent.charts] == [t for t in level2 if t in {c.title for c in kent.charts}]
    assert {"Summary", "Notes from Test Org", "Safety valve agreement", "National context", "Caveats"} <= set(level2)


def test_every_table_marks_its_first_row_and_only_it_as_the_header(kent, kent_doc):
    assert len(kent_doc.tables) >= 5
    for table in kent_doc.tables:
        flags = [r._tr.trPr is not None and r._tr.trPr.find(qn("w:tblHeader")) is not None for r in table.rows]
        assert flags == [True] + [False] * (len(flags) - 1)
        assert all(run.bold for cell in table.rows[0].cells for p in cell.paragraphs for run in p.runs)
    comparison = next(t for t in kent_doc.tables if t.rows[0].cells[-1].text == kent.comparison.columns[-1])
    assert [c.text for c in comparison.rows[0].cells] == ["Council", *kent.comparison.columns]
    assert comparison.rows[1].cells[0].text == "Kent"


def test_charts_are_images_with_alternative_text_stating_what_they_show(kent, kent_doc):
    shapes = kent_doc.inline_shapes
    assert len(shapes) == len(kent.charts)
    for shape, spec in zip(shapes, kent.charts, strict=True):
        properties = shape._inline.docPr
        assert properties.get("title") == spec.title
        descr = properties.get("descr")
        assert descr.startswith(("Line chart: ", "Horizontal bar chart: ", "Bar chart of every council: "))
        assert spec.title in descr and "Kent" in descr
    descr = {spec.chart_id: s._inline.docPr.get("descr") for s, spec in zip(shapes, kent.charts, strict=True)}
    plans, hnb = kent.headline("ehc_plans"), kent.headline("hnb")
    assert f"Kent: {plans.text} in {plans.period}" in descr["trend.ehc_plans"]          # 21,742 in 2026
    assert f"Kent: {hnb.text}, bar 1 of 11" in descr["bar.high_needs_block_gbp"]
    assert "England median council:" in descr["trend.ehc_plans"]
    assert "bar 95 of 148" in descr["caterpillar.dsg_balance_pct_of_dsg"]


def test_chart_images_are_the_drawn_charts(kent_doc):
    """Each image is a real picture of its chart: mostly white, with the council's colour drawn on it."""
    subject = tuple(int(SUBJECT_COLOUR[i:i + 2], 16) for i in (1, 3, 5))
    for shape in kent_doc.inline_shapes:
        blob = kent_doc.part.related_parts[shape._inline.graphic.graphicData.pic.blipFill.blip.embed].blob
        image = Image.open(io.BytesIO(blob)).convert("RGB")
        assert image.format is None and image.width > 1000
        colours = dict((c, n) for n, c in image.getcolors(image.width * image.height))
        assert colours.get((255, 255, 255), 0) > 0.5 * image.width * image.height
        assert colours.get(subject, 0) > 50, "the council's own line or bar is missing"


def test_language_is_british_english_and_properties_are_set(kent_doc):
    lang = kent_doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")).find(
        qn("w:lang"))
    assert lang.get(qn("w:val")) == "en-GB"
    assert kent_doc.settings.element.find(qn("w:themeFontLang")).get(qn("w:val")) == "en-GB"
    props = kent_doc.core_properties
    assert (props.language, props.title, props.author) == ("en-GB", "Kent: high needs funding, deficits and demand",
                                                          "Test Org")
    assert props.created == WHEN.replace(tzinfo=None) or props.created == WHEN
    assert "data version" in props.subject


def test_the_councils_figures_and_programme_are_in_the_text(dataset, kent, kent_doc):
    text = body_text(kent_doc)
    for h in kent.headlines:
        assert h.text in text, h.label
    assert "21,742" in text and "£311.7m" in text
    assert kent.safety_valve.summary in text
    assert kent.summary[0].text in text
    assert "=SUM(A1)" in text and "ملاحظة" in text       # notes as plain text, any script
    assert "Generated 03 December 2026, 09:30." in text


def test_no_mirror_site_appears_and_links_are_the_originals(kent, kent_bytes):
    package = zipfile.ZipFile(io.BytesIO(kent_bytes))
    xml = " ".join(package.read(n).decode("utf-8") for n in package.namelist() if n.endswith((".xml", ".rels")))
    for copy in COPIES:
        assert copy not in xml, copy
    targets = set(re.findall(r'Target="(https?://[^"]+)"', xml))
    originals = {c.url.replace("&", "&amp;") for c in kent.sources_used}
    originals |= {c.url.replace("&", "&amp;") for e in kent.timeline for c in [e.source]}
    originals |= {c.url.replace("&", "&amp;") for c in kent.safety_valve.sources}
    originals |= {p.source.url.replace("&", "&amp;") for p in kent.safety_valve.payments}
    assert targets and targets <= originals


def test_a_council_without_a_figure_says_why_in_the_alternative_text(dataset):
    scilly = build_briefing(dataset, Selection("420"))
    bar = next(c for c in scilly.charts if c.chart_id == "bar.high_needs_block_gbp")
    reason = next(p.note for s in bar.series for p in s.points if p.role == SUBJECT)
    assert reason
    assert f"Isles of Scilly: no figure ({reason.rstrip('.')})." in alt_text(bar, "Isles of Scilly")


def test_comparison_briefing_has_a_column_per_council(dataset):
    comparison = build_comparison(dataset, [Selection("886"), Selection("887"), Selection("202")])
    document = Document(io.BytesIO(render_comparison_docx(comparison)))
    assert headings(document, "Heading 1") == ["Headline figures", "Summaries", "Funding, deficit and demand",
                                               "Sources and method"]
    assert headings(document, "Heading 2")[:3] == ["Kent", "Medway", "Camden"]
    header = [c.text for c in document.tables[0].rows[0].cells]
    assert header == ["Measure (latest period)", "Kent", "Medway", "Camden"]
    assert len(document.inline_shapes) == len(comparison.charts)


def test_cli_writes_docx_and_xlsx_beside_the_pdf(tmp_path, capsys):
    assert cli.main(["export", "kent", "--out", str(tmp_path / "kent.pdf"), "--sections", "glance,sources",
                     "--docx", "--xlsx"]) == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["kent-figures.csv", "kent-figures.xlsx", "kent.docx", "kent.pdf"]   # no temporary files
    document = Document(tmp_path / "kent.docx")
    assert headings(document, "Heading 1") == ["At a glance", "Sources and method"]
    assert capsys.readouterr().out.split() == [str(tmp_path / n) for n in
                                               ("kent.pdf", "kent-figures.csv", "kent.docx", "kent-figures.xlsx")]


def test_cli_refuses_companions_for_all(tmp_path, capsys):
    assert cli.main(["export", "--all", "--out", str(tmp_path), "--docx"]) == 2
    assert "not --all" in capsys.readouterr().err


def test_control_characters_in_the_users_text_are_shown_not_fatal(dataset):
    """XML cannot hold most control characters: a page feed becomes a line break, any other a visible U+FFFD."""
    briefing = build_briefing(dataset, Selection("886"), with_charts=False)
    document = Document(io.BytesIO(render_docx(briefing, title="Kent\x07", org="Org\x01",
                                               notes="page\x0cbreak and\ta tab")))
    assert headings(document, "Title") == ["Kent\ufffd"]
    assert "page\nbreak and\ta tab" in body_text(document) and "Prepared by Org\ufffd" in body_text(document)
