"""How hosts say numbers, rewritten as Arabic numerals the claim grammar reads.

Each rule is a pattern and a function returning the replacement (``None`` keeps the text), applied in
order by ``normalize``. Mandarin: positional numerals (八百九十九, 一千二, 两千五), 零下 for minus,
百分之, 块/毛 prices (三十九块九一瓶 is 39.9 per bottle), a unit inside the number (一米七五, 两公斤九, 一斤七两,
三两四, 六公斤半, 两个半小时), neighbouring digits as a range (三四个小时, 四五十平), 两/俩 as two but
两 after a digit as the 50 g unit. English: number words (forty to one hundred twenty, sixty-five,
half an hour). Single digits stay words unless a unit or measure word follows, so 一起/一点/第一 and
the like keep their meaning.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from functools import lru_cache

import cn2an

Rule = tuple[re.Pattern[str], Callable[[re.Match[str]], str | None]]

_DIGIT = "零〇一二两三四五六七八九"
_POS = "十百千万亿"
_CN = _DIGIT + _POS
_D = "[一二两三四五六七八九]"  # a single spoken digit
_N = rf"[{_CN}]{{1,16}}"  # a spoken numeral run (bounded: a run of numerals alone must not cost its length squared)
_NUM_OR_CN = rf"(?:\d+(?:\.\d+)?|{_N})"
_MEASURE = "件个片支瓶包袋盒只双套罐条粒颗份张台枚卷箱本册页首道辆杯勺泵滴芯把顶提组副串根盏筒桶盆株棵尊座幅架床坛听"  # not 对: 五对六 is "five against six"
# 五十九块九十二盒 / 二十九块九两盒: after 块 a single digit then a count of items is 59.9 for 12 boxes, not 59 for 92;
# the count is a digit or a round tens (十九块九二十粒), and after 六 to 九, the decimals prices end in, ten to nineteen
# (三十九块九十套 is 39.9 for ten sets); after a low digit the tens are the count's (三十六块二十枚, 二十五块三十二幅).
_COUNT_AFTER = rf"(?:[两俩二三四五六七八九]|(?<=[六七八九])十[一二三四五六七八九]?|[二三四五六七八九]十[一二三四五六七八九]?)[{_MEASURE}]"
# 十九块九一百二十片, 二十九块九十块, 二十一块九十对: a price in 九 or 八 jiao, then how many pieces or pairs it buys
# (块 counts pieces of soap or cake where no 钱 follows)
_COUNT_AFTER_JIAO = rf"(?<=[八九])[一二两三四五六七八九十百]{{1,5}}(?:[{_MEASURE}]|对|块(?![钱\u4e00-\u9fff\d]))"
# Words that start with 一 (两块一起拍 is two pieces bought together, 十九块九一直到 19.9 all the way to, 二十九块九一对
# 29.9 a pair; 对 is no measure word elsewhere: 五对六 is five against six).
_YI_WORD = "一[起共直样定下般同律切对]"
# The fen after 毛 (八毛五); not the 一 or 两 that counts what follows (十八块九毛一个 is 18.9 each, 三十块八毛两包 30.8 for two).
_FEN = rf"(?:(?!一[{_MEASURE}]|{_YI_WORD}|两[{_MEASURE}对层])(?P<f>{_D}|\d))?"
# Words that start with numeral characters but are not numbers, and the holidays named by their date (跟五一一个价 is
# May Day's price, 三八节 Women's Day).
# A numeral never starts at the 一 of 五一 (五一只会涨 is May Day, not 五 and one 只), unless 五 is a rule's (减五一套).
_MAY_DAY = r"(?!(?<=(?<![减送赠])五)一)"
_CLOCK_CUE = "|".join(f"(?<={w})" for w in "现在 现在是 早上 上午 中午 下午 晚上 傍晚 凌晨 半夜 今晚 今早 明早 明晚 到 至".split())
_IDIOMS = r"(?!十分(?!钟)|万一|千万|一一(?![零〇一二三四五六七八九])|三三两两|百分百|一五一十|万万|五一(?![十百千万亿点])|三八(?=节|妇女|女神|女王))"

_EN_SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
_EN_DIGIT = "one|two|three|four|five|six|seven|eight|nine"
_EN_SCALE = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
_EN_WORD = "|".join(sorted(list(_EN_SMALL) + list(_EN_SCALE), key=len, reverse=True))
# "and" joins a number only after a scale word (one hundred and nine); six and twenty-four is two numbers. "a" before a
# scale word is its one (a hundred eighty ropes).
_EN_RUN = re.compile(rf"\b(?:a\s+(?=(?:hundred|thousand)\b))?(?:{_EN_WORD})(?:(?:[\s-]+(?:(?<=hundred )and\s+|(?<=thousand )and\s+|point[\s-]+)?)(?:{_EN_WORD}))*\b",
                     re.IGNORECASE)
_NOT_AFTER_NUMBER_WORD = "".join(rf"(?<!\b{w}[\s-])" for w in [*_EN_SMALL, *_EN_SCALE])  # one point five is 1.5 whole
_EN_TENS = "|".join(w for w, v in _EN_SMALL.items() if 10 <= v <= 90)
_EN_ROUND_TEN = "|".join(w for w, v in _EN_SMALL.items() if v in range(20, 100, 10))
# Two two-digit groups are a price: eighteen ninety-nine is 1899 (as four ninety-nine is 499), thirty-five ninety
# 35.90 (yuan and fen, the fen a round ten); the other reading stays for the KB to decide (english_price_readings).
_EN_TENS_PAIR = re.compile(rf"^((?:{_EN_TENS})(?:[\s-]+(?:{_EN_DIGIT}))?)[\s-]+((?:{_EN_TENS})(?:[\s-]+(?:{_EN_DIGIT}))?)$",
                           re.IGNORECASE)
# one ninety-nine fifty is 199.50: hundreds said without "hundred", then the fen as a round ten.
_EN_HUNDREDS_FEN = re.compile(rf"^((?:{_EN_DIGIT})[\s-]+(?:{_EN_TENS})(?:[\s-]+(?:{_EN_DIGIT}))?)[\s-]+({_EN_ROUND_TEN}|ten)$",
                              re.IGNORECASE)
# a hundred seven seventy is 107.70, a hundred twenty-nine twenty-four 129.24: "hundred", the yuan, then the fen.
_EN_HUNDRED_FEN = re.compile(rf"^((?:a|one)[\s-]+hundred[\s-]+(?:and[\s-]+)?(?:(?:{_EN_TENS})(?:[\s-]+(?:{_EN_DIGIT}))?|{_EN_DIGIT}))"
                             rf"[\s-]+((?:{_EN_TENS})(?:[\s-]+(?:{_EN_DIGIT}))?)$", re.IGNORECASE)


def fmt(value: float) -> str:
    """``12.0`` -> ``12``; ``1.75`` -> ``1.75``."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.6f}".rstrip("0").rstrip(".")


