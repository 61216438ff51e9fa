"""Lip-sync through the product, scored on the second footage source (issue 16's honest evaluation).

    nice -n 10 python eval/lipsync/score.py [--workdir DIR] [--seconds 80] [--steps N] [--avatar ID]

Generates (or reuses, in ``DIR``) a 1280x720 clip with ``second_source.generate`` (festival voice ``slt``), then
walks the merchant's path with the ``evercast`` CLI on embedded defaults in ``DIR/data`` (avatar settings as in the
demo, ``EVERCAST_AVATAR__WARP_STEPS=0``): ``avatar create`` on the clip, ``voice clone`` on the clip's audio,
``speak`` (cloned voice, English text the clip never says; base voice, Mandarin), and ``render`` for five drives:
  own       the clip's own audio from the avatar's held-out start to the end (frames it never trained on);
  xvoice    festival ``kal_diphone`` speaking unseen sentences;
  tts       the product's cloned voice speaking unseen English text (its timings JSON gives the phones);
  zh        the product's base voice speaking Mandarin;
  shuffled  the ``own`` audio shuffled in 0.5 s blocks, scored against the unshuffled truth (a control): eight
            permutations played back to back against the truth repeated eight times, so chance alone spreads the
            figure by about 0.04 (one permutation of the 10 s tail: 0.12), printed as ``shuffled_chance_sd``.
``tts`` and ``zh`` are rendered with the speech's timings JSON (``render --timings``), as the product's own speech
always is; ``tts_audio`` and ``zh_audio`` render the same speech from its audio alone.
Each rendered MP4 is measured here, independently of avatar/evaluate.py: MediaPipe face mesh, inner-lip gap
(points 13-14) over the outer eye-corner distance (33-263), against ``second_source.mouth_law`` of the drive's
phones. ``ceiling_open_corr`` is the same measure on the unrendered clip (all frames); ``ceiling_tail_open_corr``
on its held-out tail. Prints the figures LAST as one key=value line.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
import wave
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import cv2
import numpy as np

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(HERE))

import second_source as ss  # noqa: E402

CONSENT = ("--consent-signer", "Evaluation Subject",
           "--consent-statement", "I consent to this synthetic evaluation likeness being cloned for testing.")
TTS_TEXT = ("Welcome back to the shop. This warm wool blanket keeps a family cosy through every cold night, "
            "and the soft cotton pillow matches it perfectly. Order before midnight and we pack both for free.")
ZH_TEXT = "欢迎来到直播间。这款保温杯采用双层不锈钢，热水可以保温十二个小时。今天下单，我们送一个漂亮的杯套。"
SHUFFLE_BLOCK_S = 0.5
SHUFFLES = 8


def _log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def evercast(*args: str) -> str:
    """Run the CLI as a merchant would (this checkout's code), return its output; a failure stops the run."""
    env = {**os.environ, "COLUMNS": "400", "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-m", "studio.cli", *args], cwd=REPO, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"evercast {args[0]} {args[1] if len(args) > 1 else ''} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def measure_opening(video: Path) -> np.ndarray:
    """Inner-lip gap / outer eye-corner distance per frame from MediaPipe face mesh (NaN where no face)."""
    import mediapipe as mp

    capture = cv2.VideoCapture(str(video))
    out = []
    with mp.solutions.face_mesh.FaceMesh(static_image_mode=False, max_num_faces=1) as mesh:
        while True:
            ok, frame = capture.read()
            if not ok:
                break
            found = mesh.process(cv2.cvtColor(frame, cv2.COLOR_BGR2RGB)).multi_face_landmarks
            if not found:
                out.append(np.nan)
                continue
            p = np.array([(q.x * frame.shape[1], q.y * frame.shape[0]) for q in found[0].landmark])
            out.append(np.linalg.norm(p[13] - p[14]) / np.linalg.norm(p[33] - p[263]))
    capture.release()
    return np.array(out)


def pearson(truth: np.ndarray, measured: np.ndarray) -> float:
    """r over the frames both have (the shorter length; frames without a face left out)."""
    n = min(len(truth), len(measured))
    a, b = truth[:n], measured[:n]
    keep = np.isfinite(a) & np.isfinite(b)
    if keep.sum() < 10 or a[keep].std() == 0 or b[keep].std() == 0:
        return float("nan")
    return float(np.corrcoef(a[keep], b[keep])[0, 1])


def _read_wav(path: Path) -> tuple[np.ndarray, int]:
    with wave.open(str(path)) as w:
        return np.frombuffer(w.readframes(w.getnframes()), np.int16).copy(), w.getframerate()


def _write_wav(path: Path, samples: np.ndarray, rate: int) -> Path:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1), w.setsampwidth(2), w.setframerate(rate), w.writeframes(samples.astype(np.int16).tobytes())
    return path


