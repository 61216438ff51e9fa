"""Regulated claims by product family, and a merchant's forbidden sentences said in other words."""

import pytest

from script_gen.compliance import check_compliance, forbidden_claims, load_lexicon
from script_gen.records import Attribute, Sku


def medical(text, category, protected=()):
    return [(f.text, f.rule.split(":")[1]) for f in check_compliance(text, category=category, protected=protected)
            if f.category == "medical"]


@pytest.mark.parametrize("category,text,span,cls", [
    ("食品/花茶", "每天一杯，喝了能降血糖", "降血糖", "lower_indicator"),
    ("家电/空气净化器", "开着它还能预防鼻炎", "预防鼻炎", "prevent_disease"),
    ("宠物/猫粮", "吃了能治猫癣", "治猫癣", "treat_disease"),
    ("家居/凉席", "睡了一个月，颈椎病都好了", "颈椎病都好了", "treat_disease"),
    ("玩具/拼图", "玩这个能开发智力", "开发智力", "intelligence"),
    ("母婴/辅食", "宝宝吃了个子噌噌往上长", "个子噌噌往上长", "height"),
    ("食品/蜂蜜", "蜂蜜能提高免疫力", "提高免疫力", "immunity"),
    ("饮料/果汁", "喝完排毒又养颜", "排毒", "detox"),
    ("美妆/面霜", "this cream cures eczema fast", "cures eczema", "treat_disease"),
    ("食品/咖啡", "it helps you lose weight", "lose weight", "weight_loss"),
])
def test_disease_and_function_claims_are_caught_in_any_category(category, text, span, cls):
    found = check_compliance(text, category=category)
    hit = next(f for f in found if f.rule.endswith(f":{cls}"))
    assert hit.kind == "banned_term" and hit.text == span and text[hit.start:hit.end] == span
    assert "广告法第十七条" in hit.reason or "食品安全法第七十三条" in hit.reason


@pytest.mark.parametrize("category,text", [
    ("食品/咖啡", "这个不能代替药物治疗"),
    ("个护/牙膏", "它不是药，不能治牙周炎"),
    ("食品/坚果", "坚果热量高，减肥期间少吃一点"),
    ("家电/按摩仪", "有心脏病的朋友不建议使用"),
    ("食品/茶叶", "失眠的家人晚上别喝浓茶"),
    ("美妆/面霜", "能治痘痘吗？不能，它是保湿霜"),
])
def test_negated_cautionary_and_asked_claims_are_not_claims(category, text):
    assert medical(text, category) == []


def test_medical_goods_and_registered_functions_are_exempt():
    assert medical("用于缓解颈椎病引起的疼痛", "医疗器械/理疗仪") == []
    assert medical("有助于增强免疫力", "保健食品/蛋白粉", protected=("保健功能增强免疫力",)) == []
    assert medical("有助于增强免疫力", "保健食品/鱼油", protected=("保健功能辅助降血脂",)) == [
        ("增强免疫力", "immunity")]
    assert medical("还能预防感冒", "保健食品/维生素", protected=("保健功能补充维生素c",)) == [
        ("预防感冒", "prevent_disease")]


def _sku(*forbidden: str) -> Sku:
    return Sku(sku_id="T-1", title="测试商品", price=10, forbidden_claims=forbidden)


@pytest.mark.parametrize("forbidden,text,span", [
    ("不得宣称可以治疗湿疹", "宝宝湿疹裹两天就好了", "湿疹裹两天就好了"),
    ("不得宣称儿童可以单独使用", "小朋友自己就能用，很安全", "小朋友自己就能用"),
    ("禁止宣传100%纯天然", "百分之百纯天然的原料", "百分之百纯天然"),
    ("不得宣称降血压、治疗心脑血管疾病", "吃了以后血压稳稳地降下来", "血压稳稳地降下来"),
    ("不得宣称降血压、治疗心脑血管疾病", "还能预防中风", "预防中风"),
    ("不能说永不褪色", "这个颜色多少年都不会褪色", "多少年都不会褪色"),
    ("不得宣称孕期可用", "准妈妈用着也没问题", "准妈妈用着也没问题"),
    ("不得宣称所有机型都能用", "任何机型都能用", "任何机型都能用"),  # the universal said with its use
    ("不得宣称三天见效", "用三天就见效", "三天就见效"),
])
def test_forbidden_sentences_match_when_said_in_other_words(forbidden, text, span):
    found = forbidden_claims(text, _sku("不得宣称含有燕窝", forbidden))
    assert [(f.kind, f.text, f.fact_ref) for f in found] == [("forbidden_claim", span, "T-1#forbidden:1")]
    assert found[0].reason == f"商家禁止的宣传：“{forbidden}”" and text[found[0].start:found[0].end] == span


