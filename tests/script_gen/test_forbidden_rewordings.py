"""A forbidden sentence said in the host's own grammar: a denial by its words, a prevention as the outcome not
happening, a replacement with its verb before the object, "all of them" said with 都, a compound opened by words
between its parts, a condition said not to come, one named as a topic then cured in the next clause, adverbs
between a phrase's characters (多吃都不上火), and permanence said as "however long" (用多久都不会掉毛)."""

import pytest

from script_gen.compliance import check_compliance, forbidden_claims
from script_gen.records import Attribute, Sku


def _found(forbidden: str, text: str, title: str = "测试商品", category: str = "") -> list[str]:
    sku = Sku(sku_id="R-1", title=title, category=category, price=10, forbidden_claims=(forbidden,))
    return [f.text for f in forbidden_claims(text, sku)]


@pytest.mark.parametrize("text,found", [
    ("这批橙子从开花到采摘没喷过一滴农药", True),
    ("农药残留检测报告可以在详情页看", False),
])
def test_a_denied_noun_is_the_claim_without_the_rest_of_the_part(text, found):
    assert bool(_found("不得宣称无农药残留", text, "赣南脐橙5斤", "生鲜/水果")) is found


@pytest.mark.parametrize("text,found", [
    ("洗完肌肤一点也不伤，还挺滋润", True),
    ("这个刷子不伤锅，放心刷", False),
])
def test_a_denied_verb_needs_its_object_in_any_of_its_words(text, found):
    assert bool(_found("不得宣称不伤肌肤", text, "氨基酸洁面乳", "美妆/洁面")) is found


def test_a_denied_verb_whose_object_is_the_product_is_said_by_the_verb_alone():
    assert _found("不得宣称绝对不粘锅", "炒青菜根本不粘，一点油就够", "麦饭石炒锅", "厨房/锅具") != []


def test_a_denied_noun_that_begins_a_longer_word_is_another_thing():
    assert _found("不得宣称无油烟", "炒完菜都不用开油烟机了", "无烟炒锅", "厨房/锅具") == []


@pytest.mark.parametrize("text,found", [
    ("戴上它去骑行，就再也不会摔伤了", True),
    ("骑行摔伤的风险还是有的，注意安全", False),
])
def test_a_prevention_is_broken_by_its_outcome_said_not_to_happen(text, found):
    assert bool(_found("不得宣称能避免骑行摔伤", text, "儿童护膝", "运动/护具")) is found


def test_a_long_outcome_is_said_by_its_head():
    assert _found("不得宣称防止火灾事故", "装上以后家里就不会出事故了", "烟雾报警器", "家居/安防") != []


@pytest.mark.parametrize("text,found", [
    ("奶粉不够就拿它直接代替母乳", True),
    ("它不能代替母乳，只是辅食", False),
])
def test_a_replacement_said_with_its_verb_before_the_object(text, found):
    assert bool(_found("不得宣称可以替代母乳", text, "婴儿米粉", "母婴/辅食")) is found


@pytest.mark.parametrize("text,found", [
    ("这款支架手机都能装，平板也行", True),
    ("苹果、手机都能装", False),
    ("手机都不一定能装，要看厚度", False),
])
def test_all_of_a_thing_is_said_with_the_thing_and_dou(text, found):
    assert bool(_found("不得宣称适配所有手机", text, "车载支架", "汽车用品/支架")) is found


def test_a_compound_is_said_with_words_between_its_parts():
    assert _found("不得宣称开发智力", "天天玩能开发宝宝的智力", "数字拼图", "玩具/拼图") != []
    assert _found("不得宣称可以戴着游泳", "戴着它去游泳也没问题", "运动手环", "数码/手环") != []


def test_a_condition_said_not_to_come_with_dou_bu_is_prevented():
    assert _found("不得宣称预防感冒", "每天喝一杯，一冬天都不感冒", "维C泡腾片", "保健食品/维生素") != []
    assert _found("不得宣称预防感冒", "换季的时候还是会感冒", "维C泡腾片", "保健食品/维生素") == []


