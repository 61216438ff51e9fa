"""A merchant's forbidden sentence by its frame: a capability, an absolute, a figure, a treated condition."""

import pytest

from script_gen.compliance import forbidden_claims
from script_gen.forbidden_frames import figure_of, frame_of
from script_gen.records import Attribute, Sku


def _found(forbidden: str, text: str, **fields) -> list[tuple[str, str]]:
    sku = Sku(sku_id="F-1", title="测试商品", price=10, forbidden_claims=(forbidden,), **fields)
    return [(f.text, f.rule) for f in forbidden_claims(text, sku)]


@pytest.mark.parametrize("part,need,core", [
    ("可以冲浪使用", "permissive", "冲浪"),
    ("露营车内可用", "permissive", "露营车"),
    ("适合痛风病人", "permissive", "痛风"),
    ("100%遮光", "absolute", "遮光"),
    ("绝不褪色", "absolute", "不褪色"),
    ("抗菌率95%", None, "抗菌率95%"),
])
def test_a_part_is_split_into_its_frame_and_what_it_is_about(part, need, core):
    frame = frame_of(part)
    assert (frame.need, frame.core) == (need, core)


def test_a_figure_keeps_its_value_unit_and_the_words_of_what_it_measures():
    figure = figure_of("续航72小时")
    assert (figure.value, figure.unit, figure.topic) == (72.0, "小时", ("续航",))


@pytest.mark.parametrize("text", ["冲浪的时候用它都没事", "周末去冲浪照样能用"])
def test_a_capability_is_broken_when_the_case_is_said_to_be_fine(text):
    found = _found("不得宣称可以冲浪使用", text)
    assert len(found) == 1 and found[0][0].startswith("冲浪") and found[0][1] == "forbidden:0"


@pytest.mark.parametrize("text", [
    "冲浪的时候千万别带它",
    "想冲浪的话选我们另一款",
    "冲浪用不了哈，只防溅水",
])
def test_naming_the_case_to_rule_it_out_is_not_a_capability_claim(text):
    assert _found("不得宣称可以冲浪使用", text) == []


def test_an_absolute_is_broken_only_when_said_absolutely():
    assert _found("不得宣称100%遮光", "这窗帘百分之百遮光，白天跟晚上一样") == [("百分之百遮光", "forbidden:0")]
    assert _found("不得宣称100%遮光", "遮光率做到了九成以上") == []


def test_a_denial_absolute_is_broken_by_an_even_so_frame():
    assert _found("不得宣称绝不褪色", "洗多少次都不会褪色") != []
    assert _found("不得宣称绝不褪色", "深色的第一次洗会有点褪色") == []


@pytest.mark.parametrize("text,span", [
    ("这款抗菌率能到百分之九十五", "95"),
    ("抗菌这块，九十五是有的", "95"),
])
def test_a_figure_is_matched_in_spoken_numerals_next_to_what_it_measures(text, span):
    found = _found("不得宣称抗菌率95%", text)
    assert found and span in found[0][0].replace("百分之九十五", "95").replace("九十五", "95")


def test_a_figure_with_a_time_unit_and_a_minus_temperature_are_matched_in_any_spelling():
    assert _found("不得宣称续航72小时", "充满一次用七十二个小时") != []
    assert _found("不得宣称续航72小时", "充电两个小时就满") == []
    assert _found("不得宣称零下十五度可用", "零下十五度照样开机") == [("零下十五度照样", "forbidden:0")]
    assert _found("不得宣称零下十五度可用", "零下十五度就别用了") == []


def test_a_percentage_said_in_tenths_is_the_same_figure():
    assert _found("不得宣称比烧水壶省电80%", "比烧水壶省电八成") != []


@pytest.mark.parametrize("text", [
    "鸡眼的朋友用它两周就好",
    "鸡眼不好的多用几次",
    "坚持用鸡眼都消掉了",
])
def test_the_object_of_a_treating_verb_is_a_condition_for_this_product(text):
    assert _found("不得宣称治疗鸡眼", text) != []


def test_a_condition_said_as_untreatable_is_not_a_treatment_claim():
    assert _found("不得宣称治疗鸡眼", "它是鞋垫，治不了鸡眼") == []


