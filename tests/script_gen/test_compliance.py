import pytest

from core.errors import InputError
from script_gen.compliance import (
    Lexicon,
    LexiconTerm,
    available_lexicons,
    check_compliance,
    load_lexicon,
    protected_terms,
    scarcity_backed,
)
from script_gen.records import Sku


def hits(text, lexicon=None, **kw):
    return [(f.text, f.category) for f in check_compliance(text, lexicon, **kw)]


@pytest.mark.parametrize("text,term,category", [
    ("这是全网最低价", "全网最低价", "absolute"),
    ("国家级工艺打造", "国家级", "absolute"),
    ("顶级品质", "顶级", "absolute"),
    ("行业唯一的配方", "唯一", "absolute"),
    ("用了100%满意", "100%", "absolute"),
    ("绝对好用", "绝对", "absolute"),
    ("口碑ＮＯ．１", "ＮＯ．１", "absolute"),
    ("最 好 用的一款", "最 好", "absolute"),
    ("最耐用的一款", "最耐", "absolute"),
    ("销量第一的爆款", "销量第一", "absolute"),
    ("可以治疗失眠", "治疗失眠", "medical"),
    ("喝了能降血糖", "降血糖", "medical"),
    ("手慢无，赶紧拍", "手慢无", "scarcity"),
    ("零风险试用", "零风险", "guarantee"),
    ("吊打同价位", "吊打", "disparagement"),
])
def test_banned_terms_with_spans_and_rewrites(text, term, category):
    found = check_compliance(text)
    assert (term, category) in [(f.text, f.category) for f in found]
    f = next(f for f in found if f.text == term)
    assert text[f.start:f.end] == term and f.rule.startswith("cn-ad-law:")
    assert "cn-ad-law@2026.1" in f.reason


@pytest.mark.parametrize("text", [
    "最近很多朋友在问这一款。",
    "今天是活动最后一天。",
    "第一次来直播间的朋友点个关注。",
    "第一时间给大家安排发货。",
    "本品最佳食用期在开封后七天内。",
    "拍之前最好先看看尺码表。",
    "每人最多可以拍两件。",
    "历史上第一次这么做。",
])
def test_context_rules_keep_ordinary_words(text):
    assert hits(text) == []


def test_kb_terms_are_exempt_but_not_elsewhere(kb):
    tee = kb.get("CLO-001")
    assert hits("面料是100%纯棉，贴身穿", protected=protected_terms(tee)) == []
    assert hits("面料是100%纯棉，贴身穿") == [("100%", "absolute")]
    powerbank = kb.get("DIG-002")
    assert hits("最大输出功率22.5W", protected=protected_terms(powerbank)) == []


def test_medical_terms_allowed_for_medical_categories():
    assert hits("用于治疗轻度失眠", category="医疗器械/理疗仪") == []
    assert {c for _, c in hits("用于治疗轻度失眠", category="家居/枕头")} == {"medical"}


def test_platform_and_merchant_layers_are_versioned():
    assert {"cn-ad-law@2026.1", "douyin@2024.1", "taobao@2024.1"} <= set(available_lexicons())
    assert hits("加微信领券") == []
    douyin = load_lexicon("douyin")
    assert hits("加微信领券", douyin) == [("加微信", "off_platform")]
    merchant = Lexicon(id="m-42", version="3", terms=(LexiconTerm(term="秒杀全场", category="absolute", rewrite="限时优惠"),),
                       allow=("顶级酱香",), remove=("金牌",))
    stack = load_lexicon("douyin", merchant)
    assert stack.version == "cn-ad-law@2026.1+douyin@2024.1+m-42@3"
    assert hits("秒杀全场", stack) == [("秒杀全场", "absolute")]
    assert hits("顶级酱香型白酒", stack) == []
    assert hits("金牌服务", stack) == [] and hits("金牌服务") == [("金牌", "absolute")]
    found = check_compliance("秒杀全场", stack)[0]
    assert found.suggestion == "限时优惠" and "m-42@3" in found.reason
    with pytest.raises(InputError, match="no shipped lexicon"):
        load_lexicon("kuaishou")


@pytest.mark.parametrize("text,span", [
    ("这台音响音质zui好", "zui好"),
    ("口感jue对顺滑", "jue对"),
    ("同类里ding级的做工", "ding级"),
    ("行业第１的口碑", "行业第１"),
    ("全网第壹", "全网第壹"),
    ("投影界的No 1", "No 1"),
    ("热销Top 1的款式", "Top 1"),
    ("ＴＯＰ１的品质", "ＴＯＰ１"),
    ("最\u200b好用的一款", "最\u200b好"),
    ("最·强的续航", "最·强"),
    ("第 一 名的销量", "第 一 名"),
    ("百分之百好用", "百分之百"),
    ("It's the lightest stroller on the market", "the lightest stroller on the market"),
])
def test_obfuscated_banned_terms_are_found_where_they_were_said(text, span):
    found = check_compliance(text)
    assert [(f.text, f.category) for f in found] == [(span, "absolute")]
    assert text[found[0].start:found[0].end] == span and "广告法第九条" in found[0].reason