def shuffled_control(tail: np.ndarray, rate: int, truth: np.ndarray) -> tuple[np.ndarray, float]:
    """``SHUFFLES`` block permutations of ``tail`` back to back (to score against ``truth`` tiled as often), and the
    spread chance alone gives that figure: r of ``truth`` against itself shuffled the same way (200 draws).

    One permutation of the held-out tail (about 20 blocks) lets a perfect lip-follower score |r| > 0.19 one time
    in twenty by chance alone, which no bar of 0.1 can be read against; eight bring that spread to about 0.04.
    The tail is cut (or padded with silence) to whole frames, so every copy of the truth lines up with its audio.
    """
    hop = rate // ss.FPS
    tail = np.pad(tail[: len(truth) * hop], (0, max(0, len(truth) * hop - len(tail))))
    count = max(2, round(len(tail) / rate / SHUFFLE_BLOCK_S))
    rng = np.random.default_rng(3)
    blocks = np.array_split(tail, count)
    audio = np.concatenate([blocks[k] for _ in range(SHUFFLES) for k in rng.permutation(count)])
    frames = np.array_split(truth, count)
    chance = [pearson(np.tile(truth, SHUFFLES), np.concatenate([frames[k] for _ in range(SHUFFLES)
                                                               for k in rng.permutation(count)]))
              for _ in range(200)]
    return audio, float(np.nanstd(chance))


def _timings_phones(path: Path) -> list[tuple[str, float, float]]:
    """The product's timings JSON (from ``evercast speak``) as phones for ``mouth_law``."""
    words = json.loads(path.read_text())["words"]
    return [(p, float(a), float(b)) for w in words for p, a, b in w["phonemes"]]


