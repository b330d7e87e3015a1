"""The s251 outturn reader, on small files built from the layout DfE documents for
``s251_alleducation_la_regional_national.csv`` (no copy of the real file is held: it is several GB).

The DSG balances are real: s251 line 1.9.3 for 2023-24 as the bundle holds it (BCP +63,512,426, Brent +13,256,611,
Northumberland -1,159,000 in DfE's sign), so the sign reversal is checked against the bundle. The high needs line
amounts are test values: no all-council s251 line figures are held to check them against.
"""

import csv
from pathlib import Path

import pytest

from briefing.data import readers
from briefing.data.imports import compare
from briefing.data.readers import DataImportError, read_import
from briefing.data.readers.s251 import HIGH_NEEDS_LINES

COLUMNS = ["time_period", "time_identifier", "geographic_level", "country_code", "country_name", "region_code",
           "region_name", "old_la_code", "new_la_code", "la_name", "main_category", "category_of_expenditure",
           "early_years_establishments", "primary_schools", "secondary_schools", "sen_and_special_schools",
           "pupil_referral_units_and_alt_provision", "post_16", "gross_expenditure", "income", "net_expenditure",
           "net_per_capita_expenditure"]
LINE_NAMES = {"1.0.2": "1.0.2 High needs place funding within Individual Schools Budget",
              "1.2.1": "1.2.1 Top-up funding – maintained schools",
              "1.2.2": "1.2.2 Top-up funding – academies, free schools and colleges",
              "1.2.3": "1.2.3 Top-up and other funding – non-maintained and independent providers",
              "1.2.4": "1.2.4 Additional high needs targeted funding for mainstream schools and academies",
              "1.2.5": "1.2.5 SEN support service", "1.2.6": "1.2.6 Hospital education services",
              "1.2.7": "1.2.7 Other alternative provision services", "1.2.8": "1.2.8 Support for inclusion",
              "1.2.9": "1.2.9 Special schools and PRUs in financial difficulty",
              "1.2.10": "1.2.10 PFI/ BSF costs at special schools, AP/ PRUs and Post 16 institutions only",
              "1.2.11": "1.2.11 Direct payments (SEN and disability)",
              "1.2.13": "1.2.13 Therapies and other health related services",
              "1.9.3": "1.9.3 Dedicated Schools Grant carried forward to next year"}
COUNCILS = {"839": ("E06000058", "Bournemouth, Christchurch and Poole", "63512426"),
            "304": ("E09000005", "Brent", "13256611"),
            "929": ("E06000057", "Northumberland", "-1159000")}


def row(period: str, level: str, code: str, line: str, net: str, gross: str = "") -> dict[str, str]:
    ons, name, _ = COUNCILS.get(code, ("", "England", ""))
    main = "Dedicated schools grant" if line == "1.9.3" else "Section A: Schools"
    return dict(time_period=period, time_identifier="Financial year", geographic_level=level,
                country_code="E92000001", country_name="England", old_la_code=code, new_la_code=ons, la_name=name,
                main_category=main, category_of_expenditure=LINE_NAMES[line], gross_expenditure=gross or net,
                net_expenditure=net)


def line_amount(code: str, line: str) -> int:
    """Test amounts, distinct per council and line so a line read as another shows."""
    return 1_000_000 * (1 + list(LINE_NAMES).index(line)) + int(code)


def s251_rows(period: str = "202324", national: bool = True, england_scale: float = 1.0) -> list[dict[str, str]]:
    rows = []
    for code, (_, _, balance) in COUNCILS.items():
        rows += [row(period, "Local authority", code, line, str(line_amount(code, line)))
                 for line in LINE_NAMES if line != "1.9.3"]
        rows.append(row(period, "Local authority", code, "1.9.3", "", balance))
    rows.append(row(period, "Regional", "", "1.2.1", "999"))                 # regional subtotals are not read
    if national:
        for line in HIGH_NEEDS_LINES:
            total = sum(line_amount(code, line) for code in COUNCILS)
            rows.append(row(period, "National", "", line, format(total * england_scale, ".12g")))
    return rows


def write_s251(folder: Path, rows: list[dict[str, str]], columns: list[str] = COLUMNS) -> Path:
    path = folder / "s251_alleducation_la_regional_national.csv"
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, columns, extrasaction="ignore", restval="")
        writer.writeheader()
        writer.writerows(rows)
    return path


def by_key(parsed) -> dict[tuple[str, str, str, str], dict[str, str]]:
    return {(r["measure"], r["variant"], r["area"], r["period"]): r for r in parsed.rows}


def test_lines_are_taken_by_code_and_the_total_is_derived_from_them(dataset, tmp_path):
    parsed = read_import(write_s251(tmp_path, s251_rows()), dataset)
    rows = by_key(parsed)
    assert rows[("high_needs_outturn_line_gbp", "line_1_2_1", "304", "2023-24")]["value"] == str(line_amount("304",
                                                                                                           "1.2.1"))
    assert rows[("high_needs_outturn_line_gbp", "line_1_2_11", "304", "2023-24")]["value"] == str(
        line_amount("304", "1.2.11"))                                   # 1.2.11 is not read as 1.2.1
    assert not any(key[1] == "line_1_2_10" for key in rows)            # not one of the lines taken
    total = rows[("high_needs_outturn_gbp", "", "839", "2023-24")]
    assert total["value"] == str(sum(line_amount("839", line) for line in HIGH_NEEDS_LINES))
    assert total["status"] == "derived" and "1.0.2, 1.2.1" in total["note"] and "benchmarking" in total["note"]
    assert parsed.url.endswith("/la-and-school-expenditure") and "2023-24" in parsed.title