@lru_cache(maxsize=4096)
def cn_value(run: str) -> float | None:
    """A spoken Mandarin numeral or Arabic number as a float; ``None`` if it is not one."""
    if re.fullmatch(r"\d+(?:\.\d+)?", run):
        return float(run)
    try:
        return float(cn2an.cn2an(run.replace("俩", "两"), "smart"))
    except (ValueError, KeyError, IndexError):
        return None


def _digit(ch: str) -> int:
    return int(cn_value(ch) or 0)


def english_value(words: str) -> float | None:
    """``one hundred twenty`` -> 120, ``sixty-five`` -> 65, ``five thirty-nine`` -> 539, ``thirty-five ninety`` -> 35.9,
    ``eighteen ninety-nine`` -> 1899, ``one ninety-nine fifty`` -> 199.5, ``one point five`` -> 1.5, ``two-two-one`` -> 221;
    ``None`` for a lone ``and``."""
    whole, *point = re.split(r"[\s-]+point[\s-]+", words.strip(), maxsplit=1, flags=re.IGNORECASE)
    if point:
        decimals = point[0]
        digits = [_EN_SMALL.get(w.lower()) for w in re.split(r"[\s-]+", decimals)]
        value = english_value(whole)
        if value is None or any(d is None or d > 9 for d in digits):
            return None
        return float(f"{fmt(value)}.{''.join(str(d) for d in digits)}")
    digits = [_EN_SMALL.get(w.lower()) for w in re.split(r"[\s-]+", words.strip())]
    if len(digits) >= 3 and all(d is not None and d <= 9 for d in digits):
        return float("".join(map(str, digits)))  # two-two-one, one one nine: a number said digit by digit
    if m := _EN_TENS_PAIR.match(words.strip()):
        high, low = english_value(m.group(1)), english_value(m.group(2))
        if high is not None and low is not None:
            return round(high + low / 100, 2) if low % 10 == 0 and high > 10 else high * 100 + low
    if m := _EN_HUNDREDS_FEN.match(words.strip()) or _EN_HUNDRED_FEN.match(words.strip()):
        whole, fen = english_value(m.group(1)), english_value(m.group(2))
        if whole is not None and fen is not None:
            return round(whole + fen / 100, 2)
    total = current = previous = 0
    seen = False
    for word in re.split(r"[\s-]+", words.lower()):
        if word in _EN_SMALL:
            value = _EN_SMALL[word]
            if (1 <= current <= 9 or 10 <= current <= 19 and current == previous) and value >= 10:
                current *= 100  # five thirty-nine, ten thirty: hundreds said without "hundred"
            current += value
            previous = value
            seen = True
        elif word == "hundred":
            if current >= 100:
                return None  # three hundred and two hundred: two numbers, not 30200
            current = max(current, 1) * 100
            seen = True
        elif word in _EN_SCALE:
            total += max(current, 1) * _EN_SCALE[word]
            current = 0
            seen = True
    return float(total + current) if seen else None