def _holdout_start(avatar_id: str) -> int:
    """The avatar's held-out start frame, from its stored info."""
    from avatar import load_avatar
    from core.models import Avatar
    from core.settings import get_settings
    from workers import submit

    rt = submit.Runtime.create(get_settings())
    with rt.session() as s:
        path = s.get(Avatar, avatar_id).model_path
    rt.close()
    return load_avatar(path).info.holdout_start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/lipsync-eval"))
    parser.add_argument("--seconds", type=float, default=80.0)
    parser.add_argument("--steps", type=int, default=None, help="mouth-shape net steps (default: the settings')")
    parser.add_argument("--avatar", default=None,
                        help="reuse this avatar id from an earlier run on the same workdir (skips avatar create)")
    args = parser.parse_args()
    work = args.workdir.resolve()
    work.mkdir(parents=True, exist_ok=True)
    os.environ.update({"EVERCAST_DATA_DIR": str(work / "data"), "EVERCAST_DATABASE_URL": "", "EVERCAST_BROKER_URL": "",
                       "EVERCAST_RESULT_URL": "", "EVERCAST_AVATAR__WARP_STEPS": "0",
                       "EVERCAST_AVATAR__WARP_STEPS_CUDA": "0"})
    if args.steps is not None:
        os.environ["EVERCAST_AVATAR__TRAIN_STEPS"] = str(args.steps)
    sys.path.insert(0, str(REPO))

    clip = work / "talk.mp4"
    started = time.monotonic()
    if not clip.with_suffix(".json").exists():
        ss.generate(clip, duration_s=args.seconds, progress=lambda f: None)
        _log(f"clip generated in {time.monotonic() - started:.0f} s")
    speech, truth = ss.load_truth(clip)
    figures: dict[str, float] = {}
    # measuring runs beside the CLI (its own thread: MediaPipe and the CLI's subprocess leave the GIL)
    measuring = ThreadPoolExecutor(2)
    clip_measured = measuring.submit(measure_opening, clip)

    started = time.monotonic()
    if args.avatar:  # made by an earlier run on this workdir's clip: its create figures were printed then
        avatar_id, own_metrics = args.avatar, ""
    else:
        out = evercast("avatar", "create", str(clip), "--name", "second-source", *CONSENT)
        avatar_id, own_metrics = re.search(r"avatar (\S+) ready: (.*)", out).groups()
        figures["create_s"] = round(time.monotonic() - started, 1)
        _log(f"avatar {avatar_id} in {figures['create_s']} s: {own_metrics}")
    for pair in own_metrics.split():
        key, _, value = pair.partition("=")
        if key in ("open_corr", "shuffled_corr", "lmd_ratio", "mouth_psnr"):
            figures[f"avatar_{key}"] = float(value)
    split = _holdout_start(avatar_id)

    samples, rate = _read_wav(speech.wav)
    tail = samples[int(split / ss.FPS * rate):]
    drives: dict[str, tuple[Path, np.ndarray]] = {}
    drives["own"] = (_write_wav(work / "own.wav", tail, rate), truth[split:])
    shuffled, figures["shuffled_chance_sd"] = shuffled_control(tail, rate, truth[split:])
    drives["shuffled"] = (_write_wav(work / "shuffled.wav", shuffled, rate), np.tile(truth[split:], SHUFFLES))
    kal = ss.festival_track(ss.sentences(8, seed=9001), "kal", work / "xvoice.wav")
    drives["xvoice"] = (kal.wav, ss.mouth_law(kal.phones, np.arange(int(kal.duration_s * ss.FPS)) / ss.FPS)[0])

    voice_out = evercast("voice", "clone", str(speech.wav), "--name", "second-source", *CONSENT)
    voice_id = re.search(r"voice (\S+) ready", voice_out).group(1)
    for name, text, voice in (("tts", TTS_TEXT, ["--voice", voice_id]), ("zh", ZH_TEXT, [])):
        wav = work / f"{name}.wav"
        evercast("speak", text, *voice, "-o", str(wav))
        phones = _timings_phones(wav.with_suffix(".json"))
        duration = len(_read_wav(wav)[0]) / _read_wav(wav)[1]
        drives[name] = (wav, ss.mouth_law(phones, np.arange(int(duration * ss.FPS)) / ss.FPS)[0])
    _log(f"voice {voice_id} cloned; drives ready")

    # the product's speech carries its timings (``evercast speak`` writes them beside the WAV); the ``*_audio``
    # drives render the same speech from the audio alone, as before the phoneme path existed
    drives["tts_audio"], drives["zh_audio"] = drives["tts"], drives["zh"]
    measured = {}
    for name in ("own", "xvoice", "tts", "zh", "shuffled", "tts_audio", "zh_audio"):
        started = time.monotonic()
        video = work / f"render_{name}.mp4"
        timings = ["--timings", str(drives[name][0].with_suffix(".json"))] if name in ("tts", "zh") else []
        evercast("render", "--avatar", avatar_id, "--audio", str(drives[name][0]), *timings, "-o", str(video))
        measured[name] = measuring.submit(measure_opening, video)
        _log(f"{name}: rendered in {time.monotonic() - started:.0f} s")
    clip_open = clip_measured.result()
    figures["ceiling_open_corr"] = pearson(truth, clip_open)
    figures["ceiling_tail_open_corr"] = pearson(truth[split:], clip_open[split:])
    for name, future in measured.items():
        figures[f"{name}_open_corr"] = pearson(drives[name][1], future.result())
    measuring.shutdown()
    last = ("own_open_corr", "xvoice_open_corr", "tts_open_corr", "zh_open_corr", "shuffled_open_corr")
    print(" ".join(f"{k}={round(v, 3)}" for k, v in figures.items() if k not in last))
    print(" ".join(f"{k}={round(figures[k], 3)}" for k in last))


if __name__ == "__main__":
    main()
