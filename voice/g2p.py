"""Grapheme to phoneme: Mandarin pinyin with tone sandhi and product-term polyphones; English IPA.

Mandarin: jieba segments, pypinyin reads each word (its phrase dictionary resolves most
polyphones), a small override dictionary fixes sales vocabulary (行货 háng, 种草 zhòng ...), and
the sandhi rules run across word boundaries inside a clause: 不 before a 4th tone, 一 before
4th / non-4th tones, and 3-3 → 2-3. The result drives espeak-ng's pinyin voice directly (its own
Mandarin character reader is unreliable), so what we compute here is what gets spoken.
English: espeak-ng's rules and dictionary, returned as IPA per word.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

# Product and live-selling terms whose default reading is wrong or ambiguous (tone-number pinyin).
PRODUCT_TERMS: dict[str, str] = {
    "行货": "hang2 huo4", "种草": "zhong4 cao3", "包邮": "bao1 you2", "折扣": "zhe2 kou4",
    "打折": "da3 zhe2", "薄款": "bao2 kuan3", "轻薄": "qing1 bo2", "重量": "zhong4 liang4",
    "差价": "cha1 jia4", "补差价": "bu3 cha1 jia4", "差评": "cha4 ping2", "好评": "hao3 ping2",
    "卡券": "ka3 quan4", "调色": "tiao2 se4", "还原": "huan2 yuan2", "长效": "chang2 xiao4",
    "便宜": "pian2 yi5", "单价": "dan1 jia4", "称重": "cheng1 zhong4", "秒杀": "miao3 sha1",
    "应季": "ying4 ji4", "长款": "chang2 kuan3", "转发": "zhuan3 fa1", "着急": "zhao2 ji2",
    "尽快": "jin3 kuai4", "库存": "ku4 cun2", "数量": "shu4 liang4", "只有": "zhi3 you3",
}

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z][A-Za-z']*")
_PUNCT = re.compile(r"[,，、:：;；.。!！?？…—\"“”'‘’()（）《》]+")


@dataclass(frozen=True)
class Token:
    """A word as written and how to say it: pinyin syllables (zh), the word itself (en) or a pause."""

    text: str
    kind: str  # "zh", "en" or "pause"
    pinyin: tuple[str, ...] = ()


@functools.cache
def _setup(overrides: tuple[tuple[str, str], ...]) -> None:
    import jieba
    from pypinyin import load_phrases_dict

    jieba.setLogLevel(60)
    for word, reading in overrides:
        jieba.add_word(word, freq=200000)
        load_phrases_dict({word: [[s] for s in reading.split()]}, style="tone3")


def _tone(syllable: str) -> int:
    return int(syllable[-1]) if syllable and syllable[-1].isdigit() else 5


def _with_tone(syllable: str, tone: int) -> str:
    return (syllable[:-1] if syllable[-1:].isdigit() else syllable) + str(tone)


def apply_sandhi(words: list[list[str]], texts: list[str]) -> list[list[str]]:
    """Tone sandhi over one clause; ``words`` are per-word tone3 syllables, ``texts`` their characters."""
    flat = [s for w in words for s in w]
    chars = "".join(texts)
    word_of = [i for i, w in enumerate(words) for _ in w]
    if len(chars) != len(flat):  # a syllable without its character: leave the readings alone
        return words
    for i, syl in enumerate(flat):
        nxt = _tone(flat[i + 1]) if i + 1 < len(flat) else None
        if chars[i] == "不" and nxt == 4:
            flat[i] = _with_tone(syl, 2)
        elif chars[i] == "一" and nxt is not None:
            prev = chars[i - 1] if i else ""
            ordinal = (prev != "" and prev in "第初十") or chars[i + 1] in "一二三四五六七八九十百千万亿零点月号日"
            if not ordinal:
                flat[i] = _with_tone(syl, 2 if nxt == 4 else 4)
    tones = [_tone(s) for s in flat]
    for i in range(len(flat) - 1):  # 3-3 -> 2-3 on the original tones: every 3rd tone before a 3rd tone
        same_word = word_of[i] == word_of[i + 1]
        mono = len(words[word_of[i]]) == 1
        if tones[i] == 3 and tones[i + 1] == 3 and (same_word or mono):
            flat[i] = _with_tone(flat[i], 2)
    out, k = [], 0
    for w in words:
        out.append(flat[k : k + len(w)])
        k += len(w)
    return out


def mandarin_tokens(text: str, overrides: dict[str, str] | None = None) -> list[Token]:
    """Segment a normalised Mandarin sentence (English words allowed inside) into spoken tokens."""
    import jieba
    from pypinyin import Style, lazy_pinyin

    terms = dict(PRODUCT_TERMS)
    terms.update(overrides or {})
    _setup(tuple(sorted(terms.items())))
    tokens: list[Token] = []
    clause_words: list[list[str]] = []
    clause_texts: list[str] = []

    def flush() -> None:
        if clause_words:
            for word_text, syllables in zip(clause_texts, apply_sandhi(clause_words, clause_texts), strict=True):
                tokens.append(Token(word_text, "zh", tuple(syllables)))
            clause_words.clear()
            clause_texts.clear()

    for piece in jieba.cut(text):
        if not piece.strip():
            continue
        if _HAN.search(piece):
            if piece in terms:
                syllables = terms[piece].split()
            else:
                syllables = lazy_pinyin(piece, style=Style.TONE3, neutral_tone_with_five=True, errors="ignore")
            clause_words.append(list(syllables))
            clause_texts.append(piece)
        elif _LATIN.fullmatch(piece):
            flush()
            tokens.append(Token(piece, "en"))
        elif _PUNCT.fullmatch(piece):
            flush()
            tokens.append(Token(piece, "pause"))
    flush()
    return tokens


def english_tokens(text: str) -> list[Token]:
    """Split a normalised English sentence into words and pauses."""
    tokens: list[Token] = []
    for match in re.finditer(r"[A-Za-z][A-Za-z']*|[,;:.!?…—]+", text):
        piece = match.group()
        tokens.append(Token(piece, "en" if piece[0].isalpha() else "pause"))
    return tokens


def english_ipa(text: str, *, voice: str = "en-us") -> list[tuple[str, str]]:
    """(word, IPA) pairs from espeak-ng's English rules and dictionary."""
    from voice.espeak import engine

    words = [t.text for t in english_tokens(text) if t.kind == "en"]
    return [(w, engine().phonemes(w, voice=voice)) for w in words]