def test_kinds_of_a_mark_are_named_by_its_head_character():
    assert _found("不得宣称淡化细纹", "眼尾纹鱼尾纹，用上半个月就抚平了") != []
    assert _found("不得宣称治疗湿疹", "宝宝湿疹的话先看医生") == []


def test_a_protected_result_said_without_the_protecting_verb_still_breaks_the_rule():
    assert _found("不得宣称保护手腕不受伤", "打球戴着它手腕就不会受伤") != []
    assert _found("不得宣称保护手腕不受伤", "手腕受伤了要先休息") == []


@pytest.mark.parametrize("part,case", [
    ("可以冲浪使用", "冲浪"),
    ("适合痛风病人", "适合痛风"),
    ("儿童可以独自使用", "儿童可以独自使用"),
])
def test_the_case_a_capability_is_about_is_what_the_host_must_name(part, case):
    from script_gen.forbidden_frames import case_part

    assert case_part(part, frame_of(part)) == case


def test_a_figure_that_sets_the_scene_for_an_outcome_needs_the_outcome_said_absolutely():
    forbidden = "不得宣称关机三天都不掉电"
    assert figure_of("关机3天都不掉电").condition
    found = [t for t, _ in _found(forbidden, "关机放三天开机一点电都不掉")]
    assert len(found) == 1 and found[0].startswith("三天") and "一点电都" in found[0]
    # the duration said plainly (a day's routine, a spec) is no claim of the outcome
    assert _found(forbidden, "关机以后一天自检一次，三天一个周期") == []


def test_a_count_of_one_in_a_scene_figure_is_not_flagged_character_by_character():
    found = _found("不得宣称出差一个月都不用充电", "充电一次一个小时，一天用一到两回，出差带上就行")
    assert all(len(text) > 1 for text, _ in found)


def test_an_audience_allowed_to_eat_is_a_capability_broken_only_when_said_fine():
    forbidden = "不得宣称孕妇可以喝"
    assert [t for t, _ in _found(forbidden, "孕妇也能喝，放心")] == ["孕妇也能"]
    assert _found(forbidden, "成人每天一杯，孕妇别喝，小孩也别喝") == []


def test_a_comparison_is_one_claim_not_each_of_its_sides():
    forbidden = "不得宣称音质和录音棚一样"
    assert _found(forbidden, "音质不错，低音有力") == []
    assert [t for t, _ in _found(forbidden, "音质跟录音棚一样")] == ["音质跟录音棚一样"]


def test_a_forbidden_word_naming_a_model_is_not_said_of_this_product():
    forbidden = "不得宣称防水"
    assert _found(forbidden, "要下水的看隔壁防水款，这台不行") == []
    assert _found(forbidden, "这台本身就防水") != []


def test_a_model_name_said_of_this_product_is_the_claim():
    assert _found("不得宣称故宫联名或博物馆授权", "这是故宫联名款。") != []
    assert _found("不得宣称防水", "这就是防水款，下雨天随便用") != []


@pytest.mark.parametrize("text", ["晚上开着跟没开似的，一点不吵", "开到最大档也没啥动静"])
def test_silence_said_in_everyday_words_breaks_a_ban_on_claiming_it(text):
    assert _found("不得宣称静音", text) != []


def test_a_mild_word_about_noise_is_not_a_silence_claim():
    assert _found("不得宣称静音", "转起来声音不算大，不太吵人") == []


@pytest.mark.parametrize("text,found", [
    ("一岁半的小宝贝也能玩", True),
    ("带上四岁的妹妹一起搭刚好", True),
    ("十岁的孩子玩正好", False),
    ("两岁的娃不能玩，零件太小", False),
])
def test_an_age_below_a_forbidden_bound_is_said_of_any_child(text, found):
    assert bool(_found("不得宣称适合6岁以下儿童", text)) is found


@pytest.mark.parametrize("text,found", [
    ("幼儿园小朋友也行，三岁就能踢", True),  # 以下 takes the bound in
    ("fine for three-year-olds", True),
    ("Four-month-olds can have it.", False),  # (a month is no year)
    ("我外甥两岁自己玩没问题", True),  # an age with its unit is an age, whoever has it
    ("面粉的那款小一岁能玩", False),  # a difference between ages, not an age
    ("十岁的孩子玩正好", False),
])
def test_the_bound_of_an_age_below_is_itself_below_it(text, found):
    sku = Sku(sku_id="F-1", title="测试毽子", price=10, forbidden_claims=("不得宣称适合3岁以下",),
              attributes=(Attribute(key="适用年龄", value="6岁以上"),))
    assert bool(forbidden_claims(text, sku)) is found


