"""Faithfulness: every factual claim in a script must be backed by the SKU's own KB facts.

The copy constraint of Yuan et al. (COLING 2020) as a validator: a number, price, date, stock
count, certification or catalogue attribute value that the SKU's facts do not contain is a finding,
sharpened when the value is a known wrong one (another SKU's, an expired offer's, the same number in
another unit). Volatile facts (prices, stock, deadlines) are resolved at ``at``, the broadcast time.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from decimal import Decimal
from functools import lru_cache, partial

import ahocorasick

from script_gen.arithmetic import computed
from script_gen.baskets import CLAUSE_BREAK, said_of
from script_gen.claim_classes import SENTENCE_BREAK
from script_gen.claims import Claim, extract_claims
from script_gen.codes import codes, grades
from script_gen.compliance import forbidden_claims, refused
from script_gen.constraints import bigrams, compile_constraints
from script_gen.countries import COUNTRY_PATTERN_ZH
from script_gen.english import gibberish_score, is_english, words_in
from script_gen.english_ages import outside, said_ages
from script_gen.english_shares import wrong_shares
from script_gen.discounts import same_effect, spoken_rules
from script_gen.facts import Fact, sku_facts
from script_gen.gifts import english_gifts, gift_items, gives_gifts, grounded
from script_gen.grounding import (Grounded, keyed, nearest, per_amount, per_pack, product_of_counts, reference_amounts,
                                  rounds_to_bound, supports)
from script_gen.injection import echoes, find_injection, quarantine
from script_gen.normalize import Normalized, normalize
from script_gen.offer_context import (Context, Contexts, days_named, english_names, held_until, occasion_words,
                                      said_last)
from script_gen.overreach import rule_overreach
from script_gen.part_counts import PartCount, part_counts, said_counts
from script_gen.places import foreign_origins, pinyin_of, places_in, said_origins
from script_gen.prices import Price, PriceBook, price_book
from script_gen.quantities import Measure
from script_gen.records import Finding, KnowledgeBase, Promotion, Sku
from script_gen.retractions import refused_reports, retracted
from script_gen.said_sums import worked_aloud
from script_gen.segment import jieba_module
from script_gen.spans import Spans
from script_gen.spoken_numbers import digit_price_readings, english_price_readings, fmt
from script_gen.units import UnitTable, builtin_units, is_measure_word, pack_units
from script_gen.whose import Siblings, Subjects, as_yardstick, fold, of_the_others

# Common attribute values worth catching even when no SKU in this catalogue has them.
_VOCABULARY = (
    "纯棉", "精梳棉", "长绒棉", "涤纶", "锦纶", "氨纶", "真丝", "桑蚕丝", "羊毛", "羊绒", "山羊绒", "亚麻", "莫代尔",
    "天丝", "聚酯纤维", "304不锈钢", "316不锈钢", "不锈钢", "铸铁", "陶瓷", "玻璃", "高硼硅玻璃", "硅胶", "食品级硅胶",
    "实木", "真皮", "牛皮", "羊皮", "pu皮", "钛合金", "铝合金", "碳纤维", "竹纤维", "麦饭石", "不粘涂层", "变频",
    "定频", "风冷无霜", "直冷", "一级能效", "二级能效", "三级能效", "无糖", "零添加", "无添加", "非转基因", "有机",
    "原装进口", "进口", "纯手工", "手工", "防水", "ip68", "ip67", "快充", "无线充电", "降噪", "主动降噪", "蓝牙5.3",
    "无菌", "母婴a类", "a类", "冻干", "鲜榨", "冷压", "玻尿酸", "烟酰胺", "视黄醇", "氨基酸", "益生菌", "胶原蛋白",
    # plastics, metals and woods a product is said to be made of
    "abs", "pp", "pc", "tpu", "tpe", "eva", "pvc", "尼龙", "聚丙烯", "聚碳酸酯", "锌合金", "黄铜", "纯铜", "纯银",
    "18k金", "钛钢", "胡桃木", "橡木", "榉木", "松木",
    # features a KB states when the product has them: control, connectivity, lights, warranty
    "app", "遥控", "语音控制", "wifi", "nfc", "氛围灯", "夜灯", "rgb灯", "终身质保", "终身保修", "以旧换新", "只换不修",
    # baby-bottle and cup plastics; wine grapes
    "tritan", "ppsu", "赤霞珠", "梅洛", "美乐", "黑皮诺", "霞多丽", "长相思", "西拉", "设拉子", "马瑟兰",
    "雷司令", "品丽珠", "蛇龙珠", "马尔贝克",
    # scents and essential oils
    "薰衣草", "玫瑰", "茉莉", "檀香", "雪松", "栀子", "桂花", "小苍兰", "鸢尾", "茶树精油", "精油",
)
_LATIN_EDGE = re.compile(r"[a-z0-9]")
_GENERIC_CONTEXT = 8  # chars before a generic value in which its attribute key must appear
_FLUENCY_MIN_CHARS = 30
_FLUENCY_MIN_COVERAGE = 0.3
_ASKED = re.compile(r"是不是|是否|会不会|能不能|有没有")
_ASKING = re.compile(rf"{_ASKED.pattern}|怎么|为什么|为啥|多少|吗|呢|\bwhy\b|\bhow\s+(?:come|much)\b", re.IGNORECASE)
# 比秒杀便宜: the running flash sale, today's price, as the yardstick
_FLASH_TARGET = re.compile(r"秒杀(?:价)?|闪购")
# 比下午还便宜, 比中午还低: an offer of today named by the part of the day it ran or runs in (hours from, to)
_PARTS = {"上午": (5, 12), "早上": (5, 11), "早场": (5, 11), "中午": (11, 14), "下午": (12, 18), "傍晚": (17, 19),
          "晚上": (18, 24), "今晚": (18, 24), "夜里": (21, 29)}


def _in_part_said(target: str, offer: Promotion, at: datetime) -> bool:
    """``target`` names the part of today ``offer`` starts in (比下午还便宜 of a 14:00 session)."""
    return offer.starts_at.date() == at.date() and any(
        part in target and first <= offer.starts_at.hour < last for part, (first, last) in _PARTS.items())


_ANAPHOR = re.compile(r"那个|这个|那|它|that\b|it\b")
_SEPARATELY = re.compile(r"分开|单买|单独|单拍|单件|一件一件|一个一个|separately")
_SCARCITY = re.compile(r"剩|[只就共才]放|放了|放出|限量|限购|最后|库存|抢完|\bleft\b")
_AFTER_COUNT = re.compile(r"一对(?:(?!减|省|送|折|惠|便宜|返)[\u4e00-\u9fff]){0,5}$|(?<![\d.A-Za-z双])[2-6](?:[\u4e00-\u9fff]?(?:到手|一共|共|总共|合计|加起来|只要|才)?"
                          r"|[件个瓶罐袋盒箱支只台双套条包本份副顶张片粒][\u4e00-\u9fff]{1,5})$")  # 俩瓶的钱是, 拍俩罐的话
# A value used as a sibling's name (六寸款, 三十毫升的那款, 第2版) rather than said of this SKU.
_PAIRS_BEFORE = re.compile(r"(?:(?<![a-z\d])\d|[两俩几])双$")
_NAMES_AFTER = re.compile(r"\s*(?:款|的款|那款|的那款|的那个|版|型)")
# 六毫升对五毫升, 跟有色那支比, twelve hundred against five hundred: a sentence comparing two models' values
_COMPARING = re.compile(r"(?<=\d)[^\d,，。]{0,3}对\s*\d|(?<![占配价水])比|\b(?:against|versus|vs|than|compared)\b", re.IGNORECASE)
_COUNT_WORD = re.compile(r"\s*(?:个(?!月|小时|钟|星期|礼拜|[A-Za-z])|[只盒件袋条支台套本双张片瓶罐包箱])")
_NAMES_BEFORE = re.compile(r"(?:跟|和|与|同|(?<![占配价水])比|对比|相比)\s*$")  # 占比, 配比, 性价比 are ratios
_CHANGE = re.compile(r"从|提到|提升到|升到|涨到|增加到|加到|\bfrom\b|\bgoes\b|\bwent\b|\bup\s+from\b", re.IGNORECASE)
_COMPARATIVE = re.compile(r"轻|重|大|小|多|少|长|短|高|低|厚|薄|宽|窄")
_HIGHER = "重大多长高厚宽"
_DIFFERENCE = re.compile(r"(?:多|少|轻|重|大|小|长|短|高|低|厚|薄|宽|窄|快|慢)(?:了|出|出来)?\s*$")
# 第二件, the second is half price at 19.50: the clause prices one item of a multi-buy by its place
_NTH = re.compile(r"第|\b(?:second|third|2nd|3rd)\b", re.IGNORECASE)
_PRICE_GAP = re.compile(r"比[^，,。！？!?；;\n]{0,12}?(?:还|再|又|都)?(?:低|少|便宜|贵|多|高|省)(?:了|出|出来)?\s*$"
                        r"|^\s*(?:还|再|又|能|就)(?:便宜|贵|省|低)(?:了)?\s*$")
# 差一毛钱, 多一毛, 差四毛到一百六: a few jiao short or over, not a price
_SHORT_OR_OVER = re.compile(r"(?:差|多出?|少)了?\s*$")
# nineteen centimeters wider than the six: English says the gap with a comparative after it.
_DIFFERENCE_AFTER = re.compile(r"\s+(?:more|less|fewer|wider|narrower|longer|shorter|taller|higher|lower|heavier|lighter|"
                               r"thicker|thinner|bigger|smaller|larger|faster|slower)\s+than\b", re.IGNORECASE)
# A title of a set of the merchant's items: 套装, 组合, 礼盒, …组, A+B
_SET_TITLE = re.compile(r"套装|组合|礼盒|礼包|合装|[套组](?:（|\(|$)|\+|＋")
# sixteen grams more and eight sticks more (compared with the original): the gap, its comparative after it, no "than"
_GAP_AFTER_EN = re.compile(r"\s+(?:more|less|fewer|wider|narrower|longer|shorter|taller|higher|lower|heavier|lighter"
                           r"|thicker|thinner|bigger|smaller|larger)\b(?!\s+than\b)", re.IGNORECASE)
_PER_ONE_GAP = re.compile(r"^(?:[一1]|每)\s*[\u4e00-\u9fff]\s*(?:多|少|重|轻|大|小|长|短|高|低|厚|薄|宽|窄)")
# A clause that refuses its value (零下十度就别用了, 六十度以上不建议): the value is ruled out, not claimed.
_REFUSED_AFTER = re.compile(r".{0,6}?(?:别|不要|不能|不建议|不宜|不行|不可以|不可|请勿|勿|连不上|连不了|不支持|用不了)")
_NEGATION_BEFORE = re.compile(r"(?:没有?|不带|不支持|不是|不做|无|并非|\bno|\bnot\s+(?:in|an?)|\bdoesn't\s+(?:come\s+in|have))\s*$",
                              re.IGNORECASE)
# A figure assumed for a calculation (按五分钟算, 按一天两次来算): the host's premise, not a fact of the product.
_ASSUMED_BEFORE = re.compile(r"(?:按|按照)\s*$")
_ASSUMED_AFTER = re.compile(r"\s*(?:的话)?\s*(?:来)?算")
# A period said as how long an amount lasts: eaten, drunk, fed or used up over it (吃半年, 喂十天, lasts ten days).
_CONSUME_BEFORE = re.compile(r"(?:够|能|可以|正好|刚好|差不多)?(?:吃|喝|喂|用|泡)(?:上|个|完|了)?\s*(?:差不多|大概|将近|小|快)?\s*$|"
                             r"(?:每天|一天|每日|1天)[\d一两二三半]+[\u4e00-\u9fff]?\s*(?:差不多|大概|能|可以|够)?\s*$|"  # 每天一杯差不多一个半月
                             r"\b(?:lasts?|last\s+you|feeds?)\s+(?:about\s+|around\s+|nearly\s+|a\s+good\s+|a\s+solid\s+)?$",
                             re.IGNORECASE)
# two months' supply, 两个月的量, twenty days at a cup a day: the period an amount lasts, said after it
_CONSUME_AFTER = re.compile(r"'?s?\s*(?:supply|worth)\b|\s*的(?:用)?量|\s+at\s+(?:a|one|\d+)\s+[a-z]+\s+a\s+day\b", re.IGNORECASE)
# A shelf life (保质期十二个月, 开封后六个月) says how long a pack keeps, not how long it lasts in use.
_SHELF_KEY = re.compile(r"保质|保存|储存|保鲜|开封|开罐|开袋|开瓶|有效期|shelf|expir", re.IGNORECASE)
_DAILY = (r"(?:每天|每日|1天|一天|\ba day\b|\bper day\b|\bdaily\b)[\u4e00-\u9fff]{{0,4}}?\s*(?P<v1>\d+(?:\.\d+)?)\s*(?P<u1>{u})"
          r"|(?P<v2>\d+(?:\.\d+)?)\s*(?P<u2>{u})\s*(?:1天|一天|每天|\ba day\b|\bper day\b|\bdaily\b)")
# A length that qualifies a person (一米七的人, 一米八的大个子): how tall the user is, not a size of the product.
_PERSON_AFTER = re.compile(r"\s*(?:左右|以上|以下)?\s*的?\s*(?:人|大人|成人|个子|大个子|小个子|男生|女生|宝宝|孩子|小孩|姐妹|兄弟)")
# Months (年, 个月) and times (天, 小时) are separate dimensions; a period said in one and stated in the other compares
# at an average month's length, approximately.
_MONTH_S = 30.44 * 86400
_CALENDAR = {"months": ("duration", _MONTH_S), "duration": ("months", 1 / _MONTH_S)}


# Servings a host measures a food out in (一小把, 一勺): never the size of the pack.
_SERVINGS = frozenset({"把", "勺"})


def _title_unit(title: str, unit: str) -> bool:
    """The title sells the SKU by ``unit`` (…500mL/瓶, 瓶装): one of it is the product itself, not a part."""
    return bool(re.search(rf"/\s*{re.escape(unit)}|{re.escape(unit)}装", title))


# Between a value and the same value in another unit (一点三五公斤，换算一下两斤七两; 65 kilos, about a 140 pounds;
# 180 kilos, that's nearly 400 pounds); a hedge (about, 大概) lets the conversion be rounded.
_RESTATE_GAP = re.compile(r"[\s,，(（]*(?:(?:换算一下|换算成|换成|折合|合|也就是|就是|等于|约|大约|大概|差不多|that's|that is|which is|or|"
                          r"about|nearly|almost|roughly|around|approximately|an?)(?![a-z])[\s,，]*)*", re.IGNORECASE)
_HEDGE = re.compile(r"约|大概|差不多|about|nearly|almost|roughly|around|approximately", re.IGNORECASE)


def _restates(claims: list[Claim], n: int, text: str) -> bool:
    """Claim ``n`` says the quantity just before it again in another unit: one statement, judged once, by the first."""
    c = claims[n]
    prev = next((p for p in reversed(claims[:n]) if p.end <= c.start), None)
    if c.kind != "quantity" or prev is None or prev.kind != "quantity" or prev.unit == c.unit:
        return False
    gap = text[prev.end : c.start]
    if not _RESTATE_GAP.fullmatch(gap):
        return False
    tol = 0.05 if _HEDGE.search(gap) else 0.02

    def same(x: float, y: float) -> bool:
        return x > 0 and abs(x - y) <= tol * x

    # the whole quantity again, or a range's top said alone (up to 180 kilos, that's nearly 400 pounds)
    return any(a.dimension == b.dimension and (same(a.lo, b.lo) and same(a.hi, b.hi) or b.lo == b.hi and same(a.hi, b.hi))
               for a in prev.readings for b in c.readings)


def _said_again(c: Claim, held: list[Claim], text: str) -> bool:
    """``c`` says a true quantity said earlier in its sentence again in another unit (三千七百二十毫升，三升七出头; 六公分
    …一寸八): one fact, already found true, put the way a viewer knows it."""
    def same(x: float, y: float) -> bool:
        return x > 0 and abs(x - y) <= 0.05 * x

    return c.kind == "quantity" and not c.bound and any(  # (二百六十克，半斤都不到: a bound said is a claim of its own)
        p.unit != c.unit and not SENTENCE_BREAK.search(text, p.end, c.start)
        and any(a.dimension == b.dimension and same(a.lo, b.lo) and same(a.hi, b.hi) for a in p.readings for b in c.readings)
        for p in held)


_SAID_COUNT = re.compile(r"(?<![\d.])(\d+)\s*[件个片支瓶包袋盒只双套罐条粒颗份张台本册箱]")
_SAID_NUMBER = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d.])")


_CHANGE_SAID = re.compile(r"让|减|省|贵|便宜|降|优惠|差|涨")
_MAKES_PIECES = r"(?:做|切|分|掰|蒸|烤)(?:成|出)?\d+块"  # 一袋大概做八块: the pieces a pack makes, counted in 块
_KUAI_COUNTS = re.compile(rf"\d块(?![钱元多半左以上下的到包])[\u4e00-\u9fff]|{_MAKES_PIECES}")  # 一共七十块板


def _part_price(c: Claim, g: "_SkuGround", sentence: str) -> bool:
    """``c`` says what one part of the pack costs (一条一块 of a pack of six): a price per a count the KB gives the pack,
    not per the pack itself, no cut or difference (每套再让三块, 一盒贵一块), in a sentence that counts nothing in 块."""
    return not _CHANGE_SAID.search(c.text) and not any(r.dimension == f"money/{g.sold_by}" for r in c.readings) \
        and not _KUAI_COUNTS.search(sentence)


def _share_of_said(c: Claim, before: str, parts: list[float], rough: bool) -> bool:
    """A part's price that is an amount said before it over the pack's parts (一盒合三十，一只合十五; 平均一包十块六，一片
    才一块零六分): the host's own arithmetic, judged where the amount is."""
    value = c.base or 0.0
    amounts = [float(m.group()) for m in _SAID_NUMBER.finditer(before)
               if not re.match(rf"\d+(?:\.\d+)?\s*[{_MEASURE_CHARS}]", before[m.start():])]  # (二十枚 is a count)
    return any(abs(amount / n - value) <= (0.2 * value if rough or c.bound else 0.02 * value + 0.005)
               for amount in amounts for n in parts if n > 1)


def _average_of_said(c: Claim, before: str, exact: bool = False) -> bool:
    """A per-item price that is a total said before it over a count said before it (两盒一百七十九…一双不到十八块,
    with 一盒五双), or the mean of two prices said before it (第一支129，第二支64.5，平均一支不到一百): a
    calculation, not a price the KB must state."""
    counts = {int(n) for n in _SAID_COUNT.findall(before) if int(n) > 1}
    counts |= {a * b for a in counts for b in counts if a != b}
    totals = [float(m.group()) for m in _SAID_NUMBER.finditer(before) if not _SAID_COUNT.match(before, m.start())]
    means = [t / n for t in totals for n in counts] + [(a + b) / 2 for i, a in enumerate(totals) for b in totals[i + 1:]
                                                       if not exact or a != b]  # (七十五…还是七十五: said again)
    value = c.base or 0.0
    if c.bound == "<":
        return any(0.8 * value <= m < value for m in means)
    if c.bound == ">":
        return any(value < m <= 1.2 * value for m in means)
    if exact:  # to the fen: not a mean with its decimal dropped (一把六十五 for 65.67)
        return any(abs(m - value) <= 0.005 for m in means)
    return any(_close(m, value, True) if c.approx else abs(m - value) <= 0.01 * value + 0.005 for m in means)


# A period said as how often something is done (每三个月调个头, 两三个月换一次, 三年换一次电池).
_INTERVAL_BEFORE = re.compile(r"每\s*(?:隔)?\s*$")
_INTERVAL_AFTER = re.compile(r"\s*(?:左右|上下)?\s*(?:就|要|得|需要|最好)?\s*[\u4e00-\u9fff]{0,3}?[一1]\s*[次回]|\s*[一1]\s*换")
# A period of the buyer's own doing (露营两天都够, 出差三五天, 一家人吃两天, 吃上两天): not how long the product lasts;
# 涂一次顶五六个小时 is a rate per application, how long one use of the product lasts.
_ACTIVITY_BEFORE = re.compile(r"(?:吃|喝|露营|出差|旅行|旅游|出门|出去玩|玩|住|坚持|连续)(?:上|了|个)?\s*$")
_INTERVAL_KEY = re.compile(r"周期|更换|频率|间隔|换|interval", re.IGNORECASE)
# Servings a pack makes: 能冲/能喝/能吃 before a count (一袋能冲五十杯); 次, 份 and 勺 all count one serving.
_SERVE = re.compile(r"(?:能|够|可以)(?:冲|喝|吃|泡|做|煮)")
_SERVING_UNITS = {"次", "份", "勺"}
_SERVE_BEFORE = re.compile(rf"(?:{_SERVE.pattern})(?:个|上)?\s*$")
_SERVING_KEY = re.compile(r"(?:每|单)?(?:份|次|勺|杯)?(?:用量|重量|份量|食用量)?")  # not 每份蛋白质, a part of one
# A value said of one whole pack (一整瓶, 一盒里面, 一瓶…就是) and a KB value stated per an amount (12mg/100mL).
_WHOLE_PACK = re.compile(r"(?:一|1|整)整?(?:瓶|盒|罐|袋|包|听|桶)")
_PER_AMOUNT_TEXT = re.compile(r"/\s*\d*\s*(?:ml|l|g|kg|毫升|升|克|千克)\b", re.IGNORECASE)
# An amount taken a day or a meal (天天吃两粒, a small handful a day, ten grams; a hundred grams per meal): a dose,
# which only a KB fact stated per day, meal or use can deny, not the pack's contents.
_DOSE_BEFORE = re.compile(r"(?:天天|每天|每日|一天|1天|每顿|一顿|每餐|\ba\s+day|\bper\s+day|\bdaily|\ba\s+meal|\bper\s+meal)"
                          r"[^。！？!?；;]{0,12}$", re.IGNORECASE)
_DOSE_AFTER = re.compile(r"[^。！？!?；;，,]{0,8}?(?:\ba\s+day|\bper\s+day|\ba\s+meal|\bper\s+meal|一天|每天)", re.IGNORECASE)
_PER_USE_FACT = re.compile(r"每|/|日|次|\bper\b", re.IGNORECASE)


def _interval(c: Claim, ctx: Context) -> bool:
    return bool(_INTERVAL_BEFORE.search(ctx.before) or _INTERVAL_AFTER.match(ctx.sentence, len(ctx.before) + len(c.text)))


def _dose(c: Claim, ctx: Context) -> bool:
    """Is ``c`` said as an amount per day or meal (cue within a few words before or after it)?"""
    after = ctx.sentence[len(ctx.before) + len(c.text):]
    return bool(_DOSE_BEFORE.search(ctx.before[-24:]) or _DOSE_AFTER.match(after))


def _count_dim(r: Measure) -> str:
    return r.dimension.split("/", 1)[0]


def _lead(said: str) -> str:
    """What a claim's text says before its last number (1罐喂 of 1罐喂10天, 1杯按 of 1杯按300毫升)."""
    last = re.search(r"[\d.]+(?=\D*$)", said)
    return said[: last.start()] if last else ""


def _calendar_period(q: Grounded, dimension: str) -> bool:
    """A KB period a month-scale claim can be held against: a week or more of days, or months that are no age."""
    if q.measure.dimension != dimension:
        return False
    if dimension == "duration":
        return q.measure.lo >= 7 * 86400
    return not re.search(r"岁|龄|年龄|age", q.key + q.text)
_LIST_SEP = re.compile(r"[、，,/；;]")
# 玻璃+榉木, 亚克力（不是玻璃）: a value's parts, without the note in brackets (which may name what it is not)
_VALUE_PARTS = re.compile(r"[、，,/；;]|(?<=[\u4e00-\u9fff])[+＋](?=[\u4e00-\u9fff])")
_NOTE_IN_VALUE = re.compile(r"（[^（）]*）|\([^()]*\)")
# An attribute that states a limit the product withstands (耐温, 最大承重): a use below it is within it.
_LIMIT_KEY = re.compile(r"耐温|耐热|耐寒|耐压|承重|最高|最大|上限|最多|可承受|max", re.IGNORECASE)
_BARE_NUMBER = re.compile(r"(?<![\d.a-z])\d+(?:\.\d+)?(?![\da-z%]|\.\d)")  # 110. ends a sentence
_DAY_OR_MINUTE = re.compile(r"\s*(?:号|日(?!常)|分(?!钱)|点(?!\d))")  # 十一点那场: an hour of the clock
# An offer named by its number (现在是618的价, 双11那天): the number names the day, it is no price.
_NAMED_BY_NUMBER = re.compile(r"\s*(?:的?(?:价|活动|大促|当天|那天|期间|专场|那场|那波)|的\s*(?=[\d零一二两三四五六七八九])|(?:年中|大促|狂欢|返场|预售))")


@dataclass(frozen=True)
class _Quantity:
    dimension: str
    base: float
    value: float
    fact_id: str
    text: str


@dataclass
class _SkuGround:
    sku: Sku
    text: str
    quantities: list[_Quantity] = field(default_factory=list)
    measures: list[Grounded] = field(default_factory=list)
    references: list[Grounded] = field(default_factory=list)
    """The amounts the KB's rates are stated per (the 100 g of 6.5g/100g)."""
    certs: list[str] = field(default_factory=list)
    dates: set[str] = field(default_factory=set)
    quarantined: list[str] = field(default_factory=list)
    keys: set[str] = field(default_factory=set)
    numbers: set[float] = field(default_factory=set)
    attribute_numbers: set[float] = field(default_factory=set)
    """The numbers the attributes state (999 of 足金 999‰): a run of digits said as one of them is that value."""
    codes: dict[str, set[str]] = field(default_factory=dict)
    sold_by: str = ""
    """The dimension of the unit the SKU is stocked and sold in (count:袋, or unit:根 for a unit the KB teaches)."""
    compared: list[tuple[Grounded, frozenset[str]]] = field(default_factory=list)
    """Values the FAQ quotes of a sibling, with the words it names that sibling by (三角款2.5毫米: 三角, 角款)."""
    parts: list[PartCount] = field(default_factory=list)
    """The parts the attributes count (卡位：12个, 弦数：21弦)."""


_CHEAPER = re.compile(r"便宜|划算|实惠|低|省|少")
# 比今天 / 比现在二十九 / 比今天单罐 / 比今天一台 / 比今天秒杀 / 比今天的八四九: today's price, said by the day, with
# its figure (digit by digit too) or per item.
_NOW_TARGET = re.compile(r"(?:(?:今天|今晚|现在|当前|这会儿)(?:的)?(?:这一?场)?|这一?场)(?:秒杀价?)?(?:的?价格?)?(?:单[\u4e00-\u9fff]|[1一][\u4e00-\u9fff])?"
                         r"(?:(?P<n>\d+(?:\.\d+)?|[零一二三四五六七八九]{3,5})(?:元|块)?)?")
_DIGITS = str.maketrans("零一二三四五六七八九", "0123456789")
_REFERENCE_WORDS = re.compile(r"原价|划线价|吊牌价|定价|日常价?|平时|平常|专柜|市场价")
# A shopping festival said by its date (双12, 618, 3.8): the name of any of its offers on its own.
_SHOPPING_DAY = re.compile(r"双\d{1,2}|(?<!\d)\d{3}(?!\d)|\d{1,2}\.\d{1,2}")
# Findings about a value that a calculation said aloud can explain (not a price's role or an offer's window).
_VALUE_KINDS = frozenset({"contradiction", "other_sku", "unit_mismatch", "unsupported"})
# What a host takes back or denies (三米，不是，一米五 / 不是五块二) is no claim; a forbidden claim or an injection stays one.
_NOT_TAKEN_BACK = frozenset({"injection"})
_PROMO_WORDS = "价|狂欢|特惠|优惠|大促|专场|场|专享|直播|福利|限时|秒杀|囤货|活动|预热|预售|当天"  # what names no offer apart
_PROMO_GENERIC = re.compile(rf"{_PROMO_WORDS}|今晚|\d+点")


# An evening slot named by its clock time (九点半加场, 十点半夜场): said as 九点半 it names that offer.
_CLOCK = re.compile(r"\d{1,2}点(?:半|\d{1,2}分?)?")


