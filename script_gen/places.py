"""Places said as where a product comes from (河南南阳的艾草, 珍珠是广西北海的, grown in Hainan).

The names come from the segmenter's own dictionary, which ships with the package: every place it tags as a city, county or
province (南阳市, 安化县, 海南省) read without its suffix, and the provinces and regions it writes bare. A name a common
word shares (三维, 中和) is left out, as the segmenter reads it as that word. English hosts say the same names in pinyin.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

import ahocorasick
from pypinyin import lazy_pinyin

from script_gen.countries import COUNTRIES_EN
from script_gen.segment import posseg_module

_REGIONS = ("内蒙古", "西藏", "新疆", "广西", "宁夏", "香港", "澳门", "台湾", "长白山", "大兴安岭", "小兴安岭")
# 是河南南阳的, 产自云南, 原产地浙江, 用的是湖北的: a place right after a word that says where it is from ...
_FROM_BEFORE = re.compile(r"(?:是|产|产自|来自|出自|用的是|原产|原产地|产地|产区|采自|种在|长在|源自|产于|出产于|生长在|老家在|就是)"
                          r"\s*(?:在|是)?\s*(?:正宗的?|地道的?|纯正的?|咱们?|我们)?\s*$")
# ... or before one: 广西的妃子笑, 苏州丝绸厂出的, 南阳产的, 诸暨那边来的
_FROM_AFTER = re.compile(r"(?:那边|当地|本地)?(?:产的?|出的?|来的|种的|长的|(?:烧|做|造|制|织|晒|腌|酿|编|刻|绣|采|摘)的|产区|[\u4e00-\u9fff]{0,4}厂出|的(?![\u4e00-\u9fff]{0,3}"
                         r"(?:朋友|家人|宝|姐妹|粉丝|老铁|兄弟|顾客|客户|人|仓|快递|用户|伙伴|亲|同学|观众|地址|门店|店|天气|冬天|夏天)))")
# The provinces (湖南常德的: a city the dictionary lacks, said right after its province, is a place too)
_PROVINCES = ("河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江", "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广东",
              "海南", "四川", "贵州", "云南", "陕西", "甘肃", "青海", "台湾", "内蒙古", "广西", "西藏", "宁夏", "新疆")
_AUDIENCE = frozenset("宝宝 宝贝 姐妹 粉丝 老铁 兄弟 老乡 亲们 家人 朋友 同学 观众 顾客 客户 用户".split())
_CITY_AFTER = re.compile(r"[\u4e00-\u9fff]{2}(?<![的产出是人])")
_NOT_FROM_AFTER = re.compile(r"\s*(?:发货|包邮|仓|偏远|地区|直发|寄|人|话|时间|不包邮|也能|都能|能到|可以到)")
_EN_FROM = re.compile(r"\b(?i:(?:come|comes|came|coming|grown|made|woven|picked|harvested|produced|sourced|raised|farmed|fired"
                      r"|crafted|mined|is|are|it's|they're|all|straight|right)\s+(?:\w+\s+)?(?:from|in)\s+(?:down\s+|up\s+|over\s+)?"
                      r"(?:in\s+)?)(?P<place>[A-Z][a-z]{3,})\b"
                      r"(?:(?:,\s*|\s+(?:(?:up|down|out|over)\s+)?in\s+)(?P<province>[A-Z][a-z]{3,})\b)?")  # Hunchun up in Jilin


@lru_cache(maxsize=1)
def place_names() -> frozenset[str]:
    """Cities, counties, provinces and regions by the names hosts say them by."""
    tags = posseg_module().dt.word_tag_tab
    bare = {w[:-1] for w, flag in tags.items() if flag == "ns" and len(w) >= 3 and w[-1] in "市县省"}
    return frozenset(n for n in bare if len(n) >= 2 and tags.get(n, "ns") == "ns") | frozenset(_REGIONS)


def _may_be_place(word: str) -> bool:
    """A word the dictionary lacks or tags as a name (常德 nr, 余姚 nr, 寿山 ns), not a common noun (朋友) or the audience."""
    return posseg_module().dt.word_tag_tab.get(word, "ns") in ("ns", "nr", "nrt", "nz") and word not in _AUDIENCE


@lru_cache(maxsize=1)
def _automaton() -> ahocorasick.Automaton:
    auto = ahocorasick.Automaton()
    for name in place_names():
        auto.add_word(name, name)
    auto.make_automaton()
    return auto


@lru_cache(maxsize=1)
def _pinyin_names() -> frozenset[str]:
    """Places by the pinyin an English host says them in: every city, county and province the dictionary knows, those
    a common word shares too (海丰, 玛多): capitalised after made in or from, Haifeng is no common word."""
    tags = posseg_module().dt.word_tag_tab
    bare = {w[:-1] for w, flag in tags.items() if flag == "ns" and len(w) >= 3 and w[-1] in "市县省"}
    return frozenset("".join(lazy_pinyin(n)) for n in bare | place_names() if len(n) >= 2)


@lru_cache(maxsize=1)
def _pinyin_provinces() -> frozenset[str]:
    return frozenset("".join(lazy_pinyin(n)) for n in _PROVINCES)


@lru_cache(maxsize=1024)
def pinyin_of(text: str) -> str:
    """``text`` in pinyin run together (广东海丰 -> guangdonghaifeng): where a place an English host names is looked for."""
    return "".join(lazy_pinyin(text))


@lru_cache(maxsize=1024)
def places_in(text: str) -> frozenset[str]:
    """The place names ``text`` holds, in Chinese and in pinyin (浙江诸暨: 浙江, zhejiang, 诸暨, zhuji)."""
    names = {name for _, name in _automaton().iter(text)}
    return frozenset(names | {"".join(lazy_pinyin(n)) for n in names})


def said_origins(low: str, text: str) -> Iterator[tuple[int, int, tuple[str, ...]]]:
    """``(start, end, names)`` of each run of place names said as where the product is from: in ``low`` (folded text),
    a run of names (河南南阳) framed by a word of origin; in ``text`` (the same text, cased), an English place in pinyin
    after a verb of origin and from or in."""
    found = sorted((end + 1 - len(name), end + 1, name) for end, name in _automaton().iter(low))
    runs: list[list] = []
    for start, end, name in found:
        if runs and start < runs[-1][1]:
            if end - start > runs[-1][1] - runs[-1][0] and start == runs[-1][0]:
                runs[-1] = [start, end, (name,)]  # 广西北海 over 广西
            continue
        if runs and start == runs[-1][1]:
            runs[-1] = [runs[-1][0], end, (*runs[-1][2], name)]  # 河南 + 南阳
        else:
            runs.append([start, end, (name,)])
    for run in runs:
        if run[2][-1] in _PROVINCES and (city := _CITY_AFTER.match(low, run[1])) and _FROM_AFTER.match(low, city.end()) \
                and not _NOT_FROM_AFTER.match(low, city.end()) and _may_be_place(city.group(0)):
            run[1:] = [city.end(), (*run[2], city.group(0))]  # 湖南 + 常德
    for start, end, names in runs:
        if _NOT_FROM_AFTER.match(low, end):
            continue
        if _FROM_BEFORE.search(low, max(0, start - 8), start) or _FROM_AFTER.match(low, end):
            yield start, end, names
    for m in _EN_FROM.finditer(text):
        place, province = m.group("place").lower(), (m.group("province") or "").lower()
        if province in _pinyin_provinces():  # a city the dictionary lacks is a place when its province follows
            yield m.start("place"), m.end("province"), (place, province)
        elif place in _pinyin_names():
            yield m.start("place"), m.end("place"), (place,)


# Countries a host names as where a product or a part of it comes from, in English, each with the name a Chinese KB
# states it by (墨西哥 for Mexico): "woven in Mexico", "milled in Romania", "Czech-made".
_COUNTRY_NAMES = "|".join(sorted((re.escape(c).replace("\\ ", r"\s+") for c in COUNTRIES_EN), key=len, reverse=True))
_EN_COUNTRY = re.compile(
    r"\b(?:made|produced|manufactured|woven|milled|printed|assembled|grown|sourced|imported|shipped|bred|built|sewn|"
    r"knitted|spun|crafted|handcrafted|designed|formulated|pressed|harvested|welded|bound|picked|roasted|blended|bottled"
    r"|packed|stitched|tailored|carved|comes?|came|coming|straight)\s+(?:\w+\s+){0,3}?(?:from|in)\s+(?:the\s+)?"
    rf"(?P<c>{_COUNTRY_NAMES})\b|\b(?P<c2>{_COUNTRY_NAMES})[- ](?:made|grown|imported|sourced|built)\b", re.IGNORECASE)


def foreign_origins(text: str) -> Iterator[tuple[int, int, str]]:
    """``(start, end, Chinese name)`` of each country an English host says a product or its part comes from."""
    for m in _EN_COUNTRY.finditer(text):
        group = "c" if m.group("c") else "c2"
        yield m.start(group), m.end(group), COUNTRIES_EN[re.sub(r"\s+", " ", m.group(group).lower())]
