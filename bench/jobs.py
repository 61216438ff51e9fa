"""Job-system round trips: no-op `platform.ping` jobs through the embedded broker and through Redis.

Run: python bench/jobs.py [--burst 300] [--sequential 100]
Starts its own worker processes (and its own redis-server on a free loopback port) in a temp dir.
Last line: embedded_tasks_per_s=... redis_tasks_per_s=... redis_p99_ms=...
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from sqlalchemy import func, select  # noqa: E402

from core.models import Job  # noqa: E402
from core.settings import Settings  # noqa: E402
from workers import submit  # noqa: E402


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def redis_server(workdir: Path):
    exe = shutil.which("redis-server")
    if exe is None:
        raise SystemExit("redis-server is not installed (apt-get install redis-server)")
    port = free_port()
    proc = subprocess.Popen([exe, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                             "--dir", str(workdir)], stdout=subprocess.DEVNULL)
    for _ in range(200):
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.05)
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait()


@contextmanager
def worker(settings: Settings, concurrency: int):
    env = {k: v for k, v in os.environ.items() if not k.startswith("EVERCAST_")}
    env.update(EVERCAST_DATA_DIR=str(settings.data_dir), EVERCAST_BROKER_URL=settings.broker_url,
               PYTHONPATH=str(REPO))
    proc = subprocess.Popen([sys.executable, "-m", "studio.cli", "worker", "--queues", "io",
                             "--concurrency", str(concurrency)], env=env, cwd=REPO, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


def wait_all(rt: submit.Runtime, ids: list[str], timeout: float = 600) -> None:
    deadline = time.monotonic() + timeout
    query = select(func.count()).select_from(Job).where(Job.id.in_(ids), Job.status != "succeeded")
    while True:
        with rt.session() as s:
            pending = s.scalar(query)
        if not pending:
            return
        if time.monotonic() > deadline:
            raise SystemExit(f"{pending} jobs unfinished after {timeout}s")
        time.sleep(0.05)


def measure(settings: Settings, burst: int, sequential: int, concurrency: int) -> tuple[float, float]:
    rt = submit.Runtime.create(settings)
    with worker(settings, concurrency):
        wait_all(rt, [submit.submit(rt, "platform.ping")], timeout=60)  # warm-up: worker is consuming
        start = time.perf_counter()
        ids = [submit.submit(rt, "platform.ping") for _ in range(burst)]
        wait_all(rt, ids)
        per_s = burst / (time.perf_counter() - start)
        latencies = []
        for _ in range(sequential):
            t0 = time.perf_counter()
            job_id = submit.submit(rt, "platform.ping")
            while submit.get(rt, job_id).status != "succeeded":
                time.sleep(0.002)
            latencies.append((time.perf_counter() - t0) * 1000)
    rt.close()
    return per_s, float(np.percentile(latencies, 99))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--burst", type=int, default=300)
    parser.add_argument("--sequential", type=int, default=100)
    parser.add_argument("--concurrency", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        embedded = Settings(_env_file=None, data_dir=tmp_path / "embedded")
        embedded_per_s, embedded_p99 = measure(embedded, args.burst, args.sequential, args.concurrency)
        print(f"embedded: {embedded_per_s:.1f} tasks/s, p99 round trip {embedded_p99:.1f} ms", flush=True)
        (tmp_path / "redis").mkdir()
        with redis_server(tmp_path / "redis") as url:
            redis = Settings(_env_file=None, data_dir=tmp_path / "redis-data", broker_url=url)
            redis_per_s, redis_p99 = measure(redis, args.burst, args.sequential, args.concurrency)
        print(f"redis: {redis_per_s:.1f} tasks/s, p99 round trip {redis_p99:.1f} ms", flush=True)
    print(f"embedded_tasks_per_s={embedded_per_s:.1f} embedded_p99_ms={embedded_p99:.1f} "
          f"redis_tasks_per_s={redis_per_s:.1f} redis_p99_ms={redis_p99:.1f}")


if __name__ == "__main__":
    main()