@lru_cache(maxsize=4096)
def _promo_keys(name: str) -> tuple[str, ...]:
    """The words that name a promotion when said (双12预热直播专享 -> 双12; 年货节囤货价 -> 年货节; 双12正日 -> 双12 too;
    618返场 -> 返场 too),
    read as the text is (十点半夜场 is said and normalised as 10点半夜场, whose name word is 半夜), and its slot's clock
    time or its day in English (九点半加场 -> 9点半, 双12 -> double 12)."""
    said = fold(normalize(name).text)
    words = _PROMO_GENERIC.sub(" ", said).split()
    # 腊八年货节 is said as 年货节 or 腊八: a festival word (…节) and the day before it, each on its own
    words += [part for k in words if len(k) >= 5 and k.endswith("节") for part in (k[-3:], k[:-3]) if len(part) >= 2]
    # 蝉鸣夏集 is said as 夏集: a four-character fair's name by its last two (…夏集, …秋集)
    if len(said) == 4 and said.endswith("集") and re.fullmatch(r"[\u4e00-\u9fff]+", said):
        words.append(said[2:])
    # 出游季返场 is said as 返场: the words after a season or festival (…季, …节) on their own
    words += [said[m.end():] for m in [re.search(r"[季节]", said)] if m and len(said) - m.end() >= 2]
    # 618返场 is said as 返场: the words after the shopping day it opens with
    # (双11狂欢价's 狂欢价 would name 双12狂欢价 too: a price word stays with its day)
    words += [said[m.end():] for m in [_SHOPPING_DAY.match(said)] if m and len(said) - m.end() >= 2 and not said.endswith("价")]
    words += occasion_words(said)
    days = [d for k in words for d in _SHOPPING_DAY.findall(k)]
    days += [d.replace(".", "") for d in days if "." in d]  # 3.15 is said 三一五, three-fifteen
    spoken = _CLOCK.findall(said) + [f"double {d[1:]}" for d in days if d.startswith("双")]
    return tuple(dict.fromkeys([k for k in words if len(k) >= 2] + days + spoken))


# An FAQ answer that opens by refusing the question (零下十度能用吗？不建议): the question's values are ruled out.
_REFUSAL = re.compile(r"^\s*(?:(?:不|没有?|无)[\u4e00-\u9fff]{0,3}(?=[，,。！!；;]|$)|不建议|不推荐|no\b|not\b)", re.IGNORECASE)


# 60片（方形24、三角形32、梯形4）: the parts of a count in brackets, in the count's own unit
_PARTS_IN_BRACKETS = re.compile(r"(?<=[\d.])(?P<u>[\u4e00-\u9fff])[（(](?P<parts>[^（）()]*)[）)]")


def _parts_in_unit(m: re.Match[str]) -> str:
    """60片（方形24、三角形32）-> 60片（方形24片、三角形32片）: the parts of a count, named and in the count's unit
    (not 16开（210×285mm）)."""
    parts = re.split(r"[、，,]", m["parts"])
    if not all(re.fullmatch(r"[\u4e00-\u9fff]+\d+", p.strip()) for p in parts):
        return m.group(0)
    return f"{m['u']}（{'、'.join(p.strip() + m['u'] for p in parts)}）"


def _said_by_kb(fact) -> str:
    """The text of ``fact`` whose values the KB states: an FAQ refused in its answer states only the answer."""
    if fact.kind == "faq" and _REFUSAL.match(fact.text[len(fact.key):]):
        return fact.text[len(fact.key):]
    return fact.text


def _multiple_of_said(value: float, count: int, claims: list[Claim], before: int) -> bool:
    """``value`` is ``count`` times a non-price quantity said earlier in the text (an elided unit: 两支三百八)."""
    return any(c.kind == "quantity" and c.end <= before and c.value and _close(c.value * count, value, False)
               for c in claims)


# The kind of offer a name ends on, which names it where the SKU has no other of that kind.
_KIND_WORDS = ("预售", "秒杀")


def _sole_of_kind(offer: Promotion, others: Sequence[Promotion], kind: str) -> bool:
    """``offer`` is of ``kind`` (its name holds the word) and none of ``others`` is."""
    return kind in offer.name and not any(kind in o.name for o in others if o is not offer)


def _own_clause(ctx: Context) -> str:
    """The clause the number is said in, whatever the claim reaches over (中午一百一十九，今天最便宜的是现在这场: 中午一百一十九)."""
    return CLAUSE_BREAK.split(ctx.before)[-1] + CLAUSE_BREAK.split(ctx.sentence[len(ctx.before):], maxsplit=1)[0]


def _said_as_its_offer(ctx: Context, offer: Promotion, at: datetime, others: Sequence[Promotion] = ()) -> bool:
    """A past or coming offer's price or gift said as that offer's: not as now, under the offer's name (in English
    by a name none of ``others`` shares), at its start time (drops to 329 at nine thirty tonight, 九点半有个加场三百二十九),
    or, for this evening's session said before it starts, as tonight's (morning: "tonight it's 429", 今晚七十九)."""
    keys = _promo_keys(offer.name) + (english_names(offer, others) if _LATIN_WORD.search(ctx.sentence) else ())
    keys += tuple(k for k in _KIND_WORDS if _sole_of_kind(offer, others, k))  # 预售四十七: the one presale
    statement = _statement(ctx, len(ctx.before))
    if offer.ends_at < at and _STILL.search(statement):
        return False  # 双十一的二百五十八还在: an ended offer, by any name, said to be on still
    return not ctx.as_now or ctx.tense == "none" and any(k in ctx.clause for k in keys) or ctx.names_offer(keys) \
        or (offer.starts_at.hour, offer.starts_at.minute) in _clock_times(ctx.clause) and not _RIGHT_NOW.search(statement) \
        and not _STILL.search(statement) \
        or _TONIGHT.search(_with_lead_clause(ctx)) is not None and at < offer.starts_at and offer.starts_at.date() == at.date() \
        and offer.starts_at.hour >= _EVENING and not _RIGHT_NOW.search(statement) and not _STILL.search(statement) \
        or ctx.tense == "none" and (part := _SESSION_BY_PART.search(CLAUSE_BREAK.split(ctx.before)[-1].rstrip())
                                    or _PART_BEFORE.search(ctx.before)) is not None \
        and _in_part_said(part.group(1), offer, at) \
        or (part := _PART_BEFORE.search(ctx.before)) is not None and _in_part_said(part.group(1), offer, at) \
        and not _RIGHT_NOW.search(own := _own_clause(ctx)) and not _STILL.search(own) \
        or (named := _NAMED_AFTER_EN.match(ctx.sentence, len(ctx.before))) is not None \
        and any(said_last(CLAUSE_BREAK.split(ctx.sentence[named.end():])[0], k) >= 0 for k in keys) \
        or not offer.active(at) and (session := _EN_SESSION_NAMED.search(ctx.before)) is not None \
        and not _RIGHT_NOW.search(compared := _THAN_NOW_EN.sub("", statement)) and not _STILL.search(statement) \
        and not _ON_TODAY_EN.search(compared) \
        and not any(w in english_names(o, (offer,)) for o in others for w in re.findall(r"[a-z]+", session.group()))
    # (中午档一千五百九十九: today's session by its part of the day; forty-nine is the October presale: named after it)


def _with_lead_clause(ctx: Context) -> str:
    """The number's clause, and the clause before when the number opens its own (tonight's is the cheapest, 189: the
    price said of the session the clause before names)."""
    parts = CLAUSE_BREAK.split(ctx.before)
    return f"{parts[-2]}，{ctx.clause}" if len(parts) > 1 and not parts[-1].strip() else ctx.clause


# 中午七幺九: a coming session's price right after the part of today it starts in
_PART_BEFORE = re.compile(rf"(?<![今昨明前后])({'|'.join(_PARTS)})\s*$")
# Porch Hour tonight at eight, 18.8 / Light-Snow sale is 17.9 / the encore's 37.9: an English name the host gives a
# session the KB names only in Chinese; a past or coming offer's price after it is said as that session's
_EN_SESSION_NAMED = re.compile(
    r"\b(?!(?:this|today|today's|tonight's|now|current|our|the|a|flash|live|same|that|one|every|each)\b)[a-z][a-z'-]+\s+"
    r"(?:hour|sale|presale|pre-sale|weekend|session|round|show|slot|fair|festival|week|day)(?:'s)?\b"
    r"|\b(?:presale|pre-sale|encore|weekend)\b")
_ON_TODAY_EN = re.compile(r"\b(?:back|live|already|on\s+again)\b|\btoday\b(?!'s)")  # the New Year's price of 279 is back
_THAN_NOW_EN = re.compile(r"\b(?:than|over|gone)\s+(?:right\s+)?now\b|\bthan\s+today\b")  # six more than now: a comparison
# forty-nine is the October presale: the offer named after its price
_NAMED_AFTER_EN = re.compile(r"[\d.]+\s*(?:yuan\s+)?(?:is|'s|are|was|will\s+be)\s+(?:the|for\s+the|at\s+the|during\s+the)\s+",
                             re.IGNORECASE)
# (晚上一百一十九 said by day: tonight's; not 昨天晚上, 明天晚上)
_TONIGHT = re.compile(r"今晚|今天晚上|(?<![昨明前后天])晚上|\btonight\b|\bthis\s+evening\b", re.IGNORECASE)
# 晚八点场一二九还能拍: an offer named by its start time, said to be on still
# (还有没有, 还在不在, 还能不能拍 ask it: a viewer's question the host answers)
_STILL = re.compile(r"还(?:能|可以)?(?:拍|买|抢|下单|用|享)(?!不)|还在(?!不在)|还开着|还有(?!没有)|还没结束|照样|\bstill\b(?![^.?!]*\?)",
                    re.IGNORECASE)
_EVENING = 17


def _dearer_than_now(c: Claim, sku: Sku, at: datetime, ctx: Context):
    """年货节比今天贵, 返场一二九比今晚贵: another offer said dearer than today's price, by the price said before it or,
    with none, by the KB's price of the offer named; another yardstick than now is left alone."""
    if not (_NOW_TARGET.fullmatch(c.detail.lower()) or _FLASH_TARGET.fullmatch(c.detail.lower())):
        return None
    today = float(price_book(sku, at).today)
    before = CLAUSE_BREAK.split(ctx.before)[-1]
    said = [m.group() for m in _BARE_NUMBER.finditer(before) if not re.match(r"\s*(?:点|号|月|日|:)", before[m.end():])]
    if said:  # (今晚8点档: a clock, no price)
        value = float(said[-1])
        return None if value > today else ("expired_offer", f"“{c.text}”：{_fmt(value)}元不比今天贵（今天到手价{_fmt(today)}元）")
    named = re.sub(r"(?:肯定|可能|应该|绝对|一定|还|也|都|就|会|要|那个|那场|的)+\s*$", "", before)  # 年货节肯定比今天贵
    offers = [p for p in _offers_named(named, sku, at) if p.price is not None and not p.active(at)]
    if offers and all(float(p.price) <= today for p in offers):
        return ("expired_offer", f"“{c.text}”：{offers[0].name}是{_fmt(float(offers[0].price))}元，不比今天贵（今天到手价{_fmt(today)}元）")
    return None


_OFFER_WORD = re.compile(r"[场档]$|预售|预热|秒杀|大促|活动|返场")
_PRICE_TARGET = re.compile(r"\d+(?:\.\d+)?(?:元|块)?")  # 比十九块九更便宜: a price as the yardstick
_COMPETITORS = re.compile(r"同价位|同类|同级|竞品|别家|别的(?:牌子|品牌|家)|其他(?:品牌|牌子|家)|市面上|外面卖的|某宝|友商")
_THAN_OFFER = re.compile(r"比[^，,。！？!?；;\d]{0,10}$")
# 比那时候, 比昨天: a time a price was said for earlier in the sentence; 今天比…: today's price is what is compared.
_SAID_BEFORE = re.compile(r"那时候?|那会儿?|那个|昨天|之前|刚才|\b(?:then|yesterday|before|that)\b")
# 一天里, 8点, 3岁, 两个一起拍: a time, an age or a count, no price
_MEASURE_CHARS = "个件只瓶罐盒袋包支条张片套组卷本根颗粒枚双把台提尊"  # what items are counted in, before 比 or in a bound
_NOT_A_PRICE = re.compile(rf"\s*(?:点|号|月|日|天|年|岁|小时|分钟|:|%|[{_MEASURE_CHARS}])")
_AVERAGED = re.compile(rf"(?<![\d.])([2-6])[{_MEASURE_CHARS}]?\s*(?:一起)?(?:算下来|平均|摊下来|合下来)\s*$")
_TODAY_SUBJECT = re.compile(r"(?:今天|今晚|现在|这会儿|\b(?:today|tonight|now)\b)(?:的价格?)?\s*(?:还|也|就|都)?\s*$")
_FESTIVAL_WORD = re.compile(r"[\u4e00-\u9fff]{2}[节集]")  # 比年货集多: the fair of 霜桥年货集 by its own word


def _compared_with(target: str, offer: Promotion, at: datetime) -> bool:
    """``target`` (what a price is compared with) names ``offer``: by a word of its name, the part of today it runs in,
    its flash word (比闪购), its festival word (比年货集), or, for a name of generic words only (预热周, 晚场), by its
    first two characters."""
    keys = _promo_keys(offer.name)
    return any(k in target for k in keys) or _in_part_said(target, offer, at) \
        or bool(_FLASH_TARGET.search(target) and _FLASH_TARGET.search(offer.name)) \
        or not keys and fold(offer.name)[:2] in target \
        or any(m.group() in offer.name for m in _FESTIVAL_WORD.finditer(target))


def _price_compared(c: Claim, sku: Sku, at: datetime, ctx: Context, target: str) -> bool:
    """The price said before 比 (or today's, in 今天比…) is below (便宜, 低, 少) or above (贵, 高, 多) the price the
    target names: its figure (比预热三十九), an offer by its name or the part of today it runs in (比闪购, 比上午), or
    a price said earlier in the sentence for a time gone (比那时候, 比昨天)."""
    cheaper = bool(_CHEAPER.search(c.text))
    if not cheaper and not re.search(r"贵|高|多", c.text) or _NOW_TARGET.fullmatch(target):
        return False  # 比现在四十九: today's price said with its figure, which is checked itself
    book = price_book(sku, at)
    said = [float(m.group()) for m in _BARE_NUMBER.finditer(ctx.before) if not _NOT_A_PRICE.match(ctx.before, m.end())]
    if _TODAY_SUBJECT.search(ctx.before):
        subject = float(book.today)
    elif (m := _AVERAGED.search(CLAUSE_BREAK.split(ctx.before)[-1])) and (total := book.total_for(int(m.group(1)))):
        subject = total.value / int(m.group(1))  # 两把算下来比预热还省: today's pair, one item's share
    elif said and book.find(book.now + book.ended + book.upcoming, said[-1]) is not None:
        subject = said.pop()
    else:
        return False
    yardsticks = [float(p.price) for p in sku.promotions if p.price is not None and _compared_with(target, p, at)]
    yardsticks = yardsticks or [float(n) for n in _BARE_NUMBER.findall(target)] or (said if _SAID_BEFORE.search(target) else [])
    return any(subject < y if cheaper else subject > y for y in yardsticks)


_UNDER_BEFORE = re.compile(r"(?:不到|不足|不超过|没到|\bless\s+than|\bunder|\bbelow)\s*$", re.IGNORECASE)
_UNDER_AFTER = re.compile(r"\s*(?:元|块钱?)?\s*(?:不到|以内|以下|都不到)")


def _under_bound(ctx: Context, said: str, value: float, book: PriceBook) -> bool:
    """The price is said as a bound (不到三十七块, 十块钱不到, less than ten) that today's price, or its share over a
    count said before in the sentence (十九块九二十粒，一粒不到一块钱), does stay under."""
    if not (_UNDER_BEFORE.search(ctx.before) or _UNDER_AFTER.match(ctx.sentence, len(ctx.before) + len(said))):
        return False
    counts = [int(n) for n in re.findall(rf"(?<![\d.])(\d{{1,3}})\s*(?:[{_MEASURE_CHARS}]|[a-z]+s\b)", ctx.before)
              if 2 <= int(n) <= 100]
    return any(float(book.today) / n <= value for n in [1, *counts])


_SMALL_WORD = re.compile(r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)(?:\s+today)?", re.IGNORECASE)
_MONEY_BESIDE = re.compile(r"\b(?:for|at|only|just|costs?|price[sd]?|pay|paid|is\s+now|now|(?:drops?|goes|comes|falls?|down|up|cut)"
                           r"\s+to)\s*$|[$¥]\s*$", re.IGNORECASE)
_MONEY_AFTER = re.compile(r"\b(?:yuan|bucks|dollars?|kuai|rmb|off|less|cheaper|more|dearer|discount|free|each|apiece)\b|[元块]"
                          r"|^\s*(?:a|per)\s+[a-z]+\b", re.IGNORECASE)  # twelve a box: a price per item, or a count a pack holds


def _others(sku: Sku, offer: Promotion) -> list[Promotion]:
    return [p for p in sku.promotions if p is not offer]


# A list price said to be today's (就是今晚的价, 今天就给) or the price an offer returns to (恢复到划线价).
_SAID_AS_TODAY = re.compile(r"\s*(?:就是|也是|是|就|都)?\s*(?:今[天晚日]|现在|这会儿|直播间)\s*(?:的价|的价格|就|都|也|给|卖|拍|直接)"
                            r"|\s*就(?:给|卖|是这个价)|\s*(?:today|tonight|right now)\b"
                            # is today's price, and that's what you pay today, is your price tonight
                            r"|[\s,，]*(?:and\s+)?(?:that'?s|that\s+is|it's|it\s+is|is|as)\s+(?:(?:today|tonight)'?s?\s+(?:price|deal)"
                            r"|(?:what\s+you\s+pay|your\s+price|the\s+price)\s+(?:today|tonight|right\s+now|now)\b)",
                            re.IGNORECASE)
# A price said as what one pays, after it (三千四百九十九到手, 一千九百九十九是今天的价, one eighty-nine today).
_PAID_AFTER = re.compile(rf"\s*(?:元|块钱?)?\s*(?:到手|到家|拿走|带走|拿下)|(?:{_SAID_AS_TODAY.pattern})", re.IGNORECASE)
_RETURNS_TO = re.compile(r"恢复|回到|涨回|变回|\b(?:goes|go|going|returns?|jumps?)\s+back\b|\breturns?\s+to\b|\bback\s+to\b",
                         re.IGNORECASE)
# A price per one unit of an amount: 一两不到六十块 (the unit before), 79.5一公斤 (after).
_ONE_UNIT_BEFORE = re.compile(r"(?<![\d.])[1一]\s*(?P<u>公斤|千克|斤|两|克|升|毫升|米|kg|g|l|ml)\s*(?:不到|才|只要|就|也就|约|大概|差不多|合|算)?\s*$",
                              re.IGNORECASE)
_ONE_UNIT_AFTER = re.compile(r"\s*(?:元|块)?\s*(?:[1一]|per|a)\s*(?P<u>公斤|千克|斤|两|克|升|毫升|米|kg|g|l|ml|kilo|litre)(?![a-z])",
                             re.IGNORECASE)
_EN_PAIR_PRICE = re.compile(r"\d{2}\.\d{2}")
_LATIN_BEFORE = re.compile(r"(?:^|[a-z,.]\s*)$")
_ROUGHLY_AFTER = re.compile(r"\s*(?:多|出头|左右|来|几|不到)")  # 一盒才七十多: a rough share, not a price said
_SAVING_CUE = re.compile(r"省|便宜|少花|优惠了|\bsave|\bcheaper\b", re.IGNORECASE)
_COUNTRY = re.compile(COUNTRY_PATTERN_ZH)
_ORIGIN_KEY = re.compile(r"产地|原产|产区|印刷地|生产地|制造地|origin", re.IGNORECASE)
# 在墨西哥印的, 捷克原装机芯, 从哈萨克斯坦运过来的: a country said as where the thing is made, when the KB states no origin
_ORIGIN_CUE = re.compile(r"产|进口|原装|组装|代工|生产|制造|运过来|运来|空运|海运|印的|印刷|织的|纺的|品种|工厂|厂|来自|出自|引进|收的|收来"
                         r"|made|from")
def _origin(sku: Sku) -> str | None:
    """The origin the KB states (产地：湖北蕲春), or None."""
    return next((a.value for a in sku.attributes if _ORIGIN_KEY.search(a.key)), None)


_NOT_ORIGIN_BEFORE = re.compile(r"(?:比|跟|和|与|同|不是|没有?|非|不像|不如|像|出口|卖到|销往|发往|寄到)[\u4e00-\u9fff]{0,2}$")
# 日本的小朋友也喜欢, 韩国人: the people of a country, not where the product is from
_NOT_ORIGIN_AFTER = re.compile(r"[\u4e00-\u9fff]{0,4}?(?:比|那种|那些|都不|的不|相比|之类)"
                               r"|的?(?:小朋友|人|朋友|客户|网友|顾客|消费者|宝妈|妈妈|用户|游客|同事|市场)")
_RULE_DENIED = re.compile(r"(?:不是|并不是|并非|没有|不|别以为|不要以为)\s*$")
_BOUNDS = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(?:[-~～至到]\s*(\d+(?:\.\d+)?))?(?![\d.])")  # 12-16 of 12-16号(活口)
# 单拍一个, 一台, 只买一只: one item bought alone, said right before a spend rule
_ONE_BOUGHT = re.compile(r"(?:(?:单拍|单买|只拍|只买)(?:[1一][\u4e00-\u9fff])?|(?<![\d.第加多再])[1一](?![起样定直下点些般共边次])"
                         r"[\u4e00-\u9fff])[^\d，,。！？!?；;]{0,2}$")
_CLAUSE_TEXT = re.compile(r"(?:[^，,。！？!?；;\n.]|\.(?=\d))+")  # an English full stop ends a clause; a decimal point does not
_CLAUSE_REACH = 200
_POINTS_BACK = re.compile(r"\s*(?:那场|那个场|那波|那时候?|那会儿?|到时候?|\b(?:that\s+(?:one|session|slot)|then|it'?ll|it\s+will"
                          r"|it's\s+going\s+to|that'?ll)\b)", re.IGNORECASE)  # wait for the presale, it'll be lower
_CHEAPER_LATER = re.compile(r"更便宜|还要便宜|再便宜|还能便宜|降价|更低|更划算|更实惠|降得更多|\b(?:even\s+)?(?:cheaper|lower)\b"
                            r"|\bbeats?\s+(?:this|that|today|now|the\s+flash)\b|\bundercuts?\b|\bcomes?\s+in\s+(?:under|below)\b"
                            r"|\bcosts?\s+(?:you\s+)?less\b", re.IGNORECASE)
# it's cheaper then: the time named in the clause before
_THEN = re.compile(r"\bthen[\s.]*$", re.IGNORECASE)
_DEARER_LATER = re.compile(r"涨价|涨到|要涨|会涨|就涨|往上涨|更贵|\b(?:goes|go|going)\s+(?:back\s+)?up\b|\b(?:dearer|pricier)\b|more\s+expensive"
                           r"|\bcosts?\s+(?:you\s+)?more\b", re.IGNORECASE)
_SENTENCE_TEXT = re.compile(r"[^。！？!?\n]+")
# a spend cut said taken off: 减十五, minus the thirty, the fifteen off, a hundred off
_CUT_SAID = re.compile(r"(?:减|\bminus\s+(?:the\s+)?|\bless\s+(?:the\s+)?|\btake\s+off\s+(?:the\s+)?)(?P<n>\d+(?:\.\d+)?)"
                       r"|(?P<n2>\d+(?:\.\d+)?)\s*(?:元|块)?\s*\boff\b", re.IGNORECASE)
_NOT_EARNED = re.compile(r"不满|不够|没满|差|用不上|减不了|不能减|不减|没有减|凑|\b(?:not|no|doesn't|don't|isn't|can't|won't|short"
                         r"|needs?|only\s+(?:at|from|when|with))\b", re.IGNORECASE)
# 国庆便宜, 国庆要贵, 国庆会便宜十块: a plain comparison right after the coming offer's name (not 比国庆便宜, which
# compares now with it)
_PLAIN_COMPARED = re.compile(r"\s*(?:预售|那场|那天|当天)?(?:的?价格?)?\s*(?:还要|还|会|要|就|能)?\s*(?:(?P<cheaper>便宜)|(?P<dearer>贵))")
# Now said to be the lowest price until some time: 今天最低了, 今天的地板价, lowest of the day (until tonight), 这个月最低价
# (this month), 过年前你再也碰不到更低的, 错过等一年, it'll never be this cheap again, it only goes up (from now on).
_LOWEST_SAID = re.compile(r"最低|最便宜|最划算|底价|地板价|\bbest\s+price\b|(?:再也?|都)?(?:没有?|碰不到|找不到|见不到|买不到|不会有)(?:比这)?更(?:便宜|低)"
                          r"|只会(?:更)?(?:涨|贵)|错过(?:了)?(?:再|就)?等[一1]年"
                          r"|\b(?:lowest|cheapest|rock\s+bottom)\b|\b(?:nobody|no\s+one|nothing|no\s+(?:show|session|deal|price))\b[^.,;!?]{0,30}?\bbeats?\b"
                          r"|\b(?:won't|will\s+not|never|can't|cannot)\s+(?:see|get|find)\s+it\s+(?:any\s+)?cheaper|\bnever\s+be\s+this\s+cheap"
                          r"|\bonly\s+goes\s+up|\bas\s+low\s+as\b[^.,;!?]{0,30}?\bgoes\b", re.IGNORECASE)
# the lowest for good (再也碰不到更低的, never again, before the holiday), checked before a day's words (today is the
# lowest it'll ever be); a phrase that names no time (nobody beats it, 只会涨) is for good when no day or month is said
_FOR_GOOD = re.compile(r"年前|节前|再也|永远|错过|\b(?:ever|never|again|before\s+(?:the\s+)?(?:new\s+year|holiday|festival))\b",
                       re.IGNORECASE)
_UNTIL_TONIGHT = re.compile(r"今天|今日|今晚|全天|一天|现在|这会儿|\b(?:today|tonight|now|(?:all|the\s+(?:whole|entire))\s+day"
                            r"|of\s+the\s+day)\b", re.IGNORECASE)
_UNTIL_WEEK_END = re.compile(r"这周|本周|这个?(?:星期|礼拜)|整周|\bthis\s+week\b", re.IGNORECASE)
_ALL_WEEK = re.compile(r"\b(?:all|the\s+(?:whole|entire))\s+week\b", re.IGNORECASE)
_COMING_DAYS = re.compile(r"这几天|这两天|近几天|最近几天|\b(?:next|coming)\s+few\s+days\b", re.IGNORECASE)
_UNTIL_YEAR_END = re.compile(r"今年|本年|全年|一年到头|\b(?:this|all|the\s+(?:whole|entire))\s+year\b|\bof\s+the\s+year\b",
                             re.IGNORECASE)
_UNTIL_MONTH_END = re.compile(r"这个月|本月|整个月|\b(?:this|all|the\s+(?:whole|entire))\s+month\b|\bof\s+the\s+month\b",
                              re.IGNORECASE)
_NO_TIME_NAMED = re.compile(r"只会|\b(?:only\s+goes|beats?|as\s+low\s+as|cheaper)\b", re.IGNORECASE)
_PLAIN_WORD = re.compile(rf"便宜|贵|{_LOWEST_SAID.pattern}", re.IGNORECASE)
_DAY_SAID = re.compile(r"(?<![\d.双])(\d{1,2})\s*[号日](?:以后|之后|开始|起|那天|当天)")


# English is said (the December presale): only then are an offer's English names looked up in the dictionary.
_LATIN_WORD = re.compile(r"[a-z]{3}")


def _lowest_until(clause: str, at: datetime) -> datetime | None:
    """The time until which ``clause`` says now's price is the lowest (the day's end for 今天最低, the week's for
    lowest this week, the month's for 这个月最低价, none for 再也碰不到更低的), or None when it says no such thing (a
    bare 最低 names no time; 不是今天最低)."""
    said = _LOWEST_SAID.search(clause)
    if said is None or _NOT_CHEAPER.search(clause[: said.start()]):
        return None
    if _FOR_GOOD.search(clause):
        return at + timedelta(days=36500)
    if _UNTIL_MONTH_END.search(clause):  # the widest time said (cheapest all month is right now: the month)
        return (at.replace(day=28) + timedelta(days=4)).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    if _UNTIL_YEAR_END.search(clause):
        return at.replace(year=at.year + 1, month=1, day=1, hour=0, minute=0, second=0, microsecond=0)
    if _ALL_WEEK.search(clause):  # the cheapest it will be all week: the seven days to come
        return at + timedelta(days=7)
    if _UNTIL_WEEK_END.search(clause):  # (the week ends with Sunday)
        return at.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=7 - at.weekday())
    if _COMING_DAYS.search(clause):  # 这几天最便宜的: the next few days
        return at + timedelta(days=3)
    if _UNTIL_TONIGHT.search(clause):
        return at.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)
    return at + timedelta(days=36500) if _NO_TIME_NAMED.search(said.group(0)) else None


def _names_by_name(clause: str, offer: Promotion, others: Sequence[Promotion], at: datetime) -> bool:
    """``clause`` names ``offer`` by a word of its name, its start time, its kind when no other offer is of that kind
    (the presale), in English by a name none of ``others`` shares, or as tonight's session by a name the host gives it
    (tonight's Fire-basket hour, tonight's is, 晚上那场) when it is this evening's; not as tonight alone (今晚最低 says
    now is tonight's lowest)."""
    kinds = [en for zh, en in _KIND_WORDS_EN if _sole_of_kind(offer, others, zh)]
    return any(k in clause for k in _promo_keys(offer.name)) \
        or (offer.starts_at.hour, offer.starts_at.minute) in _clock_times(clause) \
        or any(re.search(en, clause, re.IGNORECASE) for en in kinds) \
        or offer.starts_at.date() == at.date() and offer.starts_at.hour >= _EVENING and bool(_TONIGHTS_SESSION.search(clause)) \
        or bool(_LATIN_WORD.search(clause)) and any(said_last(clause, k) >= 0 for k in english_names(offer, others))


