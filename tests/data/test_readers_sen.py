"""The Special educational needs in England reader, on small files built from the layouts DfE documents for the
data set "Pupils in all schools, by type of SEN provision": ``sen_phase_type_.csv`` (figures in columns) and the
"2026 format" (one row per SEN provision). No copy of the real file is held (it is over 4 MB), so the counts are
test values; the percentages of Kent at January 2025 are the bundle's, so an unchanged figure is checked too.
"""

import csv
from pathlib import Path

import pytest

from briefing.data.imports import compare
from briefing.data.readers import DataImportError, read_import

WIDE = ["time_period", "time_identifier", "geographic_level", "country_code", "country_name", "region_name",
        "region_code", "old_la_code", "la_name", "new_la_code", "phase_type_grouping", "type_of_establishment",
        "hospital_school", "total_pupils", "sen_support", "ehc_plan", "sen_support_percent", "ehc_plan_percent"]
LONG = ["time_period", "time_identifier", "geographic_level", "country_code", "country_name", "region_name",
        "region_code", "old_la_code", "la_name", "new_la_code", "pcon_code", "pcon_name", "phase_type_grouping",
        "establishment_type", "hospital_school", "sen_provision", "pupil_count", "pupil_percent"]
AREAS = {"england": ("National", "", "", "", ""), "886": ("Local authority", "South East", "886", "Kent", "E10000016"),
         "352": ("Local authority", "North West", "352", "Manchester", "E08000003"),
         "north west": ("Regional", "North West", "", "", "")}
# Test figures per area: (total pupils, SEN support, EHC plan, SEN support %, EHC plan %).
FIGURES = {"england": ("1000000", "140000", "50000", "14", "5"), "886": ("240000", "33000", "12000", "13.75", "5"),
           "352": ("100000", "15000", "6000", "15", "6"), "north west": ("500000", "70000", "30000", "14", "6")}


def area_cells(area: str) -> dict[str, str]:
    level, region, code, name, ons = AREAS[area]
    return dict(time_identifier="Academic year", geographic_level=level, country_code="E92000001",
                country_name="England", region_name=region, old_la_code=code, la_name=name, new_la_code=ons)


def wide_rows(period: str = "202425", areas=AREAS, **changes) -> list[dict[str, str]]:
    rows = []
    for area in areas:
        total, support, ehc, support_pct, ehc_pct = FIGURES[area]
        for phase in ("Total", "State-funded primary"):          # a breakdown row, never read
            rows.append(dict(area_cells(area), time_period=period, phase_type_grouping=phase,
                             type_of_establishment="Total", hospital_school="Total", total_pupils=total,
                             sen_support=support, ehc_plan=ehc, sen_support_percent=support_pct,
                             ehc_plan_percent=ehc_pct if phase == "Total" else "99"))
    for row in rows:
        row.update(changes.get(row["old_la_code"] or row["geographic_level"], {}))
    return rows


def long_rows(period: str = "202425") -> list[dict[str, str]]:
    rows = []
    for area in AREAS:
        total, support, ehc, support_pct, ehc_pct = FIGURES[area]
        for provision, count, pct in (("Total", total, "100"), ("Education, health and care plan", ehc, ehc_pct),
                                      ("SEN support / SEN without an EHC plan", support, support_pct)):
            for school in ("Total", "Community school"):
                rows.append(dict(area_cells(area), time_period=period, pcon_code="", pcon_name="",
                                 phase_type_grouping="Total", establishment_type=school, hospital_school="Total",
                                 sen_provision=provision, pupil_count=count if school == "Total" else "7",
                                 pupil_percent=pct))
    return rows


