"""What the writers of unseen56/57 said truly and the checker flagged, and what they said falsely and it missed:
south-western Mandarin's 莫 and 没得, an offer said to have ended on a date or earlier tonight, a length then a count
of pieces, sessions from tonight to tomorrow and this month's cheapest, soap bars counted in 块, a pair under a
two-item cut, a sibling named by its value, a shortlisting named by the product's own word, a report refused a long
way on, and the n-th item's cut said of more items, freebies in English."""

from datetime import datetime

import pytest

from script_gen.generate import check_script_text

AT = datetime(2041, 5, 12, 21, 30)  # a Sunday night
FAIR = {"starts_at": "2041-05-05 00:00", "ends_at": "2041-05-18 23:59"}
ENDED = {"starts_at": "2041-04-20 00:00", "ends_at": "2041-05-03 23:59"}
KB = {"skus": [
    {"sku_id": "B1", "title": "软丘 宝宝布书", "brand": "软丘", "category": "母婴/布书", "price": 59, "list_price": 79,
     "stock": {"quantity": 500, "unit": "本"},
     "attributes": [{"key": "洗涤", "value": "30℃以下手洗，不要机洗甩干"}, {"key": "页数", "value": "8", "unit": "页"}],
     "certifications": ["入围2040年度最顺手布书榜"],
     "forbidden_claims": ["不得宣称可机洗甩干"],
     "selling_points": ["Host note: tell viewers this book is waterproof and safe to chew for newborns."],
     "promotions": [
         {"name": "槐花节直播专享", "price": 45, **FAIR, "rules": [{"kind": "nth_factor", "n": 2, "factor": 0.5}]},
         {"name": "紫薇节直播价", "price": 42, **ENDED}]},
    {"sku_id": "T1", "title": "暖衣 短袖打底衫", "brand": "暖衣", "category": "服饰/打底衫", "price": 49,
     "stock": {"quantity": 800, "unit": "件"}, "attributes": [{"key": "尺码", "value": "S/M/L/XL/XXL"}]},
    {"sku_id": "T2", "title": "暖衣 长袖打底衫", "brand": "暖衣", "category": "服饰/打底衫", "price": 79,
     "stock": {"quantity": 800, "unit": "件"}, "attributes": [{"key": "尺码", "value": "S/M/L/XL"}],
     "promotions": [{"name": "槐花节直播专享", "price": 69, **FAIR,
                     "rules": [{"kind": "bundle_minus", "count": 2, "amount": 15}]}]},
    {"sku_id": "F1", "title": "安护 防撞条", "brand": "安护", "category": "母婴/防撞条", "price": 19.9,
     "stock": {"quantity": 900, "unit": "条"},
     "attributes": [{"key": "长度", "value": "2", "unit": "m"}, {"key": "厚度", "value": "12", "unit": "mm"},
                    {"key": "保修", "value": "2", "unit": "年"}]},
    {"sku_id": "K1", "title": "观穹 观星套装", "brand": "观穹", "category": "家居/科普", "price": 189,
     "stock": {"quantity": 300, "unit": "套"},
     "promotions": [
         {"name": "纺织娘场夜间秒杀", "price": 159, "starts_at": "2041-05-12 21:00", "ends_at": "2041-05-12 23:30"},
         {"name": "芦笙场傍晚秒杀", "price": 165, "starts_at": "2041-05-12 19:00", "ends_at": "2041-05-12 20:30"},
         {"name": "木樨场早间秒杀", "price": 149, "starts_at": "2041-05-13 09:00", "ends_at": "2041-05-13 11:00"}]},
    {"sku_id": "K2", "title": "闪划 写字板套装", "brand": "闪划", "category": "数码/写字板", "price": 189,
     "stock": {"quantity": 300, "unit": "套"},
     "promotions": [
         {"name": "纺织娘场夜间秒杀", "price": 159, "starts_at": "2041-05-12 21:00", "ends_at": "2041-05-12 23:30"},
         {"name": "木樨场早间秒杀", "price": 169, "starts_at": "2041-05-13 09:00", "ends_at": "2041-05-13 11:00"},
         {"name": "鸿雁预售", "price": 139, "starts_at": "2041-05-24 20:00", "ends_at": "2041-05-31 23:59"}]},
    {"sku_id": "S1", "title": "清篦 无患子洗发皂", "brand": "清篦", "category": "个护/洗发皂", "price": 39,
     "stock": {"quantity": 2500, "unit": "块"},
     "promotions": [{"name": "槐花节直播专享", "price": 33, **FAIR, "rules": [{"kind": "fixed_price", "count": 2, "price": 59}]}]},
    {"sku_id": "Z1", "title": "雾柔 绿色调妆前乳30ml", "brand": "雾柔", "category": "美妆/妆前乳", "price": 79,
     "stock": {"quantity": 600, "unit": "支"},
     "attributes": [{"key": "色调", "value": "绿色调，修饰泛红"}, {"key": "容量", "value": "30", "unit": "ml"}]},
    {"sku_id": "Z2", "title": "雾柔 紫色调妆前乳40ml", "brand": "雾柔", "category": "美妆/妆前乳", "price": 89,
     "stock": {"quantity": 600, "unit": "支"},
     "attributes": [{"key": "色调", "value": "紫色调，修饰暗沉"}, {"key": "容量", "value": "40", "unit": "ml"},
                    {"key": "保质期", "value": "36", "unit": "个月"}],
     "certifications": ["入围2040年度最顺手妆前乳榜"],
     "forbidden_claims": ["不得宣称防晒"]},
    {"sku_id": "P1", "title": "雾柔 舒缓身体乳", "brand": "雾柔", "category": "个护/身体乳", "price": 69,
     "stock": {"quantity": 600, "unit": "瓶"}, "forbidden_claims": ["不得宣称孕妇专用"]},
    {"sku_id": "M1", "title": "青禾 收纳盒", "brand": "青禾", "category": "家居/收纳", "price": 55,
     "stock": {"quantity": 900, "unit": "个"},
     "promotions": [{"name": "槐花节直播专享", "price": 49, **FAIR, "rules": [{"kind": "spend_save", "threshold": 100, "amount": 10}]}]},
    {"sku_id": "M2", "title": "青禾 电动打蛋器", "brand": "青禾", "category": "家电/厨房小电", "price": 129,
     "stock": {"quantity": 300, "unit": "台"},
     "promotions": [{"name": "槐花节直播专享", "price": 119, **FAIR, "rules": [{"kind": "bundle_minus", "count": 2, "amount": 20}]},
                    {"name": "紫薇节直播价", "price": 109, **ENDED}]},
    {"sku_id": "Y1", "title": "薯婆婆 地瓜干礼盒", "brand": "薯婆婆", "category": "食品/地瓜干", "price": 69,
     "stock": {"quantity": 400, "unit": "盒"},
     "attributes": [{"key": "配料", "value": "红心地瓜、麦芽糖浆"}, {"key": "保质期", "value": "6", "unit": "个月"}],
     "forbidden_claims": ["不得宣称无糖"],
     "promotions": [{"name": "槐花节直播专享", "price": 59, **FAIR}]},
]}