_EN_DIGIT_TEN = re.compile(rf"^({_EN_DIGIT})[\s-]+((?:{_EN_TENS})(?:[\s-]+(?:{_EN_DIGIT}))?)$", re.IGNORECASE)


def english_price_readings(words: str) -> tuple[float, ...]:
    """Every value an English price may be, the usual one first: two two-digit groups (twelve ninety-nine) are 1299
    in hundreds said without "hundred" and 12.99 in yuan and fen, a digit and a two-digit number (nine ninety, six
    sixty-three) 990 or 9.90, 663 or 6.63; only the prices the KB holds, or the host's own sums, decide."""
    m = _EN_TENS_PAIR.match(words.strip())
    value = english_value(words)
    if value is not None and (short := _EN_DIGIT_TEN.match(words.strip())) \
            and (fen := english_value(short.group(2))) is not None:  # nine ninety: 990 or 9.90
        return value, round(_EN_SMALL[short.group(1).lower()] + fen / 100, 2)
    if m is None or value is None:
        return () if value is None else (value,)
    high, low = english_value(m.group(1)), english_value(m.group(2))
    if high is None or low is None:
        return (value,)
    return tuple(dict.fromkeys((value, high * 100 + low, round(high + low / 100, 2))))


def _oh(m: re.Match[str]) -> str:
    """one-oh-nine -> 109, one oh three fifty -> 103.5: a price said digit, oh, digit, and its fen as a round ten."""
    fen = _EN_SMALL[m.group(3).lower()] / 100 if m.group(3) else 0
    return fmt(round(_EN_SMALL[m.group(1).lower()] * 100 + _EN_SMALL[m.group(2).lower()] + fen, 2))


# a digit word after another, joined to the word after it (four two-litre, three two-pack): a count, then a compound
_DIGIT_BEFORE_COMPOUND = re.compile(rf"(?:^|[\s-])(?:{_EN_DIGIT})(?P<gap>\s+)(?P<d>{_EN_DIGIT})$", re.IGNORECASE)


