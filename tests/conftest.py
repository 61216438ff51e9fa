"""Fixtures shared by the platform tests: real Redis and PostgreSQL servers, settings, worker processes."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from core.settings import Settings

REPO = Path(__file__).resolve().parents[1]
TEST_TASKS_DIR = Path(__file__).resolve().parent / "workers"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listening on port {port} after {timeout}s")


class RedisServer:
    """A private redis-server on a free loopback port, in its own temp dir."""

    def __init__(self, workdir: Path) -> None:
        exe = shutil.which("redis-server")
        if exe is None:
            pytest.skip("redis-server is not installed (apt-get install redis-server)")
        self.port = free_port()
        self.workdir = workdir
        self.proc = subprocess.Popen(
            [exe, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(workdir)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for_port(self.port)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    yield server
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


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'evercast.db'}"
    return request.getfixturevalue("postgres_url")


# Fast timings so that retries, heartbeats and recovery happen within a test's patience.
FAST_WORKER = {"heartbeat_s": 0.2, "stale_after_s": 2, "recover_interval_s": 0.5, "retry_backoff_s": 0.2,
               "retry_backoff_max_s": 1, "visibility_timeout_s": 10, "imports": ["evercast_test_tasks"]}


class Stack:
    """Settings for one isolated Evercast installation, and the worker processes serving it."""

    def __init__(self, data_dir: Path, broker_url: str = "", database_url: str = "") -> None:
        self.settings = Settings(_env_file=None, data_dir=data_dir, broker_url=broker_url,
                                 database_url=database_url, worker=FAST_WORKER)
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("EVERCAST_")}
        self.env.update({
            "EVERCAST_DATA_DIR": str(self.settings.data_dir),
            "EVERCAST_DATABASE_URL": self.settings.database_url,
            "EVERCAST_BROKER_URL": self.settings.broker_url,
            "PYTHONPATH": os.pathsep.join([str(REPO), str(TEST_TASKS_DIR)]),
        })
        for key, value in FAST_WORKER.items():
            self.env[f"EVERCAST_WORKER__{key.upper()}"] = json.dumps(value) if isinstance(value, list) else str(value)
        self.workers: list[subprocess.Popen[bytes]] = []
        self.logs: list[Path] = []

    def start_worker(self, queues: str = "cpu,gpu,io", concurrency: int = 1) -> subprocess.Popen[bytes]:
        log = self.settings.data_dir / f"worker-{len(self.workers)}.log"
        proc = subprocess.Popen(
            [sys.executable, "-m", "studio.cli", "worker", "--queues", queues, "--concurrency", str(concurrency)],
            env=self.env, cwd=REPO, stdout=log.open("wb"), stderr=subprocess.STDOUT, start_new_session=True)
        self.workers.append(proc)
        self.logs.append(log)
        return proc

    @staticmethod
    def kill(proc: subprocess.Popen[bytes]) -> None:
        """SIGKILL the worker and its pool children, as a machine crash would."""
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=10)

    def stop_all(self) -> None:
        for proc in self.workers:
            if proc.poll() is None:
                self.kill(proc)

    def worker_output(self) -> str:
        return "\n".join(log.read_text(errors="replace")[-3000:] for log in self.logs if log.exists())


@pytest.fixture
def make_stack(tmp_path: Path) -> Iterator[Callable[..., Stack]]:
    stacks: list[Stack] = []

    def make(broker_url: str = "", database_url: str = "") -> Stack:
        stack = Stack(tmp_path / f"data{len(stacks)}", broker_url, database_url)
        stack.settings.ensure_dirs()
        stacks.append(stack)
        return stack

    yield make
    for stack in stacks:
        stack.stop_all()
