"""Batch short videos: N SKUs x M templates -> one video per pair, with a cover image and subtitles.

State lives in ``out_dir/manifest.json`` (rewritten atomically after every item), and every video is
encoded to a temporary name and renamed only when complete, so a worker that crashes mid-batch
resumes without redoing finished items and never mistakes a half-written file for a result. A
failed item is recorded with its error and the batch goes on; failed items are retried on the
next run. Intro and outro clips are conformed once per batch and output size, and encoded in the
same pass as each item's body (``render.clips``). The speech for each pair comes from the caller
(``make_speech``: the workers wire the script and voice stages there), so this module stays
storage- and stage-agnostic.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from avatar.store import Avatar, load_avatar
from core.errors import Cancelled, InputError
from core.media import require_tool
from core.progress import Progress, no_progress, sub_progress
from render.clips import Clip, conform_clip
from render.encode import EncodeSettings
from render.overlay import Card
from render.segment import geometry_for, render_speech
from voice.records import Speech


class Template(BaseModel):
    """A short-video layout (crosses the API boundary)."""

    name: str = Field(pattern=r"^[A-Za-z0-9_-]{1,40}$")
    aspect: Literal["16:9", "9:16", "1:1"] = "9:16"
    resolution: str = "1080p"
    subtitles: bool = True
    music: str | None = None  # path of a music bed, ducked under the speech
    label: str = "AI 生成"
    card: bool = True  # draw the SKU's product card, when the batch has one for it
    background: str | None = None  # path of a picture behind the person
    intro: str | None = None  # path of a clip played before the speech (conformed to this template's size)
    outro: str | None = None  # ... and after it
    codec: Literal["h264", "h265"] | None = None  # None: the batch's EncodeSettings


class ItemState(BaseModel):
    key: str
    sku: str
    template: str
    status: Literal["pending", "running", "done", "failed"] = "pending"
    error: str | None = None
    attempts: int = 0
    video: str | None = None
    cover: str | None = None
    subtitles: str | None = None


class BatchState(BaseModel):
    items: list[ItemState]

    @property
    def done(self) -> int:
        return sum(item.status == "done" for item in self.items)

    @property
    def failed(self) -> int:
        return sum(item.status == "failed" for item in self.items)


def _save(state: BatchState, path: Path) -> None:
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(state.model_dump_json(indent=1))
    tmp.replace(path)


def load_batch(out_dir: str | Path) -> BatchState:
    """The batch's per-item progress, as last saved."""
    path = Path(out_dir) / "manifest.json"
    if not path.is_file():
        raise InputError(f"no batch in {out_dir} (manifest.json missing)")
    return BatchState.model_validate_json(path.read_text())


def write_cover(video: Path, cover: Path, at_s: float) -> Path:
    """A JPEG cover from the finished video at ``at_s`` (a deliverable, not an intermediate frame)."""
    subprocess.run([require_tool("ffmpeg"), "-v", "error", "-y", "-ss", f"{at_s:.2f}", "-i", str(video),
                    "-frames:v", "1", "-q:v", "3", str(cover)], check=True, capture_output=True)
    return cover


class Bookends:
    """The batch's intro and outro clips, conformed on first use per (clip, output size) and kept for the
    batch: every item of a template shares them. A clip that failed to conform fails every later
    item that names it with the same error, without decoding it again."""

    def __init__(self, avatar_dir: str | Path, cache_dir: Path, max_seconds: float) -> None:
        self.avatar_dir, self.cache_dir, self.max_seconds = avatar_dir, cache_dir, max_seconds
        self._avatar: Avatar | None = None
        self._clips: dict[tuple[str, tuple[int, int]], Clip | InputError] = {}

    def _get(self, path: str | None, template: Template, role: str) -> Clip | None:
        if path is None:
            return None
        if self._avatar is None:
            self._avatar = load_avatar(self.avatar_dir)
        size = geometry_for(self._avatar, template.resolution, template.aspect).size
        key = (path, size)
        if key not in self._clips:
            try:
                self._clips[key] = conform_clip(path, size, self.cache_dir, max_seconds=self.max_seconds, role=role)
            except InputError as exc:
                self._clips[key] = exc
        found = self._clips[key]
        if isinstance(found, InputError):
            raise found
        return found

    def intro(self, template: Template) -> Clip | None:
        return self._get(template.intro, template, "intro")

    def outro(self, template: Template) -> Clip | None:
        return self._get(template.outro, template, "outro")