@pytest.mark.parametrize("forbidden,text", [
    ("不得宣称可以治疗湿疹", "它不能治疗湿疹，有湿疹请就医"),
    ("不得宣称儿童可以单独使用", "儿童需要在大人陪同下使用"),
    ("不得宣称保证提分", "不能保证提分，但能帮孩子养成习惯"),
    ("不得宣称增肌速效", "配合训练帮助增肌"),
    ("不得宣称所有航空公司都可登机", "大部分航空公司可以登机，出行前问一下"),
    ("不能说永久保色", "这个颜色永远好看"),
])
def test_forbidden_words_in_a_negated_or_weaker_statement_are_not_the_claim(forbidden, text):
    assert forbidden_claims(text, _sku(forbidden)) == []


def test_verifier_reports_a_bare_forbidden_claim_but_not_its_parts(verifier, kb, at):
    quiet = next(s for s in kb.skus if s.forbidden_claims == ("零噪音",))
    found = [(f.kind, f.text, f.fact_ref) for f in verifier.verify("这台冰箱运行零噪音", quiet.sku_id, at)]
    assert ("forbidden_claim", "零噪音", f"{quiet.sku_id}#forbidden:0") in found
    assert not [f for f in verifier.verify("噪音很低，只有三十分贝", quiet.sku_id, at) if f.kind == "forbidden_claim"]


def test_kb_text_does_not_back_other_skus():
    sku = Sku(sku_id="T-2", title="儿童益生菌", price=10, category="食品/固体饮料",
              attributes=(Attribute(key="配料", value="益生菌"),))
    assert medical("吃了能提高免疫力", sku.category) == [("提高免疫力", "immunity")]


@pytest.mark.parametrize("category,text,span,cls", [
    ("家居/床垫", "颈椎病老犯的人，睡了半个月全都康复了", "颈椎病老犯的人，睡了半个月全都康复", "treat_disease"),
    ("宠物/狗粮", "狗狗吃了抵抗力一天比一天往上走", "抵抗力一天比一天往上", "immunity"),
    ("宠物/狗粮", "换了这款粮，狗狗都不怎么生病了", "不怎么生病", "immunity"),
    ("食品/苦荞茶", "长期喝，尿酸能稳住", "尿酸能稳住", "lower_indicator"),
    ("食品/山楂条", "饭后来两根帮助消化", "帮助消化", "organ_care"),
    ("玩具/拼图", "拼上一个月，专注力明显提升", "专注力明显提升", "intelligence"),
    ("宠物/狗粮", "狗狗老拉稀的，换粮一周就全好了", "拉稀的，换粮一周就全好了", "treat_disease"),
    ("家具/沙发", "靠着看电视还能缓解腰酸背痛", "缓解腰酸背痛", "treat_disease"),
    ("食品/梨膏", "冬天来一勺，止咳效果好", "止咳", "treat_disease"),
    ("家具/沙发", "this sofa eases back pain", "eases back pain", "treat_disease"),
])
def test_claims_said_as_an_outcome_or_a_rise_are_caught(category, text, span, cls):
    hit = next(f for f in check_compliance(text, category=category) if f.rule.endswith(f":{cls}"))
    assert hit.kind == "banned_term" and hit.category == "medical" and text[hit.start:hit.end] == span


@pytest.mark.parametrize("category,text", [
    ("食品/燕麦", "便秘的话多喝水，燕麦不能保证吃了就通"),
    ("母婴/湿巾", "过敏的宝宝先停用，过几天就好了再用"),
    ("食品/苦荞茶", "尿酸高的朋友请遵医嘱"),
    ("食品/姜茶", "感冒的时候，喝杯热水睡好觉"),
    ("食品/姜茶", "宝宝发烧的时候先别喝，等体温降下来再说"),
    ("美妆/面霜", "痘痘肌的姐妹，涂好了再上妆"),
])
def test_hedged_or_advisory_lines_about_an_ailment_are_not_cures(category, text):
    assert medical(text, category) == []


