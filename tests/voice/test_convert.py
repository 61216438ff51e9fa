import numpy as np
import pytest

from voice.analysis import measure_prosody
from voice.convert import choose_base_variant, mapping_for
from voice.embedded import EspeakBackend, EspeakVoice
from voice.emotion import STYLES, apply_style
from voice.records import Emotion
from voice.similarity import embed, similarity
from voice.synthesize import synthesize

HELD_OUT = "Thank you for joining us tonight. Ask me anything in the chat and I will answer."


@pytest.fixture(scope="module")
def held_out_target():
    """The target speaker saying a sentence none of the profile clips contain."""
    speech = synthesize(HELD_OUT, backend=EspeakBackend(EspeakVoice(variant="m3")))
    return embed(speech.samples, speech.sample_rate)


def test_conversion_moves_pitch_and_raises_similarity(speaker_profile, held_out_target):
    text = "Hello and welcome. This blender is strong, quiet and easy to clean."
    base = synthesize(text)  # default female base voice
    cloned = synthesize(text, speaker_profile)
    target_hz = np.exp(speaker_profile.f0_log_mean)
    assert abs(np.log(measure_prosody(cloned).f0_hz / target_hz)) < abs(np.log(measure_prosody(base).f0_hz / target_hz)) / 2
    sim_base = similarity(embed(base.samples, base.sample_rate), held_out_target)
    sim_cloned = similarity(embed(cloned.samples, cloned.sample_rate), held_out_target)
    assert sim_cloned > sim_base + 0.05
    assert [w.text for w in cloned.words] == [w.text for w in base.words]  # timings kept
    assert cloned.words[-1].end == pytest.approx(base.words[-1].end, rel=0.2)


def test_mapping_is_fitted_from_measurements(speaker_profile):
    mapping = mapping_for(speaker_profile, EspeakBackend(), "en")
    assert mapping.f0_target[0] < mapping.f0_source[0]  # female base -> male target
    assert 0.75 <= mapping.alpha <= 1.35 and np.all(np.abs(mapping.eq) <= np.log(10) + 1e-9)


def test_base_variant_choice_is_measured(speaker_profile):
    variant, score = choose_base_variant(speaker_profile, EspeakBackend(), "en")
    assert variant.startswith("m") and 0.5 < score <= 1.0


def test_world_prosody_for_any_backend():
    speech = synthesize("This sentence is spoken plainly.")
    excited, factor = apply_style(speech.samples, speech.sample_rate, STYLES[Emotion.EXCITED])
    assert factor == pytest.approx(1 / STYLES[Emotion.EXCITED].rate, rel=0.02)
    changed = speech.retimed(factor, excited, speech.sample_rate)
    assert measure_prosody(changed).f0_hz > measure_prosody(speech).f0_hz * 1.12
    assert changed.words[-1].end == pytest.approx(speech.words[-1].end * factor)
