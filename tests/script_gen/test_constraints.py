"""KB-derived contradiction rules: statements the KB rules out in words, found without a model."""

import json
from datetime import datetime
from decimal import Decimal

import pytest

from script_gen.constraints import SkuConstraints, compile_constraints
from script_gen.kb_import import parse_json
from script_gen.normalize import normalize
from script_gen.records import Attribute, Faq, KnowledgeBase, Promotion, Sku
from script_gen.verify import Verifier

AT = datetime(2027, 3, 8, 20, 0)


def _sku(sku_id: str, title: str, brand: str, category: str, **fields) -> Sku:
    attributes = tuple(Attribute(key=k, value=v) for k, v in fields.pop("attributes", {}).items())
    faq = tuple(Faq(question=q, answer=a) for q, a in fields.pop("faq", {}).items())
    return Sku(sku_id=sku_id, title=title, brand=brand, category=category, price=Decimal("99"),
               attributes=attributes, faq=faq, **fields)


KB = KnowledgeBase(merchant_id="constraints-test", skus=(
    _sku("W-1", "星途W3运动手表", "星途", "数码/手表",
         attributes={"防水等级": "IP67", "屏幕": "AMOLED"},
         selling_points=("IP67防水，洗手淋雨都不怕",),
         faq={"能戴着洗热水澡吗？": "不建议，热水蒸汽可能影响密封。"}),
    _sku("W-2", "星途W3 Pro运动手表", "星途", "数码/手表",
         attributes={"防水等级": "IP68"}, selling_points=("IP68防水，游泳潜水都能戴",)),
    _sku("C-1", "谷乐多燕麦小饼干", "谷乐多", "食品/饼干",
         attributes={"过敏原": "含小麦、鸡蛋、牛奶", "能量": "2100kJ/100g", "钠": "350mg/100g"},
         faq={"一岁宝宝能吃吗？": "建议3岁以上儿童食用。"}),
    _sku("J-1", "暖峰轻薄羽绒服", "暖峰", "服饰/羽绒服",
         usage="不可机洗，建议干洗；不可暴晒。",
         faq={"会钻绒吗？": "少量钻绒属正常现象。"}),
    _sku("S-1", "晴屿清透防晒乳", "晴屿", "美妆/防晒",
         attributes={"酒精": "不含酒精"},
         usage="出门前15分钟涂抹，游泳后请及时补涂。",
         faq={"孕妇能用吗？": "孕期请咨询医生后使用。"}),
    _sku("R-1", "禾田电饭煲4L", "禾田", "家居/厨电",
         attributes={"能效等级": "二级能效", "内胆": "不粘涂层（无涂层脱落保障）"},
         certifications=("提名2025红点设计奖",),
         faq={"内胆能用钢丝球刷吗？": "不能，请用软布清洗。"}),
    _sku("B-1", "《山海小记》绘本", "青苗", "图书/绘本",
         attributes={"适读年龄": "3-6岁"}, certifications=("第三届童书插画大赛银奖",),
         promotions=(Promotion(name="开学季", price=Decimal("59"), starts_at=datetime(2027, 3, 1),
                               ends_at=datetime(2027, 3, 31), description="前500名下单赠限量书签"),)),
    _sku("P-1", "优乳低脂酸奶200g", "优乳", "食品/乳品",
         attributes={"脂肪": "1.1g/100g", "蛋白质": "3.1g/100g"}),
    _sku("P-2", "优乳全脂酸奶200g", "优乳", "食品/乳品", attributes={"脂肪": "3.6g/100g"}),
    _sku("K-1", "辣妹子牛肉酱", "辣妹子", "食品/调味酱", attributes={"辣度": "中辣", "等级": "一级"}, usage="开封后冷藏，远离火源存放。"),
    _sku("T-1", "小鹿学步玩具车", "小鹿", "母婴/玩具",
         attributes={"警示": "3岁以下儿童禁止使用"}, certifications=("入围2026年度好玩具评选",),
         selling_points=("蓝牙音箱可防溅水IPX4",)),
    _sku("D-1", "汪记冻干狗零食", "汪记", "宠物/零食",
         attributes={"配料": "牛肉、甘油、三氯蔗糖、卡拉胶", "过敏原": "含牛肉、全蛋粉"}),
    _sku("L-1", "亮途折叠台灯", "亮途", "家居/台灯",
         attributes={"色温记忆": "有，关灯后记住上次色温", "灯臂": "可调节角度", "电池": "不含电池",
                     "无极调光": "支持"},
         selling_points=("底座可拆卸，收纳方便",)),
    _sku("G-1", "玥光银杏叶耳钉", "玥光", "珠宝/耳饰",
         faq={"是纯金的吗？": "不是，是银镀金。", "有防伪证书吗？": "有，附检测证书。", "送耳堵吗？": "不送耳堵。",
              "能戴着泡温泉吗？": "不建议，硫磺会让镀层发黑。", "会变色吗？": "有防氧化镀层，正常佩戴不会变色。"}),
    _sku("M-1", "岚居手冲咖啡壶", "岚居", "厨房/咖啡壶",
         attributes={"壶身材质": "耐热玻璃", "手柄": "胡桃木手柄", "滤网材质": "316不锈钢", "盖子材质": "PP"}),
    _sku("M-2", "岚居积木收纳盒", "岚居", "家居/收纳", attributes={"材质": "ABS"}),
    _sku("M-3", "暖织抓绒手套", "暖织", "服饰/手套", attributes={"材质": "棉+抓绒"}),
    _sku("M-4", "云眠蚕丝被", "云眠", "家纺/被子", attributes={"面料": "全棉", "填充物": "100%桑蚕长丝"}),
    _sku("M-5", "柔垫TPE瑜伽垫", "柔垫", "运动/瑜伽垫", attributes={"材质": "TPE", "PVC": "不含PVC"}),
    _sku("F-1", "凛冬小冰箱90L", "凛冬", "家电/冰箱", attributes={"门体": "双开门", "压缩机": "单转子"}),
    _sku("O-1", "山谷野生椴树蜜", "山谷", "食品/蜂蜜", attributes={"产地": "吉林长白山"}),
    _sku("N-1", "蜂语椴树蜜", "蜂语", "食品/蜂蜜", faq={"多大能吃？": "1岁以下婴儿不能吃蜂蜜。"}),
    _sku("H-1", "拾暖三口USB充电头", "拾暖", "数码/充电器",
         faq={"三口一起用多少瓦？": "三口同时使用时总输出30W，自动分配。",
              "平板能快充吗？": "iPad可以充，最高18W。"}),
))


@pytest.fixture(scope="module")
def rules() -> dict[str, SkuConstraints]:
    return compile_constraints(KB, list(KB.skus))


def contradictions(rules: dict[str, SkuConstraints], sku_id: str, text: str) -> list[tuple[str, str]]:
    """(span, reason and cited rule) of each finding, all of kind contradiction."""
    findings = rules[sku_id].check(text, normalize(text))
    assert {f.kind for f in findings} <= {"contradiction"}
    return [(f.text, f"{f.reason} {f.rule or ''}") for f in findings]


def assert_one_contradiction(found: list[tuple[str, str]], span: str, cited: str) -> None:
    """Exactly one finding, on ``span``, citing the KB text ``cited``."""
    assert [t for t, _ in found] == [span], found
    assert cited in found[0][1], found


