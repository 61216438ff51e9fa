from voice.g2p import apply_sandhi, english_ipa, mandarin_tokens


def _readings(text):
    return {t.text: " ".join(t.pinyin) for t in mandarin_tokens(text) if t.kind == "zh"}


def test_third_tone_sandhi_within_words_and_after_monosyllables():
    assert _readings("展览馆")["展览馆"] == "zhan2 lan2 guan3"
    assert apply_sandhi([["hen3"], ["hao3"]], ["很", "好"]) == [["hen2"], ["hao3"]]


def test_yi_and_bu_sandhi():
    assert apply_sandhi([["bu4"], ["dui4"]], ["不", "对"]) == [["bu2"], ["dui4"]]
    assert apply_sandhi([["yi1", "gong4"]], ["一共"]) == [["yi2", "gong4"]]
    assert apply_sandhi([["yi1", "qi3"]], ["一起"]) == [["yi4", "qi3"]]
    assert apply_sandhi([["di4", "yi1"], ["ming2"]], ["第一", "名"]) == [["di4", "yi1"], ["ming2"]]
    assert apply_sandhi([["shi2", "yi1"]], ["十一"]) == [["shi2", "yi1"]]


def test_product_term_polyphones_and_custom_overrides():
    assert _readings("这是行货")["行货"] == "hang2 huo4"
    assert _readings("种草好物")["种草"] == "zhong4 cao3"
    tokens = mandarin_tokens("重庆小面", overrides={"重庆": "chong2 qing4"})
    assert tokens[0].pinyin == ("chong2", "qing4")


def test_english_words_inside_chinese_are_kept_as_english():
    tokens = mandarin_tokens("这款iPhone很好")
    assert [t.kind for t in tokens if t.text == "iPhone"] == ["en"]
    assert "".join(t.text for t in tokens) == "这款iPhone很好"


def test_english_ipa_from_espeak():
    pairs = dict(english_ipa("read the record"))
    assert pairs["the"].startswith("ð")
    assert "ɹ" in pairs["record"]
