"""Undo the spellings hosts use to slip a banned word past a filter, keeping a map to the original.

``最​好`` (zero-width), ``最 好``/``最-好``/``第　一`` (separators), ``b e s t``/``N-O-1``/``T0P`` (letters spelled apart,
a zero for O), ``ＴＯＰ１`` (full width), ``第壹``
(formal numerals), ``第1`` (a digit for 一), ``百分之百`` (100%) and ``zui好``/``jue对`` (pinyin for one
character) all fold to the plain word, and dialect words to their Mandarin (``dialect.py``: 呢啲我唔念 is
这些我不念), so one lexicon entry catches every spelling. Each folded
character remembers the original ``[start, end)`` it came from, so findings point at what was said.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from script_gen.dialect import mandarin

_ZERO_WIDTH = set("\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad")
# Characters a host (or a filter-dodging writer) puts between the characters of one word.
_SEPARATORS = set(" \t\u3000\u00a0-–—_·•・*~|/\\.'`^+")
_FORMAL = str.maketrans("壹贰叁肆伍陆柒捌玖拾", "一二三四五六七八九十")
_LATIN_RUN = re.compile(r"[a-z]+")


def _joinable(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or ch.isdigit()


@dataclass(frozen=True)
class Folded:
    """Folded text; folded character ``i`` came from original ``[index[i][0], index[i][1])``."""

    text: str
    index: tuple[tuple[int, int], ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a folded ``[start, end)`` back to the original text."""
        return self.index[start][0], self.index[max(end, start + 1) - 1][1]


@lru_cache(maxsize=8192)
def _fold_char(ch: str) -> str:
    """One character width-folded, lower-cased, accents and formal numerals removed (ＴＯＰ->top, 壹->一)."""
    if ch in _ZERO_WIDTH:
        return ""
    nfkd = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", ch))
    return "".join(c for c in nfkd if not unicodedata.combining(c)).lower().translate(_FORMAL)


def _width(text: str) -> tuple[list[str], list[tuple[int, int]]]:
    chars: list[str] = []
    index: list[tuple[int, int]] = []
    for i, ch in enumerate(text):
        folded = _fold_char(ch)
        chars.extend(folded)
        index.extend([(i, i + 1)] * len(folded))
    return chars, index


def _drop_separators(chars: list[str], index: list[tuple[int, int]]) -> tuple[list[str], list[tuple[int, int]]]:
    """Separators between two CJK characters or digits go; elsewhere (English words) they stay."""
    out: list[str] = []
    out_index: list[tuple[int, int]] = []
    i = 0
    while i < len(chars):
        if chars[i] in _SEPARATORS and out and _joinable(out[-1]):
            j = i
            while j < len(chars) and chars[j] in _SEPARATORS:
                j += 1
            minus = chars[i] == "-" and j == i + 1 and j < len(chars) and chars[j].isdigit()  # 东北-30度 (零下三十度)
            if j < len(chars) and _joinable(chars[j]) and not (out[-1].isdigit() and chars[j].isdigit()) and not minus:
                i = j
                continue
        out.append(chars[i])
        out_index.append(index[i])
        i += 1
    return out, out_index


# b e s t, b-e-s-t, n o . 1, z u i: a word spelled out letter by letter (at least two letters in three or more pieces).
_SPELLED = re.compile(r"(?<![a-z0-9])[a-z0-9](?:[ \t\-.·_*]+[a-z0-9]){2,}(?![a-z0-9])")
_SPELLED_GAP = re.compile(r"[ \t\-.·_*]+")
_TOP = re.compile(r"(?<![a-z0-9])t0p")  # t0p: a zero for the O of top


def _join_spelled(chars: list[str], index: list[tuple[int, int]]) -> tuple[list[str], list[tuple[int, int]]]:
    """Letters spelled apart joined into their word (b e s t -> best, N 0 . 1 -> no1), and the gap after it closed when
    a Chinese character follows (z u i 好 -> zui好), so the word is read as the host meant it."""
    text = _TOP.sub("top", "".join(chars))
    drop: set[int] = set()
    zeros: set[int] = set()
    for m in _SPELLED.finditer(text):
        pieces = _SPELLED_GAP.split(m.group(0))
        if not pieces[0].isalpha() or not all(p.isalpha() or p == "0" for p in pieces[:-1]) or len(pieces) < 3:
            continue  # letters, a zero for O, and at most a closing digit (n o 1); not 2 x 3
        drop.update(m.start() + g.start() + k for g in _SPELLED_GAP.finditer(m.group(0)) for k in range(len(g.group(0))))
        zeros.update(n for n in range(m.start(), m.end()) if text[n] == "0" and n + 1 < m.end())
        gap = re.match(r"[ \t]+(?=[\u4e00-\u9fff])", text[m.end():])
        drop.update(range(m.end(), m.end() + (gap.end() if gap else 0)))
    kept = [("o" if n in zeros else ch, ix) for n, (ch, ix) in enumerate(zip(text, index)) if n not in drop]
    return [ch for ch, _ in kept], [ix for _, ix in kept]


def fold(text: str, pinyin: Mapping[str, str] | None = None, bigrams: frozenset[str] = frozenset()) -> Folded:
    """``text`` width-folded, lower-cased, de-obfuscated; ``pinyin`` maps a syllable to the characters it may stand
    for, and the first that forms one of ``bigrams`` with a neighbour (美bai -> 白) is taken, else the first.

    A syllable is replaced only when it is written straight against a Chinese character (``zui好``),
    so English words are never read as pinyin.
    """
    chars, index = _width(text)
    chars, index = _join_spelled(chars, index)
    chars, index = _drop_separators(chars, index)
    folded = "".join(chars)
    out: list[str] = []
    out_index: list[tuple[int, int]] = []
    pos = 0

    def emit(piece: str, spans: list[tuple[int, int]]) -> None:
        out.extend(piece)
        out_index.extend(spans)

    for m in _LATIN_RUN.finditer(folded) if pinyin else ():
        s, e = m.start(), m.end()
        before = folded[s - 1] if s else ""
        after = folded[e] if e < len(folded) else ""
        candidates = pinyin.get(m.group(0), "")
        char = next((c for c in candidates if before + c in bigrams or c + after in bigrams), candidates[:1])
        if char and ("\u4e00" <= before <= "\u9fff" or "\u4e00" <= after <= "\u9fff" or after.isdigit()):
            emit(folded[pos:s], index[pos:s])
            emit(char, [(index[s][0], index[e - 1][1])])
            pos = e
    emit(folded[pos:], index[pos:])
    text_out = "".join(out).replace("百分之百", "100%")
    text_out = re.sub(r"(?<=第)1(?!\d)", "一", text_out)
    text_out, out_index = mandarin(text_out, out_index)  # 呢啲我唔念: a Cantonese refusal reads as 这些我不念
    return Folded(text_out, tuple(out_index))
