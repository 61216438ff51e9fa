"""What the KB rules out said in other words: a feature it lacks by its synonyms and its use (刷脸, 一亮), the other
member of a closed pair (有线 / 蓝牙, 自行安装 / fully assembled, 含咖啡因 / decaf, 喷墨 / 激光), a kind it is not (不是X),
what a part cannot be made into (拆成X), and a verb's object said with a word between (做馒头 / 做开花馒头)."""

from decimal import Decimal

import pytest

from script_gen.constraints import SkuConstraints, compile_constraints
from script_gen.normalize import normalize
from script_gen.records import Attribute, Faq, KnowledgeBase, Sku


def _sku(sku_id: str, title: str, **fields) -> Sku:
    attributes = tuple(Attribute(key=k, value=v) for k, v in fields.pop("attributes", {}).items())
    faq = tuple(Faq(question=q, answer=a) for q, a in fields.pop("faq", {}).items())
    return Sku(sku_id=sku_id, title=title, brand=sku_id, category="测试/测试", price=Decimal("88"),
               attributes=attributes, faq=faq, **fields)


KB = KnowledgeBase(merchant_id="kb-opposites-test", skus=(
    _sku("MS", "点点办公鼠标", attributes={"连接": "有线", "线长": "1.5m"}),
    _sku("DK", "方木学习桌", usage="到货需自行组装，约20分钟。", faq={"需要自己装吗？": "需要，附工具。"}),
    _sku("TE", "山岚乌龙茶", attributes={"咖啡因": "含", "净含量": "250g"}),
    _sku("PR", "墨点彩色喷墨打印机", attributes={"打印方式": "喷墨", "连接": "WiFi/USB"}),
    _sku("TY", "小熊拼装飞船", attributes={"灯光": "无", "颗粒数": "300颗"}),
    _sku("LK", "安家指纹锁A1", attributes={"人脸识别": "无", "开锁方式": "指纹/密码"}),
    _sku("SF", "软窝懒人沙发", faq={"能折叠吗？": "不能折叠，整只发货。"}),
    _sku("CR", "奶香植脂奶油", faq={"是动物奶油吗？": "不是，是植脂奶油，不是动物奶油。"}),
    _sku("RD", "溪钓竿3.6米", faq={"能海钓吗？": "不能，只适合淡水。"}),
    _sku("PL", "山行手杖", faq={"能当登山杖吗？": "不能拆成登山杖。"}),
    _sku("FL", "麦香饺子粉", faq={"能做馒头吗？": "不建议，馒头请用中筋粉。"}),
))


@pytest.fixture(scope="module")
def rules() -> dict[str, SkuConstraints]:
    return compile_constraints(KB, list(KB.skus))


def spans(rules: dict[str, SkuConstraints], sku_id: str, text: str) -> list[str]:
    return [f.text for f in rules[sku_id].check(text, normalize(text))]


@pytest.mark.parametrize("sku_id,text,span", [
    ("MS", "蓝牙连平板也行。", "蓝牙连平板也行"),
    ("DK", "It comes fully assembled.", "It comes fully assembled"),
    ("TE", "It's caffeine-free, sip it before bed.", "It's caffeine-free"),
    ("PR", "激光打印，又快又省。", "激光打印"),
    ("TY", "拼好按一下就会亮。", "拼好按一下就会亮"),
    ("TY", "舱里还带灯。", "舱里还带灯"),
    ("LK", "回家刷个脸门就开了。", "回家刷个脸门就开了"),
    ("SF", "收纳时折起来塞柜子。", "收纳时折起来塞柜子"),
    ("CR", "动物奶油做的，奶味足。", "动物奶油做的"),
    ("RD", "Perfect for sea fishing too.", "Perfect for sea fishing too"),
    ("PL", "拆开就是个登山杖。", "拆开就是个登山杖"),
    ("FL", "做开花馒头也一样好。", "做开花馒头也一样好"),
])
def test_a_kb_negative_said_in_other_words_is_found(rules, sku_id, text, span):
    assert spans(rules, sku_id, text) == [span]


