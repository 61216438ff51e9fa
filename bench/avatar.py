"""Avatar benchmark: generate a talking clip and make it an avatar the way the product does, through the job system.

    python bench/avatar.py [--minutes 5] [--height 1080] [--device cpu] [--steps N] [--warp-steps N] [--syncnet PATH]
                           [--workdir DIR] [--clip FILE] [--lipsync-eval DIR]

The clip becomes the demo merchant's video and an avatar row with the demo's consent record; the avatar pipeline
(``avatar.create`` -> ``avatar.evaluate``, as ``POST /avatars`` submits it) then runs on the embedded worker that
``evercast demo`` starts, on embedded defaults: SQLite database and SQLite broker in ``<workdir>/data``. Device,
steps, warp steps and SyncNet reach the worker as ``EVERCAST_*`` settings, so the figures are the job system's.
Prints the job's progress and stage at most every 15 s, then as its LAST line:
    train_s=... open_corr=... shuffled_corr=... lmd_ratio=... mouth_psnr=... outside_psnr=... renderer=...
    floor_open_corr=... floor_lmd_ratio=... floor_mouth_psnr=... peak_mb=... model_fps=... warp_model_fps=... lipsync_fps=...
    [sync_dist=... sync_conf=... sync_offset=... real_sync_dist=... real_sync_conf=... real_sync_offset=...]  (--syncnet)
    [own_open_corr=... xvoice_open_corr=... tts_open_corr=... zh_open_corr=... shuffled_open_corr=...]  (--lipsync-eval)
``train_s`` is ingest + training wall time: the ``avatar.create`` step's row from start to finish (the whole
pipeline's wall time is printed before); the metrics are the avatar row's and the renderer the avatar directory's;
``peak_mb`` the largest resident set of this process or any descendant (the worker's pool process, its ffmpeg);
``floor_*`` are plain retrieval's figures beside the avatar's renderer; ``warp_model_fps`` is the mouth warp net alone
on batches of 128 inputs at the settings' grid. ``--lipsync-eval`` walks issue 16's honest evaluation after the bench
(``eval/lipsync/README.md``: its own second footage source, the merchant's CLI path, MediaPipe on the rendered
pixels): ``xvoice_open_corr`` another festival voice, ``tts_open_corr`` the product's cloned voice with its timings,
``zh_open_corr`` Mandarin with its timings, ``own``/``shuffled`` the held-out tail and its shuffled control.
"""

from __future__ import annotations

import argparse
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402
import torch  # noqa: E402
from sqlalchemy import select  # noqa: E402

from avatar import AvatarInfo, load_avatar  # noqa: E402
from footage import FootageSpec, generate_footage  # noqa: E402
from avatar.models.mouth_net import MouthNet, MouthNetConfig  # noqa: E402
from avatar.models.mouth_warp import IN_CHANNELS, MouthWarp, MouthWarpConfig  # noqa: E402
from core.models import Avatar, Job  # noqa: E402
from core.settings import Settings, get_settings  # noqa: E402
from studio.cli import embedded_worker  # noqa: E402
from workers import submit  # noqa: E402
from workers.commands import avatars  # noqa: E402
from workers.commands.demo import DEMO_CONSENT  # noqa: E402
from workers.commands.merchants import merchant_id  # noqa: E402
from workers.jobs import TERMINAL  # noqa: E402


def _peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024.0


def _fps(model: torch.nn.Module, x: torch.Tensor, frames: int, device: str, repeats: int = 3) -> float:
    """Frames of output per second of ``model`` on input ``x`` (``frames`` per call), after one warm-up call."""
    with torch.inference_mode():
        model.eval()(x)
        started = time.perf_counter()
        for _ in range(repeats):
            model(x)
        if device == "cuda":
            torch.cuda.synchronize()
    return repeats * frames / (time.perf_counter() - started)