def _english(m: re.Match[str], unit_after: re.Pattern[str]) -> str | None:
    """English number words as digits; two groups before a unit of measure (seventeen seventy milliamp) are hundreds,
    as yuan and fen belong to prices only. After "the light" or "this", "one" is the thing meant, not a digit (the
    light one eight percent: 8 %)."""
    words = m.group(0)
    pronoun = _ONE_PRONOUN.match(words) if _ONE_AFTER.search(m.string, 0, m.start()) else None
    if pronoun is not None:
        words = words[pronoun.end():]
    if (tail := _DIGIT_BEFORE_COMPOUND.search(words)) and m.string.startswith("-", m.end()) \
            and (head := english_value(words[: tail.start("gap")])) is not None:
        return f"{fmt(head)} {_EN_SMALL[tail.group('d').lower()]}"  # four two-litre jugs: 4 jugs of 2 litres, never 6
    value = english_value(words)
    pair = _EN_TENS_PAIR.match(words.strip())
    if pair is not None and (unit := unit_after.match(m.string, m.end())) and unit.group(1).lower() not in _MONEY_UNITS:
        high, low = english_value(pair.group(1)), english_value(pair.group(2))
        value = value if high is None or low is None else high * 100 + low
    return None if value is None else f"{pronoun.group(0) if pronoun else ''}{fmt(value)}"


# "one" as a pronoun: after a determiner and an adjective (the light one, the big one) or a demonstrative (this one),
# before a number that is not one of its scale (the light one eight percent; not "the one hundred")
_ONE_AFTER = re.compile(r"\b(?:(?:the|a)\s+[a-z]+|this|that|which)\s+$", re.IGNORECASE)
_ONE_PRONOUN = re.compile(r"one[\s-]+(?!hundred|thousand|million|point)(?=[a-z])", re.IGNORECASE)


_MONEY_UNITS = frozenset({"元", "块", "块钱", "yuan", "rmb"})


def _half_an(m: re.Match[str]) -> str:
    """half an hour -> 0.5 hour, a quarter pound -> 0.25 pound."""
    part, unit = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
    return f"{0.5 if part.lower() == 'half' else 0.25} {unit}"


def _percent(m: re.Match[str]) -> str | None:
    value = cn_value(m.group(1))
    return None if value is None else f"{fmt(value)}%"


def _minus(m: re.Match[str]) -> str | None:
    """零下二十 -> -20; after a model's name (F25零下二十度) set apart, so the sign is not read as the name's hyphen."""
    value = cn_value(m.group(1))
    if value is None:
        return None
    apart = " " if m.start() and m.string[m.start() - 1].isascii() and m.string[m.start() - 1].isalnum() else ""
    return f"{apart}-{fmt(value)}"


def _money(m: re.Match[str]) -> str | None:
    """十九块九 -> 19.9元, 二十三块八毛五 -> 23.85元, 五十三块八五 -> 53.85元, 八毛 -> 0.8元."""
    yuan = cn_value(m.group("y")) if m.group("y") else 0.0
    jiao = _digit(m.group("j")) if m.group("j") else 0
    fen_said = m.groupdict().get("f") or m.groupdict().get("f2")
    fen = _digit(fen_said) if fen_said else 0
    if yuan is None or m.string.endswith(("减", "省", "少", "便宜"), 0, m.start()) and re.match(f"[{_CN}]+块", m.string[m.end():]):
        return None  # 减八块九十块: eight off, ninety yuan (not 8.9 for ten pieces)
    return f"{fmt(round(yuan + jiao / 10 + fen / 100, 2))}元"


# 两米一条, 五米一卷: the length, then a count of pieces (not 2.1 m)
_COUNTED = "(?:[条卷根张片件包袋盒箱只双套把支瓶本段节捆盘组]|个(?![头子儿]))"
# A quantity said in two units of one kind, the larger first (一斤零二十克, 两公斤零三百克, 一米零五公分): their sum,
# in the smaller unit. Sizes are in the smaller unit's terms; only pairs of one dimension are joined.
_COMPOUND_UNITS = {("公斤", "克"): 1000, ("千克", "克"): 1000, ("斤", "克"): 500, ("米", "厘米"): 100, ("米", "公分"): 100}


def _two_units(m: re.Match[str]) -> str | None:
    """一斤零二十克 -> 520克, 一米零五公分 -> 105公分."""
    big, small = cn_value(m.group("a")), cn_value(m.group("b"))
    size = _COMPOUND_UNITS.get((m.group("u"), m.group("v")))
    return None if big is None or small is None or size is None else f"{fmt(big * size + small)}{m.group('v')}"