@pytest.mark.parametrize("forbidden,text,span", [
    ("不得宣称投资升值", "这条手链戴几年还能升值", "戴几年还能升值"),
    ("不得宣称可抵御沙尘或冰雹", "冰雹砸一晚上，车衣照样好好的", "冰雹砸一晚上，车衣照样"),
    ("不得宣称可以代替理发", "有了它再也不用去理发店", "不用去理发"),
    ("不得宣称所有肤质都适合", "不管什么肤质，都适合", "不管什么肤质，都适合"),
])
def test_forbidden_sentences_match_across_a_clause_and_in_paraphrase(forbidden, text, span):
    found = forbidden_claims(text, _sku(forbidden))
    assert [(f.kind, f.text, f.fact_ref) for f in found] == [("forbidden_claim", span, "T-1#forbidden:0")]


@pytest.mark.parametrize("forbidden,text", [
    ("不得宣称投资升值", "黄金首饰不保值，买来戴着开心就好"),
    ("不得宣称可抵御沙尘或冰雹", "冰雹天气请把车开进车库"),
    ("不得宣称所有肤质都适合", "敏感肌先在耳后试用。油皮干皮都适合"),
])
def test_forbidden_words_apart_or_denied_are_not_the_claim(forbidden, text):
    assert forbidden_claims(text, _sku(forbidden)) == []


def _forbidding(category: str, sentence: str) -> Sku:
    return Sku(sku_id="T-1", title="测试商品", price=10, category=category, forbidden_claims=(sentence,))


@pytest.mark.parametrize("category,forbidden,text,span", [
    ("服饰/遮阳帽", "不得宣称可以替代防晒霜", "戴上它就不用再涂防晒霜了", "不用再涂防晒霜"),
    ("服饰/羽绒服", "不得宣称可以机洗", "脏了直接扔洗衣机里洗就行", "直接扔洗衣机"),
    ("美妆/面霜", "不得宣称适用于所有肤质", "敏感肌干皮油皮通通都能用", "敏感肌干皮油皮通通都能"),
    ("家居/床垫", "禁止宣称防螨", "螨虫根本不敢靠近", "螨虫根本不敢靠近"),
    ("食品/饺子", "不得宣称纯手工", "都是老师傅一个一个手工包出来的", "手工包"),
    ("数码/手环", "不得宣称可以测量血压", "戴着它随时能看自己的血压", "看自己的血压"),
    ("家电/吹风机", "不得宣称修复受损发质", "烫染受损的头发吹完就修复了", "受损的头发吹完就修复"),
    ("家电/吹风机", "不得宣称不伤发", "天天吹头发也一点不伤", "发也一点不伤"),
    ("运动/瑜伽垫", "不得宣称无毒无味", "完全没有味道，也没有任何毒", "味道，也没有任何毒"),
    ("数码/耳机", "不得宣称适合游泳时佩戴", "游泳的时候戴着听歌完全没问题", "游泳的时候戴着听歌完全没问题"),
    ("家电/空气净化器", "不得宣称除甲醛", "新房装修的甲醛开一晚上就没了", "甲醛开一晚上就没了"),
    ("食品/酸奶", "不得宣称可以替代药物", "有了它就不用再吃药了", "不用再吃药"),
    ("食品/酸奶", "不得宣称适合乳糖不耐受人群", "乳糖不耐受的朋友也能放心喝", "乳糖不耐受的朋友也能"),
    ("美妆/防晒", "不得宣称不致痘", "用了也完全不会长痘", "不会长痘"),
    ("食品/坚果", "不得宣称孕妇可以食用", "怀孕的姐妹也能吃", "怀孕的姐妹也能"),
])
def test_forbidden_parts_are_matched_by_their_object_and_any_wording_of_their_predicate(category, forbidden, text, span):
    found = forbidden_claims(text, _forbidding(category, forbidden))
    assert [(f.kind, text[f.start:f.end]) for f in found] == [("forbidden_claim", span)]


@pytest.mark.parametrize("category,forbidden,text", [
    ("服饰/羽绒服", "不得宣称可以机洗", "建议干洗，别放洗衣机"),
    ("食品/大米", "不得宣称有机", "不是有机的，但是产地直发"),
    ("数码/手环", "不得宣称可以测量血压", "它测不了血压，只能测心率"),
    ("家电/空气净化器", "不得宣称除甲醛", "甲醛要靠通风，它主要是过滤灰尘"),
    ("家居/炒锅", "不得宣称不粘", "新锅要先开锅，不然会粘"),
    ("数码/耳机", "不得宣称适合游泳时佩戴", "游泳的时候别戴，它只防汗"),
    ("食品/酸奶", "不得宣称适合乳糖不耐受人群", "乳糖不耐受的朋友请谨慎"),
    ("服饰/遮阳帽", "不得宣称可以替代防晒霜", "出门前防晒霜还是要涂"),
])
def test_a_forbidden_part_denied_advised_against_or_unsaid_is_no_finding(category, forbidden, text):
    assert forbidden_claims(text, _forbidding(category, forbidden)) == []


