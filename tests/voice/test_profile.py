import numpy as np
import pytest

from core.errors import InputError
from core.media import read_audio, write_wav
from voice.output import measure_lufs
from voice.profile import CLIP_LUFS, VoiceProfile, build_voice_profile

RATE = 24_000  # the rate the conftest recordings are written at


def test_profile_keeps_loudness_normalised_speech_clips(speaker_profile, speaker_recording):
    profile = speaker_profile
    assert 1 <= len(profile.clips) and all(3.0 <= c.duration_s <= 15.0 for c in profile.clips)
    for path in profile.clip_paths:
        clip = read_audio(path, sample_rate=RATE)
        assert measure_lufs(clip, RATE) == pytest.approx(CLIP_LUFS, abs=1.0)
    assert 70 < np.exp(profile.f0_log_mean) < 160  # espeak's m3 is a low male voice
    assert 2.0 < profile.syllable_rate < 9.0
    assert len(profile.embedding) == 256 and abs(np.linalg.norm(profile.embedding) - 1) < 1e-6
    again = VoiceProfile.load(profile.directory)
    assert again.content_hash == profile.content_hash


def test_profile_from_a_video_file(speaker_recording, tmp_path):
    import subprocess

    video = tmp_path / "avatar.mp4"
    subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "color=c=gray:s=64x64:d=22", "-i",
                    str(speaker_recording), "-shortest", "-c:v", "libx264", "-c:a", "aac", str(video)], check=True)
    profile = build_voice_profile(video, tmp_path / "p", name="video", choose_base=False)
    assert profile.clips


def test_silent_reference_is_refused(tmp_path):
    path = write_wav(tmp_path / "silence.wav", np.zeros(RATE * 10, np.float32), RATE)
    with pytest.raises(InputError, match="silent"):
        build_voice_profile(path, tmp_path / "p", name="x", choose_base=False)


def test_music_only_reference_is_refused(music_file, tmp_path):
    with pytest.raises(InputError, match="music|no speech"):
        build_voice_profile(music_file, tmp_path / "p", name="x", choose_base=False)


def test_noise_only_reference_is_refused(tmp_path):
    noise = np.random.default_rng(0).normal(0, 0.1, RATE * 10).astype(np.float32)
    path = write_wav(tmp_path / "noise.wav", noise, RATE)
    with pytest.raises(InputError, match="music|noise|no speech"):
        build_voice_profile(path, tmp_path / "p", name="x", choose_base=False)


def test_music_stretch_is_rejected_but_speech_kept(speaker_recording, make_music, tmp_path):
    speech = read_audio(speaker_recording, sample_rate=RATE)
    mixed = np.concatenate([make_music(8.0, seed=3), np.zeros(RATE, np.float32), speech])
    path = write_wav(tmp_path / "mixed.wav", mixed, RATE)
    profile = build_voice_profile(path, tmp_path / "p", name="x", choose_base=False)
    assert all(c.start_s > 8.5 for c in profile.clips)
    assert any("music" in reason for reason in profile.rejected)


def test_overlapping_second_speaker_is_rejected(english_lines, tmp_path):
    from voice.embedded import EspeakBackend, EspeakVoice
    from voice.output import resample
    from voice.synthesize import synthesize

    def say(text, variant):
        speech = synthesize(text, backend=EspeakBackend(EspeakVoice(variant=variant)))
        return resample(speech.samples, speech.sample_rate, RATE) * 0.5

    gap = np.zeros(int(1.5 * RATE), np.float32)
    main = [say(line, "m3") for line in english_lines[:4]]
    other = say("Hey, wait, I want to talk about something else entirely right now, okay?", "f4")
    overlap = main[0][: len(other)].copy() if len(main[0]) >= len(other) else np.pad(main[0], (0, len(other) - len(main[0])))
    overlap = overlap + other
    recording = np.concatenate([main[0], gap, main[1], gap, overlap, gap, main[2], gap, main[3], gap])
    path = write_wav(tmp_path / "overlap.wav", recording, RATE)
    profile = build_voice_profile(path, tmp_path / "p", name="x", choose_base=False)
    assert any("overlapping speaker" in reason for reason in profile.rejected), (profile.rejected, [(c.start_s, c.duration_s) for c in profile.clips])
    assert len(profile.clips) == 4


def test_loading_a_missing_profile_is_a_clear_error(tmp_path):
    with pytest.raises(InputError, match="no voice profile"):
        VoiceProfile.load(tmp_path / "nobody")