# the presale, at twenty-seven ninety: an offer's kind in English; tonight's Fire-basket hour: this evening's session
_KIND_WORDS_EN = (("预售", r"\bpre-?sale\b"),)
_TONIGHTS_SESSION = re.compile(r"\btonight's(?:\s+(?:(?:[a-z-]+\s+){0,3}?(?:hour|session|slot|flash|sale|deal)\b|(?:one|1|is)\b)"
                               r"|\s*(?:[,.;!?]|$))"
                               r"|(?:今天|今)?晚(?:上)?(?:的)?那一?场|晚场", re.IGNORECASE)  # 今天两场里晚上那场最便宜


def _names_coming(clause: str, offer: Promotion, others: Sequence[Promotion], at: datetime) -> bool:
    """``clause`` names the coming ``offer``: by a word of its name, its start time, its start day (十五号以后),
    as tonight's when it is this evening's session, or in English by a name none of ``others`` shares (in December,
    the noon deal)."""
    if any(k in clause for k in _promo_keys(offer.name)) or (offer.starts_at.hour, offer.starts_at.minute) in _clock_times(clause):
        return True
    if offer.starts_at.date() == at.date() and offer.starts_at.hour >= _EVENING and any(
            not re.search(r"(?:\bthan\s+|比)$", clause[: m.start()]) for m in _TONIGHT.finditer(clause)):
        return True  # not "cheaper than tonight": the time compared with
    if any(int(d) == offer.starts_at.day for d in _DAY_SAID.findall(clause)):
        return True
    return bool(_LATIN_WORD.search(clause)) and any(said_last(clause, k) >= 0 for k in english_names(offer, others))


# 春集昨天就结束了, the fair ended yesterday: a named offer said to be over; 预热周还没结束, the preheat is still on: one said to
# run. Not an end to come (要结束了, 结束以后, 等双11结束), a question, nor a condition.
_SAID_ENDED = re.compile(r"(?<![要快就没])(?:已经?|早就?|都|昨天就?|前天就?|上周就?)?结束(?:了|啦)(?!以后|之后|再|的时候|吗|没|呢)"
                         r"|\b(?:ended|is\s+over|was\s+over|'s\s+over|finished)\b", re.IGNORECASE)
_SAID_RUNNING = re.compile(r"还没结束|还没完|还在|还开着|还挂着|还有(?!没有)|\b(?:is|are|'s|'re)\s+still\s+(?:on|running|live|going|up|open)\b"
                           r"|\bhasn't\s+ended\b|\bnot\s+over\s+yet\b|\bstill\s+on\s+the\b"
                           r"|\b(?:is|are|'s|'re)\s+(?:back(?:\s+on)?|live\s+again|on\s+again|running\s+again)\b", re.IGNORECASE)
# 那个价今天还能拍, 还给大家留着: an offer's price said still to be had (the claim is the status, after the price)
_STILL_SOLD = re.compile(r"还能(?:拍|买|下单|抢)|还(?:给(?:你们?|您|大家|宝宝们))?留着")
# 预售已经开了, 现在已经可以拍了, the presale is already open, you can already place an order: said to have begun
_SAID_STARTED = re.compile(r"(?:已经|现在)(?:就)?(?:开始了|开了|开抢了?|可以拍了?|能拍了?|上线了?|可以下单了?|能下单了?)"
                           r"|\b(?:is|are|'s|'re)\s+already\s+(?:open|on|live|running|taking\s+orders)\b"
                           r"|\b(?:is|are|'s|'re)\s+(?:open|live|running|on)\s+(?:right\s+)?now\b|\bcan\s+already\s+(?:place|order|buy|get|lock)\b"
                           r"|\bhas\s+(?:already\s+)?(?:started|opened|begun)\b", re.IGNORECASE)
def _said_begun(clause: str, start: int, begun: re.Match[str], sku: Sku, at: datetime, add) -> None:
    """棉桃预售现在已经可以拍了, the presale is already open: the offers the clause names have all yet to start."""
    before = clause[: begun.start()]
    named = [p for p in sku.promotions if any(k in before for k in _status_keys(p.name))
             or any(k in before for k in _KIND_WORDS if _sole_of_kind(p, _others(sku, p), k))  # 现在预售已经开了
             or _LATIN_WORD.search(clause) and any(said_last(clause, k) >= 0 for k in english_names(p, _others(sku, p)))]
    if named and all(at < p.starts_at for p in named):
        keys = [before.find(k) for k in _status_keys(named[0].name) if k in before]  # the name, its price and the status
        add("expired_offer", start + min(keys, default=begun.start()), start + begun.end(),
            f"{named[0].name}还没开始（{named[0].starts_at:%m-%d %H:%M}开始）", f"{sku.sku_id}#promotions")


# you can still get it at the warm-up price: the offer named after the status, in English
_STILL_AT = re.compile(r"\bstill\s+(?:get|grab|buy|order|snag)\b", re.IGNORECASE)
_STATUS_HEDGED = re.compile(r"要是|如果|等到?|假如|万一|吗|[?？]|\b(?:if|when|once|after|until|till)\b", re.IGNORECASE)


@lru_cache(maxsize=4096)
def _status_keys(name: str) -> tuple[str, ...]:
    """The words that name an offer whose status is said: its name words, its whole name, a festival's or a week's
    last two characters (榆湾春集: 春集) and a warm-up's 预热 (预热周 has no name word of its own)."""
    said = fold(normalize(name).text)
    tail = (said[-2:],) if len(said) >= 4 and said[-1] in "节集季周会" else ()
    return tuple(dict.fromkeys((*_promo_keys(name), said, *tail, *(("预热",) if "预热" in said else ()))))


_YESTERDAY = re.compile(r"昨|\b(?:last\s+night|yesterday)\b", re.IGNORECASE)  # 昨晚…十点就结束了: yesterday's hours
# the lowest said not to be now's: 最便宜的不是现在这场, the cheapest is the later one, not this one
_NOT_NOW_LOWEST = re.compile(r"(?:最便宜|最低|最划算)的?(?:不是|并不是|可不是)|\bnot\s+(?:this|now|the\s+current)\b"
                             r"|\b(?:the\s+)?later\s+(?:one|1|session|hour|slot)\b|后面那场|下一场", re.IGNORECASE)
# (…fifty-two, the cheapest of today's sessions: the lowest in apposition to what the sentence named)
_THATS = re.compile(r"\s*(?:so\s+)?(?:that's|that\s+is|which\s+is|making\s+it)\b|\s*(?:那)?(?:就是|这就是|那就是)"
                    r"|\s*the\s+(?:cheapest|lowest)\s+(?:of\s+)?today'?s?\b", re.IGNORECASE)
# 今天最便宜的是中午那场, the noon one, at noon: a session of today named by the part of the day it starts in
_PART_NAMED = re.compile(rf"({'|'.join(_PARTS)})(?:那|这)?一?(?:场|档)|\b(?:at\s+|the\s+)(noon|midday|lunchtime)\b"
                         r"|\b(?:the|this)\s+(morning|afternoon|evening)(?:'s)?(?:\s+(?:one|session|hour|slot|flash))?\b",
                         re.IGNORECASE)
_PART_EN = {"noon": "中午", "midday": "中午", "lunchtime": "中午", "morning": "上午", "afternoon": "下午", "evening": "晚上"}


def _part_named(text: str, offer: Promotion, at: datetime) -> bool:
    """``text`` names ``offer`` as today's session of a part of the day (中午那场, at noon)."""
    return any(_in_part_said(m.group(1) or _PART_EN[(m.group(2) or m.group(3)).lower()], offer, at)
               for m in _PART_NAMED.finditer(text))


_NOT_CHEAPER = re.compile(r"不会|不是|没有|并不|别以为|\b(?:not|isn't|won't|no)\b", re.IGNORECASE)
_RIGHT_NOW = re.compile(r"(?<!比)现在|马上|立刻|提前|也按|照样|\b(?:right now|now)\b")  # 比现在贵 compares with now


def _statement(ctx: Context, at: int) -> str:
    """The rest of the number's clause at sentence offset ``at``, and the next clause when that has no number of
    its own (…那个129，现在就能拍: the next clause says when the price holds)."""
    parts = _CLAUSE_END.split(ctx.sentence[at:], maxsplit=2)
    goes_on = len(parts) > 1 and not re.search(r"\d", parts[1]) and not _CONCLUDES.match(parts[1])
    return parts[0] + ("，" + parts[1] if goes_on else "")


# 339, so now is the cheapest session today: a clause that draws a conclusion says nothing of when the price holds
_CONCLUDES = re.compile(r"\s*(?:so\b|which\s+means\b|that\s+means\b|所以|因此)", re.IGNORECASE)


# 九九九, nine nine nine, 二七九: a number said digit by digit (the same digit three times is no count but a code or a price)
_DIGIT_RUN = re.compile(r"[零〇一二三四五六七八九]{3,4}|(?:(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)[\s-]+){2,3}"
                        r"(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)", re.IGNORECASE)
_CLOCK_THEN_PRICE = re.compile(r"\d{1,2}点半?(场|档|那场|的时候|那会儿|以后|之后)?\s*(?:是|要|就|会|还|才)?\s*$")
_SENTENCE_END = re.compile(r"[。！？!?\n]")  # a spoken sentence, its clauses and 分句 (；) together
_CLOCK_CN = re.compile(r"(?<![\d.])(\d{1,2})点(?:(半)|(\d{1,2})(?![\d.])分?)?")  # 8点139: the hour, then a price
_CLOCK_EN = re.compile(r"\b(?:at|from|after|until|till)\s+(\d{1,4})(?!\d|\.\d)|\b(\d{1,2})\s*o'?clock\b", re.IGNORECASE)


def _clock_times(clause: str) -> set[tuple[int, int]]:
    """The (hour, minute) readings of the clock times said in ``clause``, each also as p.m. (九点半 is 21:30 at night)."""
    said = [(int(m.group(1)), 30 if m.group(2) else int(m.group(3) or 0)) for m in _CLOCK_CN.finditer(clause)]
    said += [divmod(int(n), 100) if len(n) >= 3 else (int(n), 0) for m in _CLOCK_EN.finditer(clause)
             for n in [m.group(1) or m.group(2)]]
    return {(h + pm, mi) for h, mi in said if h <= 12 and mi < 60 for pm in (0, 12)}


_NEGATION = re.compile(r"(?:不|无|没|非|未)(?:是|带|含|加|有)?(?:完全|百分之百|绝对|100%)?$|\bno\s+$")
_CHAT_ASKS = re.compile(r"(?:有人|有宝子|有姐妹|有朋友|有家长|有宝妈|弹幕|评论区|直播间)(?:在)?问(?:一下|了|过)?[^，,。！？!?]{0,6}$")


_BRACKETED = re.compile(r"[（(]([^（）()]*)[）)]")


def _asserted(text: str, value: str) -> bool:
    """``value`` occurs in ``text`` at least once not under a negation (不加绒 does not ground 加绒). A note in brackets
    (入围…清单（个护类）) is its own clause in the grounded text (入围…清单,个护类), and is read so."""
    if _BRACKETED.search(value) and value not in text:
        value = _BRACKETED.sub(r",\1", value)
    start = text.find(value)
    while start >= 0:
        if not _NEGATION.search(text[max(0, start - 2):start]):
            return True
        start = text.find(value, start + 1)
    return False


# A price said right beside a count of items (59.9两袋, 两包169): the total for that many.
_COUNT_AFTER_PRICE = re.compile(r"\s*(?:元|块)?\s*([2-6])\s*([\u4e00-\u9fff])")
_COUNT_BEFORE_PRICE = re.compile(r"(?<![\d.])([2-6])\s*([\u4e00-\u9fff])\s*(?:一共|共|总共|只要|才|到手)?\s*$")


# what a number may count or measure after it (thirty-two line drawings), not money (bucks) nor a verb (still applies)
_NOT_THINGS = (r"(?!(?:this|thus|plus|less|yes|as|is|was|has|its|us|bucks|dollars|cents|dimes|yuan|rmb|kuai|applies|works"
               r"|stays|holds|goes|comes|drops|costs|means|gets|makes|sells|ends|runs|starts|lasts|does|says|needs)\b)")
_THINGS_AFTER_EN = re.compile(rf"\s+(?:(?!(?:still|also|just|only|now|today|tonight|even|really|already|all|both|each)\b)"
                              rf"[a-z]+-?[a-z]*\s+)?{_NOT_THINGS}[a-z]+s\b"
                              rf"|\s+(?:and|by|x)\s+\d+(?:\.\d+)?\s+(?:each\b|{_NOT_THINGS}[a-z]+s\b)", re.IGNORECASE)
# the same in English (2 boxes for 228, 12.90 for 2 bags) and a pair said as two items (一对登山杖149, a pair for 149)
_COUNT_AFTER_PRICE_EN = re.compile(r"\s*(?:yuan\s+)?(?:for|per)\s+(?:the\s+)?([2-6])\s+([a-z]+)", re.IGNORECASE)
# 2 bags for 39, 2 for 298, 2 of them come to 3398, 2 silicone sets are 75: the thing counted may go unsaid (a piece of
# the SKU itself), not the hour of "at three is 18.90" nor the name of "stage two at 278"
_COUNT_BEFORE_PRICE_EN = re.compile(r"(?<![\d.])(?<!\bat\s)(?<!\buntil\s)(?<!\btill\s)(?<!\bby\s)(?<!\bstage\s)(?<!\bsize\s)"
                                    r"(?<!\blevel\s)(?<!\bstep\s)(?<!\bnumber\s)(?<!\blink\s)\b([2-6])\s+(?:(?!(?:of|at|for|in|on|from|with|are|is)\b)(?:[a-z-]+\s+)?([a-z]+)\s+"
                                    # three racks after the thirty off come to: what the count gets said between
                                    r"(?:(?:with|during|after|under|at)\s+(?:[a-z0-9'-]+\s+){1,6}?(?=come\s+to\b))?"
                                    r"|of\s+(?:them|these|those)\s+)?(?:for|at|cost|costs|are|is|come\s+to|comes\s+to)"
                                    r"\s+(?:only\s+|just\s+)?(?:a\s+)?$"  # come to a 119: "a hundred and nineteen"
                                    # two tubes, 478 / two pairs 738 / two behind-the-ear aids, that's 1998
                                    r"|(?<![\d.])\b([2-6])\s+(?!(?:of|you|we|they|i|it)\b)(?:[a-z'-]+\s+){0,5}?([a-z'-]+(?<!s)s),?\s+(?:that's\s+|that\s+is\s+|it's\s+"
                                    r"|the\s+(?:pair|two|lot)\s+of\s+them\s+comes?\s+to\s+|they\s+come\s+to\s+)?(?=$)", re.IGNORECASE)
# What the total of "two cookers, 258" is said to be for, after it: the pair, both, all of it after the discount
_TOTAL_AFTER_EN = re.compile(r"\s*(?:(?:for\s+)?(?:the\s+pair|both|the\s+two|the\s+both\s+of\s+them)|altogether|in\s+total"
                             r"|after\s+the\s+discount)\b", re.IGNORECASE)
# The price of "two tubes, 478" closes its statement: "two boxes, 24 balls" lists what a pack holds
_STATEMENT_END_EN = re.compile(rf"\s*(?:[,.;!?]|$|that's|that\s+is|total|done|easy|flat|all\s+in)|{_TOTAL_AFTER_EN.pattern}", re.IGNORECASE)
_PAIR_BEFORE_PRICE = re.compile(r"(?:一对(?:(?!减|省|送|折|惠|便宜|返)[\u4e00-\u9fff]){0,5}?(?:一共|共|总共|只要|才|到手)?|\ba\s+pair(?:\s+of\s+[a-z]+)?"
                                r"\s+(?:for|at|is)\s+(?:only\s+|just\s+)?)\s*$", re.IGNORECASE)
_EACH_AFTER = re.compile(r"\s*(?:each|apiece|a piece|per\s+[a-z]+|a\s+(?:bag|box|bottle|can|tin|piece|pair))\b", re.IGNORECASE)
_OFF_AFTER = re.compile(r"\s*(?:yuan\s+)?off\b", re.IGNORECASE)  # a case of six for 30 off: a saving, not a total
_PER_ONE_AFTER = re.compile(r"\s*(?:元|块)?\s*[1一]\s*[\u4e00-\u9fff]|\s*(?:a|per|each)\s+[a-z]+|\s*(?:each|apiece)\b",
                            re.IGNORECASE)
_PER_ONE_BEFORE = re.compile(r"(?<![\d.])[1一]\s*[\u4e00-\u9fff]\s*(?:就|才|只要|只需|也就|要)?\s*$")


# After 十四块九两把: the host goes on to say it is each (每把, 一把的价) or works it out.
_EACH_NEXT = re.compile(r"每|一[\u4e00-\u9fff](?:的价|的钱)|平均|算下来|摊下来|合下来")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _each_then_count(rest: str, value: float, count: int) -> bool:
    """Whether a price said before a count (十三块九两条) is each item's: the rest of its sentence says so, or says the
    count's total (两条二十七块八) — not two bags for 59.9 said bare."""
    rest = re.split(r"[；;]", rest, maxsplit=1)[0][:40]  # the context's sentence already ends at 。！？
    if _EACH_NEXT.search(rest):
        return True
    return any(_close(n, value * count, False) for n in map(float, _NUMBER.findall(rest)))


def _count_beside(ctx: Context, said: str) -> tuple[int, str] | None:
    """(N, measure word) of a count of 2-6 items said right before or after the price ``said``; none for the first
    addend of a sum said aloud (两盒三十五加二十八: one box's price, then the second's)."""
    after = len(ctx.before) + len(said)
    if _ADDEND.match(ctx.sentence, after):
        return None
    m = _COUNT_AFTER_PRICE.match(ctx.sentence, after) or _COUNT_BEFORE_PRICE.search(ctx.before)
    if m is None and (m := _COUNT_AFTER_PRICE_EN.match(ctx.sentence, after) or _COUNT_BEFORE_PRICE_EN.search(ctx.before)):
        count, word = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        if not m.group(1) and not _STATEMENT_END_EN.match(ctx.sentence, after):
            return None
        word = (word or "件").lower()
        each = _EACH_AFTER.match(ctx.sentence, after) or _OFF_AFTER.match(ctx.sentence, after)  # 2 at 109 each, 6 for 30 off
        if not is_measure_word(word) and _TOTAL_AFTER_EN.match(ctx.sentence, after):
            word = "件"  # two cookers, 258 the pair: the SKU's own items, by its own noun
        return (int(count), word) if is_measure_word(word) and not each else None
    if m is None:
        return (2, "对") if _PAIR_BEFORE_PRICE.search(ctx.before) else None
    if not is_measure_word(m.group(2)) or m.group(2) == "种":
        return None
    return int(m.group(1)), m.group(2)


_ADDEND = re.compile(r"\s*(?:元|块)?\s*(?:加上?|\+|plus)\s*\d", re.IGNORECASE)
# A count and the amount it costs, either way round (两罐42, 三盒三十支二十五块八, 29.9二十片): each read at every
# position, since one number may end a pair and start the next.
_COUNT = r"(?:[2-9]|[1-9]\d{1,2})"  # two to 999 things
_SAID_TOTALS = (re.compile(rf"(?=(?<![\d.])({_COUNT})\s*(?![元块毛角钱])[\u4e00-\u9fff]\s*(?:一共|共|总共|只要|才|到手)?\s*"
                           r"(\d+(?:\.\d+)?))"),
                re.compile(rf"(?=(?<![\d.])(\d+(?:\.\d+)?)(?![\d.])\s*(?:元|块)?\s*({_COUNT})\s*[\u4e00-\u9fff])"))


# 一罐四十六，得两罐 / 前提两尊 / 两套起 / only when you take two: the share is said as the multi-buy's, with its condition.
_SEVERAL_NEEDED = re.compile(r"(?:得|要|前提是?|必须)\s*[2-6两俩](?![\d.])|(?<![\d.])[2-6两俩]\s*[\u4e00-\u9fff]?起(?![来码])|"
                             r"\bonly\s+(?:when|if)\s+you\s+(?:take|buy|get|grab)\b|\bonly\s+as\s+a\s+pair\b", re.IGNORECASE)
_PAIR_WORDS = re.compile(r"\b(?:pair|both|second|couple)\b", re.IGNORECASE)
# What a basket lacks of a rule's threshold (还差两块, 差一块钱够不着, one yuan short of, ten away from).
_GAP_BEFORE = re.compile(r"(?:还|就|只|才)?差(?:了|个)?\s*$")
_GAP_AFTER = re.compile(r"^\s*(?:块钱?|元|yuan|bucks?|kuai)?\s*(?:(?:就|才)?(?:够不着|凑不上|没到|不够|够不上)|(?:short|shy|away)\b)",
                        re.IGNORECASE)


def _gap_to_threshold(ctx: Context, value: float, book: PriceBook) -> bool:
    """``value`` is said as a gap to a threshold of today's rules, and is one: the threshold less some count of
    today's price, or less a total said before it in the sentence."""
    after = ctx.sentence[len(ctx.before):].lstrip("0123456789.")
    if not (_GAP_BEFORE.search(ctx.before) or _GAP_AFTER.match(after)):
        return False
    totals = [float(n) for n in re.findall(r"\d+(?:\.\d+)?", ctx.before)]
    today = float(book.today)
    return any(abs(float(p.value) - total - value) < 0.01 for p in book.now if p.rule
               for total in totals + [today * n for n in range(1, 10)])


_PER_PACK_AFTER = re.compile(r"\s+(?:a|per|in\s+a|to\s+a|in\s+each)\s+(?:pack|box|set|bag|case|bottle|jar|tin|carton)\b",
                             re.IGNORECASE)
# 狼毫那支, 兼毫的那款: a word said as the name of one product of several
_THAT_ONE = re.compile(r"\s*的?那一?[\u4e00-\u9fff]")
_CONTRADICTS = "与知识库矛盾"
_FORBID_LEAD = re.compile(r"^(?:不得|不可|禁止|严禁)(?:宣称|声称|暗示|表述为?|说成?|称|宣传)?")
# 8根/包, 4色, 12位: a count whose unit the merchant wrote into the value, not the unit column (a rate's count, or a
# counting word the built-in table lacks)
_VALUE_UNIT = re.compile(r"\d\s*([\u4e00-\u9fff](?=/[\u4e00-\u9fff])|[根色位](?=$))")
# thirty in a bag, ten to a pack, 35 to 45 in a box, about 250 tails per bag; each bag has 250 tails, a pack holds 10:
# how many one pack holds, said in English
_PACK_COUNT_EN = re.compile(
    r"(?P<about>\b(?:about|around|roughly)\s+)?(?<![\d.])(?P<lo>\d+)(?:\s*(?:to|-)\s*(?P<hi>\d+))?\s+"
    r"(?:(?!(?:for|at|is|are|yuan|bucks|off|each|per|and|or|in|to|less|more|fewer|cheaper|dearer|extra)\b)(?P<noun>[a-z]+)\s+"
    r"(?:in\s+(?:a|each|every|one)|to\s+a|per|a)"
    r"|in\s+(?:a|each|every|one)|to\s+a)\s+(?P<pack>[a-z]+)\b"  # (25 a roll, 25 per roll: a price)
    r"|\b(?:each|every|a|one)\s+(?P<pack2>[a-z]+)\s+(?:has|holds|contains|comes\s+with|gives\s+you)\s+"
    r"(?:(?:about|around|roughly)\s+)?(?P<lo2>\d+)(?:\s*(?:to|-)\s*(?P<hi2>\d+))?(?:\s+(?P<noun2>[a-z]+))?")
_NEAR_ORIGIN = 160  # characters apart at most of two origins said in one breath
# counts of what an item is not made of: its kinds (5种), colours, the people it serves (2-3人), its uses
_NOT_CONTENTS = "种色款人次"
# so 135 liters, 加起来六双: a clause that states the result of a sum the sentence said before it
_RESULT_LEAD = re.compile(r"\s*(?:so|that's|that\s+is|which\s+is|makes|altogether|in\s+total|一共|总共|加起来|合计|就是|那就是|等于)",
                          re.IGNORECASE)


def _sum_said(c: Claim) -> bool:
    """The claim's clause states the result of a sum the sentence said before it: so 135 liters, or the total alone
    (three packs for sixty-six, three hundred sheets)."""
    return bool(_RESULT_LEAD.match(c.context)) or c.text.isascii() and c.context.strip(" .!") == c.text


# 两盒 / 3包 / 八百提: a count of packs said, whose contents a count in the SKU's own unit may total (两盒，二十片;
# 八百提就是九千六百卷).
_PACKS_SAID = re.compile(r"(?<![\d.])([2-9]|[1-9]\d{1,3})\s*[盒包袋箱罐组套瓶支提桶]")
# A KB that writes 斤 or 两 states a weight; only a host says them of a drink's volume (一斤装 for 500 mL).
_MARKET_UNITS = frozenset({"斤", "两"})
# 单拍一盒也是一百九十九, forty-four for one valve, one set is 179: said of one item bought alone, not of a multi-buy.
_SINGLE = re.compile(r"(?<!比)(?:单拍|单买|单件)|只拍[1一]|只买[1一]|拍[1一][\u4e00-\u9fff]?(?:也|就)|\bfor\s+(?:1|one|a\s+single|just\s+(?:1|one))\b"
                     r"|\bsingle\b|\bjust\s+(?:1|one)\b|^\s*(?:1|one)\s+[a-z]+\s+(?:is|costs|comes\s+to)\b", re.IGNORECASE)
# 满不了减, 不够满减, you don't reach the discount: a threshold said not to be met
_UNMET = re.compile(r"满不了减?|不够满减?|够不上满减|凑不(?:够|到|齐)满减|达不到满减|用不上满减|减不了|不减(?=[，,。！!；;]|$)|"
                    r"\b(?:don't|doesn't|won't|can't)\s+(?:reach|hit|qualify\s+for|get)\s+(?:the\s+)?(?:discount|threshold|money\s+off)\b")
_PRICE_BEFORE = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?:元|块)?\s*[，,]?\s*$")
_CUT_ONCE = re.compile(r"只(?:能)?减(?:一次|一回|1次)|只(?:能)?减\d+(?:块|元)?(?![\d.])|\bonly\s+(?:\$?\d+\s+)?off\s+once\b|"
                       r"\bonly\s+(?:gets?\s+)?(?:\$?\d+\s+)off\b")
_ITEMS_SAID = re.compile(rf"(?<![\d.])([2-9]|[两俩])[{_MEASURE_CHARS}串对箱副]|\b([2-9])\s+[a-z]")
_ONE_SAID = re.compile(rf"单拍|单买|只拍[1一]|只买[1一]|(?<![\d.])[1一][{_MEASURE_CHARS}]|"
                       r"\b(?:buy|get|take)\s+(?:just\s+)?(?:one|1)\b|\bsingle\b|\b(?:one|1)\s+alone\b")
_SEVERAL_SAID = re.compile(rf"{_ITEMS_SAID.pattern}|[两俩]")  # (spoken numbers are digits by now: two boxes -> 2 boxes)
def _with_result(low: str, end: int) -> int:
    """``end`` moved past the price said right after a rule or a cut (一份也减五十，三一八; 满不了减，就是七十九): the price
    the host draws from it is part of the claim."""
    result = _RULE_RESULT.match(low, end)
    return result.end() if result else end


_RULE_RESULT = re.compile(r"\s*[，,]?\s*(?:[1一][\u4e00-\u9fff])?\s*(?:就|只要|到手|才)?\s*\d+(?:\.\d+)?(?:元|块)?(?![\d.])")
# 一盒六十九块五，单拍一盒也是 / 两包平均七块四毛二，单拍也这个价: one item alone said to cost the multi-buy average
# (一盒就这个价, 您就拍一台也是这个价, 一台也一样)
_SINGLE_AFTER = re.compile(r"\s*(?:元|块钱?)?\s*(?:[1一]\s*[\u4e00-\u9fff])?\s*[，,]\s*(?:(?:您|你)?就?(?:单拍|单买|只拍[1一]|只买[1一]|拍[1一]|买[1一])(?:[1一]|[^，,。！？!?\d]){0,4}?"
                           r"(?:也是这个价|也是这价|也这个价|也这价|就这个价|就这价|也是|也行|也一样|一样)"
                           r"|[1一][\u4e00-\u9fff](?:也是这个价|也是这价|也这个价|也这价|就这个价|就这价|也一样|也行))"
                           r"\s*(?:[，,。！？!?；;]|$)")


def _stock_unit(sku: Sku) -> str:
    return sku.stock.unit if sku.stock is not None else ""


