"""The ONS MYE2 population reader, on small workbooks built from ONS's layout (sheet "MYE2 - Persons": title rows,
then Code, Name, Geography, All ages, 0 ... 89, 90+). No ONS workbook is held in data/raw/ (the bundle's
population came pre-summed), so the counts here are test values, not ONS figures.
"""

from pathlib import Path

import pandas as pd
import pytest

from briefing.data.readers import DataImportError, read_import

AGES = [str(a) for a in range(90)] + ["90+"]
AREAS = [("E92000001", "ENGLAND", "Country"), ("E12000002", "NORTH WEST", "Region"),
         ("E08000003", "Manchester", "Metropolitan District"), ("E10000016", "Kent", "County"),
         ("E07000105", "Ashford", "Non-metropolitan District"), ("E06000063", "Cumberland", "Unitary Authority")]


def count(code: str, age: int) -> int:
    """Test counts: distinct per area and age."""
    return 1000 + 10 * age + sum(map(ord, code)) % 7


def mye_sheet(year: int, ages: list[str] = AGES, title: str = "Mid-{} Population Estimates for England") -> list[list]:
    rows = [[title.format(year)], ["Persons"], [], ["Code", "Name", "Geography", "All ages", *ages]]
    for code, name, geography in AREAS:
        values = [count(code, a) for a in range(len(ages))]
        rows.append([code, name, geography, sum(values), *values])
    width = max(len(r) for r in rows)
    return [r + [""] * (width - len(r)) for r in rows]


def write(path: Path, sheets: dict[str, list[list]]) -> Path:
    with pd.ExcelWriter(path, engine="odf" if path.suffix == ".ods" else "openpyxl") as writer:
        for name, rows in sheets.items():
            pd.DataFrame(rows).to_excel(writer, sheet_name=name, header=False, index=False)
    return path


def by_key(parsed) -> dict[tuple[str, str, str], dict[str, str]]:
    return {(r["measure"], r["area"], r["period"]): r for r in parsed.rows}


@pytest.mark.parametrize("suffix", [".xlsx", ".ods"])
def test_age_bands_are_summed_for_england_and_councils(dataset, tmp_path, suffix):
    path = write(tmp_path / f"mye{suffix}", {"Contents": [["Contents"]], "MYE2 - Persons": mye_sheet(2023)})
    parsed = read_import(path, dataset)
    rows = by_key(parsed)
    assert rows[("population_0_25", "352", "2023")]["value"] == str(sum(count("E08000003", a) for a in range(26)))
    assert rows[("population_2_18", "886", "2023")]["value"] == str(sum(count("E10000016", a) for a in range(2, 19)))
    assert rows[("population_0_25", "england", "2023")]["status"] == "derived"
    assert "sum of single years of age 0 to 25" in rows[("population_0_25", "352", "2023")]["note"]
    assert rows[("population_0_25", "942", "2023")]                  # a 2023 council, at mid-2023
    assert {r["area"] for r in parsed.rows} == {"england", "352", "886", "942"}   # regions and districts passed over
    assert parsed.publisher == "Office for National Statistics" and "mid-2023" in parsed.title


def test_a_council_that_did_not_exist_at_the_mid_year_is_not_taken(dataset, tmp_path):
    parsed = read_import(write(tmp_path / "mye.xlsx", {"MYE2 - Persons": mye_sheet(2022)}), dataset)
    assert "942" not in {r["area"] for r in parsed.rows}
    assert any("did not exist at mid-2022" in n and "Cumberland" in n for n in parsed.notices)


def test_a_missing_age_column_is_refused(dataset, tmp_path):
    ages = [a for a in AGES if a != "17"]
    with pytest.raises(DataImportError, match="lacks a column for age 17"):
        read_import(write(tmp_path / "mye.xlsx", {"MYE2 - Persons": mye_sheet(2023, ages)}), dataset)


def test_a_sheet_that_does_not_say_its_mid_year_is_refused(dataset, tmp_path):
    sheet = mye_sheet(2023, title="Population estimates for England")
    with pytest.raises(DataImportError, match="does not say which mid-year"):
        read_import(write(tmp_path / "mye.xlsx", {"MYE2 - Persons": sheet}), dataset)
