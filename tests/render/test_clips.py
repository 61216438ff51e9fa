"""Intro/outro clips in batch templates: conformed once, joined with the body in one encode, bad clips refused."""

from __future__ import annotations

import subprocess

import numpy as np
import pytest

from core.errors import InputError
from core.media import read_audio, read_frames
from render.batch import Template, run_batch
from render.clips import check_clip, conform_clip, cover_box

FRAME = 1 / 25


def lavfi(path, video: str | None, audio: str | None, seconds: float):
    """A clip made by ffmpeg's generators (``video``/``audio`` are lavfi sources, None: no such stream)."""
    cmd = ["ffmpeg", "-v", "error", "-y"]
    for source in (video, audio):
        if source:
            cmd += ["-f", "lavfi", "-i", source]
    cmd += ["-t", str(seconds)]
    if video:
        cmd += ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]
    if audio:
        cmd += ["-c:a", "aac"]
    subprocess.run([*cmd, str(path)], check=True)
    return path


@pytest.fixture(scope="module")
def clips(tmp_path_factory):
    folder = tmp_path_factory.mktemp("clips")
    corrupt = folder / "broken.mp4"
    corrupt.write_bytes(np.random.default_rng(1).bytes(20000))
    return {
        # 4:3 at 30 fps with stereo 44.1 kHz sound: every property differs from the 9:16 25 fps segment
        "intro": lavfi(folder / "intro.mp4", "color=c=red:s=640x480:r=30",
                       "aevalsrc=0.5*sin(2*PI*440*t)|0.5*sin(2*PI*440*t):s=44100", 1.5),
        "outro": lavfi(folder / "outro.mp4", "color=c=blue:s=320x240:r=24", None, 1.0),  # no audio at all
        "long": lavfi(folder / "long.mp4", "color=c=green:s=64x64:r=25", None, 3.0),
        "voice": lavfi(folder / "voice.m4a", None, "sine=f=300:sample_rate=48000", 1.0),
        "broken": corrupt,
    }


def key_frames(ffprobe, path):
    packets = ffprobe(path, "-select_streams", "v", "-show_packets", "-show_entries", "packet=flags")["packets"]
    return [i for i, p in enumerate(packets) if "K" in p["flags"]], len(packets)


