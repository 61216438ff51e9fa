import re

import pytest

from core.errors import InputError
from voice.normalize import clean_text, normalize, parse_script, split_sentences
from voice.records import Emotion


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("只要¥99.9", "只要九十九点九元"),
        ("折扣20%", "折扣百分之二十"),
        ("买3件打8.8折", "买三件打八点八折"),
        ("容量5000mAh", "容量五千毫安时"),
        ("净含量250g", "净含量二百五十克"),
        ("500ml", "五百毫升"),
        ("2024年3月5日截止", "二零二四年三月五日截止"),
        ("今晚8:30开抢", "今晚八点三十分开抢"),
        ("电话13812345678", "电话幺三八幺二三四五六七八"),
        ("销量10万+", "销量十万多"),
    ],
)
def test_mandarin_sales_normalisation(text, expected):
    assert normalize(text, "zh") == expected


def test_model_numbers_read_digit_by_digit():
    assert normalize("型号XR-2000", "zh") == "型号 X R 二零零零"
    assert normalize("model RTX4090", "en") == "model R T X four zero nine zero"


def test_english_normalisation():
    out = normalize("Only $19.99 today, 20% off, 65W charging. Call 400-123-4567", "en")
    assert "nineteen" in out and "percent" in out and "sixty five watts" in out
    assert "four zero zero one two three four five six seven" in out
    assert not re.search(r"\d", out)


def test_emoji_and_symbols_removed_english_kept():
    assert clean_text("好物推荐😀🔥！iPhone也能用✨") == "好物推荐!iPhone也能用"
    assert clean_text("Café crème") == "Cafe creme"


@pytest.mark.parametrize("bad", ["", "   ", "😀🔥✨", "Привет мир", "こんにちは"])
def test_bad_text_gets_clear_errors(bad):
    with pytest.raises(InputError):
        parse_script(bad)


def test_too_long_text_is_refused():
    with pytest.raises(InputError, match="characters"):
        parse_script("好" * 50_000)


def test_sentences_tags_and_languages():
    script = "[excited]家人们！这款只要¥99。[apologetic]Sorry for the wait. 我们马上发货。"
    sentences = parse_script(script)
    assert [s.emotion for s in sentences] == [Emotion.EXCITED, Emotion.EXCITED, Emotion.APOLOGETIC,
                                              Emotion.APOLOGETIC]
    assert [s.language for s in sentences] == ["zh", "zh", "en", "zh"]
    assert sentences[1].spoken == "这款只要九十九元。"
    assert sentences[1].text == "这款只要¥99。"


def test_unknown_emotion_tag_is_an_error():
    with pytest.raises(InputError, match="unknown emotion"):
        parse_script("[furious]你好")


def test_long_sentences_split_at_commas_for_streaming():
    text = "，".join(["这款产品非常好用"] * 20) + "。"
    pieces = split_sentences(text)
    assert len(pieces) > 1 and all(len(p) <= 60 for p in pieces)
    assert "".join(pieces) == text


def test_streaming_first_piece_is_short():
    pieces = split_sentences("欢迎来到直播间，今天给大家带来好东西。这款面霜非常滋润，秋冬必备。", first_max_len=16)
    assert pieces == ["欢迎来到直播间，", "今天给大家带来好东西。", "这款面霜非常滋润，秋冬必备。"]
