"""Banned-side false alarms fixed as classes: a coming offer named by its slot, a disclaimed absolute, a product's own
setting named by its extreme, a forbidden bound said within it, a purity claim, and a denial of a narrower thing."""

from datetime import datetime

import pytest

from script_gen.compliance import check_compliance, forbidden_claims, protected_terms
from script_gen.records import Sku

AT = datetime(2026, 12, 6, 20, 0)

KB = {"skus": [
    {"sku_id": "L1", "title": "岭光头灯H2", "brand": "岭光", "category": "户外/照明", "price": 159, "list_price": 199,
     "stock": {"quantity": 400, "unit": "个"}, "attributes": [{"key": "最大亮度", "value": "600流明"}],
     "promotions": [
         {"name": "十点加场", "price": 129, "starts_at": "2026-12-06 22:00", "ends_at": "2026-12-06 23:30", "stock_limit": 80},
         {"name": "双12返场", "price": 139, "starts_at": "2026-12-12 00:00", "ends_at": "2026-12-12 23:59"}]},
]}


def _offers(verifier, text):
    return [(f.kind, f.text) for f in verifier.verify(text, "L1", AT) if f.kind in ("expired_offer", "wrong_price")]


@pytest.mark.parametrize("text", [
    "现在一百五十九，十点加场一百二十九，想省三十的十点再来。",  # the slot's clock time names the coming offer
    "The one thirty-nine price is for Double Twelve only; tonight it's one fifty-nine.",
])
def test_a_coming_offer_said_under_its_slot_or_day_is_not_expired(verifier, text):
    assert _offers(verifier, text) == []


def test_a_coming_offer_said_as_now_is_still_expired(verifier):
    assert ("expired_offer", "一百二十九") in _offers(verifier, "现在就一百二十九，赶紧拍。")


@pytest.mark.parametrize("text", [
    "去年那个设计大赛我们是入围，入围哈，不是冠军。",
    "含绒量百分之九十，不是百分之百。",
    "不是我说它最好看，是评测这么写的。",
    "最亮档能撑四个钟头，低档一晚上。",
    "开最亮的六百流明，照三十米没问题。",
    "两款最大的区别就是防水。",
    "支架最矮六十公分，最宽那头四十公分。",  # a dimension's extreme, said with its figure
    "睡眠模式是它最安静的一档，二十分贝。",
    "我们家两款里最轻的就是这台。",  # a brand comparing its own products
    "咱家这两条里最厚最宽的是这条。",
    "三支里头它最长，六十三公分。",  # any measure word of the brand's own items
    "两套保鲜盒里最耐高温的是玻璃这套。",
    "我们家三支里头最短的不是它哦，最短的是少儿那支。",
    "三个里最小的是它，二十公分，也是唯一一个球面是地形图的。",
    "三款里度数最高、瓶子最大的是它。",
    "三根里最轻的是它，一百二十克。",  # 根, 片, 枚…: measure words of the brand's own items too
    "三款里它是唯一会发光的，另外两款都是竹子的。",  # the only one of its own three
    "下午场一百二十九，月下场一百二十五，周末一百三十九，今天晚上那场最便宜。",  # its own prices ranked
    "度数最低的是米酒那箱，八度，最高的是杨梅那瓶，十五度。",
    "冰到八到十度最好喝。",  # how to serve it: the condition said before 最好
    "两到五个人都能玩，四个人最好玩。",
    "入围了评选，我不说它是最快的。",
    "鸡肉是第一原料，第一筒先拆。",  # an order, not a rank
    "第一次用最要紧的是锅底擦干。",  # what matters most in the advice
    "先加水过最低水位线再插电，别超过最高刻度。",  # the product's own fill lines
    "尺码最小S，最大XL。",  # the size range
    "最多就是陪老人消磨时间。",  # at most: a hedge
    "机身不防水，绝对别拿进淋浴间。",  # a warning
    "治咳嗽这些话我最不爱听。",  # a disclaimed claim
])
def test_disclaimed_absolutes_and_a_products_own_settings_are_not_banned_terms(text):
    assert check_compliance(text) == []


@pytest.mark.parametrize("text,term", [("今天一百零九，全网最低，别家一百二十九", "全网最低"),
                                       ("最便宜的一次，双12预热直播专享价229元，前100名送收纳袋。", "最便宜"),  # cheapest ever
                                       ("这是全网最亮的头灯", "最亮"), ("拿过冠军的品质", "冠军"), ("市面上最薄的一款", "最薄"),
                                       ("全网最安静，放心买", "最安"),
                                       ("这是市面上最轻的一台", "最轻"), ("三个月里最快见效", "最快"),
                                       ("这款酒最好喝", "最好"), ("不说别的，这款最快", "最快")])
def test_absolutes_said_as_praise_stay_banned_terms(text, term):
    assert [f.text for f in check_compliance(text)] == [term]


def _forbidden(forbidden: str, text: str, **sku) -> list[str]:
    fields = {"sku_id": "S-1", "title": "测试商品", "price": 10, **sku}
    return [f.text for f in forbidden_claims(text, Sku(forbidden_claims=(forbidden,), **fields))]


@pytest.mark.parametrize("text,found", [
    ("承重三十公斤，放个炉子没问题", []),  # the bound itself is the KB's figure
    ("承重六十斤，放锅没事", []),  # 60斤 = 30 kg
    ("承重一百斤随便放", ["一百斤"]),
    ("这个承重四十公斤都行", ["四十公斤"]),
])
def test_a_forbidden_bound_is_broken_only_past_it_in_any_unit_spelling(text, found):
    assert _forbidden("不得宣称承重超过30kg", text) == found


