"""Investigator never touches the network; the guard that proves it works."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from tests.conftest import NetworkAttempt


def test_the_guard_catches_a_connection(no_network: list[str]) -> None:
    with pytest.raises(NetworkAttempt):
        socket.create_connection(("127.0.0.1", 9))
    with pytest.raises(NetworkAttempt):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM).connect(("127.0.0.1", 9))
    no_network.clear()  # this test's attempts were deliberate


def test_no_module_names_a_network_library() -> None:
    source = Path(__file__).resolve().parent.parent / "investigator"
    banned = (
        "import socket",
        "import urllib.request",
        "import http.client",
        "import requests",
        "QNetworkAccessManager",
        "QTcpSocket",
        "QUdpSocket",
    )
    for path in source.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for name in banned:
            assert name not in text, f"{path} uses {name}"