def _model_fps(device: str, frames: int = 25 * 60) -> float:
    """Model-only speed of the audio -> mouth-shape net on one minute of audio features."""
    return _fps(MouthNet(MouthNetConfig()).to(device), torch.randn(1, frames * 4, 80, device=device), frames, device)


def _warp_model_fps(device: str, size: int, batch: int = 128) -> float:
    """Model-only speed of the mouth warp net: frames per second on batches of ``size``-px inputs."""
    x = torch.rand(batch, IN_CHANNELS, size, size, device=device)
    return _fps(MouthWarp(MouthWarpConfig(size=size)).to(device), x, batch, device, repeats=5)


def _printer(every_s: float = 15.0) -> Callable[[float, str], None]:
    """A progress hook that prints at most every ``every_s`` seconds and only what changed, so long runs leave a
    readable log."""
    last: list = [-math.inf, ""]

    def report(fraction: float, message: str) -> None:
        line = f"  {fraction:5.1%} {message}"
        if time.monotonic() - last[0] >= every_s and line != last[1]:
            last[:] = [time.monotonic(), line]
            print(line, flush=True)

    return report


def _configure(args: argparse.Namespace, data_dir: Path) -> Settings:
    """Embedded defaults in ``data_dir`` and this run's avatar settings, in the environment the worker inherits."""
    env = {"EVERCAST_DATA_DIR": str(data_dir), "EVERCAST_DATABASE_URL": "", "EVERCAST_BROKER_URL": "",
           "EVERCAST_RESULT_URL": "", "EVERCAST_DEVICE": args.device,
           # the worker imports this checkout, not whichever one is installed
           "PYTHONPATH": os.pathsep.join(filter(None, (str(REPO), os.environ.get("PYTHONPATH"))))}
    if args.steps is not None:
        env["EVERCAST_AVATAR__TRAIN_STEPS"] = str(args.steps)
    if args.warp_steps is not None:
        env["EVERCAST_AVATAR__WARP_STEPS"] = env["EVERCAST_AVATAR__WARP_STEPS_CUDA"] = str(args.warp_steps)
    if args.syncnet is not None:
        env["EVERCAST_AVATAR__SYNCNET_CHECKPOINT"] = str(args.syncnet.resolve())
    os.environ.update(env)
    return get_settings()


def _wait(rt: submit.Runtime, job_id: str, worker: subprocess.Popen[bytes]) -> submit.JobView:
    """Poll the pipeline until it ends, printing its progress and stage; a dead worker ends the wait."""
    report = _printer()
    while (view := submit.get(rt, job_id)).status not in TERMINAL:
        if worker.poll() is not None:
            raise SystemExit(f"the worker exited ({worker.returncode}); see {rt.settings.data_dir / 'worker.log'}")
        report(view.progress, view.stage)
        time.sleep(1.0)
    return view


def _step_seconds(rt: submit.Runtime, pipeline_id: str) -> dict[str, float]:
    """Each step's wall time by kind, from its job row's start (last attempt) to its finish."""
    with rt.session() as s:
        rows = s.execute(select(Job.kind, Job.started_at, Job.finished_at).where(Job.parent_id == pipeline_id))
        return {kind: (finished - started).total_seconds() for kind, started, finished in rows}


