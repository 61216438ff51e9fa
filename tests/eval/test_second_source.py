"""The second footage source's ground truth is real: its law closes the lips in silence and on /p b m/, festival's
phones drive it, and the mouth drawn in the frames opens as the law says (measured in pixels, not by the avatar)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "eval" / "lipsync"))

import second_source as ss  # noqa: E402

needs_festival = pytest.mark.skipif(shutil.which("festival") is None, reason="Debian festival is not installed")


def _dark_area(frame: np.ndarray, box: tuple[int, int, int, int]) -> int:
    """Pixels of the painted cavity: very dark and reddish, inside ``box`` (x0, y0, x1, y1)."""
    x0, y0, x1, y1 = box
    patch = frame[y0:y1, x0:x1].astype(np.int32)
    return int(((patch.max(axis=2) < 75) & (patch[..., 2] >= patch[..., 1])).sum())


def test_law_closes_lips_in_silence_and_on_bilabials_and_opens_on_open_vowels():
    phones = [("pau", 0.0, 0.5), ("aa", 0.5, 0.75), ("m", 0.75, 0.85), ("aa", 0.85, 1.1), ("b", 1.1, 1.18),
              ("ae", 1.18, 1.4), ("p", 1.4, 1.5), ("pau", 1.5, 2.2)]
    t = np.arange(0, 2.2, 0.005)
    opening, _ = ss.mouth_law(phones, t)
    during = lambda a, b: opening[(t >= a) & (t < b)]  # noqa: E731
    assert during(0.0, 0.4).max() == 0.0  # silence: shut
    assert during(1.8, 2.2).max() == 0.0
    assert during(0.6, 0.7).max() > 0.6  # open vowel: wide
    for start, stop in ((0.75, 0.85), (1.1, 1.18), (1.4, 1.5)):  # /m b p/: the lips meet inside the segment
        assert during(start, stop).min() == 0.0, (start, stop)
    # IPA from the voice stage (stress and tone marks) lands on the same targets
    assert ss.phone_target("ˈa")[0] == ss.phone_target("aa")[0] == 1.0
    assert ss.phone_target("m")[0] < 0 and ss.phone_target("_")[0] < 0 and ss.phone_target("u")[1] == 1.0


def test_drawn_mouth_opens_as_the_law_says_and_is_shut_at_zero():
    face = ss.Face(640, 360)
    box = face.mouth_box()
    openings = np.linspace(0, 1, 11)
    areas = np.array([_dark_area(face.draw(float(o), 0.0), box) for o in openings])
    assert areas[0] == _dark_area(face.frame, box)  # closed: no cavity drawn
    assert np.all(np.diff(areas) >= 0) and areas[-1] > areas[0] + 200
    assert np.corrcoef(openings, areas)[0, 1] > 0.95
    # rounding draws the corners in: the same opening with rounded lips shows a narrower cavity
    assert _dark_area(face.draw(0.6, 1.0), box) < _dark_area(face.draw(0.6, 0.0), box)
    # outside the lower-face mesh the photo is untouched
    x0, y0, x1, y1 = face.roi
    wide = face.draw(1.0, 0.0)
    assert np.array_equal(wide[: y0 - 1], face.frame[: y0 - 1])


@needs_festival
def test_festival_phones_time_the_speech_and_close_the_lips_on_p_b_m(tmp_path):
    speech = ss.festival_speak("Bob bumped my map.", "slt", tmp_path / "s.wav")
    names = [n for n, _, _ in speech.phones]
    assert names[0] == "pau" and names[-1] == "pau" and {"b", "m", "p"} <= set(names)
    assert abs(speech.phones[-1][2] - speech.duration_s) < 0.05  # segment ends match the waveform's length
    with __import__("wave").open(str(speech.wav)) as w:
        samples = np.frombuffer(w.readframes(w.getnframes()), np.int16).astype(np.float64)
        rate = w.getframerate()
    # festival's timings are real: the leading pause is quiet, the speech after it is not
    lead_end = speech.phones[0][2]
    assert np.abs(samples[: int(lead_end * rate * 0.8)]).mean() < 0.1 * np.abs(samples[int(lead_end * rate):]).mean()
    t = np.arange(0, speech.duration_s, 0.002)
    opening, _ = ss.mouth_law(speech.phones, t)
    for name, start, stop in speech.phones:
        if name in ("p", "b", "m") and stop - start >= 0.05:
            assert opening[(t >= start) & (t < stop)].min() == 0.0, (name, start, stop)
    assert opening.max() > 0.5


@pytest.mark.slow  # 19-70 s on 2 shared cores (festival, the face's landmarks, x264)
@needs_festival
def test_generated_clip_frames_follow_the_truth(tmp_path):
    clip = ss.generate(tmp_path / "c.mp4", duration_s=4.0, width=480, height=270, seed=5)
    speech, truth = ss.load_truth(clip.path)
    assert np.allclose(truth, clip.opening) and truth.min() == 0.0 and truth.max() > 0.4
    face = ss.Face(480, 270)
    box = face.mouth_box()
    capture = cv2.VideoCapture(str(clip.path))
    areas = []
    while (got := capture.read())[0]:
        areas.append(_dark_area(got[1], box))
    capture.release()
    areas = np.array(areas, float)
    n = min(len(areas), len(truth))
    assert n >= len(truth) - 2
    r = [np.corrcoef(truth[max(lag, 0):n + min(lag, 0)], areas[max(-lag, 0):n - max(lag, 0)])[0, 1] for lag in (-1, 0, 1)]
    assert r[1] > 0.9 and r[1] > max(r[0], r[2]) + 0.1  # frame i shows the law at i / fps, not a frame off
    closed = _dark_area(face.draw(0.0, 0.0), box)
    shut, wide = areas[:n][truth[:n] == 0.0].mean(), areas[:n][truth[:n] > 0.3].mean()
    assert abs(shut - closed) < 0.25 * (wide - closed)  # silence and /p b m/ frames show the closed mouth