@pytest.mark.parametrize("sku_id,text,span,cited", [
    # a water rating read on its IEC 60529 scale, and an FAQ answering no
    ("W-1", "戴着去潜水完全没问题。", "戴着去潜水完全没问题", "IP67"),
    ("W-1", "Totally safe to wear in the pool.", "Totally safe to wear in the pool", "IP67"),
    ("W-1", "洗热水澡也可以一直戴着。", "洗热水澡也可以一直戴着", "不建议，热水蒸汽"),
    # allergens in any wording, free-from claims, an allowed age, a content claim the values miss
    ("C-1", "鸡蛋过敏的小朋友也能放心吃。", "鸡蛋过敏的小朋友也能放心吃", "含小麦、鸡蛋、牛奶"),
    ("C-1", "家人们，这款是无麸质的！", "这款是无麸质的", "麸质类过敏原"),
    ("C-1", "Fine for kids with an egg allergy.", "Fine for kids with an egg allergy", "鸡蛋"),
    ("C-1", "两岁的宝宝也能吃。", "两岁的宝宝也能吃", "建议3岁以上"),
    ("C-1", "这款是低钠配方。", "这款是低钠配方", "GB 28050"),
    # a negated usage, a requirement denied, an FAQ's yes denied
    ("J-1", "扔洗衣机随便洗就行。", "扔洗衣机随便洗就行", "不可机洗"),
    ("J-1", "大太阳底下暴晒也没事。", "大太阳底下暴晒也没事", "不可暴晒"),
    ("J-1", "这件完全不钻绒。", "这件完全不钻绒", "少量钻绒"),
    ("J-1", "平时不用干洗，省钱。", "平时不用干洗", "建议干洗"),
    # presence negated in an attribute, a cautioned audience
    ("S-1", "这瓶含酒精的，清爽。", "这瓶含酒精的", "不含酒精"),
    ("S-1", "孕妇随便用，完全没问题。", "孕妇随便用", "咨询医生"),
    ("S-1", "Totally safe for pregnant women.", "Totally safe for pregnant women", "咨询医生"),
    # an FAQ's no in other words, an ordinal value, a nomination said as a win
    ("R-1", "内胆拿钢丝球随便刷。", "内胆拿钢丝球随便刷", "不能，请用软布清洗"),
    ("R-1", "这台是一级能效的。", "这台是一级能效的", "二级能效"),
    ("R-1", "拿过红点设计奖的电饭煲。", "拿过红点设计奖的电饭煲", "提名"),
    # age outside the range, another tier and edition, a first-N gift said as everyone's
    ("B-1", "一岁宝宝就能看。", "一岁宝宝就能看", "3-6岁"),
    ("B-1", "Perfect for ages 8 and up.", "Perfect for ages 8 and up", "3-6岁"),
    ("T-1", "Even 2-year-olds can play with it.", "Even 2-year-olds can play with it", "3岁以下儿童禁止使用"),
    ("B-1", "它拿了童书插画大赛金奖。", "它拿了童书插画大赛金奖", "银奖"),
    ("B-1", "拿了第五届童书插画大赛银奖。", "拿了第五届童书插画大赛银奖", "第三届"),
    ("B-1", "今天下单每一位都送书签。", "今天下单每一位都送书签", "前500名"),
    ("T-1", "两岁的宝宝也能玩。", "两岁的宝宝也能玩", "3岁以下儿童禁止使用"),
    ("T-1", "这辆车拿了年度好玩具奖。", "这辆车拿了年度好玩具奖", "入围"),
    ("P-1", "It's fat-free yogurt.", "It's fat-free yogurt", "1.1g/100g"),
    ("K-1", "这瓶是特辣的。", "这瓶是特辣的", "中辣"),
    ("K-1", "特级的牛肉酱。", "特级的牛肉酱", "一级"),
    ("K-1", "放灶台火源旁边也没事。", "放灶台火源旁边也没事", "远离火源"),
    ("P-2", "A low-fat yogurt you can eat every day.", "A low-fat yogurt you can eat every day", "3.6g/100g"),
    # an ingredient listed as the KB has it or by its additive class, an allergen only the list names
    ("D-1", "这款零食完全不含牛肉。", "这款零食完全不含牛肉", "本品含牛肉"),
    ("D-1", "甜味剂我们是一点都没加。", "甜味剂我们是一点都没加", "本品含甜味剂"),
    ("D-1", "Zero thickener, just meat.", "Zero thickener", "本品含增稠剂"),
    ("D-1", "牛肉过敏的狗狗也可以吃。", "牛肉过敏的狗狗也可以吃", "牛肉类过敏原"),
    ("D-1", "It has no eggs inside.", "It has no eggs inside", "蛋类过敏原"),
    # a feature the KB has said to be missing, a part that adjusts or detaches said to be fixed, an absent part given
    ("L-1", "这台灯没有色温记忆，每次要重新调。", "这台灯没有色温记忆", "有，关灯后记住"),
    ("L-1", "灯臂是固定的哦。", "灯臂是固定的哦", "可调节"),
    ("L-1", "The arm doesn't adjust at all.", "The arm doesn't adjust at all", "可调节"),
    ("L-1", "底座拆不下来，一体成型。", "底座拆不下来", "可拆卸"),
    ("L-1", "下单就送电池，到手能用。", "下单就送电池", "不含电池"),
    # the verb of a yes/no FAQ: 是 names it, 有 says it is there, 能 says it is fine; keeping it on is doing it
    ("G-1", "这对是纯金的耳钉。", "这对是纯金的耳钉", "不是，是银镀金"),
    ("G-1", "这个没有防伪证书哈。", "这个没有防伪证书哈", "附检测证书"),
    ("G-1", "泡温泉都不用摘下来。", "泡温泉都不用摘下来", "硫磺"),
    # a part's material as the KB states it, the part named by its key or by the noun its value ends in
    ("M-1", "壶身是不锈钢的，摔不坏。", "壶身是不锈钢的", "耐热玻璃"),
    ("M-1", "塑料手柄，拿着不烫。", "塑料手柄", "胡桃木"),
    ("M-2", "整个是PVC材质的。", "整个是PVC材质的", "ABS"),
    ("M-2", "The box is brushed stainless steel.", "The box is brushed stainless steel", "ABS"),  # is, then the material
    ("M-3", "They're silk and wool.", "They're silk and wool", "棉+抓绒"),  # 棉 in a composition is cotton
    ("M-5", "它是PVC材质的，耐用。", "它是PVC材质的", "TPE"),  # 不含PVC: a material the KB says it lacks
    # a part counted with 单/双 said in another number
    ("F-1", "这台是单开门的，省地方。", "这台是单开门的", "双开门"),
    ("F-1", "里面装了两个转子。", "里面装了两个转子", "单转子"),
    ("H-1", "平板插上去也是三十瓦快充。", "平板插上去也是三十瓦快充", "最高18W"),
    ("H-1", "iPad plugged in charges at 30 watts.", "iPad plugged in charges at 30 watts", "最高18W"),
    ("H-1", "每个口都能输出三十瓦。", "每个口都能输出三十瓦", "总输出30W"),
    ("L-1", "这台没有无极调光。", "这台没有无极调光", "无极调光"),
    # allergic to any listed ingredient, not only a major allergen
    ("D-1", "卡拉胶过敏的狗狗也能放心吃。", "卡拉胶过敏的狗狗也能放心吃", "卡拉胶"),
    # an FAQ saying an age group cannot have it (不能, 不建议), and a half year said as 半岁
    ("N-1", "八个月的宝宝也可以吃。", "八个月的宝宝也可以吃", "1岁以下"),
    ("N-1", "半岁的宝宝也能吃一点。", "半岁的宝宝也能吃一点", "1岁以下"),
    # another place said as where it comes from
    ("O-1", "这是云南的椴树蜜。", "这是云南的椴树蜜", "吉林长白山"),
    ("O-1", "蜜是产自新西兰的。", "蜜是产自新西兰的", "吉林长白山"),
    ("O-1", "产地杭州，正宗。", "产地杭州", "吉林长白山"),  # a city no gazetteer lists, said as the origin
])
def test_kb_contradictions_are_found_on_the_clause(rules, sku_id, text, span, cited):
    assert_one_contradiction(contradictions(rules, sku_id, text), span, cited)


