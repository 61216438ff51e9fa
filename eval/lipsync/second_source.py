"""A second talking-head source, made apart from the project's ``footage/`` so lip-sync can be measured honestly.

What differs from ``footage/`` (which it does not import):
- **face**: matplotlib's ``grace_hopper.jpg`` (a real photo shipped with matplotlib), not scikit-image's astronaut;
  its landmarks are measured here with MediaPipe when the source is built, and the mouth moves by a
  piecewise-affine warp of a Delaunay mesh over those landmarks (each triangle mapped affinely), with a painted
  cavity and teeth band between the inner lips;
- **mouth law**: a critically damped second-order articulator that tracks per-phone targets given early
  (anticipation), with bilabials and pauses aiming *below* closure so the lips press shut and stay shut
  (clamped at contact), instead of a dominance-function blend;
- **speech**: Debian festival voices (``cmu_us_slt_arctic_hts``, ``kal_diphone``), with the phone timings taken
  from festival's own utterance ``Segment`` relation, instead of espeak-ng.

``mouth_law(phones, times)`` defines the true opening for any phone sequence (festival's ARPAbet-like phones or
espeak IPA, through one IPA table), so the same law scores speech that did not make the footage.
"""

from __future__ import annotations

import json
import math
import re
import shutil
import subprocess
import tempfile
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

FPS = 25
VOICES = {"slt": "voice_cmu_us_slt_arctic_hts", "kal": "voice_kal_diphone"}

# ---------------------------------------------------------------------------------------------- phones -> targets

# festival's phone set (radio/ARPAbet) written in IPA, so one table serves festival and espeak-ng.
_ARPA_IPA = {
    "aa": "ɑ", "ae": "æ", "ah": "ʌ", "ao": "ɔ", "aw": "aʊ", "ax": "ə", "axr": "ɚ", "ay": "aɪ", "eh": "ɛ", "er": "ɜ",
    "ey": "eɪ", "ih": "ɪ", "iy": "i", "ow": "oʊ", "oy": "ɔɪ", "uh": "ʊ", "uw": "u", "b": "b", "ch": "tʃ", "d": "d",
    "dh": "ð", "f": "f", "g": "ɡ", "hh": "h", "jh": "dʒ", "k": "k", "l": "l", "m": "m", "n": "n", "ng": "ŋ", "p": "p",
    "r": "ɹ", "s": "s", "sh": "ʃ", "t": "t", "th": "θ", "v": "v", "w": "w", "y": "j", "z": "z", "zh": "ʒ",
    "pau": "_", "h#": "_", "sil": "_",
}
# First IPA letter of a phone -> (opening target, rounding target). Openings: 1 = widest vowel; bilabials and
# silence aim below contact (negative), so the articulator presses the lips shut instead of creeping towards them.
_VOWELS = {**dict.fromkeys("aɑæɐɒ", (1.0, 0.0)), **dict.fromkeys("ʌɛœɔɜɞ", (0.75, 0.0)),
           **dict.fromkeys("əeøoɘɵɤɚ", (0.55, 0.0)), **dict.fromkeys("iyɨʉɯuɪʏʊ", (0.3, 0.0))}
_ROUND = set("ɔoøœɒuʊyʏɵʉw")
_CONSONANTS = {**dict.fromkeys("pbmɸβ", -1.0), **dict.fromkeys("fvʋ", 0.12), **dict.fromkeys("θð", 0.22),
               **dict.fromkeys("tdnlɹrɾszʃʒçʂʐɕʑɬɮ", 0.2), **dict.fromkeys("jwɥ", 0.25),
               **dict.fromkeys("kgɡŋxɣqχ", 0.35), **dict.fromkeys("hɦʔ", 0.45)}
SILENCE = -0.15
ANTICIPATION_S = 0.045  # articulators move this much before the acoustic segment starts
OMEGA = 2 * math.pi * 5.0  # natural frequency of the critically damped articulator (rad/s)


