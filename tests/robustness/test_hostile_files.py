"""Hostile and malformed import files: each is refused fast with a message naming the problem (and the row),
or read correctly. One builder and one expectation per case."""

import codecs
import io
import zipfile
from pathlib import Path

import pytest

from briefing.data.imports import DataImportError, read_import

TIDY = "measure,variant,la_code,period,value,note\n"
DSG_FILE = Path(__file__).parents[1] / "fixtures" / "imports" / "dsg_allocations_2023-24.ods"


def text(content: str, encoding: str = "utf-8") -> bytes:
    return content.encode(encoding)


def zip_of(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def ods_with(cell: str) -> bytes:
    content = (f'<office:document-content><office:body><office:spreadsheet><table:table table:name='
               f'"Allocations_summary"><table:table-row>{cell}</table:table-row></table:table></office:spreadsheet>'
               '</office:body></office:document-content>').encode()
    return zip_of({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": content})


REFUSED = [
    ("cut mid-field", "cut.csv", text(TIDY + 'ehc_plans,,887,2026,4,"Medway'), "row 2: unexpected end of data"),
    ("short row", "short.csv", text(TIDY + "ehc_plans,,887,2026\n"), "4 cells for 6 columns"),
    ("duplicated value column", "dup.csv",
     text("measure,variant,la_code,period,value,value\nehc_plans,,887,2026,4,5\n"), "'value' appears more than once"),
    ("mixed UTF-8 and Windows-1252", "mixed.csv",
     text(TIDY) + "ehc_plans,,887,2026,4,Café\n".encode() + "ehc_plans,,886,2026,4,Caf\xe9\n".encode("cp1252"),
     "mixes UTF-8 and Windows-1252"),
    ("old-format xls", "old.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "old-format Excel file"),
    ("garbage named xlsx", "junk.xlsx", b"this is not a workbook at all", "not an .xlsx or .ods workbook"),
    ("zip bomb", "bomb.xlsx", zip_of({"xl/worksheets/sheet1.xml": b"<c/>" * 10_000_000}),
     "would expand to 40 MB"),
    ("ods column-repeat bomb", "bomb.ods",
     ods_with('<table:table-cell table:number-columns-repeated="100000000" office:value-type="float" '
              'office:value="1"><text:p>1</text:p></table:table-cell>'), "repeats a cell with content 100,000,000"),
    ("a million rows", "huge.csv", text(TIDY + "ehc_plans,,886,2026,1,\n" * 600_000), "more than 500,000 rows"),
]


@pytest.mark.parametrize(("case", "name", "content", "expected"), REFUSED, ids=[c[0] for c in REFUSED])
def test_hostile_file_is_refused_with_its_reason(dataset, tmp_path, case, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(DataImportError) as refused:
        read_import(path, dataset)
    assert expected in str(refused.value)


def test_terminal_escape_codes_in_a_header_are_shown_escaped(dataset, tmp_path):
    path = tmp_path / "escape.csv"
    path.write_bytes(text("\x1b[31mred\x1b[0m,value\n1,2\n"))
    with pytest.raises(DataImportError) as refused:
        read_import(path, dataset)
    assert "\x1b" not in str(refused.value) and "\\x1b[31mred" in str(refused.value)


@pytest.mark.parametrize("bom", [codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE])
def test_utf32_with_a_byte_order_mark_is_read_correctly(dataset, tmp_path, bom):
    encoding = "utf-32-le" if bom == codecs.BOM_UTF32_LE else "utf-32-be"
    path = tmp_path / "utf32.csv"
    path.write_bytes(bom + (TIDY + "ehc_plans,,886,2026,21000,Kent's figure\n").encode(encoding))
    parsed = read_import(path, dataset)
    kent = [(r["area"], r["period"], r["value"]) for r in parsed.rows if r["area"] == "886"]
    assert kent == [("886", "2026", "21000")]


def test_a_real_dfe_workbook_passes_the_bounds(dataset):
    assert read_import(DSG_FILE, dataset).rows
