"""Real rendered files checked with ffprobe: size, frame count, duration, A/V alignment, GOP, label."""

from __future__ import annotations

import numpy as np
import pytest

from core.errors import InputError
from core.media import read_frames, write_wav
from render import render_speech
from render.encode import fit_audio
from render.segment import output_size

FRAME = 1 / 25


@pytest.fixture(scope="module")
def mp4(trained_avatar, speech, tmp_path_factory):
    progress = []
    out = tmp_path_factory.mktemp("render") / "seg.mp4"
    result = render_speech(trained_avatar, speech, out, resolution="360p", subtitles="burn+srt",
                           progress=lambda f, m: progress.append(f))
    return result, progress


def key_frames(ffprobe, path):
    packets = ffprobe(path, "-select_streams", "v", "-show_packets", "-show_entries", "packet=pts_time,flags")["packets"]
    return [i for i, p in enumerate(packets) if "K" in p["flags"]], len(packets)


def test_mp4_has_exact_frames_aligned_audio_and_closed_two_second_gop(mp4, speech, ffprobe):
    result, progress = mp4
    info = ffprobe(result.path)
    video = next(s for s in info["streams"] if s["codec_type"] == "video")
    audio = next(s for s in info["streams"] if s["codec_type"] == "audio")
    assert (video["width"], video["height"]) == (640, 360) == (result.width, result.height)
    assert video["codec_name"] == "h264" and video["pix_fmt"] == "yuv420p"
    assert video["avg_frame_rate"] == video["r_frame_rate"] == "25/1"
    assert int(video["nb_frames"]) == result.frames == int(np.ceil(speech.duration * 25))
    assert float(video["duration"]) == pytest.approx(result.frames / 25, abs=1e-3)
    assert audio["codec_name"] == "aac" and int(audio["sample_rate"]) == 48000
    assert result.audio_samples == result.frames * 1920
    assert abs(float(audio["duration"]) - float(video["duration"])) <= FRAME
    assert abs(float(audio.get("start_time", 0)) - float(video.get("start_time", 0))) <= FRAME
    keys, count = key_frames(ffprobe, result.path)
    assert keys[0] == 0 and keys == list(range(0, count, 50))
    assert info["format"]["tags"]["comment"] == "AI 生成"
    assert progress[-1] == 1.0 and progress == sorted(progress)
    srt = result.subtitle_paths[0].read_text(encoding="utf-8")
    assert result.subtitle_paths[0].suffix == ".srt" and "家人们好" in srt


def test_visible_label_and_burned_subtitles(mp4, trained_avatar, speech):
    result, _ = mp4
    plain = render_speech(trained_avatar, speech, result.path.with_name("plain.mp4"), resolution="360p", label=None)
    labelled = next(iter(read_frames(result.path)))
    bare = next(iter(read_frames(plain.path)))
    diff = np.abs(labelled.astype(int) - bare.astype(int)).sum(-1)
    assert diff[16:34, 575:620].mean() > 30, "label drawn top-right"
    assert diff[60:250].mean() < 2, "the middle of the frame is untouched"
    cue_frame = int((speech.sentences[0].start + speech.sentences[0].end) / 2 * 25)
    with_sub = list(read_frames(result.path))[cue_frame]
    without = list(read_frames(plain.path))[cue_frame]
    changed = np.abs(with_sub.astype(int) - without.astype(int)).sum(-1) > 60
    assert changed[300:335, 270:370].mean() > 0.05, "subtitle burned in above the bottom margin"
    assert changed[:290, 100:540].mean() < 0.01


def test_mpegts_segment_starts_on_a_keyframe_with_aligned_streams(trained_avatar, tmp_path, ffprobe):
    samples = 0.3 * np.sin(2 * np.pi * 220 * np.arange(int(2.3 * 48000)) / 48000)
    wav = write_wav(tmp_path / "tone.wav", samples, 48000)
    result = render_speech(trained_avatar, wav, tmp_path / "seg.ts", container="mpegts")
    info = ffprobe(result.path, "-show_programs")
    assert info["format"]["format_name"] == "mpegts"
    video = next(s for s in info["streams"] if s["codec_type"] == "video")
    audio = next(s for s in info["streams"] if s["codec_type"] == "audio")
    assert result.frames == 58 and (result.width, result.height) == (640, 360)
    assert abs(float(audio["start_time"]) - float(video["start_time"])) <= FRAME
    keys, count = key_frames(ffprobe, result.path)
    assert count == 58 and keys == [0, 50]
    assert info["programs"][0]["tags"]["service_name"] == "AI 生成"


def test_output_size_and_audio_fit():
    assert output_size((640, 360), None) == (640, 360)
    assert output_size((1920, 1080), "720p") == (1280, 720)
    assert output_size((1080, 1920), "720p") == (720, 1280)
    assert output_size((7680, 4320), None) == (3840, 2160)
    assert output_size((202, 360), "1080p", "9:16") == (1080, 1920)
    with pytest.raises(InputError, match="resolution"):
        output_size((640, 360), "8k")
    assert len(fit_audio(np.ones(5000), 3)) == 5760
    padded = fit_audio(np.ones(1000), 1)
    assert len(padded) == 1920 and padded[1000:].max() == 0.0


def test_subtitles_without_timings_is_an_input_error(trained_avatar, tmp_path):
    wav = write_wav(tmp_path / "a.wav", np.zeros(48000), 48000)
    with pytest.raises(InputError, match="Speech record"):
        render_speech(trained_avatar, wav, tmp_path / "x.mp4", subtitles="srt")


def test_compose_worker_keeps_order_and_surfaces_errors():
    from render.segment import ahead

    assert [int(f[0]) for f in ahead(np.full((1,), i) for i in range(20))] == list(range(20))

    def broken():
        yield np.zeros(1)
        raise InputError("bad frame")

    with pytest.raises(InputError, match="bad frame"):
        list(ahead(broken()))
    frames = ahead(np.zeros(1) for _ in range(1000))
    next(frames)
    frames.close()  # a cancelled consumer stops the worker
