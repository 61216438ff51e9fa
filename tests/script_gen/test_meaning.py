"""The sentence encoder shipped in its wheel: a claim said in other words, or in another language, comes out close."""

import numpy as np
import pytest

from script_gen import meaning

# (what a merchant forbids, the host saying it in other words, a line about something else)
CASES = [
    ("可以游泳", "戴着去游泳完全没问题", "表带是真皮的"),
    ("降血糖", "糖尿病的吃了指标就下来了", "米粒很饱满"),
    ("走时零误差", "Zero error, it keeps perfect time", "The strap is genuine leather"),
    ("可以直视太阳", "You can stare straight into the sun with these", "They come in a hard case"),
]


@pytest.mark.parametrize(("forbidden", "paraphrase", "other"), CASES)
def test_a_paraphrase_is_closer_than_another_topic_in_either_language(forbidden, paraphrase, other):
    said, same, else_ = meaning.vectors([forbidden, paraphrase, other])
    assert float(said @ same) > 0.5 > float(said @ else_) + 0.2


def test_vectors_are_unit_rows_and_an_empty_list_is_empty():
    out = meaning.vectors(["一", "two words", "第三句话"])
    assert out.shape == (3, meaning.DIMENSIONS)
    assert np.allclose(np.linalg.norm(out, axis=1), 1.0, atol=1e-4)
    assert meaning.vectors([]).shape == (0, meaning.DIMENSIONS)


def test_known_texts_are_encoded_once_and_read_only():
    first = meaning.known(("不得宣称防水", "不得宣称护眼"))
    assert meaning.known(("不得宣称防水", "不得宣称护眼")) is first
    assert not first.flags.writeable
    assert np.allclose(first, meaning.vectors(["不得宣称防水", "不得宣称护眼"]))


def test_a_lone_surrogate_from_json_is_read_not_raised():
    assert meaning.vectors(["游泳\ud800没问题"]).shape == (1, meaning.DIMENSIONS)


def test_a_run_on_sentence_is_read_back_only_a_short_way():
    text = "不，" + "戴着游泳没问题，" * 100
    starts = meaning.sentence_starts(text)
    assert meaning.sentence_start(starts, len(text) - 8) >= len(text) - 8 - 40
    assert meaning.sentence_start(starts, 3) == 0
