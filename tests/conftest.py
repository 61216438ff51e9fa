"""Fixtures shared by the platform tests: real Redis and PostgreSQL servers, settings, worker processes."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from evercast_testkit import RedisServer, Stack, generate_clip


@pytest.fixture(scope="session")
def trained_avatar(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One avatar trained from generated footage, shared by the render and live-room tests.

    Trained once per run because training is the suite's costliest setup. Those tests exercise rendering and
    rooms, not the mouth warp (which its own validation refuses on generated footage), so it is left out;
    tests/avatar trains its own with the warp.
    """
    from avatar import create_avatar
    from core.settings import AvatarSettings

    clip = generate_clip(tmp_path_factory.mktemp("clip") / "talk.mp4", duration_s=32.0, width=640, height=360,
                         seed=5, preset="ultrafast")
    out = tmp_path_factory.mktemp("avatar") / "mei"
    create_avatar(clip, out, name="mei", settings=AvatarSettings(train_steps=80, batch_size=8, warp_steps=0))
    return out


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    yield server
    server.stop()


@pytest.fixture
def private_redis(tmp_path: Path) -> Iterator[RedisServer]:
    """A Redis of this test's own, which it may stop and restart."""
    server = RedisServer(tmp_path / "redis")
    yield server
    if server.proc.poll() is None:
        server.stop()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh database on the server named by EVERCAST_TEST_POSTGRES_URL, dropped afterwards."""
    base = os.environ.get("EVERCAST_TEST_POSTGRES_URL")
    if not base:
        pytest.skip("EVERCAST_TEST_POSTGRES_URL is not set")
    import sqlalchemy as sa

    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    name = f"evercast_test_{uuid.uuid4().hex[:10]}"
    try:
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError as exc:
        pytest.skip(f"PostgreSQL at EVERCAST_TEST_POSTGRES_URL is not reachable: {exc}")
    yield admin.url.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def database(postgres_url: str) -> Iterator[str]:
    """A PostgreSQL database of this test's own (a fleet's hosts and rooms of one test must not meet another's)."""
    import sqlalchemy as sa

    admin = sa.create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    name = f"evercast_fleet_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    yield admin.url.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'evercast.db'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def make_stack(tmp_path: Path) -> Iterator[Callable[..., Stack]]:
    stacks: list[Stack] = []

    def make(broker_url: str = "", database_url: str = "", extra_env: dict[str, str] | None = None,
             **worker: object) -> Stack:
        stack = Stack(tmp_path / f"data{len(stacks)}", broker_url, database_url, extra_env, **worker)
        stack.settings.ensure_dirs()
        stacks.append(stack)
        return stack

    yield make
    for stack in stacks:
        stack.stop_all()


@pytest.fixture
def one_thread():
    """Training runs on one CPU thread: on a small shared machine torch's second thread only waits (10x slower)."""
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)
