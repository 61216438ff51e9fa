"""A merchant's forbidden claim, written in Chinese, said by a host in English: read through the packaged
Chinese-English dictionary, with the claim's verb said by its English cues and the negation agreeing."""

import pytest

from script_gen.compliance import forbidden_claims
from script_gen.english_forbidden import english_forbidden
from script_gen.records import Sku


def _said(forbidden: str, text: str) -> list[str]:
    return [text[s:e] for _, s, e in english_forbidden(text, [forbidden])]


def test_a_claim_said_in_english_is_found_in_its_clause():
    assert _said("不得宣称可以机洗", "Cotton shell, toss it in the washing machine, no problem.") == [
        "toss it in the washing machine"]


def test_a_denied_claim_is_not_the_claim():
    assert _said("不得宣称可以机洗", "Hand wash only, never put it in the washing machine.") == []


@pytest.mark.parametrize("text,said", [
    ("A cup every morning lowers your blood pressure.", ["A cup every morning lowers your blood pressure"]),
    ("This cuff measures your blood pressure in thirty seconds.", []),  # the noun without the claim's verb
])
def test_a_claim_verb_must_be_said_by_one_of_its_english_cues(text, said):
    assert _said("不得宣称降血压、治疗心脑血管疾病", text) == said


def test_each_alternative_of_the_sentence_is_a_claim_of_its_own():
    assert _said("不得宣称降血压、治疗便秘", "And it cures constipation too.") == ["And it cures constipation too"]


@pytest.mark.parametrize("forbidden, text, said", [
    ("不得宣称根治牙齿敏感", "Cures sensitivity for good.", True),  # the verb and one word said, "teeth" left out
    ("不得宣称糖尿病人随便吃", "Diabetics can eat as much as they like.", True),  # the condition's people by its word
    ("不得宣称能打印6寸照片", "It makes two by three inch sticky-back prints.", False),  # a figure must be said
    ("不得宣称根治牙齿敏感", "Sensitivity aside, it tastes good.", False),  # neither the verb nor a second word
])
def test_a_host_may_leave_one_word_of_the_claim_out(forbidden, text, said):
    assert bool(_said(forbidden, text)) is said


def test_chinese_text_is_left_to_the_chinese_rules():
    assert _said("不得宣称可以机洗", "这件可以直接机洗") == []


def test_the_finding_names_the_merchants_sentence():
    sku = Sku(sku_id="J-1", title="羽绒服", category="服饰/羽绒服", price=599, forbidden_claims=("不得宣称可以机洗",))
    found = forbidden_claims("Warm and light. Toss it in the washing machine, no problem.", sku)
    assert [(f.kind, f.text, f.fact_ref) for f in found] == [
        ("forbidden_claim", "Toss it in the washing machine", "J-1#forbidden:0")]
    assert "不得宣称可以机洗" in found[0].reason


@pytest.mark.parametrize("forbidden,text", [
    ("不得宣称永不褪色", "Wash it a hundred times, it never fades."),  # fade / fades
    ("不得宣称永不变色", "Never changes color."),
    ("不得宣称能剁冻肉", "Frozen meat straight from the freezer, no thawing."),  # freeze / freezer
])
def test_a_word_and_its_inflections_are_one_stem(forbidden, text):
    assert _said(forbidden, text) != []


@pytest.mark.parametrize("forbidden,text,said", [
    ("不得宣称红木", "Gorgeous grain, that's rosewood, the real stuff.", True),
    ("不得宣称黄铜", "Feel the weight of that, it's brass.", True),
    ("不得宣称不锈钢", "Nice and shiny, stainless steel, all of them.", True),  # 不锈 is no denial
    ("不得宣称红木", "It's not rosewood, it's elm.", False),
    ("不得宣称红木", "Rosewood costs ten times this.", False),  # named, not said to be what it is
])
def test_a_one_word_thing_said_as_what_the_product_is(forbidden, text, said):
    assert bool(_said(forbidden, text)) is said


@pytest.mark.parametrize("forbidden,text", [
    ("不得宣称防火", "They're fireproof, you can drop a cigarette on them."),  # fire + protect against
    ("不得宣称百分之百防盗刷", "A hundred percent skim-proof."),
    ("不得宣称永不发霉", "Keep it in a damp kitchen, it will never grow mold."),  # moldy / mold; "to become" no content
    ("不得宣称防水", "Rainproof, leave it out on the balcony."),  # (splash-proof is what IPX4 says)
])
def test_proof_compounds_and_adjectives_in_y_are_read_as_the_dictionary_words_them(forbidden, text):
    assert _said(forbidden, text) != [] or forbidden_claims(text, Sku(
        sku_id="E-1", title="测试商品", price=1, forbidden_claims=(forbidden,))) != []


@pytest.mark.parametrize("forbidden,text,said", [
    ("不得宣称零反式脂肪", "A healthy gift, too, it's zero trans fat.", True),  # 零 is a denial, as "zero" is
    ("不得宣称零添加", "Nothing added, all natural.", True),
    ("不得宣称零噪音", "Totally silent, zero noise.", True),
    ("不得宣称无糖", "It has sugar, so it's not sugar-free.", False),  # the denial denied
    ("不得宣称零添加", "No added sucrose, sweetened with erythritol.", False),  # a narrower thing denied
])
def test_a_denied_noun_is_said_with_zero_no_or_free(forbidden, text, said):
    assert bool(_said(forbidden, text)) is said


@pytest.mark.parametrize("text,said", [
    ("Spray it round the bed at night and the mosquitoes stay away till morning.", True),
    ("One bottle per room and mosquitoes won't touch you all summer.", True),  # the verb's own negation
    ("It doesn't keep mosquitoes away, it just smells nice.", False),
    ("It is not a repellent, mosquitoes still bite.", False),
])
def test_driving_a_pest_away_is_said_by_what_keeps_it_off(text, said):
    assert bool(_said("不得宣称驱蚊", text)) is said


@pytest.mark.parametrize("text, said", [
    ("Naturally antibacterial, it never smells.", ["Naturally antibacterial"]),
    ("Silk is antibacterial, so it keeps your scalp clean.", ["Silk is antibacterial"]),
    ("Antibacterial.", ["Antibacterial"]),
    ("It's not antibacterial, wash it often.", []),
    ("Sterilizer, dishwasher, both fine.", []),  # a device named, no property of the product
])
def test_a_one_word_property_said_as_what_the_product_is(text, said):
    assert _said("不得宣称抗菌、杀菌", text) == said


def test_a_bit_is_a_little_not_a_bite():
    assert _said("不得宣称可以啃咬", "Ninety grams, a bit over three ounces.") == []
    assert _said("不得宣称可以啃咬", "Let them bite it, no problem.") == ["Let them bite it"]


@pytest.mark.parametrize("forbidden, text", [
    ("不得宣称永不掉毛", "We don't promise it never sheds, give it a brush now and then."),
    ("不得宣称永不掉毛", "I'm not going to promise it never sheds."),
    ("不得宣称降血糖、糖尿病人放心吃", "Someone asks if diabetics can eat it, please ask your doctor."),
])
def test_a_refusal_to_promise_or_a_viewers_question_claims_nothing(forbidden, text):
    assert _said(forbidden, text) == []


def test_the_claim_said_after_the_question_is_still_read():
    assert _said("不得宣称永不掉毛", "Someone asked about shedding. It never sheds, not one hair.") != []