def _inner_unit(m: re.Match[str]) -> str | None:
    """一米七五 -> 1.75米, 一米零五 -> 1.05米, 三两四 -> 3.4两, 一斤七两 -> 1.7斤, 一斤九两六 -> 1.96斤: the unit said
    inside the number."""
    whole = cn_value(m.group("a"))
    if whole is None:
        return None
    tail = "".join(str(_digit(ch)) for ch in m.group("b") + ((m.groupdict().get("c")) or ""))
    return f"{fmt(whole)}.{tail}{m.group('u')}"


def _half_after(m: re.Match[str]) -> str | None:
    """六公斤半 / 四克半 / 三岁半 / 两个半小时 -> 6.5公斤 / 4.5克 / 3.5岁 / 2.5小时."""
    whole = cn_value(m.group("a"))
    return None if whole is None else f"{fmt(whole + 0.5)}{m.group('u')}"


def _half_alone(m: re.Match[str]) -> str:
    return f"0.5{m.group('u')}"


def _pair_range(m: re.Match[str]) -> str | None:
    """三四个小时 -> 3-4个小时, 四五十平 -> 40-50平, 一两个人 -> 1-2个人: neighbouring digits are an approximate range,
    and so is the idiom 三五 (三五天: a few days, never 35)."""
    a, b = _digit(m.group("a")), _digit(m.group("b"))
    if b != a + 1 and (a, b) != (3, 5):
        return None
    scale = cn_value(f"一{m.group('p')}") if m.group("p") else 1.0
    return f"{fmt(a * (scale or 1))}-{fmt(b * (scale or 1))}"


def _run(m: re.Match[str]) -> str | None:
    run = m.group("run")
    unit_follows = m.group("unit") is not None
    if run == "一" and m.string.startswith("点", m.end()):
        return None  # 一点: a little
    if unit_follows and len(run) >= 3 and re.fullmatch(rf"[{_CN}]*[{_POS}][{_DIGIT}]*[一二三四五六七八九]两", run) \
            and (value := cn_value(run[:-1])) is not None:
        return f"{fmt(value)} 2"  # 一百五十九两公斤: a price, then two of the unit (never 159 两 of tea)
    if re.search(r"[一二三四五六七八九]两", run) or run == "两" and m.string[:m.start()][-1:].isdigit() \
            and m.string[m.end():m.end() + 1] in ("到", "至", "-", "~"):
        return None  # 一两一个, 3两到4两: 两 after a digit is the 50 g unit, never part of the number
    positional = any(ch in _POS for ch in run)
    if len(run) == 2 and not positional and run[0] == "一" and run[1] != "一" and unit_follows \
            and m.string[max(0, m.start() - 1):m.start()] in ("送", "减", "赠"):
        return f"一{_run_tail(m, run[1:])}"  # 买二送一三瓶: the rule's 一, then a count of three, never 13
    if not unit_follows and not positional and _said_digit_by_digit(run) and not _CODE_AFTER.match(m.string, m.end()):
        return fmt(cn_value(run) or 0)  # 二七九还能拍, 涨回一五九: a price said digit by digit
    if not unit_follows and (len(run) < 2 or not positional or all(ch in _POS for ch in run)):
        return None  # 一起, 两人世界, 千万: words, not numbers
    if run.endswith("一") and len(run) >= 3 and unit_follows and (
            run[-2] not in _POS + "零" or m.string.endswith("减", 0, m.start())):
        value = cn_value(run[:-1])  # 五十九一瓶: 59 for one bottle; 满两千减一百一瓶: 100 off, then one bottle
        return None if value is None else f"{fmt(value)} 一"
    value = cn_value(run)
    counted = bool(re.match(rf"\s*[{_MEASURE}]", m.string[m.end():]))
    return _two_numbers(run, counted) if value is None else fmt(value)


# 四零九的频段, 三零四的内胆: digits said before 的 and a noun name a code or a grade, not a price (二七九的价 is one)
_CODE_AFTER = re.compile(r"的(?!价|那|这|时)")


