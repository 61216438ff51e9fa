"""Speech -> one self-contained lip-synced segment (MP4 file or MPEG-TS for the live path).

Steps in :func:`render_speech`: 1. audio at 48 kHz (and 16 kHz for lip-sync) -> 2. the avatar's
MouthTrack -> 3. frame count from the track, audio padded/trimmed to exactly ``frames x 1920``
samples -> 4. compose each yuv420p frame (cached idle base at the output geometry + mouth), overlays
-> 5. ffmpeg from a pipe, yuv420p as x264 takes it.
Each segment starts on a keyframe with video and audio of the same count-based length, so the live
pusher plays segments back to back with no gap and no drift.
"""

from __future__ import annotations

import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from queue import Full, Queue
from typing import TypeVar

import cv2
import numpy as np

from avatar import lipsync
from avatar.retrieve import crop_ring_stats, read_crops
from avatar.store import Avatar, load_avatar
from core.errors import InputError
from core.media import read_audio
from core.progress import Progress, no_progress, sub_progress
from render.clips import Clip, joined_audio, joined_frames
from render.compose import Geometry, IdleLoop, PatchedFrame, compose_patched
from render.encode import AUDIO_RATE, FPS, EncodeSettings, fit_audio, open_encoder, pick_video_encoder, write_fitted_wav
from render.mix import duck_music, load_music
from render.overlay import Card, Overlays
from render.subtitles import speech_cues, write_subtitles
from voice.records import Speech

MAX_SIZE = (3840, 2160)
NAMED = {"360p": 360, "480p": 480, "540p": 540, "720p": 720, "1080p": 1080, "1440p": 1440, "2160p": 2160, "4k": 2160}
DEFAULT_LABEL = "AI 生成"
AHEAD = 4  # frames composed ahead of the encoder's pipe
T = TypeVar("T")


@dataclass(frozen=True)
class RenderResult:
    """What a render produced (paths and the facts a job row or the live pusher needs)."""

    path: Path
    width: int
    height: int
    frames: int
    fps: int
    audio_samples: int  # at 48 kHz, always frames x 1920
    encoder: str
    subtitle_paths: tuple[Path, ...] = ()
    seconds: float = 0.0  # wall time of the render

    @property
    def duration_s(self) -> float:
        return self.frames / self.fps


def output_size(
    source: tuple[int, int], resolution: str | tuple[int, int] | None, aspect: str | None = None,
) -> tuple[int, int]:
    """Even output size: source size (capped at 4K), ``"1080p"`` (short side), or an explicit (w, h).

    With ``aspect`` ("9:16") a named resolution gives that exact shape (1080x1920), not the crop's rounding.
    """
    width, height = source
    if aspect is not None and isinstance(resolution, str) and resolution.lower() in NAMED:
        num, den = (int(v) for v in aspect.split(":"))
        width, height = (1000 * num, 1000 * den)
    if isinstance(resolution, tuple):
        w, h = resolution
    else:
        if resolution is None:
            scale = min(1.0, MAX_SIZE[0] / max(width, height), MAX_SIZE[1] / min(width, height))
        elif resolution.lower() in NAMED:
            scale = NAMED[resolution.lower()] / min(width, height)
        else:
            raise InputError(f"resolution must be one of {sorted(NAMED)}, None or (width, height); got {resolution!r}")
        w, h = round(width * scale), round(height * scale)
    w, h = int(w) // 2 * 2, int(h) // 2 * 2
    if w < 16 or h < 16 or max(w, h) > MAX_SIZE[0] or min(w, h) > MAX_SIZE[1]:
        raise InputError(f"output size {w}x{h} is outside 16x16 .. 3840x2160")
    return w, h


def ahead(frames: Iterator[T], depth: int = AHEAD) -> Iterator[T]:
    """Run ``frames`` on a worker thread up to ``depth`` frames ahead of the consumer.

    The worker starts frame k only once frame k - depth - 1 was taken, i.e. once the consumer is done
    with frame k - depth - 2 (it takes the next only after handling the last).

    Composition (cv2/numpy, which release the GIL) then overlaps the pipe write and ffmpeg's own
    conversion instead of alternating with them. Errors in the worker surface in the consumer;
    a consumer that stops early (cancelled) stops the worker.
    """
    queue: Queue = Queue(maxsize=depth)
    stop = threading.Event()
    done = object()

    def work() -> None:
        try:
            for frame in frames:
                while not stop.is_set():
                    try:
                        queue.put(frame, timeout=0.1)
                        break
                    except Full:
                        continue
                if stop.is_set():
                    return
            queue.put(done)
        except BaseException as exc:  # handed to the consumer, which re-raises it
            queue.put(exc)

    worker = threading.Thread(target=work, name="render-compose", daemon=True)
    worker.start()
    try:
        while (item := queue.get()) is not done:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        worker.join(timeout=5)