def test_the_frozen_2023_lexicon_matches_forbidden_sentences_literally_as_before():
    sku = _forbidding("服饰/羽绒服", "不得宣称可以机洗")
    assert forbidden_claims("脏了直接扔洗衣机里洗就行", sku, load_lexicon(base_version="2023.1")) == []
    assert [f.text for f in forbidden_claims("可以机洗", sku, load_lexicon(base_version="2023.1"))] == ["机洗"]


@pytest.mark.parametrize("category,text,span,cls", [
    ("食品/茶叶", "常喝能降低中风的风险", "降低中风的风险", "prevent_disease"),
    ("食品/茶叶", "喝了嗓子就不疼了", "就不疼了", "treat_disease"),
    ("美妆/面霜", "敷两周痘痘少了一大半", "痘痘少了", "treat_disease"),
    ("个护/洗发水", "洗了一个月，掉发明显少了", "掉发明显少了", "treat_disease"),
    ("食品/蜂蜜", "秋天干燥喝这个润肺", "润肺", "organ_care"),
    ("数码/手表", "戴着它能调节内分泌", "调节内分泌", "organ_care"),
    ("食品/蜂蜜", "honey soothes a sore throat", "soothes a sore throat", "treat_disease"),
])
def test_symptoms_stopping_risks_lowered_and_organ_care_are_regulated_claims(category, text, span, cls):
    hit = next(f for f in check_compliance(text, category=category) if f.rule.endswith(f":{cls}"))
    assert hit.category == "medical" and text[hit.start:hit.end] == span


@pytest.mark.parametrize("category,text", [
    ("食品/蜂蜜", "口感清甜，冲温水喝"),
    ("家居/枕头", "最怕的就是颈椎不舒服，这个枕头高度可以调"),
    ("食品/饼干", "孩子上火的时候少吃点零食"),
])
def test_ailments_named_without_a_claim_stay_clean(category, text):
    assert medical(text, category) == []


@pytest.mark.parametrize("category,text,span", [
    ("服饰/孕妇装", "孕妈穿上能防辐射", "防辐射"),
    ("食品/牛奶", "每天一杯补钙壮骨", "补钙壮骨"),
    ("食品/红枣", "女生吃了补铁补血", "补铁补血"),
    ("食品/汤料", "哺乳期喝了下奶", "下奶"),
    ("食品/山药粉", "吃了能保护胃黏膜", "保护胃黏膜"),
])
def test_registered_health_functions_are_claims_for_goods_not_registered_for_them(category, text, span):
    assert (span, "organ_care") in medical(text, category)


def test_a_food_whose_name_holds_a_medical_character_is_still_a_food():
    assert medical("吃了能保护胃黏膜", "食品/山药粉") == [("保护胃黏膜", "organ_care")]  # 山药 is a yam, not a drug
    assert medical("用于缓解颈椎病引起的疼痛", "医疗器械/理疗仪") == []


@pytest.mark.parametrize("category,text,span,cls", [
    ("食品/咖啡", "早上一杯，促进新陈代谢", "促进新陈代谢", "weight_loss"),
    ("服饰/打底裤", "穿着还能矫正O型腿", "矫正O型腿", "treat_disease"),
    ("数码/手表", "戴着它能预防猝死", "预防猝死", "prevent_disease"),
])
def test_metabolism_posture_and_sudden_death_claims_are_regulated(category, text, span, cls):
    assert (span, cls) in medical(text, category)