def _said_digit_by_digit(run: str) -> bool:
    """Three or four digits said one by one (二七九, 一二九九) are how hosts say a price; a count (一二三四) and 七七八八 are not."""
    if not re.fullmatch(r"[一二三四五六七八九][零〇一二三四五六七八九]{2,3}", run):
        return False
    digits = [_digit(ch) for ch in run]
    counting = all(b == a + 1 for a, b in itertools.pairwise(digits))
    doubled = len(run) == 4 and run[0] == run[1] and run[2] == run[3]
    return not counting and not doubled


def digit_price_readings(said: str) -> tuple[float, ...]:
    """The other values of a price said digit by digit: 四九九 is 499, or 49.9 and 4.99 with the point left unsaid
    (二八八 for 28.8, 七四八五 for 74.85); only the prices the KB holds decide."""
    run = said.strip()
    run = run[:-1] if run.endswith("一") and _said_digit_by_digit(run[:-1]) else run  # 四九九一袋: one bag at 49.9
    if not _said_digit_by_digit(run):
        return ()
    value = cn_value(run) or 0.0
    return round(value / 10, 1), round(value / 100, 2)


# a price with its last digit, then a count of ten-odd or a single digit (七十九|十八, 五十九|三)
_PRICE_THEN_COUNT = re.compile(r"((?:[一二三四五六七八九]百[一二三四五六七八九])?[二三四五六七八九]?十[一二三四五六七八九])"
                               r"(十[一二三四五六七八九]|[二两三四五六七八九])")


def _two_numbers(run: str, counted: bool) -> str | None:
    """减三十四百一十四 is 30 then 414: a round number and the next said without a pause, where one numeral cannot be read;
    before a measure word 七十九十八枚 is 79 then 18 and 五十九三个 59 then 3 (a price, then how many it buys; not
    二十二三个, twenty-two or three)."""
    rounded = None
    for i in range(len(run) - 2, 1, -1):
        head, tail = run[:i], run[i:]
        if head[-1] in "十百千" and tail[0] in "一二两三四五六七八九" and re.search("[十百千]", tail[:-1]) \
                and (a := cn_value(head)) is not None \
                and (b := cn_value(tail)) is not None:
            rounded = f"{fmt(a)} {fmt(b)}"
            if tail[-1] in "十百千":  # 二十三十只: twenty by thirty, both round
                return rounded
            break
    if counted and (m := _PRICE_THEN_COUNT.fullmatch(run)) and _digit(m.group(1)[-1]) + 1 != _digit(m.group(2)[-1]):
        return f"{fmt(cn_value(m.group(1)) or 0)} {fmt(cn_value(m.group(2)) or 0)}"
    return rounded


