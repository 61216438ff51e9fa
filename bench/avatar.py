"""Avatar benchmark: generate a talking clip, create the avatar, score lip-sync on its held-out tail.

    python bench/avatar.py [--minutes 5] [--height 1080] [--device cpu] [--steps N]

Prints progress, then as its LAST line:
    train_s=... open_corr=... shuffled_corr=... lmd_ratio=... mouth_psnr=... outside_psnr=... peak_mb=...
``train_s`` is ingest + training wall time; ``peak_mb`` the largest resident set of this process
or any child (ffmpeg).
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402
import torch  # noqa: E402

from avatar import create_avatar, evaluate_avatar  # noqa: E402
from avatar.footage import FootageSpec, generate_footage  # noqa: E402
from avatar.models.mouth_net import MouthNet, MouthNetConfig  # noqa: E402
from core.settings import AvatarSettings  # noqa: E402


def _peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024.0


def _model_fps(device: str, frames: int = 25 * 60) -> float:
    """Model-only speed of the audio -> mouth-shape net on one minute of audio features."""
    model = MouthNet(MouthNetConfig()).to(device).eval()
    mel = torch.randn(1, frames * 4, 80, device=device)
    with torch.no_grad():
        model(mel)
        started = time.perf_counter()
        for _ in range(3):
            model(mel)
        if device == "cuda":
            torch.cuda.synchronize()
    return 3 * frames / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--height", type=int, default=1080)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--steps", type=int, default=AvatarSettings().train_steps)
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args()
    width = int(round(args.height * 16 / 9 / 2)) * 2
    last = [0.0]

    def report(fraction: float, message: str) -> None:
        if time.monotonic() - last[0] > 15:
            last[0] = time.monotonic()
            print(f"  {fraction:5.1%} {message}", flush=True)

    with tempfile.TemporaryDirectory() as tmp:
        work = args.workdir or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        started = time.monotonic()
        clip = generate_footage(work / "talk.mp4", FootageSpec(duration_s=args.minutes * 60, width=width, height=args.height,
                                                               seed=7, preset="ultrafast", crf=16), progress=report)
        print(f"footage: {clip.frames} frames {width}x{args.height} in {time.monotonic() - started:.0f} s", flush=True)
        started = time.monotonic()
        info = create_avatar(clip.path, work / "avatar", name="bench", settings=AvatarSettings(train_steps=args.steps),
                             device=args.device, progress=report)
        train_s = time.monotonic() - started
        print(f"avatar: {info.frames} frames, model {info.model}, {train_s:.0f} s", flush=True)
        started = time.monotonic()
        metrics = evaluate_avatar(work / "avatar", device=args.device, progress=report)
        print(f"evaluation: {time.monotonic() - started:.0f} s, {metrics}", flush=True)
        figures = {
            "train_s": round(train_s, 1), "open_corr": round(metrics["open_corr"], 3),
            "shuffled_corr": round(metrics["shuffled_corr"], 3), "lmd_ratio": round(metrics["lmd_ratio"], 3),
            "mouth_psnr": round(metrics["mouth_psnr"], 2), "outside_psnr": metrics["outside_psnr"],
            "peak_mb": round(_peak_mb()), "model_fps": round(_model_fps(args.device)),
            "lipsync_fps": round(metrics["infer_fps"], 1),
        }
        print(" ".join(f"{k}={v}" for k, v in figures.items()))


if __name__ == "__main__":
    np.seterr(all="ignore")
    main()
