"""What a price or date in speech is said as: today's price, a reference price, a saving, or a past or
coming offer.

A KB price is only right in its role: the 划线价 is true as 原价 and false as 今天的价; the 双11 price is
true in 双11那个价已经结束了 and false in 双11的价今天还能拍. The role comes from the cue nearest before the
number in its clause; the tense from its clause's aspect markers (结束了 / 会有 / 还有没有), or from the
next clause of the sentence when that one only comments on it (…的价，那是12号当天才有).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from pypinyin import lazy_pinyin

from script_gen.english_forbidden import glosses
from script_gen.records import Promotion

Role = Literal["reference", "regular", "saving", "today", "none"]
Tense = Literal["ended", "upcoming", "question", "current", "none"]

_SENTENCE = re.compile(r"[^。！？!?\n]+")
_CLAUSE = re.compile(r"[^，,；;]+")
_ROLE_CUES: tuple[tuple[Role, str], ...] = (
    ("reference", r"原价|划线价?|吊牌价?|定价|市场价|专柜价?|标价|指导价|官方价|门店价|线下价|list price|original price|rrp"),
    # 之后/以后 is after the sale (活动之后恢复), but after an offer starts (夜场开始以后) is that offer's time
    ("regular", r"日常价?|平时|平常|恢复到?|回到|涨回|原来|(?<!开始|开抢|开场)(?:之后|以后)|拍完|usually|normally|regular(?:ly)?|everyday(?=\s+(?:price|prices|one|rate|tag)\b|\s*[,.;]|$)"),  # (not the everyday lotion)
    ("saving", r"立省|省了?|便宜了?|少了?|直降|立减|减了?|优惠了?|差价|差了?|\bsave|\boff\b"),
    ("today", r"今天|今晚|今日|现在|当前|这会儿|到手价?|只要|只需|仅需|秒杀价?|直播间|拍下|下单|活动价|福利价|专享价?|"
              r"\btoday|\btonight|\bnow\b|\bonly\b|\bjust\b"),
)
_SEVERAL = re.compile(r"(?<![\d.a-zA-Z])[2-9](?![\d.元块钱折号月日点年天分秒度])[\u4e00-\u9fff]|[两俩]|平均|算下来|相当于|一共|总共|"
                      r"合计|每[\u4e00-\u9fff]|第|\b[2-9]\s+(?:[a-z-]+\s+){0,2}?[a-z]+s\b|\b(?:both|each|the\s+pair|in\s+total|"
                      r"altogether|come\s+to|the\s+(?:second|third)|(?:second|third|2nd|3rd)\s+(?:one|box|bottle|pair|pack|item|piece|bag|set))\b|"
                      r"(?<![\d.])\b[2-9]\s+(?:for|of\s+them|make)\b")  # two for 298.50: a count with the thing unsaid; the second (第二件)
_ROLE = re.compile("|".join(f"(?P<{role}>{cue})" for role, cue in _ROLE_CUES))
# Chinese marks aspect with particles and adverbs (了, 已经, 才, 会), English with auxiliaries (is over, will);
# a distal demonstrative (那波, 那场) places an offer away from now; 今晚到明天 opens a span of sessions, not now.
_TENSES: tuple[tuple[Tense, re.Pattern[str]], ...] = (
    ("question", re.compile(r"还有没有|有没有|还能不能|吗$|呢$|\?$")),
    ("ended", re.compile(r"(?:已经?|早就?|都)结束|结束了|就结束|(?<=[号日])结束的|(?<=[号日])就?完了|拍不到|没有了|没了|卖过|(?<![没不])收了|已经没有|过了|截止了?|不再|失效|下架了|之前|上次|当时|"
                         r"那会儿?|那波|那场|翻篇|买不到|早就|卖完了?|售罄|下线了?|停了|撤了|过去了|过期了?|\b(?:ended|expired|is over|was over|long gone|gone|no longer|closed|missed|sold\s+out|wrapped\s+up|done|was|were|ran|went\s+for|sold\s+for|used\s+to\s+be)\b|'s\s+(?:over|ended|finished)\b")),
    ("upcoming", re.compile(r"会有|还会|将会|将于|到时候?|再开|再来|再上|才有|才开|要到|等到|等那天|还没开始|没开始|还没上线|"
                            r"还没有|尚未|即将|预告|开始(?:是|会|有|就|以后|之后)|之后才|当天才|那天|明年|下个?月|下周|"
                            r"\d[号日点]开始(?!了)|\b(?:will|starts?|coming|not yet|until)\b|\w'll\b")),
    ("current", re.compile(r"(?:今天|今晚|今日)(?!(?:到|加|至)(?![手货家账]))|现在|当前|还能|还是|还有最后|还剩|直接|已经可以|已经开(?:始|了|抢)|开抢了|还[\u4e00-\u9fff]{0,4}?留着|还在|正在|马上拍|赶紧|快拍|"
                           r"还有$|没下架?(?![单来去过])|接着卖|继续卖|照常卖|还给(?:你们|大家)|给(?:你们|大家)留着|再放|还挂着|"
                           r"又回来了?|回来了|\b(?:today|tonight|now|still|live)\b|\b(?:is|are|it's|they're)\s+back\b")),
)
# Said as now: the current tense's words, or an offer said to have begun (开始了, it has started).
_NOW = re.compile(f"{dict(_TENSES)['current'].pattern}|开始了|\\b(?:started|is\\s+on)\\b", re.IGNORECASE)
_LEADING_NUMBER = re.compile(r"^[\d.]+")
# A price compared with now (二百二十九，比现在贵三十 / thirty more than now / so today is a hundred cheaper): the host says
# it is not today's price, and says which way it differs, which can be checked.
_THAN_NOW = re.compile(r"\b(?:than|above|below|under|over)\s+(?:right\s+now|now|(?:today|tonight)(?:'s)?|(?:this|the\s+current|the\s+live)\s+"
                       r"(?:[\w-]+\s+)?(?:price|deal))\b|比(?:现在|今天|今晚|当前)")
_NOW_IS = re.compile(r"\b(?:now|today|tonight)\s+(?:is|it's)\s+(?:[\w-]+\s+){0,3}?(?=cheaper|dearer|less|more|lower|higher)")
# What may stand between a number and its comparison with now: words, or the difference alone (, twenty above today's).
_OWN_COMPARISON = re.compile(r"[^\d]*|[\s,，]*\d+(?:\.\d+)?\s*(?:块|元|yuan|bucks)?\s*(?:[a-z]+\s*)?", re.IGNORECASE)
# A difference said right after a price, with nothing else it could be measured from: against now.
_DIFFERENCE_NEXT = re.compile(r"\s*[,，]?\s*(?:(?:贵|便宜|多|少|省)\s*\d+(?:\.\d+)?\s*(?:块|元)?"
                              r"|(?:a\s+)?\d+(?:\.\d+)?\s*(?:yuan\s+|bucks\s+)?(?:more|less|cheaper|dearer|higher|lower)\b)"
                              r"\s*(?:[,，;；。.!！?？]|$)", re.IGNORECASE)
_DEARER = re.compile(r"\b(?:more|dearer|higher|pricier|above)\b|贵|高|多")
_CHEAPER = re.compile(r"\b(?:less|cheaper|lower|below|under)\b|便宜|低|少|省")
# Time words said relative to the broadcast: yesterday's and last month's offers are over, tomorrow's and next
# week's have not started; a date (12号, 1月5号, the 12th) is placed against the broadcast day itself.
_DEIXIS: tuple[tuple[Tense, re.Pattern[str]], ...] = (
    ("ended", re.compile(r"昨天|昨晚|昨日|前天|前几天|上周|上礼拜|上个?星期|上个?月|去年|前阵子|"
                         r"\b(?:yesterday|last\s+(?:night|week|month|year)|earlier\s+this\s+(?:week|month))\b")),
    ("upcoming", re.compile(r"明天|明早|明晚|明儿|后天|下周|下礼拜|下个?星期|下个?月|下次|下一场|下一波|过几天|过两天|过些天|改天|"
                            r"元旦|跨年|明年|\b(?:tomorrow|next\s+(?:week|month|time|year|weekend)|in\s+a\s+few\s+days|new\s+year'?s?)\b")),
)
# A weekday said on another day of the same week (周五开始, 周末价, from Friday, at the weekend) is later or earlier this
# week; not every Friday (每周五, on Fridays) or 一周一次.
_WEEKDAY = re.compile(r"(?<![每一两二三四五六七八九十几\d上下])(?:周|星期|礼拜)([一二三四五六日天末])|(?<!every\s)\b(monday|tuesday|"
                      r"wednesday|thursday|friday|saturday|sunday|weekend)\b(?!s)", re.IGNORECASE)
_WEEKDAYS = {**{c: n for n, c in enumerate("一二三四五六")}, "日": 6, "天": 6,
             **{w: n for n, w in enumerate("monday tuesday wednesday thursday friday saturday sunday".split())}}
_EARLIER_TODAY = re.compile(r"早上|早晨|上午|早场|中午|午间|午场|\b(?:this\s+morning|noon|lunchtime|midday)\b")
_DATE = re.compile(r"(?<![\d.双])(?:(\d{1,2})月)?(\d{1,2})(?:号|日)(?![\d])|\bthe\s+(\d{1,2})(?:st|nd|rd|th)\b"
                   r"|\b(?:on|from|until|till|by|after|before|since|starting)\s+the\s+((?:twenty|thirty)[\s-])?(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
                   r"eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth)\b",
                   re.IGNORECASE)
_ORDINAL = {w: n for n, w in enumerate("first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
                                        "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth"
                                        .split(), 1)} | {"thirtieth": 30}
_ANAPHOR = re.compile(r"\s*(?:那|这|它|\b(?:that|which|it)\b)")
# A clause that turns back to now (但是…照样给, 今天…) does not carry on the last clause's past or future.
_GOES_ON = re.compile(r"但|可是|不过|照样|照常|依然|仍然|还|也|再|今天|今晚|现在|直接|拍|下单|\b(?:but|still|today|tonight|now)\b")
# 送 names a rule's free item (买二送一, 送一个), not a gift to someone (送长辈, 送爸妈送领导都行)
_RULE_WORDS = re.compile(r"满|减|送(?=[\d一二两三四五六七八九十俩个件瓶盒袋罐支台]|$)|赠|折|第|返|券|\bspend|\boff\b|\bfree\b"
                         r"|\bminus\b|\bless\b(?!\s+than)")  # two come to 2398, less a hundred
# 两个五百三十八，还不够 / 拍两份七三六才够: a total held against a spend threshold, short of it or reaching it
_SHORT_OF = re.compile(r"不够|没到|不到|够不着|凑不上|够不上|差|才够|就够|凑够|凑满|够门槛|过门槛|"
                       r"\b(?:short|under|below|shy|qualif(?:y|ies))\b|isn't\s+enough|doesn't\s+reach|enough\s+to",
                       re.IGNORECASE)
_PRICE_NUMBER = re.compile(r"\d(?![\d.]*[点号日月年:])")
# 拍四盒五十一块六，到手六盒 / four bags cost 71.60 and you get six: what is paid for, then more items received (buy-get)
_RECEIVED_AFTER = re.compile(r"(?:到手|拿到|发|收到|送你?)\s*\d|\b(?:get|take\s+home|receive)\s+\d|\d\s+(?:[a-z]+\s+)?(?:arrive|delivered)\b",
                             re.IGNORECASE)


# A price said to hold at a later time today (晚上八点还是一百六十九, at eight tonight it's still…) or through a span
# that runs at least to the day's end (一直到五一假期结束, 一整天, all day today, all through the holiday).
_STILL_AT = re.compile(r"(?:(?P<eve>今晚|晚上|傍晚|下午)|(?P<morn>上午|早上|早晨|凌晨))?\s*(?P<h>\d{1,2})\s*点(?P<half>半)?[^，,。！？!?]{0,4}?(?:还是|还|也是|依然|照样|一样|都是)"
                       r"|\b(?:at|from)\s+(?P<eh>\d{1,2})(?:\s*(?:pm|p\.m\.|o'clock))?\s+(?:tonight\s+)?(?:it'?s\s+|is\s+)?still\b",
                       re.IGNORECASE)
_THROUGH = re.compile(r"一直到|一直持续|持续到|直到[\u4e00-\u9fff]{1,8}结束|一整天|全天都|今天一天都|整个[\u4e00-\u9fff]{1,4}假期|"
                      r"\ball\s+day\b|\ball\s+(?:the\s+)?way\s+through\b|\b(?:runs?|lasts?|holds?|stays?)\s+(?:all\s+)?through\b",
                      re.IGNORECASE)


# An English host names an offer by its time (the December presale, the noon deal, the spring event) or by what its
# Chinese name says (国庆 -> national day, 女王 -> queen): the months, seasons and parts of the day come from the
# offer's own start, the rest from the dictionary, and the few shopping words it lacks are listed here.
_MONTHS = ("january february march april may june july august september october november december").split()
_SEASONS = ("winter", "winter", "spring", "spring", "spring", "summer", "summer", "summer", "autumn fall", "autumn fall",
            "autumn fall", "winter")
_DAY_PARTS = ((5, 11, "morning breakfast"), (11, 14, "noon lunchtime lunch midday"), (12, 18, "afternoon"), (18, 22, "evening night"),
              (21, 29, "late night midnight"))
_SHOPPING = {"预售": ("presale", "pre-sale"), "除夕": ("new year's eve",), "年货": ("new year",),
             "元旦": ("new year", "new year's day"), "跨年": ("new year",), "新春": ("new year",),
             "端午": ("dragon boat",), "中秋": ("mid-autumn",), "五一": ("may day",), "劳动节": ("may day",), "三八": ("women's",),
             "店庆": ("anniversary",), "开学": ("back-to-school",), "双11": ("singles", "double eleven"), "双12": ("double twelve",),
             "预热": ("warm-up", "warmup"), "返场": ("encore",), "春节": ("new year", "spring festival"),
             "大暑": ("major heat", "great heat"), "小暑": ("minor heat", "lesser heat"), "元宵": ("lantern festival",),
             "七夕": ("qixi",), "女神": ("goddess", "women's"), "开工": ("back to work", "back-to-work")}
_ORDINALS = tuple(("first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth "
                   "fifteenth sixteenth seventeenth eighteenth nineteenth twentieth twenty-first twenty-second twenty-third "
                   "twenty-fourth twenty-fifth twenty-sixth twenty-seventh twenty-eighth twenty-ninth thirtieth "
                   "thirty-first").split())
_GLOSS_TAIL = re.compile(r"\s+(?:day|festival|show|time|vacation|period|season)$")
_GENERIC_GLOSS = frozenset("character intrinsic quality annual member special live".split())
# a gloss's head word names the offer only when it is no word for any offer (current price: price)
_GENERIC_HEADS = _GENERIC_GLOSS | frozenset("price prices sale sales session deal offer discount fair festival market event "
                                            "party season period night morning evening afternoon limit order".split())


_LONG_NAME = re.compile(r"[\u4e00-\u9fff]{4,}")
_NOT_AN_OCCASION = frozenset("超级 品牌 会员 新品 年度 全民 欢乐 宠粉 粉丝 惊喜 限定 专属 爆款 特价 直降 满减 官方 旗舰 新人 老客".split())


def occasion_words(name: str) -> list[str]:
    """The first word of each long run of a name (清明踏青季 -> 清明, 初八开工价 -> 初八): hosts name an offer by its
    occasion, unless that word names none (超级品牌日)."""
    return [run[:2] for run in _LONG_NAME.findall(name) if run[:2] not in _NOT_AN_OCCASION]


def english_names(offer: Promotion, others: Sequence[Promotion] = ()) -> tuple[str, ...]:
    """The English words that name ``offer`` and none of ``others`` (the offers it must be told from)."""
    taken = frozenset().union(*(_english_names(o) for o in others))
    return tuple(n for n in _english_names(offer) if n not in taken)


def _english_names(offer: Promotion) -> frozenset[str]:
    start, end = offer.starts_at, offer.ends_at
    names = {_MONTHS[start.month - 1], *_SEASONS[start.month - 1].split()}
    if end - start <= timedelta(hours=12):
        hour = start.hour + (24 if start.hour < 5 else 0)
        names.update(w for first, last, words in _DAY_PARTS if first <= hour < last for w in words.split())
    names.add(_ORDINALS[start.day - 1])  # on March fifteenth it's 239, the fifteenth is 3099
    for key, words in _SHOPPING.items():
        if key in offer.name:
            names.update(words)
    names.update("".join(lazy_pinyin(word)) for word in occasion_words(offer.name))  # 清明踏青季: "Qingming"
    for n in range(len(offer.name)):
        for m in range(n + 2, min(len(offer.name), n + 4) + 1):
            names.update(g for gloss in glosses(offer.name[n:m]) if (g := _GLOSS_TAIL.sub("", gloss)) not in _GENERIC_GLOSS)
    # indian azalea is said Azalea Fair, a sledge a sleigh: a gloss's head word, and the words hosts use for it
    names.update(head for name in list(names) if " " in name and len(head := name.rsplit(" ", 1)[1]) >= 5
                 and head not in _GENERIC_HEADS)
    names.update(w for name in list(names) for w in _SAID_ALSO.get(name, ()))
    return frozenset(names)


_SAID_ALSO = {"sledge": ("sleigh", "sled")}


def said_last(text: str, key: str) -> int:
    """Where ``key`` is last said in ``text`` (-1: not said); an English key as a whole word (noon is not in afternoon)."""
    if key.isascii():  # ice sculpture said Ice-sculpture
        found = [m.start() for m in re.finditer(r"\b" + r"[\s-]+".join(map(re.escape, key.split())) + r"\b", text)]
        return found[-1] if found else -1
    return text.rfind(key)


def held_until(clause: str, at: datetime) -> datetime | None:
    """The later moment ``clause`` says a price still holds at or through, or None: a clock time later today said
    with 还是 / still (an evening hour read p.m.), else the end of the day for a span said to run on."""
    m = _STILL_AT.search(clause)
    if m is not None:
        hour = int(m.group("h") or m.group("eh"))
        if hour < 12 and not m.group("morn") and (m.group("eve") or m.group("eh") or at.hour >= 12):
            hour += 12  # 晚上八点, at eight (said in the afternoon) are p.m.
        if hour <= 23:
            then = at.replace(hour=hour, minute=30 if m.group("half") else 0, second=0, microsecond=0)
            return then if then > at else None
    if _THROUGH.search(clause):
        return at.replace(hour=23, minute=59, second=0, microsecond=0)
    return None


@dataclass(frozen=True)
class Context:
    role: Role
    tense: Tense
    clause: str = ""

    sentence: str = ""
    before: str = ""
    """The sentence up to the number: what 比那个 points back to."""
    timed: bool = False
    """The tense comes only from the clause's time words or dates (a date claim cannot place itself)."""

    @property
    def several(self) -> bool:
        """The sentence is about several items (两瓶一共, 平均一瓶, 第二件): multi-item totals may be said,
        also in a later clause (两台398，减完368)."""
        return bool(_SEVERAL.search(self.sentence or self.clause))

    @property
    def names_rule(self) -> bool:
        """The clause states a discount rule (满600减30, 买二送一): the amounts the rule names may be said."""
        return bool(_RULE_WORDS.search(self.clause))

    @property
    def rule_nearby(self) -> bool:
        """The sentence goes on to apply a rule to the number, or to hold it against a threshold: a total before
        the rules may be said (两罐六百五十六，满六百减三十 / 两个五百三十八，还不够). Said after the rule with nothing
        taken off it (第二台减五十，两台七百一十八), the total is what the host says the items cost."""
        if not self.sentence:
            return bool(_RULE_WORDS.search(self.clause))
        after = _LEADING_NUMBER.sub("", self.sentence[len(self.before):], count=1)
        rule = _RULE_WORDS.search(after)
        # 两瓶七百九十八，第二瓶半价嘛 / 满减都给你算进去了: a rule named with no figure after it applies nothing
        return bool(rule and re.search(r"\d", after[rule.start():]) or _SHORT_OF.search(after) or _RECEIVED_AFTER.search(after))

    def names_offer(self, keys: Sequence[str]) -> bool:
        """The sentence names the offer before the number and does not say it is now: not since that name,
        not in the number's own clause, and not after it unless today's own price follows
        (十二号双12那天是二百二十九，今天没有活动，二百九十九 / 想等的等双12当天，四百二十九)."""
        last = max((said_last(self.before, k) for k in keys), default=-1)
        after = _LEADING_NUMBER.sub("", self.sentence[len(self.before):], count=1)
        now_after = _NOW.search(after)
        return last >= 0 and not _NOW.search(self.before[last:]) and not _NOW.search(self.clause) and (
            now_after is None or bool(_PRICE_NUMBER.search(after, now_after.end())))

    def than_now(self) -> int:
        """1 when the number is said to be dearer than now, -1 cheaper, 0 when it is not compared with now (in its
        own statement: up to the next clause break, with at most the difference's number)."""
        rest = _LEADING_NUMBER.sub("", self.sentence[len(self.before):], count=1)[:80]
        numbers = [m.start() for m in re.finditer(r"(?<![\d.])\d", rest)]
        rest = re.split(r"[；;]", rest[:numbers[1]] if len(numbers) > 1 else rest, maxsplit=1)[0]
        if (m := _THAN_NOW.search(rest)) is not None:
            if not _OWN_COMPARISON.fullmatch(rest[:m.start()]) and not rest[:m.start()].endswith("都"):
                return 0  # 双11 35结束了，年货节45，比今天贵6块: the later number's (今晚52，端午55，都比现在贵: both)
            said = rest[:m.end() + 4]  # thirty more than now / twenty above today's / 比现在贵三十
            sign = 1
        elif (m := _NOW_IS.search(rest)) is not None:
            said, sign = rest[m.end():m.end() + 8], -1  # today is cheaper: the number is dearer
        elif (m := _DIFFERENCE_NEXT.match(rest)) is not None:
            said, sign = m.group(0), 1  # 清明五十九，便宜十块 / tonight it's 79, ten more: the difference from now
        else:
            return 0
        dearer, cheaper = _DEARER.search(said), _CHEAPER.search(said)
        if bool(dearer) == bool(cheaper):
            return 0
        return sign if dearer else -sign

    @property
    def as_now(self) -> bool:
        """Said as something that holds at broadcast time (not a past or coming offer, not a question)."""
        return self.tense in ("current", "none")


