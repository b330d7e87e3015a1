"""The command line as a script would use it: output, JSON shapes and exit codes."""

import json
import re
import subprocess
import sys

import pytest

from briefing.cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_councils_json_lists_every_council(capsys, dataset):
    code, out, _ = run(capsys, "councils", "--json")
    rows = json.loads(out)
    assert code == 0 and len(rows) == len(dataset.councils)
    kent = next(r for r in rows if r["la_code"] == "886")
    assert kent == {"la_code": "886", "ons_code": "E10000016", "name": "Kent", "region": "South East",
                    "type": "county council", "status": "current", "programme": "safety valve"}
    assert next(r for r in rows if r["la_code"] == "909")["status"] == "former"


def test_councils_table(capsys):
    code, out, _ = run(capsys, "councils")
    assert code == 0 and "Cumbria (former)" in out and "153 current councils" in out


@pytest.mark.parametrize("query", ["kent", "886", "E10000016", "KENT"])
def test_show_json_shape(capsys, query):
    code, out, _ = run(capsys, "show", query, "--json")
    payload = json.loads(out)
    assert code == 0
    assert set(payload) >= {"council", "programmes", "measures"}
    assert set(payload["council"]) >= {"la_code", "ons_code", "name", "region", "type"}
    assert payload["council"]["name"] == "Kent"
    assert payload["programmes"]["safety_valve"]["agreement_first_fy"] == "2022-23"
    assert payload["programmes"]["dbv"] is None
    plans = {e["period"]: e for e in payload["measures"]["ehc_plans"]}
    assert plans["2025"]["value"] == 20635 and "Department for Education" in plans["2025"]["source"]
    for entries in payload["measures"].values():
        for entry in entries:
            assert re.fullmatch(r"\d{4}(-\d{2})?", entry["period"])
            assert entry["value"] is not None or entry["status"] not in ("published", "derived")
    methods = {e["variant"] for e in payload["measures"]["tribunal_appeal_rate_pct"]}
    assert methods == {"old_method", "new_method"}


def test_show_text_has_sources_and_summary(capsys):
    code, out, _ = run(capsys, "show", "Bristol")
    assert code == 0
    assert out.startswith("Bristol, City of (801")
    assert "source: Department for Education" in out and "EHC plans in January 2026" in out


def test_unknown_council_suggests_names(capsys):
    code, _, err = run(capsys, "show", "Kentt")
    assert code == 2 and "Did you mean" in err and "Kent" in err


def test_ambiguous_council_lists_matches(capsys):
    code, _, err = run(capsys, "show", "north")
    assert code == 2 and "North Yorkshire (815)" in err and "North Somerset (802)" in err


def test_data_check_prints_coverage(capsys):
    code, out, _ = run(capsys, "data", "check")
    assert code == 0
    assert "ehc_plans" in out and "high_needs_block_gbp [before_deductions]" in out and "Checks passed" in out
    latest = out.split("Latest period of each measure:")[1].split("Councils with a figure")[0]
    assert re.search(r"^ehc_plans +2026 +152 +yes$", latest, re.M)
    assert re.search(r"^pct_issued_within_20_weeks +2025 +149 +yes$", latest, re.M)
    assert re.search(r"^dsg_balance_gbp +2023-24 +148 +no$", latest, re.M)


def test_data_check_reports_corrupt_data(tmp_path, monkeypatch, capsys):
    import shutil

    from briefing.data.dataset import bundled_data_dir

    data = tmp_path / "data"
    shutil.copytree(bundled_data_dir(), data, ignore=shutil.ignore_patterns("raw"))
    (data / "measures.csv").write_text("garbage", encoding="utf-8")
    monkeypatch.setenv("BRIEFING_DATA_DIR", str(data))
    code, _, err = run(capsys, "data", "check")
    assert code == 1 and "measures.csv" in err and "Traceback" not in err


def test_python_dash_m_works():
    result = subprocess.run([sys.executable, "-m", "briefing", "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.startswith("High Needs Briefing ")


def test_output_piped_in_a_code_page_without_a_minus_sign_still_prints():
    """Windows pipes use the ANSI code page (cp1252), which cannot encode U+2212: the command must not crash."""
    import os
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "briefing", "show", "kent"], capture_output=True,
                          env={**os.environ, "PYTHONIOENCODING": "cp1252"})
    assert done.returncode == 0, done.stderr.decode("cp1252", "replace")
    assert "Kent" in done.stdout.decode("cp1252") and "?£67.2m" in done.stdout.decode("cp1252")
