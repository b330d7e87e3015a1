"""The bad-input catalogue: every way a user's file or folder can be wrong gets a clear message, never a crash."""

import errno
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.cli import main
from briefing.data.dataset import bundled_data_dir
from briefing.data.imports import DataImportError, apply_import, compare, read_import
from briefing.data.layers import OBSERVATIONS_FILE, list_layers
from briefing.data.loader import load_dataset, load_with_imports
from briefing.userdirs import UserDirError, config_dir, data_dir, ensure, layers_dir, log_dir

FIXTURES = Path(__file__).parents[1] / "fixtures" / "imports"
TIDY_HEADER = "measure,variant,la_code,period,value,note\n"


@pytest.fixture(autouse=True)
def user_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFING_USER_DIR", str(tmp_path / "user"))
    return tmp_path / "user"


def refusal(path: Path, dataset, **options) -> str:
    with pytest.raises(DataImportError) as caught:
        read_import(path, dataset, **options)
    return str(caught.value)


def test_empty_and_blank_files(dataset, tmp_path):
    (tmp_path / "empty.csv").write_bytes(b"")
    (tmp_path / "blank.csv").write_bytes(b"\r\n  \n,,,\n")
    assert "empty.csv is empty" in refusal(tmp_path / "empty.csv", dataset)
    assert "blank.csv has no rows" in refusal(tmp_path / "blank.csv", dataset)


def test_header_only_file(dataset, tmp_path):
    (tmp_path / "header.csv").write_text(TIDY_HEADER, encoding="utf-8")
    assert "no council or England figures" in refusal(tmp_path / "header.csv", dataset)


def test_binary_file(dataset, tmp_path):
    (tmp_path / "x.csv").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert "not a text CSV file (it contains binary data)" in refusal(tmp_path / "x.csv", dataset)


