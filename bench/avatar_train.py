"""Avatar training per device: one ingested clip, the mouth-shape net and the mouth warp trained from scratch on each.

    python bench/avatar_train.py [--devices cpu,cuda] [--avatar DIR] [--seconds 60] [--width 1280 --height 720]
                                 [--steps 600] [--warp-steps-cpu 400] [--warp-steps-cuda 3000] [--warp-sizes 128,256]

Without ``--avatar`` it generates a talking clip (``footage``) and ingests it here with MediaPipe, which leaves an
avatar directory whose nets are then trained; ``--keep DIR`` keeps that ingested directory so another machine (a GPU
one without MediaPipe) can retrain it with ``--avatar DIR``. Each run copies the ingested directory, clears its model
and calls ``create_avatar`` on it, the product's own re-entrant path that resumes after the ingest, so the figures are
the product's training and its warp-against-retrieval validation. Prints per run, then as its LAST line:
    <device>_<size>_shape_steps_per_s=... <device>_<size>_warp_steps_per_s=... <device>_<size>_warp_gain_db=...
    <device>_<size>_renderer=... [cuda_warp_speedup=... (per step, at the first size)]
``warp_gain_db`` is the trained warp's mouth PSNR on the validation slice minus plain retrieval's (the avatar uses the
warp only above ``warp_min_gain_db``).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import torch  # noqa: E402

from avatar import create_avatar  # noqa: E402
from avatar.store import INFO, load_avatar, write_info  # noqa: E402
from core.settings import AvatarSettings  # noqa: E402


def ingest(workdir: Path, seconds: float, width: int, height: int) -> Path:
    """A generated talking clip, tracked and cut into an avatar directory (the nets trained for one step only)."""
    from footage import FootageSpec, generate_footage  # MediaPipe's ingest and the clip generator: not on a GPU box

    clip = generate_footage(workdir / "talk.mp4", FootageSpec(duration_s=seconds, width=width, height=height, seed=5,
                                                              preset="ultrafast"))
    out = workdir / "ingested"
    create_avatar(clip.path, out, name="bench", settings=AvatarSettings(train_steps=1, warp_steps=0))
    return out


def retrain(ingested: Path, workdir: Path, settings: AvatarSettings, device: str) -> dict:
    """Copy the ingested avatar, clear its model, and let ``create_avatar`` train both nets on ``device``."""
    run = workdir / f"run-{device}-{settings.warp_size}"
    shutil.rmtree(run, ignore_errors=True)
    shutil.copytree(ingested, run, ignore=shutil.ignore_patterns("model", "cache"))
    info = load_avatar(run).info
    write_info(run, info.model_copy(update={"model": {}}), INFO)  # an avatar whose nets were never trained
    started = time.monotonic()
    model = create_avatar(run, run, settings=settings, device=device).model
    figures = {"wall_s": time.monotonic() - started, "shape_s": model["train_s"],
               "shape_steps_per_s": model["steps"] / max(model["train_s"], 1e-9), "renderer": model["renderer"]}
    warp = model.get("warp")
    if warp:
        validation = warp["validation"]
        figures |= {"warp_s": warp["train_s"], "warp_steps_per_s": warp["steps"] / max(warp["train_s"], 1e-9),
                    "warp_gain_db": validation["warp_psnr"] - validation["floor_psnr"]}
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--devices", default="cpu,cuda" if torch.cuda.is_available() else "cpu")
    parser.add_argument("--avatar", type=Path, help="an ingested avatar directory (from --keep) instead of a new clip")
    parser.add_argument("--keep", type=Path, help="copy the ingested directory here")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=720)
    parser.add_argument("--steps", type=int, default=AvatarSettings().train_steps)
    parser.add_argument("--warp-steps-cpu", type=int, default=AvatarSettings().warp_steps)
    parser.add_argument("--warp-steps-cuda", type=int, default=AvatarSettings().warp_steps_cuda)
    parser.add_argument("--warp-sizes", default="128")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="avatar-train-") as tmp:
        workdir = Path(tmp)
        ingested = args.avatar
        if ingested is None:
            started = time.monotonic()
            ingested = ingest(workdir, args.seconds, args.width, args.height)
            print(f"ingest {time.monotonic() - started:.1f} s", flush=True)
            if args.keep:
                shutil.copytree(ingested, args.keep, ignore=shutil.ignore_patterns("model", "cache"), dirs_exist_ok=True)
        results: dict[str, object] = {}
        per_step: dict[str, float] = {}
        for size in [int(s) for s in args.warp_sizes.split(",")]:
            for device in args.devices.split(","):
                settings = AvatarSettings(train_steps=args.steps, warp_steps=args.warp_steps_cpu,
                                          warp_steps_cuda=args.warp_steps_cuda, warp_size=size)
                figures = retrain(ingested, workdir, settings, device)
                print(f"{device} {size}px: " + " ".join(f"{k}={_fmt(v)}" for k, v in figures.items()), flush=True)
                results |= {f"{device}_{size}_{k}": v for k, v in figures.items() if k != "wall_s"}
                if "warp_steps_per_s" in figures and size == int(args.warp_sizes.split(",")[0]):
                    per_step[device] = figures["warp_steps_per_s"]
        if {"cpu", "cuda"} <= per_step.keys():
            results["cuda_warp_speedup"] = per_step["cuda"] / per_step["cpu"]
        print(" ".join(f"{k}={_fmt(v)}" for k, v in results.items()))


def _fmt(value: object) -> str:
    return f"{value:.4g}" if isinstance(value, float) else str(value)


if __name__ == "__main__":
    main()