def test_a_condition_named_as_a_topic_and_cured_in_the_next_clause_is_a_medical_claim():
    found = check_compliance("脸上那些痘痘，用了一周就都消了", category="美妆/洁面")
    assert [f.category for f in found] == ["medical"]
    assert check_compliance("脸上那些痘痘，用了一周也没消", category="美妆/洁面") == []


@pytest.mark.parametrize("text,flagged", [
    ("台灯最亮一千二百流明，够写作业", False),
    ("第一盒三十九，第二盒半价", False),
    ("这是全网最亮的台灯", True),
    ("销量第一，第二名差远了", True),
])
def test_a_parameter_and_an_ordinal_counted_on_are_no_absolute_claims(text, flagged):
    assert bool([f for f in check_compliance(text) if f.category == "absolute"]) is flagged


@pytest.mark.parametrize("text,found", [
    ("防脱这瓶今晚九十九，二百瓶。", False),  # the product named by its title's word
    ("用了一个月头顶都长出新头发了。", True),
])
def test_the_products_own_name_is_no_forbidden_claim(text, found):
    assert bool(_found("不得宣称生发、长出新头发", text, "青丝防脱洗发水500mL", "洗护/洗发水")) is found


def test_a_title_word_the_sentence_itself_names_is_still_matched():
    assert _found("不得宣称全单板", "面板背板全部单板，声音通透。", "弦语 26寸单板尤克里里", "乐器/尤克里里") != []


@pytest.mark.parametrize("text,found", [
    ("三斤的牛排，十片，一片三两。", False),  # 牛 of the title's 牛排
    ("这是正宗澳洲和牛西冷。", True),
])
def test_one_character_of_a_title_word_is_the_product(text, found):
    assert bool(_found("不得宣称是和牛", text, "牧野原澳洲谷饲西冷牛排1.5kg", "生鲜/牛排")) is found


@pytest.mark.parametrize("forbidden, text, found", [
    ("不得宣称多吃不上火", "荔枝多吃都不上火", True),  # an adverb between the sentence's characters
    ("不得宣称多吃不上火", "多吃会上火，一天十颗", False),
    ("不得宣称永不掉毛", "这条毛巾用多久都不会掉毛", True),  # permanence said as "however long"
    ("不得宣称永不掉毛", "用多久都行，掉毛了就换", False),
])
def test_adverbs_inside_a_forbidden_phrase_and_however_long(forbidden, text, found):
    assert bool(_found(forbidden, text)) is found


@pytest.mark.parametrize("forbidden, text, found", [
    ("不得宣称孕妇、未成年人可以饮用", "未成年人、孕妇别喝酒。", False),  # the people listed share the permission
    ("不得宣称孕妇、未成年人可以饮用", "孕妇喝一点也没事。", True),
    ("不得宣称台风天、大风天可以使用", "台风天可别拿出来啊。", False),
    ("不得宣称台风天、大风天可以使用", "台风天照样打。", True),
    ("不得宣称无糖、糖尿病人可以吃", "这个无糖的。", True),  # 无糖 states a claim of its own
    ("不得宣称是商用咖啡机、适合开店", "这台就是商用咖啡机。", True),
    ("不得宣称有机、零农药", "有检测报告，但我们不说有机，不说零农药。", False),  # the host refuses to say it
    ("不得宣称无籽", "软籽不是没籽，别听别人说无籽。", False),
    ("不得宣称消除或去除黑眼圈、眼袋", "黑眼圈眼袋这支不承诺。", False),
    ("不得宣称可以机洗或烘干", "平铺晾干，机洗烘干都不行。", False),  # named, then ruled out
    ("不得宣称可以机洗或烘干", "Machine washing is a no-no.", False),
    ("不得宣称可以机洗或烘干", "机洗也行，暖和得不行。", True),  # 得不行 is a degree, not a refusal
])
def test_cases_listed_before_a_permission_and_claims_the_host_refuses(forbidden, text, found):
    assert bool(_found(forbidden, text)) is found


