"""A merchant's Chinese forbidden sentence broken by an English host: the forbidden concepts' English wordings,
with the rules' own frames and voice (a denial or a capability ruled out is no claim)."""

import pytest

from script_gen.compliance import forbidden_claims
from script_gen.forbidden_frames import ENGLISH, chinese_of, english_of
from script_gen.records import Sku


def _found(forbidden: str, text: str) -> list[str]:
    sku = Sku(sku_id="E-1", title="测试商品", price=10, forbidden_claims=(forbidden,))
    return [f.text for f in forbidden_claims(text, sku)]


@pytest.mark.parametrize("forbidden,text", [
    ("不得宣称可以游泳", "Go ahead and take it swimming, it's fine."),
    ("不得宣称可以潜水使用", "You can even go scuba diving with this watch."),
    ("不得宣称可补胎", "The kit will patch a flat tire in two minutes."),
    ("不得宣称适合夜间驾驶", "These lenses are perfect for driving at night."),
    ("不得宣称保护视力", "This lamp protects your children's eyesight."),
    ("不得宣称软化血管", "One cup each morning softens your blood vessels."),
    ("不得宣称降血糖", "A slice with lunch and your blood sugar goes down."),
    ("不得宣称养胃", "Warm and gentle, it soothes your stomach."),
    ("不得宣称治疗腹泻", "It clears up diarrhoea in a day."),
    ("不得宣称100%无尘", "Totally dust-free litter."),
    ("不得宣称无农药残留", "Zero pesticides on any of these apples."),
    ("不得宣称教育部指定", "The official pick of the Ministry of Education."),
    ("不得宣称意大利原装进口", "Imported in its original packaging."),
    ("不得宣称任何笔都不透", "Not even a marker bleeds through these pages."),
    ("不得宣称摔不碎", "The bowl is unbreakable, drop it all you like."),
    ("不得宣称有机", "Every leaf here is organic."),
    ("不得宣称进口轴承", "Imported bearings, super smooth."),  # bearings and the dictionary's bearing: one stem
])
def test_an_english_host_breaks_a_chinese_forbidden_sentence(forbidden, text):
    assert _found(forbidden, text)


@pytest.mark.parametrize("forbidden,text", [
    ("不得宣称可以游泳", "Don't take it swimming, it only handles splashes."),
    ("不得宣称可以游泳", "If you want to swim, switch to the diver model."),
    ("不得宣称可以潜水使用", "It is not made for diving."),
    ("不得宣称100%无尘", "It's not dust-free, there is a little dust."),
    ("不得宣称无农药残留", "We can't promise it is without pesticides."),
    ("不得宣称有机", "It is not organic, just grown carefully."),
    ("不得宣称摔不碎", "It isn't unbreakable, so handle it with care."),
    ("不得宣称适合夜间驾驶", "Not for driving at night, the tint is too dark."),
])
def test_an_english_denial_or_a_case_ruled_out_is_no_claim(forbidden, text):
    assert _found(forbidden, text) == []


def test_a_concept_inside_a_longer_forbidden_word_keeps_its_english():
    assert english_of("农药残留") == ENGLISH["农药"]
    assert english_of("量达标") is None


@pytest.mark.parametrize("forbidden,chinese", [
    ("Must not claim the jacket is waterproof.", "不得宣称防水"),
    ("Do not say it can be used for swimming or diving", "不得宣称可以游泳或可以潜水"),
    ("The host must not claim the tea is organic", "不得宣称有机"),
    ("must not claim the cover is a recommended product", "不得宣称推荐"),
    ("must not claim suitable for night driving", None),  # no concept of the table: left as it is
    ("不得宣称防水", None),
])
def test_an_english_forbidden_sentence_is_read_by_the_concepts_it_names(forbidden, chinese):
    assert chinese_of(forbidden) == chinese


@pytest.mark.parametrize("text,found", [
    ("这件冲锋衣防水，大雨里随便淋", True),
    ("The jacket is waterproof, wear it in a storm.", True),
    ("这件不防水，下雨记得带伞", False),
    ("It is not waterproof, only showerproof.", False),
])
def test_a_chinese_or_english_host_breaks_an_english_forbidden_sentence(text, found):
    assert bool(_found("Must not claim the jacket is waterproof.", text)) is found


def test_an_english_capability_sentence_keeps_its_frame():
    forbidden = "Do not claim it can be taken swimming"
    assert _found(forbidden, "戴着去游泳完全没问题")
    assert _found(forbidden, "游泳的时候千万别戴") == []


@pytest.mark.parametrize("forbidden,text,found", [
    ("不得宣称治疗腹泻", "A week of these and the diarrhoea is completely gone.", True),
    ("不得宣称治疗腹泻", "Is the diarrhoea gone? Ask your doctor.", False),
    ("不得宣称防螨", "Mites cannot survive in this bamboo fibre.", True),
    ("不得宣称防螨", "Wash it hot, mites love a damp pillow.", False),
])
def test_english_everyday_wordings_of_a_cure_and_a_removal(forbidden, text, found):
    assert bool(_found(forbidden, text)) is found


@pytest.mark.parametrize("text, flagged", [
    ("Size six PU ball, second ball thirty off.", False),  # seco|nd ba|ll is no NBA
    ("A pump and a net bag come free with it.", False),
    ("这就是NBA官方比赛用球。", True),
])
def test_a_latin_word_is_matched_as_a_word_not_across_others(text, flagged):
    assert bool(_found("不得宣称NBA或CBA官方比赛用球", text)) == flagged


@pytest.mark.parametrize("text, flagged", [
    ("Not sugar-free, it has eight grams a can.", False),  # "not ... free": it has the thing
    ("It is not a sugar-free food.", False),
    ("It is totally sugar-free.", True),
])
def test_not_free_of_a_thing_is_no_claim_of_being_free_of_it(text, flagged):
    assert bool(_found("不得宣称无糖或零糖", text)) == flagged


@pytest.mark.parametrize("forbidden, text, found", [
    ("不得宣称真丝", "It's real silk, feel that drape.", True),  # the dictionary's "pure silk"
    ("不得宣称纯棉", "One hundred percent cotton, breathes well.", True),
    ("不得宣称水晶材质", "Genuine crystal, listen to it ring.", True),  # 材质 left unsaid
    ("不得宣称红木或紫檀", "Genuine rosewood frame on this one.", True),
    ("不得宣称水晶材质", "It's soda-lime glass, not crystal.", False),
    ("不得宣称增肌减脂、喝了就瘦", "It's a solid drink for the morning.", False),  # solid of a verb's object: no material
])
def test_a_material_said_genuine_real_solid_or_pure_is_the_material_claim(forbidden, text, found):
    assert bool(_found(forbidden, text)) is found, text