# The measure words an English packaging noun may stand for (boxes of a SKU sold by the 盒 are items bought).
_SOLD_AS_EN = {"box": "盒箱", "bag": "袋包", "pack": "包袋盒组", "bottle": "瓶", "can": "罐听", "jar": "罐瓶",
               "tin": "罐盒", "set": "套组", "case": "箱盒", "carton": "箱盒", "tube": "支管", "roll": "卷", "book": "本"}


def _held(g: _SkuGround, word: str) -> set[float]:
    """How many ``word`` one item holds, as the title or an attribute says (拨浪鼓三只礼盒, 件数：3): a count in a word
    other than the stock unit, said beside a price, counts what is inside, not items bought."""
    unit = _stock_unit(g.sku)
    if unit and (word == unit or unit in _SOLD_AS_EN.get(re.sub(r"(?<=x)es$|s$", "", word.lower()), "")):
        return set()  # two boxes for 69 of a SKU sold by the 盒: items bought
    loose = word == "个" or word.isascii()  # three pieces for 24.90: English names the thing, not the KB's measure word
    return {q.value for q in g.measures if (q.measure.dimension == f"count:{word}" or loose and "/" not in q.measure.dimension
                                            and q.measure.dimension.startswith("count:"))
            and ("#title" in q.fact_id or "#attr:" in q.fact_id)}


_DIGIT_NEXT = re.compile(r"\d")


def _said_roughly(c: Claim, ctx: Context) -> bool:
    """The price is said as a round figure (七十二块多, 不到十二块, 大概二十, or 十四块九一块 where the words go on past
    the value read): an average may be cut to the yuan. Said bare (平均一个二十一 for 21.67), its decimal is dropped."""
    rest = ctx.sentence[len(ctx.before) + len(c.text):]
    return c.approx or c.bound == "<" or bool(_ROUGHLY_AFTER.match(rest) or _DIGIT_NEXT.match(rest)
                                              or _HEDGE.search(ctx.before[-6:]))


def _average_as_single(c: Claim, ctx: Context, book: PriceBook, value: float, rough: bool) -> Price | None:
    """The multi-buy average ``value`` is, when the host says one item bought alone costs it now (单拍一盒也是一百九十九);
    None when one item does cost it now (an ended or coming offer's single price is not now's)."""
    single = _SINGLE.search(ctx.clause) or _SINGLE_AFTER.match(ctx.sentence, len(ctx.before) + len(c.text))
    if not single or not ctx.as_now:
        return None
    avg = next((p for p in book.now if p.several and not p.saving and p.said_as(value, rough)), None)
    if avg is None or book.find(book.now, value, several=False, rule=False, before_rule=False, nth=False, saving=False):
        return None
    return avg


# 清明要九十九, 端午涨回一百一十九, 今晚八点两百九十九: an offer named right before the number says the number is its price.
_NAME_TO_PRICE = "的|是|价|要|会是|降到|涨到|涨回|回到|变成|便宜到|卖到"  # the words between an offer's name and its price
_OFFER_THEN_PRICE = re.compile(rf"(?:那天|那会儿|当天|的时候|期间|那场|场)?(?:会|还|也|要)?(?:{_NAME_TO_PRICE}|就|只要|才)?\s*$")
# 中秋预售, 晚上九点档, 明天早场: the offer's name said whole, its generic word after the word that names it
_GENERIC_TAIL = re.compile(rf"(?:{_PROMO_WORDS}|档)+$")
_WEEKDAYS = "一二三四五六日"
# 明天早场 on a Friday is 周六早场: a day said relative to the check's moment
_RELATIVE_DAY = {"今天": 0, "今晚": 0, "明天": 1, "明早": 1, "明晚": 1, "后天": 2}


_SESSION_BY_PART = re.compile(rf"({'|'.join(_PARTS)})(?:那?一?场|档|那个?档)$")


def _offers_named(clause: str, sku: Sku, at: datetime) -> list[Promotion]:
    """The offers of ``sku`` whose name (as hosts say it) ends ``clause``, the clause up to a number: 清明要, 中秋预售降到,
    明天早场 (on a Friday, 周六早场). A slot's clock time names it only with its slot word (晚上九点档, not 晚上九点)."""
    named = _OFFER_THEN_PRICE.sub("", clause, count=1)
    named = re.sub("|".join(_RELATIVE_DAY), lambda m: f"周{_WEEKDAYS[(at.weekday() + _RELATIVE_DAY[m.group()]) % 7]}"
                   + m.group()[1:].replace("天", ""), named)
    bare = _GENERIC_TAIL.sub("", named)
    tail = named[len(bare):]  # the generic word must be the offer's own (双11预售 is not 双十一当天)
    offers = [p for p in sku.promotions
              if any(named.endswith(k) and not _CLOCK.search(k) or tail and tail in p.name and bare.endswith(k)
                     for k in _promo_keys(p.name) if not _LATIN_WORD.search(k))]
    # 中午档, 下午场: today's session by the part of the day it runs in
    offers += [p for p in sku.promotions if p not in offers and _SESSION_BY_PART.search(named) and _in_part_said(
        _SESSION_BY_PART.search(named).group(1), p, at)]
    # 年货节 names 年货节, not 年货节预热 too: of offers named by one word, the one whose whole name was said
    return [p for p in offers if fold(normalize(p.name).text) in named] or offers


def _offers_named_before(ctx: Context, sku: Sku, at: datetime) -> list[Promotion]:
    """The priced offers of ``sku`` named right before the number; of offers that share the name said today
    (今天敬老节: 重阳敬老节, not 敬老节预热), the running one."""
    clause = CLAUSE_BREAK.split(ctx.before)[-1]
    named = _offers_named(clause, sku, at)
    running = [p for p in named if p.active(at)]
    if len(named) > 1 and running and _TODAY_NAMED.match(clause):
        named = running
    return [p for p in named if p.price is not None and not p.rules]


_TODAY_NAMED = re.compile(r"\s*(?:今天|今儿|今日|现在|这会儿?)(?:的|是|就是)?(?=[\u4e00-\u9fff])")


# 一百二十九一盒。/ 这个气垫梳七十九 / after the flash, one sixty-nine: a price said bare is what an item costs (or, after the
# sale, returns to), unless its sentence names a list price somewhere (一百六十九上面有一道杠，那叫划线价).
_LIST_WORD = re.compile(r"划线|划掉|一道杠|原价|吊牌|标价|指导价|\b(?:reference|list|original|tag|sticker)\s+price|crossed|line\s+through|\brrp\b",
                        re.IGNORECASE)
# A sentence that places its prices away from now (平时, 活动之后, usually): a bare everyday price in it is no today's.
_OTHER_TIME = re.compile(rf"{_LIST_WORD.pattern}|日常|平时|平常|原来|以前|之前|之后|以后|过后|恢复|回到|涨回|明天|昨天|后天|结束|"
                         r"点后|完|\b(?:usually|normally|regular|everyday|after|before|tomorrow|yesterday|later|back|then|until|till|afterwards|instead\s+of|rather\s+than|down\s+from)\b",
                         re.IGNORECASE)
# 九百五十九是划线价, 四十九划线价, nine fifty-nine is the reference price: the list price named as such
_NAMED_LIST = re.compile(r"\s*(?:元|块钱?)?\s*(?:就?是|那个是|算)?\s*(?:划线价|原价|吊牌价|标价|指导价|划线的)"
                         r"|\s*(?:元|块钱?)?\s*(?:那个)?(?:不是今天的价|不是现在的价)"  # 那个六十八不是今天的价
                         r"|\s+(?:is|was|that's)\s+(?:the|our|just\s+the)\s+(?:reference|list|original|tag|crossed[\s-]out|sticker)\s+price"
                         r"|\s+on\s+the\s+(?:price\s+)?(?:tag|card|label|sticker)\b",  # fifty-five on the tag
                         re.IGNORECASE)
_AFTER_THE_SALE = re.compile(r"\d点(?:半)?(?:以后|之后|过后)|秒杀(?:结束)?(?:以后|之后|过后)|(?:秒杀|闪购)(?:完|结束)了?[^，,。！？!?\d]{0,6}?\d|\bafter\s+(?:the\s+flash|\d{1,2}\b)",
                             re.IGNORECASE)


# 满两个一百减二十, 每满两百, 满四个一百，减四十: a spend rule's threshold (after 满) or its cut (after 减 in a
# sentence that says 满), in whole steps; the rule check judges the rule said, the money check no price.
_THRESHOLD_BEFORE = re.compile(r"满\s*了?\s*(?:\d+\s*个)?\s*$|(?:够|有|凑)\s*了?\s*\d+\s*个\s*$")
# 三个一百减三十 / 五个一百，减五十: how many times the threshold a basket holds, then the cut it earns
_STEPS_HELD = re.compile(r"(?<![\d.])\d+\s*个\s*$")
_CUT_FOLLOWS = re.compile(r"\s*[,，]?\s*(?:就|再|能|可以)?\s*(?:减|扣)")
_CUT_BEFORE = re.compile(r"(?:减|扣)(?:去|掉|了)?\s*(?:\d+\s*次)?\s*$")
_SPEND_RULE_DENIED = re.compile(r"不是\s*(?:每\s*)?满\s*\d+(?:\.\d+)?\s*(?:元|块)?\s*(?:减\s*)?$|不是\s*(?:每\s*)?满\s*$")
_THRESHOLD_TALK = re.compile(r"满|够|(?<![\d.])\d+\s*个\s*\d")


def _spend_step(ctx: Context, said: str, value: float, sku: Sku) -> bool:
    """``value`` is a whole number of steps of one of ``sku``'s spend rules, said as its threshold (满一百, 够两个六十,
    三个一百减三十) or its cut (减二十, 扣了两次八块) where the sentence counts thresholds; several steps only of a rule
    that repeats (每满)."""
    rules = [r for p in sku.promotions for r in p.rules if r.kind == "spend_save"]
    if rules and _SPEND_RULE_DENIED.search(CLAUSE_BREAK.split(ctx.before)[-1]):
        return True  # 只减一次，不是满四百减四十: a rule the host says is not the one
    if _THRESHOLD_BEFORE.search(ctx.before) or _STEPS_HELD.search(ctx.before) \
            and _CUT_FOLLOWS.match(ctx.sentence, len(ctx.before) + len(said)):
        steps = [(float(r.threshold), r.each) for r in rules]
    elif _CUT_BEFORE.search(ctx.before) and _THRESHOLD_TALK.search(ctx.sentence):
        steps = [(float(r.amount), r.each) for r in rules]
    else:
        return False
    return any(abs(value - step * k) < 0.01 for step, each in steps for k in range(1, 11 if each else 2))


# A sale's time left (秒杀还有四十分钟, forty minutes left on the flash sale, 四十分钟后结束): a countdown to an offer's
# end, checked against the clock, not a parameter of the product.
_LEFT_BEFORE = re.compile(r"(?:还有|还剩|只剩|剩下?|倒计时)\s*(?:最后)?\s*$|(?:^|[，,。！？!?；;])\s*最后\s*$"  # 最后五十分钟
                          r"|\b(?:you'?ve(?:\s+(?:still\s+)?got)?|(?:you|we)\s+(?:still\s+)?have|there'?s(?:\s+still)?"
                          r"|we'?ve\s+(?:still\s+)?got|that'?s|still)\s+(?:about\s+|only\s+|just\s+)?$",
                          re.IGNORECASE)
_LEFT_AFTER = re.compile(r"^\s*(?:就|后|以后|之后)?\s*(?:结束|截止|恢复|涨价)"
                         r"|^\s*(?:left|to\s+go|remaining|from\s+now|on\s+the\s+clock|more\s+(?:on|of|for|in)\b)\b|"
                         r"^\s*(?:until|till|before)\s+(?:it|the\s+\w+)?\s*(?:ends?|closes?|goes\s+back)", re.IGNORECASE)
# Words of an offer, its price or its end, in both languages (a sentence about the sale says one)
_OFFER_TALK = r"秒杀|活动|闪购|专场|优惠|价|\d\s*(?:元|块)|恢复|抓紧|抢|手慢|下单|结束|截止"
_OFFER_TALK_EN = r"sale|flash|deal|offer|price|session"
# (a price said in the sentence makes it about the sale too: forty minutes left on the F45 at 1399; so does a hurry or a
# restore: 最后四十分钟，抓紧; then it goes back to 2399)
_SALE = re.compile(rf"{_OFFER_TALK}|档|赶紧|\b(?:{_OFFER_TALK_EN}|slot|closes|closing)\b|\bat\s+\d"
                   r"|\b(?:goes|go|going|it's)\s+back\s+to\b|\bonly\s+until\b", re.IGNORECASE)


# 八点结束，二十分钟 / 秒杀到八点，二十分钟 / ends at eight, that's twenty minutes: a duration alone in its clause after the offer's end is said.
_END_SAID = re.compile(r"结束|截止|\d点下|到\d{1,2}点|\b(?:ends?|over|closes?|till|until)\b", re.IGNORECASE)
_FILLER = re.compile(r"\s*(?:(?:that'?s|so|and|just|only|about|it's|还有|就|也就|剩|大概|差不多|那就是|就是)\s*)*[.。]?\s*", re.IGNORECASE)


_AFTERNOON_BEFORE = re.compile(r"(?:下午|傍晚|晚上|今晚)\s*$")


def _countdown(c: Claim, ctx: Context) -> float | None:
    """The seconds ``c`` says an offer has left, when it is said as a countdown (None otherwise)."""
    if not any(r.dimension == "duration" for r in c.readings) or not _SALE.search(ctx.sentence):
        return None
    end = len(ctx.before) + len(c.text)
    if not (_LEFT_BEFORE.search(ctx.before) or _LEFT_AFTER.match(ctx.sentence[end:])
            or _END_SAID.search(ctx.before) and _FILLER.fullmatch(ctx.clause.replace(c.text, "", 1))):
        return None
    return next(r.lo for r in c.readings if r.dimension == "duration")


# Words that say which quantity an ambiguous unit is (度: alcohol by volume or a temperature)
_DIMENSION_CUES = (("percent", re.compile(r"酒精|度数|\b(?:abv|alcohol|proof)\b", re.IGNORECASE)),
                   ("temperature", re.compile(r"[冰温热烫凉冷]|加热|煮|℃|摄氏|华氏|\b(?:chill|warm|heat|celsius|fahrenheit)", re.IGNORECASE)))
# The kind of offer a clause names (闪购晚上九点结束: the flash, whatever its full name)
_OFFER_KIND = re.compile(r"闪购|秒杀|预售|预热|专场|夜场|早场|晚场|午场")
# A sentence about the sale's clock: an offer, a hurry or a wait, or a time of day.
# (not 档: 标准档 is a gear, not a session)
_CLOCK_TALK = re.compile(rf"{_OFFER_TALK}|赶|急|等|\d点|\d:\d\d|礼拜|星期|周[一二三四五六日天]|号"
                         rf"|\b(?:{_OFFER_TALK_EN}|rush|hurry|wait|fair|midnight|tonight|ends?|runs?|left|next)\b",
                         re.IGNORECASE)


def _check_countdown(c: Claim, left: float, active: Sequence[Promotion], at: datetime):
    """A countdown is right when a running offer ends that long from now, give or take five minutes or a tenth."""
    ends = [(p.ends_at - at).total_seconds() for p in active]
    if any(abs(e - left) <= max(300.0, 0.1 * e) for e in ends):
        return None
    days = left / 86400
    if days.is_integer() and days >= 1 and any((p.ends_at.date() - at.date()).days == days or left <= e < left + 86400
                                               for p, e in zip(active, ends)):
        return None  # 还有六天 on Wednesday for a Monday-night end: whole days, or dates apart
    real = "、".join(f"{p.name}到{p.ends_at:%m-%d %H:%M}" for p in active) or "现在没有进行中的活动"
    return ("expired_offer", f"“{c.text}”：活动剩余时间不对（{real}）")


def _unearned_totals(sku: Sku, at: datetime) -> list[tuple[Decimal, int, Decimal, Decimal]]:
    """``(total after the cut, items, threshold, amount)`` for each basket of one to three items that does not reach a
    running spend rule's threshold: what a host says who takes the cut anyway."""
    return [(unit * items - rule.amount, items, rule.threshold, rule.amount)
            for promo in sku.promotions if promo.active(at) for unit in [promo.price or sku.price]
            for rule in promo.rules if rule.kind == "spend_save" and not rule.each
            for items in range(1, 4) if unit * items < rule.threshold]


def _unearned_cut(value: float, sku: Sku, at: datetime, ctx: Context) -> str | None:
    """Why ``value`` is a spend cut taken off a basket that does not reach it (一台就满一千五减五十，一千三百四十九 for
    one 1399 item), said in a sentence that states the spend rule; None when it is not."""
    if "满" not in ctx.sentence or "第" in ctx.clause or ctx.several:
        return None
    for total, items, threshold, amount in _unearned_totals(sku, at):
        if abs(float(total) - value) < 0.01:
            return f"：{items}件{_fmt(float(total + amount))}元不满{_fmt(float(threshold))}元，减不了{_fmt(float(amount))}元"
    return None


def _share_of_said_total(before: str, value: float, book: PriceBook, average: bool) -> bool:
    """``value`` is one item's share of a total said earlier in the sentence with its count (两罐42 -> 21): said as an
    average, or a share of a wrong total, which is judged itself; a true total's share said as one item's price
    (三盒一百零二，三十四块一盒 under 满减) is no price of one."""
    for m in (m for pattern in _SAID_TOTALS for m in pattern.finditer(before)):
        count, total = (int(m.group(1)), m.group(2)) if m.re is _SAID_TOTALS[0] else (int(m.group(2)), m.group(1))
        if abs(float(total) / count - value) <= min(0.05, 0.02 * value + 0.005) \
                and (average or not book.is_total(float(total), count)):
            return True
    if is_english(before):  # 78 for 3 boxes, 26 each; 2048 for the pair, 1024 each: English says the share so
        counts = {int(n) for n in re.findall(rf"(?<![\d.]){_COUNT}(?![\d.])", before)} | (
            {2} if _PAIR_WORDS.search(before) else set())
        return any(abs(float(total) / n - value) <= 0.05 for total in _BARE_NUMBER.findall(before) for n in counts)
    return False


def _counted_in_kuai(c: Claim, sku: Sku, value: float) -> bool:
    """A SKU counted in 块 (a watch, a soap): 一人一块 and 一共四十块 count items when the number is no price."""
    return sku.stock is not None and sku.stock.unit == "块" and c.text.endswith("块") and (
        value < 10 or value in [sku.stock.quantity] + [p.stock_limit for p in sku.promotions])


# 两块八十八块五, 五十九是两块的钱: of a SKU counted in 块, a small count of them before their price
_KUAI_COUNT = re.compile(r"(?<![\d.])[2-9]\s*块(?=的钱|\d|一共|总共)")


def _kuai_counted(ctx: Context, sku: Sku) -> bool:
    """The sentence counts several items of a SKU counted in 块 (soap bars, boards), which ``Context.several`` reads
    as money."""
    return sku.stock is not None and sku.stock.unit == "块" and bool(_KUAI_COUNT.search(ctx.sentence))


def _times_said(ctx: Context, said: str, total: float) -> bool:
    """The next number of the sentence, or one before, is ``total`` (两个八百九十九，一千七百九十八; 两桶就是五百九十八，
    两个二百九十九): the count times the price, each item at it."""
    m = _BARE_NUMBER.search(ctx.sentence, len(ctx.before) + len(said))
    return m is not None and abs(float(m.group(0)) - total) <= 0.01 \
        or any(abs(float(n) - total) <= 0.01 for n in _BARE_NUMBER.findall(ctx.before))


# A subtotal worked out aloud before a cut is taken off it (189 twice is 378, minus 20; 2 at 149 is 298, less 20; 49
# and 49 is 98, take off 8; 2瓶70，减完60) or before the items are said bought apart (2台要是分开买398).
_CUT_NEXT = re.compile(r"\s*(?:元|块钱?|yuan|bucks)?\s*[,，]?\s*(?:再|还)?(?:减|扣|省|less\b|minus\b|take\s+off\b|knock\s+off\b)",
                       re.IGNORECASE)
_COUNT_SAID = re.compile(r"(?<![\d.])([2-6])(?=\s*[\u4e00-\u9fff]|\s+(?:at|of|for)?\s*[a-z])|\b(twice)\b", re.IGNORECASE)


_SHORT_OF_BEFORE = re.compile(r"(?:不够|不到|没到|没满|不满|够不上|凑不够|差一?点?就?(?:到|满)?)\s*$")
_PAIR_SAID = re.compile(r"(?:拍|买)?[1一](?P<word>[对组])")


def _offers_in(text: str, sku: Sku) -> list[Promotion]:
    """The offers of ``sku`` that ``text`` names by a word of its name or by its kind (秒杀, 预售)."""
    kinds = _OFFER_KIND.findall(text)
    return [p for p in sku.promotions if any(k in text for k in _promo_keys(p.name)) or any(k in p.name for k in kinds)]


def _end_day_said(sentence: str, offer: Promotion) -> bool:
    """八号是杜鹃节最后一天, 这礼拜天最后一天: the sentence names the day the running ``offer`` ends on, not today."""
    days, weekdays = days_named(sentence)
    return offer.ends_at.day in days or offer.ends_at.weekday() in weekdays


def _named_list_before(before: str, value: float) -> bool:
    """The sentence named ``value`` as the list price before (划线价六百九十九…你别把六百九十九当成今天的价): said again,
    it is that list price."""
    return any(abs(float(m.group(1)) - value) < 0.005 for m in _LIST_THEN_NUMBER.finditer(before))


_SOLD_SINGLY = re.compile(r"单(?:拍|买|卖|条|本|支|个|片|件|盒|袋|瓶|台|只|把|套)|\b(?:single|alone|on\s+its\s+own)\b", re.IGNORECASE)
_NOT_TODAYS_AFTER = re.compile(r"[^。！？!?]{0,14}?(?:不是|并不是|可不是|别当真?是?)(?:今天|现在|今晚)")  # …那个不是今天价
_DONT_TAKE = re.compile(r"(?:别|不要|可别)把\s*$")  # 你别把六百九十九当成今天的价
_LIST_THEN_NUMBER = re.compile(r"(?:划线价|吊牌价|原价|标价)(?:是|就是|写的|印的)?\s*(\d+(?:\.\d+)?)")


def _cents_of_said(ctx: Context, value: float) -> bool:
    """五十七块五毛，五毛钱也给你算清楚: the cents of a price said before in the sentence, not a price."""
    return 0 < value < 1 and any(abs(float(n) % 1 - value) < 0.005 for n in _BARE_NUMBER.findall(ctx.before) if "." in n)


def _worked_out(ctx: Context, said: str, value: float) -> bool:
    """``value`` is a count times a price said before it in the sentence, or the sum of the last two numbers before
    it, and a cut follows it (or the items are said bought apart): arithmetic said aloud, not a price claimed."""
    if not (_CUT_NEXT.match(ctx.sentence, len(ctx.before) + len(said)) or _SEPARATELY.search(CLAUSE_BREAK.split(ctx.before)[-1])):
        return False
    numbers = [float(n) for n in _BARE_NUMBER.findall(ctx.before)]
    counts = {2 if m.group(2) else int(m.group(1)) for m in _COUNT_SAID.finditer(ctx.before)}
    return any(abs(n * a - value) <= 0.01 for n in counts for a in numbers) \
        or len(numbers) >= 2 and abs(numbers[-1] + numbers[-2] - value) <= 0.01


def _true_cut(sku: Sku, at: datetime, total: float, cut: float) -> bool:
    """A running offer takes ``cut`` off ``total``, the price of some count of the SKU before its rules."""
    return any(abs(float(unit) * n - total) < 0.01 and abs(float(unit * n - p.total(unit, n)) - cut) < 0.01
               for p in sku.active_promotions(at) for unit in [p.price or sku.price] for n in range(1, 7))


def _own_words(sku: Sku) -> frozenset[str]:
    """The count word the SKU is stocked in (桶 for paint): a measure word for it whatever the general list says."""
    return frozenset([sku.stock.unit]) if sku.stock is not None else frozenset()


def _per_one(ctx: Context, said: str) -> bool:
    """The price is said of one item (34.5一个, 一台99, 29.9 a box): not the n-th item's price under a rule."""
    return bool(_PER_ONE_AFTER.match(ctx.sentence, len(ctx.before) + len(said)) or _PER_ONE_BEFORE.search(ctx.before))


def _restates_one(ctx: Context) -> bool:
    """The price opens its clause right after a clause about one item (一瓶不到十块，九块九毛七): it says that one's
    price to the fen."""
    *earlier, own = CLAUSE_BREAK.split(ctx.before)
    return not own.strip() and bool(earlier) and bool(_ONE_SAID.search(earlier[-1]))


_NOW_CUE = re.compile(r"现在|今天|今晚|马上|立刻|提前|直接|也按|照样|还能|一直|持续|\b(?:now|today|tonight|still|all\s+day|through)\b")
_CLAUSE_END = re.compile(r"[，,；;。！？!?\n]")


def _said_as_now_end(ctx: Context, c: Claim) -> int:
    """Where the statement that a past or coming offer's price holds now ends: its own clause when that says
    so (元旦的49今天提前给大家上了), else the next clause when that does (九点半那个129，现在就能拍)."""
    after = ctx.sentence[len(ctx.before) + len(c.text):]
    first = _CLAUSE_END.search(after)
    own = after[: first.start()] if first else after
    if _NOW_CUE.search(own):
        return c.end + len(own)
    if first is None:
        return c.end
    nxt = _CLAUSE_END.search(after, first.end())
    following = after[first.end(): nxt.start() if nxt else len(after)]
    return c.end + (first.end() + len(following) if _NOW_CUE.search(following) else 0)


def _lapsed(c: Claim, ctx: Context, sku: Sku, at: datetime):
    """A price of now said to hold at or through a later moment (晚上八点还是169, 一直到五一假期结束, all day today) must
    be a price then as well: the offer that gives it may end first."""
    then = held_until(ctx.clause, at)
    if then is None:
        return None
    book = price_book(sku, at)
    later = price_book(sku, then)
    value = c.base or 0.0
    if later.find(later.now, value) is not None:
        return None
    ends = min((p.ends_at for p in sku.promotions if p.active(at) and p.price is not None
                and abs(float(p.price) - value) <= 0.005), default=None)
    until = f"，这个价{ends:%H:%M}结束" if ends is not None else ""
    return ("expired_offer", f"“{c.text}”到{then:%H:%M}已经不是这个价（那时{_fmt(float(later.today))}元{until}；"
            f"今天到手价{_fmt(float(book.today))}元）", f"{sku.sku_id}#promotions")


def _on_day(promotions, month_day: str) -> bool:
    return any(month_day in (f"{p.starts_at:%m-%d}", f"{p.ends_at:%m-%d}") for p in promotions)


_WORD_NUMBER = re.compile(r"([^\d\s]{2,})\s*(\d+(?:\.\d+)?)")


def _keyed_number(sku: Sku, value: str) -> bool:
    """A value said as an attribute's name and number (蓝牙5.3) that the KB states as key and value (蓝牙版本：5.3)."""
    m = _WORD_NUMBER.fullmatch(value)
    return m is not None and any(
        m.group(1) in a.key.lower() and re.search(rf"(?<![\d.]){re.escape(m.group(2))}(?![\d.])", a.value)
        for a in sku.attributes)


def _clause_before(text: str, pos: int) -> str:
    """Up to ``_GENERIC_CONTEXT`` characters before ``pos`` within the same clause."""
    return CLAUSE_BREAK.split(text[max(0, pos - _GENERIC_CONTEXT) : pos])[-1]


def _clause_around(text: str, pos: int) -> str:
    """The whole clause ``pos`` is in, read at most ``_CLAUSE_REACH`` characters either side (a run-on text without a
    break must not make every number rescan it); empty where ``pos`` is on a break."""
    start = pos - len(CLAUSE_BREAK.split(text[max(0, pos - _CLAUSE_REACH):pos])[-1])
    end = CLAUSE_BREAK.search(text, pos, pos + _CLAUSE_REACH)
    return text[start : end.start() if end else min(len(text), pos + _CLAUSE_REACH)]


def _close(a: float, b: float, approx: bool) -> bool:
    tol = 0.1 * max(abs(a), abs(b)) if approx else 1e-6 * max(abs(a), abs(b), 1.0) + 0.005
    return abs(a - b) <= tol