def _clause_tense(clause: str) -> Tense:
    for tense, pattern in _TENSES:
        if pattern.search(clause):
            return tense
    return "none"


def _time_tense(clause: str, at: datetime | None, dates_only: bool = False) -> Tense:
    """The tense the clause's time words and dates give, placed against ``at`` (weaker than an aspect cue:
    早场福利价十五块九，现在还能拍 names a morning offer said as current)."""
    if at is None:
        return "none"
    for tense, pattern in () if dates_only else _DEIXIS:  # dates_only: a date said (二十号), not 元旦 or 明天
        if pattern.search(clause):
            return tense
    if not dates_only and (tense := _weekday_tense(clause, at)) != "none":
        return tense
    if at.hour >= 15 and not dates_only and _EARLIER_TODAY.search(clause):
        return "ended"  # 上午那场 said at night
    for m in _DATE.finditer(clause):
        month, day = _month_day(m, at.month)
        if not (1 <= month <= 12 and 1 <= day <= 31):
            continue
        said = (month, day) if month >= at.month - 1 else (month + 12, day)  # 1月5号 said in December is next year
        if said != (at.month, at.day):
            return "upcoming" if said > (at.month, at.day) else "ended"
    return "none"


def _month_day(m: re.Match[str], month: int) -> tuple[int, int]:
    """(month, day) of a match of ``_DATE``; ``month`` where the date says none (二十号, the twentieth)."""
    if m.group(5):  # the twentieth, the twenty-first
        tens = {"twenty": 20, "thirty": 30}.get((m.group(4) or "").strip(" -").lower(), 0)
        return month, tens + _ORDINAL[m.group(5).lower()]
    return int(m.group(1) or month), int(m.group(2) or m.group(3))