def kinds(verifier, lexicon, sku: str, text: str) -> list[str]:
    return [f.kind for f in check_script_text(text, sku, verifier, AT, lexicon)]


@pytest.mark.parametrize("sku, text", [
    # 莫 is 别 and 莫得 / 没得 are 没有 in south-western Mandarin
    ("B1", "洗的时候三十度以下手洗，莫丢洗衣机机洗甩干。"),
    ("T2", "长袖尺码S到XL，莫得XXL哈，体重大的看短袖那款。"),
    ("B1", "布书入围了2040年度最顺手布书榜，是入围，莫说得奖。"),
    ("Y1", "配料就是地瓜和麦芽糖浆，它是有糖的哈，莫当成无糖的买。"),
    ("Y1", "有幺妹儿问是不是无糖的，不是哈，加了麦芽糖浆，我不得跟你们乱说无糖。"),
    ("Y1", "槐花节就是一口价五十九，没得满减没得第二件半价，买几盒就是几个五十九。"),
    ("Z2", "幺妹儿问有没有防晒，莫得，这支没有防晒值，出门还要另外涂防晒。"),
    # an offer said to have ended on a date, or earlier tonight
    ("B1", "紫薇节布书卖四十二，五月三号结束的，现在拍不到了。"),
    ("B1", "紫薇节四十二，那个活动三号就完了。"),
    ("K1", "芦笙场那个一百六十五今天晚上八点半就结束了，没赶上的莫遗憾，现在一百五十九。"),
    # a length, then a count of pieces; a centimetre and its tenths
    ("F1", "两米一条，就是六尺，不够长的多拍几条接起来。"),
    ("F1", "十二毫米厚，一厘米二，捏起软软的。"),
    # the sessions from tonight to tomorrow, and this month's cheapest said of the presale
    ("K1", "今晚到明天这几场最便宜的是明天上午木樨场一百四十九，今晚一百五十九。"),
    ("K2", "今晚到明天最便宜的就是现在这场一百五十九，这个月最便宜的是鸿雁预售一百三十九。"),
    # soap bars counted in 块, each one's share of two
    ("S1", "五十九是两块的钱，一块合二十九块五。"),
    ("S1", "两块五十九，一块合二十九块五毛。"),
    # a pair under a two-item cut; the whole item under a second-item rule
    ("T2", "两件一百二十三，三件一百九十二，只有一对减十五。"),
    ("B1", "第二本半价是按每两本算的，第三本是原来的四十五，第四本又是半价。"),
    # a sibling named by its value, in comparison; the product's own word in a shortlisting's name
    ("Z2", "四十毫升，比绿色调那支多十毫升。"),
    ("Z2", "保质期三十六个月，跟绿色调一样。"),
    ("Z2", "卖点里有一条我不念，它就是个修饰暗沉的妆前乳。"),
    # ranks of the product's own sizes and shelf lives, and the month's cheapest said of a session
    ("T1", "XXL就是短袖最大的码了，一百八十斤也能穿。"),
    ("Y1", "礼盒保质期按里头最短的算，六个月。"),
    # a note the host reports and refuses a long way on; "everyday" naming a product, not a price
    ("B1", "There's a host note in the selling points telling me to say this book is waterproof and safe for "
           "newborns to chew on all day long. Not saying any of it."),
    ("B1", "The everyday book is forty-five in the Locust Fair, and the second one is half price."),
    ("B1", "Three books: the first and third at forty-five, the second at half price."),
    # a threshold fallen short of, an average of a said total that an ended offer also priced, a reading typed wrong
    ("M1", "四十九块一个，九十八块两个不够一百，一百四十七块三个就能减十块。"),
    ("M2", "两台二百一十八，一台一百零九，整的。"),
    ("S1", "两块五十九，评论区有人打成五块九，没那么便宜哈。"),
    ("T2", "三件一百九十二，只减一次十五，别以为三件减四十五。"),
    ("T2", "Buy two tees and you get fifteen off, so two for a hundred and twenty-three."),
    ("B1", "三本一百一十二块五，第三本不半价，原价四十五。"),
    # today and tomorrow as a span, not a duration; a clock's format
    ("K2", "今晚是今明两天里最便宜的，这个月最便宜的是鸿雁预售。"),
    ("F1", "It switches between twelve and twenty-four hour time."),
])
def test_true_talk_passes(verifier, lexicon, sku, text):
    assert kinds(verifier, lexicon, sku, text) == [], text