@pytest.mark.parametrize("sku_id,text", [
    ("MS", "有线连接，插上就用。"),
    ("DK", "需要自己装，二十分钟搞定。"),
    ("TE", "含咖啡因，晚上少喝点。"),
    ("PR", "喷墨打印，彩色照片也清楚。"),
    ("TY", "没有灯，也不用装电池。"),
    ("LK", "这款没有刷脸功能，用指纹开。"),
    ("SF", "不能折叠，整只发货。"),
    ("CR", "它不是动物奶油哦。"),
    ("RD", "只适合淡水，海钓请选别的。"),
    ("FL", "做馒头吗？"),
])
def test_the_kb_agreed_with_denied_or_asked_stays_clean(rules, sku_id, text):
    assert spans(rules, sku_id, text) == []


SHADES = KnowledgeBase(merchant_id="shades-test", skus=(
    _sku("PA", "青禾内墙漆5L", attributes={"颜色": "米白", "材质": "水性丙烯酸"}),
    _sku("LP", "朱唇丝绒口红", attributes={"色号": "#12豆沙"}),
    _sku("HK", "铁匠挂钩", attributes={"材质": "304不锈钢"}),
))


@pytest.mark.parametrize("sku_id,text,found", [
    ("PA", "颜色是纯白，亮堂。", ["颜色是纯白"]),
    ("PA", "米白，偏暖的白色。", []),
    ("LP", "这支酒红色，显白。", ["这支酒红色"]),
    ("LP", "色号是豆沙，日常百搭。", []),
    ("LP", "特色奶茶店都在用。", []),
    ("HK", "It's solid copper.", ["It's solid copper"]),
    ("HK", "It's 304 stainless steel.", []),
])
def test_a_named_shade_or_a_whole_products_material_said_otherwise(sku_id, text, found):
    rules = compile_constraints(SHADES, list(SHADES.skus))
    assert [f.text for f in rules[sku_id].check(text, normalize(text))] == found


DEVICES = KnowledgeBase(merchant_id="feature-acts-test", skus=(
    _sku("SP", "声浪音箱S1", attributes={"无线充电": "不支持", "内置电池": "无，需插电使用"}),
    _sku("WT", "跑跑计步手表", attributes={"内置存储": "无"}),
    _sku("CE", "禾苗宝宝饼干", attributes={"配料": "小麦粉、乳粉、白砂糖"}),
))


@pytest.mark.parametrize("sku_id,text,found", [
    ("SP", "往无线充电座上一放就能充。", ["往无线充电座上一放就能充"]),
    ("SP", "拔了电也能接着放歌。", ["拔了电也能接着放歌"]),
    ("SP", "不支持无线充电，没有电池，插电用。", []),
    ("WT", "歌存在手表里，跑步直接听。", ["歌存在手表里"]),
    ("WT", "不能存歌，要连手机。", []),
    ("CE", "宝宝吃着放心，没有奶。", ["没有奶"]),
    ("CE", "含乳粉，牛奶过敏别吃。", []),
])
def test_a_lacked_features_use_and_a_dairy_ingredient_denied(sku_id, text, found):
    rules = compile_constraints(DEVICES, list(DEVICES.skus))
    assert [f.text for f in rules[sku_id].check(text, normalize(text))] == found


CONDITIONS = KnowledgeBase(merchant_id="condition-test", skus=(
    _sku("CM", "亮眼行车记录仪", faq={"夜里能拍清车牌吗？": "不能，夜间只能看清车型。"}),
))


@pytest.mark.parametrize("text,found", [
    ("夜里开车照样拍得清清楚楚。", ["夜里开车照样拍得清清楚楚"]),
    ("夜里拍不清车牌，白天没问题。", []),
    ("夜里能看清车型。", []),
])
def test_a_use_refused_under_a_condition_said_to_work_then(text, found):
    rules = compile_constraints(CONDITIONS, list(CONDITIONS.skus))
    assert [f.text for f in rules["CM"].check(text, normalize(text))] == found


OPPOSITES = KnowledgeBase(merchant_id="opposite-values-test", skus=(
    _sku("CP", "印象复印机", attributes={"双面复印": "手动", "进纸": "自动进纸"}),
))


@pytest.mark.parametrize("text,found", [
    ("自动双面复印，一键搞定。", ["自动双面复印"]),
    ("双面要手动翻一下。", []),
    ("自动进纸，不用一张张放。", []),
    ("双面不是自动的。", []),
])
def test_the_opposite_of_an_attributes_value_said_beside_its_name(text, found):
    rules = compile_constraints(OPPOSITES, list(OPPOSITES.skus))
    assert [f.text for f in rules["CP"].check(text, normalize(text))] == found
