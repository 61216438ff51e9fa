"""An award said by its name is this SKU's even where a word of the name is a sibling's mark (首届岭南腊味节 holds 腊味,
a word of the 腊味礼盒's title), and a grade above gold (特等奖) is a grade the KB's gold award lacks; in English the SKU's
only award is named by winning it (it won gold, it already won Best Flavour). A certification that only names a
shortlisting or quotes a title is held the same way: neither is an award won, nor a gold."""

from datetime import datetime

import pytest

from script_gen.compliance import check_compliance, protected_terms

AT = datetime(2029, 1, 26, 14, 20)

KB = {"skus": [
    {"sku_id": "G1", "title": "甘埠广式腊肠 酒香型 500g", "brand": "甘埠", "category": "食品/腊味", "price": 118,
     "selling_points": ["荣获“首届岭南腊味节”金奖"], "certifications": ["首届岭南腊味节金奖证书"]},
    {"sku_id": "G2", "title": "甘埠腊味礼盒 1kg", "brand": "甘埠", "category": "食品/腊味", "price": 198},
    {"sku_id": "S1", "title": "螺巷 酸笋螺蛳粉", "brand": "螺巷", "category": "食品/米粉", "price": 39,
     "selling_points": ["入围“首届螺蛳粉产业大会最佳风味”评选"]},
    {"sku_id": "Q1", "title": "黛旎 香云纱旗袍", "brand": "黛旎", "category": "服饰/旗袍", "price": 799,
     "selling_points": ["荣获2028“最佳香云纱工艺”奖"]},
    {"sku_id": "D1", "title": "旋霜手动打蛋器", "brand": "旋霜", "category": "厨房用具/烘焙工具", "price": 19.9,
     "selling_points": ["入围2030年度最佳烘焙入门工具"]},
    {"sku_id": "B1", "title": "冰方 冰球模具", "brand": "冰方", "category": "厨房/冰格", "price": 25,
     "certifications": ["入围2031年度最佳夏日厨房小物"]},
    {"sku_id": "H1", "title": "竹影 采茶斗笠", "brand": "竹影", "category": "服饰/斗笠", "price": 59,
     "certifications": ["2031“最受茶园采茶人欢迎斗笠”"]},
]}


@pytest.mark.parametrize("text, flagged", [
    ("这款拿了首届岭南腊味节银奖。", ["contradiction"]),
    ("这款拿了首届岭南腊味节特等奖。", ["contradiction"]),
    ("这款拿的是首届岭南腊味节铂金奖，比金奖还高一档。", ["contradiction"]),  # platinum is above gold
    ("这款拿了首届岭南腊味节金奖。", []),
])
def test_an_award_said_by_its_name_is_held_against_the_kbs_grade(verifier, text, flagged):
    assert [f.kind for f in verifier.verify(text, "G1", AT)] == flagged


@pytest.mark.parametrize("sku, text, flagged", [
    ("G1", "It won silver at the first Lingnan cured meat festival.", True),  # the only award (its certificate is the same one)
    ("G1", "It won gold at the first Lingnan cured meat festival.", False),
    ("S1", "It already won Best Flavour.", True),  # shortlisted only
    ("S1", "It was shortlisted for Best Flavour.", False),
    ("S1", "It won't go soggy in the broth.", False),
])
def test_an_english_host_winning_the_skus_only_award_is_held_against_its_grade(verifier, sku, text, flagged):
    assert bool([f for f in verifier.verify(text, sku, AT) if f.kind == "contradiction"]) is flagged, text


@pytest.mark.parametrize("sku, text, flagged", [
    ("Q1", "这个奖是金奖。", True),  # the only award has no grade
    ("Q1", "拿了最佳香云纱工艺奖。", False),
    ("S1", "入围了就是拿了最佳风味。", True),  # shortlisted, then said won all the same
    ("S1", "入围就等于拿奖了。", True),
    ("S1", "入围了最佳风味评选，还没出结果。", False),
])
def test_a_grade_the_only_award_lacks_or_a_shortlist_said_as_won_is_flagged(verifier, sku, text, flagged):
    assert bool([f for f in verifier.verify(text, sku, AT) if f.kind == "contradiction"]) is flagged, text



@pytest.mark.parametrize("text, flagged", [
    ("手动打蛋器，入围了2030年度最佳烘焙入门工具，入围的。", []),  # the selection's name as the KB has it
    ("这是最佳打蛋器。", ["最佳"]),
])
def test_an_annual_selection_named_without_quotes_is_its_name(verifier, text, flagged):
    sku = verifier.sku("D1")
    assert [f.text for f in check_compliance(text, category=sku.category, protected=protected_terms(sku))] == flagged


@pytest.mark.parametrize("sku, text, flagged", [
    ("B1", "拿了2031年度最佳夏日厨房小物。", True),     # shortlisted, said won
    ("B1", "2031年度最佳夏日厨房小物获奖。", True),
    ("B1", "入围了2031年度最佳夏日厨房小物评选。", False),
    ("H1", "采茶人评的2031年度斗笠金奖，拿奖的。", True),  # a title, said as a gold award
    ("H1", "The tea pickers gave it their gold award in 2031.", True),
    ("H1", "2031年被评为最受茶园采茶人欢迎斗笠。", False),
])
def test_a_shortlisting_or_a_title_in_the_certifications_is_no_award_won(verifier, sku, text, flagged):
    assert bool([f for f in verifier.verify(text, sku, AT) if f.kind == "contradiction"]) is flagged, text
