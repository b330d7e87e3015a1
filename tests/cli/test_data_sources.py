"""`briefing data sources`: the official files the app can import, as the dataset as loaded (with imports) holds
them."""

import csv
import json

from briefing.cli import main


def test_sources_lists_each_release_with_what_is_held(capsys):
    assert main(["data", "sources"]) == 0
    out = capsys.readouterr().out
    for title in ("DSG allocations 2024-25", "DSG allocations 2025-26", "DSG allocations 2026-27",
                  "Section 251 outturn", "ONS mid-year population estimates", "Education, health and care plans",
                  "Special educational needs in England"):
        assert title in out
    assert "EHC plans: to January 2026 (152 councils, England)" in out
    assert "https://explore-education-statistics.service.gov.uk/find-statistics/la-and-school-expenditure" in out


def test_sources_json_and_an_import_moves_the_latest_period(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFING_USER_DIR", str(tmp_path / "user"))
    assert main(["data", "sources", "--json"]) == 0
    before = {r["key"]: r for r in json.loads(capsys.readouterr().out)}
    assert before["sen_in_england"]["held"][2] == dict(label="Number of pupils with an EHC plan", latest="",
                                                       councils=0, england=False, later="", later_councils=0)
    tidy = tmp_path / "kent.csv"
    with tidy.open("w", newline="", encoding="utf-8") as stream:   # a test value, imported as a user's own figure
        csv.writer(stream).writerows([["measure", "variant", "la_code", "period", "value"],
                                      ["pupils_with_ehc_plan", "", "886", "2026", "1234"]])
    assert main(["data", "import", str(tidy), "--yes"]) == 0
    capsys.readouterr()
    assert main(["data", "sources", "--json"]) == 0
    after = {r["key"]: r for r in json.loads(capsys.readouterr().out)}
    assert after["sen_in_england"]["held"][2]["latest"] == "January 2026"
    assert after["sen_in_england"]["held"][2]["councils"] == 1