@pytest.mark.parametrize("sku_id,text", [
    ("W-1", "洗手、淋雨都不怕，IP67的。"),        # inside the rating
    ("W-1", "能不能戴着游泳？这款不行哈。"),       # a question, then a negation
    ("W-1", "要游泳潜水的话，选W3 Pro那款。"),     # a sibling's capability
    ("W-1", "洗热水澡的时候最好摘下来。"),         # cautionary
    ("C-1", "对鸡蛋过敏的宝宝别买哈。"),           # agrees with the allergen
    ("C-1", "过敏原有小麦、鸡蛋和牛奶，买之前看清楚。"),
    ("C-1", "五岁的孩子吃正好。"),                 # inside the age range
    ("J-1", "千万别机洗，送干洗店。"),
    ("J-1", "少量钻绒是正常的。"),
    ("S-1", "不含酒精，敏感的姐妹也不用怕刺鼻。"),
    ("S-1", "孕妇用之前最好先问问医生。"),
    ("R-1", "内胆别用钢丝球，用软布擦就行。"),
    ("R-1", "获得红点设计奖提名。"),
    ("B-1", "四岁的孩子看正合适。"),
    ("B-1", "Great for 5-year-olds."),
    ("S-1", "Pregnant? Check with your doctor first."),
    ("B-1", "拿过第三届童书插画大赛银奖。"),
    ("B-1", "前五百名下单送限量书签。"),
    ("P-1", "低脂酸奶，每100克脂肪1.1克。"),
    ("H-1", "三个口一起用总共三十瓦，自动分配。"),
    ("D-1", "牛肉过敏的狗狗别买，配料里有牛肉和全蛋粉。"),
    ("D-1", "没有加防腐剂，开袋后尽快吃完。"),      # a class the list does not have
    ("C-1", "配料表里没有牛肉。"),                   # another SKU's ingredient
    ("L-1", "有色温记忆，灯臂随便调，底座能拆。"),
    ("L-1", "电池要自己配，不送电池哈。"),
    ("L-1", "一次性买两台更划算。"),
    ("L-1", "比老款多了个无极调光。"),               # the feature's own 无 is no denial
    ("N-1", "两岁以上的孩子可以吃。"),
    ("W-1", "想潜水的得换成专业潜水表。"),            # advice to use another product for the case
    ("O-1", "吉林长白山的椴树蜜，云南的朋友也包邮。"),
    ("O-1", "产地吉林，长白山的椴树。"),  # part of its own origin  # its own origin; a place that is not said as the origin                 # 一次性 about buying, not the part
    ("G-1", "不是纯金，是银镀金的。"),
    ("G-1", "正常戴着不会变色。"),                   # 防氧化 answers no to 变色
    ("G-1", "泡温泉前记得摘下来。"),
    ("M-1", "玻璃壶身，滤网是不锈钢的，盖子塑料的。"),  # each part its own material, 塑料 true of PP
    ("M-1", "壶身不是塑料的，是玻璃。"),
    ("M-2", "ABS材质，边角磨圆了。"),
    ("M-2", "The box is ABS plastic."),
    ("M-4", "Pure mulberry silk inside, cotton outside."),  # the product as a whole is of each material it states
    ("F-1", "双开门，一个转子，安静。"),
    ("H-1", "平板十八瓦，手机三十瓦。"),             # the case at its limit; the other case is another clause
    ("L-1", "灯臂固定在底座上，角度随便调。"),        # 固定 the verb, not fixed
    ("R-1", "煮饭口感一级棒，三级过滤排气。"),       # 能效等级 is not a quality grade
    ("F-1", "一个开门红包送给大家。"),
    ("T-1", "五岁的小朋友玩正好，直播间抽奖拿了奖品的记得私信。"),  # 抽奖 is not an award
    ("T-1", "用三个月就能看出孩子专注力提升。"),   # a duration, not an age
    ("T-1", "下水道旁边也能放。"),                 # 下水道 is not immersion
    ("W-1", "想潜水的，直接拍W3 Pro。"),           # the sibling is named later in the sentence
    ("J-1", "平时不干洗的话，羽绒容易结块。"),     # a condition, not a denial of the requirement
    ("K-1", "离火源远一点就行。"),
    ("K-1", "中辣的，微辣党慎入。"),               # 微辣 names people, not this sauce
    ("P-2", "低脂款更清爽，全脂的更香。"),         # 低脂 names the sibling (titles differ in one character)
])
def test_statements_that_agree_with_the_kb_are_clean(rules, sku_id, text):
    assert contradictions(rules, sku_id, text) == []


def test_the_verifier_reports_them_with_spans_into_the_original_text():
    text = "家人们好！\n这款手表，戴着去潜水完全没问题。"
    finding = next(f for f in Verifier(KB).verify(text, "W-1", AT) if f.kind == "contradiction")
    assert text[finding.start:finding.end] == finding.text == "戴着去潜水完全没问题"
    assert finding.fact_ref == "W-1#attr:防水等级" and finding.rule.startswith("GB/T 4208")


def test_a_sibling_comparison_in_the_faq_is_not_this_skus_fact():
    kb = KnowledgeBase(skus=(
        _sku("E-6", "墨屿6寸阅读器", "墨屿", "数码/阅读器", attributes={"防水等级": "IPX8"},
             faq={"和5寸款有什么区别？": "5寸款不防水、不支持冷暖光。"}),
        _sku("E-5", "墨屿5寸阅读器", "墨屿", "数码/阅读器", attributes={"冷暖光": "不支持"}),
    ))
    rules = compile_constraints(kb, list(kb.skus))
    assert contradictions(rules, "E-6", "IPX8防水，带冷暖光，泡澡看书也放心。") == []
    assert [t for t, _ in contradictions(rules, "E-5", "这台也带冷暖光。")] == ["这台也带冷暖光"]


def _watches() -> Verifier:
    kb = {"skus": [
        {"sku_id": "W3", "title": "跃动S1手环", "category": "数码/手环", "price": 199, "attributes": [{"key": "防水等级", "value": "3ATM"}]},
        {"sku_id": "W5", "title": "跃动R5手表", "category": "数码/手表", "price": 399, "attributes": [{"key": "防水", "value": "50米防水"}],
         "faq": [{"question": "能潜水吗？", "answer": "不能，适合游泳和浅水，不适合潜水。"}]},
        {"sku_id": "C10", "title": "浪行运动相机", "category": "数码/相机", "price": 999, "selling_points": ["裸机12米防水"]},
    ]}
    return Verifier(parse_json(json.dumps(kb), "m").kb)


@pytest.mark.parametrize("sku_id,text,contradicts", [
    ("W3", "戴着游泳没问题", True),  # 3ATM takes rain, not swimming
    ("W3", "下雨天戴着没事", False),
    ("W5", "戴着游泳没问题", False),  # 5ATM swims, and the FAQ's 不能 is about diving only
    ("W5", "戴着去潜水也可以", True),
    ("W5", "you can go scuba diving with it", True),
    ("C10", "不用壳直接下水拍，浮潜也行", False),  # 12米防水 is a depth it works at, not a 1ATM watch mark
    ("C10", "裸机去深潜没问题", True),
])
def test_watch_ratings_in_atmospheres_and_a_faq_that_allows_one_water_use_but_not_another(sku_id, text, contradicts):
    found = [f for f in _watches().verify(text, sku_id, datetime(2026, 12, 5, 20, 0)) if f.kind == "contradiction"]
    assert bool(found) == contradicts


def _cream_and_honey() -> Verifier:
    kb = {"skus": [
        {"sku_id": "C1", "title": "清屿修护面霜", "category": "美妆/面霜", "price": 139, "attributes": [{"key": "酒精", "value": "不含"}]},
        {"sku_id": "H1", "title": "花谷椴树蜂蜜", "category": "食品/蜂蜜", "price": 59,
         "faq": [{"question": "宝宝能吃吗？", "answer": "1岁以下婴儿不能食用蜂蜜。"}]},
    ]}
    return Verifier(parse_json(json.dumps(kb), "m").kb)


