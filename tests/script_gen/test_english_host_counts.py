"""What an English host counts and works out aloud: how many one item sold holds (each box has 30 crackers, against
片数：20片), where it is made in pinyin with its province (made in Haifeng, Guangdong), one thing's share of a pack
price said in the same sentence (ten decks for 25.90, that's 25 cents a deck), and the ages it is for (ages four and
up, against 适用年龄：6岁以上)."""

from datetime import datetime

import pytest

from script_gen.english_ages import said_ages

AT = datetime(2031, 4, 9, 20, 30)
KB = {"skus": [
    {"sku_id": "C1", "title": "酥语 咸蛋黄饼干 20片盒装", "brand": "酥语", "category": "食品/饼干", "price": 19.9,
     "stock": {"quantity": 800, "unit": "盒"},
     "attributes": [{"key": "片数", "value": "20", "unit": "片"}, {"key": "口味", "value": "3", "unit": "种"},
                    {"key": "产地", "value": "湖南新晃", "unit": ""}]},
    {"sku_id": "P1", "title": "牌友 塑料扑克牌 10副装", "brand": "牌友", "category": "文娱/扑克", "price": 25.9,
     "stock": {"quantity": 900, "unit": "组"}, "attributes": [{"key": "副数", "value": "10", "unit": "副"}]},
    {"sku_id": "K1", "title": "童趣 儿童滑板车", "brand": "童趣", "category": "母婴/童车", "price": 199,
     "stock": {"quantity": 300, "unit": "台"}, "attributes": [{"key": "适用年龄", "value": "3-10岁"}]},
    {"sku_id": "K2", "title": "童趣 儿童拼图", "brand": "童趣", "category": "玩具/拼图", "price": 39,
     "stock": {"quantity": 300, "unit": "盒"}, "attributes": [{"key": "适用年龄", "value": "6岁以上"}]},
]}


def findings(verifier, sku, text):
    return [(f.kind, f.text) for f in verifier.verify(text, sku, AT)]


@pytest.mark.parametrize("sku, text, span", [
    ("C1", "Great for the office, each box has thirty crackers inside.", "thirty crackers"),
    ("C1", "You get fifty crackers in every box, enough for a week.", "fifty crackers in every box"),
    ("C1", "Real heritage flavour, made in Haifeng, Guangdong, by the old bakers there.", "Haifeng, Guangdong"),
    ("C1", "These are made in Hunchun up in Jilin, near the border.", "Hunchun up in Jilin"),
    ("P1", "Ten decks for twenty-five ninety, that's twenty-five cents a deck.", "twenty-five cents a deck"),
    ("P1", "Ten decks for the price you see, that's about a yuan a deck.", "about a yuan a deck"),
    ("P1", "Twenty-five ninety for ten decks, under one yuan each.", "under one yuan each"),
    ("K1", "It fits kids from three right up to twelve, so the big brother can ride it too.", "up to twelve"),
    ("K1", "Kids' sizes go a long way, these fit children up to fourteen.", "children up to fourteen"),
    ("K2", "These are for ages four and up, great for preschool.", "ages four and up"),
    ("K2", "Little ones can do it too, from age three.", "from age three"),
])
def test_a_wrong_count_place_or_share_is_found(verifier, sku, text, span):
    assert any(span.lower() in said.lower() for _, said in findings(verifier, sku, text))


@pytest.mark.parametrize("sku, text", [
    ("C1", "Great for the office, each box has twenty crackers inside."),
    ("C1", "Three flavours, ten in a box if you split them, kids love it."),  # nothing named: the 3种 is no answer
    ("C1", "Real heritage flavour, made in Xinhuang, Hunan, by the old bakers there."),
    ("C1", "This box comes from Xinhuang in Hunan, the gift tins are from Dalian."),  # own origin beside another's
    ("P1", "Ten decks for twenty-five ninety, that's two fifty-nine a deck."),
    ("P1", "Ten decks for twenty-five ninety, that's about two sixty a deck."),
    ("P1", "Twenty-five ninety for ten decks, under three yuan each."),
    ("P1", "Three decks for seventy-seven seventy, that's fifty cents a card."),  # a share of what was not counted
    ("K1", "Good for kids from three to ten, the handle grows with them."),
    ("K1", "Two for three ninety-eight and up you go, the kids will love it."),
    ("K2", "Ages six and up, the pieces are small."),
    ("K1", "For the little ones, three and up, the handle folds right down."),
])
def test_a_true_count_place_or_share_is_no_finding(verifier, sku, text):
    assert findings(verifier, sku, text) == []


def test_an_age_in_months_or_a_price_is_no_age_in_years():
    assert list(said_ages("for babies from 6 months and up, kids love it")) == []
    assert list(said_ages("2 boxes for 50 and up you go, great for kids")) == []
