"""Saving: atomic writes with plain-language errors, the CSV companion, batches that survive a failure, CLI."""

import csv
import errno
import io
import os

import pytest
from pypdf import PdfReader

from briefing import cli
from briefing.report import batch, files, pdf
from briefing.report.figures import safe_cell
from briefing.report.files import ExportError, write_atomic
from briefing.report.pdf import ExportOptions, export

QUICK = ExportOptions(sections=("glance", "sources"), invariant=True)


def test_export_writes_pdf_and_csv_companion(dataset, tmp_path):
    written = export(dataset, ["886"], tmp_path / "kent.pdf", QUICK)
    assert written == [tmp_path / "kent.pdf", tmp_path / "kent-figures.csv"]
    assert len(PdfReader(tmp_path / "kent.pdf").pages) >= 1
    rows = list(csv.DictReader(io.StringIO((tmp_path / "kent-figures.csv").read_text(encoding="utf-8-sig"))))
    plans = next(r for r in rows if r["item"] == "EHC plans" and r["section"] == "at a glance")
    assert float(plans["value"]) == dataset.grid("ehc_plans").values.at["886", "2026"]
    assert plans["sources"] == "dfe_ehcp_2026"
    assert sorted(os.listdir(tmp_path)) == ["kent-figures.csv", "kent.pdf"]       # no temporary files left


def test_csv_guards_text_against_formula_injection():
    assert safe_cell("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")"
    assert safe_cell("+44") == "'+44" and safe_cell("-1") == "'-1" and safe_cell("@cmd") == "'@cmd"
    assert safe_cell(-67167405.0) == "-67167405"          # numbers stay numbers
    assert safe_cell(float("nan")) == ""
    assert safe_cell("Kent") == "Kent"


def test_missing_folder_gives_a_clear_error_and_no_file(dataset, tmp_path):
    with pytest.raises(ExportError, match="does not exist"):
        export(dataset, ["886"], tmp_path / "nowhere" / "kent.pdf", QUICK)


def test_unwritable_folder_gives_a_clear_error(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")
    monkeypatch.setattr(files.tempfile, "mkstemp", refuse)
    with pytest.raises(ExportError, match="No permission to save in"):
        write_atomic(tmp_path / "kent.pdf", b"%PDF")
    assert os.listdir(tmp_path) == []


def full_disk(*args):
    raise OSError(errno.ENOSPC, "No space left on device")


def locked_by_another_program(*args):
    raise PermissionError(errno.EACCES, "The process cannot access the file")


@pytest.mark.parametrize("call, failure, message", [
    ("fsync", full_disk, "Not enough disk space"),
    ("replace", locked_by_another_program, "open in another program"),
])
def test_failed_write_is_explained_and_keeps_the_old_file(tmp_path, monkeypatch, call, failure, message):
    target = tmp_path / "kent.pdf"
    target.write_bytes(b"old briefing")
    monkeypatch.setattr(files.os, call, failure)
    with pytest.raises(ExportError, match=message):
        write_atomic(target, b"new briefing")
    assert target.read_bytes() == b"old briefing"
    assert os.listdir(tmp_path) == ["kent.pdf"]


def test_batch_continues_past_a_failure_in_worker_processes(dataset, tmp_path):
    seen = []
    result = batch.export_many(dataset, ["886", "nope", "204"], tmp_path, QUICK, workers=2,
                               progress=lambda done, total, code, error: seen.append((done, total)))
    assert [code for code, _ in result.failures] == ["nope"]
    assert "nope" in result.failures[0][1]
    pdfs = sorted(p.name for p in tmp_path.glob("*.pdf"))
    assert pdfs == ["204-hackney-briefing.pdf", "886-kent-briefing.pdf"]
    assert sorted(seen)[-1] == (3, 3)


@pytest.fixture
def hackney_fails(monkeypatch):
    """Rendering Hackney's briefing (204) raises; every other council renders as usual."""
    real = pdf.render_briefing

    def flaky(ds, code, options, *cancelled):
        if code == "204":
            raise RuntimeError("drawing failed")
        return real(ds, code, options, *cancelled)
    monkeypatch.setattr(pdf, "render_briefing", flaky)


def test_batch_in_process_reports_a_failing_council(dataset, tmp_path, hackney_fails):
    result = batch.export_many(dataset, ["886", "204"], tmp_path, QUICK, workers=1)
    assert result.failures == [("204", "RuntimeError: drawing failed")]
    assert [p.name for p in tmp_path.glob("*.pdf")] == ["886-kent-briefing.pdf"]


def test_cli_export_one_council_and_a_comparison(tmp_path, capsys):
    out = tmp_path / "kent.pdf"
    assert cli.main(["export", "kent", "--out", str(out), "--sections", "glance", "--org", "Org"]) == 0
    assert PdfReader(out).metadata.author == "Org"
    assert cli.main(["export", "kent", "hackney", "--out", str(tmp_path / "both.pdf"), "--no-csv",
                     "--sections", "glance"]) == 0
    text = " ".join(PdfReader(tmp_path / "both.pdf").pages[0].extract_text().split())
    assert "Kent" in text and "Hackney" in text
    assert not (tmp_path / "both-figures.csv").exists()


def test_cli_notes_file_is_printed_as_plain_text(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("Ask about <b>transport</b> & tribunals", encoding="utf-8")
    out = tmp_path / "kent.pdf"
    assert cli.main(["export", "886", "--out", str(out), "--notes", str(notes), "--sections", "glance"]) == 0
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(out).pages).split())
    assert "Ask about <b>transport</b> & tribunals" in text


def test_cli_usage_errors(tmp_path, capsys):
    assert cli.main(["export", "--out", str(tmp_path / "x.pdf")]) == 2
    assert cli.main(["export", "kent", "--sections", "glance,appendix"]) == 2
    assert cli.main(["export", "atlantis", "--out", str(tmp_path / "x.pdf")]) == 2
    assert cli.main(["export", "kent", "--out", str(tmp_path / "missing" / "x.pdf"), "--sections", "glance"]) == 3
    assert "does not exist" in capsys.readouterr().err


def test_cli_export_all_shows_progress_and_lists_failures(dataset, tmp_path, capsys, monkeypatch, hackney_fails):
    monkeypatch.setattr(type(dataset), "current_codes", property(lambda self: ["886", "204", "351"]))
    code = cli.main(["export", "--all", "--out", str(tmp_path / "all"), "--jobs", "2", "--sections", "glance"])
    captured = capsys.readouterr()
    assert code == 3
    assert "3/3" in captured.err and "204 Hackney: RuntimeError: drawing failed" in captured.err
    assert "2 of 3 briefings written" in captured.out
    assert len(list((tmp_path / "all").glob("*.pdf"))) == 2


def test_csv_lists_programme_amounts_as_recorded(dataset, tmp_path):
    export(dataset, ["314"], tmp_path / "kingston.pdf", QUICK)
    rows = list(csv.DictReader(io.StringIO((tmp_path / "kingston-figures.csv").read_text(encoding="utf-8-sig"))))
    payments = dataset.safety_valve_payments[dataset.safety_valve_payments["la_code"] == "314"]
    assert [float(r["value"]) for r in rows if r["item"] == "Payment"] == [float(v) for v in payments["amount_gbp"]]
    capital = next(r for r in rows if r["item"] == "Capital top-up")
    assert dataset.safety_valve.at["314", "capital_funding_gbp"] == "" and capital["value"] == ""
    assert capital["as_printed"] == "not stated in the sources read"
