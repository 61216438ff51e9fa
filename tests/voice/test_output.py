import audioop
import subprocess
import wave

import numpy as np
import pytest

from voice.cache import SpeechCache, cache_key
from voice.output import lin2ulaw, measure_lufs, to_telephony, to_video, ulaw2lin
from voice.synthesize import synthesize


@pytest.fixture(scope="module")
def speech():
    return synthesize("[excited]家人们，这款充电宝只要¥99.9！[calm]Thank you for watching.")


def test_video_output_is_48k_at_minus_16_lufs(speech):
    video = to_video(speech)
    assert video.sample_rate == 48000
    assert measure_lufs(video.samples, 48000) == pytest.approx(-16.0, abs=0.5)
    assert np.max(np.abs(video.samples)) <= 10 ** (-1 / 20) + 1e-6
    assert video.words[3].start == speech.words[3].start  # resampling keeps the timings


def test_write_speech_saves_audio_and_timings(speech, tmp_path):
    import json

    from voice import write_speech

    wav_path, json_path = write_speech(to_video(speech), tmp_path / "out.wav")
    with wave.open(str(wav_path)) as wav:
        assert wav.getframerate() == 48000
    data = json.loads(json_path.read_text())
    assert data["words"][0]["text"] == speech.words[0].text and data["sentences"][0]["emotion"] == "excited"


def test_mulaw_codec_matches_the_g711_reference():
    pcm = np.arange(-32768, 32768, dtype=np.int16)
    encoded = lin2ulaw(pcm)
    assert encoded == audioop.lin2ulaw(pcm.tobytes(), 2)
    assert np.array_equal(ulaw2lin(encoded), np.frombuffer(audioop.ulaw2lin(encoded, 2), np.int16))


def test_telephony_files_are_valid_band_limited_g711(speech, tmp_path):
    phone = to_telephony(speech, tmp_path, name="call")
    assert len(phone.mulaw) == len(phone.pcm16) == pytest.approx(speech.duration * 8000, abs=2)
    probe = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "stream=codec_name,sample_rate,channels",
                            "-of", "csv=p=0", str(phone.mulaw_wav)], capture_output=True, text=True, check=True)
    assert probe.stdout.strip() == "pcm_mulaw,8000,1"
    with wave.open(str(phone.pcm_wav)) as wav:
        assert (wav.getframerate(), wav.getsampwidth(), wav.getnchannels()) == (8000, 2, 1)
    decoded = ulaw2lin(phone.mulaw).astype(np.float64)
    spectrum = np.abs(np.fft.rfft(decoded)) ** 2
    freqs = np.fft.rfftfreq(len(decoded), 1 / 8000)
    in_band = spectrum[(freqs >= 300) & (freqs <= 3400)].sum()
    assert spectrum[freqs < 200].sum() < 0.01 * in_band
    assert spectrum[freqs > 3700].sum() < 0.01 * in_band
    assert measure_lufs(decoded / 32768, 8000) == pytest.approx(-20.0, abs=1.5)


def test_cache_keys_follow_content_and_round_trip(speech, tmp_path):
    key = cache_key("你好", emotion="warm", voice_hash=None, backend_id="espeak-ng:x", output="video")
    assert key == cache_key("你好", emotion="warm", voice_hash=None, backend_id="espeak-ng:x", output="video")
    assert key != cache_key("你好", emotion="calm", voice_hash=None, backend_id="espeak-ng:x", output="video")
    assert key != cache_key("你好", emotion="warm", voice_hash="abc", backend_id="espeak-ng:x", output="video")
    cache = SpeechCache(tmp_path)
    assert cache.get(key) is None
    cache.put(key, speech)
    back = cache.get(key)
    assert np.array_equal(back.samples, speech.samples) and back.words == speech.words
    assert back.sentences == speech.sentences


def test_synthesize_uses_the_cache(tmp_path):
    cache = SpeechCache(tmp_path)
    first = synthesize("缓存测试。", emotion="warm", cache=cache)
    assert len(list(tmp_path.rglob("*.npz"))) == 1
    again = synthesize("缓存测试。", emotion="warm", cache=cache)
    assert np.array_equal(again.samples, first.samples)  # espeak output varies slightly: equality proves a hit
    synthesize("缓存测试。", emotion="calm", cache=cache)
    assert len(list(tmp_path.rglob("*.npz"))) == 2


def test_a_sentence_memo_renders_shared_sentences_once_and_keeps_its_bound():
    from voice.cache import SpeechMemo

    memo = SpeechMemo(max_bytes=50_000_000)
    first = synthesize("这是由AI合成的声音。王芳，您好！再听一遍请按1。", sentence_store=memo)
    assert (memo.hits, memo.misses) == (0, 3)
    second = synthesize("这是由AI合成的声音。李雷，您好！再听一遍请按1。", sentence_store=memo)
    assert (memo.hits, memo.misses) == (2, 4)  # only the greeting was rendered again
    for n in (0, 2):  # espeak output varies slightly from run to run: equal samples prove the reuse
        a, b = first.sentences[n], second.sentences[n]
        assert b.end - b.start == pytest.approx(a.end - a.start)
        cut = lambda s, t: s.samples[round(t.start * s.sample_rate):round(t.end * s.sample_rate)]  # noqa: E731
        assert np.array_equal(cut(first, a), cut(second, b))
    assert [s.text[:2] for s in second.sentences] == ["这是", "李雷", "再听"]
    assert [w.sentence for w in second.words] == sorted(w.sentence for w in second.words)
    assert {w.sentence for w in second.words} == {0, 1, 2}
    small = SpeechMemo(max_bytes=first.samples.nbytes // 2)  # room for about one sentence at a time
    synthesize("这是由AI合成的声音。王芳，您好！再听一遍请按1。", sentence_store=small)
    assert small._bytes <= small.max_bytes and len(small._held) < 3
