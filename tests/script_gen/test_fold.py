import pytest

from script_gen.fold import fold


@pytest.mark.parametrize("text,folded", [
    ("最\u200b好用", "最好用"),
    ("最 - 好", "最好"),
    ("第　１名", "第一名"),
    ("ＴＯＰ１", "top1"),
    ("排名第壹", "排名第一"),
    ("百分之百有效", "100%有效"),
])
def test_obfuscations_fold_to_the_plain_word(text, folded):
    assert fold(text).text == folded


def test_spans_map_back_to_what_was_said():
    text = "它是zui好的那款"
    f = fold(text, {"zui": "最"})
    start = f.text.index("最好")
    assert f.text == "它是最好的那款"
    assert text[slice(*f.span(start, start + 2))] == "zui好"


def test_english_words_and_number_ranges_stay_as_written():
    assert fold("Max 是 IPX7", {"zui": "最"}).text == "max 是 ipx7"
    assert fold("温度80-200度").text == "温度80-200度"
    assert fold("the best zui", {"zui": "最"}).text == "the best zui"


def test_a_syllable_with_several_lexicon_characters_takes_the_one_its_neighbour_completes():
    from script_gen.compliance import forbidden_claims
    from script_gen.records import Sku

    sku = Sku(sku_id="P-1", title="精华", price=1, forbidden_claims=("不得宣称美白",))
    assert [f.text for f in forbidden_claims("用了一个月，美bai效果看得见", sku)] == ["美bai"]
    assert fold("百分bai", {"bai": "百白"}, frozenset({"美白"})).text == "百分百"
    assert fold("美bai", {"bai": "百白"}, frozenset({"美白"})).text == "美白"


@pytest.mark.parametrize("said, read", [
    ("The b-e-s-t hair mask ever", "the best hair mask ever"),
    ("the N o . 1 shaver", "the no1 shaver"),
    ("the N 0 . 1 stove", "the no1 stove"),
    ("z u i 强冲锋裤", "zui强冲锋裤"),
    ("理发器T0P级", "理发器top级"),
    ("a 2 x 3 grid", "a 2 x 3 grid"),  # a size, not a word spelled out
    ("型号X01", "型号x01"),  # a model code keeps its zero
])
def test_letters_spelled_apart_are_one_word(said, read):
    folded = fold(said)
    assert folded.text == read
    assert len(folded.index) == len(folded.text)
