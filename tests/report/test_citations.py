"""Citations name the original publisher and document: no third-party mirror's address or name reaches a
PDF (text or link) or the figures file's citation columns; copies stay in the figures file as provenance."""

from __future__ import annotations

import csv
import io

from pypdf import PdfReader

from briefing.data.provenance import COPIES
from briefing.report.pdf import ExportOptions, export, render_briefing

from .conftest import pdf_text

MIRROR_HOSTS = sorted({prefix.split("/")[0] for prefix in COPIES if not prefix.startswith("github.com")})
# councils citing copies: Bury (bestrealestatecompanytoworkfor.net), Kent (DBV and safety valve), Hillingdon,
# Stoke-on-Trent, and a DBV council listed from a third-party file
COUNCILS = ["351", "886", "312", "861", "839"]


def links(data: bytes) -> list[str]:
    found = []
    for page in PdfReader(io.BytesIO(data)).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action and "/URI" in action:
                found.append(str(action["/URI"]))
    return found


def test_no_mirror_site_is_cited_in_any_pdf(dataset):
    assert "bestrealestatecompanytoworkfor.net" in MIRROR_HOSTS and "chinaview.cn" in MIRROR_HOSTS
    cited_copies = 0
    for code in COUNCILS:
        data, briefing = render_briefing(dataset, code, ExportOptions(invariant=True))
        text, addresses = pdf_text(data).lower(), links(data)
        assert addresses, code
        for mirror in MIRROR_HOSTS:
            assert mirror not in text, (code, mirror)
            assert not any(mirror in a for a in addresses), (code, mirror)
        records = [r for r in (briefing.safety_valve, briefing.dbv) if r]
        cited_copies += sum(1 for r in records for c in r.sources if c.copy_url)
    assert cited_copies, "the councils chosen should cite at least one copy"


def test_the_figures_file_keeps_the_copy_read(dataset, tmp_path):
    export(dataset, ["351"], tmp_path / "bury.pdf", ExportOptions(invariant=True))
    rows = list(csv.DictReader(io.StringIO((tmp_path / "bury-figures.csv").read_text(encoding="utf-8-sig"))))
    funding = next(r for r in rows if r["item"] == "DfE funding (total)")
    assert "copy read: http://bestrealestatecompanytoworkfor.net/" in funding["sources"]