def _made(rt: submit.Runtime, avatar_id: str) -> tuple[dict[str, float], AvatarInfo]:
    """The avatar row's held-out metrics (NaN and inf are stored as text) and its directory's info (model, frames)."""
    with rt.session() as s:
        row = s.get(Avatar, avatar_id)
        metrics, model_path = {k: float(v) for k, v in row.metrics.items()}, row.model_path
    return metrics, load_avatar(model_path).info


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--height", type=int, default=1080)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--steps", type=int, default=None, help="mouth-shape net steps (default: the settings')")
    parser.add_argument("--warp-steps", type=int, default=None, help="mouth warp steps (default: the settings' for the device)")
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--clip", type=Path, default=None, help="reuse a clip generated by an earlier run")
    parser.add_argument("--syncnet", type=Path, default=None, help="Wav2Lip lipsync_expert.pth: adds LSE-D/LSE-C style scores")
    parser.add_argument("--lipsync-eval", type=Path, default=None,
                        help="workdir for eval/lipsync/score.py: adds the second footage source's per-drive open_corr")
    args = parser.parse_args()
    width = int(round(args.height * 16 / 9 / 2)) * 2

    with tempfile.TemporaryDirectory() as tmp:
        work = (args.workdir or Path(tmp)).resolve()
        work.mkdir(parents=True, exist_ok=True)
        settings = _configure(args, work / "data")
        started = time.monotonic()
        clip = args.clip
        if clip is None:
            clip = generate_footage(work / "talk.mp4", FootageSpec(duration_s=args.minutes * 60, width=width, height=args.height,
                                                                   seed=7, preset="ultrafast", crf=16), progress=_printer()).path
            print(f"footage: {width}x{args.height} in {time.monotonic() - started:.0f} s", flush=True)
        rt = submit.Runtime.create(settings)
        merchant = merchant_id(rt)
        avatar_id = avatars.register(rt, merchant, clip, "bench", DEMO_CONSENT)
        with embedded_worker(settings) as worker:
            started = time.monotonic()
            job_id = submit.submit_pipeline(rt, list(submit.avatar_steps(avatar_id)), merchant_id=merchant,
                                            name="avatar bench")
            view = _wait(rt, job_id, worker)
            wall_s = time.monotonic() - started
        if view.status != "succeeded":
            raise SystemExit(f"avatar pipeline {view.status}: {view.error}")
        seconds = _step_seconds(rt, job_id)
        metrics, info = _made(rt, avatar_id)
        rt.close()
        train_s = seconds["avatar.create"]
        print(f"avatar: {info.frames} frames, model {info.model}, {train_s:.0f} s", flush=True)
        print(f"evaluation: {seconds['avatar.evaluate']:.0f} s, {metrics}", flush=True)
        print(f"pipeline: {wall_s:.0f} s from submission to finish", flush=True)
        figures = {
            "train_s": round(train_s, 1), "open_corr": round(metrics["open_corr"], 3),
            "shuffled_corr": round(metrics["shuffled_corr"], 3), "lmd_ratio": round(metrics["lmd_ratio"], 3),
            "mouth_psnr": round(metrics["mouth_psnr"], 2), "outside_psnr": metrics["outside_psnr"],
            "renderer": info.model.get("renderer", "retrieval"), "floor_open_corr": round(metrics["floor_open_corr"], 3),
            "floor_lmd_ratio": round(metrics["floor_lmd_ratio"], 3), "floor_mouth_psnr": round(metrics["floor_mouth_psnr"], 2),
            "peak_mb": round(_peak_mb()), "model_fps": round(_model_fps(args.device)),
            "warp_model_fps": round(_warp_model_fps(args.device, settings.avatar.warp_size)),
            "lipsync_fps": round(metrics["infer_fps"], 1),
            **{k: round(v, 3) for k, v in metrics.items() if "sync_" in k},
        }
        if args.lipsync_eval:
            figures.update(_second_source(args.lipsync_eval))
        print(" ".join(f"{k}={v}" for k, v in figures.items()))


def _second_source(workdir: Path) -> dict[str, float]:
    """Issue 16's drives through rendered pixels on footage the product did not make: the last line of
    eval/lipsync/score.py (its own clip, avatar and renders in ``workdir``; a clip already there is reused)."""
    done = subprocess.run([sys.executable, str(REPO / "eval" / "lipsync" / "score.py"), "--workdir", str(workdir)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"eval/lipsync/score.py failed:\n{done.stdout}\n{done.stderr}")
    print(done.stdout, end="", flush=True)
    return {key: float(value) for key, _, value in (pair.partition("=") for pair in done.stdout.split("\n")[-2].split())}


if __name__ == "__main__":
    np.seterr(all="ignore")
    main()
