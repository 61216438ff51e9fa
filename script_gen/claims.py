"""Extract checkable factual claims from Chinese text.

Deterministic and cheap (a script is checked in well under a millisecond per sentence): numbers
with units, prices, percentages, dates, stock and deadline urgency, certifications and comparisons.
Attribute values are found by the verifier with an Aho-Corasick automaton over the catalogue.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from script_gen.normalize import Normalized
from script_gen.quantities import Measure, find_quantities
from script_gen.spans import Spans
from script_gen.spoken_numbers import cn_value
from script_gen.units import UnitTable, is_measure_word, pack_units

ClaimKind = Literal["quantity", "money", "date", "stock", "deadline", "certification", "comparison"]

_NUM = r"\d+(?:\.\d+)?"
# A number said without a unit is a price when a price word leads its clause (原价八百九十九, 今天双12预热
# 六百九十九, 只要九十九) or it is priced per item (29.9一支, 89 per pair, 19.9 a box tonight).
_MEASURES = "件个片支瓶包袋盒只双套罐条粒颗份张台箱本册杯副顶把对提组"
_PRICE_WORD = (r"¥|价格?|价位|只要|仅需|仅要|只需|到手|才|直降|立减|立省|省|减|原价|日常|平时|平常|今天|今晚|现在|"
               r"秒杀|预热|定价|吊牌|清仓|特价|售价|卖|恢复|一共|总共|合计|加起来|"  # 两条…一共两百三十八: a total
               # 返场一百, 晚八点场一二九, 618狂欢夜要四十五: a session or festival named before its price (视场一百三 is a view)
               r"(?:[点早晚夜午返专首这那本]|上一?|下一?)场|[点午晚夜早]档|(?<=[\u4e00-\u9fff\d])[节夜]")
_PRICE_CUE = re.compile(
    rf"(?P<cue>{_PRICE_WORD})(?:双\d+|\d{{1,2}}点(?:半|\d{{1,2}}分)?(?=\D|\d{{3}})|[^,，。.!！?？;；\n\d第A-Za-z])*?\s*(?P<num>{_NUM})(?!\.\d)"
    rf"(?=\s*(?:$|[,，。.!！?？;；、\n]|[一1][{_MEASURES}]|(?<=\d\s)\d+[{_MEASURES}枚块幅]|的|了|就|还|送|已|可以|能|直接|包邮|到手|拿下|带走|起|呢|啊|哈|呀|吧|哦|嘛))"
)
_TOTAL_CUES = frozenset(("一共", "总共", "合计", "加起来"))
_STOCK_BEFORE = re.compile(r"库存|备货|现货|数量")
_MONEY_SAID = re.compile(r"[块元钱价拍减买]|到手|优惠")
# 两个盆两百九十八减二十，两百六十八: what is left after a cut, said next; a claim only where it is not the number said
# before the cut less the cut (两块六百九十八，满六百减五十，六百四十八 is arithmetic, whose operands are judged themselves)
_AFTER_CUT = re.compile(rf"[减扣]\s*(?P<cut>{_NUM}|[一二两三四五六七八九十])\s*(?:块钱?|元)?\s*[,，]\s*(?:就是|是|到手|只要|就)?\s*"
                        rf"(?P<num>{_NUM})(?![\d.]*\d)(?=\s*(?:$|[,，。!！?？;；、\n]|到手))")
_PER_ITEM = re.compile(rf"(?<![\d.A-Za-z])(?P<num>{_NUM})\s*(?=[一1](?:[{_MEASURES}]|公斤|千克|斤(?!装)))")  # 79.5一公斤: per kg
# 今天一罐一百一十八 / 二段一罐三百一 / 一支就一百七十九: one item, then what it costs, at the end of a clause
_ITEM_THEN_PRICE = re.compile(rf"(?<![\d.A-Za-z])[一1]\s*[{_MEASURES}]\s*(?:就|才|只要|只需|也就|要|也是|也|还是)?\s*(?P<num>{_NUM})(?=\s*(?:$|[,，。.!！?？;；、\n]|的价|吧|啊|哈|呀|呢|哦|嘛))")
# ended at one thirty, starts at eight, over at nine-ten: "at" after a verb of an offer's window names a clock time, not a price; after a
# video resolution (4K at sixty, 1080p at 120) a frame rate.
_NOT_AFTER_TIME_VERB = "".join(rf"(?<!\b{verb}\s)" for verb in ("ended", "ends", "end", "starts", "started", "start",
                                                               "opens", "opened", "closes", "closed", "finished", "finishes",
                                                               "over", "done", "gone", "closing", "ending", "shuts", "shut",
                                                               "starting", "opening", "finishing"))
# (not the only one with lines, nor just one: a count, not a price of one yuan)
_EN_PRICE = re.compile(
    rf"(?:(?P<cue>\b(?:it's|is|they're|(?<!\bthe\s)only(?!\s+1\b)|just(?!\s+1\b)|price|costs?|{_NOT_AFTER_TIME_VERB}(?<!\d[kp]\s)at"
    r"|(?:drops|dropping|goes\s+(?:up|down)|going\s+(?:up|down)|comes\s+down|falls|cuts)\s+(?:it\s+|them\s+)?to)\s+)"
    rf"(?P<num>{_NUM})(?![\d%]|\.\d|\s*[A-Za-z]*\d|-[a-z]|\s+(?:is|are|costs?|comes)\b)"  # (just one is 79; one-piece)
    rf"(?!\s+(?:(?:or|to)\s+\d+(?:\.\d+)?\s+)?(?:percent|hours?|minutes?|days?|mm|ml|g|kg|grams?|watts?|inch|degrees?|pages|capsules|db|gb"
    r"|kelvin|gsm|ppm|lumens?|lux|rpm|psi|bar|mah|kilos?|litres?|liters?|cm|meters?|metres?|mg|microns?|volts?|hz"
    r"|[ap]\.?m\b\.?|o'?clock|softgels?|tablets?|pills?|pieces?|servings?|times|people|adults?|kids|weeks?|months?|years?"
    r"|a\s+(?:day|week|night|month)|per\s+(?:day|week)|and\s+\d+|by\s+\d+"  # 6 and 24, 90 by 60: values of one kind
    r"|or\s+(?:below|under|less|lower|cooler|above|over|more|higher)"  # wash at forty or below: a bound, not a price
    r"|(?!(?:this|thus|plus|less|yes|as|is|was|has|its|us|bucks)\b)[a-z]+s)\b)"  # a count of things (2 speeds), not yuan
    # Tonight seventeen ninety.: a price said after the time alone, ending its clause
    rf"|(?:^|(?<=[.!?;,]\s))(?:tonight|today|now)\s+(?P<num3>{_NUM})(?=\s*(?:[.!?,;]|$|yuan\b|bucks\b))"
    rf"|(?<![\w.])(?P<num2>{_NUM})(?=\s+(?:yuan|rmb|today|tonight|at\s+tonight's|instead of|in the pre-sale|for both"
    r"|(?:even\s+)?if\s+you\s+(?:only\s+|just\s+)?(?:take|buy|get|grab|order)\b"  # thirty-five even if you take just one
    r"|for\s+(?:1|one|a\s+single|just\s+(?:1|one))\s+[a-z]+"
    r"|(?:a|per|each) (?:box|bottle|pair|pack|piece|can|case|set|book|bag|jar|tube)\b)))",
    re.IGNORECASE,
)
_PRONOUN_ONE = re.compile(r"\b(?:this|that|the|which|any|each|every|other)\s+(?:[a-z]+-[a-z]+\s+)?$", re.IGNORECASE)
# until/by/at eight thirty: a number said as an hour and minutes after a preposition of time.
_CLOCK_BEFORE = re.compile(r"\b(?:until|till|by|after|before|from|at)\s+$", re.IGNORECASE)
# ends eleven fifty-nine tonight, closes at ten ten this evening: any minute is a clock time when the window is said to
# end or start there, or the part of the day follows.
_WINDOW_BEFORE = re.compile(r"\b(?:ends?|ending|ended|closes|closing|starts?|starting|opens|opening|runs\s+(?:until|till|to))"
                            r"(?:\s+(?:on\s+)?(?:today|tonight|tomorrow|(?:mon|tues|wednes|thurs|fri|satur|sun)day))?"
                            r"(?:\s+(?:at|by|around))?\s+$", re.IGNORECASE)
_DAY_PART_AFTER = re.compile(r"\s+(?:tonight|this\s+(?:morning|afternoon|evening)|in\s+the\s+(?:morning|afternoon|evening)"
                             r"|at\s+night|[ap]\.?m\b)", re.IGNORECASE)
_IT_IS = re.compile(r"\b(?:it'?s|it\s+is)\s+(?:just\s+|already\s+)?$", re.IGNORECASE)
_TIME_NOW = re.compile(r"\s*(?:p\.?m\.?|a\.?m\.?\s+)?(?:right\s+)?now\b|\s*o'?clock\b"
                       # it's 8.15, so 45 minutes till nine / it's 9.25, the deal is 99 until ten: minutes counted or
                       # another hour named in the same sentence say the time of day
                       # (you got an hour twenty-five, an hour and ten to go: the time left after it)
                       r"|[^.!?]{0,60}?(?:\b\d+\s+(?:more\s+)?minutes?\b|\b(?:until|till|ends?\s+at)\s+\d{1,2}(?:[0-5]\d)?(?!\d|\.\d)"
                       r"|\b(?:an|\d+)\s+hours?\b)",
                       re.IGNORECASE)
# at twelve-fifty we have forty minutes left (not: bake at two hundred twenty for fifteen minutes)
_MINUTES_LEFT = re.compile(r"[^.!?]{0,40}?\b\d+\s+(?:more\s+)?minutes?\s+(?:left|to\s+go|remaining)\b", re.IGNORECASE)
_PAST_HOUR = re.compile(r"\s+(?:past|to|after)\s+\d{1,2}\b", re.IGNORECASE)  # twenty-five past nine: minutes


def _clock(value: float, any_minute: bool = False) -> bool:
    """830, 1030 or 12.30 as 8:30, 10:30 or 12:30 (minutes in quarters, or any with ``any_minute``), or 1..12 as the
    hour."""
    hours, minutes = divmod(round(value * 100), 100) if not value.is_integer() else divmod(int(value), 100)
    return 1 <= value <= 12 and value.is_integer() or 1 <= hours <= 12 and (
        minutes < 60 if any_minute else minutes in (0, 15, 30, 45))


_NUMBER_NEXT = re.compile(r"[\u4e00-\u9fff]{0,2}?\d")
_NUMBER_BEFORE = re.compile(r"(?:\d+\.\d+|\d{2,})\s*(?:元|块)?\s*$")  # 79.5一公斤, not 俩一公斤 (2 of 1 kg)
_PER_BASIS = ("mass", "volume", "length", "area")
_CLAUSE_BREAKS = ",，。!！?？;；\n"
_DATE = re.compile(r"(?:(?P<y>\d{4})[年\-/.])?(?P<m>\d{1,2})(?:月|[\-/])(?P<d>\d{1,2})(?:日|号)?(?!\d)")
_STOCK = re.compile(
    rf"(?:(?P<weak>只有|仅有|就只有)|仅剩|只剩下?|就剩|还剩|剩下|最后|限量|限购|库存(?:只有|仅有|还有|仅剩|只剩|就)?|只放|放出|还有最后"
    rf"|(?<=价)(?:就|只))"  # 这个价就五台: at this price only so many, a limit said with 就
    rf"\s*(?:最后)?\s*(?:(?P<num>{_NUM})来?|(?P<few>十几|十来|几十))\s*"
    r"(?P<unit>[\u4e00-\u9fff])"  # any counting unit (台, 箱, 本, 罐 ...); kept when the unit table counts it
    r"(?!(?<=个)(?:钟|小时|月|星期|礼拜))"  # 还剩一个钟头零十分钟: time left, not stock
)
_ORDINAL_NOUN = re.compile(r"\s*(?:链接|环节|问题|话题|产品|宝贝|款|品|步|部分|场|波|轮|福利|商品|讲)")
# only five strollers left / 20 remaining / the last 8 boxes: a stock claim in English, whatever the thing is called
# (the last 3 days, the last 2 years count time, not stock).
_TIME_WORDS = r"(?:second|minute|hour|day|night|week|month|year)s?\b"  # forty minutes left counts time, not stock
# an hour twenty-five left: the minutes of a time left, not stock
_STOCK_EN = re.compile(rf"\b(?:only|just)?\s*(?<!hour\s)(?<!hours\s)(?<!hour\sand\s)(?P<num>{_NUM})\s+(?!{_TIME_WORDS})"
                       r"(?:[a-z-]+\s+){0,2}?(?:left|remaining|in\s+stock)\b"
                       rf"|\blast\s+(?P<last>{_NUM})\s+(?:[a-z-]+\s+)?(?!(?:second|minute|hour|day|night|week|month|year|time|"
                       r"session|round|stream|show|episode|lesson|order|customer|buyer)s\b)[a-z]+s\b", re.IGNORECASE)
# 秒杀就三十台, 秒杀一共四十个, Q3秒杀备了三百台, only 80 boxes in this flash, the flash has 2,000 pairs: the size of the
# flash sale's pool, which its stock limit states (a count under ten needs a pool word: 秒杀两台 is how many to buy).
_POOL_WORD = r"就|只有|只|仅|一共|共|总共|备了|放了|只放了?|准备了|上了|库存"
# This session's pool said after the session (这一场两千台, 这场只放了十五根, 这场秒杀渐进的我们备了八百副: words between
# only before a pool word).
_FLASH_POOL = re.compile(rf"(?:秒杀|闪购|抢购|这一?场|本场|这一?轮|这波|(?:子夜|午夜|夜宵|早|晚|午|上午|下午|中午|凌晨|零点)场)(?:\s*(?P<pool>{_POOL_WORD})?|[^\d，,。！？!?；;]{{1,8}}?"
                         rf"(?P<poolb>{_POOL_WORD}))\s*(?P<num>\d+)\s*(?P<unit>[\u4e00-\u9fff])(?<!只(?=[有剩要能是卖]))"
                         r"(?!\s*(?:人|位|小时|钟头|分钟)|价)")  # 子夜场就一个价: one price, not one item
# 冬季款一共才备了五十个, 总共四十张, 九块九限一百根, 只放了六十个, 老板只给了三十个, 后台就三十枚: a count of ten or more
# said as all there is, a stock claim in the SKU's stock unit only (一盒一共十二颗 counts what a box holds)
_POOL_SAID = re.compile(r"(?:一共|总共|(?<![一总])共|备了|放了|上了|给了|(?<![无不])限|后台|仓库|这批)(?:才|就|只|只有|也就|能)?"
                        r"(?:备了|放了|给了|刻)?\s*(?P<num>\d+)\s*(?P<unit>[\u4e00-\u9fff])(?!\s*(?:人|位|小时|钟头|分钟|天)|价)")
_NOT_A_THING = rf"(?!{_TIME_WORDS}|(?:cheaper|dearer|less|more|off|percent|yuan|bucks)\b)"
_FLASH_POOL_EN = re.compile(
    rf"\b(?P<pool>only\s+|just\s+)?(?P<num>\d+)\s+{_NOT_A_THING}(?!(?:a|an|per|each|you|we|they|it|i)\b)(?:[a-z-]+\s+){{0,2}}[a-z-]+(?:\s+of\s+[a-z-]+)?\s+(?:in|into|for)\s+"
    rf"(?:this|the|today's|tonight's)\s+(?:[a-z]+\s+)?(?:flash|round)\b"
    rf"|\bflash(?:\s+sale)?(?:\s+pool)?\s+(?:(?:has|is|holds|gets)\s+(?P<pool2>only\s+|just\s+)?(?P<num2>\d+)\s+{_NOT_A_THING}[a-z]+"
    rf"|(?:has|holds)\s+(?P<pool3>only\s+|just\s+)?(?P<num3>\d+)(?=\s*(?:[.!?,;]|$)))"  # the flash has 800. (is 800: a price)
    # Last flash: ... only eighty of them: the pool said as how many there are, the thing unnamed
    rf"|\bflash\b[^.!?]{{0,80}}?\b(?P<pool4>only\s+|just\s+)(?P<num4>\d+)\s+of\s+them\b",
    re.IGNORECASE)
# Only twenty boxes, just a hundred bags at 12.9, forty boxes only: a count said as all there is, a stock claim when it
# counts what the SKU is stocked in (only two colours is no scarcity); under ten only when it ends its clause, as
# "just two boxes gets the discount" says how many to buy.
_ONLY_EN = re.compile(rf"\b(?:only|just)\s+(?P<num>{_NUM})\s+(?P<unit>[a-z]+)\b|\b(?P<num2>{_NUM})\s+(?P<unit2>[a-z]+)\s+only\b",
                      re.IGNORECASE)
_DEADLINE = re.compile(
    r"(今天|今晚|今日|本场|这场)[^。！!？?\n，,]{0,6}(截止|结束|最后[1一]天|恢复原价|涨价|下架)|最后[1一]天|倒计时|限时"
    r"|过了(?:今天|今晚|今日|本场|这场)[^。！!？?\n，,]{0,3}(?:没有?了|没了|恢复|涨价|结束|买不到)"
)
# 这个价明天一整天都有: the running offer said to last past today (an offer ending tonight cannot)
# 五十九明天白天也有, 秒杀价这礼拜都有: a price said before the day or week it is said to hold through
_LASTING = re.compile(r"(?:(?:价|活动|优惠|福利)[^。！!？?\n，,]{0,6}|(?:一直|持续)?(?:到|至)|(?<![\d.])\d+(?:\.\d+)?元?)"
                      r"(?:明天|明晚|后天|这礼拜|这个礼拜|这周|这星期|这个星期|本周|下周|下礼拜|下星期|周末|这个月)[^。！!？?\n，,]{0,6}"
                      r"(?:都有|还有|还能|照样|也有|也能|一样|都是|都能|有效)")
# 今晚十二点前都有效: the running offer said to last until a clock time tonight
_UNTIL_HOUR = re.compile(r"(?:(?:一直|持续)?(?:到|至))?(?:今晚|今天|晚上)?(?P<h>\d{1,2})点(?P<half>半)?"
                         r"(?:(?:前|之前|以前|为止)[^。！!？?\n，,]{0,4}|(?<=点)(?=都)|(?<=半)(?=都))"
                         r"(?:都有|都能|有效|都是|都行|还有|都算|都可以)")
# 明天早上起来拍也是这个价: the running price said to hold tomorrow, at the start of its clause
_TOMORROW_TOO = re.compile(r"(?:^|(?<=[，,。！!？?；;\n]))\s*(?:明天|明早|明晚|后天)[^。！!？?\n，,]{0,6}?(?:拍|买|下单|来)"
                           r"[^。！!？?\n，,]{0,2}?(?:也是|还是|照样|一样|都是|也能|还能|也有|还有)")
# An English price or offer said to hold all day (15.90 all day today, the deal runs till midnight) or past today (349
# runs all through the May Day holiday, this price holds through the weekend, tomorrow too): the price or offer word
# leads its clause, so "wear it all day" and "lasts all week" on a charge say nothing of an offer.
_OFFER_LEAD_EN = r"(?:\d+(?:\.\d+)?|\b(?:price|deal|offer|sale|discount|flash))(?:\s+(?!(?:and|but|so)\b)[a-z'-]+){0,6}?\s+"
_ALL_DAY_EN = re.compile(_OFFER_LEAD_EN + r"(?:all\s+(?:day(?:\s+(?:today|long))?|night(?:\s+long)?|evening(?:\s+long)?)"
                         r"(?!\s+(?:tomorrow|till|until))|(?:all\s+the\s+way\s+)?(?:to|until|till)\s+midnight"
                         r"|for\s+the\s+rest\s+of\s+(?:the\s+)?(?:day|today|the\s+evening|tonight))\b", re.IGNORECASE)
# the flash lasts until tonight, runs all morning, holds till lunchtime or until the noon show: the offer said to reach
# that part of the day (as 秒杀到晚上), all morning to its end
_PART_OF_DAY_EN = {"noon": 12, "midday": 12, "lunch": 12, "lunchtime": 12, "afternoon": 14, "evening": 18, "tonight": 18,
                   "all morning": 12, "all afternoon": 18}
_UNTIL_PART_EN = re.compile(_OFFER_LEAD_EN + r"(?:(?:until|till|through|into)\s+(?:this\s+|the\s+)?(?P<part>noon|midday|lunch(?:time)?"
                            r"|afternoon|evening|tonight)(?:\s+(?:show|session|stream|slot))?|(?P<all>all\s+(?:morning|afternoon)))\b",
                            re.IGNORECASE)
# ... or past today: through the holiday, all week, till next Sunday, until May Day, all day tomorrow, all night till morning
_LASTING_EN = re.compile(_OFFER_LEAD_EN + r"(?:(?:all\s+)?through(?:out)?\s+the\s+(?:[a-z]+\s+){0,2}?(?:holidays?|weekend|week)"
                         r"|all\s+(?:next\s+)?(?:week|weekend)(?:\s+long)?|(?:until|till|through)\s+(?:tomorrow(?:\s+(?:morning|noon|lunch(?:time)?|afternoon"
                         r"|evening|night))?|the\s+weekend"
                         r"|next\s+(?:week|month|(?:mon|tues|wednes|thurs|fri|satur|sun)day)"
                         r"|(?:mon|tues|wednes|thurs|fri|satur|sun)day|the\s+end\s+of\s+the\s+month"
                         r"|(?:the\s+)?(?!end\b|same\b)[a-z']+(?:\s+[a-z']+)?\s+(?:day|festival|holidays?))"
                         r"|tomorrow\s+(?:too|as\s+well)|all\s+day\s+tomorrow|all\s+night\s+(?:till|until)\s+(?:the\s+)?morning)\b",
                         re.IGNORECASE)
# 明天一天都有, 到明天中午, 拍到明天早上: how far into tomorrow (hours from today's midnight) a price is said to hold; a
# part of the day counts from its first hour, the whole day to its end (明早 and 明晚 say the part in one word).
_TOMORROW_PARTS = "早上|早晨|[一1]早|上午|中午|白天|下午|晚上|[一1]整天|[一1]天|全天|整天"  # (一 is normalised to 1)
_INTO_TOMORROW = re.compile(rf"(?:明天|明儿)\s*(?P<part>{_TOMORROW_PARTS})|明(?P<short>早|晚)"
                            r"|\btomorrow\s+(?P<en>morning|noon|lunch(?:time)?|afternoon|evening|night)\b"
                            r"|\b(?P<whole>through\s+tomorrow|all\s+day\s+tomorrow)\b", re.IGNORECASE)
_TOMORROW_HOURS = {"早上": 31, "早晨": 31, "一早": 31, "早": 31, "上午": 33, "中午": 36, "白天": 36, "下午": 38, "晚上": 42,
                   "晚": 42, "一整天": 48, "一天": 48, "全天": 48, "整天": 48, "morning": 31, "noon": 36, "lunch": 36,
                   "lunchtime": 36, "afternoon": 38, "evening": 42, "night": 42}


def _lasting(m: re.Match[str]) -> Claim:
    """A price said to hold past today: until an hour of tomorrow when the part of tomorrow is said, else past today."""
    said = _INTO_TOMORROW.search(m.group(0))
    if said is None:
        return Claim("deadline", m.start(), m.end(), m.group(0), detail="lasting")
    part = (said.group("part") or said.group("short") or said.group("en") or "").lower().replace("1", "一")
    hours = 48 if said.group("whole") else _TOMORROW_HOURS[part]
    return Claim("deadline", m.start(), m.end(), m.group(0), float(hours), detail="until_hour")


# 秒杀到十一点, 这个价管到今天晚上十二点, 三百二十九卖到月底, 四十五管到端午节: how long the host says the price or sale runs.
_RUNS_OFFER = r"(?:秒杀|闪购|这个价|这价|价格|活动|优惠|福利|(?<=[\u4e00-\u9fff])(?<![现广市商机操剧考农会赛登出入全在])场|(?<![\d.])\d+(?:\.\d+)?(?![\d.]|\s*点)元?)(?:价)?"
_RUNS_LEAD = _RUNS_OFFER + r"[^，,。！？!?；;\n\d]{0,3}?(?P<to>(?:一直|持续)?(?:到|开到|管到|卖到|挂到|留到|拍到|买到|抢到|截止到|截至))"
_RUNS_TO_HOUR = re.compile(_RUNS_LEAD + r"\s*(?P<part>今天|今晚|今天晚上|晚上|中午|下午|夜里|半夜|凌晨|明天凌晨)?\s*(?P<h>\d{1,2})点(?P<half>半)?")
# the price runs until two a.m., holds till 11 p.m.: an hour of the clock said with its half of the day
_UNTIL_CLOCK_EN = re.compile(_OFFER_LEAD_EN + r"(?:until|till|to)\s+(?P<h>\d{1,2})(?::(?P<m>\d{2}))?\s*(?P<ap>[ap])\.?\s*m\b\.?",
                             re.IGNORECASE)
_RUNS_PAST_TODAY = re.compile(_RUNS_LEAD + rf"\s*(?:明天(?:{_TOMORROW_PARTS})?|明早|明晚|后天|月底|周末|下周|下礼拜|下星期|下个月|年底|\d{{1,2}}号|端午|中秋|国庆|春节|元旦|"
                              r"(?:周|礼拜|星期)[一二三四五六日天]|[\u4e00-\u9fff]{1,3}节|五一|十一|六一|七夕|双十一|双十二|双1[12]|618|返场|"
                              r"[\u4e00-\u9fff]{1,4}[季节]结束)")
# 秒杀到晚上, 秒杀价中午还有, 秒杀全天都有: the price said to run into a part of the day, whose first hour it must reach
_PART_OF_DAY = {"中午": 12, "午后": 13, "下午": 14, "傍晚": 17, "晚上": 18, "今晚": 18, "夜里": 21, "半夜": 24, "全天": 24, "一整天": 24,
                "整天": 24, "通宵": 30}
_PARTS = "|".join(sorted(_PART_OF_DAY, key=len, reverse=True))
# 今晚还有 is said of any price tonight, not of how long an offer runs
_PARTS_HELD = "|".join(p for p in sorted(_PART_OF_DAY, key=len, reverse=True) if p != "今晚")
_RUNS_TO_PART = re.compile(rf"{_RUNS_LEAD}\s*(?:今天)?(?P<part>{_PARTS})(?!\s*\d)"
                           rf"|(?:秒杀|这个价|这价|活动|优惠|福利|(?<![\d.])\d+(?:\.\d+)?元?)价?[^，,。！？!?；;\n\d]{{0,2}}?[，,]?\s*"
                           rf"(?P<held>(?:今天|今晚)?(?P<part2>{_PARTS_HELD})(?:之前|以前)?(?:都|还|也|照样)(?:有|在|能拍)(?![的人])"
                           rf"|今天(?:1天)?都有|今天(?:1)?整天都(?:有|能拍|能买)|今天全天(?=[。！!，,]|$))")
# 秒杀一点半就结束, 下午五点才结束, 两点四十截止, the flash runs till five this afternoon: the clock time an offer is said
# to end at, which must be some offer's end; with no part of the day said, the hour reads as any of its clock times.
_END_PART = {"今天晚上": 12, "今晚": 12, "晚上": 12, "下午": 12, "傍晚": 12, "夜里": 12, "半夜": 24, "凌晨": 24}
_ENDS_AT = re.compile(r"(?P<part>今天晚上|今晚|今天|晚上|中午|下午|傍晚|夜里|半夜|凌晨|早上|上午)?\s*(?P<h>\d{1,2}|一)点"
                      r"(?:(?P<half>半)|(?P<q>[一1三3])刻|(?P<min>\d{1,2})分?)?(?:整|钟)?\s*(?:就|才|准时)?\s*"
                      r"(?:结束|截止|收官|收(?![到藏货纳起拾])|下架|恢复原价|涨价|没了|没有了)")
# 闪购开到晚上六点, 秒杀到八点: an offer said to run to a clock time, the time it ends
_RUNS_TO = re.compile(r"(?:秒杀|闪购|活动|专场|预售|场|集|节)(?:的)?(?:价格?|这个价)?\s*(?:就|只)?(?:开到|持续到|一直到|到)"
                      r"(?P<part>今天晚上|今天中午|今天下午|今天傍晚|今天早上|今天上午|今晚|今天|晚上|中午|下午|傍晚|夜里|半夜|凌晨|早上|上午)?\s*(?P<h>\d{1,2}|一)点"
                      r"(?:(?P<half>半)|(?P<q>[一1三3])刻|(?P<min>\d{1,2})分?)?(?:整|钟)?(?=\s*(?:[，,。！!；;]|$|为止|结束))")
_ENDS_AT_EN = re.compile(r"\b(?:flash|deal|offer|sale|price|pricing|discount|promo|special|session|round|hour|fair|presale|it)"
                         r"\s+(?:[a-z]+\s+)?(?:runs|goes|lasts|ends|closes|wraps\s+up|finishes|is\s+(?:on|up|open|live)|holds|stays(?:\s+(?:on|up|live|open))?)"
                         r"\s+(?:all\s+the\s+way\s+|right\s+)?(?:(?P<part0>tonight|this\s+(?:afternoon|evening|morning))\s+)?"
                         r"(?P<prep>till|until|at|to)\s+(?P<n>\d{1,4}|midnight|noon)(?:[:.](?P<m>\d{1,2}))?"
                         r"(?!\d|[.:]\d|\s*(?:[ap]\.?m\b|percent|off|yuan|bucks|dollars))"
                         r"(?:\s+(?P<part>this\s+afternoon|this\s+evening|tonight|this\s+morning))?", re.IGNORECASE)

# the fair price ends at midnight tonight, closes tonight at midnight: today's midnight said as the end
_ENDS_MIDNIGHT_EN = re.compile(r"\b(?:flash|deal|offer|sale|price|session|fair|it)\s+(?:[a-z'-]+\s+){0,2}?(?:ends|closes|finishes|is\s+over"
                               r"|wraps\s+up)\s+(?:(?:at\s+)?midnight\s+tonight|tonight\s+at\s+midnight|at\s+midnight)\b",
                               re.IGNORECASE)
# 冰雕节明天就结束了, 这个价今天晚上就没了, 就到今天晚上, 只到今天中午: the day, and the part of it, an offer is said to end
_ENDS_ON_DAY = re.compile(r"(?P<day>明天|明儿|今天|今儿|今晚)(?P<part>中午|下午|晚上|夜里|早上|上午)?\s*"
                          r"(?:(?:就|也就|可就)?(?:结束|截止|下架)|(?:就|也就|可就)(?:没了|没有了))"  # not 今天没有了: gone today
                          r"|(?:就|只|只开)到(?P<day2>今天|今晚|明天)(?P<part2>中午|下午|晚上|夜里|早上|上午)?(?=\s*(?:[，,。！!；;]|$|为止))")
_OFFER_CUE = re.compile(r"节|场|秒杀|闪购|预售|活动|优惠|价|减|折|送")
_PART_SPAN = {"早上": (5, 12), "上午": (5, 12), "中午": (11, 14), "下午": (12, 18), "晚上": (17, 24), "夜里": (20, 24),
              "": (0, 24)}
_ON_ANOTHER_DAY = re.compile(r"\d+[号日]|周[1-7一二三四五六日天]|星期|礼拜|明天|明晚|后天|月底|不是|\b(?:not|tomorrow|on\s+[a-z]+day)\b",
                             re.IGNORECASE)


def _ends_at(hour: float, minute: float, shift: int | None, m: re.Match[str]) -> Claim:
    """An end said at a clock time: ``shift`` hours added by the part of the day said, or None when none was."""
    value = hour + minute / 60 + (shift or 0)
    return Claim("deadline", m.start(), m.end(), m.group(0), value, detail="ends_at" if shift is not None else "ends_at_any")


_CERT = re.compile(
    r"(?P<core>[A-Za-z0-9\-\u00c0-\u00ff]+|[\u4e00-\u9fff]{1,4}?)(?P<suffix>认证|证书|证明|检测报告|质检报告|专利|备案号?|许可证)"
)
_CERT_FILLER = re.compile(r"^(多项|多个|双重|权威|正规|官方|国家|国际)+")
# (照着证书念, 我照证书念, 首先看证书, 对着证书查: the certificate read or looked at, whatever it is, names none)
_CERT_SPLIT = re.compile(r"通过|获得|拿到|取得|经过|具有|拥有|持有|还有|都有|照着|对着|按照|按着|根据|照|看看|看|念|查|了|的|有|和|及|与|并|过|是")
_COMPARE = re.compile(  # 比较大 is "fairly loud", an adverb, never a comparison with 较
    r"比(?!较)(?P<target>[^，,。！!？?；;\s]{1,10}?)(?:还|更|要|再)?(?P<adj>高|快|大|多|省|强|好|低|少|长|轻|薄|小|耐用|安静|便宜|划算|贵)"
)


@dataclass(frozen=True)
class Claim:
    """A claim in normalised text; ``start``/``end`` are normalised offsets."""

    kind: ClaimKind
    start: int
    end: int
    text: str
    value: float | None = None
    unit: str = ""
    dimension: str = ""
    base: float | None = None
    approx: bool = False
    bound: str = ""
    """``<``/``>`` when said as a bound (不到二两, 以上); see ``Quantity.bound``."""
    detail: str = ""
    readings: tuple[Measure, ...] = ()
    context: str = ""
    """The clause the claim sits in (what names the parameter: 蛋白质, 除湿量 ...)."""


def _clause(norm: str, start: int, end: int) -> str:
    left = max((norm.rfind(ch, 0, start) for ch in _CLAUSE_BREAKS), default=-1)
    rights = [i for i in (norm.find(ch, end) for ch in _CLAUSE_BREAKS) if i >= 0]
    return norm[left + 1 : min(rights, default=len(norm))]


def _quantities(norm: str, units: UnitTable) -> list[Claim]:
    out: list[Claim] = []
    for q in find_quantities(norm, units):
        first = q.readings[0]
        kind: ClaimKind = "money" if first.dimension == "money" else "quantity"
        out.append(Claim(kind=kind, start=q.start, end=q.end, text=norm[q.start : q.end], value=q.value,
                         unit=q.unit, dimension=first.dimension, base=first.lo, approx=q.approx, bound=q.bound,
                         readings=q.readings, context=_clause(norm, q.start, q.end)))
    return out


def _sentence_before(norm: str, pos: int) -> str:
    """What the sentence says before ``pos``."""
    return re.split(r"[。！!？?；;\n]", norm[:pos])[-1]


def _bare_prices(norm: str, taken: list[tuple[int, int]]) -> list[Claim]:
    """Unit-less prices; ``detail`` is the price word that marks them (原价, 日常, 今天 ...)."""
    out: list[Claim] = []
    claimed = Spans(taken)
    seen: set[int] = set()
    for pattern in (_PRICE_CUE, _PER_ITEM, _ITEM_THEN_PRICE, _AFTER_CUT, _EN_PRICE):
        for m in pattern.finditer(norm):
            group = next((g for g in ("num2", "num3") if g in pattern.groupindex and m.group(g)), "num")
            s, e = m.start(group), m.end(group)
            if s in seen or claimed.cover(s, s + 1) or (s > 0 and norm[s - 1] in "-~/"):
                continue
            seen.add(s)
            value = float(m.group(group))
            if norm.endswith("点", 0, s) and value < 60:
                continue  # 三点20: a clock's minutes
            if value == 1 and _PRONOUN_ONE.search(norm, max(0, s - 24), s):
                continue  # no deal on this one tonight, the half-price one: "one" is the product, not a price
            at_clock = _CLOCK_BEFORE.search(norm, max(0, s - 8), s) is not None
            if at_clock and _clock(value) \
                    or (_WINDOW_BEFORE.search(norm, max(0, s - 24), s) or at_clock and _DAY_PART_AFTER.match(norm, e)) \
                    and _clock(value, any_minute=True):
                continue  # until eight thirty, at ten thirty tonight, ends eleven fifty-nine tonight: a clock time
            if (_TIME_NOW.match(norm, e) and _IT_IS.search(norm, max(0, s - 8), s)
                    or at_clock and _MINUTES_LEFT.match(norm, e)) and _clock(value, any_minute=True):
                continue  # it's three-twenty now, at twelve-fifty we have forty minutes left: the time of day
            if value < 60 and _PAST_HOUR.match(norm, e):
                continue
            if 1900 <= value <= 2100 and norm.startswith(("'s", "’s"), e):
                continue  # 2040's title: a year
            if pattern is _AFTER_CUT:
                cut = cn_value(m.group("cut")) or 0.0
                if any(abs(float(n) - cut - value) < 0.01 for n in re.findall(_NUM, _sentence_before(norm, m.start()))):
                    continue
            cue = m.group("cue") if "cue" in pattern.groupindex and m.group("cue") else ""
            if cue in _TOTAL_CUES and (_STOCK_BEFORE.search(norm, max(0, m.start() - 4), m.start())
                                       or not _MONEY_SAID.search(_sentence_before(norm, m.start()))):
                continue  # 库存总共一千五, 加起来差不多三千 (兆): a total said with no money about it
            out.append(Claim("money", s, e, norm[s:e], value, "元", "money", value, detail=cue.strip()))
    return out


# Words between one unit and what it yields (单遍刷, 大概): no clause break, no ×, at least one word.
_YIELD_GAP = re.compile(rf"[^{_CLAUSE_BREAKS}×*xX\d]*[\u4e00-\u9fff][^{_CLAUSE_BREAKS}×*xX\d]*")


def _measured_later(quantities: list[Claim], n: int, norm: str) -> bool:
    """An amount or count of another kind follows quantity ``n`` in its clause: what one unit of ``n`` yields
    (一升单遍刷十到十二个平方, 一公斤大概五十只), so the one unit is the basis of a rate said apart, not a size of the
    product. A time or temperature after it is a condition (1米水深浸泡30分钟), not a yield."""
    q = quantities[n]
    return any(later.dimension != q.dimension and later.dimension.startswith((*_PER_BASIS, "count:"))
               and _YIELD_GAP.fullmatch(norm[q.end : later.start]) for later in quantities[n + 1 : n + 2])


def extract_claims(text: Normalized, units: UnitTable) -> list[Claim]:
    """All claims in ``text`` ordered by position; dates win over the numbers inside them."""
    norm = text.text
    claims: list[Claim] = []
    date_spans: list[tuple[int, int]] = []
    for m in _DATE.finditer(norm):
        month, day = int(m.group("m")), int(m.group("d"))
        if not (1 <= month <= 12 and 1 <= day <= 31):
            continue
        if "月" not in m.group(0) and m.group("y") is None:
            continue  # 3-5 or 1/2 is a range or a fraction, not a date
        date_spans.append((m.start(), m.end()))
        year = m.group("y")
        claims.append(Claim("date", m.start(), m.end(), m.group(0),
                            detail=f"{year or ''}-{month:02d}-{day:02d}"))
    stock_spans: list[tuple[int, int]] = []
    for m in _STOCK.finditer(norm):
        if not is_measure_word(m.group("unit")):
            continue
        if "最后" in m.group(0) and _ORDINAL_NOUN.match(norm, m.end()):
            continue  # 最后一个链接, 最后一款: the last of a series, not the last items in stock
        if not m.group("weak"):  # 只有四百六十页 may be a page count: its quantity is checked as well
            stock_spans.append((m.start("num" if m.group("num") else "few"), m.end("unit")))
        value = float(m.group("num") or 10)  # 十几罐, 十来件 (read 10来件): a dozen or so, never the hundreds in stock
        claims.append(Claim("stock", m.start(), m.end(), m.group(0), value, m.group("unit"), "count", value,
                            detail="weak" if m.group("weak") else ""))
    for m in _STOCK_EN.finditer(norm):
        num = "num" if m.group("num") else "last"
        stock_spans.append((m.start(num), m.end()))
        claims.append(Claim("stock", m.start(num), m.end(), norm[m.start(num) : m.end()], float(m.group(num)),
                            "件", "count", float(m.group(num))))
    for m in _ONLY_EN.finditer(norm):
        num, unit = ("num", "unit") if m.group("num") else ("num2", "unit2")
        value, measure_words = float(m.group(num)), pack_units(m.group(unit))
        if not measure_words or any(s <= m.start(num) < e for s, e in stock_spans) \
                or value < 10 and not re.match(r"\s*(?:[.!?,;]|$)", norm[m.end():]):
            continue
        claims.append(Claim("stock", m.start(num), m.end(unit), norm[m.start(num) : m.end(unit)], value, measure_words,
                            "count", value, detail="weak"))
    for m in _FLASH_POOL.finditer(norm):
        value = float(m.group("num"))
        if not is_measure_word(m.group("unit")) or value < 10 and not (m.group("pool") or m.group("poolb")) \
                or any(s <= m.start("num") < e for s, e in stock_spans):
            continue
        stock_spans.append((m.start("num"), m.end("unit")))
        claims.append(Claim("stock", m.start("num"), m.end("unit"), norm[m.start("num") : m.end("unit")], value,
                            m.group("unit"), "count", value, detail="flash"))
    for m in _POOL_SAID.finditer(norm):
        value = float(m.group("num"))
        if value < 10 or m.group("unit") in "块元毛角分" or not is_measure_word(m.group("unit")) \
                or any(s <= m.start("num") < e for s, e in stock_spans):
            continue  # (its quantity stays checked too: 一共一百二十首 may be a count of the contents)
        claims.append(Claim("stock", m.start("num"), m.end("unit"), norm[m.start("num") : m.end("unit")], value,
                            m.group("unit"), "count", value, detail="weak"))
    for m in _FLASH_POOL_EN.finditer(norm):
        num = next(n for n in ("num", "num2", "num3", "num4") if m.group(n))
        if float(m.group(num)) < 10 and not (m.group("pool") or m.group("pool2") or m.group("pool3") or m.group("pool4")) \
                or any(s <= m.start(num) < e for s, e in stock_spans):
            continue  # two cans in the flash are 478: how many to buy
        stock_spans.append((m.start(num), m.end()))
        value = float(m.group(num))
        claims.append(Claim("stock", m.start(num), m.end(), norm[m.start(num) : m.end()], value, "件", "count", value,
                            detail="flash"))
    dated = Spans(date_spans + stock_spans)
    quantities = [q for q in _quantities(norm, units) if not dated.cover(q.start, q.start + 1)]
    for n, q in enumerate(quantities):
        one = q.value == 1 and (len(q.readings) == 1 or all(r.dimension in _PER_BASIS for r in q.readings))  # 一斤: g or mL
        if one and q.dimension.startswith(("count:", "unit:")) and _NUMBER_NEXT.match(norm, q.end):
            continue  # 一节十五分钟: one of a unit before its value is an article
        if one and n and quantities[n - 1].end == q.start and quantities[n - 1].dimension != q.dimension:
            continue  # 二百八十克一平米: what the value before is per
        if one and q.dimension in _PER_BASIS and (_NUMBER_NEXT.match(norm, q.end) or _NUMBER_BEFORE.search(norm, 0, q.start)
                                                  or _measured_later(quantities, n, norm)):
            continue  # 一斤不到四十, 79.5一公斤, 一升单遍刷十个平方: the one unit a price, count or area is per
        if q.unit == "年" and norm.startswith(("级", "货"), q.end):
            continue  # 三年级 is a school grade, 八年货节 a festival's name, not years
        claims.append(q)
    taken = [(c.start, c.end) for c in claims]
    claims += _bare_prices(norm, taken)
    for m in _DEADLINE.finditer(norm):
        claims.append(Claim("deadline", m.start(), m.end(), m.group(0)))
    claims += [_lasting(m) for m in _LASTING.finditer(norm)]
    claims += [_lasting(m) for m in _TOMORROW_TOO.finditer(norm)]
    claims += [_lasting(m) for m in _LASTING_EN.finditer(norm)]
    for m in _ALL_DAY_EN.finditer(norm):
        claims.append(Claim("deadline", m.start(), m.end(), m.group(0), 24.0, detail="until_hour"))
    for m in _UNTIL_PART_EN.finditer(norm):
        hour = _PART_OF_DAY_EN[(m.group("part") or re.sub(r"\s+", " ", m.group("all"))).lower()]
        claims.append(Claim("deadline", m.start(), m.end(), m.group(0), float(hour), detail="until_hour"))
    for m in _UNTIL_CLOCK_EN.finditer(norm):
        h = int(m.group("h")) % 12 + (12 if m.group("ap").lower() == "p" else 0)
        hour = h + (24 if h < 6 else 0) + int(m.group("m") or 0) / 60  # two a.m. is after tonight's midnight
        claims.append(Claim("deadline", m.start(), m.end(), m.group(0), float(hour), detail="until_hour"))
    for m in _UNTIL_HOUR.finditer(norm):
        hour = int(m.group("h")) + (12 if "晚" in m.group(0) and int(m.group("h")) <= 12 else 0)  # 今晚十二点 is midnight
        hour += 0.5 if m.group("half") else 0
        claims.append(Claim("deadline", m.start(), m.end(), m.group(0), float(hour), detail="until_hour"))
    for m in (*_ENDS_AT.finditer(norm), *_RUNS_TO.finditer(norm)):
        h = 1 if m.group("h") == "一" else int(m.group("h"))
        minute = 30 if m.group("half") else 15 * int(m.group("q").replace("一", "1").replace("三", "3")) if m.group("q") \
            else int(m.group("min") or 0)
        part = m.group("part")
        if part and len(part) > 2 and part.startswith("今天") and part != "今天晚上":
            part = part[2:]  # 今天中午十二点: the part of today
        if _ON_ANOTHER_DAY.search(_clause(norm, m.start(), m.start())):
            continue  # 十四号晚上十一点五十九结束, 不是今晚十二点就没了: another day's end, or an end denied
        shift = None if part in (None, "今天") else _END_PART.get(part, 12 if part == "中午" and h < 6 else 0)
        if shift == 24 and h == 12:
            h = 0  # 凌晨十二点半 is half past midnight
        if shift == 12 and h >= 12:
            shift = 12 if h == 12 and part not in ("下午", "中午") else 0  # 今晚十二点 is midnight, 下午十二点 noon
        if minute < 60 and h <= 24:
            claims.append(_ends_at(h, minute, shift, m))
    for m in _ENDS_AT_EN.finditer(norm):
        if not m.group("n").isdigit():  # runs till midnight, ends at noon: tonight's midnight, today's noon
            if not _ON_ANOTHER_DAY.search(_clause(norm, m.start(), m.end())):
                claims.append(_ends_at(0, 0, 24 if m.group("n").lower() == "midnight" else 12, m))
            continue
        n = int(m.group("n"))
        said = m.group("m") or "0"  # twelve thirty reads as 12.3
        h, minute = (n // 100, n % 100) if n >= 100 else (n, int(said) * (10 if len(said) == 1 else 1))
        part = (m.group("part") or m.group("part0") or "").lower()
        if m.group("prep").lower() == "to" and n > 12:
            continue  # it goes to 629: a price it goes to, not a time (runs to eleven)
        if 1 <= h <= 12 and minute < 60 and not _ON_ANOTHER_DAY.search(_clause(norm, m.start(), m.end())):
            claims.append(_ends_at(h % 12, minute, 12 if "afternoon" in part or "evening" in part or "tonight" in part
                                   else 0 if part else None, m))
    for m in _ENDS_MIDNIGHT_EN.finditer(norm):
        if not _ON_ANOTHER_DAY.search(_clause(norm, m.start(), m.end())):
            claims.append(_ends_at(0, 0, 24, m))
    deadlines = [(c.start, c.end) for c in claims if c.kind == "deadline"]
    for m in _RUNS_TO_HOUR.finditer(norm):
        if any(s < m.end() and m.start() < e for s, e in deadlines):
            continue
        hour = int(m.group("h")) + (12 if m.group("part") in ("今晚", "今天晚上", "晚上", "夜里", "下午") and int(m.group("h")) <= 12 else 0)
        hour += 24 if m.group("part") in ("凌晨", "明天凌晨", "半夜") and int(m.group("h")) < 6 else 0  # 凌晨两点: after midnight
        claims.append(Claim("deadline", m.start(), m.end(), m.group(0), hour + (0.5 if m.group("half") else 0.0),
                            detail="until_hour"))
    for m in _RUNS_TO_PART.finditer(norm):
        start = m.start("to") if m.group("part") else m.start("held")  # the price said before stays its own claim
        if not any(s < m.end() and start < e for s, e in deadlines):
            hour = _PART_OF_DAY.get(m.group("part") or m.group("part2"), 24)  # 今天都有: all day
            claims.append(Claim("deadline", start, m.end(), norm[start:m.end()], float(hour), detail="until_part"))
    for m in _ENDS_ON_DAY.finditer(norm):
        if _OFFER_CUE.search(_sentence_before(norm, m.start())) and not any(s < m.end() and m.start() < e for s, e in deadlines):
            day = 24 if (m.group("day") or m.group("day2")).startswith("明") else 0  # hours from today's midnight
            lo, hi = _PART_SPAN[m.group("part") or m.group("part2") or ""]
            claims.append(Claim("deadline", m.start(), m.end(), m.group(0), float(day + lo), base=float(day + hi),
                                detail="ends_day"))
    for m in _RUNS_PAST_TODAY.finditer(norm):
        if not any(s < m.end() and m.start() < e for s, e in deadlines):
            claims.append(_lasting(m))
    for m in _CERT.finditer(norm):
        core = _CERT_FILLER.sub("", _CERT_SPLIT.split(m.group("core"))[-1])
        if not core and m.group("suffix") in ("证书", "证明"):
            continue  # 首先看证书: a certificate named by no name is no claim of one
        start = m.end("core") - len(core)
        claims.append(Claim("certification", start, m.end(), norm[start : m.end()], detail=core))
    for m in _COMPARE.finditer(norm):
        claims.append(Claim("comparison", m.start(), m.end(), m.group(0), detail=m.group("target")))
    claims.sort(key=lambda c: (c.start, -c.end))
    return claims
