"""The DSG allocations reader finds columns by heading, on DfE's real workbooks and on the layout DfE documents
for 2024-25 onwards (../shared/sources/la_finance/official_file_layouts.csv).

Files in the documented layout are built here from the real 2023-24 workbook's figures, so a correct mapping is
one that changes nothing in the bundle's high needs block.
"""

from pathlib import Path

import pandas as pd
import pytest

from briefing.data.imports import compare
from briefing.data.readers import DataImportError, read_import

FIXTURES = Path(__file__).parents[1] / "fixtures" / "imports"
REAL_2023_24 = FIXTURES / "dsg_allocations_2023-24.ods"
RAW_DSG = Path(__file__).parents[2] / "data" / "raw" / "la_finance" / "dfe"
BEFORE_GROUP = "2023 to 2024 DSG allocations, before recoupment and deductions for direct funding of high needs places"
AFTER_GROUP = "2023 to 2024 DSG allocations, after deductions for academies recoupment and direct funding of places"
BLOCKS = ["Schools block (£s)", "Central school services block (£s)", "High needs block (£s)",
          "Early years block (£s)", "Total DSG allocation (£s)"]


@pytest.fixture(scope="module")
def real_summary() -> list[list[str]]:
    """Code, name and [A]..[J] of every council and England in DfE's 2023-24 Allocations_summary."""
    sheet = pd.read_excel(REAL_2023_24, sheet_name="Allocations_summary", header=None, dtype=str, engine="odf")
    cells = sheet.fillna("").map(str)
    return [list(cells.iloc[i, :12]) for i in range(len(cells))
            if cells.iat[i, 0].isdigit() or cells.iat[i, 0].upper() == "ENGLAND"]


def write_workbook(path: Path, sheets: dict[str, list[list]]) -> Path:
    engine = "odf" if path.suffix == ".ods" else "openpyxl"
    with pd.ExcelWriter(path, engine=engine) as writer:
        for name, rows in sheets.items():
            width = max(len(row) for row in rows)
            frame = pd.DataFrame([row + [""] * (width - len(row)) for row in rows])
            frame.to_excel(writer, sheet_name=name, header=False, index=False)
    return path


def as_number(text: str) -> int:
    return int(float(text))


def documented_2024_layout(rows: list[list[str]], title_years: str = "2023 to 2024",
                           high_needs_in_summary: bool = True) -> dict[str, list[list]]:
    """Allocations_summary with LA code, LA name and the five blocks (header row 2); High_needs_block with the
    total before deductions headed '... [G]' after six element columns, as DfE documents 2024-25."""
    blocks = BLOCKS if high_needs_in_summary else [b for b in BLOCKS if not b.startswith("High")]
    summary = [[f"Dedicated schools grant: {title_years} allocations local authority summary", "",
                BEFORE_GROUP.replace("2023 to 2024", title_years)],
               ["LA code", "LA name", *blocks]]
    for row in rows:
        values = dict(zip(BLOCKS, row[2:7], strict=True))
        summary.append([row[0], row[1], *(as_number(values[b]) for b in blocks)])
    detail = [[f"Dedicated schools grant: {title_years} high needs block", "", "Basic entitlement factor (£s)",
               "Number of pupils in special schools", "Import/export adjustment (£s)", "Hospital education (£s)",
               "Historic spend factor (£s)", "Additional high needs allocation (£s)",
               "Total high needs block before deductions (£s) [G]  = [A] + ( [B] * [C] ) + [D] + [E] + [F]"],
              ["", "", "[A]", "[B]", "[C]", "[D]", "[E]", "[F]", "[G]"]]
    detail += [[row[0], row[1], 0, 0, 0, 0, 0, 0, as_number(row[4])] for row in rows]
    return {"Information_2024_to_2025": [["Dedicated schools grant"]], "Allocations_summary": summary,
            "High_needs_block": detail}


def values_of(parsed) -> dict[tuple[str, str, str, str], str]:
    return {(r["measure"], r["variant"], r["area"], r["period"]): r["value"] for r in parsed.rows}


@pytest.mark.parametrize("suffix", [".xlsx", ".ods"])
def test_documented_2024_layout_is_read_by_heading(dataset, real_summary, tmp_path, suffix):
    path = write_workbook(tmp_path / f"dsg{suffix}", documented_2024_layout(real_summary))
    parsed = read_import(path, dataset)
    assert {(r["measure"], r["variant"]) for r in parsed.rows} == {("high_needs_block_gbp", "before_deductions"),
                                                                   ("dsg_allocation_gbp", "")}
    assert values_of(parsed)[("high_needs_block_gbp", "before_deductions", "390", "2023-24")] == "34842080"
    assert any("has no column 'High needs block allocation" in n for n in parsed.notices)   # said, not filled in
    changes = compare(parsed, dataset)
    assert not any(row["measure"] == "high_needs_block_gbp" for row in changes.added + [r for r, _ in changes.revised])


