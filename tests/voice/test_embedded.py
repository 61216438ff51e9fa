import numpy as np
import pytest

from voice.analysis import measure_prosody
from voice.records import Emotion, timings_to_dict
from voice.synthesize import iter_synthesize, synthesize


def test_speech_has_exact_word_and_phoneme_timings():
    speech = synthesize("家人们，这款充电宝只要¥99.9，iPhone也能用。")
    assert speech.sample_rate == 22050 and speech.backend == "espeak-ng"
    texts = [w.text for w in speech.words]
    assert "iPhone" in texts and "九" in "".join(texts)
    starts = [w.start for w in speech.words]
    assert starts == sorted(starts)
    for word in speech.words:
        assert 0 <= word.start < word.end <= speech.duration
        assert word.phonemes and word.phonemes[0].start == word.start and word.phonemes[-1].end == word.end
        assert all(p.start < p.end for p in word.phonemes)
    rms = lambda a, b: float(np.sqrt(np.mean(speech.samples[int(a * 22050):int(b * 22050)] ** 2)))  # noqa: E731
    loud_words = sum(rms(w.start, w.end) > 0.02 for w in speech.words)
    assert loud_words == len(speech.words)  # every word span holds sound
    assert rms(speech.words[-1].end + 0.05, speech.duration) < 0.005  # the sentence pause is silent


def test_mandarin_phonemes_follow_our_pinyin():
    speech = synthesize("你好")
    assert [p.phoneme for p in speech.phonemes][:2] == ["n", "i"]


def test_streaming_yields_each_sentence_with_its_own_timings():
    parts = list(iter_synthesize("第一句话。Second sentence here! 第三句。"))
    assert len(parts) == 3
    assert [p.sentences[0].language for p in parts] == ["zh", "en", "zh"]
    for index, part in enumerate(parts):
        assert part.words and all(w.sentence == index for w in part.words)
        assert part.words[-1].end <= part.duration


def test_joined_speech_offsets_timings():
    whole = synthesize("第一句话。第二句话。")
    assert len(whole.sentences) == 2
    assert whole.sentences[1].start == pytest.approx(whole.sentences[0].end + 0.30, abs=0.01)
    second = [w for w in whole.words if w.sentence == 1]
    assert second[0].start >= whole.sentences[1].start
    data = timings_to_dict(whole)
    assert data["words"][0]["phonemes"][0][0] == "t"


def test_emotions_change_pitch_rate_energy_and_pauses():
    text = "欢迎来到直播间，今天的价格非常划算，大家千万不要错过。"
    measured = {e: measure_prosody(synthesize(text, emotion=e)) for e in (Emotion.NEUTRAL, Emotion.EXCITED,
                                                                          Emotion.CALM, Emotion.APOLOGETIC)}
    neutral, excited, calm = measured[Emotion.NEUTRAL], measured[Emotion.EXCITED], measured[Emotion.CALM]
    assert excited.f0_hz > neutral.f0_hz * 1.1 > calm.f0_hz * 1.1
    assert excited.f0_range_st > neutral.f0_range_st > calm.f0_range_st
    assert excited.phonemes_per_s > neutral.phonemes_per_s * 1.1 > calm.phonemes_per_s * 1.1
    assert excited.loudness_lufs > neutral.loudness_lufs > measured[Emotion.APOLOGETIC].loudness_lufs
    assert calm.pause_s > neutral.pause_s > excited.pause_s


def test_per_sentence_loudness_keeps_emotion_offsets():
    from voice.emotion import STYLES
    from voice.output import measure_lufs

    parts = list(iter_synthesize("[excited]这款真的太划算了！[apologetic]抱歉让大家久等了。", target_lufs=-16.0))
    levels = [measure_lufs(p.samples, p.sample_rate) for p in parts]
    assert levels[0] == pytest.approx(-16.0 + STYLES[Emotion.EXCITED].volume_db, abs=0.6)
    assert levels[1] == pytest.approx(-16.0 + STYLES[Emotion.APOLOGETIC].volume_db, abs=0.6)


def test_progress_is_reported_and_can_cancel():
    from core.errors import Cancelled

    seen = []
    synthesize("第一句。第二句。", progress=lambda f, m: seen.append(f))
    assert seen[0] == 0.0 and seen[-1] == 1.0 and len(seen) == 3

    def cancel(fraction, message):
        if fraction > 0:
            raise Cancelled("job cancelled")

    with pytest.raises(Cancelled):
        synthesize("第一句。第二句。", progress=cancel)