@pytest.mark.parametrize("forbidden, text, found", [
    ("不得宣称兼容PS5、Xbox主机", "PS5插上就能玩。", True),  # fitting another product is a capability
    ("不得宣称兼容PS5、Xbox主机", "这款兼容PS5。", True),
    ("不得宣称兼容PS5、Xbox主机", "PS5用不了，只支持Switch。", False),
    ("不得宣称B3也能用", "In February they'll be thirty-five.", False),  # B3 is a model's name, not "be" and a 3
    ("不得宣称适配iPhone 16 Pro Max或其他机型", "Pro Max的别拍这个，只适配16 Pro。", False),  # 16 names the phone
])
def test_a_model_named_in_a_forbidden_sentence_is_a_name(forbidden, text, found):
    assert bool(_found(forbidden, text)) is found


@pytest.mark.parametrize("text,found", [
    ("坚果过敏也能喝，核桃就一点点", True),  # 食用 of a drink is said as drinking
    ("坚果过敏的千万别喝", False),
])
def test_eating_and_drinking_say_one_another(text, found):
    assert bool(_found("不得宣称坚果过敏人群可食用", text, "核桃乳 250mL", "食品/饮料")) is found


@pytest.mark.parametrize("forbidden, title, text, found", [
    ("不得宣称手工刺绣", "宋制褙子两件套", "这件是手工绣的，针脚细。", True),  # 刺绣 said as 绣
    ("不得宣称手工刺绣", "宋制褙子两件套", "Hand-embroidered by master artisans.", True),
    ("不得宣称大师亲制", "苦竹葫芦丝", "大师亲手做的，音准。", True),
    ("不得宣称天然竹制", "ABS儿童葫芦丝", "天然竹子做的，环保。", True),
    ("不得宣称手工吹制", "威士忌杯", "老师傅手工吹的。", True),
    ("不得宣称四季开花", "波斯菊种子", "一年四季开不停。", True),
    ("不得宣称四季开花", "波斯菊种子", "夏秋开花，花期长。", False),
    ("不得宣称天然竹制", "ABS儿童葫芦丝", "ABS树脂的，不是竹子做的。", False),
])
def test_a_forbidden_making_or_season_said_in_the_hosts_words(forbidden, title, text, found):
    assert bool(_found(forbidden, text, title)) is found, text


@pytest.mark.parametrize("text,found", [
    ("摆在店门口淋雨也没事", True),
    ("洗手的时候放水龙头底下冲都没事", True),
    ("扔书包里水杯漏了也进不去水", True),
    ("这个外套下雨天穿它出门不用打伞", True),
    ("伞布防雨", True),
    ("淋雨可不行，要收进来", False),
    ("IP55是防溅，下雨天溅几滴水没事，但别泡水啊", False),  # splash said with its limit
])
def test_water_said_to_do_no_harm_is_a_waterproof_claim(text, found):
    assert bool(_found("不得宣称防水", text)) is found


@pytest.mark.parametrize("forbidden,text,found", [
    ("不得宣称永不开裂", "枣木硬，小擀面杖你用到孙子辈都不会裂", True),  # the failure by its own character
    ("不得宣称永不开裂", "红木背板，放暖气边上一冬都不会开裂", True),
    ("不得宣称永不断裂", "赛璐珞的指甲，使劲弹一年都断不了", True),  # 断不了 is the permanence, not an inability
    ("不得宣称永不断弦", "这弦永远拉不断", True),
    ("不得宣称永不开裂", "木头的总会裂，别放暖气边", False),
    ("不得宣称永不开裂", "有人问会不会裂，木头的都可能裂，我不跟你说永远不裂", False),  # a question, and a refusal
    ("不得宣称永不发黄", "时间长了还是会慢慢黄的，别信谁说永远不黄", False),
])
def test_permanence_is_said_by_the_failure_it_denies(forbidden, text, found):
    assert bool(_found(forbidden, text)) is found


