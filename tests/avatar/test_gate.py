import numpy as np
import pytest

from avatar import GateError, create_avatar
from avatar.ingest import GateLimits, prepare
from avatar.ingest.gate import GateReport, check_usable, frame_verdicts
from core.errors import InputError


def _fails(path, words: str) -> GateError:
    with pytest.raises(InputError) as err:
        prepare(path)
    assert words in str(err.value), str(err.value)
    return err.value


def test_corrupt_file(tmp_path):
    bad = tmp_path / "broken.mp4"
    bad.write_bytes(np.random.default_rng(0).integers(0, 256, 50_000, dtype=np.uint8).tobytes())
    _fails(bad, "not a readable media file")


def test_too_short(clip):
    err = _fails(clip("short", duration_s=8.0), "too short")
    assert err.report.duration_s == pytest.approx(8.0, abs=0.2)


def test_no_speech(clip):
    _fails(clip("silent", speech=False, width=160, height=90), "no speech")


def test_voice_over_is_refused_because_the_mouth_does_not_follow_the_sound(tmp_path, clip, good_clip):
    import subprocess

    other = clip("other", width=640, height=360, seed=9)  # someone else's words, with their own pauses
    dubbed = tmp_path / "dubbed.mp4"
    subprocess.run(["ffmpeg", "-v", "error", "-i", str(good_clip.path), "-i", str(other), "-map", "0:v", "-map", "1:a",
                    "-c", "copy", "-shortest", str(dubbed)], check=True)
    err = _fails(dubbed, "does not come from the face on screen")
    assert err.report.speech_s > 10, "there is speech: only its source is wrong"
    assert err.report.lip_sync_z < 3.0


def test_no_face(clip):
    _fails(clip("empty", faces=0), "no face")


def test_two_faces(clip):
    _fails(clip("pair", faces=2, width=640, height=360), "more than one face")


def test_small_face(clip):
    err = _fails(clip("far", width=640, height=360, face_height=0.25), "face too small")
    assert 60 < err.report.face_px_median < 128


def test_motion_blur(clip):
    _fails(clip("blur", width=640, height=360, motion_blur_px=31), "motion blur")


def test_create_avatar_stores_the_failed_gate_report(tmp_path, clip):
    out = tmp_path / "avatar"
    with pytest.raises(GateError):
        create_avatar(clip("short", duration_s=5.0, width=160, height=90), out)
    report = GateReport.model_validate_json((out / "gate.json").read_text())
    assert not report.passed and "too short" in report.error


def test_usable_footage_names_the_main_loss():
    n = 1000
    faces = np.ones(n, int)
    faces[:700] = 0
    verdicts = frame_verdicts(faces, np.full(n, 200.0), np.full(n, 0.5), GateLimits())
    assert verdicts["usable"].sum() == 300
    with pytest.raises(GateError, match="too little usable footage.*no face visible"):
        check_usable(GateReport(duration_s=40.0), verdicts, 25.0, GateLimits())
