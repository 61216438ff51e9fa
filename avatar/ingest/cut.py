"""Ingest pass 2: cut the avatar's footage at native resolution from the tracked upload.

Nothing in training reads these files, so this pass can run while the model trains. Each file is
encoded under a ``.partial.mp4`` name and renamed only once all of them are complete: a crash
never leaves a truncated ``crops.mp4`` that looks finished, and :func:`footage_written` is the test
a resumed job uses to skip the pass.
"""

from __future__ import annotations

import os
from pathlib import Path

from avatar.ingest.align import Alignment
from core.media import VideoWriter, read_frames
from core.progress import Progress, no_progress

FPS = 25
FOOTAGE = ("crops.mp4", "holdout.mp4", "idle.mp4")


def footage_written(out_dir: str | Path) -> bool:
    """True when every footage file of a finished pass 2 is in ``out_dir``."""
    return all((Path(out_dir) / name).is_file() for name in FOOTAGE)


def _partial(path: Path) -> Path:
    return path.with_name(f"{path.stem}.partial{path.suffix}")


def cut_footage(
    video: str | Path, out_dir: str | Path, alignment: Alignment, *, size: tuple[int, int], frames: int,
    holdout_start: int, idle: tuple[int, int], progress: Progress | None = None,
) -> None:
    """Write ``crops.mp4`` (aligned lower-face crop of every frame), ``holdout.mp4`` and ``idle.mp4``
    (source frames, ``size`` = (width, height), of the evaluation tail and the idle loop) at 25 fps.

    ``progress`` may raise to stop the pass; the partial files are then removed.
    """
    video, out_dir = Path(video), Path(out_dir)
    progress = progress or no_progress
    width, height = alignment.crop_size
    final = [out_dir / name for name in FOOTAGE]
    crops_tmp, holdout_tmp, idle_tmp = (_partial(path) for path in final)
    with (
        VideoWriter(crops_tmp, width, height, FPS, preset="veryfast", crf=12) as crops,
        VideoWriter(holdout_tmp, *size, FPS, preset="veryfast", crf=12) as holdout,
        VideoWriter(idle_tmp, *size, FPS, preset="veryfast", crf=12) as idle_out,
    ):
        for i, frame in enumerate(read_frames(video, fps=FPS)):
            if i >= frames:
                break
            crops.write(alignment.crop(frame, i))
            if i >= holdout_start:
                holdout.write(frame)
            if idle[0] <= i < idle[1]:
                idle_out.write(frame)
            if i % 25 == 0:
                progress(i / frames, f"frame {i}/{frames}")
    for tmp, path in zip((crops_tmp, holdout_tmp, idle_tmp), final):
        os.replace(tmp, path)
    progress(1.0, "footage written")