@pytest.mark.parametrize("category,text,span,cls", [
    ("食品/花茶", "喝它还能治宫寒", "治宫寒", "treat_disease"),                       # a TCM pattern is an ailment
    ("食品/坚果", "关节炎的老人吃它就能好", "关节炎的老人吃它就能好", "treat_disease"),  # the ailment first, the cure after
    ("美妆/面霜", "荨麻疹的用它来治", "荨麻疹的用它来治", "treat_disease"),
    ("美妆/乳液", "脚气的抹好了", "脚气的抹好了", "treat_disease"),
    ("保健食品/维生素", "吃一周晚上就不起夜了", "就不起夜了", "treat_disease"),          # a symptom stopping
    ("数码/耳机", "the white noise mode even helps with tinnitus", "helps with tinnitus", "treat_disease"),
    ("家电/净化器", "开着它，哮喘都能预防", "哮喘都能预防", "prevent_disease"),
    ("宠物/狗粮", "吃了就不会得犬细小", "就不会得犬细小", "prevent_disease"),
    ("食品/燕麦", "吃了血糖都稳了", "血糖都稳了", "lower_indicator"),
    ("母婴/奶粉", "喝了蹿个快", "蹿个", "height"),
    ("家居/枕头", "失眠的枕着都能睡着", "失眠的枕着都能睡着", "sleep"),
])
def test_ailments_named_first_symptoms_and_tcm_patterns_are_regulated_claims(category, text, span, cls):
    assert (span, cls) in medical(text, category)


@pytest.mark.parametrize("category,text", [
    ("食品/花茶", "宫寒的姐妹经期别喝冰的"),
    ("数码/耳机", "耳鸣的话请先去医院看看"),
    ("家居/枕头", "睡得着睡不着看个人"),
])
def test_ailments_named_without_a_cure_stay_clean(category, text):
    assert medical(text, category) == []


@pytest.mark.parametrize("category,forbidden,text,span", [
    ("数码/手表", "不得宣称防水可潜水", "戴着去潜水都没事", "潜水"),                 # the consequence is the claim
    ("保健食品/鱼油", "不得宣称可以替代药物", "吃了它，降压药就能停了", "药就能停了"),
    ("美妆/精华", "不得宣称修复皮肤屏障", "屏障受损也能修回来", "屏障受损也能修回来"),  # the head noun names the part
])
def test_forbidden_consequences_heads_and_predicates_in_other_words(category, forbidden, text, span):
    found = forbidden_claims(text, _forbidding(category, forbidden))
    assert [text[f.start:f.end] for f in found] == [span]


@pytest.mark.parametrize("category,forbidden,text", [
    ("数码/手表", "不得宣称防水可潜水", "防水等级5ATM，日常洗手没问题"),            # the class alone is the KB's fact
    ("保健食品/鱼油", "不得宣称可以替代药物", "在吃降压药的朋友注意，这个不能代替药"),  # the predicate said negated
    ("食品/果干", "不得宣称无糖", "我们没额外加白砂糖，是果子本身的甜"),          # no sugar added is not sugar-free
])
def test_forbidden_claims_negated_or_weaker_are_not_broken(category, forbidden, text):
    assert forbidden_claims(text, _forbidding(category, forbidden)) == []


def test_the_kb_wording_quoted_as_the_kb_has_it_is_not_the_forbidden_claim():
    sku = Sku(sku_id="T-2", title="安泰鱼油", price=10, category="保健食品/鱼油", forbidden_claims=("不得宣称治疗高血脂",),
              attributes=(Attribute(key="保健功能", value="辅助降血脂"),))
    assert forbidden_claims("批准的功能是辅助降血脂，不是药", sku) == []
    assert [f.text for f in forbidden_claims("吃了就能降血脂，不用吃药", sku)] == ["降血脂"]


def test_pinyin_for_a_regulated_claims_character_is_folded_like_a_banned_terms():
    assert ("mian疫力", "immunity") in [(t[:6], c) for t, c in medical("宝宝喝了mian疫力蹭蹭往上涨", "母婴/奶粉")]
    assert [f.text for f in check_compliance("这款zui好用", category="数码/耳机")] == ["zui好"]
    assert medical("mian费试用装送给大家", "母婴/奶粉") == []


@pytest.mark.parametrize("category,forbidden,text,span", [
    ("食品/花茶", "不得宣称减肥瘦身", "喝两周腰围小了一圈", "腰围小了一圈"),             # a smaller waist is weight loss
    ("美妆/面膜", "不得宣称医美级效果", "敷完跟做了热玛吉一样", "热玛吉"),              # a medical-aesthetic procedure
    ("数码/充电宝", "不得宣称永不发热", "怎么充都不烫手", "怎么充都不烫"),               # 怎么…都 is 永不
    ("家电/暖风机", "不得宣称可以烘干衣物", "袜子搭上去一会儿就烘干了", "袜子搭上去一会儿就烘干"),  # a kind of 衣物
])
def test_forbidden_classes_said_by_their_kinds_and_frames(category, forbidden, text, span):
    assert [text[f.start:f.end] for f in forbidden_claims(text, _forbidding(category, forbidden))] == [span]