@pytest.mark.parametrize("text", [
    "大家最担心的是漏水，这款不会。",
    "很多人最怕的就是起球。",
    "我最喜欢它的配色。",
    "新手最容易犯的错就是水放多了。",
    "孕期的家人最好谨慎一点。",
    "最好用温水冲调。",
    "第一步先把滤网装好，第二步加水。",
    "从第1页开始照着做。",
    "首先看一下尺码，首次使用前先清洗。",
    "最低能调到十六度，最大风量每小时四百立方米。",
    "The first thing to do is charge it.",
    "Don't forget to check the size chart and the weight limit.",
])
def test_words_that_merely_contain_a_banned_character_are_not_claims(text):
    assert hits(text) == []


def test_a_mark_is_allowed_only_as_marked_in_the_kb():
    sku = Sku(sku_id="M-2", title="云栖最香®乌龙", price=59, certifications=("“最香”为云栖注册商标",))
    assert hits("云栖最香®乌龙，“最香”是注册商标", protected=protected_terms(sku)) == []
    assert hits("这是全网最香的乌龙", protected=protected_terms(sku)) == [("最香", "absolute")]


@pytest.mark.parametrize("text,clean", [
    ("木森第一缕面霜，保湿不黏", True),  # the brand's mark
    ("第一缕这个名字是注册过的商标哈", True),
    ("木森第一缕系列", True),
    ("我们家的面霜保湿第一", False),
])
def test_a_kb_mark_said_bare_is_allowed_with_its_brand_or_named_as_a_mark(text, clean):
    sku = Sku(sku_id="M-3", title="木森「第一缕」®保湿面霜", brand="木森", price=129)
    assert (hits(text, protected=protected_terms(sku)) == []) == clean


def test_urgency_is_allowed_only_with_a_real_limited_offer_running():
    from datetime import datetime

    from script_gen.records import Promotion

    limited = Promotion(name="限量秒杀", price=9, starts_at=datetime(2026, 1, 1), ends_at=datetime(2026, 1, 2),
                        stock_limit=100)
    sku = Sku(sku_id="U-1", title="毛巾", price=19, promotions=(limited,))
    assert scarcity_backed(sku, datetime(2026, 1, 1, 12)) and not scarcity_backed(sku, datetime(2026, 1, 3))
    assert hits("手慢无，赶紧拍", scarcity_backed=True) == []
    assert hits("手慢无，赶紧拍") == [("手慢无", "scarcity")]


@pytest.mark.parametrize("text,span", [
    ("the cheapest blender you can get", "the cheapest blender you can get"),
    ("国内首款折叠电饭煲", "首款"),
    ("our N0.1 pick for campers", "N0.1"),
    ("the world's first foldable kettle", "world's first"),
    ("honestly the comfort is unbeatable", "unbeatable"),
])
def test_more_absolute_forms_are_caught(text, span):
    found = [f for f in check_compliance(text) if f.category == "absolute"]
    assert [text[f.start:f.end] for f in found] == [span]


def test_an_ordinal_before_a_measure_word_is_a_count():
    assert check_compliance("第一杯先倒掉，第二杯再喝") == []


@pytest.mark.parametrize("text,found", [
    ("「头道鲜」是注册商标，不是说它排第一哈。", []),      # the ranking denied
    ("并不是说它最好，适合自己最重要。", []),
    ("它就是销量第一，不是说着玩的。", ["销量第一"]),      # the disclaimer comes after: still a claim
])
def test_an_absolute_term_the_host_disclaims_is_not_claimed(text, found):
    assert [f.text for f in check_compliance(text, category="食品/调味")] == found


def test_an_intensifier_after_an_absolute_is_one_finding_with_it():
    found = hits("这是整个直播间最便宜的一款，没有之一。")
    assert found == [("最便宜的一款，没有之一", "absolute")]


@pytest.mark.parametrize("text,claim", [
    ("晚上最好关了灯再用", False),
    ("洗的时候最好冷水", False),
    ("这是我们家最好的一款", True),
    ("全网最好卖", True),
    ("圈里最好搭的帐篷", True),
])
def test_zui_hao_as_advice_is_not_a_claim_but_as_praise_is(text, claim):
    assert bool([f for f in hits(text) if f[1] == "absolute"]) is claim


