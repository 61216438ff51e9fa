"""Absolute terms a host disguises to slip past a filter: b3st, t0p-1, w0rld-cla$$ (digits and symbols for letters),
B.E.S.T, n-u-m-b-e-r o-n-e, q u i e t e s t (letters set apart), ｂｅｓｔ, Ｂ-Ｅ-Ｓ-Ｔ (full-width letters), N°1, zui quiet
(the pinyin of 最 before an English word), and the slang GOAT, yyds, 🔝1, d1名.

Folding for the lexicon undoes some of these (ｂｅｓｔ reads best, B.E.S.T best), and a plain "best" is no banned term
in English ("the best part is the handle"). The disguise is what says the host knows the word is not allowed: so a
disguised form of a superlative or a ranking is a finding of its own, read on the text as written.
"""

from __future__ import annotations

import re
import unicodedata

_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "$": "s", "@": "a"})
# a word with a digit or symbol between its letters: b3st, t0p, w0rld, s4fest, numb3r, cla$$ (not X5 or 2nd: the
# digit must stand inside the word, or end a word of three letters or more that reads as one of ours)
_LEET_WORD = re.compile(r"(?<![\w$@])(?=[a-z0-9$@-]*[a-z][0-9$@]|[a-z0-9$@-]*[0-9$@][a-z])[a-z0-9$@]{3,}(?:-[a-z0-9$@]+)*"
                        r"(?:\s+(?:one|1)\b)?(?![\w$@])", re.IGNORECASE)  # (w0rld-cla$$, numb3r one)
# single letters set apart by dots, hyphens or spaces, three at least: B.E.S.T, n-u-m-b-e-r o-n-e, w o r l d ' s
_SPELLED = re.compile(r"(?<![A-Za-z])[A-Za-z](?:(?:[.\-]\s?|\s{1,2}|\s?['’]\s?)[A-Za-z](?![A-Za-z])){2,}")
_FULL_WIDTH = re.compile(r"[\uff21-\uff3a\uff41-\uff5a](?:[\uff21-\uff3a\uff41-\uff5a\s\u3000\uff0e\uff0d.\-]*[\uff21-\uff3a\uff41-\uff5a])?")
_NUMERO = re.compile(r"(?<![A-Za-z])N\s*[°º]\s*1(?!\d)", re.IGNORECASE)
_ZUI = re.compile(r"(?<![A-Za-z])zui\s+(?=[a-z]{3,})")  # (Zui Xiang is a name in pinyin: capitalised)
_RANKED = ("best", "top", "numberone", "numberi", "no1", "noi", "first", "worldclass", "unbeatable", "goat", "yyds")
# slang a host says for "the greatest": GOAT in capitals, yyds (永远的神, "forever the god") in any letters; 🔝 (top);
# d1名 / dy1 (第一 by its pinyin's first letter and a digit)
_SLANG = re.compile(r"(?<![A-Za-z])(?:GOAT|[Yy][Yy][Dd][Ss]|[Dd][1１]名|[Dd][Yy][1１])(?![A-Za-z\d])|🔝\s*[1１]?")
# endings of words in -est that are no superlative, five letters at least (greatest ends in test: no shorter one)
_NOT_SUPERLATIVE = ("interest", "forest", "honest", "modest", "harvest", "suggest", "request", "digest", "contest",
                    "protest", "invest", "arrest", "chest", "guest", "quest", "crest")


# letters and digits dressed as others, folded back one character for one (or for none): 壹 and ⑴ for 1, 🅱 for b, the
# Cyrillic е of Bеst, the dots of ｔ·ｏ·ｐ１, a keycap's marks
_DRESSED = {"壹": "1", "⑴": "1", "❶": "1", "➀": "1", "🅰": "a", "🅱": "b", "🅾": "o", "🅿": "p", "\u0430": "a", "\u0435": "e",
            "\u043e": "o", "\u0440": "p", "\u0441": "c", "\u0445": "x", "\u0443": "y", "·": "", "\u30fb": "", "\u00b7": "",
            "\ufe0f": "", "\u20e3": ""}
_DRESSED_RANK = re.compile(r"(?<![a-z])(?:t[o0]p\s*1|no\.?\s*1|number\s*1|best)(?![a-z\d])"
                           r"|第\s*1(?![\d次步天日周月年页章节集课个件条号位])")
# other tongues and spellings of "number one" and "best": numero uno, numbah one, tseb (backwards), bst; 醉 for 最 before
# a word of praise (醉好看, not 喝醉); the traditional 級 and 頂 of 顶级 and 世界级
_RESPELLED = re.compile(r"(?<![A-Za-z])(?:numero\s+uno|numbah\s+(?:one|1)|nummer\s+eins|tseb|(?-i:bst))(?![A-Za-z])"
                        r"|#?1\ufe0f?\u20e3"  # the keycap 1️⃣
                        r"|(?<![喝陶沉麻灌])醉(?=好|美|便宜|划算|低|强|棒|香|实惠|舒服|嫩|甜|靓)|頂級|世界級|國家級|頂尖",
                        re.IGNORECASE)


def _dressed(text: str) -> list[tuple[int, int]]:
    """Rankings spelled with characters dressed as letters or digits: ｎｏ·１, ＴＯＰ壹, 🅱️est, Bеst, the 1️⃣ kit."""
    folded, starts = [], []
    for i, c in enumerate(text):
        n = _DRESSED.get(c)
        if n is None:
            n = unicodedata.normalize("NFKC", c) if len(unicodedata.normalize("NFKC", c)) == 1 else c
        if n:
            folded.append(n.lower())
            starts.append(i)
    low = "".join(folded)
    out = []
    for m in _DRESSED_RANK.finditer(low):
        start, end = starts[m.start()], starts[m.end() - 1] + 1
        said = text[start:end]
        if said.lower() != m.group() and not said.isascii():
            out.append((start, end))
    return out


def _absolute(word: str) -> bool:
    """``word`` (letters only, lower case) says a ranking or a superlative: best, top-1, number one, quietest."""
    return any(r in word for r in _RANKED) \
        or word.endswith("est") and len(word) >= 6 and not word.endswith(_NOT_SUPERLATIVE)


def _letters(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


def disguised_absolutes(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` in ``text`` of each disguised superlative or ranking."""
    found = [m.span() for m in _LEET_WORD.finditer(text) if _absolute(_letters(m.group().lower().translate(_LEET)))]
    found += [m.span() for m in _SPELLED.finditer(text)
              if _absolute(_letters(m.group()) + ("one" if re.match(r"\s*(?:1|one)\b", text[m.end():]) else ""))]
    folded = "".join(c if len(n := unicodedata.normalize("NFKC", c)) != 1 else n for c in text)  # ＹＹＤＳ, one for one
    found += [m.span() for m in _SLANG.finditer(folded)]
    found += [m.span() for m in _FULL_WIDTH.finditer(text)
              if _absolute(_letters(unicodedata.normalize("NFKC", m.group()).translate(_LEET)))]
    found += [m.span() for m in _NUMERO.finditer(text)]
    found += _dressed(text) + [m.span() for m in _RESPELLED.finditer(text)]
    found += [(m.start(), m.end() + len(re.match(r"[a-z]+", text[m.end():]).group()))
              for m in _ZUI.finditer(text)]
    found.sort()
    out: list[tuple[int, int]] = []
    for start, end in found:  # one finding per place
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        else:
            out.append((start, end))
    return out
