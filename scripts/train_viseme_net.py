"""Reproducibly train the shipped speaker-independent viseme classifier (avatar/weights/viseme_net/).

    PYTHONPATH=. python scripts/train_viseme_net.py [--minutes 12] [--steps 400] [--seed 0] [--out DIR]

Corpus: the voice stage's own espeak-ng (``voice.embedded.EspeakBackend``, the path the product's speech takes),
English and Mandarin in equal parts, every sentence in another voice: variants m1-m7 and f1-f5, pitch 20-80,
range 20-80, 130-210 words a minute, and the emotion styles' prosody. English words come from this repository's
READMEs, Mandarin characters from script_gen's lexicons, both as committed at ``VOCABULARY_COMMIT`` (random
sequences: the net learns sounds, not language).
Labels: the engine's exact phoneme events -> ``avatar.phonetics`` classes per 25 fps frame. Training adds the
person-net's augmentation (frequency warp for pitch/formants, EQ, noise, tempo). Nothing is downloaded.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import soxr

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from avatar.phonetics import frame_segments  # noqa: E402
from avatar.train_visemes import CONFIG, FPS, frame_labels, train_viseme_net  # noqa: E402
from voice.embedded import EspeakBackend, EspeakVoice  # noqa: E402
from voice.normalize import ScriptSentence  # noqa: E402
from voice.records import Emotion  # noqa: E402
from voice.emotion import style_for  # noqa: E402

OUT = REPO / "avatar" / "weights" / "viseme_net"
VARIANTS = [f"m{k}" for k in range(1, 8)] + [f"f{k}" for k in range(1, 6)]
GAP_S = 0.25
VOCABULARY_COMMIT = "98f8f1699cd048c8e781dc0c569af2f9cec82ad7"  # the shipped weights' corpus


def vocabularies(commit: str) -> tuple[list[str], list[str]]:
    """English words from the top-level READMEs, Chinese characters from the lexicons, as they were at ``commit``
    (the files change; the corpus must not), sorted: the same every run."""
    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(REPO), *args], check=True, capture_output=True, text=True).stdout

    listed = sorted(git("ls-tree", "-r", "--name-only", commit).split())
    english = " ".join(git("show", f"{commit}:{p}") for p in listed if re.fullmatch(r"[^/]+/README\.md", p))
    chinese = "".join(git("show", f"{commit}:{p}") for p in listed if re.fullmatch(r"script_gen/lexicons/[^/]+\.json", p))
    words = sorted({w.lower() for w in re.findall(r"\b[A-Za-z]{2,12}\b", english)})
    return words, sorted(set(re.findall(r"[\u4e00-\u9fff]", chinese)))


def corpus(minutes: float, seed: int, commit: str = VOCABULARY_COMMIT) -> tuple[np.ndarray, np.ndarray]:
    """16 kHz speech and its per-frame classes: sentences in varied voices, joined by short silences."""
    rng = np.random.default_rng(seed)
    words, chars = vocabularies(commit)
    emotions = list(Emotion)
    parts, segments, at = [], [], 0.0
    while at < minutes * 60:
        zh = len(parts) % 2 == 1
        text = ("".join(rng.choice(chars, rng.integers(4, 14))) + "。" if zh
                else " ".join(rng.choice(words, rng.integers(4, 12))) + ".")
        voice = EspeakVoice(variant=str(rng.choice(VARIANTS)), pitch=int(rng.integers(20, 81)),
                            range=int(rng.integers(20, 81)), rate_wpm=int(rng.integers(130, 211)))
        emotion = emotions[int(rng.integers(len(emotions)))]
        speech = EspeakBackend(voice).render(ScriptSentence(text, text, emotion, "zh" if zh else "en"),
                                             style_for(emotion))
        samples = soxr.resample(speech.samples, speech.sample_rate, 16000).astype(np.float32)
        phones = [(p.phoneme, p.start + at, p.end + at) for p in speech.phonemes]
        segments.extend(frame_segments(phones))
        parts += [samples, np.zeros(int(GAP_S * 16000), np.float32)]
        at += len(samples) / 16000 + GAP_S
        if len(parts) % 40 == 0:
            print(f"corpus {at / 60:.1f}/{minutes} min", flush=True)
    samples = np.concatenate(parts)
    return samples, frame_labels(segments, int(len(samples) / 16000 * FPS))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=float, default=12.0)
    parser.add_argument("--steps", type=int, default=400)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    samples, labels = corpus(args.minutes, args.seed)
    config = replace(CONFIG, steps=args.steps, seed=args.seed)
    meta = train_viseme_net(samples, labels, args.out, config=config,
                            progress=lambda f, m: print(m, flush=True))
    meta["corpus"] = {"minutes": args.minutes, "seed": args.seed, "script": "scripts/train_viseme_net.py",
                      "vocabulary_commit": VOCABULARY_COMMIT}
    (args.out / "config.json").write_text(json.dumps(meta, indent=2))
    print(json.dumps({k: meta[k] for k in ("val_accuracy", "val_recall", "train_s")}))


if __name__ == "__main__":
    main()
