"""English measures said the spoken way, rewritten in the units a Chinese KB keeps (applied after English number
words are digits): ``point 5`` -> 0.5, ``17 and a half`` -> 17.5, ``a dozen`` -> 12, ``16-year-olds`` -> 16 years old,
``5 foot 1`` -> 155 cm (a height or length in feet and inches is one length), ``2 pounds 3 ounces`` -> 2.19 pounds,
``100 degrees Fahrenheit`` -> 37.8℃ (``32 to 39 Fahrenheit`` -> 0 to 3.9℃, ``113, 122 and 131 Fahrenheit`` each, ``minus 13
Fahrenheit`` and 华氏-13度 -> -25℃), and ``at minus 10`` -> -10℃ (a temperature
when no number before it makes ``minus`` a subtraction: ``349 each minus 30`` stays).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from script_gen.spoken_numbers import fmt

Rule = tuple[re.Pattern[str], Callable[[re.Match[str]], str | None]]

_NUM = r"\d+(?:\.\d+)?"
_TEMPERATURE_UNIT = re.compile(r"\s*(?:degrees?|°|℃|celsius|centigrade)\b", re.IGNORECASE)
# A word just before "minus" that sets a level, not a sum: at minus ten, down to minus twenty, even in minus five.
_LEVEL_BEFORE = re.compile(r"\b(?:at|to|in|around|about|below|even|as\s+low\s+as|reaches|hits)\s+$", re.IGNORECASE)


def _and_a_half(m: re.Match[str]) -> str:
    return fmt(float(m.group(1)) + 0.5)


_SHARES = {"half": 1 / 2, "quarter": 1 / 4, "third": 1 / 3, "thirds": 2 / 3, "quarters": 3 / 4}


def _and_a_share(m: re.Match[str]) -> str:
    """a pound and two thirds -> 1.67 pound: a whole unit and a share of it, one weight."""
    return f"{fmt(round(float(m.group('n') or 1) + _SHARES[m.group('share').lower()], 2))} {m.group('u')}"


def _dozen(m: re.Match[str]) -> str:
    return fmt(12 * float(m.group(1) or 1))


def _feet_inches(m: re.Match[str]) -> str:
    """5 foot 1 -> 155 cm, to the whole centimetre (as precise as a height in inches): feet and inches said together are one
    length (an inch alone is a screen's size)."""
    inches = float(m.group("ft")) * 12 + float(m.group("in") or 0)
    return f"{fmt(round(inches * 2.54))} cm"


def _pounds_ounces(m: re.Match[str]) -> str:
    """2 pounds 3 ounces -> 2.19 pounds: one weight said in two units."""
    return f"{fmt(round(float(m.group(1)) + float(m.group(3)) / 16, 2))} {m.group(2)}"


def _celsius(fahrenheit: str) -> str:
    value = float(re.sub(r"^(?:minus|零下|负)\s*", "-", fahrenheit.strip(), flags=re.IGNORECASE))
    return fmt(round((value - 32) * 5 / 9, 1))


def _fahrenheit(m: re.Match[str]) -> str:
    return f"{_celsius(m.group(1))}℃"


def _fahrenheit_range(m: re.Match[str]) -> str:
    """32 to 39 Fahrenheit -> 0 to 3.9℃: the unit said once is both ends'."""
    return f"{_celsius(m.group(1))} to {_celsius(m.group(2))}℃"


def _minus(m: re.Match[str]) -> str | None:
    """minus 10 degrees -> -10 degrees; at minus 10 -> -10℃; 349 minus 30 is a subtraction and stays."""
    before = m.string[: m.start()]
    if _LEVEL_BEFORE.search(before):
        return f"-{m.group(1)}" if _TEMPERATURE_UNIT.match(m.string, m.end()) else f"-{m.group(1)}℃"
    if re.search(r"\d(?:\s+[a-z]+){0,3}\s*$", before, re.IGNORECASE):
        return None  # a number just before: minus takes something off it (349 each minus 30)
    return f"-{m.group(1)}" if _TEMPERATURE_UNIT.match(m.string, m.end()) else None


RULES: tuple[Rule, ...] = (
    # ten to sixteen-year-olds, a 3-year-old: an age in years (the KB's 岁)
    (re.compile(r"(?<![\d.])(\d+)[\s-]+years?[\s-]+olds?\b", re.IGNORECASE), lambda m: f"{m.group(1)} years old"),
    # point five millimeter: a decimal said without its leading zero
    (re.compile(r"(?<![\d.])(?<![\d.]\s)\bpoint\s+(\d)\b(?!\.\d)", re.IGNORECASE), lambda m: f"0.{m.group(1)}"),
    (re.compile(rf"(?<![\d.])({_NUM})\s+and\s+a\s+half\b", re.IGNORECASE), _and_a_half),
    (re.compile(r"(?:\b(\d+)\s+|\b(?:a|one)\s+)dozen\b(?!s)", re.IGNORECASE), _dozen),
    # a pound and two thirds, 2 kilos and a quarter: a unit and a share of it (the number first, or an article)
    (re.compile(rf"(?:(?<![\d.])(?P<n>{_NUM})|\b(?:an?|one))\s+(?P<u>pounds?|kilos?|kilograms?|ounces?|feet|foot|inch(?:es)?"
                r"|met(?:er|re)s?|lit(?:er|re)s?|hours?|miles?)\s+and\s+(?:an?|one|2(?=\s+thirds)|3(?=\s+quarters))\s*"
                r"(?P<share>half|quarter|third|thirds|quarters)\b", re.IGNORECASE), _and_a_share),
    # a full pound of tea, half a kilo, a foot long, an inch thick: one (or half) of a unit said with an article
    # (not a pound and a quarter, a tenth of a kilo: a share of the unit)
    (re.compile(r"(?<!\bof\s)\b(?:(?P<half>half)\s+an?(?=\s+(?:pound|ounce))|(?<!\bhalf\s)an?(?:\s+(?:full|whole|good))?)\s+(?P<u>pound|kilo|kilogram|ounce"
                r"|(?:foot|inch|metre|meter)(?=\s+(?:long|tall|wide|high|deep|thick|across)\b))\b(?!s)"
                r"(?!\s+and\s+an?\s+(?:half|quarter|third|tenth|bit)\b)", re.IGNORECASE),
     lambda m: f"{'0.5' if m.group('half') else '1'} {m.group('u')}"),
    # an hour and ten minutes, 2 hours 15 minutes: one span of time, in minutes
    (re.compile(r"(?:(?<![\d.])(?P<h>\d+)|\b(?:an|one))\s+hours?\s+(?:and\s+)?(?P<m>\d{1,2})\s+minutes?\b", re.IGNORECASE),
     lambda m: f"{60 * int(m.group('h') or 1) + int(m.group('m'))} minutes"),
    (re.compile(rf"(?<![\d.])(?P<ft>\d+)\s*(?:foot|feet|ft\b|')\s*(?:and\s+)?(?P<in>\d{{1,2}})(?!\d|\.\d)"
                r"(?:\s*(?:inches|inch|in\b|\"|''))?", re.IGNORECASE), _feet_inches),
    (re.compile(rf"(-?{_NUM})\s*(?:to|through|-|–)\s*(-?{_NUM})\s*(?:degrees?\s+)?(?:fahrenheit|°\s*f\b|℉)", re.IGNORECASE),
     _fahrenheit_range),
    # 113, 122 and 131 Fahrenheit: a list said with the unit once, after its last value
    (re.compile(rf"(?<![\d.])(-?{_NUM})(?=(?:\s*,\s*-?{_NUM})*,?\s*(?:and|or)\s+-?{_NUM}\s*(?:degrees?\s+)?(?:fahrenheit|°\s*f\b|℉))",
                re.IGNORECASE), _fahrenheit),
    (re.compile(rf"((?:minus\s+|-)?{_NUM})\s*(?:degrees?\s+)?(?:fahrenheit|°\s*f\b|℉)", re.IGNORECASE), _fahrenheit),
    # 换成华氏是零下十三度, 华氏一百零四到一百一十三度: a temperature named Fahrenheit before it, in Chinese
    (re.compile(rf"(?<=华氏)((?:温度)?(?:就是|是|为|约|大概|差不多)?\s*)(-?{_NUM})(?:\s*(?:到|至|-|~)\s*(-?{_NUM}))?\s*度"),
     lambda m: f"{m.group(1)}{_celsius(m.group(2))}" + (f"到{_celsius(m.group(3))}" if m.group(3) else "") + "℃"),
    (re.compile(rf"(?<![\d.])(\d+)\s*(pounds?|lbs?)\s+(?:and\s+)?({_NUM})\s*(?:ounces?|oz)\b", re.IGNORECASE), _pounds_ounces),
    (re.compile(rf"\bminus\s+({_NUM})", re.IGNORECASE), _minus),
)