def test_dsg_carried_forward_is_the_bundle_balance_with_the_sign_reversed(dataset, tmp_path):
    parsed = read_import(write_s251(tmp_path, s251_rows()), dataset)
    rows = by_key(parsed)
    assert rows[("dsg_balance_gbp", "", "839", "2023-24")]["value"] == "-63512426"    # a deficit
    assert rows[("dsg_balance_gbp", "", "929", "2023-24")]["value"] == "1159000"      # a surplus
    changes = compare(parsed, dataset)
    assert not any(row["measure"] == "dsg_balance_gbp" for row in changes.added + [r for r, _ in changes.revised])


def test_balances_before_2019_20_are_not_taken(dataset, tmp_path):
    rows = s251_rows() + [row("201819", "Local authority", "304", "1.9.3", "", "5000000")]
    parsed = read_import(write_s251(tmp_path, rows), dataset)
    assert ("dsg_balance_gbp", "", "304", "2018-19") not in by_key(parsed)
    assert any("before 2019-20 were not taken" in notice for notice in parsed.notices)


def test_a_missing_line_leaves_the_total_blank_with_the_reason(dataset, tmp_path):
    rows = [r for r in s251_rows() if not (r["old_la_code"] == "304" and r["category_of_expenditure"].startswith(
        "1.2.13"))]
    total = by_key(read_import(write_s251(tmp_path, rows), dataset))[("high_needs_outturn_gbp", "", "304", "2023-24")]
    assert total["value"] == "" and total["status"] == "not_published" and "line 1.2.13" in total["note"]


def test_england_is_kept_when_it_is_the_council_sum_and_left_out_when_in_another_unit(dataset, tmp_path):
    england = ("high_needs_outturn_line_gbp", "line_1_2_1", "england", "2023-24")
    assert england in by_key(read_import(write_s251(tmp_path, s251_rows()), dataset))
    parsed = read_import(write_s251(tmp_path, s251_rows(england_scale=1e-6)), dataset)   # £ million
    assert england not in by_key(parsed) and any("left out" in n for n in parsed.notices)


def test_every_year_held_is_read(dataset, tmp_path):
    parsed = read_import(write_s251(tmp_path, s251_rows("202223") + s251_rows("202324")), dataset)
    assert {r["period"] for r in parsed.rows} == {"2022-23", "2023-24"}
    assert "2022-23 to 2023-24" in parsed.title


def test_a_missing_column_is_refused_by_name(dataset, tmp_path):
    columns = [c for c in COLUMNS if c != "net_expenditure"]
    with pytest.raises(DataImportError, match="lacks column net_expenditure"):
        read_import(write_s251(tmp_path, s251_rows(), columns), dataset)


def test_conflicting_duplicates_are_refused_and_identical_ones_read_once(dataset, tmp_path):
    rows = s251_rows()
    same = [r for r in rows if r["old_la_code"] == "304" and r["category_of_expenditure"].startswith("1.2.5")]
    assert read_import(write_s251(tmp_path, rows + same), dataset)
    different = dict(same[0], net_expenditure="1")
    with pytest.raises(DataImportError, match="a second, different figure for line 1.2.5"):
        read_import(write_s251(tmp_path, rows + [different]), dataset)


def test_the_whole_release_file_is_exempt_from_the_row_limit_of_other_files(dataset, tmp_path, monkeypatch):
    """The real file has tens of millions of rows: it is streamed, so the limit for other CSVs does not apply."""
    monkeypatch.setattr(readers, "MAX_ROWS", 10)
    assert read_import(write_s251(tmp_path, s251_rows()), dataset)
    tidy = tmp_path / "tidy.csv"
    tidy.write_text("measure,variant,la_code,period,value\n" + "ehc_plans,,886,2025,1\n" * 20, encoding="utf-8")
    with pytest.raises(DataImportError, match="more than 10 rows"):
        read_import(tidy, dataset)


def test_outturn_is_also_given_as_a_share_of_the_allocation(dataset, tmp_path):
    """Outturn ÷ the bundle's high needs block after deductions for the year, derived, and allowed above 100%."""
    parsed = read_import(write_s251(tmp_path, s251_rows()), dataset)
    rows = by_key(parsed)
    total = float(rows[("high_needs_outturn_gbp", "", "839", "2023-24")]["value"])
    allocation = float(dataset.grid("high_needs_block_gbp", "after_deductions").values.at["839", "2023-24"])
    share = rows[("high_needs_outturn_pct_of_hnb", "", "839", "2023-24")]
    assert float(share["value"]) == round(total / allocation * 100, 1) and share["status"] == "derived"
    assert "divided by the bundle's high needs block after deductions" in share["note"]


def test_a_share_of_an_allocation_may_pass_100_percent_where_a_share_of_a_whole_may_not():
    from briefing.data.plausible import value_problem
    from briefing.data.readers.rows import parse_value

    assert parse_value("121.4", "pct", False, "high_needs_outturn_pct_of_hnb")[:2] == ("121.4", "published")
    assert "above 100" in parse_value("121.4", "pct", False, "pct_issued_within_20_weeks")[2]
    assert value_problem(121.4, "pct", False, "high_needs_outturn_pct_of_hnb") == ""
    assert value_problem(121.4, "pct", False, "dsg_balance_pct_of_dsg") != ""