def write(path: Path, columns: list[str], rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def by_key(parsed) -> dict[tuple[str, str, str], dict[str, str]]:
    return {(r["measure"], r["area"], r["period"]): r for r in parsed.rows}


@pytest.mark.parametrize("layout", ["wide", "long"])
def test_counts_and_percentages_of_all_pupils_are_read_in_both_layouts(dataset, tmp_path, layout):
    if layout == "wide":
        path = write(tmp_path / "sen_phase_type_.csv", WIDE, wide_rows() + wide_rows("202324"))
    else:
        path = write(tmp_path / "sen_phase_type_2026_format.csv", LONG, long_rows() + long_rows("202324"))
    parsed = read_import(path, dataset)
    rows = by_key(parsed)
    assert rows[("pupils_with_ehc_plan", "886", "2025")]["value"] == "12000"
    assert rows[("pupils_sen_support", "352", "2024")]["value"] == "15000"
    assert rows[("pct_pupils_with_ehc_plan", "england", "2025")]["value"] == "5"
    assert rows[("pct_pupils_sen_support", "886", "2025")]["value"] == "13.75"
    assert {r["area"] for r in parsed.rows} == {"england", "886", "352"}       # the region is passed over
    assert {r["period"] for r in parsed.rows} == {"2024", "2025"}
    assert len(parsed.rows) == 3 * 2 * 4                                       # breakdown rows are not read
    assert {r["status"] for r in parsed.rows} == {"published"}
    assert parsed.publisher == "Department for Education"
    assert parsed.url == "https://explore-education-statistics.service.gov.uk/find-statistics/special-educational-needs-in-england"
    assert "January 2024 to January 2025" in parsed.title


def test_the_bundle_percentage_is_unchanged_and_the_counts_are_new(dataset, tmp_path):
    kent = dataset.grid("pct_pupils_with_ehc_plan").values.at["886", "2025"]
    support = dataset.grid("pct_pupils_sen_support").values.at["886", "2025"]
    changes = {"886": dict(ehc_plan_percent=format(kent, "g"), sen_support_percent=format(support, "g"))}
    parsed = read_import(write(tmp_path / "sen.csv", WIDE, wide_rows(areas=["886"], **changes)), dataset)
    diff = compare(parsed, dataset)
    assert diff.unchanged == 2
    assert {(r["measure"], r["period"]) for r in diff.added} == {("pupils_with_ehc_plan", "2025"),
                                                                ("pupils_sen_support", "2025")}
    assert ("pupils_with_ehc_plan", "") in diff.new_periods


def test_dfe_markers_are_suppressed_and_bad_figures_refuse_the_file_with_row_numbers(dataset, tmp_path):
    parsed = read_import(write(tmp_path / "sen.csv", WIDE, wide_rows(**{"352": dict(ehc_plan="z")})), dataset)
    assert by_key(parsed)[("pupils_with_ehc_plan", "352", "2025")]["status"] == "suppressed"
    bad = wide_rows(**{"352": dict(ehc_plan_percent="lots"), "886": dict(new_la_code="E99999999",
                                                                         old_la_code="999")})
    with pytest.raises(DataImportError) as refused:
        read_import(write(tmp_path / "bad.csv", WIDE, bad), dataset)
    message = str(refused.value)
    assert "refused: 2 invalid rows; nothing was imported" in message
    assert "row 4: unknown council code '999'" in message
    assert "row 6: Pupils with an EHC plan: 'lots' is not a number" in message


def test_a_missing_filter_column_is_refused_by_name(dataset, tmp_path):
    columns = [c for c in WIDE if c != "hospital_school"]
    with pytest.raises(DataImportError, match="lacks column hospital_school"):
        read_import(write(tmp_path / "sen.csv", columns, wide_rows()), dataset)


def test_a_file_without_rows_for_all_pupils_is_refused(dataset, tmp_path):
    rows = [r for r in wide_rows() if r["phase_type_grouping"] != "Total"]
    with pytest.raises(DataImportError, match="no rows for all pupils"):
        read_import(write(tmp_path / "sen.csv", WIDE, rows), dataset)


def test_the_2026_format_file_is_exempt_from_the_usual_row_limit(dataset, tmp_path, monkeypatch):
    from briefing.data import readers

    monkeypatch.setattr(readers, "MAX_ROWS", 5)
    parsed = read_import(write(tmp_path / "sen.csv", LONG, long_rows()), dataset)
    assert len(parsed.rows) == 12