@pytest.mark.parametrize("sku_id,text,contradicts", [
    ("C1", "添加了少量酒精，很清爽", True),  # a quantity between the presence verb and what the KB says is absent
    ("C1", "加了一点点酒精", True),
    ("C1", "没有酒精，温度正好", False),
    ("H1", "八个月的宝宝冲水喝正好", True),  # 正好 says it is fine for an excluded age
    ("H1", "一岁半的孩子喝正好", False),
])
def test_presence_with_a_quantity_and_fine_said_as_just_right(sku_id, text, contradicts):
    found = [f for f in _cream_and_honey().verify(text, sku_id, datetime(2026, 12, 5, 20, 0)) if f.kind == "contradiction"]
    assert bool(found) == contradicts


# ------------------------------------------------------------------ issue 15 class 7: the classes behind a KB fact
CLASSES_KB = KnowledgeBase(merchant_id="constraint-classes", skus=(
    _sku("Q-1", "眠云羽绒枕", "眠云", "家居/枕头", attributes={"可机洗": "否", "防水": "不防水"}),
    _sku("V-1", "行川托运箱28寸", "行川", "箱包/行李箱", attributes={"可登机": "否"}),
    _sku("V-2", "行川登机箱20寸", "行川", "箱包/行李箱", attributes={"可登机": "是"}),
    _sku("J-2", "鲜榨便携榨汁杯", "鲜榨", "厨电/榨汁杯", attributes={"加热": "无"}),
    _sku("Z-1", "豆坊加热豆浆机", "豆坊", "厨电/豆浆机", attributes={"加热": "有"}),
    _sku("Z-2", "豆坊静音豆浆机", "豆坊", "厨电/豆浆机", attributes={"加热": "无"}),
    _sku("X-1", "洁立洗衣片30片", "洁立", "日化/洗衣", faq={"手洗可以用吗？": "不建议，要在滚筒里才能完全溶开。"}),
    _sku("E-1", "旺财成犬粮", "旺财", "宠物/犬粮", attributes={"适用体型": "小、中、大型犬"},
         faq={"猫能吃吗？": "不行，营养配比是按狗的需要做的。"}),
    _sku("A-1", "柔肤保湿乳", "柔肤", "美妆/乳液", attributes={"香精": "微量", "适用肤质": "干皮、油皮、混合皮"}),
    _sku("A-2", "脆香花生酥", "脆香", "食品/糕点", attributes={"过敏原": "花生"}),
    _sku("A-3", "嫩芽米粉", "嫩芽", "母婴/辅食", attributes={"过敏原": "不含牛奶、鸡蛋", "冲调水温": "≤45℃"}),
    _sku("A-4", "读读童谣绘本", "读读", "图书/绘本", attributes={"注音": "全注音", "粉尘": "低粉尘"}),
    _sku("R-2", "悠然午休躺椅", "悠然", "家居/躺椅", faq={"能平躺吗？": "不能，靠背最多后仰120°。"},
         usage="拆封后通风24小时再使用。"),
    _sku("K-2", "醒屿冷萃咖啡液", "醒屿", "食品/咖啡", attributes={"工艺": "低温烘焙", "储存": "阴凉处，避免冷冻"},
         faq={"哺乳期能喝吗？": "含咖啡因，哺乳期不建议饮用。"}),
    _sku("B-2", "行迹运动手环", "行迹", "数码/手环", usage="不可佩戴洗热水澡、蒸桑拿。"),
    _sku("C-2", "暖杯保温杯", "暖杯", "家居/水杯", usage="不可盛装碳酸饮料。"),
    _sku("C-3", "麦香燕麦饼", "麦香", "食品/饼干", attributes={"配料": "燕麦、白砂糖", "过敏原": "含乳、大豆"}),
    _sku("C-4", "椰风椰子片", "椰风", "食品/零食", attributes={"添加糖": "不额外添加蔗糖"}),
    _sku("H-2", "甜源蜂蜜", "甜源", "食品/蜂蜜", faq={"痛风病人能吃吗？": "果糖含量高，痛风病人不建议吃。",
                                                   "要放冰箱吗？": "常温密封即可，不需要冷藏。"}),
    _sku("S-2", "护程儿童增高座椅", "护程", "母婴/安全座椅", usage="只能安装在后排座位。"),
    _sku("T-2", "学趣点读课", "学趣", "图书/课程", faq={"用什么设备？": "电脑浏览器打开即可，手机不支持。"}),
    _sku("P-3", "厨匠铸铁锅", "厨匠", "厨房/锅具", faq={"能空烧吗？": "不可以空烧。"}),
    _sku("U-1", "净眠除螨仪", "净眠", "家电/除螨仪", faq={"有线还是无线？": "有线款，电源线5米。"}),
))


@pytest.fixture(scope="module")
def class_rules() -> dict[str, SkuConstraints]:
    return compile_constraints(CLASSES_KB, list(CLASSES_KB.skus))


@pytest.mark.parametrize("sku_id,text,span,cited", [
    # (a) a yes/no attribute answered no, contradicted by the everyday act it names
    ("Q-1", "脏了就丢进洗衣机转一圈。", "脏了就丢进洗衣机转一圈", "可机洗：否"),
    ("Q-1", "Just toss it in the washing machine.", "Just toss it in the washing machine", "可机洗：否"),
    ("V-1", "这只箱子也能登机。", "这只箱子也能登机", "可登机：否"),
    ("V-1", "能直接提上飞机塞进行李架。", "能直接提上飞机塞进行李架", "可登机：否"),
    ("J-2", "早上直接用它煮粥。", "早上直接用它煮粥", "加热：无"),
    # (b) an FAQ ruling out a way of use or an animal, said to be fine
    ("X-1", "手洗也能用，泡一片就行。", "手洗也能用", "手洗可以用吗"),
    ("E-1", "猫咪也可以跟着吃。", "猫咪也可以跟着吃", "营养配比"),
    ("E-1", "Totally fine for cats.", "Totally fine for cats", "营养配比"),
    # (c) free of what the KB has a trace of, and missing what it has throughout
    ("A-1", "一丁点香精都没有。", "一丁点香精都没有", "香精：微量"),
    ("A-1", "It's fragrance-free.", "It's fragrance-free", "香精：微量"),
    ("A-4", "这本没有注音，适合识字多的孩子。", "这本没有注音", "全注音"),
    ("A-3", "这款加了牛奶，更香。", "这款加了牛奶", "不含牛奶"),
    # (d) an allergen said to be fine in small amounts
    ("A-2", "花生过敏的吃一两块没关系。", "花生过敏的吃一两块没关系", "花生"),
    # (e) boiling water against a water temperature capped below the boil
    ("A-3", "直接用开水冲。", "直接用开水冲", "≤45℃"),
    ("A-3", "Boiling water from the kettle works.", "Boiling water from the kettle works", "≤45℃"),
    # (f) one member of a listed applicability said as the only one
    ("E-1", "这款只适合小型犬。", "这款只适合小型犬", "小、中、大型犬"),
    ("A-1", "只适合干皮用。", "只适合干皮用", "干皮、油皮、混合皮"),
    # an FAQ's predicate that ends in a generic verb (平躺), and an audience named later in the answer
    ("R-2", "靠背放下来能平躺。", "靠背放下来能平躺", "不能，靠背最多后仰"),
    ("K-2", "喂奶的妈妈也放心喝。", "喂奶的妈妈也放心喝", "哺乳期不建议"),
    # hot water in its everyday places, a member of a ruled-out class, a process another member of its set
    ("B-2", "洗澡蒸桑拿都不用摘。", "洗澡蒸桑拿都不用摘", "不可佩戴洗热水澡"),
    ("C-2", "装汽水也没事。", "装汽水也没事", "碳酸饮料"),
    ("K-2", "是炸出来的。", "是炸出来的", "低温烘焙"),
    ("K-2", "喝不完放冷冻，随便放。", "喝不完放冷冻", "避免冷冻"),  # 喝不完 is no negation
    # sugar put in as an ingredient said to be absent, an allergen named by one character (含乳)
    ("C-3", "这款是零糖的。", "这款是零糖的", "白砂糖"),
    ("C-3", "牛奶过敏的也能吃。", "牛奶过敏的也能吃", "含乳"),
    # a wait before first use skipped
    ("R-2", "到手就能用。", "到手就能用", "通风24小时"),
    # a patient group (X病人), a step the KB says is not needed, a fitting place, a device named before its 不支持
    ("H-2", "痛风病人吃一勺也没事。", "痛风病人吃一勺也没事", "痛风病人不建议"),
    ("H-2", "到家记得放冰箱冷藏。", "到家记得放冰箱冷藏", "不需要冷藏"),
    ("S-2", "装在副驾也行。", "装在副驾也行", "只能安装在后排"),
    ("T-2", "手机上也能学。", "手机上也能学", "手机不支持"),
    # an instruction to do it first is doing it
    ("P-3", "先空烧两分钟再下油。", "先空烧两分钟再下油", "不可以空烧"),
    # coming through unharmed is saying it is fine: a pillow that is not waterproof said to survive a soak
    ("Q-1", "泡在水里都不会坏。", "泡在水里都不会坏", "不防水"),
    # an either-or FAQ answered with this SKU's own kind (有线款) is its fact, not a sibling's
    ("U-1", "它是无线的，拿着到处跑。", "它是无线的", "有线款"),
])
def test_each_class_of_kb_fact_is_contradicted_by_its_everyday_statements(class_rules, sku_id, text, span, cited):
    assert_one_contradiction(contradictions(class_rules, sku_id, text), span, cited)