@pytest.mark.parametrize("forbidden,text,found", [
    ("不得宣称纯手工制作", "老师傅一双一双纯手工做的", True),
    ("不得宣称手工缝制", "老师傅一针一线手缝的", True),
    ("不得宣称非遗传承人亲手制作", "非遗传承人一针一线亲手做的", True),
    ("不得宣称纯手工打造", "Every pair is carved entirely by hand.", True),
    ("不得宣称手工现包", "Hand-wrapped fresh this morning.", True),
    ("不得宣称纯手工制作", "开齿是机器开的，我不跟你说纯手工，说纯手工那是骗人", False),
    ("不得宣称纯手工削制", "这个是纯靠手搓的，飞得没那个高", False),  # rubbed between the hands to fly, not made by hand
])
def test_handmade_is_one_claim_in_any_craft_verb(forbidden, text, found):
    assert bool(_found(forbidden, text)) is found


def test_the_skus_own_attribute_said_as_it_stands_is_no_forbidden_claim():
    sku = Sku(sku_id="R-1", title="枣木筷子", price=10, forbidden_claims=("不得宣称纯手工制作",),
              attributes=(Attribute(key="工艺", value="机器切削+手工打磨"),))
    assert forbidden_claims("机器切削，然后手工打磨，不是纯手工", sku) == []
    assert forbidden_claims("每一双都是纯手工做的", sku) != []


@pytest.mark.parametrize("forbidden,text,found", [
    ("不得宣称治疗夜盲", "晚上看不清的夜盲症戴上就好了", True),  # who cannot see negates nothing after it
    ("不得宣称治疗多动症", "孩子坐不住的，多动症玩这个就好。", True),
    ("不得宣称治疗关节炎", "老狗趴上面关节炎好了", True),
    ("不得宣称治疗关节炎", "老猫睡这个关节炎都能缓过来", True),
    ("不得宣称治疗关节炎", "关节炎的别指望它能好了", False),
    ("不得宣称治疗关节炎", "关节炎还是得看医生", False),
])
def test_a_named_condition_said_to_be_over_is_a_cure_claim(forbidden, text, found):
    assert bool(_found(forbidden, text, category="宠物/猫窝")) is found


@pytest.mark.parametrize("forbidden,text,found", [
    ("不得宣称防冻疮", "孩子上学路上冷，戴上不生冻疮", True),
    ("不得宣称预防老年痴呆", "爷爷奶奶也来一个，天天玩不会老年痴呆", True),
    ("不得宣称防近视", "孩子用了不近视", True),
    ("不得宣称防冻疮", "冻疮严重的还是得去医院，它不治冻疮", False),
    ("不得宣称防冻疮", "保暖而已，不是说戴了不长冻疮", False),
])
def test_a_condition_said_not_to_come_after_use_is_a_prevention_claim(forbidden, text, found):
    assert bool(_found(forbidden, text, category="服饰/耳罩")) is found


@pytest.mark.parametrize("forbidden, text, found", [
    ("不得宣称可以水洗", "脏了放水里涮一涮就干净了", True),
    ("不得宣称可以水洗", "直接放水龙头下面冲", True),
    ("不得宣称可以水洗", "Give it a quick wash in the sink, it dries fine.", True),
    ("不得宣称可以水洗", "Rinse it under the tap, it's fine.", True),
    ("不得宣称可以水洗", "别放水里洗，湿布擦一擦就行", False),
    ("不得宣称可机洗", "能直接丢洗衣机", True),
    ("不得宣称可机洗", "Machine washable.", True),
    ("不得宣称可机洗", "手洗，阴干，别机洗，机洗毛就结了", False),
    ("不得宣称可以进洗碗机", "Stick it in the dishwasher with the plates.", True),
    ("不得宣称可以进洗碗机", "It's not dishwasher safe, wash it by hand.", False),
    # a component named by the KB keeps its words: the part of the product the host names is not it
    ("不得宣称荞麦壳可以水洗", "外套拉链拆下来能洗，荞麦壳不能洗", False),
])
def test_washing_is_one_claim_in_any_words_of_the_whole_product(forbidden, text, found):
    assert bool(_found(forbidden, text, "竹编收纳篮", "家居/收纳")) is found
