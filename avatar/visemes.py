"""The phoneme path: the voice stage's phoneme timings -> the person's own mouth shapes, fused with the audio net.

Every speech Evercast renders comes from its own voice stage with exact phoneme times; the audio -> shape net,
trained on one natural voice, is least sure exactly there (synthesised, cloned, another language). So when the
timings are present:

1. **Classes** (``avatar.phonetics``): each IPA phoneme -> visible classes (general phonetics, no person in it).
2. **The person's shape per class**, learned from their footage: a speaker-independent classifier trained on
   synthesised speech of many voices (``avatar/weights/viseme_net``, ``scripts/train_viseme_net.py``) labels the
   footage's audio frame by frame; a class's shape is the mean lip-PCA of the training frames it labels with
   confidence, shrunk towards the person's mean speaking mouth by ``PRIOR_FRAMES`` frames' worth: on a voice unlike
   its corpus the classifier labels some classes confidently only a handful of times, and mostly wrongly (on the
   second footage source's festival voice: close vowels 10 frames, rounded 11, labiodental 14, precision 0.04-0.3),
   so a class it rarely hears falls back to an average speaking mouth instead of a few mislabelled frames
   (tts 0.796 -> 0.843, zh 0.773 -> 0.825 for the phoneme path alone, measured on the frames retrieval picks).
   Silence is the person's rest mouth (frames far from voiced audio); a bilabial is the closed end of
   the frames labelled bilabial (the closure is a moment inside the acoustic span).
3. **Coarticulation**: dominance blending (Cohen-Massaro style): each segment pulls the mouth towards its class's
   shape with a strength by class (lip closures and lip-teeth contacts cannot be skipped; tongue consonants are
   barely visible and take their neighbours' shapes) that decays exponentially (``tau``) outside its span, which
   the lips lead by ``lead``; a bilabial is a contact, so the frames inside its span show the closed shape. ``lead`` and ``tau`` are fitted on the person's footage, driven by the classifier's
   own segmentation.
4. **Fusion**: inverse-variance weighting of the two paths. On the footage's validation slice (which neither net
   trained on) the audio net's error and the phoneme path's are measured; on a new drive the audio net's error is
   estimated from how far it strays from the phoneme path (local mean square disagreement, ~1 s window, minus the
   phoneme path's own error), so the audio is trusted where it agrees as well as on the person's own voice and
   less where it does not (another voice, a synthesiser, another language). The phoneme path's error is measured
   on the validation frames the classifier labels with confidence: a drive's timings give every phoneme its true
   class, and on the frames it mislabels the footage's segmentation measures the classifier, not the path.
5. **The person's voice** (``voice``): the long-term spectrum of their footage's speech, to which every drive's
   audio is normalised in vocal-tract length before the audio net hears it (``audio.match_voice``).

Speech without timings stays on the audio net alone: fused with the classifier's own segmentation of the speech
it scored lower on the evaluation's own-voice tail (0.936 -> 0.889), so that path is not used.

The learned map is derived data (from ``track.npz``, ``audio.wav``, the model and the shipped classifier), cached
in ``cache/visemes.npz`` and rebuilt when any of them is newer, so avatars made before it gain it too.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from avatar import audio as audio_features
from avatar.ingest.align import to_canonical_points
from avatar.phonetics import CLASS, CLASSES, frame_segments
from avatar.store import Avatar, validation_slice
from avatar.train import load_mouth_net, predict
from core.errors import InputError
from core.media import read_audio

VISEME_NET = Path(__file__).resolve().parent / "weights" / "viseme_net"
CACHE = "visemes.npz"
VERSION = 3  # of the learning below: a cache from another version is relearned
# how hard each class holds the lips against its neighbours (visibility and obligatoriness, general phonetics)
STRENGTH = np.array([1.0 if name in ("silence",) else 4.0 if name == "bilabial" else 3.0 if name == "labiodental"
                     else 2.0 if name == "rounded" else 1.5 if name in ("postalveolar", "rhotic")
                     else 0.5 if name == "alveolar" else 0.3 if name == "back" else 1.0 for name in CLASSES])
LEADS_S = (0.0, 0.02, 0.04, 0.06, 0.08, 0.1, 0.12)
TAUS_S = (0.01, 0.02, 0.035, 0.05, 0.07, 0.1)
CONFIDENT = 0.5
PRIOR_FRAMES = 30.0
Phones = list[tuple[str, float, float]]


@dataclass(frozen=True)
class PersonVisemes:
    """The person's mouth per class (lip-PCA, the retrieval database's space) and the fitted dynamics."""

    targets: np.ndarray  # (classes, k)
    lead_s: float
    tau_s: float
    audio_error: float  # mean square error of the audio net on the validation slice
    phone_error: float  # the same for the phoneme path, on the frames the classifier labels with confidence
    voice: np.ndarray  # (bins,) the person's ``audio.voice_spectrum``


def posteriors(samples: np.ndarray, frames: int, device: str = "cpu") -> np.ndarray:
    """(frames, classes) probabilities of each visible class, from the shipped speaker-independent classifier."""
    if not (VISEME_NET / "weights.safetensors").is_file():
        raise FileNotFoundError(f"viseme classifier weights missing: run scripts/train_viseme_net.py ({VISEME_NET})")
    logits = predict(load_mouth_net(VISEME_NET, device), audio_features.log_mel(samples, frames=frames), device)
    e = np.exp(logits - logits.max(1, keepdims=True))
    return e / e.sum(1, keepdims=True)


def segments_of(labels: np.ndarray, fps: float) -> list[tuple[int, float, float]]:
    """Per-frame class labels -> (class, start s, end s) runs."""
    edges = np.flatnonzero(np.diff(labels)) + 1
    starts = np.concatenate([[0], edges])
    ends = np.concatenate([edges, [len(labels)]])
    return [(int(labels[s]), s / fps, e / fps) for s, e in zip(starts, ends)]


def _with_silence(segments: list[tuple[int, float, float]], end_s: float) -> list[tuple[int, float, float]]:
    """Fill gaps (between words, before the first, after the last) with silence."""
    out, at = [], 0.0
    for cls, start, end in sorted(segments, key=lambda s: s[1]):
        if start > at + 1e-3:
            out.append((CLASS["silence"], at, start))
        out.append((cls, start, end))
        at = max(at, end)
    if end_s > at + 1e-3:
        out.append((CLASS["silence"], at, end_s))
    return out


def coarticulate(segments: list[tuple[int, float, float]], targets: np.ndarray, frames: int, fps: float,
                 lead_s: float, tau_s: float) -> np.ndarray:
    """(frames, k) mouth shapes: every segment's target weighted by its dominance at each frame's time."""
    times = np.arange(frames) / fps
    num = np.zeros((frames, targets.shape[1]))
    den = np.full(frames, 1e-9)
    closed = []
    for cls, start, end in _with_silence(segments, frames / fps):
        a, b = start - lead_s, end - lead_s
        lo, hi = np.searchsorted(times, [a - 6 * tau_s, b + 6 * tau_s])
        t = times[lo:hi]
        weight = STRENGTH[cls] * np.exp(-np.maximum(np.maximum(a - t, t - b), 0.0) / tau_s)
        num[lo:hi] += weight[:, None] * targets[cls]
        den[lo:hi] += weight
        if cls == CLASS["bilabial"]:  # a contact, not a tendency: the lips meet at least once per closure
            inside = np.flatnonzero((times >= a) & (times < b))
            closed.append(inside if len(inside) else [min(int(round((a + b) / 2 * fps)), frames - 1)])
    out = num / den[:, None]
    for index in closed:
        out[index] = targets[CLASS["bilabial"]]
    return out


def _smooth(x: np.ndarray, frames: float) -> np.ndarray:
    """Gaussian smoothing over time (sd ``frames``), the ends extended."""
    from scipy.ndimage import gaussian_filter1d

    return gaussian_filter1d(x, frames, mode="nearest")


def learn_visemes(avatar: Avatar, device: str = "cpu") -> PersonVisemes:
    """Fit the person's class shapes, lead and tau and the fusion errors from their own footage (see module doc)."""
    n, fps, split = avatar.info.frames, float(avatar.info.fps), avatar.info.holdout_start
    samples = read_audio(avatar.path / "audio.wav")
    shapes = avatar.shapes.encode(to_canonical_points(avatar.landmarks, avatar.to_canonical)).astype(np.float64)
    train = avatar.usable & (np.arange(n) < split)
    prob = posteriors(samples, n, device)
    label, confidence = prob.argmax(1), prob.max(1)
    near_voice = np.convolve(avatar.voiced.astype(float), np.ones(7), "same") > 0
    targets = np.zeros((len(CLASSES), shapes.shape[1]))
    speaking = shapes[train & avatar.voiced].mean(0) if (train & avatar.voiced).sum() >= 5 else shapes[train].mean(0)
    for k in range(len(CLASSES)):
        chosen = train & (label == k) & (confidence > CONFIDENT)
        if k == CLASS["silence"] and (train & ~near_voice).sum() >= 5:
            chosen = train & ~near_voice
        if k == CLASS["bilabial"] and chosen.sum() >= 5:  # the closure: the most closed third of the span
            chosen &= avatar.opening <= np.percentile(avatar.opening[chosen], 33)
        weight = prob[:, k] * (chosen if chosen.sum() >= 5 else train)
        prior = 0.0 if k in (CLASS["silence"], CLASS["bilabial"]) else PRIOR_FRAMES  # both chosen by the mouth itself
        targets[k] = ((weight[:, None] * shapes).sum(0) + prior * speaking) / max(weight.sum() + prior, 1e-9)
    segments = segments_of(label, fps)
    best = (np.inf, LEADS_S[0], TAUS_S[0])
    for lead in LEADS_S:
        for tau in TAUS_S:
            error = float(((coarticulate(segments, targets, n, fps, lead, tau) - shapes)[train] ** 2).sum(1).mean())
            best = min(best, (error, lead, tau))
    _, lead, tau = best
    lo, hi = validation_slice(avatar.info)
    held = avatar.usable & (np.arange(n) >= lo) & (np.arange(n) < hi)
    held = held if held.sum() >= 10 else train  # a short clip: weigh on what the nets saw (trusts audio more)
    sure = held & (confidence > CONFIDENT)
    sure = sure if sure.sum() >= 10 else held
    phone = coarticulate(segments, targets, n, fps, lead, tau)
    mel = audio_features.log_mel(samples, frames=n)
    audio = _audio_shapes(avatar, mel, n, device)
    return PersonVisemes(targets.astype(np.float32), lead, tau,
                         float(((audio - shapes)[held] ** 2).sum(1).mean()),
                         float(((phone - shapes)[sure] ** 2).sum(1).mean()),
                         audio_features.voice_spectrum(mel[: split * audio_features.MEL_PER_FRAME],
                                                       samples[: split * len(samples) // n], split).astype(np.float32))


def _audio_shapes(avatar: Avatar, mel: np.ndarray, frames: int, device: str) -> np.ndarray:
    return predict(load_mouth_net(avatar.model_dir, device), mel, device)[:frames] * avatar.info.model["coef_scale"]


def person_visemes(avatar: Avatar, device: str = "cpu") -> PersonVisemes:
    """The avatar's learned phoneme map, from ``cache/visemes.npz`` unless a source is newer (then relearned)."""
    path = avatar.path / "cache" / CACHE
    sources = [avatar.path / "track.npz", avatar.path / "audio.wav", avatar.model_dir / "weights.safetensors",
               VISEME_NET / "weights.safetensors"]
    if path.is_file() and all(path.stat().st_mtime >= s.stat().st_mtime for s in sources):
        with np.load(path) as cached:
            if int(cached["version"]) == VERSION:
                return PersonVisemes(cached["targets"], *(float(cached[key]) for key in
                                                          ("lead_s", "tau_s", "audio_error", "phone_error")),
                                     cached["voice"])
    learned = learn_visemes(avatar, device)
    path.parent.mkdir(exist_ok=True)
    tmp = path.with_suffix(".tmp.npz")
    np.savez(tmp, version=VERSION, targets=learned.targets, lead_s=learned.lead_s, tau_s=learned.tau_s,
             audio_error=learned.audio_error, phone_error=learned.phone_error, voice=learned.voice)
    tmp.replace(path)
    return learned


def phoneme_shapes(visemes: PersonVisemes, phonemes: Phones, frames: int, fps: float) -> np.ndarray:
    """(frames, k) shapes from (IPA, start s, end s) timings: the person's classes, coarticulated.

    Timings come from a stored JSON a tenant may have written: spans outside the speech, empty or not finite are
    dropped, and more than ten phonemes per frame is refused (bounded time)."""
    if len(phonemes) > 10 * frames:
        raise InputError(f"{len(phonemes)} phoneme timings for {frames / fps:.1f} s of speech: not this speech's")
    end_s = frames / fps
    kept = [(str(p), float(a), float(b)) for p, a, b in phonemes
            if np.isfinite(a) and np.isfinite(b) and b > a and b > 0 and a < end_s]
    return coarticulate(frame_segments(kept), visemes.targets.astype(np.float64), frames, fps,
                        visemes.lead_s, visemes.tau_s)


def fuse(visemes: PersonVisemes, phone: np.ndarray, audio: np.ndarray, fps: float) -> tuple[np.ndarray, np.ndarray]:
    """Inverse-variance blend per frame -> (shapes, audio weight): the audio net's local error is the local mean
    square disagreement (~1 s) less the phoneme path's own error, floored at its error on the person's voice."""
    disagreement = _smooth(((audio - phone) ** 2).sum(1), fps / 2)
    audio_error = np.maximum(disagreement - visemes.phone_error, visemes.audio_error)
    weight = visemes.phone_error / (visemes.phone_error + audio_error)
    return phone + weight[:, None] * (audio - phone), weight