def test_intro_and_outro_are_conformed_once_and_joined_with_exact_alignment(trained_avatar, speech, clips, tmp_path,
                                                                             ffprobe):
    templates = [
        Template(name="framed", aspect="9:16", resolution="360p", intro=str(clips["intro"]), outro=str(clips["outro"])),
        Template(name="corrupt", aspect="9:16", resolution="360p", intro=str(clips["broken"])),
        Template(name="soundonly", aspect="9:16", resolution="360p", outro=str(clips["voice"])),
        Template(name="toolong", aspect="9:16", resolution="360p", intro=str(clips["long"])),
    ]
    out = tmp_path / "batch"
    seen: dict[str, set] = {"a": set(), "b": set()}  # the conformed caches as each item's render saw them

    def watch(fraction, message):
        if message.startswith(("a__framed", "b__framed")):
            seen[message[0]] |= {(c.name, c.stat().st_mtime_ns, c.stat().st_size) for c in (out / "clips").glob("*.yuv")}

    state = run_batch(trained_avatar, ["a", "b"], templates, lambda sku, template: speech, out, clip_max_s=2.5,
                      progress=watch)
    items = {item.key: item for item in state.items}
    assert state.done == 2 and state.failed == 6, "bad clips fail their items, the batch goes on"
    assert "intro broken.mp4 is not a readable video" in items["a__corrupt"].error
    assert "outro voice.m4a has no video stream" in items["b__soundonly"].error
    assert "intro long.mp4 is 3.0 s long; the most is 2.5 s" in items["a__toolong"].error

    assert len(seen["a"]) == 2 and seen["a"] == seen["b"], "one cache per clip and size, conformed once for both items"
    assert not (out / "clips").exists(), "the raw conformed clips are removed when the batch run ends"
    frame_bytes = 360 * 640 * 3 // 2
    intro_n, outro_n = sorted((size // frame_bytes for _, _, size in seen["a"]), reverse=True)  # 1.5 s, 1.0 s
    assert (intro_n, outro_n) == (round(1.5 * 25), 25) or (intro_n, outro_n) == (int(1.5 * 25), 25)
    body_n = int(np.ceil(speech.duration * 25))

    video_path = out / "a__framed.mp4"
    info = ffprobe(video_path)
    video = next(s for s in info["streams"] if s["codec_type"] == "video")
    audio = next(s for s in info["streams"] if s["codec_type"] == "audio")
    total = intro_n + body_n + outro_n
    assert (video["width"], video["height"]) == (360, 640) and video["pix_fmt"] == "yuv420p"
    assert video["avg_frame_rate"] == video["r_frame_rate"] == "25/1"
    assert int(video["nb_frames"]) == total
    assert float(video["duration"]) == pytest.approx(total / 25, abs=1e-3)
    assert int(audio["sample_rate"]) == 48000 and abs(float(audio["duration"]) - float(video["duration"])) <= FRAME
    keys, count = key_frames(ffprobe, video_path)
    assert count == total and keys == list(range(0, total, 50)), "keyframe at 0 and a closed 2 s GOP across the joins"
    assert info["format"]["tags"]["comment"] == "AI 生成"

    frames = list(read_frames(video_path))
    red, blue = np.array([255, 0, 0]), np.array([0, 0, 255])
    for index, colour in ((0, red), (intro_n - 1, red), (intro_n + outro_n, None), (total - outro_n, blue),
                          (total - 1, blue)):
        centre = frames[index][280:360, 140:220].reshape(-1, 3).mean(0)
        if colour is None:
            assert np.abs(centre - red).max() > 80 and np.abs(centre - blue).max() > 80, "the body is not a clip"
        else:
            assert np.abs(centre - colour).max() < 20, f"frame {index} is the clip, scaled to cover the frame"
            corner = frames[index][14:34, 250:345].reshape(-1, 3).astype(int)
            assert np.abs(corner - colour).max() > 150, f"frame {index} carries the visible AI label"

    sound = read_audio(video_path, sample_rate=48000)
    rms = lambda a, b: float(np.sqrt(np.mean(sound[int(a * 48000):int(b * 48000)] ** 2)))  # noqa: E731
    lead, tail_start = intro_n / 25, (intro_n + body_n) / 25
    assert rms(0.1, lead - 0.1) > 0.05, "the intro's own sound plays"
    assert rms(tail_start + 0.1, total / 25 - 0.05) < 0.003, "the silent outro is silent"
    srt = (out / "a__framed.srt").read_text(encoding="utf-8")
    first_start = srt.splitlines()[1].split(" --> ")[0]
    h, m, s = first_start.replace(",", ".").split(":")
    assert float(s) + 60 * int(m) >= lead + speech.sentences[0].start - 0.002, "sidecar cues shifted by the intro"
    cover = read_frames(out / "a__framed.jpg").__next__()
    assert np.abs(cover[280:360, 140:220].reshape(-1, 3).mean(0) - red).max() > 80, "the cover shows the body"


def test_cover_box_and_clip_checks(clips):
    assert cover_box((640, 480), (360, 640)) == (185, 0, 455, 480)  # 270 x 480 is 9:16
    assert cover_box((1920, 1080), (1920, 1080)) == (0, 0, 1920, 1080)
    assert check_clip(clips["intro"], 2.0).video.width == 640
    with pytest.raises(InputError, match="intro long.mp4 is 3.0 s long"):
        check_clip(clips["long"], 2.0, role="intro")
    still = clips["intro"].with_name("still.png")
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "color=c=red:s=64x64", "-frames:v", "1",
                    str(still)], check=True)
    with pytest.raises(InputError, match="outro still.png is a still picture"):
        check_clip(still, 2.0, role="outro")


def test_a_phone_clip_with_a_rotation_flag_is_conformed_upright(tmp_path):
    """Coded 640x360 (left red, right blue) and flagged rotate=90: shown, it is a 360x640 portrait split
    top/bottom, so it fills a 360x640 frame exactly, with no squeeze and no crop."""
    coded = lavfi(tmp_path / "coded.mp4", "color=c=red:s=640x360:r=25,drawbox=x=320:y=0:w=320:h=360:color=blue:t=fill",
                  None, 1.0)
    phone = tmp_path / "phone.mp4"
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", str(coded), "-c", "copy", "-metadata:s:v:0", "rotate=90",
                    str(phone)], check=True)
    assert check_clip(phone, 5.0).video.rotation in (90, -90, 270)
    clip = conform_clip(phone, (360, 640), tmp_path / "cache", max_seconds=5.0)
    assert clip.count == 25 and len(clip.samples) == 25 * 1920 and not clip.samples.any(), "silent, fitted to frames"
    luma = clip.frames[12][: 360 * 640].reshape(640, 360).astype(int)
    top, bottom = luma[40:280].mean(), luma[360:600].mean()
    assert abs(top - bottom) > 25, "red and blue halves stacked vertically, as the phone shows them"
    assert luma[40:280].std() < 3 and luma[360:600].std() < 3, "each half uniform: upright, not squeezed sideways"
