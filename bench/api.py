"""API load: concurrent authenticated reads and writes against a real server on loopback.

Run: python bench/api.py [--seconds 15] [--concurrency 16] [--write-share 0.1] [--api-workers 2]
                         [--rate-limit-url redis://...]
Starts `evercast serve --no-worker` in a temp data dir with one merchant whose knowledge base is the
sample one (36 SKUs) and who has 25 three-step pipelines, so that reads return real pages. Reads are
GET /auth/me, GET /jobs?limit=20 and GET /skus?limit=50; writes open an upload (a row and a part file).
The load comes from wrk (Debian package `wrk`, a C load generator) when it is installed, so that the
client does not eat the cores it measures; otherwise from an httpx client, which saturates first
(reported as such).

Concurrency 16 by default: 16 clients that send their next request the moment the last one answers
(no think time), on the same 2 cores as the server. At ~1,000 requests/s that is the load of thousands
of dashboard users or many busy API integrations; more connections cannot add throughput on 2 cores,
they only lengthen the queue (latency = connections / throughput), so 32 measures queueing, not the API.
Last line: rps=... p50_ms=... p99_ms=... errors=... (the line before it has the load average).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
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

from core.models import Job  # noqa: E402
from core.settings import Settings  # noqa: E402
from studio.services.accounts import create_merchant  # noqa: E402
from workers.commands.kb import import_file  # noqa: E402
from workers.submit import Runtime  # noqa: E402

SAMPLE_KB = REPO / "assets" / "kb" / "sample_kb.json"
PIPELINE = ("avatar.create", "voice.clone", "render.video")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def seed(rt: Runtime, merchant_id: str, pipelines: int = 25) -> None:
    """What a merchant a few days in has: a knowledge base and finished, running and queued pipelines."""
    import_file(rt, merchant_id, SAMPLE_KB, SAMPLE_KB.name)
    with rt.session() as s:
        for n in range(pipelines):
            done = n % len(PIPELINE) + 1 if n % 5 else len(PIPELINE)
            parent = Job(merchant_id=merchant_id, kind="pipeline", status="succeeded" if done == len(PIPELINE) else "running")
            s.add(parent)
            s.flush()
            for position, kind in enumerate(PIPELINE):
                finished = position < done
                s.add(Job(merchant_id=merchant_id, kind=kind, parent_id=parent.id, position=position,
                          status="succeeded" if finished else "running" if position == done else "queued",
                          progress=1.0 if finished else 0.0, stage="done" if finished else ""))


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


WRK_SCRIPT = """
local reads = {"/auth/me", "/jobs?limit=20", "/skus?limit=50"}
local n = 0
request = function()
  n = n + 1
  if (n * 7919 % 1000) / 1000 < WRITE_SHARE then
    local body = '{"filename": "v' .. n .. '.mp4", "size": 1000, "kind": "video"}'
    return wrk.format("POST", "/uploads", {["Content-Type"] = "application/json", ["Authorization"] = AUTH}, body)
  end
  return wrk.format("GET", reads[n % #reads + 1], {["Authorization"] = AUTH})
end
"""


def run_wrk(base: str, key: str, seconds: float, concurrency: int, write_share: float, workdir: Path) -> dict[str, float]:
    script = workdir / "mix.lua"
    script.write_text(f'WRITE_SHARE = {write_share}\nAUTH = "Bearer {key}"\n' + WRK_SCRIPT)
    out = subprocess.run(["wrk", "-t2", f"-c{concurrency}", f"-d{seconds:.0f}s", "--latency", "-s", str(script), base],
                         capture_output=True, text=True, check=True).stdout
    print(out, flush=True)

    def ms(label: str) -> float:
        value = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)", out, re.M)
        number, unit = float(value.group(1)), value.group(2)
        return number / 1000 if unit == "us" else number * 1000 if unit == "s" else number

    errors = sum(int(x) for x in re.findall(r"Non-2xx or 3xx responses: (\d+)", out))
    errors += sum(int(x) for x in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), "p50_ms": ms("50"),
            "p99_ms": ms("99"), "errors": errors}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=15.0, help="wrk run length.")
    parser.add_argument("--requests", type=int, default=4000, help="Requests (httpx fallback only).")
    parser.add_argument("--concurrency", type=int, default=16, help="Connections (see the docstring).")
    parser.add_argument("--write-share", type=float, default=0.1)
    parser.add_argument("--api-workers", type=int, default=2, help="API processes (one per core here).")
    parser.add_argument("--rate-limit-url", default="memory://",
                        help="redis://... to measure with the per-key budgets shared through Redis.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(_env_file=None, data_dir=Path(tmp))
        rt = Runtime.create(settings)
        with rt.session() as s:
            merchant, key = create_merchant(s, "bench", "Bench", "owner@bench.example.com", "bench password 1")
        seed(rt, merchant.id)
        rt.close()
        port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("EVERCAST_")}
        env.update(EVERCAST_DATA_DIR=tmp, EVERCAST_API__RATE_PER_S="100000", EVERCAST_API__RATE_BURST="100000",
                   EVERCAST_API__RATE_LIMIT_URL=args.rate_limit_url, PYTHONPATH=str(REPO))
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
            if shutil.which("wrk"):
                figures = run_wrk(base, key.key, args.seconds, args.concurrency, args.write_share, Path(tmp))
                source = "wrk"
            else:
                start = time.perf_counter()
                latencies, errors = asyncio.run(run_load(base, key.key, args.requests, args.concurrency,
                                                         args.write_share))
                lat = np.array(latencies)
                figures = {"rps": len(lat) / (time.perf_counter() - start), "p50_ms": float(np.percentile(lat, 50)),
                           "p99_ms": float(np.percentile(lat, 99)), "errors": errors}
                source = "httpx (client-bound: apt-get install wrk for the server's figures)"
        finally:
            server.terminate()
            server.wait(timeout=20)
    print(f"load from {source}, {args.concurrency} connections, {args.write_share:.0%} writes, "
          f"{args.api_workers} API processes, rate limits in {args.rate_limit_url.split('://')[0]}", flush=True)
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} (1, 5, 15 min) on {os.cpu_count()} cores",
          flush=True)
    print(f"rps={figures['rps']:.0f} p50_ms={figures['p50_ms']:.1f} p99_ms={figures['p99_ms']:.1f} "
          f"errors={figures['errors']}")


if __name__ == "__main__":
    main()
