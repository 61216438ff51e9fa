import numpy as np

from core.media import probe, read_frames
from footage import FootageSpec, generate_footage
from footage.face import FacePuppet
from footage.visemes import mouth_tracks, viseme_for
from voice.espeak import speak


def test_espeak_phonemes_have_increasing_times_inside_the_audio():
    utt = speak("Maybe we can buy a map.")
    assert utt.sample_rate > 8000 and np.abs(utt.samples).max() > 0.05
    symbols = [p.symbol for p in utt.phonemes]
    assert "m" in symbols and "p" in symbols
    starts = [p.start for p in utt.phonemes]
    assert starts == sorted(starts) and utt.phonemes[-1].end <= utt.duration + 1e-6


def test_bilabials_close_the_lips_between_open_vowels():
    utt = speak("papa mama baba")
    times = np.arange(0, utt.duration, 0.005)
    opening, _ = mouth_tracks(utt.phonemes, times)
    closed, peaks = [], []
    for ph in utt.phonemes:
        inside = (times >= ph.start) & (times < ph.end)
        if ph.symbol in ("p", "b", "m") and inside.any():
            closed.append(opening[inside].min())
        if viseme_for(ph.symbol).open > 0.8 and inside.any():
            peaks.append(opening[inside].max())
    assert len(closed) >= 5 and len(peaks) >= 3
    assert max(closed) < 0.12 and min(peaks) > 2 * max(closed) and max(peaks) > 0.45


def test_puppet_changes_only_the_mouth_when_the_mouth_opens():
    puppet = FacePuppet(640, 360)
    closed, open_ = puppet.render(0.0, 0.0, 0.0).astype(int), puppet.render(1.0, 0.0, 0.0).astype(int)
    diff = np.abs(closed - open_).sum(-1)
    ys, xs = np.nonzero(diff > 30)
    assert len(ys) > 200
    # the change sits in the lower face, around the middle of the frame
    assert 150 < ys.mean() < 300 and 250 < xs.mean() < 390
    assert diff[:120].max() == 0 and diff[:, :200].max() == 0


def test_generated_clip_has_video_audio_and_truth(good_clip):
    info = probe(good_clip.path)
    assert (info.video.width, info.video.height) == (640, 360)
    assert abs(info.duration_s - 36.0) < 0.2 and info.audio is not None
    assert good_clip.frames == 900 and good_clip.opening.std() > 0.1


def test_footage_reaches_4k(tmp_path):
    footage = generate_footage(tmp_path / "uhd.mp4", FootageSpec(duration_s=0.4, width=3840, height=2160, preset="ultrafast"))
    info = probe(footage.path)
    assert (info.video.width, info.video.height) == (3840, 2160)
    frame = next(iter(read_frames(footage.path)))
    assert frame.shape == (2160, 3840, 3) and frame.std() > 20
