"""Disease and condition claims said as an improvement, and words that are a claim for one family only."""

import pytest

from script_gen.compliance import check_compliance


def _medical(text: str, category: str) -> list[str]:
    return [f.text for f in check_compliance(text, category=category) if f.category == "medical"]


@pytest.mark.parametrize("text,category", [
    ("刷完这面墙，我家老人鼻炎都少犯了", "家装建材/墙面漆"),
    ("宝宝喝了便秘就好了", "乳品/牛奶"),
    ("来例假肚子疼的，用它痛经都轻了", "个护/卫生巾"),  # an outcome said as lighter
    ("孩子有阅读障碍的，用它阅读障碍能改善", "数码/词典笔"),
    ("背它肩部肌肉劳损都能缓解", "文具/书包"),
    ("天天放风筝，颈椎病都放好了", "玩具/风筝"),  # cured by doing what the product is for
    ("冻疮抹它就好", "美妆/护手霜"),
    ("这机器做的纳豆能溶血栓", "家电/酸奶机"),
    ("产后恢复得快，月子里天天喝", "冲饮/红糖"),
    ("自闭症的孩子玩了都能专心了", "儿童玩具/拼图"),
    ("light one and your anxiety just melts away", "香氛/蜡烛"),
    ("天天打，颈椎病都打好了", "文具/算盘"),  # the product's own use said to cure it
    ("肩周炎、腰椎间盘突出都能抖好", "运动/空竹"),
    ("骨质疏松都能踢回来", "运动/毽子"),
    ("her arthritis is so much better since she got it", "厨具/压力锅"),
    ("it settles your stomach, good for gastritis", "食品/果干"),
    ("Thimble-wearing helps arthritis in the fingers", "文具/顶针"),
    ("treats hand tremors in grandparents", "玩具/拼插"),
    ("用这个纱布擦，鹅口疮都好了", "母婴/纱布巾"),
    ("挂只老虎，小儿惊风就好了", "家居/摆件"),
    ("套着真丝发圈湿疹就退了", "配饰/发圈"),
    ("口腔溃疡都好得快", "家居/水杯"),
    ("手腕的腱鞘炎都能磨好", "厨具/研钵"),
    ("我这肾结石都排出来了", "厨具/量杯"),
    ("胃口都好了，消化不良也没了", "食品/水果"),
    ("看久了近视都不加深了", "数码/翻页笔"),
    ("修了一个月毛囊炎就没再犯", "个护/修眉刀"),
    ("孩子就不得痢疾了", "家居/苍蝇拍"),
    ("孕妇摆一个在床头，安胎保胎", "家居/摆件"),
    ("水果放竹篮里吃，血糖不容易高", "家居/果篮"),
    ("过敏性鼻炎的孩子不打喷嚏了", "家电/吸尘器"),
])
def test_a_condition_said_to_improve_is_a_medical_claim(text, category):
    assert _medical(text, category) != []


def test_yizhi_names_a_toy_kind_but_is_a_health_claim_for_food():
    assert _medical("这套益智拼图适合五岁以上", "儿童玩具/拼图") == []
    assert _medical("玩了变聪明", "儿童玩具/拼图") != []
    assert _medical("这款益智饼干天天吃", "零食/饼干") != []


def test_a_medical_term_the_host_denies_is_no_claim():
    assert _medical("这是普通食品，也不能美白祛斑", "滋补/燕窝") == []
    assert _medical("喝了能美白祛斑", "滋补/燕窝") != []


def test_a_condition_named_to_say_who_may_use_it_is_no_result():
    assert _medical("糖尿病的朋友也能吃，是代糖做的", "零食/饼干") == []


@pytest.mark.parametrize("text", [
    "Wear it every day and it keeps skin cancer away.",
    "Sleep under this net and your insomnia is cured.",
    "Sip from this flask all day and your acid reflux settles down.",
    "Soak every night and your varicose veins fade.",
    "Keeps the whole family from catching the flu.",
    "Helps with glaucoma pressure.",
    "Acting out the scripts every day cures stuttering.",
    "Her carpal tunnel stopped hurting after a week.",
    "My sister's insomnia went away.",
    "Scrubbing with sisal every day eased my wrist arthritis.",
    "These gloves cleared up their Raynaud's.",
    "Keeps arthritis out of your fingers.",
    "The waterproof layer keeps their eczema from flaring.",
    "These calm the rash down.",
    "Keeps them from getting sunstroke.",
])
def test_english_disease_claims_in_the_hosts_words(text):
    assert _medical(text, "家居/日用")


@pytest.mark.parametrize("text,category", [
    ("粉剂溶于水，搅匀就好", "食品/奶粉"),  # 溶 of a powder, 就好 of stirring
    ("扶手是无障碍设计", "家居/扶手"),
    ("衣服叠好了放好了", "家居/收纳箱"),
    ("湿疹的宝宝不建议用了", "母婴/纱布巾"),  # a condition named to say who should not
    ("No rash, no itch, the cotton is soft.", "母婴/纱布巾"),
    ("血压计量的血压都准", "家电/血压计"),
])
def test_the_new_outcome_and_treatment_words_alone_are_no_claim(text, category):
    assert _medical(text, category) == []


def _weight_loss(text: str, category: str) -> list[str]:
    return [f.text for f in check_compliance(text, category=category) if f.rule == "cn-ad-law:weight_loss"]


@pytest.mark.parametrize("text", [
    "我们粉丝说搓了一个月瘦了五斤",
    "一个月瘦个七八斤",
    "一天一包还能瘦。",
    "一个月掉八斤",
    "天天吃，肚子上的肉就下去了",
    "这个糕是低卡的，吃一盒都不长肉",
    "Eat these instead of dinner and the weight falls off.",
    "I lost four kilos eating these for breakfast.",
    "it melts the belly fat",
    "Boosts circulation and slims your waist.",
    "cashews just don't put weight on you",
])
def test_weight_loss_said_as_what_happened(text):
    assert _weight_loss(text, "食品/零食") != []


@pytest.mark.parametrize("text", [
    "二十六公斤，五十二斤，比Z7轻了二十四斤。",  # the product is lighter
    "这条裙子穿上就显瘦。",                        # looking slim is no weight loss
    "减肥的姐妹先看看配料表。",
])
def test_weights_and_looks_are_no_weight_loss(text):
    assert _weight_loss(text, "食品/零食") == []