@lru_cache(maxsize=16)
def rules(units: str) -> tuple[Rule, ...]:
    """The rewrite rules in the order they apply; ``units`` is the unit alternation of the KB."""
    unit = rf"(?:{units}|[{_MEASURE}])"
    unit_after = re.compile(rf"[\s-]*({units})")
    return (
        (re.compile(r"\b(half|quarter) (?:of )?an? (hour|day|month|year|pound|foot|mile)\b|"
                    r"\ba (quarter) (hour|pound|mile)\b", re.IGNORECASE), _half_an),
        (re.compile(rf"\b({_EN_DIGIT})[\s-]+oh[\s-]+({_EN_DIGIT})(?:[\s-]+({_EN_ROUND_TEN}))?\b", re.IGNORECASE), _oh),
        # point seven five liters: a decimal said without its zero
        (re.compile(rf"(?<![\w.-]){_NOT_AFTER_NUMBER_WORD}point[\s-]+((?:{_EN_DIGIT}|zero|oh)(?:[\s-]+(?:{_EN_DIGIT}|zero|oh))*)\b",
                    re.IGNORECASE),
         lambda m: "0." + "".join(str(_EN_SMALL.get(w.lower(), 0)) for w in re.split(r"[\s-]+", m.group(1)))),
        (_EN_RUN, lambda m: _english(m, unit_after)),
        # 二零三一年度: a year said digit by digit, as the KB writes it (2031年度)
        (re.compile(r"(?<![零〇一二两三四五六七八九十百千万\d])([一二][零〇一二三四五六七八九]{3})(?=年)"),
         lambda m: "".join(str(_digit(ch)) for ch in m.group(1))),
        (re.compile(rf"百分之({_NUM_OR_CN}(?:点[{_DIGIT}]+)?)"), _percent),
        (re.compile(rf"零下\s*({_NUM_OR_CN}(?:点[{_DIGIT}]+)?)"), _minus),
        # 三十九块九 is 39.9; 一块一点二公斤 is one piece of 1.2 kg (a digit before 点 starts a decimal of its own);
        # 一百六十八块两对 is 168 for two pairs (两 is a decimal only before 毛: 三块两毛)
        (re.compile(rf"(?P<y>\d+|{_MAY_DAY}(?!五一(?![十百千万亿点])){_N})(?:块|元)(?!一[{_MEASURE}]|{_YI_WORD}|两(?!毛))(?P<j>{_D}|\d)(?!点[{_CN}\d])"
                    rf"(?:毛{_FEN}|(?P<f2>{_D})(?![\u4e00-\u9fff\d])|(?![{_MEASURE}](?!邮)))"
                    rf"(?=一[{_MEASURE}]|{_YI_WORD}|{_COUNT_AFTER}|{_COUNT_AFTER_JIAO}|[^{_CN}\d块元钱毛分]|$)"), _money),
        (re.compile(rf"(?:(?P<y>\d+|{_N})(?:块|元)零?)?(?P<j>{_D}|\d)毛{_FEN}"), _money),  # 五十块零四毛: 50.4
        (re.compile(rf"(?<![{_CN}\d.])(?P<a>{_NUM_OR_CN})(?P<u>公斤|千克|斤|米)零(?P<b>{_NUM_OR_CN})(?P<v>克|厘米|公分)"), _two_units),
        (re.compile(rf"(?P<a>{_N})(?P<u>厘米|公分|米|尺)(?P<b>零?{_D}{{1,2}})(?![{_CN}米厘毫寸码尺斤公千克升]|{_COUNTED})"), _inner_unit),  # 一米零五: 1.05 m, 两尺四: 2.4 尺, 一厘米二: 1.2 cm
        # 两公斤九 is 2.9 kg, 三十七度五 37.5 degrees; not 一点五升两分钟 or 二十升一天, where the digit starts the next quantity
        # (一升三这个, 一升三九百八十克; not 五升一桶 or 一度一调, where 一 counts what follows)
        (re.compile(rf"(?<![点\d.])(?P<a>{_N})(?P<u>公斤|千克|升|公里|度)(?P<b>[一二三四五六七八九])"
                    rf"(?=$|[，。！？、,.!?;；\s的]|左右|(?<!一)(?:这|那|是|就|[{_DIGIT}][十百千万]))"),
         _inner_unit),
        (re.compile(rf"(?P<a>{_N})(?P<u>斤)零?(?P<b>{_D})两(?P<c>{_D}(?![{_CN}]))?"), _inner_unit),  # 一斤九两六, 十斤零四两
        (re.compile(rf"(?<![{_CN}])(?P<a>[{_DIGIT}]*[一二三四五六七八九十])(?P<u>两)(?P<b>{_D}?)(?![{_MEASURE}{_CN}])(?!\s*{unit})"), _inner_unit_or_whole),
        (re.compile(rf"(?P<a>{_NUM_OR_CN})(?P<u>公斤|斤|克|两|升|米|厘米|公分|寸|尺|度|块|天|周|年|岁|秒|分钟)半(?!斤|公斤|两|克|升|米|个|小时|月|年|天|寸|岁|秒|分)"), _half_after),
        (re.compile(rf"(?P<a>{_NUM_OR_CN})个半(?P<u>小时|月|钟头)"), _half_after_hours),
        (re.compile(rf"(?<![{_CN}\d])半(?:个)?(?P<u>小时|钟头|月|公斤|斤|年|天|公里|米|升|寸|尺|两(?![个人])|岁)"), _half_alone),
        # 零千焦, 零克: a lone 零 before a unit is the value 0 (the run below would read 零千 as one numeral)
        (re.compile(rf"(?<![{_CN}\d点])零(?=\s*{unit})"), lambda m: "0"),
        # 三四个小时 is a range; 一点三五公斤 is 1.35 kg, its 三五 the decimals
        (re.compile(rf"(?<![{_CN}点])(?P<a>[一两二三四五六七八])(?P<b>[二两三四五六七八九])(?P<p>[{_POS}])?(?=\s*{unit})"), _pair_range),
        # 双十一一百三十九: the shopping day, then its price (one numeral run would read as neither)
        (re.compile(r"(?<=双)十([一二])(?=[零〇一二两三四五六七八九十百千万])"), lambda m: "11" if m.group(1) == "一" else "12"),
        # 六一八, 三一五, 五二零: shopping days said digit by digit, as the KB writes them (618预售, 3.15品质节 -> 315);
        # a price may follow at once (三一五三千零九十九)
        (re.compile(rf"(?<![{_CN}\d])(六一八|三一五|五二[零〇])(?![零〇一二两三四五六七八九\d](?![十百千万]))"),
         lambda m: "".join(str(_digit(ch)) for ch in m.group(1))),
        # 现在四点零五, 下午三点零八: a clock's hour and minutes after a time of day, not 4.05 (四点零五公斤 stays a decimal)
        (re.compile(rf"(?:{_CLOCK_CUE})(?P<h>[一二三四五六七八九十]{{1,3}})点零(?P<m>[一二三四五六七八九])"), _clock_minutes),
        # 两千一百八十千焦: the run stops before 千焦 or 千卡 (the run below would swallow that 千); 一千瓦 stays 1000 W
        (re.compile(rf"(?<![{_CN}\d])(?P<run>[{_CN}]+?)(?=千(?:焦|卡))"), _whole),
        # a numeral run (差一点一斤 is "a bit short of" one jin: its 一点 is no decimal)
        (re.compile(rf"(?<!第)(?<!星期)(?<!礼拜)(?<![上下这本]周)(?<![腊初]){_MAY_DAY}{_IDIOMS}(?!(?<=差)一点)(?P<run>(?:(?!{_YI_WORD})[{_CN}]){{1,16}}(?:点[{_DIGIT}]+(?![十百万亿刻]|千(?![瓦克米焦卡帕])))?)(?P<unit>(?=\s*(?:多|来|余)?\s*(?:个)?\s*{unit}"
                    rf"|%|倍|折|号|月|日|点(?:(?![{_DIGIT}])|(?=[一二两三四五六七八九][十百千万]))|\s*(?:到|至|-|~)\s*[{_CN}\d]))?"),
         _run_decimal),
        (re.compile("俩"), lambda m: "2"),
    )


