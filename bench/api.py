"""API load: concurrent authenticated reads and writes against a real server on loopback.

Run: python bench/api.py [--requests 4000] [--concurrency 32] [--write-share 0.1] [--api-workers 2]
Starts `evercast serve --no-worker` in a temp data dir with one merchant. Reads are GET /auth/me,
GET /jobs and GET /skus; writes open an upload (a row and a part file).
Last line: rps=... p50_ms=... p99_ms=... errors=...
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from core.settings import Settings  # noqa: E402
from studio.services.accounts import create_merchant  # noqa: E402
from workers.submit import Runtime  # noqa: E402


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def run_load(base: str, key: str, total: int, concurrency: int, write_share: float) -> tuple[list[float], int]:
    latencies: list[float] = []
    errors = 0
    reads = ["/auth/me", "/jobs?limit=20", "/skus?limit=50"]
    counter = iter(range(total))
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, headers={"Authorization": f"Bearer {key}"}, limits=limits,
                                 timeout=30) as client:

        async def worker() -> None:
            nonlocal errors
            for i in counter:
                t0 = time.perf_counter()
                if (i * 7919 % 1000) / 1000 < write_share:
                    r = await client.post("/uploads", json={"filename": f"v{i}.mp4", "size": 1000, "kind": "video"})
                else:
                    r = await client.get(reads[i % len(reads)])
                latencies.append((time.perf_counter() - t0) * 1000)
                errors += r.status_code >= 400

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return latencies, errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--write-share", type=float, default=0.1)
    parser.add_argument("--api-workers", type=int, default=2, help="API processes (one per core here).")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(_env_file=None, data_dir=Path(tmp))
        rt = Runtime.create(settings)
        with rt.session() as s:
            _, key = create_merchant(s, "bench", "Bench", "owner@bench.example.com", "bench password 1")
        rt.close()
        port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("EVERCAST_")}
        env.update(EVERCAST_DATA_DIR=tmp, EVERCAST_API__RATE_PER_S="100000", EVERCAST_API__RATE_BURST="100000",
                   PYTHONPATH=str(REPO))
        server = subprocess.Popen([sys.executable, "-m", "studio.cli", "serve", "--no-worker", "--port", str(port),
                                   "--workers", str(args.api_workers)],
                                  env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(200):
                try:
                    if httpx.get(f"{base}/healthz").status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.1)
            asyncio.run(run_load(base, key.key, 200, args.concurrency, args.write_share))  # warm-up
            start = time.perf_counter()
            latencies, errors = asyncio.run(run_load(base, key.key, args.requests, args.concurrency, args.write_share))
            elapsed = time.perf_counter() - start
        finally:
            server.terminate()
            server.wait(timeout=20)
    lat = np.array(latencies)
    print(f"{len(lat)} requests in {elapsed:.1f}s with {args.concurrency} concurrent clients, "
          f"{args.write_share:.0%} writes", flush=True)
    print(f"rps={len(lat) / elapsed:.0f} p50_ms={np.percentile(lat, 50):.1f} p99_ms={np.percentile(lat, 99):.1f} "
          f"errors={errors}")


if __name__ == "__main__":
    main()