def days_named(clause: str) -> tuple[set[int], set[int]]:
    """The days of the month (八号, the 24th) and the weekdays (0 for Monday: 周日, Sunday) ``clause`` names."""
    days = {_month_day(m, 0)[1] for m in _DATE.finditer(clause)}
    weekdays = {_WEEKDAYS[d] for m in _WEEKDAY.finditer(clause) if (d := (m.group(1) or m.group(2)).lower()) in _WEEKDAYS}
    return days, weekdays


def _weekday_tense(clause: str, at: datetime) -> Tense:
    """The tense of the first weekday ``clause`` names other than the broadcast's own (the weekend on a weekday)."""
    today = at.weekday()
    for m in _WEEKDAY.finditer(clause):
        day = (m.group(1) or m.group(2)).lower()
        if day in ("末", "weekend"):
            if today < 5:
                return "upcoming"
        elif (n := _WEEKDAYS[day]) != today:
            return "upcoming" if n > today else "ended"
    return "none"


class Contexts:
    """The clauses of one text with their tenses, found once; ``at`` answers per number in O(log n)."""

    def __init__(self, text: str, at: datetime | None = None):
        self.text = text
        self._clauses: list[tuple[int, int, Tense, int, int, bool]] = []
        for sentence in _SENTENCE.finditer(text):
            spans = [(sentence.start() + c.start(), sentence.start() + c.end()) for c in _CLAUSE.finditer(sentence.group(0))]
            tenses = [_clause_tense(text[s:e]) for s, e in spans]
            for n, (s, e) in enumerate(spans):
                tense = tenses[n]
                if tense == "none" and n + 1 < len(spans) and tenses[n + 1] != "none" \
                        and not _PRICE_NUMBER.search(text[spans[n + 1][0] : spans[n + 1][1]]) \
                        and not (tenses[n + 1] == "current" and _time_tense(text[s:e], at, dates_only=True) != "none"):
                    tense = tenses[n + 1]  # …的价，那是12号当天才有 / …价769，现在下单就是这个价: the next clause comments on this one
                elif tense == "none" and n > 0 and self._clauses[-1][2] in ("ended", "upcoming") and (
                        _ANAPHOR.match(text[s:e]) or at is not None and not _GOES_ON.search(text[s:e])):
                    # …明年1月5号才开始，那个是119 / 下礼拜六双12正日子，三百九十九: this clause goes on about the last one
                    tense = self._clauses[-1][2]
                timed = tense == "none" and (tense := _time_tense(text[s:e], at)) != "none"
                self._clauses.append((s, e, tense, sentence.start(), sentence.end(), timed))
        self._starts = [c[0] for c in self._clauses]

    def at(self, start: int) -> Context:
        """The role and tense of the number (or date) that starts at ``start``."""
        i = bisect_right(self._starts, start) - 1
        if i < 0 or start >= self._clauses[i][1]:
            return Context("none", "none")
        s, e, tense, ss, se, timed = self._clauses[i]
        s, e, ss, se = max(s, start - _REACH), min(e, start + _REACH), max(ss, start - _REACH), min(se, start + _REACH)
        return Context(_role(self.text[max(s, start - _ROLE_REACH):start]), tense, self.text[s:e], self.text[ss:se], self.text[ss:start], timed)


# How far around a number its clause and sentence are read, and how far before it its role cue is looked for: a
# spoken sentence is short, and a run-on text without a break must not make every number rescan all of it (the
# check's time would grow with the square of the text's length).
_REACH = 400
_ROLE_REACH = 120


def _role(before: str) -> Role:
    """The role of the cue nearest before the number in its clause."""
    last = None
    for m in _ROLE.finditer(before):
        last = m
    return "none" if last is None else last.lastgroup  # type: ignore[return-value]