def test_windows_1252_pound_sign_is_read_and_said(dataset, tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes((TIDY_HEADER + "ehc_plans,,886,2026,21000,£5m cut noted\n").encode("cp1252"))
    parsed = read_import(path, dataset)
    assert parsed.rows[0]["note"] == "£5m cut noted"
    assert "read as Windows-1252" in parsed.notices[0]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_byte_order_marks(dataset, tmp_path, encoding):
    path = tmp_path / "bom.csv"
    path.write_bytes((TIDY_HEADER + "ehc_plans,,886,2026,21000,£ note\n").encode(encoding))
    [row] = read_import(path, dataset).rows
    assert row["area"] == "886" and row["note"] == "£ note"


def test_undecodable_bytes(dataset, tmp_path):
    path = tmp_path / "junk.csv"
    path.write_bytes(TIDY_HEADER.encode() + b"ehc_plans,,886,2026,1,\x81\x8d\x8f\x90\x9d\n")
    assert "not readable text" in refusal(path, dataset)


def test_very_large_file_is_refused_before_reading(dataset, tmp_path):
    path = tmp_path / "huge.csv"
    path.write_text(TIDY_HEADER + "ehc_plans,,886,2026,21000,\n" * 200, encoding="utf-8")
    message = refusal(path, dataset, max_bytes=1_000)
    assert "huge.csv is too large to import" in message and "limit is" in message


def test_a_giant_field_is_a_csv_error_not_a_crash(dataset, tmp_path):
    path = tmp_path / "field.csv"
    path.write_text(TIDY_HEADER + 'ehc_plans,,886,2026,1,"' + "a" * 200_000 + '"\n', encoding="utf-8")
    assert "not a valid CSV file" in refusal(path, dataset)


def test_wrong_columns(dataset, tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("school,pupils\nA,1\n", encoding="utf-8")
    message = refusal(path, dataset)
    assert "columns not recognised (school, pupils)" in message and "measure, variant, la_code" in message
    path.write_text(TIDY_HEADER.strip() + ",extra\nehc_plans,,886,2026,1,,x\n", encoding="utf-8")
    assert "columns not recognised" in refusal(path, dataset)


def test_unknown_council_codes_in_an_ees_file(dataset, tmp_path):
    lines = (FIXTURES / "caseload.csv").read_text("utf-8-sig").splitlines()
    bad = [line.replace(",390,Gateshead,", ",399,Nowhere,").replace("E08000037", "E08999999") for line in lines]
    path = tmp_path / "caseload.csv"
    path.write_text("\n".join(bad) + "\n", encoding="utf-8")
    message = refusal(path, dataset)
    assert "refused: 7 invalid rows" in message and "unknown council code '399' / 'E08999999'" in message


def test_ons_codes_are_accepted(dataset, tmp_path):
    path = tmp_path / "ons.csv"
    path.write_text(TIDY_HEADER + "ehc_plans,,e10000016,2026,1,\nehc_plans,,ENGLAND,2026,2,\n"
                    "ehc_plans,,E92000001,2027,3,\n", encoding="utf-8")
    assert [r["area"] for r in read_import(path, dataset).rows] == ["886", "england", "england"]


@pytest.mark.parametrize("value", ["=1+2", "=HYPERLINK(\"http://x\",\"y\")", "+44", "@SUM(A1)", "-2+3"])
def test_formula_injection_in_a_value_is_refused(dataset, tmp_path, value):
    path = tmp_path / "formula.csv"
    path.write_text(TIDY_HEADER + f'ehc_plans,,886,2026,"{value.replace(chr(34), chr(34) * 2)}",\n', encoding="utf-8")
    assert "is not a number" in refusal(path, dataset)


@pytest.mark.parametrize("note", ["=cmd|' /C calc'!A0", "+SUM(1)", "@x", "-1+1"])
def test_formula_injection_in_a_note_is_refused(dataset, tmp_path, note):
    path = tmp_path / "formula.csv"
    path.write_text(TIDY_HEADER + f'ehc_plans,,886,2026,1,"{note}"\n', encoding="utf-8")
    assert "starts like a spreadsheet formula" in refusal(path, dataset)


@pytest.mark.parametrize("note", ["<img src='http://example.org/x.png'>", "see <font color=red>this</font>",
                                  "</para>", "<!-- x -->"])
def test_markup_in_a_note_is_refused(dataset, tmp_path, note):
    path = tmp_path / "markup.csv"
    path.write_text(TIDY_HEADER + f'ehc_plans,,886,2026,1,"{note}"\n', encoding="utf-8")
    assert "contains markup" in refusal(path, dataset)


def test_plain_comparisons_and_ampersands_in_notes_are_kept(dataset, tmp_path):
    path = tmp_path / "ok.csv"
    path.write_text(TIDY_HEADER + 'ehc_plans,,886,2026,1,"fewer than 5 (<5) & revised > 2024"\n', encoding="utf-8")
    assert read_import(path, dataset).rows[0]["note"] == "fewer than 5 (<5) & revised > 2024"


@pytest.mark.parametrize("name, content", [("broken.ods", b"PK\x03\x04 not really a zip"),
                                           ("text.ods", b"measure,value\n"),
                                           ("sheet.xlsx", b"")])
def test_broken_spreadsheets(dataset, tmp_path, name, content):
    (tmp_path / name).write_bytes(content)
    message = refusal(tmp_path / name, dataset)
    assert name in message


def test_missing_file_and_folder(dataset, tmp_path):
    assert "Cannot read" in refusal(tmp_path / "nope.csv", dataset)
    assert "is not a file" in refusal(tmp_path, dataset)


def test_path_with_spaces_and_non_ascii_characters(dataset, tmp_path, monkeypatch):
    folder = tmp_path / "Données été 2025" / "EHC plans – Kent"
    folder.mkdir(parents=True)
    path = Path(shutil.copyfile(FIXTURES / "caseload.csv", folder / "caseload (copie) ü.csv"))
    user = tmp_path / "Üser dir with spaces"
    monkeypatch.setenv("BRIEFING_USER_DIR", str(user))
    tidy = folder / "Kent – 2026 £.csv"
    tidy.write_text(TIDY_HEADER + "ehc_plans,,886,2026,21000,\n", encoding="utf-8")
    assert read_import(path, dataset).rows
    assert main(["data", "import", str(tidy), "--yes"]) == 0
    [info] = list_layers(layers_dir())
    assert info.file_name == "Kent – 2026 £.csv" and str(info.folder).startswith(str(user))


def test_unwritable_or_missing_output_folder(dataset, tmp_path):
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder", encoding="utf-8")
    path = tmp_path / "kent.csv"
    path.write_text(TIDY_HEADER + "ehc_plans,,886,2026,21000,\n", encoding="utf-8")
    parsed = read_import(path, dataset)
    with pytest.raises(DataImportError, match="Could not save the import in .*Nothing was changed"):
        apply_import(parsed, compare(parsed, dataset), blocker / "imports")
    with pytest.raises(UserDirError, match="Cannot create the folder"):
        ensure(blocker / "logs")


def test_disk_full_while_saving_leaves_nothing_behind(dataset, tmp_path, monkeypatch):
    path = tmp_path / "kent.csv"
    path.write_text(TIDY_HEADER + "ehc_plans,,886,2026,21000,\n", encoding="utf-8")
    parsed = read_import(path, dataset)
    changes = compare(parsed, dataset)

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as patch, pytest.raises(DataImportError, match="No space left on device"):
        patch.setattr(pd.DataFrame, "to_csv", full)
        apply_import(parsed, changes, layers_dir())
    assert [p.name for p in layers_dir().iterdir()] == [".lock"]   # the lock stays; no half layer
    assert load_dataset(layers_dir()).version == dataset.version


def test_a_corrupt_import_layer_is_named_and_can_still_be_removed(dataset, tmp_path, capsys):
    path = tmp_path / "kent.csv"
    path.write_text(TIDY_HEADER + "ehc_plans,,886,2026,21000,\n", encoding="utf-8")
    assert main(["data", "import", str(path), "--yes"]) == 0
    [info] = list_layers(layers_dir())
    with (info.folder / OBSERVATIONS_FILE).open("a", encoding="utf-8") as stream:
        stream.write("ehc_plans,,886,2027,1,published,x,\n")
    capsys.readouterr()
    assert main(["show", "kent"]) == 1
    err = capsys.readouterr().err
    assert "Imported data corrupt" in err and OBSERVATIONS_FILE in err and f"data remove {info.layer_id}" in err
    assert main(["data", "remove", info.layer_id]) == 0
    assert main(["show", "kent"]) == 0


@pytest.mark.parametrize("damage", ["corrupt", "missing"])
def test_bundled_data_damage_is_a_message_not_a_traceback(tmp_path, damage):
    copy = Path(shutil.copytree(bundled_data_dir(), tmp_path / "data", ignore=shutil.ignore_patterns("raw")))
    if damage == "corrupt":
        with (copy / "observations.csv").open("ab") as stream:
            stream.write(b"ehc_plans,,886,2031,1,published,x,\n")
    else:
        (copy / "observations.csv").unlink()
    env = {**os.environ, "BRIEFING_DATA_DIR": str(copy), "BRIEFING_USER_DIR": str(tmp_path / "u")}
    result = subprocess.run([sys.executable, "-m", "briefing", "show", "kent"], capture_output=True, text=True,
                            env=env, timeout=120)
    assert result.returncode == 1
    assert "observations.csv" in result.stderr and "Traceback" not in result.stderr
    assert ("corrupt" if damage == "corrupt" else "missing") in result.stderr


def test_user_folders_per_platform():
    home = {"HOME": "/home/ann"}
    assert data_dir("linux", home) == Path("/home/ann/.local/share/high-needs-briefing")
    assert data_dir("linux", {**home, "XDG_DATA_HOME": "/x"}) == Path("/x/high-needs-briefing")
    assert log_dir("linux", {**home, "XDG_STATE_HOME": "/s"}) == Path("/s/high-needs-briefing/logs")
    assert config_dir("linux", home) == Path("/home/ann/.config/high-needs-briefing")
    windows = {"APPDATA": r"C:\Users\ann\AppData\Roaming", "LOCALAPPDATA": r"C:\Users\ann\AppData\Local"}
    assert data_dir("win32", windows) == Path(r"C:\Users\ann\AppData\Roaming") / "High Needs Briefing"
    assert log_dir("win32", windows) == Path(r"C:\Users\ann\AppData\Local") / "High Needs Briefing" / "Logs"
    assert data_dir("darwin", {"HOME": "/Users/ann"}) == Path(
        "/Users/ann/Library/Application Support/High Needs Briefing")
    assert log_dir("darwin", {"HOME": "/Users/ann"}) == Path("/Users/ann/Library/Logs/High Needs Briefing")
    override = {"BRIEFING_USER_DIR": "/t", **windows}
    assert (data_dir("win32", override), log_dir("win32", override)) == (Path("/t/data"), Path("/t/logs"))


# --- fuzzing: the importer raises nothing but DataImportError -------------------------------------------------

CELLS = st.one_of(st.sampled_from(["", "x", "c", "..", "low", "886", "E10000016", "england", "999", "2025", "2023-24",
                                   "2099", "-1", "1,234", "12.5", "1e9", "nan", "inf", "=1+2", "<b>", "ehc_plans",
                                   "high_needs_block_gbp", "before_deductions", "\x00", "\ufeff", '"', "\r\n"]),
                  st.text(max_size=12))
HEADERS = [TIDY_HEADER.strip().split(","),
           (FIXTURES / "requests.csv").read_text("utf-8").splitlines()[0].split(","),
           ["time_period", "geographic_level", "old_la_code", "new_la_code", "ehcplans"]]
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def import_or_refuse(dataset, name: str, content: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        try:
            parsed = read_import(path, dataset)
        except DataImportError as error:
            assert str(error)
            return
        compare(parsed, dataset)


@FUZZ
@given(content=st.binary(max_size=600), name=st.sampled_from(["f.csv", "f.ods", "f.xlsx", "f.txt"]))
def test_fuzz_arbitrary_bytes(dataset, content, name):
    import_or_refuse(dataset, name, content)


@FUZZ
@given(header=st.sampled_from(HEADERS), rows=st.lists(st.lists(CELLS, max_size=30), max_size=8),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]))
def test_fuzz_structured_rows(dataset, header, rows, encoding):
    import csv
    import io

    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(header)
    writer.writerows(rows)
    import_or_refuse(dataset, "rows.csv", text.getvalue().encode(encoding, errors="replace"))


def test_the_app_still_starts_on_the_bundle_when_an_import_is_unreadable(dataset, tmp_path):
    path = tmp_path / "kent.csv"
    path.write_text(TIDY_HEADER + "ehc_plans,,886,2026,21000,\n", encoding="utf-8")
    assert main(["data", "import", str(path), "--yes"]) == 0
    assert load_with_imports(layers_dir())[0].version.endswith("+ 1 import")
    [info] = list_layers(layers_dir())
    (info.folder / "layer.json").write_text("{", encoding="utf-8")
    merged, problem = load_with_imports(layers_dir())
    assert merged.version == dataset.version and "Imported data unreadable" in problem and info.layer_id in problem


def test_a_spreadsheet_reader_missing_from_the_installation(dataset, monkeypatch):
    def missing(*args, **kwargs):
        raise ImportError("Missing optional dependency 'odfpy'")

    monkeypatch.setattr(pd, "read_excel", missing)
    message = refusal(FIXTURES / "dsg_allocations_2023-24.ods", dataset)
    assert "cannot read .ods spreadsheets" in message and "tidy CSV" in message
