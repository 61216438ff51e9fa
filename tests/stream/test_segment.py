import numpy as np
import pytest

from core.errors import InputError
from stream.segment import RoomFormat, Segment, prepare_segment

FMT = RoomFormat(320, 180)


def beep_slots(prepared, fmt=FMT):
    spf = fmt.samples_per_frame
    frames = prepared.audio[0].reshape(-1, spf)
    rms = np.sqrt((frames**2).mean(axis=1))
    return list(np.flatnonzero(rms > 0.3))


@pytest.mark.parametrize("name,frames", [("a", 23), ("b", 37), ("d", 8), ("long", 150)])
def test_audio_is_exactly_frames_times_samples_per_frame(seg, marks, name, frames):
    prepared = prepare_segment(seg(name), FMT)
    assert prepared.frames == frames
    assert prepared.audio.shape == (2, frames * 1920)
    # AAC priming is dropped: each beep sits in the same frame slot as its flash.
    every, offset = marks
    expected = list(range(offset, frames, every))
    assert beep_slots(prepared) == expected
    assert prepared.packets[0].keyframe and prepared.packets[0].index == 0


def test_reordered_frames_keep_presentation_slots(seg):
    prepared = prepare_segment(seg("long"), FMT)
    assert sorted(p.index for p in prepared.packets) == list(range(150))
    assert any(p.index != p.decode_index for p in prepared.packets), "x264 default has B-frames"
    keys = [p.index for p in prepared.packets if p.keyframe]
    assert keys == [0, 50, 100]  # closed 2 s GOP


def test_samples_per_frame_must_be_whole():
    assert RoomFormat(fps=30).samples_per_frame == 1600
    with pytest.raises(InputError, match="does not divide"):
        RoomFormat(fps=29)


@pytest.mark.parametrize("name,message", [("wrong_size", "does not match"), ("garbage", "segment")])
def test_broken_segments_are_named(seg, name, message):
    with pytest.raises(InputError, match=message):
        prepare_segment(seg(name), FMT)


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="missing"):
        prepare_segment(Segment(id="x", path=tmp_path / "nope.ts"), FMT)
