"""The app never opens a network connection: the CLI, an import, an export and the window work with sockets
blocked, and nothing even tries to connect."""

import socket
from pathlib import Path

import pytest

from briefing.cli import main

FIXTURES = Path(__file__).parents[1] / "fixtures" / "imports"


@pytest.fixture
def no_network(monkeypatch, tmp_path):
    monkeypatch.setenv("BRIEFING_USER_DIR", str(tmp_path / "user"))
    attempts: list[str] = []

    def refuse(name):
        def blocked(*args, **kwargs):
            attempts.append(name)
            raise OSError(f"network blocked by the test ({name})")
        return blocked

    monkeypatch.setattr(socket.socket, "connect", refuse("connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("connect_ex"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    return attempts


def test_cli_and_import_work_offline(no_network, capsys):
    assert main(["show", "kent"]) == 0
    assert main(["data", "import", str(FIXTURES / "dsg_allocations_2023-24.ods"), "--yes"]) == 0
    assert main(["show", "gateshead", "--json"]) == 0
    assert "+ 1 import" in capsys.readouterr().out
    assert no_network == []


def test_export_works_offline(no_network, dataset, tmp_path):
    pdf = pytest.importorskip("briefing.report.pdf")
    data, briefing = pdf.render_briefing(dataset, "886", pdf.ExportOptions(invariant=True))
    assert data.startswith(b"%PDF") and briefing.council.name == "Kent"
    assert no_network == []


def test_window_works_offline(no_network, qtbot, dataset, tmp_path):
    main_window = pytest.importorskip("briefing.ui.main_window")
    from briefing.ui.app import application

    application()
    window = main_window.MainWindow(dataset, None)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.workspace.select_council("390")
    qtbot.wait(50)
    assert "Gateshead" in window.windowTitle() and no_network == []
