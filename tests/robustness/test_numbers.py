"""Figures that would break charts, JSON or totals later are refused at import, naming the row."""

import pytest

from briefing.cli import main
from briefing.data.imports import DataImportError, read_import

HEADER = "measure,variant,la_code,period,value,note\n"


@pytest.fixture(autouse=True)
def user_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFING_USER_DIR", str(tmp_path / "user"))


@pytest.mark.parametrize(("row", "expected"), [
    ("ehc_plans,,886,2026,1" + "0" * 400 + ",", "implausible value"),          # 10^400: inf as a float
    ("ehc_plans,,886,2026,17" + "0" * 307 + ",", "implausible value"),         # 1.7e308
    ("high_needs_block_gbp,before_deductions,886,2024-25,5000000000000,", "implausible value"),
    ("dsg_balance_pct_of_dsg,,886,2024-25,-250,", "percentage above 100 in size"),
    ("pct_issued_within_20_weeks,,886,2025,101,", "percentage above 100"),
    ("ehc_plans,,886,２０２６,21000,", "is not a year"),                           # full-width digits
    ("ehc_plans,,886,٢٠٢٦,21000,", "is not a year"),                             # Arabic-Indic digits
    ("ehc_plans,,886,2026,٢١٠٠٠,", "is not a number"),
])
def test_implausible_and_non_ascii_figures_are_refused(dataset, tmp_path, row, expected):
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + row + "\n", encoding="utf-8")
    with pytest.raises(DataImportError) as refused:
        read_import(path, dataset)
    assert "row 2" in str(refused.value) and expected in str(refused.value)


def test_a_large_but_real_figure_is_still_accepted(dataset, tmp_path):
    path = tmp_path / "ok.csv"
    path.write_text(HEADER + "dsg_balance_gbp,,886,2024-25,\"-120,000,000\",\n", encoding="utf-8")
    assert read_import(path, dataset).rows


def test_show_json_never_prints_non_standard_numbers(capsys):
    import json

    assert main(["show", "kent", "--json"]) == 0
    text = capsys.readouterr().out
    json.loads(text, parse_constant=lambda name: pytest.fail(f"{name} in JSON"))
