"""Importing newer official files as layers: mapping, validation, the diff, applying, listing and undoing."""

import io
import json
import sys
from pathlib import Path

import pytest

from briefing.cli import main
from briefing.data.imports import DataImportError, apply_import, compare, read_import
from briefing.data.layers import list_layers, remove_layer
from briefing.data.loader import load_dataset
from briefing.userdirs import layers_dir

FIXTURES = Path(__file__).parents[1] / "fixtures" / "imports"
DSG_FILE = FIXTURES / "dsg_allocations_2023-24.ods"
TIDY_HEADER = "measure,variant,la_code,period,value,note\n"


@pytest.fixture(autouse=True)
def user_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFING_USER_DIR", str(tmp_path / "user"))
    return tmp_path / "user"


def write(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def values_of(parsed) -> dict[tuple[str, str, str, str], str]:
    return {(r["measure"], r["variant"], r["area"], r["period"]): r["value"] for r in parsed.rows}


@pytest.mark.parametrize("name, measures, kind", [
    ("caseload.csv", {"ehc_plans"}, "caseload"),
    ("timeliness_20_week.csv", {"pct_issued_within_20_weeks"}, "timeliness"),
    ("requests.csv", {"assessment_requests", "assessment_refusals"}, "requests"),
])
def test_real_ees_files_map_to_the_bundled_figures(dataset, name, measures, kind):
    """The 2025 release files are what the bundle was built from: every row maps and nothing would change."""
    parsed = read_import(FIXTURES / name, dataset)
    assert kind in parsed.kind and {r["measure"] for r in parsed.rows} == measures
    assert parsed.url.endswith("/education-health-and-care-plans/2025")
    assert {r["area"] for r in parsed.rows} >= {"england", "390", "886"}
    changes = compare(parsed, dataset)
    assert not changes.has_changes and changes.unchanged == len(parsed.rows)


def test_caseload_rows_are_the_january_totals_only(dataset):
    values = values_of(read_import(FIXTURES / "caseload.csv", dataset))
    assert values[("ehc_plans", "", "390", "2025")] == "1923"     # academic year 202425 = January 2025
    assert values[("ehc_plans", "", "390", "2019")] == "1231"
    assert ("ehc_plans", "", "928", "2021") in values and ("ehc_plans", "", "942", "2024") in values
    assert len([k for k in values if k[2] == "390"]) == 7          # breakdown rows by age, sex... skipped


def test_timeliness_suppressed_marker_becomes_a_missing_value_with_its_reason(dataset):
    parsed = read_import(FIXTURES / "timeliness_20_week.csv", dataset)
    assert all(r["status"] in ("published", "suppressed") for r in parsed.rows)
    assert values_of(parsed)[("pct_issued_within_20_weeks", "", "390", "2024")] == "80.8"


def test_dsg_workbook_shows_revisions_before_applying(dataset):
    parsed = read_import(DSG_FILE, dataset)
    assert parsed.url == "https://www.gov.uk/government/publications/dedicated-schools-grant-dsg-2023-to-2024"
    assert values_of(parsed)[("high_needs_block_gbp", "before_deductions", "390", "2023-24")] == "34842080"
    changes = compare(parsed, dataset)
    # the bundle holds a later version of the 2023-24 DSG totals; the high needs block is the same version
    assert {row["measure"] for row, _ in changes.revised} == {"dsg_allocation_gbp"}
    assert changes.unchanged == 2 * len(changes.revised)
    text = "\n".join(changes.describe(dataset))
    assert "England, Total Dedicated Schools Grant, 2023-24: £57,165,623,081 -> £57,135,884,056" in text
    assert not list_layers(layers_dir())


def test_apply_merges_over_the_bundle_and_remove_undoes_it(dataset):
    parsed = read_import(DSG_FILE, dataset)
    info = apply_import(parsed, compare(parsed, dataset), layers_dir())
    assert info.file_name == DSG_FILE.name and info.rows == 152 and len(info.sha256) == 64

    merged = load_dataset(layers_dir())
    assert merged.version == f"{dataset.version} + 1 import" and merged.layers == (info.layer_id,)
    assert merged.grid("dsg_allocation_gbp").values.at["england", "2023-24"] == 57135884056
    assert merged.grid("dsg_allocation_gbp").source.at["390", "2023-24"] == info.source_id
    source = merged.sources.loc[info.source_id]
    assert source["url"].endswith("dsg-2023-to-2024") and info.sha256 in source["notes"]
    assert len(merged.observations) == len(dataset.observations)    # replaced, not duplicated

    remove_layer(layers_dir(), info.layer_id)
    restored = load_dataset(layers_dir())
    assert restored.version == dataset.version
    assert restored.grid("dsg_allocation_gbp").values.at["england", "2023-24"] == 57165623081


def test_tidy_csv_adds_a_new_period_and_every_other_council_shows_why_it_is_blank(dataset, tmp_path):
    path = write(tmp_path, "kent 2027.csv", TIDY_HEADER + "ehc_plans,,886,2027,21000,test figure\n"
                                                          "ehc_plans,,E10000016,2025,20635,\n")
    parsed = read_import(path, dataset)
    changes = compare(parsed, dataset)
    assert changes.new_periods == {("ehc_plans", ""): ["2027"]}
    assert len(changes.added) == 1 and changes.unchanged == 1
    assert len(changes.filled) == len(dataset.current_codes) - 1
    apply_import(parsed, changes, layers_dir())

    grid = load_dataset(layers_dir()).grid("ehc_plans")
    assert grid.values.at["886", "2027"] == 21000 and grid.note.at["886", "2027"] == "test figure"
    assert grid.status.at["390", "2027"] == "not_published" and "kent 2027.csv" in grid.note.at["390", "2027"]


def test_a_later_import_wins(dataset, tmp_path):
    for value in ("21000", "21500"):
        path = write(tmp_path, f"kent {value}.csv", TIDY_HEADER + f"ehc_plans,,886,2027,{value},\n")
        current = load_dataset(layers_dir())
        parsed = read_import(path, current)
        apply_import(parsed, compare(parsed, current), layers_dir())
    merged = load_dataset(layers_dir())
    assert merged.version.endswith("+ 2 imports")
    assert merged.grid("ehc_plans").values.at["886", "2027"] == 21500


@pytest.mark.parametrize("marker", ["x", "c", "z", "low", ":", "..", "u", "~", "X", " LOW "])
def test_dfe_suppression_markers_are_missing_values_not_errors(dataset, tmp_path, marker):
    path = write(tmp_path, "m.csv", TIDY_HEADER + f"ehc_plans,,886,2027,{marker},\n")
    [row] = read_import(path, dataset).rows
    assert row["value"] == "" and row["status"] == "suppressed" and marker.strip() in row["note"]


def test_a_file_with_invalid_rows_is_refused_whole_with_each_row_and_reason(dataset, tmp_path):
    rows = [
        "ehc_plans,,886,2027,21000,",                    # 2: fine
        "ehc_plans,,999,2025,10,",                       # 3: unknown council
        "ehc_plans,,886,1999,10,",                       # 4: before 2000
        "ehc_plans,,886,2099,10,",                       # 5: future
        "ehc_plans,,390,2025,-4,",                       # 6: negative count
        "ehc_plans,,390,2024,lots,",                     # 7: not a number
        "ehc_plans,,886,2027,21000,",                    # 8: duplicate of row 2
        "ehc_planz,,886,2025,1,",                        # 9: unknown measure
        "high_needs_block_gbp,before_deductions,886,2023-25,1,",   # 10: not a financial year
        "pct_issued_within_20_weeks,,886,2024,140,",     # 11: percentage above 100
        "ehc_plans,,941,2019,10,",                       # 12: West Northamptonshire did not exist in 2019
        "ehc_plans,,390,2023,12.5,",                     # 13: a count with decimals
    ]
    path = write(tmp_path, "bad.csv", TIDY_HEADER + "\n".join(rows) + "\n")
    with pytest.raises(DataImportError) as caught:
        read_import(path, dataset)
    problems = caught.value.problems
    expected = ["row 3: unknown council code '999'", "row 4: impossible year 1999", "row 5: impossible year 2099",
                "row 6: EHC plans: negative value -4", "row 7: EHC plans: 'lots' is not a number",
                "row 8: duplicate of row 2", "row 9: unknown measure 'ehc_planz'",
                "row 10: period '2023-25' is not a financial year", "row 11: New EHC plans issued within 20 weeks: "
                "percentage above 100", "row 12: council 941 (West Northamptonshire) did not exist in 2019",
                "row 13: EHC plans: a count must be a whole number"]
    assert len(problems) == len(expected)
    for problem, start in zip(problems, expected, strict=True):
        assert problem.startswith(start), (problem, start)
    assert "refused: 11 invalid rows; nothing was imported" in str(caught.value)


def test_refusal_lists_the_first_rows_only(dataset, tmp_path):
    path = write(tmp_path, "many.csv", TIDY_HEADER + "".join(f"ehc_plans,,999,{2000 + i % 20},1,\n"
                                                             for i in range(60)))
    with pytest.raises(DataImportError) as caught:
        read_import(path, dataset)
    assert len(caught.value.problems) == 60 and "... and 40 more" in str(caught.value)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_refuses_a_bad_file_with_non_zero_exit(capsys, tmp_path):
    path = write(tmp_path, "bad.csv", TIDY_HEADER + "ehc_plans,,999,2025,10,\n")
    code, _, err = run(capsys, "data", "import", str(path), "--yes")
    assert code == 1 and "row 2: unknown council code '999'" in err and "Nothing was imported" in err
    assert not list_layers(layers_dir())


def test_cli_without_a_terminal_or_yes_applies_nothing(capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("y\n"))
    code, out, err = run(capsys, "data", "import", str(DSG_FILE))
    assert code == 2 and "152 figures revised" in out and "--yes" in err
    assert not list_layers(layers_dir())


@pytest.mark.parametrize("answer, applied", [("y\n", True), ("n\n", False), ("", False)])
def test_cli_asks_on_a_terminal(capsys, monkeypatch, answer, applied):
    terminal = io.StringIO(answer)
    terminal.isatty = lambda: True
    monkeypatch.setattr(sys, "stdin", terminal)
    code, out, _ = run(capsys, "data", "import", str(DSG_FILE))
    assert code == 0 and "Apply these changes?" in out
    assert bool(list_layers(layers_dir())) is applied


def test_cli_import_list_show_and_remove(capsys, tmp_path):
    path = write(tmp_path, "kent.csv", TIDY_HEADER + "ehc_plans,,886,2027,21000,\n")
    code, out, _ = run(capsys, "data", "import", str(path), "--yes")
    assert code == 0 and "New periods: EHC plans 2027" in out and "+ 1 import" in out
    [info] = list_layers(layers_dir())

    code, out, _ = run(capsys, "data", "imports")
    assert code == 0 and info.layer_id in out and "kent.csv" in out
    [listed] = json.loads(run(capsys, "data", "imports", "--json")[1])
    assert listed["layer_id"] == info.layer_id and listed["sha256"] == info.sha256 and listed["rows"] == 153
    code, out, _ = run(capsys, "show", "kent", "--json")
    payload = json.loads(out)
    plans = {entry["period"]: entry for entry in payload["measures"]["ehc_plans"]}
    assert code == 0 and plans["2027"]["value"] == 21000 and "kent.csv" in plans["2027"]["source"]
    assert payload["data_version"].endswith("+ 1 import")

    assert run(capsys, "data", "remove", info.layer_id)[0] == 0
    assert not list_layers(layers_dir())
    code, _, err = run(capsys, "data", "remove", info.layer_id)
    assert code == 2 and "no import with id" in err


def test_data_check_validates_the_bundle_alone(capsys, dataset, tmp_path):
    path = write(tmp_path, "kent.csv", TIDY_HEADER + "ehc_plans,,886,2027,21000,\n")
    assert run(capsys, "data", "import", str(path), "--yes")[0] == 0
    code, out, _ = run(capsys, "data", "check")
    assert f"Data version {dataset.version}:" in out and "+ 1 import" not in out


def test_an_ees_file_with_a_newer_year_brings_a_new_period(dataset, tmp_path):
    """Stand-in for next June's release: the real file with its latest year relabelled (test data only)."""
    lines = (FIXTURES / "caseload.csv").read_text("utf-8-sig").splitlines()
    newer = [lines[0]] + [line.replace("202425,", "202627,", 1) for line in lines[1:] if line.startswith("202425,")]
    path = write(tmp_path, "caseload.csv", "\n".join(newer) + "\n", "utf-8-sig")
    parsed = read_import(path, dataset)
    changes = compare(parsed, dataset)
    assert parsed.title == "Education, health and care plans, reporting year 2027 (EES file caseload.csv)"
    assert changes.new_periods == {("ehc_plans", ""): ["2027"]}
    assert {r["area"] for r in changes.added} == {"england", "390", "886", "940", "942"}
    assert len(changes.filled) == len(dataset.current_codes) - 4    # 940 and 942 are current; 928, 909 former
