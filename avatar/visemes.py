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
   The two closed classes are chosen by the mouth, not the ear (``shut_frames``): silence is the mean of the
   frames away from speech whose inner-lip gap (MediaPipe) is at the person's rest level, a bilabial the mean of
   such shut frames the classifier hears as bilabial (else any shut frame within speech). Averaging the frames it
   merely hears as silence or /p b m/ gave a mouth ajar (on footage/'s test clip a rest shape at 5x the person's
   rest gap), and retrieval then picked open frames for it.
3. **Coarticulation**: dominance blending (Cohen-Massaro style): each segment pulls the mouth towards its class's
   shape with a strength by class (lip closures and lip-teeth contacts cannot be skipped; tongue consonants are
   barely visible and take their neighbours' shapes) that decays exponentially (``tau``) outside its span, which
   the lips lead by ``lead``. Closures are contacts, not tendencies (``closures``): the frames inside a bilabial's
   sound (at least one) and the inside of a pause show the closed shapes exactly. ``lead`` and ``tau`` are fitted
   on the person's footage, driven by the classifier's own segmentation.
4. **Fusion**: inverse-variance weighting of the two paths. On the footage's validation slice (which neither net
   trained on) the audio net's error and the phoneme path's are measured; on a new drive the audio net's error is
   estimated from how far it strays from the phoneme path (local mean square disagreement, ~1 s window, minus the
   phoneme path's own error), so the audio is trusted where it agrees as well as on the person's own voice and
   less where it does not (another voice, a synthesiser, another language); on the frames the timings shut it has
   no say, easing back in over ``tau`` (the audio net regresses to a mean mouth and never quite shuts it: blended
   in, it left footage/'s test clip open at 10-30x the person's rest gap in silence and on /p b m/). The phoneme
   path's error is measured on the validation frames the classifier labels with confidence: a drive's timings give
   every phoneme its true class, and on the frames it mislabels the footage's segmentation measures the classifier,
   not the path.
5. **The person's voice** (``voice``): the long-term spectrum of their footage's speech, to which every drive's
   audio is normalised in vocal-tract length before the audio net hears it (``audio.match_voice``).

Speech without timings stays on the audio net alone, except in its pauses (``gate_silence``): runs of the energy
VAD's unvoiced frames of at least ``PAUSE_S`` rest the mouth, from ``rest_after_s`` after the last sound until
``rest_before_s`` before the next, the window the person's own footage shows (``fit_pause_rest``). A fixed window
(one ``tau`` either side) shut footage/'s person in every pause, whose lips close about 0.28 s into a pause, part
0.24 s before the next sound and stay parted through pauses of half a second: their held-out tail fell from
``open_corr`` 0.948 to 0.861. Fused with the classifier's own segmentation of the speech it scored lower on the
evaluation's own-voice tail (0.936 -> 0.889), so that path is not used.

The learned map is derived data (from ``track.npz``, ``audio.wav``, the model and the shipped classifier), cached
in ``cache/visemes.npz`` and rebuilt when any of them is newer, so avatars made before it gain it too.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product
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
VERSION = 5  # of the learning below: a cache from another version is relearned
# how hard each class holds the lips against its neighbours (visibility and obligatoriness, general phonetics)
STRENGTH = np.array([1.0 if name in ("silence",) else 4.0 if name == "bilabial" else 3.0 if name == "labiodental"
                     else 2.0 if name == "rounded" else 1.5 if name in ("postalveolar", "rhotic")
                     else 0.5 if name == "alveolar" else 0.3 if name == "back" else 1.0 for name in CLASSES])
LEADS_S = (0.0, 0.02, 0.04, 0.06, 0.08, 0.1, 0.12)
TAUS_S = (0.01, 0.02, 0.035, 0.05, 0.07, 0.1)
CONFIDENT = 0.5
PAUSE_S = 0.16  # an unvoiced run this long is a pause, not a stop's closure
# candidate pause-rest edges (s); inf: the person's lips never rest inside a pause
REST_S = (*np.round(np.arange(0.0, 0.61, 0.04), 2).tolist(), float("inf"))
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
    rest_after_s: float  # in a pause without timings the lips are shut from this long after the last sound
    rest_before_s: float  # until this long before the next (``fit_pause_rest``)


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
    """Fill gaps (between words, before the first, after the last) with silence; silences that touch are one (a
    pause written as several ``_`` is one pause)."""
    out: list[tuple[int, float, float]] = []

    def add(cls: int, start: float, end: float) -> None:
        if out and cls == out[-1][0] == CLASS["silence"] and start <= out[-1][2] + 1e-3:
            out[-1] = (cls, out[-1][1], max(out[-1][2], end))
        elif end > start:
            out.append((cls, start, end))

    at = 0.0
    for cls, start, end in [*sorted(segments, key=lambda s: s[1]), (CLASS["silence"], end_s, end_s)]:
        if start > at + 1e-3:
            add(CLASS["silence"], at, start)
        add(cls, start, end)
        at = max(at, end)
    return out


def closures(segments: list[tuple[int, float, float]], frames: int, fps: float, after_s: float,
             before_s: float) -> tuple[np.ndarray, np.ndarray]:
    """Frames where the lips are shut whatever the neighbours do -> (bilabial contact, pause) masks.

    A bilabial is a contact, not a tendency: the lips are together while its sound lasts (the murmur of /m/, the
    silent hold of /p b/), at least the one frame nearest its middle. A pause rests the mouth: shut from ``after_s``
    after the last sound until ``before_s`` before the next (timed speech: one ``tau`` and ``lead + tau``, the lips
    close within their time constant and open ahead of the sound they lead), from the first frame when nothing
    precedes it and to the last when nothing follows; a pause shorter than that (a breath between words) keeps the
    coarticulated shape."""
    times = np.arange(frames) / fps
    end_s = frames / fps
    contact, rest = np.zeros(frames, bool), np.zeros(frames, bool)
    for cls, start, end in _with_silence(segments, end_s):
        if cls == CLASS["bilabial"]:
            lo, hi = np.searchsorted(times, [start, end])
            if hi > lo:
                contact[lo:hi] = True
            elif start < end_s:
                contact[min(int(round((start + end) / 2 * fps)), frames - 1)] = True
        elif cls == CLASS["silence"]:
            a = start + after_s if start > 1e-3 else -1.0
            b = end - before_s if end < end_s - 1e-3 else end_s + 1.0
            rest[np.searchsorted(times, a): np.searchsorted(times, b, "right")] = True
    return contact, rest & ~contact


def coarticulate(segments: list[tuple[int, float, float]], targets: np.ndarray, frames: int, fps: float,
                 lead_s: float, tau_s: float) -> np.ndarray:
    """(frames, k) mouth shapes: every segment's target weighted by its dominance at each frame's time, the lips
    shut where :func:`closures` says (bilabial contacts, pauses)."""
    times = np.arange(frames) / fps
    num = np.zeros((frames, targets.shape[1]))
    den = np.full(frames, 1e-9)
    for cls, start, end in _with_silence(segments, frames / fps):
        a, b = start - lead_s, end - lead_s
        lo, hi = np.searchsorted(times, [a - 6 * tau_s, b + 6 * tau_s])
        t = times[lo:hi]
        weight = STRENGTH[cls] * np.exp(-np.maximum(np.maximum(a - t, t - b), 0.0) / tau_s)
        num[lo:hi] += weight[:, None] * targets[cls]
        den[lo:hi] += weight
    out = num / den[:, None]
    contact, rest = closures(segments, frames, fps, tau_s, lead_s + tau_s)
    out[contact] = targets[CLASS["bilabial"]]
    out[rest] = targets[CLASS["silence"]]
    return out


def closure_pull(shut: np.ndarray, fps: float, tau_s: float) -> np.ndarray:
    """(frames,) how hard a closure holds each frame: 1 on the ``shut`` frames, easing off over ``tau`` either side.

    The audio net regresses to a mean and never quite shuts the mouth; a closure the timings or the silence assert
    must show as shut, so on those frames nothing else is blended in, and next to them little."""
    if not shut.any():
        return np.zeros(len(shut))
    from scipy.ndimage import distance_transform_edt

    return np.exp(-distance_transform_edt(~shut) / fps / max(tau_s, 0.5 / fps))


def pauses_of(samples: np.ndarray, frames: int, fps: float) -> list[tuple[int, float, float]]:
    """Pauses in speech without timings, as silence segments: runs of the energy VAD's unvoiced frames of at least
    ``PAUSE_S`` (shorter runs are stop closures and quiet fricatives, which the mouth does not rest in)."""
    voiced = audio_features.voiced(samples, frames, fps)
    edges = np.flatnonzero(np.diff(np.concatenate([[1], voiced.astype(np.int8), [1]])))
    return [(CLASS["silence"], a / fps, b / fps) for a, b in zip(edges[::2], edges[1::2]) if (b - a) / fps >= PAUSE_S]


def pause_rest(pauses: list[tuple[int, float, float]], frames: int, fps: float, after_s: float,
               before_s: float) -> np.ndarray:
    """(frames,) bool: where speech without timings rests the mouth in its ``pauses`` (:func:`closures`)."""
    speech = [(CLASS["open"], a, b) for a, b in _speech_between(pauses, frames / fps)]
    return closures(pauses + speech, frames, fps, after_s, before_s)[1]


def fit_pause_rest(pauses: list[tuple[int, float, float]], shut: np.ndarray, counted: np.ndarray,
                   fps: float) -> tuple[float, float]:
    """(after, before) in ``REST_S``: the pause-rest window of :func:`pause_rest` that the footage's ``shut`` frames
    (seen shut, among the ``counted`` ones) fit best: each frame it rests scores +1 when shut and -1 when not, and the
    highest total wins (on a tie no rest at all, then the narrowest edges). People differ: one shuts within 40 ms,
    another (footage/'s) only 0.28 s into a pause and keeps the lips parted through a half-second one; a person who
    never shuts in a pause gets ``inf`` (the audio net, which learned them, keeps the mouth there)."""
    vote = np.where(shut, 1.0, -1.0) * counted
    best = (-np.inf, REST_S[-1], REST_S[-1])
    for after, before in [(REST_S[-1], REST_S[-1]), *product(REST_S, REST_S)]:  # resting in no pause first
        score = float(vote[pause_rest(pauses, len(shut), fps, after, before)].sum())
        if score > best[0]:
            best = (score, after, before)
    return best[1], best[2]


def gate_silence(visemes: PersonVisemes, shapes: np.ndarray, samples: np.ndarray, fps: float) -> np.ndarray:
    """Audio-net ``shapes`` (no timings) with the mouth at the person's rest in the pauses voice activity finds,
    within the person's own pause-rest window."""
    frames = len(shapes)
    rest = pause_rest(pauses_of(samples, frames, fps), frames, fps, visemes.rest_after_s, visemes.rest_before_s)
    pull = closure_pull(rest, fps, visemes.tau_s)[:, None]
    return shapes + pull * (visemes.targets[CLASS["silence"]] - shapes)


def _speech_between(pauses: list[tuple[int, float, float]], end_s: float) -> list[tuple[float, float]]:
    """The spans between pauses (what :func:`closures` needs to know where a pause has sound on either side)."""
    bounds = [0.0] + [x for _, a, b in pauses for x in (a, b)] + [end_s]
    return [(a, b) for a, b in zip(bounds[::2], bounds[1::2]) if b > a + 1e-3]


def _smooth(x: np.ndarray, frames: float) -> np.ndarray:
    """Gaussian smoothing over time (sd ``frames``), the ends extended."""
    from scipy.ndimage import gaussian_filter1d

    return gaussian_filter1d(x, frames, mode="nearest")


def shut_level(opening: np.ndarray, train: np.ndarray, near_voice: np.ndarray) -> float:
    """The person's inner-lip gap when shut: the median of their frames away from speech, or the tenth percentile of
    all their training frames where that is lower (see :func:`shut_frames`)."""
    resting = train & ~near_voice
    level = float(np.percentile(opening[train], 10))
    return min(level, float(np.median(opening[resting]))) if resting.sum() >= 5 else level


def shut_frames(opening: np.ndarray, train: np.ndarray, near_voice: np.ndarray,
                heard_bilabial: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The footage frames whose lips are seen shut -> (rest frames, bilabial-contact frames), chosen by the mouth
    (MediaPipe's inner-lip gap), never by the ear alone.

    Shut is at most the person's own rest level: the median gap of their frames away from speech, or the tenth
    percentile of all their training frames where that is lower (a person who rests with parted lips still shuts
    them for /p b m/, and a tenth of a talking clip is mostly pauses and closures). Rest = shut frames away from
    speech; contact = shut frames the classifier hears as bilabial, else any shut frame within speech (a closure
    in the middle of talking), else the rest frames. The classifier's bilabial frames alone are mostly not shut:
    it hears the whole acoustic span, and on an unfamiliar voice it mislabels."""
    resting = train & ~near_voice
    shut = train & (opening <= shut_level(opening, train, near_voice))
    rest = resting & shut if (resting & shut).sum() >= 5 else shut
    contact = next((frames for frames in (heard_bilabial & shut, near_voice & shut) if frames.sum() >= 5), rest)
    return rest, contact


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
        weight = prob[:, k] * (chosen if chosen.sum() >= 5 else train)
        targets[k] = ((weight[:, None] * shapes).sum(0) + PRIOR_FRAMES * speaking) / (weight.sum() + PRIOR_FRAMES)
    rest, contact = shut_frames(avatar.opening, train, near_voice, train & (label == CLASS["bilabial"]))
    targets[CLASS["silence"]], targets[CLASS["bilabial"]] = shapes[rest].mean(0), shapes[contact].mean(0)
    level = shut_level(avatar.opening, train, near_voice)
    speaking_gap = float(np.median(avatar.opening[train & avatar.voiced])) if (train & avatar.voiced).any() else level
    # shut: within a tenth of the way from their rest gap to their speaking one (a third counts the lips still
    # closing as shut, and the fit then rests them sooner than they do; the rest level alone is MediaPipe's noise)
    seen_shut = avatar.opening <= level + (speaking_gap - level) / 10
    rest_after, rest_before = fit_pause_rest(pauses_of(samples, n, fps), seen_shut, train, fps)
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
                                                       samples[: split * len(samples) // n], split).astype(np.float32),
                         rest_after, rest_before)


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
                                     cached["voice"], float(cached["rest_after_s"]), float(cached["rest_before_s"]))
    learned = learn_visemes(avatar, device)
    path.parent.mkdir(exist_ok=True)
    tmp = path.with_suffix(".tmp.npz")
    np.savez(tmp, version=VERSION, targets=learned.targets, lead_s=learned.lead_s, tau_s=learned.tau_s,
             audio_error=learned.audio_error, phone_error=learned.phone_error, voice=learned.voice,
             rest_after_s=learned.rest_after_s, rest_before_s=learned.rest_before_s)
    tmp.replace(path)
    return learned


def _timed_segments(phonemes: Phones, frames: int, fps: float) -> list[tuple[int, float, float]]:
    """Timings a tenant may have written, as class segments: spans outside the speech, empty or not finite are
    dropped, and more than ten phonemes per frame is refused (bounded time)."""
    if len(phonemes) > 10 * frames:
        raise InputError(f"{len(phonemes)} phoneme timings for {frames / fps:.1f} s of speech: not this speech's")
    end_s = frames / fps
    return frame_segments([(str(p), float(a), float(b)) for p, a, b in phonemes
                           if np.isfinite(a) and np.isfinite(b) and b > a and b > 0 and a < end_s])


def phoneme_shapes(visemes: PersonVisemes, phonemes: Phones, frames: int, fps: float) -> np.ndarray:
    """(frames, k) shapes from (IPA, start s, end s) timings: the person's classes, coarticulated."""
    return coarticulate(_timed_segments(phonemes, frames, fps), visemes.targets.astype(np.float64), frames, fps,
                        visemes.lead_s, visemes.tau_s)


def phoneme_closures(visemes: PersonVisemes, phonemes: Phones, frames: int, fps: float) -> np.ndarray:
    """(frames,) bool: where the timings shut the lips (:func:`closures`: bilabial contacts and pauses)."""
    contact, rest = closures(_timed_segments(phonemes, frames, fps), frames, fps, visemes.tau_s,
                             visemes.lead_s + visemes.tau_s)
    return contact | rest


def fuse(visemes: PersonVisemes, phone: np.ndarray, audio: np.ndarray, fps: float,
         shut: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Inverse-variance blend per frame -> (shapes, audio weight): the audio net's local error is the local mean
    square disagreement (~1 s) less the phoneme path's own error, floored at its error on the person's voice.
    Where the timings ``shut`` the lips the phoneme path alone holds them (:func:`closure_pull`), and there the
    disagreement is not counted: the audio net has no say on those frames, so what it does there says nothing of
    how far to trust it on the frames around them."""
    heard = np.ones(len(phone)) if shut is None else (~shut).astype(np.float64)
    disagreement = _smooth(((audio - phone) ** 2).sum(1) * heard, fps / 2) / np.maximum(_smooth(heard, fps / 2), 1e-6)
    audio_error = np.maximum(disagreement - visemes.phone_error, visemes.audio_error)
    weight = visemes.phone_error / (visemes.phone_error + audio_error)
    if shut is not None:
        weight = weight * (1.0 - closure_pull(shut, fps, visemes.tau_s))
    return phone + weight[:, None] * (audio - phone), weight