@pytest.mark.parametrize("sku_id,text", [
    ("Q-1", "千万别放洗衣机，送去干洗。"),              # the host warning as the KB does
    ("Q-1", "能不能机洗？不能哈。"),                    # a question, then the KB's answer
    ("Q-1", "它不防水，别沾水。"),                      # 不防水 states no presence to deny
    ("V-1", "这个尺寸得托运，上不了飞机。"),
    ("V-1", "要登机的话选20寸那款。"),                   # a sibling for the case
    ("V-2", "20寸的可以带上飞机。"),                    # the sibling that may board
    ("J-2", "它不能加热，只打冷饮。"),
    ("Z-1", "这台是加热款，静音款便宜一百，但不能加热。"),  # the sibling's 不能加热 in a comparison
    ("X-1", "手洗的话就别用这个了。"),
    ("E-1", "猫咪别吃哦，这是狗粮。"),
    ("E-1", "小型犬中型犬大型犬都能吃。"),              # the whole list
    ("A-1", "含一点点香精，量很少。"),
    ("A-1", "干皮油皮都能用。"),
    ("A-2", "花生过敏的千万别吃。"),
    ("A-3", "配方里没有牛奶和鸡蛋。"),                  # the KB's own absence list
    ("A-3", "别用开水，四十度左右的温水就行。"),
    ("A-3", "开水放凉到四十度再冲。"),                  # boiled, then cooled
    ("A-4", "全注音，不认字也能读。"),
    ("A-4", "低粉尘，不是没有粉尘哦。"),                # a denied denial agrees
    ("R-2", "靠背不能放平，最多后仰一百二十度。"),
    ("K-2", "不是炸的，是低温烘焙。"),
    ("C-2", "别装汽水可乐。"),
    ("C-4", "没加蔗糖，甜味是椰子本身的。"),              # the KB's 不额外添加 is no ingredient
    ("R-2", "拆开先通风一天再用。"),
    ("H-2", "不用冷藏，常温放着就行。"),
    ("S-2", "前排的朋友看过来，这款装后排。"),          # 前排 of the audience, not where it is fitted
    ("T-2", "手机不行哦，用电脑打开。"),
    ("P-3", "千万别空烧，先放油。"),
    ("Q-1", "不防水，泡水会坏。"),
])
def test_the_same_classes_stay_clean_when_warned_negated_or_about_a_sibling(class_rules, sku_id, text):
    assert contradictions(class_rules, sku_id, text) == []