def test_high_needs_total_found_in_its_own_sheet_wherever_its_column_is(dataset, real_summary, tmp_path):
    """The summary without a high needs column: the total comes from High_needs_block's '[G]' column by heading."""
    path = write_workbook(tmp_path / "dsg.xlsx", documented_2024_layout(real_summary, high_needs_in_summary=False))
    values = values_of(read_import(path, dataset))
    assert values[("high_needs_block_gbp", "before_deductions", "england", "2023-24")] == "9952172126"
    assert values[("high_needs_block_gbp", "before_deductions", "202", "2023-24")] == "55017590"


def test_columns_in_another_order_give_the_same_rows_as_the_real_workbook(dataset, real_summary, tmp_path):
    """Both groups of block columns, each shuffled and the groups swapped: the rows match DfE's own layout."""
    after_order = [4, 0, 2, 1, 3]     # high needs first, total in the middle
    before_order = [2, 4, 0, 3, 1]
    summary = [["Dedicated schools grant: 2023 to 2024 allocations local authority summary", "", AFTER_GROUP,
                "", "", "", "", BEFORE_GROUP],
               ["", "", *(BLOCKS[i].replace("High needs block", "High needs block allocation") for i in after_order),
                *(BLOCKS[i] for i in before_order)]]
    for row in real_summary:
        before, after = row[2:7], row[7:12]
        summary.append([row[0], row[1], *(as_number(after[i]) for i in after_order),
                        *(as_number(before[i]) for i in before_order)])
    path = write_workbook(tmp_path / "dsg.xlsx", {"Allocations_summary": summary})
    assert values_of(read_import(path, dataset)) == values_of(read_import(REAL_2023_24, dataset))


def test_a_year_in_the_title_sets_the_period(dataset, real_summary, tmp_path):
    path = write_workbook(tmp_path / "dsg.xlsx", documented_2024_layout(real_summary[:3], "2026 to 2027"))
    assert {r["period"] for r in read_import(path, dataset).rows} == {"2026-27"}


def test_a_missing_needed_column_is_refused_with_the_heading_looked_for(dataset, real_summary, tmp_path):
    sheets = documented_2024_layout(real_summary)
    total = sheets["Allocations_summary"][1].index("Total DSG allocation (£s)")
    sheets["Allocations_summary"] = [row[:total] for row in sheets["Allocations_summary"]]
    with pytest.raises(DataImportError) as refused:
        read_import(write_workbook(tmp_path / "dsg.xlsx", sheets), dataset)
    assert "lacks a column" in str(refused.value) and "no column 'Total DSG allocation (£s)'" in str(refused.value)


def test_a_heading_without_its_basis_is_not_guessed(dataset, real_summary, tmp_path):
    """No group heading says before or after: neither block column can be told, so the workbook is refused."""
    sheets = documented_2024_layout(real_summary)
    sheets["Allocations_summary"][0] = ["Dedicated schools grant: 2023 to 2024 allocations local authority summary"]
    del sheets["High_needs_block"]
    with pytest.raises(DataImportError, match="no column 'High needs block"):
        read_import(write_workbook(tmp_path / "dsg.xlsx", sheets), dataset)


@pytest.mark.parametrize("path", sorted(RAW_DSG.glob("*dedicated-schools-grant_20*_published_*.ods")),
                         ids=lambda p: p.name[31:38])
def test_real_2020_21_to_2023_24_workbooks_give_the_bundled_high_needs_block(dataset, path):
    """DfE's dated workbooks in data/raw/ (what the bundle's high needs block was built from) change nothing in it;
    the bundle's DSG totals are a later version, so only those may be revised."""
    parsed = read_import(path, dataset)
    changes = compare(parsed, dataset)
    assert {row["measure"] for row, _ in changes.revised} <= {"dsg_allocation_gbp"} and not changes.added
    assert {r["variant"] for r in parsed.rows if r["measure"] == "high_needs_block_gbp"} == {"before_deductions",
                                                                                          "after_deductions"}


def test_the_amalgamated_copy_is_refused_as_before(dataset):
    """DfE's amalgamation has no Allocations_summary sheet (and gives 2019-20 in £ million): not importable."""
    path = next(RAW_DSG.glob("*amalgamated*.ods"))
    with pytest.raises(DataImportError, match="not a DfE DSG allocations workbook"):
        read_import(path, dataset)