def phone_target(phone: str) -> tuple[float, float]:
    """(opening, rounding) target of a festival phone or an espeak IPA phoneme; stress, length and tone are ignored."""
    ipa = _ARPA_IPA.get(phone.lower().rstrip("012"), phone)
    letters = [c for c in unicodedata.normalize("NFD", ipa) if c.isalpha() and c not in "ˈˌːˑʰʲʷ"]
    if not letters or ipa in ("_", ""):
        return SILENCE, 0.0
    rounding = 1.0 if any(c in _ROUND for c in letters) else 0.0
    vowels = [_VOWELS[c][0] for c in letters if c in _VOWELS]
    if vowels:  # a diphthong or a glide + vowel (Mandarin "ua") opens as its widest vowel
        return max(vowels), rounding
    return _CONSONANTS.get(letters[0], 0.3), rounding


def mouth_law(phones: Sequence[tuple[str, float, float]], times: np.ndarray, *, dt: float = 0.001) -> tuple[np.ndarray, np.ndarray]:
    """True (opening in [0, 1], rounding in [0, 1]) at ``times`` for ``phones`` = (name, start_s, end_s).

    Targets step at each phone's start minus ``ANTICIPATION_S``; a critically damped oscillator follows them
    (x'' = w^2 (target - x) - 2 w x'); the lips cannot pass contact, so opening = max(x, 0) and the state is
    stopped at contact (an inelastic lip collision).
    """
    end = max([float(times.max()) if len(times) else 0.0] + [e for _, _, e in phones]) + 0.1
    grid = np.arange(0.0, end + dt, dt)
    target_o = np.full(grid.shape, SILENCE, np.float64)
    target_r = np.zeros(grid.shape, np.float64)
    for name, start, stop in phones:
        a, b = np.searchsorted(grid, [start - ANTICIPATION_S, stop - ANTICIPATION_S])
        target_o[a:b], target_r[a:b] = phone_target(name)
    x = v = xr = vr = 0.0
    opening, rounding = np.empty_like(grid), np.empty_like(grid)
    w2, damp = OMEGA * OMEGA, 2.0 * OMEGA
    for k in range(len(grid)):
        v += dt * (w2 * (target_o[k] - x) - damp * v)
        x += dt * v
        if x < 0.0:
            x, v = 0.0, max(v, 0.0)
        vr += dt * (w2 * (target_r[k] - xr) - damp * vr)
        xr += dt * vr
        opening[k], rounding[k] = x, xr
    return (np.clip(np.interp(times, grid, opening), 0.0, 1.0), np.clip(np.interp(times, grid, rounding), 0.0, 1.0))


# ------------------------------------------------------------------------------------------------------ festival

@dataclass(frozen=True)
class Speech:
    """A festival utterance: its WAV and its phones (name, start_s, end_s) from the utterance's Segment relation."""

    wav: Path
    phones: tuple[tuple[str, float, float], ...]
    duration_s: float


def _scheme_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def festival_speak(text: str, voice: str, wav: Path) -> Speech:
    """Speak ``text`` with festival ``voice`` (a key of ``VOICES``) into ``wav``; phones from festival itself."""
    if shutil.which("festival") is None:
        raise RuntimeError("festival is not installed (Debian: festival festvox-us-slt-hts festvox-kallpc16k)")
    clean = re.sub(r"[^A-Za-z0-9 ,.'?!-]", " ", text)
    script = (f"({VOICES[voice]})\n(set! utt (utt.synth (Utterance Text {_scheme_string(clean)})))\n"
              f"(utt.save.wave utt {_scheme_string(str(wav))} 'riff)\n"
              "(mapcar (lambda (s) (format t \"SEG %s %f\\n\" (item.name s) (item.feat s \"end\")))"
              " (utt.relation.items utt 'Segment))\n")
    with tempfile.NamedTemporaryFile("w", suffix=".scm", delete=False) as f:
        f.write(script)
    try:
        out = subprocess.run(["festival", "-b", f.name], capture_output=True, text=True, timeout=600, check=True).stdout
    finally:
        Path(f.name).unlink()
    phones, start = [], 0.0
    for line in out.splitlines():
        if line.startswith("SEG "):
            _, name, stop = line.split()
            phones.append((name, start, float(stop)))
            start = float(stop)
    if not phones or not wav.exists():
        raise RuntimeError(f"festival produced no speech for voice {voice}")
    import wave

    with wave.open(str(wav)) as w:
        duration = w.getnframes() / w.getframerate()
    return Speech(wav, tuple(phones), duration)