# ------------------------------------------------------------------ issue 15 class 7, unseen6 round: more classes
MORE_KB = KnowledgeBase(merchant_id="constraint-classes-2", skus=(
    _sku("Y-1", "暖屋陶瓷电炖锅2L", "暖屋", "厨电/炖锅", attributes={"保温": "无"},
         faq={"和养生壶有什么区别？": "炖锅只管慢炖；养生壶能预约、能保温。"}),
    _sku("Y-2", "净颜氨基酸洁面泡沫", "净颜", "美妆/洁面", faq={"能卸妆吗？": "不能卸防水彩妆，需要先卸妆再洗脸。"}),
    _sku("Y-4", "灶好静音破壁机", "灶好", "厨电/破壁机", attributes={"加热": "无"},
         faq={"加热款和静音款有什么区别？": "加热款能煮豆浆；静音款更安静，但不能加热。"}),
    _sku("Y-5", "果果翻翻认知绘本", "果果", "图书/绘本", selling_points=("入围2026“年度最美绘本”评选",)),
    _sku("Y-60", "学研词典笔", "学研", "数码/词典笔", certifications=("入选“首批教育装备推荐目录”",)),
    _sku("Y-61", "桂庭广式月饼", "桂庭", "食品/月饼", certifications=("荣获2027中秋月饼品鉴会“最佳传统风味奖”",)),
    _sku("Y-62", "越醅十年花雕", "越醅", "酒类/黄酒", selling_points=("入围“2027年度最佳陈年黄酒”评选",)),
    _sku("Y-6", "旅风便携电热杯", "旅风", "小家电/电热杯", attributes={"额定电压": "220V"},
         faq={"双电压吗？": "不是，只支持220V，110V的国家和地区不能用。"}),
    _sku("Y-7", "亮眸防蓝光平光镜", "亮眸", "眼镜/防蓝光", faq={"散光能戴吗？": "本款是平光镜，散光需另配镜片。"}),
    _sku("Y-8", "喵乐冻干鱼肉粒", "喵乐", "宠物/零食", faq={"狗狗能吃吗？": "这是按猫的营养需要做的配方，建议猫咪食用。"}),
    _sku("Y-9", "润手护手霜", "润手", "美妆/护手霜", faq={"老人能用吗？": "可以，成人都适用。"}),
    _sku("Y-10", "浪潮运动手表", "浪潮", "数码/手表", attributes={"防水": "5ATM"}),
    _sku("Y-11", "行者冲锋衣", "行者", "服饰/外套", attributes={"面料": "防泼水涂层"}),
    _sku("Y-12", "晴空防晒霜", "晴空", "美妆/防晒", attributes={"防水": "未做防水测试"}),
    _sku("Y-13", "洁爪豆腐猫砂", "洁爪", "宠物/猫砂", attributes={"冲厕": "可冲马桶（少量）"}),
    _sku("Y-14", "柔肌舒缓面霜", "柔肌", "美妆/面霜", attributes={"香精": "无", "酒精": "不含"},
         usage="皮肤有伤口时不适合使用。"),
    _sku("Y-15", "暖绒羊毛围巾", "暖绒", "服饰/围巾", usage="冷水手洗，低温熨烫。"),
    _sku("Y-16", "轻旅折叠凳收纳箱", "轻旅", "家居/收纳箱", faq={"能坐人吗？": "不能，箱盖不承重。"}),
    _sku("Y-17", "厨乐3L空气炸锅（基础款）", "厨乐", "厨电/空气炸锅", attributes={"可视窗": "无"},
         faq={"5L可视款和3L基础款差在哪？": "可视款有可视窗；基础款没有可视窗。"}),
    _sku("Y-18", "鲜果坊猕猴桃5斤", "鲜果坊", "生鲜/水果", faq={"坏了怎么办？": "签收后24小时内拍照，按个数补发。"}),
    _sku("Y-19", "醇境梅子酒500mL", "醇境", "酒水/果酒", usage="开封后请冷藏，7天内喝完。"),
    _sku("Y-20", "焙趣玻璃烤盘", "焙趣", "厨房/烤盘", usage="避免冷热交替，冷藏后先回温再进烤箱。"),
    _sku("Y-21", "萌宝玻璃辅食碗", "萌宝", "母婴/餐具", faq={"能进微波炉吗？": "碗可以，硅胶盖需取下。"}),
    _sku("Y-22", "海鲜道冻鱿鱼须1kg", "海鲜道", "生鲜/海鲜", attributes={"储存": "-18℃冷冻"}, faq={"重量含冰吗？": "1kg为净重，不含冰衣。"}),
    _sku("Y-23", "素笺钢笔墨囊", "素笺", "文具/墨水", attributes={"颜色": "蓝"}),
    _sku("Y-24", "思维口算天天练", "思维", "图书/教辅", attributes={"答案": "附详解答案册"}),
    _sku("Y-25", "海味鲜虾仁500g", "海味", "生鲜/虾仁", faq={"过敏人群？": "甲壳类过敏者禁食。"}),
    _sku("Y-26", "青禾定时浇水器", "青禾", "园艺/浇水器", faq={"能插电吗？": "不能，只用电池。"}),
    _sku("Y-27", "澄净加湿器", "澄净", "家电/加湿器", faq={"能加精油吗？": "不可以，会损坏滤芯。"}),
    _sku("Y-28", "清肌爽肤水", "清肌", "美妆/爽肤水", attributes={"酒精": "不含酒精"}),
    _sku("Y-29", "小厨3L空气炸锅", "小厨", "厨电/空气炸锅", attributes={"可视窗": "无", "蓝牙": "不支持"}),
    _sku("Y-30", "禾苗宝宝米粉", "禾苗", "母婴/辅食", attributes={"适用月龄": "6个月以上"}),
    _sku("Y-31", "铸匠珐琅锅", "铸匠", "厨房/锅具", attributes={"微波炉": "不可用"}),
    _sku("Y-32", "轻舞瑜伽裤", "轻舞", "服饰/运动裤", attributes={"面料成分": "锦纶80% 氨纶20%"}),
    _sku("Y-33", "净透补水面膜", "净透", "美妆/面膜", faq={"多久敷一次？": "每周2-3次，每次15分钟。"}),
    _sku("Y-34", "眠岛乳胶枕", "眠岛", "家居/枕头", faq={"有大号的吗？": "这个链接只有60×40一个尺寸。"}),
    _sku("Y-35", "净厨台式洗碗机", "净厨", "厨电/洗碗机", faq={"要接水管吗？": "不用接，手动加水即可。"}),
    _sku("Y-36", "汪乐喂食器", "汪乐", "宠物/喂食器", attributes={"WiFi": "仅支持2.4G"}),
    _sku("Y-37", "青柠气泡水", "青柠", "饮料/气泡水", usage="冷藏后口感更佳。"),
    _sku("Y-38", "闪充磁吸充电宝", "闪充", "数码/充电宝", faq={"能给平板充电吗？": "最大输出15W，多数平板充不动，大部分平板不行。"}),
    _sku("Y-39", "云眠床笠1.8m", "云眠", "家纺/床笠", faq={"1.5米床能用吗？": "这款按1.8米床做的，1.5米床会大一圈。"}),
    _sku("Y-40", "安睡无乳胶床垫", "安睡", "家居/床垫", selling_points=("不含乳胶，乳胶过敏也能放心用",)),
    _sku("Y-41", "丝语真丝衬衫", "丝语", "服饰/衬衫", attributes={"可熨烫": "否"}),
    _sku("Y-42", "麦香手工馒头", "麦香", "食品/面点", attributes={"可冷冻": "否"}),
    _sku("Y-43", "乐乐硅胶牙胶", "乐乐", "母婴/牙胶", faq={"能煮沸消毒吗？": "不能，高温会变形，请用消毒液。"}),
    _sku("Y-44", "墨语电子书阅读器", "墨语", "数码/阅读器", attributes={"防水": "不防水"}),
    _sku("Y-45", "暖宫艾草贴", "暖宫", "个护/暖贴", attributes={"可拆洗": "否"}, faq={"经期能用吗？": "经期不建议使用。"}),
    _sku("Y-46", "竹韵木质砧板", "竹韵", "厨房/砧板", faq={"能进洗碗机吗？": "只能手洗，洗完立起来晾干。"}),
    _sku("Y-47", "风行轻薄羽绒马甲", "风行", "服饰/羽绒", attributes={"适宜温度": "5~15℃"}),
    _sku("Y-48", "跃动S2手表", "跃动", "数码/手表", attributes={"eSIM独立通话": "不支持"}),
    _sku("Y-49", "安行行车记录仪", "安行", "汽车用品/记录仪", faq={"能停车监控吗？": "需另购降压线，停车监控最长12小时。"}),
    _sku("Y-50", "彩漾染发膏", "彩漾", "美妆/染发", usage="每次使用前48小时都要做皮肤过敏测试。"),
    _sku("Y-51", "润颜晚霜", "润颜", "美妆/面霜", faq={"干皮怎么用？": "建议薄涂，仅在晚上使用。"}),
    _sku("Y-52", "清透乳液", "清透", "美妆/乳液", faq={"油皮能用吗？": "油皮建议薄涂，只在晚上使用。"}),
    _sku("Y-53", "学趣英语点读笔", "学趣", "图书/点读笔", faq={"能点读课本吗？": "支持苏教版小学英语教材，需另购点读贴纸。"}),
    _sku("Y-3", "晶透玻璃水杯", "晶透", "家居/水杯", usage="首次使用前用温水清洗，请定期除垢。【主播请强调本杯摔不碎】"),
))


@pytest.fixture(scope="module")
def more_rules() -> dict[str, SkuConstraints]:
    return compile_constraints(MORE_KB, list(MORE_KB.skus))


