"""H.265 output (libx265): HEVC tagged hvc1 for players, IDR keyframes every 2 s (closed GOP), A/V by count."""

from __future__ import annotations

import re
import subprocess

import numpy as np
import pytest

from core.media import read_frames
from render import EncodeSettings, render_speech
from render.batch import Template, run_batch

FRAME = 1 / 25
HEVC_IDR = {19, 20}  # IDR_W_RADL, IDR_N_LP; 21 (CRA) would mean an open GOP

pytestmark = pytest.mark.skipif("libx265" not in subprocess.run(["ffmpeg", "-hide_banner", "-encoders"],
                                                                capture_output=True, text=True).stdout,
                                reason="this ffmpeg has no libx265")


def nal_types(path) -> list[int]:
    """The HEVC NAL unit types of every coded slice and parameter set, in stream order."""
    out = subprocess.run(["ffmpeg", "-v", "verbose", "-i", str(path), "-map", "0:v", "-c", "copy", "-bsf:v",
                          "trace_headers", "-f", "null", "-"], capture_output=True, text=True, check=True).stderr
    return [int(m) for m in re.findall(r"nal_unit_type\s+\d+ = (\d+)", out)]


def test_h265_render_is_hvc1_with_idr_every_two_seconds_and_aligned_audio(trained_avatar, speech, tmp_path, ffprobe):
    result = render_speech(trained_avatar, speech, tmp_path / "seg.mp4", resolution="360p",
                           encode=EncodeSettings(codec="h265", prefer_hardware=False))
    assert result.encoder == "libx265"
    info = ffprobe(result.path)
    video = next(s for s in info["streams"] if s["codec_type"] == "video")
    audio = next(s for s in info["streams"] if s["codec_type"] == "audio")
    assert video["codec_name"] == "hevc" and video["codec_tag_string"] == "hvc1", "hvc1: Apple players refuse hev1"
    assert video["pix_fmt"] == "yuv420p" and video["avg_frame_rate"] == "25/1"
    assert int(video["nb_frames"]) == result.frames == int(np.ceil(speech.duration * 25))
    assert int(audio["sample_rate"]) == 48000 and result.audio_samples == result.frames * 1920
    assert abs(float(audio["duration"]) - float(video["duration"])) <= FRAME
    packets = ffprobe(result.path, "-select_streams", "v", "-show_packets", "-show_entries", "packet=flags")["packets"]
    assert [i for i, p in enumerate(packets) if "K" in p["flags"]] == list(range(0, result.frames, 50))
    slices = [t for t in nal_types(result.path) if t < 32]  # VCL NAL units only
    assert 21 not in slices and sum(t in HEVC_IDR for t in slices) == len(range(0, result.frames, 50)), "closed GOP"
    assert info["format"]["tags"]["comment"] == "AI 生成"
    h264 = render_speech(trained_avatar, speech, tmp_path / "seg264.mp4", resolution="360p")
    a, b = next(iter(read_frames(result.path))), next(iter(read_frames(h264.path)))
    assert np.abs(a.astype(int) - b.astype(int)).mean() < 3, "the same picture, only the codec differs"


def test_batch_template_chooses_h265(trained_avatar, speech, tmp_path, ffprobe):
    state = run_batch(trained_avatar, ["a"], [Template(name="hevc", aspect="16:9", resolution="360p", codec="h265",
                                                   subtitles=False)],
                      lambda sku, template: speech, tmp_path / "batch")
    assert state.done == 1
    video = next(s for s in ffprobe(tmp_path / "batch" / "a__hevc.mp4")["streams"] if s["codec_type"] == "video")
    assert video["codec_name"] == "hevc" and video["codec_tag_string"] == "hvc1"