_WORDS = ("amber harbour maple violet copper garden window morning quiet river paper basket market pebble velvet "
          "thunder bottle pepper meadow bubble marble summer puppet lemon honey tiger camera pillow mirror button "
          "silver forest rabbit jacket orange pocket kitten feather ladder poppy moment winter").split()
_VERBS = "brings keeps moves paints finds opens carries mends buys sorts polishes wraps".split()
_ADJ = "bright small heavy modest perfect simple famous broken plump humble shallow mellow".split()


def sentences(count: int, seed: int) -> list[str]:
    """Simple English sentences from a fixed vocabulary rich in bilabials and open vowels (seeded)."""
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(count):
        w = rng.choice(_WORDS, 3, replace=False)
        out.append(f"The {rng.choice(_ADJ)} {w[0]} {rng.choice(_VERBS)} a {w[1]} by the {w[2]}.")
    return out


def festival_track(text_sentences: Sequence[str], voice: str, wav: Path, *, gap_s: float = 0.35) -> Speech:
    """Sentences spoken one by one and joined with ``gap_s`` of silence (one festival call each keeps memory flat)."""
    import wave

    chunks, phones, t, rate = [], [], 0.0, None
    with tempfile.TemporaryDirectory() as tmp:
        for k, sentence in enumerate(text_sentences):
            part = festival_speak(sentence, voice, Path(tmp) / f"{k}.wav")
            with wave.open(str(part.wav)) as w:
                rate = rate or w.getframerate()
                samples = np.frombuffer(w.readframes(w.getnframes()), np.int16)
            chunks += [samples, np.zeros(int(gap_s * rate), np.int16)]
            phones += [(n, a + t, b + t) for n, a, b in part.phones] + [("pau", t + part.duration_s, t + part.duration_s + gap_s)]
            t += part.duration_s + gap_s
    audio = np.concatenate(chunks)
    with wave.open(str(wav), "wb") as w:
        w.setnchannels(1), w.setsampwidth(2), w.setframerate(rate), w.writeframes(audio.tobytes())
    return Speech(wav, tuple(phones), len(audio) / rate)


# ---------------------------------------------------------------------------------------------------------- face

# MediaPipe face-mesh indices: inner upper lip, inner lower lip, outer upper lip, outer lower lip (left -> right),
# jaw line, fixed points (nose, cheeks, eyes).
_INNER_UP = [78, 191, 80, 81, 82, 13, 312, 311, 310, 415, 308]
_INNER_LO = [95, 88, 178, 87, 14, 317, 402, 318, 324]
_OUTER_UP = [61, 185, 40, 39, 37, 0, 267, 269, 270, 409, 291]
_OUTER_LO = [146, 91, 181, 84, 17, 314, 405, 321, 375]
_CHIN = [172, 136, 150, 149, 176, 148, 152, 377, 400, 378, 379, 365, 397]
_FIXED = [1, 4, 5, 98, 327, 203, 423, 205, 425, 187, 411, 132, 361, 58, 288, 234, 454, 33, 263, 168]


def _photo() -> np.ndarray:
    import matplotlib

    path = Path(matplotlib.get_data_path()) / "sample_data" / "grace_hopper.jpg"
    image = cv2.imread(str(path))
    if image is None:
        raise RuntimeError(f"the face photo is missing: {path} (it ships with matplotlib)")
    return image