def test_a_bound_the_kb_states_as_its_own_value_is_not_broken_by_saying_that_value():
    sku = Sku(sku_id="F-1", title="测试爽身粉", price=10, forbidden_claims=("不得宣称3岁以下可用",),
              attributes=(Attribute(key="适用年龄", value="3岁以上"),))
    assert forbidden_claims("三岁的宝宝可以用", sku) == []
    assert forbidden_claims("两岁的宝宝也可以用", sku) != []


@pytest.mark.parametrize("text,found", [
    ("四个月的宝宝也能啃", True),
    ("4-month-olds can have it.", True),
    ("一盒能用四个月", False),  # months that are not an age
])
def test_months_of_age_are_an_age_only_when_said_of_a_child(text, found):
    sku = Sku(sku_id="F-1", title="测试磨牙棒", price=10, forbidden_claims=("不得宣称四个月以下可以吃",),
              attributes=(Attribute(key="适用月龄", value="8个月以上"),))
    assert bool(forbidden_claims(text, sku)) is found


def test_a_capability_by_age_is_found_from_the_age_to_the_word_that_allows_it():
    assert [f.text for f in forbidden_claims("小宝宝问题不大，一岁宝宝也能戴", Sku(
        sku_id="F-1", title="测试耳罩", price=10, forbidden_claims=("不得宣称适合3岁以下",)))] == ["一岁宝宝也能"]


def test_a_lifetime_repair_promise_in_everyday_words_breaks_a_ban_on_lifetime_warranty():
    assert _found("不得宣称终身保修", "用坏了拿回来，免费修一辈子") != []
    assert _found("不得宣称终身保修", "电机保修三年，外壳保修一年") == []


@pytest.mark.parametrize("text,found", [
    ("灌满热水，一整天下来还是烫的，保温没话说", True),
    ("保温两天两夜都不凉", False),  # 48 hours is not the forbidden 24
    ("一天喝三杯，杯子轻", False),
])
def test_a_day_is_the_same_figure_as_twenty_four_hours(text, found):
    assert bool(_found("不得宣称保温24小时", text)) is found


@pytest.mark.parametrize("text", [
    "Single one is four forty-nine, and it weighs forty-five grams.",
    "读取一千零五十兆每秒，插上USB口就能用。",
])
def test_a_slash_inside_a_unit_is_not_a_list_of_claims(text):
    # 2000MB/s is one figure; read as 2000MB or "s", every letter s of the script broke the claim
    assert _found("不得宣称读写速度2000MB/s", text) == []


def test_a_slash_between_words_still_lists_alternatives():
    assert _found("不得宣称防水/防摔", "这个手机壳从两米摔下来都摔不坏，防摔没问题") != []


def test_a_figure_the_kb_states_breaks_the_sentence_only_with_what_it_adds():
    kb = {"attributes": (Attribute(key="量程", value="0.05-40", unit="m"),)}
    said = "量程五公分到四十米，量个客厅足够了。"
    assert _found("不得宣称室外强光下40米照样准", said, **kb) == []
    assert _found("不得宣称室外强光下40米照样准", "中午室外强光下四十米照样准。", **kb) != []
    assert _found("不得宣称室外强光下40米照样准", said) != []  # not the KB's value: the figure alone breaks it


@pytest.mark.parametrize("forbidden, category, text, found", [
    ("不得宣称明前茶", "食品/茶叶", "毛峰这个也是明前采的。", True),  # the tea's 茶 left unsaid
    ("不得宣称古树茶", "食品/茶叶", "古树金芽，香。", True),
    ("不得宣称低糖饭", "厨房电器/电饭煲", "饭是低糖的。", True),
    ("不得宣称明前茶", "食品/茶叶", "谷雨前采的，不是明前。", False),
    ("不得宣称可以装开水", "运动/水杯", "开水别装，温水就行。", False),  # 开 alone is no claim
])
def test_a_forbidden_word_ending_in_the_products_kind_is_said_without_it(forbidden, category, text, found):
    assert bool(_found(forbidden, text, category=category)) is found, text