def _clock_minutes(m: re.Match[str]) -> str | None:
    hour = cn_value(m.group("h"))
    return None if hour is None else f"{fmt(hour)}点0{_digit(m.group('m'))}"


def _run_tail(m: re.Match[str], digit: str) -> str:
    value = cn_value(digit)
    return digit if value is None else fmt(value)


def _whole(m: re.Match[str]) -> str | None:
    value = cn_value(m.group("run"))
    return None if value is None else fmt(value)


def _inner_unit_or_whole(m: re.Match[str]) -> str | None:
    """三两四 -> 3.4两, 八两 -> 8两 (the 50 g unit); 两 after a digit is never the number two."""
    whole = cn_value(m.group("a"))
    if whole is None:
        return None
    tail = str(_digit(m.group("b"))) if m.group("b") else ""
    return f"{fmt(whole)}{'.' + tail if tail else ''}两"


def _half_after_hours(m: re.Match[str]) -> str | None:
    whole = cn_value(m.group("a"))
    unit = {"月": "个月", "钟头": "小时"}.get(m.group("u"), m.group("u"))
    return None if whole is None else f"{fmt(whole + 0.5)}{unit}"


def _run_decimal(m: re.Match[str]) -> str | None:
    """A numeral run, with 点 as the decimal point only when digits follow it (八点 is a clock time)."""
    run = m.group("run")
    if "点" in run:
        whole, frac = run.split("点", 1)
        value = cn_value(whole)
        if value is None:
            return None
        return f"{fmt(value)}.{''.join(str(_digit(ch)) for ch in frac)}"
    return _run(m)