def _landmarks(image: np.ndarray) -> np.ndarray:
    import mediapipe as mp

    with mp.solutions.face_mesh.FaceMesh(static_image_mode=True, max_num_faces=1) as mesh:
        found = mesh.process(cv2.cvtColor(image, cv2.COLOR_BGR2RGB)).multi_face_landmarks
    if not found:
        raise RuntimeError("no face found in the source photo")
    h, w = image.shape[:2]
    return np.array([(p.x * w, p.y * h) for p in found[0].landmark], np.float64)


class Face:
    """The photo at ``width`` x ``height`` (face centred, sides filled with a blurred stretch of the photo), whose
    mouth opens and rounds by a piecewise-affine mesh warp, with a painted cavity between the inner lips."""

    def __init__(self, width: int, height: int) -> None:
        photo = _photo()
        marks = _landmarks(photo)
        scale = height / photo.shape[0]
        scaled = cv2.resize(photo, (round(photo.shape[1] * scale), height), interpolation=cv2.INTER_CUBIC)
        backdrop = cv2.GaussianBlur(cv2.resize(photo, (width, height)), (0, 0), 25).astype(np.float32)
        x0 = (width - scaled.shape[1]) // 2
        columns = np.arange(scaled.shape[1])
        alpha = np.clip(np.minimum(columns, scaled.shape[1] - 1 - columns) / 40.0, 0, 1)[None, :, None]
        window = backdrop[:, x0:x0 + scaled.shape[1]]
        backdrop[:, x0:x0 + scaled.shape[1]] = scaled * alpha + window * (1 - alpha)
        self.frame = backdrop.astype(np.uint8)
        pts = marks * scale + (x0, 0)
        self.width, self.height = width, height
        self.mouth_w = float(np.linalg.norm(pts[61] - pts[291]))
        self.iod = float(np.linalg.norm(pts[33] - pts[263]))
        up_in, lo_in = pts[_INNER_UP].copy(), pts[_INNER_LO].copy()
        lip_line = np.interp(lo_in[:, 0], up_in[:, 0], up_in[:, 1])
        lo_in[:, 1] = np.maximum(lo_in[:, 1], lip_line + 1.5)  # a closed mouth: keep the two lips' triangles apart
        chin = pts[_CHIN]
        top, bottom = pts[[1, 4]].mean(0)[1], pts[152, 1] + 0.35 * self.mouth_w
        left, right = chin[:, 0].min() - 0.3 * self.mouth_w, chin[:, 0].max() + 0.3 * self.mouth_w
        border = np.array([(x, y) for x in np.linspace(left, right, 6) for y in (top - 0.2 * self.mouth_w, bottom)]
                          + [(x, y) for x in (left, right) for y in np.linspace(top, bottom, 5)[1:-1]])
        self.rest = np.vstack([up_in, lo_in, pts[_OUTER_UP], pts[_OUTER_LO], chin, pts[_FIXED], border])
        n_up, n_lo, n_ou, n_ol, n_ch = len(up_in), len(lo_in), len(_OUTER_UP), len(_OUTER_LO), len(chin)
        self._groups = np.cumsum([0, n_up, n_lo, n_ou, n_ol, n_ch])
        from scipy.spatial import Delaunay

        self.triangles = Delaunay(self.rest).simplices
        self.roi = (int(left) - 2, int(top - 0.2 * self.mouth_w) - 2, int(right) + 3, int(bottom) + 3)
        centre_x = pts[[13, 14]].mean(0)[0]
        self._side = np.clip((self.rest[:, 0] - centre_x) / (0.5 * self.mouth_w), -1.5, 1.5)
        self.max_gap = 0.42 * self.mouth_w

    def mouth_box(self, pad: int = 0) -> tuple[int, int, int, int]:
        """(x0, y0, x1, y1) holding the lips at any opening or rounding, ``pad`` px larger on every side."""
        g = self._groups
        lips = self.rest[g[0]:g[4]]
        x0, y0 = lips.min(axis=0) - pad
        x1, y1 = lips.max(axis=0) + (pad, pad + self.max_gap)
        return int(x0), int(y0), int(x1) + 1, int(y1) + 1

    def _moved(self, opening: float, rounding: float) -> np.ndarray:
        """Mesh points for a mouth state: jaw and lower lip drop, upper lip lifts a little, corners draw in."""
        p = self.rest.copy()
        g = self._groups
        drop = opening * self.max_gap
        p[g[0]:g[1], 1] -= 0.18 * drop * (1 - 0.5 * np.abs(self._side[g[0]:g[1]]).clip(0, 1))
        p[g[2]:g[3], 1] -= 0.12 * drop * (1 - 0.5 * np.abs(self._side[g[2]:g[3]]).clip(0, 1))
        lower = np.r_[g[1]:g[2], g[3]:g[4]]
        p[lower, 1] += 0.82 * drop * (1 - 0.35 * np.abs(self._side[lower]).clip(0, 1))
        chin = np.r_[g[4]:g[5]]
        p[chin, 1] += 0.8 * drop * np.clip(1 - 0.45 * np.abs(self._side[chin]), 0.15, 1)
        lips = np.r_[g[0]:g[4]]
        p[lips, 0] -= rounding * 0.14 * self.mouth_w * np.tanh(self._side[lips])
        return p

    def draw(self, opening: float, rounding: float) -> np.ndarray:
        """A frame (BGR) with the mouth in the given state; the frame outside the lower-face mesh is the still photo."""
        out = self.frame.copy()
        dst = self._moved(opening, rounding)
        x0, y0, x1, y1 = self.roi
        roi = out[y0:y1, x0:x1]
        for tri in self.triangles:
            s, d = self.rest[tri].astype(np.float32), (dst[tri] - (x0, y0)).astype(np.float32)
            bx, by, bw, bh = cv2.boundingRect(d)
            bx, by = max(bx, 0), max(by, 0)
            bw, bh = min(bw, roi.shape[1] - bx), min(bh, roi.shape[0] - by)
            if bw <= 0 or bh <= 0:
                continue
            m = cv2.getAffineTransform((d - (bx, by)).astype(np.float32), s)
            patch = cv2.warpAffine(self.frame, m, (bw, bh), flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
                                   borderMode=cv2.BORDER_REFLECT)
            mask = np.zeros((bh, bw), np.uint8)
            cv2.fillConvexPoly(mask, np.round((d - (bx, by)) * 4).astype(np.int32), 1, cv2.LINE_8, 2)
            region = roi[by:by + bh, bx:bx + bw]
            region[mask > 0] = patch[mask > 0]
        g = self._groups
        up, lo = dst[g[0]:g[1]] - (x0, y0), dst[g[1]:g[2]] - (x0, y0)
        if opening > 0.02:
            cavity = np.vstack([up, lo[::-1]])
            mask = np.zeros(roi.shape[:2], np.float32)
            cv2.fillPoly(mask, [np.round(cavity * 4).astype(np.int32)], 1.0, cv2.LINE_AA, 2)
            mask = cv2.GaussianBlur(mask, (0, 0), 0.8)[..., None]
            teeth = np.zeros_like(mask)
            cv2.fillPoly(teeth, [np.round(np.vstack([up, up[::-1] + (0, 0.16 * self.max_gap)]) * 4).astype(np.int32)],
                         1.0, cv2.LINE_AA, 2)
            colour = np.where(cv2.GaussianBlur(teeth, (0, 0), 0.8)[..., None] > 0.5, (172, 182, 190), (28, 22, 48))
            roi[:] = (roi * (1 - mask) + colour * mask).astype(np.uint8)
        return out