@pytest.mark.parametrize("text,found", [
    ("扶手承重一百五十公斤，放心扶。", ["一百五十公斤"]),  # the bound written in 千克
    ("承重两百斤，随便扶。", []),  # 200斤 = 100 kg, the bound itself
])
def test_a_bound_in_qianke_is_a_bound_in_kilograms(text, found):
    assert _forbidden("不得宣称扶手承重超过100千克", text) == found


@pytest.mark.parametrize("text", [
    "面料是百分之七十羊毛，百分之三十锦纶。",
    "下单送一把羊毛护理刷。",
    "我不跟你们吹纯羊毛，就是羊毛混纺。",
])
def test_a_purity_claim_needs_the_purity(text):
    assert _forbidden("不得宣称纯羊毛", text) == []


def test_a_purity_claim_said_purely_is_found():
    assert _forbidden("不得宣称纯羊毛", "这件大衣是纯羊毛的") != []


def test_the_kbs_own_denial_of_a_narrower_thing_does_not_break_the_wider_denial():
    kb = {"title": "麦香燕麦饼（无蔗糖）", "selling_points": ("不添加蔗糖，用赤藓糖醇",)}
    assert _forbidden("不得宣称无糖", "无蔗糖版今天四十九", **kb) == []
    assert _forbidden("不得宣称无糖", "无蔗糖不等于无糖，还是有碳水", **kb) == []
    assert _forbidden("不得宣称无糖", "这个完全不含糖，放心吃", **kb) != []


def test_a_denied_denial_is_not_the_claim():
    assert _forbidden("不得宣称100%无尘", "低粉尘，不是没有粉尘啊", attributes=()) == []
    assert _forbidden("不得宣称100%无尘", "这砂完全没有粉尘") != []


@pytest.mark.parametrize("category,text,span,kind", [
    ("服饰/围巾", "这个价位没有比它更软的围巾了", "没有比它更软的围巾了", "absolute"),  # a comparison with everything else
    ("母婴/米粉", "宝宝吃了以后就不会缺钙了", None, None),  # 缺钙 names no disease the lexicon lists: no finding
    ("母婴/米粉", "天天吃也不会贫血", "也不会贫血", "medical"),
    ("服饰/保暖内衣", "穿着它冬天不容易感冒", "不容易感冒", "medical"),
    ("家居/台灯", "写作业开着它能保护视力", "保护视力", "medical"),
    ("家居/枕头", "老公打鼾都治好了", "打鼾都治好", "medical"),
    ("宠物/狗粮", "换了它软便就止住了", "软便就止住了", "medical"),
    ("保健食品/鱼油", "吃了它降压药就可以停了", "降压药就可以停", "medical"),
])
def test_absolute_comparisons_and_disease_claims_said_as_results(category, text, span, kind):
    found = [(f.text, f.category) for f in check_compliance(text, category=category)]
    assert found == ([] if span is None else [(span, kind)])


@pytest.mark.parametrize("category,text", [
    ("服饰/围巾", "比它更软的也有，价格就上去了"),
    ("母婴/米粉", "这款是低敏配方，成分不会过敏的宝宝都能吃"),
    ("家居/台灯", "光线柔和，看书不累眼"),
])
def test_the_same_words_without_the_claim_are_clean(category, text):
    assert check_compliance(text, category=category) == []


def test_an_award_quoted_as_the_kb_has_it_before_a_prize_word_is_its_name():
    sku = Sku(sku_id="K-1", title="铁山精铁炒锅", price=139, selling_points=("荣获2026“最受欢迎厨具”金勺奖",))
    kb = protected_terms(sku)
    assert check_compliance("这口锅荣获2026“最受欢迎厨具”金勺奖，精铁的。", protected=kb) == []
    assert [f.text for f in check_compliance("这是最受欢迎的炒锅。", protected=kb)] == ["最受欢迎"]


def test_an_annual_selection_named_before_its_shortlisting_is_protected_in_either_order():
    sku = Sku(sku_id="C-342", title="净搓 吸盘搓衣板", price=19.9, selling_points=("2031年度最佳租房洗衣好物入围",))
    protected = protected_terms(sku)
    assert check_compliance("入围2031年度最佳租房洗衣好物，租房的姐妹看过来。", protected=protected) == []
    assert [f.text for f in check_compliance("它是最佳租房好物。", protected=protected)] == ["最佳"]


def test_a_quoted_selection_name_in_a_certificate_is_protected_as_the_kb_has_it():
    sku = Sku(sku_id="Q-9", title="焙岭 家用意式咖啡机 E3", price=3499, certifications=("入围“2027年度最佳家用咖啡机”评选",))
    protected = protected_terms(sku)
    assert [f.text for f in check_compliance("它是入围了“2027年度最佳家用咖啡机”评选，入围哈，没说拿奖。", protected=protected)] == []
    assert [f.text for f in check_compliance("它是2027年度最佳家用咖啡机。", protected=protected)] == ["最佳"]


@pytest.mark.parametrize("text,found", [
    ("UPF五十是检测报告上的等级，不说百分之百防晒，也不说什么最防晒。", []),  # refused, also after 也
    ("这顶帽子百分之百防晒。", ["百分之百防晒"]),
])
def test_a_forbidden_claim_the_host_refuses_is_not_said(text, found):
    assert _forbidden("不得宣称百分之百防晒、完全隔绝紫外线", text) == found