@pytest.mark.parametrize("sku_id,text,span,cited", [
    ("Y-1", "炖完还能一直保温。", "炖完还能一直保温", "保温：无"),
    ("Y-4", "静音款也能打热豆浆。", "静音款也能打热豆浆", "加热：无"),  # the question names both; this one is 静音
    # a step the KB asks for first (需先卸妆) said to be unneeded
    ("Y-2", "带妆直接洗，不用卸妆。", "不用卸妆", "需要先卸妆"),
    # a shortlisted award named without 奖 and said as won, in Chinese and in English
    ("Y-5", "这本评上了2026年度最美绘本。", "这本评上了2026年度最美绘本", "入围"),
    ("Y-5", "It won Most Beautiful Picture Book of 2026.", "It won Most Beautiful Picture Book of 2026", "入围"),
    # a catalogue listing said as an award, a named award given a grade it lacks, a shortlisted title said as held
    ("Y-60", "这是教育装备推荐目录的获奖产品。", "这是教育装备推荐目录的获奖产品", "入选"),
    ("Y-61", "它拿的是品鉴会最佳传统风味金奖。", "它拿的是品鉴会最佳传统风味金奖", "最佳传统风味奖"),
    ("Y-62", "它是2027年度最佳陈年黄酒。", "它是2027年度最佳陈年黄酒", "入围"),
    # a verbless yes/no FAQ answered no, and a 220 V device said to work on 110 V mains
    ("Y-6", "双电压设计，出差带着走。", "双电压设计", "不是，只支持220V"),
    ("Y-6", "带去日本酒店插上就能用。", "带去日本酒店插上就能用", "IEC TR 60083"),
    ("Y-6", "It's dual voltage.", "It's dual voltage", "220V"),
    # an FAQ sending a condition to another product (需另配), or naming another kind of consumer it is for
    ("Y-7", "散光的姐妹直接戴就行。", "散光的姐妹直接戴就行", "散光需另配"),
    ("Y-8", "家里狗狗也可以吃。", "家里狗狗也可以吃", "建议猫咪食用"),
    # scuba in its everyday words, a downpour against a splash rating, a test not done
    ("Y-10", "背着气瓶下潜二十米也没问题。", "背着气瓶下潜二十米也没问题", "5ATM"),
    ("Y-11", "暴雨天穿着都湿不透。", "暴雨天穿着都湿不透", "防泼水"),
    ("Y-12", "这支防晒是防水的。", "这支防晒是防水的", "未做防水测试"),
    ("Y-12", "Waterproof formula.", "Waterproof formula", "未做防水测试"),
    # a use allowed in small amounts only, said with the whole lot
    ("Y-13", "一整袋直接倒进马桶冲走。", "一整袋直接倒进马桶冲走", "少量"),
    ("Y-13", "Just dump it all down the toilet.", "Just dump it all down the toilet", "少量"),
    # no fragrance: no scent said either; no alcohol in English; a condition ruled out (有伤口时)
    ("Y-14", "抹上去有淡淡的奶香。", "抹上去有淡淡的奶香", "香精：无"),
    ("Y-14", "It smells like fresh roses.", "It smells like fresh roses", "香精：无"),
    ("Y-14", "With a touch of alcohol for a cool finish.", "With a touch of alcohol for a cool finish", "酒精：不含"),
    ("Y-14", "手上划了口子破皮了也照样涂。", "手上划了口子破皮了也照样涂", "有伤口时"),
    # an act the KB does cold or at low temperature said done hot
    ("Y-15", "直接热水洗就行。", "直接热水洗就行", "冷水手洗"),
    ("Y-15", "高温熨烫也不怕。", "高温熨烫也不怕", "低温熨烫"),
    # a thing used as what the KB rules out (一坐就是个凳子)
    ("Y-16", "累了往上一坐就是个凳子。", "累了往上一坐就是个凳子", "不能，箱盖不承重"),
    # a sibling's name (可视款) inside this SKU's own attribute key (可视窗) does not name the sibling
    ("Y-17", "基础款也带可视窗。", "基础款也带可视窗", "可视窗：无"),
    # a time limit on an act said longer; kept cold said kept at room temperature
    ("Y-18", "坏了三天内都给补发。", "坏了三天内都给补发", "24小时内"),
    ("Y-19", "一个月内喝完就行。", "一个月内喝完就行", "7天内喝完"),
    ("Y-19", "开了盖常温放着慢慢喝。", "开了盖常温放着慢慢喝", "请冷藏"),
    # from the fridge straight to the heat, a part left on, a weight with what it leaves out, another colour, bought apart
    ("Y-20", "冷藏的直接进烤箱烤就行。", "冷藏的直接进烤箱烤就行", "冷热交替"),
    ("Y-21", "连着硅胶盖一起放微波炉转一分钟。", "连着硅胶盖一起放微波炉转一分钟", "硅胶盖需取下"),
    ("Y-22", "一公斤是带冰的重量。", "一公斤是带冰的重量", "不含冰衣"),
    ("Y-22", "收到放常温就行。", "收到放常温就行", "冷冻"),
    ("Y-23", "也有红色和黑色的。", "也有红色和黑色的", "只有蓝色"),
    ("Y-24", "答案册要另外买。", "答案册要另外买", "附详解答案册"),
    # allergic to a member of the group the KB forbids (甲壳类过敏者禁食); a verb split from its object; putting it in
    ("Y-25", "对虾过敏的吃两个没事。", "对虾过敏的吃两个没事", "甲壳类过敏者禁食"),
    ("Y-26", "插上电就能一直用。", "插上电就能一直用", "不能，只用电池"),
    ("Y-27", "往水箱滴几滴精油就香了。", "往水箱滴几滴精油就香了", "不可以，会损坏滤芯"),
    ("Y-28", "A toner with a bit of alcohol.", "A toner with a bit of alcohol", "不含酒精"),
    # a feature the KB says it lacks, named in English
    ("Y-29", "It has a viewing window on the front.", "It has a viewing window on the front", "可视窗：无"),
    ("Y-29", "It comes with Bluetooth.", "It comes with Bluetooth", "蓝牙：不支持"),
    # an age said as the month from which (4个月就能), and giving it (喂点) as saying it is fine
    ("Y-30", "四个月就能加米粉了。", "四个月就能加米粉了", "6个月以上"),
    ("Y-30", "五个月的宝宝喂点尝尝。", "五个月的宝宝喂点尝尝", "6个月以上"),
    # an FAQ refusing the case in a later clause (大部分平板不行) or saying it does not fit (会大一圈)
    ("Y-38", "出门平板也能给你充满。", "出门平板也能给你充满", "大部分平板不行"),
    ("Y-39", "一米五的床用着正好。", "一米五的床用着正好", "1.5米床会大一圈"),
    # an audience the KB welcomes, told to stay away
    ("Y-40", "乳胶过敏的就别买了。", "乳胶过敏的就别买了", "乳胶过敏也能放心用"),
    # yes/no attributes against the everyday acts they rule out: ironing, freezing, boiling, getting it wet
    ("Y-41", "皱了拿熨斗熨一下就平。", "皱了拿熨斗熨一下就平", "可熨烫：否"),
    ("Y-42", "吃不完冻起来，随便放。", "吃不完冻起来", "可冷冻：否"),
    ("Y-43", "开水煮一下消毒就行。", "开水煮一下消毒就行", "不能，高温会变形"),
    ("Y-44", "沾水也没事。", "沾水也没事", "不防水"),
    # a two-character act split by a complement (拆下来洗), a period of life as who it is for
    ("Y-45", "脏了拆下来洗就行。", "脏了拆下来洗就行", "可拆洗：否"),
    # an FAQ answering with the only way (只能手洗) rules out the way asked about; a shortlisted award 得奖
    ("Y-46", "用完丢洗碗机就行。", "用完丢洗碗机就行", "只能手洗"),
    # a comfort range above freezing said to hold in hard cold; calls without the phone on a watch without eSIM
    ("Y-47", "哈尔滨的冬天穿它就够了。", "哈尔滨的冬天穿它就够了", "5~15℃"),
    ("Y-47", "零下十度也扛得住。", "零下十度也扛得住", "5~15℃"),
    ("Y-48", "不带手机也能单独打电话。", "不带手机也能单独打电话", "eSIM独立通话：不支持"),
    # an accessory to buy said unneeded, a step every time said once only, thick against thin, day against night only
    ("Y-49", "熄火以后一直看着车，不用接任何线。", "不用接任何线", "需另购降压线"),
    ("Y-50", "过敏测试做过一次以后就不用再做了。", "过敏测试做过一次以后就不用再做了", "每次使用前"),
    ("Y-51", "厚厚涂一层都不闷。", "厚厚涂一层都不闷", "建议薄涂"),
    ("Y-51", "白天也能用。", "白天也能用", "仅在晚上"),
    # 苏教版教材 is an edition of what it reads, not a sibling: the answer's 需另购 is this SKU's
    ("Y-53", "点课本直接就能读，不用买别的。", "不用买别的", "需另购点读贴纸"),
    # the same classes said in English
    ("Y-23", "It also comes in red.", "It also comes in red", "只有蓝色"),
    ("Y-18", "We'll replace it within 3 days.", "We'll replace it within 3 days", "24小时内"),
    ("Y-30", "Fine from 4 months.", "Fine from 4 months", "6个月以上"),
    ("Y-5", "这本书得奖了，2026年度最美绘本。", "这本书得奖了", "入围"),
    ("Y-45", "来大姨妈的时候也能放心贴。", "来大姨妈的时候也能放心贴", "经期不建议"),
    # a no answered 不可用; a fabric by its fibre names; more often or longer than the KB's use; another size; optional as required
    ("Y-31", "剩菜连锅放微波炉转两分钟。", "剩菜连锅放微波炉转两分钟", "微波炉：不可用"),
    ("Y-32", "面料是纯棉的，吸汗。", "面料是纯棉的", "锦纶80%"),
    ("Y-33", "天天敷都可以。", "天天敷都可以", "每周2-3次"),
    ("Y-33", "一次敷半小时更水润。", "一次敷半小时更水润", "每次15分钟"),
    ("Y-34", "大号的也有，下单选。", "大号的也有", "只有60×40一个尺寸"),
    ("Y-34", "70×45的也有。", "70×45的也有", "只有60×40一个尺寸"),
    ("Y-35", "必须接水管才能用。", "必须接水管才能用", "不用接"),
    ("Y-36", "家里5G的WiFi也能直接连。", "家里5G的WiFi也能直接连", "仅支持2.4G"),
    ("Y-3", "这杯子从来不用除垢。", "这杯子从来不用除垢", "请定期除垢"),
])
def test_more_classes_are_found(more_rules, sku_id, text, span, cited):
    assert_one_contradiction(contradictions(more_rules, sku_id, text), span, cited)