# -------------------------------------------------------------------------------------------------------- clips

@dataclass(frozen=True)
class Clip:
    """A generated clip: the MP4, its speech, and the true mouth state of every frame."""

    path: Path
    speech: Speech
    opening: np.ndarray
    rounding: np.ndarray
    text: tuple[str, ...]


def _motion(frames: int, seed: int) -> np.ndarray:
    """Head motion and light per frame: (dx, dy, angle_deg, scale, gain), slow sums of sines with random phases."""
    rng = np.random.default_rng(seed + 1)
    t = np.arange(frames) / FPS
    out = np.zeros((frames, 5))
    for k, amp in enumerate((9.0, 6.0, 1.6, 0.018, 0.035)):
        for f in rng.uniform(0.03, 0.35, 3):
            out[:, k] += amp / 3 * np.sin(2 * np.pi * f * t + rng.uniform(0, 2 * np.pi))
    out[:, 3] += 1.0
    out[:, 4] += 1.0
    return out


def generate(path: Path, *, duration_s: float = 80.0, width: int = 1280, height: int = 720, seed: int = 11,
             voice: str = "slt", crf: int = 16, progress: Callable[[float], None] | None = None) -> Clip:
    """Write a talking clip of about ``duration_s`` (whole sentences) and return it with its true mouth per frame."""
    path = Path(path)
    text: list[str] = []
    spoken = None
    work = Path(tempfile.mkdtemp(prefix="second-source-"))
    try:
        while spoken is None or spoken.duration_s < duration_s:
            text += sentences(6, seed + len(text))
            spoken = festival_track(text, voice, work / "speech.wav")
        wav = path.with_suffix(".wav")
        shutil.copyfile(spoken.wav, wav)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    spoken = Speech(wav, spoken.phones, spoken.duration_s)
    frames = int(spoken.duration_s * FPS)
    opening, rounding = mouth_law(spoken.phones, np.arange(frames) / FPS)
    face, motion = Face(width, height), _motion(frames, seed)
    grain = np.random.default_rng(seed + 2).normal(0, 2.2, (4, height, width, 1)).astype(np.float32)
    cmd = ["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-f", "rawvideo", "-pix_fmt", "bgr24", "-s",
           f"{width}x{height}", "-r", str(FPS), "-i", "-", "-i", str(wav), "-map", "0:v", "-map", "1:a",
           "-c:v", "libx264", "-preset", "veryfast", "-crf", str(crf), "-pix_fmt", "yuv420p", "-c:a", "aac",
           "-b:a", "128k", "-shortest", str(path)]
    enc = subprocess.Popen(cmd, stdin=subprocess.PIPE)
    try:
        for i in range(frames):
            img = face.draw(float(opening[i]), float(rounding[i]))
            dx, dy, angle, scale, gain = motion[i]
            m = cv2.getRotationMatrix2D((width / 2, height * 0.45), angle, scale)
            m[:, 2] += (dx, dy)
            img = cv2.warpAffine(img, m, (width, height), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT)
            img = np.clip(img * gain + grain[i % 4], 0, 255).astype(np.uint8)
            enc.stdin.write(img.tobytes())
            if progress and i % 50 == 0:
                progress(i / frames)
    finally:
        enc.stdin.close()
        if enc.wait() != 0:
            raise RuntimeError(f"ffmpeg failed writing {path}")
    path.with_suffix(".json").write_text(json.dumps({"text": text, "phones": spoken.phones, "fps": FPS}))
    return Clip(path, spoken, opening, rounding, tuple(text))


def load_truth(path: Path) -> tuple[Speech, np.ndarray]:
    """The speech and true opening per frame of a clip written by ``generate`` (from its ``.json`` beside it)."""
    meta = json.loads(Path(path).with_suffix(".json").read_text())
    phones = tuple((n, float(a), float(b)) for n, a, b in meta["phones"])
    wav = Path(path).with_suffix(".wav")
    duration = phones[-1][2]
    return Speech(wav, phones, duration), mouth_law(phones, np.arange(int(duration * FPS)) / FPS)[0]