def _fmt(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


# Attribute values that only answer yes or no (机洗：可以, 防水：不支持) or say nothing of the product's own: no sibling's mark.
_ANSWER_VALUES = frozenset({"支持", "不支持", "其他", "通用", "均码", "可以", "不可以", "不可", "不能", "不建议", "需要", "不需要",
                            "没有", "不含", "不带"})


class Verifier:
    """Checks scripts against one merchant's KB. Build once per KB version; ``verify`` is cheap."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        extra = {a.unit for s in kb.skus for a in s.attributes if a.unit} \
            | {m.group(1) for s in kb.skus for a in s.attributes for m in _VALUE_UNIT.finditer(a.value)}
        self.units: UnitTable = builtin_units().extended(extra)
        self._whose = Siblings.of(kb, self.units)
        self._ground: dict[str, _SkuGround] = {}
        for sku in kb.skus:
            self._ground[sku.sku_id] = self._build(sku)
        for sid, g in self._ground.items():
            self._set_siblings_values(g, [self._ground[o] for o in sorted(self._whose.siblings(sid))])
        self._values, self._value_keys = self._value_automaton(kb)
        self._standing = {s.sku_id: self._standing_text(self._ground[s.sku_id].sku) for s in kb.skus}
        self._titles = {s.sku_id: fold(normalize(s.title, self.units).text) for s in kb.skus}
        self._all_keys = {k for g in self._ground.values() for k in g.keys}
        self._constraints = compile_constraints(kb, [g.sku for g in self._ground.values()])
        self._unit_after = re.compile(rf"\s*(?:{self.units.pattern})")
        self._compared_value = re.compile(rf"比\s*(\d+(?:\.\d+)?)\s*({self.units.pattern})")
        self._daily = re.compile(_DAILY.format(u=self.units.pattern), re.IGNORECASE)
        self._offer_times = sorted({t for s in kb.skus for p in s.promotions for t in (p.starts_at, p.ends_at)})

    # ---------------------------------------------------------------- grounding
    def _build(self, raw: Sku) -> _SkuGround:
        sku, removed = quarantine(raw)
        facts = [replace(f, text=self._own_text(_PARTS_IN_BRACKETS.sub(_parts_in_unit, f.text), f))
                 for f in sku_facts(sku)]
        ground = _SkuGround(sku, normalize("\n".join(f.text for f in facts), self.units).text.lower(),
                            quarantined=[q.text for q in removed])
        for fact in facts:
            norm = normalize(_said_by_kb(fact), self.units)
            key = fact.key.lower() if fact.kind == "attribute" else ""
            claims = extract_claims(norm, self.units)
            for c in claims:
                if c.kind in {"quantity", "money", "stock"} and c.base is not None:
                    ground.quantities.append(_Quantity(c.dimension, c.base, c.value or 0.0, fact.fact_id, c.text))
                rate = any("/" in r.dimension for r in c.readings)
                ground.measures += [Grounded(r, c.value or 0.0, fact.fact_id, c.text, key, rate and "/" not in r.dimension,
                                             c.bound) for r in c.readings
                                    if not (c.unit in _MARKET_UNITS and r.dimension.startswith("volume"))]
                ground.references += reference_amounts(c.readings, c.value or 0.0, fact.fact_id, c.text, key)
                # 展开210×140×115cm: each side is a length the host may say alone (两米一长)
                ground.measures += [Grounded(Measure("length", p, p), p, fact.fact_id, c.text, key)
                                    for r in c.readings if r.dimension == "size:length" for p in r.parts]
                if c.kind == "date":
                    ground.dates.add(c.detail[-5:])
            sizes = [r for c in claims for r in c.readings if r.dimension == "letter_size"]
            if len(sizes) > 1:  # 尺码S/M/L/XL: S到XL is the run of sizes the list holds
                ground.measures.append(Grounded(Measure("letter_size", min(r.lo for r in sizes), max(r.hi for r in sizes)),
                                                0.0, fact.fact_id, fact.text, key))
        ground.measures += per_pack(ground.measures) + per_amount(ground.measures)
        if sku.stock is not None:  # stock on hand and each offer's allocation, in the merchant's stock unit
            counted = self.units.lookup(sku.stock.unit)
            ground.sold_by = counted[0] if counted and counted[0].startswith(("count:", "unit:")) else f"count:{sku.stock.unit}"
            counts = {sku.stock.quantity} | {p.stock_limit for p in sku.promotions if p.stock_limit is not None}
            ground.measures += [Grounded(Measure(ground.sold_by, n, n), n, f"{sku.sku_id}#stock",
                                         f"{n}{sku.stock.unit}") for n in sorted(counts)]
        # 70g/瓶×6瓶/盒 sold by the 盒: 420 g is the box's own weight, a total the host may say plainly
        ground.measures += [Grounded(Measure(num, q.measure.lo, q.measure.hi), q.value, q.fact_id, q.text, q.key, derived=True)
                            for q in ground.measures if ground.sold_by
                            for num, _, per in [q.measure.dimension.partition("/")] if per == ground.sold_by and num != per]
        ground.certs = [normalize(c).text.lower() for c in sku.certifications]
        ground.keys = {a.key.lower() for a in sku.attributes if len(a.key) >= 2}
        ground.numbers = {float(n) for n in re.findall(r"\d+(?:\.\d+)?", ground.text)}
        ground.attribute_numbers = {float(n) for a in sku.attributes for n in re.findall(r"\d+(?:\.\d+)?", a.value)}
        ground.codes = grades(ground.text)
        ground.parts = part_counts(sku)
        return ground

    def _set_siblings_values(self, g: _SkuGround, siblings: list[_SkuGround]) -> None:
        """Take out of ``g``'s measures the values its FAQ quotes of a sibling (这款1.5毫米画毛流，三角款2.5毫米填色快:
        2.5 mm is the triangle pencil's), keeping each with the words its FAQ clause names the sibling by. A value an
        FAQ states beside the SKU's own value of that kind, that none of the SKU's other facts hold and a sibling's own
        facts do, is that sibling's, whatever words name it; a host who says it with those words speaks of the sibling."""
        def stated(ground: _SkuGround) -> list[Measure]:
            return [q.measure for q in ground.measures if "#faq:" not in q.fact_id and q.measure.dimension != "money"]
        own, theirs = stated(g), [m for o in siblings for m in stated(o)]

        def held(measure: Measure, among: list[Measure]) -> bool:
            return any(m.dimension == measure.dimension and supports(measure, False, m) for m in among)

        def sibling_value(q: Grounded) -> bool:  # quoted beside the SKU's own value of the same kind: a comparison
            return "#faq:" in q.fact_id and q.measure.dimension != "money" and held(q.measure, theirs) \
                and not held(q.measure, own) and any(o.fact_id == q.fact_id and o.measure.dimension == q.measure.dimension
                                                     and held(o.measure, own) for o in g.measures)
        moved = [q for q in g.measures if sibling_value(q)]
        if not moved:
            return

        def words(sku: Sku) -> set[str]:
            return bigrams(" ".join(f.text for f in sku_facts(sku) if f.kind != "faq").lower())
        facts = {f.fact_id: f for f in sku_facts(g.sku)}
        naming = set().union(*(words(o.sku) for o in siblings)) - words(g.sku)  # words of a sibling's facts only
        for q in moved:  # the FAQ's words before the value in its sentence that name a sibling (章鱼是软体无杆，3-6级风)
            sentences = SENTENCE_BREAK.split(normalize(_said_by_kb(facts[q.fact_id]), self.units).text.lower())
            g.compared.append((q, frozenset(w for sentence in sentences if q.text.lower() in sentence
                                            for w in bigrams(sentence[: sentence.find(q.text.lower())]) & naming)))
        g.measures = [q for q in g.measures if q not in moved]

    def _names_sibling(self, said: str, g: _SkuGround) -> bool:
        """``said`` is in a sibling's title (the 3L, M码): the host names that product, claiming nothing."""
        said = fold(normalize(said, self.units).text)
        return bool(said) and any(said in self._titles[o] for o in self._whose.siblings(g.sku.sku_id))

    def _value_automaton(self, kb: KnowledgeBase):
        owners: dict[str, set[str]] = defaultdict(set)
        keys: dict[str, set[str]] = defaultdict(set)
        for sku in kb.skus:
            for a in self._ground[sku.sku_id].sku.attributes:
                if a.unit:
                    continue
                for part in _VALUE_PARTS.split(_NOTE_IN_VALUE.sub("", a.value)):
                    v = normalize(part.strip()).text.lower()
                    if len(v) >= 2 and not re.fullmatch(r"[\d.]+[\u4e00-\u9fff]?", v) and v not in _ANSWER_VALUES:
                        owners[v].add(sku.sku_id)
                        keys[v].add(a.key.lower())
        for v in _VOCABULARY:
            owners.setdefault(v, set())
        for sku in kb.skus:
            for cert in self._ground[sku.sku_id].certs:
                if len(cert) >= 3:
                    owners[cert].add(sku.sku_id)
                    keys[cert].add("<cert>")
        auto = ahocorasick.Automaton()
        for v in owners:
            auto.add_word(v, v)
        auto.make_automaton()
        return (auto, owners), keys

    def _own_text(self, text: str, fact: Fact) -> str:
        """``text`` of ``fact`` less its clauses about a sibling. An attribute is the SKU's own whatever words it
        shares with a sibling's title (连接：有线/蓝牙5.1 of a wireless model whose sibling is the 有线 one)."""
        return self._whose.own_text(text, fact.sku_id, every=fact.kind == "attribute")

    def _standing_text(self, sku: Sku) -> str:
        """What comes with ``sku`` whatever the date: its facts without promotions, this SKU's clauses only. Usage
        is left out (放入专用洗碗块 names a consumable to buy, not one in the box), and so is a refused FAQ's question."""
        facts = [self._own_text(_said_by_kb(f), f) for f in sku_facts(sku) if f.kind not in ("promotion", "usage")]
        return fold(normalize("\n".join(facts), self.units).text)

    def _offer_text(self, sku: Sku, promotions) -> str:
        return fold(normalize("\n".join(f"{p.name} {p.description}" for p in promotions), self.units).text)

    def _check_gifts(self, low: str, subjects: Subjects, contexts: Contexts, at: datetime, add) -> None:
        """A promised gift or extra must be in the SKU's facts or a running offer of the SKU its clause is about."""
        for s, e, head in gift_items(low):
            sku = self._ground[subjects.at(s)].sku
            running = [p for p in sku.promotions if p.active(at)]
            if grounded(head, self._standing[sku.sku_id], comes_with=True) or grounded(head, fold(sku.title)) \
                    or grounded(head, self._offer_text(sku, running)):
                continue
            offers = [p for p in sku.promotions if p not in running and grounded(head, self._offer_text(sku, [p]))]
            if offers:
                if not any(_said_as_its_offer(contexts.at(s), p, at, _others(sku, p)) for p in offers):
                    add("expired_offer", s, e, f"“{head}”是不在进行中的活动的赠品")
                continue  # 双12当天还送收纳包，12号才开始: a coming offer's gift said as that offer's
            owners = sorted(o for o in self._whose.siblings(sku.sku_id) if grounded(
                head, self._standing[o] + self._offer_text(self._ground[o].sku, self._ground[o].sku.active_promotions(at))))
            where = f"（这是{owners[0]}的）" if owners else ""
            add("other_sku" if owners else "unsupported", s, e, f"知识库和当前活动里没有“{head}”{where}")
        for s, e in english_gifts(low):  # an English freebie: checked only where the KB and every offer give none
            sku = self._ground[subjects.at(s)].sku
            if not gives_gifts(self._standing[sku.sku_id] + self._offer_text(sku, sku.promotions)):
                add("unsupported", s, e, "知识库和活动里都没有赠品")

    def _check_rules(self, low: str, subjects: Subjects, contexts: Contexts, at: datetime, add) -> None:
        """A discount rule the host states (买俩送俩, 满300减30, 第二件半价) must be a rule of a running offer of
        the SKU its clause is about; a fixed bundle price (两件179元) is a price, which the money check judges."""
        for s, e, rule in spoken_rules(low):
            if rule.kind == "fixed_price" or _RULE_DENIED.search(low, max(0, s - 4), s):
                continue  # 不是拍一支送一支: a rule the host rules out
            sku = self._ground[subjects.at(s)].sku
            running = [p for p in sku.promotions if p.active(at)]
            pair = _PAIR_SAID.match(low, s)
            if rule.kind == "bundle_minus" and pair and (sku.stock is None or sku.stock.unit != pair.group("word")) \
                    and not any(r.text == rule.text for p in sku.promotions for r in p.rules):
                # 一对减十五: so much off a pair of items (not a pair sold as one, nor the merchant's own 买一对再减)
                rule = rule.model_copy(update={"count": 2})
            if any(r.text == rule.text for p in running for r in p.rules) \
                    or any(same_effect(rule, p, p.price or sku.price) for p in running if p.rules):
                one = rule.kind == "spend_save" and _ONE_BOUGHT.search(_clause_before(low, s))
                if one and (today := price_book(sku, at).today) < rule.threshold:  # 单拍一个满五百减五十 of a 459 band
                    add("wrong_price", s, _with_result(low, e),
                        f"优惠“{rule.text}”单拍一件用不上：一件{_fmt(float(today))}元不满{_fmt(float(rule.threshold))}元",
                        f"{sku.sku_id}#promotions")
                continue  # 第三袋免费 under 买二送一: the same basket at the same price
            past = [p for p in sku.promotions if p not in running and any(r.text == rule.text for r in p.rules)]
            if past:  # 国庆预售十六块九，拍两瓶再减四…，二十九号零点才开始: a coming offer's rule said as that offer's
                ctx = contexts.at(s)
                if ctx.as_now and not any(_said_as_its_offer(ctx, p, at, _others(sku, p)) for p in past):
                    add("expired_offer", s, e, f"“{rule.text}”是{past[0].name}的优惠，活动不在进行中")
                continue
            real = "；".join(f"{p.name}：{'+'.join(r.text for r in p.rules)}" for p in running if p.rules)
            owners = sorted(o for o in self._whose.siblings(sku.sku_id) if any(
                r.text == rule.text for p in self._ground[o].sku.active_promotions(at) for r in p.rules))
            where = f"，这是{owners[0]}的优惠" if owners else ""
            add("other_sku" if owners else "wrong_price", s, _with_result(low, e),
                f"优惠“{rule.text}”与当前活动不符（{real or '当前活动没有这样的优惠'}{where}）", f"{sku.sku_id}#promotions")

    def _check_unmet_threshold(self, low: str, subjects: Subjects, at: datetime, add) -> None:
        """One item said not to reach a running spend-save rule it does reach (单买一个满不了减，就是七十九 under 满70减6
        of a 79 mortar): the cut one item gets is denied."""
        for m in _UNMET.finditer(low):
            sentence = _SENTENCE_END.split(low[max(0, m.start() - 24):m.start()])[-1]
            if not _ONE_SAID.search(sentence) or _SEVERAL_SAID.search(sentence):
                continue
            sku = self._ground[subjects.at(m.start())].sku
            today = price_book(sku, at).today
            rule = next((r for p in sku.active_promotions(at) for r in p.rules
                         if r.kind == "spend_save" and r.threshold <= today), None)
            if rule is not None:
                e = _with_result(low, m.end())
                paid = _PRICE_BEFORE.search(low, max(0, m.start() - 12), m.start())  # 一支到手一百零九，减不了
                add("wrong_price", paid.start() if paid else m.start(), e,
                    f"一件{_fmt(float(today))}元已满{_fmt(float(rule.threshold))}元，能用上“{rule.text}”",
                    f"{sku.sku_id}#promotions")
        for m in _CUT_ONCE.finditer(low):  # 两个只减一次六块 under 每满70减6: two at 79 reach 70 twice
            sentence = _SENTENCE_END.split(low[max(0, m.start() - 24):m.start()])[-1]
            count = _ITEMS_SAID.search(sentence)
            if count is None:
                continue
            said = count.group(1) or count.group(2)
            n = int(said) if said.isdigit() else 2
            sku = self._ground[subjects.at(m.start())].sku
            today = price_book(sku, at).today
            rule = next((r for p in sku.active_promotions(at) for r in p.rules
                         if r.kind == "spend_save" and r.each and n * today >= 2 * r.threshold), None)
            if rule is not None:
                e = _with_result(low, m.end())
                add("wrong_price", m.start(), e, f"{n}件{_fmt(float(n * today))}元不止满一次"
                    f"{_fmt(float(rule.threshold))}元，“{rule.text}”每满一次减一次", f"{sku.sku_id}#promotions")

    def _check_rule_overreach(self, low: str, subjects: Subjects, at: datetime, add) -> None:
        """A running rule said to give more than it does (第三袋第四袋也都是半价, each tub gets twenty off)."""
        def rules_at(pos: int):
            sku = self._ground[subjects.at(pos)].sku
            return [r for p in sku.active_promotions(at) for r in p.rules], price_book(sku, at).today

        for start, end, reason in rule_overreach(low, rules_at):
            add("wrong_price", start, end, reason, f"{subjects.at(start)}#promotions")

    def _check_english_ages(self, low: str, subjects: Subjects, add) -> None:
        """The ages an English host says the product is for (ages three and up, kids up to fourteen) against its
        适用年龄: no child younger than its youngest, none older than its oldest where it has one."""
        for said in said_ages(low):
            g = self._ground[subjects.at(said.start)]
            q = next((q for q in g.measures if q.measure.dimension == "months" and "年龄" in q.key), None)
            if q is None:
                continue
            oldest = q.measure.hi / 12 if q.measure.hi > q.measure.lo else None  # (6岁: six and up)
            if outside(said, q.measure.lo / 12, oldest):
                add("contradiction", said.start, said.end, f"“{low[said.start:said.end]}”与知识库“{q.key}：{q.text}”矛盾",
                    q.fact_id)

    def _check_english_shares(self, low: str, subjects: Subjects, at: datetime, add) -> None:
        """One thing's share of a pack price an English host works out in the sentence (ten decks for 25.9, that's
        25 cents a deck) against the division itself."""
        def prices(at_char: int) -> list[float]:  # what one item costs today, for a total said as "the flash price"
            book = price_book(self._ground[subjects.at(at_char)].sku, at)
            return [p.value for p in book.now if not (p.several or p.rule or p.before_rule or p.nth or p.saving
                                                      or p.difference)]
        for w in wrong_shares(low, prices):
            add("wrong_price", w.start, w.end, f"“{low[w.start:w.end]}”算错了：{fmt(w.total)}元{w.count}个，"
                f"一个约{w.share:.2f}元", f"{self._ground[subjects.at(w.start)].sku.sku_id}#price")

    def _check_origin(self, low: str, text: str, subjects: Subjects, add) -> None:
        """A country of origin said of a SKU whose KB states its origin (产地) elsewhere (厄瓜多尔的红虾 for 阿根廷),
        unless said to deny or compare (不是厄瓜多尔的, 比厄瓜多尔的大)."""
        countries = [(m.start(), m.end(), m.group(0), False) for m in _COUNTRY.finditer(low)]
        countries += [(s, e, name, True) for s, e, name in foreign_origins(text)]  # said with a verb of origin
        for start, end, name, cued in sorted(countries):
            g = self._ground[subjects.at(start)]
            origin = _origin(g.sku)
            if name in g.text or low[start:end] in g.text or _NOT_ORIGIN_BEFORE.search(low[max(0, start - 4):start]) \
                    or _NOT_ORIGIN_AFTER.match(low, end):
                continue
            if origin is not None:
                add("contradiction", start, end, f"产地“{low[start:end]}”与知识库不符（知识库为{origin}）", f"{g.sku.sku_id}#attr")
            elif cued or _ORIGIN_CUE.search(low, max(0, start - 6), min(len(low), end + 8)):
                add("unsupported", start, end, f"知识库没有说产自“{name}”", f"{g.sku.sku_id}#attr")
        said = [o for o in said_origins(low, text) if not any(s < o[1] and o[0] < e for s, e, _, _ in countries)]

        def own(names: tuple[str, ...], g: _SkuGround) -> bool:
            return all(n in places_in(g.text) or n in g.text or n in pinyin_of(g.text) for n in names)
        for start, end, names in said:
            g = self._ground[subjects.at(start)]
            origin = _origin(g.sku)
            if origin is None or own(names, g) \
                    or _NOT_ORIGIN_BEFORE.search(low[max(0, start - 4):start]) or _NOT_ORIGIN_AFTER.match(low, end):
                continue
            if names[0].isascii() and any(own(other, g) and not _SENTENCE_END.search(low, min(s, start), max(s, start))
                                          for s, _, other in said if abs(s - start) < _NEAR_ORIGIN):
                continue  # from Weihai in Shandong, the big ones are from Dalian: this SKU's own origin beside another's
            add("contradiction", start, end, f"产地“{low[start:end]}”与知识库不符（知识库为{origin}）", f"{g.sku.sku_id}#attr")

    def _check_part_counts(self, low: str, subjects: Subjects, flagged: Spans, add) -> None:
        """How many of a part the host says (十六个卡位, 二十五根弦, 盘扣十对) against the attribute that counts it; a
        count a sibling's attribute gives is that sibling's; a number a claim was already found wrong on is left."""
        sku_id = subjects.default
        for part in self._ground[sku_id].parts:
            said = said_counts(low, part)
            for s, e, n, number in said:
                if flagged.cover(number, number + 1) or subjects.at(s) != sku_id or part.lo <= n <= part.hi:
                    continue
                brand = self._ground[sku_id].sku.brand
                owners = sorted(o for o, og in self._ground.items() if o != sku_id and og.sku.brand == brand
                                and any(p.part == part.part and p.lo <= n <= p.hi for p in og.parts))
                first = s - len(_SENTENCE_END.split(low[:s])[-1])
                last = s + len(_SENTENCE_END.split(low[s:])[0])
                if owners and {m for a, _, m, _ in said if first <= a < last} - {n}:
                    continue  # 卡包六个卡位，短款八个卡位: the counts of several models compared in one sentence
                quoted = f"“{low[s:e]}”"
                if owners:
                    add("other_sku", s, e, f"{quoted}是{owners[0]}的参数，不属于本商品", f"{owners[0]}#attr:{part.key}")
                else:
                    add("contradiction", s, e, f"{quoted}与知识库“{part.key}：{part.lo if part.lo == part.hi else f'{part.lo}-{part.hi}'}”矛盾",
                        f"{sku_id}#attr:{part.key}")

    def _check_coming_cheaper(self, low: str, subjects: Subjects, at: datetime, add) -> None:
        """A coming offer, named, said by its start time or day, or in English by its month or part of the day, said
        to be cheaper than now when it is not (十点以后更便宜, the ten o'clock session brings it down even lower), or
        dearer when it is not (十五号以后涨到二百九十九, the price goes up in December)."""
        previous = ""
        for m in _CLAUSE_TEXT.finditer(low):
            clause, previous = m.group(0), previous if low[m.start() - 1 : m.start()] in ",，" else ""
            # tonight's Fire-basket hour is forty-five, the cheapest of today's sessions: the subject in the clause before
            subject = clause if not previous or _RIGHT_NOW.search(clause) else f"{previous}，{clause}"
            if _POINTS_BACK.match(clause) or _THEN.search(clause):
                clause = f"{previous}，{clause}"  # 等晚上八点，那场更便宜: the session named in the clause before
            previous = m.group(0)
            cheaper = _CHEAPER_LATER.search(clause)
            said = cheaper or _DEARER_LATER.search(clause)
            if said is None and not _PLAIN_WORD.search(clause):
                continue
            sku = self._ground[subjects.at(m.start())].sku
            today = price_book(sku, at).today
            if (until := _lowest_until(clause, at)) is not None:
                lower = [o for o in sku.promotions if at < o.starts_at < until and o.price is not None and o.price < today]
                lowest = min((o.price for o in lower), default=None)
                if _NOT_NOW_LOWEST.search(clause) and not _RIGHT_NOW.search(clause[: _LOWEST_SAID.search(clause).start()]):
                    lower = []  # 今天最便宜的不是现在这场, tonight's cheapest is the later one: said of a coming session
                # that's today's cheapest session: the session the sentence named before, when the clause names no other
                sentence = _SENTENCE_END.split(low[: m.start()])[-1] if _THATS.match(clause) else ""
                if not _RIGHT_NOW.search(m.group(0)) and any(
                        o.price == lowest and (_names_by_name(f"{sentence}{subject}", o, sku.promotions, at)
                                               or _part_named(f"{sentence}{subject}", o, at)
                                               or any(k in subject for k in _KIND_WORDS if _sole_of_kind(o, _others(sku, o), k)))
                        for o in lower):
                    lower = []  # 今天三场里晚上菖蒲场最便宜, 这个月最低是下周预售: the lowest said of the coming session that is
                if lower:  # 今天最低了 while tonight's session is cheaper
                    add("wrong_price", m.start(), m.end(), f"{lower[0].name}的价格{_fmt(float(lower[0].price))}元比今天的"
                        f"{_fmt(float(today))}元便宜，现在不是最低", f"{sku.sku_id}#promotions")
                    continue
            if said is None:
                self._check_plainly_compared(clause, m.start(), sku, today, at, add)
                continue
            if _NOT_CHEAPER.search(clause[: said.end()]):  # 不会涨: the negation may precede 会涨
                continue
            for offer in sku.promotions:
                if offer.starts_at <= at or offer.price is None or (offer.price < today if cheaper else offer.price > today):
                    continue
                if _names_coming(clause, offer, _others(sku, offer), at):
                    way = "便宜" if cheaper else "贵"
                    add("wrong_price", m.start(), m.end(), f"{offer.name}的价格{_fmt(float(offer.price))}元不比今天的"
                        f"{_fmt(float(today))}元{way}", f"{sku.sku_id}#promotions")
                    break

    def _check_unearned_result(self, low: str, subjects: Subjects, at: datetime, add) -> None:
        """A spend rule's cut said taken off a basket that does not reach its threshold, with the price it would give
        (一台七十九，减十五，六十四; one suit, a hundred off, six ninety-nine): from the cut to that price is the claim."""
        for m in _SENTENCE_TEXT.finditer(low):
            sentence = m.group(0)
            if _NOT_EARNED.search(sentence):
                continue  # 两包33.8，不满50减不了, doesn't qualify: the host says the cut does not apply
            sku = self._ground[subjects.at(m.start())].sku
            for total, _, _, amount in _unearned_totals(sku, at):
                cut = next((c for c in _CUT_SAID.finditer(sentence) if Decimal(c.group("n") or c.group("n2")) == amount), None)
                result = cut and next((r for r in _BARE_NUMBER.finditer(sentence, cut.end())
                                       if Decimal(r.group(0)) == total), None)
                if result:
                    add("wrong_price", m.start() + cut.start(), m.start() + result.end(),
                        f"减{_fmt(float(amount))}要满门槛，这一单不满，到手不是{_fmt(float(total))}元", f"{sku.sku_id}#promotions")
                    break

    @staticmethod
    def _check_plainly_compared(clause: str, start: int, sku: Sku, today: Decimal, at: datetime, add) -> None:
        """A coming offer's name followed by a plain 便宜 or 贵 (国庆便宜, 国庆要贵): its price must be that way of today's."""
        for offer in sku.promotions:
            if offer.starts_at <= at or offer.price is None or offer.price == today:
                continue
            for key in _promo_keys(offer.name):
                k = clause.find(key)
                said = _PLAIN_COMPARED.match(clause, k + len(key)) if k >= 0 and clause[k - 1 : k] != "比" else None
                if said is not None and bool(said.group("cheaper")) != (offer.price < today):
                    way = "便宜" if said.group("cheaper") else "贵"
                    add("wrong_price", start, start + len(clause), f"{offer.name}的价格{_fmt(float(offer.price))}元不比今天的"
                        f"{_fmt(float(today))}元{way}", f"{sku.sku_id}#promotions")
                    return

    def _check_offer_status(self, low: str, subjects: Subjects, at: datetime, add) -> None:
        """A named offer said to be over while it runs (春集昨天就结束了) or still on when it has ended (预热周还没结束):
        every offer the clause's words name before the status must be the other way."""
        for m in _CLAUSE_TEXT.finditer(low):
            clause = m.group(0)
            said = _SAID_ENDED.search(clause)
            ended = said is not None
            said = said or _SAID_RUNNING.search(clause) or _STILL_AT.search(clause) or _STILL_SOLD.search(clause)
            if _STATUS_HEDGED.search(clause):
                continue
            sku = self._ground[subjects.at(m.start())].sku
            if said is None:
                if (begun := _SAID_STARTED.search(clause)) is not None:
                    _said_begun(clause, m.start(), begun, sku, at, add)
                continue
            before = clause[: said.start()]
            named = [p for p in sku.promotions if any(re.search(rf"(?<![\d.a-z]){re.escape(k)}(?![\d.a-z])", before)
                                                      for k in _status_keys(p.name))  # 99划算节 is not the 99 of 299
                     or not ended and _LATIN_WORD.search(clause) and any(said_last(clause if _STILL_AT.match(said.group(0)) else before, k) >= 0
                                                           for k in english_names(p, _others(sku, p)))]
            if named and all(p.active(at) if ended else p.ends_at < at for p in named):
                offer = named[0]
                reason = (f"{offer.name}还在进行（到{offer.ends_at:%m-%d %H:%M}）" if ended
                          else f"{offer.name}已经结束（{offer.ends_at:%m-%d %H:%M}）")
                # said to run, the claim is the offer's price or link with its status (清明那个三十二块九还在)
                keys = [before.find(k) for k in _status_keys(offer.name) if k in before] or [
                    i for k in english_names(offer, _others(sku, offer)) if (i := said_last(before, k)) >= 0]
                start = min(keys) if keys and not ended else said.start()
                if said.re is _STILL_SOLD:  # 双11的119元今天还能拍: from the price said before the status
                    start = next((n.start() for n in reversed(list(_BARE_NUMBER.finditer(before)))), said.start())
                add("expired_offer", m.start() + start, m.start() + said.end(), reason, f"{sku.sku_id}#promotions")

    def sku(self, sku_id: str) -> Sku:
        """The SKU as checked: with instruction-like text quarantined."""
        if sku_id not in self._ground:
            self.kb.get(sku_id)  # raises InputError naming the SKU
        return self._ground[sku_id].sku

    # ---------------------------------------------------------------- checks
    def verify(self, text: str, sku_id: str, at: datetime) -> list[Finding]:
        """Faithfulness findings for ``text`` (sentences joined by newlines) about ``sku_id`` at ``at``."""
        if sku_id not in self._ground:
            self.kb.get(sku_id)  # raises InputError naming the SKU
        g = self._ground[sku_id]
        norm = normalize(text, self.units)
        findings: list[Finding] = []

        def add(kind, s, e, reason, fact_ref=None):
            o_s, o_e = norm.span(s, e)
            findings.append(Finding(kind=kind, start=o_s, end=o_e, text=text[o_s:o_e], reason=reason, fact_ref=fact_ref))

        claims = extract_claims(norm, self.units)
        low = fold(norm.text)
        subjects = self._whose.subjects(low, sku_id)
        contexts = Contexts(low, at)
        self._check_bare_numbers(norm, claims, g, add)
        self._check_pack_counts(low, claims, subjects, add)
        worked_out = computed(claims, g.measures, low, self.units)
        claims += self._price_mentions(low, claims, subjects, at)
        held: list[Claim] = []  # quantities found true so far
        flagged: list[tuple[int, int]] = []  # the claims found wrong
        for n, claim in enumerate(claims):
            if _restates(claims, n, low) or _said_again(claim, held, low):
                continue
            said, ctx = text[slice(*norm.span(claim.start, claim.end))], contexts.at(claim.start)
            problem = self._problem(claim, claims, self._ground[subjects.at(claim.start)], at, ctx, said)
            worked = problem is not None and n in worked_out and problem[0] in _VALUE_KINDS  # a sum said aloud
            if (problem is None or worked) and claim.kind == "quantity":
                held.append(claim)
            if problem is not None and subjects.carried(claim.start) \
                    and self._problem(claim, claims, g, at, ctx, said) is None:
                problem = None  # a sibling carried on from an earlier clause, where the value is this SKU's own
            if problem is not None and not worked:
                end = _said_as_now_end(ctx, claim) \
                    if problem[0] == "expired_offer" and claim.kind == "money" else claim.end
                add(problem[0], claim.start, end, problem[1], problem[2] if len(problem) > 2 else None)
                flagged.append((claim.start, end))
        self._check_values(norm, subjects, g, add)
        self._check_codes(low, subjects, Spans((c.start, c.end) for c in claims), add)
        self._check_gifts(low, subjects, contexts, at, add)
        self._check_rules(low, subjects, contexts, at, add)
        self._check_unmet_threshold(low, subjects, at, add)
        self._check_rule_overreach(low, subjects, at, add)
        self._check_coming_cheaper(low, subjects, at, add)
        self._check_unearned_result(low, subjects, at, add)
        self._check_offer_status(low, subjects, at, add)
        self._check_origin(low, norm.text, subjects, add)
        self._check_english_shares(low, subjects, at, add)
        self._check_english_ages(low, subjects, add)
        self._check_part_counts(low, subjects, Spans(flagged), add)
        self._check_forbidden(text, g, findings)
        self._check_injection(text, g, findings)
        self._check_form(text, g, findings)
        self._check_fluency(text, findings)
        # a sibling's value said of this SKU (续航15小时 around the sibling's 15小时) is reported as whose it is, not again
        theirs = [e for e in findings if e.kind == "other_sku"]
        contradicted = [f for f in self._constraints[sku_id].check(text, norm)
                        if not any(f.start <= e.start and e.end <= f.end for e in theirs)]
        findings += contradicted + self._forbidden_contradicted(contradicted, g.sku, findings)
        taken_back = [norm.span(s, e) for s, e in retracted(low)]
        asked_and_refused = [norm.span(s, e) for s, e in refused_reports(low)]
        findings = [f for f in findings if not any(s <= f.start < e for s, e in asked_and_refused)
                    and (f.kind in _NOT_TAKEN_BACK or not any(s <= f.start and f.end <= e for s, e in taken_back))]
        findings.sort(key=lambda f: (f.start, f.end))
        return _outermost(findings)

    def _problem(self, c: Claim, claims: list[Claim], g: _SkuGround, at: datetime, ctx: Context, said: str):
        """What is wrong with claim ``c`` (``said`` in the original text) about the SKU of ground ``g``, or None."""
        if c.kind == "money" and _DIGIT_RUN.fullmatch(said.strip()) and (c.value or 0.0) in g.attribute_numbers:
            return None  # 足金九九九, nine nine nine: the fineness the KB states, said digit by digit, not a price
        if c.kind == "money" and _SMALL_WORD.fullmatch(said.strip()) and not _MONEY_BESIDE.search(ctx.before[-16:]) \
                and not _MONEY_AFTER.search(re.split(r"[,，.;；]", ctx.sentence[len(ctx.before) + len(c.text):])[0][:30]):
            return None  # this one is eight and up / twelve holes, no, eight: a number word said with no word of money
        period = self._consumption(c, claims, g, ctx) or self._energy(c, claims, g, ctx) or self._servings(c, claims, g, ctx)
        problem = period[1] if period is not None else self._check_claim(c, g, at, ctx)
        if problem is not None and c.kind == "money":
            problem = self._other_reading(c, said, problem, g, at, ctx)
        return problem

    def _check_claim(self, c: Claim, g: _SkuGround, at: datetime, ctx: Context):
        """``g`` is the ground of the SKU the claim's clause is about; ``ctx`` how the claim is said."""
        active = g.sku.active_promotions(at)
        inactive = [p for p in g.sku.promotions if not p.active(at)]
        if c.kind == "money":
            return self._check_money(c, g, at, ctx)
        if c.kind == "quantity" and _SCARCITY.search(c.context) and g.sku.stock is not None \
                and any(r.dimension == g.sold_by for r in c.readings):
            return self._check_stock(c, g, active, inactive, ctx, at)  # 只放了30袋, 全店就剩8条: a count in the stock unit
        if c.kind == "quantity":
            if any(r.dimension.startswith("money/") for r in c.readings):
                if _counted_in_kuai(c, g.sku, c.value or 0.0) or re.search(rf"{_MAKES_PIECES}$", c.text):
                    return None  # 情侣一人一块: one watch each; 一袋大概做八块: eight pieces
                book, rough = price_book(g.sku, at), _said_roughly(c, ctx)
                if (avg := _average_as_single(c, ctx, book, c.base or 0.0, rough)) is not None:
                    return ("wrong_price", f"“{c.text}”是{avg.what}，单拍一件不是这个价（今天到手价{_fmt(float(book.today))}元）",
                            f"{g.sku.sku_id}#price")
                parts = [q.value for r in c.readings if r.dimension.startswith("money/count:") for q in g.measures
                         if q.measure.dimension == r.dimension[6:] and not q.fact_id.endswith("#stock")]
                part = bool(parts) and _part_price(c, g, ctx.sentence)
                found = book.find(book.now, c.base or 0.0, ctx.several or _kuai_counted(ctx, g.sku), ctx.names_rule,
                                  ctx.rule_nearby, "第" in ctx.clause,
                                  bool(_SAVING_CUE.search(ctx.clause)), rough)
                if found and not (found.difference and part):  # (一个三块 of a pack of three is no saving)
                    return None  # 平均一瓶11.9元: a per-item price the running offer's rules give
                if book.per_part(c.base or 0.0, parts, differences=not part):
                    return None  # 一箱15瓶49.9元，一瓶算下来3.3元
                if _average_of_said(c, ctx.before):
                    return None  # 拍两盒一百七十九，一双不到十八块: the said total over the said count
                if part:
                    unit = next(r.dimension for r in c.readings
                                if r.dimension.startswith("money/count:")).removeprefix("money/count:")
                    counted = [int(k) for k in re.findall(rf"(?<![\d.])(\d+)\s*{re.escape(unit)}", ctx.before)
                               if int(k) > 1]  # 一套两把, 两包一百二十片: the parts the host counts
                    if book.part_of_any(c.base or 0.0, parts, rough, counted, c.bound) \
                            or _share_of_said(c, ctx.before, parts, rough):
                        return None  # 合一箱四十九块多…一卷不到两块: a part's share, of a price or of an amount said before
                    n = _fmt(max(parts))  # 六条一包29.9, 算下来一条一块: no price of the pack over its parts
                    return ("wrong_price", f"“{c.text}”不是一件里每一份的价格（每{g.sold_by.removeprefix('count:')}"
                                           f"{n}份；今天到手价{_fmt(float(book.today))}元）", f"{g.sku.sku_id}#price")
            if (left := _countdown(c, ctx)) is not None:
                return _check_countdown(c, left, active, at)
            if self._offer_clock(c, ctx, at):
                return None  # 不用赶这四十分钟: the time until an offer of the merchant's ends or starts
            return self._check_quantity(c, g, ctx)
        if c.kind == "stock":
            if c.detail == "weak" and (g.sku.stock is None or g.sku.stock.unit not in c.unit):
                return None  # 只有两种颜色: 只有 says scarcity only of a count in the stock unit (only 20 packs: 包 or 袋)
            return self._check_stock(c, g, active, inactive, ctx, at)
        if c.kind == "deadline":
            if c.detail in ("until_hour", "until_part", "lasting"):  # how long today's price runs: the offer that gives it
                today = price_book(g.sku, at).today
                active = [p for p in active if p.price == today] or active
            if c.text in {"限时", "倒计时"}:
                ok = bool(active)
            elif c.detail in ("until_hour", "until_part"):  # 今晚十二点前都有效, 秒杀到晚上: some running offer must last that long
                hours = c.value or 0
                if c.detail == "until_hour" and hours < 12 and _AFTERNOON_BEFORE.search(ctx.before):
                    hours += 12  # 到今天下午五点都有: the part of the day said before the hour
                elif c.detail == "until_hour" and hours <= 12 and at.hour >= 12 and hours + 12 > at.hour + at.minute / 60:
                    hours += 12  # 九点半之前 said in the evening is 21:30 (a part of the day is said on a 24-hour clock)
                ok = any(p.ends_at >= at.replace(hour=0, minute=0) + timedelta(hours=hours) - timedelta(minutes=1)
                         for p in active)
                if not ok:
                    return ("expired_offer", f"“{c.text}”：进行中的活动在那之前就结束")
            elif c.detail.startswith("ends_at"):  # 秒杀一点半就结束: some offer must end then (today or tonight)
                hours = [c.value or 0.0] if c.detail == "ends_at" else [(c.value or 0.0) + d for d in (0, 12, 24)]
                if _YESTERDAY.search(ctx.before):  # 昨晚蝌蚪场十点就结束了: yesterday's hours
                    hours += [h - 24 for h in hours if h < 24] + ([(c.value or 0.0) - 12] if c.detail == "ends_at" else [])
                midnight = at.replace(hour=0, minute=0, second=0, microsecond=0)
                # the time said names no session (零点半结束 is not 零点半加场); the words before it may (秒杀到九点半)
                named = _offers_in(ctx.clause.replace(c.text, re.split(r"\d", c.text, maxsplit=1)[0] + "，"), g.sku)
                if not any(abs(p.ends_at - midnight - timedelta(hours=h)) <= timedelta(minutes=1)
                           for p in named or g.sku.promotions for h in hours):  # 闪购晚上九点结束: the flash's own end
                    return ("expired_offer", f"“{c.text}”：没有在这个时间结束的活动")
                return None
            elif c.detail == "ends_day":  # 冰雕节明天就结束了, 这个价今天晚上就没了: some offer must end that day, then
                midnight = at.replace(hour=0, minute=0, second=0, microsecond=0)
                offers = _offers_in(ctx.before, g.sku) or active
                if not any((c.value or 0.0) <= (p.ends_at - midnight).total_seconds() / 3600 <= (c.base or 24.0) + 0.02
                           for p in offers):
                    return ("expired_offer", f"“{c.text}”：{offers[0].name if offers else '进行中的活动'}不在那时结束")
                return None
            elif c.detail == "lasting":
                ok = any(p.ends_at.date() > at.date() for p in active)
                if not ok:
                    return ("expired_offer", f"“{c.text}”：进行中的活动今天就结束")
            else:  # 今天晚上八点半就结束了 of a session that ended earlier today: said as over, and it is
                ok = any(p.ends_at.date() == at.date() or _end_day_said(ctx.sentence, p) for p in active) or \
                    ctx.tense == "ended" and any(p.ends_at.date() == at.date() and p.ends_at <= at for p in inactive)
            return None if ok else ("fake_scarcity", f"“{c.text}”没有当天结束的真实活动")
        if c.kind == "date":
            md = c.detail[-5:]
            if md in g.dates and not _on_day(inactive, md) or _on_day(active, md):
                return None
            if _on_day(inactive, md):
                if not ctx.as_now and not ctx.timed:
                    return None  # 年货节1月5号开始: a coming or past offer said as such
                if ctx.tense != "current" and _on_day([p for p in inactive if p.starts_at > at], md):
                    return None  # 国庆一百一十九，要等十月一号: the day a coming offer starts, said as its day
                return ("expired_offer", f"日期“{c.text}”属于不在进行中的活动")
            return ("unsupported", f"知识库中没有日期“{c.text}”")
        if c.kind == "certification":
            return self._check_cert(c, g)
        if c.kind == "comparison":
            return self._check_comparison(c, g, at, ctx)
        return None

    def _other_reading(self, c: Claim, said: str, problem: tuple, g: _SkuGround, at: datetime, ctx: Context):
        """A price said in English words that reads two ways (twelve ninety-nine: 12.99 or 1299), or digit by digit
        with its point unsaid (四九九: 499 or 49.9), is right when any reading is; the first reading's problem
        stands otherwise."""
        for value in english_price_readings(re.sub(r"[^a-zA-Z\s-]", " ", said)) + digit_price_readings(said):
            if value != c.value and self._check_claim(replace(c, value=value, base=value), g, at, ctx) is None:
                return None
        return problem

    def _price_mentions(self, low: str, claims: list[Claim], subjects: Subjects, at: datetime) -> list[Claim]:
        """Unit-less numbers said as prices that the claim grammar leaves open: one of the subject SKU's
        prices that does not hold today (双11的119今晚还能拍, 今天329), or a total after a count of items
        (两罐到手600, 俩一共698). The money check then judges each in its role and tense."""
        claimed = Spans((c.start, c.end) for c in claims)
        books: dict[str, PriceBook] = {}
        out = []
        for m in _BARE_NUMBER.finditer(low):
            if claimed.cover(m.start(), m.start() + 1) or self._unit_after.match(low, m.end()) \
                    or _DAY_OR_MINUTE.match(low, m.end()) or low.endswith("点", 0, m.start()) and float(m.group(0)) < 60 \
                    or low.endswith("双", 0, m.start()) and not _PAIRS_BEFORE.search(low, 0, m.start()):
                continue  # 品质节12号开始, 三点20, 双11: a day of the month, a clock's minutes or a shopping day (2双738: pairs)
            if _THINGS_AFTER_EN.match(low, m.end()) and _LATIN_BEFORE.search(low, max(0, m.start() - 12), m.start()):
                continue  # thirty-two line drawings, sixty-five and eighty-five degrees: a count or a size, not a price
            sku = self._ground[subjects.at(m.start())].sku
            book = books.setdefault(sku.sku_id, price_book(sku, at))
            value = float(m.group(0))
            before = _clause_before(low, m.start())
            after = _AFTER_COUNT.search(before)
            said = said_of(low, m.start(), m.end(), _own_words(sku))
            count = int(after.group()[0]) if after is not None and after.group()[0].isdigit() else \
                said.count if said is not None and said.count > 1 and not said.denied else None
            if count is not None and _multiple_of_said(value, count, claims, m.start()):
                continue  # 一支190克…两支380: the count times a quantity said of one item, in that quantity's unit
            # 两桶550, 俩630: a count the short list misses; 49一块: a price said per item
            each = said is not None and said.each and not _ROUGHLY_AFTER.match(low, m.end()) \
                and value not in {q.value for q in self._ground[sku.sku_id].measures}  # 一瓶七百五: the 750 mL
            after = after or (said if count is not None or each else None)
            if after is None:  # 2 bags for 39, 39 for 2 bags, a pair for 149: an English count beside the price
                listed = _COUNT_BEFORE_PRICE_EN.search(low, max(0, m.start() - 60), m.start())
                after = (listed if listed is None or listed.group(1) or _STATEMENT_END_EN.match(low, m.end()) else None) \
                    or _PAIR_BEFORE_PRICE.search(low, max(0, m.start() - 30), m.start()) \
                    or _COUNT_AFTER_PRICE_EN.match(low, m.end())
                after = None if _EACH_AFTER.match(low, m.end()) or _OFF_AFTER.match(low, m.end()) else after
            named = value >= 10 and bool(_offers_named(re.sub(r"到手\s*$", "", before), sku, at))
            if not named and (clock := _CLOCK_THEN_PRICE.search(before)) and (value >= 60 or clock.group(1)):
                said_times = _clock_times(clock.group(0))  # 晚八点八十九: the price of the session that starts then
                named = any((p.starts_at.hour, p.starts_at.minute) in said_times  # (八点五十五 is 8:55)
                            for p in sku.promotions if p.starts_at > at)
            held = value >= 10 and held_until(_clause_around(low, m.start()), at) is not None \
                and book.find(book.now, value, False, False) is not None  # 晚上八点还是169: today's price said to hold on
            # thirty-nine ninety-nine is 39.99 or 3999: an English price in two pairs is also read in hundreds
            hundreds = _EN_PAIR_PRICE.fullmatch(m.group(0)) and _LATIN_BEFORE.search(low, max(0, m.start() - 12), m.start())
            sentence_start = max(0, m.start() - 40, *(low.rfind(b, 0, m.start()) for b in "。！？!?\n"))
            unearned = value >= 10 and "满" in low[sentence_start:m.start()] \
                and any(abs(float(t[0]) - value) < 0.01 for t in _unearned_totals(sku, at))
            # the everyday price said in a sale, with nothing that places it away from now (平时, instead of)
            dear = value >= 10 and book.today < book.regular and abs(float(book.regular) - value) < 0.01 \
                and not _OTHER_TIME.search(_clause_around(low, m.start()))
            if book.elsewhere(value) or hundreds and book.elsewhere(round(value * 100)) or dear \
                    or value >= 10 and after is not None or named or held or unearned:  # 年货节六百九十九: an offer's price
                out.append(Claim("money", m.start(), m.end(), m.group(0), value, "元", "money", value))
        return out

    def _check_stock(self, c: Claim, g: _SkuGround, active, inactive, ctx: Context, at: datetime):
        """A stated remaining or limited quantity must be the running offer's limit or the real stock."""
        stock = g.sku.stock
        limits = [p.stock_limit for p in active if p.stock_limit is not None]
        if c.detail == "flash" and not limits:
            return None  # the pool of a flash sale the KB gives no limit for (or no flash running: its window is judged)
        if c.value in limits or (stock is not None and c.value == stock.quantity and c.detail != "flash") \
                or not c.text.isdigit() and re.search(rf"(?<![\d.]){re.escape(c.text.lower())}", g.text):
            # the flash has 20: not the 20 of 20:00 (nor the 500盒 inside 限量1500盒)
            return None
        if offers := [p for p in inactive if p.stock_limit == c.value]:
            # the ten o'clock session takes it to sixty-nine, fifty units only: the pool of the offer the sentence names
            named = any(_said_as_its_offer(replace(ctx, clause=ctx.before), p, at, _others(g.sku, p)) for p in offers)
            return ("expired_offer", f"“{c.text}”是不在进行中的活动的库存") if ctx.as_now and not named else None
        real = [f"活动限量{n}" for n in limits] + ([f"库存{stock.text}"] if stock is not None else [])
        return ("fake_scarcity", f"“{c.text}”没有依据（{'，'.join(real) or '知识库没有库存数据'}）", f"{g.sku.sku_id}#stock")

    def _check_comparison(self, c: Claim, g: _SkuGround, at: datetime, ctx: Context):
        """比原价/比双11/比<sibling>便宜 is a price comparison: true when today's price is lower; 比那个 points
        back to the prices said before it in the sentence; 比分开买 to buying the items one by one, cheaper
        when a running offer's rules lower a multi-item total."""
        target = c.detail.lower()
        if f"比{target}" in g.text or _ASKED.search(ctx.before[-8:]):
            return None  # the KB's own comparison, or one a viewer asks about (有人问C30是不是比P20快)
        if _price_compared(c, g.sku, at, ctx, target):
            return None  # 一提合三十八，比预热三十九还低 / 国庆预售五十五，比闪购还便宜: one of its prices against another
        if c.text.endswith("贵") or c.text[-1] in "多高" and (_NOW_TARGET.fullmatch(target) or _FLASH_TARGET.fullmatch(target)):
            return _dearer_than_now(c, g.sku, at, ctx)  # 预售一千二百九十九，比今天还多一百: a price above today's
        priced = False
        if _CHEAPER.search(c.text):
            book = price_book(g.sku, at)
            today = book.today
            now = _NOW_TARGET.fullmatch(target)
            flash = _FLASH_TARGET.fullmatch(target) and any(_FLASH_TARGET.search(p.name) for p in g.sku.active_promotions(at))
            if now or flash:  # 双12当天1049，比今天还便宜 / 比秒杀便宜: another offer's price said before, against today's
                if now and now.group("n") and not _close(float(now.group("n").translate(_DIGITS)), float(today), False):
                    return ("wrong_price", f"比较“{c.text}”：今天不是{now.group('n')}元（今天到手价{_fmt(float(today))}元）")
                said = [float(n) for n in _BARE_NUMBER.findall(ctx.before)]
                return None if any(v < float(today) and book.find(book.ended + book.upcoming, v, False, False)
                                   for v in said) else ("unsupported", f"比较“{c.text}”在知识库中没有依据")
            yardsticks = [p.price for p in g.sku.promotions
                          if p.price is not None and (any(k in target for k in _promo_keys(p.name))
                                                      or _in_part_said(target, p, at))]
            if _REFERENCE_WORDS.search(target):
                yardsticks += [g.sku.price] + ([g.sku.list_price] if g.sku.list_price is not None else [])
            if _ANAPHOR.match(target):
                yardsticks += [Decimal(n) for n in _BARE_NUMBER.findall(ctx.before) if float(n) > float(today)]
            if _SEPARATELY.search(target) and any(p.total(p.price or g.sku.price, n) < (p.price or g.sku.price) * n
                                                  for p in g.sku.active_promotions(at) for n in range(2, 7)):
                return None
            named = self._whose.named_sibling(target, g.sku.sku_id)
            if named is not None:
                yardsticks.append(price_book(self._ground[named].sku, at).today)
            if yardsticks and all(today < y for y in yardsticks):
                return None
            if yardsticks and any(v < min(yardsticks) and book.find(book.now + book.ended + book.upcoming, v) is not None
                                  for v in (float(n) for n in _BARE_NUMBER.findall(ctx.before))):
                return None  # 拍两条平均七十四，比预热还低 / 国庆二十三块九，比晚场便宜: a price of the SKU said before it
            # 五百三十九，比春季焕新还便宜 where the spring offer is 499; 比那个 with nothing said before; 比十九块九
            priced = bool(yardsticks or _ANAPHOR.match(target) or _PRICE_TARGET.fullmatch(target)
                          or _OFFER_WORD.search(target))  # 比晚场便宜: an offer named by generic words
        named = self._whose.named_sibling(target, g.sku.sku_id)
        if named is not None and (m := _COMPARATIVE.search(c.text)) and self._ranks(g, self._ground[named], m.group()):
            return None  # 比24寸的轻: this SKU's weight is below the named sibling's
        if named is not None and m is not None and self._ranks(self._ground[named], g, m.group()):
            return ("unsupported", f"比较“{c.text}”与知识库不符（{named}才是{m.group()}的那款）")  # T3比T5轻 of the heavier T3
        if (m := _COMPARATIVE.search(c.text)) and self._exceeds(g, c.text, m.group()):
            return None  # 比一米八的个子还长: this SKU's length is above the 1.8 m said
        # a price said lower than one of the SKU's own that it is not, or the product said better than others' (比同价位
        # 冰箱更安静: 广告法第十三条 asks proof of a comparison with competitors); any other comparison (比普通生抽鲜,
        # 比拍一个省, 比外面温度低) is the host's own wording, whose values are still checked on their own
        return ("unsupported", f"比较“{c.text}”在知识库中没有依据") if priced or _COMPETITORS.search(target) else None

    def _exceeds(self, g: _SkuGround, said: str, word: str) -> bool:
        """A value said after 比 is below (重, 长…) or above (轻, 短…) a value of the same kind this SKU states."""
        higher = word in _HIGHER
        for dimension in {q.measure.dimension for q in g.measures}:
            own = [q.measure.lo for q in g.measures if q.measure.dimension == dimension and not q.derived]
            if any((a > v) == higher and a != v for v in self._comparands(said, dimension) for a in own):
                return True
        return False

    @staticmethod
    def _ranks(own: _SkuGround, other: _SkuGround, word: str) -> bool:
        """Whether this SKU's value is above (重, 大, 多…) or below (轻, 小, 少…) the sibling's in a kind both state."""
        higher = word in _HIGHER
        kinds = ("mass",) if word in "轻重" else None
        mine = {q.measure.dimension: q.value for q in own.measures if q.measure.lo == q.measure.hi}
        for q in other.measures:
            d = q.measure.dimension
            if d in mine and (kinds is None or d in kinds) and mine[d] != q.value:
                if (mine[d] > q.value) == higher:
                    return True
        return False

    def _check_money(self, c: Claim, g: _SkuGround, at: datetime, ctx: Context):
        """A price is right only in its role: the list price as 原价, an ended offer's price as ended."""
        sku, value = g.sku, c.base or 0.0
        if any(c.text in p.name for p in sku.promotions) and _NAMED_BY_NUMBER.match(ctx.sentence, len(ctx.before) + len(c.text)):
            return None  # 现在是618的价: the offer named by its number
        if _spend_step(ctx, c.text, value, sku):
            return None
        if _PRICE_GAP.search(CLAUSE_BREAK.split(ctx.before)[-1]):
            return None  # 比元旦还低四毛, 还便宜四毛: how much lower than a price said before, not a price
        after = ctx.sentence[len(ctx.before) + len(c.text):]
        if _worked_out(ctx, c.text, value) or worked_aloud(ctx.before, after, value, partial(_true_cut, sku, at)) \
                or value < 1 and _SHORT_OR_OVER.search(CLAUSE_BREAK.split(ctx.before)[-1]) \
                or _cents_of_said(ctx, value):
            return None
        book, rough = price_book(sku, at), _said_roughly(c, ctx)
        today = f"今天到手价{_fmt(float(book.today))}元"
        ref = f"{sku.sku_id}#price"
        if _under_bound(ctx, c.text, value, book):
            return None  # 九块九，十块钱不到 / 一粒不到一块钱: a bound today's price, or its share, stays under
        if _SHORT_OF_BEFORE.search(ctx.before) and any(r.kind == "spend_save" and float(r.threshold) == value
                                                        for p in sku.promotions if p.active(at) for r in p.rules):
            return None  # 九十八块两个不够一百: the spend threshold a basket falls short of
        if (avg := _average_as_single(c, ctx, book, value, rough)) is not None:
            return ("wrong_price", f"“{c.text}”是{avg.what}，单拍一件不是这个价（{today}）", ref)
        if (offers := _offers_named_before(ctx, sku, at)) and not any(
                p.offer in {o.name for o in offers} and p.said_as(value, rough) for p in book.now + book.ended + book.upcoming):
            real = "，".join(f"{o.name}{_fmt(float(o.price))}元" for o in offers if o.price is not None)
            return ("wrong_price", f"“{c.text}”不是{offers[0].name}的价格（{real}；{today}）", f"{sku.sku_id}#promotions")
        if ctx.role in ("reference", "regular"):
            if book.is_list_price(value) and book.list_price not in (book.today, book.regular):
                rest = _statement(ctx, len(ctx.before) + len(c.text))
                if _SAID_AS_TODAY.match(rest):  # 吊牌价1199就是今晚的价, 定价150今天就给
                    return ("wrong_price", f"划线价“{c.text}”说成了今天的价格（{today}）", f"{sku.sku_id}#list_price")
                if _RETURNS_TO.search(CLAUSE_BREAK.split(ctx.before)[-1]) or _AFTER_THE_SALE.search(ctx.clause):
                    # after the sale it goes back to its list price / 秒杀结束以后一百九十九
                    return ("wrong_price", f"活动后恢复的是日常价{_fmt(float(book.regular))}元，不是划线价“{c.text}”", ref)
            if book.is_list_price(value) or _close(value, float(book.regular), False):
                return None
            if _SOLD_SINGLY.search(ctx.sentence) and any(_close(value, float(self._ground[o].sku.price), False)
                                                          for o in self._whose.siblings(sku.sku_id)):
                return None  # 套装…单拍日常价三百九十九: the everyday price of a sibling sold singly, said beside the set
            if _NTH.search(ctx.sentence) and _close(value, float(book.today), False):
                return None  # 第三袋是原来的十六块八 under 第二袋半价: the item the rule leaves whole, at today's price
            said = "原价/划线价" if ctx.role == "reference" else "日常价"
            real = _fmt(float(book.list_price if ctx.role == "reference" and book.list_price else book.regular))
            return ("wrong_price", f"{said}“{c.text}”与知识库不符（应为{real}元）", ref)
        if _counted_in_kuai(c, sku, value):
            return None  # 一人一块, 一共四十块: watches counted in 块, not yuan
        if ctx.role in ("none", "today") and not re.search(r"[元块]|yuan", c.text) and self._said_value(value, g, ctx, c):
            return None  # one point nine kilos … four point six: a value of the product with its unit left out
        if _PER_PACK_AFTER.match(ctx.sentence, len(ctx.before) + len(c.text)) \
                and value in {q.value for q in g.measures if q.measure.dimension.startswith("count:")}:
            return None  # eight a pack, two per box: how many one pack holds, as the KB counts it
        named = [p for p in sku.active_promotions(at) if p.price is not None and p.price != sku.price
                 and any(k in CLAUSE_BREAK.split(ctx.before)[-1] for k in _promo_keys(p.name))]
        if named and _close(value, float(book.regular), False):  # 年货节六百九十九 where 699 is the everyday price
            return ("wrong_price", f"“{c.text}”是日常价，不是{named[0].name}的价格（{today}）", ref)
        said = said_of(ctx.sentence, len(ctx.before), len(ctx.before) + len(c.text), _own_words(sku))
        count = (said.count, said.word) if said is not None and said.count > 1 else _count_beside(ctx, c.text)
        if said is not None and said.denied:
            return None  # 不是三瓶二百零七: a total the host rules out
        if count is not None and count[1] == "对" and sku.stock is not None and sku.stock.unit == "对":
            count = None  # sold by the pair: 一对 is one item
        before = ctx.before
        if count is not None and _close(value, float(book.today), False) and count[1] not in (_stock_unit(sku), "件") \
                and _COUNT_AFTER_PRICE.match(ctx.sentence, len(ctx.before) + len(c.text)):
            count = None  # 六十九三个桶 at 69 a set: one item's price, then what that item holds (not 五十九块九两袋)
        if count is not None and count[0] in _held(g, count[1]):  # 三十五块九三只鼓 for a gift box of three drums:
            before = re.sub(rf"(?<![\d.]){count[0]}\s*{count[1]}", "", before)  # what one item holds, not how many
            count = None
        elif count is not None and (held := [k for k in _held(g, count[1]) if k > 1 and count[0] % k == 0]):
            count = (int(count[0] // held[0]), _stock_unit(sku) or count[1])  # 五十一块八六支 of a three-stick box: two boxes
        if count is not None and _times_said(ctx, c.text, value * count[0]):
            count = None  # 两个八百九十九，一千七百九十八: the count times the price, said out
        if count is not None and (m := _COUNT_AFTER_PRICE.match(ctx.sentence, len(ctx.before) + len(c.text))) \
                and _each_then_count(ctx.sentence[m.end() :], value, count[0]):
            count = None  # 十四块九三把，四十四块七: the price of each, then how many
        if count is not None and f"{count[0]}{count[1]}装" not in g.text and not book.is_total(value, count[0], ctx.rule_nearby) \
                and (total := book.total_for(count[0])) is not None:  # 两盒装 in the KB: the count is what one item holds
            return ("wrong_price", f"“{c.text}”不是{count[0]}{count[1]}的价格（应为{_fmt(total.value)}元，{today}）", ref)
        as_today = ctx.role == "today" or bool(_PAID_AFTER.match(_statement(ctx, len(ctx.before) + len(c.text))))
        # a price said bare, with no cue of its role: as what it costs now
        bare = ctx.role == "none" and not _BARE_NUMBER.search(before) and not _ASKING.search(ctx.clause)
        if (as_today or bare and not _OTHER_TIME.search(ctx.sentence)) and book.today < book.regular and _close(value, float(book.regular), False) \
                and not _AFTER_THE_SALE.search(ctx.clause):  # 秒杀完五十九: the everyday price the sale returns to
            return ("wrong_price", f"“{c.text}”是日常价，活动期间不是今天的价格（{today}）", ref)
        if (unearned := _unearned_cut(value, sku, at, ctx)) is not None:
            return ("wrong_price", f"“{c.text}”{unearned}（{today}）", ref)
        each = said is not None and said.each and not said.nth
        if each and "第" not in ctx.clause and not _SAVING_CUE.search(ctx.clause):
            if book.said_of_one(value, ctx.several and not _SEPARATELY.search(ctx.clause), said.average, rough) is not None:
                return _lapsed(c, ctx, sku, at)  # 199.5一台 is what one costs, not the half-priced second alone
        else:
            # 第二台99 is the second's price; 99一台 is any one's, unless items are listed (一件99一件49.5)
            nth = bool(_NTH.search(ctx.clause)) or not _per_one(ctx, c.text) or said is not None and said.nth
            several = ctx.several or count is not None or _kuai_counted(ctx, sku)
            if book.find(book.now, value, several, ctx.names_rule, ctx.rule_nearby, nth, bool(_SAVING_CUE.search(ctx.clause)),
                         rough) is not None:
                return _lapsed(c, ctx, sku, at)
        if book.is_list_price(value):
            if _NAMED_LIST.match(ctx.sentence, len(ctx.before) + len(c.text)) or _named_list_before(ctx.before, value) \
                    and (_NOT_TODAYS_AFTER.match(ctx.sentence, len(ctx.before) + len(c.text)) or _DONT_TAKE.search(ctx.before)):
                return None  # 九百五十九是划线价，不是今天的价; 划线价一百二十九…一百二十九那个不是今天价: named as the list price
            if as_today or ctx.tense == "current" or bare and not _LIST_WORD.search(ctx.sentence):
                return ("wrong_price", f"“{c.text}”是划线价，不是今天的价格（{today}）", f"{sku.sku_id}#list_price")
            if book.list_price != book.regular and _AFTER_THE_SALE.search(ctx.clause):
                return ("wrong_price", f"活动后恢复的是日常价{_fmt(float(book.regular))}元，不是划线价“{c.text}”", ref)
            return None
        running = {f"{sku.sku_id}#promo:{n}" for n, p in enumerate(sku.promotions) if p.active(at)}
        if any(q.dimension == "money" and _close(q.base, value, False) and not q.fact_id.endswith("#list_price")
               and ("#promo:" not in q.fact_id or q.fact_id in running) for q in g.quantities):
            return None  # another money fact of the KB or of a running offer (满99包邮, 补贴200元)
        lapsed = [(hit, state) for prices, state in ((book.ended, "已经结束"), (book.upcoming, "还没开始"))
                  for hit in prices if hit.said_as(value, rough)]
        if lapsed and (direction := ctx.than_now()):
            if (value > float(book.today)) == (direction > 0):
                return None  # 晚八点档二百二十九，比现在贵三十: said as not today's, and it is dearer
            return ("expired_offer", f"“{c.text}”说比现在{'贵' if direction > 0 else '便宜'}，其实不是（{today}）", ref)
        if _THAN_OFFER.search(ctx.before):
            return None  # 比预热十九块九还低: another offer's price as what a price is compared with, not as now's
        if any(p.name == hit.offer and _said_as_its_offer(ctx, p, at, _others(sku, p)) for hit, _ in lapsed for p in sku.promotions):
            return None  # 双11那个价已经结束了 / 双12当天还有: said as what it is, or by its name (of any offer at that price)
        if lapsed and _average_of_said(c, ctx.before, exact=True):
            return None  # 两台二百一十八，一台一百零九: a said total over its count (checked as the total), not the old offer's
        if lapsed:
            hit, state = lapsed[0]
            return ("expired_offer", f"“{c.text}”是{hit.what}的价格，活动{state}（{today}）", ref)
        if self._per_unit_price(c, ctx, g, book):
            return None  # 二百五十克298，一两不到六十块: the price per one unit of the pack's weight
        if (_per_one(ctx, c.text) or _restates_one(ctx)) and _share_of_said_total(ctx.before, value, book, said is None or said.average
                                                          or bool(_SEVERAL_NEEDED.search(ctx.sentence))):
            return None  # 两罐四十二，一罐才二十一: the share of a total said before, which is judged itself
        if _gap_to_threshold(ctx, value, book):
            return None  # 两个一百九十八，还差两块够不着满二百: what a basket lacks of a rule's threshold
        named = self._whose.named_sibling(CLAUSE_BREAK.split(ctx.before)[-1].lower(), sku.sku_id)
        for other in sorted(self._whose.siblings(sku.sku_id)):
            other_book = price_book(self._ground[other].sku, at)
            theirs = other_book.find(other_book.now, value)
            if theirs is not None and (other == named or _SEPARATELY.search(ctx.before)):
                return None  # 单买两罐儿童二十九块九: a sibling named or bought apart, at its own price today
            if theirs is not None or other_book.is_list_price(value):
                return ("wrong_price", f"“{c.text}”是{other}的价格，不是本商品的（{today}）", ref)
        return ("wrong_price", f"价格“{c.text}”与知识库不符（{today}）", ref)

    def _said_value(self, value: float, g: _SkuGround, ctx: Context, c: Claim) -> bool:
        """``value`` is one of the SKU's own non-money values, or a sibling's, and the sentence says a value of its kind
        with the unit before it (at 1.9 kilos, this one at 4.6; twenty-two grams, lighter than the wide one at 38)."""
        grounds = [g, *(self._ground[s] for s in sorted(self._whose.siblings(g.sku.sku_id)))]
        kinds = {q.measure.dimension for own in grounds for q in own.measures if q.measure.lo == q.measure.hi
                 and q.value == value and not q.derived and q.measure.dimension != "money"
                 and not q.measure.dimension.startswith("count:")}
        said = {d for m in re.finditer(r"\d+(?:\.\d+)?", ctx.before) if (u := self._unit_after.match(ctx.before, m.end()))
                for d, _ in self.units.readings(u.group(0).strip())} if kinds else set()
        return bool(kinds & said)

    def _per_unit_price(self, c: Claim, ctx: Context, g: _SkuGround, book: PriceBook) -> bool:
        """A price said per one unit of weight, volume or length (一两不到六十块, 79.5一公斤) that today's prices give
        for the amount the KB states (298 for 250 g: 59.6 a 两)."""
        m = _ONE_UNIT_BEFORE.search(ctx.before) or _ONE_UNIT_AFTER.match(ctx.sentence, len(ctx.before) + len(c.text))
        if m is None:
            return False
        readings = [r for r in self.units.readings(m.group("u")) if r[0] in ("mass", "volume", "length")]
        value = c.base or 0.0
        for dim, factor in readings:
            sizes = {q.measure.lo for q in g.measures if q.measure.dimension == dim and not q.derived and q.measure.lo > 0}
            for p in book.now:
                if p.rule or p.before_rule:
                    continue
                for size in sizes:
                    for n in ({p.items} if p.items else {1}):
                        per = p.value / (size * n) * factor
                        if abs(per - value) <= 0.05 * value or c.bound == "<" and 0.8 * value <= per <= value \
                                or c.bound == ">" and value <= per <= 1.2 * value:
                            return True
        return False

    def _compared(self, c: Claim, reading: Measure, g: _SkuGround, others: list[str], ctx: Context) -> bool:
        """Whether a sibling's value is said as the sibling's, in a comparison of the two (own_compare):

        - as the sibling's name (跟六寸款比, 三十毫升的那款): the value leads 款/的/版 or follows 跟/和/比;
        - beside this SKU's own value of the same kind in the sentence (三百二十克对二百二十克, 512 pages … 460).
        """
        if _NAMES_AFTER.match(ctx.sentence, len(ctx.before) + len(c.text)) or _NAMES_BEFORE.search(ctx.before):
            return True
        if reading.slack:
            return False  # 二百六十毫米，足有一尺长: a rounded unit said of this SKU's own value, not the sibling's beside it
        def values(ground: _SkuGround) -> set[float]:
            return {round(q.value, 3) for q in ground.measures if q.measure.dimension == reading.dimension}

        # this SKU's values no sibling has (not the FAQ's mention of the sibling); in a sentence that compares, those
        # some sibling lacks (六毫升对五毫升 while a set holding both SKUs has both values)
        theirs = [values(self._ground[sid]) for sid in others]
        own = {v for v in values(g) if (any if _COMPARING.search(ctx.sentence) else all)(v not in t for t in theirs)}
        said = {round(float(m.group()), 3) for m in _BARE_NUMBER.finditer(ctx.sentence)
                if reading.dimension.startswith("count") or not _COUNT_WORD.match(ctx.sentence, m.end())}  # not 这一盒
        return bool(others) and bool(own & said)

    def _change(self, reading: Measure, g: _SkuGround) -> bool:
        """Whether a from-to pair runs between a sibling's value and this SKU's own (从35提到45, goes from 6 to 8 hours)."""
        own = {round(q.measure.lo, 6) for q in g.measures if q.measure.dimension == reading.dimension}
        theirs = {round(q.measure.lo, 6) for sid in self._whose.siblings(g.sku.sku_id) for q in self._ground[sid].measures
                  if q.measure.dimension == reading.dimension}
        ends = {round(reading.lo, 6), round(reading.hi, 6)}
        return bool(ends & own) and bool(ends & theirs) and ends <= own | theirs

    def _difference(self, c: Claim, reading: Measure, g: _SkuGround, ctx: Context) -> bool:
        """多了五十二页 / 轻了0.8公斤 after naming a sibling: the gap between this SKU's value and the sibling's. An English
        gap (19 centimeters wider than the six) is never the SKU's own value, whatever part of it it measures."""
        if _DIFFERENCE_AFTER.match(ctx.sentence, len(ctx.before) + len(c.text)):
            return True
        per_one = _PER_ONE_GAP.match(c.text)  # 一盒多十六克: a box holds sixteen grams more
        gap_after = _GAP_AFTER_EN.match(ctx.sentence, len(ctx.before) + len(c.text)) and _COMPARING.search(ctx.sentence)
        if not (_DIFFERENCE.search(ctx.before[-8:]) or per_one or gap_after):
            return False
        own = [q.measure.lo for q in g.measures if q.measure.dimension == reading.dimension and q.measure.lo == q.measure.hi]
        theirs = [q.measure.lo for sid in self._whose.siblings(g.sku.sku_id) for q in self._ground[sid].measures
                  if q.measure.dimension == reading.dimension and q.measure.lo == q.measure.hi]
        theirs += self._comparands(CLAUSE_BREAK.split(ctx.before)[-1], reading.dimension)
        return any(_close(abs(a - b), reading.lo, c.approx) for a in own for b in theirs if a != b)

    def _comparands(self, clause: str, dimension: str) -> list[float]:
        """The values said after 比 in ``clause`` in ``dimension`` (比一米八的个子还长出三十公分: 1800 mm)."""
        return [float(m.group(1)) * f for m in self._compared_value.finditer(clause)
                for d, f in self.units.readings(m.group(2)) if d == dimension]

    def _offer_clock(self, c: Claim, ctx: Context, at: datetime) -> bool:
        """``c`` is a duration as long as the time from ``at`` until one of the merchant's offers ends or starts,
        to five minutes or a tenth, said in a sentence about the sale's clock: how long is left, not the product's
        (不用赶这四十分钟 forty minutes before a flash ends; 还有两天多 to a fair's last day)."""
        spans = [(r.lo, r.hi) for r in c.readings if r.dimension == "duration" and r.lo > 0]
        if not spans or not _CLOCK_TALK.search(ctx.sentence):
            return False
        times = self._offer_times
        waits = [(t - at).total_seconds()
                 for t in times[bisect_right(times, at) : bisect_right(times, at + timedelta(days=14))]]
        return any(lo - max(300.0, 0.1 * w) <= w <= hi + max(300.0, 0.1 * w) for w in waits for lo, hi in spans)

    def _check_quantity(self, c: Claim, g: _SkuGround, ctx: Context | None = None):
        dims = {q.measure.dimension for q in g.measures if not q.fact_id.endswith("#stock")}
        held = [r for r in c.readings if r.dimension in dims and "/" not in r.dimension]
        cue = next((dim for dim, said in _DIMENSION_CUES if said.search(c.context)), None)
        if len(held) > 1 and cue in {r.dimension for r in held}:
            held = [r for r in held if r.dimension == cue]  # 酒精度十二度: the clause says which 度 it is
            c = replace(c, readings=tuple(held) + tuple(x for x in c.readings if x.dimension not in dims))
        if len(held) > 1:  # 视角一百四十度 where the KB states an angle and a temperature, 一瓶一斤 a volume and a weight: any reading the KB holds
            tried = [self._check_quantity(replace(c, readings=(r,) + tuple(x for x in c.readings if x not in held)), g, ctx)
                     for r in held]
            return None if any(t is None for t in tried) else tried[0]
        if ctx is not None and self._model_code(c, ctx):
            return None  # Sixty S9 locks: the S of a model name the catalogue sells, not seconds
        if ctx is not None and any(r.dimension in ("band", "letter_size") for r in c.readings) \
                and _NEGATION_BEFORE.search(ctx.before):
            return None  # 没GPS也没4G, 没有XXL: a band, a network or a size the host says the product lacks
        if ctx is not None and any(r.dimension == "letter_size" for r in c.readings) and ctx.before.endswith("穿") \
                and ctx.sentence.startswith("的", len(ctx.before) + len(c.text)):
            return None  # 穿XXL的拍那款: the buyers who wear the size, sent elsewhere
        if ctx is not None and _ASSUMED_BEFORE.search(ctx.before + _lead(c.text)) \
                and _ASSUMED_AFTER.match(ctx.sentence, len(ctx.before) + len(c.text)):
            return None  # 一个小盆按半升算: a figure assumed for a calculation, not a fact of the product
        reading = next((r for r in c.readings if r.dimension in dims), None)
        if reading is None and (other := next((r for r in c.readings if r.dimension in _CALENDAR), None)) is not None \
                and any(_calendar_period(q, _CALENDAR[other.dimension][0]) for q in g.measures):
            dim, factor = _CALENDAR[other.dimension]  # 半年 against 滤芯更换周期30天: months and days meet, roughly
            reading, c = Measure(dim, other.lo * factor, other.hi * factor), replace(c, approx=True)
        if ctx is not None and reading is not None and reading.dimension == "length" and not any("身高" in k for k in g.keys) \
                and _PERSON_AFTER.match(ctx.sentence, len(ctx.before) + len(c.text)):
            return None  # 一米七的人调到一百一十五: the user's height, which this SKU's facts do not bound
        if ctx is not None and _REFUSED_AFTER.match(CLAUSE_BREAK.split(ctx.sentence[len(ctx.before) + len(c.text):])[0]):
            return None  # 零下十度就别用了: a value the host rules out is not claimed of the product
        if reading is not None and g.sku.stock is not None and reading.dimension == g.sold_by:
            return None  # 拍两盒, 两盒的钱拿三盒: a count of what the SKU is sold by is how many to buy, not a fact
        if reading is None:
            rated = [q for r in c.readings for q in g.measures if q.measure.dimension.startswith(f"{r.dimension}/")]
            if rated:  # 十一万转 for 110000转/分: a rate said by its count, per the KB's own time unit
                if any(_close(q.value, c.value or 0.0, c.approx) for q in rated):
                    return None
                near = min(rated, key=lambda q: abs(q.value - (c.value or 0.0)))
                return ("contradiction", f"“{c.text}”与知识库“{near.text}”矛盾", near.fact_id)
            return self._unknown_dimension(c, g)
        same_dim = [q for q in g.measures if q.measure.dimension == reading.dimension]
        if ctx is not None and reading.dimension in _CALENDAR and _interval(c, ctx) \
                and not any(_INTERVAL_KEY.search(q.key) or "每" in q.text for q in same_dim):
            return None  # 每三个月调个头, 三年换一次电池: how often to do something, where the KB states no interval
        if ctx is not None and reading.dimension in _CALENDAR and _ACTIVITY_BEFORE.search(ctx.before) \
                and not any("/" in r.dimension for r in c.readings) \
                and not any(q.key and q.key in c.context.lower() for q in same_dim):
            return None  # 露营两天, 出差三五天, 一家人吃两天: how long the buyer does something, no attribute named
        if ctx is not None and "/" not in reading.dimension and reading.dimension not in _CALENDAR and _dose(c, ctx) \
                and not any(q.derived or q.fact_id.endswith("#usage") or _PER_USE_FACT.search(q.text)
                            or _PER_USE_FACT.search(q.key) for q in same_dim):
            return None  # 天天吃两粒 where the KB states 24粒 a box and no amount per day or per piece
        if ctx is not None and reading.dimension.startswith("count:") and c.value \
                and any(_close(q.value * int(k), c.value, False) for k in _PACKS_SAID.findall(ctx.before) for q in same_dim):
            return None  # 两盒三百九十八，二十片牛排: the packs said times what one holds
        pool = keyed(same_dim, c.context.lower()) or same_dim
        if ctx is not None and _WHOLE_PACK.search(CLAUSE_BREAK.split(ctx.before + _lead(c.text))[-1]):
            pool = [q for q in pool if not (q.derived and "×" not in q.text and _PER_AMOUNT_TEXT.search(q.text))] or pool
            # 一整瓶才十二毫克 under 钠12mg/100mL: said of the whole pack, so the rate times the pack, not the rate's 12 mg
        step = reading.lo / c.value if c.value and float(c.value).is_integer() else 0.0  # one said unit (一两: 50 g)
        step = reading.lo if c.value and c.value < 1 else step  # 不到半两 for 18 g: a part of a unit is the step
        if any(supports(reading, c.approx, q.measure) or rounds_to_bound(reading, c.bound, q, step) for q in pool):
            return None
        if self._per_part(c, reading, g, same_dim):
            return None
        per_item = any(r.dimension.startswith(f"{reading.dimension}/count:") for r in c.readings)
        named = any(q.key and q.key in c.context.lower() for q in same_dim if not q.derived)
        if not per_item and not named and any(supports(reading, False, q.measure) for q in g.references):
            return None  # 一百克八点一克: the amount a rate is per; not 一瓶一百毫升 (per item) nor 净含量一百克
        if not c.bound and any(q.bound == "<" and q.fact_id.endswith("#usage") and 0 <= reading.lo and reading.hi <= q.measure.hi
                               for q in same_dim):
            return None  # 用五十度左右的水 under 用不超过60℃的温水冲调: a use inside the usage limit
        limits = [q for q in same_dim if _LIMIT_KEY.search(q.key)]
        if limits and len(limits) == len(same_dim) and not c.bound and not any(q.key in c.context.lower() for q in limits) \
                and any(0 <= reading.lo and reading.hi <= q.measure.hi for q in limits):
            return None  # 耐温260℃ only, and 进烤箱200度烤个鸡: a use below the stated limit, not a misquoted limit
        plain = next((r for r in c.readings if "/count:" in reading.dimension and "/" not in r.dimension), None)
        if plain is not None and any(  # 一盒能写六百米 where 600 m is per pen: the item's value said per pack
                q.measure.dimension.startswith(f"{plain.dimension}/count:")
                and supports(Measure(q.measure.dimension, plain.lo, plain.hi), c.approx, q.measure) for q in g.measures):
            plain = None
        if plain is not None and any(supports(plain, c.approx, q.measure) for q in g.measures
                                     if q.measure.dimension == plain.dimension and not q.derived):
            return None  # 送一瓶三十粒的小瓶: a pack size the KB states, not this SKU's per-pack rate
        if product_of_counts(reading, pool, ctx.sentence if ctx is not None and _sum_said(c) else c.context):
            return None
        if reading.lo != reading.hi and _CHANGE.search(c.context) and self._change(reading, g):
            return None  # the Pro goes from 35 to 45 dB: the sibling's value to this SKU's, not a range
        if self._named_count(c, reading, g):
            return None
        mismatched = [q for q in same_dim if _close(q.value, c.value or 0, False)
                      and not supports(q.measure, False, reading)]  # 535ml for 535L: same number, other unit
        if mismatched:
            return ("unit_mismatch", f"“{c.text}”单位不符，知识库为“{mismatched[0].text}”", mismatched[0].fact_id)
        said = (ctx.before + c.context).lower() if ctx is not None else c.context.lower()
        if any(supports(reading, c.approx, q.measure) and (any(w in said for w in words) or self._names_sibling(c.text, g))
               for q, words in g.compared):
            return None  # 段装二百五十克, the 3L: the sibling's value the FAQ quotes, said with the words that name the sibling
        others = sorted(sid for sid, og in self._ground.items() if sid != g.sku.sku_id and any(
            q.measure.dimension == reading.dimension and q.measure.lo == q.measure.hi
            and supports(reading, False, q.measure) for q in og.measures))
        others = [sid for sid in others if sid in self._whose.siblings(g.sku.sku_id)]
        if ctx is not None and (self._difference(c, reading, g, ctx) or self._compared(c, reading, g, others, ctx)):
            return None
        if others and not c.approx:  # a sibling's value; another brand's is a coincidence, not its fact
            return ("other_sku", f"“{c.text}”是{others[0]}的参数，不属于本商品")
        near = nearest(reading, pool)
        return ("contradiction", f"“{c.text}”与知识库“{near.text}”矛盾", near.fact_id)

    @staticmethod
    def _named_count(c: Claim, reading: Measure, g: _SkuGround) -> bool:
        """纸盒一次放一百五十张 for 纸盒容量150页: the count a named count attribute states, in another measure word."""
        if not reading.dimension.startswith(("count:", "unit:")) or "/" in reading.dimension:
            return False
        context = c.context.lower()
        return any(q.measure.dimension.startswith(("count:", "unit:")) and "/" not in q.measure.dimension and not q.derived
                   and q.key and (q.key in context or len(q.key) >= 4 and q.key[:2] in context)
                   and supports(Measure(q.measure.dimension, reading.lo, reading.hi), c.approx, q.measure) for q in g.measures)

    def _model_code(self, c: Claim, ctx: Context) -> bool:
        """The claim's one-letter unit runs into digits that, with it, name a model in the catalogue (S9, T3)."""
        code = re.match(r"\d+", ctx.sentence[len(ctx.before) + len(c.text):])
        return len(c.unit) == 1 and c.unit.isascii() and code is not None \
            and any(re.search(rf"(?<![a-z0-9]){c.unit}{code.group()}(?![0-9])", t) for t in self._titles.values())

    def _per_part(self, c: Claim, reading: Measure, g: _SkuGround, same_dim: list[Grounded]) -> bool:
        """一只二十克, 一本六十四页, 一小把三十克: a value said of one part or serving of what the SKU is sold as is no
        size of the whole. It is backed by the whole's value over the KB's count of parts (1kg of about 50
        dumplings, 256 pages in 4 volumes), and a serving (一小把) by nothing the KB could deny."""
        per = next((r.dimension.split("/count:", 1)[1] for r in c.readings
                    if r.dimension.startswith(f"{reading.dimension}/count:") and r.dimension.count("/") == 1), None)
        sold = _stock_unit(g.sku)
        if per is None or per == sold or _title_unit(g.sku.title, per) \
                or any(f"每{per}" in q.key or f"/{per}" in q.text for q in same_dim):
            return False  # one of what the SKU is sold by, or a part the KB states its values per (钙（每粒）)
        parts = [q for q in g.measures if q.measure.dimension.startswith("count:") and "/" not in q.measure.dimension
                 and not q.derived and not q.fact_id.endswith("#stock") and q.measure.lo > 1
                 and q.measure.dimension != g.sold_by]
        if not parts:
            return per in _SERVINGS
        wholes = [q.measure for q in same_dim if not q.derived and not q.fact_id.endswith("#stock") and q.measure.lo > 0]
        return any(supports(reading, True, Measure(reading.dimension, w.lo / n.measure.hi, w.hi / n.measure.lo))
                   for w in wholes for n in parts)

    def _consumption(self, c: Claim, claims: list[Claim], g: _SkuGround, ctx: Context):
        """A period said as how long an amount lasts (一瓶六十粒吃两个月, 一罐喂十天, 一天八小时能用二十五天): the
        amount over the daily use, both as said in the sentence or as the KB states them. ``(True, problem)`` when
        the period is judged here, ``None`` when the ordinary check judges it."""
        if c.kind != "quantity":
            return None
        reading = next((r for r in c.readings if r.dimension in ("duration", "months")), None)
        if reading is None or reading.hi <= 0:
            return None
        lead = _lead(c.text)  # 1罐喂10天: the claim reads the amount, the verb and the period
        before = re.sub(r"[\d.]+\s*[-~到至]\s*$", "", CLAUSE_BREAK.split(ctx.before + lead)[-1])  # 够用4-(5个月)
        after = ctx.sentence[len(ctx.before) + len(c.text):]
        verb = _CONSUME_BEFORE.search(before) or _CONSUME_AFTER.match(after)
        if verb is None:
            return None
        lo_days, hi_days = (v * (_MONTH_S if reading.dimension == "months" else 1) / 86400 for v in (reading.lo, reading.hi))
        used = "用" in verb.group(0)  # a battery or a device is used up too: 用 alone decides only with a said daily use
        start = c.start - len(ctx.before)
        said = [x for x in claims if x.kind == "quantity" and start <= x.start and x.end <= c.start and x is not c]
        daily: list[tuple[str, float]] = []
        for m in self._daily.finditer(fold(ctx.sentence)):
            unit = m.group("u1") or m.group("u2")
            value = float(m.group("v1") or m.group("v2"))
            daily += [(d, value * f) for d, f in self.units.readings(unit)]
        used_said = bool(daily)
        stated = [q.measure.lo * (_MONTH_S / 86400 if q.measure.dimension.startswith("months") else 1 / 86400)
                  for q in g.measures if g.sku.stock is not None and not q.derived and q.measure.dimension in
                  (f"duration/{g.sold_by}", f"months/{g.sold_by}")]
        # the host's own daily use (一天两片) decides over the KB's (每日1-2片); a KB maximum (每天不超过15粒) makes the
        # period it gives a least one (fifty mints last at least three days, "a good two weeks" at fewer)
        at_most = not used_said and any(q.bound == "<" for q in g.measures if q.measure.dimension.endswith("/duration"))
        if not used_said:
            daily += [(q.measure.dimension[: -len("/duration")], q.measure.lo * 86400) for q in g.measures
                      if q.measure.dimension.endswith("/duration") and q.measure.lo > 0]
        daily += [(q.measure.dimension.split("/")[0], rate * v) for dim, rate in list(daily) for q in g.measures
                  if q.measure.dimension.endswith(f"/{dim}") and dim.startswith("count:")
                  for v in {q.measure.lo, q.measure.hi}]  # 每天1次 and 每次15g: 15 g a day
        # the periods the KB states that a period of use may be measured against (续航, 电池约2年, FAQ's 大约用50天):
        # those of its own kind, else of the other calendar kind; none when they are all shelf lives
        periods = [q for q in g.measures if q.measure.dimension == reading.dimension] \
            or [q for q in g.measures if q.measure.dimension in ("duration", "months")]
        runtime = any(not _SHELF_KEY.search(q.key) for q in periods)
        if not daily and not stated:
            return None if runtime else (True, None)  # nothing to reckon with: left, unless a runtime may decide
        if not daily:
            return None  # a period the KB states per pack (一罐约吃15天) is checked as usual
        packs = [1.0] + [x.value for x in said if g.sku.stock is not None and x.value
                         and any(r.dimension == g.sold_by for r in x.readings)]
        if g.sku.stock is not None and (own := re.match(rf"\s*(\d+(?:\.\d+)?)\s*{re.escape(g.sku.stock.unit)}", lead)):
            packs.append(float(own.group(1)))  # 三瓶吃半年: the packs the period is said of
        amounts: dict[str, set[float]] = defaultdict(set)
        per_pack = f"/{g.sold_by}"  # 六十粒/瓶, 一瓶六十粒: an amount per pack is one pack's amount
        for x in said:
            for r in x.readings:
                amounts[r.dimension.removesuffix(per_pack)].add(r.lo)
        for q in g.measures:
            dimension = q.measure.dimension.removesuffix(per_pack)
            if not q.derived and not q.fact_id.endswith("#stock") and "/" not in dimension:
                amounts[dimension] |= {q.measure.lo * n for n in packs}
        lasting = [a / rate for dim, rate in (daily if not stated or used_said else daily[:0])
                   for a in amounts.get(dim, ()) if rate > 0 and a > 0]
        lasting += [v * n for v in stated for n in packs]  # 一罐约吃15天: the KB's own period per pack decides
        if not lasting:
            return None if used and not used_said and runtime else (True, None)
        if any(lo_days - 0.2 * v <= v <= hi_days + 0.2 * v for v in lasting) or at_most and hi_days >= 0.8 * min(lasting) or any(
                q.measure.dimension == reading.dimension and supports(reading, True, q.measure) for q in g.measures):
            return (True, None)  # …or a period the KB states as it is (续航42天)
        if used and not used_said and runtime:
            return None
        near = min(lasting, key=lambda v: abs(lo_days - v))
        return (True, ("contradiction", f"“{c.text}”与用量不符（按知识库或所说的每日用量约{_fmt(near)}天）"))

    def _servings(self, c: Claim, claims: list[Claim], g: _SkuGround, ctx: Context):
        """How many servings a pack makes (一袋能冲五十杯, 一罐能喝四十五次): the pack's amount over one serving's, as
        the KB (每杯15g, 每份30g) or the sentence (一杯十五克) states it. ``(True, problem)`` when judged here."""
        if c.kind != "quantity" or not (_SERVE.search(_lead(c.text) + c.text) or _SERVE_BEFORE.search(ctx.before)):
            return None  # 一袋能冲五十杯, or the verb said right before the count (一次五克，能泡一百次)
        per_pack = next((r for r in c.readings if r.dimension == f"{_count_dim(r)}/{g.sold_by}"), None)
        said = per_pack or next((r for r in c.readings if r.dimension.startswith("count:") and "/" not in r.dimension), None)
        if said is None or not said.lo:
            return None
        units = _SERVING_UNITS if _count_dim(said)[6:] in _SERVING_UNITS else {_count_dim(said)[6:]}
        start = c.start - len(ctx.before)
        stated = [(q.measure.lo, q.measure.hi) for q in g.measures if q.measure.dimension in
                  {f"count:{u}/{g.sold_by}" for u in units}]  # 一罐约30份: the KB's own count decides
        rates = [q.measure for q in g.measures if not q.derived and _SERVING_KEY.fullmatch(q.key)] + [
            r for x in claims if x.kind == "quantity" and start <= x.start < c.start for r in x.readings]
        servings = [r for r in rates if "/count:" in r.dimension and r.dimension.split("/count:", 1)[1] in units
                    and r.dimension.count("/") == 1 and r.lo > 0]
        packs = [q.measure for q in g.measures if not q.derived and not q.fact_id.endswith("#stock")
                 and q.measure.lo == q.measure.hi and q.measure.lo > 0 and "/" not in q.measure.dimension]
        made = stated or [(pack.lo / r.hi, pack.lo / r.lo) for r in servings for pack in packs
                          if r.dimension.startswith(f"{pack.dimension}/")]
        if not made:
            return None
        if any(lo * 0.8 <= said.lo and said.hi <= hi * 1.2 for lo, hi in made):
            return (True, None)
        return (True, ("contradiction", f"“{c.text}”与份量不符（按知识库约{_fmt(made[0][1])}份）"))

    def _energy(self, c: Claim, claims: list[Claim], g: _SkuGround, ctx: Context):
        """Electricity said for a stretch of use (吹一个小时才零点六度电, 烧一壶按五分钟算零点一五度电): the KB's power
        times the time said in the sentence. ``(True, problem)`` when judged here, ``None`` otherwise."""
        rate = next((r for r in c.readings if r.dimension == "energy_wh/duration"), None)
        powers = {q.measure.lo for q in g.measures if q.measure.dimension == "power" and not q.derived and q.measure.lo > 0}
        if c.kind == "quantity" and rate is not None and rate.lo and powers:  # 一个小时零点六度电: 600 W
            if any(abs(rate.lo * 3600 - p) <= 0.2 * p or c.bound == "<" and p <= rate.lo * 3600 for p in powers):
                return (True, None)
            return (True, ("contradiction", f"“{c.text}”与功率不符（知识库功率{_fmt(min(powers, key=lambda p: abs(p - rate.lo * 3600)))}W，"
                                            f"所说的合{_fmt(rate.lo * 3600)}W）"))
        energy = next((r for r in c.readings if r.dimension == "energy_wh"), None)
        if c.kind != "quantity" or energy is None or not energy.lo:
            return None
        start = c.start - len(ctx.before)
        times = [r.lo for x in claims if x.kind == "quantity" and start <= x.start < c.start
                 for r in x.readings if r.dimension == "duration" and r.lo > 0]
        if not times or not powers:
            return None
        expected = [p * t / 3600 for p in powers for t in times]
        if any(abs(energy.lo - e) <= 0.2 * e or c.bound == "<" and e <= energy.lo for e in expected):
            return (True, None)
        near = min(expected, key=lambda e: abs(e - energy.lo))
        return (True, ("contradiction", f"“{c.text}”与功率和时间不符（按知识库功率约{_fmt(near / 1000)}度电）"))

    def _unknown_dimension(self, c: Claim, g: _SkuGround):
        """A quantity of a kind this SKU's facts never state: only a named parameter is a claim. A count of items
        (一百五十瓶, 四十台) or a rate is no measure said in the wrong unit, whatever its number."""
        measure = all(not r.dimension.startswith("count:") and "/" not in r.dimension for r in c.readings)
        mismatched = [q for q in g.measures if measure and c.value and c.value >= 10 and _close(q.value, c.value, False)
                      and q.measure.dimension != "money" and not q.measure.dimension.startswith("count:")]
        if mismatched:
            return ("unit_mismatch", f"“{c.text}”单位不符，知识库为“{mismatched[0].text}”", mismatched[0].fact_id)
        if c.readings and self._named_count(c, c.readings[0], g):
            return None
        context = c.context.lower()
        named_before = context[: max(context.find(c.text.lower()), 0) + len(c.text)]
        if not any(k in named_before for k in self._all_keys):
            return None  # 三种香型 counts the values; 香型是三种 would name the parameter first
        others = sorted(sid for sid, og in self._ground.items() if sid != g.sku.sku_id and any(
            supports(r, c.approx, q.measure) for r in c.readings[:1] for q in og.measures
            if q.measure.dimension == r.dimension))
        if others:
            return ("other_sku", f"“{c.text}”是{others[0]}的参数，不属于本商品")
        return ("unsupported", f"知识库中没有“{c.text}”这一数据")

    def _check_cert(self, c: Claim, g: _SkuGround):
        core = c.detail.lower()
        suffix = c.text[len(c.detail):]
        if core and (f"{core}{suffix}".lower() in g.text or any(core in cert for cert in g.certs)):
            return None
        if not core and (suffix in g.text or (suffix in {"认证", "证书"} and g.certs)):
            return None
        owners = [s for s, og in self._ground.items() if s != g.sku.sku_id and core and any(core in x for x in og.certs)]
        where = f"（这是{owners[0]}的资质）" if owners else ""
        return ("invented_certification", f"“{c.text}”不在本商品的资质清单中{where}")

    def _check_values(self, norm: Normalized, subjects: Subjects, g: _SkuGround, add) -> None:
        """Catalogue values in the text, each checked against the SKU its clause is about; a value only
        this SKU's KB denies (不加绒) or only a sibling has is wrong even when it is short and unkeyed."""
        (auto, owners), keys = self._values, self._value_keys
        low = norm.text.lower()
        hits = sorted(((end - len(v) + 1, end + 1, v) for end, v in auto.iter(low)), key=lambda h: (h[0], -h[1]))
        grounds = {s: self._ground[subjects.at(s)] for s, _, _ in hits}
        supported = Spans((s, e) for s, e, v in hits if _asserted(grounds[s].text, v))
        found = Spans((s, e) for s, e, _ in hits)
        siblings = self._whose.siblings(g.sku.sku_id)
        for s, e, v in hits:
            subject = grounds[s]
            if _asserted(subject.text, v) or supported.cover(s, e) or _keyed_number(subject.sku, v) \
                    or v.startswith("纯") and any(f in subject.text for f in (f"{v[1:]}100%", f"100%{v[1:]}")):
                continue  # 纯棉 of 棉100%: the label's full share
            if found.cover(s, e, strict=True) or _NEGATION.search(low[max(0, s - 6):s]) or refused(low, s, e) \
                    or _CHAT_ASKS.search(low, max(0, s - 12), s):
                continue  # the longer value around it decides; 不加绒, 不是完全防水, 不说有机, 有人问无糖的: not claimed
            if self._in_sibling_title(low, s, e, subject.sku.sku_id):
                continue  # 芒果 in 榴莲干和芒果干的区别: part of the sibling's name, not said of this SKU
            if (_LATIN_EDGE.match(v[-1]) and _LATIN_EDGE.match(low, e)
                    or _LATIN_EDGE.match(v) and s > 0 and _LATIN_EDGE.match(low[s - 1])):
                continue  # pp inside ppi or support is no value

            specific = v in _VOCABULARY or re.search(r"[0-9a-z]", v) or len(v) >= 4 or owners[v] & siblings
            window = _clause_before(low, s)
            keyed = any(k in window for k in keys.get(v, set()) | subject.keys)
            if not (specific or keyed):
                continue
            others = sorted(owners[v] - {subject.sku.sku_id}, key=lambda o: (o not in siblings, o))
            if "<cert>" in keys.get(v, ()):
                add("invented_certification", s, e, f"“{v}”不在本商品的资质清单中（这是{others[0] if others else '其他商品'}的资质）")
            elif others and others[0] in siblings and (as_yardstick(window) or of_the_others(
                    _SENTENCE_END.split(low[max(0, s - 60):s])[-1], low[e:e + 6])):
                continue  # 跟第2版比, 另外两款一个油纸: the sibling named as a yardstick or as the other one, its value not claimed
            elif others and g.sku.sku_id in others and subject.sku.sku_id in self._sets_holding(g.sku.sku_id):
                continue  # 咬咬囡原味磨牙饼…鸡蛋 in the single's own script: its value, though a set holding it was named
            elif others:
                add("other_sku", s, e, f"“{v}”是{others[0]}的属性，本商品知识库中没有")
            else:
                add("unsupported", s, e, f"知识库中没有“{v}”")

    def _sets_holding(self, sku_id: str) -> set[str]:
        """The siblings sold as a set that hold ``sku_id`` (咬咬囡磨牙饼尝鲜套装（原味2盒+甜菜根1盒） of 咬咬囡原味磨牙饼): their
        titles say a word of its title that no single sibling's does."""
        def bigrams(title: str) -> set[str]:
            return {run[i : i + 2] for run in re.findall(r"[\u4e00-\u9fff]+", title) for i in range(len(run) - 1)}

        titles = {o: self._titles[o] for o in self._whose.siblings(sku_id)}
        sets = {o for o, t in titles.items() if _SET_TITLE.search(t)}
        own = bigrams(self._titles[sku_id]) - set().union(*(bigrams(t) for o, t in titles.items() if o not in sets))
        return {o for o in sets if own & bigrams(titles[o])}

    def _in_sibling_title(self, low: str, start: int, end: int, sku_id: str) -> bool:
        """Whether the value at ``low[start:end]`` runs on into a sibling's title (芒果 + 干 of 椰岛冻干芒果干)."""
        said = low[start : end + 1]
        return len(said) > end - start and said not in self._titles[sku_id] and any(
            said in self._titles[o] for o in self._whose.siblings(sku_id))

    def _check_codes(self, low: str, subjects: Subjects, claimed: Spans, add) -> None:
        """A graded code (SPF50, 4K) of a family the subject's KB grades otherwise (SPF35, 1080P); codes
        read as quantities (2K as a number and a unit) are the quantity check's."""
        for code in codes(low):
            if claimed.cover(code.start, code.end):
                continue
            stated = self._ground[subjects.at(code.start)].codes.get(code.family)
            if stated and code.grade not in stated and not _NEGATION.search(low[max(0, code.start - 2):code.start]):
                add("contradiction", code.start, code.end,
                    f"“{low[code.start:code.end]}”与知识库不符（知识库为{'、'.join(sorted(stated))}）")

    def _check_bare_numbers(self, norm: Normalized, claims: list[Claim], g: _SkuGround, add) -> None:
        """A unit-less number right after a parameter name (蓬松度是650) or before it (650的蓬松度) is a claim
        about that parameter."""
        low = norm.text.lower()
        claimed = Spans((c.start, c.end) for c in claims)
        for a in g.sku.attributes:  # pH5.5 against pH 6.0-7.0: a unit-less range said right after its key
            key = a.key.lower()
            bounds = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*[-~～至到]\s*(\d+(?:\.\d+)?)\s*", a.value)
            if a.unit or bounds is None or len(key) < 2:
                continue
            for m in re.finditer(rf"{re.escape(key)}(?:值|是|为|在)?\s*(\d+(?:\.\d+)?)(?![\d.%a-z])", low):
                value = float(m.group(1))
                if not claimed.cover(m.start(1), m.start(1) + 1) and not self._unit_after.match(low, m.end()) \
                        and not float(bounds.group(1)) <= value <= float(bounds.group(2)):
                    add("contradiction", m.start(1), m.end(1), f"“{m.group(1)}”不在知识库{a.key} {a.value}的范围内",
                        f"{g.sku.sku_id}#attr:{a.key}")
        self._check_keyed_ranges(low, claimed, g, add)
        for m in _BARE_NUMBER.finditer(low):
            if claimed.cover(m.start(), m.start() + 1):
                continue
            window = _clause_before(low, m.start())
            named_after = low.startswith("的", m.end()) and any(low.startswith(k, m.end() + 1) for k in self._all_keys)
            if not (named_after or any(k in window for k in self._all_keys)):
                continue
            if float(m.group(0)) in g.numbers or self._unit_after.match(low, m.end()):
                continue  # 1天: a unit follows, so this is an article or a period, not a bare value
            if any(b and float(b.group(1)) <= float(m.group(0)) <= float(b.group(2)) for a in g.sku.attributes
                   if a.key.lower() in window for b in [re.fullmatch(r"\s*([\d.]+)\s*[-~～至到]\s*([\d.]+)\s*", a.value)]):
                continue  # pH 6.5 inside pH 6.0-7.0
            if any(len(_LIST_SEP.split(a.value)) == float(m.group(0)) for a in g.sku.attributes if a.key.lower() in window):
                continue  # 配料表就俩 for 芒果、白砂糖: how many values the named attribute lists
            add("unsupported", m.start(), m.end(), f"知识库中没有参数值“{m.group(0)}”")

    def _check_keyed_ranges(self, low: str, claimed: Spans, g: _SkuGround, add) -> None:
        """A unit-less range right after an attribute's name (圈号十到十八 for 圈号 12-16号) against the attribute's own
        range: outside it, the range is wrong, and a brand-mate's, when that model's attribute of the name has it."""
        for a in g.sku.attributes:
            key, bounds = a.key.lower(), _BOUNDS.match(a.value)
            if bounds is None or len(key) < 2:
                continue
            lo, hi = float(bounds.group(1)), float(bounds.group(2) or bounds.group(1))
            for m in re.finditer(rf"{re.escape(key)}(?:是|为|在|有|从)?\s*(\d+(?:\.\d+)?)\s*[-~～至到]\s*(\d+(?:\.\d+)?)"
                                 r"(?![\d.%a-z])", low):
                said = float(m.group(1)), float(m.group(2))
                if claimed.cover(m.start(1), m.end(2)) or self._unit_after.match(low, m.end()) \
                        or lo <= said[0] <= said[1] <= hi:
                    continue
                owner = next((o for o in self._whose.siblings(g.sku.sku_id) for b in self._ground[o].sku.attributes
                              if b.key.lower() == key and (o_b := _BOUNDS.match(b.value)) is not None
                              and (float(o_b.group(1)), float(o_b.group(2) or o_b.group(1))) == said), None)
                span = low[m.start(1):m.end(2)]
                if owner is not None:
                    add("other_sku", m.start(1), m.end(2), f"“{span}”是{owner}的{a.key}，本商品为{a.value}{a.unit or ''}",
                        f"{owner}#attr:{a.key}")
                else:
                    add("contradiction", m.start(1), m.end(2), f"“{span}”不在知识库{a.key} {a.value}{a.unit or ''}的范围内",
                        f"{g.sku.sku_id}#attr:{a.key}")

    def _check_pack_counts(self, low: str, claims: list[Claim], subjects: Subjects, add) -> None:
        """How many a pack holds, said in English with the counted thing unnamed or in no unit of ours (thirty in a
        bag, ten to a pack, each bag has 250 tails): held against the SKU's counts per that pack (1袋25只), whatever
        they count."""
        claimed = Spans((c.start, c.end) for c in claims)
        for m in _PACK_COUNT_EN.finditer(low):
            first = "lo" if m.group("lo") else "lo2"
            packs = pack_units(m.group("pack") or m.group("pack2"))
            if not packs or claimed.cover(m.start(first), m.start(first) + 1):
                continue
            g = self._ground[subjects.at(m.start())]
            rates = [q for q in g.measures if q.measure.dimension.startswith(("count:", "unit:")) and (
                "/" in q.measure.dimension and q.measure.dimension.rsplit("/count:", 1)[-1] in packs
                or "/" not in q.measure.dimension and q.key.startswith("每") and q.key[1:2] in packs)]  # 每盒片数：5片
            lo = float(m.group(first))
            hi = float(m.group("hi") or m.group("hi2") or lo)
            if not rates:
                rates = self._contents(g.sku, packs, m) if lo >= 2 else []
            if not rates or any(supports(Measure(q.measure.dimension, lo, hi), bool(m.group("about")), q.measure)
                                for q in rates):
                continue
            near = nearest(Measure(rates[0].measure.dimension, lo, hi), rates)
            add("contradiction", m.start(), m.end(), f"“{m.group(0).strip()}”与知识库“{near.text}”矛盾", near.fact_id)

    def _contents(self, sku: Sku, packs: str, m: re.Match[str]) -> list[Grounded]:
        """What one of the items the SKU sells holds, where a host names that item as the pack (each box has 30
        crackers, 50 wontons in every bag, of a SKU sold by the 盒 or 袋): the SKU's counts in any other measure word
        (片数：20片, 规格：35g×15袋); none where the KB counts nothing inside it."""
        if sku.stock is None or sku.stock.unit not in packs or not (m.group("noun") or m.group("noun2")):
            return []  # (ten in a box names nothing counted: the KB's kinds or sheets are no answer)
        return [q for q in self._ground[sku.sku_id].measures if q.measure.dimension.startswith("count:")
                and "/" not in q.measure.dimension and q.measure.dimension[6:] not in packs + _NOT_CONTENTS]

    def _check_forbidden(self, text: str, g: _SkuGround, findings: list[Finding]) -> None:
        """The SKU's forbidden claims said of it: a clause about a sibling (要防水去拿纤长那支) may say what this one
        must not."""
        sku_id, folded = g.sku.sku_id, fold(text)

        def of_sibling(f: Finding) -> bool:
            """Named by other words than the claim's own (这是鹅绒的 names no sibling), or by its own said as a name
            (狼毫那支)."""
            named = _THAT_ONE.match(folded, f.end) is not None
            said = folded if named else folded[: f.start] + " " * (f.end - f.start) + folded[f.end :]
            return self._whose.subjects(said, sku_id).at(f.start) != sku_id
        findings += [f for f in forbidden_claims(text, g.sku) if not of_sibling(f)]

    @staticmethod
    def _forbidden_contradicted(contradicted: list[Finding], sku: Sku, findings: list[Finding]) -> list[Finding]:
        """A contradiction of the KB on the matter a forbidden sentence names (套着直接微波 against 微波加热：不可, and
        不得宣称可微波加热) is also that forbidden claim: the words the host, the KB fact and the sentence share."""
        out: list[Finding] = []
        banned = [(n, bigrams(_FORBID_LEAD.sub("", sentence))) for n, sentence in enumerate(sku.forbidden_claims)]
        for f in contradicted:
            if not f.reason.startswith(_CONTRADICTS) \
                    or any(e.kind == "forbidden_claim" and e.start < f.end and f.start < e.end for e in findings):
                continue  # only a plain contradiction (not 说法相反, which a denial can also raise)
            shared = bigrams(f.text) & bigrams(f.reason)
            n = next((n for n, words in banned if shared & words), None)
            if n is not None:
                out.append(f.model_copy(update={"kind": "forbidden_claim", "fact_ref": f"{sku.sku_id}#forbidden:{n}",
                                                "reason": f"商家禁止的宣传：“{sku.forbidden_claims[n]}”（{f.reason}）"}))
        return out

    def _check_injection(self, text: str, g: _SkuGround, findings: list[Finding]) -> None:
        for s, e, _ in find_injection(text):
            findings.append(Finding(kind="injection", start=s, end=e, text=text[s:e],
                                    reason="播报文本中出现了类似模型指令的内容"))
        if g.quarantined:
            flagged = [(f.start, f.end) for f in findings if f.kind == "injection"]
            for s, e in echoes(text, g.quarantined, grounded=g.text):
                if not any(a < e and s < b for a, b in flagged):
                    findings.append(Finding(kind="injection", start=s, end=e, text=text[s:e],
                                            reason="播报文本照做了被隔离的商品资料中的指令"))

    def _check_fluency(self, text: str, findings: list[Finding]) -> None:
        covered, total = dictionary_coverage(text)
        if total >= _FLUENCY_MIN_CHARS and covered < _FLUENCY_MIN_COVERAGE * total:
            findings.append(Finding(kind="malformed", start=0, end=len(text), text=text[:40],
                                    reason=f"读起来不像通顺的中文（词典词覆盖率{covered / total:.0%}）"))

    def _check_form(self, text: str, g: _SkuGround, findings: list[Finding]) -> None:
        pos = 0
        for line in text.split("\n"):
            reason = _malformed(line, g.text)
            if reason:
                findings.append(Finding(kind="malformed", start=pos, end=pos + len(line), text=line, reason=reason))
            pos += len(line) + 1


_NOT_CLAIMS = frozenset({"banned_term", "forbidden_claim", "injection", "malformed"})


def _outermost(findings: list[Finding]) -> list[Finding]:
    """One finding per wrong statement: a claim finding inside a longer one (七岁 inside 七岁的一年级小朋友直接上
    Python篇没问题, read by the usage constraint) is the same error."""
    inside: set[tuple[int, int]] = set()
    reach = -1  # the furthest end of the spans that start at or before this one (one sweep: long texts stay linear)
    for start, end in sorted({(f.start, f.end) for f in findings if f.kind not in _NOT_CLAIMS}, key=lambda s: (s[0], -s[1])):
        if reach >= end:
            inside.add((start, end))
        reach = max(reach, end)
    return [f for f in findings if f.kind in _NOT_CLAIMS or (f.start, f.end) not in inside]


def dictionary_coverage(text: str) -> tuple[int, int]:
    """(CJK characters inside multi-character dictionary words, all CJK characters) of ``text``.

    Real Chinese sales speech sits well above half; strings of random characters (what an untrained
    or broken model emits) stay near a fifth, because jieba without HMM only finds listed words.
    """
    counts = [_line_coverage(line) for line in text.split("\n")]
    return sum(c for c, _ in counts), sum(t for _, t in counts)


@lru_cache(maxsize=50000)
def _line_coverage(line: str) -> tuple[int, int]:
    words = jieba_module().lcut(line, HMM=False)
    covered = sum(len(w) for w in words if len(w) >= 2 and all("\u4e00" <= ch <= "\u9fff" for ch in w))
    return covered, sum(1 for ch in line if "\u4e00" <= ch <= "\u9fff")


def _malformed(line: str, grounding: str) -> str | None:
    """Empty, unfilled slots, markup, or neither Chinese nor English speech (KB words like ``OEKO-TEX``
    count as speech; English lines are judged by their letter pairs)."""
    body = [ch for ch in line if not ch.isspace()]
    if not body:
        return "空句子"
    if re.search(r"\{[^{}]*\}", line):
        return "未填充的槽位"
    if re.search(r"https?://|www\.|<[a-z/]|```", line, re.IGNORECASE):
        return "播报文本中不能有链接或标记"
    if is_english(line):
        return _unspeakable_english(line, body, grounding)
    foreign = re.findall(r"[A-Za-z][A-Za-z0-9+\-.]*", line)
    known = sum(len(w) for w in foreign if w.lower() in grounding)
    cjk = sum(1 for ch in body if "\u4e00" <= ch <= "\u9fff" or ch.isdigit() or ch in "，。！？、：；%")
    if len(body) >= 4 and (cjk + known) / len(body) < 0.5:
        return "不是可播报的中文句子"
    return None


def _unspeakable_english(line: str, body: list[str], grounding: str) -> str | None:
    words = sum(1 for ch in body if (ch.isascii() and ch.isalnum()) or "\u4e00" <= ch <= "\u9fff")
    if len(body) >= 4 and words / len(body) < 0.5:
        return "不是可播报的英文句子"
    score = gibberish_score(line, words_in(grounding))
    return None if score is None else f"读起来不像英文（字母组合平均{score:.1f}比特，英文句子通常在-4以上）"