def test_an_award_name_with_an_absolute_is_allowed_on_its_own_when_the_kb_lists_the_award():
    sku = Sku(sku_id="A-1", title="木语台灯", price=99, certifications=("2025照明设计周最佳创意奖",))
    text = "拿过照明设计周的奖，奖名就叫最佳创意奖"
    assert hits(text, protected=protected_terms(sku)) == []
    assert hits("这是市面上最佳的台灯", protected=protected_terms(sku)) != []


def test_pinyin_for_the_second_character_of_an_absolute_term_is_folded():
    assert [t for t, _ in hits("这款ding级做工")] == ["ding级"]


@pytest.mark.parametrize("category,text,span", [
    ("服饰/手套", "戴了一冬天，冻疮都好了", "冻疮都好了"),
    ("食品/骨汤", "喝一个月软骨都能修复", "软骨都能修复"),
    ("食品/红茶", "胃炎反反复复的喝它能调理好", "胃炎反反复复的喝它能调理好"),
    ("食品/麦片", "早上一碗越吃越瘦", "越吃越瘦"),
])
def test_more_ways_of_saying_a_medical_or_function_claim(category, text, span):
    assert [t for t, c in hits(text, category=category) if c == "medical"] == [span]


@pytest.mark.parametrize("text", ["这部电影特别治愈", "它只是泡脚桶，治不了失眠"])
def test_healing_as_a_mood_and_a_cure_said_impossible_are_not_medical_claims(text):
    assert [t for t, c in hits(text, category="家居/日用") if c == "medical"] == []


def test_an_award_or_shortlist_name_quoted_from_the_selling_points_is_not_an_absolute_claim():
    sku = Sku(sku_id="A-2", title="松林保温杯", price=79,
              selling_points=("荣获2026家居大赏“最保温水杯”奖", "入围“最受宠家居好物”评选"))
    protected = protected_terms(sku)
    assert hits("这个杯子拿了“最保温水杯”奖，三百毫升", protected=protected) == []
    assert hits("入围了“最受宠家居好物”评选，只是入围", protected=protected) == []
    # the same words said as the host's own praise, unquoted, are still an absolute claim
    assert [c for _, c in hits("这是最保温的水杯", protected=protected)] == ["absolute"]


def test_a_title_quoted_after_its_year_in_the_selling_points_is_not_an_absolute_claim():
    sku = Sku(sku_id="A-3", title="咚咚拨浪鼓", price=36, selling_points=("2031“最受月子中心欢迎伴手礼”",))
    protected = protected_terms(sku)
    assert hits("2031“最受月子中心欢迎伴手礼”，这是个称号，不是奖。", protected=protected) == []
    assert [c for _, c in hits("这是最受月子中心欢迎的伴手礼。", protected=protected)] == ["absolute"]


@pytest.mark.parametrize("category,text,inside", [
    # people with a condition told the product ends their symptom
    ("家居/枕头", "颈椎病的朋友枕上它，早上脖子就不僵了", "颈椎病"),
    ("个护/面霜", "皮炎的姐妹擦了脸就不红了", "皮炎"),
    ("玩具/积木", "自闭症的孩子玩这个就能说话了", "自闭症"),
    # a baby's or a stomach condition brought back or held down
    ("母婴/护臀膏", "宝宝尿布疹了，涂三天就好了", "尿布疹"),
    ("食品/奶粉", "孩子贫血喝一个月就补回来了", "贫血"),
    ("食品/酸奶", "幽门螺旋杆菌也给你压下去了", "幽门螺旋杆菌"),
    ("运动/瑜伽垫", "Got a bad case of gout? A week on this and it's gone.", "gout"),
])
def test_a_condition_named_with_its_relief_is_a_medical_claim_spanning_both(category, text, inside):
    found = [t for t, c in hits(text, category=category) if c == "medical"]
    assert len(found) == 1 and inside in found[0]


@pytest.mark.parametrize("text", ["过敏的别拍，里面有花生", "感冒的时候主播也在播", "有颈椎病的人枕头要选低一点的"])
def test_a_condition_named_without_relief_is_not_a_medical_claim(text):
    assert [t for t, c in hits(text, category="食品/零食") if c == "medical"] == []


@pytest.mark.parametrize("text", ["孩子玩了脑瓜子更灵光", "吃一个月智力往上走", "Your child's IQ goes up after a month"])
def test_the_brain_said_to_work_better_is_an_intelligence_claim(text):
    assert [c for _, c in hits(text, category="玩具/拼图")] != []
