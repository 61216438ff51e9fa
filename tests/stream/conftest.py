"""Shared fixtures for the stream tests: small slates made once per session, private nginx servers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from stream.nginx import NginxRtmp
from stream.segment import RoomFormat, Segment
from stream.slate import make_slate

FMT = RoomFormat(320, 180)
MARK_EVERY = 25  # one flash/beep per second of content
MARK_OFFSET = 4


@pytest.fixture(scope="session")
def fmt() -> RoomFormat:
    return FMT


@pytest.fixture(scope="session")
def marks() -> tuple[int, int]:
    """(every, offset): content frames that carry a flash and a beep."""
    return MARK_EVERY, MARK_OFFSET


@pytest.fixture(scope="session")
def slates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Idle loop (2 s) and content segments of awkward lengths, all with sync markers."""
    folder = tmp_path_factory.mktemp("slates")
    out = {"idle": make_slate(folder / "idle.ts", FMT, 50, pattern="smptebars", marker_every=MARK_EVERY,
                              marker_offset=MARK_OFFSET)}
    for name, frames in {"a": 23, "b": 37, "c": 61, "d": 8, "long": 150}.items():
        out[name] = make_slate(folder / f"{name}.ts", FMT, frames, marker_every=MARK_EVERY, marker_offset=MARK_OFFSET)
    out["wrong_size"] = make_slate(folder / "wrong.ts", RoomFormat(160, 90), 25)
    garbage = folder / "garbage.ts"
    garbage.write_bytes(b"\x47" + bytes(range(256)) * 40)
    out["garbage"] = garbage
    return out


@pytest.fixture
def seg(slates: dict[str, Path]) -> Callable[..., Segment]:
    def make(name: str, seg_id: str | None = None, **kw: object) -> Segment:
        return Segment(id=seg_id or name, path=slates[name], **kw)

    return make


@pytest.fixture
def nginx(tmp_path: Path) -> Iterator[Callable[..., NginxRtmp]]:
    """Factory for private nginx-rtmp servers; every one is stopped after the test."""
    servers: list[NginxRtmp] = []

    def start(name: str = "rtmp", **kw: object) -> NginxRtmp:
        server = NginxRtmp(tmp_path / name, **kw).start()  # type: ignore[arg-type]
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()
