"""True things hosts say that read like errors, each beside the error it resembles: a gross total before a
buy-get's received count or a threshold; tonight's session named as 晚上那场 and said cheapest; a period of use
against a shelf life; a present (送亲戚正好); not zero sugar; a 100 % composition; a season title without its
quotes."""

import json
from datetime import datetime

import pytest

from script_gen.compliance import check_compliance, protected_terms
from script_gen.kb_import import parse_json

AT = datetime(2039, 7, 16, 9, 40)
FAIR = {"starts_at": "2039-07-14 00:00", "ends_at": "2039-07-19 23:59"}
KB = {"skus": [
    {"sku_id": "H1", "title": "茶语 红茶礼盒", "brand": "茶语", "category": "食品/茶叶", "price": 49,
     "stock": {"quantity": 500, "unit": "盒"},
     "attributes": [{"key": "保质期", "value": "18个月"}, {"key": "净含量", "value": "100g"}],
     "certifications": ["2039春季“最受钢琴师欢迎茶礼盒”"],
     "promotions": [{"name": "晒谷节", "price": 39, **FAIR, "description": "买三送一",
                     "rules": [{"kind": "buy_get", "buy": 3, "free": 1}]},
                    {"name": "麦垛场限时价", "price": 35, "starts_at": "2039-07-16 20:00", "ends_at": "2039-07-16 21:00"}]},
    {"sku_id": "H2", "title": "禾木 豆浆粉", "brand": "禾木", "category": "食品/冲调", "price": 45,
     "stock": {"quantity": 500, "unit": "罐"},
     "attributes": [{"key": "保质期", "value": "12个月"}, {"key": "糖", "value": "不添加蔗糖，豆子本身含天然糖"}],
     "faq": [{"question": "是零糖吗？", "answer": "不是零糖，不添加蔗糖。"}],
     "forbidden_claims": ["不得宣称零糖或无糖"],
     "promotions": [{"name": "晒谷节", "price": 35, **FAIR, "description": "满60减6",
                     "rules": [{"kind": "spend_save", "threshold": 60, "amount": 6, "each": False}]}]},
    {"sku_id": "H3", "title": "褶禾 百褶裙", "brand": "褶禾", "category": "服饰/半身裙", "price": 169,
     "stock": {"quantity": 200, "unit": "条"}, "attributes": [{"key": "面料", "value": "聚酯纤维100%"}]},
]}


def kinds(verifier, sku: str, text: str) -> list[str]:
    return [f.kind for f in verifier.verify(text, sku, AT)]


@pytest.mark.parametrize("sku, text", [
    ("H1", "拍三盒一百一十七，到手四盒。"),                     # paid for three, four received
    ("H1", "Three boxes cost one seventeen and you get four boxes."),
    ("H2", "满六十减六，一罐三十五不够，两罐七十就够了，到手六十四。"),
    ("H1", "今天两场里晚上那场最便宜，三十五，现在这场三十九。"),
    ("H1", "Of today's two sessions tonight's is the cheapest, thirty-five."),
    ("H2", "一罐每天一杯能喝二十天。"),                           # a period of use, not the 12 months' shelf life
    ("H2", "One tin will last you a good two weeks."),
    ("H1", "送亲戚正好，拿得出手。"),
    ("H2", "注意啊，不是零糖，豆子本身有天然的糖。"),
])
def test_true_host_talk_passes(verifier, sku, text):
    assert kinds(verifier, sku, text) == [], text


@pytest.mark.parametrize("sku, text", [
    ("H1", "拍三盒一百二十七，到手四盒。"),        # three at 39 are 117
    ("H1", "今天最便宜就是现在这场三十九。"),       # tonight's 35 is cheaper
    ("H2", "保质期两年。"),
    ("H1", "还送一个茶杯。"),
    ("H2", "这款是零糖的。"),
])
def test_the_errors_they_resemble_are_found(verifier, sku, text):
    assert kinds(verifier, sku, text), text


def test_a_composition_and_a_season_title_said_plainly_are_the_kbs_own_words():
    kb = parse_json(json.dumps(KB), "m").kb
    skirt, tea = kb.get("H3"), kb.get("H1")
    assert check_compliance("面料是百分之百聚酯纤维。", protected=protected_terms(skirt)) == []
    assert check_compliance("这个礼盒有个称号，2039春季最受钢琴师欢迎茶礼盒。", protected=protected_terms(tea)) == []
    assert check_compliance("这是全网最受欢迎的茶礼盒。", protected=protected_terms(tea))  # praise, not the title
    assert check_compliance("This is the best black tea in the whole world.")


@pytest.mark.parametrize("text, flagged", [
    ("The fabric is woven in Mexico.", True),            # the KB states no origin: a country is not supported
    ("这个裙子用的是捷克原装面料。", True),
    ("The wool is milled in Romania.", True),
    ("比日本的便宜多了。", False),                        # compared with, not from
    ("日本的朋友也很喜欢。", False),                      # its people, not its make
    ("We ship to Japan too.", False),
])
def test_a_country_said_as_where_the_product_is_made_must_be_the_kbs(verifier, text, flagged):
    assert bool([k for k in kinds(verifier, "H3", text) if k in ("unsupported", "contradiction")]) is flagged, text


@pytest.mark.parametrize("text, flagged", [
    ("两罐七十减六，六十五，囤起来。", True),       # 70 - 6 is 64: the result said bare after the cut
    ("两罐七十减六，六十四，囤起来。", False),
    ("两罐一起拍一共七十五，家里人分着喝。", True),  # two are 64 under 满60减6
    ("两罐一起拍一共六十四，家里人分着喝。", False),
    ("一共三十袋，够喝一个月。", False),            # a count, not a price
])
def test_a_total_said_bare_after_a_cut_or_after_yigong_is_a_price(verifier, text, flagged):
    assert bool([k for k in kinds(verifier, "H2", text) if k == "wrong_price"]) is flagged, text