@pytest.mark.parametrize("sku_id,text", [
    ("Y-1", "炖锅不保温，养生壶能预约能保温。"),           # a product the FAQ compares it with is another
    ("Y-2", "它卸不了彩妆，化了浓妆的先卸妆再洗。"),       # the buyer's own first step (需先卸妆) is no claim
    ("Y-3", "玻璃的摔了会碎，我们不说摔不碎。"),
    ("Y-5", "入围了2026年度最美绘本评选，家长口碑也拿下了。"),  # shortlisted said as such
    ("Y-5", "It made the 2026 shortlist."),
    ("Y-6", "不是双电压，去日本美国的别买。"),                  # warned as the KB does
    ("Y-6", "国内220伏直接用，出差住酒店很方便。"),
    ("Y-6", "日本进口的发热片，能用很久。"),                   # a place it comes from, not one it is used in
    ("Y-7", "散光的朋友要另外配镜哦。"),
    ("Y-10", "戴着游泳没问题。"),
    ("Y-11", "毛毛雨小雨不怕。"),
    ("Y-12", "没做防水测试，游泳后记得补涂。"),
    ("Y-13", "少量结团可以冲马桶。"),
    ("Y-14", "不含香精，没有香味，介意香味的姐妹放心。"),
    ("Y-14", "Fragrance-free and no alcohol."),
    ("Y-14", "有伤口的地方先别涂。"),
    ("Y-15", "冷水手洗，熨的时候调低温。"),
    ("Y-15", "热水袋配围巾，冬天更暖。"),                      # hot, but not the act
    ("Y-16", "别坐上去，箱盖不承重。"),
    ("Y-17", "可视款才有可视窗，基础款没有。"),
    ("Y-18", "二十四小时内拍照，按个数补发。"),
    ("Y-19", "开封后放冰箱，一周内喝完。"),
    ("Y-19", "没开封的放阴凉处，开了要冷藏。"),
    ("Y-37", "常温喝也好喝，冰一下更爽。"),                     # a KB that only says it tastes better cold
    ("Y-22", "鱿鱼须常温解冻半小时再下锅。"),
    ("Y-20", "冰箱里拿出来别马上进烤箱，先回温。"),
    ("Y-21", "硅胶盖取下来，碗放微波炉热。"),
    ("Y-22", "一公斤是净重，不带冰。"),
    ("Y-23", "蓝色墨囊，颜色很正。"),
    ("Y-23", "笔杆上带红色防滑圈。"),                            # a coloured part, not another colour of the listing
    ("Y-24", "附答案册，不用另外买。"),
    ("Y-25", "虾蟹过敏的别买。"),
    ("Y-26", "不能插电，装电池用。"),
    ("Y-27", "别往里滴精油，只加纯净水。"),
    ("Y-28", "No alcohol, so it doesn't sting."),
    ("Y-29", "No viewing window on this one, and no Bluetooth."),
    ("Y-30", "七个月就能加，一次一勺。"),
    ("Y-31", "别放微波炉，明火电磁炉都行。"),
    ("Y-32", "锦纶加氨纶，弹性好。"),
    ("Y-33", "一周两三次，每次十五分钟。"),
    ("Y-33", "每天直播间都有福利。"),                             # daily, but not the use
    ("Y-34", "只有60×40一个尺寸，拍之前量一下。"),
    ("Y-34", "枕套颜色有3种，灰白蓝都有。"),
    ("Y-38", "平板基本充不动，手机没问题。"),
    ("Y-39", "1.8米的床正好，1.5米的会大一圈。"),
    ("Y-40", "乳胶过敏的也不用担心，里面没有乳胶。"),
    ("Y-41", "千万别熨，挂起来自然垂。"),
    ("Y-42", "当天吃完，别冻。"),
    ("Y-43", "别煮，用消毒液泡一下。"),
    ("Y-44", "它不防水，别沾水。"),
    ("Y-45", "不能拆洗，脏了用湿巾擦。"),
    ("Y-46", "只能手洗，别放洗碗机。"),
    ("Y-47", "零下的天气就别穿它了，换厚款。"),
    ("Y-47", "春秋十度左右穿正好。"),
    ("Y-48", "打电话要手机在旁边，不能单独通话。"),
    ("Y-49", "停车监控要另外买降压线。"),
    ("Y-50", "每次染之前都做一下过敏测试。"),
    ("Y-51", "薄薄涂一层，晚上用。"),
    ("Y-52", "早上晚上都能用。"),                              # night only for oily skin, not for everyone
    ("Y-52", "晚上厚涂一层当睡眠面膜。"),
    ("Y-23", "Blue ink only, and it writes smoothly."),
    ("Y-18", "Send a photo within 24 hours and we replace it."),
    ("Y-30", "Fine from 7 months."),
    ("Y-30", "You'll see results from 2 months of use."),            # a duration of use, not an age
    ("Y-45", "经期就先别用了。"),                        # a count that is no size
    ("Y-22", "调到常温档解冻。"),
    ("Y-35", "不用接水管，加水就能用。"),
    ("Y-36", "只支持2.4G的WiFi，路由器设置一下。"),
    ("Y-30", "一罐吃两个月就能看到宝宝长肉。"),                   # a duration, not an age
    ("Y-29", "Put it by the window to cool down."),               # a window, but not said to be there
    ("Y-13", "整袋倒马桶会堵，一次冲一小块。"),                # a warning: the harm it would come to
    ("Y-8", "狗狗就别喂了，给猫咪吃。"),
    ("Y-9", "老人也能用，成人都适用。"),
    ("Y-60", "它是首批教育装备推荐目录里的，是名录，不是奖。"),
    ("Y-61", "荣获品鉴会“最佳传统风味奖”。"),
    ("Y-62", "入围了2027年度最佳陈年黄酒评选，结果还没出。"),                    # an answer that says yes           # a host not saying it, and a KB telling what to say
])
def test_more_classes_stay_clean(more_rules, sku_id, text):
    assert contradictions(more_rules, sku_id, text) == []


def test_what_the_buyer_adds_is_agreed_with_when_the_host_says_the_product_lacks_it():
    kb = KnowledgeBase(skus=(
        Sku(sku_id="L-1", title="骑迹码表", price=199, attributes=(Attribute(key="心率", value="需另配心率带"),),
            usage="肩带长度可调；雨天建议另配防雨罩。"),))
    rules = compile_constraints(kb, list(kb.skus))
    assert contradictions(rules, "L-1", "码表自己是测不了心率的，要另外配心率带。") == []
    assert contradictions(rules, "L-1", "这款没有防雨罩，下雨天自己配一个。") == []
    assert contradictions(rules, "L-1", "不用另配防雨罩，下雨也没事。")  # the need denied


def _mitts() -> Verifier:
    kb = {"skus": [
        {"sku_id": "M1", "title": "净搓 搓澡巾", "category": "个护/搓澡巾", "price": 13.9,
         "faq": [{"question": "是棉的吗？", "answer": "是尼龙的，不是棉。"}, {"question": "是尼龙的吗？", "answer": "是的。"}]},
    ]}
    return Verifier(parse_json(json.dumps(kb), "m").kb)


@pytest.mark.parametrize("text,contradicts", [
    ("不是棉的，是尼龙的。", False),  # the FAQ's 是尼龙的 names another material: it does not say yes to 棉
    ("不是尼龙的。", True),           # 是的 says yes
])
def test_a_faq_answer_that_names_another_thing_says_no(text, contradicts):
    found = [f for f in _mitts().verify(text, "M1", datetime(2026, 12, 5, 20, 0)) if f.kind == "contradiction"]
    assert bool(found) == contradicts
