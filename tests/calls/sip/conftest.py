"""Fixtures for the SIP dialer's tests: far ends on loopback addresses of their own, spoken test messages."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sip_farend import Callee, Sipp, speech_wav  # noqa: E402


@pytest.fixture(scope="session")
def messages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Two recipients' messages and an opt-out confirmation, spoken, 8 kHz mono 16-bit."""
    folder = tmp_path_factory.mktemp("messages")
    return {
        "alice": speech_wav("Happy birthday Alice. Your favourite yoghurt is twenty percent off this week.",
                            folder / "alice.wav"),
        "bob": speech_wav("Hello Bob, thank you for buying our milk. Press one to hear this again.",
                          folder / "bob.wav"),
        "confirm": speech_wav("You will not be called again. Goodbye.", folder / "confirm.wav"),
    }


@pytest.fixture
def sipp(tmp_path: Path) -> Iterator[Callable[..., Sipp]]:
    started: list[Sipp] = []

    def start(scenario: str, transport: str = "udp") -> Sipp:
        far = Sipp(scenario, tmp_path / f"sipp-{scenario}-{len(started)}", transport=transport)
        started.append(far)
        return far

    yield start
    for far in started:
        far.stop()


@pytest.fixture
def callee(tmp_path: Path) -> Iterator[Callable[..., Callee]]:
    started: list[Callee] = []

    def start(**options: object) -> Callee:
        far = Callee(tmp_path / f"callee-{len(started)}", **options)  # type: ignore[arg-type]
        started.append(far)
        return far

    yield start
    for far in started:
        far.stop()