def run_batch(
    avatar_dir: str | Path,
    skus: Sequence[str],
    templates: Sequence[Template],
    make_speech: Callable[[str, Template], Speech],
    out_dir: str | Path,
    *,
    cards: Mapping[str, Card] | None = None,
    clip_max_s: float = 30.0,
    encode: EncodeSettings = EncodeSettings(),
    progress: Progress | None = None,
) -> BatchState:
    """Render every (sku, template) pair not yet done into ``out_dir``; returns the final state.

    Re-running on the same ``out_dir`` resumes: done items are skipped, failed and interrupted ones
    are rendered again. ``cards`` maps a SKU to its product card (image, name, price), drawn by
    templates with ``card`` set. A template's intro and outro are conformed once per batch and size
    (``out_dir/clips``); a bad clip (unreadable, no video, longer than ``clip_max_s``) fails that template's
    items with an error naming it. ``progress`` may raise :class:`core.errors.Cancelled` to stop between frames.
    """
    progress = progress or no_progress
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    manifest = out_dir / "manifest.json"
    if len({t.name for t in templates}) != len(templates):
        raise InputError("template names must be unique within a batch")
    wanted = [(sku, t) for sku in skus for t in templates]
    previous = {item.key: item for item in load_batch(out_dir).items} if manifest.is_file() else {}
    state = BatchState(items=[
        previous.get(f"{sku}__{t.name}") or ItemState(key=f"{sku}__{t.name}", sku=sku, template=t.name)
        for sku, t in wanted])
    _save(state, manifest)
    bookends = Bookends(avatar_dir, out_dir / "clips", clip_max_s)
    for index, ((sku, template), item) in enumerate(zip(wanted, state.items)):
        if item.status == "done" and item.video and (out_dir / item.video).is_file():
            continue
        item.status, item.error, item.attempts = "running", None, item.attempts + 1
        _save(state, manifest)
        step = sub_progress(progress, index / len(wanted), (index + 1) / len(wanted), f"{item.key}: ")
        partial = out_dir / f"{item.key}.part.mp4"
        try:
            intro, outro = bookends.intro(template), bookends.outro(template)
            speech = make_speech(sku, template)
            result = render_speech(
                avatar_dir, speech, partial, resolution=template.resolution, aspect=template.aspect,
                label=template.label, subtitles="burn+srt" if template.subtitles else None, music=template.music,
                card=(cards or {}).get(sku) if template.card else None, background=template.background,
                intro=intro, outro=outro, encode=replace(encode, codec=template.codec or encode.codec), progress=step)
            video = partial.replace(out_dir / f"{item.key}.mp4")
            if result.subtitle_paths:
                item.subtitles = result.subtitle_paths[0].replace(out_dir / f"{item.key}.srt").name
            lead_s = intro.duration_s if intro else 0.0
            body_s = result.duration_s - lead_s - (outro.duration_s if outro else 0.0)
            item.cover = write_cover(video, out_dir / f"{item.key}.jpg", lead_s + min(1.0, body_s / 2)).name
            item.video, item.status = video.name, "done"
        except Cancelled:
            item.status = "pending"
            _save(state, manifest)
            raise
        except Exception as exc:  # one bad item must not stop the batch: record it, go on
            item.status, item.error = "failed", f"{type(exc).__name__}: {exc}"
            partial.unlink(missing_ok=True)
        _save(state, manifest)
    shutil.rmtree(out_dir / "clips", ignore_errors=True)  # conformed clips are raw video: a retry conforms again
    progress(1.0, f"{state.done} done, {state.failed} failed")
    return state


def zip_batch(out_dir: str | Path, zip_path: str | Path | None = None) -> Path:
    """Every finished item's video, cover and subtitles plus the manifest, in one zip to download."""
    out_dir = Path(out_dir)
    state = load_batch(out_dir)
    zip_path = Path(zip_path or out_dir / "batch.zip")
    with zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr("manifest.json", json.dumps(state.model_dump(), ensure_ascii=False, indent=1))
        for item in state.items:
            if item.status != "done":
                continue
            for name in (item.video, item.cover, item.subtitles):
                if name:
                    archive.write(out_dir / name, name)
    return zip_path
