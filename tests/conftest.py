"""Fixtures shared by every test: no network, review files made by the real migrations."""

from __future__ import annotations

import os
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("INVESTIGATOR_REVIEWER", "Test reviewer")

from investigator.review import ReviewFile

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHARED = PROJECT_ROOT.parent / "shared"


class NetworkAttempt(AssertionError):
    pass


_INET = (socket.AF_INET, socket.AF_INET6)


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Fail any test whose code tries to reach the network; Investigator never does."""
    attempts: list[str] = []
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def guarded_connect(self: socket.socket, address: object) -> None:
        if self.family in _INET:
            attempts.append(repr(address))
            raise NetworkAttempt(f"network connection attempted to {address!r}")
        real_connect(self, address)  # type: ignore[arg-type]

    def guarded_connect_ex(self: socket.socket, address: object) -> int:
        if self.family in _INET:
            attempts.append(repr(address))
            raise NetworkAttempt(f"network connection attempted to {address!r}")
        return real_connect_ex(self, address)  # type: ignore[arg-type]

    def guarded_getaddrinfo(host: object, *args: object, **kwargs: object) -> list[object]:
        attempts.append(repr(host))
        raise NetworkAttempt(f"name lookup attempted for {host!r}")

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", guarded_connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", guarded_getaddrinfo)
    monkeypatch.setattr(socket, "create_connection", _refuse_create_connection(attempts))
    yield attempts
    assert not attempts, f"the test tried to use the network: {attempts}"


def _refuse_create_connection(attempts: list[str]) -> object:
    def refuse(address: object, *args: object, **kwargs: object) -> None:
        attempts.append(repr(address))
        raise NetworkAttempt(f"network connection attempted to {address!r}")

    return refuse


@pytest.fixture(autouse=True)
def private_data_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Keep the demo review and settings out of the real user's folders."""
    folder = tmp_path_factory.mktemp("userdata")
    monkeypatch.setenv("INVESTIGATOR_DATA_DIR", str(folder))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder / "config"))
    return folder


@pytest.fixture
def review(tmp_path: Path) -> Iterator[ReviewFile]:
    """A new, empty review with the default framework."""
    with ReviewFile.create(tmp_path / "test.review", "Test review") as opened:
        yield opened


@pytest.fixture(scope="session")
def demo_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from investigator.demo import write_demo_review

    return write_demo_review(tmp_path_factory.mktemp("demo") / "demo.review")


@pytest.fixture
def demo_path(demo_master: Path, tmp_path: Path) -> Path:
    """A private copy of the demo review (closed files have no WAL to lose)."""
    target = tmp_path / "demo.review"
    shutil.copyfile(demo_master, target)
    return target


@pytest.fixture
def demo_review(demo_path: Path) -> Iterator[ReviewFile]:
    with ReviewFile.open(demo_path) as opened:
        yield opened