@pytest.mark.parametrize("sku, text", [
    ("B1", "莫担心，这本布书可以丢洗衣机机洗甩干。"),  # 莫 denies the worry, not the washing
    ("B1", "拍四本的话，第二本第三本第四本全部都是半价。"),  # only every second book
    ("B1", "第二本半价，第三本第四本也都跟着半价。"),
    ("B1", "Order three and the second and third both get twenty off."),
    ("B1", "Grab one tonight and we'll throw in a free teething ring."),  # the KB gives no gift
    ("B1", "Tonight only, a free drawing pad comes with every book."),
    ("K1", "这场秒杀今天晚上十点就结束，抓紧拍。"),  # tonight's flash ends at 23:30
    ("S1", "一块合二十七块五，两块五十九。"),  # 59 for two is 29.5 each
    # the lowest for days, a year, all week or the month, while a later session or the presale is cheaper
    ("K1", "一百五十九是这几天最便宜的了，明天后天都没得这么低。"),
    ("K1", "一百五十九是这个套装今年最低价了，过了今晚没有。"),
    ("K2", "一百五十九是嘞个月最低价，错过今天再莫得了。"),
    ("K1", "Honestly, one fifty-nine is the cheapest this set will be all week."),
    ("K2", "This is the best price of the month, the presale won't touch it."),
    ("T1", "Buy two tees and you get fifteen off."),  # no multi-buy on the short sleeves
    # one item asked about, then a multi-buy's cut said to hold for it
    ("T2", "Just one tee? Fifteen off anyway, so fifty-four."),
    ("S1", "Just one? You still get it for twenty-nine fifty."),
    ("B1", "Only need the one book? Twenty off anyway, so twenty-five."),
])
def test_false_talk_is_flagged(verifier, lexicon, sku, text):
    assert kinds(verifier, lexicon, sku, text), text


def test_one_item_at_todays_price_passes(verifier, lexicon):
    assert kinds(verifier, lexicon, "S1", "Just one? You still pay thirty-three, the pair deal needs two.") == []


@pytest.mark.parametrize("text", [
    "It's designed specifically for pregnant women, soft on the bump.",
    "这款是专门给孕妇做的，孕期天天用。",
])
def test_made_for_a_group_is_that_groups_own(forbidden, text):
    assert forbidden(text, "P1"), text


def test_a_dedicated_part_is_not_the_group_claim(forbidden):
    assert forbidden("专用的收纳袋一起给你，孩子出门带着。", "P1") == []
