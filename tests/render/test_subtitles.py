"""Subtitle cues from speech timings and the SRT/VTT files."""

from __future__ import annotations

import pytest

from core.errors import InputError
from render.subtitles import speech_cues, write_subtitles


def test_cues_follow_sentences_and_split_long_ones(speech):
    cues = speech_cues(speech, max_chars=10)
    assert all(len(text) <= 10 for _, _, text in cues)
    assert "".join(text for _, _, text in cues) == "".join(s.text.strip() for s in speech.sentences)
    assert cues[0][0] == pytest.approx(speech.sentences[0].start, abs=1e-3)
    assert cues[-1][1] == pytest.approx(speech.sentences[-1].end, abs=1e-3)
    assert all(a[1] <= b[0] + 1e-6 and a[0] < a[1] for a, b in zip(cues, cues[1:]))


def test_srt_and_vtt_format(tmp_path):
    cues = [(0.0, 1.25, "家人们好！"), (61.5, 3725.004, "Thank you.")]
    srt = write_subtitles(cues, tmp_path / "a.srt").read_text(encoding="utf-8")
    assert srt.splitlines()[:4] == ["1", "00:00:00,000 --> 00:00:01,250", "家人们好！", ""]
    assert "01:02:05,004" in srt and srt.splitlines()[4] == "2"
    vtt = write_subtitles(cues, tmp_path / "a.vtt").read_text(encoding="utf-8")
    assert vtt.startswith("WEBVTT\n\n00:00:00.000 --> 00:00:01.250\n家人们好！")
    with pytest.raises(InputError, match="srt or .vtt"):
        write_subtitles(cues, tmp_path / "a.txt")
