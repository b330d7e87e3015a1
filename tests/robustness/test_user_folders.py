"""User folders that cannot be made or written (a file in the way, no permission): a message saying which
folder and what to do; the command line stops cleanly and the app carries on with the bundled data."""

import pytest

from briefing.cli import main
from briefing.userdirs import UserDirError, ensure, layers_dir


@pytest.fixture(autouse=True)
def user_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFING_USER_DIR", str(tmp_path / "user"))
    (tmp_path / "user").mkdir()
    return tmp_path / "user"


@pytest.mark.parametrize("in_the_way, folder, expected", [
    ("logs", "logs", "a file has that name. Move or rename the file"),
    ("data", "data/imports", "a file has the name of a folder above it"),
])
def test_a_file_in_the_way_of_a_folder_is_named(user_dir, in_the_way, folder, expected):
    (user_dir / in_the_way).write_text("not a folder", encoding="utf-8")
    with pytest.raises(UserDirError) as caught:
        ensure(user_dir / folder)
    assert str(caught.value).startswith(f"Cannot create the folder {user_dir / folder}: ")
    assert expected in str(caught.value)


def test_importing_with_a_file_where_the_data_folder_should_be(user_dir, tmp_path, capsys):
    (user_dir / "data").write_text("not a folder", encoding="utf-8")
    path = tmp_path / "kent.csv"
    path.write_text("measure,variant,la_code,period,value,note\nehc_plans,,886,2026,21000,\n", encoding="utf-8")
    assert main(["data", "import", str(path), "--yes"]) == 1
    err = capsys.readouterr().err
    assert str(layers_dir()) in err and "is a file" in err and "Traceback" not in err
    assert main(["data", "remove", "20260101-000000-000000-00000000"]) == 1
