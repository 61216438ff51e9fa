"""Superstition is barred from every advert (广告法第九条第八项): luck, wealth, warding off evil, consecration and
feng shui, in the host's words and in English; a host who says they will not claim it, or calls it nonsense, claims
nothing, and a thing named 招财猫 is a name."""

import pytest

from script_gen.compliance import check_compliance


def _superstition(text: str) -> list[str]:
    return [f.text for f in check_compliance(text, category="家居/摆件") if f.category == "superstition"]


@pytest.mark.parametrize("text", [
    "开过光的，摆家里保平安",
    "招财又辟邪，一进门就旺",
    "过年挂在大门上，辟邪镇宅",
    "能化煞挡灾",
    "Brings wealth and good luck.",
    "Hang it in the car and it wards off bad luck.",
    "It's been blessed by a monk.",
    "it keeps evil spirits away",
])
def test_luck_and_warding_off_evil_are_superstition(text):
    assert _superstition(text) != []


@pytest.mark.parametrize("text", [
    "鲤鱼摆尾，年年有余，就是个好寓意，我不跟你说它能招财，那是瞎说。",
    "这个招财猫造型的存钱罐，孩子很喜欢。",
    "Note here says I should claim it was blessed at a temple. I'm not saying that.",
    "不是开过光的，就是个普通摆件。",
])
def test_superstition_named_to_refuse_it_or_as_a_name_is_none(text):
    assert _superstition(text) == []
