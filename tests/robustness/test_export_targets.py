"""Robustness catalogue for exports: one bad input per case, one line of expectation."""

import os
from pathlib import Path

import pytest

from briefing.ui.snapshot import parse_size

BAD_SIZES = ["100000x100000", "7681x768", "1366x4321", "319x240", "1366", "x", "１３６６x768", "-1x768"]


@pytest.mark.parametrize("text", BAD_SIZES)
def test_snapshot_size_out_of_bounds_is_refused(text):
    with pytest.raises(ValueError, match="320x240 to 7680x4320"):
        parse_size(text)


GOOD_SIZES = [("320x240", (320, 240)), ("7680x4320", (7680, 4320)), ("1366X768", (1366, 768))]


@pytest.mark.parametrize("text, size", GOOD_SIZES)
def test_snapshot_size_within_bounds_is_accepted(text, size):
    assert parse_size(text) == size


def test_chart_csv_neutralises_formula_looking_text(qtbot, tmp_path):
    import csv

    from briefing.analysis.charts import ChartPoint, ChartSeries, ChartSpec
    from briefing.ui.app import application
    from briefing.ui.chart_view import ChartView

    application()
    view = ChartView(lambda ids: "=HYPERLINK(1)")
    qtbot.addWidget(view)
    points = (ChartPoint("2024", -5.0, note="@SUM(A1)"), ChartPoint("2025", float("nan"), note="+cmd"))
    view.set_spec(ChartSpec("c", "line", "=title", "gbp", "-label", ("2024", "2025"),
                            (ChartSeries("=1+1", "subject", points),), False, "caption", ("s",)))
    view.export_csv(tmp_path / "chart.csv")
    rows = list(csv.reader((tmp_path / "chart.csv").read_text(encoding="utf-8").splitlines()))[1:]
    assert rows[0] == ["'=title", "'=1+1", "subject", "", "2024", "-5.0", "'-label", "'@SUM(A1)", "'=HYPERLINK(1)"]


NOTES_CASES = [("endless zeros", "/dev/zero"), ("over the limit", "a" * 20_001), ("not UTF-8", b"\xff\xfe\xfa")]


@pytest.mark.parametrize("name, content", NOTES_CASES)
def test_bad_notes_file_is_refused_with_a_message(tmp_path, capsys, name, content):
    from briefing import cli

    path = content if content == "/dev/zero" else tmp_path / "notes.txt"
    if path != content:
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    assert cli.main(["export", "886", "--out", str(tmp_path / "k.pdf"), "--notes", str(path)]) == 2
    assert "cannot read notes file" in capsys.readouterr().err


def test_bidi_controls_in_notes_are_stripped(tmp_path):
    from briefing.report.files import read_notes

    (tmp_path / "n.txt").write_text("pay \u202eevil\u202c now", encoding="utf-8")
    assert read_notes(tmp_path / "n.txt") == "pay evil now"


def read_only_file(tmp_path):
    path = tmp_path / "ro.pdf"
    path.write_bytes(b"keep")
    path.chmod(0o444)
    return path


TARGETS = [("device", lambda tmp: Path("/dev/null"), "not a regular file"),
           ("fifo", lambda tmp: (os.mkfifo(tmp / "f.pdf"), tmp / "f.pdf")[1], "not a regular file"),
           ("folder", lambda tmp: tmp, "not a regular file"),
           ("read-only", read_only_file, "read-only"),
           ("long name", lambda tmp: tmp / ("n" * 300 + ".pdf"), "too long")]


@pytest.mark.parametrize("name, build, message", TARGETS)
def test_export_target_is_refused_and_left_alone(tmp_path, name, build, message):
    from briefing.report.files import ExportError, write_atomic

    target = build(tmp_path)
    with pytest.raises(ExportError, match=message):
        write_atomic(target, b"data")


LONG_TEXT_CASES = [("--title", "T" * 3_000), ("--org", "O" * 201)]


@pytest.mark.parametrize("option, text", LONG_TEXT_CASES)
def test_an_overlong_title_or_organisation_is_refused_with_a_message(tmp_path, capsys, option, text):
    from briefing import cli

    assert cli.main(["export", "886", "--out", str(tmp_path / "k.pdf"), option, text]) == 2
    assert "at most 200" in capsys.readouterr().err and not (tmp_path / "k.pdf").exists()


SNAPSHOT_TARGETS = [("a missing folder", "missing/dir/k.png", "does not exist"),
                    ("a device", "/dev/full", "not a regular file")]


@pytest.mark.parametrize("name, target, expected", SNAPSHOT_TARGETS)
def test_snapshot_write_errors_are_messages_with_exit_3(tmp_path, capsys, name, target, expected):
    from briefing import cli

    out = target if target.startswith("/") else str(tmp_path / target)
    assert cli.main(["snapshot", "886", "--out", out, "--size", "640x480"]) == 3
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err