@contextmanager
def cv2_single_threaded() -> Iterator[None]:
    """OpenCV on one thread while composing: the encoder keeps both cores busy, and cv2 splitting a small
    mouth box across threads only adds hand-offs (measured: 1.2 -> 0.9 CPU ms per 1080p paste)."""
    threads = cv2.getNumThreads()
    cv2.setNumThreads(1)
    try:
        yield
    finally:
        cv2.setNumThreads(threads)


def crop_box(avatar: Avatar, aspect: str | None) -> tuple[int, int, int, int]:
    """(x0, y0, x1, y1): the largest even box of ``aspect`` in the source, centred on the face horizontally.

    The centre is the mouth's mean position over the avatar's whole idle loop, not over one speech's
    frames, so every render of an avatar at one aspect shares one box (and one idle cache).
    """
    width, height = avatar.info.width, avatar.info.height
    if aspect is None:
        return 0, 0, width, height
    try:
        num, den = (int(v) for v in aspect.split(":"))
    except ValueError:
        raise InputError(f"aspect must look like 9:16 or 16:9, got {aspect!r}") from None
    w, h = min(width, height * num // den), min(height, width * den // num)
    w, h = w // 2 * 2, h // 2 * 2
    h_crop, w_crop = avatar.mask.shape
    centres = [cv2.invertAffineTransform(avatar.to_crop(i)) @ (w_crop / 2, h_crop / 2, 1.0)
               for i in range(avatar.info.idle_start, avatar.info.idle_stop)]
    x0 = int(np.clip(np.mean(centres, 0)[0] - w / 2, 0, width - w)) // 2 * 2
    y0 = (height - h) // 2 // 2 * 2
    return x0, y0, x0 + w, y0 + h


def geometry_for(avatar: Avatar, resolution: str | tuple[int, int] | None, aspect: str | None) -> Geometry:
    """The output picture of a render: the aspect's crop box in the source and the output size."""
    box = crop_box(avatar, aspect)
    return Geometry(box, output_size((box[2] - box[0], box[3] - box[1]), resolution, aspect))


def prepare_render(
    avatar_dir: str | Path, *, resolution: str | tuple[int, int] | None = None, aspect: str | None = None,
    background: str | Path | None = None,
) -> Path:
    """Build the caches a render at this size and aspect reads (decoded idle loop, mouth crops and their colour
    statistics); returns their folder.

    Renders build them on first use anyway; call this after creating an avatar so the first
    render is as fast as the rest.
    """
    avatar = load_avatar(avatar_dir)
    crop_ring_stats(avatar, read_crops(avatar), np.arange(avatar.info.idle_start, avatar.info.idle_stop))
    IdleLoop(avatar_dir, geometry_for(avatar, resolution, aspect), background=background)
    return Path(avatar_dir) / "cache"


def _speech_audio(speech: Speech | str | Path) -> tuple[np.ndarray, np.ndarray, Speech | None]:
    """(48 kHz samples, 16 kHz samples for lip-sync, the Speech record if given one); a file is decoded once."""
    import soxr

    if isinstance(speech, Speech):
        from voice import to_video

        samples, record = to_video(speech).samples, speech
    else:
        path = Path(speech)
        if not path.is_file():
            raise InputError(f"speech audio not found: {path}")
        samples, record = read_audio(path, sample_rate=AUDIO_RATE), None
    return samples, soxr.resample(samples, AUDIO_RATE, 16000).astype(np.float32), record


def render_speech(
    avatar_dir: str | Path,
    speech: Speech | str | Path,
    out_path: str | Path,
    *,
    resolution: str | tuple[int, int] | None = None,
    container: str = "mp4",
    label: str | None = DEFAULT_LABEL,
    subtitles: str | None = None,
    aspect: str | None = None,
    music: str | Path | None = None,
    card: Card | None = None,
    background: str | Path | None = None,
    intro: Clip | None = None,
    outro: Clip | None = None,
    encode: EncodeSettings = EncodeSettings(),
    progress: Progress | None = None,
) -> RenderResult:
    """Render ``speech`` spoken by the avatar in ``avatar_dir`` to ``out_path``.

    ``subtitles``: None, ``"burn"`` (drawn into the frames), ``"srt"``/``"vtt"`` (a sidecar next to
    ``out_path``) or ``"burn+srt"``, ``"burn+vtt"``. Cues need a :class:`voice.Speech` record (its
    sentence timings); a bare audio file has none. ``label`` is drawn top-right and stored in the
    file's metadata (China's AI-content labelling rules want both); None turns both off.
    ``aspect`` (``"9:16"``, ``"16:9"``, ``"1:1"``) crops the source around the face before scaling;
    ``music`` is a music bed looped under the speech and ducked while it speaks; ``card`` a product
    card (image, name, price) drawn bottom-left; ``background`` a picture that replaces everything
    behind the person (cut out once per picture and size, then cached beside the avatar); ``intro`` and
    ``outro`` clips conformed to this render's size (:func:`render.clips.conform_clip`) play before and
    after the speech in the same encode, labelled too (subtitle sidecars are shifted by the intro).
    """
    progress = progress or no_progress
    began = time.perf_counter()
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    modes = set((subtitles or "").split("+")) - {""}
    if modes - {"burn", "srt", "vtt"}:
        raise InputError(f"subtitles must be burn, srt, vtt or burn+srt/burn+vtt; got {subtitles!r}")
    # 1. audio
    audio48, audio16, record = _speech_audio(speech)
    if modes and record is None:
        raise InputError("subtitles need the Speech record (sentence timings), not a bare audio file")
    # 2. mouth track
    avatar = load_avatar(avatar_dir)
    phonemes = [(p.phoneme, p.start, p.end) for p in record.phonemes] if record is not None else None
    track = lipsync(avatar, audio16, phonemes=phonemes, progress=sub_progress(progress, 0.0, 0.15, "lip-sync: "))
    frames = len(track)
    cues = speech_cues(record) if record is not None and modes else ()
    lead_s = intro.duration_s if intro else 0.0
    shifted = tuple((start + lead_s, end + lead_s, text) for start, end, text in cues)
    sidecars = tuple(write_subtitles(shifted, out_path.with_suffix(f".{m}")) for m in sorted(modes & {"srt", "vtt"}))
    if music is not None:
        audio48 = duck_music(audio48, load_music(music))
    # 3.-5. compose and encode, in yuv420p from the idle cache to the encoder's pipe
    geometry = geometry_for(avatar, resolution, aspect)
    size = geometry.size
    idle = IdleLoop(avatar_dir, geometry, background=background)
    overlays = Overlays(size, label=label, cues=cues if "burn" in modes else (), fps=FPS, card=card)
    # composition runs AHEAD frames ahead of the writer, so a buffer is free again AHEAD + 2 frames later
    buffers = [np.empty(size[0] * size[1] * 3 // 2, np.uint8) for _ in range(AHEAD + 2)]
    finished = compose_patched(idle, track, overlays, buffers)
    if intro or outro:
        finished = joined_frames(intro, finished, outro, Overlays(size, label=label))
        audio48 = joined_audio(intro, fit_audio(audio48, frames), outro)
        frames += (intro.count if intro else 0) + (outro.count if outro else 0)
    with (tempfile.TemporaryDirectory(prefix="evercast-render-") as tmp, cv2_single_threaded(),
          idle.file.open("rb") as cache):
        wav = write_fitted_wav(audio48, frames, Path(tmp) / "audio.wav")
        writer = open_encoder(out_path, size, wav, container=container, label=label, settings=encode)
        with writer:
            step = max(1, frames // 50)
            for t, frame in enumerate(ahead(finished, AHEAD)):
                if isinstance(frame, PatchedFrame):  # speech: unchanged rows straight from the idle cache
                    writer.write_spliced(cache.fileno(), frame.offset, frame.patches())
                else:  # intro and outro clip frames, whole
                    writer.write(frame)
                if t % step == 0:
                    progress(0.15 + 0.85 * t / frames, f"frame {t}/{frames}")
    progress(1.0, "segment encoded")
    return RenderResult(
        path=out_path, width=size[0], height=size[1], frames=frames, fps=FPS, audio_samples=frames * 1920,
        encoder=pick_video_encoder(encode.codec, encode.prefer_hardware), subtitle_paths=sidecars,
        seconds=time.perf_counter() - began,
    )
