"""Text front end: clean a sales script, split it into tagged sentences, read numbers as words.

Mandarin and English go through wetext's bundled WeTextProcessing grammars (prices, dates, times,
percentages, fractions, common units). Before that, a few rules cover what sales speech has and
those grammars get wrong: phone numbers read digit by digit, model numbers (XR-2000, RTX4090),
product units (mAh, W, GB, g) and "10万+". Numbers inside those rules are spelt by cn2an (Mandarin)
or wetext (English), never by hand-made tables.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from core.errors import InputError
from voice.records import Emotion

MAX_CHARS = 20_000  # ~70 minutes of speech; anything longer is a mistake, not a script

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_RE = re.compile(f"[{_HAN}]")
_KEEP_SYMBOLS = set("¥$€£%‰+-./:~℃°×*#@&,'\"()（）《》“”‘’、，。！？；：…—·!?;\n ")
_SENTENCE_END = re.compile(r"(?<=[。！？!?；;…\n])|(?<=[.])(?=\s|$)")
_CLAUSE_END = re.compile(r"(?<=[，,、：:])")
_TAG = re.compile(r"\[(?P<tag>[A-Za-z_]+)\]")
_LONG_SENTENCE = 60  # characters: longer sentences are cut at commas so the first audio comes sooner


@dataclass(frozen=True)
class ScriptSentence:
    """One sentence to speak: as written (``text``), as read (``spoken``), its emotion and language."""

    text: str
    spoken: str
    emotion: Emotion
    language: str  # "zh" or "en"


def clean_text(text: str, *, max_chars: int = MAX_CHARS) -> str:
    """Width-fold, drop emoji and decorative symbols, and refuse what cannot be spoken."""
    if not isinstance(text, str) or not text.strip():
        raise InputError("the text to speak is empty")
    if len(text) > max_chars:
        raise InputError(f"the text is {len(text)} characters; split it into scripts of at most {max_chars}")
    folded = unicodedata.normalize("NFKC", text).replace("\r", "\n").replace("\t", " ")
    out: list[str] = []
    unsupported: list[str] = []
    for ch in folded:
        cat = unicodedata.category(ch)
        if ch.isascii() and (ch.isalnum() or ch in _KEEP_SYMBOLS) or _HAN_RE.match(ch) or ch in _KEEP_SYMBOLS:
            out.append(ch)
        elif (base := unicodedata.normalize("NFKD", ch)[0]).isascii() and base.isalpha():
            out.append(base)  # accented Latin (café, Über) is read without its accent
        elif cat.startswith("L") or cat == "Nd":
            if ch not in unsupported:
                unsupported.append(ch)
        elif cat.startswith("Z"):
            out.append(" ")
        # emoji, dingbats, other symbols and control characters are dropped silently
    if unsupported:
        shown = "".join(unsupported[:8])
        raise InputError(
            f"unsupported characters {shown!r}: the voice reads Mandarin and English only; remove or transliterate them"
        )
    cleaned = re.sub(r"[ ]{2,}", " ", "".join(out)).strip()
    if not re.search(rf"[{_HAN}A-Za-z0-9]", cleaned):
        raise InputError("the text has nothing speakable once emoji and symbols are removed")
    return cleaned


def detect_language(text: str) -> str:
    """``zh`` when the sentence has any Han character, else ``en``."""
    return "zh" if _HAN_RE.search(text) else "en"


def split_sentences(text: str, *, max_len: int = _LONG_SENTENCE, first_max_len: int | None = None) -> list[str]:
    """Sentence pieces for streaming; over-long sentences are cut at clause punctuation.

    ``first_max_len`` cuts the very first sentence at a comma when it is longer than that, so the
    first audio of a stream is ready sooner.
    """
    pieces: list[str] = []
    for sentence in _SENTENCE_END.split(text):
        sentence = sentence.strip()
        limit = first_max_len if first_max_len and not pieces else max_len
        if not sentence:
            continue
        if len(sentence) <= limit:
            pieces.append(sentence)
            continue
        current = ""
        for clause in _CLAUSE_END.split(sentence):
            if current and len(current) + len(clause) > (limit if not pieces else max_len):
                pieces.append(current.strip())
                current = ""
            current += clause
        if current.strip():
            pieces.append(current.strip())
    return [p for p in pieces if re.search(rf"[{_HAN}A-Za-z0-9]", p)]


def parse_script(
    text: str, *, emotion: Emotion | str | None = None, max_chars: int = MAX_CHARS, first_max_len: int | None = None
) -> list[ScriptSentence]:
    """Clean, split and normalise a script. ``[excited]`` style tags set the emotion of what follows.

    ``first_max_len``: see :func:`split_sentences` (streaming asks for a short first piece).
    """
    current = Emotion.parse(emotion)
    cleaned_all = clean_text(_TAG.sub(" ", text), max_chars=max_chars)  # validates the whole text first
    del cleaned_all
    result: list[ScriptSentence] = []
    position = 0
    chunks: list[tuple[str, Emotion]] = []
    for match in _TAG.finditer(text):
        chunks.append((text[position : match.start()], current))
        current = Emotion.parse(match.group("tag"))
        position = match.end()
    chunks.append((text[position:], current))
    for chunk, chunk_emotion in chunks:
        if not chunk.strip() or not re.search(rf"[{_HAN}A-Za-z0-9]", unicodedata.normalize("NFKC", chunk)):
            continue
        first = first_max_len if not result else None
        for sentence in split_sentences(clean_text(chunk, max_chars=max_chars), first_max_len=first):
            language = detect_language(sentence)
            spoken = normalize(sentence, language)
            if re.search(rf"[{_HAN}A-Za-z]", spoken):
                result.append(ScriptSentence(sentence, spoken, chunk_emotion, language))
    if not result:
        raise InputError("the text has nothing speakable")
    return result


# ---------------------------------------------------------------- number reading helpers


@functools.cache
def _normalizer(lang: str):  # noqa: ANN202 - wetext has no public type
    from wetext import Normalizer

    return Normalizer(lang=lang, operator="tn")


def _zh_number(number: str) -> str:
    import cn2an

    if number == "2":
        return "两"
    return cn2an.an2cn(number, "low")


def _zh_digits(digits: str, *, phone: bool = False) -> str:
    import cn2an

    spelt = cn2an.an2cn(re.sub(r"\D", "", digits), "direct")
    return spelt.replace("一", "幺") if phone else spelt


def _en_number(number: str) -> str:
    return _normalizer("en").normalize(number)


def _en_digits(digits: str) -> str:
    return " ".join(_en_number(d) for d in re.sub(r"\D", "", digits))


# (zh reading, en reading); longest symbols first so "mAh" wins over "m"
_UNITS: dict[str, tuple[str, str]] = {
    "mAh": ("毫安时", "milliamp hours"), "kWh": ("千瓦时", "kilowatt hours"), "Wh": ("瓦时", "watt hours"),
    "kW": ("千瓦", "kilowatts"), "W": ("瓦", "watts"), "V": ("伏", "volts"),
    "GHz": ("吉赫兹", "gigahertz"), "kHz": ("千赫兹", "kilohertz"), "Hz": ("赫兹", "hertz"),
    "TB": ("T", "terabytes"), "GB": ("G", "gigabytes"), "MB": ("兆", "megabytes"),
    "ml": ("毫升", "milliliters"), "mL": ("毫升", "milliliters"), "L": ("升", "liters"),
    "kg": ("千克", "kilograms"), "mg": ("毫克", "milligrams"), "g": ("克", "grams"),
    "km": ("公里", "kilometers"), "cm": ("厘米", "centimeters"), "mm": ("毫米", "millimeters"),
    "m": ("米", "meters"), "℃": ("摄氏度", "degrees celsius"), "°C": ("摄氏度", "degrees celsius"),
    "lb": ("磅", "pounds"), "oz": ("盎司", "ounces"), "min": ("分钟", "minutes"), "h": ("小时", "hours"),
}
_UNIT_RE = re.compile(
    r"(?<![A-Za-z0-9.])(\d+(?:\.\d+)?)\s?(" + "|".join(re.escape(u) for u in sorted(_UNITS, key=len, reverse=True))
    + r")(?![A-Za-z])"
)
_PHONE_RE = re.compile(
    r"(?<![\d.])(?:1[3-9]\d{9}|[48]00[- ]?\d{3}[- ]?\d{4}|0\d{2,3}-\d{7,8}|\(?\d{3}\)?[- ]\d{3}-\d{4})(?![\d.])"
)
_MODEL_RE = re.compile(r"(?<![A-Za-z0-9.])(?=[A-Za-z0-9-]*\d)(?=[A-Za-z0-9-]*[A-Za-z])[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*(?![A-Za-z0-9.])")
_PLUS_RE = re.compile(r"(\d+[万亿千百]?)\+")


def _read_model(token: str, lang: str) -> str:
    """XR-2000 -> "XR 二零零零": letters spelt, long digit runs digit by digit, short ones as numbers."""
    parts = []
    for run in re.findall(r"[A-Za-z]+|\d+", token):
        if run.isdigit():
            if len(run) >= 3:
                parts.append(_zh_digits(run) if lang == "zh" else _en_digits(run))
            else:
                parts.append(_zh_number(run) if lang == "zh" else _en_number(run))
        elif run.isupper() and len(run) <= 4:
            parts.append(" ".join(run))  # an acronym: spell it
        else:
            parts.append(run)
    return " ".join(parts)


def normalize(text: str, language: str) -> str:
    """Read one cleaned sentence aloud as words: no digits or currency symbols remain."""
    if language == "zh":
        text = _PHONE_RE.sub(lambda m: _zh_digits(m.group(), phone=True), text)
        text = _UNIT_RE.sub(lambda m: _zh_number(m.group(1)) + _UNITS[m.group(2)][0], text)
        text = _PLUS_RE.sub(r"\1多", text)
        text = _MODEL_RE.sub(lambda m: " " + _read_model(m.group(), "zh") + " ", text)
        text = _normalizer("zh").normalize(_squeeze(text))
        if re.search(r"\d", text):
            import cn2an

            text = cn2an.transform(text, "an2cn")
    else:
        text = _PHONE_RE.sub(lambda m: " " + _en_digits(m.group()) + " ", text)
        text = _UNIT_RE.sub(lambda m: f"{m.group(1)} {_UNITS[m.group(2)][1]}", text)
        text = _MODEL_RE.sub(lambda m: " " + _read_model(m.group(), "en") + " ", text)
        text = _normalizer("en").normalize(_squeeze(text))
        text = re.sub(r"\d+", lambda m: " " + _en_number(m.group()) + " ", text)
    return _squeeze(re.sub(r"[#*@&~×]", " ", text))


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
